#include "filters/imm.hpp"

#include <cmath>
#include <utility>

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

/// Position of (r, c), r >= c, in a 5x5 lower triangle stored column by column.
constexpr int lowerIndex(int r, int c) { return c * 5 - c * (c - 1) / 2 + (r - c); }

/// Writes a lower triangle (lowerIndex order) to both triangles of `out`. Computing into
/// locals first and storing once keeps the compiler from reloading inputs after every store
/// (`out` might alias them, as far as it can tell).
void storeLower(const double (&lower)[15], HMat& out) {
#pragma GCC unroll 5
  for (int c = 0; c < 5; ++c) {
#pragma GCC unroll 5
    for (int r = c; r < 5; ++r) {
      out(r, c) = lower[lowerIndex(r, c)];
      out(c, r) = lower[lowerIndex(r, c)];
    }
  }
}

/// P' = F P F^T + Q for the transition matrices of models/horizontal_models, which all have
/// the block structure F = [[I, A, a], [0, B, b], [0, 0, 1]] on (position, velocity, turn
/// rate): the same sums as the dense 5x5x5 products without the zero terms. Only the lower
/// triangle is computed and mirrored, which is the symmetrisation (Q, from
/// models::motionInterval, is exactly symmetric).
void predictCovariance(const HMat& f, const HMat& p, const HMat& q, HMat& out) {
  const double a00 = f(0, 2), a01 = f(0, 3), a10 = f(1, 2), a11 = f(1, 3);
  const double b00 = f(2, 2), b01 = f(2, 3), b10 = f(3, 2), b11 = f(3, 3);
  const double aw0 = f(0, 4), aw1 = f(1, 4), bw0 = f(2, 4), bw1 = f(3, 4);
  HMat m;  // F P
  for (int c = 0; c < 5; ++c) {
    const double p2 = p(2, c), p3 = p(3, c), p4 = p(4, c);
    m(0, c) = p(0, c) + a00 * p2 + a01 * p3 + aw0 * p4;
    m(1, c) = p(1, c) + a10 * p2 + a11 * p3 + aw1 * p4;
    m(2, c) = b00 * p2 + b01 * p3 + bw0 * p4;
    m(3, c) = b10 * p2 + b11 * p3 + bw1 * p4;
    m(4, c) = p4;
  }
  double lower[15];  // (F P) F^T, lower triangle, column by column
#pragma GCC unroll 5
  for (int r = 0; r < 5; ++r) {
    const double m2 = m(r, 2), m3 = m(r, 3), m4 = m(r, 4);
    double row[5];
    row[0] = m(r, 0) + a00 * m2 + a01 * m3 + aw0 * m4;
    row[1] = m(r, 1) + a10 * m2 + a11 * m3 + aw1 * m4;
    row[2] = b00 * m2 + b01 * m3 + bw0 * m4;
    row[3] = b10 * m2 + b11 * m3 + bw1 * m4;
    row[4] = m4;
#pragma GCC unroll 5
    for (int c = 0; c <= r; ++c) lower[lowerIndex(r, c)] = row[c] + q(r, c);
  }
  storeLower(lower, out);
}

/// predictCovariance for the CV transition (F = [[I, dt I, 0], [0, I, 0], [0, 0, decay]]): the
/// same products without the multiplications by 0 and 1 the block form still does (the
/// velocity rows of F P are P's, the cross blocks vanish). Q is taken as given: the models'
/// noise matrices are built exactly symmetric. Lower triangle, mirrored.
void predictCovarianceCv(double dt, double decay, const HMat& p, const HMat& q, HMat& out) {
  double lower[15];  // F P row by row, then (F P) F^T
#pragma GCC unroll 5
  for (int r = 0; r < 5; ++r) {
    double m[5];  // row r of F P
#pragma GCC unroll 5
    for (int c = 0; c < 5; ++c) {
      if (r == 0) {
        m[c] = p(0, c) + dt * p(2, c);
      } else if (r == 1) {
        m[c] = p(1, c) + dt * p(3, c);
      } else if (r == 4) {
        m[c] = decay * p(4, c);
      } else {
        m[c] = p(r, c);
      }
    }
    double row[5];
    row[0] = m[0] + dt * m[2];
    row[1] = m[1] + dt * m[3];
    row[2] = m[2];
    row[3] = m[3];
    row[4] = decay * m[4];
#pragma GCC unroll 5
    for (int c = 0; c <= r; ++c) lower[lowerIndex(r, c)] = row[c] + q(r, c);
  }
  storeLower(lower, out);
}

/// The two-component mixture's moments: x = x_a + w (x_b - x_a),
/// P = P_a + w (P_b - P_a) + w (1 - w) d d^T, d = x_b - x_a (lower triangle, mirrored).
/// Everything is computed into locals before the outputs are written: with outputs that might
/// alias the inputs, the compiler would otherwise reload the inputs after every store (this
/// was the tracker's most expensive function). The arithmetic, and so every bit of the
/// result, is that of the plain double loop over the lower triangle.
void mixTwo(const HVec& x_a, const HMat& p_a, const HVec& x_b, const HMat& p_b, double w,
            HVec& x_out, HMat& p_out) {
  double d[5];
  double x[5];
  for (int i = 0; i < 5; ++i) {
    d[i] = x_b(i) - x_a(i);
    x[i] = x_a(i) + w * d[i];
  }
  const double spread = w * (1.0 - w);
  double lower[15];
  int k = 0;
  for (int c = 0; c < 5; ++c) {
    for (int r = c; r < 5; ++r, ++k) {
      lower[k] = p_a(r, c) + w * (p_b(r, c) - p_a(r, c)) + spread * d[r] * d[c];
    }
  }
  for (int i = 0; i < 5; ++i) x_out(i) = x[i];
  k = 0;
  for (int c = 0; c < 5; ++c) {
    for (int r = c; r < 5; ++r, ++k) {
      p_out(r, c) = lower[k];
      p_out(c, r) = lower[k];
    }
  }
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
  static_assert(kMotionModels == 2, "written for two models");
  const double w1 = mu(1) / (mu(0) + mu(1));
  mixTwo(x[0], p[0], x[1], p[1], w1, x_out, p_out);
}

ImmInterval immInterval(double dt_s, const ImmConfig& config) {
  ImmInterval k;
  k.dt_s = dt_s;
  k.pi = transitionMatrix(dt_s, config);
  k.motion = models::motionInterval(dt_s, config.noise);
  return k;
}

void immPredictModes(const ImmState& s, const ImmInterval& interval, ImmState& out) {
  // Interaction (mixing) step of the IMM (Blom and Bar-Shalom 1988; Bar-Shalom, Li and
  // Kirubarajan 2001, sec. 11.6.6, eqs. 11.6.6-6..11): predicted mode probabilities
  // c_j = sum_i pi_ij mu_i, mixing weights mu_i|j = pi_ij mu_i / c_j, mixed initial conditions
  // per model (two components: the other model's weight w pulls x_j by w d and adds
  // w (1 - w) d d^T), then each model's own prediction.
  const ModeMat& pi = interval.pi;
  const ModeVec c = pi.transpose() * s.mu;
  for (int j = 0; j < kMotionModels; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    const auto ou = static_cast<std::size_t>(1 - j);
    const double w_other = c(j) > 0.0 ? pi(1 - j, j) * s.mu(1 - j) / c(j) : 0.0;
    HVec x0;
    HMat p0;
    mixTwo(s.x[ju], s.P[ju], s.x[ou], s.P[ou], w_other, x0, p0);
    if (kModels[j] == models::Motion::CoordinatedTurn) {
      HMat f;
      models::propagate(kModels[j], x0, interval.motion, out.x[ju], f);
      predictCovariance(f, p0, interval.motion.ct_q, out.P[ju]);
    } else {
      // models::propagate's CV mean, without building its F.
      const double dt = interval.dt_s;
      HVec& x1 = out.x[ju];
      x1 = x0;
      x1(0) += dt * x0(2);
      x1(1) += dt * x0(3);
      x1(4) = interval.motion.cv_decay * x0(4);
      predictCovarianceCv(dt, interval.motion.cv_decay, p0, interval.motion.cv_q, out.P[ju]);
    }
  }
  out.mu = c;
}

void immPredictModes(const ImmState& s, double dt_s, const ImmConfig& config, ImmState& out) {
  immPredictModes(s, immInterval(dt_s, config), out);
}

void immPredict(const ImmState& s, double dt_s, const ImmConfig& config, ImmPrediction& out) {
  immPredictModes(s, dt_s, config, out);
  immCombine(out.x, out.P, out.mu, out.x_combined, out.P_combined);
}

double immCombinedMean(const ImmState& s, int i) {
  // mixTwo's mean with w = mu_1 / (mu_0 + mu_1), as immCombine computes it.
  const double w = s.mu(1) / (s.mu(0) + s.mu(1));
  return s.x[0](i) + w * (s.x[1](i) - s.x[0](i));
}

double immCombinedCovariance(const ImmState& s, int r, int c) {
  // mixTwo's lower-triangle element (r >= c; the matrix is mirrored from it).
  if (r < c) std::swap(r, c);
  const double w = s.mu(1) / (s.mu(0) + s.mu(1));
  const double spread = w * (1.0 - w);
  const double dr = s.x[1](r) - s.x[0](r);
  const double dc = s.x[1](c) - s.x[0](c);
  return s.P[0](r, c) + w * (s.P[1](r, c) - s.P[0](r, c)) + spread * dr * dc;
}

void immCombinedMeanAndVariances(const ImmState& s, HVec& mean, HVec& variance) {
  // immCombinedMean and immCombinedCovariance(i, i), with w computed once.
  const double w = s.mu(1) / (s.mu(0) + s.mu(1));
  const double spread = w * (1.0 - w);
  for (int i = 0; i < models::kHorizontalStates; ++i) {
    const double d = s.x[1](i) - s.x[0](i);
    mean(i) = s.x[0](i) + w * d;
    variance(i) = s.P[0](i, i) + w * (s.P[1](i, i) - s.P[0](i, i)) + spread * d * d;
  }
}

}  // namespace picket::filters
