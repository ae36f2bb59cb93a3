#include "geo/place_index.hpp"

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

/// Lower bounds for degrees as metres of geodesic: a degree of latitude is never shorter than
/// at the equator, a (1 - e^2) per radian; a degree of longitude on a geodesic that stays within
/// |lat| <= lat_far is never shorter than a cos(lat_far) per radian (N >= a).
struct DegreeBounds {
  double north_m_per_deg;
  double a_m_per_deg;
};
const DegreeBounds& degreeBounds() {
  static const DegreeBounds b = [] {
    const double a = GeographicLib::Constants::WGS84_a();
    const double f = GeographicLib::Constants::WGS84_f();
    return DegreeBounds{a * (1.0 - f * (2.0 - f)) * kDegToRad, a * kDegToRad};
  }();
  return b;
}

}  // namespace

PlaceIndex::PlaceIndex(std::vector<NamedPlace> places, double cell_deg)
    : places_(std::move(places)), cell_deg_(cell_deg) {
  if (!(cell_deg >= 0.01 && cell_deg <= 10.0)) {
    throw std::invalid_argument("PlaceIndex: cell_deg must be in [0.01, 10], got " +
                                std::to_string(cell_deg));
  }
  if (places_.size() >= std::numeric_limits<std::uint32_t>::max()) {
    throw std::invalid_argument("PlaceIndex: too many places");
  }
  if (places_.empty()) return;
  double min_lat = 90.0, max_lat = -90.0, min_lon = 180.0, max_lon = -180.0;
  for (const auto& p : places_) {
    const double lat = p.position.lat_deg;
    const double lon = p.position.lon_deg;
    if (!(lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0)) {
      throw std::invalid_argument("PlaceIndex: place '" + p.id + "' has an invalid position");
    }
    min_lat = std::min(min_lat, lat);
    max_lat = std::max(max_lat, lat);
    min_lon = std::min(min_lon, lon);
    max_lon = std::max(max_lon, lon);
  }
  lat0_ = min_lat - 0.5 * cell_deg_;
  lon0_ = min_lon - 0.5 * cell_deg_;
  rows_ = static_cast<std::ptrdiff_t>(std::floor((max_lat - lat0_) / cell_deg_)) + 1;
  cols_ = static_cast<std::ptrdiff_t>(std::floor((max_lon - lon0_) / cell_deg_)) + 1;
  if (rows_ * cols_ > 50'000'000) {
    throw std::invalid_argument("PlaceIndex: grid too large for cell_deg " +
                                std::to_string(cell_deg) + "; use a larger cell");
  }

  std::vector<std::pair<std::uint32_t, std::uint32_t>> cell_place;
  cell_place.reserve(places_.size());
  for (std::size_t i = 0; i < places_.size(); ++i) {
    const auto r =
        static_cast<std::ptrdiff_t>(std::floor((places_[i].position.lat_deg - lat0_) / cell_deg_));
    const auto c =
        static_cast<std::ptrdiff_t>(std::floor((places_[i].position.lon_deg - lon0_) / cell_deg_));
    const std::ptrdiff_t cell = std::clamp(r, std::ptrdiff_t{0}, rows_ - 1) * cols_ +
                                std::clamp(c, std::ptrdiff_t{0}, cols_ - 1);
    cell_place.emplace_back(static_cast<std::uint32_t>(cell), static_cast<std::uint32_t>(i));
  }
  std::sort(cell_place.begin(), cell_place.end());
  cell_begin_.assign(static_cast<std::size_t>(rows_ * cols_) + 1, 0);
  for (const auto& [cell, i] : cell_place) ++cell_begin_[cell + 1];
  for (std::size_t k = 0; k + 1 < cell_begin_.size(); ++k) cell_begin_[k + 1] += cell_begin_[k];
  members_.reserve(cell_place.size());
  for (const auto& [cell, i] : cell_place) members_.push_back(i);
}

std::optional<PlaceHit> PlaceIndex::nearest(double lat_deg, double lon_deg,
                                            double max_distance_m) const {
  if (places_.empty() || !std::isfinite(lat_deg) || !std::isfinite(lon_deg) ||
      !(max_distance_m >= 0.0)) {
    return std::nullopt;
  }
  const DegreeBounds& bounds = degreeBounds();
  // Everything within max_distance_m lies within these offsets (capped: beyond ~half the
  // globe the window is the whole grid anyway).
  const double lat_reach = std::min(max_distance_m / bounds.north_m_per_deg, 180.0);
  const double lat_far = std::min(std::abs(lat_deg) + lat_reach, 90.0);
  const double east_min = bounds.a_m_per_deg * std::cos(lat_far * kDegToRad);
  const double lon_reach = east_min > 0.0 ? std::min(max_distance_m / east_min, 360.0) : 360.0;

  const auto rowOf = [&](double lat) {
    return static_cast<std::ptrdiff_t>(std::floor((lat - lat0_) / cell_deg_));
  };
  const auto colOf = [&](double lon) {
    return static_cast<std::ptrdiff_t>(std::floor((lon - lon0_) / cell_deg_));
  };
  const std::ptrdiff_t wr0 = std::max(rowOf(lat_deg - lat_reach), std::ptrdiff_t{0});
  const std::ptrdiff_t wr1 = std::min(rowOf(lat_deg + lat_reach), rows_ - 1);
  const std::ptrdiff_t wc0 = std::max(colOf(lon_deg - lon_reach), std::ptrdiff_t{0});
  const std::ptrdiff_t wc1 = std::min(colOf(lon_deg + lon_reach), cols_ - 1);
  if (wr0 > wr1 || wc0 > wc1) return std::nullopt;
  const std::ptrdiff_t cr = std::clamp(rowOf(lat_deg), wr0, wr1);
  const std::ptrdiff_t cc = std::clamp(colOf(lon_deg), wc0, wc1);
  const bool in_cell = rowOf(lat_deg) == cr && colOf(lon_deg) == cc;

  std::optional<PlaceHit> best;
  double best_m = max_distance_m;
  const GeoPoint query{lat_deg, lon_deg, 0.0};
  const auto visit = [&](std::ptrdiff_t r, std::ptrdiff_t c) {
    const auto cell = static_cast<std::size_t>(r * cols_ + c);
    for (std::uint32_t k = cell_begin_[cell]; k < cell_begin_[cell + 1]; ++k) {
      const std::uint32_t i = members_[k];
      const GeoPoint& p = places_[i].position;
      // Along the geodesic the metres per degree never drop below north_m_per_deg and
      // east_min, so the straight distance in those units bounds it from below.
      const double dn = (p.lat_deg - lat_deg) * bounds.north_m_per_deg;
      const double de = (p.lon_deg - lon_deg) * east_min;
      if (dn * dn + de * de > best_m * best_m) continue;
      const double d = geodesicInverse(query, p).distance_m;
      if (d > best_m) continue;
      if (!best || d < best->distance_m || (d == best->distance_m && i < best->index)) {
        best = PlaceHit{&places_[i], i, d};
        best_m = d;
      }
    }
  };

  const std::ptrdiff_t k_max = std::max({cr - wr0, wr1 - cr, cc - wc0, wc1 - cc});
  for (std::ptrdiff_t k = 0; k <= k_max; ++k) {
    if (in_cell && k >= 1 && best) {
      // Places of ring k lie outside the square of rings < k around the query's cell. A tie
      // at exactly the bound could still hold a lower index, hence the strict comparison.
      const double south = lat0_ + static_cast<double>(cr - k + 1) * cell_deg_;
      const double north = lat0_ + static_cast<double>(cr + k) * cell_deg_;
      const double west = lon0_ + static_cast<double>(cc - k + 1) * cell_deg_;
      const double east = lon0_ + static_cast<double>(cc + k) * cell_deg_;
      const double lower =
          std::min(std::min(lat_deg - south, north - lat_deg) * bounds.north_m_per_deg,
                   std::min(lon_deg - west, east - lon_deg) * east_min);
      if (lower > best_m) break;
    }
    const std::ptrdiff_t r_lo = std::max(cr - k, wr0), r_hi = std::min(cr + k, wr1);
    const std::ptrdiff_t c_lo = std::max(cc - k, wc0), c_hi = std::min(cc + k, wc1);
    for (std::ptrdiff_t r = r_lo; r <= r_hi; ++r) {
      if (r == cr - k || r == cr + k) {
        for (std::ptrdiff_t c = c_lo; c <= c_hi; ++c) visit(r, c);
      } else {
        if (cc - k >= c_lo) visit(r, cc - k);
        if (k > 0 && cc + k <= c_hi) visit(r, cc + k);
      }
    }
  }
  return best;
}

}  // namespace picket::geo
