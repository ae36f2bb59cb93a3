#include "sim/coastal_radar.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "sim/radar_geometry.hpp"

namespace picket::sim {

CoastalRadarSource::CoastalRadarSource(const SurfaceRadarConfig& config, const Scenario& scenario,
                                       core::Timestamp start, core::Timestamp end,
                                       std::uint64_t seed)
    : config_(config),
      scenario_(&scenario),
      antenna_(config.site),
      start_(start),
      end_(end),
      rng_(Rng::forStream(seed, config.source_id)) {}

std::optional<core::Timestamp> CoastalRadarSource::nextTime() const {
  const core::Timestamp t = start_ + core::Duration{next_scan_ * config_.scan_period.ns};
  if (t >= end_) return std::nullopt;
  return t;
}

core::Timestamp CoastalRadarSource::plotTime(core::Timestamp scan_start, double bearing_deg) const {
  const double offset_ns = bearing_deg / 360.0 * static_cast<double>(config_.scan_period.ns);
  return scan_start + core::Duration{static_cast<std::int64_t>(std::llround(offset_ns))};
}

SimMessage CoastalRadarSource::emit() {
  const core::Timestamp scan_start = *nextTime();
  ++next_scan_;

  struct Plot {
    pb::RadarPlot plot;
    std::string origin;
  };
  std::vector<Plot> plots;
  auto addPlot = [&](const PolarView& view, core::Timestamp t, std::string origin) {
    Plot p;
    p.plot.set_range_m(view.range_m);
    p.plot.set_range_sigma_m(config_.range_sigma_m);
    p.plot.set_bearing_deg(view.bearing_deg);
    p.plot.set_bearing_sigma_deg(config_.bearing_sigma_deg);
    p.plot.set_time_ns(t.ns);
    p.origin = std::move(origin);
    plots.push_back(std::move(p));
  };

  const double antenna_height_m = config_.site.alt_m;
  for (const Platform& platform : scenario_->platforms) {
    if (isAircraft(platform.platform_class) || !platform.activeAt(scan_start - start_)) continue;
    // The beam reaches the target at the time its bearing comes round; the bearing depends on
    // where the target is then. Each fixed-point iteration shrinks the timing error by the
    // factor (bearing rate * period / 360 deg): about 0.01 for a 45 kn target at 2 km.
    core::Timestamp t = scan_start;
    for (int i = 0; i < 2; ++i) {
      const PolarView guess = polarFrom(antenna_, platform.stateAt(t - start_).position);
      t = plotTime(scan_start, guess.bearing_deg);
    }
    const PolarView truth = polarFrom(antenna_, platform.stateAt(t - start_).position);
    const double horizon_m = radarHorizonM(antenna_height_m, platform.radar_height_m);
    if (truth.range_m > std::min(horizon_m, config_.max_range_m) ||
        truth.range_m < config_.min_range_m) {
      continue;
    }
    if (!rng_.bernoulli(config_.detection.pd(platform.rcs_m2, truth.range_m))) continue;
    const PolarView measured =
        addPolarNoise(truth, config_.range_sigma_m, config_.bearing_sigma_deg, rng_);
    // Report the time the beam crossed the true bearing: the noise is in the measurement, not
    // in the timing.
    addPlot(measured, t, platform.id);
  }

  const std::uint32_t clutter_count = rng_.poisson(config_.clutter_mean_per_scan);
  const double clutter_max_m = std::min(config_.clutter_max_range_m, config_.max_range_m);
  for (std::uint32_t i = 0; i < clutter_count; ++i) {
    const auto point =
        sampleSeaPoint(config_.site, config_.min_range_m, clutter_max_m, *scenario_, rng_);
    if (!point) continue;
    const PolarView view = polarFrom(antenna_, *point);
    addPlot(view, plotTime(scan_start, view.bearing_deg), "");
  }

  // Plots leave the plot extractor in azimuth order; sorting also mixes false plots in among
  // the true ones instead of appending them.
  std::stable_sort(plots.begin(), plots.end(), [](const Plot& a, const Plot& b) {
    if (a.plot.time_ns() != b.plot.time_ns()) return a.plot.time_ns() < b.plot.time_ns();
    return a.plot.range_m() < b.plot.range_m();
  });

  SimMessage out;
  out.source_id = config_.source_id;
  out.sequence = ++sequence_;
  out.time = scan_start;
  out.topic = "feed/radar/" + config_.source_id;
  pb::RadarScan& scan = *out.message.mutable_radar_scan();
  setHeader(*scan.mutable_header(), out.source_id, out.sequence, scan_start);
  pb::GeoPoint& site = *scan.mutable_platform()->mutable_fixed_site();
  site.set_lat_deg(config_.site.lat_deg);
  site.set_lon_deg(config_.site.lon_deg);
  site.set_alt_m(config_.site.alt_m);
  for (Plot& p : plots) {
    *scan.add_plots() = std::move(p.plot);
    out.origins.push_back(std::move(p.origin));
  }
  return out;
}

}  // namespace picket::sim
