#include "sim/traffic_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "geo/wgs84.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"
#include "sim_test_support.hpp"

namespace picket::sim {
namespace {

using core::Duration;
using core::GeoPoint;
using core::Timestamp;
using testing::kTestStart;

// Random traffic over the theatre, plus routes with several speeds, holds and loops.
Scenario randomScenario(std::uint64_t seed, std::size_t n) {
  Scenario s;
  s.platforms = testing::randomTraffic(seed, n, s.area);
  Platform multi;
  multi.id = "multi-leg";
  multi.route =
      Route({Waypoint{{10.0, -80.0, 0.0}, testing::knots(8.0), Duration{}},
             Waypoint{{10.2, -79.9, 0.0}, testing::knots(45.0), Duration::fromSeconds(300)},
             Waypoint{{10.9, -79.0, 0.0}, testing::knots(12.0), Duration{}}},
            RouteEnd::Loop);
  s.platforms.push_back(multi);
  Platform racetrack =
      testing::flying("racetrack", {}, {}, 1.0, 0.0, PlatformClass::PatrolAircraft);
  racetrack.route = Route(racetrackWaypoints({15.0, -75.0, 1500.0}, 90.0, 60000.0, 5000.0, 6),
                          testing::knots(220.0), RouteEnd::Loop);
  s.platforms.push_back(racetrack);
  return s;
}

bool inLayer(const Platform& p, TrafficLayer layer) {
  if (layer == TrafficLayer::Surface) return !isAircraft(p.platform_class);
  if (layer == TrafficLayer::Air) return isAircraft(p.platform_class);
  return true;
}

// Brute force: is the platform active and within radius_m of centre at one of the sampled
// instants of [t0, t1] (both ends, evenly spaced instants between, and its activation)?
bool trulyWithin(const Platform& p, Timestamp t0, Timestamp t1, const GeoPoint& centre,
                 double radius_m) {
  std::vector<Timestamp> instants;
  constexpr int kSamples = 8;
  for (int i = 0; i <= kSamples; ++i)
    instants.push_back(t0 + Duration{(t1 - t0).ns * i / kSamples});
  instants.push_back(kTestStart + p.active_from);
  for (const Timestamp t : instants) {
    if (t < t0 || t > t1 || !p.activeAt(t - kTestStart)) continue;
    if (geo::geodesicInverse(centre, p.stateAt(t - kTestStart).position).distance_m <= radius_m) {
      return true;
    }
  }
  return false;
}

TEST(TrafficIndex, CandidatesAreASupersetOfThePlatformsWithinTheRadius) {
  const Scenario s = randomScenario(7, 300);
  for (const TrafficIndex::Options options :
       {TrafficIndex::Options{}, TrafficIndex::Options{Duration::fromSeconds(150.0), 0.25, 50.0}}) {
    TrafficIndex index(s, kTestStart, options);
    Rng rng(99);
    int truly_within = 0;
    for (int q = 0; q < 100; ++q) {
      // GIVEN a random instant of the first two hours and a query: around a random point with a
      // log-uniform radius, or just reaching a platform's position at a random instant.
      const Timestamp t = kTestStart + Duration::fromSeconds(rng.uniform(0.0, 7200.0));
      const auto layer = static_cast<TrafficLayer>(rng.below(3));
      GeoPoint centre{rng.uniform(-15.0, 40.0), rng.uniform(-125.0, -50.0), 0.0};
      double radius_m = std::exp(rng.uniform(std::log(100.0), std::log(3.0e6)));
      if (q % 2 == 1) {
        const Platform& p = s.platforms[rng.below(s.platforms.size())];
        const Timestamp when = index.bucketStart(t) + Duration::fromSeconds(rng.uniform(0.0, 60.0));
        const double d = std::exp(rng.uniform(std::log(10.0), std::log(2.0e5)));
        centre = testing::offset(p.stateAt(when - kTestStart).position, rng.uniform(0.0, 360.0), d);
        radius_m = d * rng.uniform(0.99, 1.01);
      }
      // WHEN the index answers
      const auto found = index.candidates(t, centre, radius_m, layer);
      std::vector<std::uint32_t> ids;
      for (const auto* c : found) ids.push_back(c->platform);
      // THEN the answer is sorted, unique, in the layer, active in the bucket, and contains every
      // platform truly within the radius at some instant of the bucket.
      ASSERT_TRUE(std::is_sorted(ids.begin(), ids.end()));
      ASSERT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
      const Timestamp t0 = index.bucketStart(t);
      const Timestamp t1 = t0 + index.bucketLength();
      const std::set<std::uint32_t> found_set(ids.begin(), ids.end());
      for (std::size_t i = 0; i < s.platforms.size(); ++i) {
        const Platform& p = s.platforms[i];
        if (found_set.contains(static_cast<std::uint32_t>(i))) {
          ASSERT_TRUE(inLayer(p, layer)) << p.id;
          continue;
        }
        if (!inLayer(p, layer)) continue;
        const bool within = trulyWithin(p, t0, t1, centre, radius_m);
        ASSERT_FALSE(within) << p.id << " within " << radius_m << " m of " << centre
                             << " in the bucket of " << t << " but not a candidate";
      }
      for (const auto* c : found) {
        const Platform& p = s.platforms[c->platform];
        ASSERT_TRUE(p.activeAt(c->time - kTestStart)) << p.id;
        ASSERT_GE(c->time, t0);
        ASSERT_LE(c->time, t1);
        ASSERT_EQ(c->state, p.stateAt(c->time - kTestStart));
        if (trulyWithin(p, t0, t1, centre, radius_m)) ++truly_within;
      }
    }
    // Not vacuous: many queries did reach platforms.
    EXPECT_GT(truly_within, 50);
  }
}

TEST(TrafficIndex, ReachBoundsWherePlatformsGoDuringTheBucket) {
  const Scenario s = randomScenario(3, 200);
  TrafficIndex index(s, kTestStart);
  Rng rng(4);
  for (int q = 0; q < 30; ++q) {
    const Timestamp t = kTestStart + Duration::fromSeconds(rng.uniform(0.0, 7200.0));
    const Timestamp t0 = index.bucketStart(t);
    for (const auto* c : index.candidates(t, {12.0, -80.0, 0.0}, 1.0e7)) {
      const Platform& p = s.platforms[c->platform];
      for (int k = 0; k <= 6; ++k) {
        const Timestamp when = t0 + Duration{index.bucketLength().ns * k / 6};
        if (when < c->time || !p.activeAt(when - kTestStart)) continue;
        const double moved_m =
            geo::geodesicInverse(c->state.position, p.stateAt(when - kTestStart).position)
                .distance_m;
        ASSERT_LE(moved_m, c->reach_m) << p.id;
      }
    }
  }
}

TEST(TrafficIndex, SmallQueriesVisitFewPlatforms) {
  // GIVEN 2,000 platforms spread over the theatre; WHEN asking around a point for 40 nm
  const Scenario s = randomScenario(11, 2000);
  TrafficIndex index(s, kTestStart);
  Rng rng(12);
  std::size_t total = 0;
  for (int q = 0; q < 50; ++q) {
    const GeoPoint centre{rng.uniform(-10.0, 35.0), rng.uniform(-120.0, -55.0), 0.0};
    total +=
        index.candidates(kTestStart + Duration::fromSeconds(q * 60.0), centre, 74'000.0).size();
  }
  // THEN a query returns a handful, not the traffic (the disc is ~0.1 % of the box: the grid's
  // 1-degree cells make it a few times more).
  EXPECT_LT(static_cast<double>(total) / 50.0, 0.01 * 2000.0);
}

TEST(TrafficIndex, BucketsAreBuiltOnceReleasedAndRebuiltIdentically) {
  const Scenario s = randomScenario(5, 300);
  TrafficIndex index(s, kTestStart);
  const GeoPoint centre{12.0, -75.0, 0.0};
  auto ids = [&](Timestamp t) {
    std::vector<std::uint32_t> out;
    for (const auto* c : index.candidates(t, centre, 800'000.0)) out.push_back(c->platform);
    return out;
  };
  const Timestamp t = kTestStart + Duration::fromSeconds(90.0);
  const auto first = ids(t);
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(ids(t + Duration::fromSeconds(20.0)), first);  // same bucket: not rebuilt
  EXPECT_EQ(index.bucketsBuilt(), 1U);
  (void)ids(t + Duration::fromSeconds(60.0));
  EXPECT_EQ(index.bucketsBuilt(), 2U);
  EXPECT_EQ(index.bucketsHeld(), 2U);
  // The bucket [60 s, 120 s] ends before 125 s: dropped; the next one is kept.
  index.releaseBefore(kTestStart + Duration::fromSeconds(125.0));
  EXPECT_EQ(index.bucketsHeld(), 1U);
  EXPECT_EQ(ids(t), first);
  EXPECT_EQ(index.bucketsBuilt(), 3U);
  EXPECT_EQ(index.maxBucketsHeld(), 2U);
}

TEST(TrafficIndex, BucketsBeginAtTheStartAndRoundDown) {
  Scenario s;
  TrafficIndex index(s, kTestStart);
  EXPECT_EQ(index.bucketStart(kTestStart), kTestStart);
  EXPECT_EQ(index.bucketStart(kTestStart + Duration::fromSeconds(59.999)), kTestStart);
  EXPECT_EQ(index.bucketStart(kTestStart + Duration::fromSeconds(61.0)),
            kTestStart + Duration::fromSeconds(60.0));
  EXPECT_EQ(index.bucketStart(kTestStart - Duration::fromSeconds(1.0)),
            kTestStart - Duration::fromSeconds(60.0));
}

TEST(TrafficIndex, PlatformsActiveOnlyInPartOfTheBucketAreFiled) {
  Scenario s;
  Platform arrives = testing::moored("arrives", {12.0, -70.0, 0.0});
  arrives.active_from = Duration::fromSeconds(100.0);
  Platform leaves = testing::moored("leaves", {12.0, -70.01, 0.0});
  leaves.active_until = Duration::fromSeconds(70.0);
  s.platforms = {arrives, leaves};
  TrafficIndex index(s, kTestStart);
  auto count = [&](double t_s) {
    return index.candidates(kTestStart + Duration::fromSeconds(t_s), {12.0, -70.0, 0.0}, 5000.0)
        .size();
  };
  EXPECT_EQ(count(0.0), 1U);    // [0, 60]: only "leaves"
  EXPECT_EQ(count(70.0), 2U);   // [60, 120]: "leaves" until 70 s, "arrives" from 100 s
  EXPECT_EQ(count(130.0), 1U);  // [120, 180]: only "arrives"
  const auto late =
      index.candidates(kTestStart + Duration::fromSeconds(70.0), {12.0, -70.0, 0.0}, 5000.0);
  EXPECT_EQ(late[0]->time, kTestStart + Duration::fromSeconds(100.0));  // reference: arrival
}

TEST(TrafficIndex, HandlesTheAntimeridianAndThePoles) {
  Scenario s;
  s.area = Area{60.0, 89.0, 150.0, 210.0};  // across the antimeridian, up to the pole
  s.platforms = {
      testing::moored("east", {70.0, 179.99, 0.0}), testing::moored("west", {70.0, -179.99, 0.0}),
      testing::moored("pole", {89.95, 20.0, 0.0}), testing::moored("far", {70.0, 100.0, 0.0}),
      testing::moored("seam", {70.0, 0.0, 0.0})};
  TrafficIndex index(s, kTestStart);
  auto names = [&](const GeoPoint& centre, double radius_m) {
    std::set<std::string> out;
    for (const auto* c : index.candidates(kTestStart, centre, radius_m))
      out.insert(s.platforms[c->platform].id);
    return out;
  };
  for (const GeoPoint& centre : {GeoPoint{70.0, 180.0, 0.0}, GeoPoint{70.0, -179.999, 0.0}}) {
    const auto found = names(centre, 5000.0);
    EXPECT_TRUE(found.contains("east") && found.contains("west")) << centre;
    EXPECT_FALSE(found.contains("far") || found.contains("pole")) << centre;
  }
  // Across the pole: 20 E and 160 W at 89.95 N are 11 km apart.
  EXPECT_TRUE(names({89.95, -160.0, 0.0}, 12'000.0).contains("pole"));
  EXPECT_TRUE(names({70.0, 100.5, 0.0}, 50'000.0).contains("far"));  // outside the grid
  // On the meridian opposite the area's centre a box cannot be unwrapped: it spans every
  // longitude, so it is found (a superset), from either side.
  EXPECT_TRUE(names({70.0, 0.1, 0.0}, 10'000.0).contains("seam"));
  EXPECT_TRUE(names({70.0, -0.1, 0.0}, 10'000.0).contains("seam"));
}

}  // namespace
}  // namespace picket::sim
