#include "geo/polygon.hpp"

#include <algorithm>
#include <cmath>
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
  outer_index_ = indexRing(outer_);
  hole_indices_.reserve(holes_.size());
  for (const auto& h : holes_) hole_indices_.push_back(indexRing(h));
}

GeoPolygon::BandIndex GeoPolygon::indexRing(const std::vector<core::GeoPoint>& ring) {
  BandIndex index;
  const std::size_t n = ring.size();
  if (n < 3) return index;
  double lo = ring.front().lat_deg;
  double hi = lo;
  for (const auto& p : ring) {
    lo = std::min(lo, p.lat_deg);
    hi = std::max(hi, p.lat_deg);
  }
  // About four edges a band on average; one band for small rings (a plain scan).
  const std::size_t bands = std::clamp<std::size_t>(n / 4, 1, 65536);
  const double span = hi - lo;
  index.lat0_deg = lo;
  index.inv_band_deg = span > 0.0 ? static_cast<double>(bands) / span : 0.0;
  const auto bandOf = [&](double lat) {
    const double b = std::floor((lat - lo) * index.inv_band_deg);
    return static_cast<std::size_t>(std::clamp(b, 0.0, static_cast<double>(bands - 1)));
  };
  // Counting pass, then the fill: every band an edge's latitude range touches lists it.
  index.begin.assign(bands + 1, 0);
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const double a = ring[i].lat_deg;
    const double b = ring[j].lat_deg;
    for (std::size_t k = bandOf(std::min(a, b)), e = bandOf(std::max(a, b)); k <= e; ++k) {
      ++index.begin[k + 1];
    }
  }
  for (std::size_t k = 0; k < bands; ++k) index.begin[k + 1] += index.begin[k];
  index.edges.resize(index.begin[bands]);
  std::vector<std::uint32_t> fill(index.begin.begin(), index.begin.end() - 1);
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const double a = ring[i].lat_deg;
    const double b = ring[j].lat_deg;
    for (std::size_t k = bandOf(std::min(a, b)), e = bandOf(std::max(a, b)); k <= e; ++k) {
      index.edges[fill[k]++] = static_cast<std::uint32_t>(i);
    }
  }
  return index;
}

bool GeoPolygon::ringContains(const std::vector<core::GeoPoint>& ring, const BandIndex& index,
                              double lat_deg, double lon_deg) {
  // Even-odd crossing test (W. R. Franklin's PNPOLY) over the edges of the point's band.
  const std::size_t n = ring.size();
  if (n < 3 || index.begin.empty()) return false;
  const std::size_t bands = index.begin.size() - 1;
  const double band = std::floor((lat_deg - index.lat0_deg) * index.inv_band_deg);
  if (!(band >= 0.0)) return false;  // below the ring (or NaN)
  const std::size_t k = std::min(static_cast<std::size_t>(std::min(band, 1e9)), bands - 1);
  bool inside = false;
  for (std::uint32_t e = index.begin[k]; e < index.begin[k + 1]; ++e) {
    const std::size_t i = index.edges[e];
    const auto& a = ring[i];
    const auto& b = ring[i == 0 ? n - 1 : i - 1];
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
  if (!ringContains(outer_, outer_index_, lat_deg, lon_deg)) return false;
  for (std::size_t h = 0; h < holes_.size(); ++h) {
    if (ringContains(holes_[h], hole_indices_[h], lat_deg, lon_deg)) return false;
  }
  return true;
}

}  // namespace picket::geo
