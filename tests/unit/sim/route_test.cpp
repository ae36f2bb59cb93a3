#include "sim/route.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "geo/wgs84.hpp"

namespace picket::sim {
namespace {

using core::Duration;
using core::GeoPoint;

double distanceM(const GeoPoint& a, const GeoPoint& b) {
  return geo::geodesicInverse(a, b).distance_m;
}

double angleDiffDeg(double a, double b) { return std::abs(std::remainder(a - b, 360.0)); }

TEST(Route, StartsAtTheFirstWaypoint) {
  const Route r({{12.8, -69.5, 0.0}, {12.8, -70.5, 0.0}}, 7.0);
  const PlatformState s = r.stateAt(Duration{});
  EXPECT_NEAR(distanceM(s.position, {12.8, -69.5, 0.0}), 0.0, 1e-6);
  EXPECT_DOUBLE_EQ(s.speed_mps, 7.0);
}

TEST(Route, TravelsAtConstantSpeedAlongTheGeodesic) {
  const GeoPoint a{12.3, -70.8, 0.0};
  const GeoPoint b{13.25, -70.15, 0.0};
  const Route r({a, b}, 23.15);
  const double total_m = distanceM(a, b);
  for (const double t_s : {1.0, 600.0, 3000.0}) {
    const PlatformState s = r.stateAt(Duration::fromSeconds(t_s));
    // On the geodesic: the distances from both ends add up to the leg.
    EXPECT_NEAR(distanceM(a, s.position), 23.15 * t_s, 1e-6) << t_s;
    EXPECT_NEAR(distanceM(s.position, b), total_m - 23.15 * t_s, 1e-6) << t_s;
  }
}

TEST(Route, ReachesTheNextWaypointAtTheExpectedTime) {
  const GeoPoint a{12.84, -69.55, 0.0};
  const GeoPoint b{12.845, -70.6, 0.0};
  const GeoPoint c{12.85, -72.4, 0.0};
  const Route r({a, b, c}, 10.0);
  const double leg1_m = distanceM(a, b);
  EXPECT_NEAR(r.lengthM(), leg1_m + distanceM(b, c), 1e-6);
  const PlatformState at_b = r.stateAt(Duration::fromSeconds(leg1_m / 10.0));
  EXPECT_NEAR(distanceM(at_b.position, b), 0.0, 1e-3);
  const PlatformState after_b = r.stateAt(Duration::fromSeconds(leg1_m / 10.0 + 100.0));
  EXPECT_NEAR(distanceM(b, after_b.position), 1000.0, 1e-3);
  EXPECT_NEAR(distanceM(after_b.position, c), distanceM(b, c) - 1000.0, 1e-3);
}

TEST(Route, StopsAtTheLastWaypoint) {
  const GeoPoint a{12.8, -69.5, 0.0};
  const GeoPoint b{12.8, -69.6, 0.0};
  const Route r({a, b}, 10.0);
  const PlatformState s = r.stateAt(Duration::fromSeconds(1e5));
  EXPECT_NEAR(distanceM(s.position, b), 0.0, 1e-6);
  EXPECT_EQ(s.speed_mps, 0.0);
  EXPECT_EQ(s.vel_east_mps, 0.0);
  EXPECT_NEAR(angleDiffDeg(s.course_deg, 270.0), 0.0, 0.1);
}

TEST(Route, NegativeTimeClampsToTheStart) {
  const Route r({{12.8, -69.5, 0.0}, {12.8, -69.6, 0.0}}, 10.0);
  EXPECT_EQ(r.stateAt(Duration::fromSeconds(-5.0)), r.stateAt(Duration{}));
}

TEST(Route, SingleWaypointRouteStaysPut) {
  const Route r({{12.8, -69.5, 3.0}}, 10.0);
  const PlatformState s = r.stateAt(Duration::fromSeconds(100.0));
  EXPECT_EQ(s.position, (GeoPoint{12.8, -69.5, 3.0}));
  EXPECT_EQ(s.speed_mps, 0.0);
}

TEST(Route, CourseIsTheForwardAzimuthOfTheGeodesic) {
  // A long east-west leg: the geodesic's azimuth drifts, the course must follow it.
  const GeoPoint a{12.8, -69.0, 0.0};
  const GeoPoint b{12.8, -72.0, 0.0};
  const Route r({a, b}, 10.0);
  for (const double t_s : {0.0, 5000.0, 15000.0, 30000.0}) {
    const PlatformState s = r.stateAt(Duration::fromSeconds(t_s));
    const double expected = geo::geodesicInverse(s.position, b).azimuth1_deg;
    EXPECT_LT(angleDiffDeg(s.course_deg, expected), 1e-6) << t_s;
    EXPECT_GE(s.course_deg, 0.0);
    EXPECT_LT(s.course_deg, 360.0);
    EXPECT_NEAR(std::hypot(s.vel_east_mps, s.vel_north_mps), 10.0, 1e-9);
    EXPECT_NEAR(std::atan2(s.vel_east_mps, s.vel_north_mps) * geo::kRadToDeg,
                std::remainder(s.course_deg, 360.0), 1e-9);
  }
}

TEST(Route, LoopRepeatsWithItsPeriod) {
  const Route r({{12.8, -70.5, 1500.0}, {12.8, -70.3, 1500.0}, {12.9, -70.4, 1500.0}}, 113.0,
                RouteEnd::Loop);
  const double period_s = r.lengthM() / 113.0;
  for (const double t_s : {10.0, 500.0, 1234.5}) {
    const PlatformState s1 = r.stateAt(Duration::fromSeconds(t_s));
    const PlatformState s2 = r.stateAt(Duration::fromSeconds(t_s + 3.0 * period_s));
    EXPECT_NEAR(distanceM(s1.position, s2.position), 0.0, 1e-3) << t_s;
    EXPECT_NEAR(s2.position.alt_m, 1500.0, 1e-9);
    EXPECT_DOUBLE_EQ(s2.speed_mps, 113.0);
  }
}

TEST(Route, RejectsEmptyRoutesAndNegativeSpeed) {
  EXPECT_THROW(Route({}, 1.0), std::invalid_argument);
  EXPECT_THROW(Route({{0.0, 0.0, 0.0}}, -1.0), std::invalid_argument);
}

TEST(Racetrack, HasStraightLegsOfTheRequestedLengthAndRightTurns) {
  const GeoPoint centre{12.85, -70.45, 1500.0};
  const auto points = racetrackWaypoints(centre, 90.0, 60000.0, 5000.0, 6);
  ASSERT_EQ(points.size(), 14U);
  // First leg: along the axis, 60 km, on the left (north) of the centre line.
  EXPECT_NEAR(distanceM(points[0], points[1]), 60000.0, 60.0);
  EXPECT_NEAR(geo::geodesicInverse(points[0], points[1]).azimuth1_deg, 90.0, 0.2);
  EXPECT_GT(points[0].lat_deg, centre.lat_deg);
  // Inbound leg: back along the axis on the other side, 10 km away.
  EXPECT_NEAR(distanceM(points[7], points[8]), 60000.0, 60.0);
  EXPECT_NEAR(geo::geodesicInverse(points[7], points[8]).azimuth1_deg, -90.0, 0.2);
  EXPECT_NEAR(distanceM(points[0], points[8]), 10000.0, 20.0);
  // Clockwise: from the eastbound leg the turn goes south (a right turn).
  EXPECT_LT(points[2].lat_deg, points[1].lat_deg);
  EXPECT_GT(points[2].lon_deg, points[1].lon_deg);
  for (const GeoPoint& p : points) {
    EXPECT_EQ(p.alt_m, 1500.0);
    EXPECT_LT(distanceM(p, centre), 35100.0);
  }
  const Route loop(points, 113.0, RouteEnd::Loop);
  // Two legs plus two semicircles of six chords each: 2 * 60 km + 12 * 2 R sin(15 deg).
  const double expected_m = 120000.0 + 12.0 * 2.0 * 5000.0 * std::sin(15.0 * geo::kDegToRad);
  EXPECT_NEAR(loop.lengthM(), expected_m, 150.0);
}

TEST(WrapDeg360, MapsEveryAngleIntoZeroTo360) {
  EXPECT_EQ(wrapDeg360(0.0), 0.0);
  EXPECT_EQ(wrapDeg360(360.0), 0.0);
  EXPECT_EQ(wrapDeg360(720.0), 0.0);
  EXPECT_DOUBLE_EQ(wrapDeg360(-90.0), 270.0);
  EXPECT_DOUBLE_EQ(wrapDeg360(450.5), 90.5);
  const double tiny = wrapDeg360(-1e-15);
  EXPECT_GE(tiny, 0.0);
  EXPECT_LT(tiny, 360.0);
}

}  // namespace
}  // namespace picket::sim
