#include "core/types.hpp"

namespace picket::core {

const char* toString(Domain d) {
  switch (d) {
    case Domain::Surface: return "surface";
    case Domain::Air: return "air";
  }
  return "?";
}

const char* toString(TrackStatus s) {
  switch (s) {
    case TrackStatus::Tentative: return "tentative";
    case TrackStatus::Confirmed: return "confirmed";
    case TrackStatus::Coasting: return "coasting";
    case TrackStatus::Deleted: return "deleted";
  }
  return "?";
}

const char* toString(SensorKind k) {
  switch (k) {
    case SensorKind::CoastalRadar: return "coastal_radar";
    case SensorKind::ShipRadar: return "ship_radar";
    case SensorKind::AirborneRadar: return "airborne_radar";
    case SensorKind::AirborneEoIr: return "airborne_eo_ir";
    case SensorKind::Ais: return "ais";
  }
  return "?";
}

}  // namespace picket::core
