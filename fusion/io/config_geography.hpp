#pragma once
// The `geography:` section of fusiond's configuration (documented in
// config/fusiond.example.yaml): which files make the land mask, the ports, the maritime zones
// and the named areas. Paths are as written; io/geography.hpp resolves them against the
// configuration file's directory and loads them.

#include <optional>
#include <string>
#include <vector>

#include "cueing/jurisdiction.hpp"
#include "geo/polygon.hpp"

namespace YAML {
class Node;
}

namespace picket::io {

/// One zone file: GeoJSON with Marine Regions attributes (io/zones.hpp).
struct ZoneFileConfig {
  std::string file;
  /// Every feature's zone type, whatever its POL_TYPE says; nullopt: from POL_TYPE.
  std::optional<cueing::ZoneType> zone_type;
  bool operator==(const ZoneFileConfig&) const = default;
};

/// A named area written in the configuration itself.
struct InlineAreaConfig {
  std::string id;
  geo::GeoPolygon polygon;
};

struct GeographyConfig {
  /// Land polygons (GeoJSON) for the land mask; "" = no land mask.
  std::string land_file;
  double land_cell_deg = 0.1;  ///< LandMaskOptions::cell_deg, [0.001, 5]
  /// The land polygons were clipped to the theatre box (lon -120..-55, lat -10..35): their
  /// edges along it are not coastline.
  bool land_clipped_to_theatre = true;
  /// World Port Index CSV (io/places_csv.hpp); "" = no ports.
  std::string ports_file;
  double ports_cell_deg = 0.5;  ///< PlaceIndex cell, [0.01, 10]
  std::vector<ZoneFileConfig> zone_files;
  double zones_cell_deg = 0.1;  ///< ZoneMapOptions::cell_deg, [0.01, 5]
  /// GeoJSON files of named areas: one Polygon feature per area, its `id` property the name.
  std::vector<std::string> area_files;
  std::vector<InlineAreaConfig> areas;
};

/// Reads the section at `node` (path "geography"; absent = no geography) into `out`,
/// appending a "path: reason" line to `errors` for every problem.
void readGeographyConfig(const YAML::Node& node, std::vector<std::string>& errors,
                         GeographyConfig& out);

/// One line for the start-up log: "land geo/ne_10m_land_clip.geojson; ports ...; zones
/// geo/eez_clip.geojson, geo/territorial_seas_12nm_approx.geojson (territorial_sea); areas
/// geo/areas_of_interest.geojson", or "none".
std::string describeGeographyConfig(const GeographyConfig& g);

}  // namespace picket::io
