#include "geo/polygon.hpp"

#include <algorithm>
#include <utility>

namespace picket::geo {

GeoPolygon::GeoPolygon(std::vector<core::GeoPoint> outer,
                       std::vector<std::vector<core::GeoPoint>> holes)
    : outer_(std::move(outer)), holes_(std::move(holes)) {
  if (outer_.empty()) return;
  min_lat_ = max_lat_ = outer_.front().lat_deg;
  min_lon_ = max_lon_ = outer_.front().lon_deg;
  for (const auto& p : outer_) {
    min_lat_ = std::min(min_lat_, p.lat_deg);
    max_lat_ = std::max(max_lat_, p.lat_deg);
    min_lon_ = std::min(min_lon_, p.lon_deg);
    max_lon_ = std::max(max_lon_, p.lon_deg);
  }
}

bool GeoPolygon::ringContains(const std::vector<core::GeoPoint>& ring, double lat_deg,
                              double lon_deg) {
  // Even-odd crossing test (W. R. Franklin's PNPOLY).
  bool inside = false;
  const std::size_t n = ring.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const auto& a = ring[i];
    const auto& b = ring[j];
    if ((a.lat_deg > lat_deg) != (b.lat_deg > lat_deg)) {
      const double lon_cross =
          a.lon_deg + (lat_deg - a.lat_deg) * (b.lon_deg - a.lon_deg) / (b.lat_deg - a.lat_deg);
      if (lon_deg < lon_cross) inside = !inside;
    }
  }
  return inside;
}

bool GeoPolygon::contains(double lat_deg, double lon_deg) const {
  if (empty()) return false;
  if (lat_deg < min_lat_ || lat_deg > max_lat_ || lon_deg < min_lon_ || lon_deg > max_lon_) {
    return false;
  }
  if (!ringContains(outer_, lat_deg, lon_deg)) return false;
  return std::none_of(holes_.begin(), holes_.end(),
                      [&](const auto& h) { return ringContains(h, lat_deg, lon_deg); });
}

}  // namespace picket::geo
