#include "filters/imm.hpp"

#include <cmath>

namespace picket::filters {

namespace {

using ModeVec = Eigen::Matrix<double, kMotionModels, 1>;
using ModeMat = Eigen::Matrix<double, kMotionModels, kMotionModels>;

constexpr models::Motion kModels[kMotionModels] = {models::Motion::ConstantVelocity,
                                                   models::Motion::CoordinatedTurn};

/// Transition probabilities pi(i, j) = P(model j at t + dt | model i at t) of the continuous-time
/// chain with mean sojourn times tau_i: p_ii = exp(-|dt| / tau_i), the rest to the other model
/// (two models). A non-positive tau means "never leaves".
ModeMat transitionMatrix(double dt_s, const ImmConfig& config) {
  static_assert(kMotionModels == 2, "the off-diagonal split assumes two models");
  ModeMat pi;
  for (int i = 0; i < kMotionModels; ++i) {
    const double tau = config.mean_sojourn_s[i];
    const double stay = tau > 0.0 ? std::exp(-std::abs(dt_s) / tau) : 1.0;
    pi(i, i) = stay;
    pi(i, 1 - i) = 1.0 - stay;
  }
  return pi;
}

}  // namespace

ImmState immInit(const HVec& x, const HMat& P, const ImmConfig& config) {
  ImmState s;
  double total = 0.0;
  for (int j = 0; j < kMotionModels; ++j) {
    s.x[static_cast<std::size_t>(j)] = x;
    s.P[static_cast<std::size_t>(j)] = P;
    s.mu(j) = config.initial_probability[j];
    total += s.mu(j);
  }
  if (total > 0.0) {
    s.mu /= total;
  } else {
    s.mu.setConstant(1.0 / kMotionModels);
  }
  return s;
}

void immCombine(const std::array<HVec, kMotionModels>& x, const std::array<HMat, kMotionModels>& p,
                const Eigen::Matrix<double, kMotionModels, 1>& mu, HVec& x_out, HMat& p_out) {
  // Moment matching of the mixture (Bar-Shalom, Li and Kirubarajan 2001, eq. 11.6.6-18/19).
  x_out.setZero();
  for (int j = 0; j < kMotionModels; ++j) x_out += mu(j) * x[static_cast<std::size_t>(j)];
  p_out.setZero();
  for (int j = 0; j < kMotionModels; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    const HVec dx = x[ju] - x_out;
    p_out += mu(j) * (p[ju] + dx * dx.transpose());
  }
  p_out = (0.5 * (p_out + p_out.transpose())).eval();
}

void immPredict(const ImmState& s, double dt_s, const ImmConfig& config, ImmPrediction& out) {
  // Interaction (mixing) step of the IMM (Blom and Bar-Shalom 1988; Bar-Shalom, Li and
  // Kirubarajan 2001, sec. 11.6.6, eqs. 11.6.6-6..11): predicted mode probabilities
  // c_j = sum_i pi_ij mu_i, mixing weights mu_i|j = pi_ij mu_i / c_j, mixed initial conditions
  // per model, then each model's own prediction.
  const ModeMat pi = transitionMatrix(dt_s, config);
  const ModeVec c = pi.transpose() * s.mu;
  for (int j = 0; j < kMotionModels; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    HVec x0 = HVec::Zero();
    HMat p0 = HMat::Zero();
    if (c(j) > 0.0) {
      ModeVec w;
      for (int i = 0; i < kMotionModels; ++i) w(i) = pi(i, j) * s.mu(i) / c(j);
      for (int i = 0; i < kMotionModels; ++i) x0 += w(i) * s.x[static_cast<std::size_t>(i)];
      for (int i = 0; i < kMotionModels; ++i) {
        const auto iu = static_cast<std::size_t>(i);
        const HVec dx = s.x[iu] - x0;
        p0 += w(i) * (s.P[iu] + dx * dx.transpose());
      }
    } else {
      // A mode with zero predicted probability: nothing to mix, keep its own estimate.
      x0 = s.x[ju];
      p0 = s.P[ju];
    }
    HMat f;
    HMat q;
    models::propagate(kModels[j], x0, dt_s, config.noise, out.x[ju], f, q);
    out.P[ju] = f * p0 * f.transpose() + q;
    out.P[ju] = (0.5 * (out.P[ju] + out.P[ju].transpose())).eval();
  }
  out.mu = c;
  immCombine(out.x, out.P, out.mu, out.x_combined, out.P_combined);
}

}  // namespace picket::filters
