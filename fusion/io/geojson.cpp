#include "io/geojson.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

namespace picket::io {

namespace {

using Json = nlohmann::json;

// Deepest bracket nesting accepted. A MultiPolygon file nests 6 deep; the bound keeps the
// recursive parts (printing nested property values) far from the stack's limit whatever the
// input.
constexpr int kMaxNesting = 100;

/// Where in the file a problem is, for the message.
struct Where {
  const std::string& source;
  std::size_t feature = 0;
  std::optional<std::size_t> polygon;  ///< member of a MultiPolygon
  std::optional<std::size_t> ring;
  std::optional<std::size_t> position;

  [[nodiscard]] std::string text() const {
    std::string s = source + ": feature " + std::to_string(feature);
    if (polygon || ring || position) {
      s += ":";
      if (polygon) s += " polygon " + std::to_string(*polygon);
      if (ring) s += std::string(polygon ? "," : "") + " ring " + std::to_string(*ring);
      if (position) s += ", position " + std::to_string(*position);
    }
    return s;
  }
};

[[noreturn]] void fail(const Where& where, const std::string& why) {
  throw GeoJsonError(where.text() + ": " + why);
}

std::string formatDouble(double v) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, result.ptr);
}

/// Deepest nesting of [ and { outside strings (a linear pre-scan, before any recursion).
int maxNesting(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

std::string propertyText(const Json& v) {
  switch (v.type()) {
    case Json::value_t::string:
      return v.get<std::string>();
    case Json::value_t::boolean:
      return v.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer:
      return std::to_string(v.get<std::int64_t>());
    case Json::value_t::number_unsigned:
      return std::to_string(v.get<std::uint64_t>());
    case Json::value_t::number_float:
      return formatDouble(v.get<double>());
    default:
      return v.dump();  // arrays and objects (null never reaches here)
  }
}

core::GeoPoint readPosition(const Json& p, Where& where) {
  if (!p.is_array())
    fail(where, "position is " + std::string(p.type_name()) + ", expected [lon, lat]");
  if (p.size() < 2)
    fail(where, "position has " + std::to_string(p.size()) + " members, expected [lon, lat]");
  if (!p[0].is_number() || !p[1].is_number())
    fail(where, "position " + p.dump() + " is not numeric");
  const double lon = p[0].get<double>();
  const double lat = p[1].get<double>();
  if (!std::isfinite(lon) || !std::isfinite(lat)) fail(where, "position is not finite");
  if (lon < -180.0 || lon > 180.0)
    fail(where, "longitude " + formatDouble(lon) + " outside [-180, 180]");
  if (lat < -90.0 || lat > 90.0)
    fail(where, "latitude " + formatDouble(lat) + " outside [-90, 90]");
  return {lat, lon, 0.0};
}

std::vector<core::GeoPoint> readRing(const Json& ring, Where& where) {
  if (!ring.is_array())
    fail(where, "ring is " + std::string(ring.type_name()) + ", expected an array of positions");
  if (ring.size() < 4) {
    fail(where,
         "ring has " + std::to_string(ring.size()) + " positions, a closed ring needs at least 4");
  }
  std::vector<core::GeoPoint> out;
  out.reserve(ring.size());
  for (std::size_t i = 0; i < ring.size(); ++i) {
    where.position = i;
    out.push_back(readPosition(ring[i], where));
  }
  where.position.reset();
  const auto& first = out.front();
  const auto& last = out.back();
  if (first.lat_deg != last.lat_deg || first.lon_deg != last.lon_deg) {
    fail(where, "not closed (first [" + formatDouble(first.lon_deg) + ", " +
                    formatDouble(first.lat_deg) + "] != last [" + formatDouble(last.lon_deg) +
                    ", " + formatDouble(last.lat_deg) + "])");
  }
  out.pop_back();  // GeoPolygon closes rings implicitly
  return out;
}

geo::GeoPolygon readPolygon(const Json& rings, Where& where) {
  if (!rings.is_array())
    fail(where, "polygon is " + std::string(rings.type_name()) + ", expected an array of rings");
  if (rings.empty()) fail(where, "polygon has no rings");
  std::vector<core::GeoPoint> outer;
  std::vector<std::vector<core::GeoPoint>> holes;
  for (std::size_t r = 0; r < rings.size(); ++r) {
    where.ring = r;
    auto ring = readRing(rings[r], where);
    if (r == 0) {
      outer = std::move(ring);
    } else {
      holes.push_back(std::move(ring));
    }
  }
  where.ring.reset();
  return geo::GeoPolygon(std::move(outer), std::move(holes));
}

GeoFeature readFeature(const Json& f, Where& where) {
  if (!f.is_object())
    fail(where, "is " + std::string(f.type_name()) + ", expected a Feature object");
  const auto type = f.find("type");
  if (type == f.end() || !type->is_string() || type->get<std::string>() != "Feature") {
    fail(where, "type is " + (type == f.end() ? std::string("missing") : type->dump()) +
                    ", expected \"Feature\"");
  }
  GeoFeature out;
  const auto props = f.find("properties");
  if (props != f.end() && !props->is_null()) {
    if (!props->is_object())
      fail(where, "properties is " + std::string(props->type_name()) + ", expected an object");
    for (const auto& [key, value] : props->items()) {
      if (!value.is_null()) out.properties.emplace(key, propertyText(value));
    }
  }
  const auto geometry = f.find("geometry");
  if (geometry == f.end()) fail(where, "no geometry");
  if (geometry->is_null())
    fail(where, "geometry is null (only Polygon and MultiPolygon features are read)");
  if (!geometry->is_object())
    fail(where, "geometry is " + std::string(geometry->type_name()) + ", expected an object");
  const auto gtype = geometry->find("type");
  if (gtype == geometry->end() || !gtype->is_string()) fail(where, "geometry has no type");
  const std::string kind = gtype->get<std::string>();
  if (kind != "Polygon" && kind != "MultiPolygon") {
    fail(where, "geometry type \"" + kind + "\" is not Polygon or MultiPolygon");
  }
  const auto coords = geometry->find("coordinates");
  if (coords == geometry->end() || coords->is_null()) fail(where, "geometry has no coordinates");
  if (!coords->is_array())
    fail(where, "coordinates is " + std::string(coords->type_name()) + ", expected an array");
  if (kind == "Polygon") {
    out.polygons.push_back(readPolygon(*coords, where));
  } else {
    for (std::size_t p = 0; p < coords->size(); ++p) {
      where.polygon = p;
      out.polygons.push_back(readPolygon((*coords)[p], where));
    }
    where.polygon.reset();
  }
  return out;
}

}  // namespace

std::vector<GeoFeature> parseGeoJsonFeatures(std::string_view text, const std::string& source) {
  if (maxNesting(text) > kMaxNesting) {
    throw GeoJsonError(source + ": nested deeper than " + std::to_string(kMaxNesting) + " levels");
  }
  Json root;
  try {
    root = Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {
    throw GeoJsonError(source + ": not valid JSON: " + e.what());
  }
  if (!root.is_object()) {
    throw GeoJsonError(source + ": top level is " + std::string(root.type_name()) +
                       ", expected a FeatureCollection object");
  }
  const auto type = root.find("type");
  if (type == root.end() || !type->is_string() || type->get<std::string>() != "FeatureCollection") {
    throw GeoJsonError(source + ": type is " +
                       (type == root.end() ? std::string("missing") : type->dump()) +
                       ", expected \"FeatureCollection\"");
  }
  const auto features = root.find("features");
  if (features == root.end() || !features->is_array()) {
    throw GeoJsonError(source + ": \"features\" is missing or not an array");
  }
  std::vector<GeoFeature> out;
  out.reserve(features->size());
  try {
    for (std::size_t i = 0; i < features->size(); ++i) {
      Where where{source, i, {}, {}, {}};
      out.push_back(readFeature((*features)[i], where));
    }
  } catch (const Json::exception& e) {
    // The checks above should leave nothing for the library to refuse; should one slip through,
    // it is still a clear error, not a crash.
    throw GeoJsonError(source + ": feature " + std::to_string(out.size()) + ": " + e.what());
  }
  return out;
}

std::vector<GeoFeature> readGeoJsonFeatures(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw GeoJsonError(file.string() + ": cannot open");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw GeoJsonError(file.string() + ": read error");
  return parseGeoJsonFeatures(text, file.string());
}

geo::LandMask loadLandMask(const std::filesystem::path& geojson,
                           const geo::LandMaskOptions& options) {
  std::vector<geo::GeoPolygon> polygons;
  for (auto& feature : readGeoJsonFeatures(geojson)) {
    for (auto& p : feature.polygons) polygons.push_back(std::move(p));
  }
  return geo::LandMask(polygons, options);
}

}  // namespace picket::io
