#include "sim/surface_radar.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "geo/wgs84.hpp"
#include "sim/radar_geometry.hpp"
#include "sim/traffic_index.hpp"
#include "sim_test_support.hpp"

namespace picket::sim {
namespace {

using core::Duration;
using core::GeoPoint;
using core::Timestamp;
using testing::kTestStart;

constexpr GeoPoint kSite{15.0, -75.0, 30.0};
constexpr std::uint64_t kSeed = 9;

SurfaceRadarConfig radarConfig() {
  SurfaceRadarConfig c;
  c.source_id = "radar-test";
  c.site = kSite;
  c.detection = {
      .reference_rcs_m2 = 10.0, .reference_range_m = 20000.0, .reference_pd = 0.9, .pfa = 1e-6};
  c.clutter_mean_per_scan = 0.0;
  return c;
}

std::vector<SimMessage> scan(const Scenario& s, const SurfaceRadarConfig& config) {
  TrafficIndex index(s, kTestStart);
  SurfaceRadarSource source(config, s, index, kTestStart, kTestStart + s.duration, kSeed);
  return testing::drain(source);
}

std::map<std::string, int> countByOrigin(const std::vector<SimMessage>& run) {
  std::map<std::string, int> out;
  for (const SimMessage& m : run) {
    for (const auto& o : m.origins) ++out[o];
  }
  return out;
}

TEST(SurfaceRadar, DetectsEachTargetWithTheSwerlingProbabilityOfItsRange) {
  // GIVEN moored targets of several cross-sections at several ranges, all inside the horizon
  Scenario s;
  s.duration = Duration::fromSeconds(3600.0);  // 600 scans
  const std::vector<std::pair<double, double>> targets = {{5.0, 8000.0},   {5.0, 20000.0},
                                                          {10.0, 20000.0}, {10.0, 30000.0},
                                                          {50.0, 30000.0}, {1.0, 15000.0}};
  for (std::size_t i = 0; i < targets.size(); ++i) {
    s.platforms.push_back(
        testing::moored("t" + std::to_string(i),
                        testing::offset(kSite, 40.0 * static_cast<double>(i), targets[i].second),
                        targets[i].first, 25.0));
  }
  const SurfaceRadarConfig cfg = radarConfig();
  const auto run = scan(s, cfg);
  ASSERT_EQ(run.size(), 600U);
  const auto counts = countByOrigin(run);
  const geo::LocalFrame antenna(kSite);
  for (const Platform& p : s.platforms) {
    // WHEN counting its plots THEN they are binomial(600, Pd(rcs, range)) within 5 sigma
    const double range_m = polarFrom(antenna, p.stateAt(Duration{}).position).range_m;
    const double pd = cfg.detection.pd(p.rcs_m2, range_m);
    const int n = counts.contains(p.id) ? counts.at(p.id) : 0;
    EXPECT_NEAR(n, 600.0 * pd, 5.0 * std::sqrt(600.0 * pd * (1.0 - pd)) + 1.0)
        << p.id << " pd " << pd;
  }
  EXPECT_EQ(counts.count(""), 0U);  // no clutter configured
}

TEST(SurfaceRadar, SeesOnlyActiveSurfaceTargetsInsideTheHorizonAndTheAnnulus) {
  Scenario s;
  s.duration = Duration::fromSeconds(1200.0);
  // Antenna 30 m: the horizon is 26.7 km for a 1 m target, 35.6 km for a 10 m one.
  s.platforms.push_back(
      testing::moored("low-beyond", testing::offset(kSite, 10.0, 28000.0), 1e4, 1.0));
  s.platforms.push_back(
      testing::moored("tall-beyond", testing::offset(kSite, 100.0, 28000.0), 1e4, 10.0));
  s.platforms.push_back(
      testing::moored("blanked", testing::offset(kSite, 200.0, 1500.0), 1e4, 10.0));
  s.platforms.push_back(testing::flying("aircraft", testing::offset(kSite, 300.0, 10000.0),
                                        testing::offset(kSite, 300.0, 10001.0), 1.0, 300.0));
  Platform late = testing::moored("late", testing::offset(kSite, 250.0, 10000.0), 1e4, 10.0);
  late.active_from = Duration::fromSeconds(600.0);
  late.active_until = Duration::fromSeconds(900.0);
  s.platforms.push_back(late);
  const auto run = scan(s, radarConfig());
  const auto counts = countByOrigin(run);
  EXPECT_EQ(counts.count("low-beyond"), 0U);
  EXPECT_GT(counts.at("tall-beyond"), 150);
  EXPECT_EQ(counts.count("blanked"), 0U);
  EXPECT_EQ(counts.count("aircraft"), 0U);
  EXPECT_EQ(counts.at("late"), 50);  // 300 s of 6 s scans, Pd ~ 1
  for (const SimMessage& m : run) {
    for (const auto& o : m.origins) {
      if (o != "late") continue;
      EXPECT_GE(m.time - kTestStart, Duration::fromSeconds(600.0));
      EXPECT_LT(m.time - kTestStart, Duration::fromSeconds(900.0));
    }
  }
}

// A patrol ship at 15 kn with a radar 20 m up, among moored targets around its track.
Scenario patrolScenario() {
  Scenario s;
  s.duration = Duration::fromSeconds(3600.0);
  Platform patrol =
      testing::sailing("patrol", testing::offset(kSite, 0.0, 0.0),
                       testing::offset(kSite, 60.0, 200'000.0), 15.0, PlatformClass::PatrolShip);
  patrol.active_from = Duration::fromSeconds(300.0);
  s.platforms.push_back(patrol);
  Rng rng(2);
  for (int i = 0; i < 60; ++i) {
    s.platforms.push_back(
        testing::moored(std::string("m").append(std::to_string(i)),
                        testing::offset(testing::offset(kSite, 60.0, rng.uniform(0.0, 28'000.0)),
                                        rng.uniform(0.0, 360.0), rng.uniform(3000.0, 20000.0)),
                        1000.0, 10.0));
  }
  return s;
}

SurfaceRadarConfig shipRadarConfig() {
  SurfaceRadarConfig c = radarConfig();
  c.source_id = "patrol-radar";
  c.carrier_platform_id = "patrol";
  c.antenna_height_m = 20.0;
  c.nav_position_sigma_m = 10.0;
  c.nav_velocity_sigma_mps = 0.2;
  c.clutter_mean_per_scan = 1.0;
  c.clutter_max_range_m = 25000.0;
  return c;
}

TEST(SurfaceRadar, ShipBorneScansCarryTheShipsNavigationSolution) {
  const Scenario s = patrolScenario();
  const SurfaceRadarConfig cfg = shipRadarConfig();
  const auto run = scan(s, cfg);
  // No scans before the ship is in the theatre (5 min), then one per 6 s.
  ASSERT_EQ(run.size(), (3600U - 300U) / 6U);
  EXPECT_EQ(run.front().time, kTestStart + Duration::fromSeconds(300.0));
  const Platform& patrol = s.platforms[0];
  double sum_e2 = 0.0, sum_n2 = 0.0, sum_ve2 = 0.0, sum_vn2 = 0.0;
  for (const SimMessage& m : run) {
    ASSERT_TRUE(m.message.radar_scan().platform().has_moving());
    const pb::NavigationSolution& nav = m.message.radar_scan().platform().moving();
    const PlatformState own = patrol.stateAt(m.time - kTestStart);
    EXPECT_EQ(nav.position_sigma_m(), 10.0);
    EXPECT_EQ(nav.velocity_sigma_mps(), 0.2);
    EXPECT_EQ(nav.position().alt_m(), 20.0);  // the antenna, on the sea
    EXPECT_EQ(nav.vel_up_mps(), 0.0);
    EXPECT_NEAR(nav.heading_deg(), own.course_deg, 1e-9);
    const geo::LocalFrame frame(own.position);
    const core::Vec3 enu = frame.toLocal(
        geo::geodeticToEcef({nav.position().lat_deg(), nav.position().lon_deg(), 0.0}));
    sum_e2 += enu.x() * enu.x();
    sum_n2 += enu.y() * enu.y();
    sum_ve2 += std::pow(nav.vel_east_mps() - own.vel_east_mps, 2);
    sum_vn2 += std::pow(nav.vel_north_mps() - own.vel_north_mps, 2);
  }
  const double n = static_cast<double>(run.size());
  const double bound = 5.0 * std::sqrt(2.0 / n);
  EXPECT_NEAR(sum_e2 / n / 100.0, 1.0, bound);
  EXPECT_NEAR(sum_n2 / n / 100.0, 1.0, bound);
  EXPECT_NEAR(sum_ve2 / n / 0.04, 1.0, bound);
  EXPECT_NEAR(sum_vn2 / n / 0.04, 1.0, bound);
}

TEST(SurfaceRadar, ShipBornePlotsAreMeasuredFromTheTrueAntennaAtPlotTime) {
  const Scenario s = patrolScenario();
  const SurfaceRadarConfig cfg = shipRadarConfig();
  const auto run = scan(s, cfg);
  const Platform& patrol = s.platforms[0];
  double sum_zr = 0.0, sum_zr2 = 0.0, sum_zb2 = 0.0;
  int n = 0;
  int clutter = 0;
  for (const SimMessage& m : run) {
    const pb::RadarScan& sc = m.message.radar_scan();
    for (int i = 0; i < sc.plots_size(); ++i) {
      const std::string& origin = m.origins[static_cast<std::size_t>(i)];
      ASSERT_NE(origin, "patrol");  // not its own ship
      if (origin.empty()) {
        ++clutter;
        continue;
      }
      const pb::RadarPlot& plot = sc.plots(i);
      const Timestamp t{plot.time_ns()};
      ASSERT_GE(t, m.time);
      ASSERT_LT(t, m.time + cfg.scan_period);
      GeoPoint antenna = patrol.stateAt(t - kTestStart).position;
      antenna.alt_m += cfg.antenna_height_m;
      const PolarView truth = polarFrom(geo::LocalFrame(antenna),
                                        s.findPlatform(origin)->stateAt(t - kTestStart).position);
      const double zr = (plot.range_m() - truth.range_m) / plot.range_sigma_m();
      const double zb =
          std::remainder(plot.bearing_deg() - truth.bearing_deg, 360.0) / plot.bearing_sigma_deg();
      sum_zr += zr;
      sum_zr2 += zr * zr;
      sum_zb2 += zb * zb;
      ++n;
    }
  }
  ASSERT_GT(n, 5000);
  EXPECT_NEAR(sum_zr / n, 0.0, 5.0 / std::sqrt(n));
  EXPECT_NEAR(sum_zr2 / n, 1.0, 5.0 * std::sqrt(2.0 / n));
  EXPECT_NEAR(sum_zb2 / n, 1.0, 5.0 * std::sqrt(2.0 / n));
  EXPECT_NEAR(static_cast<double>(clutter) / static_cast<double>(run.size()), 1.0,
              5.0 / std::sqrt(static_cast<double>(run.size())));
}

TEST(SurfaceRadar, UnknownCarrierIsRejected) {
  Scenario s;
  SurfaceRadarConfig cfg = shipRadarConfig();
  cfg.carrier_platform_id = "nobody";
  TrafficIndex index(s, kTestStart);
  EXPECT_THROW(SurfaceRadarSource(cfg, s, index, kTestStart, kTestStart + s.duration, kSeed),
               std::invalid_argument);
}

}  // namespace
}  // namespace picket::sim
