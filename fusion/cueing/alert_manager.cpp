#include "cueing/alert_manager.hpp"

#include <cmath>
#include <cstdio>
#include <set>
#include <utility>

#include "cueing/cue.hpp"
#include "cueing/prediction.hpp"
#include "geo/wgs84.hpp"

namespace picket::cueing {

const char* toString(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Low: return "low";
    case Severity::Medium: return "medium";
    case Severity::High: return "high";
    case Severity::Critical: return "critical";
  }
  return "?";
}

const char* toString(AlertState s) {
  switch (s) {
    case AlertState::Open: return "open";
    case AlertState::Updated: return "updated";
    case AlertState::Escalated: return "escalated";
    case AlertState::Closed: return "closed";
  }
  return "?";
}

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

AlertManager::AlertManager(CueingConfig config, PartnerTable partners, Geography geography)
    : config_(std::move(config)), partners_(std::move(partners)), geography_(std::move(geography)) {}

AlertEvent AlertManager::makeEvent(const tracking::Tracker& tracker, const core::Track& track,
                                   const Open& open, AlertState state, std::string reason) const {
  AlertEvent e;
  e.alert_id = open.id;
  e.rule = "dark_target";
  e.severity = config_.dark_target.severity;
  e.state = state;
  e.confidence = darkTargetConfidence(track);
  e.time = tracker.now();
  e.track = track;
  e.track_position = trackPosition(track);
  if (state != AlertState::Closed) {
    e.predicted =
        predictAhead(tracker, track, tracker.now(), config_.look_ahead, config_.prediction_noise);
  }
  completeCue(e, geography_, partners_);
  e.reason = std::move(reason);

  const core::Vec2 v = trackVelocityEn(track);
  std::string sensors;
  for (const auto& c : track.sensors) {
    if (!sensors.empty()) sensors += ",";
    sensors += tracker.sensors()[c.sensor].id;
  }
  e.evidence = {
      {"track_id", std::to_string(track.id)},
      {"noncooperative_updates", std::to_string(track.noncooperative_updates)},
      {"cooperative_updates", std::to_string(track.cooperative_updates)},
      {"sensors", sensors},
      {"track_age_s", fixed((tracker.now() - track.created).seconds(), 0)},
      {"speed_kn", fixed(v.norm() / geo::kKnotToMps, 1)},
      {"param.min_noncooperative_updates",
       std::to_string(config_.dark_target.min_noncooperative_updates)},
      {"param.min_track_age_s", fixed(config_.dark_target.min_track_age.seconds(), 0)},
  };
  return e;
}

std::vector<AlertEvent> AlertManager::onStep(const tracking::Tracker& tracker,
                                             const tracking::StepResult& step) {
  std::vector<AlertEvent> events;
  const core::Timestamp now = tracker.now();

  // Deleted tracks: a merge hands the alert to the surviving track when that track is itself
  // still dark (same alert ID, same target); otherwise the alert closes.
  for (const auto& d : step.deleted) {
    auto it = open_.find(d.track.id);
    if (it == open_.end()) continue;
    Open open = it->second;
    open_.erase(it);
    const core::Track* survivor =
        d.reason == tracking::DeletionReason::Merged ? tracker.find(d.merged_into) : nullptr;
    if (survivor != nullptr && isDarkTarget(*survivor, now, config_.dark_target) &&
        !open_.contains(survivor->id)) {
      open.last_event = now;
      open_.emplace(survivor->id, open);
      events.push_back(makeEvent(tracker, *survivor, open, AlertState::Updated,
                                 "Track " + std::to_string(d.track.id) + " merged into track " +
                                     std::to_string(survivor->id) + "; still no AIS."));
    } else {
      std::string why = d.reason == tracking::DeletionReason::Merged
                            ? "merged into track " + std::to_string(d.merged_into)
                            : std::string("track dropped (") + tracking::toString(d.reason) + ")";
      if (survivor != nullptr && survivor->identity.mmsi != 0) {
        why += ", identified as MMSI " + std::to_string(survivor->identity.mmsi);
      }
      events.push_back(
          makeEvent(tracker, d.track, open, AlertState::Closed, "Dark target closed: " + why + "."));
    }
  }

  std::set<core::TrackId> touched(step.updated.begin(), step.updated.end());
  touched.insert(step.status_changed.begin(), step.status_changed.end());
  for (const core::TrackId id : touched) {
    const core::Track* t = tracker.find(id);
    if (t == nullptr) continue;
    const bool dark = isDarkTarget(*t, now, config_.dark_target);
    auto it = open_.find(id);
    if (it == open_.end()) {
      if (!dark) continue;
      Open open{config_.alert_id_prefix + "-dark_target-" + std::to_string(id) + "-" +
                    std::to_string(now.ns / 1'000'000'000),
                now, now};
      open_.emplace(id, open);
      const core::Vec2 v = trackVelocityEn(*t);
      events.push_back(makeEvent(
          tracker, *t, open, AlertState::Open,
          "Surface track " + std::to_string(id) + " at " + fixed(v.norm() / geo::kKnotToMps, 1) +
              " kn seen " + std::to_string(t->noncooperative_updates) + " times by " +
              std::to_string(t->sensors.size()) + " sensor(s) with no AIS."));
      continue;
    }
    if (!dark && t->identity.mmsi != 0) {
      events.push_back(makeEvent(tracker, *t, it->second, AlertState::Closed,
                                 "Dark target closed: correlated with AIS MMSI " +
                                     std::to_string(t->identity.mmsi) + "."));
      open_.erase(it);
    } else if (now - it->second.last_event >= config_.update_interval) {
      it->second.last_event = now;
      events.push_back(makeEvent(tracker, *t, it->second, AlertState::Updated,
                                 "Dark target still held with no AIS; cue refreshed."));
    }
  }
  return events;
}

}  // namespace picket::cueing
