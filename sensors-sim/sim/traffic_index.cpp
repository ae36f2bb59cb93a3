#include "sim/traffic_index.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "geo/wgs84.hpp"
#include "sim/scenario.hpp"

namespace picket::sim {

namespace {

// Conservative degree sizes on WGS-84, so that a box drawn with them contains the geodesic
// disc. A degree of latitude is at least the meridian arc at the equator, a(1 - e^2) pi / 180 =
// 110,574 m; a degree of longitude at latitude phi is N(phi) cos(phi) pi / 180 >= a cos(phi)
// pi / 180 = 111,319 m cos(phi). Along any path of length r from the centre the latitude moves
// by at most r / 110,574 m per degree, so the longitude moves by at most r / (111,319 m
// cos(phi_max)) where phi_max is the largest |latitude| the path can reach. Rounded down.
constexpr double kMinMetresPerDegLat = 110'500.0;
constexpr double kMinMetresPerDegLonAtEquator = 111'300.0;
// Beyond this |latitude| a disc may wrap around the pole: every longitude.
constexpr double kPolarCapDeg = 89.5;
// Grid margin around the scenario area, degrees; platforms beyond it fall in the edge cells.
constexpr double kGridPadDeg = 5.0;
constexpr long kMaxCells = 4'000'000;

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Fastest leg of a route: legs leave every waypoint but the last (and the last too on a loop).
double fastestLegMps(const Route& route) {
  const auto& w = route.waypoints();
  std::size_t legs = w.empty() ? 0 : w.size() - 1;
  if (route.end() == RouteEnd::Loop && w.size() > 1) legs = w.size();
  double v = 0.0;
  for (std::size_t i = 0; i < legs; ++i) v = std::max(v, w[i].speed_mps);
  return v;
}

}  // namespace

TrafficIndex::TrafficIndex(const Scenario& scenario, core::Timestamp start)
    : TrafficIndex(scenario, start, Options{}) {}

TrafficIndex::TrafficIndex(const Scenario& scenario, core::Timestamp start, Options options)
    : scenario_(&scenario), start_(start), options_(options) {
  if (options_.bucket.ns <= 0) throw std::invalid_argument("traffic index bucket must be > 0");
  if (!(options_.cell_deg > 0.0)) throw std::invalid_argument("traffic index cell must be > 0");
  if (!(options_.margin_m >= 0.0)) throw std::invalid_argument("traffic index margin must be >= 0");
  const std::size_t n = scenario.platforms.size();
  if (n > UINT32_MAX) throw std::invalid_argument("too many platforms for the traffic index");
  speed_mps_.reserve(n);
  aircraft_.reserve(n);
  for (const Platform& p : scenario.platforms) {
    speed_mps_.push_back(fastestLegMps(p.route));
    aircraft_.push_back(isAircraft(p.platform_class));
    max_speed_mps_ = std::max(max_speed_mps_, speed_mps_.back());
  }

  const Area& area = scenario.area;
  lon_ref_deg_ = 0.5 * (area.lon_min_deg + area.lon_max_deg);
  lat0_deg_ = std::max(-90.0, area.lat_min_deg - kGridPadDeg);
  const double lat_end = std::min(90.0, area.lat_max_deg + kGridPadDeg);
  const double half_width =
      std::min(180.0, 0.5 * (area.lon_max_deg - area.lon_min_deg) + kGridPadDeg);
  lon0_deg_ = lon_ref_deg_ - half_width;
  rows_ = std::max(1, static_cast<int>(std::ceil((lat_end - lat0_deg_) / options_.cell_deg)));
  cols_ = std::max(1, static_cast<int>(std::ceil(2.0 * half_width / options_.cell_deg)));
  if (static_cast<long>(rows_) * cols_ > kMaxCells) {
    throw std::invalid_argument("traffic index grid too fine for the area");
  }
}

core::Timestamp TrafficIndex::bucketStart(core::Timestamp t) const {
  const std::int64_t k = floorDiv((t - start_).ns, options_.bucket.ns);
  return start_ + core::Duration{k * options_.bucket.ns};
}

double TrafficIndex::unwrapLon(double lon_deg) const {
  return lon_ref_deg_ + std::remainder(lon_deg - lon_ref_deg_, 360.0);
}

TrafficIndex::Box TrafficIndex::boxAround(const core::GeoPoint& centre, double radius_m) const {
  Box b;
  const double r = std::max(0.0, radius_m);
  const double dlat = r / kMinMetresPerDegLat;
  b.lat_lo = centre.lat_deg - dlat;
  b.lat_hi = centre.lat_deg + dlat;
  const double phi_max = std::max(std::abs(b.lat_lo), std::abs(b.lat_hi));
  if (phi_max >= kPolarCapDeg) {
    b.all_lon = true;
  } else {
    const double dlon = r / (kMinMetresPerDegLonAtEquator * std::cos(phi_max * geo::kDegToRad));
    const double lon = unwrapLon(centre.lon_deg);
    b.lon_lo = lon - dlon;
    b.lon_hi = lon + dlon;
    b.all_lon =
        dlon >= 180.0 || b.lon_lo < lon_ref_deg_ - 180.0 || b.lon_hi >= lon_ref_deg_ + 180.0;
  }
  // Clamping to the grid keeps overlap: clamping is monotone, so two overlapping intervals
  // stay overlapping.
  auto cell = [&](double x, double origin, int count) {
    const double f = std::floor((x - origin) / options_.cell_deg);
    return static_cast<int>(std::clamp(f, 0.0, static_cast<double>(count - 1)));
  };
  b.row_lo = cell(b.lat_lo, lat0_deg_, rows_);
  b.row_hi = cell(b.lat_hi, lat0_deg_, rows_);
  if (b.all_lon) {
    b.col_lo = 0;
    b.col_hi = cols_ - 1;
  } else {
    b.col_lo = cell(b.lon_lo, lon0_deg_, cols_);
    b.col_hi = cell(b.lon_hi, lon0_deg_, cols_);
  }
  return b;
}

TrafficIndex::Bucket TrafficIndex::build(std::int64_t k) const {
  const core::Timestamp t0 = start_ + core::Duration{k * options_.bucket.ns};
  const core::Timestamp t1 = t0 + options_.bucket;
  Bucket b;
  const auto& platforms = scenario_->platforms;
  b.entries.reserve(platforms.size());
  for (std::size_t i = 0; i < platforms.size(); ++i) {
    const Platform& p = platforms[i];
    // The first instant of [t0, t1] at which the platform is active, if any.
    const core::Timestamp from = std::max(t0, start_ + p.active_from);
    if (from > t1) continue;
    if (p.active_until && start_ + *p.active_until <= from) continue;
    Entry e;
    e.candidate.platform = static_cast<std::uint32_t>(i);
    e.candidate.time = from;
    e.candidate.state = p.stateAt(from - start_);
    e.candidate.reach_m = speed_mps_[i] * (t1 - from).seconds() + options_.margin_m;
    e.box = boxAround(e.candidate.state.position, e.candidate.reach_m);
    e.aircraft = aircraft_[i];
    b.entries.push_back(e);
  }
  // Compressed rows: count per cell, prefix sums, then fill in entry order (so each cell's
  // list ascends by platform index).
  const std::size_t cells = static_cast<std::size_t>(rows_) * static_cast<std::size_t>(cols_);
  b.cell_begin.assign(cells + 1, 0);
  auto forEachCell = [&](const Box& box, auto&& f) {
    for (int r = box.row_lo; r <= box.row_hi; ++r) {
      for (int c = box.col_lo; c <= box.col_hi; ++c) {
        f(static_cast<std::size_t>(r) * static_cast<std::size_t>(cols_) +
          static_cast<std::size_t>(c));
      }
    }
  };
  for (const Entry& e : b.entries)
    forEachCell(e.box, [&](std::size_t cell) { ++b.cell_begin[cell + 1]; });
  for (std::size_t c = 0; c < cells; ++c) b.cell_begin[c + 1] += b.cell_begin[c];
  b.cell_items.resize(b.cell_begin[cells]);
  std::vector<std::uint32_t> fill(b.cell_begin.begin(), b.cell_begin.end() - 1);
  for (std::size_t i = 0; i < b.entries.size(); ++i) {
    forEachCell(b.entries[i].box, [&](std::size_t cell) {
      b.cell_items[fill[cell]++] = static_cast<std::uint32_t>(i);
    });
  }
  return b;
}

const TrafficIndex::Bucket& TrafficIndex::bucket(std::int64_t k) {
  auto it = buckets_.find(k);
  if (it == buckets_.end()) {
    it = buckets_.emplace(k, build(k)).first;
    ++buckets_built_;
    max_buckets_held_ = std::max(max_buckets_held_, buckets_.size());
  }
  return it->second;
}

std::span<const TrafficIndex::Candidate* const> TrafficIndex::candidates(
    core::Timestamp t, const core::GeoPoint& centre, double radius_m, TrafficLayer layer) {
  const Bucket& b = bucket(floorDiv((t - start_).ns, options_.bucket.ns));
  const Box q = boxAround(centre, radius_m);
  found_.clear();
  for (int r = q.row_lo; r <= q.row_hi; ++r) {
    for (int c = q.col_lo; c <= q.col_hi; ++c) {
      const std::size_t cell = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols_) +
                               static_cast<std::size_t>(c);
      for (std::uint32_t k = b.cell_begin[cell]; k < b.cell_begin[cell + 1]; ++k) {
        const Entry& e = b.entries[b.cell_items[k]];
        // An entry filed in several of the visited cells is taken in one only: the first cell
        // (lowest row, then column) that the query and the entry share.
        if (r != std::max(q.row_lo, e.box.row_lo) || c != std::max(q.col_lo, e.box.col_lo)) {
          continue;
        }
        if ((layer == TrafficLayer::Surface && e.aircraft) ||
            (layer == TrafficLayer::Air && !e.aircraft)) {
          continue;
        }
        if (e.box.lat_lo > q.lat_hi || e.box.lat_hi < q.lat_lo) continue;
        if (!e.box.all_lon && !q.all_lon && (e.box.lon_lo > q.lon_hi || e.box.lon_hi < q.lon_lo)) {
          continue;
        }
        found_.push_back(&e.candidate);
      }
    }
  }
  std::sort(found_.begin(), found_.end(),
            [](const Candidate* x, const Candidate* y) { return x->platform < y->platform; });
  return {found_.data(), found_.size()};
}

void TrafficIndex::releaseBefore(core::Timestamp t) {
  while (!buckets_.empty()) {
    const auto first = buckets_.begin();
    const core::Timestamp end = start_ + core::Duration{(first->first + 1) * options_.bucket.ns};
    if (end >= t) return;
    buckets_.erase(first);
  }
}

}  // namespace picket::sim
