#include "models/plane_measurements.hpp"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <cstdint>
#include <functional>

#include "geo/wgs84.hpp"

namespace picket::models {
namespace {

using core::GeoPoint;
using core::Mat2;
using core::Mat3;
using core::Vec2;
using core::Vec3;
using geo::kDegToRad;
using geo::kPi;

HVec stateOf(double e, double n, double ve, double vn, double omega = 0.0) {
  HVec x;
  x << e, n, ve, vn, omega;
  return x;
}

/// Central-difference Jacobian of h(x) = z - y(x) for an M-dimensional model, with the
/// bearing row (index 1) wrapped before differencing.
template <int M>
Eigen::Matrix<double, M, kHorizontalStates> numericalJacobian(
    const std::function<Eigen::Matrix<double, M, 1>(const HVec&)>& innovation, const HVec& x) {
  Eigen::Matrix<double, M, kHorizontalStates> j;
  for (int k = 0; k < kHorizontalStates; ++k) {
    const double h = k < 2 ? 0.5 : (k < 4 ? 1e-3 : 1e-6);
    HVec xp = x;
    HVec xm = x;
    xp(k) += h;
    xm(k) -= h;
    Eigen::Matrix<double, M, 1> diff = innovation(xp) - innovation(xm);
    if (M > 1) diff(1) = geo::wrapPi(diff(1));
    j.col(k) = -diff / (2.0 * h);
  }
  return j;
}

/// A radar antenna at a geodetic point: 30 km from the plane's anchor by default.
core::PolarMeasurement radarAt(const GeoPoint& site) {
  core::PolarMeasurement m;
  m.sensor_ecef_m = geo::geodeticToEcef(site);
  m.sensor_enu_to_ecef = geo::enuToEcefRotation(site.lat_deg, site.lon_deg);
  m.range_m = 30000.0;
  m.range_sigma_m = 25.0;
  m.bearing_rad = 1.0;
  m.bearing_sigma_rad = 0.3 * kDegToRad;
  m.range_rate_sigma_mps = 0.5;
  return m;
}

const GeoPoint kAnchor{12.3, -69.8, 0.0};

TEST(PlaneMeasurements, PositionAtTheAnchorIsUnrotated) {
  const geo::TangentPlane plane(kAnchor);
  core::PositionMeasurement m;
  m.position = kAnchor;
  m.cov_en_m2 << 100.0, 20.0, 20.0, 49.0;
  m.velocity_en_mps = Vec2(3.0, -4.0);
  m.velocity_cov_en_m2ps2 << 0.25, 0.0, 0.0, 0.5;
  const PlanePosition z = toPlane(plane, m, geo::geodeticToEcef(kAnchor));
  EXPECT_LT(z.en_m.norm(), 1e-9);
  EXPECT_LT((z.cov_m2 - m.cov_en_m2).norm(), 1e-9);
  ASSERT_TRUE(z.velocity_mps.has_value());
  EXPECT_LT((*z.velocity_mps - *m.velocity_en_mps).norm(), 1e-12);
  EXPECT_LT((z.velocity_cov_m2ps2 - m.velocity_cov_en_m2ps2).norm(), 1e-12);
}

TEST(PlaneMeasurements, PositionAwayFromTheAnchorIsRotatedIntoThePlane) {
  // Near the antimeridian at 60 N, 8 km away: the meridian convergence is ~0.1 rad... per
  // degree of longitude; here a few milliradians.
  const GeoPoint anchor{60.0, 179.95, 0.0};
  const geo::TangentPlane plane(anchor);
  const GeoPoint at = geo::geodesicDirect(anchor, 70.0, 8000.0);
  core::PositionMeasurement m;
  m.position = at;
  m.cov_en_m2 << 400.0, 0.0, 0.0, 1.0;  // elongated east-west, to make a rotation visible
  m.velocity_en_mps = Vec2(10.0, 0.0);
  m.velocity_cov_en_m2ps2 << 0.5, 0.1, 0.1, 0.2;
  const Vec3 ecef = geo::geodeticToEcef(at);
  const PlanePosition z = toPlane(plane, m, ecef);
  EXPECT_LT((z.en_m - plane.horizontal(ecef)).norm(), 1e-9);
  // Truth: map 1 m east and north at the measured point into the plane.
  const geo::LocalFrame local({at.lat_deg, at.lon_deg, 0.0});
  Mat2 t;
  for (int k = 0; k < 2; ++k) {
    Vec3 d = Vec3::Zero();
    d(k) = 1.0;
    t.col(k) = plane.horizontal(local.toEcef(d)) - plane.horizontal(local.toEcef(-d));
    t.col(k) /= 2.0;
  }
  EXPECT_GT(std::abs(t(1, 0)), 1e-3);  // a visible rotation
  EXPECT_LT((z.cov_m2 - t * m.cov_en_m2 * t.transpose()).norm(), 1e-5);
  EXPECT_LT((*z.velocity_mps - t * *m.velocity_en_mps).norm(), 1e-7);
  EXPECT_LT((z.velocity_cov_m2ps2 - t * m.velocity_cov_en_m2ps2 * t.transpose()).norm(), 1e-8);
  EXPECT_EQ(z.cov_m2(0, 1), z.cov_m2(1, 0));
}

TEST(PlaneMeasurements, PositionRotationEqualsTheEcefConstructionEverywhere) {
  // toPlane builds its east/north map in the plane's own frame (closed form). Reference: the
  // construction in ECEF it replaced: up = upAt(en), east = z x up normalised, north = up x
  // east, T = R[:, 0:2]^T [east north]. Anchors from the equator to 89.9 deg, both
  // hemispheres, the antimeridian; points up to 20 km away.
  std::uint64_t state = 12345;
  const auto uniform = [&state](double lo, double hi) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + (hi - lo) * static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  for (int i = 0; i < 2000; ++i) {
    const GeoPoint anchor{uniform(-89.9, 89.9), i % 3 == 0 ? 180.0 : uniform(-180.0, 180.0), 0.0};
    const geo::TangentPlane plane(anchor);
    const Vec2 en(uniform(-20'000.0, 20'000.0), uniform(-20'000.0, 20'000.0));
    const Vec3 ecef = plane.toEcef(en, 0.0);
    const Vec3 up = plane.upAt(en);
    const Vec3 east = Vec3(-up.y(), up.x(), 0.0).normalized();
    Eigen::Matrix<double, 3, 2> local;
    local << east, up.cross(east);
    const Mat2 t = plane.enuToEcef().leftCols<2>().transpose() * local;
    core::PositionMeasurement m;
    m.cov_en_m2 << 400.0, 30.0, 30.0, 1.0;
    m.velocity_en_mps = Vec2(10.0, -3.0);
    const PlanePosition z = toPlane(plane, m, ecef);
    const Mat2 expected = t * m.cov_en_m2 * t.transpose();
    ASSERT_LT((z.cov_m2 - expected).cwiseAbs().maxCoeff(), 1e-11)
        << anchor << " en " << en.transpose();
    ASSERT_LT((*z.velocity_mps - t * *m.velocity_en_mps).cwiseAbs().maxCoeff(), 1e-13);
  }
}

TEST(PlaneMeasurements, PositionAtAPoleKeepsThePlaneAxes) {
  // East is undefined at the pole itself: the plane's own axes are used.
  const geo::TangentPlane plane(GeoPoint{90.0, 30.0, 0.0});
  core::PositionMeasurement m;
  m.cov_en_m2 << 400.0, 30.0, 30.0, 1.0;
  const PlanePosition z = toPlane(plane, m, plane.anchorEcef());
  EXPECT_EQ(z.cov_m2, m.cov_en_m2);
}

TEST(PlaneMeasurements, PositionModelsAreLinear) {
  PlanePosition z;
  z.en_m = Vec2(100.0, -30.0);
  z.cov_m2 << 25.0, 1.0, 1.0, 16.0;
  z.velocity_mps = Vec2(2.0, 1.0);
  z.velocity_cov_m2ps2 = 0.04 * Mat2::Identity();
  const HVec x = stateOf(90.0, -20.0, 1.5, 1.5, 0.01);
  PlaneLinearized<2> p;
  linearizePosition(z, x, p);
  EXPECT_EQ(p.innovation, Vec2(10.0, -10.0));
  EXPECT_EQ(p.noise, z.cov_m2);
  EXPECT_EQ(p.jacobian.col(4).norm(), 0.0);
  EXPECT_EQ((p.jacobian * x - x.head<2>()).norm(), 0.0);
  PlaneLinearized<4> pv;
  linearizePositionVelocity(z, x, pv);
  EXPECT_NEAR((pv.innovation - Eigen::Vector4d(10.0, -10.0, 0.5, -0.5)).norm(), 0.0, 1e-12);
  EXPECT_EQ((pv.jacobian * x - x.head<4>()).norm(), 0.0);
  EXPECT_EQ((pv.noise.topRightCorner<2, 2>().norm()), 0.0);
  EXPECT_EQ((pv.noise.bottomRightCorner<2, 2>()), z.velocity_cov_m2ps2);
}

struct PolarCase {
  const char* name;
  GeoPoint site;
  Vec3 sensor_vel_enu;
  double sensor_sigma_m;
  HVec x;
  double height_m;
};

std::vector<PolarCase> polarCases() {
  return {
      {"coastal site 30 km west",
       {12.3, -70.076, 60.0},
       Vec3::Zero(),
       0.0,
       stateOf(500.0, -800.0, 10.0, 6.0, 0.05),
       0.0},
      {"ship radar to the south, moving",
       {12.2, -69.81, 25.0},
       Vec3(4.0, 7.0, 0.0),
       8.0,
       stateOf(-3000.0, 2500.0, -12.0, 4.0, 0.0),
       0.0},
      {"airborne radar, target at 9 km",
       {12.6, -69.5, 7000.0},
       Vec3(120.0, -80.0, 1.0),
       15.0,
       stateOf(4000.0, 6000.0, 200.0, -100.0, -0.01),
       9000.0},
  };
}

TEST(PlaneMeasurements, PolarJacobianMatchesCentralDifferences) {
  const geo::TangentPlane plane(kAnchor);
  for (const PolarCase& c : polarCases()) {
    core::PolarMeasurement m = radarAt(c.site);
    m.sensor_vel_ecef_mps = m.sensor_enu_to_ecef * c.sensor_vel_enu;
    m.sensor_cov_ecef_m2 = c.sensor_sigma_m * c.sensor_sigma_m * Mat3::Identity();
    const TargetHeight h{c.height_m, 0.0, 0.0, 0.0};
    PlaneLinearized<2> lin;
    ASSERT_TRUE(linearizePolar(plane, m, c.x, h, lin)) << c.name;
    const auto innovation = [&](const HVec& x) {
      PlaneLinearized<2> l;
      EXPECT_TRUE(linearizePolar(plane, m, x, h, l));
      return Vec2(l.innovation);
    };
    const auto num = numericalJacobian<2>(innovation, c.x);
    EXPECT_LT((lin.jacobian.row(0) - num.row(0)).norm(), 1e-7) << c.name;
    EXPECT_LT((lin.jacobian.row(1) - num.row(1)).norm(), 1e-11) << c.name;
    EXPECT_EQ(lin.jacobian.rightCols<3>().norm(), 0.0);
    // The predicted range and bearing are the geometric ones.
    const Vec3 t = plane.toEcef(c.x.head<2>(), c.height_m);
    const Vec3 local = m.sensor_enu_to_ecef.transpose() * (t - m.sensor_ecef_m);
    EXPECT_NEAR(m.range_m - lin.innovation(0), local.norm(), 1e-6);
    EXPECT_NEAR(geo::wrapPi(m.bearing_rad - lin.innovation(1) - std::atan2(local.x(), local.y())),
                0.0, 1e-12);
  }
}

TEST(PlaneMeasurements, PolarRangeRateJacobianMatchesCentralDifferences) {
  const geo::TangentPlane plane(kAnchor);
  for (const PolarCase& c : polarCases()) {
    core::PolarMeasurement m = radarAt(c.site);
    m.sensor_vel_ecef_mps = m.sensor_enu_to_ecef * c.sensor_vel_enu;
    m.range_rate_mps = 3.0;
    const TargetHeight h{c.height_m, 100.0, c.height_m > 0.0 ? -5.0 : 0.0, 1.0};
    PlaneLinearized<3> lin;
    ASSERT_TRUE(linearizePolarRangeRate(plane, m, c.x, h, lin)) << c.name;
    const auto innovation = [&](const HVec& x) {
      PlaneLinearized<3> l;
      EXPECT_TRUE(linearizePolarRangeRate(plane, m, x, h, l));
      return Vec3(l.innovation);
    };
    const auto num = numericalJacobian<3>(innovation, c.x);
    EXPECT_LT((lin.jacobian.row(0) - num.row(0)).norm(), 1e-7) << c.name;
    EXPECT_LT((lin.jacobian.row(1) - num.row(1)).norm(), 1e-11) << c.name;
    // The range-rate row including its curvature term (|v| / R ~ 4e-5 per metre at 250 m/s);
    // the neglected h |v| / R^2 term is ~5e-8 at 9 km.
    EXPECT_LT((lin.jacobian.row(2) - num.row(2)).norm(), 1e-8) << c.name << "\n"
                                                               << lin.jacobian << "\n"
                                                               << num;
    // The range rate is the time derivative of the range along the state's motion.
    const double dt = 1e-3;
    const auto rangeAt = [&](double s) {
      const Vec3 t = plane.toEcef(c.x.head<2>() + s * c.x.segment<2>(2),
                                  h.height_m + s * h.vertical_speed_mps);
      const Vec3 sensor = m.sensor_ecef_m + s * m.sensor_vel_ecef_mps;
      return (t - sensor).norm();
    };
    const double rr = (rangeAt(dt) - rangeAt(-dt)) / (2.0 * dt);
    EXPECT_NEAR(*m.range_rate_mps - lin.innovation(2), rr, 1e-6) << c.name;
  }
}

TEST(PlaneMeasurements, BearingInnovationIsWrappedAcrossNorth) {
  const geo::TangentPlane plane(kAnchor);
  // A target just west of due north of the site; the plot reports just east of north.
  const GeoPoint site = geo::geodesicDirect(kAnchor, 179.8, 20000.0);
  core::PolarMeasurement m = radarAt({site.lat_deg, site.lon_deg, 30.0});
  const HVec x = stateOf(0.0, 0.0, 0.0, 5.0);
  PlaneLinearized<2> lin;
  ASSERT_TRUE(linearizePolar(plane, m, x, TargetHeight{}, lin));
  const double predicted = m.bearing_rad - lin.innovation(1);
  m.bearing_rad = 0.001;
  ASSERT_TRUE(linearizePolar(plane, m, x, TargetHeight{}, lin));
  EXPECT_GT(geo::wrapTwoPi(predicted), 6.0);  // the prediction is just west of north
  EXPECT_NEAR(lin.innovation(1), 0.001 + (2.0 * kPi - geo::wrapTwoPi(predicted)), 1e-12);
  EXPECT_LT(std::abs(lin.innovation(1)), 0.01);
  // And the other way round.
  m.bearing_rad = 2.0 * kPi - 0.0001;
  ASSERT_TRUE(linearizePolar(plane, m, x, TargetHeight{}, lin));
  EXPECT_LT(std::abs(lin.innovation(1)), 0.01);
}

TEST(PlaneMeasurements, PlatformAndHeightUncertaintyIncreaseTheNoise) {
  const geo::TangentPlane plane(kAnchor);
  const PolarCase c = polarCases()[1];
  core::PolarMeasurement m = radarAt(c.site);
  m.range_rate_mps = 0.0;
  PlaneLinearized<2> fixed;
  ASSERT_TRUE(linearizePolar(plane, m, c.x, TargetHeight{}, fixed));
  EXPECT_NEAR(fixed.noise(0, 0), 625.0, 1e-9);
  EXPECT_NEAR(fixed.noise(1, 1), std::pow(0.3 * kDegToRad, 2), 1e-15);
  EXPECT_EQ(fixed.noise(0, 1), 0.0);

  // A ship's navigation uncertainty: R grows by J_s Sigma_s J_s^T, with J_s the derivative
  // with respect to the antenna position (checked numerically here).
  Mat3 sigma_s;
  sigma_s << 64.0, 10.0, 0.0, 10.0, 36.0, 0.0, 0.0, 0.0, 4.0;
  m.sensor_cov_ecef_m2 = sigma_s;
  PlaneLinearized<2> moving;
  ASSERT_TRUE(linearizePolar(plane, m, c.x, TargetHeight{}, moving));
  Eigen::Matrix<double, 2, 3> js;
  for (int k = 0; k < 3; ++k) {
    core::PolarMeasurement mp = m;
    core::PolarMeasurement mm = m;
    mp.sensor_ecef_m(k) += 0.5;
    mm.sensor_ecef_m(k) -= 0.5;
    PlaneLinearized<2> lp;
    PlaneLinearized<2> lm;
    ASSERT_TRUE(linearizePolar(plane, mp, c.x, TargetHeight{}, lp));
    ASSERT_TRUE(linearizePolar(plane, mm, c.x, TargetHeight{}, lm));
    Vec2 d = lp.innovation - lm.innovation;
    d(1) = geo::wrapPi(d(1));
    js.col(k) = d;  // (z - h(s + e)) - (z - h(s - e)), the sign is irrelevant in J Sigma J^T
  }
  const Mat2 expected = fixed.noise + js * sigma_s * js.transpose();
  EXPECT_LT(
      ((moving.noise - expected).array() / expected.array().abs().max(1e-12)).abs().maxCoeff(),
      1e-6);
  const Eigen::SelfAdjointEigenSolver<Mat2> grown(moving.noise - fixed.noise);
  EXPECT_GT(grown.eigenvalues().maxCoeff(), 0.0);
  EXPECT_GE(grown.eigenvalues().minCoeff(), -1e-12);

  // Height uncertainty (the geoid under a surface track) adds along the normal.
  PlaneLinearized<2> with_height;
  ASSERT_TRUE(linearizePolar(plane, m, c.x, TargetHeight{0.0, 900.0, 0.0, 0.0}, with_height));
  PlaneLinearized<2> up;
  PlaneLinearized<2> down;
  ASSERT_TRUE(linearizePolar(plane, m, c.x, TargetHeight{1.0, 0.0, 0.0, 0.0}, up));
  ASSERT_TRUE(linearizePolar(plane, m, c.x, TargetHeight{-1.0, 0.0, 0.0, 0.0}, down));
  const Vec2 jh = (up.innovation - down.innovation) / 2.0;
  EXPECT_LT((with_height.noise - moving.noise - 900.0 * jh * jh.transpose()).norm(),
            1e-6 * with_height.noise.norm());

  // Range rate: a vertical-speed variance adds to the range-rate noise.
  PlaneLinearized<3> rr0;
  PlaneLinearized<3> rr1;
  ASSERT_TRUE(linearizePolarRangeRate(plane, m, c.x, TargetHeight{}, rr0));
  ASSERT_TRUE(linearizePolarRangeRate(plane, m, c.x, TargetHeight{0.0, 0.0, 0.0, 4.0}, rr1));
  EXPECT_GT(rr1.noise(2, 2), rr0.noise(2, 2));
  EXPECT_LT((rr1.noise.topLeftCorner<2, 2>() - rr0.noise.topLeftCorner<2, 2>()).norm(), 1e-12);
  EXPECT_LT((rr0.noise.topLeftCorner<2, 2>() - moving.noise).norm(), 1e-9);
}

TEST(PlaneMeasurements, PolarIsRefusedAtTheAntennaOrStraightAboveIt) {
  const GeoPoint site{12.3, -69.8, 10.0};
  const geo::TangentPlane plane(site);
  const core::PolarMeasurement m = radarAt(site);
  PlaneLinearized<2> lin;
  PlaneLinearized<3> lin3;
  // 10 m below the antenna (target on the ellipsoid under it): straight below/above.
  EXPECT_FALSE(linearizePolar(plane, m, stateOf(0.0, 0.0, 1.0, 1.0), TargetHeight{}, lin));
  EXPECT_FALSE(linearizePolar(plane, m, stateOf(0.3, 0.2, 1.0, 1.0), TargetHeight{}, lin));
  // Within 1 m of the antenna.
  EXPECT_FALSE(
      linearizePolar(plane, m, stateOf(0.5, 0.0, 0.0, 0.0), TargetHeight{10.0, 0, 0, 0}, lin));
  EXPECT_TRUE(linearizePolar(plane, m, stateOf(50.0, 0.0, 0.0, 0.0), TargetHeight{}, lin));
  // Range rate requires a range-rate value.
  EXPECT_FALSE(
      linearizePolarRangeRate(plane, m, stateOf(50.0, 0.0, 0.0, 0.0), TargetHeight{}, lin3));
}

}  // namespace
}  // namespace picket::models
