#include "models/measurement_models.hpp"

#include <gtest/gtest.h>

#include "geo/wgs84.hpp"

namespace picket::models {
namespace {

using core::GeoPoint;
using core::Mat3;
using core::Vec2;
using core::Vec3;
using geo::kDegToRad;
using geo::kPi;

/// An antenna at a geodetic point, its ENU frame, and points given by ENU offsets from it.
struct Site {
  Vec3 ecef;
  Mat3 enu_to_ecef;
  explicit Site(const GeoPoint& g)
      : ecef(geo::geodeticToEcef(g)), enu_to_ecef(geo::enuToEcefRotation(g.lat_deg, g.lon_deg)) {}
  [[nodiscard]] Vec3 at(const Vec3& enu_m) const { return ecef + enu_to_ecef * enu_m; }
};

TEST(PredictPolar, BearingIsClockwiseFromTrueNorth) {
  const Site s(GeoPoint{-20.0, 57.5, 10.0});
  const struct {
    Vec3 enu;
    double bearing_rad;
  } cases[] = {{{0.0, 1000.0, 0.0}, 0.0},           {{1000.0, 0.0, 0.0}, 0.5 * kPi},
               {{0.0, -1000.0, 0.0}, kPi},          {{-1000.0, 0.0, 0.0}, 1.5 * kPi},
               {{1000.0, 1000.0, 0.0}, 0.25 * kPi}, {{-1000.0, 1000.0, 500.0}, 1.75 * kPi}};
  for (const auto& c : cases) {
    const Vec2 rb = predictPolar(s.at(c.enu), s.ecef, s.enu_to_ecef);
    EXPECT_NEAR(rb(0), c.enu.norm(), 1e-8) << c.enu.transpose();
    EXPECT_NEAR(rb(1), c.bearing_rad, 1e-12) << c.enu.transpose();
  }
}

TEST(PredictPolar, AgreesWithTheGeodesicAtShortRange) {
  const GeoPoint sensor{43.0, 5.0, 0.0};
  const Site s(sensor);
  for (const double az_deg : {0.0, 37.0, 123.0, 250.0, 359.0}) {
    const GeoPoint target = geo::geodesicDirect(sensor, az_deg, 5000.0);
    const Vec2 rb = predictPolar(geo::geodeticToEcef(target), s.ecef, s.enu_to_ecef);
    EXPECT_NEAR(rb(0), 5000.0, 1e-2) << az_deg;  // chord vs arc: ~s^3 / (24 R^2)
    EXPECT_NEAR(geo::wrapPi(rb(1) - az_deg * kDegToRad), 0.0, 1e-5) << az_deg;
  }
}

}  // namespace
}  // namespace picket::models
