#include "filters/imm.hpp"

#include <cmath>

#include "core/types.hpp"

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

/// P' = F P F^T + Q, symmetrised, for the transition matrices of models/horizontal_models:
/// F = [[I, A, a], [0, B, b], [0, 0, 1]] on (position, velocity, turn rate) blocks. Using the
/// structure halves the work of the dense 5x5x5 products (exactly the same sums otherwise).
void predictCovariance(const HMat& f, const HMat& p, const HMat& q, HMat& out) {
  using Mat52 = Eigen::Matrix<double, 5, 2>;
  const core::Mat2 a = f.block<2, 2>(0, 2);
  const core::Mat2 b = f.block<2, 2>(2, 2);
  const core::Vec2 a_w = f.block<2, 1>(0, 4);
  const core::Vec2 b_w = f.block<2, 1>(2, 4);
  // M = F P, by row blocks.
  HMat m;
  m.topRows<2>() = p.topRows<2>() + a.lazyProduct(p.middleRows<2>(2)) +
                   a_w.lazyProduct(p.bottomRows<1>());
  m.middleRows<2>(2) = b.lazyProduct(p.middleRows<2>(2)) + b_w.lazyProduct(p.bottomRows<1>());
  m.bottomRows<1>() = p.bottomRows<1>();
  // M F^T, by column blocks.
  const Mat52 m_v = m.middleCols<2>(2);
  const Eigen::Matrix<double, 5, 1> m_w = m.col(4);
  out.leftCols<2>() = m.leftCols<2>() + m_v.lazyProduct(a.transpose()) +
                      m_w.lazyProduct(a_w.transpose());
  out.middleCols<2>(2) = m_v.lazyProduct(b.transpose()) + m_w.lazyProduct(b_w.transpose());
  out.col(4) = m_w;
  out += q;
  out = (0.5 * (out + out.transpose())).eval();  // eval: the rhs aliases out
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
  // Moment matching of the mixture (Bar-Shalom, Li and Kirubarajan 2001, eq. 11.6.6-18/19):
  // x = sum mu_j x_j, P = sum mu_j (P_j + (x_j - x)(x_j - x)^T). For two components the spread
  // term is mu_0 mu_1 d d^T with d = x_1 - x_0 (weights normalised first).
  const double total = mu(0) + mu(1);
  const double w1 = mu(1) / total;
  const double w0 = mu(0) / total;
  const HVec d = x[1] - x[0];
  x_out = x[0] + w1 * d;
  p_out = w0 * p[0] + w1 * p[1] + (w0 * w1) * (d * d.transpose());
  p_out = (0.5 * (p_out + p_out.transpose())).eval();
}

void immPredict(const ImmState& s, double dt_s, const ImmConfig& config, ImmPrediction& out) {
  // Interaction (mixing) step of the IMM (Blom and Bar-Shalom 1988; Bar-Shalom, Li and
  // Kirubarajan 2001, sec. 11.6.6, eqs. 11.6.6-6..11): predicted mode probabilities
  // c_j = sum_i pi_ij mu_i, mixing weights mu_i|j = pi_ij mu_i / c_j, mixed initial conditions
  // per model (two components: the other model's weight w pulls x_j by w d and adds
  // w (1 - w) d d^T), then each model's own prediction.
  const ModeMat pi = transitionMatrix(dt_s, config);
  const ModeVec c = pi.transpose() * s.mu;
  for (int j = 0; j < kMotionModels; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    const auto ou = static_cast<std::size_t>(1 - j);
    const double w_other = c(j) > 0.0 ? pi(1 - j, j) * s.mu(1 - j) / c(j) : 0.0;
    HVec x0;
    HMat p0;
    if (w_other > 0.0) {
      const HVec d = s.x[ou] - s.x[ju];
      x0 = s.x[ju] + w_other * d;
      p0 = s.P[ju] + w_other * (s.P[ou] - s.P[ju]) + (w_other * (1.0 - w_other)) * (d * d.transpose());
    } else {
      x0 = s.x[ju];
      p0 = s.P[ju];
    }
    HMat f;
    HMat q;
    models::propagate(kModels[j], x0, dt_s, config.noise, out.x[ju], f, q);
    predictCovariance(f, p0, q, out.P[ju]);
  }
  out.mu = c;
  immCombine(out.x, out.P, out.mu, out.x_combined, out.P_combined);
}

}  // namespace picket::filters
