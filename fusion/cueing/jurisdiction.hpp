#pragma once
// Maritime zones and who claims them: the legal status of the sea at a point, for the cue.
//
// Zones come from Marine Regions style data (POL_TYPE, ISO_SOV1..3, ISO_TER1..3), loaded by
// the I/O layer (io/zones.*, which documents how each POL_TYPE maps to a ZoneType) and handed
// over as plain polygons: this module never reads files.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "geo/polygon.hpp"

namespace picket::cueing {

/// Zone types from the most to the least coastal-state authority. UNCLOS arts. 2-3 (territorial
/// sea, 12 nm; internal waters, art. 8, are carried as a territorial sea with the
/// internal_waters flag: the coastal state's authority is full in both), 33 (contiguous zone,
/// 24 nm), 55-57 (EEZ, 200 nm); the rest is high seas.
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
  /// ISO 3166-1 alpha-3 codes of the territories (ISO_TER1..3), e.g. ABW for Aruba (sovereign
  /// NLD). May be empty (not every file carries them).
  std::vector<std::string> territories;
  /// POL_TYPE "Internal waters" (type TerritorialSea).
  bool internal_waters = false;
};

/// The legal status of the sea at one point: the strongest zone type that contains it, and
/// every state with a claim of that type there (a point inside two states' EEZ polygons, a
/// joint regime or an overlapping claim names all of them).
struct Jurisdiction {
  ZoneType type = ZoneType::HighSeas;
  std::vector<std::string> states;  ///< sorted, unique; empty on the high seas
  bool joint_regime = false;
  bool overlapping_claim = false;   ///< an overlapping-claim area, or several claimants
  /// "territorial sea of COL", "EEZ of NLD (ABW)", "EEZ claimed by COL, JAM (overlapping
  /// claim)", "EEZ joint regime of COL, JAM", "internal waters of MEX", "high seas".
  std::string description;
  /// Territories (ISO_TER) of the zones that gave `type`, sorted, unique; may be empty.
  std::vector<std::string> territories;
  /// In internal waters (which then alone give states and territories: they rank above the
  /// territorial sea that may contain them).
  bool internal_waters = false;
  bool operator==(const Jurisdiction&) const = default;
};

/// "COL", "COL and JAM", "BRB, GUY and VEN": a list of codes for cue texts.
std::string joinStates(const std::vector<std::string>& states);

}  // namespace picket::cueing

namespace picket::cueing {

/// Options of the ZoneMap's grid.
struct ZoneMapOptions {
  /// Grid cell size, degrees, in [0.01, 5]. A query in a cell that no zone boundary touches
  /// costs a lookup; one in a boundary cell costs a point-in-polygon test of the zones whose
  /// boundary passes there. 0.1 deg: ~0.3 M cells over the theatre.
  double cell_deg = 0.1;
};

/// Counts describing a built map (tests, the start-up log).
struct ZoneMapStats {
  std::size_t zones = 0;
  std::size_t vertices = 0;       ///< outer rings and holes
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::size_t full_entries = 0;     ///< (cell, zone) pairs where the zone covers the whole cell
  std::size_t boundary_entries = 0;  ///< (cell, zone) pairs where a boundary touches the cell
  std::size_t memory_bytes = 0;
};

/// Every zone of a theatre, queried by point.
///
/// Index: a regular lat/lon grid over the zones' bounding boxes. Each cell lists the zones
/// that matter there, in input order, each marked either *full* (no edge of the zone touches
/// the cell, widened by 1e-9 deg, and the cell's centre is inside: the zone contains every
/// point of the cell) or *boundary* (an edge's bounding box touches the cell: the query runs
/// the zone's own GeoPolygon::contains). A zone absent from a cell contains none of its points.
/// So zonesAt() returns exactly what testing every zone's polygon would (the brute force), in
/// the same order; tests/unit/cueing/jurisdiction_test.cpp checks it on random points.
///
/// Thread safety: immutable after construction; any number of threads may query one map.
class ZoneMap {
 public:
  /// An empty map: the high seas everywhere.
  ZoneMap() = default;
  /// Builds the grid. Throws std::invalid_argument for a cell size outside [0.01, 5] deg, a
  /// grid of more than 5e7 cells, a zone without a sovereign or with an empty polygon, or a
  /// vertex that is not finite or outside lat [-90, 90] / lon [-180, 180].
  explicit ZoneMap(std::vector<Zone> zones, const ZoneMapOptions& options = {});

  /// The jurisdiction at a point (degrees). Outside every zone, and for a non-finite point:
  /// the high seas.
  [[nodiscard]] Jurisdiction at(double lat_deg, double lon_deg) const;

  /// Every zone containing the point, in input order.
  [[nodiscard]] std::vector<const Zone*> zonesAt(double lat_deg, double lon_deg) const;

  [[nodiscard]] const std::vector<Zone>& zones() const { return zones_; }
  [[nodiscard]] bool empty() const { return zones_.empty(); }
  [[nodiscard]] const ZoneMapStats& stats() const { return stats_; }

  /// The jurisdiction given by a set of zones that contain a point (the rule at() applies to
  /// zonesAt()): the strongest type, its states and territories, flags and description.
  [[nodiscard]] static Jurisdiction combine(const std::vector<const Zone*>& hits);

 private:
  /// One (cell, zone) pair: the zone's index, with the top bit set when the zone covers the
  /// whole cell.
  static constexpr std::uint32_t kFull = 0x8000'0000u;

  std::vector<Zone> zones_;
  double lat0_ = 0.0;
  double lon0_ = 0.0;
  double cell_deg_ = 1.0;
  double inv_cell_deg_ = 1.0;
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::vector<std::uint32_t> cell_begin_;  ///< rows_ * cols_ + 1 offsets into entries_
  std::vector<std::uint32_t> entries_;     ///< zone index | kFull, cell by cell, ascending
  ZoneMapStats stats_;
};

}  // namespace picket::cueing
