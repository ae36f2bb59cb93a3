#include "models/motion_models.hpp"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <vector>

#include "geo/wgs84.hpp"

namespace picket::models {
namespace {

using core::Mat3;
using core::Vec6;

Mat6 blockDiag(const Mat3& a) {
  Mat6 t = Mat6::Zero();
  t.block<3, 3>(0, 0) = a;
  t.block<3, 3>(3, 3) = a;
  return t;
}

TEST(CvTransition, MovesPositionByVelocityTimesDt) {
  Vec6 x;
  x << 1000.0, -2000.0, 3000.0, 5.0, -7.0, 0.5;
  const Vec6 y = cvTransition(2.5) * x;
  Vec6 expected;
  expected << 1012.5, -2017.5, 3001.25, 5.0, -7.0, 0.5;
  EXPECT_LT((y - expected).norm(), 1e-12);
}

TEST(CvTransition, HasTheAnalyticBlockForm) {
  const Mat6 f = cvTransition(3.0);
  EXPECT_TRUE((f.block<3, 3>(0, 0).isIdentity()));
  EXPECT_TRUE((f.block<3, 3>(3, 3).isIdentity()));
  EXPECT_TRUE((f.block<3, 3>(3, 0).isZero()));
  EXPECT_TRUE((f.block<3, 3>(0, 3).isApprox(3.0 * Mat3::Identity())));
}

TEST(CvTransition, ZeroDtIsIdentity) { EXPECT_EQ(cvTransition(0.0), Mat6::Identity()); }

TEST(CvTransition, ComposesOverConsecutiveIntervals) {
  EXPECT_TRUE((cvTransition(1.25) * cvTransition(2.5)).isApprox(cvTransition(3.75), 1e-15));
  // Going back undoes going forward (retrodiction).
  EXPECT_TRUE((cvTransition(-4.0) * cvTransition(4.0)).isApprox(Mat6::Identity(), 1e-15));
}

const std::vector<core::GeoPoint>& places() {
  static const std::vector<core::GeoPoint> p = {{0.0, 0.0, 0.0},
                                                {43.0, 5.0, 0.0},
                                                {-60.0, 179.9, 0.0},
                                                {89.9, -30.0, 0.0},
                                                {-90.0, 0.0, 0.0}};
  return p;
}

TEST(CvProcessNoise, IsSymmetricPositiveDefiniteForPositiveDt) {
  const CvNoise noise{0.5, 0.01};
  for (const auto& g : places()) {
    const Vec3 up = geo::enuToEcefRotation(g.lat_deg, g.lon_deg).col(2);
    for (const double dt : {0.001, 0.1, 1.0, 12.0, 600.0}) {
      SCOPED_TRACE(::testing::Message() << g << " dt=" << dt);
      const Mat6 q = cvProcessNoise(dt, up, noise);
      // Symmetric to round-off (Eigen folds the scalar into one factor of u u^T).
      EXPECT_LE((q - q.transpose()).cwiseAbs().maxCoeff(), 1e-15 * q.cwiseAbs().maxCoeff());
      const Eigen::SelfAdjointEigenSolver<Mat6> eig(q);
      EXPECT_GT(eig.eigenvalues().minCoeff(), 0.0);
    }
  }
}

TEST(CvProcessNoise, MatchesClosedFormPerAxisInTheEnuFrame) {
  // Rotated back into ENU, Q is the textbook single-axis block per axis (Bar-Shalom et al.
  // 2001, eq. 6.2.2-12): [[q dt^3/3, q dt^2/2], [q dt^2/2, q dt]], with q_h for east and north,
  // q_v for up, and no coupling between axes.
  const CvNoise noise{0.3, 0.002};
  const double dt = 7.0;
  for (const auto& g : places()) {
    SCOPED_TRACE(::testing::Message() << g);
    const Mat3 r = geo::enuToEcefRotation(g.lat_deg, g.lon_deg);
    const Mat6 q_enu =
        blockDiag(r.transpose()) * cvProcessNoise(dt, r.col(2), noise) * blockDiag(r);
    Mat6 expected = Mat6::Zero();
    const double qs[3] = {noise.accel_psd_horizontal_m2ps3, noise.accel_psd_horizontal_m2ps3,
                          noise.accel_psd_vertical_m2ps3};
    for (int i = 0; i < 3; ++i) {
      expected(i, i) = qs[i] * dt * dt * dt / 3.0;
      expected(i, i + 3) = qs[i] * dt * dt / 2.0;
      expected(i + 3, i) = qs[i] * dt * dt / 2.0;
      expected(i + 3, i + 3) = qs[i] * dt;
    }
    EXPECT_LT((q_enu - expected).cwiseAbs().maxCoeff(), 1e-12 * expected.cwiseAbs().maxCoeff())
        << "\nQ_enu=\n"
        << q_enu << "\nexpected=\n"
        << expected;
  }
}

TEST(CvProcessNoise, ZeroDtGivesZero) {
  const Vec3 up = geo::enuToEcefRotation(43.0, 5.0).col(2);
  EXPECT_TRUE(cvProcessNoise(0.0, up, CvNoise{}).isZero(0.0));
}

TEST(CvProcessNoise, IsotropicNoiseDoesNotDependOnTheUpVector) {
  const CvNoise noise{0.2, 0.2};
  const Mat6 a = cvProcessNoise(5.0, geo::enuToEcefRotation(10.0, 20.0).col(2), noise);
  const Mat6 b = cvProcessNoise(5.0, geo::enuToEcefRotation(-70.0, -120.0).col(2), noise);
  EXPECT_TRUE(a.isApprox(b, 1e-14));
  EXPECT_NEAR(a(0, 0), 0.2 * 125.0 / 3.0, 1e-12);
  EXPECT_NEAR(a(0, 1), 0.0, 1e-15);
}

TEST(CvProcessNoise, ScalesWithPowersOfDt) {
  const Vec3 up = geo::enuToEcefRotation(43.0, 5.0).col(2);
  const CvNoise noise{};
  const Mat6 q1 = cvProcessNoise(1.5, up, noise);
  const Mat6 q2 = cvProcessNoise(3.0, up, noise);
  EXPECT_TRUE((q2.block<3, 3>(0, 0).isApprox(8.0 * q1.block<3, 3>(0, 0), 1e-14)));
  EXPECT_TRUE((q2.block<3, 3>(0, 3).isApprox(4.0 * q1.block<3, 3>(0, 3), 1e-14)));
  EXPECT_TRUE((q2.block<3, 3>(3, 3).isApprox(2.0 * q1.block<3, 3>(3, 3), 1e-14)));
}

TEST(CvProcessNoise, VerticalVarianceUsesTheVerticalDensity) {
  const Mat3 r = geo::enuToEcefRotation(-33.0, 151.0);
  const CvNoise noise{1.0, 0.0};
  const Mat6 q = cvProcessNoise(10.0, r.col(2), noise);
  const Vec3 up = r.col(2);
  const Vec3 east = r.col(0);
  EXPECT_NEAR(up.dot(q.block<3, 3>(0, 0) * up), 0.0, 1e-9);
  EXPECT_NEAR(up.dot(q.block<3, 3>(3, 3) * up), 0.0, 1e-12);
  EXPECT_NEAR(east.dot(q.block<3, 3>(0, 0) * east), 1000.0 / 3.0, 1e-9);
  EXPECT_NEAR(east.dot(q.block<3, 3>(3, 3) * east), 10.0, 1e-12);
}

}  // namespace
}  // namespace picket::models
