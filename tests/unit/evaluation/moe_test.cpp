#include "evaluation/moe.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string_view>
#include <tuple>

#include "geo/wgs84.hpp"

namespace picket::evaluation {
namespace {

constexpr std::int64_t kSecond = 1'000'000'000;
constexpr double kDegPerMetre = 1.0 / 111'000.0;  // latitude, roughly

core::Timestamp at(std::int64_t t_s) { return core::Timestamp{t_s * kSecond}; }

// A platform sailing north from (12, -70) at 10 m/s.
core::GeoPoint along(std::int64_t t_s, double lon_deg = -70.0) {
  return {12.0 + 10.0 * static_cast<double>(t_s) * kDegPerMetre, lon_deg, 0.0};
}

PlantedEventRecord event(const std::string& id, const std::string& kind,
                         std::vector<std::string> platforms, std::int64_t start_s,
                         std::int64_t end_s, bool near_miss = false) {
  PlantedEventRecord e;
  e.id = id;
  e.kind = kind;
  e.near_miss = near_miss;
  e.start = at(start_s);
  e.end = at(end_s);
  e.platform_ids = std::move(platforms);
  return e;
}

TruthSample truth(std::int64_t t_s, const std::string& id, core::GeoPoint p,
                  std::uint32_t mmsi = 0) {
  TruthSample s;
  s.time = at(t_s);
  s.platform_id = id;
  s.position = p;
  s.mmsi = mmsi;
  return s;
}

TrackSample row(std::int64_t t_s, core::TrackId id, core::GeoPoint p,
                core::TrackStatus status = core::TrackStatus::Confirmed, std::uint32_t mmsi = 0) {
  TrackSample s;
  s.time = at(t_s);
  s.track_id = id;
  s.status = status;
  s.position = p;
  s.mmsi = mmsi;
  return s;
}

AlertRecord alert(std::int64_t t_s, const std::string& id, const std::string& rule,
                  core::TrackId track, core::GeoPoint p = {}) {
  AlertRecord a;
  a.time = at(t_s);
  a.alert_id = id;
  a.rule = rule;
  a.track_id = track;
  a.position = p;
  return a;
}

// GIVEN truth every 10 s over [0, 1000] s for each platform on its own meridian
void addTruth(MoeScorer& s, const std::string& platform, double lon_deg, std::uint32_t mmsi = 0) {
  for (std::int64_t t = 0; t <= 1000; t += 10) s.addTruth(truth(t, platform, along(t, lon_deg), mmsi));
}

// Track rows every 10 s from `from_s` to `to_s` following the platform on `lon_deg`, 50 m off.
void addTrack(MoeScorer& s, core::TrackId id, double lon_deg, std::int64_t from_s,
              std::int64_t to_s) {
  for (std::int64_t t = from_s; t <= to_s; t += 10) {
    core::GeoPoint p = along(t, lon_deg);
    p.lat_deg += 50.0 * kDegPerMetre;
    s.addTrack(row(t, id, p));
  }
}

TEST(Moe, AnAlertOnTheTrackOfThePlantedPlatformMatchesItsEvent) {
  MoeScorer s({event("gf-1", "dark-go-fast-run", {"go-fast-1"}, 0, 1000)}, {});
  addTruth(s, "go-fast-1", -70.0);
  addTrack(s, 7, -70.0, 100, 1000);
  const MoeResult r = s.score({alert(400, "a1", "dark_target", 7)});
  EXPECT_EQ(r.planted, 1u);
  EXPECT_EQ(r.matched, 1u);
  EXPECT_DOUBLE_EQ(r.recall(), 1.0);
  EXPECT_EQ(r.scored_alerts, 1u);
  EXPECT_DOUBLE_EQ(r.precision(), 1.0);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].first_alert_id, "a1");
}

TEST(Moe, TimeToFirstCueRunsFromTheFirstHeldRowToTheFirstMatchingAlert) {
  MoeScorer s({event("gf-1", "dark-go-fast-run", {"go-fast-1"}, 0, 1000)}, {});
  addTruth(s, "go-fast-1", -70.0);
  addTrack(s, 7, -70.0, 100, 1000);
  // Two alert IDs on the track: the earlier one is the first cue.
  const MoeResult r = s.score({alert(600, "a2", "go_fast", 7), alert(400, "a1", "dark_target", 7)});
  ASSERT_EQ(r.time_to_cue_s.size(), 1u);
  EXPECT_DOUBLE_EQ(r.time_to_cue_s[0], 300.0);
  EXPECT_DOUBLE_EQ(*r.timeToCueQuantile(0.5), 300.0);
  EXPECT_EQ(r.events[0].first_detection, at(100));
  EXPECT_EQ(r.events[0].first_cue, at(400));
  EXPECT_EQ(r.true_alerts, 2u);
}

TEST(Moe, DetectionBeforeTheEventStartsTheClockAtTheEventStart) {
  // An AIS track held since t = 0 goes dark at 500: the cue is timed from 500.
  MoeScorer s({event("dark-1", "ais-switched-off", {"merchant-1"}, 500, 1000)}, {});
  addTruth(s, "merchant-1", -70.0);
  addTrack(s, 3, -70.0, 0, 500);
  const MoeResult r = s.score({alert(800, "g1", "ais_gap", 3)});
  EXPECT_EQ(r.matched, 1u);
  ASSERT_EQ(r.time_to_cue_s.size(), 1u);
  EXPECT_DOUBLE_EQ(r.time_to_cue_s[0], 300.0);
}

TEST(Moe, AnAlertedNearMissIsAFalseAlarmCountedApart) {
  MoeScorer s({event("gf-1", "dark-go-fast-run", {"go-fast-1"}, 0, 1000),
               event("nm-1", "dark-go-fast-run", {"pleasure-1"}, 0, 1000, true)},
              {});
  addTruth(s, "go-fast-1", -70.0);
  addTruth(s, "pleasure-1", -69.0);
  addTrack(s, 7, -70.0, 100, 1000);
  addTrack(s, 8, -69.0, 100, 1000);
  const MoeResult r = s.score({alert(400, "a1", "dark_target", 7), alert(400, "a2", "dark_target", 8)});
  EXPECT_EQ(r.planted, 1u);
  EXPECT_EQ(r.matched, 1u);
  EXPECT_EQ(r.near_misses, 1u);
  EXPECT_EQ(r.near_misses_alerted, 1u);
  EXPECT_EQ(r.scored_alerts, 2u);
  EXPECT_EQ(r.true_alerts, 1u);
  EXPECT_EQ(r.near_miss_false_alerts, 1u);
  EXPECT_DOUBLE_EQ(r.precision(), 0.5);
  EXPECT_EQ(r.by_rule.at("dark_target").near_miss_false, 1u);
}

TEST(Moe, WrongRuleWrongTimeOrWrongTrackDoNotMatch) {
  MoeConfig c;
  c.grace_s = 100.0;
  MoeScorer t({event("gf-1", "dark-go-fast-run", {"go-fast-1"}, 0, 500)}, c);
  addTruth(t, "go-fast-1", -70.0);
  addTruth(t, "other", -69.0);  // in no event: ignored
  addTrack(t, 7, -70.0, 100, 1000);
  addTrack(t, 9, -69.0, 0, 1000);
  const MoeResult r = t.score({
      alert(300, "rule", "loitering", 7),     // a scored rule that does not fit the kind
      alert(700, "late", "dark_target", 7),   // after end + grace
      alert(300, "track", "dark_target", 9),  // a track of another vessel
  });
  EXPECT_EQ(r.matched, 0u);
  EXPECT_EQ(r.scored_alerts, 3u);
  EXPECT_EQ(r.true_alerts, 0u);
  EXPECT_DOUBLE_EQ(r.recall(), 0.0);
}

TEST(Moe, AKindWithALongerObservationLeadLooksBackThatFar) {
  // A vessel held by track 7 until 100 s, then silent; it switches its AIS off at 800 s and
  // the gap alert on track 7 comes at 900 s. With a lookback of 600 s the track's last row
  // (100 s) is too old for a go-fast run; an AIS gap's observation lead (800 s here) reaches it.
  MoeConfig c;
  c.lookback_s = 600.0;
  c.observation_lead_s = {{"ais-switched-off", 800.0}};
  MoeScorer s({event("gap-1", "ais-switched-off", {"vessel-1"}, 800, 1000),
               event("gf-1", "dark-go-fast-run", {"vessel-1"}, 800, 1000)},
              c);
  addTruth(s, "vessel-1", -70.0);
  addTrack(s, 7, -70.0, 0, 100);
  const MoeResult r = s.score({alert(900, "gap", "ais_gap", 7), alert(900, "fast", "go_fast", 7)});
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].first_alert_id, "gap");
  EXPECT_FALSE(r.events[1].first_cue.has_value());
  EXPECT_EQ(r.true_alerts, 1u);
  // With a lead no longer than the lookback, the lookback rules.
  c.observation_lead_s = {{"ais-switched-off", 300.0}};
  MoeScorer t({event("gap-1", "ais-switched-off", {"vessel-1"}, 800, 1000)}, c);
  addTruth(t, "vessel-1", -70.0);
  addTrack(t, 7, -70.0, 0, 100);
  EXPECT_EQ(t.score({alert(900, "gap", "ais_gap", 7)}).true_alerts, 0u);
}

TEST(Moe, AlertsOfRulesOutsideTheTableAreListedNotScored) {
  MoeScorer s({event("gf-1", "dark-go-fast-run", {"go-fast-1"}, 0, 1000)}, {});
  addTruth(s, "go-fast-1", -70.0);
  addTrack(s, 7, -70.0, 100, 1000);
  const MoeResult r = s.score({alert(400, "x", "experimental_rule", 7)});
  EXPECT_EQ(r.scored_alerts, 0u);
  EXPECT_EQ(r.unscored_alerts.at("experimental_rule"), 1u);
  EXPECT_EQ(r.matched, 0u);
}

TEST(Moe, CustodyIsTheShareOfEventTruthSamplesWithARecentAssociatedRow) {
  MoeConfig c;
  c.custody_max_age_s = 15.0;
  MoeScorer s({event("gf-1", "dark-go-fast-run", {"go-fast-1"}, 0, 1000)}, c);
  addTruth(s, "go-fast-1", -70.0);
  addTrack(s, 7, -70.0, 500, 1000);  // held over the second half only
  const MoeResult r = s.score({});
  const auto& [samples, held] = r.custody_by_platform.at("go-fast-1");
  EXPECT_EQ(samples, 101u);
  EXPECT_EQ(held, 51u);
  EXPECT_NEAR(r.custodyShare(), 51.0 / 101.0, 1e-12);
  EXPECT_EQ(r.by_kind.at("dark-go-fast-run").custody_held, 51u);
}

TEST(Moe, TentativeAndDeletedRowsHoldNothing) {
  MoeScorer s({event("gf-1", "dark-go-fast-run", {"go-fast-1"}, 0, 1000)}, {});
  addTruth(s, "go-fast-1", -70.0);
  s.addTrack(row(100, 7, along(100), core::TrackStatus::Tentative));
  s.addTrack(row(110, 7, along(110), core::TrackStatus::Deleted));
  const MoeResult r = s.score({alert(200, "a", "dark_target", 7)});
  EXPECT_EQ(r.track_rows, 2u);
  EXPECT_EQ(r.track_rows_associated, 0u);
  EXPECT_EQ(r.matched, 0u);  // track 7 is known, so no position fallback either
}

TEST(Moe, ATrackReportingThePlatformsMmsiIsItWhereverItIs) {
  // A spoofed position: the AIS track sits 100 km west of its vessel.
  MoeScorer s({event("sp-1", "spoofed-position", {"merchant-1"}, 0, 1000)}, {});
  addTruth(s, "merchant-1", -70.0, 367123456);
  for (std::int64_t t = 0; t <= 1000; t += 10) {
    s.addTrack(row(t, 4, along(t, -70.9), core::TrackStatus::Confirmed, 367123456));
  }
  const MoeResult r = s.score({alert(300, "sp", "spoofing", 4, along(300, -70.9))});
  EXPECT_EQ(r.matched, 1u);
}

TEST(Moe, AnAlertWithoutAKnownTrackMatchesByPosition) {
  MoeScorer s({event("dark-1", "ais-switched-off", {"merchant-1"}, 0, 1000)}, {});
  addTruth(s, "merchant-1", -70.0);
  const core::GeoPoint near = {along(600).lat_deg + 3000.0 * kDegPerMetre, -70.0, 0.0};
  const core::GeoPoint far = {along(600).lat_deg + 30000.0 * kDegPerMetre, -70.0, 0.0};
  const MoeResult r = s.score({alert(600, "g1", "ais_gap", 0, near), alert(600, "g2", "ais_gap", 0, far)});
  EXPECT_EQ(r.matched, 1u);
  EXPECT_EQ(r.true_alerts, 1u);
  EXPECT_EQ(r.events[0].first_alert_id, "g1");
  EXPECT_EQ(r.cued_without_detection, 1u);  // no track ever held it
}

TEST(Moe, RelatedTracksCountForTwoVesselFindings) {
  MoeScorer s({event("rv-1", "rendezvous", {"logistics-1", "go-fast-1"}, 0, 1000)}, {});
  addTruth(s, "logistics-1", -70.0);
  addTruth(s, "go-fast-1", -69.5);
  addTrack(s, 11, -69.5, 0, 1000);
  addTrack(s, 12, -68.0, 0, 1000);  // nobody of the event
  AlertRecord a = alert(500, "rv", "rendezvous", 12);
  a.related_tracks = {11};
  const MoeResult r = s.score({a});
  EXPECT_EQ(r.matched, 1u);
}

TEST(Moe, PerKindBreakdownCountsEachKind) {
  MoeScorer s({event("gf-1", "dark-go-fast-run", {"go-fast-1"}, 0, 1000),
               event("lo-1", "loitering", {"fishing-1"}, 0, 1000),
               event("lo-2", "loitering", {"fishing-2"}, 0, 1000, true)},
              {});
  addTruth(s, "go-fast-1", -70.0);
  addTruth(s, "fishing-1", -69.0);
  addTruth(s, "fishing-2", -68.0);
  addTrack(s, 1, -70.0, 0, 1000);
  addTrack(s, 2, -69.0, 0, 1000);
  const MoeResult r = s.score({alert(100, "l", "loitering", 2)});
  EXPECT_EQ(r.by_kind.at("dark-go-fast-run").planted, 1u);
  EXPECT_EQ(r.by_kind.at("dark-go-fast-run").matched, 0u);
  EXPECT_EQ(r.by_kind.at("loitering").planted, 1u);
  EXPECT_EQ(r.by_kind.at("loitering").matched, 1u);
  EXPECT_EQ(r.by_kind.at("loitering").near_misses, 1u);
  EXPECT_NEAR(r.recall(), 0.5, 1e-12);
}

TEST(Moe, AircraftHaveTheWiderAirGate) {
  // An air track 10 km off its aircraft is associated; a surface track 10 km off is not.
  MoeScorer s({event("tx-1", "transponder-off", {"airliner-1"}, 0, 1000),
               event("gf-1", "dark-go-fast-run", {"go-fast-1"}, 0, 1000)},
              {});
  for (std::int64_t t = 0; t <= 1000; t += 10) {
    core::GeoPoint air = along(t, -70.0);
    air.alt_m = 10000.0;
    s.addTruth(truth(t, "airliner-1", air));
    s.addTruth(truth(t, "go-fast-1", along(t, -60.0)));
  }
  for (std::int64_t t = 0; t <= 1000; t += 10) {
    core::GeoPoint p = along(t, -70.0);
    p.lat_deg += 10'000.0 * kDegPerMetre;
    s.addTrack(row(t, 1, p));
    core::GeoPoint q = along(t, -60.0);
    q.lat_deg += 10'000.0 * kDegPerMetre;
    s.addTrack(row(t, 2, q));
  }
  const MoeResult r = s.score({});
  EXPECT_GT(r.custody_by_platform.at("airliner-1").second, 90u);
  EXPECT_EQ(r.custody_by_platform.at("go-fast-1").second, 0u);
}

TEST(Moe, QuantilesUseTheNearestRank) {
  MoeResult r;
  EXPECT_FALSE(r.timeToCueQuantile(0.5).has_value());
  r.time_to_cue_s = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
  EXPECT_DOUBLE_EQ(*r.timeToCueQuantile(0.5), 50.0);
  EXPECT_DOUBLE_EQ(*r.timeToCueQuantile(0.9), 90.0);
  EXPECT_DOUBLE_EQ(*r.timeToCueQuantile(1.0), 100.0);
}

TEST(RuleTable, DefaultsMapEveryEventKindOfTheSimulator) {
  const RuleTable t = RuleTable::defaults();
  for (const char* kind :
       {"dark-go-fast-run", "rendezvous", "small-craft-meeting", "ais-switched-off",
        "spoofed-position", "spoofed-mmsi", "identity-change", "semi-submersible-run",
        "suspect-flight", "transponder-off", "loitering"}) {
    EXPECT_EQ(t.entries().count(kind), 1u) << kind;
  }
  EXPECT_TRUE(t.fits("dark-go-fast-run", "dark_target"));
  EXPECT_TRUE(t.fits("identity-change", "spoofing"));
  EXPECT_FALSE(t.fits("rendezvous", "dark_target"));
  // Two vessels stopped together: the long and the short rule answer either event.
  EXPECT_TRUE(t.fits("rendezvous", "small_craft_meeting"));
  EXPECT_TRUE(t.fits("small-craft-meeting", "rendezvous"));
  EXPECT_FALSE(t.fits("loitering", "rendezvous"));
  EXPECT_EQ(t.scoredRules().count("ais_gap"), 1u);
}

TEST(RuleTable, ParsesAFileAndRefusesBadLines) {
  std::istringstream good("# custom\ndark-go-fast-run: go_fast, dark_target  # both\nloitering: loiter\n");
  const RuleTable t = RuleTable::parse(good);
  EXPECT_TRUE(t.fits("loitering", "loiter"));
  EXPECT_FALSE(t.fits("loitering", "loitering"));
  EXPECT_EQ(t.entries().size(), 2u);
  for (const char* bad : {"no colon here\n", "kind:\n", ": rule\n", "a: x\na: y\n", "# nothing\n"}) {
    std::istringstream in(bad);
    EXPECT_THROW(RuleTable::parse(in), std::runtime_error) << bad;
  }
}

TEST(MoeScorer, RefusesABadConfigAndTruthAfterTracks) {
  MoeConfig c;
  c.association_gate_m = 0.0;
  EXPECT_THROW(MoeScorer({}, c), std::invalid_argument);
  MoeScorer s({event("e", "loitering", {"p"}, 0, 10)}, {});
  s.addTruth(truth(0, "p", along(0)));
  s.addTrack(row(0, 1, along(0)));
  EXPECT_THROW(s.addTruth(truth(10, "p", along(10))), std::logic_error);
}

// A measurement of the platform on `lon_deg` at t, `off_m` north of it.
DetectionSample plot(std::int64_t t_s, double lon_deg, double off_m, std::string_view sensor,
                     std::uint32_t mmsi = 0) {
  core::GeoPoint p = along(t_s, lon_deg);
  p.lat_deg += off_m * kDegPerMetre;
  return {at(t_s), sensor, p, mmsi};
}

// Truth of a platform in the air at `alt_m` along the meridian `lon_deg` over [0, 1000] s.
void addAirTruth(MoeScorer& s, const std::string& platform, double lon_deg, double alt_m) {
  for (std::int64_t t = 0; t <= 1000; t += 10) {
    core::GeoPoint high = along(t, lon_deg);
    high.alt_m = alt_m;
    s.addTruth(truth(t, platform, high));
  }
}

TEST(MoeDetection, AnEventIsObservableWithEnoughMeasurementsOfItsPlatformInItsWindow) {
  MoeConfig config;
  config.min_detections = 3;
  MoeScorer s({event("gf-1", "dark-go-fast-run", {"go-fast-1"}, 100, 500),
               event("gf-2", "dark-go-fast-run", {"go-fast-2"}, 100, 500)},
              config);
  addTruth(s, "go-fast-1", -70.0);
  addTruth(s, "go-fast-2", -71.0);
  addTrack(s, 7, -70.0, 100, 500);
  // go-fast-1: three plots inside the window (one 900 m off: inside the 1 km gate).
  s.addDetection(plot(200, -70.0, 30.0, "radar-a"));
  s.addDetection(plot(300, -70.0, 900.0, "radar-b"));
  s.addDetection(plot(400, -70.0, 10.0, "radar-a"));
  // go-fast-2: two plots in the window and one 3 km off (outside the gate).
  s.addDetection(plot(200, -71.0, 20.0, "radar-a"));
  s.addDetection(plot(300, -71.0, 3000.0, "radar-a"));
  s.addDetection(plot(400, -71.0, 20.0, "radar-a"));
  const MoeResult r = s.score({alert(450, "a1", "go_fast", 7)});
  ASSERT_TRUE(r.detections_given);
  EXPECT_EQ(r.detection_rows, 6u);
  EXPECT_EQ(r.detection_rows_associated, 5u);
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_TRUE(r.events[0].observable);
  EXPECT_EQ(r.events[0].detections, 3u);
  EXPECT_EQ(r.events[0].detections_by_sensor.at("radar-a"), 2u);
  EXPECT_EQ(r.events[0].detections_by_sensor.at("radar-b"), 1u);
  EXPECT_EQ(r.events[0].first_detected, at(200));
  EXPECT_EQ(r.events[0].last_detected, at(400));
  EXPECT_FALSE(r.events[1].observable);
  EXPECT_EQ(r.events[1].detections, 2u);
  // Raw recall 1 of 2; over the observable events 1 of 1.
  EXPECT_DOUBLE_EQ(r.recall(), 0.5);
  EXPECT_EQ(r.observable, 1u);
  EXPECT_EQ(r.observable_matched, 1u);
  EXPECT_DOUBLE_EQ(r.observableRecall(), 1.0);
  EXPECT_EQ(r.by_kind.at("dark-go-fast-run").observable, 1u);
  EXPECT_EQ(r.by_kind.at("dark-go-fast-run").observable_matched, 1u);
}

TEST(MoeDetection, MeasurementsOutsideTheWindowDoNotCountButLeadAndTrailWidenIt) {
  MoeConfig config;
  config.min_detections = 2;
  config.observation_lead_s = {{"ais-switched-off", 300.0}};
  config.observation_trail_s = {{"ais-switched-off", 100.0}};
  MoeScorer s({event("gap-1", "ais-switched-off", {"m-1"}, 500, 700),
               event("gf-1", "dark-go-fast-run", {"go-fast-1"}, 500, 700)},
              config);
  addTruth(s, "m-1", -70.0);
  addTruth(s, "go-fast-1", -71.0);
  for (const std::int64_t t : {150, 300, 400, 850}) {
    s.addDetection(plot(t, -70.0, 0.0, "ais-x", 366000001));
    s.addDetection(plot(t, -71.0, 0.0, "radar-a"));
  }
  s.addDetection(plot(750, -71.0, 0.0, "radar-a"));  // after the run, inside the alert grace
  const MoeResult r = s.score({});
  // The AIS gap: 300 and 400 fall in [500 - 300, 700 + 100]; 150 and 850 do not.
  EXPECT_EQ(r.events[0].detections, 2u);
  EXPECT_TRUE(r.events[0].observable);
  // The go-fast run has no lead and no trail (not the alert's grace either: a boat seen after
  // its run did not show the run): nothing in [500, 700].
  EXPECT_EQ(r.events[1].detections, 0u);
  EXPECT_FALSE(r.events[1].observable);
  EXPECT_FALSE(r.events[1].first_detected.has_value());
  EXPECT_EQ(r.observable, 1u);
  EXPECT_DOUBLE_EQ(r.observableRecall(), 0.0);
}

TEST(MoeDetection, AReportWithThePlatformsMmsiObservesItWhereverItIs) {
  MoeConfig config;
  config.min_detections = 1;
  MoeScorer s({event("sp-1", "spoofed-position", {"tanker-1"}, 0, 1000)}, config);
  addTruth(s, "tanker-1", -70.0, 366000001);
  s.addDetection(plot(500, -69.0, 0.0, "sat-ais", 366000001));  // 100 km away, its MMSI
  s.addDetection(plot(500, -69.0, 0.0, "sat-ais", 366000002));  // someone else
  const MoeResult r = s.score({});
  EXPECT_EQ(r.events[0].detections, 1u);
  EXPECT_TRUE(r.events[0].observable);
}

TEST(MoeDetection, OnlySensorsOfThePlatformsDomainObserveItByPosition) {
  MoeConfig config;
  config.min_detections = 1;
  MoeScorer s({event("sf-1", "suspect-flight", {"aircraft-1"}, 0, 1000),
               event("gf-1", "dark-go-fast-run", {"go-fast-1"}, 0, 1000)},
              config);
  addAirTruth(s, "aircraft-1", -70.0, 2000.0);
  addTruth(s, "go-fast-1", -71.0);
  // A boat under the aircraft seen by a surface radar; an aircraft over the go-fast seen by
  // an air radar: neither observes the event platform.
  DetectionSample boat = plot(500, -70.0, 2000.0, "radar-coast");
  DetectionSample plane = plot(500, -71.0, 100.0, "oth", 0);
  plane.domain = core::Domain::Air;
  s.addDetection(boat);
  s.addDetection(plane);
  MoeResult r = s.score({});
  EXPECT_EQ(r.events[0].detections, 0u);
  EXPECT_EQ(r.events[1].detections, 0u);
  // The air radar's plot 2 km off the aircraft (inside the air gate) observes it.
  boat.domain = core::Domain::Air;
  s.addDetection(boat);
  r = s.score({});
  EXPECT_EQ(r.events[0].detections, 1u);
}

TEST(MoeDetection, ATransponderFallingSilentIsObservableOnlyByASecondaryRadar) {
  MoeConfig config;
  config.min_detections = 1;
  MoeScorer s({event("tx-1", "transponder-off", {"airliner-1"}, 0, 1000)}, config);
  addAirTruth(s, "airliner-1", -70.0, 10000.0);
  DetectionSample primary = plot(500, -70.0, 0.0, "oth");
  primary.domain = core::Domain::Air;
  s.addDetection(primary);
  EXPECT_FALSE(s.score({}).events[0].observable);
  DetectionSample secondary = plot(510, -70.0, 0.0, "ssr");
  secondary.domain = core::Domain::Air;
  secondary.interrogates_transponders = true;
  s.addDetection(secondary);
  const MoeResult r = s.score({});
  EXPECT_TRUE(r.events[0].observable);
  EXPECT_EQ(r.events[0].detections_by_sensor.count("oth"), 0u);
}

TEST(MoeDetection, WithoutMeasurementsNoOpportunityIsReported) {
  MoeScorer s({event("gf-1", "dark-go-fast-run", {"go-fast-1"}, 0, 1000)}, {});
  addTruth(s, "go-fast-1", -70.0);
  addTrack(s, 7, -70.0, 100, 1000);
  const MoeResult r = s.score({alert(400, "a1", "go_fast", 7)});
  EXPECT_FALSE(r.detections_given);
  EXPECT_EQ(r.observable, 0u);
  EXPECT_FALSE(r.events[0].observable);
}

TEST(MoeDetection, RefusesNoMinimumAndANegativeLead) {
  MoeConfig zero;
  zero.min_detections = 0;
  EXPECT_THROW(MoeScorer({}, zero), std::invalid_argument);
  MoeConfig lead;
  lead.observation_lead_s = {{"loitering", -1.0}};
  EXPECT_THROW(MoeScorer({}, lead), std::invalid_argument);
  MoeConfig trail;
  trail.observation_trail_s = {{"loitering", -1.0}};
  EXPECT_THROW(MoeScorer({}, trail), std::invalid_argument);
}

core::Measurement polarPlot(const core::GeoPoint& site, double range_m, double bearing_deg) {
  core::PolarMeasurement p;
  p.sensor_ecef_m = geo::geodeticToEcef(site);
  p.sensor_enu_to_ecef = geo::enuToEcefRotation(site.lat_deg, site.lon_deg);
  p.range_m = range_m;
  p.range_sigma_m = 25.0;
  p.bearing_rad = bearing_deg * geo::kDegToRad;
  p.bearing_sigma_rad = 0.005;
  core::Measurement m;
  m.data = p;
  return m;
}

TEST(MeasurementPoint, APositionMeasurementIsItsOwnPoint) {
  core::PositionMeasurement p;
  p.position = {12.5, -70.25, 0.0};
  core::Measurement m;
  m.data = p;
  EXPECT_EQ(measurementPoint(m), std::optional<core::GeoPoint>(p.position));
}

TEST(MeasurementPoint, ARangeBearingPlotLandsAtItsSlantRangeFromTheAntenna) {
  // A target on the surface 40 km and 1,500 km from antennas 300 m and 10 m up: the point's
  // straight-line distance to the antenna is the range, its azimuth the bearing.
  for (const auto& [site, ground_m, azimuth_deg] :
       {std::tuple{core::GeoPoint{8.79, -79.55, 300.0}, 40'000.0, 200.0},
        std::tuple{core::GeoPoint{27.8, -97.4, 10.0}, 1'500'000.0, 135.0}}) {
    core::GeoPoint ground_site = site;
    ground_site.alt_m = 0.0;
    const core::GeoPoint target = geo::geodesicDirect(ground_site, azimuth_deg, ground_m);
    const double slant_m = (geo::geodeticToEcef(target) - geo::geodeticToEcef(site)).norm();
    const auto p = measurementPoint(polarPlot(site, slant_m, azimuth_deg));
    ASSERT_TRUE(p.has_value());
    EXPECT_LT(geo::geodesicInverse(*p, target).distance_m, 2.0) << "ground " << ground_m;
  }
}

TEST(MeasurementPoint, ARangeShorterThanTheAntennaHeightHasNoPoint) {
  EXPECT_FALSE(measurementPoint(polarPlot({10.0, -70.0, 500.0}, 400.0, 90.0)).has_value());
}

// An identity change is seen only when the vessel next speaks under its new identity: the
// alert window and the time to first cue run from that report, not from the change.
TEST(MoeDetection, AnIdentityChangeCountsFromTheVesselsFirstReportAfterIt) {
  MoeConfig config;
  config.grace_s = 100.0;
  config.min_detections = 1;
  config.observation_trail_s = {{"identity-change", 100.0}};
  const auto scorer = [&] {
    MoeScorer s({event("ic-1", "identity-change", {"m-1"}, 200, 200),
                 event("sp-1", "spoofed-position", {"m-2"}, 200, 200)},
                config);
    addTruth(s, "m-1", -70.0, 366000001);
    addTruth(s, "m-2", -71.0, 366000002);
    addTrack(s, 7, -70.0, 0, 1000);
    addTrack(s, 8, -71.0, 0, 1000);
    return s;
  };
  const std::vector<AlertRecord> alerts = {alert(750, "a1", "spoofing", 7),
                                           alert(750, "a2", "spoofing", 8)};
  {
    MoeScorer s = scorer();
    s.addDetection(plot(150, -70.0, 0.0, "ais-sat", 366000001));  // before the change
    s.addDetection(plot(250, -70.0, 0.0, "radar-a"));  // a plot carries no identity
    s.addDetection(plot(700, -70.0, 0.0, "ais-sat", 366000001));  // first report after it
    s.addDetection(plot(700, -71.0, 0.0, "ais-sat", 366000002));
    const MoeResult r = s.score(alerts);
    // ic-1 counts alerts up to 700 + 100 s; the 750 s alert is its cue, 50 s after the
    // report that revealed the change.
    EXPECT_TRUE(r.events[0].alerted);
    ASSERT_TRUE(r.events[0].first_detection.has_value());
    EXPECT_EQ(*r.events[0].first_detection, at(700));
    EXPECT_EQ(r.by_rule.at("spoofing").true_alerts, 1u);
    ASSERT_EQ(r.time_to_cue_s.size(), 1u);
    EXPECT_DOUBLE_EQ(r.time_to_cue_s[0], 50.0);
    // Its observation window reaches the revealing report (150, 700: the plot at 250 is in too).
    EXPECT_EQ(r.events[0].detections, 3u);
    // A spoofed position is not report-revealed: its window ends 100 s after the event.
    EXPECT_FALSE(r.events[1].alerted);
    EXPECT_EQ(r.events[1].detections, 0u);
  }
  {
    // Heard next at 900: a cue at 750, before the report, on other evidence, still counts
    // (inside [200, 900 + 100]), and its time to cue runs from the plain first detection,
    // the change itself (the track is held from 0): 550 s.
    MoeScorer s = scorer();
    s.addDetection(plot(900, -70.0, 0.0, "ais-sat", 366000001));
    const MoeResult r = s.score({alert(750, "a1", "spoofing", 7)});
    EXPECT_TRUE(r.events[0].alerted);
    EXPECT_EQ(*r.events[0].first_detection, at(200));
    EXPECT_DOUBLE_EQ(r.time_to_cue_s.at(0), 550.0);
    // One after the grace of the report does not.
    EXPECT_FALSE(s.score({alert(1010, "a1", "spoofing", 7)}).events[0].alerted);
  }
  {
    // Without measurements the window is the plain one: 200 + 100 s.
    MoeScorer s = scorer();
    const MoeResult r = s.score(alerts);
    EXPECT_FALSE(r.events[0].alerted);
    EXPECT_EQ(r.by_rule.at("spoofing").true_alerts, 0u);
  }
}

// An AIS gap shows only in what a vessel transmitted: one that no receiver heard before it
// went silent is not observable, however many radar plots show the vessel.
TEST(MoeDetection, AnAisGapOfAVesselNeverHeardBeforeItIsNotObservable) {
  MoeConfig config;
  config.min_detections = 2;
  config.observation_lead_s = {{"ais-switched-off", 300.0}};
  const auto run = [&](bool heard) {
    MoeScorer s({event("gap-1", "ais-switched-off", {"m-1"}, 500, 700)}, config);
    addTruth(s, "m-1", -70.0, 366000001);
    if (heard) s.addDetection(plot(400, -70.0, 0.0, "ais-x", 366000001));
    for (const std::int64_t t : {450, 550, 650}) s.addDetection(plot(t, -70.0, 0.0, "radar-a"));
    return s.score({});
  };
  const MoeResult silent = run(false);
  EXPECT_EQ(silent.events[0].detections, 3u);
  EXPECT_FALSE(silent.events[0].heard_before);
  EXPECT_FALSE(silent.events[0].observable);
  const MoeResult heard = run(true);
  EXPECT_TRUE(heard.events[0].heard_before);
  EXPECT_TRUE(heard.events[0].observable);
}

}  // namespace
}  // namespace picket::evaluation
