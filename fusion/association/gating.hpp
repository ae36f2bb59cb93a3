#pragma once
// Chi-square gates for the normalised innovation squared.

namespace picket::association {

/// Cumulative distribution of the chi-square distribution with `dof` degrees of freedom
/// (1..10) at x >= 0, exact (closed forms of the regularised lower incomplete gamma function
/// for integer and half-integer shape).
double chiSquareCdf(int dof, double x);

/// The x with chiSquareCdf(dof, x) = probability, probability in (0, 1), by bisection to
/// 1e-10 relative. E.g. dof 2, probability 0.99 gives 9.2103.
double chiSquareQuantile(int dof, double probability);

}  // namespace picket::association
