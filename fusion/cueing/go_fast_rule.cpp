#include "cueing/go_fast_rule.hpp"

#include <algorithm>
#include <cmath>

#include "geo/wgs84.hpp"

namespace picket::cueing {

double goFastConfidence(double mean_speed_kn, double speed_sigma_kn, core::Duration run,
                        std::size_t noncooperative_sensors, const GoFastConfig& config) {
  // How sure the boat is really above the threshold (the filtered speed as Gaussian with the
  // filter's sigma, floored at 0.5 kn for the filter's own optimism), how long it has kept it,
  // and whether a second sensor confirms the target exists.
  const double p_speed =
      normalCdf((mean_speed_kn - config.min_speed_kn) / std::max(speed_sigma_kn, 0.5));
  const double persistence =
      1.0 - std::exp(-run.seconds() / std::max(config.min_duration.seconds(), 1.0));
  const double sensors = noncooperative_sensors >= 2 ? 1.0 : 0.8;
  return std::min(0.99, p_speed * (0.5 + 0.5 * persistence) * sensors);
}

std::vector<std::string> GoFastRule::geographyNotes(const Geography& geography) const {
  return areaNotes(name(), geography, config_.area);
}

void GoFastRule::onStep(const RuleContext& context, FindingSink& sink) {
  const AreaFilter area(context.geography, config_.area);
  forEachDarkSurfaceTrack(context, states_, sink, config_.max_ais_silence, "Go-fast",
                          [&](const TrackView& v) { evaluate(context, v, area, sink); });
}

void GoFastRule::evaluate(const RuleContext& context, const TrackView& v, const AreaFilter& area,
                          FindingSink& sink) {
  const core::Track& t = *v.track;
  const core::Timestamp now = context.now;
  const double speed_kn = v.speed_mps / geo::kKnotToMps;
  // Most dark tracks are slow and have no run: nothing to do.
  if (speed_kn < config_.min_speed_kn && !states_.contains(t.id)) return;
  const double sigma_kn = v.speed_sigma_mps / geo::kKnotToMps;
  if (sigma_kn > config_.max_speed_sigma_kn) return;
  const bool holds = speed_kn >= config_.min_speed_kn && area.contains(v.position);
  State* state = observeRun(states_, t.id, now, holds, speed_kn, config_.max_gap);
  if (state == nullptr || !holds || state->run.length() < config_.min_duration ||
      state->run.mean() < config_.min_speed_kn) {
    return;
  }
  State& s = *state;
  s.raised = true;
  Finding f;
  f.tracks = {t.id};
  f.severity = config_.severity;
  f.confidence = goFastConfidence(s.run.mean(), sigma_kn, s.run.length(),
                                  noncooperativeSensors(t, context.tracker), config_);
  f.reason = "Dark surface track " + std::to_string(t.id) + " has run at " +
             fixed(s.run.mean(), 1) + " kn on average for " +
             fixed(s.run.length().seconds() / 60.0, 0) + " min (now " + fixed(speed_kn, 1) +
             " kn) with no AIS.";
  f.evidence = {
      {"track_id", std::to_string(t.id)},
      {"speed_kn", fixed(speed_kn, 1)},
      {"speed_sigma_kn", fixed(sigma_kn, 1)},
      {"mean_speed_kn", fixed(s.run.mean(), 1)},
      {"run_start", utcText(s.run.start())},
      {"run_duration_s", secondsText(s.run.length())},
      {"area", area.describe()},
      {"ais", aisEvidence(t, now)},
      {"sensors", sensorList(t, context.tracker)},
      {"param.min_speed_kn", fixed(config_.min_speed_kn, 1)},
      {"param.min_duration_s", secondsText(config_.min_duration)},
      {"param.max_gap_s", secondsText(config_.max_gap)},
      {"param.max_speed_sigma_kn", fixed(config_.max_speed_sigma_kn, 1)},
      {"param.max_ais_silence_s", secondsText(config_.max_ais_silence)},
      {"param.area", config_.area},
  };
  sink.raise(std::move(f));
}

}  // namespace picket::cueing
