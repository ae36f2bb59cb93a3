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
  forEachDarkSurfaceTrack(context, states_, sink, config_.max_ais_silence, "Low-profile vessel",
                          [&](const TrackView& v) { evaluate(context, v, area, sink); });
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
  if (state == nullptr || !holds || state->run.length() < config_.min_duration) return;
  state->raised = true;
  Finding f;
  f.tracks = {t.id};
  f.severity = config_.severity;
  f.confidence = lowProfileVesselConfidence(state->run.length(), t.opportunities, config_);
  f.reason = "Dark surface track " + std::to_string(t.id) + " at " + fixed(speed_kn, 1) +
             " kn detected on " + fixed(100.0 * fraction, 0) + " % of " +
             std::to_string(t.opportunities) + " radar opportunities for " +
             fixed(state->run.length().seconds() / 60.0, 0) + " min: possible semi-submersible.";
  f.evidence = {
      {"track_id", std::to_string(t.id)},
      {"speed_kn", fixed(speed_kn, 1)},
      {"speed_sigma_kn", fixed(sigma_kn, 1)},
      {"detection_fraction", fixed(fraction, 2)},
      {"opportunities", std::to_string(t.opportunities)},
      {"mean_detection_fraction", fixed(state->run.mean(), 2)},
      {"run_start", utcText(state->run.start())},
      {"run_duration_s", secondsText(state->run.length())},
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
  };
  sink.raise(std::move(f));
}

}  // namespace picket::cueing
