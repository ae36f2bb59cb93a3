#include "cueing/loitering_rule.hpp"

#include <algorithm>
#include <cmath>

#include "geo/wgs84.hpp"

namespace picket::cueing {

double loiteringConfidence(double mean_speed_kn, double speed_sigma_kn, core::Duration run,
                           const LoiteringConfig& config) {
  const double p_slow =
      normalCdf((config.max_speed_kn - mean_speed_kn) / std::max(speed_sigma_kn, 0.2));
  const double min_s = std::max(config.min_duration.seconds(), 1.0);
  const double persistence = 1.0 - std::exp(-std::max(run.seconds() - min_s, 0.0) / min_s);
  return std::min(0.95, p_slow * (0.6 + 0.4 * persistence));
}

std::vector<std::string> LoiteringRule::geographyNotes(const Geography& geography) const {
  std::vector<std::string> notes;
  if (!geography.land) {
    notes.emplace_back("loitering: no land mask; the distance from shore is not tested");
  }
  if (!geography.ports || geography.ports->empty()) {
    notes.emplace_back("loitering: no ports; the distance from ports is not tested");
  }
  return notes;
}

bool LoiteringRule::offshore(const Geography& geography, const core::GeoPoint& p) const {
  const double shore_m = config_.min_shore_distance_nm * kMetresPerNm;
  if (geography.land && geography.land->distanceToCoastM(p.lat_deg, p.lon_deg, shore_m) < shore_m) {
    return false;
  }
  return !portWithin(geography, p, config_.min_port_distance_nm * kMetresPerNm);
}

LoiteringRule::Stop& LoiteringRule::sighted(const RuleContext& context, const core::Track& track,
                                            core::Timestamp seen_since) {
  const core::Timestamp now = context.now;
  const core::Vec3 p = track.x.head<3>();
  const auto seen = [&](std::uint64_t id, Stop& stop) -> Stop& {
    stop.last = now;
    stop.last_ecef = p;
    stop.track = track.id;
    stop_of_[track.id] = id;
    return stop;
  };
  if (const auto it = stop_of_.find(track.id); it != stop_of_.end()) {
    if (const auto sit = stops_.find(it->second); sit != stops_.end()) {
      return seen(sit->first, sit->second);
    }
  }
  // The nearest stop that another track, no longer updated, saw last, within the gate of
  // where it was first seen: a vessel waiting for a meeting holds station, a trawler between
  // drifts moves on. A stop whose track is still updated is another vessel.
  std::uint64_t best = 0;
  double best_m = 0.0;
  for (auto& [id, stop] : stops_) {
    const core::Duration since = now - stop.last;
    if (since > config_.max_sighting_gap || stop.track == track.id) continue;
    const core::Track* other = context.tracker.find(stop.track);
    if (other != nullptr && now - other->last_update <= config_.max_gap) continue;
    const double d = (p - stop.first_ecef).norm();
    if (d <= config_.sighting_gate_m && (best == 0 || d < best_m)) {
      best = id;
      best_m = d;
    }
  }
  if (best != 0) {
    Stop& stop = stops_.at(best);
    ++stop.tracks;
    return seen(best, stop);
  }
  const std::uint64_t id = next_stop_++;
  Stop& stop = stops_[id];
  stop.first = seen_since;
  stop.first_ecef = p;
  return seen(id, stop);
}

void LoiteringRule::onStep(const RuleContext& context, FindingSink& sink) {
  for (const auto& d : context.step.deleted) {
    offshore_.erase(d.track.id);
    stop_of_.erase(d.track.id);
  }
  carryOverDeleted(states_, context);
  const core::Timestamp now = context.now;
  const bool chain = config_.max_sighting_gap > core::Duration{};
  if (chain && now >= next_prune_) {
    next_prune_ = now + core::Duration::fromSeconds(60);
    std::erase_if(stops_, [&](const auto& kv) {
      return now - kv.second.last > std::max(config_.max_sighting_gap, config_.max_gap);
    });
    std::erase_if(stop_of_, [&](const auto& kv) { return !stops_.contains(kv.second); });
  }
  for (const TrackView& v : context.changed) {
    const core::Track& t = *v.track;
    if (t.domain != core::Domain::Surface || t.status != core::TrackStatus::Confirmed) continue;
    const double speed_kn = v.speed_mps / geo::kKnotToMps;
    bool holds = speed_kn <= config_.max_speed_kn;
    // Most tracks are under way and have no run: nothing to do (and no covariance to rotate).
    if (!holds && !states_.contains(t.id)) continue;
    const double sigma_kn = v.speed_sigma_mps / geo::kKnotToMps;
    if (sigma_kn > config_.max_speed_sigma_kn) continue;
    if (holds) {
      holds = offshore_.get(t.id, t.x.head<3>(),
                            [&] { return offshore(context.geography, v.position); });
    } else {
      offshore_.erase(t.id);
    }
    State* state = observeRun(states_, t.id, now, holds, speed_kn, config_.max_gap);
    if (!holds || state == nullptr) continue;
    if (state->run.observations() == 1) state->start_ecef = t.x.head<3>();
    // A sighting of a stop: the track's run long enough, and slow by its displacement.
    const Stop* stop = nullptr;
    if (chain && state->run.length() >= config_.min_sighting &&
        state->run.length() > core::Duration{} &&
        (t.x.head<3>() - state->start_ecef).norm() / state->run.length().seconds() <=
            config_.max_speed_kn * geo::kKnotToMps) {
      stop = &sighted(context, t, state->run.start());
    }
    if (state->run.length() >= config_.min_duration &&
        state->run.mean() <= config_.max_speed_kn) {
      state->raised = true;
      raise(context, v, state->run.length(), state->run.mean(), stop, sink);
      continue;
    }
    // Seen on and off by several tracks: the stop's duration and its mean speed from the
    // displacement between its first and latest sightings.
    if (stop == nullptr || stop->tracks < 2) continue;
    const core::Duration stopped = stop->last - stop->first;
    if (stopped < config_.min_duration) continue;
    const double mean_kn =
        (stop->last_ecef - stop->first_ecef).norm() / stopped.seconds() / geo::kKnotToMps;
    if (mean_kn > config_.max_speed_kn) continue;
    state->raised = true;
    raise(context, v, stopped, mean_kn, stop, sink);
  }
}

void LoiteringRule::raise(const RuleContext& context, const TrackView& v,
                          core::Duration duration, double mean_speed_kn, const Stop* stop,
                          FindingSink& sink) const {
  const core::Track& t = *v.track;
  const core::Timestamp now = context.now;
  const Geography& geography = context.geography;
  const double speed_kn = v.speed_mps / geo::kKnotToMps;
  const double sigma_kn = v.speed_sigma_mps / geo::kKnotToMps;
  const bool dark = isDark(t, now, config_.max_ais_silence);
  const std::uint32_t tracks = stop != nullptr ? stop->tracks : 1;
  Finding f;
  f.tracks = {t.id};
  f.severity = dark ? config_.severity_dark : config_.severity;
  f.confidence = loiteringConfidence(mean_speed_kn, sigma_kn, duration, config_);
  f.reason = std::string(dark ? "Dark" : "AIS") + " surface track " + std::to_string(t.id) +
             " has stayed under " + fixed(config_.max_speed_kn, 1) + " kn for " +
             fixed(duration.seconds() / 3600.0, 1) + " h far from shore and ports" +
             (tracks > 1 ? " (seen on and off by " + std::to_string(tracks) + " tracks)." : ".");
  // Distances for the analyst, searched up to ten times the thresholds.
  const double shore_m = geography.land ? geography.land->distanceToCoastM(
                                              v.position.lat_deg, v.position.lon_deg,
                                              10.0 * config_.min_shore_distance_nm * kMetresPerNm)
                                        : NAN;
  std::string port_name;
  const auto port_m = portWithin(geography, v.position,
                                 10.0 * config_.min_port_distance_nm * kMetresPerNm, &port_name);
  f.evidence = {
      {"track_id", std::to_string(t.id)},
      {"speed_kn", fixed(speed_kn, 1)},
      {"speed_sigma_kn", fixed(sigma_kn, 1)},
      {"mean_speed_kn", fixed(mean_speed_kn, 2)},
      {"run_start", utcText(now - duration)},
      {"run_duration_s", secondsText(duration)},
      {"sighting_tracks", std::to_string(tracks)},
      {"shore_distance_nm", std::isnan(shore_m) ? "unknown" : fixed(shore_m / kMetresPerNm, 1)},
      {"nearest_port",
       port_m ? port_name + " at " + fixed(*port_m / kMetresPerNm, 1) + " nm"
              : "none within " + fixed(10.0 * config_.min_port_distance_nm, 0) + " nm"},
      {"ais", aisEvidence(t, now)},
      {"param.max_speed_kn", fixed(config_.max_speed_kn, 1)},
      {"param.min_duration_s", secondsText(config_.min_duration)},
      {"param.min_shore_distance_nm", fixed(config_.min_shore_distance_nm, 1)},
      {"param.min_port_distance_nm", fixed(config_.min_port_distance_nm, 1)},
      {"param.max_gap_s", secondsText(config_.max_gap)},
      {"param.max_sighting_gap_s", secondsText(config_.max_sighting_gap)},
  };
  sink.raise(std::move(f));
}

}  // namespace picket::cueing
