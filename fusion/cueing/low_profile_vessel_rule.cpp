#include "cueing/low_profile_vessel_rule.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "geo/wgs84.hpp"

namespace picket::cueing {

double detectionFraction(const core::Track& track) {
  const int n = std::min<int>(track.opportunities, 32);
  if (n <= 0) return 0.0;
  const std::uint32_t mask = n >= 32 ? ~0u : ((1u << n) - 1u);
  return static_cast<double>(std::popcount(track.hit_history & mask)) / n;
}

double lowProfileVesselConfidence(core::Duration run, int opportunities,
                                  const LowProfileVesselConfig& config) {
  const double min_s = std::max(config.min_duration.seconds(), 1.0);
  const double beyond = std::max(run.seconds() - min_s, 0.0);
  const double persistence = 1.0 - std::exp(-beyond / min_s);
  const double statistics = std::clamp(static_cast<double>(opportunities) / 32.0, 0.0, 1.0);
  return 0.5 + 0.4 * persistence * statistics;
}

std::vector<std::string> LowProfileVesselRule::geographyNotes(const Geography& geography) const {
  return areaNotes(name(), geography, config_.area);
}

void LowProfileVesselRule::onStep(const RuleContext& context, FindingSink& sink) {
  const AreaFilter area(context.geography, config_.area);
  for (const auto& d : context.step.deleted) offshore_.erase(d.track.id);
  rememberEndedRuns(context);
  forEachDarkSurfaceTrack(context, states_, sink, config_.max_ais_silence, "Low-profile vessel",
                          [&](const TrackView& v) { evaluate(context, v, area, sink); });
}

void LowProfileVesselRule::rememberEndedRuns(const RuleContext& context) {
  if (config_.link_max_gap <= core::Duration{0}) return;
  std::erase_if(ended_, [&](const EndedRun& e) {
    return context.now - e.last_held > config_.link_max_gap;
  });
  for (const auto& d : context.step.deleted) {
    if (d.reason == tracking::DeletionReason::Merged) continue;
    const auto it = states_.find(d.track.id);
    if (it == states_.end() || it->second.run.observations() == 0) continue;
    const State& s = it->second;
    EndedRun e;
    e.track = d.track.id;
    e.last_held = s.run.lastHeld();
    e.start = s.linked_start.value_or(s.run.start());
    e.state_time = d.track.time;
    e.x = d.track.x;
    ended_.push_back(e);
  }
}

void LowProfileVesselRule::linkToEndedRun(State& state, const core::Track& t,
                                          core::Timestamp now) {
  const core::Vec3 here = t.x.head<3>();
  auto best = ended_.end();
  double best_miss = 0.0;
  for (auto e = ended_.begin(); e != ended_.end(); ++e) {
    if (e->track == t.id || now < e->last_held || now - e->last_held > config_.link_max_gap) {
      continue;
    }
    // Dead reckoning in ECEF over an hour at 10 kn: the straight chord departs from the
    // surface by under 10 m, far inside the gate.
    const double dt = (now - e->state_time).seconds();
    const core::Vec3 there = e->x.head<3>() + e->x.tail<3>() * dt;
    const double sailed = e->x.tail<3>().norm() * std::abs(dt);
    const double miss = (there - here).norm();
    if (miss > config_.link_gate_m + config_.link_drift_fraction * sailed) continue;
    if (best == ended_.end() || miss < best_miss) {
      best = e;
      best_miss = miss;
    }
  }
  if (best == ended_.end()) return;
  state.linked_start = best->start;
  state.linked_from = best->track;
  ended_.erase(best);
}

void LowProfileVesselRule::evaluate(const RuleContext& context, const TrackView& v,
                                    const AreaFilter& area, FindingSink& sink) {
  const core::Track& t = *v.track;
  const core::Timestamp now = context.now;
  if (t.opportunities < config_.min_opportunities) return;
  const double speed_kn = v.speed_mps / geo::kKnotToMps;
  const bool in_band = speed_kn >= config_.min_speed_kn && speed_kn <= config_.max_speed_kn;
  if (!in_band && !states_.contains(t.id)) return;
  const double sigma_kn = v.speed_sigma_mps / geo::kKnotToMps;
  if (sigma_kn > config_.max_speed_sigma_kn) return;
  const double fraction = detectionFraction(t);
  const double shore_m = config_.min_shore_distance_nm * kMetresPerNm;
  const geo::LandMask* land = context.geography.land.get();
  const bool holds =
      in_band && fraction >= config_.min_detection_fraction &&
      fraction <= config_.max_detection_fraction && area.contains(v.position) &&
      (land == nullptr || shore_m <= 0.0 || offshore_.get(t.id, t.x.head<3>(), [&] {
         return !land->nearLand(v.position.lat_deg, v.position.lon_deg, shore_m);
       }));
  State* state = observeRun(states_, t.id, now, holds, fraction, config_.max_gap);
  if (state != nullptr && holds && state->run.observations() == 1 && !ended_.empty()) {
    linkToEndedRun(*state, t, now);
  }
  if (state == nullptr || !holds || state->length() < config_.min_duration) return;
  state->raised = true;
  Finding f;
  f.tracks = {t.id};
  f.severity = config_.severity;
  f.confidence = lowProfileVesselConfidence(state->length(), t.opportunities, config_);
  f.reason = "Dark surface track " + std::to_string(t.id) + " at " + fixed(speed_kn, 1) +
             " kn detected on " + fixed(100.0 * fraction, 0) + " % of " +
             std::to_string(t.opportunities) + " radar opportunities for " +
             fixed(state->length().seconds() / 60.0, 0) + " min" +
             (state->linked_from != 0
                  ? " (continuing track " + std::to_string(state->linked_from) + "'s pass)"
                  : "") +
             ": possible semi-submersible.";
  f.evidence = {
      {"track_id", std::to_string(t.id)},
      {"speed_kn", fixed(speed_kn, 1)},
      {"speed_sigma_kn", fixed(sigma_kn, 1)},
      {"detection_fraction", fixed(fraction, 2)},
      {"opportunities", std::to_string(t.opportunities)},
      {"mean_detection_fraction", fixed(state->run.mean(), 2)},
      {"run_start", utcText(state->linked_start.value_or(state->run.start()))},
      {"run_duration_s", secondsText(state->length())},
      {"continues_track", state->linked_from != 0 ? std::to_string(state->linked_from) : "none"},
      {"area", area.describe()},
      {"ais", aisEvidence(t, now)},
      {"sensors", sensorList(t, context.tracker)},
      {"param.min_speed_kn", fixed(config_.min_speed_kn, 1)},
      {"param.max_speed_kn", fixed(config_.max_speed_kn, 1)},
      {"param.min_detection_fraction", fixed(config_.min_detection_fraction, 2)},
      {"param.max_detection_fraction", fixed(config_.max_detection_fraction, 2)},
      {"param.min_opportunities", std::to_string(config_.min_opportunities)},
      {"param.min_duration_s", secondsText(config_.min_duration)},
      {"param.max_gap_s", secondsText(config_.max_gap)},
      {"param.area", config_.area},
      {"param.min_shore_distance_nm", fixed(config_.min_shore_distance_nm, 1)},
      {"param.link_max_gap_s", secondsText(config_.link_max_gap)},
      {"param.link_gate_m", fixed(config_.link_gate_m, 0)},
  };
  sink.raise(std::move(f));
}

}  // namespace picket::cueing
