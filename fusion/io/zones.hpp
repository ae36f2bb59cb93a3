#pragma once
// Maritime zones from GeoJSON with Marine Regions attributes (config/geo/, or the Marine
// Regions downloads themselves: config/geo/README.md, "Dropping in authoritative boundaries").
//
// Attributes read (others are ignored):
//   POL_TYPE             the zone type and the joint-regime / overlapping-claim flags (below)
//   ISO_SOV1..ISO_SOV3   sovereigns, ISO 3166-1 alpha-3; at least one is required
//   ISO_TER1..ISO_TER3   territories (optional), e.g. ABW under sovereign NLD
//   GEONAME              the zone's name (optional; TERRITORY1 or the sovereigns otherwise)
// Marine Regions writes the same names in upper case; lower-case names (some extracts use
// them) are accepted too. A null or empty attribute is absent.
//
// POL_TYPE (case-insensitive) -> ZoneType:
//   "12NM", "12NM enclave", "Territorial sea"     -> TerritorialSea
//   "Internal waters"                              -> TerritorialSea, internal_waters
//   "24NM", "Contiguous zone"                      -> ContiguousZone
//   "200NM", "EEZ"                                 -> Eez
//   "Joint regime"                                 -> joint_regime, type of the file (below)
//   "Overlapping claim"                            -> overlapping_claim, type of the file
// Marine Regions uses "Joint regime" and "Overlapping claim" in its 12 NM, 24 NM and EEZ files
// alike, so their type is the file's: the one plain type ("12NM", "24NM", "200NM", ...) its
// other features carry, or Eez when it has none or several. ZoneFileOptions::type overrides
// the type of every feature (the flags still come from POL_TYPE): config/geo's computed
// territorial seas copy the POL_TYPE of the EEZ they were cut from, so they are loaded with
// type TerritorialSea.
//
// Errors: ZoneFileError naming the file, the feature and the reason (no sovereign, an unknown
// POL_TYPE without a type override, a bad ISO code), and every GeoJsonError of the reader.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cueing/jurisdiction.hpp"
#include "io/geojson.hpp"

namespace picket::io {

/// A zone file whose attributes do not make zones; also thrown for GeoJSON errors (message
/// of the GeoJsonError kept).
class ZoneFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ZoneFileOptions {
  /// Every feature's type, whatever its POL_TYPE says (flags still read from it).
  std::optional<cueing::ZoneType> type;
};

/// Zones of a GeoJSON file: one Zone per polygon (a MultiPolygon gives several with the same
/// attributes), holes kept, in file order. Throws ZoneFileError.
std::vector<cueing::Zone> loadZones(const std::string& path);
std::vector<cueing::Zone> loadZones(const std::filesystem::path& path,
                                    const ZoneFileOptions& options);

/// The same from features already read; `source` names them in error messages.
std::vector<cueing::Zone> zonesFromFeatures(const std::vector<GeoFeature>& features,
                                            const std::string& source,
                                            const ZoneFileOptions& options = {});

/// Three capital letters, the form of an ISO 3166-1 alpha-3 code ("COL"); no list lookup.
bool isIso3166Alpha3(const std::string& code);

/// "territorial_sea" / "contiguous_zone" / "eez" -> ZoneType (not "high_seas"); nullopt else.
std::optional<cueing::ZoneType> zoneTypeFromName(const std::string& name);

}  // namespace picket::io
