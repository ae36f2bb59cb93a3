#pragma once
// Small helpers shared by the identity, AIS-behaviour, air and zone-entry rules: evidence
// formatting, geometry on tracks and areas. Internal to cueing/.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "core/track.hpp"
#include "cueing/rule.hpp"
#include "geo/polygon.hpp"

namespace picket::cueing::detail {

/// "12.35" for (12.345, 2). Locale independent.
std::string fixed(double v, int decimals);

/// A probability or other small number in scientific notation, "1.2e-05". Locale independent.
std::string sci(double v);

/// An instant as ISO-8601 UTC with whole seconds, "2026-03-01T04:05:06Z".
std::string utcText(core::Timestamp t);

/// "12.51234,-69.96712" (degrees, 5 decimals: about 1 m).
std::string latLonText(const core::GeoPoint& p);

/// Appends one evidence pair.
inline void put(std::vector<std::pair<std::string, std::string>>& evidence, std::string key,
                std::string value) {
  evidence.emplace_back(std::move(key), std::move(value));
}

/// 1-sigma of the track's height, metres.
double heightSigmaM(const core::Track& track);

/// Geodesic distance between two points, metres (heights ignored).
double distanceM(const core::GeoPoint& a, const core::GeoPoint& b);

/// Where a vessel at `from` with east/north velocity `velocity_en_mps` is after `dt_s`
/// seconds along the geodesic of its course (dead reckoning; `from` when it is not moving).
core::GeoPoint deadReckon(const core::GeoPoint& from, const core::Vec2& velocity_en_mps, double dt_s);
/// The same from a track's own position and velocity (one geodetic conversion).
core::GeoPoint deadReckon(const core::Track& track, double dt_s);

/// Distance (metres) from a point to a polygon's boundary, 0 inside. Edges are measured in an
/// equirectangular plane centred on the point (east scaled by cos(lat)), which is within 1 %
/// of the geodesic distance for the few hundred kilometres an area of interest spans.
double distanceToPolygonM(const core::GeoPoint& p, const geo::GeoPolygon& polygon);

/// The smallest distance (metres) from the points along a course to the polygons: from `from`
/// along the geodesic of azimuth `azimuth_deg` for `length_m`, sampled every `step_m`, and the
/// distance along the course (metres) where it is smallest. For "heading toward an area".
struct CourseApproach {
  double distance_m = 0.0;  ///< closest distance to the nearest polygon
  double along_m = 0.0;     ///< where along the course it happens
  std::string area_id;      ///< the area it is closest to
};
CourseApproach closestApproach(const core::GeoPoint& from, double azimuth_deg, double length_m,
                               double step_m, const std::vector<const NamedArea*>& areas);

/// Every area of the geography whose id is in `ids` (an id may name several polygons).
std::vector<const NamedArea*> areasWithIds(const Geography& geography,
                                           const std::vector<std::string>& ids);

/// True when the point lies at least `margin_m` inside some terrestrial AIS receiver's circle;
/// the receiver's id is written to `sensor_id` when given.
bool inTerrestrialCoverage(const Geography& geography, const core::GeoPoint& p, double margin_m,
                           std::string* sensor_id = nullptr);

/// Bounds a map of followed vessels: while it holds more than `max` entries, erases the one
/// with the smallest `age(value)` among those `evictable(value)` (the first entry when none
/// is), calling `on_erase(value)` first.
template <typename Map, typename Evictable, typename Age, typename OnErase>
void capOldest(Map& map, std::size_t max, Evictable evictable, Age age, OnErase on_erase) {
  while (map.size() > max) {
    auto victim = map.end();
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!evictable(it->second)) continue;
      if (victim == map.end() || age(it->second) < age(victim->second)) victim = it;
    }
    if (victim == map.end()) victim = map.begin();
    on_erase(victim->second);
    map.erase(victim);
  }
}

}  // namespace picket::cueing::detail
