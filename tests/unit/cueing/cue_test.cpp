#include "cueing/cue.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace picket::cueing {
namespace {

using ::testing::ElementsAre;

geo::GeoPolygon box(double lat0, double lon0, double lat1, double lon1) {
  return geo::GeoPolygon({{lat0, lon0, 0}, {lat0, lon1, 0}, {lat1, lon1, 0}, {lat1, lon0, 0}});
}

Zone zone(ZoneType type, std::vector<std::string> sovereigns, geo::GeoPolygon polygon) {
  Zone z;
  z.type = type;
  z.sovereigns = std::move(sovereigns);
  z.polygon = std::move(polygon);
  return z;
}

/// Going north along lon 0.5: COL's territorial sea (lat 0..1), its EEZ (1..3), a COL/JAM
/// overlapping claim (3..4), JAM's EEZ (4..5), then the high seas.
Geography geography() {
  std::vector<Zone> zones;
  zones.push_back(zone(ZoneType::TerritorialSea, {"COL"}, box(0, 0, 1, 1)));
  zones.push_back(zone(ZoneType::Eez, {"COL"}, box(0, 0, 3, 1)));
  Zone claim = zone(ZoneType::Eez, {"COL", "JAM"}, box(3, 0, 4, 1));
  claim.overlapping_claim = true;
  zones.push_back(claim);
  zones.push_back(zone(ZoneType::Eez, {"JAM"}, box(4, 0, 5, 1)));
  Geography g;
  g.zones = std::make_shared<const ZoneMap>(std::move(zones));
  return g;
}

PartnerTable partners() {
  Partner joc("JOC", "Watch floor");
  joc.receives = Receives::All;
  Partner ledet("LEDET", "US Coast Guard LEDET");
  ledet.high_seas = true;
  Partner arc("ARC", "Colombian Navy");
  arc.coastal.push_back({{"COL"}, {}, {ZoneType::TerritorialSea, ZoneType::Eez}});
  Partner jdf("JDF", "Jamaica Defence Force Coast Guard");
  jdf.coastal.push_back({{"JAM"}, {}, {ZoneType::TerritorialSea, ZoneType::Eez}});
  jdf.min_severity = Severity::High;
  Partner pan("SENAN", "Panama SENAN");
  pan.flag_states = {"PAN"};
  Partner mex("SEMAR", "Mexican Navy");
  mex.coastal.push_back({{"MEX"}, {}, {ZoneType::TerritorialSea, ZoneType::Eez}});
  Partner liaison("LIAISON", "Liaison named in cues only");
  liaison.coastal.push_back({{"COL"}, {}, {ZoneType::TerritorialSea}});
  liaison.receives = Receives::None;
  return PartnerTable({joc, ledet, arc, jdf, pan, mex, liaison});
}

core::Timestamp at(double s) { return core::Timestamp{} + core::Duration::fromSeconds(s); }

/// A vessel at `lat0` on lon 0.5 predicted at +30, +60 and +120 min at the given latitudes.
AlertEvent event(double lat0, std::vector<double> predicted_lats, Severity severity = Severity::Medium) {
  AlertEvent e;
  e.rule = "dark_target";
  e.severity = severity;
  e.time = at(1000);
  e.track_position = {lat0, 0.5, 0};
  const double minutes[] = {30, 60, 120};
  for (std::size_t i = 0; i < predicted_lats.size(); ++i) {
    Prediction p;
    p.time = at(1000 + 60 * minutes[i]);
    p.position = {predicted_lats[i], 0.5, 0};
    e.predicted.push_back(p);
  }
  return e;
}

std::vector<std::string> ids(const std::vector<PartnerCue>& cues) {
  std::vector<std::string> out;
  for (const auto& c : cues) out.push_back(c.partner_id);
  return out;
}

TEST(CompleteCue, JurisdictionAtTheTrackThenAtEachPrediction) {
  AlertEvent e = event(0.5, {2.0, 3.5, 6.0});
  completeCue(e, geography(), partners());
  ASSERT_EQ(e.jurisdiction.size(), 4u);
  EXPECT_EQ(e.jurisdiction[0].time, at(1000));
  EXPECT_EQ(e.jurisdiction[0].jurisdiction.description, "territorial sea of COL");
  EXPECT_EQ(e.jurisdiction[1].time, at(1000 + 1800));
  EXPECT_EQ(e.jurisdiction[1].position.lat_deg, 2.0);
  EXPECT_EQ(e.jurisdiction[1].jurisdiction.description, "EEZ of COL");
  EXPECT_EQ(e.jurisdiction[2].jurisdiction.description,
            "EEZ claimed by COL and JAM (overlapping claim)");
  EXPECT_EQ(e.jurisdiction[3].jurisdiction.description, "high seas");
}

TEST(CompleteCue, EveryPartnerOnceWithItsReasonsAndWhenTheyHold) {
  // GIVEN a vessel in COL's territorial sea heading north across the overlapping claim
  AlertEvent e = event(0.5, {2.0, 3.5, 6.0});
  completeCue(e, geography(), partners());
  // THEN ARC (now), JDF (claimant at +60), the LEDET (+120) and the liaison are named
  ASSERT_THAT(ids(e.partners), ElementsAre("ARC", "LIAISON", "JDF", "LEDET"));
  EXPECT_EQ(e.partners[0].basis,
            "territorial sea of COL; EEZ of COL (at +30 min); EEZ claimed by COL and JAM "
            "(overlapping claim): every claimant cued (at +60 min)");
  EXPECT_EQ(e.partners[2].basis,
            "EEZ claimed by COL and JAM (overlapping claim): every claimant cued (at +60 min)");
  EXPECT_EQ(e.partners[3].basis, "high seas (at +120 min)");
}

TEST(CompleteCue, AReasonHoldingEverywhereCarriesNoLabel) {
  AlertEvent e = event(8.0, {8.5, 9.0, 9.5});
  completeCue(e, geography(), partners());
  ASSERT_THAT(ids(e.partners), ElementsAre("LEDET"));
  EXPECT_EQ(e.partners[0].basis, "high seas");
}

TEST(CompleteCue, ReleasableToCuedAndReceiveAllPartnersOnly) {
  AlertEvent e = event(0.5, {2.0, 3.5, 6.0}, Severity::Medium);
  completeCue(e, geography(), partners());
  // JDF is cued but takes only high-severity events; LIAISON is cued but receives none;
  // SENAN and SEMAR are not cued.
  EXPECT_THAT(e.releasable_to, ElementsAre("JOC", "LEDET", "ARC"));

  AlertEvent high = event(0.5, {2.0, 3.5, 6.0}, Severity::High);
  completeCue(high, geography(), partners());
  EXPECT_THAT(high.releasable_to, ElementsAre("JOC", "LEDET", "ARC", "JDF"));
}

TEST(CompleteCue, NoPartnerEverReceivesAnEventItShouldNot) {
  // Over a sweep of positions and severities, every releasable partner is receive-all or
  // cued, at or above its minimum severity, and never receives: none.
  const PartnerTable table = partners();
  const Geography g = geography();
  for (double lat = -1.0; lat <= 7.0; lat += 0.25) {
    for (Severity s : {Severity::Info, Severity::Medium, Severity::Critical}) {
      for (const std::string flag : {"", "PAN"}) {
        AlertEvent e = event(lat, {lat + 0.5, lat + 1.0}, s);
        e.flag_state = flag;
        completeCue(e, g, table);
        for (const auto& id : e.releasable_to) {
          const Partner* p = table.find(id);
          ASSERT_NE(p, nullptr);
          EXPECT_NE(p->receives, Receives::None) << id;
          EXPECT_TRUE(p->min_severity <= s) << id;
          if (p->receives == Receives::Cued) {
            EXPECT_THAT(ids(e.partners), ::testing::Contains(id)) << id << " at " << lat;
          }
        }
        EXPECT_THAT(e.releasable_to, ::testing::Not(::testing::Contains("SEMAR")));
        EXPECT_THAT(e.releasable_to, ::testing::Contains("JOC"));
      }
    }
  }
}

TEST(CompleteCue, FlagStatePartnerIsCuedAndReleasableOutsideTerritorialSeas) {
  AlertEvent e = event(2.0, {2.5});
  e.flag_state = "PAN";
  completeCue(e, geography(), partners());
  ASSERT_THAT(ids(e.partners), ElementsAre("ARC", "SENAN"));
  EXPECT_EQ(e.partners[0].basis,
            "EEZ of COL; flag state PAN: boarding needs flag-state consent (bilateral agreement)");
  EXPECT_THAT(e.releasable_to, ElementsAre("JOC", "ARC", "SENAN"));

  AlertEvent in_ts = event(0.5, {0.6});
  in_ts.flag_state = "PAN";
  completeCue(in_ts, geography(), partners());
  EXPECT_THAT(ids(in_ts.partners), ElementsAre("ARC", "LIAISON"));
}

TEST(CompleteCue, WithoutZonesEverythingIsHighSeas) {
  AlertEvent e = event(0.5, {2.0});
  completeCue(e, Geography{}, partners());
  ASSERT_EQ(e.jurisdiction.size(), 2u);
  EXPECT_EQ(e.jurisdiction[0].jurisdiction.type, ZoneType::HighSeas);
  EXPECT_THAT(ids(e.partners), ElementsAre("LEDET"));
}

TEST(CompleteCue, RunningItTwiceGivesTheSameCue) {
  AlertEvent e = event(0.5, {2.0, 3.5, 6.0});
  completeCue(e, geography(), partners());
  AlertEvent again = e;
  completeCue(again, geography(), partners());
  EXPECT_EQ(again, e);
}

}  // namespace
}  // namespace picket::cueing
