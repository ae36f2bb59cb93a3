#include "models/measurement_models.hpp"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "geo/wgs84.hpp"

namespace picket::models {
namespace {

using core::GeoPoint;
using core::Mat2;
using core::Mat3;
using core::Vec2;
using core::Vec3;
using core::Vec6;
using geo::kDegToRad;
using geo::kPi;

Vec6 stateOf(const Vec3& p, const Vec3& v) {
  Vec6 x;
  x << p, v;
  return x;
}

/// A point given by an ENU offset from a geodetic origin, and the frame there.
struct Site {
  GeoPoint where;
  Vec3 ecef;
  Mat3 enu_to_ecef;
  explicit Site(const GeoPoint& g)
      : where(g),
        ecef(geo::geodeticToEcef(g)),
        enu_to_ecef(geo::enuToEcefRotation(g.lat_deg, g.lon_deg)) {}
  [[nodiscard]] Vec3 at(const Vec3& enu_m) const { return ecef + enu_to_ecef * enu_m; }
  [[nodiscard]] Vec3 dir(const Vec3& enu) const { return enu_to_ecef * enu; }
};

/// Central-difference Jacobian of h(x) = z - y(x), i.e. minus the derivative of the innovation,
/// with the rows listed in `angle_rows` wrapped to (-pi, pi] before differencing.
Eigen::MatrixXd numericalJacobian(const std::function<VecZ(const Vec6&)>& innovation, const Vec6& x,
                                  double pos_step, double vel_step,
                                  const std::vector<int>& angle_rows = {}) {
  const VecZ y0 = innovation(x);
  Eigen::MatrixXd j(y0.size(), 6);
  for (int k = 0; k < 6; ++k) {
    const double h = k < 3 ? pos_step : vel_step;
    Vec6 xp = x;
    Vec6 xm = x;
    xp(k) += h;
    xm(k) -= h;
    VecZ diff = innovation(xp) - innovation(xm);
    for (const int r : angle_rows) diff(r) = geo::wrapPi(diff(r));
    j.col(k) = -diff / (2.0 * h);
  }
  return j;
}

/// Compares analytic and numerical Jacobians row by row, relative to each row's magnitude.
void expectJacobiansClose(const Eigen::MatrixXd& analytic, const Eigen::MatrixXd& numerical,
                          double rel_tol, double abs_tol) {
  ASSERT_EQ(analytic.rows(), numerical.rows());
  ASSERT_EQ(analytic.cols(), numerical.cols());
  for (Eigen::Index r = 0; r < analytic.rows(); ++r) {
    const double scale = analytic.row(r).cwiseAbs().maxCoeff();
    const double err = (analytic.row(r) - numerical.row(r)).cwiseAbs().maxCoeff();
    EXPECT_LE(err, rel_tol * scale + abs_tol)
        << "row " << r << "\nanalytic:  " << analytic.row(r) << "\nnumerical: " << numerical.row(r);
  }
}

// ----------------------------------------------------------------------------------------------
// Polar radar

struct PolarCase {
  std::string name;
  GeoPoint sensor;
  Vec3 sensor_vel_enu_mps;
  Vec3 target_enu_m;  ///< target position in the sensor's ENU frame
  Vec3 target_vel_enu_mps;
};

std::ostream& operator<<(std::ostream& os, const PolarCase& c) { return os << c.name; }

core::PolarMeasurement polarAt(const Site& s, const Vec3& sensor_vel_enu) {
  core::PolarMeasurement m;
  m.sensor_ecef_m = s.ecef;
  m.sensor_enu_to_ecef = s.enu_to_ecef;
  m.sensor_vel_ecef_mps = s.dir(sensor_vel_enu);
  m.range_m = 1000.0;
  m.range_sigma_m = 20.0;
  m.bearing_rad = 0.0;
  m.bearing_sigma_rad = 0.002;
  m.range_rate_sigma_mps = 0.5;
  return m;
}

/// Independent prediction of (range, bearing, range rate) for the measurement-equals-prediction
/// test.
Eigen::Vector3d truePolar(const Vec6& x, const core::PolarMeasurement& m) {
  const Vec3 d = x.head<3>() - m.sensor_ecef_m;
  const Vec3 t = m.sensor_enu_to_ecef.transpose() * d;
  const Vec3 w = x.tail<3>() - m.sensor_vel_ecef_mps;
  double bearing = std::atan2(t.x(), t.y());
  if (bearing < 0.0) bearing += 2.0 * kPi;
  return {d.norm(), bearing, d.dot(w) / d.norm()};
}

class LinearizePolarGeometry : public ::testing::TestWithParam<PolarCase> {
 protected:
  void SetUp() override {
    const PolarCase& c = GetParam();
    site_ = Site(c.sensor);
    m_ = polarAt(site_, c.sensor_vel_enu_mps);
    x_ = stateOf(site_.at(c.target_enu_m), site_.dir(c.target_vel_enu_mps));
  }
  Site site_{GeoPoint{}};
  core::PolarMeasurement m_;
  Vec6 x_;
};

TEST_P(LinearizePolarGeometry, JacobianMatchesCentralDifferenceWithoutRangeRate) {
  Linearized out;
  ASSERT_TRUE(linearizePolar(x_, m_, out));
  ASSERT_EQ(out.innovation.size(), 2);
  const auto innovation = [&](const Vec6& x) {
    Linearized l;
    EXPECT_TRUE(linearizePolar(x, m_, l));
    return l.innovation;
  };
  const Eigen::MatrixXd numerical = numericalJacobian(innovation, x_, 0.05, 0.05, {1});
  expectJacobiansClose(out.jacobian, numerical, 1e-6, 1e-12);
  EXPECT_TRUE(out.jacobian.rightCols<3>().isZero(0.0));
}

TEST_P(LinearizePolarGeometry, JacobianMatchesCentralDifferenceWithRangeRate) {
  m_.range_rate_mps = 1.0;
  Linearized out;
  ASSERT_TRUE(linearizePolar(x_, m_, out));
  ASSERT_EQ(out.innovation.size(), 3);
  const auto innovation = [&](const Vec6& x) {
    Linearized l;
    EXPECT_TRUE(linearizePolar(x, m_, l));
    return l.innovation;
  };
  const Eigen::MatrixXd numerical = numericalJacobian(innovation, x_, 0.05, 0.05, {1});
  expectJacobiansClose(out.jacobian, numerical, 1e-6, 1e-12);
}

TEST_P(LinearizePolarGeometry, InnovationIsZeroWhenTheMeasurementEqualsThePrediction) {
  const Eigen::Vector3d z = truePolar(x_, m_);
  m_.range_m = z(0);
  m_.bearing_rad = z(1);
  m_.range_rate_mps = z(2);
  Linearized out;
  ASSERT_TRUE(linearizePolar(x_, m_, out));
  EXPECT_NEAR(out.innovation(0), 0.0, 1e-8);
  EXPECT_NEAR(out.innovation(1), 0.0, 1e-12);
  EXPECT_NEAR(out.innovation(2), 0.0, 1e-10);
  // predictPolar agrees with the independent prediction.
  const Vec2 rb = predictPolar(x_.head<3>(), m_.sensor_ecef_m, m_.sensor_enu_to_ecef);
  EXPECT_NEAR(rb(0), z(0), 1e-8);
  EXPECT_NEAR(geo::wrapPi(rb(1) - z(1)), 0.0, 1e-12);
  EXPECT_GE(rb(1), 0.0);
  EXPECT_LT(rb(1), 2.0 * kPi);
}

TEST_P(LinearizePolarGeometry, PlatformCovarianceAddsItsProjectionToTheNoise) {
  m_.range_rate_mps = 0.0;
  Linearized fixed;
  ASSERT_TRUE(linearizePolar(x_, m_, fixed));
  EXPECT_TRUE(fixed.noise.isApprox(
      Eigen::Vector3d(20.0 * 20.0, 0.002 * 0.002, 0.5 * 0.5).asDiagonal().toDenseMatrix()));

  // A full, anisotropic navigation covariance (ECEF).
  Mat3 a;
  a << 3.0, 0.5, -0.2, 0.1, 2.0, 0.3, -0.4, 0.2, 1.0;
  m_.sensor_cov_ecef_m2 = a * a.transpose();
  Linearized moving;
  ASSERT_TRUE(linearizePolar(x_, m_, moving));
  const Eigen::MatrixXd added = moving.noise - fixed.noise;
  const Eigen::MatrixXd hp = fixed.jacobian.leftCols<3>();
  const Eigen::MatrixXd expected = hp * m_.sensor_cov_ecef_m2 * hp.transpose();
  EXPECT_TRUE(added.isApprox(expected, 1e-9)) << "added\n" << added << "\nexpected\n" << expected;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(added);
  EXPECT_GT(eig.eigenvalues().minCoeff(), -1e-12);
  EXPECT_GT(added(0, 0), 0.0);
  EXPECT_GT(added(1, 1), 0.0);
  // The innovation and Jacobian do not depend on the platform covariance.
  EXPECT_EQ(moving.innovation, fixed.innovation);
  EXPECT_EQ(moving.jacobian, fixed.jacobian);
}

TEST_P(LinearizePolarGeometry, IsotropicPlatformCovarianceAddsSigmaSquaredToRange) {
  const double sigma2 = 25.0;
  m_.sensor_cov_ecef_m2 = sigma2 * Mat3::Identity();
  Linearized out;
  ASSERT_TRUE(linearizePolar(x_, m_, out));
  // |dr/dp| = 1 and |db/dp| = 1 / horizontal distance.
  const Vec3 t = site_.enu_to_ecef.transpose() * (x_.head<3>() - site_.ecef);
  const double horizontal2 = t.x() * t.x() + t.y() * t.y();
  EXPECT_NEAR(out.noise(0, 0), 20.0 * 20.0 + sigma2, 1e-9);
  EXPECT_NEAR(out.noise(1, 1), 0.002 * 0.002 + sigma2 / horizontal2,
              1e-12 * (0.002 * 0.002 + sigma2 / horizontal2));
}

INSTANTIATE_TEST_SUITE_P(Geometries, LinearizePolarGeometry,
                         ::testing::Values(PolarCase{"CoastalRadarNorthEast",
                                                     {43.0, 5.0, 50.0},
                                                     Vec3::Zero(),
                                                     {5000.0, 8660.0, -10.0},
                                                     {5.0, -3.0, 0.0}},
                                           PolarCase{"BearingJustWestOfNorth",
                                                     {43.0, 5.0, 50.0},
                                                     Vec3::Zero(),
                                                     {-0.2, 12000.0, -12.0},
                                                     {0.0, 6.0, 0.0}},
                                           PolarCase{"BearingJustEastOfNorth",
                                                     {43.0, 5.0, 50.0},
                                                     Vec3::Zero(),
                                                     {0.2, 12000.0, -12.0},
                                                     {-4.0, 0.0, 0.0}},
                                           PolarCase{"BearingExactlyNorth",
                                                     {43.0, 5.0, 50.0},
                                                     Vec3::Zero(),
                                                     {0.0, 7000.0, -4.0},
                                                     {1.0, 1.0, 0.0}},
                                           PolarCase{"BearingSouthWest",
                                                     {-33.9, 151.3, 80.0},
                                                     Vec3::Zero(),
                                                     {-15000.0, -20000.0, -40.0},
                                                     {7.0, 2.0, 0.0}},
                                           PolarCase{"ShortRange",
                                                     {51.0, 1.5, 20.0},
                                                     Vec3::Zero(),
                                                     {30.0, -40.0, -20.0},
                                                     {2.0, 2.0, 0.0}},
                                           PolarCase{"BeyondTheHorizon",
                                                     {36.0, -6.0, 100.0},
                                                     Vec3::Zero(),
                                                     {60000.0, -50000.0, -450.0},
                                                     {-8.0, 3.0, 0.0}},
                                           PolarCase{"MovingPlatformAtAntimeridian",
                                                     {70.0, 179.99, 25.0},
                                                     {8.0, -6.0, 0.2},
                                                     {-2500.0, 1500.0, -25.0},
                                                     {-3.0, 9.0, 0.0}},
                                           PolarCase{"AirborneLookingDown",
                                                     {12.0, -45.0, 3000.0},
                                                     {120.0, 40.0, -2.0},
                                                     {15000.0, 12000.0, -3020.0},
                                                     {4.0, -4.0, 0.0}},
                                           PolarCase{"NearSouthPole",
                                                     {-89.5, 30.0, 10.0},
                                                     Vec3::Zero(),
                                                     {800.0, -900.0, -1.0},
                                                     {1.0, 0.5, 0.0}}),
                         [](const ::testing::TestParamInfo<PolarCase>& param_info) {
                           return param_info.param.name;
                         });

class LinearizePolar : public ::testing::Test {
 protected:
  Site site_{GeoPoint{43.0, 5.0, 50.0}};
  core::PolarMeasurement m_ = polarAt(site_, Vec3::Zero());
};

TEST_F(LinearizePolar, InnovationIsMeasuredMinusPredicted) {
  // Target 10 km due east: predicted range 10 km (near enough), bearing pi/2.
  const Vec6 x = stateOf(site_.at({10000.0, 0.0, 0.0}), Vec3::Zero());
  m_.range_m = 10100.0;
  m_.bearing_rad = 0.5 * kPi + 0.01;
  Linearized out;
  ASSERT_TRUE(linearizePolar(x, m_, out));
  EXPECT_NEAR(out.innovation(0), 100.0, 1e-6);
  EXPECT_NEAR(out.innovation(1), 0.01, 1e-12);
}

TEST_F(LinearizePolar, BearingInnovationIsWrappedAcrossNorth) {
  // Predicted bearing 359.9 deg, measured 0.1 deg: the innovation is +0.2 deg, not -359.8.
  const double b = -0.1 * kDegToRad;
  const Vec6 x =
      stateOf(site_.at({10000.0 * std::sin(b), 10000.0 * std::cos(b), 0.0}), Vec3::Zero());
  m_.range_m = 10000.0;
  m_.bearing_rad = 0.1 * kDegToRad;
  Linearized out;
  ASSERT_TRUE(linearizePolar(x, m_, out));
  EXPECT_NEAR(out.innovation(1), 0.2 * kDegToRad, 1e-12);
  // And the other way round.
  const double b2 = 0.1 * kDegToRad;
  const Vec6 x2 =
      stateOf(site_.at({10000.0 * std::sin(b2), 10000.0 * std::cos(b2), 0.0}), Vec3::Zero());
  m_.bearing_rad = 359.9 * kDegToRad;
  ASSERT_TRUE(linearizePolar(x2, m_, out));
  EXPECT_NEAR(out.innovation(1), -0.2 * kDegToRad, 1e-12);
}

TEST_F(LinearizePolar, RangeRateIsPositiveWhenOpening) {
  const Vec3 dir = Vec3(3.0, 4.0, 0.0).normalized();
  m_.range_rate_mps = 5.0;
  Linearized out;
  // Target receding along the line of sight at 5 m/s, fixed site: no innovation.
  const Vec6 receding = stateOf(site_.at(5000.0 * dir), site_.dir(5.0 * dir));
  ASSERT_TRUE(linearizePolar(receding, m_, out));
  ASSERT_EQ(out.innovation.size(), 3);
  EXPECT_NEAR(out.innovation(2), 0.0, 1e-9);
  // Stationary target, platform closing at 3 m/s: range rate -3, innovation 5 - (-3).
  m_.sensor_vel_ecef_mps = site_.dir(3.0 * dir);
  const Vec6 still = stateOf(site_.at(5000.0 * dir), Vec3::Zero());
  ASSERT_TRUE(linearizePolar(still, m_, out));
  EXPECT_NEAR(out.innovation(2), 8.0, 1e-9);
  // Crossing target: no range rate.
  m_.sensor_vel_ecef_mps.setZero();
  const Vec6 crossing = stateOf(site_.at(5000.0 * dir), site_.dir(Vec3(4.0, -3.0, 0.0)));
  ASSERT_TRUE(linearizePolar(crossing, m_, out));
  EXPECT_NEAR(out.innovation(2), 5.0, 1e-9);
}

TEST_F(LinearizePolar, FailsForATargetAtTheAntenna) {
  Linearized out;
  EXPECT_FALSE(linearizePolar(stateOf(site_.ecef, Vec3::Zero()), m_, out));
  EXPECT_FALSE(linearizePolar(stateOf(site_.at({0.3, 0.4, 0.0}), Vec3::Zero()), m_, out));
}

TEST_F(LinearizePolar, FailsForATargetVerticallyAboveTheAntenna) {
  Linearized out;
  EXPECT_FALSE(linearizePolar(stateOf(site_.at({0.0, 0.0, 1000.0}), Vec3::Zero()), m_, out));
  EXPECT_FALSE(linearizePolar(stateOf(site_.at({0.5, 0.5, -800.0}), Vec3::Zero()), m_, out));
}

TEST_F(LinearizePolar, SucceedsJustBeyondOneMetre) {
  Linearized out;
  EXPECT_TRUE(linearizePolar(stateOf(site_.at({1.5, 0.0, 0.0}), Vec3::Zero()), m_, out));
  EXPECT_TRUE(out.innovation.allFinite());
  EXPECT_TRUE(out.jacobian.allFinite());
}

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

// ----------------------------------------------------------------------------------------------
// Horizontal position (and velocity)

core::PositionMeasurement positionAt(const GeoPoint& g) {
  core::PositionMeasurement m;
  m.position = g;
  m.cov_en_m2 << 100.0, 20.0, 20.0, 64.0;
  m.velocity_cov_en_m2ps2 << 0.25, 0.05, 0.05, 0.36;
  return m;
}

class LinearizePositionAt : public ::testing::TestWithParam<GeoPoint> {};

TEST_P(LinearizePositionAt, JacobianMatchesCentralDifference) {
  core::PositionMeasurement m = positionAt(GetParam());
  const Site s(GetParam());
  const Vec6 x = stateOf(s.at({120.0, -80.0, 15.0}), s.dir({3.0, -2.0, 0.1}));
  for (const bool with_velocity : {false, true}) {
    SCOPED_TRACE(with_velocity ? "with velocity" : "position only");
    if (with_velocity) m.velocity_en_mps = Vec2(4.0, -1.0);
    Linearized out;
    linearizePosition(x, m, out);
    ASSERT_EQ(out.innovation.size(), with_velocity ? 4 : 2);
    const auto innovation = [&](const Vec6& xx) {
      Linearized l;
      linearizePosition(xx, m, l);
      return l.innovation;
    };
    expectJacobiansClose(out.jacobian, numericalJacobian(innovation, x, 0.5, 0.5), 1e-7, 1e-12);
    // Position rows do not depend on velocity and vice versa.
    EXPECT_TRUE((out.jacobian.topRightCorner<2, 3>().isZero(0.0)));
    if (with_velocity) {
      EXPECT_TRUE((out.jacobian.bottomLeftCorner<2, 3>().isZero(0.0)));
    }
  }
}

TEST_P(LinearizePositionAt, InnovationIsMeasuredMinusPredictedInEastNorth) {
  const GeoPoint target = GetParam();
  const Vec6 x = stateOf(geo::geodeticToEcef({target.lat_deg, target.lon_deg, 0.0}), Vec3::Zero());
  // The innovation is the measured point minus the predicted one, in the east-north frame at
  // the measured point: minus the prediction's local coordinates there.
  const auto expected = [&](const GeoPoint& measured) -> Vec2 {
    const geo::LocalFrame frame({measured.lat_deg, measured.lon_deg, 0.0});
    return -frame.toLocal(x.head<3>()).head<2>();
  };
  const bool polar = std::abs(target.lat_deg) > 80.0;  // meridians converge within 100 m
  Linearized out;
  // Measured 100 m east of the prediction: about +100 east.
  const GeoPoint east = geo::geodesicDirect(target, 90.0, 100.0);
  linearizePosition(x, positionAt(east), out);
  EXPECT_LT((Vec2(out.innovation.head<2>()) - expected(east)).norm(), 1e-8);
  EXPECT_NEAR(out.innovation(0), 100.0, 0.01);
  if (!polar) {
    EXPECT_NEAR(out.innovation(1), 0.0, 0.01);
  }
  // Measured 50 m south of the prediction: about -50 north.
  const GeoPoint south = geo::geodesicDirect(target, 180.0, 50.0);
  linearizePosition(x, positionAt(south), out);
  EXPECT_LT((Vec2(out.innovation.head<2>()) - expected(south)).norm(), 1e-8);
  EXPECT_NEAR(out.innovation(0), 0.0, 0.01);
  EXPECT_NEAR(out.innovation(1), -50.0, 0.01);
}

INSTANTIATE_TEST_SUITE_P(Places, LinearizePositionAt,
                         ::testing::Values(GeoPoint{43.0, 5.0, 0.0}, GeoPoint{0.0, 0.0, 0.0},
                                           GeoPoint{-45.0, 179.9999, 0.0},
                                           GeoPoint{65.0, -180.0, 0.0}, GeoPoint{89.9, 10.0, 0.0}));

TEST(LinearizePosition, IgnoresTheTargetHeight) {
  const GeoPoint p{43.0, 5.0, 0.0};
  const Vec6 x = stateOf(geo::geodeticToEcef({43.0, 5.0, 35.0}), Vec3::Zero());
  Linearized out;
  linearizePosition(x, positionAt(p), out);
  EXPECT_NEAR(out.innovation(0), 0.0, 1e-8);
  EXPECT_NEAR(out.innovation(1), 0.0, 1e-8);
  // A reported altitude in the measurement does not matter either.
  linearizePosition(x, positionAt({43.0, 5.0, 500.0}), out);
  EXPECT_NEAR(out.innovation.norm(), 0.0, 1e-8);
}

TEST(LinearizePosition, VelocityInnovationIsMeasuredMinusPredicted) {
  const Site s(GeoPoint{43.0, 5.0, 0.0});
  core::PositionMeasurement m = positionAt(s.where);
  m.velocity_en_mps = Vec2(5.0, 4.0);
  const Vec6 x = stateOf(s.ecef, s.dir({3.0, 4.0, 0.5}));
  Linearized out;
  linearizePosition(x, m, out);
  ASSERT_EQ(out.innovation.size(), 4);
  EXPECT_NEAR(out.innovation(2), 2.0, 1e-12);
  EXPECT_NEAR(out.innovation(3), 0.0, 1e-12);
}

TEST(LinearizePosition, NoiseCarriesTheGivenCovariances) {
  core::PositionMeasurement m = positionAt({43.0, 5.0, 0.0});
  const Vec6 x = stateOf(geo::geodeticToEcef(m.position), Vec3::Zero());
  Linearized out;
  linearizePosition(x, m, out);
  ASSERT_EQ(out.noise.rows(), 2);
  EXPECT_EQ(Mat2(out.noise), m.cov_en_m2);
  m.velocity_en_mps = Vec2::Zero();
  linearizePosition(x, m, out);
  ASSERT_EQ(out.noise.rows(), 4);
  EXPECT_EQ(Mat2(out.noise.topLeftCorner(2, 2)), m.cov_en_m2);
  EXPECT_EQ(Mat2(out.noise.bottomRightCorner(2, 2)), m.velocity_cov_en_m2ps2);
  EXPECT_TRUE(out.noise.topRightCorner(2, 2).isZero(0.0));
  EXPECT_TRUE(out.noise.bottomLeftCorner(2, 2).isZero(0.0));
}

TEST(LinearizePosition, OutputCanBeReusedAcrossDimensions) {
  core::PositionMeasurement m = positionAt({43.0, 5.0, 0.0});
  m.velocity_en_mps = Vec2(1.0, 1.0);
  const Vec6 x = stateOf(geo::geodeticToEcef(m.position), Vec3::Zero());
  Linearized out;
  linearizePosition(x, m, out);
  ASSERT_EQ(out.innovation.size(), 4);
  m.velocity_en_mps.reset();
  linearizePosition(x, m, out);
  EXPECT_EQ(out.innovation.size(), 2);
  EXPECT_EQ(out.jacobian.rows(), 2);
  EXPECT_EQ(out.noise.rows(), 2);
  EXPECT_EQ(out.noise.cols(), 2);
}

// ----------------------------------------------------------------------------------------------
// Surface constraint

TEST(LinearizeSurfaceConstraint, InnovationIsMinusHeightAndMinusVerticalSpeed) {
  for (const GeoPoint& g :
       {GeoPoint{43.0, 5.0, 37.0}, GeoPoint{-60.0, -179.5, -12.0}, GeoPoint{90.0, 0.0, 5.0}}) {
    SCOPED_TRACE(::testing::Message() << g);
    const Site s(g);
    const Vec6 x = stateOf(s.ecef, s.dir({6.0, -4.0, 1.5}));
    Linearized out;
    linearizeSurfaceConstraint(x, 10.0, 0.5, out);
    ASSERT_EQ(out.innovation.size(), 2);
    EXPECT_NEAR(out.innovation(0), -g.alt_m, 1e-8);
    EXPECT_NEAR(out.innovation(1), -1.5, 1e-12);
    EXPECT_NEAR(out.noise(0, 0), 100.0, 0.0);
    EXPECT_NEAR(out.noise(1, 1), 0.25, 0.0);
    EXPECT_EQ(out.noise(0, 1), 0.0);
    EXPECT_EQ(out.noise(1, 0), 0.0);
  }
}

TEST(LinearizeSurfaceConstraint, JacobianMatchesCentralDifference) {
  for (const GeoPoint& g : {GeoPoint{43.0, 5.0, 37.0}, GeoPoint{-60.0, -179.5, -12.0},
                            GeoPoint{0.0, 90.0, 0.0}, GeoPoint{89.99, 10.0, 3.0}}) {
    SCOPED_TRACE(::testing::Message() << g);
    const Site s(g);
    const Vec6 x = stateOf(s.ecef, s.dir({6.0, -4.0, 1.5}));
    Linearized out;
    linearizeSurfaceConstraint(x, 10.0, 0.5, out);
    const auto innovation = [](const Vec6& xx) {
      Linearized l;
      linearizeSurfaceConstraint(xx, 10.0, 0.5, l);
      return l.innovation;
    };
    const Eigen::MatrixXd numerical = numericalJacobian(innovation, x, 0.5, 0.5);
    // Height row: d(height)/d(position) is the ellipsoid normal.
    EXPECT_LT((out.jacobian.row(0) - numerical.row(0)).cwiseAbs().maxCoeff(), 1e-7)
        << "\nanalytic:  " << out.jacobian.row(0) << "\nnumerical: " << numerical.row(0);
    // Vertical-speed row: exact in velocity; in position the model drops the rotation of the
    // normal with position, a term of order |v| / R (here ~1e-6 per metre).
    EXPECT_LT((out.jacobian.row(1).tail<3>() - numerical.row(1).tail(3)).cwiseAbs().maxCoeff(),
              1e-12);
    EXPECT_LT((out.jacobian.row(1).head<3>() - numerical.row(1).head(3)).cwiseAbs().maxCoeff(),
              1e-5);
  }
}

}  // namespace
}  // namespace picket::models
