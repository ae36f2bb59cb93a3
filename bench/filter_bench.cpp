// Micro-benchmark of the ECEF CV predict (Tracker::predictTrack, long look-ahead cues). The
// tracker's update kernels (plane polar/position updates, IMM step) are in imm_bench.cpp.
#include <benchmark/benchmark.h>

#include "filters/kalman.hpp"
#include "geo/wgs84.hpp"
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

}  // namespace
