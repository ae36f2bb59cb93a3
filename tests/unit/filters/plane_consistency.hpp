#pragma once
// Helpers of the tangent-plane filter consistency tests (fixed_kalman_test, imm_test).

#include <cmath>

namespace picket::filters::consistency {

/// Two-sided 95 % interval of chi2(dof) / runs: the bounds on a NIS or NEES of `dim`
/// components averaged over `runs` independent Monte-Carlo runs (Bar-Shalom, Li and
/// Kirubarajan 2001, sec. 5.4.2). Quantiles by the Wilson-Hilferty cube-root approximation,
/// relative error < 1e-3 for the dof >= 100 used here (gating's exact chiSquareQuantile only
/// covers dof <= 10).
struct Chi2Interval {
  double lo = 0.0;
  double hi = 0.0;
  [[nodiscard]] bool contains(double mean) const { return mean > lo && mean < hi; }
};

inline Chi2Interval chi2Interval95(int dim, int runs) {
  constexpr double kZ975 = 1.959963984540054;
  const double k = static_cast<double>(dim * runs);
  const double c = 2.0 / (9.0 * k);
  const auto q = [&](double z) { return k * std::pow(1.0 - c + z * std::sqrt(c), 3.0); };
  return {q(-kZ975) / runs, q(kZ975) / runs};
}

}  // namespace picket::filters::consistency
