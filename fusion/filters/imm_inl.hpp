#pragma once
// Template definitions of imm.hpp.
#include <cmath>
#include <limits>

#include "filters/imm.hpp"

namespace picket::filters {

template <int M, class Linearize>
ImmUpdateStatus immUpdate(const ImmPrediction& prior, Linearize&& linearize,
                          const ImmConfig& config, ImmState& out) {
  // Mode-matched updates and mode probabilities (Blom and Bar-Shalom 1988; Bar-Shalom, Li and
  // Kirubarajan 2001, eqs. 11.6.6-13..17): mu_j proportional to c_j N(y_j; 0, S_j). The likelihoods are
  // combined in log space: with a large NIS they underflow to 0 in both models at once.
  constexpr double kLogTwoPi = 1.8378770664093454836;
  ImmState next;
  Eigen::Matrix<double, kMotionModels, 1> log_w;
  for (int j = 0; j < kMotionModels; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    models::PlaneLinearized<M> z;
    if (!linearize(prior.x[ju], z)) return ImmUpdateStatus::NumericalFailure;
    next.x[ju] = prior.x[ju];
    next.P[ju] = prior.P[ju];
    PlaneInnovation<M> innovation;
    if (!planeUpdate(next.x[ju], next.P[ju], z, innovation)) {
      return ImmUpdateStatus::NumericalFailure;
    }
    if (!(prior.mu(j) > 0.0)) {
      log_w(j) = -std::numeric_limits<double>::infinity();
      continue;
    }
    log_w(j) = std::log(prior.mu(j)) -
               0.5 * (innovation.nis + innovation.log_det_s + M * kLogTwoPi);
  }
  const double max_log = log_w.maxCoeff();
  if (!std::isfinite(max_log)) return ImmUpdateStatus::NumericalFailure;
  next.mu = (log_w.array() - max_log).exp().matrix();
  next.mu /= next.mu.sum();
  // Floor, then renormalise: no model is ever lost for good.
  next.mu = next.mu.cwiseMax(config.min_probability);
  next.mu /= next.mu.sum();
  if (!next.mu.allFinite()) return ImmUpdateStatus::NumericalFailure;
  out = next;
  return ImmUpdateStatus::Ok;
}

}  // namespace picket::filters
