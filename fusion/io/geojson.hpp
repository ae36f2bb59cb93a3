#pragma once
// GeoJSON (RFC 7946) FeatureCollections of Polygon / MultiPolygon features: land layers and
// maritime zones (config/geo/). Parsed with nlohmann/json; the core only sees geo::GeoPolygon.
//
// Accepted input: a top-level object {"type": "FeatureCollection", "features": [...]}; each
// feature {"type": "Feature", "geometry": {...}, "properties": {...} | null}; geometry type
// "Polygon" (array of linear rings, the first the outer ring, the rest holes) or
// "MultiPolygon" (array of those). A ring is an array of at least 4 positions whose first and
// last are equal (the closing position is dropped: GeoPolygon closes rings implicitly); a
// position is [lon, lat] or [lon, lat, height] (height ignored; further members too, as RFC
// 7946 allows) of finite numbers with lon in [-180, 180] and lat in [-90, 90]. Ring orientation
// is not checked (the even-odd rule does not need it). Antimeridian-crossing rings are not
// supported (RFC 7946 writers split them).
//
// Properties become strings: strings as they are, integers in decimal, other numbers in the
// shortest form that reads back to the same double ("0.5", "1e+300"), booleans "true"/"false",
// arrays and objects as compact JSON; a null property is left out of the map.
//
// Errors: anything else throws GeoJsonError naming the file, the feature index and the reason
// ("eez.geojson: feature 12: polygon 0, ring 1: not closed (first [-80, 10] != last [-80.1, 10])").
// Reading never crashes on bad input and never returns partial results.

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "geo/land_mask.hpp"
#include "geo/polygon.hpp"

namespace picket::io {

/// One feature: its polygons (a Polygon geometry gives one, a MultiPolygon one per member) and
/// its properties as strings.
struct GeoFeature {
  std::vector<geo::GeoPolygon> polygons;
  std::map<std::string, std::string> properties;
};

/// Unreadable file, invalid JSON or GeoJSON outside the accepted subset (see above).
class GeoJsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads a GeoJSON file. Throws GeoJsonError.
std::vector<GeoFeature> readGeoJsonFeatures(const std::filesystem::path& file);

/// Parses GeoJSON text; `source` names it in error messages. Throws GeoJsonError.
std::vector<GeoFeature> parseGeoJsonFeatures(std::string_view text, const std::string& source);

/// A land mask from every polygon of a GeoJSON file (e.g. config/geo/ne_10m_land_clip.geojson).
/// Throws GeoJsonError for the file, std::invalid_argument for bad options.
geo::LandMask loadLandMask(const std::filesystem::path& geojson,
                           const geo::LandMaskOptions& options = {});

}  // namespace picket::io
