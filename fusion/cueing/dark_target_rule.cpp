#include "cueing/dark_target_rule.hpp"

#include <algorithm>
#include <cmath>

namespace picket::cueing {

bool isDarkTarget(const core::Track& track, core::Timestamp now, const DarkTargetConfig& config) {
  if (!config.enabled) return false;
  const bool confirmed = track.status == core::TrackStatus::Confirmed ||
                         track.status == core::TrackStatus::Coasting;
  return confirmed && track.domain == core::Domain::Surface && track.identity.mmsi == 0 &&
         track.cooperative_updates == 0 &&
         static_cast<int>(track.noncooperative_updates) >= config.min_noncooperative_updates &&
         (now - track.created) >= config.min_track_age;
}

double darkTargetConfidence(const core::Track& track) {
  // Each update is weak evidence (clutter can persist for a few scans); a second sensor is
  // strong evidence (independent clutter does not correlate across sensors).
  const double from_updates = 1.0 - std::exp(-static_cast<double>(track.noncooperative_updates) / 8.0);
  const double sensor_factor = track.sensors.size() >= 2 ? 1.0 : 0.8;
  return std::min(0.99, from_updates * sensor_factor);
}

}  // namespace picket::cueing
