#pragma once
// Multi-object miss distances between a truth set and an estimate set: OSPA and GOSPA.
// Both take the matrix of base distances (metres) between every truth and every estimate, so
// they are independent of how distances are measured (the tool uses geodesic distances).

#include <Eigen/Core>
#include <cstddef>

namespace picket::evaluation {

/// The OSPA distance (Schuhmacher, Vo, Vo, "A consistent metric for performance evaluation of
/// multi-object filters", IEEE Trans. Signal Processing 56(8), 2008, eq. (3)).
/// distance_m: |X| x |Y| base distances (rows truths, columns estimates, either may be empty),
/// each >= 0. cutoff_m: c > 0. order: p >= 1. Returns metres, in [0, c]; 0 when both sets are
/// empty. Symmetric in X and Y.
double ospaDistance(const Eigen::MatrixXd& distance_m, double cutoff_m, double order);

/// GOSPA with alpha = 2 and its decomposition (Rahmathullah, Garcia-Fernandez, Svensson,
/// "Generalized optimal sub-pattern assignment metric", FUSION 2017, Proposition 1).
/// The p-th power parts add up: distance_m^p = localisation + missed + false_tracks.
struct GospaResult {
  double distance_m = 0.0;       ///< d_p^(c,2)(X, Y), metres
  double localisation_mp = 0.0;  ///< sum of d^p over assigned pairs (d < c), metres^p
  double missed_mp = 0.0;        ///< c^p / 2 per missed truth, metres^p
  double false_tracks_mp = 0.0;  ///< c^p / 2 per false estimate, metres^p
  std::size_t assigned = 0;      ///< pairs with d < c
  std::size_t missed = 0;        ///< truths without a pair
  std::size_t false_tracks = 0;  ///< estimates without a pair
  bool operator==(const GospaResult&) const = default;
};

/// GOSPA with alpha = 2 (the only alpha supported: with it the metric is an optimal assignment
/// over min(d, c)^p, and pairs at d >= c count as one missed truth plus one false estimate).
/// distance_m: |X| x |Y| (rows truths, columns estimates); cutoff_m c > 0; order p >= 1.
GospaResult gospaDistance(const Eigen::MatrixXd& distance_m, double cutoff_m, double order);

}  // namespace picket::evaluation
