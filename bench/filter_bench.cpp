// Micro-benchmarks of the filter kernels: CV predict, polar (radar) update, AIS update.
#include <benchmark/benchmark.h>

#include "filters/kalman.hpp"
#include "geo/wgs84.hpp"
#include "models/measurement_models.hpp"
#include "models/motion_models.hpp"

namespace {

using namespace picket;

filters::TrackState surfaceState() {
  filters::TrackState s;
  const core::GeoPoint p{12.8, -70.4, 0.0};
  s.x.head<3>() = geo::geodeticToEcef(p);
  const core::Mat3 r = geo::enuToEcefRotation(p.lat_deg, p.lon_deg);
  s.x.tail<3>() = r * core::Vec3(8.0, 5.0, 0.0);
  s.P = core::Mat6::Identity() * 100.0;
  return s;
}

void BM_CvPredict(benchmark::State& state) {
  const auto s = surfaceState();
  const core::Vec3 up = s.x.head<3>().normalized();
  const models::CvNoise noise;
  for (auto _ : state) {
    auto out = filters::predict(s, models::cvTransition(6.0), models::cvProcessNoise(6.0, up, noise),
                                s.time);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_CvPredict);

void BM_PolarUpdate(benchmark::State& state) {
  const auto s = surfaceState();
  core::PolarMeasurement m;
  const core::GeoPoint site{12.5167, -69.9667, 165.0};
  m.sensor_ecef_m = geo::geodeticToEcef(site);
  m.sensor_enu_to_ecef = geo::enuToEcefRotation(site.lat_deg, site.lon_deg);
  const core::Vec2 z = models::predictPolar(s.x.head<3>(), m.sensor_ecef_m, m.sensor_enu_to_ecef);
  m.range_m = z.x() + 20.0;
  m.bearing_rad = z.y() + 0.002;
  m.range_sigma_m = 25.0;
  m.bearing_sigma_rad = 0.3 * geo::kDegToRad;
  models::Linearized lin;
  for (auto _ : state) {
    models::linearizePolar(s.x, m, lin);
    auto out = filters::update(s, lin);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_PolarUpdate);

void BM_PositionVelocityUpdate(benchmark::State& state) {
  const auto s = surfaceState();
  core::PositionMeasurement m;
  m.position = {12.8001, -70.4001, 0.0};
  m.cov_en_m2 = core::Mat2::Identity() * 100.0;
  m.velocity_en_mps = core::Vec2(8.1, 5.1);
  m.velocity_cov_en_m2ps2 = core::Mat2::Identity() * 0.1;
  models::Linearized lin;
  for (auto _ : state) {
    models::linearizePosition(s.x, m, lin);
    auto out = filters::update(s, lin);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_PositionVelocityUpdate);

}  // namespace
