#include "cueing/partner_table.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace picket::cueing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

geo::GeoPolygon box(double lat0, double lon0, double lat1, double lon1) {
  return geo::GeoPolygon({{lat0, lon0, 0}, {lat0, lon1, 0}, {lat1, lon1, 0}, {lat1, lon0, 0}});
}

Jurisdiction jurisdiction(ZoneType type, std::vector<std::string> states,
                          std::string description, std::vector<std::string> territories = {}) {
  Jurisdiction j;
  j.type = type;
  j.states = std::move(states);
  j.territories = std::move(territories);
  j.description = std::move(description);
  j.overlapping_claim = j.states.size() > 1;
  return j;
}

const Jurisdiction kHighSeas{};  // type HighSeas, no states

Partner coastal(std::string id, std::vector<std::string> states, std::vector<ZoneType> zones,
                std::vector<std::string> territories = {}) {
  Partner p(id, id + " navy");
  p.coastal.push_back({std::move(states), std::move(territories), std::move(zones)});
  return p;
}

const std::vector<ZoneType> kAllZones{ZoneType::TerritorialSea, ZoneType::ContiguousZone,
                                      ZoneType::Eez};

/// The theatre's table in miniature: a watch floor, a LEDET for the high seas, the Colombian
/// and Jamaican navies in their zones (the Colombian also for COL-flagged vessels), the Dutch
/// Caribbean Coast Guard in ABW/CUW waters only, a Panamanian partner for PAN-flagged vessels
/// and a partner with a special-arrangement box.
std::vector<Partner> theatre() {
  Partner joc("JOC", "Watch floor");
  joc.receives = Receives::All;
  joc.fallback = true;
  Partner ledet("LEDET", "US Coast Guard LEDET");
  ledet.high_seas = true;
  Partner arc = coastal("ARC", {"COL"}, kAllZones);
  arc.flag_states = {"COL"};
  Partner jdf = coastal("JDF", {"JAM"}, {ZoneType::TerritorialSea, ZoneType::Eez});
  Partner dccg = coastal("DCCG", {}, kAllZones, {"ABW", "CUW"});
  Partner pan("SENAN", "Panama SENAN");
  pan.flag_states = {"PAN"};
  Partner box_partner("BOX", "Special arrangement");
  box_partner.areas.push_back({"ship-rider box", box(10, -80, 11, -79)});
  return {joc, ledet, arc, jdf, dccg, pan, box_partner};
}

std::vector<std::string> ids(const std::vector<PartnerCue>& cues) {
  std::vector<std::string> out;
  for (const auto& c : cues) out.push_back(c.partner_id);
  return out;
}

TEST(PartnerTable, CoastalStateIsCuedInItsTerritorialSea) {
  const PartnerTable t(theatre());
  const auto cues = t.partnersAt(
      jurisdiction(ZoneType::TerritorialSea, {"COL"}, "territorial sea of COL"), 10.5, -75.7);
  ASSERT_THAT(ids(cues), ElementsAre("ARC"));
  EXPECT_EQ(cues[0].basis, "territorial sea of COL");
  EXPECT_EQ(cues[0].name, "ARC navy");
}

TEST(PartnerTable, CoastalAuthorityHoldsOnlyInItsZoneTypes) {
  const PartnerTable t(theatre());
  // JDF is configured for the territorial sea and the EEZ, not the contiguous zone.
  EXPECT_THAT(ids(t.partnersAt(jurisdiction(ZoneType::Eez, {"JAM"}, "EEZ of JAM"), 0, 0)),
              ElementsAre("JDF"));
  const auto cz = t.partnersAt(
      jurisdiction(ZoneType::ContiguousZone, {"JAM"}, "contiguous zone of JAM"), 0, 0);
  // Nobody else has authority there: the watch floor's fallback names the gap.
  ASSERT_THAT(ids(cz), ElementsAre("JOC"));
  EXPECT_EQ(cz[0].basis, "contiguous zone of JAM: no other partner has authority");
  EXPECT_THAT(
      ids(t.partnersAt(jurisdiction(ZoneType::ContiguousZone, {"COL"}, "contiguous zone of COL"),
                       0, 0)),
      ElementsAre("ARC"));
}

TEST(PartnerTable, TerritoryAuthorityMatchesTheTerritoryNotTheSovereign) {
  const PartnerTable t(theatre());
  EXPECT_THAT(ids(t.partnersAt(jurisdiction(ZoneType::TerritorialSea, {"NLD"},
                                            "territorial sea of NLD (ABW)", {"ABW"}),
                               0, 0)),
              ElementsAre("DCCG"));
  // NLD's Sint Maarten is not in DCCG's configured territories here.
  EXPECT_THAT(ids(t.partnersAt(jurisdiction(ZoneType::Eez, {"NLD"}, "EEZ of NLD (SXM)", {"SXM"}),
                               0, 0)),
              ElementsAre("JOC"));
}

TEST(PartnerTable, HighSeasCueTheHighSeasPartner) {
  const PartnerTable t(theatre());
  const auto cues = t.partnersAt(kHighSeas, 15.0, -75.0);
  ASSERT_THAT(ids(cues), ElementsAre("LEDET"));
  EXPECT_EQ(cues[0].basis, "high seas");
}

TEST(PartnerTable, OverlappingClaimCuesEveryClaimant) {
  const PartnerTable t(theatre());
  const auto cues = t.partnersAt(
      jurisdiction(ZoneType::Eez, {"COL", "JAM"}, "EEZ claimed by COL and JAM (overlapping claim)"),
      15.0, -79.0);
  ASSERT_THAT(ids(cues), ElementsAre("ARC", "JDF"));
  EXPECT_EQ(cues[0].basis,
            "EEZ claimed by COL and JAM (overlapping claim): every claimant cued");
  EXPECT_EQ(cues[1].basis, cues[0].basis);
}

TEST(PartnerTable, JointRegimeCuesEveryParty) {
  const PartnerTable t(theatre());
  Jurisdiction j = jurisdiction(ZoneType::Eez, {"COL", "JAM"}, "EEZ joint regime of COL and JAM");
  j.overlapping_claim = false;
  j.joint_regime = true;
  const auto cues = t.partnersAt(j, 0, 0);
  ASSERT_THAT(ids(cues), ElementsAre("ARC", "JDF"));
  EXPECT_EQ(cues[0].basis, "EEZ joint regime of COL and JAM: every party cued");
}

TEST(PartnerTable, KnownFlagOnTheHighSeasNotesConsentAndCuesTheFlagPartner) {
  const PartnerTable t(theatre());
  const auto cues = t.partnersAt(kHighSeas, 15.0, -75.0, "PAN");
  ASSERT_THAT(ids(cues), ElementsAre("LEDET", "SENAN"));
  EXPECT_EQ(cues[0].basis,
            "high seas; flag state PAN: boarding needs flag-state consent (bilateral agreement)");
  EXPECT_EQ(cues[1].basis,
            "flag state PAN: boarding needs flag-state consent (bilateral agreement)");
}

TEST(PartnerTable, FlagMattersOutsideTerritorialSeasOnlyAndNotForTheCoastalStatesOwnFlag) {
  const PartnerTable t(theatre());
  // In COL's territorial sea the coastal state acts; the flag state is not cued.
  EXPECT_THAT(ids(t.partnersAt(
                  jurisdiction(ZoneType::TerritorialSea, {"COL"}, "territorial sea of COL"), 0, 0,
                  "PAN")),
              ElementsAre("ARC"));
  // In COL's EEZ a PAN-flagged vessel needs PAN's consent: both cued, the note on ARC's basis.
  const auto eez = t.partnersAt(jurisdiction(ZoneType::Eez, {"COL"}, "EEZ of COL"), 0, 0, "PAN");
  ASSERT_THAT(ids(eez), ElementsAre("ARC", "SENAN"));
  EXPECT_EQ(eez[0].basis,
            "EEZ of COL; flag state PAN: boarding needs flag-state consent (bilateral agreement)");
  // A COL-flagged vessel in COL's EEZ: no consent note.
  const auto own = t.partnersAt(jurisdiction(ZoneType::Eez, {"COL"}, "EEZ of COL"), 0, 0, "COL");
  ASSERT_THAT(ids(own), ElementsAre("ARC"));
  EXPECT_EQ(own[0].basis, "EEZ of COL");
  // A COL-flagged vessel on the high seas: the LEDET and ARC as the flag state's partner.
  const auto hs = t.partnersAt(kHighSeas, 0, 0, "COL");
  ASSERT_THAT(ids(hs), ElementsAre("LEDET", "ARC"));
  EXPECT_EQ(hs[1].basis,
            "flag state COL: boarding needs flag-state consent (bilateral agreement)");
}

TEST(PartnerTable, ExplicitAreasAddToZoneAuthorities) {
  const PartnerTable t(theatre());
  const auto cues = t.partnersAt(kHighSeas, 10.5, -79.5);
  ASSERT_THAT(ids(cues), ElementsAre("LEDET", "BOX"));
  EXPECT_EQ(cues[1].basis, "ship-rider box");
  EXPECT_THAT(ids(t.partnersAt(kHighSeas, 11.5, -79.5)), ElementsAre("LEDET"));
}

TEST(PartnerTable, WildcardStatesMatchEveryCoastalState) {
  Partner any = coastal("ANY", {"*"}, {ZoneType::Eez});
  const PartnerTable t({any});
  EXPECT_THAT(ids(t.partnersAt(jurisdiction(ZoneType::Eez, {"MEX"}, "EEZ of MEX"), 0, 0)),
              ElementsAre("ANY"));
  EXPECT_THAT(t.partnersAt(kHighSeas, 0, 0), IsEmpty());
}

TEST(PartnerTable, FirstFormDefaultPartnerBecomesTheHighSeasPartner) {
  const PartnerTable t({Partner("DCCG", "Dutch Caribbean Coast Guard",
                                {{"territorial sea of Aruba", box(12.2, -70.3, 12.9, -69.6)}})},
                       Partner("USCG-LEDET", "US Coast Guard LEDET"));
  const auto in_box = t.partnersAt(12.5, -70.0);
  ASSERT_THAT(ids(in_box), ElementsAre("DCCG", "USCG-LEDET"));
  EXPECT_EQ(in_box[0].basis, "territorial sea of Aruba");
  EXPECT_THAT(ids(t.partnersAt(13.5, -70.0)), ElementsAre("USCG-LEDET"));
  EXPECT_THAT(PartnerTable({}, Partner()).partnersAt(0.0, 0.0), IsEmpty());
  EXPECT_THAT(PartnerTable().partnersAt(0.0, 0.0), IsEmpty());
}

TEST(PartnerTable, ReleasabilityFollowsReceivesSeverityAndRules) {
  Partner cued("A", "a");
  Partner all("B", "b");
  all.receives = Receives::All;
  Partner none("C", "c");
  none.receives = Receives::None;
  Partner high_only("D", "d");
  high_only.min_severity = Severity::High;
  high_only.receives = Receives::All;
  Partner go_fast_only("E", "e");
  go_fast_only.rules = {"go_fast"};
  const std::vector<std::string> everyone{"A", "B", "C", "D", "E"};

  EXPECT_TRUE(PartnerTable::releasable(cued, "dark_target", Severity::Low, everyone));
  EXPECT_FALSE(PartnerTable::releasable(cued, "dark_target", Severity::Low, {"B"}));
  EXPECT_TRUE(PartnerTable::releasable(all, "dark_target", Severity::Info, {}));
  EXPECT_FALSE(PartnerTable::releasable(none, "dark_target", Severity::Critical, everyone));
  EXPECT_FALSE(PartnerTable::releasable(high_only, "dark_target", Severity::Medium, everyone));
  EXPECT_TRUE(PartnerTable::releasable(high_only, "dark_target", Severity::High, {}));
  EXPECT_FALSE(PartnerTable::releasable(go_fast_only, "dark_target", Severity::High, everyone));
  EXPECT_TRUE(PartnerTable::releasable(go_fast_only, "go_fast", Severity::Info, everyone));
}

TEST(PartnerTable, RefusesBadTables) {
  EXPECT_THROW(PartnerTable({Partner("", "x")}), std::invalid_argument);
  EXPECT_THROW(PartnerTable({Partner("A", "x"), Partner("A", "y")}), std::invalid_argument);
  EXPECT_THROW(PartnerTable({coastal("A", {}, kAllZones)}), std::invalid_argument);
  EXPECT_THROW(PartnerTable({coastal("A", {"COL"}, {ZoneType::HighSeas})}),
               std::invalid_argument);
  Partner empty_area("A", "x", {{"nothing", geo::GeoPolygon()}});
  EXPECT_THROW(PartnerTable({empty_area}), std::invalid_argument);
}

}  // namespace
}  // namespace picket::cueing
