#include "io/geojson.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "geo/land_mask.hpp"
#include "geo/wgs84.hpp"
#include "io/places_csv.hpp"

namespace picket::io {
namespace {

using core::GeoPoint;
using ::testing::HasSubstr;

const std::string kGeoDir = PICKET_SOURCE_DIR "/config/geo/";

/// The message of the GeoJsonError that parsing `text` throws ("" and a failure if none).
std::string errorOf(const std::string& text) {
  try {
    parseGeoJsonFeatures(text, "test.geojson");
  } catch (const GeoJsonError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for: " << text;
  return "";
}

std::string collection(const std::string& features) {
  return R"({"type": "FeatureCollection", "features": [)" + features + "]}";
}

const char* kSquare = R"({"type": "Feature", "properties": {"name": "sq"},
  "geometry": {"type": "Polygon", "coordinates": [[[-80, 10], [-79, 10], [-79, 11], [-80, 11], [-80, 10]]]}})";

// ---------------------------------------------------------------------------------------------
// Reading

TEST(GeoJson, ReadsPolygonsHolesAndMultiPolygons) {
  const auto features = parseGeoJsonFeatures(collection(std::string(kSquare) + R"(,
    {"type": "Feature", "properties": null, "geometry": {"type": "MultiPolygon", "coordinates": [
      [[[-70, 20], [-69, 20], [-69, 21], [-70, 21], [-70, 20]],
       [[-69.6, 20.4], [-69.4, 20.4], [-69.4, 20.6], [-69.6, 20.4]]],
      [[[-60, 5, 12.5], [-59, 5, 12.5], [-59.5, 6, 12.5], [-60, 5, 12.5]]]]}})"),
                                             "t");
  ASSERT_EQ(features.size(), 2u);
  ASSERT_EQ(features[0].polygons.size(), 1u);
  const auto& sq = features[0].polygons[0];
  ASSERT_EQ(sq.outer().size(), 4u);                        // the closing position is dropped
  EXPECT_EQ(sq.outer()[1], (GeoPoint{10.0, -79.0, 0.0}));  // [lon, lat] -> lat, lon
  EXPECT_TRUE(sq.contains(10.5, -79.5));
  EXPECT_EQ(features[0].properties.at("name"), "sq");
  EXPECT_TRUE(features[1].properties.empty());
  ASSERT_EQ(features[1].polygons.size(), 2u);
  ASSERT_EQ(features[1].polygons[0].holes().size(), 1u);
  EXPECT_EQ(features[1].polygons[0].holes()[0].size(), 3u);
  EXPECT_FALSE(features[1].polygons[0].contains(20.45, -69.45));  // in the hole
  EXPECT_TRUE(features[1].polygons[1].contains(5.3, -59.5));      // height ignored
}

TEST(GeoJson, PropertiesBecomeStrings) {
  const auto features = parseGeoJsonFeatures(collection(R"({"type": "Feature",
    "properties": {"s": "Aruba", "i": 26519, "neg": -3, "f": 0.5, "big": 1e300, "t": true,
                   "fa": false, "n": null, "arr": [1, "x"], "obj": {"k": 2}, "u": "\u00e1"},
    "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}})"),
                                             "t");
  const auto& p = features.at(0).properties;
  EXPECT_EQ(p.at("s"), "Aruba");
  EXPECT_EQ(p.at("i"), "26519");
  EXPECT_EQ(p.at("neg"), "-3");
  EXPECT_EQ(p.at("f"), "0.5");
  EXPECT_EQ(p.at("big"), "1e+300");
  EXPECT_EQ(p.at("t"), "true");
  EXPECT_EQ(p.at("fa"), "false");
  EXPECT_EQ(p.count("n"), 0u);
  EXPECT_EQ(p.at("arr"), R"([1,"x"])");
  EXPECT_EQ(p.at("obj"), R"({"k":2})");
  EXPECT_EQ(p.at("u"), "\xc3\xa1");  // UTF-8
}

TEST(GeoJson, EmptyCollectionIsFine) {
  EXPECT_TRUE(parseGeoJsonFeatures(collection(""), "t").empty());
}

// ---------------------------------------------------------------------------------------------
// Broken input: a clear error naming the source, the feature and the reason

TEST(GeoJsonErrors, NotJson) {
  EXPECT_THAT(errorOf("{ this is not json"), HasSubstr("test.geojson: not valid JSON"));
  EXPECT_THAT(errorOf(""), HasSubstr("not valid JSON"));
  EXPECT_THAT(errorOf(collection(kSquare) + " trailing"), HasSubstr("not valid JSON"));
}

TEST(GeoJsonErrors, NaNAndInfinityAreNotJson) {
  const std::string nan_square = R"({"type": "Feature", "properties": {}, "geometry":
    {"type": "Polygon", "coordinates": [[[NaN, 10], [-79, 10], [-79, 11], [NaN, 10]]]}})";
  EXPECT_THAT(errorOf(collection(nan_square)), HasSubstr("not valid JSON"));
  const std::string huge = R"({"type": "Feature", "properties": {}, "geometry":
    {"type": "Polygon", "coordinates": [[[1e999, 10], [-79, 10], [-79, 11], [1e999, 10]]]}})";
  const std::string message = errorOf(collection(huge));
  EXPECT_TRUE(message.find("not valid JSON") != std::string::npos ||
              message.find("feature 0: ring 0, position 0: position is not finite") !=
                  std::string::npos)
      << message;
}

TEST(GeoJsonErrors, WrongTopLevelType) {
  EXPECT_THAT(errorOf(kSquare), HasSubstr(R"(type is "Feature", expected "FeatureCollection")"));
  EXPECT_THAT(errorOf("[1, 2]"), HasSubstr("top level is array"));
  EXPECT_THAT(errorOf(R"({"features": []})"), HasSubstr("type is missing"));
  EXPECT_THAT(errorOf(R"({"type": "FeatureCollection", "features": {}})"),
              HasSubstr(R"("features" is missing or not an array)"));
}

TEST(GeoJsonErrors, WrongFeatureOrGeometryType) {
  EXPECT_THAT(errorOf(collection(std::string(kSquare) + ", 5")),
              HasSubstr("feature 1: is number, expected a Feature object"));
  EXPECT_THAT(errorOf(collection(R"({"type": "Polygon", "coordinates": []})")),
              HasSubstr(R"(feature 0: type is "Polygon", expected "Feature")"));
  EXPECT_THAT(errorOf(collection(R"({"type": "Feature", "properties": {},
                                      "geometry": {"type": "Point", "coordinates": [1, 2]}})")),
              HasSubstr(R"(feature 0: geometry type "Point" is not Polygon or MultiPolygon)"));
  EXPECT_THAT(errorOf(collection(R"({"type": "Feature", "properties": {}, "geometry": null})")),
              HasSubstr("feature 0: geometry is null"));
  EXPECT_THAT(errorOf(collection(R"({"type": "Feature", "properties": {}})")),
              HasSubstr("feature 0: no geometry"));
  EXPECT_THAT(errorOf(collection(R"({"type": "Feature", "properties": [1],
                                      "geometry": {"type": "Polygon", "coordinates": []}})")),
              HasSubstr("feature 0: properties is array, expected an object"));
}

TEST(GeoJsonErrors, MissingOrMalformedCoordinates) {
  EXPECT_THAT(errorOf(collection(
                  std::string(kSquare) +
                  R"(, {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon"}})")),
              HasSubstr("feature 1: geometry has no coordinates"));
  EXPECT_THAT(errorOf(collection(
                  R"({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": []}})")),
              HasSubstr("feature 0: polygon has no rings"));
  EXPECT_THAT(errorOf(collection(R"({"type": "Feature", "geometry": {"type": "Polygon",
                                      "coordinates": [[[0, 0], [1, 0], [0, 0]]]}})")),
              HasSubstr("feature 0: ring 0: ring has 3 positions, a closed ring needs at least 4"));
  EXPECT_THAT(errorOf(collection(R"({"type": "Feature", "geometry": {"type": "Polygon",
                                      "coordinates": [[[0, 0], [1, "x"], [1, 1], [0, 0]]]}})")),
              HasSubstr("feature 0: ring 0, position 1: position [1,\"x\"] is not numeric"));
  EXPECT_THAT(errorOf(collection(R"({"type": "Feature", "geometry": {"type": "Polygon",
                                      "coordinates": [[[0, 0], [1], [1, 1], [0, 0]]]}})")),
              HasSubstr("position 1: position has 1 members"));
  EXPECT_THAT(errorOf(collection(R"({"type": "Feature", "geometry": {"type": "Polygon",
                                      "coordinates": [[[0, 0], [1, 95], [1, 1], [0, 0]]]}})")),
              HasSubstr("position 1: latitude 95 outside [-90, 90]"));
  EXPECT_THAT(errorOf(collection(R"({"type": "Feature", "geometry": {"type": "Polygon",
                                      "coordinates": [[[0, 0], [181, 5], [1, 1], [0, 0]]]}})")),
              HasSubstr("position 1: longitude 181 outside [-180, 180]"));
}

TEST(GeoJsonErrors, UnclosedRingNamesFeaturePolygonAndRing) {
  EXPECT_THAT(
      errorOf(collection(R"({"type": "Feature", "geometry": {"type": "Polygon",
                                      "coordinates": [[[-80, 10], [-79, 10], [-79, 11], [-80, 11]]]}})")),
      HasSubstr("test.geojson: feature 0: ring 0: not closed (first [-80, 10] != last [-80, 11])"));
  EXPECT_THAT(errorOf(collection(std::string(kSquare) + R"(, {"type": "Feature", "geometry":
                  {"type": "MultiPolygon", "coordinates": [
                    [[[0, 0], [1, 0], [1, 1], [0, 0]]],
                    [[[0, 0], [1, 0], [1, 1], [0, 0]], [[0.2, 0.1], [0.8, 0.1], [0.8, 0.2], [0.2, 0.15]]]]}})")),
              HasSubstr("feature 1: polygon 1, ring 1: not closed"));
}

TEST(GeoJsonErrors, AbsurdNestingIsRefusedBeforeParsing) {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  EXPECT_THAT(errorOf(deep), HasSubstr("nested deeper than"));
}

TEST(GeoJsonErrors, MissingFile) {
  try {
    readGeoJsonFeatures(kGeoDir + "no_such_file.geojson");
    FAIL() << "no error";
  } catch (const GeoJsonError& e) {
    EXPECT_THAT(e.what(), HasSubstr("no_such_file.geojson: cannot open"));
  }
}

TEST(GeoJsonErrors, CorruptedInputIsAnErrorOrValidNeverACrash) {
  // GIVEN a valid two-feature collection, WHEN single bytes are replaced, inserted or deleted
  // at random (seeded), THEN reading either succeeds with valid polygons or throws
  // GeoJsonError; nothing else escapes, and a mask builds from whatever was read.
  const std::string valid = collection(std::string(kSquare) + R"(, {"type": "Feature",
    "properties": {"MRGID": 8432, "APPROX": true}, "geometry": {"type": "MultiPolygon",
    "coordinates": [[[[-70, 20], [-69, 20], [-69, 21], [-70, 20]]]]}})");
  ASSERT_EQ(parseGeoJsonFeatures(valid, "t").size(), 2u);
  std::mt19937_64 rng(99);
  const std::string alphabet = "{}[]\",:0123456789.-+eE \nNaInfutrlsFPoygMiy";
  int errors = 0, parsed = 0;
  for (int i = 0; i < 3'000; ++i) {
    std::string text = valid;
    for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k) {
      const std::size_t at = static_cast<std::size_t>(rng() % text.size());
      const char c = alphabet[static_cast<std::size_t>(rng() % alphabet.size())];
      switch (rng() % 3) {
        case 0:
          text[at] = c;
          break;
        case 1:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c);
          break;
        default:
          text.erase(at, 1);
          break;
      }
    }
    try {
      const auto features = parseGeoJsonFeatures(text, "fuzz");
      std::vector<geo::GeoPolygon> polygons;
      for (const auto& f : features)
        polygons.insert(polygons.end(), f.polygons.begin(), f.polygons.end());
      const geo::LandMask mask(polygons);
      (void)mask.isLand(10.5, -79.5);
      ++parsed;
    } catch (const GeoJsonError&) {
      ++errors;
    }
  }
  EXPECT_GT(errors, 1'000);
  EXPECT_GT(parsed, 100);
}

// ---------------------------------------------------------------------------------------------
// The shipped files (config/geo/)

TEST(GeoData, EveryShippedPolygonFileReads) {
  const auto land10 = readGeoJsonFeatures(kGeoDir + "ne_10m_land_clip.geojson");
  const auto land50 = readGeoJsonFeatures(kGeoDir + "ne_50m_land_clip.geojson");
  const auto eez = readGeoJsonFeatures(kGeoDir + "eez_clip.geojson");
  const auto ts = readGeoJsonFeatures(kGeoDir + "territorial_seas_12nm_approx.geojson");
  EXPECT_EQ(land10.size(), 391u);
  EXPECT_EQ(land50.size(), 126u);
  EXPECT_EQ(eez.size(), 59u);
  EXPECT_EQ(ts.size(), 50u);
  // Marine Regions attributes come through as strings; nulls are absent.
  const auto aruba = std::find_if(eez.begin(), eez.end(), [](const GeoFeature& f) {
    return f.properties.count("ISO_TER1") && f.properties.at("ISO_TER1") == "ABW";
  });
  ASSERT_NE(aruba, eez.end());
  EXPECT_EQ(aruba->properties.at("MRGID"), "26519");
  EXPECT_EQ(aruba->properties.at("POL_TYPE"), "200NM");
  EXPECT_EQ(aruba->properties.at("SOVEREIGN1"), "Netherlands");
  EXPECT_EQ(aruba->properties.at("APPROX"), "false");
  EXPECT_EQ(aruba->properties.count("TERRITORY2"), 0u);
  // Off Cartagena is in Colombia's EEZ.
  const auto holders = std::count_if(eez.begin(), eez.end(), [](const GeoFeature& f) {
    return std::any_of(f.polygons.begin(), f.polygons.end(),
                       [](const geo::GeoPolygon& p) { return p.contains(10.6, -76.0); }) &&
           f.properties.at("ISO_SOV1") == "COL";
  });
  EXPECT_EQ(holders, 1);
}

/// The land mask of the 10m file, built once for the tests below.
const geo::LandMask& land10m() {
  static const geo::LandMask mask = loadLandMask(kGeoDir + "ne_10m_land_clip.geojson");
  return mask;
}
std::vector<geo::GeoPolygon> land10mPolygons() {
  std::vector<geo::GeoPolygon> out;
  for (auto& f : readGeoJsonFeatures(kGeoDir + "ne_10m_land_clip.geojson")) {
    for (auto& p : f.polygons) out.push_back(std::move(p));
  }
  return out;
}

const geo::NamedPlace& notablePlace(const std::string& id) {
  static const auto places = readPlacesCsv(kGeoDir + "notable_places.csv");
  const auto it = std::find_if(places.begin(), places.end(),
                               [&](const geo::NamedPlace& p) { return p.id == id; });
  if (it == places.end()) throw std::runtime_error("no place " + id);
  return *it;
}

TEST(LandMask10m, BuildsWithTheExpectedSize) {
  const auto& s = land10m().stats();
  EXPECT_EQ(s.polygons, 393u);  // 389 Polygon features and 2 MultiPolygons of 2
  EXPECT_GT(s.edges, 28'900u);
  EXPECT_LT(s.coast_edges, s.edges);  // the cut lines along the box are not coastline
  EXPECT_GT(s.mixed_cells, 1'000u);
  std::cout << "10m mask: " << s.edges << " edges (" << s.coast_edges << " coast), " << s.rows
            << "x" << s.cols << " cells: " << s.sea_cells << " sea, " << s.land_cells << " land, "
            << s.mixed_cells << " mixed with " << s.cell_entries << " entries; "
            << s.memory_bytes / 1024 << " KiB\n";
}

TEST(LandMask10m, OpenSeaAndInteriorsAndPassages) {
  const auto& mask = land10m();
  // Open sea.
  EXPECT_FALSE(mask.isLand(15.0, -75.0));  // central Caribbean
  EXPECT_FALSE(mask.isLand(25.0, -90.0));  // Gulf of Mexico
  EXPECT_FALSE(mask.isLand(5.0, -100.0));  // eastern Pacific
  EXPECT_FALSE(mask.isLand(-5.0, -85.0));  // off Peru
  EXPECT_FALSE(mask.isLand(30.0, -65.0));  // Atlantic south of Bermuda
  // Interiors.
  EXPECT_TRUE(mask.isLand(4.6, -74.1));     // Bogota, Colombia
  EXPECT_TRUE(mask.isLand(6.25, -75.57));   // Medellin, Colombia
  EXPECT_TRUE(mask.isLand(22.4, -79.96));   // Santa Clara, Cuba
  EXPECT_TRUE(mask.isLand(21.38, -77.92));  // Camaguey, Cuba
  EXPECT_TRUE(mask.isLand(19.45, -70.7));   // Santiago, Dominican Republic (Hispaniola)
  EXPECT_TRUE(mask.isLand(18.5, -72.0));    // inland Haiti (Hispaniola)
  EXPECT_TRUE(mask.isLand(20.0, -89.0));    // Yucatan peninsula
  EXPECT_TRUE(mask.isLand(9.0, -79.7));     // Panama, between the canal ends
  // Passage centres.
  EXPECT_FALSE(mask.isLand(20.05, -73.75));  // Windward Passage (Cuba - Haiti)
  EXPECT_FALSE(mask.isLand(18.45, -67.85));  // Mona Passage (Hispaniola - Puerto Rico)
  EXPECT_FALSE(mask.isLand(21.7, -86.0));    // Yucatan Channel (Mexico - Cuba)
  EXPECT_FALSE(mask.isLand(23.8, -81.0));    // Straits of Florida
}

TEST(LandMask10m, LegsAroundTheIsthmusAndCuba) {
  const auto& mask = land10m();
  // Cartagena's sea approach (the Bocachica entrance) to the Panama Canal's Atlantic entrance,
  // by way of a point off Portobelo: open water all the way.
  const GeoPoint bocachica = notablePlace("cartagena_bocachica").position;
  const GeoPoint off_portobelo{9.75, -79.6, 0.0};
  const GeoPoint canal = notablePlace("panama_atlantic_entrance").position;
  EXPECT_FALSE(mask.isLand(bocachica.lat_deg, bocachica.lon_deg));
  EXPECT_FALSE(mask.isLand(canal.lat_deg, canal.lon_deg));
  EXPECT_FALSE(mask.segmentCrossesLand(bocachica, off_portobelo));
  EXPECT_FALSE(mask.segmentCrossesLand(off_portobelo, canal));
  EXPECT_FALSE(mask.segmentCrossesLand(canal, off_portobelo));
  // The straight leg between the two does cross land: Panama's Caribbean coast runs north to
  // ~9.6 N between 79.1 W and 79.8 W (the Portobelo / Punta Manzanillo bulge), north of the
  // line from Bocachica (10.3 N) to the canal (9.4 N).
  EXPECT_TRUE(mask.segmentCrossesLand(bocachica, canal));
  EXPECT_TRUE(mask.isLand(9.5, -79.5));
  // Straight across the isthmus: Caribbean to Gulf of Panama.
  EXPECT_TRUE(mask.segmentCrossesLand({9.8, -79.5, 0}, {8.5, -79.5, 0}));
  // The canal's two entrances are 60 km apart, with Panama between them.
  EXPECT_TRUE(mask.segmentCrossesLand(canal, notablePlace("panama_pacific_entrance").position));
  // Across Cuba, Straits of Florida to the Gulf of Batabano side.
  EXPECT_TRUE(mask.segmentCrossesLand({23.5, -80.0, 0}, {21.5, -80.0, 0}));
  // Along Cuba's north coast in the Straits of Florida.
  EXPECT_FALSE(mask.segmentCrossesLand({23.8, -82.0, 0}, {23.8, -80.5, 0}));
  // Through the Yucatan Channel and the Windward Passage.
  EXPECT_FALSE(mask.segmentCrossesLand({21.0, -86.0, 0}, {22.5, -85.9, 0}));
  EXPECT_FALSE(mask.segmentCrossesLand({19.6, -73.9, 0}, {20.5, -73.6, 0}));
}

TEST(LandMask10m, GridEqualsBruteForcePolygonTestAtRandomPoints) {
  const auto polygons = land10mPolygons();
  const auto& mask = land10m();
  std::mt19937_64 rng(2026);
  auto uniform = [&](double lo, double hi) {
    return lo + (hi - lo) * (static_cast<double>(rng() >> 11) * 0x1.0p-53);
  };
  int land = 0;
  constexpr int kPoints = 20'000;
  for (int i = 0; i < kPoints; ++i) {
    // Half over the whole box, half in the island-dense Caribbean corner.
    const bool caribbean = i % 2 == 1;
    const double lat = caribbean ? uniform(9.0, 24.0) : uniform(-10.5, 35.5);
    const double lon = caribbean ? uniform(-86.0, -59.0) : uniform(-120.5, -54.5);
    const bool expected =
        std::any_of(polygons.begin(), polygons.end(),
                    [&](const geo::GeoPolygon& p) { return p.contains(lat, lon); });
    land += expected;
    ASSERT_EQ(mask.isLand(lat, lon), expected) << lat << ", " << lon;
  }
  EXPECT_GT(land, kPoints / 10);
}

// Geodesic distance (GeographicLib) from p to the straight lon/lat segment a-b, by golden
// section over the segment parameter.
double geodesicToSegment(const GeoPoint& p, const GeoPoint& a, const GeoPoint& b) {
  auto at = [&](double t) {
    return geo::geodesicInverse(p, {a.lat_deg + t * (b.lat_deg - a.lat_deg),
                                    a.lon_deg + t * (b.lon_deg - a.lon_deg), 0})
        .distance_m;
  };
  const double g = (std::sqrt(5.0) - 1.0) / 2.0;
  double lo = 0.0, hi = 1.0, x1 = hi - g, x2 = lo + g, f1 = at(x1), f2 = at(x2);
  for (int i = 0; i < 50; ++i) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = at(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = at(x2);
    }
  }
  return std::min({at(0.0), at(1.0), f1, f2});
}

TEST(LandMask10m, DistanceToCoastEqualsGeographicLibBruteForceOverAllEdges) {
  // Brute force: every coastline edge of every ring (cut lines along the box excluded, by the
  // same rule as the mask's), GeographicLib distance to its nearest point; an edge is skipped
  // only when its bounding box is already farther than the best.
  struct Seg {
    GeoPoint a, b;
  };
  std::vector<Seg> coast;
  const geo::LatLonBox box = geo::kTheatreBox;
  auto cut = [&](const GeoPoint& a, const GeoPoint& b) {
    auto on = [](double u, double v, double line) { return u == line && v == line; };
    return on(a.lon_deg, b.lon_deg, box.min_lon_deg) || on(a.lon_deg, b.lon_deg, box.max_lon_deg) ||
           on(a.lat_deg, b.lat_deg, box.min_lat_deg) || on(a.lat_deg, b.lat_deg, box.max_lat_deg);
  };
  for (const auto& p : land10mPolygons()) {
    auto add = [&](const std::vector<GeoPoint>& r) {
      for (std::size_t i = 0; i < r.size(); ++i) {
        const auto& a = r[i];
        const auto& b = r[(i + 1) % r.size()];
        if (!cut(a, b)) coast.push_back({a, b});
      }
    };
    add(p.outer());
    for (const auto& h : p.holes()) add(h);
  }
  const auto& mask = land10m();
  EXPECT_EQ(coast.size(), mask.stats().coast_edges);

  std::mt19937_64 rng(7);
  auto uniform = [&](double lo, double hi) {
    return lo + (hi - lo) * (static_cast<double>(rng() >> 11) * 0x1.0p-53);
  };
  constexpr double kMax = 60'000.0;
  double worst_rel = 0.0, worst_abs = 0.0;
  int measured = 0, on_land = 0;
  std::vector<std::pair<double, std::size_t>> order(coast.size());
  for (int i = 0; i < 500; ++i) {
    // Within ~0.4 deg of a random coast vertex, or anywhere in the box (1 in 4).
    const auto& near = coast[static_cast<std::size_t>(rng() % coast.size())].a;
    const bool anywhere = i % 4 == 0;
    const double lat = anywhere ? uniform(-10.0, 35.0) : near.lat_deg + uniform(-0.4, 0.4);
    const double lon = anywhere ? uniform(-120.0, -55.0) : near.lon_deg + uniform(-0.4, 0.4);
    const double got = mask.distanceToCoastM(lat, lon, kMax);
    if (mask.isLand(lat, lon)) {
      EXPECT_EQ(got, 0.0);
      ++on_land;
      continue;
    }
    // Edges by a rigorous lower bound (bounding-box gap, 110 km per degree of latitude, 90 km
    // per degree of longitude: cos(36 deg) > 0.8), nearest first, until the bound passes the best.
    for (std::size_t k = 0; k < coast.size(); ++k) {
      const auto& e = coast[k];
      const double dlat = std::max({0.0, std::min(e.a.lat_deg, e.b.lat_deg) - lat,
                                    lat - std::max(e.a.lat_deg, e.b.lat_deg)});
      const double dlon = std::max({0.0, std::min(e.a.lon_deg, e.b.lon_deg) - lon,
                                    lon - std::max(e.a.lon_deg, e.b.lon_deg)});
      order[k] = {std::max(dlat * 110'000.0, dlon * 90'000.0), k};
    }
    std::sort(order.begin(), order.end());
    double want = kMax;
    for (const auto& [lower, k] : order) {
      if (lower > want) break;
      want = std::min(want, geodesicToSegment({lat, lon, 0}, coast[k].a, coast[k].b));
    }
    ASSERT_NEAR(got, want, 2e-5 * want + 0.01) << lat << ", " << lon;
    if (want < kMax) {
      ++measured;
      worst_rel = std::max(worst_rel, std::abs(got - want) / want);
      worst_abs = std::max(worst_abs, std::abs(got - want));
    }
  }
  EXPECT_GT(on_land, 10);
  EXPECT_GE(measured, 200);
  std::cout << measured << " points within " << kMax << " m of the coast: worst error " << worst_abs
            << " m, " << worst_rel << " relative\n";
}

TEST(LandMask10m, CoastDistancesNearKnownPlaces) {
  const auto& mask = land10m();
  // The Windward Passage is ~80 km wide: its centre is ~35-45 km from either side.
  const double windward = mask.distanceToCoastM(20.05, -73.75, 100'000.0);
  EXPECT_GT(windward, 25'000.0);
  EXPECT_LT(windward, 50'000.0);
  // "Distance from shore >= 20 nm": 11 km north of the Cuban cays fails it, the central
  // Caribbean passes.
  EXPECT_NEAR(mask.distanceToCoastM(23.3, -80.5, 100'000.0), 11'190.0, 10.0);
  EXPECT_TRUE(mask.nearLand(23.3, -80.5, 20.0 * geo::kNauticalMileM));
  EXPECT_FALSE(mask.nearLand(15.0, -75.0, 20.0 * geo::kNauticalMileM));
  // The Atlantic off Suriname near lon -55: the box edge is not coast.
  EXPECT_GT(mask.distanceToCoastM(6.2, -55.05, 100'000.0), 15'000.0);
}

TEST(LandMask10m, FiftyMetreFileLoadsToo) {
  const auto mask = loadLandMask(kGeoDir + "ne_50m_land_clip.geojson");
  EXPECT_EQ(mask.stats().polygons, 127u);  // 126 features, one a MultiPolygon of 2
  EXPECT_TRUE(mask.isLand(4.6, -74.1));
  EXPECT_FALSE(mask.isLand(15.0, -75.0));
}

}  // namespace
}  // namespace picket::io
