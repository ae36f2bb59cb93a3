#include "cueing/dark_target_rule.hpp"

#include <algorithm>
#include <cmath>

#include "cueing/prediction.hpp"
#include "cueing/rule_support.hpp"
#include "geo/wgs84.hpp"

namespace picket::cueing {

bool isDarkTarget(const core::Track& track, core::Timestamp now, const DarkTargetConfig& config) {
  if (!config.enabled) return false;
  const bool confirmed =
      track.status == core::TrackStatus::Confirmed || track.status == core::TrackStatus::Coasting;
  return confirmed && track.domain == core::Domain::Surface && track.identity.mmsi == 0 &&
         track.cooperative_updates == 0 &&
         static_cast<int>(track.noncooperative_updates) >= config.min_noncooperative_updates &&
         (now - track.created) >= config.min_track_age;
}

double darkTargetConfidence(const core::Track& track) {
  // Each update is weak evidence (clutter can persist for a few scans); a second sensor is
  // strong evidence (independent clutter does not correlate across sensors).
  const double from_updates =
      1.0 - std::exp(-static_cast<double>(track.noncooperative_updates) / 8.0);
  const double sensor_factor = track.sensors.size() >= 2 ? 1.0 : 0.8;
  return std::min(0.99, from_updates * sensor_factor);
}

void DarkTargetRule::onStep(const RuleContext& context, FindingSink& sink) {
  // A merge hands the alert over to the survivor (the AlertManager rewrites its subject);
  // the survivor is judged at once, so that a merge into an identified track closes it.
  for (const auto& d : context.step.deleted) {
    if (raised_.erase(d.track.id) == 0) continue;
    if (d.reason != tracking::DeletionReason::Merged) continue;
    const core::Track* survivor = context.tracker.find(d.merged_into);
    if (survivor == nullptr) continue;
    raised_.insert(survivor->id);
    evaluate(context, *survivor, sink, "merged into track " + std::to_string(survivor->id) + ", ");
  }
  for (const TrackView& v : context.changed) evaluate(context, *v.track, sink, "");
}

void DarkTargetRule::evaluate(const RuleContext& context, const core::Track& t, FindingSink& sink,
                              const std::string& merge_note) {
  const core::Timestamp now = context.now;
  if (!isDarkTarget(t, now, config_)) {
    if (t.identity.mmsi != 0 && raised_.erase(t.id) != 0) {
      sink.clear({t.id}, "",
                 "Dark target closed: " + merge_note + "correlated with AIS MMSI " +
                     std::to_string(t.identity.mmsi) + ".");
    }
    return;
  }
  raised_.insert(t.id);
  const double speed_kn = trackVelocityEn(t).norm() / geo::kKnotToMps;
  Finding f;
  f.tracks = {t.id};
  f.severity = config_.severity;
  f.confidence = darkTargetConfidence(t);
  f.reason = "Surface track " + std::to_string(t.id) + " at " + fixed(speed_kn, 1) + " kn seen " +
             std::to_string(t.noncooperative_updates) + " times by " +
             std::to_string(t.sensors.size()) + " sensor(s) with no AIS.";
  f.evidence = {
      {"track_id", std::to_string(t.id)},
      {"noncooperative_updates", std::to_string(t.noncooperative_updates)},
      {"cooperative_updates", std::to_string(t.cooperative_updates)},
      {"sensors", sensorList(t, context.tracker)},
      {"track_age_s", secondsText(now - t.created)},
      {"speed_kn", fixed(speed_kn, 1)},
      {"param.min_noncooperative_updates", std::to_string(config_.min_noncooperative_updates)},
      {"param.min_track_age_s", secondsText(config_.min_track_age)},
  };
  sink.raise(std::move(f));
}

}  // namespace picket::cueing
