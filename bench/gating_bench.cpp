// Gating through the spatial index at 1,000, 10,000 and 100,000 live tracks: the tracker's
// gate step (tracking/tracker.cpp, Tracker::gate) rebuilt from the public kernels it calls.
// Each track is anchored at its own position (its tangent plane), has a two-model IMM
// prediction 10 s ahead, and is indexed as a ball of its 3-sigma reach plus the tracker's
// 2 km pre-gate slack in 20 km cells (the tracker's default). A query is one position plot
// 40 m from a track (the common case): index query, the pre-gate distance test, the plot in
// the candidate's plane, each model's innovation and chi-square test (2 dof, 0.9995).
//
//   picket-microbench --benchmark_filter=Gating
//
// Counters: cand = candidates the index proposed per plot, gated = pairs inside the gate.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "association/gating.hpp"
#include "association/spatial_index.hpp"
#include "filters/fixed_kalman.hpp"
#include "filters/imm.hpp"
#include "geo/tangent_plane.hpp"
#include "geo/wgs84.hpp"
#include "models/plane_measurements.hpp"

namespace {

using namespace picket;

constexpr double kCellM = 20'000.0;      // TrackerConfig::index_cell_size_m default
constexpr double kSlackM = 2'000.0;      // the tracker's kPreGateSlackM
constexpr std::size_t kPlots = 4'096;    // a power of two: the loop cycles with a mask

struct GateTrack {
  geo::TangentPlane plane;
  core::Vec3 ecef;
  double reach_m = 0.0;
  filters::ImmPrediction pred;
};

struct GatePlot {
  core::PositionMeasurement m;
  core::Vec3 ecef;
};

struct GatingWorld {
  std::vector<GateTrack> tracks;
  std::vector<GatePlot> plots;
  association::SpatialIndex index{kCellM};
};

/// Uniform by area over lon -120..-55, lat -10..35, from our own uniform draw.
core::GeoPoint randomPoint(std::mt19937_64& rng) {
  const auto u = [&](double lo, double hi) {
    return lo + (hi - lo) * ((static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53);
  };
  const double z = u(std::sin(-10.0 * geo::kDegToRad), std::sin(35.0 * geo::kDegToRad));
  return {std::asin(z) * geo::kRadToDeg, u(-120.0, -55.0), 0.0};
}

const GatingWorld& world(std::size_t n) {
  static std::vector<std::unique_ptr<GatingWorld>> cache;
  for (const auto& w : cache) {
    if (w->tracks.size() == n) return *w;
  }
  auto w = std::make_unique<GatingWorld>();
  std::mt19937_64 rng(7);
  const filters::ImmConfig config;
  models::HVec x;
  x << 0.0, 0.0, 8.0, 5.0, 0.0;
  models::HMat p = models::HMat::Zero();
  p.diagonal() << 900.0, 900.0, 4.0, 4.0, 1e-4;
  const filters::ImmState s = filters::immInit(x, p, config);
  w->tracks.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    GateTrack t;
    t.plane = geo::TangentPlane(randomPoint(rng));
    t.ecef = t.plane.anchorEcef();
    filters::immPredict(s, 10.0, config, t.pred);
    t.reach_m = 3.0 * std::sqrt(t.pred.P_combined(0, 0) + t.pred.P_combined(1, 1)) + kSlackM;
    w->index.insert(static_cast<std::uint32_t>(i), t.ecef, t.reach_m);
    w->tracks.push_back(std::move(t));
  }
  for (std::size_t q = 0; q < kPlots; ++q) {
    // Near the predicted position (80 m east, 50 m north of the anchor) of a track.
    const GateTrack& t = w->tracks[(q * 2'654'435'761u) % n];
    const core::Vec3 at = t.plane.toEcef(core::Vec2(80.0 + 30.0, 50.0 - 25.0), 0.0);
    GatePlot plot;
    plot.m.position = geo::ecefToGeodetic(at);
    plot.m.position.alt_m = 0.0;
    plot.m.cov_en_m2 = 2'500.0 * core::Mat2::Identity();
    plot.ecef = geo::geodeticToEcef(plot.m.position);
    w->plots.push_back(plot);
  }
  cache.push_back(std::move(w));
  return *cache.back();
}

void BM_GatingThroughIndex(benchmark::State& state) {
  const GatingWorld& w = world(static_cast<std::size_t>(state.range(0)));
  const double gate = association::chiSquareQuantile(2, 0.9995);
  const double plot_extent_m = 3.0 * 50.0;
  std::size_t q = 0;
  std::uint64_t candidates = 0, gated = 0;
  for (auto _ : state) {
    const GatePlot& plot = w.plots[q++ & (kPlots - 1)];
    w.index.query(plot.ecef, plot_extent_m, [&](std::uint32_t i) {
      const GateTrack& t = w.tracks[i];
      ++candidates;
      if ((t.ecef - plot.ecef).norm() > t.reach_m + plot_extent_m) return;
      const models::PlanePosition z = models::toPlane(t.plane, plot.m, plot.ecef);
      bool inside = false;
      for (int k = 0; k < models::kMotionModels; ++k) {
        const auto kk = static_cast<std::size_t>(k);
        models::PlaneLinearized<2> lin;
        models::linearizePosition(z, t.pred.x[kk], lin);
        const auto inn = filters::planeInnovation<2>(t.pred.P[kk], lin);
        inside = inside || (inn.ok && inn.nis <= gate);
      }
      gated += inside ? 1 : 0;
    });
  }
  const auto iters = static_cast<double>(state.iterations());
  state.counters["cand"] = static_cast<double>(candidates) / iters;
  state.counters["gated"] = static_cast<double>(gated) / iters;
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GatingThroughIndex)->Arg(1'000)->Arg(10'000)->Arg(100'000);

}  // namespace
