#include "cueing/pair_rule.hpp"

#include <algorithm>
#include <cmath>

#include "cueing/prediction.hpp"
#include "geo/wgs84.hpp"

namespace picket::cueing {

double pairConfidence(core::Duration run, double mean_distance_m, const PairThresholds& t) {
  const double min_s = std::max(t.min_duration.seconds(), 1.0);
  const double persistence = 1.0 - std::exp(-2.0 * run.seconds() / min_s);
  const double closeness = 1.0 - 0.5 * std::clamp(mean_distance_m / t.max_distance_m, 0.0, 1.0);
  return std::min(0.95, persistence * closeness);
}

std::optional<core::Timestamp> twoVesselEvidence(const core::Track& a, const core::Track& b,
                                                 const std::vector<tracking::SensorInfo>& sensors,
                                                 core::Timestamp now, const PairThresholds& t) {
  if (a.identity.mmsi != 0 && a.identity.mmsi == b.identity.mmsi) return std::nullopt;
  std::optional<core::Timestamp> latest;
  const auto note = [&](core::Timestamp when) {
    if (!latest || when > *latest) latest = when;
  };
  // Two transponders: each track's own MMSI heard lately (a held satellite-AIS track, silent
  // between passes, is not heard; its position is dead reckoning).
  if (a.identity.mmsi != 0 && b.identity.mmsi != 0 && !isDark(a, now, t.max_ais_silence) &&
      !isDark(b, now, t.max_ais_silence)) {
    note(std::min(*a.last_cooperative_update, *b.last_cooperative_update));
  }
  // Two returns in one scan of one non-cooperative sensor (both lists are sorted by sensor).
  auto ia = a.sensors.begin();
  auto ib = b.sensors.begin();
  while (ia != a.sensors.end() && ib != b.sensors.end()) {
    if (ia->sensor < ib->sensor) {
      ++ia;
    } else if (ib->sensor < ia->sensor) {
      ++ib;
    } else {
      const bool radar =
          ia->sensor < sensors.size() && !core::isCooperative(sensors[ia->sensor].kind);
      const core::Duration apart = ia->last_update > ib->last_update
                                       ? ia->last_update - ib->last_update
                                       : ib->last_update - ia->last_update;
      if (radar && apart <= t.co_detection_window) {
        note(std::max(ia->last_update, ib->last_update));
      }
      ++ia;
      ++ib;
    }
  }
  return latest;
}

PairRule::PairRule(const PairThresholds& thresholds)
    : t_(thresholds), pairs_(thresholds.max_distance_m, thresholds.max_gap) {}

std::vector<std::string> PairRule::geographyNotes(const Geography& geography) const {
  std::vector<std::string> notes;
  if (t_.min_port_distance_m > 0 && (!geography.ports || geography.ports->empty())) {
    notes.push_back(std::string(name()) + ": no ports; the distance from ports is not tested");
  }
  if (t_.min_shore_distance_m > 0 && !geography.land) {
    notes.push_back(std::string(name()) + ": no land mask; the distance from shore is not tested");
  }
  return notes;
}

bool PairRule::awayFromPortAndShore(const Geography& geography, const core::GeoPoint& p) const {
  if (t_.min_shore_distance_m > 0 && geography.land &&
      geography.land->distanceToCoastM(p.lat_deg, p.lon_deg, t_.min_shore_distance_m) <
          t_.min_shore_distance_m) {
    return false;
  }
  return t_.min_port_distance_m <= 0 || !portWithin(geography, p, t_.min_port_distance_m);
}

void PairRule::onStep(const RuleContext& context, FindingSink& sink) {
  const core::Timestamp now = context.now;
  pairs_.onDeleted(context.step);
  for (const auto& d : context.step.deleted) away_.erase(d.track.id);
  for (const TrackView& v : context.changed) {
    const core::Track& t = *v.track;
    if (t.domain != core::Domain::Surface) continue;
    // A coasting track keeps its last candidate entry until it is updated again or deleted.
    if (t.status != core::TrackStatus::Confirmed) continue;
    // Under way: not a candidate, whatever the speed's uncertainty (the cheap test first).
    bool candidate = v.speed_mps / geo::kKnotToMps <= t_.max_speed_kn;
    if (candidate && v.speed_sigma_mps / geo::kKnotToMps > t_.max_speed_sigma_kn) continue;
    if (candidate) {
      candidate = away_.get(t.id, t.x.head<3>(),
                            [&] { return awayFromPortAndShore(context.geography, v.position); });
    } else {
      away_.erase(t.id);
    }
    pairs_.update(t.id, t.x, t.time, candidate);
  }

  for (const auto& [key, pair] : pairs_.observe(now)) {
    const core::Track* ta = context.tracker.find(key.first);
    const core::Track* tb = context.tracker.find(key.second);
    if (ta == nullptr || tb == nullptr) continue;
    // Counted on every observation together, so that the evidence is there when the pair has
    // lasted long enough.
    if (const auto seen = twoVesselEvidence(*ta, *tb, context.tracker.sensors(), now, t_);
        seen && *seen > pair->last_two_vessel && *seen >= pair->run.start()) {
      pair->last_two_vessel = *seen;
      ++pair->two_vessel_observations;
    }
    if (pair->run.length() < t_.min_duration) continue;
    if (pair->two_vessel_observations < t_.min_two_vessel_observations) continue;
    PairSide a{ta, isDark(*ta, now, t_.max_ais_silence)};
    PairSide b{tb, isDark(*tb, now, t_.max_ais_silence)};
    const std::optional<Severity> severity = judge(a, b, pair->run.length(), context);
    if (!severity) continue;
    // The cue is about the dark one when only one is dark (the suspect meeting a supplier or
    // a mother ship), else about the lower ID.
    if (b.dark && !a.dark) std::swap(a, b);
    const auto side = [&](const PairSide& s) {
      return (s.dark ? "dark track " : "AIS track ") + std::to_string(s.track->id);
    };
    const auto speed_kn = [](const core::Track& t) {
      return fixed(trackVelocityEn(t).norm() / geo::kKnotToMps, 1);
    };
    Finding f;
    f.tracks = {a.track->id, b.track->id};
    f.severity = *severity;
    f.confidence = pairConfidence(pair->run.length(), pair->run.mean(), t_);
    f.reason = what() + ": " + side(a) + " and " + side(b) + " within " +
               fixed(t_.max_distance_m, 0) + " m of each other for " +
               fixed(pair->run.length().seconds() / 60.0, 0) + " min (now " +
               fixed(pair->distance_m, 0) + " m apart).";
    f.evidence = {
        {"track_id", std::to_string(a.track->id)},
        {"other_track_id", std::to_string(b.track->id)},
        {"distance_m", fixed(pair->distance_m, 0)},
        {"min_distance_m", fixed(pair->min_distance_m, 0)},
        {"mean_distance_m", fixed(pair->run.mean(), 0)},
        {"together_since", utcText(pair->run.start())},
        {"duration_s", secondsText(pair->run.length())},
        {"speed_kn", speed_kn(*a.track)},
        {"other_speed_kn", speed_kn(*b.track)},
        {"two_vessel_observations", std::to_string(pair->two_vessel_observations)},
        {"ais", aisEvidence(*a.track, now)},
        {"other_ais", aisEvidence(*b.track, now)},
        {"param.max_distance_m", fixed(t_.max_distance_m, 0)},
        {"param.min_duration_s", secondsText(t_.min_duration)},
        {"param.max_speed_kn", fixed(t_.max_speed_kn, 1)},
        {"param.min_port_distance_m", fixed(t_.min_port_distance_m, 0)},
        {"param.min_shore_distance_m", fixed(t_.min_shore_distance_m, 0)},
        {"param.max_gap_s", secondsText(t_.max_gap)},
        {"param.min_two_vessel_observations", std::to_string(t_.min_two_vessel_observations)},
    };
    for (auto& p : extraParams()) f.evidence.push_back(std::move(p));
    sink.raise(std::move(f));
  }
}

}  // namespace picket::cueing
