#include "models/horizontal_models.hpp"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <algorithm>
#include <cmath>

#include "geo/wgs84.hpp"

namespace picket::models {
namespace {

using geo::kPi;

HVec stateOf(double e, double n, double ve, double vn, double omega) {
  HVec x;
  x << e, n, ve, vn, omega;
  return x;
}

HVec step(Motion m, const HVec& x, double dt) {
  HVec out;
  HMat f;
  HMat q;
  propagate(m, x, dt, HorizontalNoise{}, out, f, q);
  return out;
}

/// Central-difference Jacobian of the transition, steps scaled to each component.
HMat numericalJacobian(Motion m, const HVec& x, double dt) {
  HMat j;
  for (int k = 0; k < kHorizontalStates; ++k) {
    const double h = k < 2 ? 1.0 : (k < 4 ? 1e-3 : 1e-6);
    HVec xp = x;
    HVec xm = x;
    xp(k) += h;
    xm(k) -= h;
    j.col(k) = (step(m, xp, dt) - step(m, xm, dt)) / (2.0 * h);
  }
  return j;
}

void expectSymmetricPsd(const HMat& q) {
  EXPECT_LT((q - q.transpose()).cwiseAbs().maxCoeff(), 1e-15);
  const Eigen::SelfAdjointEigenSolver<HMat> es(q);
  EXPECT_GE(es.eigenvalues().minCoeff(), -1e-12 * std::max(1.0, es.eigenvalues().maxCoeff()));
}

TEST(HorizontalModels, ConstantVelocityMovesInAStraightLineAndRelaxesTheTurnRate) {
  const HVec x = stateOf(100.0, -50.0, 8.0, -3.0, 0.02);
  HVec out;
  HMat f;
  HMat q;
  propagate(Motion::ConstantVelocity, x, 10.0, HorizontalNoise{}, out, f, q);
  // The turn rate relaxes to zero with a 2 s time constant.
  EXPECT_NEAR((out - stateOf(180.0, -80.0, 8.0, -3.0, 0.02 * std::exp(-5.0))).norm(), 0.0, 1e-12);
  EXPECT_NEAR((f * x - out).norm(), 0.0, 1e-12);  // linear
}

TEST(HorizontalModels, ConstantVelocityNoiseIsTheDiscretisedWhiteAcceleration) {
  HorizontalNoise noise;
  noise.cv_accel_psd_m2ps3 = 0.3;
  noise.cv_turn_rate_psd_rad2ps3 = 2e-8;
  HVec out;
  HMat f;
  HMat q;
  propagate(Motion::ConstantVelocity, stateOf(0, 0, 1, 1, 0), -4.0, noise, out, f, q);
  EXPECT_DOUBLE_EQ(f(0, 2), -4.0);                // negative dt: F(dt) ...
  EXPECT_NEAR(q(0, 0), 0.3 * 64.0 / 3.0, 1e-12);  // ... with Q(|dt|)
  EXPECT_NEAR(q(1, 3), 0.3 * 16.0 / 2.0, 1e-12);
  EXPECT_NEAR(q(2, 2), 0.3 * 4.0, 1e-12);
  EXPECT_NEAR(q(4, 4), 8e-8, 1e-20);
  EXPECT_EQ(q(0, 1), 0.0);
  expectSymmetricPsd(q);
}

TEST(HorizontalModels, ZeroTimeStepIsTheIdentity) {
  const HVec x = stateOf(1.0, 2.0, 3.0, 4.0, 0.1);
  for (const Motion m : {Motion::ConstantVelocity, Motion::CoordinatedTurn}) {
    HVec out;
    HMat f;
    HMat q;
    propagate(m, x, 0.0, HorizontalNoise{}, out, f, q);
    EXPECT_EQ(out, x);
    EXPECT_NEAR((f - HMat::Identity()).norm(), 0.0, 1e-15);
    EXPECT_EQ(q.norm(), 0.0);
  }
}

TEST(HorizontalModels, CoordinatedTurnWithoutTurnRateIsConstantVelocity) {
  for (const double omega : {0.0, 1e-15, -1e-9}) {
    const HVec x = stateOf(-20.0, 35.0, 12.0, -7.0, omega);
    for (const double dt : {0.5, 6.0, -3.0}) {
      HVec x_cv;
      HVec x_ct;
      HMat f_cv;
      HMat f_ct;
      HMat q;
      propagate(Motion::ConstantVelocity, x, dt, HorizontalNoise{}, x_cv, f_cv, q);
      propagate(Motion::CoordinatedTurn, x, dt, HorizontalNoise{}, x_ct, f_ct, q);
      // Equal up to the first-order effect of the tiny turn rate.
      const Eigen::Vector4d first_order = f_ct.col(4).head<4>() * omega;
      EXPECT_NEAR((x_ct - x_cv).head<4>().norm(), first_order.norm(), 1e-12) << omega << " " << dt;
      EXPECT_NEAR((f_ct.leftCols<4>() - f_cv.leftCols<4>()).norm(), 0.0,
                  2.0 * std::abs(omega * dt) * (1.0 + std::abs(dt)) + 1e-13);
      // The turn rate's column: a turn bends the track by v T^2 / 2 per unit turn rate.
      EXPECT_NEAR(f_ct(0, 4), -0.5 * dt * dt * x(3), 1e-6);
      EXPECT_NEAR(f_ct(1, 4), 0.5 * dt * dt * x(2), 1e-6);
      EXPECT_NEAR(f_ct(2, 4), -dt * x(3), 1e-6);
      EXPECT_NEAR(f_ct(3, 4), dt * x(2), 1e-6);
    }
  }
}

TEST(HorizontalModels, CoordinatedTurnGoesRoundAFullCircle) {
  // 3 deg/s to the left (counter-clockwise) at 23 m/s: radius v / omega.
  const double omega = 3.0 * geo::kDegToRad;
  const HVec x0 = stateOf(500.0, -200.0, 23.0, 0.0, omega);
  const double period = 2.0 * kPi / omega;
  // In one step and in 37 unequal steps.
  EXPECT_NEAR((step(Motion::CoordinatedTurn, x0, period) - x0).norm(), 0.0, 1e-9);
  HVec x = x0;
  double t = 0.0;
  for (int k = 0; k < 37; ++k) {
    const double dt = (k == 36) ? period - t : period / 40.0 * (1.0 + 0.05 * (k % 3));
    x = step(Motion::CoordinatedTurn, x, dt);
    t += dt;
    // Constant speed, on the circle centred 23 / omega to the north (left) of the start.
    EXPECT_NEAR(x.segment<2>(2).norm(), 23.0, 1e-9);
    const core::Vec2 centre(500.0, -200.0 + 23.0 / omega);
    EXPECT_NEAR((x.head<2>() - centre).norm(), 23.0 / omega, 1e-7);
  }
  EXPECT_NEAR((x - x0).norm(), 0.0, 1e-8);
  // Half way round the target heads west, 2 r north of the start.
  const HVec half = step(Motion::CoordinatedTurn, x0, period / 2.0);
  EXPECT_NEAR(half(0), 500.0, 1e-9);
  EXPECT_NEAR(half(1), -200.0 + 2.0 * 23.0 / omega, 1e-9);
  EXPECT_NEAR(half(2), -23.0, 1e-9);
}

TEST(HorizontalModels, CoordinatedTurnBackwardsUndoesForwards) {
  const HVec x = stateOf(10.0, 20.0, -5.0, 9.0, -0.07);
  EXPECT_NEAR(
      (step(Motion::CoordinatedTurn, step(Motion::CoordinatedTurn, x, 7.0), -7.0) - x).norm(), 0.0,
      1e-10);
}

TEST(HorizontalModels, JacobiansMatchCentralDifferences) {
  for (const double omega : {0.0, 1e-9, -1e-9, 1e-4, 0.0049, 0.0051, -0.03, 0.1, 0.5, 0.04}) {
    for (const double dt : {2.0, 0.1, -3.0, 12.0}) {
      const HVec x = stateOf(300.0, -40.0, 14.0, -9.0, omega);
      for (const Motion m : {Motion::ConstantVelocity, Motion::CoordinatedTurn}) {
        HVec out;
        HMat f;
        HMat q;
        propagate(m, x, dt, HorizontalNoise{}, out, f, q);
        const HMat num = numericalJacobian(m, x, dt);
        EXPECT_LT((f - num).cwiseAbs().maxCoeff(), 1e-6 * (1.0 + f.cwiseAbs().maxCoeff()))
            << "model " << static_cast<int>(m) << " omega " << omega << " dt " << dt << "\n"
            << f << "\n"
            << num;
      }
    }
  }
}

TEST(HorizontalModels, SeriesAndClosedFormAgreeAtTheSwitchOver) {
  // |omega dt| = 0.1 is where the transition switches from series to closed form.
  const double dt = 4.0;
  const HVec below = stateOf(0.0, 0.0, 10.0, 3.0, 0.025 * (1.0 - 1e-14));
  const HVec above = stateOf(0.0, 0.0, 10.0, 3.0, 0.025 * (1.0 + 1e-14));
  HVec xb;
  HVec xa;
  HMat fb;
  HMat fa;
  HMat q;
  propagate(Motion::CoordinatedTurn, below, dt, HorizontalNoise{}, xb, fb, q);
  propagate(Motion::CoordinatedTurn, above, dt, HorizontalNoise{}, xa, fa, q);
  EXPECT_LT((xb - xa).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((fb - fa).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(HorizontalModels, CoordinatedTurnNoiseIsSymmetricPositiveSemiDefinite) {
  HorizontalNoise noise;
  noise.ct_accel_psd_m2ps3 = 0.5;
  noise.turn_rate_psd_rad2ps3 = 1e-4;
  for (const double dt : {0.0, 0.5, 5.0, -5.0, 60.0}) {
    HVec out;
    HMat f;
    HMat q;
    propagate(Motion::CoordinatedTurn, stateOf(0, 0, 10, 0, 0.05), dt, noise, out, f, q);
    expectSymmetricPsd(q);
    EXPECT_NEAR(q(4, 4), 1e-4 * std::abs(dt), 1e-18);
    EXPECT_NEAR(q(0, 0), 0.5 * std::pow(std::abs(dt), 3) / 3.0, 1e-12);
    HVec cv;
    HMat f_cv;
    HMat q_cv;
    propagate(Motion::ConstantVelocity, stateOf(0, 0, 10, 0, 0.05), dt, noise, cv, f_cv, q_cv);
    expectSymmetricPsd(q_cv);
  }
}

TEST(HorizontalModels, IntervalOverloadGivesTheSameStepBitForBit) {
  const HorizontalNoise noise{0.002, 0.2, 1e-3, 1e-8};
  for (const double dt : {0.0, 1.5, 10.0, -4.0}) {
    const MotionInterval interval = motionInterval(dt, noise);
    for (const double omega : {0.0, 0.02, -0.3}) {
      const HVec x = stateOf(10.0, -20.0, 5.0, 7.0, omega);
      for (const Motion m : {Motion::ConstantVelocity, Motion::CoordinatedTurn}) {
        HVec x_ref;
        HMat f_ref;
        HMat q_ref;
        propagate(m, x, dt, noise, x_ref, f_ref, q_ref);
        HVec x_out;
        HMat f_out;
        propagate(m, x, interval, x_out, f_out);
        EXPECT_EQ(x_out, x_ref) << dt << " " << omega;
        EXPECT_EQ(f_out, f_ref) << dt << " " << omega;
        EXPECT_EQ(m == Motion::CoordinatedTurn ? interval.ct_q : interval.cv_q, q_ref) << dt;
      }
    }
  }
}

TEST(HorizontalModels, VerticalChannelIsConstantVelocity) {
  core::Mat2 f;
  core::Mat2 q;
  propagateVertical(-3.0, VerticalNoise{2.0}, f, q);
  EXPECT_EQ(f(0, 1), -3.0);
  EXPECT_EQ(f(1, 0), 0.0);
  EXPECT_NEAR(q(0, 0), 2.0 * 27.0 / 3.0, 1e-12);
  EXPECT_NEAR(q(0, 1), 2.0 * 9.0 / 2.0, 1e-12);
  EXPECT_EQ(q(0, 1), q(1, 0));
  EXPECT_NEAR(q(1, 1), 6.0, 1e-12);
  EXPECT_GT(q.determinant(), 0.0);
}

}  // namespace
}  // namespace picket::models
