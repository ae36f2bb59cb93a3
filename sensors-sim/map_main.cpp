// scenario-map: renders a scenario's ground truth as an SVG map (sim/svg_map.hpp). This file
// only reads the arguments and the GeoJSON layers and writes the file.

#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "io/geojson.hpp"
#include "sim/cli.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_yaml.hpp"
#include "sim/svg_map.hpp"

namespace {

namespace core = picket::core;
namespace geo = picket::geo;
namespace io = picket::io;
namespace sim = picket::sim;
namespace fs = std::filesystem;

// Exit status (as sensors-sim): 0 done, 1 runtime failure, 2 bad arguments.
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

constexpr const char* kUsage =
    "usage: scenario-map --scenario NAME|FILE.yaml --out FILE.svg [options]\n"
    "\n"
    "Renders a scenario's ground truth as an SVG map: land, graticule, sensor coverage,\n"
    "tracks coloured by class (illicit ones highlighted), planted events, legend.\n"
    "\n"
    "  --scenario NAME|FILE   a built-in scenario (caribbean-demo) or a scenario file\n"
    "  --out FILE.svg         where to write the map\n"
    "  --width PX             picture width in pixels, 400-20000 (default 1600)\n"
    "  --bbox BOX|fit         lat_min,lat_max,lon_min,lon_max in degrees, or 'fit' for the\n"
    "                         box around the tracks, sites and events (default: the\n"
    "                         scenario's area)\n"
    "  --seed N               the scenario's seed (default: the scenario's own)\n"
    "  --land PATH|scenario|none\n"
    "                         land polygons, GeoJSON (default: <config-dir>/geo/\n"
    "                         ne_50m_land_clip.geojson); 'scenario' draws the scenario's own\n"
    "                         land outlines, 'none' no land\n"
    "  --zones PATH           maritime zones to outline, GeoJSON (repeatable), e.g.\n"
    "                         <config-dir>/geo/eez_clip.geojson\n"
    "  --config-dir DIR       directory holding geo/ (default: the source tree's config/)\n"
    "  --title TEXT           title line (default: Scenario NAME)\n"
    "  --credit TEXT          attribution under the legend (default: from the data files)\n"
    "  --sample-s S           seconds between track samples (default: automatic, per\n"
    "                         platform, a sample every 2 px at its top speed)\n"
    "  --hide LAYERS          comma-separated layers to leave out: zones, land, graticule,\n"
    "                         coverage, tracks, events, legend\n"
    "  --quiet                no summary line on stderr\n"
    "  --help                 this text\n"
    "\n"
    "Exit status: 0 written, 1 failure reading inputs or writing the map, 2 bad arguments.\n";

struct Args {
  std::string scenario;
  std::string out;
  int width_px = 1600;
  std::string bbox;  // empty: the scenario's area
  std::optional<std::uint64_t> seed;
  std::optional<std::string> land;
  std::vector<std::string> zones;
  std::optional<std::string> config_dir;
  std::string title;
  std::optional<std::string> credit;
  std::optional<double> sample_s;
  sim::MapLayers layers;
  bool quiet = false;
  bool help = false;
};

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

template <typename T>
T parseNumber(const std::string& name, const std::string& text) {
  std::istringstream in(text);
  in.imbue(std::locale::classic());
  T value{};
  in >> value;
  if (!in || !in.eof() || text.empty() || text.front() == '-' || text.front() == '+') {
    throw UsageError(name + ": not a valid number: '" + text + "'");
  }
  return value;
}

void hideLayers(sim::MapLayers& layers, const std::string& list) {
  std::size_t i = 0;
  while (i <= list.size()) {
    const std::size_t comma = std::min(list.find(',', i), list.size());
    const std::string name = list.substr(i, comma - i);
    if (name == "zones") {
      layers.zones = false;
    } else if (name == "land") {
      layers.land = false;
    } else if (name == "graticule") {
      layers.graticule = false;
    } else if (name == "coverage") {
      layers.coverage = false;
    } else if (name == "tracks") {
      layers.tracks = false;
    } else if (name == "events") {
      layers.events = false;
    } else if (name == "legend") {
      layers.legend = false;
    } else {
      throw UsageError("--hide: unknown layer '" + name + "'");
    }
    i = comma + 1;
  }
}

Args parseArgs(const std::vector<std::string>& argv) {
  Args a;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    std::string name = argv[i];
    std::optional<std::string> inline_value;
    if (const std::size_t eq = name.find('=');
        name.rfind("--", 0) == 0 && eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const auto value = [&]() -> std::string {
      if (inline_value) return *inline_value;
      if (i + 1 >= argv.size()) throw UsageError(name + " needs a value");
      return argv[++i];
    };
    if (name == "--help" || name == "-h") {
      a.help = true;
      return a;
    }
    if (name == "--scenario") {
      a.scenario = value();
    } else if (name == "--out") {
      a.out = value();
    } else if (name == "--width") {
      a.width_px = parseNumber<int>(name, value());
    } else if (name == "--bbox") {
      a.bbox = value();
    } else if (name == "--seed") {
      a.seed = parseNumber<std::uint64_t>(name, value());
    } else if (name == "--land") {
      a.land = value();
    } else if (name == "--zones") {
      a.zones.push_back(value());
    } else if (name == "--config-dir") {
      a.config_dir = value();
    } else if (name == "--title") {
      a.title = value();
    } else if (name == "--credit") {
      a.credit = value();
    } else if (name == "--sample-s") {
      a.sample_s = parseNumber<double>(name, value());
      if (!(*a.sample_s > 0.0) || *a.sample_s > 86400.0) {
        throw UsageError("--sample-s must be in (0, 86400]");
      }
    } else if (name == "--hide") {
      hideLayers(a.layers, value());
    } else if (name == "--quiet") {
      a.quiet = true;
    } else {
      throw UsageError("unknown argument '" + argv[i] + "'");
    }
  }
  if (a.scenario.empty()) throw UsageError("--scenario is required");
  if (a.out.empty()) throw UsageError("--out is required");
  return a;
}

fs::path configDir(const Args& a) {
  return a.config_dir ? fs::path(*a.config_dir) : fs::path(PICKET_CONFIG_DIR);
}

// A built-in scenario, a scenario file, or a file's name in <config>/scenarios/ (as
// sensors-sim --scenario resolves it).
sim::Scenario loadScenario(const Args& a) {
  const auto ref = sim::resolveScenario(a.scenario, configDir(a) / "scenarios");
  if (!ref) {
    std::string names;
    for (const std::string& n : sim::builtInScenarioNames()) names += " " + n;
    throw UsageError("unknown scenario '" + a.scenario + "' (built in:" + names + "; or a file in " +
                     (configDir(a) / "scenarios").string() + ")");
  }
  if (ref->built_in) {
    sim::Scenario built_in = *sim::builtInScenario(ref->name);
    if (a.seed) built_in.seed = *a.seed;  // built-in traffic does not depend on the seed
    return built_in;
  }
  // ScenarioFileError is a std::runtime_error: main() reports it with exit status 1.
  sim::ScenarioLoadOptions load;
  if (a.config_dir) load.config_dir = fs::path(*a.config_dir);
  load.seed = a.seed;
  return sim::loadScenarioFile(ref->file, load);
}

std::vector<geo::GeoPolygon> loadLand(const Args& a, const sim::Scenario& scenario,
                                      std::string& credit) {
  if (a.land && *a.land == "none") return {};
  if (a.land && *a.land == "scenario") return scenario.land;
  const fs::path path =
      a.land ? fs::path(*a.land) : configDir(a) / "geo" / "ne_50m_land_clip.geojson";
  std::vector<geo::GeoPolygon> land;
  for (io::GeoFeature& f : io::readGeoJsonFeatures(path)) {
    for (geo::GeoPolygon& p : f.polygons) land.push_back(std::move(p));
  }
  if (path.filename().string().rfind("ne_", 0) == 0) {
    credit += "Land: Made with Natural Earth (public domain). ";
  }
  return land;
}

// Short labels: the territory ("Colombia") rather than the zone's full name.
std::string zoneLabel(const io::GeoFeature& f) {
  for (const char* key : {"TERRITORY1", "GEONAME", "name"}) {
    if (const auto it = f.properties.find(key); it != f.properties.end() && !it->second.empty()) {
      return it->second;
    }
  }
  return {};
}

std::vector<sim::MapZone> loadZones(const Args& a, std::string& credit) {
  std::vector<sim::MapZone> zones;
  bool marine_regions = false;
  for (const std::string& file : a.zones) {
    for (io::GeoFeature& f : io::readGeoJsonFeatures(file)) {
      zones.push_back(sim::MapZone{std::move(f.polygons), zoneLabel(f)});
    }
    const std::string name = fs::path(file).filename().string();
    marine_regions = marine_regions || name.find("eez") != std::string::npos ||
                     name.find("territorial") != std::string::npos;
  }
  if (marine_regions) {
    credit +=
        "Zones: Flanders Marine Institute (2019), Maritime Boundaries v11, "
        "marineregions.org, CC BY 4.0 (simplified; not legal boundaries).";
  }
  return zones;
}

int run(const Args& a) {
  sim::Scenario scenario = loadScenario(a);

  sim::MapOptions options;
  options.width_px = a.width_px;
  options.title = a.title;
  options.layers = a.layers;
  if (a.sample_s) options.sample_interval = core::Duration::fromSeconds(*a.sample_s);
  if (a.bbox == "fit") {
    options.box = sim::fitMapBox(
        scenario, options.sample_interval.value_or(core::Duration::fromSeconds(60.0)));
  } else if (!a.bbox.empty()) {
    options.box = sim::parseMapBox(a.bbox);
    if (!options.box) {
      throw UsageError(
          "--bbox: expected lat_min,lat_max,lon_min,lon_max (degrees, min < max) "
          "or 'fit', got '" +
          a.bbox + "'");
    }
  }

  std::string credit;
  const std::vector<geo::GeoPolygon> land =
      a.layers.land ? loadLand(a, scenario, credit) : std::vector<geo::GeoPolygon>{};
  const std::vector<sim::MapZone> zones =
      a.layers.zones ? loadZones(a, credit) : std::vector<sim::MapZone>{};
  options.credit = a.credit.value_or(credit);
  while (!options.credit.empty() && options.credit.back() == ' ') options.credit.pop_back();

  // Invalid options throw std::invalid_argument before anything is written.
  geo::LatLonBox box;
  try {
    box = sim::mapFrame(scenario, options).box();
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  std::ostringstream svg;
  sim::writeSvgMap(svg, scenario, land, options, zones);
  const std::string text = std::move(svg).str();

  std::ofstream file(a.out, std::ios::binary | std::ios::trunc);
  if (!file) {
    std::cerr << "scenario-map: cannot write '" << a.out << "'\n";
    return kExitFailure;
  }
  file.write(text.data(), static_cast<std::streamsize>(text.size()));
  file.close();
  if (!file) {
    std::cerr << "scenario-map: failed writing '" << a.out << "'\n";
    return kExitFailure;
  }
  if (!a.quiet) {
    std::cerr << "scenario-map: " << scenario.name << ", " << scenario.platforms.size()
              << " platforms, box " << box.min_lat_deg << ".." << box.max_lat_deg << " N, "
              << box.min_lon_deg << ".." << box.max_lon_deg << " E -> " << a.out << " ("
              << text.size() << " bytes)\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args args = parseArgs(std::vector<std::string>(argv + 1, argv + argc));
    if (args.help) {
      std::cout << kUsage;
      return 0;
    }
    return run(args);
  } catch (const UsageError& e) {
    std::cerr << "scenario-map: " << e.what() << "\n\n" << kUsage;
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "scenario-map: " << e.what() << '\n';
    return kExitFailure;
  }
}
