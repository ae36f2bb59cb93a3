#include "io/geography.hpp"

#include <memory>
#include <set>
#include <utility>

#include "geo/land_mask.hpp"
#include "geo/place_index.hpp"
#include "io/geojson.hpp"
#include "io/places_csv.hpp"
#include "io/zones.hpp"

namespace picket::io {

namespace {

std::filesystem::path resolve(const std::string& config_dir, const std::string& file) {
  const std::filesystem::path p(file);
  return p.is_absolute() || config_dir.empty() ? p : std::filesystem::path(config_dir) / p;
}

void note(std::vector<std::string>* notes, std::string line) {
  if (notes != nullptr) notes->push_back(std::move(line));
}

}  // namespace

std::vector<cueing::NamedArea> loadNamedAreas(const std::filesystem::path& file) {
  std::vector<GeoFeature> features;
  try {
    features = readGeoJsonFeatures(file);
  } catch (const GeoJsonError& e) {
    throw GeographyError(e.what());
  }
  std::vector<cueing::NamedArea> out;
  for (std::size_t i = 0; i < features.size(); ++i) {
    const std::string where = file.string() + ": feature " + std::to_string(i);
    const auto id = features[i].properties.find("id");
    if (id == features[i].properties.end() || id->second.empty()) {
      throw GeographyError(where + ": no `id` property (the area's name)");
    }
    if (features[i].polygons.size() != 1) {
      throw GeographyError(where + " ('" + id->second + "'): " +
                           std::to_string(features[i].polygons.size()) +
                           " polygons; an area is one polygon (split it into areas with "
                           "their own ids)");
    }
    if (features[i].polygons.front().empty()) {
      throw GeographyError(where + " ('" + id->second + "'): fewer than 3 vertices");
    }
    out.push_back({id->second, std::move(features[i].polygons.front())});
  }
  return out;
}

cueing::Geography loadGeography(const FusiondConfig& config, const std::string& config_dir,
                                std::vector<std::string>* notes) {
  const GeographyConfig& g = config.geography;
  cueing::Geography out;

  if (!g.land_file.empty()) {
    geo::LandMaskOptions options;
    options.cell_deg = g.land_cell_deg;
    if (!g.land_clipped_to_theatre) options.clip_box.reset();
    try {
      out.land = std::make_shared<const geo::LandMask>(
          loadLandMask(resolve(config_dir, g.land_file), options));
    } catch (const std::exception& e) {
      throw GeographyError(std::string("geography.land: ") + e.what());
    }
    note(notes, "land: " + std::to_string(out.land->stats().polygons) + " polygons, " +
                    std::to_string(out.land->stats().edges) + " edges");
  }

  if (!g.ports_file.empty()) {
    try {
      out.ports = std::make_shared<const geo::PlaceIndex>(
          readPortsCsv(resolve(config_dir, g.ports_file)), g.ports_cell_deg);
    } catch (const std::exception& e) {
      throw GeographyError(std::string("geography.ports: ") + e.what());
    }
    note(notes, "ports: " + std::to_string(out.ports->size()));
  }

  if (!g.zone_files.empty()) {
    std::vector<cueing::Zone> zones;
    for (const auto& f : g.zone_files) {
      try {
        auto more = loadZones(resolve(config_dir, f.file), ZoneFileOptions{f.zone_type});
        zones.insert(zones.end(), std::make_move_iterator(more.begin()),
                     std::make_move_iterator(more.end()));
      } catch (const ZoneFileError& e) {
        throw GeographyError(std::string("geography.zones: ") + e.what());
      }
    }
    try {
      out.zones = std::make_shared<const cueing::ZoneMap>(
          std::move(zones), cueing::ZoneMapOptions{g.zones_cell_deg});
    } catch (const std::invalid_argument& e) {
      throw GeographyError(std::string("geography.zones: ") + e.what());
    }
    const auto& s = out.zones->stats();
    note(notes, "zones: " + std::to_string(s.zones) + " polygons from " +
                    std::to_string(g.zone_files.size()) + " files, " +
                    std::to_string(s.vertices) + " vertices, grid " + std::to_string(s.rows) +
                    " x " + std::to_string(s.cols));
  }

  std::set<std::string> ids;
  const auto add_area = [&](cueing::NamedArea area, const std::string& from) {
    if (!ids.insert(area.id).second) {
      throw GeographyError("geography: area id '" + area.id + "' defined twice (again in " +
                           from + ")");
    }
    out.areas.push_back(std::move(area));
  };
  for (const auto& f : g.area_files) {
    const auto path = resolve(config_dir, f);
    for (auto& a : loadNamedAreas(path)) add_area(std::move(a), path.string());
  }
  for (const auto& a : g.areas) add_area({a.id, a.polygon}, "geography.areas");
  if (!out.areas.empty()) {
    std::string list;
    for (const auto& a : out.areas) list += " " + a.id;
    note(notes, "areas:" + list);
  }

  for (const auto& s : config.sensors) {
    if (s.info.kind != core::SensorKind::Ais) continue;
    if (s.satellite) {
      out.satellite_ais = true;
    } else if (s.site) {
      out.ais_coverage.push_back({s.info.id, *s.site, s.info.max_range_m});
    } else {
      note(notes, "sensor " + s.info.id +
                      ": AIS without a site (and not satellite: true) gives no coverage circle");
    }
  }
  return out;
}

cueing::Geography loadGeography(const FusiondConfig& config, const std::string& config_dir) {
  return loadGeography(config, config_dir, nullptr);
}

cueing::AlertManager makeAlertManager(const FusiondConfig& config,
                                      const std::function<void(const std::string&)>& log) {
  std::vector<std::string> notes;
  cueing::Geography geography = loadGeography(config, config.config_dir, &notes);
  cueing::AlertManager manager(config.cueing, cueing::PartnerTable(config.partners),
                               std::move(geography));
  for (const auto& n : notes) log("geography: " + n);
  for (const auto& n : manager.geographyNotes()) log("cueing: " + n);
  return manager;
}

}  // namespace picket::io
