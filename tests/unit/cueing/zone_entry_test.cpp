#include "cueing/zone_entry_rule.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "identity_rules_harness.hpp"
#include "support/synthetic_sensors.hpp"

namespace picket::cueing {
namespace {

using test::at;
using test::evidence;
using test::StraightTarget;

geo::GeoPolygon box(double lat0, double lon0, double lat1, double lon1) {
  return geo::GeoPolygon({{lat0, lon0, 0}, {lat0, lon1, 0}, {lat1, lon1, 0}, {lat1, lon0, 0}});
}

/// A radar-tracked vessel sailing east at 8 m/s from the high seas into Colombia's EEZ (from
/// 2 km east of its start) and through a 2 km wide strip of its territorial sea (5-7 km east).
struct ZoneScenario {
  test::CoastalRadar radar;
  tracking::Tracker tracker{{}, test::sensorTable()};
  ZoneEntryRule rule;
  test::RuleRunner runner{tracker, rule, {}, {}, {}};
  test::Rng rng{3};
  std::uint64_t seq = 0;
  StraightTarget vessel{test::fromSite(radar, 40.0, 20'000.0), 90.0, 8.0};

  explicit ZoneScenario(ZoneEntryConfig config = {}) : rule(std::move(config)) {
    const core::GeoPoint s = vessel.start;
    const auto lonAt = [&](double east_m) { return geo::geodesicDirect(s, 90.0, east_m).lon_deg; };
    Zone eez{ZoneType::Eez, {"COL"}, "Colombian Exclusive Economic Zone", false, false,
             box(s.lat_deg - 0.5, lonAt(2'000), s.lat_deg + 0.5, lonAt(200'000)), {}, false};
    Zone ts{ZoneType::TerritorialSea, {"COL"}, "Colombian Territorial Sea", false, false,
            box(s.lat_deg - 0.5, lonAt(5'000), s.lat_deg + 0.5, lonAt(7'000)), {}, false};
    runner.geography.zones = std::make_shared<ZoneMap>(std::vector<Zone>{eez, ts});
  }
  void sail(double from_s, double to_s) {
    for (double t = from_s; t <= to_s; t += 6) {
      runner.scan(radar.scan(at(t), ++seq, {radar.measure(vessel.ecef(t), at(t), &rng)}));
    }
  }
};

TEST(ZoneEntryRule, SuspectEnteringEezAndTerritorialSeaIsReportedAndLeavingClears) {
  // GIVEN a suspect track (another rule's subject)
  ZoneScenario s;
  s.runner.suspects.ids = {1};
  // WHEN it sails through the EEZ boundary and the territorial sea strip
  s.sail(0, 1100);
  ASSERT_EQ(s.tracker.tracks().begin()->first, 1u);
  // THEN each entry is one finding, with the zone, state, entry time and position
  ASSERT_EQ(s.runner.sink.raised.size(), 2u);
  const Finding& eez = s.runner.sink.raised[0];
  EXPECT_EQ(eez.tracks, std::vector<core::TrackId>{1});
  EXPECT_EQ(eez.tag, "eez:COL");
  EXPECT_EQ(eez.severity, Severity::Medium);
  EXPECT_EQ(evidence(eez, "states"), "COL");
  EXPECT_EQ(evidence(eez, "previous_zone"), "high seas");
  EXPECT_EQ(evidence(eez, "zone"), "EEZ of COL");
  EXPECT_FALSE(evidence(eez, "entry_position").empty());
  EXPECT_EQ(evidence(eez, "param.confirm_positions"), "2");
  const Finding& ts = s.runner.sink.raised[1];
  EXPECT_EQ(ts.tag, "territorial_sea:COL");
  EXPECT_EQ(ts.severity, Severity::High);
  EXPECT_EQ(evidence(ts, "previous_zone"), "EEZ of COL");
  // Entered at 5 km / 8 m/s = 625 s: the scan before or after, within the track's error.
  const std::string entry = evidence(ts, "entry_time");
  EXPECT_TRUE(entry == cueing::detail::utcText(at(624)) || entry == cueing::detail::utcText(at(630)))
      << entry;
  // AND leaving the strip (at 875 s) clears the territorial sea entry, not the EEZ one
  ASSERT_EQ(s.runner.sink.cleared.size(), 1u);
  EXPECT_EQ(s.runner.sink.cleared[0].tag, "territorial_sea:COL");
}

TEST(ZoneEntryRule, NonSuspectEnteringTheSameZonesRaisesNothing) {
  ZoneScenario s;
  s.sail(0, 1100);
  EXPECT_TRUE(s.runner.sink.raised.empty());
  EXPECT_EQ(s.rule.tracks(), 0u);
}

TEST(ZoneEntryRule, OnlyConfiguredZoneTypesAndStates) {
  ZoneEntryConfig c;
  c.contiguous_zone = false;
  c.eez = false;
  ZoneScenario s(c);
  s.runner.suspects.ids = {1};
  s.sail(0, 1100);
  ASSERT_EQ(s.runner.sink.raised.size(), 1u);
  EXPECT_EQ(s.runner.sink.raised[0].tag, "territorial_sea:COL");

  ZoneEntryConfig other;
  other.states = {"VEN"};
  ZoneScenario v(other);
  v.runner.suspects.ids = {1};
  v.sail(0, 1100);
  EXPECT_TRUE(v.runner.sink.raised.empty());
}

TEST(ZoneEntryRule, SuspicionEndingClearsTheEntryAndDropsTheState) {
  ZoneScenario s;
  s.runner.suspects.ids = {1};
  s.sail(0, 400);
  ASSERT_EQ(s.runner.sink.raised.size(), 1u);
  EXPECT_EQ(s.rule.tracks(), 1u);
  s.runner.suspects.ids.clear();
  s.sail(406, 420);
  ASSERT_EQ(s.runner.sink.cleared.size(), 1u);
  EXPECT_EQ(s.runner.sink.cleared[0].tag, "eez:COL");
  EXPECT_EQ(s.rule.tracks(), 0u);
}

TEST(ZoneEntryRule, StateOfDeletedTracksIsDropped) {
  ZoneScenario s;
  s.runner.suspects.ids = {1};
  s.sail(0, 120);
  EXPECT_EQ(s.rule.tracks(), 1u);
  for (double t = 180; t <= 1200; t += 60) s.runner.advanceTo(at(t));
  EXPECT_EQ(s.tracker.trackCount(), 0u);
  EXPECT_EQ(s.rule.tracks(), 0u);
}

TEST(ZoneEntryRule, WithoutZonesNothingHappens) {
  ZoneScenario s;
  s.runner.geography.zones.reset();
  s.runner.suspects.ids = {1};
  s.sail(0, 1100);
  EXPECT_TRUE(s.runner.sink.raised.empty());
}

}  // namespace
}  // namespace picket::cueing
