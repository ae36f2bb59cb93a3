// Micro-benchmarks of the geography (geo/land_mask.hpp, geo/place_index.hpp, io/geojson.hpp)
// on the shipped Natural Earth 10m land and World Port Index files (config/geo/):
//
//   picket-microbench --benchmark_filter='Land|GeoJson|PlaceIndex'
//
// Query sets (8,192 each, seeded): "box" = uniform by area over lon -120..-55, lat -10..35
// (about a third land); "coast" = within 0.25 deg of a random coastline vertex (mixed cells,
// the hard case; the simulator's traffic lives near coasts and in passages). Legs start at sea
// points of the same sets with a random heading and the given length (metres).
// Arguments: the grid cell in millidegrees (last), the leg length or distance bound in metres.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "geo/land_mask.hpp"
#include "geo/place_index.hpp"
#include "geo/wgs84.hpp"
#include "io/geojson.hpp"
#include "io/places_csv.hpp"

namespace {

using picket::core::GeoPoint;
using picket::geo::LandMask;

const std::string kLand10m = PICKET_SOURCE_DIR "/config/geo/ne_10m_land_clip.geojson";
const std::string kPorts = PICKET_SOURCE_DIR "/config/geo/wpi_ports_clip.csv";
constexpr std::size_t kQueries = 8'192;  // a power of two: the loops cycle with a mask

class Uniform {
 public:
  explicit Uniform(std::uint64_t seed) : rng_(seed) {}
  double operator()(double lo, double hi) {
    return lo + (hi - lo) * ((static_cast<double>(rng_() >> 11) + 0.5) * 0x1.0p-53);
  }

 private:
  std::mt19937_64 rng_;
};

const std::vector<picket::geo::GeoPolygon>& polygons() {
  static const auto out = [] {
    std::vector<picket::geo::GeoPolygon> p;
    for (auto& f : picket::io::readGeoJsonFeatures(kLand10m)) {
      for (auto& poly : f.polygons) p.push_back(std::move(poly));
    }
    return p;
  }();
  return out;
}

const LandMask& mask(std::int64_t cell_millideg) {
  static std::map<std::int64_t, std::unique_ptr<LandMask>> masks;
  auto& m = masks[cell_millideg];
  if (!m) {
    m = std::make_unique<LandMask>(
        polygons(), picket::geo::LandMaskOptions{static_cast<double>(cell_millideg) / 1000.0,
                                                 picket::geo::kTheatreBox});
  }
  return *m;
}

std::vector<GeoPoint> boxPoints(std::uint64_t seed) {
  Uniform u(seed);
  const double z_lo = std::sin(-10.0 * picket::geo::kDegToRad);
  const double z_hi = std::sin(35.0 * picket::geo::kDegToRad);
  std::vector<GeoPoint> out;
  for (std::size_t i = 0; i < kQueries; ++i) {
    out.push_back({std::asin(u(z_lo, z_hi)) * picket::geo::kRadToDeg, u(-120.0, -55.0), 0.0});
  }
  return out;
}

std::vector<GeoPoint> coastPoints(std::uint64_t seed) {
  Uniform u(seed);
  std::vector<GeoPoint> vertices;
  for (const auto& p : polygons())
    vertices.insert(vertices.end(), p.outer().begin(), p.outer().end());
  std::vector<GeoPoint> out;
  for (std::size_t i = 0; i < kQueries; ++i) {
    const auto& v =
        vertices[static_cast<std::size_t>(u(0.0, static_cast<double>(vertices.size())))];
    out.push_back({v.lat_deg + u(-0.25, 0.25), v.lon_deg + u(-0.25, 0.25), 0.0});
  }
  return out;
}

const std::vector<GeoPoint>& points(bool coast) {
  static const auto box = boxPoints(1);
  static const auto near = coastPoints(2);
  return coast ? near : box;
}

struct Leg {
  GeoPoint a, b;
};
std::vector<Leg> legs(bool coast, double length_m) {
  Uniform u(3);
  std::vector<Leg> out;
  const auto& lm = mask(50);
  for (const auto& p : points(coast)) {
    if (lm.isLand(p.lat_deg, p.lon_deg)) continue;
    out.push_back({p, picket::geo::geodesicDirect(p, u(0.0, 360.0), length_m)});
  }
  while (out.size() < kQueries) out.push_back(out[out.size() % 64]);
  out.resize(kQueries);
  return out;
}

void BM_GeoJsonParse10m(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(picket::io::readGeoJsonFeatures(kLand10m));
}
BENCHMARK(BM_GeoJsonParse10m)->Unit(benchmark::kMillisecond);

void BM_LandMaskBuild10m(benchmark::State& state) {
  const auto& p = polygons();
  const picket::geo::LandMaskOptions options{static_cast<double>(state.range(0)) / 1000.0,
                                             picket::geo::kTheatreBox};
  std::size_t bytes = 0;
  for (auto _ : state) {
    LandMask m(p, options);
    bytes = m.stats().memory_bytes;
    benchmark::DoNotOptimize(m);
  }
  state.counters["MiB"] = static_cast<double>(bytes) / (1024.0 * 1024.0);
}
BENCHMARK(BM_LandMaskBuild10m)->Arg(20)->Arg(50)->Arg(100)->Arg(250)->Unit(benchmark::kMillisecond);

void BM_LandMaskLoad10m(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(picket::io::loadLandMask(kLand10m));
}
BENCHMARK(BM_LandMaskLoad10m)->Unit(benchmark::kMillisecond);

template <bool kCoast>
void BM_LandMaskIsLand(benchmark::State& state) {
  const auto& m = mask(state.range(0));
  const auto& pts = points(kCoast);
  std::size_t i = 0, land = 0;
  for (auto _ : state) {
    const auto& p = pts[i++ & (kQueries - 1)];
    land += m.isLand(p.lat_deg, p.lon_deg);
  }
  benchmark::DoNotOptimize(land);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LandMaskIsLand<false>)
    ->Name("BM_LandMaskIsLand/box")
    ->Arg(20)
    ->Arg(50)
    ->Arg(100)
    ->Arg(250);
BENCHMARK(BM_LandMaskIsLand<true>)
    ->Name("BM_LandMaskIsLand/coast")
    ->Arg(20)
    ->Arg(50)
    ->Arg(100)
    ->Arg(250);

void BM_PolygonContainsBruteForce(benchmark::State& state) {
  // The baseline: GeoPolygon::contains over every polygon (bounding boxes first).
  const auto& p = polygons();
  const auto& pts = points(true);
  std::size_t i = 0, land = 0;
  for (auto _ : state) {
    const auto& q = pts[i++ & (kQueries - 1)];
    for (const auto& poly : p) {
      if (poly.contains(q.lat_deg, q.lon_deg)) {
        ++land;
        break;
      }
    }
  }
  benchmark::DoNotOptimize(land);
}
BENCHMARK(BM_PolygonContainsBruteForce);

template <bool kCoast>
void BM_LandMaskSegment(benchmark::State& state) {
  const auto& m = mask(state.range(1));
  const auto l = legs(kCoast, static_cast<double>(state.range(0)));
  std::size_t i = 0, crossing = 0;
  for (auto _ : state) {
    const auto& leg = l[i++ & (kQueries - 1)];
    crossing += m.segmentCrossesLand(leg.a, leg.b);
  }
  state.counters["crossing"] =
      static_cast<double>(crossing) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_LandMaskSegment<false>)
    ->Name("BM_LandMaskSegment/box")
    ->ArgsProduct({{1'000, 20'000, 200'000}, {50, 100}});
BENCHMARK(BM_LandMaskSegment<true>)
    ->Name("BM_LandMaskSegment/coast")
    ->ArgsProduct({{1'000, 20'000, 200'000}, {50, 100}});

template <bool kCoast>
void BM_LandMaskDistance(benchmark::State& state) {
  const auto& m = mask(state.range(1));
  const auto& pts = points(kCoast);
  const auto max_m = static_cast<double>(state.range(0));
  std::size_t i = 0;
  double sum = 0.0;
  for (auto _ : state) {
    const auto& p = pts[i++ & (kQueries - 1)];
    sum += m.distanceToCoastM(p.lat_deg, p.lon_deg, max_m);
  }
  benchmark::DoNotOptimize(sum);
}
// 37,040 m = 20 nm (the cueing rule's shore distance).
BENCHMARK(BM_LandMaskDistance<false>)
    ->Name("BM_LandMaskDistance/box")
    ->ArgsProduct({{37'040, 200'000}, {50, 100}});
BENCHMARK(BM_LandMaskDistance<true>)
    ->Name("BM_LandMaskDistance/coast")
    ->ArgsProduct({{37'040, 200'000}, {50, 100}});

void BM_PlaceIndexNearestPort(benchmark::State& state) {
  static const picket::geo::PlaceIndex ports(picket::io::readPortsCsv(kPorts));
  const auto& pts = points(true);
  const auto max_m = static_cast<double>(state.range(0));
  std::size_t i = 0, found = 0;
  for (auto _ : state) {
    const auto& p = pts[i++ & (kQueries - 1)];
    found += ports.nearest(p.lat_deg, p.lon_deg, max_m).has_value();
  }
  state.counters["found"] = static_cast<double>(found) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_PlaceIndexNearestPort)->Arg(10'000)->Arg(100'000);

}  // namespace
