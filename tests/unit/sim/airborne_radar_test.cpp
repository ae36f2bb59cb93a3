#include "sim/airborne_radar.hpp"

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

constexpr GeoPoint kCentre{14.0, -78.0, 0.0};

TEST(AirborneRadar, SeesActiveSurfaceTargetsWithTheSwerlingProbability) {
  // GIVEN an aircraft circling at 1500 m over moored targets, an aircraft and a late ship
  Scenario s;
  s.duration = Duration::fromSeconds(3600.0);
  Platform mpa = testing::flying("mpa", {}, {}, 1.0, 0.0, PlatformClass::PatrolAircraft);
  mpa.route =
      Route(racetrackWaypoints({kCentre.lat_deg, kCentre.lon_deg, 1500.0}, 0.0, 20000.0, 5000.0, 6),
            testing::knots(200.0), RouteEnd::Loop);
  mpa.active_from = Duration::fromSeconds(600.0);
  s.platforms.push_back(mpa);
  for (int i = 0; i < 8; ++i) {
    s.platforms.push_back(testing::moored(std::string("t").append(std::to_string(i)),
                                          testing::offset(kCentre, 45.0 * i, 10000.0 + 7000.0 * i),
                                          i % 2 == 0 ? 3.0 : 30.0, 5.0));
  }
  s.platforms.push_back(testing::flying("airliner", testing::offset(kCentre, 0.0, 20000.0),
                                        testing::offset(kCentre, 0.0, 20001.0), 1.0, 9000.0));
  AirborneRadarConfig cfg;
  cfg.source_id = "mpa-radar";
  cfg.carrier_platform_id = "mpa";
  cfg.clutter_mean_per_scan = 0.0;
  cfg.detection = {
      .reference_rcs_m2 = 10.0, .reference_range_m = 40000.0, .reference_pd = 0.8, .pfa = 1e-6};
  TrafficIndex index(s, kTestStart);
  AirborneRadarSource source(cfg, s, index, kTestStart, kTestStart + s.duration, 3);
  const auto run = testing::drain(source);
  // THEN no report before the aircraft is in the theatre, then one per 10 s
  ASSERT_EQ(run.size(), 300U);
  EXPECT_EQ(run.front().time, kTestStart + Duration::fromSeconds(600.0));
  // AND each target's detections are the sum of Bernoulli(Pd(rcs, range at each scan)),
  // within 5 sigma; never the airliner
  std::map<std::string, double> expected;
  std::map<std::string, double> variance;
  std::map<std::string, int> seen;
  for (const SimMessage& m : run) {
    const GeoPoint own = s.platforms[0].stateAt(m.time - kTestStart).position;
    const geo::LocalFrame antenna(own);
    for (const auto& o : m.origins) {
      ASSERT_NE(o, "airliner");
      ++seen[o];
    }
    for (std::size_t i = 1; i + 1 < s.platforms.size(); ++i) {
      const Platform& p = s.platforms[i];
      const double r = polarFrom(antenna, p.stateAt(m.time - kTestStart).position).range_m;
      const double pd = r <= std::min(cfg.max_range_m, radarHorizonM(own.alt_m, p.radar_height_m))
                            ? cfg.detection.pd(p.rcs_m2, r)
                            : 0.0;
      expected[p.id] += pd;
      variance[p.id] += pd * (1.0 - pd);
    }
  }
  for (const auto& [id, e] : expected) {
    EXPECT_NEAR(seen[id], e, 5.0 * std::sqrt(variance[id]) + 1.0) << id;
  }
  EXPECT_GT(seen["t1"], 100);
}

}  // namespace
}  // namespace picket::sim
