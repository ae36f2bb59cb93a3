#include "sim/airborne_radar.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

#include "geo/wgs84.hpp"
#include "sim/radar_geometry.hpp"

namespace picket::sim {

AirborneRadarSource::AirborneRadarSource(const AirborneRadarConfig& config,
                                         const Scenario& scenario, TrafficIndex& index,
                                         core::Timestamp start, core::Timestamp end,
                                         std::uint64_t seed)
    : config_(config),
      scenario_(&scenario),
      index_(&index),
      carrier_(scenario.findPlatform(config.carrier_platform_id)),
      start_(start),
      end_(end),
      rng_(Rng::forStream(seed, config.source_id)) {
  if (carrier_ == nullptr) {
    throw std::invalid_argument("airborne radar " + config.source_id + ": no platform '" +
                                config.carrier_platform_id + "' in the scenario");
  }
  if (config_.scan_period.ns <= 0) {
    throw std::invalid_argument("airborne radar " + config.source_id + ": scan period must be > 0");
  }
  skipIdleScans();
}

core::Timestamp AirborneRadarSource::scanTime(std::int64_t k) const {
  return start_ + core::Duration{k * config_.scan_period.ns};
}

void AirborneRadarSource::skipIdleScans() {
  while (scanTime(next_scan_) < end_ && !carrier_->activeAt(scanTime(next_scan_) - start_)) {
    ++next_scan_;
  }
}

std::optional<core::Timestamp> AirborneRadarSource::nextDelivery() const {
  const core::Timestamp t = scanTime(next_scan_);
  if (t >= end_) return std::nullopt;
  return t;
}

SimMessage AirborneRadarSource::emit() {
  const core::Timestamp t = scanTime(next_scan_);
  ++next_scan_;
  const PlatformState own = carrier_->stateAt(t - start_);
  const geo::LocalFrame antenna(own.position);

  SimMessage out = makeEnvelope("feed/aircraft/", config_.source_id, ++sequence_, t);
  pb::AircraftContactReport& report = *out.message.mutable_aircraft_contacts();
  setHeader(*report.mutable_header(), out.source_id, out.sequence, t);
  report.set_sensor_kind(pb::CONTACT_SENSOR_KIND_RADAR);

  // Navigation solution: GNSS/INS error drawn independently each scan (white), which is
  // pessimistic for a real INS-aided solution whose error is correlated over minutes.
  {
    const double de_m = rng_.normal(0.0, config_.nav_position_sigma_m);
    const double dn_m = rng_.normal(0.0, config_.nav_position_sigma_m);
    core::GeoPoint nav = geo::geodesicDirect(own.position, std::atan2(de_m, dn_m) * geo::kRadToDeg,
                                             std::hypot(de_m, dn_m));
    nav.alt_m = rng_.normal(own.position.alt_m, config_.nav_altitude_sigma_m);
    pb::NavigationSolution& n = *report.mutable_navigation();
    n.mutable_position()->set_lat_deg(nav.lat_deg);
    n.mutable_position()->set_lon_deg(nav.lon_deg);
    n.mutable_position()->set_alt_m(nav.alt_m);
    n.set_vel_east_mps(rng_.normal(own.vel_east_mps, config_.nav_velocity_sigma_mps));
    n.set_vel_north_mps(rng_.normal(own.vel_north_mps, config_.nav_velocity_sigma_mps));
    n.set_vel_up_mps(rng_.normal(0.0, config_.nav_velocity_sigma_mps));
    n.set_position_sigma_m(config_.nav_position_sigma_m);
    n.set_altitude_sigma_m(config_.nav_altitude_sigma_m);
    n.set_velocity_sigma_mps(config_.nav_velocity_sigma_mps);
    n.set_heading_deg(own.course_deg);  // no wind: heading = track
  }

  struct Contact {
    pb::RadarPlot plot;
    std::string origin;
  };
  std::vector<Contact> contacts;
  auto addContact = [&](const PolarView& view, std::string origin) {
    Contact c;
    setPolarPlot(c.plot, view.range_m, config_.range_sigma_m, view.bearing_deg,
                 config_.bearing_sigma_deg);
    c.plot.set_time_ns(0);  // the report's header time
    c.origin = std::move(origin);
    contacts.push_back(std::move(c));
  };

  // Slant range >= ground distance - aircraft height (triangle inequality), and the arc
  // exceeds the chord by d^3 / (24 R^2) (1 m at 100 km): the search radius covers both.
  const double search_m = config_.max_range_m + std::max(0.0, own.position.alt_m) + 1000.0;
  for (const TrafficIndex::Candidate* candidate :
       index_->candidates(t, own.position, search_m, TrafficLayer::Surface)) {
    const Platform& platform = scenario_->platforms[candidate->platform];
    if (&platform == carrier_) continue;
    if (!platform.activeAt(t - start_)) continue;
    // Skip, without evaluating its route, a target out of range wherever it is in its reach.
    if (polarFrom(antenna, candidate->state.position).range_m - candidate->reach_m - 1.0 >
        config_.max_range_m) {
      continue;
    }
    const core::GeoPoint target = platform.stateAt(t - start_).position;
    const PolarView truth = polarFrom(antenna, target);
    const double horizon_m = radarHorizonM(own.position.alt_m, platform.radar_height_m);
    if (truth.range_m > std::min(horizon_m, config_.max_range_m)) continue;
    if (!rng_.bernoulli(config_.detection.pd(platform.rcs_m2, truth.range_m))) continue;
    addContact(addPolarNoise(truth, config_.range_sigma_m, config_.bearing_sigma_deg, rng_),
               platform.id);
  }

  const std::uint32_t clutter_count = rng_.poisson(config_.clutter_mean_per_scan);
  const double height_m = std::max(0.0, own.position.alt_m);
  const double max_ground_m =
      std::sqrt(std::max(0.0, config_.max_range_m * config_.max_range_m - height_m * height_m));
  for (std::uint32_t i = 0; i < clutter_count; ++i) {
    const auto point = sampleSeaPoint(own.position, config_.clutter_min_ground_range_m,
                                      max_ground_m, *scenario_, rng_);
    if (!point) continue;
    const PolarView view = polarFrom(antenna, *point);
    // The ellipsoid's curvature puts the far edge of the disc slightly beyond max range.
    if (view.range_m > config_.max_range_m) continue;
    addContact(view, "");
  }

  std::stable_sort(contacts.begin(), contacts.end(), [](const Contact& a, const Contact& b) {
    if (a.plot.bearing_deg() != b.plot.bearing_deg()) {
      return a.plot.bearing_deg() < b.plot.bearing_deg();
    }
    return a.plot.range_m() < b.plot.range_m();
  });
  for (Contact& c : contacts) {
    *report.add_contacts()->mutable_polar() = std::move(c.plot);
    out.origins.push_back(std::move(c.origin));
  }
  skipIdleScans();
  return out;
}

}  // namespace picket::sim
