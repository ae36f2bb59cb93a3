#include "cueing/jurisdiction.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace picket::cueing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

geo::GeoPolygon box(double lat0, double lon0, double lat1, double lon1,
                    std::vector<std::vector<core::GeoPoint>> holes = {}) {
  return geo::GeoPolygon({{lat0, lon0, 0}, {lat0, lon1, 0}, {lat1, lon1, 0}, {lat1, lon0, 0}},
                         std::move(holes));
}

Zone zone(ZoneType type, std::vector<std::string> sovereigns, geo::GeoPolygon polygon,
          std::string name = "") {
  Zone z;
  z.type = type;
  z.sovereigns = std::move(sovereigns);
  z.polygon = std::move(polygon);
  z.name = std::move(name);
  return z;
}

/// A small made-up theatre (degrees):
///   AAA territorial sea [0,1]x[0,1] with internal waters [0.2,0.4]^2, BBB's [0,1]x[1,2]
///   beside it (shared edge at lon 1), AAA contiguous zone [1,1.5]x[0,1], EEZs of AAA
///   [-1,3]x[-1,1] and BBB [-1,3]x[1,3] (NLD's territory ABW in it), an overlapping claim of
///   AAA and CCC [3,4]x[0,2], a joint regime of BBB and DDD [3,4]x[2,3], and EEE's EEZ
///   [6,8]^2 with a hole [6.5,7.5]^2.
std::vector<Zone> fixture() {
  std::vector<Zone> z;
  z.push_back(zone(ZoneType::Eez, {"AAA"}, box(-1, -1, 3, 1), "AAA EEZ"));
  Zone bbb_eez = zone(ZoneType::Eez, {"BBB"}, box(-1, 1, 3, 3), "BBB EEZ");
  bbb_eez.territories = {"BBT"};
  z.push_back(bbb_eez);
  z.push_back(zone(ZoneType::TerritorialSea, {"AAA"}, box(0, 0, 1, 1), "AAA TS"));
  z.push_back(zone(ZoneType::TerritorialSea, {"BBB"}, box(0, 1, 1, 2), "BBB TS"));
  Zone internal = zone(ZoneType::TerritorialSea, {"AAA"}, box(0.2, 0.2, 0.4, 0.4), "AAA IW");
  internal.internal_waters = true;
  z.push_back(internal);
  z.push_back(zone(ZoneType::ContiguousZone, {"AAA"}, box(1, 0, 1.5, 1), "AAA CZ"));
  Zone overlap = zone(ZoneType::Eez, {"AAA", "CCC"}, box(3, 0, 4, 2), "AAA/CCC claim");
  overlap.overlapping_claim = true;
  z.push_back(overlap);
  Zone joint = zone(ZoneType::Eez, {"DDD", "BBB"}, box(3, 2, 4, 3), "BBB/DDD joint");
  joint.joint_regime = true;
  z.push_back(joint);
  z.push_back(zone(ZoneType::Eez, {"EEE"},
                   box(6, 6, 8, 8, {{{6.5, 6.5, 0}, {6.5, 7.5, 0}, {7.5, 7.5, 0}, {7.5, 6.5, 0}}}),
                   "EEE EEZ"));
  return z;
}

TEST(ZoneMap, TerritorialSeaBeatsTheEezAroundIt) {
  const ZoneMap map(fixture());
  const Jurisdiction j = map.at(0.5, 0.5);
  EXPECT_EQ(j.type, ZoneType::TerritorialSea);
  EXPECT_THAT(j.states, ElementsAre("AAA"));
  EXPECT_FALSE(j.overlapping_claim);
  EXPECT_EQ(j.description, "territorial sea of AAA");
}

TEST(ZoneMap, AdjacentTerritorialSeasEachNameTheirOwnState) {
  const ZoneMap map(fixture());
  EXPECT_THAT(map.at(0.5, 0.99).states, ElementsAre("AAA"));
  EXPECT_THAT(map.at(0.5, 1.01).states, ElementsAre("BBB"));
  EXPECT_EQ(map.at(0.5, 1.01).description, "territorial sea of BBB");
}

TEST(ZoneMap, InternalWatersAreFlaggedAndNamed) {
  const ZoneMap map(fixture());
  const Jurisdiction j = map.at(0.3, 0.3);
  EXPECT_EQ(j.type, ZoneType::TerritorialSea);
  EXPECT_TRUE(j.internal_waters);
  EXPECT_EQ(j.description, "internal waters of AAA");
  EXPECT_FALSE(map.at(0.5, 0.5).internal_waters);
}

TEST(ZoneMap, ContiguousZoneBetweenTerritorialSeaAndEez) {
  const ZoneMap map(fixture());
  const Jurisdiction j = map.at(1.2, 0.5);
  EXPECT_EQ(j.type, ZoneType::ContiguousZone);
  EXPECT_EQ(j.description, "contiguous zone of AAA");
}

TEST(ZoneMap, EezWithTerritoryNamesSovereignAndTerritory) {
  const ZoneMap map(fixture());
  const Jurisdiction j = map.at(2.0, 2.0);
  EXPECT_EQ(j.type, ZoneType::Eez);
  EXPECT_THAT(j.states, ElementsAre("BBB"));
  EXPECT_THAT(j.territories, ElementsAre("BBT"));
  EXPECT_EQ(j.description, "EEZ of BBB (BBT)");
}

TEST(ZoneMap, OverlappingClaimNamesEveryClaimant) {
  const ZoneMap map(fixture());
  const Jurisdiction j = map.at(3.5, 1.5);
  EXPECT_EQ(j.type, ZoneType::Eez);
  EXPECT_THAT(j.states, ElementsAre("AAA", "CCC"));
  EXPECT_TRUE(j.overlapping_claim);
  EXPECT_FALSE(j.joint_regime);
  EXPECT_EQ(j.description, "EEZ claimed by AAA and CCC (overlapping claim)");
}

TEST(ZoneMap, JointRegimeNamesEveryPartySorted) {
  const ZoneMap map(fixture());
  const Jurisdiction j = map.at(3.5, 2.5);
  EXPECT_THAT(j.states, ElementsAre("BBB", "DDD"));
  EXPECT_TRUE(j.joint_regime);
  EXPECT_FALSE(j.overlapping_claim);
  EXPECT_EQ(j.description, "EEZ joint regime of BBB and DDD");
}

TEST(ZoneMap, TwoStatesPolygonsOverlappingCountAsAnOverlappingClaim) {
  // Independently simplified neighbours overlap by a few km: both are named.
  std::vector<Zone> zones{zone(ZoneType::Eez, {"AAA"}, box(0, 0, 1, 1.1)),
                          zone(ZoneType::Eez, {"BBB"}, box(0, 1, 1, 2))};
  const Jurisdiction j = ZoneMap(zones).at(0.5, 1.05);
  EXPECT_THAT(j.states, ElementsAre("AAA", "BBB"));
  EXPECT_TRUE(j.overlapping_claim);
}

TEST(ZoneMap, NobodysWatersHolesAndBadPointsAreHighSeas) {
  const ZoneMap map(fixture());
  for (const auto& [lat, lon] : std::vector<std::pair<double, double>>{
           {5.0, 5.0}, {7.0, 7.0}, {-30.0, 100.0}, {std::nan(""), 0.0}, {0.5, INFINITY}}) {
    const Jurisdiction j = map.at(lat, lon);
    EXPECT_EQ(j.type, ZoneType::HighSeas) << lat << " " << lon;
    EXPECT_THAT(j.states, IsEmpty());
    EXPECT_EQ(j.description, "high seas");
  }
  EXPECT_EQ(map.at(6.2, 6.2).description, "EEZ of EEE");
  EXPECT_EQ(ZoneMap().at(0.5, 0.5).type, ZoneType::HighSeas);
}

TEST(ZoneMap, ZonesAtEqualsTheBruteForceOnRandomPointsAndOnEdges) {
  // GIVEN the fixture and grids from coarse to finer than its features
  const auto zones = fixture();
  std::mt19937_64 rng(20261128);
  std::uniform_real_distribution<double> u(-1.5, 8.5);
  std::vector<std::pair<double, double>> points;
  for (int i = 0; i < 20'000; ++i) points.emplace_back(u(rng), u(rng));
  // Points on and next to every edge and vertex, and on cell boundaries.
  for (double a = -1.0; a <= 8.0; a += 0.05) {
    for (double b : {-1.0, 0.0, 0.2, 0.4, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 6.5, 7.5, 8.0}) {
      for (double d : {0.0, 1e-12, -1e-12, 1e-9, -1e-9}) {
        points.emplace_back(a, b + d);
        points.emplace_back(b + d, a);
      }
    }
  }
  for (double cell : {0.01, 0.1, 0.3, 1.0, 5.0}) {
    const ZoneMap map(zones, ZoneMapOptions{cell});
    for (const auto& [lat, lon] : points) {
      std::vector<const Zone*> brute;
      for (const Zone& z : map.zones()) {
        if (z.polygon.contains(lat, lon)) brute.push_back(&z);
      }
      ASSERT_EQ(map.zonesAt(lat, lon), brute) << "cell " << cell << " at " << lat << ", " << lon;
    }
  }
}

TEST(ZoneMap, StatsCountCellsAndEntries) {
  const ZoneMap map(fixture(), ZoneMapOptions{0.5});
  EXPECT_EQ(map.stats().zones, 9u);
  EXPECT_EQ(map.stats().vertices, 9u * 4 + 4);
  EXPECT_GT(map.stats().full_entries, 0u);
  EXPECT_GT(map.stats().boundary_entries, 0u);
  EXPECT_GT(map.stats().rows, 18u);
}

TEST(ZoneMap, RefusesBadInput) {
  EXPECT_THROW(ZoneMap(fixture(), ZoneMapOptions{0.0}), std::invalid_argument);
  EXPECT_THROW(ZoneMap(fixture(), ZoneMapOptions{6.0}), std::invalid_argument);
  EXPECT_THROW(ZoneMap({zone(ZoneType::Eez, {}, box(0, 0, 1, 1))}), std::invalid_argument);
  EXPECT_THROW(ZoneMap({zone(ZoneType::Eez, {"AAA"}, geo::GeoPolygon())}), std::invalid_argument);
  EXPECT_THROW(ZoneMap({zone(ZoneType::Eez, {"AAA"}, box(0, 0, std::nan(""), 1))}),
               std::invalid_argument);
}

TEST(JoinStates, ReadsLikeASentence) {
  EXPECT_EQ(joinStates({}), "");
  EXPECT_EQ(joinStates({"COL"}), "COL");
  EXPECT_EQ(joinStates({"COL", "JAM"}), "COL and JAM");
  EXPECT_EQ(joinStates({"BRB", "GUY", "VEN"}), "BRB, GUY and VEN");
}

}  // namespace
}  // namespace picket::cueing
