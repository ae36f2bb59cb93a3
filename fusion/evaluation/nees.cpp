#include "evaluation/nees.hpp"

#include <cmath>

namespace picket::evaluation {

std::optional<double> positionNees(const core::Vec2& error_en_m, double cov_ee_m2, double cov_en_m2,
                                   double cov_nn_m2) {
  const double det = cov_ee_m2 * cov_nn_m2 - cov_en_m2 * cov_en_m2;
  if (!std::isfinite(det) || !(cov_ee_m2 > 0.0) || !(det > 0.0)) return std::nullopt;
  // Closed-form 2x2 inverse: P^-1 = [nn -en; -en ee] / det.
  const double e = error_en_m.x();
  const double n = error_en_m.y();
  return (cov_nn_m2 * e * e - 2.0 * cov_en_m2 * e * n + cov_ee_m2 * n * n) / det;
}

}  // namespace picket::evaluation
