#include "filters/kalman.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "geo/wgs84.hpp"
#include "models/motion_models.hpp"

namespace picket::filters {
namespace {

using core::Mat3;
using core::Vec3;

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
