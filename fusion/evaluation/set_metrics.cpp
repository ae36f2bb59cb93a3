#include "evaluation/set_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "association/assignment.hpp"

namespace picket::evaluation {

namespace {

void checkParameters(double cutoff_m, double order) {
  if (!(cutoff_m > 0.0) || !std::isfinite(cutoff_m)) {
    throw std::invalid_argument("cut-off must be finite and > 0");
  }
  if (!(order >= 1.0) || !std::isfinite(order)) throw std::invalid_argument("order must be >= 1");
}

// Optimal assignment over the cut-off cost min(d, c)^p. Returns, for each truth (row of
// distance_m), its estimate or -1.
std::vector<int> assignCutoff(const Eigen::MatrixXd& distance_m, double cutoff_m, double order) {
  return association::solveAssignmentAnyShape(distance_m.array().min(cutoff_m).pow(order).matrix());
}

}  // namespace

double ospaDistance(const Eigen::MatrixXd& distance_m, double cutoff_m, double order) {
  checkParameters(cutoff_m, order);
  const auto m = static_cast<double>(std::min(distance_m.rows(), distance_m.cols()));
  const auto n = static_cast<double>(std::max(distance_m.rows(), distance_m.cols()));
  if (n == 0.0) return 0.0;  // Schuhmacher et al. define d(empty, empty) = 0.
  const std::vector<int> pairs = assignCutoff(distance_m, cutoff_m, order);
  double sum = 0.0;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (pairs[i] < 0) continue;
    sum += std::pow(std::min(distance_m(static_cast<Eigen::Index>(i), pairs[i]), cutoff_m), order);
  }
  // Eq. (3): ((1/n) (min_pi sum d^(c)^p + c^p (n - m)))^(1/p).
  sum += std::pow(cutoff_m, order) * (n - m);
  return std::pow(sum / n, 1.0 / order);
}

GospaResult gospaDistance(const Eigen::MatrixXd& distance_m, double cutoff_m, double order) {
  checkParameters(cutoff_m, order);
  GospaResult r;
  const std::vector<int> pairs = assignCutoff(distance_m, cutoff_m, order);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (pairs[i] < 0) continue;
    const double d = distance_m(static_cast<Eigen::Index>(i), pairs[i]);
    // Rahmathullah et al., Prop. 1: with alpha = 2 a pair at d >= c costs c^p, the same as an
    // unassigned truth plus an unassigned estimate (c^p/2 each), so it is reported as those.
    if (d < cutoff_m) {
      r.localisation_mp += std::pow(d, order);
      ++r.assigned;
    }
  }
  r.missed = static_cast<std::size_t>(distance_m.rows()) - r.assigned;
  r.false_tracks = static_cast<std::size_t>(distance_m.cols()) - r.assigned;
  const double half_cp = std::pow(cutoff_m, order) / 2.0;
  r.missed_mp = half_cp * static_cast<double>(r.missed);
  r.false_tracks_mp = half_cp * static_cast<double>(r.false_tracks);
  r.distance_m = std::pow(r.localisation_mp + r.missed_mp + r.false_tracks_mp, 1.0 / order);
  return r;
}

}  // namespace picket::evaluation
