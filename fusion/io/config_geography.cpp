#include "io/config_geography.hpp"

#include <yaml-cpp/yaml.h>

#include <set>
#include <utility>

#include "io/yaml_map.hpp"
#include "io/zones.hpp"

namespace picket::io {

namespace {

void readFileList(MapReader& r, const std::string& key, std::vector<std::string>& out) {
  const YAML::Node n = r.child(key);
  if (!n) return;
  if (!n.IsSequence()) {
    r.errors().push_back(r.at(key) + ": expected a list of file paths");
    return;
  }
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (!n[i].IsScalar() || n[i].Scalar().empty()) {
      r.errors().push_back(r.at(key) + "[" + std::to_string(i) + "]: expected a file path");
      continue;
    }
    out.push_back(n[i].Scalar());
  }
}

}  // namespace

void readGeographyConfig(const YAML::Node& node, std::vector<std::string>& errors,
                         GeographyConfig& out) {
  MapReader r(node, "geography", errors);
  r.text("land", out.land_file);
  r.number("land_cell_deg", out.land_cell_deg, 0.001, 5);
  r.boolean("land_clipped_to_theatre", out.land_clipped_to_theatre);
  r.text("ports", out.ports_file);
  r.number("ports_cell_deg", out.ports_cell_deg, 0.01, 10);
  r.number("zones_cell_deg", out.zones_cell_deg, 0.01, 5);

  const YAML::Node zones = r.child("zones");
  if (zones && !zones.IsSequence()) {
    errors.push_back("geography.zones: expected a list of zone files");
  } else if (zones) {
    for (std::size_t i = 0; i < zones.size(); ++i) {
      const std::string path = "geography.zones[" + std::to_string(i) + "]";
      ZoneFileConfig z;
      if (zones[i].IsScalar()) {
        z.file = zones[i].Scalar();
      } else {
        MapReader zr(zones[i], path, errors);
        zr.text("file", z.file, true);
        std::string type;
        zr.text("zone_type", type);
        if (!type.empty() && type != "from_pol_type") {
          z.zone_type = zoneTypeFromName(type);
          if (!z.zone_type) {
            errors.push_back(zr.at("zone_type") + ": '" + type +
                             "' is not one of: from_pol_type, territorial_sea, "
                             "contiguous_zone, eez");
          }
        }
      }
      if (z.file.empty()) {
        if (zones[i].IsScalar()) errors.push_back(path + ": expected a file path");
        continue;
      }
      out.zone_files.push_back(std::move(z));
    }
  }

  readFileList(r, "area_files", out.area_files);
  const YAML::Node areas = r.child("areas");
  if (areas && !areas.IsSequence()) {
    errors.push_back("geography.areas: expected a list of {id, polygon}");
  } else if (areas) {
    for (std::size_t i = 0; i < areas.size(); ++i) {
      const std::string path = "geography.areas[" + std::to_string(i) + "]";
      MapReader ar(areas[i], path, errors);
      InlineAreaConfig a;
      ar.text("id", a.id, true);
      readPolygon(ar.child("polygon"), ar.at("polygon"), errors, a.polygon);
      out.areas.push_back(std::move(a));
    }
  }
  std::set<std::string> ids;
  for (const auto& a : out.areas) {
    if (!a.id.empty() && !ids.insert(a.id).second) {
      errors.push_back("geography.areas: duplicate area id '" + a.id + "'");
    }
  }
}

std::string describeGeographyConfig(const GeographyConfig& g) {
  std::string s;
  const auto part = [&](const std::string& what) { s += (s.empty() ? "" : "; ") + what; };
  if (!g.land_file.empty()) part("land " + g.land_file);
  if (!g.ports_file.empty()) part("ports " + g.ports_file);
  if (!g.zone_files.empty()) {
    std::string z = "zones";
    for (std::size_t i = 0; i < g.zone_files.size(); ++i) {
      z += (i == 0 ? " " : ", ") + g.zone_files[i].file;
      if (g.zone_files[i].zone_type) {
        z += std::string(" (") + cueing::toString(*g.zone_files[i].zone_type) + ")";
      }
    }
    part(z);
  }
  if (!g.area_files.empty() || !g.areas.empty()) {
    std::string a = "areas";
    for (const auto& f : g.area_files) a += " " + f;
    for (const auto& inline_area : g.areas) a += " " + inline_area.id + " (inline)";
    part(a);
  }
  return s.empty() ? "none" : s;
}

}  // namespace picket::io
