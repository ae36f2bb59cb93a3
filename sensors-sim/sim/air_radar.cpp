#include "sim/air_radar.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include "sim/radar_geometry.hpp"

namespace picket::sim {

namespace {

// False plots of an air radar are placed at a height up to a typical cruise ceiling.
constexpr double kClutterMaxHeightM = 12'000.0;

}  // namespace

bool transponderReplies(const Platform& p, core::Duration elapsed) {
  if (!p.transponder_code) return false;
  for (const auto& [from, until] : p.transponder_off) {
    if (elapsed >= from && elapsed < until) return false;
  }
  return true;
}

AirSurveillanceRadarSource::AirSurveillanceRadarSource(const AirSurveillanceRadarConfig& config,
                                                       const Scenario& scenario,
                                                       TrafficIndex& index, core::Timestamp start,
                                                       core::Timestamp end, std::uint64_t seed)
    : config_(config),
      scenario_(&scenario),
      index_(&index),
      antenna_(config.site),
      ground_(config.site),
      start_(start),
      end_(end),
      rng_(Rng::forStream(seed, config.source_id)) {
  if (config_.scan_period.ns <= 0) {
    throw std::invalid_argument("air radar " + config_.source_id + ": scan period must be > 0");
  }
  if (!(config_.min_range_m >= 0.0) || !(config_.max_range_m > config_.min_range_m)) {
    throw std::invalid_argument("air radar " + config_.source_id +
                                ": need 0 <= min_range_m < max_range_m");
  }
}

std::optional<core::Timestamp> AirSurveillanceRadarSource::nextDelivery() const {
  const core::Timestamp t = start_ + core::Duration{next_scan_ * config_.scan_period.ns};
  if (t >= end_) return std::nullopt;
  return t;
}

SimMessage AirSurveillanceRadarSource::emit() {
  const core::Timestamp t = *nextDelivery();
  ++next_scan_;
  const core::Duration elapsed = t - start_;

  SimMessage out = makeEnvelope("feed/radar/", config_.source_id, ++sequence_, t);
  pb::RadarScan& scan = *out.message.mutable_radar_scan();
  setHeader(*scan.mutable_header(), out.source_id, out.sequence, t);
  pb::GeoPoint& site = *scan.mutable_platform()->mutable_fixed_site();
  site.set_lat_deg(config_.site.lat_deg);
  site.set_lon_deg(config_.site.lon_deg);
  site.set_alt_m(config_.site.alt_m);

  // Plots as plain values until sorted; the protobuf messages are built once, in order.
  struct Plot {
    PolarView view;
    std::optional<std::uint32_t> code;
    const std::string* origin;  // platform id, or null for clutter
  };
  std::vector<Plot> plots;
  auto addPlot = [&](const PolarView& view, std::optional<std::uint32_t> code,
                     const std::string* origin) { plots.push_back(Plot{view, code, origin}); };

  for (const TrafficIndex::Candidate* c :
       index_->candidates(t, config_.site, config_.max_range_m, TrafficLayer::Air)) {
    const Platform& platform = scenario_->platforms[c->platform];
    if (!platform.activeAt(elapsed)) continue;
    const PlatformState state = platform.stateAt(elapsed);
    if (!ground_.within(state.position, config_.min_range_m,
                        airRadarReachM(config_, state.position.alt_m))) {
      continue;
    }
    if (!rng_.bernoulli(config_.detection_probability)) continue;
    const PolarView measured =
        addPolarNoise(polarFrom(antenna_, state.position), config_.range_sigma_m,
                      config_.bearing_sigma_deg, rng_);
    std::optional<std::uint32_t> code;
    if (config_.secondary && transponderReplies(platform, elapsed))
      code = platform.transponder_code;
    addPlot(measured, code, &platform.id);
  }

  const std::uint32_t clutter_count = rng_.poisson(config_.clutter_mean_per_scan);
  for (std::uint32_t i = 0; i < clutter_count; ++i) {
    core::GeoPoint point =
        sampleAnnulusPoint(config_.site, config_.min_range_m, config_.max_range_m, rng_);
    point.alt_m = rng_.uniform(0.0, kClutterMaxHeightM);
    addPlot(polarFrom(antenna_, point), std::nullopt, nullptr);
  }

  std::stable_sort(plots.begin(), plots.end(), [](const Plot& a, const Plot& b) {
    if (a.view.bearing_deg != b.view.bearing_deg) return a.view.bearing_deg < b.view.bearing_deg;
    return a.view.range_m < b.view.range_m;
  });
  scan.mutable_plots()->Reserve(static_cast<int>(plots.size()));
  out.origins.reserve(plots.size());
  for (const Plot& p : plots) {
    pb::RadarPlot& plot = *scan.add_plots();
    setPolarPlot(plot, p.view.range_m, config_.range_sigma_m, p.view.bearing_deg,
                 config_.bearing_sigma_deg);
    plot.set_time_ns(0);  // the scan's header time
    if (p.code) plot.set_mode_a_code(*p.code);
    out.origins.push_back(p.origin != nullptr ? *p.origin : std::string());
  }
  return out;
}

}  // namespace picket::sim
