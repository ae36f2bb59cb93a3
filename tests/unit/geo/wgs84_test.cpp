#include "geo/wgs84.hpp"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <GeographicLib/Constants.hpp>
#include <GeographicLib/Geocentric.hpp>
#include <GeographicLib/LocalCartesian.hpp>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace picket::geo {
namespace {

// WGS-84 defining constants, used only as test oracles (the code under test goes through
// GeographicLib).
constexpr double kA = 6378137.0;
constexpr double kF = 1.0 / 298.257223563;
constexpr double kB = kA * (1.0 - kF);  // 6356752.314245179
constexpr double kE2 = kF * (2.0 - kF);

/// Uniform double in [lo, hi) from a fixed-seed engine (std::uniform_real_distribution is
/// implementation-defined, so draw the bits ourselves).
double uniform(std::mt19937_64& rng, double lo, double hi) {
  const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
  return lo + (hi - lo) * u;
}

/// Difference of two longitudes in degrees, wrapped to (-180, 180].
double lonDiffDeg(double a, double b) { return std::remainder(a - b, 360.0); }

/// Textbook closed form (Hofmann-Wellenhof et al.), an oracle independent of GeographicLib.
Vec3 closedFormEcef(double lat_deg, double lon_deg, double h_m) {
  const double lat = lat_deg * kDegToRad;
  const double lon = lon_deg * kDegToRad;
  const double n = kA / std::sqrt(1.0 - kE2 * std::sin(lat) * std::sin(lat));
  return {(n + h_m) * std::cos(lat) * std::cos(lon), (n + h_m) * std::cos(lat) * std::sin(lon),
          (n * (1.0 - kE2) + h_m) * std::sin(lat)};
}

TEST(GeodeticToEcef, EquatorAtPrimeMeridianIsOnXAxisAtSemiMajorAxis) {
  const Vec3 p = geodeticToEcef({0.0, 0.0, 0.0});
  EXPECT_NEAR(p.x(), 6378137.0, 1e-9);
  EXPECT_NEAR(p.y(), 0.0, 1e-9);
  EXPECT_NEAR(p.z(), 0.0, 1e-9);
}

TEST(GeodeticToEcef, EquatorAt90EastIsOnYAxis) {
  const Vec3 p = geodeticToEcef({0.0, 90.0, 0.0});
  EXPECT_NEAR(p.x(), 0.0, 1e-9);
  EXPECT_NEAR(p.y(), 6378137.0, 1e-9);
  EXPECT_NEAR(p.z(), 0.0, 1e-9);
}

TEST(GeodeticToEcef, PolesAreOnZAxisAtSemiMinorAxis) {
  const Vec3 north = geodeticToEcef({90.0, 0.0, 0.0});
  EXPECT_NEAR(north.x(), 0.0, 1e-9);
  EXPECT_NEAR(north.y(), 0.0, 1e-9);
  EXPECT_NEAR(north.z(), 6356752.314245, 1e-6);
  const Vec3 south = geodeticToEcef({-90.0, 123.0, 0.0});
  EXPECT_NEAR(south.head<2>().norm(), 0.0, 1e-9);
  EXPECT_NEAR(south.z(), -6356752.314245, 1e-6);
}

TEST(GeodeticToEcef, MatchesTextbookClosedForm) {
  const std::vector<GeoPoint> points = {{45.0, 0.0, 0.0},      {45.0, 7.5, 1234.5},
                                        {-33.9, 151.2, -30.0}, {60.0, -179.999, 8000.0},
                                        {89.5, 45.0, 0.0},     {-12.25, -77.0, -430.0}};
  for (const auto& g : points) {
    SCOPED_TRACE(::testing::Message() << g);
    const Vec3 expected = closedFormEcef(g.lat_deg, g.lon_deg, g.alt_m);
    EXPECT_LT((geodeticToEcef(g) - expected).norm(), 1e-6);
  }
}

TEST(GeodeticToEcef, HeightMovesAlongTheUpVector) {
  const GeoPoint base{45.0, 10.0, 0.0};
  const Vec3 up = enuToEcefRotation(base.lat_deg, base.lon_deg).col(2);
  const Vec3 delta = geodeticToEcef({45.0, 10.0, 1000.0}) - geodeticToEcef(base);
  EXPECT_LT((delta - 1000.0 * up).norm(), 1e-8);
  const Vec3 below = geodeticToEcef({45.0, 10.0, -250.0}) - geodeticToEcef(base);
  EXPECT_LT((below + 250.0 * up).norm(), 1e-8);
}

// geodeticToEcefClosedForm against GeographicLib's Geocentric::Forward. The two evaluate the
// same formula; they differ only in the trigonometry (libm sin/cos of radians against
// Math::sincosd's exact reduction in degrees). Error budget relative to |p|, in units of
// eps = 2^-52: the degree-to-radian product rounds the angle by <= eps/2 relative, which moves
// the point by <= |angle| eps/2 |p| <= (pi/2) eps |p| (longitude up to pi); sin and cos are
// within 1 ulp each; the products and sums of the formula add a few half-ulps. 8 eps is a
// safe bound (1.8e-15 |p|: 0.08 um at 40,000 km, 12 nm on the surface); 4 million points
// measured at most 2.1 eps.
double closedFormDiscrepancy(const GeoPoint& g) {
  double x = 0.0;
  double y = 0.0;
  double z = 0.0;
  GeographicLib::Geocentric::WGS84().Forward(g.lat_deg, g.lon_deg, g.alt_m, x, y, z);
  const Vec3 reference(x, y, z);
  return (geodeticToEcefClosedForm(g) - reference).norm() / reference.norm();
}
constexpr double kClosedFormTolerance = 8.0 * 0x1.0p-52;

TEST(GeodeticToEcefClosedForm, AgreesWithGeographicLibOverTheGlobe) {
  std::mt19937_64 rng(20261129);
  double worst = 0.0;
  for (int i = 0; i < 200000; ++i) {
    const GeoPoint g{uniform(rng, -90.0, 90.0), uniform(rng, -180.0, 180.0),
                     uniform(rng, -1000.0, 40'000'000.0)};
    const double d = closedFormDiscrepancy(g);
    worst = std::max(worst, d);
    ASSERT_LE(d, kClosedFormTolerance) << g;
  }
  // The tolerance is not vacuous: the two do differ, by a few ulps.
  EXPECT_GT(worst, 0.0);
}

TEST(GeodeticToEcefClosedForm, AgreesWithGeographicLibAtPolesAntimeridianAndExtremeHeights) {
  std::mt19937_64 rng(11);
  std::vector<GeoPoint> points;
  for (const double lat : {90.0, -90.0, 89.9999999, -89.9999999, 0.0, 45.0, -45.0}) {
    for (const double lon : {180.0, -180.0, 179.9999999, -179.9999999, 0.0, 90.0, -90.0}) {
      for (const double h : {-1000.0, 0.0, 12'000.0, 40'000'000.0}) points.push_back({lat, lon, h});
    }
  }
  for (int i = 0; i < 20000; ++i) {  // within 0.01 deg of a pole or of the antimeridian
    const double side = i % 2 == 0 ? 1.0 : -1.0;
    const double lat = side * (90.0 - uniform(rng, 0.0, 0.01));
    points.push_back({lat, uniform(rng, -180.0, 180.0), uniform(rng, -1000.0, 40'000'000.0)});
    const double lon = side * (180.0 - uniform(rng, 0.0, 0.01));
    points.push_back({uniform(rng, -90.0, 90.0), lon, uniform(rng, -1000.0, 40'000'000.0)});
  }
  for (const GeoPoint& g : points) ASSERT_LE(closedFormDiscrepancy(g), kClosedFormTolerance) << g;
}

TEST(GeodeticToEcefClosedForm, RejectsAWrongEllipsoid) {
  // The comparison sees a 1 mm error: a sphere or a different flattening would fail it.
  const GeoPoint g{37.0, -76.0, 0.0};
  double x = 0.0;
  double y = 0.0;
  double z = 0.0;
  GeographicLib::Geocentric::WGS84().Forward(g.lat_deg, g.lon_deg, g.alt_m, x, y, z);
  EXPECT_GT(1e-3 / Vec3(x, y, z).norm(), kClosedFormTolerance);
  GeographicLib::Geocentric grs80(GeographicLib::Constants::WGS84_a(), 1.0 / 298.257222101);
  grs80.Forward(g.lat_deg, g.lon_deg, g.alt_m, x, y, z);
  EXPECT_GT((geodeticToEcefClosedForm(g) - Vec3(x, y, z)).norm() / Vec3(x, y, z).norm(),
            kClosedFormTolerance);
}

TEST(GeodeticFrameClosedForm, MatchesGeodeticToEcefAndEnuToEcefRotation) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 20000; ++i) {
    GeoPoint g{uniform(rng, -90.0, 90.0), uniform(rng, -180.0, 180.0), 0.0};
    if (i < 2) g.lat_deg = i == 0 ? 90.0 : -90.0;  // the poles, and then the antimeridian
    if (i == 2) g.lon_deg = 180.0;
    Vec3 ecef;
    Mat3 r;
    geodeticFrameClosedForm(g, ecef, r);
    EXPECT_EQ(ecef, geodeticToEcefClosedForm(g));
    // Unit-vector entries: a few ulps of 1 (sin and cos within 1 ulp, one product).
    ASSERT_LT((r - enuToEcefRotation(g.lat_deg, g.lon_deg)).cwiseAbs().maxCoeff(), 1e-15) << g;
  }
}

struct RoundTripCase {
  const char* name;
  GeoPoint point;
};

class GeodeticRoundTrip : public ::testing::TestWithParam<RoundTripCase> {};

TEST_P(GeodeticRoundTrip, EcefToGeodeticInvertsGeodeticToEcef) {
  const GeoPoint g = GetParam().point;
  const Vec3 ecef = geodeticToEcef(g);
  const GeoPoint back = ecefToGeodetic(ecef);
  EXPECT_NEAR(back.lat_deg, g.lat_deg, 1e-10);
  EXPECT_NEAR(back.alt_m, g.alt_m, 1e-6);
  if (std::abs(g.lat_deg) < 90.0) {
    // Longitude is undefined at a pole; elsewhere -180 and 180 are the same meridian.
    EXPECT_NEAR(lonDiffDeg(back.lon_deg, g.lon_deg), 0.0, 1e-10);
  }
  EXPECT_GE(back.lon_deg, -180.0);
  EXPECT_LE(back.lon_deg, 180.0);
  // Whatever the representation, it is the same point.
  EXPECT_LT((geodeticToEcef(back) - ecef).norm(), 1e-6);
}

INSTANTIATE_TEST_SUITE_P(
    Geo, GeodeticRoundTrip,
    ::testing::Values(RoundTripCase{"Origin", {0.0, 0.0, 0.0}},
                      RoundTripCase{"Equator90W", {0.0, -90.0, 15.0}},
                      RoundTripCase{"Lat45N", {45.0, 12.5, 100.0}},
                      RoundTripCase{"Lat45S", {-45.0, -60.0, 2500.0}},
                      RoundTripCase{"NearNorthPole", {89.999999, 30.0, 10.0}},
                      RoundTripCase{"NearSouthPole", {-89.999999, -150.0, 10.0}},
                      RoundTripCase{"NorthPole", {90.0, 0.0, 50.0}},
                      RoundTripCase{"SouthPole", {-90.0, 0.0, 0.0}},
                      RoundTripCase{"Antimeridian180", {10.0, 180.0, 0.0}},
                      RoundTripCase{"AntimeridianMinus180", {-10.0, -180.0, 0.0}},
                      RoundTripCase{"JustEastOfAntimeridian", {52.0, -179.9999999, 5.0}},
                      RoundTripCase{"JustWestOfAntimeridian", {52.0, 179.9999999, 5.0}},
                      RoundTripCase{"DeadSeaDepth", {31.5, 35.5, -430.0}},
                      RoundTripCase{"DeepNegativeHeight", {20.0, -150.0, -10000.0}},
                      RoundTripCase{"Aircraft", {43.0, 5.0, 12000.0}}),
    [](const ::testing::TestParamInfo<RoundTripCase>& param_info) {
      return param_info.param.name;
    });

TEST(EcefToGeodetic, RoundTripsRandomPointsOverTheGlobe) {
  std::mt19937_64 rng(20240601);
  for (int i = 0; i < 2000; ++i) {
    const GeoPoint g{uniform(rng, -90.0, 90.0), uniform(rng, -180.0, 180.0),
                     uniform(rng, -1000.0, 20000.0)};
    const GeoPoint back = ecefToGeodetic(geodeticToEcef(g));
    ASSERT_NEAR(back.lat_deg, g.lat_deg, 1e-10) << g;
    ASSERT_NEAR(lonDiffDeg(back.lon_deg, g.lon_deg), 0.0, 1e-10) << g;
    ASSERT_NEAR(back.alt_m, g.alt_m, 1e-6) << g;
  }
}

TEST(EcefToGeodetic, EarthCentreDoesNotProduceNaN) {
  const GeoPoint g = ecefToGeodetic(Vec3::Zero());
  EXPECT_TRUE(std::isfinite(g.lat_deg));
  EXPECT_TRUE(std::isfinite(g.lon_deg));
  EXPECT_TRUE(std::isfinite(g.alt_m));
}

const std::vector<GeoPoint>& framePoints() {
  static const std::vector<GeoPoint> points = {
      {0.0, 0.0, 0.0},    {45.0, 0.0, 0.0},    {45.0, 90.0, 0.0},    {-33.0, 151.0, 0.0},
      {60.0, 180.0, 0.0}, {60.0, -180.0, 0.0}, {-71.5, -179.5, 0.0}, {89.9999, 10.0, 0.0},
      {90.0, 0.0, 0.0},   {-90.0, 0.0, 0.0},   {12.0, -45.0, 0.0}};
  return points;
}

TEST(EnuToEcefRotation, IsOrthonormalWithDeterminantOne) {
  for (const auto& g : framePoints()) {
    SCOPED_TRACE(::testing::Message() << g);
    const Mat3 r = enuToEcefRotation(g.lat_deg, g.lon_deg);
    EXPECT_LT((r.transpose() * r - Mat3::Identity()).cwiseAbs().maxCoeff(), 1e-14);
    EXPECT_NEAR(r.determinant(), 1.0, 1e-14);
  }
}

TEST(EnuToEcefRotation, UpIsTheEllipsoidNormal) {
  for (const auto& g : framePoints()) {
    SCOPED_TRACE(::testing::Message() << g);
    const Vec3 up = enuToEcefRotation(g.lat_deg, g.lon_deg).col(2);
    // Closed form of the geodetic normal...
    const double lat = g.lat_deg * kDegToRad;
    const double lon = g.lon_deg * kDegToRad;
    const Vec3 normal(std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat));
    EXPECT_LT((up - normal).norm(), 1e-14);
    // ...and the gradient of x^2/a^2 + y^2/a^2 + z^2/b^2 at the surface point.
    const Vec3 p = geodeticToEcef(g);
    const Vec3 grad = Vec3(p.x() / (kA * kA), p.y() / (kA * kA), p.z() / (kB * kB)).normalized();
    EXPECT_LT((up - grad).norm(), 1e-12);
  }
}

TEST(EnuToEcefRotation, AxesPointEastNorthUpAtKnownPoints) {
  {
    const Mat3 r = enuToEcefRotation(0.0, 0.0);
    EXPECT_LT((r.col(0) - Vec3(0, 1, 0)).norm(), 1e-15);
    EXPECT_LT((r.col(1) - Vec3(0, 0, 1)).norm(), 1e-15);
    EXPECT_LT((r.col(2) - Vec3(1, 0, 0)).norm(), 1e-15);
  }
  {
    const Mat3 r = enuToEcefRotation(0.0, 90.0);
    EXPECT_LT((r.col(0) - Vec3(-1, 0, 0)).norm(), 1e-15);
    EXPECT_LT((r.col(1) - Vec3(0, 0, 1)).norm(), 1e-15);
    EXPECT_LT((r.col(2) - Vec3(0, 1, 0)).norm(), 1e-15);
  }
  {
    const Mat3 r = enuToEcefRotation(0.0, 180.0);
    EXPECT_LT((r.col(0) - Vec3(0, -1, 0)).norm(), 1e-15);
    EXPECT_LT((r.col(2) - Vec3(-1, 0, 0)).norm(), 1e-15);
  }
  {
    // At the north pole with longitude 0, north points back down the prime meridian (-x) and
    // east is +y (the direction of increasing longitude at lon 0).
    const Mat3 r = enuToEcefRotation(90.0, 0.0);
    EXPECT_LT((r.col(0) - Vec3(0, 1, 0)).norm(), 1e-15);
    EXPECT_LT((r.col(1) - Vec3(-1, 0, 0)).norm(), 1e-15);
    EXPECT_LT((r.col(2) - Vec3(0, 0, 1)).norm(), 1e-15);
  }
  {
    const double s = std::sqrt(0.5);
    const Mat3 r = enuToEcefRotation(45.0, 0.0);
    EXPECT_LT((r.col(0) - Vec3(0, 1, 0)).norm(), 1e-15);
    EXPECT_LT((r.col(1) - Vec3(-s, 0, s)).norm(), 1e-15);
    EXPECT_LT((r.col(2) - Vec3(s, 0, s)).norm(), 1e-15);
  }
}

TEST(EnuToEcefRotation, EastAndNorthFollowIncreasingLongitudeAndLatitude) {
  const double step_deg = 1e-6;
  for (const auto& g : framePoints()) {
    if (std::abs(g.lat_deg) > 89.0) continue;  // meridians converge; checked above
    SCOPED_TRACE(::testing::Message() << g);
    const Mat3 r = enuToEcefRotation(g.lat_deg, g.lon_deg);
    const Vec3 d_lon = geodeticToEcef({g.lat_deg, g.lon_deg + step_deg, 0.0}) -
                       geodeticToEcef({g.lat_deg, g.lon_deg - step_deg, 0.0});
    const Vec3 d_lat = geodeticToEcef({g.lat_deg + step_deg, g.lon_deg, 0.0}) -
                       geodeticToEcef({g.lat_deg - step_deg, g.lon_deg, 0.0});
    EXPECT_LT((d_lon.normalized() - r.col(0)).norm(), 1e-7);
    EXPECT_LT((d_lat.normalized() - r.col(1)).norm(), 1e-7);
  }
}

TEST(LocalFrame, OriginMapsToZeroAndBack) {
  const GeoPoint origin{43.1, 5.9, 25.0};
  const LocalFrame frame(origin);
  EXPECT_LT((frame.originEcef() - geodeticToEcef(origin)).norm(), 1e-9);
  EXPECT_LT(frame.toLocal(geodeticToEcef(origin)).norm(), 1e-9);
  EXPECT_LT((frame.toEcef(Vec3::Zero()) - geodeticToEcef(origin)).norm(), 1e-9);
  EXPECT_LT((frame.enuToEcef() - enuToEcefRotation(origin.lat_deg, origin.lon_deg)).norm(), 1e-15);
}

TEST(LocalFrame, ToLocalInvertsToEcef) {
  std::mt19937_64 rng(7);
  for (const auto& g : framePoints()) {
    const LocalFrame frame({g.lat_deg, g.lon_deg, 30.0});
    for (int i = 0; i < 50; ++i) {
      const Vec3 enu(uniform(rng, -1e5, 1e5), uniform(rng, -1e5, 1e5), uniform(rng, -1e3, 1e4));
      ASSERT_LT((frame.toLocal(frame.toEcef(enu)) - enu).norm(), 1e-8) << g;
    }
  }
}

TEST(LocalFrame, MatchesGeographicLibLocalCartesian) {
  const GeoPoint origin{-20.5, 179.9, 12.0};
  const LocalFrame frame(origin);
  const GeographicLib::LocalCartesian reference(origin.lat_deg, origin.lon_deg, origin.alt_m);
  const std::vector<GeoPoint> targets = {
      {-20.4, 179.95, 0.0}, {-20.6, -179.8, 100.0}, {-21.0, 179.0, -5.0}, {-20.5, 179.9, 3000.0}};
  for (const auto& t : targets) {
    SCOPED_TRACE(::testing::Message() << t);
    Vec3 expected;
    reference.Forward(t.lat_deg, t.lon_deg, t.alt_m, expected.x(), expected.y(), expected.z());
    EXPECT_LT((frame.toLocal(geodeticToEcef(t)) - expected).norm(), 1e-6);
  }
}

TEST(LocalFrame, AxesPointEastNorthUp) {
  const GeoPoint origin{50.0, -4.0, 0.0};
  const LocalFrame frame(origin);
  const Vec3 north = frame.toLocal(geodeticToEcef({50.001, -4.0, 0.0}));
  EXPECT_GT(north.y(), 100.0);
  EXPECT_NEAR(north.x(), 0.0, 1e-6);
  const Vec3 east = frame.toLocal(geodeticToEcef({50.0, -3.999, 0.0}));
  EXPECT_GT(east.x(), 50.0);
  EXPECT_NEAR(east.y(), 0.0, 1e-3);  // the parallel curves slightly towards the pole
  const Vec3 up = frame.toLocal(geodeticToEcef({50.0, -4.0, 123.0}));
  EXPECT_LT((up - Vec3(0, 0, 123.0)).norm(), 1e-8);
}

TEST(GeodesicInverse, OneDegreeOfLatitudeAtTheEquator) {
  const GeodesicInverse g = geodesicInverse({0.0, 0.0, 0.0}, {1.0, 0.0, 0.0});
  EXPECT_NEAR(g.distance_m, 110574.388556, 1e-5);
  EXPECT_NEAR(g.azimuth1_deg, 0.0, 1e-12);
  EXPECT_NEAR(g.azimuth2_deg, 0.0, 1e-12);
}

TEST(GeodesicInverse, JfkToLhrMatchesGeographicLibDocumentation) {
  // GeodSolve(1) example: JFK (40.6, -73.8) to LHR (51.6, -0.5).
  const GeodesicInverse g = geodesicInverse({40.6, -73.8, 0.0}, {51.6, -0.5, 0.0});
  EXPECT_NEAR(g.azimuth1_deg, 51.198882845, 1e-9);
  EXPECT_NEAR(g.azimuth2_deg, 107.821776735, 1e-9);
  EXPECT_NEAR(g.distance_m, 5551759.400, 1e-3);
}

TEST(GeodesicInverse, QuarterOfTheEquatorIsAQuarterOfItsCircumference) {
  const GeodesicInverse g = geodesicInverse({0.0, 0.0, 0.0}, {0.0, 90.0, 0.0});
  EXPECT_NEAR(g.distance_m, kA * kPi / 2.0, 1e-6);
  EXPECT_NEAR(g.azimuth1_deg, 90.0, 1e-12);
  EXPECT_NEAR(g.azimuth2_deg, 90.0, 1e-12);
}

TEST(GeodesicInverse, CrossingTheAntimeridianTakesTheShortWay) {
  const GeodesicInverse east = geodesicInverse({0.0, 179.5, 0.0}, {0.0, -179.5, 0.0});
  EXPECT_NEAR(east.distance_m, kA * kDegToRad, 1e-6);  // 1 degree of equator, not 359
  EXPECT_NEAR(east.azimuth1_deg, 90.0, 1e-12);
  const GeodesicInverse west = geodesicInverse({0.0, -179.5, 0.0}, {0.0, 179.5, 0.0});
  EXPECT_NEAR(west.distance_m, east.distance_m, 1e-9);
  EXPECT_NEAR(std::abs(west.azimuth1_deg), 90.0, 1e-12);
  EXPECT_LT(west.azimuth1_deg, 0.0);
}

TEST(GeodesicInverse, IgnoresHeightsAndIsSymmetric) {
  const GeoPoint a{43.0, 5.0, 0.0};
  const GeoPoint b{42.5, 6.2, 0.0};
  const GeodesicInverse ab = geodesicInverse(a, b);
  const GeodesicInverse ab_high = geodesicInverse({43.0, 5.0, 9000.0}, {42.5, 6.2, -50.0});
  const GeodesicInverse ba = geodesicInverse(b, a);
  EXPECT_DOUBLE_EQ(ab_high.distance_m, ab.distance_m);
  EXPECT_NEAR(ba.distance_m, ab.distance_m, 1e-8);
  // The reverse geodesic leaves b opposite to the forward azimuth at b.
  EXPECT_NEAR(std::remainder(ba.azimuth1_deg - (ab.azimuth2_deg + 180.0), 360.0), 0.0, 1e-9);
  const GeodesicInverse same = geodesicInverse(a, a);
  EXPECT_NEAR(same.distance_m, 0.0, 1e-9);
}

TEST(GeodesicDirect, InvertsGeodesicInverseOnRandomPairs) {
  std::mt19937_64 rng(99);
  for (int i = 0; i < 500; ++i) {
    const GeoPoint a{uniform(rng, -85.0, 85.0), uniform(rng, -180.0, 180.0), 0.0};
    const GeoPoint b{uniform(rng, -85.0, 85.0), uniform(rng, -180.0, 180.0), 0.0};
    const GeodesicInverse inv = geodesicInverse(a, b);
    const GeoPoint reached = geodesicDirect(a, inv.azimuth1_deg, inv.distance_m);
    ASSERT_LT((geodeticToEcef(reached) - geodeticToEcef(b)).norm(), 1e-6) << a << " -> " << b;
  }
}

TEST(GeodesicDirect, TravelsTheRequestedDistanceAndKeepsHeight) {
  const GeoPoint start{59.0, 179.99, 42.0};  // crosses the antimeridian going east
  const GeoPoint end = geodesicDirect(start, 90.0, 10 * kNauticalMileM);
  EXPECT_DOUBLE_EQ(end.alt_m, 42.0);
  EXPECT_LT(end.lon_deg, -179.0);
  const GeodesicInverse back = geodesicInverse(start, end);
  EXPECT_NEAR(back.distance_m, 10 * kNauticalMileM, 1e-6);
  EXPECT_NEAR(back.azimuth1_deg, 90.0, 1e-9);
  const GeoPoint north = geodesicDirect({0.0, 0.0, 0.0}, 0.0, 110574.388556);
  EXPECT_NEAR(north.lat_deg, 1.0, 1e-10);
  EXPECT_NEAR(north.lon_deg, 0.0, 1e-12);
}

TEST(WrapPi, LeavesAnglesInsideTheRangeUnchanged) {
  for (const double a : {0.0, 1e-300, -1e-12, 0.5, -0.5, 3.0, -3.0, kPi}) {
    EXPECT_DOUBLE_EQ(wrapPi(a), a) << a;
  }
}

TEST(WrapPi, MapsMinusPiToPlusPi) {
  EXPECT_DOUBLE_EQ(wrapPi(-kPi), kPi);
  EXPECT_NEAR(wrapPi(3.0 * kPi), kPi, 1e-12);
  EXPECT_NEAR(wrapPi(-3.0 * kPi), kPi, 1e-12);
}

TEST(WrapPi, WrapsMultiplesOfTwoPiToZero) {
  EXPECT_DOUBLE_EQ(wrapPi(2.0 * kPi), 0.0);
  EXPECT_DOUBLE_EQ(wrapPi(-2.0 * kPi), 0.0);
  EXPECT_NEAR(wrapPi(200.0 * kPi), 0.0, 1e-12);
  EXPECT_NEAR(wrapPi(2.0 * kPi + 0.25), 0.25, 1e-15);
  EXPECT_NEAR(wrapPi(-2.0 * kPi - 0.25), -0.25, 1e-15);
  EXPECT_NEAR(wrapPi(1.5 * kPi), -0.5 * kPi, 1e-15);
}

TEST(WrapPi, ResultIsAlwaysInHalfOpenRangeAndSameDirection) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 10000; ++i) {
    const double a = uniform(rng, -1000.0, 1000.0);
    const double w = wrapPi(a);
    ASSERT_GT(w, -kPi) << a;
    ASSERT_LE(w, kPi) << a;
    ASSERT_NEAR(std::sin(w), std::sin(a), 1e-12) << a;
    ASSERT_NEAR(std::cos(w), std::cos(a), 1e-12) << a;
  }
}

TEST(WrapTwoPi, MapsIntoZeroToTwoPi) {
  EXPECT_DOUBLE_EQ(wrapTwoPi(0.0), 0.0);
  EXPECT_DOUBLE_EQ(wrapTwoPi(2.0 * kPi), 0.0);
  EXPECT_DOUBLE_EQ(wrapTwoPi(-2.0 * kPi), 0.0);
  EXPECT_DOUBLE_EQ(wrapTwoPi(kPi), kPi);
  EXPECT_NEAR(wrapTwoPi(-0.5 * kPi), 1.5 * kPi, 1e-15);
  EXPECT_NEAR(wrapTwoPi(3.5 * kPi), 1.5 * kPi, 1e-14);
  EXPECT_NEAR(wrapTwoPi(-7.0), 4.0 * kPi - 7.0, 1e-14);
}

TEST(WrapTwoPi, TinyNegativeAngleDoesNotReturnTwoPi) {
  for (const double a : {-1e-20, -1e-300, -0.0}) {
    const double w = wrapTwoPi(a);
    EXPECT_GE(w, 0.0) << a;
    EXPECT_LT(w, 2.0 * kPi) << a;
  }
  EXPECT_NEAR(wrapTwoPi(-1e-9), 2.0 * kPi - 1e-9, 1e-15);
}

TEST(WrapTwoPi, ResultIsAlwaysInHalfOpenRangeAndSameDirection) {
  std::mt19937_64 rng(4);
  for (int i = 0; i < 10000; ++i) {
    const double a = uniform(rng, -1000.0, 1000.0);
    const double w = wrapTwoPi(a);
    ASSERT_GE(w, 0.0) << a;
    ASSERT_LT(w, 2.0 * kPi) << a;
    ASSERT_NEAR(std::sin(w), std::sin(a), 1e-12) << a;
    ASSERT_NEAR(std::cos(w), std::cos(a), 1e-12) << a;
  }
}

}  // namespace
}  // namespace picket::geo

TEST(EnuToEcefRotation, EqualsGeographicLibGeocentricForwardMatrix) {
  // The rotation is built without GeographicLib's allocating Forward(..., M); it must be the
  // same matrix everywhere, poles and antimeridian included.
  const std::vector<std::pair<double, double>> points = {
      {0, 0}, {12.5167, -69.9667}, {-33.9, 151.2}, {89.999, 179.999}, {-90, -180}, {90, 0},
      {45, -120}, {-10, -55}, {35, 180}};
  for (const auto& [lat, lon] : points) {
    std::vector<double> m(9);
    double x = 0, y = 0, z = 0;
    GeographicLib::Geocentric::WGS84().Forward(lat, lon, 0.0, x, y, z, m);
    const picket::core::Mat3 r = picket::geo::enuToEcefRotation(lat, lon);
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 3; ++j) {
        EXPECT_NEAR(r(i, j), m[static_cast<std::size_t>(3 * i + j)], 1e-15)
            << "lat " << lat << " lon " << lon << " (" << i << "," << j << ")";
      }
    }
  }
}
