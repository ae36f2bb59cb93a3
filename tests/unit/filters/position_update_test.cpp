// The structured update for H = [I 0] (position plots, AIS position + velocity): K = U S^-1 with
// U = P's leading columns, P' = P - K U^T with the position columns as K R. Checked against the
// Joseph form evaluated densely with Eigen on random covariances, and on the case the Joseph
// form exists for (a vague prior and a precise plot).

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <limits>

#include "filters/fixed_kalman.hpp"
#include "filters/imm.hpp"
#include "models/horizontal_models.hpp"
#include "models/plane_measurements.hpp"
#include "support/seeded_random.hpp"

namespace picket::filters {
namespace {

using models::HMat;
using models::HVec;

HMat randomCovariance(test::SeededRandom& rng) {
  // A random SPD matrix with position variances ~1e2..1e6 m^2, velocity ~1..100, turn rate
  // ~1e-6..1e-3, and correlations: L L^T with scaled random rows.
  const double scale[5] = {
      std::pow(10.0, rng.uniform(1.0, 3.0)), std::pow(10.0, rng.uniform(1.0, 3.0)),
      std::pow(10.0, rng.uniform(0.0, 1.0)), std::pow(10.0, rng.uniform(0.0, 1.0)),
      std::pow(10.0, rng.uniform(-3.0, -1.5))};
  HMat l = HMat::Zero();
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j <= i; ++j)
      l(i, j) = scale[i] * (i == j ? 1.0 + rng.uniform() : 0.5 * rng.normal());
  }
  HMat p = l * l.transpose();
  return (0.5 * (p + p.transpose())).eval();
}

template <int M>
Eigen::Matrix<double, M, M> randomNoise(test::SeededRandom& rng) {
  Eigen::Matrix<double, M, M> l = Eigen::Matrix<double, M, M>::Zero();
  for (int i = 0; i < M; ++i) {
    const double s = i < 2 ? rng.uniform(5.0, 100.0) : rng.uniform(0.1, 2.0);
    for (int j = 0; j <= i; ++j) l(i, j) = s * (i == j ? 1.0 : 0.3 * rng.normal());
  }
  return l * l.transpose();
}

/// The Joseph form by dense products: (I - K H) P (I - K H)^T + K R K^T.
template <int M>
void josephReference(const HVec& x, const HMat& p, const models::PlaneLinearized<M>& z, HVec& x_out,
                     HMat& p_out, double& nis, double& log_det) {
  const Eigen::Matrix<double, M, 5>& h = z.jacobian;
  const Eigen::Matrix<double, M, M> s = h * p * h.transpose() + z.noise;
  const Eigen::Matrix<double, M, M> s_inv = s.inverse();
  const Eigen::Matrix<double, 5, M> k = p * h.transpose() * s_inv;
  const HMat a = HMat::Identity() - k * h;
  x_out = x + k * z.innovation;
  p_out = a * p * a.transpose() + k * z.noise * k.transpose();
  nis = z.innovation.dot(s_inv * z.innovation);
  log_det = std::log(s.determinant());
}

double relativeDifference(const HMat& a, const HMat& b) {
  return (a - b).norm() / std::max(a.norm(), b.norm());
}

template <int M>
models::PlaneLinearized<M> leadingIdentityPlot(test::SeededRandom& rng) {
  models::PlaneLinearized<M> z;
  z.jacobian.setZero();
  z.jacobian.template leftCols<M>().setIdentity();
  z.noise = randomNoise<M>(rng);
  for (int i = 0; i < M; ++i) z.innovation(i) = rng.normal() * (i < 2 ? 100.0 : 2.0);
  return z;
}

template <int M>
void checkAgainstJoseph(std::uint64_t seed) {
  test::SeededRandom rng(seed);
  for (int run = 0; run < 500; ++run) {
    HVec x;
    x << rng.normal() * 1e4, rng.normal() * 1e4, rng.normal() * 10, rng.normal() * 10,
        rng.normal() * 0.01;
    const HMat p = randomCovariance(rng);
    const models::PlaneLinearized<M> z = leadingIdentityPlot<M>(rng);
    HVec x_ref;
    HMat p_ref;
    double nis_ref = 0.0;
    double log_det_ref = 0.0;
    josephReference<M>(x, p, z, x_ref, p_ref, nis_ref, log_det_ref);

    HVec x_new = x;
    HMat p_new = p;
    PlaneInnovation<M> inn;
    ASSERT_TRUE(planeUpdate<M>(x_new, p_new, z, inn)) << run;
    EXPECT_LT((x_new - x_ref).norm(), 1e-9 * (1.0 + x_ref.norm())) << run;
    EXPECT_LT(relativeDifference(p_new, p_ref), 1e-9) << run;
    EXPECT_EQ((p_new - p_new.transpose()).norm(), 0.0) << run;
    EXPECT_TRUE(isCovarianceValid(p_new)) << run;
    EXPECT_NEAR(inn.nis, nis_ref, 1e-9 * (1.0 + nis_ref)) << run;
    EXPECT_NEAR(inn.log_det_s, log_det_ref, 1e-9 * (1.0 + std::abs(log_det_ref))) << run;
  }
}

TEST(PositionUpdate, MatchesTheDenseJosephFormForPositionPlots) { checkAgainstJoseph<2>(11); }

TEST(PositionUpdate, MatchesTheDenseJosephFormForPositionAndVelocityPlots) {
  checkAgainstJoseph<4>(12);
}

TEST(PositionUpdate, AVaguePriorAndAPrecisePlotLeaveThePlotsCovariance) {
  // Position variance 1e12 m^2 (1,000 km sigma) against a 0.1 m plot: the posterior position
  // covariance is the plot's to ~1e-13 relative (P_pp S^-1 R = R - R S^-1 R); the standard
  // form P - K U^T would have cancelled it to rounding noise of 1e12 * 1e-16 = 1e-4 m^2.
  HVec x = HVec::Zero();
  HMat p = HMat::Zero();
  p.diagonal() << 1e12, 1e12, 1e4, 1e4, 1e-2;
  p(0, 2) = p(2, 0) = 5e7;  // position-velocity correlation of an old track
  models::PlaneLinearized<2> z;
  z.jacobian.setZero();
  z.jacobian.leftCols<2>().setIdentity();
  z.noise << 0.01, 0.002, 0.002, 0.02;
  z.innovation << 3.0, -4.0;
  PlaneInnovation<2> inn;
  ASSERT_TRUE(planeUpdate<2>(x, p, z, inn));
  EXPECT_LT((p.topLeftCorner<2, 2>() - z.noise).norm(), 1e-9 * z.noise.norm());
  EXPECT_TRUE(isCovarianceValid(p));
  EXPECT_GT(p(2, 2), 0.0);
  EXPECT_NEAR(x(0), 3.0, 1e-9);
  EXPECT_NEAR(x(1), -4.0, 1e-9);
}

TEST(PositionUpdate, RejectsWhatTheJosephFormRejects) {
  HVec x = HVec::Zero();
  HMat p = HMat::Identity() * 100.0;
  models::PlaneLinearized<2> z;
  z.jacobian.setZero();
  z.jacobian.leftCols<2>().setIdentity();
  z.innovation << 1.0, 1.0;
  PlaneInnovation<2> inn;
  // S not positive definite (a negative plot variance larger than P's).
  z.noise << -200.0, 0.0, 0.0, 10.0;
  HVec x1 = x;
  HMat p1 = p;
  EXPECT_FALSE(planeUpdate<2>(x1, p1, z, inn));
  EXPECT_EQ(x1, x);
  EXPECT_EQ(p1, p);
  // S singular.
  p = HMat::Identity();
  p(0, 1) = p(1, 0) = 1.0;
  z.noise.setZero();
  EXPECT_FALSE(planeUpdate<2>(x1, p, z, inn));
  // A NaN in P outside the position block.
  p = HMat::Identity() * 100.0;
  p(4, 4) = std::nan("");
  z.noise = Eigen::Matrix2d::Identity();
  HMat p2 = p;
  EXPECT_FALSE(planeUpdate<2>(x1, p2, z, inn));
  // An infinite innovation.
  p = HMat::Identity() * 100.0;
  z.innovation(0) = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(planeUpdate<2>(x1, p, z, inn));
}

TEST(PositionUpdate, OutOfPlaceUpdateEqualsInPlaceAndLeavesOutputsOnFailure) {
  // planeUpdateDetInto (the IMM update's path, no copy of the prior) against planeUpdateDet
  // in place: the same bits, for H = [I 0] and for a polar-like H (the Joseph kernel); the
  // prior is not modified; on failure the outputs keep what they held.
  test::SeededRandom rng(21);
  for (int run = 0; run < 200; ++run) {
    HVec x;
    x << rng.normal() * 1e4, rng.normal() * 1e4, rng.normal() * 10, rng.normal() * 10,
        rng.normal() * 0.01;
    const HMat p = randomCovariance(rng);
    models::PlaneLinearized<2> z = leadingIdentityPlot<2>(rng);
    if (run % 2 == 1) {
      z.jacobian(0, 1) = 0.3 * rng.normal();
      z.jacobian(1, 0) = 0.2 * rng.normal();
    }
    HVec x_in_place = x;
    HMat p_in_place = p;
    Eigen::Matrix2d s_a;
    Eigen::Matrix2d s_b;
    double nis_a = 0.0;
    double nis_b = 0.0;
    double det_a = 0.0;
    double det_b = 0.0;
    ASSERT_TRUE(planeUpdateDet<2>(x_in_place, p_in_place, z, s_a, nis_a, det_a)) << run;
    HVec x_out = HVec::Zero();
    HMat p_out = HMat::Zero();
    ASSERT_TRUE(planeUpdateDetInto<2>(x, p, z, s_b, nis_b, det_b, x_out, p_out)) << run;
    EXPECT_EQ(x_out, x_in_place) << run;
    EXPECT_EQ(p_out, p_in_place) << run;
    EXPECT_EQ(s_b, s_a) << run;
    EXPECT_EQ(nis_b, nis_a) << run;
    EXPECT_EQ(det_b, det_a) << run;
  }
  const HVec x = HVec::Constant(1.0);
  const HMat p = HMat::Identity() * 100.0;
  models::PlaneLinearized<2> z;
  z.jacobian.setZero();
  z.jacobian.leftCols<2>().setIdentity();
  z.innovation << 1.0, 1.0;
  z.noise << -200.0, 0.0, 0.0, 10.0;  // S not positive definite
  HVec x_out = HVec::Constant(7.0);
  HMat p_out = HMat::Constant(7.0);
  Eigen::Matrix2d s;
  double nis = 0.0;
  double det = 0.0;
  EXPECT_FALSE(planeUpdateDetInto<2>(x, p, z, s, nis, det, x_out, p_out));
  EXPECT_EQ(x_out, HVec::Constant(7.0));
  EXPECT_EQ(p_out, HMat::Constant(7.0));
}

TEST(PositionUpdate, ImmModeProbabilitiesFromOneLogarithmMatchTheThree) {
  // The ratio c_0^2 |S_1| / (c_1^2 |S_0|) in one logarithm against ln of each factor, on
  // ordinary cases (the three-logarithm form is the fallback for ratios that are not normal
  // numbers).
  test::SeededRandom rng(13);
  ImmConfig config;
  for (int run = 0; run < 200; ++run) {
    ImmState prior;
    for (std::size_t j = 0; j < 2; ++j) {
      prior.x[j] << rng.normal() * 100, rng.normal() * 100, rng.normal(), rng.normal(),
          rng.normal() * 0.01;
      prior.P[j] = randomCovariance(rng);
    }
    const double mu0 = rng.uniform(0.01, 0.99);
    prior.mu << mu0, 1.0 - mu0;
    const models::PlaneLinearized<2> z0 = leadingIdentityPlot<2>(rng);
    const auto plot = [&](const HVec& x, models::PlaneLinearized<2>& out) {
      out = z0;
      out.innovation = z0.innovation - x.head<2>();
      return true;
    };
    ImmState out;
    ASSERT_EQ(immUpdate<2>(prior, plot, config, out), ImmUpdateStatus::Ok);
    double half[2];
    for (std::size_t j = 0; j < 2; ++j) {
      models::PlaneLinearized<2> z;
      plot(prior.x[j], z);
      const PlaneInnovation<2> inn = planeInnovation<2>(prior.P[j], z);
      half[j] = 0.5 * (inn.nis + inn.log_det_s);
    }
    const double log_r =
        std::clamp(std::log(prior.mu(0) / prior.mu(1)) - (half[0] - half[1]), -700.0, 700.0);
    const double mu1 = 1.0 / (1.0 + std::exp(log_r));
    Eigen::Vector2d expected(1.0 - mu1, mu1);
    expected = expected.cwiseMax(config.min_probability);
    expected /= expected.sum();
    EXPECT_NEAR(out.mu(0), expected(0), 1e-12) << run;
    EXPECT_NEAR(out.mu(1), expected(1), 1e-12) << run;
  }
}

}  // namespace
}  // namespace picket::filters
