#include "io/geography.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace picket::io {
namespace {

using cueing::ZoneType;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::SizeIs;

const std::string kConfigDir = PICKET_SOURCE_DIR "/config";

/// A configuration with the given sensors and geography sections.
FusiondConfig config(const std::string& sensors, const std::string& geography) {
  return parseConfig("instance_id: t\nsensors:\n" + sensors +
                     "partners: [{id: JOC, name: watch floor, receives: all}]\n" + geography);
}

const std::string kOneRadar = "  - {id: r, kind: coastal_radar}\n";

/// A scratch directory for broken files, removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() : path_(std::filesystem::temp_directory_path() /
                       ("picket-geography-test-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return (path_ / name).string();
  }
  [[nodiscard]] std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(LoadGeography, ShippedExampleConfigLoadsEverything) {
  const FusiondConfig c = loadConfig(kConfigDir + "/fusiond.example.yaml");
  std::vector<std::string> notes;
  const cueing::Geography g = loadGeography(c, kConfigDir, &notes);
  ASSERT_TRUE(g.land);
  ASSERT_TRUE(g.ports);
  ASSERT_TRUE(g.zones);
  EXPECT_EQ(g.land->stats().polygons, 393u);  // 391 features, two of them MultiPolygons
  EXPECT_EQ(g.ports->size(), 376u);
  EXPECT_GE(g.zones->zones().size(), 158u);
  // A known point from each layer: Cartagena's territorial sea, the Aruban EEZ.
  EXPECT_EQ(g.zones->at(10.42, -75.60).description, "territorial sea of COL");
  EXPECT_EQ(g.zones->at(13.3, -70.0).description, "EEZ of NLD (ABW)");
  EXPECT_TRUE(g.land->isLand(4.6, -74.1));  // Bogota
  ASSERT_THAT(g.areas, SizeIs(4));
  for (const char* id : {"transit_zone", "eastern_pacific_corridor", "air_departure_areas",
                         "air_arrival_areas"}) {
    EXPECT_NE(g.area(id), nullptr) << id;
  }
  // The example's AIS receiver has no site: no circle, and a note says so.
  EXPECT_TRUE(g.ais_coverage.empty());
  EXPECT_FALSE(g.satellite_ais);
  EXPECT_THAT(notes, Contains(HasSubstr("sensor ais-aruba: AIS without a site")));
  EXPECT_THAT(notes, Contains(HasSubstr("zones: ")));
}

TEST(LoadGeography, ShippedDemoConfigLoadsAndCuesTheDutchCoastGuardNorthOfAruba) {
  const FusiondConfig c = loadConfig(kConfigDir + "/demo.yaml");
  const cueing::Geography g = loadGeography(c, kConfigDir);
  ASSERT_TRUE(g.zones);
  ASSERT_TRUE(g.land);
  EXPECT_THAT(g.areas, SizeIs(4));
  // The demo's go-fast runs north-east past Aruba: the Aruban EEZ, so the Dutch Caribbean
  // Coast Guard has authority there, not the high-seas LEDET.
  const cueing::PartnerTable table(c.partners);
  const auto cues = table.partnersAt(g.zones->at(12.85, -69.5), 12.85, -69.5);
  ASSERT_THAT(cues, SizeIs(1));
  EXPECT_EQ(cues[0].partner_id, "DCCG");
}

TEST(LoadGeography, AreasHoldTheSimulatorsIllicitRoutes) {
  // Points of config/scenarios/transit-zone-24h.yaml's illicit routes (route centre lines;
  // runs scatter by at most 20 nm, and every area keeps at least 22 nm from these lines).
  const auto areas = loadNamedAreas(kConfigDir + "/geo/areas_of_interest.geojson");
  const auto inside = [&](const std::string& id, double lat, double lon) {
    for (const auto& a : areas) {
      if (a.id == id) return a.polygon.contains(lat, lon);
    }
    ADD_FAILURE() << "no area " << id;
    return false;
  };
  // Go-fasts: La Guajira to Hispaniola and Puerto Rico, Colombia to Honduras.
  for (const auto& [lat, lon] : std::vector<std::pair<double, double>>{
           {12.22, -72.20}, {17.98, -71.05}, {12.50, -71.55}, {17.90, -66.30}, {8.75, -76.95},
           {11.80, -80.80}, {15.35, -83.30}}) {
    EXPECT_TRUE(inside("transit_zone", lat, lon)) << lat << ", " << lon;
  }
  // Semi-submersibles and the eastern Pacific rendezvous.
  for (const auto& [lat, lon] : std::vector<std::pair<double, double>>{
           {2.65, -78.45}, {4.50, -86.00}, {14.45, -92.60}, {1.10, -79.80}, {2.00, -92.50},
           {9.00, -98.50}, {15.60, -96.75}, {-0.90, -80.78}, {1.95, -79.05}, {13.92, -91.60}}) {
    EXPECT_TRUE(inside("eastern_pacific_corridor", lat, lon)) << lat << ", " << lon;
    EXPECT_TRUE(inside("transit_zone", lat, lon)) << lat << ", " << lon;
  }
  // Suspect flights: Apure to La Mosquitia and to Peten.
  EXPECT_TRUE(inside("air_departure_areas", 7.05, -69.35));
  EXPECT_TRUE(inside("air_departure_areas", 6.95, -69.75));
  EXPECT_TRUE(inside("air_arrival_areas", 15.05, -84.45));
  EXPECT_TRUE(inside("air_arrival_areas", 16.95, -89.95));
  // And places they must not hold: Caracas, Bogota, the open Atlantic, Miami.
  EXPECT_FALSE(inside("air_departure_areas", 10.5, -66.9));
  EXPECT_FALSE(inside("air_departure_areas", 4.6, -74.1));
  EXPECT_FALSE(inside("transit_zone", 25.0, -60.0));
  EXPECT_FALSE(inside("transit_zone", 25.8, -80.2));
}

TEST(LoadGeography, AisCoverageFromSitedReceiversAndSatelliteFlag) {
  const FusiondConfig c = config(
      kOneRadar +
          "  - {id: ais-cartagena, kind: ais, max_range_m: 74000, site: {lat_deg: 10.4, lon_deg: -75.5}}\n"
          "  - {id: sat-ais, kind: ais, satellite: true}\n"
          "  - {id: ais-nowhere, kind: ais}\n",
      "");
  std::vector<std::string> notes;
  const cueing::Geography g = loadGeography(c, kConfigDir, &notes);
  ASSERT_THAT(g.ais_coverage, SizeIs(1));
  EXPECT_EQ(g.ais_coverage[0].sensor_id, "ais-cartagena");
  EXPECT_DOUBLE_EQ(g.ais_coverage[0].site.lat_deg, 10.4);
  EXPECT_DOUBLE_EQ(g.ais_coverage[0].range_m, 74000.0);
  EXPECT_TRUE(g.satellite_ais);
  EXPECT_THAT(notes, Contains(HasSubstr("ais-nowhere")));
  // No geography section: nothing else.
  EXPECT_FALSE(g.land);
  EXPECT_FALSE(g.zones);
  EXPECT_TRUE(g.areas.empty());
}

TEST(LoadGeography, SatelliteFlagOnANonAisSensorIsAConfigError) {
  try {
    (void)config("  - {id: r, kind: coastal_radar, satellite: true}\n", "");
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("sensors[0].satellite: only an ais sensor"));
  }
}

TEST(LoadGeography, PathsResolveAgainstTheConfigDirectoryAndInlineAreasJoin) {
  const FusiondConfig c = config(kOneRadar, R"(geography:
  zones: [{file: geo/contiguous_zones_24nm_approx.geojson}]
  areas:
    - {id: box, polygon: [[12, -70], [12, -69], [13, -69]]}
)");
  const cueing::Geography g = loadGeography(c, kConfigDir);
  ASSERT_TRUE(g.zones);
  EXPECT_EQ(g.zones->at(12.9, -70.05).type, ZoneType::ContiguousZone);
  ASSERT_THAT(g.areas, SizeIs(1));
  EXPECT_EQ(g.areas[0].id, "box");
}

TEST(LoadGeography, BrokenOrMissingFilesStopTheLoadNamingTheFile) {
  ScratchDir dir;
  dir.write("broken.geojson", R"({"type": "FeatureCollection", "features": [{"type": "Feature",
      "properties": {"POL_TYPE": "200NM", "ISO_SOV1": "AAA"},
      "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1]]]}}]})");
  dir.write("no_sovereign.geojson", R"({"type": "FeatureCollection", "features": [{"type": "Feature",
      "properties": {"POL_TYPE": "200NM"},
      "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]})");
  dir.write("two_parts.geojson", R"({"type": "FeatureCollection", "features": [{"type": "Feature",
      "properties": {"id": "split"}, "geometry": {"type": "MultiPolygon", "coordinates": [
        [[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[2, 2], [3, 2], [3, 3], [2, 2]]]]}}]})");
  dir.write("no_id.geojson", R"({"type": "FeatureCollection", "features": [{"type": "Feature",
      "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]})");
  const auto error = [&](const std::string& geography) {
    try {
      (void)loadGeography(config(kOneRadar, "geography:\n" + geography), dir.str());
    } catch (const GeographyError& e) {
      return std::string(e.what());
    }
    ADD_FAILURE() << "accepted: " << geography;
    return std::string();
  };
  EXPECT_THAT(error("  zones: [broken.geojson]\n"),
              AllOf(HasSubstr("geography.zones"), HasSubstr("broken.geojson: feature 0"),
                    HasSubstr("ring")));
  EXPECT_THAT(error("  zones: [no_sovereign.geojson]\n"), HasSubstr("no sovereign"));
  EXPECT_THAT(error("  zones: [missing.geojson]\n"),
              AllOf(HasSubstr("missing.geojson"), HasSubstr("cannot open")));
  EXPECT_THAT(error("  land: missing-land.geojson\n"),
              AllOf(HasSubstr("geography.land"), HasSubstr("missing-land.geojson")));
  EXPECT_THAT(error("  ports: missing.csv\n"), HasSubstr("geography.ports"));
  EXPECT_THAT(error("  area_files: [two_parts.geojson]\n"),
              AllOf(HasSubstr("'split'"), HasSubstr("2 polygons")));
  EXPECT_THAT(error("  area_files: [no_id.geojson]\n"), HasSubstr("no `id` property"));
  EXPECT_THAT(error("  area_files: [" + kConfigDir + "/geo/areas_of_interest.geojson]\n" +
                    "  areas: [{id: transit_zone, polygon: [[0, 0], [0, 1], [1, 1]]}]\n"),
              HasSubstr("area id 'transit_zone' defined twice"));
}

}  // namespace
}  // namespace picket::io
