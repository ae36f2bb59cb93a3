#include "filters/kalman.hpp"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <cmath>
#include <limits>

#include "geo/wgs84.hpp"
#include "models/measurement_models.hpp"
#include "models/motion_models.hpp"
#include "support/seeded_random.hpp"

namespace picket::filters {
namespace {

using core::GeoPoint;
using core::Mat2;
using core::Mat3;
using core::Vec2;
using core::Vec3;
using models::Linearized;

constexpr core::Timestamp kT0{1'700'000'000'000'000'000};

Vec6 stateOf(const Vec3& p, const Vec3& v) {
  Vec6 x;
  x << p, v;
  return x;
}

/// kron(b, I3): the same 2x2 position/velocity block on every ECEF axis.
Mat6 perAxis(double pp, double pv, double vv) {
  Mat6 p = Mat6::Zero();
  p.block<3, 3>(0, 0) = pp * Mat3::Identity();
  p.block<3, 3>(0, 3) = pv * Mat3::Identity();
  p.block<3, 3>(3, 0) = pv * Mat3::Identity();
  p.block<3, 3>(3, 3) = vv * Mat3::Identity();
  return p;
}

core::PositionMeasurement positionAt(const GeoPoint& g, const Mat2& cov) {
  core::PositionMeasurement m;
  m.position = g;
  m.cov_en_m2 = cov;
  return m;
}

// ----------------------------------------------------------------------------------------------
// predict

TEST(Predict, MatchesTheAnalyticSingleAxisSolution) {
  // Per axis: x' = p + v dt; P' = F P F^T + Q with P = diag(sp2, sv2), isotropic q:
  //   P'pp = sp2 + dt^2 sv2 + q dt^3/3, P'pv = dt sv2 + q dt^2/2, P'vv = sv2 + q dt.
  const double sp2 = 400.0;
  const double sv2 = 9.0;
  const double q = 0.2;
  const double dt = 4.0;
  TrackState s;
  s.x = stateOf({4.0e6, 3.0e5, 4.7e6}, {3.0, -4.0, 0.5});
  s.P = perAxis(sp2, 0.0, sv2);
  s.time = kT0;
  const Vec3 up = geo::enuToEcefRotation(43.0, 5.0).col(2);
  const core::Timestamp to = kT0 + core::Duration::fromSeconds(dt);
  const TrackState out =
      predict(s, models::cvTransition(dt), models::cvProcessNoise(dt, up, {q, q}), to);

  EXPECT_LT((out.x - stateOf({4.0e6 + 12.0, 3.0e5 - 16.0, 4.7e6 + 2.0}, {3.0, -4.0, 0.5}))
                .cwiseAbs()
                .maxCoeff(),
            1e-9);
  const Mat6 expected = perAxis(sp2 + dt * dt * sv2 + q * dt * dt * dt / 3.0,
                                dt * sv2 + q * dt * dt / 2.0, sv2 + q * dt);
  EXPECT_LT((out.P - expected).cwiseAbs().maxCoeff(), 1e-11) << out.P;
  EXPECT_EQ(out.time, to);
}

TEST(Predict, ZeroDtWithoutNoiseLeavesTheStateUnchanged) {
  TrackState s;
  s.x = stateOf({1.0, 2.0, 3.0}, {4.0, 5.0, 6.0});
  s.P = perAxis(10.0, 1.0, 2.0);
  s.time = kT0;
  const TrackState out = predict(s, models::cvTransition(0.0), Mat6::Zero(), kT0);
  EXPECT_EQ(out, s);
}

TEST(Predict, OutputCovarianceIsExactlySymmetric) {
  TrackState s;
  s.P = perAxis(100.0, 5.0, 4.0);
  s.P(0, 4) += 1e-9;  // an input that is symmetric only to round-off
  const Vec3 up = geo::enuToEcefRotation(-10.0, 100.0).col(2);
  const TrackState out = predict(s, models::cvTransition(3.3),
                                 models::cvProcessNoise(3.3, up, models::CvNoise{}), kT0);
  EXPECT_TRUE(out.P == out.P.transpose());
  EXPECT_TRUE(isCovarianceValid(out.P));
}

// ----------------------------------------------------------------------------------------------
// update and innovationStats

class PositionUpdate : public ::testing::Test {
 protected:
  // GIVEN a track 30 m east and 40 m north of a position measurement, isotropic covariances
  // (position variance 100 m^2 per axis, measurement 25 m^2 per axis).
  void SetUp() override {
    origin_ = {43.0, 5.0, 0.0};
    r_ = geo::enuToEcefRotation(origin_.lat_deg, origin_.lon_deg);
    state_.x = stateOf(geo::geodeticToEcef(origin_) + r_ * Vec3(30.0, 40.0, 0.0),
                       r_ * Vec3(2.0, 1.0, 0.0));
    state_.P = perAxis(100.0, 10.0, 4.0);
    state_.time = kT0;
    models::linearizePosition(state_.x, positionAt(origin_, 25.0 * Mat2::Identity()), meas_);
  }
  GeoPoint origin_;
  Mat3 r_;
  TrackState state_;
  Linearized meas_;
};

TEST_F(PositionUpdate, InnovationStatsMatchHandComputation) {
  // S = 100 + 25 on east and north; NIS = (30^2 + 40^2) / 125 = 20.
  const InnovationStats st = innovationStats(state_, meas_);
  ASSERT_TRUE(st.ok);
  EXPECT_LT((st.S - 125.0 * Mat2::Identity()).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_NEAR(st.nis, 20.0, 1e-9);
  EXPECT_NEAR(st.log_det_s, 2.0 * std::log(125.0), 1e-12);
}

TEST_F(PositionUpdate, PosteriorMatchesHandComputation) {
  // Gains along east/north: position 100/125 = 0.8, velocity 10/125 = 0.08.
  // Innovation (-30, -40): position moves to (6, 8), velocity by (-2.4, -3.2).
  // Posterior on east/north: Ppp = 100 - 100^2/125 = 20, Ppv = 10 - 100*10/125 = 2,
  // Pvv = 4 - 10^2/125 = 3.2; the up axis keeps its prior (100, 10, 4).
  const UpdateResult r = update(state_, meas_);
  ASSERT_EQ(r.status, UpdateStatus::Ok);
  EXPECT_NEAR(r.nis, 20.0, 1e-9);
  EXPECT_EQ(r.state.time, kT0);

  const Mat3 rt = r_.transpose();
  const Vec3 pos_enu = rt * (r.state.x.head<3>() - geo::geodeticToEcef(origin_));
  const Vec3 vel_enu = rt * r.state.x.tail<3>();
  EXPECT_LT((pos_enu - Vec3(6.0, 8.0, 0.0)).norm(), 1e-8);
  EXPECT_LT((vel_enu - Vec3(2.0 - 2.4, 1.0 - 3.2, 0.0)).norm(), 1e-10);

  Mat6 t = Mat6::Zero();
  t.block<3, 3>(0, 0) = rt;
  t.block<3, 3>(3, 3) = rt;
  const Mat6 p_enu = t * r.state.P * t.transpose();
  Mat6 expected = Mat6::Zero();
  const double pp[3] = {20.0, 20.0, 100.0};
  const double pv[3] = {2.0, 2.0, 10.0};
  const double vv[3] = {3.2, 3.2, 4.0};
  for (int i = 0; i < 3; ++i) {
    expected(i, i) = pp[i];
    expected(i, i + 3) = pv[i];
    expected(i + 3, i) = pv[i];
    expected(i + 3, i + 3) = vv[i];
  }
  EXPECT_LT((p_enu - expected).cwiseAbs().maxCoeff(), 1e-9) << p_enu;
}

TEST_F(PositionUpdate, UpdateAndInnovationStatsAgreeOnNis) {
  const InnovationStats st = innovationStats(state_, meas_);
  const UpdateResult r = update(state_, meas_);
  EXPECT_NEAR(st.nis, r.nis, 1e-12 * st.nis);
}

TEST_F(PositionUpdate, ZeroInnovationLeavesTheMeanUnchanged) {
  meas_.innovation.setZero();
  const UpdateResult r = update(state_, meas_);
  ASSERT_EQ(r.status, UpdateStatus::Ok);
  EXPECT_EQ(r.nis, 0.0);
  EXPECT_LT((r.state.x - state_.x).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_LT(r.state.P.trace(), state_.P.trace());
}

TEST_F(PositionUpdate, InnovationCovarianceIsExactlySymmetricEvenForAnAsymmetricNoise) {
  meas_.noise(0, 1) += 1e-6;
  const InnovationStats st = innovationStats(state_, meas_);
  ASSERT_TRUE(st.ok);
  EXPECT_EQ(st.S(0, 1), st.S(1, 0));
  EXPECT_NEAR(st.S(0, 1), 0.5e-6, 1e-12);
}

TEST(Update, MatchesTheTextbookFormOnARandomNonlinearCase) {
  // GIVEN a random positive definite P and a polar measurement with range rate from a moving
  // platform, THEN the Joseph-form result equals x + K y, (I - K H) P with K = P H^T S^-1.
  test::SeededRandom rnd(11);
  const GeoPoint site{43.0, 5.0, 30.0};
  const Mat3 r = geo::enuToEcefRotation(site.lat_deg, site.lon_deg);
  TrackState s;
  s.x = stateOf(geo::geodeticToEcef(site) + r * Vec3(7000.0, -4000.0, -30.0),
                r * Vec3(4.0, 6.0, 0.0));
  Mat6 a;
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 6; ++j) a(i, j) = rnd.uniform(-10.0, 10.0);
  }
  s.P = a * a.transpose() + Mat6::Identity();
  core::PolarMeasurement m;
  m.sensor_ecef_m = geo::geodeticToEcef(site);
  m.sensor_enu_to_ecef = r;
  m.sensor_vel_ecef_mps = r * Vec3(1.0, 2.0, 0.0);
  m.sensor_cov_ecef_m2 = 4.0 * Mat3::Identity();
  m.range_m = 8100.0;
  m.range_sigma_m = 15.0;
  m.bearing_rad = 2.05;
  m.bearing_sigma_rad = 0.003;
  m.range_rate_mps = 0.5;
  m.range_rate_sigma_mps = 0.4;
  Linearized lin;
  ASSERT_TRUE(models::linearizePolar(s.x, m, lin));

  const Eigen::MatrixXd h = lin.jacobian;
  const Eigen::MatrixXd sm = h * s.P * h.transpose() + Eigen::MatrixXd(lin.noise);
  const Eigen::MatrixXd k = s.P * h.transpose() * sm.inverse();
  const Vec6 x_expected = s.x + k * Eigen::VectorXd(lin.innovation);
  const Mat6 p_expected = (Mat6::Identity() - k * h) * s.P;

  const UpdateResult out = update(s, lin);
  ASSERT_EQ(out.status, UpdateStatus::Ok);
  EXPECT_LT((out.state.x - x_expected).cwiseAbs().maxCoeff(), 1e-6);
  EXPECT_LT((out.state.P - p_expected).cwiseAbs().maxCoeff(), 1e-9 * s.P.cwiseAbs().maxCoeff());
  const Eigen::VectorXd y = lin.innovation;
  EXPECT_NEAR(out.nis, y.dot(sm.inverse() * y), 1e-9 * out.nis);
}

TEST(Update, SurfaceConstraintPullsHeightToTheSurface) {
  // A track 200 m above the sea with a large vertical variance: a tight height constraint
  // brings it to within the constraint's sigma of the surface.
  const GeoPoint g{43.0, 5.0, 200.0};
  const Mat3 r = geo::enuToEcefRotation(g.lat_deg, g.lon_deg);
  TrackState s;
  s.x = stateOf(geo::geodeticToEcef(g), r * Vec3(5.0, 0.0, 3.0));
  s.P = perAxis(1e6, 0.0, 100.0);
  Linearized lin;
  models::linearizeSurfaceConstraint(s.x, 1.0, 0.1, lin);
  const UpdateResult out = update(s, lin);
  ASSERT_EQ(out.status, UpdateStatus::Ok);
  EXPECT_NEAR(geo::ecefToGeodetic(out.state.x.head<3>()).alt_m, 0.0, 0.01);
  const Vec3 up = r.col(2);
  EXPECT_NEAR(up.dot(out.state.x.tail<3>()), 0.0, 0.01);
  EXPECT_NEAR(up.dot(out.state.P.block<3, 3>(0, 0) * up), 1.0, 1e-5);
  // Horizontal position is untouched.
  EXPECT_NEAR(r.col(0).dot(out.state.P.block<3, 3>(0, 0) * r.col(0)), 1e6, 1e-3);
  EXPECT_TRUE(isCovarianceValid(out.state.P));
}

TEST(Update, NonPositiveDefiniteInnovationCovarianceIsANumericalFailure) {
  TrackState s;
  s.x = stateOf(geo::geodeticToEcef({43.0, 5.0, 0.0}), Vec3(1.0, 2.0, 3.0));
  s.P = perAxis(100.0, 0.0, 1.0);
  s.time = kT0;
  Linearized lin;
  models::linearizePosition(s.x + stateOf(Vec3(10.0, 0.0, 0.0), Vec3::Zero()),
                            positionAt({43.0, 5.0, 0.0}, -1000.0 * Mat2::Identity()), lin);
  const UpdateResult out = update(s, lin);
  EXPECT_EQ(out.status, UpdateStatus::NumericalFailure);
  EXPECT_EQ(out.state, s);
  EXPECT_EQ(out.nis, 0.0);
  const InnovationStats st = innovationStats(s, lin);
  EXPECT_FALSE(st.ok);
}

TEST(Update, SingularInnovationCovarianceIsANumericalFailure) {
  // Zero measurement noise on a direction the state is certain about: S = 0.
  TrackState s;
  s.x = stateOf(geo::geodeticToEcef({43.0, 5.0, 0.0}), Vec3::Zero());
  s.P = perAxis(0.0, 0.0, 1.0);
  Linearized lin;
  models::linearizePosition(s.x, positionAt({43.0, 5.0, 0.0}, Mat2::Zero()), lin);
  const UpdateResult out = update(s, lin);
  EXPECT_EQ(out.status, UpdateStatus::NumericalFailure);
  EXPECT_EQ(out.state, s);
}

TEST(Update, NonFiniteInnovationIsANumericalFailure) {
  TrackState s;
  s.x = stateOf(geo::geodeticToEcef({43.0, 5.0, 0.0}), Vec3::Zero());
  s.P = perAxis(100.0, 0.0, 1.0);
  Linearized lin;
  models::linearizePosition(s.x, positionAt({43.0, 5.0, 0.0}, Mat2::Identity()), lin);
  lin.innovation(0) = std::numeric_limits<double>::quiet_NaN();
  const UpdateResult out = update(s, lin);
  EXPECT_EQ(out.status, UpdateStatus::NumericalFailure);
  EXPECT_EQ(out.state, s);
  EXPECT_FALSE(innovationStats(s, lin).ok);
}

TEST(Update, JosephFormKeepsCovarianceSymmetricPositiveDefiniteOverManyCycles) {
  // GIVEN a track and a random mix of measurement types, noise levels and intervals
  // WHEN 1000 predict/update cycles run
  // THEN every update succeeds and P stays exactly symmetric and positive definite.
  test::SeededRandom rnd(20240607);
  const GeoPoint site{43.0, 5.0, 40.0};
  const Vec3 site_ecef = geo::geodeticToEcef(site);
  const Mat3 site_r = geo::enuToEcefRotation(site.lat_deg, site.lon_deg);
  TrackState s;
  s.x = stateOf(site_ecef + site_r * Vec3(8000.0, 12000.0, -40.0), site_r * Vec3(6.0, -3.0, 0.0));
  s.P = perAxis(1e4, 0.0, 100.0);
  s.time = kT0;
  const models::CvNoise noise{0.05, 0.001};
  int updates = 0;
  for (int cycle = 0; cycle < 1000; ++cycle) {
    const double dt = rnd.uniform(0.1, 20.0);
    const GeoPoint here = geo::ecefToGeodetic(s.x.head<3>());
    const Mat3 r = geo::enuToEcefRotation(here.lat_deg, here.lon_deg);
    s = predict(s, models::cvTransition(dt), models::cvProcessNoise(dt, r.col(2), noise),
                s.time + core::Duration::fromSeconds(dt));
    ASSERT_TRUE(isCovarianceValid(s.P)) << "after predict, cycle " << cycle;

    Linearized lin;
    const double sigma = std::pow(10.0, rnd.uniform(-1.0, 3.0));  // 0.1 m .. 1 km
    switch (cycle % 4) {
      case 0:
      case 1: {
        const Vec3 p = s.x.head<3>() + r * Vec3(rnd.normal() * sigma, rnd.normal() * sigma, 0.0);
        core::PositionMeasurement m = positionAt(geo::ecefToGeodetic(p), Mat2::Zero());
        m.cov_en_m2 << sigma * sigma, 0.3 * sigma * sigma, 0.3 * sigma * sigma, 2.0 * sigma * sigma;
        if (cycle % 4 == 1) {
          m.velocity_en_mps = Vec2(rnd.normal(), rnd.normal());
          m.velocity_cov_en_m2ps2 = rnd.uniform(0.01, 4.0) * Mat2::Identity();
        }
        models::linearizePosition(s.x, m, lin);
        break;
      }
      case 2: {
        core::PolarMeasurement m;
        m.sensor_ecef_m = site_ecef;
        m.sensor_enu_to_ecef = site_r;
        const Vec2 rb = models::predictPolar(s.x.head<3>(), site_ecef, site_r);
        m.range_sigma_m = sigma;
        m.bearing_sigma_rad = sigma * 1e-5;
        m.range_m = rb(0) + m.range_sigma_m * rnd.normal();
        m.bearing_rad = geo::wrapTwoPi(rb(1) + m.bearing_sigma_rad * rnd.normal());
        if (rnd.uniform() < 0.5) {
          m.range_rate_mps = rnd.normal();
          m.range_rate_sigma_mps = rnd.uniform(0.1, 2.0);
        }
        if (rnd.uniform() < 0.5) m.sensor_cov_ecef_m2 = rnd.uniform(0.1, 100.0) * Mat3::Identity();
        if (!models::linearizePolar(s.x, m, lin)) continue;
        break;
      }
      default:
        models::linearizeSurfaceConstraint(s.x, rnd.uniform(0.01, 50.0), rnd.uniform(0.001, 1.0),
                                           lin);
        break;
    }
    const UpdateResult out = update(s, lin);
    ASSERT_EQ(out.status, UpdateStatus::Ok) << "cycle " << cycle;
    s = out.state;
    ++updates;
    ASSERT_TRUE(s.P == s.P.transpose()) << "cycle " << cycle;
    ASSERT_TRUE(isCovarianceValid(s.P)) << "cycle " << cycle << "\n" << s.P;
  }
  EXPECT_GT(updates, 990);
}

TEST(Update, JosephFormSurvivesVeryPreciseMeasurementsOfAVagueState) {
  // The regime where the standard form (I - K H) P loses positive definiteness: a prior of
  // 1e8 m^2 and millimetre measurements, repeatedly.
  TrackState s;
  const GeoPoint g{-33.9, 151.3, 0.0};
  s.x = stateOf(geo::geodeticToEcef(g), Vec3::Zero());
  s.P = perAxis(1e8, 1e3, 1e2);
  for (int i = 0; i < 50; ++i) {
    Linearized lin;
    models::linearizePosition(s.x, positionAt(g, 1e-6 * Mat2::Identity()), lin);
    const UpdateResult out = update(s, lin);
    ASSERT_EQ(out.status, UpdateStatus::Ok) << i;
    s = out.state;
    ASSERT_TRUE(isCovarianceValid(s.P)) << i << "\n" << s.P;
    models::linearizeSurfaceConstraint(s.x, 1e-3, 1e-4, lin);
    const UpdateResult vert = update(s, lin);
    ASSERT_EQ(vert.status, UpdateStatus::Ok) << i;
    s = vert.state;
    ASSERT_TRUE(isCovarianceValid(s.P)) << i << "\n" << s.P;
    s = predict(s, models::cvTransition(1.0),
                models::cvProcessNoise(1.0, geo::enuToEcefRotation(g.lat_deg, g.lon_deg).col(2),
                                       models::CvNoise{}),
                s.time);
  }
}

// ----------------------------------------------------------------------------------------------
// isCovarianceValid

TEST(IsCovarianceValid, AcceptsSymmetricPositiveDefiniteMatrices) {
  EXPECT_TRUE(isCovarianceValid(Mat6::Identity()));
  EXPECT_TRUE(isCovarianceValid(perAxis(100.0, 9.0, 1.0)));
  EXPECT_TRUE(isCovarianceValid(perAxis(1e12, 1e5, 1.0)));
  EXPECT_TRUE(isCovarianceValid(1e-12 * Mat6::Identity()));
}

TEST(IsCovarianceValid, ToleratesRoundOffAsymmetryRelativeToScale) {
  Mat6 p = perAxis(1e10, 1e3, 1.0);
  p(0, 3) += 1e-3;  // 1e-13 relative to the largest variance
  EXPECT_TRUE(isCovarianceValid(p));
  Mat6 q = Mat6::Identity();
  q(1, 0) = 1e-12;
  EXPECT_TRUE(isCovarianceValid(q));
}

TEST(IsCovarianceValid, RejectsAsymmetricMatrices) {
  Mat6 p = perAxis(100.0, 9.0, 1.0);
  p(0, 3) += 0.01;
  EXPECT_FALSE(isCovarianceValid(p));
}

TEST(IsCovarianceValid, RejectsIndefiniteAndSingularMatrices) {
  EXPECT_FALSE(isCovarianceValid(-Mat6::Identity()));
  Mat6 neg = Mat6::Identity();
  neg(4, 4) = -1e-6;
  EXPECT_FALSE(isCovarianceValid(neg));
  // Correlation above 1 between position and velocity.
  EXPECT_FALSE(isCovarianceValid(perAxis(1.0, 2.0, 1.0)));
  Mat6 singular = Mat6::Identity();
  singular(2, 2) = 0.0;
  EXPECT_FALSE(isCovarianceValid(singular));
  EXPECT_FALSE(isCovarianceValid(Mat6::Zero()));
}

TEST(IsCovarianceValid, RejectsNonFiniteMatrices) {
  Mat6 nan = Mat6::Identity();
  nan(1, 1) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(isCovarianceValid(nan));
  Mat6 inf = Mat6::Identity();
  inf(5, 5) = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(isCovarianceValid(inf));
  Mat6 off = Mat6::Identity();
  off(0, 1) = off(1, 0) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(isCovarianceValid(off));
}

}  // namespace
}  // namespace picket::filters
