#pragma once
// Template definitions of imm.hpp.
#include <algorithm>
#include <cmath>
#include <limits>

#include "filters/imm.hpp"

namespace picket::filters {

template <int M, class Linearize>
ImmUpdateStatus immUpdate(const ImmState& prior, Linearize&& linearize, const ImmConfig& config,
                          ImmState& out) {
  // Mode-matched updates and mode probabilities (Blom and Bar-Shalom 1988; Bar-Shalom, Li and
  // Kirubarajan 2001, eqs. 11.6.6-13..17): mu_j proportional to c_j N(y_j; 0, S_j). The
  // likelihoods are combined in log space (one log, one exp): with a large NIS they underflow
  // to 0 in both models at once.
  static_assert(kMotionModels == 2, "the weights below are written for two models");
  ImmState next;
  double half_nis_plus_log_det[kMotionModels];
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
    half_nis_plus_log_det[j] = 0.5 * (innovation.nis + innovation.log_det_s);
  }
  // mu_1 = 1 / (1 + r) with r = (c_0 L_0) / (c_1 L_1), and ln r = ln(c_0 / c_1) - (the
  // difference of the halved NIS + ln|S|); the (2 pi)^(M/2) cancel. Clamping ln r keeps exp
  // finite; the floor below makes the clamp invisible.
  if (!(prior.mu(0) >= 0.0) || !(prior.mu(1) >= 0.0) || !(prior.mu(0) + prior.mu(1) > 0.0)) {
    return ImmUpdateStatus::NumericalFailure;
  }
  if (prior.mu(1) == 0.0) {
    next.mu << 1.0, 0.0;
  } else if (prior.mu(0) == 0.0) {
    next.mu << 0.0, 1.0;
  } else {
    double log_r =
        std::log(prior.mu(0) / prior.mu(1)) - (half_nis_plus_log_det[0] - half_nis_plus_log_det[1]);
    if (!std::isfinite(log_r)) return ImmUpdateStatus::NumericalFailure;
    log_r = std::clamp(log_r, -700.0, 700.0);
    const double mu1 = 1.0 / (1.0 + std::exp(log_r));
    next.mu << 1.0 - mu1, mu1;
  }
  // Floor, then renormalise: no model is ever lost for good.
  next.mu = next.mu.cwiseMax(config.min_probability);
  next.mu /= next.mu.sum();
  out = next;
  return ImmUpdateStatus::Ok;
}

}  // namespace picket::filters
