#include "cueing/jurisdiction.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace picket::cueing {

const char* toString(ZoneType t) {
  switch (t) {
    case ZoneType::TerritorialSea: return "territorial_sea";
    case ZoneType::ContiguousZone: return "contiguous_zone";
    case ZoneType::Eez: return "eez";
    case ZoneType::HighSeas: return "high_seas";
  }
  return "?";
}

ZoneMap::ZoneMap(std::vector<Zone> zones) : zones_(std::move(zones)) {}

std::vector<const Zone*> ZoneMap::zonesAt(double lat_deg, double lon_deg) const {
  std::vector<const Zone*> out;
  if (!std::isfinite(lat_deg) || !std::isfinite(lon_deg)) return out;
  for (const Zone& z : zones_) {
    if (z.polygon.contains(lat_deg, lon_deg)) out.push_back(&z);
  }
  return out;
}

Jurisdiction ZoneMap::at(double lat_deg, double lon_deg) const {
  Jurisdiction j;
  const auto hits = zonesAt(lat_deg, lon_deg);
  for (const Zone* z : hits) j.type = std::min(j.type, z->type);
  for (const Zone* z : hits) {
    if (z->type != j.type) continue;
    j.states.insert(j.states.end(), z->sovereigns.begin(), z->sovereigns.end());
    j.joint_regime = j.joint_regime || z->joint_regime;
    j.overlapping_claim = j.overlapping_claim || z->overlapping_claim;
  }
  std::sort(j.states.begin(), j.states.end());
  j.states.erase(std::unique(j.states.begin(), j.states.end()), j.states.end());
  if (j.states.size() > 1 && !j.joint_regime) j.overlapping_claim = true;
  if (j.type == ZoneType::HighSeas) {
    j.description = "high seas";
  } else {
    std::string states;
    for (const auto& s : j.states) states += (states.empty() ? "" : ", ") + s;
    const char* kind = j.type == ZoneType::TerritorialSea   ? "territorial sea"
                       : j.type == ZoneType::ContiguousZone ? "contiguous zone"
                                                            : "EEZ";
    j.description = std::string(kind) +
                    (j.joint_regime        ? " (joint regime) of "
                     : j.overlapping_claim ? " claimed by "
                                           : " of ") +
                    states;
  }
  return j;
}

}  // namespace picket::cueing
