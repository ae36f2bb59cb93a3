#include "association/gating.hpp"

#include <cmath>
#include <stdexcept>

namespace picket::association {

double chiSquareCdf(int dof, double x) {
  if (dof < 1 || dof > 10) throw std::invalid_argument("chiSquareCdf: dof must be 1..10");
  if (x <= 0.0) return 0.0;
  if (std::isinf(x)) return 1.0;  // the recurrence below would compute inf - inf
  const double h = 0.5 * x;
  // P(k/2, x/2) by the recurrence P(a+1, h) = P(a, h) - h^a e^-h / Gamma(a+1),
  // starting from P(1, h) = 1 - e^-h (even k) or P(1/2, h) = erf(sqrt(h)) (odd k).
  double a = (dof % 2 == 0) ? 1.0 : 0.5;
  double p = (dof % 2 == 0) ? -std::expm1(-h) : std::erf(std::sqrt(h));
  while (a < 0.5 * dof - 1e-12) {
    p -= std::exp(a * std::log(h) - h - std::lgamma(a + 1.0));
    a += 1.0;
  }
  return p;
}

double chiSquareQuantile(int dof, double probability) {
  if (!(probability > 0.0 && probability < 1.0)) {
    throw std::invalid_argument("chiSquareQuantile: probability must be in (0, 1)");
  }
  double lo = 0.0;
  double hi = 1.0;
  while (chiSquareCdf(dof, hi) < probability) hi *= 2.0;
  for (int i = 0; i < 200 && (hi - lo) > 1e-10 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (chiSquareCdf(dof, mid) < probability) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

}  // namespace picket::association
