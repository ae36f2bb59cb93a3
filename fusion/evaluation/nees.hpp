#pragma once
// Normalised estimation error squared of a horizontal position.

#include <optional>

#include "core/types.hpp"

namespace picket::evaluation {

/// Position NEES e^T P^-1 e with 2 degrees of freedom (Bar-Shalom, Li, Kirubarajan,
/// "Estimation with Applications to Tracking and Navigation", 2001, sec. 5.4.2): its mean over
/// many samples is 2 for a consistent filter. error_en_m: truth minus estimate, local east and
/// north metres; cov_*_m2: the estimate's east/north position covariance. Returns nullopt when
/// the covariance is not symmetric positive definite (never repaired, STYLE.md 3).
std::optional<double> positionNees(const core::Vec2& error_en_m, double cov_ee_m2, double cov_en_m2,
                                   double cov_nn_m2);

}  // namespace picket::evaluation
