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

void LoiteringRule::onStep(const RuleContext& context, FindingSink& sink) {
  for (const auto& d : context.step.deleted) offshore_.erase(d.track.id);
  carryOverDeleted(states_, context);
  const core::Timestamp now = context.now;
  const Geography& geography = context.geography;
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
      holds = offshore_.get(t.id, t.x.head<3>(), [&] { return offshore(geography, v.position); });
    } else {
      offshore_.erase(t.id);
    }
    State* state = observeRun(states_, t.id, now, holds, speed_kn, config_.max_gap);
    if (state == nullptr || !holds || state->run.length() < config_.min_duration ||
        state->run.mean() > config_.max_speed_kn) {
      continue;
    }
    state->raised = true;
    const bool dark = isDark(t, now, config_.max_ais_silence);
    Finding f;
    f.tracks = {t.id};
    f.severity = dark ? config_.severity_dark : config_.severity;
    f.confidence = loiteringConfidence(state->run.mean(), sigma_kn, state->run.length(), config_);
    f.reason = std::string(dark ? "Dark" : "AIS") + " surface track " + std::to_string(t.id) +
               " has stayed under " + fixed(config_.max_speed_kn, 1) + " kn for " +
               fixed(state->run.length().seconds() / 3600.0, 1) + " h far from shore and ports.";
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
        {"mean_speed_kn", fixed(state->run.mean(), 2)},
        {"run_start", utcText(state->run.start())},
        {"run_duration_s", secondsText(state->run.length())},
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
    };
    sink.raise(std::move(f));
  }
}

}  // namespace picket::cueing
