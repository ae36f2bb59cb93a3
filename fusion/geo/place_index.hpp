#pragma once
// Nearest named place (port, airfield, headland) to a point, through a lat/lon grid.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "geo/named_place.hpp"

namespace picket::geo {

/// The nearest place found by PlaceIndex::nearest.
struct PlaceHit {
  /// The place, owned by the index (valid while the index lives; moving the index keeps it).
  const NamedPlace* place = nullptr;
  std::size_t index = 0;    ///< into PlaceIndex::places()
  double distance_m = 0.0;  ///< geodesic distance on WGS-84 (GeographicLib)
  bool operator==(const PlaceHit&) const = default;
};

/// A set of named places bucketed in a regular lat/lon grid for nearest-place queries.
///
/// nearest() visits the grid in rings of cells around the query, nearest first, and stops as
/// soon as a ring's lower-bound distance exceeds the best found. Each place in a visited cell
/// gets a cheap lower bound (the plane distance with a degree of latitude counted as M(0) and
/// a degree of longitude as a cos(lat_far), the least they can be along the geodesic); only a
/// place whose bound beats the best so far costs a GeographicLib geodesic inverse (~1 us).
///
/// Thread safety: immutable after construction; any number of threads may query it.
class PlaceIndex {
 public:
  PlaceIndex() = default;

  /// Takes the places. cell_deg in [0.01, 10]. Throws std::invalid_argument for a cell size
  /// outside that range, a grid of more than 5e7 cells (places spread too far for the cell
  /// size), or a place with a non-finite position or one outside lat [-90, 90] /
  /// lon [-180, 180]. Places may share a position.
  explicit PlaceIndex(std::vector<NamedPlace> places, double cell_deg = 0.5);

  /// The place nearest to the point within max_distance_m (metres, >= 0), or nullopt when there
  /// is none that close (or the point is not finite). Ties go to the lower index. The
  /// antimeridian is not handled: places and queries east and west of it do not see each other.
  [[nodiscard]] std::optional<PlaceHit> nearest(double lat_deg, double lon_deg,
                                                double max_distance_m) const;

  [[nodiscard]] const std::vector<NamedPlace>& places() const { return places_; }
  [[nodiscard]] const NamedPlace& place(const PlaceHit& hit) const { return places_.at(hit.index); }
  [[nodiscard]] std::size_t size() const { return places_.size(); }
  [[nodiscard]] bool empty() const { return places_.empty(); }

 private:
  std::vector<NamedPlace> places_;
  double cell_deg_ = 1.0;
  double lat0_ = 0.0;
  double lon0_ = 0.0;
  std::ptrdiff_t rows_ = 0;
  std::ptrdiff_t cols_ = 0;
  std::vector<std::uint32_t> cell_begin_;  ///< rows_ * cols_ + 1 offsets into members_
  std::vector<std::uint32_t> members_;     ///< place indices, cell by cell, ascending
};

}  // namespace picket::geo
