#pragma once
// Simple geographic polygons (areas of responsibility, areas of interest).

#include <cstdint>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace picket::geo {

/// A closed latitude/longitude rectangle, degrees (min <= max; never across the antimeridian).
struct LatLonBox {
  double min_lat_deg = 0.0;
  double max_lat_deg = 0.0;
  double min_lon_deg = 0.0;
  double max_lon_deg = 0.0;

  /// True when the point lies in the closed box (false for NaN).
  [[nodiscard]] bool contains(double lat_deg, double lon_deg) const {
    return lat_deg >= min_lat_deg && lat_deg <= max_lat_deg && lon_deg >= min_lon_deg &&
           lon_deg <= max_lon_deg;
  }
  bool operator==(const LatLonBox&) const = default;
};

/// A simple polygon in longitude/latitude with optional holes. Vertices in degrees; the ring
/// closes implicitly. Edges are straight in lon/lat (adequate for zones drawn on a chart at
/// theatre scale; authoritative boundaries come with dense vertices). Rings must not cross the
/// antimeridian.
///
/// `contains` is the even-odd crossing test over only the edges that span the point's
/// latitude: each ring keeps its edges bucketed by latitude band, so a test on an EEZ of
/// thousands of vertices reads a few dozen edges. The answer is exactly PNPOLY's (an edge
/// outside the band cannot cross the point's parallel).
class GeoPolygon {
 public:
  GeoPolygon() = default;
  explicit GeoPolygon(std::vector<core::GeoPoint> outer, std::vector<std::vector<core::GeoPoint>> holes = {});

  /// True when the point is inside the outer ring and outside every hole (even-odd rule).
  [[nodiscard]] bool contains(double lat_deg, double lon_deg) const;
  [[nodiscard]] const std::vector<core::GeoPoint>& outer() const { return outer_; }
  /// The holes, each a ring like the outer one (implicitly closed).
  [[nodiscard]] const std::vector<std::vector<core::GeoPoint>>& holes() const { return holes_; }
  /// The bounding box of the outer ring (all zero for a polygon without vertices).
  [[nodiscard]] LatLonBox bounds() const { return {min_lat_, max_lat_, min_lon_, max_lon_}; }
  [[nodiscard]] bool empty() const { return outer_.size() < 3; }

 private:
  /// A ring's edges by latitude band (CSR): edge i joins vertex i and vertex i - 1 (cyclic).
  struct BandIndex {
    double lat0_deg = 0.0;
    double inv_band_deg = 0.0;
    std::vector<std::uint32_t> begin;  ///< bands + 1 offsets into `edges`
    std::vector<std::uint32_t> edges;
  };

  static BandIndex indexRing(const std::vector<core::GeoPoint>& ring);
  static bool ringContains(const std::vector<core::GeoPoint>& ring, const BandIndex& index,
                           double lat_deg, double lon_deg);

  std::vector<core::GeoPoint> outer_;
  std::vector<std::vector<core::GeoPoint>> holes_;
  BandIndex outer_index_;
  std::vector<BandIndex> hole_indices_;
  double min_lat_ = 0, max_lat_ = 0, min_lon_ = 0, max_lon_ = 0;
};

}  // namespace picket::geo
