#pragma once
// Optimal rectangular assignment (minimum total cost) for global-nearest-neighbour association.

#include <Eigen/Core>
#include <vector>

namespace picket::association {

/// Cost of a pair that must never be assigned.
inline constexpr double kForbidden = 1e18;

/// Solves min sum cost(i, a[i]) over injective a: rows -> columns, rows <= cols, by the
/// shortest-augmenting-path method with dual potentials (Jonker and Volgenant 1987; the O(n^2 m)
/// form in Burkard, Dell'Amico, Martello, "Assignment Problems", sec. 4.4). Deterministic:
/// ties go to the lowest column index. Returns the column of each row, or -1 where the row
/// could only take a forbidden pair. Costs must be finite or kForbidden.
std::vector<int> solveAssignment(const Eigen::MatrixXd& cost);

/// The same for a matrix of any shape: when there are more rows than columns the transposed
/// problem is solved. Returns the column of each row, or -1 (unassigned or forbidden only).
std::vector<int> solveAssignmentAnyShape(const Eigen::MatrixXd& cost);

}  // namespace picket::association
