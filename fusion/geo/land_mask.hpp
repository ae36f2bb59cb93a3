#pragma once
// Land or sea, legs over land and distance to the coast, over a set of land polygons, answered
// through a regular latitude/longitude grid built once. Pure math: no I/O (io/geojson.hpp has
// loadLandMask for GeoJSON files).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/types.hpp"
#include "geo/polygon.hpp"

namespace picket::geo {

/// The box every file of config/geo/ is clipped to: lon -120..-55, lat -10..35.
inline constexpr LatLonBox kTheatreBox{-10.0, 35.0, -120.0, -55.0};

struct LandMaskOptions {
  /// Grid cell size, degrees, in [0.001, 5]. Smaller cells hold fewer edges but make the
  /// distance search visit more of them. On the Natural Earth 10m theatre 0.1 deg gives
  /// 293 k cells, 3.4 MiB, a 13 ms build and the fastest distances; 0.05 deg is slightly
  /// faster for isLand next to the coast at 9.6 MiB (bench/geo_bench.cpp, fusion/geo/README.md).
  double cell_deg = 0.1;
  /// The box the polygons were clipped to, if any. Polygon edges lying along its border are
  /// cut lines, not coastline: they bound land for isLand but do not count for
  /// distanceToCoastM. nullopt: every edge is coastline.
  std::optional<LatLonBox> clip_box = kTheatreBox;
};

/// Counts describing a built mask (tests, benchmarks, the start-up log).
struct LandMaskStats {
  std::size_t polygons = 0;
  std::size_t edges = 0;        ///< all ring edges (zero-length ones dropped)
  std::size_t coast_edges = 0;  ///< edges not lying along the clip box border
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::size_t sea_cells = 0;     ///< cells no edge touches, entirely sea
  std::size_t land_cells = 0;    ///< cells no edge touches, entirely land
  std::size_t mixed_cells = 0;   ///< cells touched by at least one edge
  std::size_t cell_entries = 0;  ///< edge references summed over the mixed cells
  std::size_t memory_bytes = 0;
};

/// Land polygons prepared for fast point, leg and distance queries.
///
/// Model: the land is the even-odd union of the polygons' rings (outer rings and holes), with
/// edges straight in longitude/latitude, exactly as GeoPolygon::contains sees them. For valid
/// (OGC) polygons that do not overlap one another, which is what the Natural Earth land layer
/// is, isLand(p) equals "some polygon contains p". Nothing outside the polygons is land; rings
/// must not cross the antimeridian.
///
/// Grid (after E. Haines, "Point in polygon strategies", Graphics Gems IV, 1994, and
/// B. Zalik, I. Kolingerova, "A cell-based point-in-polygon algorithm suitable for large sets
/// of points", Computers & Geosciences 27, 2001): each cell lists every edge that touches it;
/// a cell no edge touches is entirely land or entirely sea. A query in a cell with edges
/// starts from the precomputed state of the cell's south-east corner and counts the edges the
/// path point -> (east along the parallel) -> cell east side -> (south along it) -> corner
/// crosses; the crossing rules are PNPOLY's half-open ones, so the answer is the one the
/// brute-force test gives (differences only within ~1e-12 deg of an edge crossing a cell
/// side, never seen in tests over 10^5 random points).
///
/// Thread safety: immutable after construction; any number of threads may query one mask.
class LandMask {
 public:
  /// An empty mask: everything is sea, no coast anywhere.
  LandMask() = default;

  /// Builds the grid (~15 ms for the 29 k-vertex Natural Earth 10m theatre). Polygons that
  /// are empty() and holes with fewer than 3 vertices are ignored. Throws
  /// std::invalid_argument for a cell size outside [0.001, 5] deg, a non-finite vertex or
  /// one outside lat [-90, 90] / lon [-180, 180].
  explicit LandMask(const std::vector<GeoPolygon>& polygons, const LandMaskOptions& options = {});

  /// True when the point is on land. Degrees; anything outside the polygons (and NaN) is sea.
  [[nodiscard]] bool isLand(double lat_deg, double lon_deg) const;

  /// True when the leg a -> b touches land (an end on land, or the leg meets or crosses a land
  /// edge, cut lines at the clip box included). The leg is the geodesic; it is tested as
  /// straight pieces in longitude/latitude, each within kMaxLegDeviationM of the geodesic
  /// (chordDeviationBoundM): legs longer than one piece allows are first cut at points on the
  /// geodesic (GeographicLib). At these latitudes one piece serves east-west legs up to ~50 km at
  /// 35 deg and ~80 km at 15 deg, so the simulator's steps never pay for GeographicLib.
  /// Heights are ignored. Legs must not cross the antimeridian; a non-finite end gives false.
  [[nodiscard]] bool segmentCrossesLand(const core::GeoPoint& a, const core::GeoPoint& b) const;

  /// Distance in metres from the point to the nearest coastline edge, or max_distance_m when
  /// no coast is closer; 0 on land. Edges along the clip box border are not coastline.
  ///
  /// Per edge, the nearest point is found in the plane tangent at the query point (east and
  /// north scaled by the WGS-84 radii of curvature there), and the distance to it is the
  /// mid-latitude formula on the ellipsoid (Delta-lon N(lat_m) cos(lat_m), Delta-lat M(lat_m)).
  /// Against GeographicLib's geodesic distance to the nearest point of every coastline edge
  /// (brute force) the worst error measured is 7 cm / 1.2e-6 relative on the 10m data within
  /// 60 km (tests/unit/io/geojson_test.cpp) and 2.8e-6 relative up to 100 km on synthetic
  /// islands (tests/unit/geo/land_mask_test.cpp); the tests allow 2e-5 + 1 cm.
  /// max_distance_m is clamped to [0, 2e6]: the search stops there, so a small bound is fast.
  /// A non-finite point gives NaN.
  [[nodiscard]] double distanceToCoastM(double lat_deg, double lon_deg,
                                        double max_distance_m) const;

  /// True on land or closer than clearance_m (metres, >= 0) to the coast.
  [[nodiscard]] bool nearLand(double lat_deg, double lon_deg, double clearance_m) const;

  /// The grid's extent: the polygons' bounding box plus half a cell (empty mask: all zero).
  [[nodiscard]] const LatLonBox& extent() const { return extent_; }
  [[nodiscard]] const LandMaskStats& stats() const { return stats_; }

  /// Upper bound, metres, of the distance between the geodesic a -> b and the straight line
  /// from a to b in longitude/latitude. On a sphere the straight line departs most for an
  /// east-west leg, by L^2 tan|lat| / (8 R) (a great circle's curvature in plate carree at its
  /// vertex is sin(lat) cos(lat)); other headings reach ~1.1 times that, so the bound is
  /// L^2 tan(|lat|max + 1 deg) / (6 R) with R = 6350 km and L bounded by the path along a
  /// parallel and a meridian (checked against GeographicLib on the ellipsoid in
  /// tests/unit/geo/land_mask_test.cpp). 48 m for 50 km at 35 deg. Infinite at the poles.
  [[nodiscard]] static double chordDeviationBoundM(const core::GeoPoint& a,
                                                   const core::GeoPoint& b);

  /// Largest departure, metres, of a straight lon/lat piece from the geodesic it stands for
  /// in segmentCrossesLand (well inside the coastline's own error of several hundred metres).
  static constexpr double kMaxLegDeviationM = 50.0;

 private:
  /// One edge as stored in a cell: a = ring[i], b = ring[i - 1] (PNPOLY's order, so the
  /// crossing longitudes are computed by the very same expression as GeoPolygon's).
  struct Edge {
    double a_lat, a_lon, b_lat, b_lon;
    std::uint32_t coast;  ///< 1 when the edge is coastline (not a clip-box cut line)
    std::uint32_t id;     ///< index of the edge in the input order
  };

  [[nodiscard]] bool pieceCrossesLand(const core::GeoPoint& p, const core::GeoPoint& q) const;
  [[nodiscard]] std::size_t rowOf(double lat_deg) const;
  [[nodiscard]] std::size_t colOf(double lon_deg) const;
  [[nodiscard]] std::size_t cellIndex(std::size_t row, std::size_t col) const {
    return row * cols_ + col;
  }

  LatLonBox extent_{};
  double cell_deg_ = 1.0;
  double inv_cell_deg_ = 1.0;
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::vector<double> row_lat_;  ///< rows_ + 1 cell boundaries, south to north
  std::vector<double> col_lon_;  ///< cols_ + 1 cell boundaries, west to east
  /// Per cell: bit 0 = land at the cell's south-east corner (for a cell without edges: the
  /// whole cell).
  std::vector<std::uint8_t> corner_land_;
  /// Per cell: Chebyshev distance, in cells, to the nearest cell holding a coastline edge
  /// (saturated at 65535); 0 for a cell holding one.
  std::vector<std::uint16_t> coast_ring_;
  std::vector<std::uint32_t> cell_begin_;  ///< rows_ * cols_ + 1 offsets into entries_
  std::vector<Edge> entries_;              ///< the edges touching each cell, cell by cell
  LandMaskStats stats_;
};

}  // namespace picket::geo
