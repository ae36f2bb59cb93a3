#include "io/config_partners.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/config.hpp"

namespace picket::io {
namespace {

using cueing::Receives;
using cueing::ZoneType;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

const std::string kHead = "instance_id: t\nsensors: [{id: r, kind: coastal_radar}]\n";

std::vector<std::string> problemsOf(const std::string& yaml) {
  try {
    (void)parseConfig(kHead + yaml);
  } catch (const ConfigError& e) {
    return e.problems();
  }
  ADD_FAILURE() << "configuration was accepted:\n" << yaml;
  return {};
}

TEST(PartnersConfig, ListFormReadsEveryKindOfAuthorityAndReleasability) {
  const FusiondConfig c = parseConfig(kHead + R"(
partners:
  - id: JOC
    name: Watch floor
    receives: all
    authorities: [{fallback: true}]
  - id: ARC
    name: Colombian Navy
    min_severity: medium
    rules: [dark_target, go_fast]
    authorities:
      - {states: [COL], zones: [territorial_sea, contiguous_zone, eez]}
      - {flag_states: [COL]}
  - id: DCCG
    name: Dutch Caribbean Coast Guard
    authorities:
      - {territories: [ABW, CUW], zones: [eez]}
      - {basis: ship-rider box, polygon: [[12, -70], [12, -69], [13, -69]]}
  - id: LEDET
    name: US Coast Guard LEDET
    receives: none
    authorities: [{high_seas: true}]
)");
  ASSERT_THAT(c.partners, SizeIs(4));
  const auto& joc = c.partners[0];
  EXPECT_EQ(joc.receives, Receives::All);
  EXPECT_TRUE(joc.fallback);
  const auto& arc = c.partners[1];
  EXPECT_EQ(arc.name, "Colombian Navy");
  EXPECT_EQ(arc.min_severity, cueing::Severity::Medium);
  EXPECT_THAT(arc.rules, ElementsAre("dark_target", "go_fast"));
  ASSERT_THAT(arc.coastal, SizeIs(1));
  EXPECT_THAT(arc.coastal[0].states, ElementsAre("COL"));
  EXPECT_THAT(arc.coastal[0].zones,
              ElementsAre(ZoneType::TerritorialSea, ZoneType::ContiguousZone, ZoneType::Eez));
  EXPECT_THAT(arc.flag_states, ElementsAre("COL"));
  EXPECT_EQ(arc.receives, Receives::Cued);
  const auto& dccg = c.partners[2];
  EXPECT_THAT(dccg.coastal[0].territories, ElementsAre("ABW", "CUW"));
  ASSERT_THAT(dccg.areas, SizeIs(1));
  EXPECT_EQ(dccg.areas[0].basis, "ship-rider box");
  EXPECT_TRUE(dccg.areas[0].polygon.contains(12.2, -69.2));
  EXPECT_TRUE(c.partners[3].high_seas);
  EXPECT_EQ(c.partners[3].receives, Receives::None);
  // The table builds from it, and the log names each partner's authorities.
  EXPECT_NO_THROW(cueing::PartnerTable{c.partners});
  EXPECT_THAT(describePartners(c.partners),
              Contains(AllOf(HasSubstr("ARC (Colombian Navy)"), HasSubstr("coastal COL"),
                             HasSubstr("flag COL"), HasSubstr("from medium"))));
}

TEST(PartnersConfig, FirstFormIsMigrated) {
  const FusiondConfig c = parseConfig(kHead + R"(
partners:
  default: {id: USCG-LEDET, name: US Coast Guard LEDET}
  areas:
    - id: DCCG
      name: Dutch Caribbean Coast Guard
      areas:
        - {basis: territorial sea of Aruba, polygon: [[12.2, -70.3], [12.2, -69.6], [12.9, -69.6]]}
)");
  ASSERT_THAT(c.partners, SizeIs(2));
  EXPECT_EQ(c.partners[0].id, "DCCG");
  ASSERT_THAT(c.partners[0].areas, SizeIs(1));
  EXPECT_EQ(c.partners[1].id, "USCG-LEDET");
  EXPECT_TRUE(c.partners[1].high_seas);
  EXPECT_TRUE(c.default_partner.id.empty());
}

TEST(PartnersConfig, MistakesAreReportedWithTheirPath) {
  const auto problems = problemsOf(R"(
partners:
  - id: A
    name: a
    authorities:
      - {states: [Colombia], zones: [territorial_sea, high_seas]}
      - {states: [COL], high_seas: true}
      - {flag_states: []}
      - {fallback: false}
      - {states: [COL]}
  - id: A
    name: b
    receives: sometimes
    min_severity: urgent
    authorities: [{high_seas: true, color: red}]
  - id: bad/id
    name: c
  - {id: D, name: d, authorities: [{territories: ['*'], zones: [eez]}]}
)");
  EXPECT_THAT(problems, Contains(HasSubstr(
                            "partners[0].authorities[0].states[0]: 'Colombia' is not an ISO")));
  EXPECT_THAT(problems, Contains(HasSubstr(
                            "partners[0].authorities[0].zones: 'high_seas' is not one of")));
  EXPECT_THAT(problems, Contains(HasSubstr("partners[0].authorities[1]: expected exactly one kind")));
  EXPECT_THAT(problems,
              Contains(HasSubstr("partners[0].authorities[2].flag_states: expected at least one")));
  EXPECT_THAT(problems, Contains(HasSubstr("partners[0].authorities[3].fallback: only true")));
  EXPECT_THAT(problems, Contains(HasSubstr("partners[0].authorities[4].zones: required")));
  EXPECT_THAT(problems, Contains(HasSubstr("partners[1].id: duplicate partner id 'A'")));
  EXPECT_THAT(problems, Contains(HasSubstr("partners[1].receives: 'sometimes' is not one of")));
  EXPECT_THAT(problems, Contains(HasSubstr("partners[1].min_severity: 'urgent' is not one of")));
  EXPECT_THAT(problems, Contains(HasSubstr("partners[1].authorities[0].color: unknown key")));
  EXPECT_THAT(problems, Contains(HasSubstr("partners[2].id: 'bad/id' may hold only")));
  EXPECT_THAT(problems, Contains(HasSubstr("partners[2]: a partner without authorities")));
  EXPECT_THAT(problems, Contains(HasSubstr("partners[3].authorities[0].territories[0]: '*'")));
}

TEST(PartnersConfig, MissingOrEmptySectionIsRefused) {
  EXPECT_THAT(problemsOf(""), ElementsAre(HasSubstr("partners: required")));
  EXPECT_THAT(problemsOf("partners: []\n"), ElementsAre(HasSubstr("partners: expected a non-empty list")));
  EXPECT_THAT(problemsOf("partners: {areas: []}\n"),
              ElementsAre(HasSubstr("partners.default: required")));
}

TEST(GeographyConfig, KeysAreReadAndChecked) {
  const FusiondConfig c = parseConfig(kHead + R"(
partners: [{id: JOC, name: j, receives: all}]
geography:
  land: geo/land.geojson
  land_cell_deg: 0.05
  land_clipped_to_theatre: false
  ports: geo/ports.csv
  ports_cell_deg: 1
  zones:
    - geo/eez.geojson
    - {file: geo/ts.geojson, zone_type: territorial_sea}
    - {file: geo/cz.geojson, zone_type: from_pol_type}
  zones_cell_deg: 0.2
  area_files: [geo/areas.geojson]
  areas: [{id: box, polygon: [[0, 0], [0, 1], [1, 1]]}]
)");
  const GeographyConfig& g = c.geography;
  EXPECT_EQ(g.land_file, "geo/land.geojson");
  EXPECT_DOUBLE_EQ(g.land_cell_deg, 0.05);
  EXPECT_FALSE(g.land_clipped_to_theatre);
  EXPECT_EQ(g.ports_file, "geo/ports.csv");
  EXPECT_DOUBLE_EQ(g.ports_cell_deg, 1.0);
  ASSERT_THAT(g.zone_files, SizeIs(3));
  EXPECT_EQ(g.zone_files[0], (ZoneFileConfig{"geo/eez.geojson", std::nullopt}));
  EXPECT_EQ(g.zone_files[1], (ZoneFileConfig{"geo/ts.geojson", ZoneType::TerritorialSea}));
  EXPECT_EQ(g.zone_files[2].zone_type, std::nullopt);
  EXPECT_DOUBLE_EQ(g.zones_cell_deg, 0.2);
  EXPECT_THAT(g.area_files, ElementsAre("geo/areas.geojson"));
  ASSERT_THAT(g.areas, SizeIs(1));
  EXPECT_EQ(g.areas[0].id, "box");
  EXPECT_THAT(describeGeographyConfig(g),
              AllOf(HasSubstr("land geo/land.geojson"), HasSubstr("geo/ts.geojson (territorial_sea)")));
  EXPECT_EQ(describeGeographyConfig(GeographyConfig{}), "none");

  const auto problems = problemsOf(R"(
partners: [{id: JOC, name: j, receives: all}]
geography:
  land_cell_deg: 0
  zones: [{file: x.geojson, zone_type: high_seas}, {zone_type: eez}]
  area_files: geo/areas.geojson
  areas: [{id: a, polygon: [[0, 0]]}, {id: a, polygon: [[0, 0], [0, 1], [1, 1]]}]
  lnad: x
)");
  EXPECT_THAT(problems, Contains(HasSubstr("geography.land_cell_deg: 0 is outside")));
  EXPECT_THAT(problems, Contains(HasSubstr("geography.zones[0].zone_type: 'high_seas' is not one of")));
  EXPECT_THAT(problems, Contains(HasSubstr("geography.zones[1].file: required")));
  EXPECT_THAT(problems, Contains(HasSubstr("geography.area_files: expected a list")));
  EXPECT_THAT(problems, Contains(HasSubstr("geography.areas[0].polygon: expected a list")));
  EXPECT_THAT(problems, Contains(HasSubstr("duplicate area id 'a'")));
  EXPECT_THAT(problems, Contains(HasSubstr("geography.lnad: unknown key")));
}

}  // namespace
}  // namespace picket::io
