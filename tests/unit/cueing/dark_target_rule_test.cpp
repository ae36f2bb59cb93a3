#include "cueing/dark_target_rule.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "geo/wgs84.hpp"
#include "rule_harness.hpp"

namespace picket::cueing {
namespace {

constexpr std::int64_t kT0Ns = 1'709'294'400LL * 1'000'000'000LL;
const core::Timestamp kNow{kT0Ns};

/// A track that meets every condition of the default rule, with no margin to spare.
core::Track darkTrack() {
  core::Track t;
  t.id = 7;
  t.status = core::TrackStatus::Confirmed;
  t.domain = core::Domain::Surface;
  t.created = kNow - core::Duration::fromSeconds(180);
  t.noncooperative_updates = 6;
  t.sensors = {{0, kNow, 6}};
  return t;
}

TEST(DarkTargetRule, TruthTable) {
  const DarkTargetConfig config;  // 6 updates, 180 s, enabled
  struct Case {
    std::string name;
    std::function<void(core::Track&, DarkTargetConfig&)> change;
    bool dark;
  };
  const std::vector<Case> cases = {
      {"meets every condition", [](core::Track&, DarkTargetConfig&) {}, true},
      {"coasting still counts",
       [](core::Track& t, DarkTargetConfig&) { t.status = core::TrackStatus::Coasting; }, true},
      {"tentative",
       [](core::Track& t, DarkTargetConfig&) { t.status = core::TrackStatus::Tentative; }, false},
      {"deleted", [](core::Track& t, DarkTargetConfig&) { t.status = core::TrackStatus::Deleted; },
       false},
      {"has an MMSI", [](core::Track& t, DarkTargetConfig&) { t.identity.mmsi = 244'123'456; },
       false},
      {"had a cooperative update",
       [](core::Track& t, DarkTargetConfig&) { t.cooperative_updates = 1; }, false},
      {"one update short", [](core::Track& t, DarkTargetConfig&) { t.noncooperative_updates = 5; },
       false},
      {"many updates", [](core::Track& t, DarkTargetConfig&) { t.noncooperative_updates = 600; },
       true},
      {"one nanosecond too young",
       [](core::Track& t, DarkTargetConfig&) { t.created = t.created + core::Duration{1}; }, false},
      {"old",
       [](core::Track& t, DarkTargetConfig&) {
         t.created = kNow - core::Duration::fromSeconds(86400);
       },
       true},
      {"air track", [](core::Track& t, DarkTargetConfig&) { t.domain = core::Domain::Air; }, false},
      {"rule disabled", [](core::Track&, DarkTargetConfig& c) { c.enabled = false; }, false},
      {"lower thresholds",
       [](core::Track& t, DarkTargetConfig& c) {
         c.min_noncooperative_updates = 1;
         c.min_track_age = core::Duration{0};
         t.noncooperative_updates = 1;
         t.created = kNow;
       },
       true},
  };
  for (const Case& c : cases) {
    core::Track track = darkTrack();
    DarkTargetConfig cfg = config;
    c.change(track, cfg);
    EXPECT_EQ(isDarkTarget(track, kNow, cfg), c.dark) << c.name;
  }
}

TEST(DarkTargetRule, ConfidenceGrowsWithEvidenceAndStaysBelowOne) {
  core::Track t = darkTrack();
  double previous = 0.0;
  for (std::uint32_t n : {1u, 3u, 6u, 12u, 24u, 1000u}) {
    t.noncooperative_updates = n;
    const double c = darkTargetConfidence(t);
    EXPECT_GT(c, previous) << n;
    EXPECT_GE(c, 0.0);
    EXPECT_LE(c, 0.99);
    previous = c;
  }
  // A second, independent sensor is stronger evidence than more of the same.
  t.noncooperative_updates = 12;
  const double one_sensor = darkTargetConfidence(t);
  t.sensors.push_back({2, kNow, 1});
  EXPECT_GT(darkTargetConfidence(t), one_sensor);
  t.noncooperative_updates = 0;
  EXPECT_DOUBLE_EQ(darkTargetConfidence(t), 0.0);
}

// --- where and how the contact behaves, and the AIS picture -----------------------------

/// An island 12.0-12.5 N, 70.0-69.5 W.
Geography islandGeography() {
  Geography g;
  geo::LandMaskOptions options;
  options.cell_deg = 0.05;
  options.clip_box = std::nullopt;
  g.land = std::make_shared<geo::LandMask>(
      std::vector<geo::GeoPolygon>{test::box(12.0, -70.0, 12.5, -69.5)}, options);
  return g;
}

/// A point `nm` nautical miles due south of the island's south coast.
core::GeoPoint offCoast(double nm) {
  return geo::geodesicDirect({12.0, -69.75, 0.0}, 180.0, nm * 1852.0);
}

/// The rule with the reception test off: these tests have no AIS traffic to learn it from.
DarkTargetConfig heardEverywhere() {
  DarkTargetConfig c;
  c.min_reception_quality = 0.0;
  return c;
}

/// Findings of one step with a single dark contact `c`.
std::vector<Finding> judge(DarkTargetRule& rule, test::RuleDriver& d, const core::Track& c) {
  return d.step(rule, c.time, {c});
}

TEST(DarkTargetRule, SlowDarkBoatInTheCoastalBeltIsNotACueButOffshoreItIs) {
  test::RuleDriver d;
  d.geography = islandGeography();
  DarkTargetRule rule{heardEverywhere()};
  // GIVEN a dark boat at 6 kn 10 nm off the coast (an artisanal fishing ground)
  EXPECT_TRUE(judge(rule, d, test::surfaceTrack(1, offCoast(10), 6.0, 180.0, kNow)).empty());
  // ... or stopped 80 nm out (drifting on a bank)
  EXPECT_TRUE(judge(rule, d, test::surfaceTrack(2, offCoast(80), 1.0, 180.0, kNow)).empty());
  // THEN quiet; AND a dark boat under way at 6 kn 80 nm out is a cue
  const auto f = judge(rule, d, test::surfaceTrack(3, offCoast(80), 6.0, 180.0, kNow));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(test::evidence(f[0], "criterion"), "offshore");
  EXPECT_EQ(test::evidence(f[0], "param.offshore_min_shore_distance_nm"), "50.0");
  EXPECT_EQ(f[0].tracks, std::vector<core::TrackId>{3});
}

/// Steps one contact every 10 s from `from_s` to `to_s` (seconds after kNow) at `speed_kn(t)`;
/// returns the last step's findings.
template <typename Speed>
std::vector<Finding> run(DarkTargetRule& rule, test::RuleDriver& d, core::TrackId id,
                         const core::GeoPoint& where, double from_s, double to_s, Speed speed_kn,
                         double velocity_sigma_mps = 0.3) {
  std::vector<Finding> f;
  for (double t = from_s; t <= to_s; t += 10) {
    const core::Timestamp now = kNow + core::Duration::fromSeconds(t);
    f = judge(rule, d, test::surfaceTrack(id, where, speed_kn(t), 180.0, now, velocity_sigma_mps));
  }
  return f;
}

TEST(DarkTargetRule, FastDarkBoatIsACueEvenNearTheCoast) {
  test::RuleDriver d;
  d.geography = islandGeography();
  DarkTargetRule rule{heardEverywhere()};
  // GIVEN a dark boat 5 nm off the coast at 35 kn for 2 min (fast_min_duration_s 60)
  const auto f = run(rule, d, 4, offCoast(5), 0, 120, [](double) { return 35.0; });
  // THEN it is a cue
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(test::evidence(f[0], "criterion"), "fast");
  EXPECT_EQ(test::evidence(f[0], "fast_run_s"), "120");
  EXPECT_EQ(test::evidence(f[0], "param.fast_min_duration_s"), "60");
  // A speed the track does not know (1-sigma 8 kn) is not fast.
  EXPECT_TRUE(run(rule, d, 5, offCoast(5), 0, 120, [](double) { return 35.0; }, 8.0 * 0.5144)
                  .empty());
}

TEST(DarkTargetRule, OneFastUpdateOfATrackThatTookAForeignPlotIsNotACue) {
  test::RuleDriver d;
  d.geography = islandGeography();
  DarkTargetRule rule{heardEverywhere()};
  // GIVEN a dark boat at 8 kn in the coastal belt whose track, on its last two updates, jumps
  // to 45 kn (it gated a plot of another boat before the tracker drops it)
  const auto spike = [](double t) { return t < 100 ? 8.0 : 45.0; };
  // THEN nothing: 20 s at 45 kn is not a run
  EXPECT_TRUE(run(rule, d, 6, offCoast(5), 0, 110, spike).empty());
  // AND a track that turns fast and stays fast is a cue once the run lasts a minute
  EXPECT_TRUE(run(rule, d, 7, offCoast(5), 0, 150, [](double t) { return t < 100 ? 8.0 : 45.0; })
                  .empty());
  EXPECT_EQ(run(rule, d, 7, offCoast(5), 160, 170, [](double) { return 45.0; }).size(), 1u);
}

TEST(DarkTargetRule, ContactWhereAnIdentifiedVesselShouldBeIsNotDark) {
  test::RuleDriver d;
  d.geography = islandGeography();
  DarkTargetConfig c = heardEverywhere();
  c.ais_correlation.reach = false;  // dead reckoning alone (reach: the next test)
  DarkTargetRule rule{c};
  // GIVEN a merchant ship heard on satellite AIS 90 nm out at 12 kn due south, 80 min ago
  const core::Timestamp heard = kNow - core::Duration::fromSeconds(80 * 60.0);
  core::Track ship = test::surfaceTrack(10, offCoast(90), 12.0, 180.0, heard);
  test::identify(ship, 636'000'123, 0.0);
  EXPECT_TRUE(d.step(rule, heard, {ship}).empty());
  // WHEN a patrol aircraft's radar holds a contact where the ship should be now, at its speed
  const core::GeoPoint there = offCoast(90 + 16.0 + 0.3);  // 12 kn x 80 min = 16 nm, 0.3 nm off
  // THEN it is the ship, not a dark target
  EXPECT_TRUE(judge(rule, d, test::surfaceTrack(11, there, 12.5, 180.0, kNow)).empty());
  // AND a contact 20 km away from there, or at 35 kn there, is not explained by it
  const core::GeoPoint aside = geo::geodesicDirect(there, 90.0, 20'000.0);
  EXPECT_EQ(judge(rule, d, test::surfaceTrack(12, aside, 12.0, 180.0, kNow)).size(), 1u);
  EXPECT_EQ(judge(rule, d, test::surfaceTrack(13, there, 35.0, 180.0, kNow)).size(), 1u);
  // AND 3 h 20 min after the fix (a satellite pass that missed the ship) it still does
  const core::Timestamp missed_pass = heard + core::Duration::fromSeconds(200 * 60.0);
  EXPECT_TRUE(
      judge(rule, d, test::surfaceTrack(15, offCoast(90 + 40.0), 12.0, 180.0, missed_pass))
          .empty());
  // AND once the ship's state is older than the horizon (6 h, the tracker's satellite hold),
  // nothing explains the contact
  const core::Timestamp later = heard + core::Duration::fromSeconds(6.5 * 3600.0);
  const core::GeoPoint far = offCoast(90 + 78.0);
  EXPECT_EQ(judge(rule, d, test::surfaceTrack(14, far, 12.0, 180.0, later)).size(), 1u);
}

TEST(DarkTargetRule, ContactAKnownVesselCouldHaveSailedToSinceItsLastReportIsNotDark) {
  test::RuleDriver d;
  d.geography = islandGeography();
  DarkTargetRule rule{heardEverywhere()};
  // GIVEN a merchant ship heard on satellite AIS 90 nm out at 14 kn due south, 2.5 h ago
  const core::Timestamp heard = kNow - core::Duration::fromSeconds(2.5 * 3600.0);
  core::Track ship = test::surfaceTrack(30, offCoast(90), 14.0, 180.0, heard);
  test::identify(ship, 636'000'125, 0.0);
  EXPECT_TRUE(d.step(rule, heard, {ship}).empty());
  // WHEN a contact at 14 kn heading east lies 30 nm east of the fix (the ship turned east at a
  // waypoint: its dead reckoning, 35 nm south, is 46 nm off; 2.5 h at 14 kn is 35 nm, 40 nm
  // with the drift allowance)
  const core::GeoPoint turned = geo::geodesicDirect(offCoast(90), 90.0, 30 * 1852.0);
  // THEN it could be the ship: not a dark target
  EXPECT_TRUE(judge(rule, d, test::surfaceTrack(31, turned, 14.0, 90.0, kNow)).empty());
  // AND the near misses: a contact 50 nm from the fix (out of reach), or one at 35 kn (a
  // go-fast: fast contacts are explained only by dead reckoning), is a cue
  const core::GeoPoint beyond = geo::geodesicDirect(offCoast(90), 90.0, 50 * 1852.0);
  EXPECT_EQ(judge(rule, d, test::surfaceTrack(32, beyond, 14.0, 90.0, kNow)).size(), 1u);
  const auto fast = run(rule, d, 33, turned, 0, 120, [](double) { return 35.0; });
  ASSERT_EQ(fast.size(), 1u);
  EXPECT_EQ(test::evidence(fast[0], "criterion"), "fast");
}

TEST(DarkTargetRule, ClosesWhenTheAisPictureExplainsARaisedContact) {
  test::RuleDriver d;
  DarkTargetRule rule{heardEverywhere()};  // no land mask: every contact under way is offshore
  EXPECT_EQ(judge(rule, d, test::surfaceTrack(20, offCoast(90), 12.0, 180.0, kNow)).size(), 1u);
  // An identified track appears on it (a late satellite report started its own track)
  const core::Timestamp t1 = kNow + core::Duration::fromSeconds(60);
  core::Track ship = test::surfaceTrack(21, offCoast(90.2), 12.0, 180.0, t1);
  test::identify(ship, 636'000'124, 0.0);
  core::Track contact = test::surfaceTrack(20, offCoast(90.2), 12.0, 180.0, t1);
  EXPECT_TRUE(d.step(rule, t1, {contact, ship}).empty());
  ASSERT_EQ(d.sink.cleared.size(), 1u);
  EXPECT_EQ(d.sink.cleared[0].tracks, std::vector<core::TrackId>{20});
  EXPECT_EQ(rule.raisedTracks(), 0u);
}

TEST(DarkTargetRule, ContactWhereAisIsNotHeardIsUnidentifiedNotDark) {
  // GIVEN the default rule, which has heard no AIS anywhere (its reception map is empty)
  test::RuleDriver d;
  DarkTargetRule rule{DarkTargetConfig{}};
  // THEN a contact under way offshore is not called dark: nothing says AIS would be heard there
  EXPECT_TRUE(judge(rule, d, test::surfaceTrack(30, offCoast(90), 12.0, 180.0, kNow)).empty());
  // AND a go-fast's speed, sustained for a minute, is a cue all the same
  EXPECT_EQ(run(rule, d, 31, offCoast(90), 0, 60, [](double) { return 35.0; }).size(), 1u);
}

}  // namespace
}  // namespace picket::cueing
