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
  double nis[kMotionModels];
  double det_s[kMotionModels];
  for (int j = 0; j < kMotionModels; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    models::PlaneLinearized<M> z;
    if (!linearize(prior.x[ju], z)) return ImmUpdateStatus::NumericalFailure;
    // Straight from the prior into `next` (no copy of the prior first).
    Eigen::Matrix<double, M, M> s;
    if (!planeUpdateDetInto<M>(prior.x[ju], prior.P[ju], z, s, nis[j], det_s[j], next.x[ju],
                               next.P[ju])) {
      return ImmUpdateStatus::NumericalFailure;
    }
  }
  // mu_1 = 1 / (1 + r) with r = (c_0 L_0) / (c_1 L_1), L_j = exp(-nis_j / 2) / sqrt|S_j| (the
  // (2 pi)^(M/2) cancel): ln r = ln(c_0^2 |S_1| / (c_1^2 |S_0|)) / 2 - (nis_0 - nis_1) / 2, one
  // logarithm (the ratio is a normal positive number for any sane S and c >= the floor; when
  // it is not, the three logarithms). Clamping ln r keeps exp finite; the floor below makes
  // the clamp invisible. With a large NIS both likelihoods underflow to 0 in linear space:
  // hence the log space.
  if (!(prior.mu(0) >= 0.0) || !(prior.mu(1) >= 0.0) || !(prior.mu(0) + prior.mu(1) > 0.0)) {
    return ImmUpdateStatus::NumericalFailure;
  }
  if (prior.mu(1) == 0.0) {
    next.mu << 1.0, 0.0;
  } else if (prior.mu(0) == 0.0) {
    next.mu << 0.0, 1.0;
  } else {
    const double ratio =
        (prior.mu(0) * prior.mu(0) * det_s[1]) / (prior.mu(1) * prior.mu(1) * det_s[0]);
    const double log_ratio = std::isnormal(ratio) && std::isfinite(ratio)
                                 ? std::log(ratio)
                                 : 2.0 * std::log(prior.mu(0) / prior.mu(1)) +
                                       std::log(det_s[1]) - std::log(det_s[0]);
    double log_r = 0.5 * log_ratio - 0.5 * (nis[0] - nis[1]);
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
