#include "io/zones.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace picket::io {
namespace {

using cueing::Jurisdiction;
using cueing::ZoneMap;
using cueing::ZoneType;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

const std::string kGeoDir = PICKET_SOURCE_DIR "/config/geo/";

/// A GeoJSON feature: a lon/lat box [lon0, lon1] x [lat0, lat1] with the given properties.
std::string boxFeature(const std::string& properties, double lon0, double lat0, double lon1,
                       double lat1) {
  const auto pt = [](double lon, double lat) {
    std::string s(1, '[');
    s += std::to_string(lon);
    s += ", ";
    s += std::to_string(lat);
    s += ']';
    return s;
  };
  return R"({"type": "Feature", "properties": )" + properties +
         R"(, "geometry": {"type": "Polygon", "coordinates": [[)" + pt(lon0, lat0) + ", " +
         pt(lon1, lat0) + ", " + pt(lon1, lat1) + ", " + pt(lon0, lat1) + ", " + pt(lon0, lat0) +
         "]]}}";
}

std::string collection(const std::vector<std::string>& features) {
  std::string s = R"({"type": "FeatureCollection", "features": [)";
  for (std::size_t i = 0; i < features.size(); ++i) s += (i > 0 ? ", " : "") + features[i];
  return s + "]}";
}

std::vector<cueing::Zone> zonesOf(const std::vector<std::string>& features,
                                  const ZoneFileOptions& options = {}) {
  return zonesFromFeatures(parseGeoJsonFeatures(collection(features), "test.geojson"),
                           "test.geojson", options);
}

std::string errorOf(const std::vector<std::string>& features, const ZoneFileOptions& options = {}) {
  try {
    (void)zonesOf(features, options);
  } catch (const ZoneFileError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

/// The fixture of the routing tests as Marine Regions features: two adjacent territorial seas,
/// an overlapping claim, a joint regime, and a MultiPolygon EEZ with a hole.
std::vector<cueing::Zone> fixture() {
  return zonesOf({
      boxFeature(R"({"POL_TYPE": "12NM", "ISO_SOV1": "AAA", "GEONAME": "AAA 12 NM"})", 0, 0, 1, 1),
      boxFeature(R"({"POL_TYPE": "12NM", "ISO_SOV1": "BBB", "ISO_TER1": "BBT"})", 1, 0, 2, 1),
      boxFeature(R"({"POL_TYPE": "200NM", "ISO_SOV1": "AAA"})", -1, -1, 1, 3),
      boxFeature(R"({"POL_TYPE": "Overlapping claim", "ISO_SOV1": "AAA", "ISO_SOV2": "CCC",
                     "ISO_SOV3": null})", 0, 3, 2, 4),
      boxFeature(R"({"POL_TYPE": "Joint regime", "ISO_SOV1": "DDD", "ISO_SOV2": "BBB"})", 2, 3, 3, 4),
      R"({"type": "Feature", "properties": {"POL_TYPE": "200NM", "ISO_SOV1": "EEE"},
          "geometry": {"type": "MultiPolygon", "coordinates": [
            [[[6, 6], [8, 6], [8, 8], [6, 8], [6, 6]], [[6.5, 6.5], [7.5, 6.5], [7.5, 7.5], [6.5, 7.5], [6.5, 6.5]]],
            [[[9, 9], [10, 9], [10, 10], [9, 10], [9, 9]]]]}})",
  });
}

TEST(LoadZones, MarineRegionsAttributesBecomeZones) {
  const auto zones = fixture();
  ASSERT_THAT(zones, SizeIs(7));  // the MultiPolygon gives two zones
  EXPECT_EQ(zones[0].type, ZoneType::TerritorialSea);
  EXPECT_THAT(zones[0].sovereigns, ElementsAre("AAA"));
  EXPECT_EQ(zones[0].name, "AAA 12 NM");
  EXPECT_THAT(zones[1].territories, ElementsAre("BBT"));
  EXPECT_EQ(zones[1].name, "BBB");  // no GEONAME, no TERRITORY1: the sovereigns
  EXPECT_EQ(zones[2].type, ZoneType::Eez);
  EXPECT_TRUE(zones[3].overlapping_claim);
  EXPECT_THAT(zones[3].sovereigns, ElementsAre("AAA", "CCC"));
  EXPECT_TRUE(zones[4].joint_regime);
  EXPECT_THAT(zones[5].polygon.holes(), SizeIs(1));
  EXPECT_EQ(zones[6].sovereigns, zones[5].sovereigns);
}

TEST(LoadZones, RoutingFixtureGivesTheExpectedJurisdictions) {
  const ZoneMap map(fixture());
  EXPECT_EQ(map.at(0.5, 0.5).description, "territorial sea of AAA");
  EXPECT_EQ(map.at(0.5, 1.5).description, "territorial sea of BBB (BBT)");
  EXPECT_EQ(map.at(2.0, 0.5).description, "EEZ of AAA");
  // Inside the overlapping claim both claimants are named.
  const Jurisdiction claim = map.at(3.5, 1.5);
  EXPECT_THAT(claim.states, ElementsAre("AAA", "CCC"));
  EXPECT_TRUE(claim.overlapping_claim);
  const Jurisdiction joint = map.at(3.5, 2.5);
  EXPECT_THAT(joint.states, ElementsAre("BBB", "DDD"));
  EXPECT_TRUE(joint.joint_regime);
  EXPECT_EQ(map.at(7.0, 7.0).type, ZoneType::HighSeas);  // in the hole
  EXPECT_EQ(map.at(9.5, 9.5).description, "EEZ of EEE");
  EXPECT_EQ(map.at(5.0, 5.0).description, "high seas");  // nobody's waters
}

TEST(LoadZones, JointAndOverlappingFeaturesTakeTheFilesPlainType) {
  // A Marine Regions 12 NM file: "Joint regime" there is a territorial sea.
  const auto ts = zonesOf({
      boxFeature(R"({"POL_TYPE": "12NM", "ISO_SOV1": "AAA"})", 0, 0, 1, 1),
      boxFeature(R"({"POL_TYPE": "Joint regime", "ISO_SOV1": "AAA", "ISO_SOV2": "BBB"})", 1, 0, 2, 1),
  });
  EXPECT_EQ(ts[1].type, ZoneType::TerritorialSea);
  EXPECT_TRUE(ts[1].joint_regime);
  // A 24 NM file.
  const auto cz = zonesOf({
      boxFeature(R"({"POL_TYPE": "24NM", "ISO_SOV1": "AAA"})", 0, 0, 1, 1),
      boxFeature(R"({"POL_TYPE": "Overlapping claim", "ISO_SOV1": "AAA", "ISO_SOV2": "BBB"})", 1, 0, 2, 1),
  });
  EXPECT_EQ(cz[1].type, ZoneType::ContiguousZone);
  // Only joint/overlapping features: EEZ (Marine Regions' EEZ file is where they are).
  const auto only = zonesOf({boxFeature(
      R"({"POL_TYPE": "Overlapping claim", "ISO_SOV1": "AAA", "ISO_SOV2": "BBB"})", 0, 0, 1, 1)});
  EXPECT_EQ(only[0].type, ZoneType::Eez);
}

TEST(LoadZones, PolTypesAreCaseInsensitiveAndLowerCaseAttributesAreRead) {
  const auto zones = zonesOf({
      boxFeature(R"({"pol_type": "internal waters", "iso_sov1": "mex"})", 0, 0, 1, 1),
      boxFeature(R"({"POL_TYPE": "Contiguous zone", "ISO_SOV1": "MEX"})", 1, 0, 2, 1),
      boxFeature(R"({"POL_TYPE": "12NM enclave", "ISO_SOV1": "COL"})", 2, 0, 3, 1),
  });
  EXPECT_EQ(zones[0].type, ZoneType::TerritorialSea);
  EXPECT_TRUE(zones[0].internal_waters);
  EXPECT_THAT(zones[0].sovereigns, ElementsAre("MEX"));
  EXPECT_EQ(zones[1].type, ZoneType::ContiguousZone);
  EXPECT_EQ(zones[2].type, ZoneType::TerritorialSea);
  EXPECT_EQ(ZoneMap(zones).at(0.5, 0.5).description, "internal waters of MEX");
}

TEST(LoadZones, TypeOverrideKeepsTheFlags) {
  const auto zones = zonesOf(
      {boxFeature(R"({"POL_TYPE": "200NM", "ISO_SOV1": "AAA"})", 0, 0, 1, 1),
       boxFeature(R"({"POL_TYPE": "Overlapping claim", "ISO_SOV1": "USA", "ISO_SOV2": "HTI"})", 1, 0, 2, 1),
       boxFeature(R"({"ISO_SOV1": "USA"})", 2, 0, 3, 1)},
      ZoneFileOptions{ZoneType::TerritorialSea});
  for (const auto& z : zones) EXPECT_EQ(z.type, ZoneType::TerritorialSea);
  EXPECT_TRUE(zones[1].overlapping_claim);
}

TEST(LoadZones, BadAttributesGiveClearErrors) {
  EXPECT_THAT(errorOf({boxFeature(R"({"POL_TYPE": "Archipelagic waters", "ISO_SOV1": "AAA"})",
                                  0, 0, 1, 1)}),
              AllOf(HasSubstr("test.geojson: feature 0"), HasSubstr("Archipelagic waters"),
                    HasSubstr("zone type in the configuration")));
  EXPECT_THAT(errorOf({boxFeature(R"({"ISO_SOV1": "AAA"})", 0, 0, 1, 1)}),
              HasSubstr("no POL_TYPE"));
  EXPECT_THAT(errorOf({boxFeature(R"({"POL_TYPE": "200NM", "ISO_SOV1": null})", 0, 0, 1, 1)}),
              HasSubstr("feature 0: no sovereign"));
  EXPECT_THAT(errorOf({boxFeature(R"({"POL_TYPE": "200NM"})", 0, 0, 1, 1),
                       boxFeature(R"({"POL_TYPE": "200NM", "ISO_SOV1": "Colombia"})", 0, 0, 1, 1)}),
              HasSubstr("feature 0: no sovereign"));
  EXPECT_THAT(errorOf({boxFeature(R"({"POL_TYPE": "200NM", "ISO_SOV1": "Colombia"})", 0, 0, 1, 1)}),
              AllOf(HasSubstr("ISO_SOV1 'COLOMBIA'"), HasSubstr("alpha-3")));
}

TEST(LoadZones, BrokenFilesGiveClearErrors) {
  try {
    (void)loadZones(kGeoDir + "no-such-zones.geojson");
    FAIL() << "a missing file was accepted";
  } catch (const ZoneFileError& e) {
    EXPECT_THAT(std::string(e.what()), AllOf(HasSubstr("no-such-zones.geojson"), HasSubstr("cannot open")));
  }
  // Broken GeoJSON (an unclosed ring) names the feature and the ring, through the reader.
  try {
    (void)zonesFromFeatures(
        parseGeoJsonFeatures(
            R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1]]]}}]})",
            "broken.geojson"),
        "broken.geojson");
    FAIL() << "an unclosed ring was accepted";
  } catch (const GeoJsonError& e) {
    EXPECT_THAT(std::string(e.what()), AllOf(HasSubstr("broken.geojson: feature 0"), HasSubstr("not closed")));
  }
}

/// The shipped zones, loaded the way config/fusiond.example.yaml loads them.
std::vector<cueing::Zone> shippedZones() {
  auto zones = loadZones(kGeoDir + "eez_clip.geojson");
  auto ts = loadZones(kGeoDir + "territorial_seas_12nm_approx.geojson",
                      ZoneFileOptions{ZoneType::TerritorialSea});
  auto cz = loadZones(kGeoDir + "contiguous_zones_24nm_approx.geojson");
  zones.insert(zones.end(), ts.begin(), ts.end());
  zones.insert(zones.end(), cz.begin(), cz.end());
  return zones;
}

TEST(ShippedZones, LoadWithTheirCountsAndTypes) {
  const auto eez = loadZones(kGeoDir + "eez_clip.geojson");
  const auto ts = loadZones(kGeoDir + "territorial_seas_12nm_approx.geojson",
                            ZoneFileOptions{ZoneType::TerritorialSea});
  const auto cz = loadZones(kGeoDir + "contiguous_zones_24nm_approx.geojson");
  // 59 EEZ features (48 "200NM", 5 joint regimes, 4 overlapping claims, 2 Colombian 12 nm
  // enclaves), 50 territorial-sea features, 49 contiguous-zone features; MultiPolygons give
  // one zone per polygon.
  EXPECT_GE(eez.size(), 59u);
  EXPECT_GE(ts.size(), 50u);
  EXPECT_GE(cz.size(), 49u);
  std::size_t joint = 0, overlapping = 0, enclave_ts = 0;
  for (const auto& z : eez) {
    joint += z.joint_regime ? 1 : 0;
    overlapping += z.overlapping_claim ? 1 : 0;
    enclave_ts += z.type == ZoneType::TerritorialSea ? 1 : 0;
  }
  EXPECT_GE(joint, 5u);
  EXPECT_GE(overlapping, 4u);
  EXPECT_GE(enclave_ts, 2u);
  for (const auto& z : cz) EXPECT_EQ(z.type, ZoneType::ContiguousZone);
}

TEST(ShippedZones, KnownPoints) {
  const ZoneMap map(shippedZones());
  // Off Cartagena, ~7 km west of the port: COL's territorial sea.
  EXPECT_EQ(map.at(10.42, -75.60).description, "territorial sea of COL");
  // 75 km north of Aruba: the Aruban EEZ (sovereign NLD, territory ABW).
  const Jurisdiction aruba = map.at(13.3, -70.0);
  EXPECT_EQ(aruba.type, ZoneType::Eez);
  EXPECT_THAT(aruba.states, ElementsAre("NLD"));
  EXPECT_THAT(aruba.territories, ElementsAre("ABW"));
  EXPECT_EQ(aruba.description, "EEZ of NLD (ABW)");
  // 30 km north of Aruba: between 12 and 24 nm, the (approximate) contiguous zone.
  EXPECT_EQ(map.at(12.9, -70.05).description, "contiguous zone of NLD (ABW)");
  // 15 N 75 W is NOT high seas in this data: it lies in Jamaica's EEZ (the Caribbean is
  // covered by EEZs; its high seas pockets are in the Gulf of Mexico and the open Pacific).
  EXPECT_EQ(map.at(15.0, -75.0).description, "EEZ of JAM");
  // The open eastern Pacific, west of Clipperton and Galapagos: high seas.
  EXPECT_EQ(map.at(8.0, -100.0).type, ZoneType::HighSeas);
  // Navassa Island's waters: US-administered, claimed by Haiti; both claimants named.
  const Jurisdiction navassa = map.at(17.9, -75.0);
  EXPECT_THAT(navassa.states, ElementsAre("HTI", "USA"));
  EXPECT_TRUE(navassa.overlapping_claim);
  // The Colombia-Jamaica joint regime area.
  const Jurisdiction joint = map.at(16.0, -79.5);
  EXPECT_THAT(joint.states, ElementsAre("COL", "JAM"));
  EXPECT_TRUE(joint.joint_regime);
}

TEST(ShippedZones, GridAnswersExactlyAsTheBruteForce) {
  const ZoneMap map(shippedZones());
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> lat(-10.0, 35.0);
  std::uniform_real_distribution<double> lon(-120.0, -55.0);
  std::vector<std::pair<double, double>> points;
  for (int i = 0; i < 4000; ++i) points.emplace_back(lat(rng), lon(rng));
  // Near boundaries: jittered vertices of every tenth zone.
  std::normal_distribution<double> jitter(0.0, 0.01);
  for (std::size_t z = 0; z < map.zones().size(); z += 10) {
    const auto& ring = map.zones()[z].polygon.outer();
    for (std::size_t v = 0; v < ring.size(); v += 7) {
      points.emplace_back(ring[v].lat_deg + jitter(rng), ring[v].lon_deg + jitter(rng));
    }
  }
  for (const auto& [la, lo] : points) {
    std::vector<const cueing::Zone*> brute;
    for (const auto& z : map.zones()) {
      if (z.polygon.contains(la, lo)) brute.push_back(&z);
    }
    ASSERT_EQ(map.zonesAt(la, lo), brute) << la << ", " << lo;
  }
}

}  // namespace
}  // namespace picket::io
