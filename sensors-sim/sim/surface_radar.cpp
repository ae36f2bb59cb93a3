#include "sim/surface_radar.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

#include "sim/radar_geometry.hpp"

namespace picket::sim {

namespace {

// Slack added to the candidate search radius: the slant range can be shorter than the ground
// distance by up to the antenna height (triangle inequality), and the arc exceeds the chord by
// d^3 / (24 R^2) (1 m at 100 km).
constexpr double kSearchSlackM = 1000.0;

}  // namespace

SurfaceRadarSource::SurfaceRadarSource(const SurfaceRadarConfig& config, const Scenario& scenario,
                                       TrafficIndex& index, core::Timestamp start,
                                       core::Timestamp end, std::uint64_t seed)
    : config_(config),
      scenario_(&scenario),
      index_(&index),
      site_frame_(config.site),
      antenna_height_m_(config.site.alt_m),
      start_(start),
      end_(end),
      rng_(Rng::forStream(seed, config.source_id)) {
  if (config_.scan_period.ns <= 0) {
    throw std::invalid_argument("surface radar " + config_.source_id + ": scan period must be > 0");
  }
  if (config_.carrier_platform_id) {
    carrier_ = scenario.findPlatform(*config_.carrier_platform_id);
    if (carrier_ == nullptr) {
      throw std::invalid_argument("surface radar " + config_.source_id + ": no platform '" +
                                  *config_.carrier_platform_id + "' in the scenario");
    }
    carrier_index_ = static_cast<std::size_t>(carrier_ - scenario.platforms.data());
    antenna_height_m_ = config_.antenna_height_m;
  }
  // The farthest any surface target can be seen: the horizon of the tallest one, or the
  // instrumented range. Candidates come from the index around the antenna at the scan start;
  // during the scan the target and the antenna each move at most (fastest speed x period).
  double tallest_m = 0.0;
  for (const Platform& p : scenario.platforms) {
    if (!isAircraft(p.platform_class)) tallest_m = std::max(tallest_m, p.radar_height_m);
  }
  query_radius_m_ = std::min(config_.max_range_m, radarHorizonM(antenna_height_m_, tallest_m)) +
                    antenna_height_m_ + kSearchSlackM +
                    2.0 * index.maxSpeedMps() * config_.scan_period.seconds();
  skipIdleScans();
}

core::Timestamp SurfaceRadarSource::scanTime(std::int64_t k) const {
  return start_ + core::Duration{k * config_.scan_period.ns};
}

void SurfaceRadarSource::skipIdleScans() {
  if (carrier_ == nullptr) return;
  while (scanTime(next_scan_) < end_ && !carrier_->activeAt(scanTime(next_scan_) - start_)) {
    ++next_scan_;
  }
}

std::optional<core::Timestamp> SurfaceRadarSource::nextDelivery() const {
  const core::Timestamp t = scanTime(next_scan_);
  if (t >= end_) return std::nullopt;
  return t;
}

core::Timestamp SurfaceRadarSource::plotTime(core::Timestamp scan_start, double bearing_deg) const {
  const double offset_ns = bearing_deg / 360.0 * static_cast<double>(config_.scan_period.ns);
  return scan_start + core::Duration{static_cast<std::int64_t>(std::llround(offset_ns))};
}

SurfaceRadarSource::Antenna SurfaceRadarSource::antennaAt(core::Timestamp t) const {
  if (carrier_ == nullptr) return {site_frame_, config_.site};
  core::GeoPoint p = carrier_->stateAt(t - start_).position;
  p.alt_m += config_.antenna_height_m;
  return {geo::LocalFrame(p), p};
}

SimMessage SurfaceRadarSource::emit() {
  const core::Timestamp scan_start = scanTime(next_scan_);
  ++next_scan_;

  SimMessage out = makeEnvelope("feed/radar/", config_.source_id, ++sequence_, scan_start);
  pb::RadarScan& scan = *out.message.mutable_radar_scan();
  setHeader(*scan.mutable_header(), out.source_id, out.sequence, scan_start);

  // Where the radar is: the site, or the ship at the scan start with its navigation solution
  // (white error drawn each scan, as for the aircraft in airborne_radar.cpp).
  core::GeoPoint centre = config_.site;
  if (carrier_ != nullptr) {
    const PlatformState own = carrier_->stateAt(scan_start - start_);
    centre = own.position;
    const double de_m = rng_.normal(0.0, config_.nav_position_sigma_m);
    const double dn_m = rng_.normal(0.0, config_.nav_position_sigma_m);
    core::GeoPoint nav = geo::geodesicDirect(own.position, std::atan2(de_m, dn_m) * geo::kRadToDeg,
                                             std::hypot(de_m, dn_m));
    // A ship's antenna stays at its mast height above the sea: no vertical error.
    nav.alt_m = own.position.alt_m + config_.antenna_height_m;
    pb::NavigationSolution& n = *scan.mutable_platform()->mutable_moving();
    n.mutable_position()->set_lat_deg(nav.lat_deg);
    n.mutable_position()->set_lon_deg(nav.lon_deg);
    n.mutable_position()->set_alt_m(nav.alt_m);
    n.set_vel_east_mps(rng_.normal(own.vel_east_mps, config_.nav_velocity_sigma_mps));
    n.set_vel_north_mps(rng_.normal(own.vel_north_mps, config_.nav_velocity_sigma_mps));
    n.set_vel_up_mps(0.0);
    n.set_position_sigma_m(config_.nav_position_sigma_m);
    n.set_altitude_sigma_m(0.0);
    n.set_velocity_sigma_mps(config_.nav_velocity_sigma_mps);
    n.set_heading_deg(own.course_deg);  // no current or leeway: heading = course
  } else {
    pb::GeoPoint& site = *scan.mutable_platform()->mutable_fixed_site();
    site.set_lat_deg(config_.site.lat_deg);
    site.set_lon_deg(config_.site.lon_deg);
    site.set_alt_m(config_.site.alt_m);
  }

  // Plots as plain values until sorted; the protobuf messages are built once, in order.
  struct Plot {
    PolarView view;
    core::Timestamp time;
    const std::string* origin;  // platform id, or null for clutter
  };
  std::vector<Plot> plots;
  auto addPlot = [&](const PolarView& view, core::Timestamp t, const std::string* origin) {
    plots.push_back(Plot{view, t, origin});
  };

  const core::Duration elapsed = scan_start - start_;
  const Antenna antenna = antennaAt(scan_start);
  // During the scan the antenna moves at most this far from where it is at the scan start.
  const double antenna_motion_m =
      carrier_ == nullptr ? 0.0
                          : index_->maxSpeedMps(carrier_index_) * config_.scan_period.seconds();
  for (const TrafficIndex::Candidate* c :
       index_->candidates(scan_start, centre, query_radius_m_, TrafficLayer::Surface)) {
    const Platform& platform = scenario_->platforms[c->platform];
    if (carrier_ != nullptr && c->platform == carrier_index_) continue;
    if (!platform.activeAt(elapsed)) continue;
    const double horizon_m = radarHorizonM(antenna_height_m_, platform.radar_height_m);
    const double limit_m = std::min(horizon_m, config_.max_range_m);
    // Skip, without evaluating its route, a target that cannot be within the limit at any beam
    // time: the slant range changes by no more than the target (within its reach, and for one
    // period past the bucket) and the antenna move.
    const double slack_m = c->reach_m +
                           index_->maxSpeedMps(c->platform) * config_.scan_period.seconds() +
                           antenna_motion_m + 1.0;
    if (polarFrom(antenna.frame, c->state.position).range_m - slack_m > limit_m) continue;
    // The beam reaches the target at the time its bearing comes round; the bearing depends on
    // where the target (and a ship-borne antenna) is then. Each fixed-point iteration shrinks
    // the timing error by the factor (bearing rate * period / 360 deg): about 0.01 for a 45 kn
    // target at 2 km. Two iterations from the scan start; the second moves the time by
    // milliseconds, so the state at the first is dead-reckoned there instead of evaluating the
    // routes a third time (centimetres).
    const core::Timestamp t1 = plotTime(
        scan_start, polarFrom(antenna.frame, platform.stateAt(elapsed).position).bearing_deg);
    const PlatformState s1 = platform.stateAt(t1 - start_);
    const core::Vec3 target1 = geo::geodeticToEcef(s1.position);
    core::Timestamp t;
    PolarView truth;
    if (carrier_ == nullptr) {
      t = plotTime(scan_start, polarFromEcef(site_frame_, target1).bearing_deg);
      truth = polarFromEcef(site_frame_, target1 + displacementEcef(s1, t - t1));
    } else {
      const PlatformState own1 = carrier_->stateAt(t1 - start_);
      core::GeoPoint antenna1 = own1.position;
      antenna1.alt_m += config_.antenna_height_m;
      const geo::LocalFrame frame1(antenna1);
      t = plotTime(scan_start, polarFromEcef(frame1, target1).bearing_deg);
      // The antenna frame moved with the ship: shift the target by the opposite displacement.
      truth = polarFromEcef(
          frame1, target1 + displacementEcef(s1, t - t1) - displacementEcef(own1, t - t1));
    }
    if (truth.range_m > limit_m || truth.range_m < config_.min_range_m) continue;
    if (!rng_.bernoulli(config_.detection.pd(platform.rcs_m2, truth.range_m))) continue;
    const PolarView measured =
        addPolarNoise(truth, config_.range_sigma_m, config_.bearing_sigma_deg, rng_);
    // Report the time the beam crossed the true bearing: the noise is in the measurement, not
    // in the timing.
    addPlot(measured, t, &platform.id);
  }

  const std::uint32_t clutter_count = rng_.poisson(config_.clutter_mean_per_scan);
  const double clutter_max_m = std::min(config_.clutter_max_range_m, config_.max_range_m);
  for (std::uint32_t i = 0; i < clutter_count; ++i) {
    const auto point = sampleSeaPoint(centre, config_.min_range_m, clutter_max_m, *scenario_, rng_);
    if (!point) continue;
    // Sea clutter does not move: seen from the antenna at the scan start (a ship moves tens of
    // metres during one revolution).
    const PolarView view = polarFrom(antenna.frame, *point);
    addPlot(view, plotTime(scan_start, view.bearing_deg), nullptr);
  }

  // Plots leave the plot extractor in azimuth order; sorting also mixes false plots in among
  // the true ones instead of appending them.
  std::stable_sort(plots.begin(), plots.end(), [](const Plot& a, const Plot& b) {
    if (a.time != b.time) return a.time < b.time;
    return a.view.range_m < b.view.range_m;
  });
  scan.mutable_plots()->Reserve(static_cast<int>(plots.size()));
  out.origins.reserve(plots.size());
  for (const Plot& p : plots) {
    pb::RadarPlot& plot = *scan.add_plots();
    setPolarPlot(plot, p.view.range_m, config_.range_sigma_m, p.view.bearing_deg,
                 config_.bearing_sigma_deg);
    plot.set_time_ns(p.time.ns);
    out.origins.push_back(p.origin != nullptr ? *p.origin : std::string());
  }
  skipIdleScans();
  return out;
}

}  // namespace picket::sim
