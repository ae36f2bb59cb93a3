#include "association/assignment.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace picket::association {

std::vector<int> solveAssignment(const Eigen::MatrixXd& cost) {
  const int n = static_cast<int>(cost.rows());
  const int m = static_cast<int>(cost.cols());
  if (n > m) throw std::invalid_argument("solveAssignment: more rows than columns");
  if (n == 0) return {};
  // Forbidden pairs enter the arithmetic as a finite penalty P > n * (range of allowed costs),
  // so fewer forbidden pairs always wins and the allowed costs keep their precision: with
  // 1e18 itself the dual potentials absorb every real cost (ulp(1e18) = 128).
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (Eigen::Index k = 0; k < cost.size(); ++k) {
    if (cost(k) < kForbidden) {
      lo = std::min(lo, cost(k));
      hi = std::max(hi, cost(k));
    }
  }
  if (lo > hi) lo = hi = 0.0;  // every pair forbidden
  const double penalty = (hi - lo + 1.0) * (n + 1);
  const Eigen::MatrixXd work = (cost.array() < kForbidden).select(cost.array() - lo, penalty);
  constexpr double kInf = std::numeric_limits<double>::infinity();
  // 1-based arrays; column 0 is the virtual start of each augmenting path.
  std::vector<double> u(static_cast<std::size_t>(n) + 1, 0.0);
  std::vector<double> v(static_cast<std::size_t>(m) + 1, 0.0);
  std::vector<int> row_of_col(static_cast<std::size_t>(m) + 1, 0);
  std::vector<int> way(static_cast<std::size_t>(m) + 1, 0);
  std::vector<double> min_to(static_cast<std::size_t>(m) + 1);
  std::vector<char> used(static_cast<std::size_t>(m) + 1);

  for (int i = 1; i <= n; ++i) {
    row_of_col[0] = i;
    int j0 = 0;
    std::fill(min_to.begin(), min_to.end(), kInf);
    std::fill(used.begin(), used.end(), 0);
    do {
      used[static_cast<std::size_t>(j0)] = 1;
      const int i0 = row_of_col[static_cast<std::size_t>(j0)];
      double delta = kInf;
      int j1 = 0;
      for (int j = 1; j <= m; ++j) {
        const auto ju = static_cast<std::size_t>(j);
        if (used[ju]) continue;
        const double reduced = work(i0 - 1, j - 1) - u[static_cast<std::size_t>(i0)] - v[ju];
        if (reduced < min_to[ju]) {
          min_to[ju] = reduced;
          way[ju] = j0;
        }
        if (min_to[ju] < delta) {
          delta = min_to[ju];
          j1 = j;
        }
      }
      for (int j = 0; j <= m; ++j) {
        const auto ju = static_cast<std::size_t>(j);
        if (used[ju]) {
          u[static_cast<std::size_t>(row_of_col[ju])] += delta;
          v[ju] -= delta;
        } else {
          min_to[ju] -= delta;
        }
      }
      j0 = j1;
    } while (row_of_col[static_cast<std::size_t>(j0)] != 0);
    do {
      const int j1 = way[static_cast<std::size_t>(j0)];
      row_of_col[static_cast<std::size_t>(j0)] = row_of_col[static_cast<std::size_t>(j1)];
      j0 = j1;
    } while (j0 != 0);
  }

  std::vector<int> assignment(static_cast<std::size_t>(n), -1);
  for (int j = 1; j <= m; ++j) {
    const int i = row_of_col[static_cast<std::size_t>(j)];
    if (i > 0 && cost(i - 1, j - 1) < kForbidden) {
      assignment[static_cast<std::size_t>(i - 1)] = j - 1;
    }
  }
  return assignment;
}

std::vector<int> solveAssignmentAnyShape(const Eigen::MatrixXd& cost) {
  if (cost.rows() <= cost.cols()) return solveAssignment(cost);
  const std::vector<int> row_of_col = solveAssignment(cost.transpose());
  std::vector<int> col_of_row(static_cast<std::size_t>(cost.rows()), -1);
  for (std::size_t c = 0; c < row_of_col.size(); ++c) {
    if (row_of_col[c] >= 0) col_of_row[static_cast<std::size_t>(row_of_col[c])] = static_cast<int>(c);
  }
  return col_of_row;
}

}  // namespace picket::association
