#include "sim/radar_geometry.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "geo/wgs84.hpp"
#include "sim/caribbean_demo.hpp"
#include "sim/scenario.hpp"

namespace picket::sim {
namespace {

using core::GeoPoint;

constexpr GeoPoint kSite{12.5167, -69.9667, 165.0};

double angleDiffDeg(double a, double b) { return std::abs(std::remainder(a - b, 360.0)); }

TEST(RadarHorizon, FollowsTheFourThirdsEarthFormula) {
  EXPECT_NEAR(radarHorizonM(165.0, 10.0), 4120.0 * (std::sqrt(165.0) + std::sqrt(10.0)), 1e-9);
  EXPECT_NEAR(radarHorizonM(165.0, 10.0), 65951.0, 1.0);
  EXPECT_NEAR(radarHorizonM(165.0, 1.5), 57968.0, 1.0);
  EXPECT_EQ(radarHorizonM(0.0, 0.0), 0.0);
  EXPECT_EQ(radarHorizonM(-5.0, 0.0), 0.0);
}

TEST(PolarFrom, MeasuresBearingClockwiseFromTrueNorth) {
  const geo::LocalFrame antenna(kSite);
  const GeoPoint ground{kSite.lat_deg, kSite.lon_deg, 0.0};
  for (const double azimuth : {0.0, 45.0, 90.0, 180.0, 270.0, 359.0}) {
    const GeoPoint target = geo::geodesicDirect(ground, azimuth, 30000.0);
    const PolarView v = polarFrom(antenna, target);
    EXPECT_LT(angleDiffDeg(v.bearing_deg, azimuth), 0.01) << azimuth;
    EXPECT_GE(v.bearing_deg, 0.0);
    EXPECT_LT(v.bearing_deg, 360.0);
  }
}

TEST(PolarFrom, RangeIsTheSlantRangeBetweenEcefPoints) {
  const geo::LocalFrame antenna(kSite);
  const GeoPoint target = geo::geodesicDirect({kSite.lat_deg, kSite.lon_deg, 0.0}, 30.0, 40000.0);
  const PolarView v = polarFrom(antenna, target);
  EXPECT_NEAR(v.range_m, (geo::geodeticToEcef(target) - geo::geodeticToEcef(kSite)).norm(), 1e-6);
  // Longer than the ground distance: the antenna is 165 m up and the sea curves away
  // (about d^2 / 2R = 125 m at 40 km).
  EXPECT_GT(v.range_m, 40000.0);
  EXPECT_LT(v.range_m, 40000.0 + 10.0);
}

TEST(AddPolarNoise, IsUnbiasedWithTheGivenSigmasAndWrapsBearings) {
  Rng rng(11);
  const PolarView truth{20000.0, 0.1};
  constexpr int kDraws = 20000;
  double sum_r = 0.0;
  double sum_r2 = 0.0;
  double sum_b = 0.0;
  double sum_b2 = 0.0;
  for (int i = 0; i < kDraws; ++i) {
    const PolarView v = addPolarNoise(truth, 25.0, 0.3, rng);
    ASSERT_GE(v.bearing_deg, 0.0);
    ASSERT_LT(v.bearing_deg, 360.0);
    const double dr = v.range_m - truth.range_m;
    const double db = std::remainder(v.bearing_deg - truth.bearing_deg, 360.0);
    sum_r += dr;
    sum_r2 += dr * dr;
    sum_b += db;
    sum_b2 += db * db;
  }
  EXPECT_NEAR(sum_r / kDraws, 0.0, 5.0 * 25.0 / std::sqrt(kDraws));
  EXPECT_NEAR(std::sqrt(sum_r2 / kDraws), 25.0, 0.6);
  EXPECT_NEAR(sum_b / kDraws, 0.0, 5.0 * 0.3 / std::sqrt(kDraws));
  EXPECT_NEAR(std::sqrt(sum_b2 / kDraws), 0.3, 0.008);
}

TEST(SampleSeaPoint, StaysInTheAnnulusAndOffTheLand) {
  const Scenario scenario = makeCaribbeanDemo();
  Rng rng(5);
  const GeoPoint centre{kSite.lat_deg, kSite.lon_deg, 0.0};
  double sum_sq = 0.0;
  constexpr int kDraws = 5000;
  for (int i = 0; i < kDraws; ++i) {
    const auto p = sampleSeaPoint(kSite, 2000.0, 60000.0, scenario, rng);
    ASSERT_TRUE(p.has_value());
    const double d = geo::geodesicInverse(centre, *p).distance_m;
    EXPECT_GE(d, 2000.0 - 1e-6);
    EXPECT_LE(d, 60000.0 + 1e-6);
    EXPECT_FALSE(scenario.isOverLand(p->lat_deg, p->lon_deg));
    EXPECT_EQ(p->alt_m, 0.0);
    sum_sq += d * d;
  }
  // Uniform by area over sea: the mean squared distance is near (r1^2 + r2^2) / 2; land
  // (Aruba, Paraguana) removes a little near the centre and to the south.
  EXPECT_NEAR(std::sqrt(sum_sq / kDraws), std::sqrt((2000.0 * 2000.0 + 60000.0 * 60000.0) / 2.0),
              3000.0);
}

TEST(SampleSeaPoint, GivesUpWhenTheAnnulusIsAllLand) {
  Scenario scenario;
  scenario.land.emplace_back(
      std::vector<GeoPoint>{{10.0, -72.0}, {10.0, -68.0}, {15.0, -68.0}, {15.0, -72.0}});
  Rng rng(1);
  EXPECT_FALSE(sampleSeaPoint(kSite, 2000.0, 60000.0, scenario, rng).has_value());
}

constexpr GeoPoint kOthSite{18.0, -66.0, 50.0};

TEST(SampleAnnulusPoint, IsUniformByAreaOnTheSphere) {
  Rng rng(8);
  constexpr int kDraws = 20000;
  constexpr double kR = 6'371'008.8;
  const double r1 = 500'000.0;
  const double r2 = 3'000'000.0;
  double sum_cos = 0.0;
  for (int i = 0; i < kDraws; ++i) {
    const GeoPoint p = sampleAnnulusPoint(kOthSite, r1, r2, rng);
    const double d = geo::geodesicInverse({kOthSite.lat_deg, kOthSite.lon_deg, 0.0}, p).distance_m;
    // Spherical draw placed along the ellipsoid's geodesic: the distance is exact to the draw.
    ASSERT_GE(d, r1 - 1.0);
    ASSERT_LE(d, r2 + 1.0);
    ASSERT_EQ(p.alt_m, 0.0);
    sum_cos += std::cos(d / kR);
  }
  // cos(d / R) is uniform between cos(r2 / R) and cos(r1 / R).
  const double c1 = std::cos(r1 / kR);
  const double c2 = std::cos(r2 / kR);
  EXPECT_NEAR(sum_cos / kDraws, 0.5 * (c1 + c2), 5.0 * (c1 - c2) / std::sqrt(12.0 * kDraws));
}

}  // namespace
}  // namespace picket::sim
