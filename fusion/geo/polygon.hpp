#pragma once
// Simple geographic polygons (areas of responsibility, areas of interest).

#include <string>
#include <vector>

#include "core/types.hpp"

namespace picket::geo {

/// A simple polygon in longitude/latitude with optional holes. Vertices in degrees; the ring
/// closes implicitly. Edges are straight in lon/lat (adequate for zones drawn on a chart at
/// theatre scale; authoritative boundaries come with dense vertices). Rings must not cross the
/// antimeridian.
class GeoPolygon {
 public:
  GeoPolygon() = default;
  explicit GeoPolygon(std::vector<core::GeoPoint> outer, std::vector<std::vector<core::GeoPoint>> holes = {});

  /// True when the point is inside the outer ring and outside every hole (even-odd rule).
  [[nodiscard]] bool contains(double lat_deg, double lon_deg) const;
  [[nodiscard]] const std::vector<core::GeoPoint>& outer() const { return outer_; }
  [[nodiscard]] bool empty() const { return outer_.size() < 3; }

 private:
  static bool ringContains(const std::vector<core::GeoPoint>& ring, double lat_deg, double lon_deg);

  std::vector<core::GeoPoint> outer_;
  std::vector<std::vector<core::GeoPoint>> holes_;
  double min_lat_ = 0, max_lat_ = 0, min_lon_ = 0, max_lon_ = 0;
};

}  // namespace picket::geo
