#include "geo/land_mask.hpp"

#include <GeographicLib/Constants.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "geo/wgs84.hpp"

namespace picket::geo {

namespace {

// Cell sides are pushed off the 1e-5 deg lattice the rounded GeoJSON vertices sit on (by ~3 cm),
// so no vertex lies exactly on a cell side; the query's crossing rules do not need this for
// correctness, it only keeps the degenerate cases out of the common path.
constexpr double kGridOffsetDeg = 3.1e-7;
// Margin by which an edge is taken to touch a cell: far above the ~1e-13 deg round-off of the
// clipping arithmetic, far below anything geographic (0.1 mm).
constexpr double kTouchEpsDeg = 1e-9;
constexpr std::uint16_t kFarRing = std::numeric_limits<std::uint16_t>::max();

/// WGS-84 figures, from GeographicLib's constants (a function-local static: no dependence on
/// the order of static initialisation).
struct Wgs84 {
  double a;
  double e2;
  /// A degree of latitude is never shorter than at the equator, M(0) = a (1 - e^2).
  double min_north_m_per_deg;
  /// Neither kind of degree is ever longer than at the pole, a / sqrt(1 - e^2).
  double max_m_per_deg;
};
const Wgs84& wgs84() {
  static const Wgs84 w = [] {
    const double a = GeographicLib::Constants::WGS84_a();
    const double f = GeographicLib::Constants::WGS84_f();
    const double e2 = f * (2.0 - f);
    return Wgs84{a, e2, a * (1.0 - e2) * kDegToRad, a / std::sqrt(1.0 - e2) * kDegToRad};
  }();
  return w;
}

/// Metres per degree of latitude and of longitude at a latitude: the meridional radius M and
/// the prime-vertical radius N times cos(lat) (Torge & Mueller, Geodesy, eq. 4.18), per degree.
struct Scale {
  double north_m_per_deg;
  double east_m_per_deg;
};
Scale scaleAt(double lat_deg) {
  const Wgs84& g = wgs84();
  const double s = std::sin(lat_deg * kDegToRad);
  const double c = std::cos(lat_deg * kDegToRad);
  const double w2 = 1.0 - g.e2 * s * s;
  const double w = std::sqrt(w2);
  const double n = g.a / w;
  const double m = g.a * (1.0 - g.e2) / (w2 * w);
  return {m * kDegToRad, n * c * kDegToRad};
}

/// A degree of longitude at a point whose geodesic to the query stays within
/// |lat| <= lat_far_deg is never shorter than a cos(lat_far) (N >= a).
double minEastMPerDeg(double lat_far_deg) {
  return wgs84().a * std::cos(std::min(lat_far_deg, 90.0) * kDegToRad) * kDegToRad;
}

bool finite(const core::GeoPoint& p) {
  return std::isfinite(p.lat_deg) && std::isfinite(p.lon_deg);
}

/// Twice the signed area of (p, q, r) in lon/lat coordinates.
double orient(double px, double py, double qx, double qy, double rx, double ry) {
  return (qx - px) * (ry - py) - (qy - py) * (rx - px);
}

bool within(double v, double lo, double hi) {
  return v >= std::min(lo, hi) && v <= std::max(lo, hi);
}

/// True when the closed segments p-q and a-b (x = lon, y = lat) share a point.
bool segmentsTouch(double px, double py, double qx, double qy, double ax, double ay, double bx,
                   double by) {
  const double d1 = orient(ax, ay, bx, by, px, py);
  const double d2 = orient(ax, ay, bx, by, qx, qy);
  const double d3 = orient(px, py, qx, qy, ax, ay);
  const double d4 = orient(px, py, qx, qy, bx, by);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    return true;
  }
  // Touching and collinear cases: an end of one segment lies on the other.
  if (d1 == 0 && within(px, ax, bx) && within(py, ay, by)) return true;
  if (d2 == 0 && within(qx, ax, bx) && within(qy, ay, by)) return true;
  if (d3 == 0 && within(ax, px, qx) && within(ay, py, qy)) return true;
  if (d4 == 0 && within(bx, px, qx) && within(by, py, qy)) return true;
  return false;
}

/// Longitude range [lo, hi] of segment a-b within the latitude band [y0, y1] (which it meets).
std::pair<double, double> lonRangeInBand(double a_lat, double a_lon, double b_lat, double b_lon,
                                         double y0, double y1) {
  if (a_lat == b_lat) return std::minmax(a_lon, b_lon);
  double t0 = (y0 - a_lat) / (b_lat - a_lat);
  double t1 = (y1 - a_lat) / (b_lat - a_lat);
  if (t0 > t1) std::swap(t0, t1);
  t0 = std::clamp(t0, 0.0, 1.0);
  t1 = std::clamp(t1, 0.0, 1.0);
  const double x0 = a_lon + t0 * (b_lon - a_lon);
  const double x1 = a_lon + t1 * (b_lon - a_lon);
  return std::minmax(x0, x1);
}

bool alongBorder(const core::GeoPoint& a, const core::GeoPoint& b, const LatLonBox& box) {
  constexpr double kTol = 1e-7;  // the files round to 1e-5 deg; the cut lines are exact
  auto same = [&](double u, double v, double line) {
    return std::abs(u - line) <= kTol && std::abs(v - line) <= kTol;
  };
  return same(a.lon_deg, b.lon_deg, box.min_lon_deg) ||
         same(a.lon_deg, b.lon_deg, box.max_lon_deg) ||
         same(a.lat_deg, b.lat_deg, box.min_lat_deg) || same(a.lat_deg, b.lat_deg, box.max_lat_deg);
}

void checkVertex(const core::GeoPoint& p) {
  if (!finite(p) || p.lat_deg < -90.0 || p.lat_deg > 90.0 || p.lon_deg < -180.0 ||
      p.lon_deg > 180.0) {
    throw std::invalid_argument("LandMask: vertex (" + std::to_string(p.lat_deg) + ", " +
                                std::to_string(p.lon_deg) + ") is not a valid lat/lon");
  }
}

}  // namespace

LandMask::LandMask(const std::vector<GeoPolygon>& polygons, const LandMaskOptions& options) {
  if (!(options.cell_deg >= 0.001 && options.cell_deg <= 5.0)) {
    throw std::invalid_argument("LandMask: cell_deg must be in [0.001, 5], got " +
                                std::to_string(options.cell_deg));
  }
  cell_deg_ = options.cell_deg;
  inv_cell_deg_ = 1.0 / cell_deg_;

  // Edges in PNPOLY's order (a = ring[i], b = ring[i - 1]).
  std::vector<Edge> edges;
  auto addRing = [&](const std::vector<core::GeoPoint>& ring) {
    if (ring.size() < 3) return;
    for (const auto& p : ring) checkVertex(p);
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      const auto& a = ring[i];
      const auto& b = ring[j];
      if (a.lat_deg == b.lat_deg && a.lon_deg == b.lon_deg) continue;
      const bool cut = options.clip_box && alongBorder(a, b, *options.clip_box);
      edges.push_back({a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg, cut ? 0u : 1u,
                       static_cast<std::uint32_t>(edges.size())});
    }
  };
  for (const auto& polygon : polygons) {
    if (polygon.empty()) continue;
    ++stats_.polygons;
    addRing(polygon.outer());
    for (const auto& hole : polygon.holes()) addRing(hole);
  }
  if (edges.size() >= std::numeric_limits<std::uint32_t>::max()) {
    throw std::invalid_argument("LandMask: too many edges");
  }
  stats_.edges = edges.size();
  stats_.coast_edges = static_cast<std::size_t>(
      std::count_if(edges.begin(), edges.end(), [](const Edge& e) { return e.coast != 0; }));
  if (edges.empty()) return;

  // Grid over the edges' bounding box plus half a cell.
  double min_lat = edges.front().a_lat, max_lat = min_lat;
  double min_lon = edges.front().a_lon, max_lon = min_lon;
  for (const auto& e : edges) {
    min_lat = std::min({min_lat, e.a_lat, e.b_lat});
    max_lat = std::max({max_lat, e.a_lat, e.b_lat});
    min_lon = std::min({min_lon, e.a_lon, e.b_lon});
    max_lon = std::max({max_lon, e.a_lon, e.b_lon});
  }
  const double lat0 = min_lat - 0.5 * cell_deg_ - kGridOffsetDeg;
  const double lon0 = min_lon - 0.5 * cell_deg_ - kGridOffsetDeg;
  rows_ = static_cast<std::size_t>(std::ceil((max_lat + 0.5 * cell_deg_ - lat0) * inv_cell_deg_));
  cols_ = static_cast<std::size_t>(std::ceil((max_lon + 0.5 * cell_deg_ - lon0) * inv_cell_deg_));
  if (rows_ * cols_ >= std::numeric_limits<std::uint32_t>::max() / 2) {
    throw std::invalid_argument("LandMask: grid too large; use a larger cell_deg");
  }
  row_lat_.resize(rows_ + 1);
  col_lon_.resize(cols_ + 1);
  for (std::size_t r = 0; r <= rows_; ++r) row_lat_[r] = lat0 + static_cast<double>(r) * cell_deg_;
  for (std::size_t c = 0; c <= cols_; ++c) col_lon_[c] = lon0 + static_cast<double>(c) * cell_deg_;
  extent_ = {row_lat_.front(), row_lat_.back(), col_lon_.front(), col_lon_.back()};
  const std::size_t n_cells = rows_ * cols_;

  // Every cell each edge touches (closed cells grown by kTouchEpsDeg): for each row the edge
  // spans, the columns of its longitude range inside that row's band.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> touches;  // (cell, edge)
  for (const auto& e : edges) {
    const std::size_t r0 =
        rowOf(std::max(std::min(e.a_lat, e.b_lat) - kTouchEpsDeg, extent_.min_lat_deg));
    const std::size_t r1 =
        rowOf(std::min(std::max(e.a_lat, e.b_lat) + kTouchEpsDeg, extent_.max_lat_deg));
    for (std::size_t r = r0; r <= r1; ++r) {
      auto [lo, hi] = lonRangeInBand(e.a_lat, e.a_lon, e.b_lat, e.b_lon, row_lat_[r] - kTouchEpsDeg,
                                     row_lat_[r + 1] + kTouchEpsDeg);
      const std::size_t c0 = colOf(std::max(lo - kTouchEpsDeg, extent_.min_lon_deg));
      const std::size_t c1 = colOf(std::min(hi + kTouchEpsDeg, extent_.max_lon_deg));
      for (std::size_t c = c0; c <= c1; ++c) {
        touches.emplace_back(static_cast<std::uint32_t>(cellIndex(r, c)), e.id);
      }
    }
  }
  // Group by cell (edges in input order within a cell), without duplicates.
  std::sort(touches.begin(), touches.end());
  touches.erase(std::unique(touches.begin(), touches.end()), touches.end());
  if (touches.size() >= std::numeric_limits<std::uint32_t>::max()) {
    throw std::invalid_argument("LandMask: too many cell entries; use a larger cell_deg");
  }
  cell_begin_.assign(n_cells + 1, 0);
  for (const auto& [cell, edge] : touches) ++cell_begin_[cell + 1];
  for (std::size_t i = 0; i < n_cells; ++i) cell_begin_[i + 1] += cell_begin_[i];
  entries_.reserve(touches.size());
  for (const auto& [cell, edge] : touches) entries_.push_back(edges[edge]);

  // Land state at each cell's south-east corner (row_lat_[r], col_lon_[c + 1]), one scanline
  // per row: PNPOLY's crossings of the parallel row_lat_[r], east of the corner, counted by a
  // sweep over the sorted crossing longitudes. Every edge crossing that parallel touches row r.
  corner_land_.assign(n_cells, 0);
  std::vector<std::size_t> last_row(edges.size(), std::numeric_limits<std::size_t>::max());
  std::vector<double> crossings;
  for (std::size_t r = 0; r < rows_; ++r) {
    const double y = row_lat_[r];
    crossings.clear();
    for (std::size_t c = 0; c < cols_; ++c) {
      const std::size_t cell = cellIndex(r, c);
      for (std::uint32_t k = cell_begin_[cell]; k < cell_begin_[cell + 1]; ++k) {
        const Edge& e = entries_[k];
        if (last_row[e.id] == r) continue;
        last_row[e.id] = r;
        if ((e.a_lat > y) != (e.b_lat > y)) {
          crossings.push_back(e.a_lon + (y - e.a_lat) * (e.b_lon - e.a_lon) / (e.b_lat - e.a_lat));
        }
      }
    }
    std::sort(crossings.begin(), crossings.end());
    // PNPOLY counts a crossing when lon < crossing: those strictly east of the corner.
    std::size_t east = crossings.size();  // crossings[east..] are > x
    for (std::size_t c = cols_; c-- > 0;) {
      const double x = col_lon_[c + 1];
      while (east > 0 && crossings[east - 1] > x) --east;
      corner_land_[cellIndex(r, c)] = static_cast<std::uint8_t>((crossings.size() - east) & 1u);
    }
  }

  // Chebyshev distance (in cells) to the nearest cell with a coastline edge: the two-pass
  // sequential distance transform of A. Rosenfeld, J. L. Pfaltz, "Sequential operations in
  // digital picture processing", J. ACM 13(4), 1966 (exact for the chessboard metric).
  coast_ring_.assign(n_cells, kFarRing);
  for (std::size_t cell = 0; cell < n_cells; ++cell) {
    for (std::uint32_t k = cell_begin_[cell]; k < cell_begin_[cell + 1]; ++k) {
      if (entries_[k].coast != 0) {
        coast_ring_[cell] = 0;
        break;
      }
    }
  }
  auto relax = [&](std::size_t cell, std::size_t from) {
    const auto via = static_cast<std::uint16_t>(std::min<int>(coast_ring_[from] + 1, kFarRing));
    if (via < coast_ring_[cell]) coast_ring_[cell] = via;
  };
  for (std::size_t r = 0; r < rows_; ++r) {
    for (std::size_t c = 0; c < cols_; ++c) {
      const std::size_t cell = cellIndex(r, c);
      if (c > 0) relax(cell, cell - 1);
      if (r > 0) {
        relax(cell, cell - cols_);
        if (c > 0) relax(cell, cell - cols_ - 1);
        if (c + 1 < cols_) relax(cell, cell - cols_ + 1);
      }
    }
  }
  for (std::size_t r = rows_; r-- > 0;) {
    for (std::size_t c = cols_; c-- > 0;) {
      const std::size_t cell = cellIndex(r, c);
      if (c + 1 < cols_) relax(cell, cell + 1);
      if (r + 1 < rows_) {
        relax(cell, cell + cols_);
        if (c + 1 < cols_) relax(cell, cell + cols_ + 1);
        if (c > 0) relax(cell, cell + cols_ - 1);
      }
    }
  }

  stats_.rows = rows_;
  stats_.cols = cols_;
  for (std::size_t cell = 0; cell < n_cells; ++cell) {
    if (cell_begin_[cell] != cell_begin_[cell + 1]) {
      ++stats_.mixed_cells;
    } else if (corner_land_[cell] != 0) {
      ++stats_.land_cells;
    } else {
      ++stats_.sea_cells;
    }
  }
  stats_.cell_entries = entries_.size();
  stats_.memory_bytes = sizeof(*this) + (row_lat_.size() + col_lon_.size()) * sizeof(double) +
                        corner_land_.size() + coast_ring_.size() * sizeof(std::uint16_t) +
                        cell_begin_.size() * sizeof(std::uint32_t) + entries_.size() * sizeof(Edge);
}

std::size_t LandMask::rowOf(double lat_deg) const {
  // Caller guarantees extent_.min_lat_deg <= lat_deg <= extent_.max_lat_deg.
  auto r = static_cast<std::size_t>((lat_deg - row_lat_[0]) * inv_cell_deg_);
  r = std::min(r, rows_ - 1);
  // The product may land one cell off near a side; the stored sides are the truth.
  if (lat_deg < row_lat_[r] && r > 0) {
    --r;
  } else if (lat_deg >= row_lat_[r + 1] && r + 1 < rows_) {
    ++r;
  }
  return r;
}

std::size_t LandMask::colOf(double lon_deg) const {
  auto c = static_cast<std::size_t>((lon_deg - col_lon_[0]) * inv_cell_deg_);
  c = std::min(c, cols_ - 1);
  if (lon_deg < col_lon_[c] && c > 0) {
    --c;
  } else if (lon_deg >= col_lon_[c + 1] && c + 1 < cols_) {
    ++c;
  }
  return c;
}

bool LandMask::isLand(double lat_deg, double lon_deg) const {
  if (!(lat_deg >= extent_.min_lat_deg && lat_deg < extent_.max_lat_deg &&
        lon_deg >= extent_.min_lon_deg && lon_deg < extent_.max_lon_deg)) {
    return false;  // outside the grid (or NaN, or an empty mask): no polygon reaches there
  }
  const std::size_t r = rowOf(lat_deg);
  const std::size_t c = colOf(lon_deg);
  const std::size_t cell = cellIndex(r, c);
  bool land = corner_land_[cell] != 0;
  const std::uint32_t begin = cell_begin_[cell];
  const std::uint32_t end = cell_begin_[cell + 1];
  if (begin == end) return land;

  // From the corner C = (y0, x1) north along the cell's east side to Q = (lat, x1), then west
  // along the parallel to the point: each boundary crossing flips the state. Both legs lie in
  // the closed cell, so only its edges can cross them. The parallel leg uses PNPOLY's own rule
  // and expression (crossing counted when lon < x <= x1), so the result is PNPOLY's.
  const double x1 = col_lon_[c + 1];
  const double y0 = row_lat_[r];
  for (std::uint32_t k = begin; k < end; ++k) {
    const Edge& e = entries_[k];
    if ((e.a_lat > lat_deg) != (e.b_lat > lat_deg)) {
      const double x = e.a_lon + (lat_deg - e.a_lat) * (e.b_lon - e.a_lon) / (e.b_lat - e.a_lat);
      if (lon_deg < x && x <= x1) land = !land;
    }
    if ((e.a_lon > x1) != (e.b_lon > x1)) {
      const double y = e.a_lat + (x1 - e.a_lon) * (e.b_lat - e.a_lat) / (e.b_lon - e.a_lon);
      if (y0 < y && y <= lat_deg) land = !land;
    }
  }
  return land;
}

bool LandMask::pieceCrossesLand(const core::GeoPoint& p, const core::GeoPoint& q) const {
  // With p at sea, a leg that meets no edge stays at sea: q needs no test of its own.
  if (isLand(p.lat_deg, p.lon_deg)) return true;
  if (rows_ == 0) return false;
  const double lat_lo = std::min(p.lat_deg, q.lat_deg);
  const double lat_hi = std::max(p.lat_deg, q.lat_deg);
  if (lat_hi < extent_.min_lat_deg || lat_lo > extent_.max_lat_deg) return false;
  if (std::max(p.lon_deg, q.lon_deg) < extent_.min_lon_deg ||
      std::min(p.lon_deg, q.lon_deg) > extent_.max_lon_deg) {
    return false;
  }
  // Every cell the leg touches, row by row (a "supercover" traversal; cells are closed and
  // grown by kTouchEpsDeg, like the edges' cells, so a touching point is never missed).
  const std::size_t r0 = rowOf(std::max(lat_lo - kTouchEpsDeg, extent_.min_lat_deg));
  const std::size_t r1 = rowOf(std::min(lat_hi + kTouchEpsDeg, extent_.max_lat_deg));
  for (std::size_t r = r0; r <= r1; ++r) {
    auto [lo, hi] = lonRangeInBand(p.lat_deg, p.lon_deg, q.lat_deg, q.lon_deg,
                                   row_lat_[r] - kTouchEpsDeg, row_lat_[r + 1] + kTouchEpsDeg);
    if (hi < extent_.min_lon_deg || lo > extent_.max_lon_deg) continue;
    const std::size_t c0 = colOf(std::max(lo - kTouchEpsDeg, extent_.min_lon_deg));
    const std::size_t c1 = colOf(std::min(hi + kTouchEpsDeg, extent_.max_lon_deg));
    for (std::size_t c = c0; c <= c1; ++c) {
      const std::size_t cell = cellIndex(r, c);
      const std::uint32_t begin = cell_begin_[cell];
      const std::uint32_t end = cell_begin_[cell + 1];
      // A cell without edges that is land: the leg is over land there (its ends are at sea, so
      // it also crosses an edge elsewhere; this only stops the search sooner).
      if (begin == end && corner_land_[cell] != 0) return true;
      for (std::uint32_t k = begin; k < end; ++k) {
        const Edge& e = entries_[k];
        if (segmentsTouch(p.lon_deg, p.lat_deg, q.lon_deg, q.lat_deg, e.a_lon, e.a_lat, e.b_lon,
                          e.b_lat)) {
          return true;
        }
      }
    }
  }
  return false;
}

double LandMask::chordDeviationBoundM(const core::GeoPoint& a, const core::GeoPoint& b) {
  // The path along the parallel of the end nearer the equator and then along a meridian is no
  // shorter than the geodesic; the geodesic bulges poleward by far less than 1 deg.
  const double lat_abs_max = std::max(std::abs(a.lat_deg), std::abs(b.lat_deg));
  const double lat_abs_min = std::min(std::abs(a.lat_deg), std::abs(b.lat_deg));
  const double length_m =
      wgs84().max_m_per_deg * (std::abs(b.lon_deg - a.lon_deg) * std::cos(lat_abs_min * kDegToRad) +
                               std::abs(b.lat_deg - a.lat_deg));
  const double lat_far = std::min(lat_abs_max + 1.0, 90.0);
  constexpr double kR = 6.35e6;
  return length_m * length_m * std::tan(lat_far * kDegToRad) / (6.0 * kR);
}

bool LandMask::segmentCrossesLand(const core::GeoPoint& a, const core::GeoPoint& b) const {
  if (!finite(a) || !finite(b)) return false;
  const double deviation_m = chordDeviationBoundM(a, b);
  if (deviation_m <= kMaxLegDeviationM) return pieceCrossesLand(a, b);

  // Cut into n pieces with ends on the geodesic: each departs by deviation / n^2 at most.
  // (Near a pole the bound is infinite; 1000 pieces is then the cap.)
  const double pieces = std::ceil(std::sqrt(deviation_m / kMaxLegDeviationM));
  const int n = std::isfinite(pieces) ? static_cast<int>(std::min(pieces, 1000.0)) : 1000;
  const GeodesicInverse g = geodesicInverse(a, b);
  core::GeoPoint prev = a;
  for (int k = 1; k <= n; ++k) {
    const core::GeoPoint next =
        k == n ? b : geodesicDirect(a, g.azimuth1_deg, g.distance_m * k / static_cast<double>(n));
    if (pieceCrossesLand(prev, next)) return true;
    prev = next;
  }
  return false;
}

double LandMask::distanceToCoastM(double lat_deg, double lon_deg, double max_distance_m) const {
  if (!std::isfinite(lat_deg) || !std::isfinite(lon_deg) || std::isnan(max_distance_m)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  max_distance_m = std::clamp(max_distance_m, 0.0, 2e6);
  if (isLand(lat_deg, lon_deg)) return 0.0;
  if (rows_ == 0 || stats_.coast_edges == 0 || max_distance_m == 0.0) return max_distance_m;

  // Search window: every point within max_distance_m lies within these degree offsets.
  const double lat_reach_deg = max_distance_m / wgs84().min_north_m_per_deg;
  const double east_min = minEastMPerDeg(std::abs(lat_deg) + lat_reach_deg);
  const double lon_reach_deg = max_distance_m / east_min;
  const double w_lat_lo = lat_deg - lat_reach_deg, w_lat_hi = lat_deg + lat_reach_deg;
  const double w_lon_lo = lon_deg - lon_reach_deg, w_lon_hi = lon_deg + lon_reach_deg;
  if (w_lat_hi < extent_.min_lat_deg || w_lat_lo > extent_.max_lat_deg ||
      w_lon_hi < extent_.min_lon_deg || w_lon_lo > extent_.max_lon_deg) {
    return max_distance_m;
  }
  const auto clampRow = [&](double lat) {
    return rowOf(std::clamp(lat, extent_.min_lat_deg, extent_.max_lat_deg));
  };
  const auto clampCol = [&](double lon) {
    return colOf(std::clamp(lon, extent_.min_lon_deg, extent_.max_lon_deg));
  };
  const auto wr0 = static_cast<std::ptrdiff_t>(clampRow(w_lat_lo));
  const auto wr1 = static_cast<std::ptrdiff_t>(clampRow(w_lat_hi));
  const auto wc0 = static_cast<std::ptrdiff_t>(clampCol(w_lon_lo));
  const auto wc1 = static_cast<std::ptrdiff_t>(clampCol(w_lon_hi));
  const auto cr = static_cast<std::ptrdiff_t>(clampRow(lat_deg));
  const auto cc = static_cast<std::ptrdiff_t>(clampCol(lon_deg));
  const bool inside_grid = extent_.contains(lat_deg, lon_deg);

  // The tangent plane at the point (metres per degree there) picks each edge's nearest point;
  // the mid-latitude formula measures it. Between the two, east scales differ by at most
  // tan|lat| |dlat| / 2 relative (M changes far less): an edge whose plane distance d0 has
  // d0 (1 - slack_per_m d0) >= best cannot win and is skipped (slack_per_m is twice that bound).
  const Scale here = scaleAt(lat_deg);
  const double slack_per_m =
      (std::tan(std::min(std::abs(lat_deg) + lat_reach_deg, 89.0) * kDegToRad) + 0.05) /
      wgs84().min_north_m_per_deg * kDegToRad;
  // With d0 <= max_distance_m the slack is at most slack_per_m * max_distance_m, so an edge
  // with d0 >= best / (1 - that) cannot win: one comparison of squares, no square root.
  const double max_slack = slack_per_m * max_distance_m;
  const double skip_factor = max_slack < 0.5 ? 1.0 / (1.0 - max_slack) : 1e300;
  double best = max_distance_m;
  double skip_d0_sq = best * skip_factor * best * skip_factor;

  const double north_min = wgs84().min_north_m_per_deg;
  const auto visitCell = [&](std::ptrdiff_t r, std::ptrdiff_t c) {
    const std::size_t cell = cellIndex(static_cast<std::size_t>(r), static_cast<std::size_t>(c));
    if (coast_ring_[cell] != 0) return;  // no coastline edge here
    // Skip a cell farther than the best: along any path the metres per degree are at least
    // north_min and east_min, so the distance to the cell's rectangle is at least the
    // Euclidean gap in those units.
    const auto ur = static_cast<std::size_t>(r), uc = static_cast<std::size_t>(c);
    const double gap_lat =
        std::max({0.0, row_lat_[ur] - lat_deg, lat_deg - row_lat_[ur + 1]}) * north_min;
    const double gap_lon =
        std::max({0.0, col_lon_[uc] - lon_deg, lon_deg - col_lon_[uc + 1]}) * east_min;
    if (gap_lat * gap_lat + gap_lon * gap_lon >= best * best) return;
    for (std::uint32_t k = cell_begin_[cell]; k < cell_begin_[cell + 1]; ++k) {
      const Edge& e = entries_[k];
      if (e.coast == 0) continue;
      const double ax = (e.a_lon - lon_deg) * here.east_m_per_deg;
      const double ay = (e.a_lat - lat_deg) * here.north_m_per_deg;
      const double dx = (e.b_lon - e.a_lon) * here.east_m_per_deg;
      const double dy = (e.b_lat - e.a_lat) * here.north_m_per_deg;
      const double len2 = dx * dx + dy * dy;
      const double t = std::clamp(len2 > 0.0 ? -(ax * dx + ay * dy) / len2 : 0.0, 0.0, 1.0);
      const double px = ax + t * dx, py = ay + t * dy;
      if (px * px + py * py >= skip_d0_sq) continue;
      const double q_lat = e.a_lat + t * (e.b_lat - e.a_lat);
      const double q_lon = e.a_lon + t * (e.b_lon - e.a_lon);
      const Scale mid = scaleAt(0.5 * (lat_deg + q_lat));
      const double ex = (q_lon - lon_deg) * mid.east_m_per_deg;
      const double ny = (q_lat - lat_deg) * mid.north_m_per_deg;
      const double d = std::sqrt(ex * ex + ny * ny);
      if (d < best) {
        best = d;
        skip_d0_sq = best * skip_factor * best * skip_factor;
      }
    }
  };

  // Rings of cells around the point's cell, nearest first. Rings closer than coast_ring_ hold
  // no coastline; a ring is skipped entirely once its lower-bound distance reaches the best.
  std::ptrdiff_t k =
      inside_grid
          ? coast_ring_[cellIndex(static_cast<std::size_t>(cr), static_cast<std::size_t>(cc))]
          : 0;
  const std::ptrdiff_t k_max =
      std::max({cr - wr0, wr1 - cr, cc - wc0, wc1 - cc, std::ptrdiff_t{0}});
  for (; k <= k_max; ++k) {
    if (inside_grid && k >= 1) {
      // Cells of ring k lie outside the square of rings < k around the point's cell.
      const double south = row_lat_[0] + static_cast<double>(cr - k + 1) * cell_deg_;
      const double north = row_lat_[0] + static_cast<double>(cr + k) * cell_deg_;
      const double west = col_lon_[0] + static_cast<double>(cc - k + 1) * cell_deg_;
      const double east = col_lon_[0] + static_cast<double>(cc + k) * cell_deg_;
      const double gap_lat = std::min(lat_deg - south, north - lat_deg);
      const double gap_lon = std::min(lon_deg - west, east - lon_deg);
      const double lower = std::min(gap_lat * wgs84().min_north_m_per_deg, gap_lon * east_min);
      if (lower * (1.0 - 1e-6) >= best) break;
    }
    const std::ptrdiff_t r_lo = std::max(cr - k, wr0), r_hi = std::min(cr + k, wr1);
    const std::ptrdiff_t c_lo = std::max(cc - k, wc0), c_hi = std::min(cc + k, wc1);
    for (std::ptrdiff_t r = r_lo; r <= r_hi; ++r) {
      if (r == cr - k || r == cr + k) {
        for (std::ptrdiff_t c = c_lo; c <= c_hi; ++c) visitCell(r, c);
      } else {
        if (cc - k >= c_lo) visitCell(r, cc - k);
        if (k > 0 && cc + k <= c_hi) visitCell(r, cc + k);
      }
    }
  }
  return std::min(best, max_distance_m);
}

bool LandMask::nearLand(double lat_deg, double lon_deg, double clearance_m) const {
  if (isLand(lat_deg, lon_deg)) return true;
  if (!(clearance_m > 0.0)) return false;
  return distanceToCoastM(lat_deg, lon_deg, clearance_m) < clearance_m;
}

}  // namespace picket::geo
