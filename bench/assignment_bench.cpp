// Assignment by cluster size: association::solveAssignment (Jonker-Volgenant) on an n x n
// cluster of gated pairs, n = 1, 2, 5, 10, 50, 200. Costs are what the tracker puts in a
// cluster: mixture negative log-likelihoods of gated pairs (uniform in [0, 20], seeded), with
// a share of pairs outside the gate (kForbidden) that grows with the cluster, as in a dense
// crossing: each track gates its own plot and about 4 neighbours. The matrix is built once per
// size; each iteration solves it afresh.
//
//   picket-microbench --benchmark_filter=Assignment
//
// items = rows (tracks) assigned.
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <random>

#include "association/assignment.hpp"

namespace {

using picket::association::kForbidden;

Eigen::MatrixXd clusterCosts(int n) {
  std::mt19937_64 rng(11 + static_cast<unsigned>(n));
  const auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };
  Eigen::MatrixXd c(n, n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      // A band of neighbours around the diagonal (tracks and plots sorted along the crossing)
      // is gated; the rest is forbidden. Small clusters are fully gated.
      const bool gated = n <= 5 || std::abs(i - j) <= 2;
      c(i, j) = gated ? 20.0 * uniform() : kForbidden;
    }
  }
  return c;
}

void BM_AssignmentCluster(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Eigen::MatrixXd cost = clusterCosts(n);
  for (auto _ : state) {
    auto a = picket::association::solveAssignment(cost);
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_AssignmentCluster)->Arg(1)->Arg(2)->Arg(5)->Arg(10)->Arg(50)->Arg(200);

/// The same clusters fully gated (every pair finite): the solver's worst case.
void BM_AssignmentClusterDense(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::mt19937_64 rng(13 + static_cast<unsigned>(n));
  Eigen::MatrixXd cost(n, n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) cost(i, j) = 20.0 * ((static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53);
  }
  for (auto _ : state) {
    auto a = picket::association::solveAssignment(cost);
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_AssignmentClusterDense)->Arg(10)->Arg(50)->Arg(200);

}  // namespace
