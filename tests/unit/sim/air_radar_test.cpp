#include "sim/air_radar.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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

constexpr GeoPoint kSite{18.0, -66.0, 50.0};

AirSurveillanceRadarConfig airConfig(bool secondary) {
  AirSurveillanceRadarConfig c;
  c.source_id = "oth-1";
  c.site = kSite;
  c.secondary = secondary;
  return c;
}

// Aircraft on straight legs at 300-1200 km or 1-3.5 thousand km from the site, ships inside
// the annulus, an aircraft inside the blind zone; some with transponders, one switching off.
Scenario airScenario() {
  Scenario s;
  s.duration = Duration::fromSeconds(2.0 * 3600.0);
  Rng rng(6);
  for (int i = 0; i < 40; ++i) {
    const GeoPoint from =
        testing::offset(kSite, rng.uniform(180.0, 300.0), rng.uniform(600'000.0, 2'800'000.0));
    Platform p = testing::flying("air-" + std::to_string(i), from,
                                 testing::offset(from, rng.uniform(0.0, 360.0), 2'000'000.0),
                                 rng.uniform(250.0, 480.0), rng.uniform(3000.0, 11000.0));
    if (i % 3 != 0) p.transponder_code = static_cast<std::uint32_t>(1000 + i);
    s.platforms.push_back(std::move(p));
  }
  Platform blind = testing::flying("blind", testing::offset(kSite, 200.0, 100'000.0),
                                   testing::offset(kSite, 200.0, 150'000.0), 300.0, 9000.0);
  blind.transponder_code = 4321;
  s.platforms.push_back(blind);
  Platform off = testing::flying("switch-off", testing::offset(kSite, 240.0, 1'500'000.0),
                                 testing::offset(kSite, 240.0, 1'000'000.0), 180.0, 2500.0,
                                 PlatformClass::SuspectAircraft);
  off.transponder_code = 7000;
  off.transponder_off = {{Duration::fromSeconds(1800.0), Duration::fromSeconds(4800.0)}};
  s.platforms.push_back(off);
  for (int i = 0; i < 20; ++i) {
    s.platforms.push_back(testing::moored(
        "ship-" + std::to_string(i), testing::offset(kSite, 18.0 * i, 1'000'000.0), 1e5, 40.0));
  }
  return s;
}

std::vector<SimMessage> runAir(const Scenario& s, const AirSurveillanceRadarConfig& cfg) {
  TrafficIndex index(s, kTestStart);
  AirSurveillanceRadarSource source(cfg, s, index, kTestStart, kTestStart + s.duration, 13);
  return testing::drain(source);
}

TEST(AirRadar, TransponderRepliesUnlessOffOrAbsent) {
  Platform p;
  EXPECT_FALSE(transponderReplies(p, Duration{}));
  p.transponder_code = 1200;
  p.transponder_off = {{Duration::fromSeconds(10.0), Duration::fromSeconds(20.0)}};
  EXPECT_TRUE(transponderReplies(p, Duration::fromSeconds(9.0)));
  EXPECT_FALSE(transponderReplies(p, Duration::fromSeconds(10.0)));
  EXPECT_FALSE(transponderReplies(p, Duration::fromSeconds(19.9)));
  EXPECT_TRUE(transponderReplies(p, Duration::fromSeconds(20.0)));
}

TEST(AirRadar, SeesOnlyAircraftInTheAnnulusWithAFlatProbability) {
  const Scenario s = airScenario();
  const AirSurveillanceRadarConfig cfg = airConfig(false);
  const auto run = runAir(s, cfg);
  ASSERT_EQ(run.size(), 360U);  // 2 h of 20 s scans
  const geo::LocalFrame antenna(kSite);
  int opportunities = 0;
  int detections = 0;
  int clutter = 0;
  double sum_zr2 = 0.0, sum_zb2 = 0.0;
  int n = 0;
  for (const SimMessage& m : run) {
    ASSERT_EQ(m.topic, "feed/radar/oth-1");
    const pb::RadarScan& scan = m.message.radar_scan();
    ASSERT_TRUE(scan.platform().has_fixed_site());
    std::map<std::string, int> seen;
    for (int i = 0; i < scan.plots_size(); ++i) {
      const pb::RadarPlot& plot = scan.plots(i);
      ASSERT_FALSE(plot.has_mode_a_code());  // primary only
      ASSERT_EQ(plot.time_ns(), 0);
      ASSERT_EQ(plot.range_sigma_m(), cfg.range_sigma_m);
      const std::string& origin = m.origins[static_cast<std::size_t>(i)];
      if (origin.empty()) {
        ++clutter;
        continue;
      }
      const Platform& p = *s.findPlatform(origin);
      ASSERT_TRUE(isAircraft(p.platform_class)) << origin;
      ++seen[origin];
      const GeoPoint truth = p.stateAt(m.time - kTestStart).position;
      const PolarView view = polarFrom(antenna, truth);
      sum_zr2 += std::pow((plot.range_m() - view.range_m) / cfg.range_sigma_m, 2);
      sum_zb2 += std::pow(
          std::remainder(plot.bearing_deg() - view.bearing_deg, 360.0) / cfg.bearing_sigma_deg, 2);
      ++n;
    }
    for (const Platform& p : s.platforms) {
      if (!isAircraft(p.platform_class)) continue;
      const double ground_m =
          geo::geodesicInverse(kSite, p.stateAt(m.time - kTestStart).position).distance_m;
      const bool covered = ground_m >= cfg.min_range_m && ground_m <= cfg.max_range_m;
      if (!covered) {
        ASSERT_EQ(seen.count(p.id), 0U) << p.id << " at " << ground_m;
      } else {
        ++opportunities;
        detections += seen.count(p.id) ? 1 : 0;
      }
    }
  }
  ASSERT_GT(opportunities, 5000);
  EXPECT_NEAR(detections, 0.8 * opportunities, 5.0 * std::sqrt(opportunities * 0.16));
  EXPECT_NEAR(sum_zr2 / n, 1.0, 5.0 * std::sqrt(2.0 / n));
  EXPECT_NEAR(sum_zb2 / n, 1.0, 5.0 * std::sqrt(2.0 / n));
  EXPECT_NEAR(clutter / 360.0, cfg.clutter_mean_per_scan, 5.0 * std::sqrt(2.0 / 360.0));
}

TEST(AirRadar, SecondaryPlotsCarryTheCodeOnlyWhileTheTransponderReplies) {
  const Scenario s = airScenario();
  const auto run = runAir(s, airConfig(true));
  int coded = 0;
  int switch_off_coded = 0;
  int switch_off_silent = 0;
  for (const SimMessage& m : run) {
    const pb::RadarScan& scan = m.message.radar_scan();
    const Duration elapsed = m.time - kTestStart;
    for (int i = 0; i < scan.plots_size(); ++i) {
      const pb::RadarPlot& plot = scan.plots(i);
      const std::string& origin = m.origins[static_cast<std::size_t>(i)];
      if (origin.empty()) {
        ASSERT_FALSE(plot.has_mode_a_code());
        continue;
      }
      const Platform& p = *s.findPlatform(origin);
      if (transponderReplies(p, elapsed)) {
        ASSERT_TRUE(plot.has_mode_a_code()) << origin;
        ASSERT_EQ(plot.mode_a_code(), *p.transponder_code);
        ++coded;
      } else {
        ASSERT_FALSE(plot.has_mode_a_code()) << origin;
      }
      if (origin == "switch-off")
        (plot.has_mode_a_code() ? switch_off_coded : switch_off_silent) += 1;
    }
  }
  EXPECT_GT(coded, 1000);
  EXPECT_GT(switch_off_coded, 50);
  EXPECT_GT(switch_off_silent, 50);
}

TEST(AirRadar, LineOfSightHidesAircraftBelowTheRadarHorizon) {
  // A ground radar 50 m above the sea: an aircraft at 1,500 m is above its horizon out to
  // 4.12 km (sqrt(50) + sqrt(1500)) = 189 km, one at 10,000 m out to 441 km (instrumented
  // range 400 km).
  AirSurveillanceRadarConfig cfg = airConfig(true);
  cfg.source_id = "arsr-1";
  cfg.min_range_m = 1000.0;
  cfg.max_range_m = 400'000.0;
  cfg.range_sigma_m = 150.0;
  cfg.bearing_sigma_deg = 0.2;
  cfg.detection_probability = 0.9;
  cfg.clutter_mean_per_scan = 0.0;
  cfg.line_of_sight = true;
  EXPECT_NEAR(airRadarReachM(cfg, 1500.0), 4120.0 * (std::sqrt(50.0) + std::sqrt(1500.0)), 1e-6);
  EXPECT_EQ(airRadarReachM(cfg, 10'000.0), 400'000.0);
  cfg.line_of_sight = false;
  EXPECT_EQ(airRadarReachM(cfg, 1500.0), 400'000.0);
  cfg.line_of_sight = true;

  Scenario s;
  s.duration = Duration::fromSeconds(3600.0);
  // Outbound from 50 km to 450 km (at 250 kn: 3,110 s), low and high, on two bearings.
  for (const double alt : {1500.0, 10'000.0}) {
    for (const double bearing : {30.0, 210.0}) {
      Platform p = testing::flying(
          "air-" + std::to_string(static_cast<int>(alt)) + "-" +
              std::to_string(static_cast<int>(bearing)),
          testing::offset(kSite, bearing, 50'000.0), testing::offset(kSite, bearing, 450'000.0),
          250.0, alt);
      p.transponder_code = 4000 + static_cast<std::uint32_t>(s.platforms.size());
      s.platforms.push_back(std::move(p));
    }
  }
  const auto run = runAir(s, cfg);
  int low_seen = 0, high_seen = 0, low_chances = 0;
  double low_farthest = 0.0, high_farthest = 0.0;
  for (const SimMessage& m : run) {
    const pb::RadarScan& scan = m.message.radar_scan();
    for (int i = 0; i < scan.plots_size(); ++i) {
      const Platform& p = *s.findPlatform(m.origins[static_cast<std::size_t>(i)]);
      const GeoPoint truth = p.stateAt(m.time - kTestStart).position;
      const double ground_m = geo::geodesicInverse(kSite, truth).distance_m;
      ASSERT_LE(ground_m, airRadarReachM(cfg, truth.alt_m)) << p.id;
      ASSERT_TRUE(scan.plots(i).has_mode_a_code());
      if (truth.alt_m < 5000.0) {
        ++low_seen;
        low_farthest = std::max(low_farthest, ground_m);
      } else {
        ++high_seen;
        high_farthest = std::max(high_farthest, ground_m);
      }
    }
    for (const Platform& p : s.platforms) {
      const GeoPoint truth = p.stateAt(m.time - kTestStart).position;
      if (truth.alt_m < 5000.0 &&
          geo::geodesicInverse(kSite, truth).distance_m <= airRadarReachM(cfg, truth.alt_m))
        ++low_chances;
    }
  }
  // Seen up to the horizon (low) or the instrumented range (high), not beyond.
  EXPECT_GT(low_farthest, 180'000.0);
  EXPECT_LT(low_farthest, 190'000.0);
  EXPECT_GT(high_farthest, 390'000.0);
  ASSERT_GT(low_chances, 80);  // two low aircraft, ~54 scans each inside the horizon
  EXPECT_NEAR(low_seen, 0.9 * low_chances, 5.0 * std::sqrt(low_chances * 0.09));
  EXPECT_GT(high_seen, low_seen);
}

}  // namespace
}  // namespace picket::sim
