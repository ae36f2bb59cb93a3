#include "association/assignment.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

namespace picket::association {
namespace {

using Eigen::MatrixXd;

MatrixXd matrix(std::initializer_list<std::initializer_list<double>> rows) {
  const auto n = static_cast<Eigen::Index>(rows.size());
  const auto m = static_cast<Eigen::Index>(rows.begin()->size());
  MatrixXd c(n, m);
  Eigen::Index i = 0;
  for (const auto& row : rows) {
    Eigen::Index j = 0;
    for (const double v : row) c(i, j++) = v;
    ++i;
  }
  return c;
}

/// Quality of an assignment: first how many rows are left without an allowed pair, then the
/// total cost of the allowed pairs (what minimising with kForbidden as a huge cost means in
/// exact arithmetic).
struct Quality {
  int unassigned = 0;
  double cost = 0.0;
};

Quality qualityOf(const MatrixXd& c, const std::vector<int>& a) {
  Quality q;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] < 0) {
      ++q.unassigned;
    } else {
      q.cost += c(static_cast<Eigen::Index>(i), a[i]);
    }
  }
  return q;
}

/// Checks that `a` is a valid answer for `c`: one entry per row, distinct columns, never a
/// forbidden pair.
void expectValid(const MatrixXd& c, const std::vector<int>& a) {
  ASSERT_EQ(a.size(), static_cast<std::size_t>(c.rows()));
  std::vector<bool> taken(static_cast<std::size_t>(c.cols()), false);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] < 0) {
      EXPECT_EQ(a[i], -1);
      continue;
    }
    ASSERT_LT(a[i], c.cols());
    EXPECT_FALSE(taken[static_cast<std::size_t>(a[i])]) << "column " << a[i] << " used twice";
    taken[static_cast<std::size_t>(a[i])] = true;
    EXPECT_LT(c(static_cast<Eigen::Index>(i), a[i]), kForbidden) << "row " << i;
  }
}

/// Best quality over every injection rows -> columns, by exhaustive enumeration.
Quality bruteForce(const MatrixXd& c) {
  const auto n = static_cast<int>(c.rows());
  const auto m = static_cast<int>(c.cols());
  Quality best{n + 1, 0.0};
  std::vector<bool> used(static_cast<std::size_t>(m), false);
  Quality current;
  const auto better = [](const Quality& a, const Quality& b) {
    return a.unassigned < b.unassigned || (a.unassigned == b.unassigned && a.cost < b.cost);
  };
  const auto recurse = [&](const auto& self, int row) -> void {
    if (row == n) {
      if (better(current, best)) best = current;
      return;
    }
    for (int j = 0; j < m; ++j) {
      if (used[static_cast<std::size_t>(j)]) continue;
      used[static_cast<std::size_t>(j)] = true;
      const double v = c(row, j);
      const Quality saved = current;
      if (v >= kForbidden) {
        ++current.unassigned;
      } else {
        current.cost += v;
      }
      self(self, row + 1);
      current = saved;
      used[static_cast<std::size_t>(j)] = false;
    }
  };
  recurse(recurse, 0);
  return best;
}

/// Uniform integer in [lo, hi] from raw engine bits (the std distributions are
/// implementation-defined).
int uniformInt(std::mt19937_64& rng, int lo, int hi) {
  return lo + static_cast<int>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
}
double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

TEST(SolveAssignment, SingleEntry) {
  EXPECT_EQ(solveAssignment(matrix({{3.5}})), (std::vector<int>{0}));
}

TEST(SolveAssignment, SquareHandCases) {
  EXPECT_EQ(solveAssignment(matrix({{1, 2}, {2, 1}})), (std::vector<int>{0, 1}));
  EXPECT_EQ(solveAssignment(matrix({{2, 1}, {1, 2}})), (std::vector<int>{1, 0}));
  // Greedy would take (0,0) = 1 and then (1,1) = 100; the optimum is 2 + 1.
  EXPECT_EQ(solveAssignment(matrix({{1, 2}, {1, 100}})), (std::vector<int>{1, 0}));
  // Classic 3x3: optimum 1 + 2 + 2 = 5.
  EXPECT_EQ(solveAssignment(matrix({{4, 1, 3}, {2, 0, 5}, {3, 2, 2}})),
            (std::vector<int>{1, 0, 2}));
  // Negative costs are fine (log-likelihood costs can be negative).
  EXPECT_EQ(solveAssignment(matrix({{-5, -1}, {-4, -10}})), (std::vector<int>{0, 1}));
}

TEST(SolveAssignment, FourByFourHandCase) {
  // Unique optimum 2 + 6 + 1 + 4 = 13 (the next best is 14).
  const MatrixXd c = matrix({{9, 2, 7, 8}, {6, 4, 3, 7}, {5, 8, 1, 8}, {7, 6, 9, 4}});
  const std::vector<int> a = solveAssignment(c);
  EXPECT_EQ(a, (std::vector<int>{1, 0, 2, 3}));
  EXPECT_DOUBLE_EQ(qualityOf(c, a).cost, bruteForce(c).cost);
}

TEST(SolveAssignment, RectangularPicksTheBestColumns) {
  EXPECT_EQ(solveAssignment(matrix({{5, 3, 9, 1, 7}})), (std::vector<int>{3}));
  // Two tracks, four measurements: each takes its own best, unless they collide.
  EXPECT_EQ(solveAssignment(matrix({{9, 1, 8, 7}, {2, 9, 9, 9}})), (std::vector<int>{1, 0}));
  EXPECT_EQ(solveAssignment(matrix({{9, 1, 8, 2}, {9, 1, 9, 9}})), (std::vector<int>{3, 1}));
}

TEST(SolveAssignment, EmptyProblemsGiveEmptyAnswers) {
  EXPECT_TRUE(solveAssignment(MatrixXd(0, 0)).empty());
  EXPECT_TRUE(solveAssignment(MatrixXd(0, 4)).empty());
}

TEST(SolveAssignment, MoreRowsThanColumnsThrows) {
  EXPECT_THROW(solveAssignment(MatrixXd::Zero(3, 2)), std::invalid_argument);
  EXPECT_THROW(solveAssignment(MatrixXd::Zero(1, 0)), std::invalid_argument);
}

TEST(SolveAssignment, RowWithOnlyForbiddenPairsIsUnassigned) {
  const double f = kForbidden;
  EXPECT_EQ(solveAssignment(matrix({{f, f, f}})), (std::vector<int>{-1}));
  EXPECT_EQ(solveAssignment(matrix({{1, 2, 3}, {f, f, f}})), (std::vector<int>{0, -1}));
  EXPECT_EQ(solveAssignment(matrix({{f, f}, {f, f}})), (std::vector<int>{-1, -1}));
}

TEST(SolveAssignment, ForbiddenPairsAreNeverReturned) {
  const double f = kForbidden;
  // Row 1 can only take column 0, so row 0 must go to column 1.
  EXPECT_EQ(solveAssignment(matrix({{1, 50}, {2, f}})), (std::vector<int>{1, 0}));
  // Both rows want column 1 only: one of them keeps it, the other is unassigned.
  const std::vector<int> a = solveAssignment(matrix({{f, 1}, {f, 2}}));
  expectValid(matrix({{f, 1}, {f, 2}}), a);
  EXPECT_EQ(qualityOf(matrix({{f, 1}, {f, 2}}), a).unassigned, 1);
}

TEST(SolveAssignment, CompetingRowsForOneAllowedColumnKeepTheCheaperPair) {
  // Row 0 and row 1 can only use column 1; row 0 is the better match (cost 1 vs 2).
  const double f = kForbidden;
  EXPECT_EQ(solveAssignment(matrix({{f, 1}, {f, 2}})), (std::vector<int>{1, -1}));
  EXPECT_EQ(solveAssignment(matrix({{f, 2}, {f, 1}})), (std::vector<int>{-1, 1}));
}

TEST(SolveAssignment, EqualCostsGoToTheLowestColumn) {
  EXPECT_EQ(solveAssignment(matrix({{1, 1, 1, 1}})), (std::vector<int>{0}));
  EXPECT_EQ(solveAssignment(matrix({{3, 1, 1, 2, 1}})), (std::vector<int>{1}));
  EXPECT_EQ(solveAssignment(MatrixXd::Zero(3, 3)), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(solveAssignment(MatrixXd::Constant(3, 5, 7.0)), (std::vector<int>{0, 1, 2}));
}

TEST(SolveAssignment, SameInputGivesSameOutput) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 200; ++trial) {
    const int n = uniformInt(rng, 1, 6);
    const int m = uniformInt(rng, n, 8);
    MatrixXd c(n, m);
    for (Eigen::Index i = 0; i < c.size(); ++i) c(i) = uniformInt(rng, 0, 3);  // many ties
    const std::vector<int> first = solveAssignment(c);
    ASSERT_EQ(solveAssignment(c), first) << c;
    ASSERT_EQ(solveAssignment(MatrixXd(c)), first) << c;
  }
}

TEST(SolveAssignment, MatchesExhaustiveSearchOnRandomMatrices) {
  std::mt19937_64 rng(20240608);
  for (int trial = 0; trial < 400; ++trial) {
    const int n = uniformInt(rng, 1, 7);
    const int m = uniformInt(rng, n, 9);
    MatrixXd c(n, m);
    const bool integer = trial % 2 == 0;  // integer costs: plenty of ties
    for (Eigen::Index i = 0; i < c.size(); ++i) {
      c(i) = integer ? uniformInt(rng, 0, 9) : 100.0 * uniform01(rng) - 20.0;
    }
    const std::vector<int> a = solveAssignment(c);
    SCOPED_TRACE(::testing::Message() << "trial " << trial << "\n" << c);
    expectValid(c, a);
    ASSERT_EQ(qualityOf(c, a).unassigned, 0);
    ASSERT_NEAR(qualityOf(c, a).cost, bruteForce(c).cost, 1e-9);
  }
}

TEST(SolveAssignment, MatchesExhaustiveSearchWithForbiddenPairs) {
  std::mt19937_64 rng(777);
  for (int trial = 0; trial < 400; ++trial) {
    const int n = uniformInt(rng, 1, 7);
    const int m = uniformInt(rng, n, 9);
    MatrixXd c(n, m);
    const double p_forbidden = 0.1 * uniformInt(rng, 1, 7);
    for (Eigen::Index i = 0; i < c.size(); ++i) {
      c(i) = uniform01(rng) < p_forbidden ? kForbidden : 50.0 * uniform01(rng);
    }
    const std::vector<int> a = solveAssignment(c);
    SCOPED_TRACE(::testing::Message() << "trial " << trial << "\n" << c);
    expectValid(c, a);
    const Quality got = qualityOf(c, a);
    const Quality best = bruteForce(c);
    ASSERT_EQ(got.unassigned, best.unassigned);
    ASSERT_NEAR(got.cost, best.cost, 1e-9);
  }
}

}  // namespace
}  // namespace picket::association

TEST(SolveAssignmentAnyShape, MoreRowsThanColumnsIsSolvedTransposed) {
  // Three rows, two columns: the cheapest injection of columns into rows is row 2 -> col 0
  // (1) and row 0 -> col 1 (2); row 1 stays unassigned.
  Eigen::MatrixXd cost(3, 2);
  cost << 9, 2,  //
      8, 7,      //
      1, 9;
  EXPECT_EQ(picket::association::solveAssignmentAnyShape(cost), (std::vector<int>{1, -1, 0}));
  // And the wide case is the ordinary solver.
  EXPECT_EQ(picket::association::solveAssignmentAnyShape(cost.transpose()),
            picket::association::solveAssignment(cost.transpose()));
}
