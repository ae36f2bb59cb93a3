// Micro-benchmarks of the tangent-plane kernels: CV/CT propagation, the fixed-size update,
// the polar linearisation, the IMM predict/update and the full IMM step, the ECEF view and
// re-anchoring. The updates copy their 5-state input each iteration (a few ns) so every
// iteration does the same work.
#include <benchmark/benchmark.h>

#include "filters/fixed_kalman.hpp"
#include "filters/imm.hpp"
#include "geo/tangent_plane.hpp"
#include "geo/wgs84.hpp"
#include "models/horizontal_models.hpp"
#include "models/plane_measurements.hpp"
#include "models/plane_state.hpp"

namespace {

using namespace picket;
using models::HMat;
using models::HVec;

const core::GeoPoint kAnchor{12.8, -70.4, 0.0};

HVec someState() {
  HVec x;
  x << 1200.0, -800.0, 8.0, 5.0, 0.02;
  return x;
}

HMat someCovariance() {
  HMat p = HMat::Zero();
  p.diagonal() << 900.0, 900.0, 4.0, 4.0, 1e-4;
  p(0, 2) = p(2, 0) = 20.0;
  p(1, 3) = p(3, 1) = 20.0;
  return p;
}

models::PlanePosition somePlot() {
  models::PlanePosition z;
  z.en_m = core::Vec2(1230.0, -790.0);
  z.cov_m2 << 2500.0, 100.0, 100.0, 1600.0;
  z.velocity_mps = core::Vec2(8.2, 4.9);
  z.velocity_cov_m2ps2 = 0.1 * core::Mat2::Identity();
  return z;
}

core::PolarMeasurement someRadarPlot(const geo::TangentPlane& plane) {
  core::PolarMeasurement m;
  const core::GeoPoint site =
      geo::geodesicDirect({kAnchor.lat_deg, kAnchor.lon_deg, 60.0}, 250.0, 30000.0);
  m.sensor_ecef_m = geo::geodeticToEcef(site);
  m.sensor_enu_to_ecef = geo::enuToEcefRotation(site.lat_deg, site.lon_deg);
  m.sensor_cov_ecef_m2 = 4.0 * core::Mat3::Identity();
  const core::Vec3 d = m.sensor_enu_to_ecef.transpose() *
                       (plane.toEcef(someState().head<2>(), 0.0) - m.sensor_ecef_m);
  m.range_m = d.norm() + 15.0;
  m.bearing_rad = geo::wrapTwoPi(std::atan2(d.x(), d.y()) + 0.001);
  m.range_sigma_m = 20.0;
  m.bearing_sigma_rad = 0.2 * geo::kDegToRad;
  return m;
}

void propagateBench(benchmark::State& state, models::Motion motion) {
  const HVec x = someState();
  const models::HorizontalNoise noise;
  HVec out;
  HMat f;
  HMat q;
  double dt = 2.0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(dt);
    models::propagate(motion, x, dt, noise, out, f, q);
    benchmark::DoNotOptimize(out);
    benchmark::DoNotOptimize(f);
    benchmark::DoNotOptimize(q);
  }
}

void BM_CvPropagate(benchmark::State& state) {
  propagateBench(state, models::Motion::ConstantVelocity);
}
BENCHMARK(BM_CvPropagate);

void BM_CtPropagate(benchmark::State& state) {
  propagateBench(state, models::Motion::CoordinatedTurn);
}
BENCHMARK(BM_CtPropagate);

void BM_PlaneUpdate2(benchmark::State& state) {
  const HVec x0 = someState();
  const HMat p0 = someCovariance();
  models::PlaneLinearized<2> lin;
  models::linearizePosition(somePlot(), x0, lin);
  filters::PlaneInnovation<2> inn;
  for (auto _ : state) {
    HVec x = x0;
    HMat p = p0;
    benchmark::DoNotOptimize(filters::planeUpdate(x, p, lin, inn));
    benchmark::DoNotOptimize(x);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_PlaneUpdate2);

void BM_PlaneUpdate4(benchmark::State& state) {
  const HVec x0 = someState();
  const HMat p0 = someCovariance();
  models::PlaneLinearized<4> lin;
  models::linearizePositionVelocity(somePlot(), x0, lin);
  filters::PlaneInnovation<4> inn;
  for (auto _ : state) {
    HVec x = x0;
    HMat p = p0;
    benchmark::DoNotOptimize(filters::planeUpdate(x, p, lin, inn));
    benchmark::DoNotOptimize(x);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_PlaneUpdate4);

void BM_PlaneInnovation2(benchmark::State& state) {
  const HMat p = someCovariance();
  models::PlaneLinearized<2> lin;
  models::linearizePosition(somePlot(), someState(), lin);
  for (auto _ : state) {
    auto inn = filters::planeInnovation(p, lin);
    benchmark::DoNotOptimize(inn);
  }
}
BENCHMARK(BM_PlaneInnovation2);

void BM_PlaneLinearizePolar(benchmark::State& state) {
  const geo::TangentPlane plane(kAnchor);
  const core::PolarMeasurement m = someRadarPlot(plane);
  const HVec x = someState();
  const models::TargetHeight h{0.0, 100.0, 0.0, 0.0};
  models::PlaneLinearized<2> lin;
  for (auto _ : state) {
    benchmark::DoNotOptimize(models::linearizePolar(plane, m, x, h, lin));
    benchmark::DoNotOptimize(lin);
  }
}
BENCHMARK(BM_PlaneLinearizePolar);

void BM_PlaneToPlane(benchmark::State& state) {
  const geo::TangentPlane plane(kAnchor);
  core::PositionMeasurement m;
  m.position = geo::geodesicDirect(kAnchor, 40.0, 1500.0);
  m.cov_en_m2 << 2500.0, 100.0, 100.0, 1600.0;
  const core::Vec3 ecef = geo::geodeticToEcef(m.position);
  for (auto _ : state) {
    auto z = models::toPlane(plane, m, ecef);
    benchmark::DoNotOptimize(z);
  }
}
BENCHMARK(BM_PlaneToPlane);

filters::ImmState someImmState(const filters::ImmConfig& config) {
  filters::ImmState s = filters::immInit(someState(), someCovariance(), config);
  s.x[1](4) = 0.04;
  s.mu << 0.7, 0.3;
  return s;
}

void BM_ImmPredict(benchmark::State& state) {
  const filters::ImmConfig config;
  const filters::ImmState s = someImmState(config);
  filters::ImmPrediction pred;
  double dt = 2.0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(dt);
    filters::immPredict(s, dt, config, pred);
    benchmark::DoNotOptimize(pred);
  }
}
BENCHMARK(BM_ImmPredict);

void BM_ImmUpdate2(benchmark::State& state) {
  const filters::ImmConfig config;
  filters::ImmPrediction pred;
  filters::immPredict(someImmState(config), 2.0, config, pred);
  const models::PlanePosition z = somePlot();
  const auto linearize = [&z](const HVec& x, models::PlaneLinearized<2>& out) {
    models::linearizePosition(z, x, out);
    return true;
  };
  filters::ImmState out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(filters::immUpdate<2>(pred, linearize, config, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_ImmUpdate2);

void BM_ImmStep(benchmark::State& state) {
  // The full IMM cycle of one track for one position plot: mixing + 2 predictions +
  // combination, then 2 updates + mode probabilities.
  const filters::ImmConfig config;
  const filters::ImmState s0 = someImmState(config);
  const models::PlanePosition z = somePlot();
  const auto linearize = [&z](const HVec& x, models::PlaneLinearized<2>& out) {
    models::linearizePosition(z, x, out);
    return true;
  };
  filters::ImmPrediction pred;
  filters::ImmState out;
  double dt = 2.0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(dt);
    filters::immPredict(s0, dt, config, pred);
    benchmark::DoNotOptimize(filters::immUpdate<2>(pred, linearize, config, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_ImmStep);

void BM_ImmStepPolar(benchmark::State& state) {
  // The same with a radar plot (range/bearing, linearised at each model's prediction).
  const filters::ImmConfig config;
  const geo::TangentPlane plane(kAnchor);
  const core::PolarMeasurement m = someRadarPlot(plane);
  const models::TargetHeight h{0.0, 100.0, 0.0, 0.0};
  const filters::ImmState s0 = someImmState(config);
  const auto linearize = [&](const HVec& x, models::PlaneLinearized<2>& out) {
    return models::linearizePolar(plane, m, x, h, out);
  };
  filters::ImmPrediction pred;
  filters::ImmState out;
  double dt = 2.0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(dt);
    filters::immPredict(s0, dt, config, pred);
    benchmark::DoNotOptimize(filters::immUpdate<2>(pred, linearize, config, out));
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_ImmStepPolar);

void BM_TangentToEcefState(benchmark::State& state) {
  const geo::TangentPlane plane(kAnchor);
  const HVec x = someState();
  const HMat p = someCovariance();
  const core::Vec2 vertical(0.0, 0.0);
  const core::Mat2 p_vertical = core::Vec2(100.0, 0.01).asDiagonal();
  core::Vec6 x_ecef;
  core::Mat6 p_ecef;
  for (auto _ : state) {
    models::toEcefState(plane, x, p, vertical, p_vertical, x_ecef, p_ecef);
    benchmark::DoNotOptimize(x_ecef);
    benchmark::DoNotOptimize(p_ecef);
  }
}
BENCHMARK(BM_TangentToEcefState);

void BM_Reanchor(benchmark::State& state) {
  // Excludes building the new plane (GeographicLib, once per re-anchoring): see
  // BM_TangentPlaneConstruct.
  const geo::TangentPlane from(kAnchor);
  const geo::TangentPlane to = geo::TangentPlane::atEcef(from.toEcef(someState().head<2>(), 0.0));
  const HVec x0 = someState();
  const HMat p0 = someCovariance();
  for (auto _ : state) {
    HVec x = x0;
    HMat p = p0;
    models::reanchor(from, to, x, p);
    benchmark::DoNotOptimize(x);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_Reanchor);

void BM_TangentPlaneConstruct(benchmark::State& state) {
  core::GeoPoint g = kAnchor;
  for (auto _ : state) {
    benchmark::DoNotOptimize(g);
    geo::TangentPlane plane(g);
    benchmark::DoNotOptimize(plane);
  }
}
BENCHMARK(BM_TangentPlaneConstruct);

}  // namespace
