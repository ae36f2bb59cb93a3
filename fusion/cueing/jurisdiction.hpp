#pragma once
// Maritime zones and who claims them: the legal status of the sea at a point, for the cue.
//
// Zones come from Marine Regions style data (POL_TYPE, ISO_SOV1..3), loaded by the I/O layer
// (io/zones.*) and handed over as plain polygons: this module never reads files.

#include <cstdint>
#include <string>
#include <vector>

#include "geo/polygon.hpp"

namespace picket::cueing {

/// Zone types from the most to the least coastal-state authority. UNCLOS arts. 2-3 (territorial
/// sea, 12 nm), 33 (contiguous zone, 24 nm), 55-57 (EEZ, 200 nm); the rest is high seas.
enum class ZoneType : std::uint8_t { TerritorialSea, ContiguousZone, Eez, HighSeas };

/// "territorial_sea", "contiguous_zone", "eez", "high_seas".
const char* toString(ZoneType t);

/// One zone polygon (a multipolygon is several zones with the same attributes).
struct Zone {
  ZoneType type = ZoneType::Eez;
  /// ISO 3166-1 alpha-3 codes of the sovereign(s) (ISO_SOV1..3): more than one for a joint
  /// regime or an overlapping claim. Never empty.
  std::vector<std::string> sovereigns;
  std::string name;              ///< GEONAME, e.g. "Colombian Exclusive Economic Zone"
  bool joint_regime = false;     ///< POL_TYPE "Joint regime"
  bool overlapping_claim = false;  ///< POL_TYPE "Overlapping claim"
  geo::GeoPolygon polygon;
};

/// The legal status of the sea at one point: the strongest zone type that contains it, and
/// every state with a claim of that type there (a point inside two states' EEZ polygons, a
/// joint regime or an overlapping claim names all of them).
struct Jurisdiction {
  ZoneType type = ZoneType::HighSeas;
  std::vector<std::string> states;  ///< sorted, unique; empty on the high seas
  bool joint_regime = false;
  bool overlapping_claim = false;   ///< an overlapping-claim area, or several claimants
  std::string description;          ///< "territorial sea of COL", "EEZ claimed by COL, JAM", "high seas"
  bool operator==(const Jurisdiction&) const = default;
};

}  // namespace picket::cueing

namespace picket::cueing {

/// Every zone of a theatre, queried by point.
///
/// Thread safety: immutable after construction; any number of threads may query one map.
class ZoneMap {
 public:
  /// An empty map: the high seas everywhere.
  ZoneMap() = default;
  explicit ZoneMap(std::vector<Zone> zones);

  /// The jurisdiction at a point (degrees). Outside every zone, and for a non-finite point:
  /// the high seas.
  [[nodiscard]] Jurisdiction at(double lat_deg, double lon_deg) const;

  /// Every zone containing the point, in input order.
  [[nodiscard]] std::vector<const Zone*> zonesAt(double lat_deg, double lon_deg) const;

  [[nodiscard]] const std::vector<Zone>& zones() const { return zones_; }
  [[nodiscard]] bool empty() const { return zones_.empty(); }

 private:
  std::vector<Zone> zones_;
};

}  // namespace picket::cueing
