// Micro-benchmarks of the spatial index (association/spatial_index.hpp) in a realistic gating
// load: surface targets spread uniformly by area over lon -120..-55, lat -10..35 on the WGS-84
// ellipsoid, each inserted as a 2.5 km ball, queried with 2.5 km balls at random positions of
// the same area. Arguments: number of items, cell size in metres.
//
//   picket-microbench --benchmark_filter=Index
//
// Counters: cand = candidates visited per query, near = items whose ball really meets the
// query ball, per_item = time per inserted item, bytes_per_item = memoryBytes() / items.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "association/spatial_index.hpp"
#include "geo/wgs84.hpp"

namespace {

using picket::association::SpatialIndex;
using picket::core::GeoPoint;
using picket::core::Vec3;

constexpr double kRadiusM = 2'500.0;
constexpr std::size_t kMaxItems = 1'000'000;
constexpr std::size_t kQueries = 8'192;  // a power of two: the loop cycles with a mask

/// Uniform by area over the box (z = sin(lat) uniform), on the ellipsoid, from our own
/// uniform draw so the point set does not depend on the standard library (STYLE.md 5).
std::vector<Vec3> surfacePoints(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](double lo, double hi) {
    return lo + (hi - lo) * ((static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53);
  };
  const double z_lo = std::sin(-10.0 * picket::geo::kDegToRad);
  const double z_hi = std::sin(35.0 * picket::geo::kDegToRad);
  std::vector<Vec3> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double lat_deg = std::asin(uniform(z_lo, z_hi)) * picket::geo::kRadToDeg;
    out.push_back(picket::geo::geodeticToEcef(GeoPoint{lat_deg, uniform(-120.0, -55.0), 0.0}));
  }
  return out;
}

const std::vector<Vec3>& items() {
  static const std::vector<Vec3> points = surfacePoints(kMaxItems, 1);
  return points;
}

const std::vector<Vec3>& queries() {
  static const std::vector<Vec3> points = surfacePoints(kQueries, 2);
  return points;
}

void fill(SpatialIndex& index, std::size_t n) {
  const auto& pts = items();
  for (std::size_t i = 0; i < n; ++i) index.insert(static_cast<std::uint32_t>(i), pts[i], kRadiusM);
}

void BM_IndexQuery(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  SpatialIndex index(static_cast<double>(state.range(1)));
  fill(index, n);
  const auto& qs = queries();
  std::size_t i = 0;
  std::uint64_t visited = 0;
  for (auto _ : state) {
    index.query(qs[i++ & (kQueries - 1)], kRadiusM, [&](std::uint32_t) { ++visited; });
    benchmark::DoNotOptimize(visited);
  }
  // Outside the timed loop: how conservative the candidates are.
  std::uint64_t cand = 0;
  std::uint64_t near = 0;
  const auto& pts = items();
  for (const Vec3& q : qs) {
    index.query(q, kRadiusM, [&](std::uint32_t item) {
      ++cand;
      if ((pts[item] - q).norm() <= 2.0 * kRadiusM) ++near;
    });
  }
  state.counters["cand"] = static_cast<double>(cand) / kQueries;
  state.counters["near"] = static_cast<double>(near) / kQueries;
  state.counters["bytes_per_item"] =
      static_cast<double>(index.memoryBytes()) / static_cast<double>(n);
}

void BM_IndexLinearScan(benchmark::State& state) {
  // The alternative without an index: one distance test per item.
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& pts = items();
  const auto& qs = queries();
  constexpr double kGate2 = 4.0 * kRadiusM * kRadiusM;  // balls of kRadiusM meet
  std::size_t i = 0;
  std::uint64_t hits = 0;
  for (auto _ : state) {
    const Vec3& q = qs[i++ & (kQueries - 1)];
    for (std::size_t k = 0; k < n; ++k) hits += (pts[k] - q).squaredNorm() <= kGate2 ? 1 : 0;
    benchmark::DoNotOptimize(hits);
  }
}

void BM_IndexBuild(benchmark::State& state) {
  // A fresh index each iteration: construction, every table growth and entry reallocation.
  const auto n = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    SpatialIndex index(static_cast<double>(state.range(1)));
    fill(index, n);
    benchmark::DoNotOptimize(index.entries());
  }
  state.counters["per_item"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate |
                                                     benchmark::Counter::kInvert);
}

void BM_IndexClearRebuild(benchmark::State& state) {
  // The periodic rebuild: clear() keeps the memory, so this is the steady-state insert cost.
  const auto n = static_cast<std::size_t>(state.range(0));
  SpatialIndex index(static_cast<double>(state.range(1)));
  fill(index, n);
  for (auto _ : state) {
    index.clear();
    fill(index, n);
    benchmark::DoNotOptimize(index.entries());
  }
  state.counters["per_item"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate |
                                                     benchmark::Counter::kInvert);
}

void queryArgs(benchmark::internal::Benchmark* b) {
  for (const std::int64_t n : {1'000, 10'000, 100'000, 1'000'000}) {
    for (const std::int64_t cell_m : {2'500, 5'000, 10'000, 15'000, 20'000, 30'000, 40'000}) {
      if (n == 1'000'000 && cell_m < 5'000) continue;  // 27 cells per item: ~1 GB of table
      b->Args({n, cell_m});
    }
  }
}

void buildArgs(benchmark::internal::Benchmark* b) {
  for (const std::int64_t n : {1'000, 10'000, 100'000, 1'000'000}) {
    for (const std::int64_t cell_m : {10'000, 20'000}) b->Args({n, cell_m});
  }
}

BENCHMARK(BM_IndexQuery)->Apply(queryArgs);
BENCHMARK(BM_IndexLinearScan)->Arg(1'000)->Arg(10'000)->Arg(100'000);
BENCHMARK(BM_IndexBuild)->Apply(buildArgs)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_IndexClearRebuild)->Apply(buildArgs)->Unit(benchmark::kMicrosecond);

}  // namespace
