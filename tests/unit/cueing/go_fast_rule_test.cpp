#include "cueing/go_fast_rule.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <optional>

#include "rule_harness.hpp"

namespace picket::cueing {
namespace {

using test::evidence;
using test::RuleDriver;
using test::surfaceTrack;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr core::TrackId kId = 42;
const core::GeoPoint kStart{14.0, -75.0, 0.0};

/// A track on course 045 whose speed at each update is speed_kn(t_s); updates every
/// `period_s` from 0 to `end_s`. Returns the time of the first finding (nullopt if none).
std::optional<double> run(RuleDriver& d, GoFastRule& rule,
                          const std::function<double(double)>& speed_kn, double end_s,
                          double period_s = 10.0,
                          const std::function<void(core::Track&)>& edit = {},
                          Finding* first = nullptr) {
  double distance_m = 0.0;
  std::optional<double> fired;
  for (double t = 0; t <= end_s + 1e-9; t += period_s) {
    const double v = speed_kn(t);
    distance_m += v * geo::kKnotToMps * period_s;
    core::Track tr =
        surfaceTrack(kId, geo::geodesicDirect(kStart, 45.0, distance_m), v, 45.0, test::at(t));
    if (edit) edit(tr);
    const auto found = d.step(rule, test::at(t), {tr});
    if (!found.empty() && !fired) {
      fired = t;
      if (first != nullptr) *first = found[0];
    }
  }
  return fired;
}

TEST(GoFastRule, FiresOnADarkBoatSustainingFortyKnotsForTenMinutes) {
  // GIVEN a dark track at 40 kn, updated every 10 s, no transit zone configured (anywhere)
  RuleDriver d;
  GoFastRule rule({});
  Finding f;
  // WHEN it keeps the speed for 12 min
  const auto fired = run(
      d, rule, [](double) { return 40.0; }, 720, 10, {}, &f);
  // THEN the rule raises once the run has lasted 10 min, not before
  ASSERT_TRUE(fired.has_value());
  EXPECT_DOUBLE_EQ(*fired, 600.0);
  EXPECT_EQ(f.tracks, (std::vector<core::TrackId>{kId}));
  EXPECT_EQ(f.severity, Severity::High);
  EXPECT_GT(f.confidence, 0.5);
  EXPECT_LE(f.confidence, 0.99);
  EXPECT_THAT(f.reason, HasSubstr("40.0 kn"));
  // ... with its evidence and parameters
  EXPECT_EQ(evidence(f, "track_id"), "42");
  EXPECT_EQ(evidence(f, "mean_speed_kn"), "40.0");
  EXPECT_EQ(evidence(f, "run_duration_s"), "600");
  EXPECT_EQ(evidence(f, "run_start"), "2024-03-01T12:00:00Z");
  EXPECT_EQ(evidence(f, "area"), "anywhere");
  EXPECT_EQ(evidence(f, "ais"), "none");
  EXPECT_EQ(evidence(f, "param.min_speed_kn"), "25.0");
  EXPECT_EQ(evidence(f, "param.min_duration_s"), "600");
  EXPECT_EQ(evidence(f, "param.area"), "transit_zone");
  // ... and says the area is missing
  EXPECT_THAT(rule.geographyNotes(d.geography), SizeIs(1));
}

TEST(GoFastRule, SportBoatWithAisIsNotAGoFast) {
  RuleDriver d;
  GoFastRule rule({});
  const auto fired = run(
      d, rule, [](double) { return 30.0; }, 1800, 10,
      [](core::Track& t) { test::identify(t, 366'000'001, 5.0, 37); });
  EXPECT_FALSE(fired.has_value());
  EXPECT_EQ(rule.trackedStates(), 0u);
}

TEST(GoFastRule, OneScanSpikesOfAnOrdinaryBoatDoNotFire) {
  // A dark boat at 18 kn whose filtered speed jumps to 40 kn on one update every 2 min.
  RuleDriver d;
  GoFastRule rule({});
  const auto fired = run(
      d, rule, [](double t) { return std::fmod(t, 120.0) == 0.0 ? 40.0 : 18.0; }, 3600);
  EXPECT_FALSE(fired.has_value());
}

TEST(GoFastRule, NoisySpeedJustUnderTheThresholdDoesNotFire) {
  // 24 kn on average, alternating 22.5 / 25.5 kn: above the threshold every other update.
  RuleDriver d;
  GoFastRule rule({});
  const auto fired = run(
      d, rule, [](double t) { return static_cast<int>(t / 10) % 2 == 0 ? 25.5 : 22.5; }, 3600);
  EXPECT_FALSE(fired.has_value());
}

TEST(GoFastRule, OneSlowUpdateDoesNotBreakTheRun) {
  // 30 kn with one 20 kn update at 300 s (a wave, a bad plot): the run still dates from 0.
  RuleDriver d;
  GoFastRule rule({});
  const auto fired = run(
      d, rule, [](double t) { return t == 300.0 ? 20.0 : 30.0; }, 700);
  ASSERT_TRUE(fired.has_value());
  EXPECT_DOUBLE_EQ(*fired, 600.0);
}

TEST(GoFastRule, AStopLongerThanTheGapRestartsTheRun) {
  // 30 kn, then 2 min at 10 kn from 300 s: the run restarts at 420 s and fires at 1020 s.
  RuleDriver d;
  GoFastRule rule({});
  const auto fired = run(
      d, rule, [](double t) { return t >= 300.0 && t < 420.0 ? 10.0 : 30.0; }, 1100);
  ASSERT_TRUE(fired.has_value());
  EXPECT_DOUBLE_EQ(*fired, 1020.0);
}

TEST(GoFastRule, UncertainSpeedIsNotEvidence) {
  // A young track with a speed 1-sigma of 8 kn never counts.
  RuleDriver d;
  GoFastRule rule({});
  const auto fired = run(
      d, rule, [](double) { return 40.0; }, 1200, 10,
      [](core::Track& t) {
        t = surfaceTrack(t.id, trackPosition(t), 40.0, 45.0, t.time, 8.0 * geo::kKnotToMps);
      });
  EXPECT_FALSE(fired.has_value());
}

TEST(GoFastRule, OnlyInsideTheTransitZoneWhenItIsConfigured) {
  GoFastConfig config;
  {
    RuleDriver d;  // the zone lies elsewhere
    d.geography.areas.push_back({"transit_zone", test::box(10.0, -70.0, 12.0, -65.0)});
    GoFastRule rule(config);
    EXPECT_FALSE(run(
                     d, rule, [](double) { return 40.0; }, 1200)
                     .has_value());
    EXPECT_THAT(rule.geographyNotes(d.geography), IsEmpty());
  }
  {
    RuleDriver d;  // the zone holds the run
    d.geography.areas.push_back({"transit_zone", test::box(13.0, -76.0, 16.0, -73.0)});
    GoFastRule rule(config);
    Finding f;
    EXPECT_TRUE(run(
                    d, rule, [](double) { return 40.0; }, 1200, 10, {}, &f)
                    .has_value());
    EXPECT_EQ(evidence(f, "area"), "transit_zone");
  }
}

TEST(GoFastRule, AisHeardLaterClearsTheAlertAndDeletionDropsTheState) {
  RuleDriver d;
  GoFastRule rule({});
  ASSERT_TRUE(run(
                  d, rule, [](double) { return 40.0; }, 700)
                  .has_value());
  core::Track tr = surfaceTrack(kId, kStart, 40.0, 45.0, test::at(710));
  test::identify(tr, 366'000'002, 1.0);
  d.step(rule, test::at(710), {tr});
  ASSERT_THAT(d.sink.cleared, SizeIs(1));
  EXPECT_EQ(d.sink.cleared[0].tracks, (std::vector<core::TrackId>{kId}));
  EXPECT_THAT(d.sink.cleared[0].reason, HasSubstr("366000002"));
  EXPECT_EQ(rule.trackedStates(), 0u);

  // A second run, then the track is deleted: its state goes with it.
  EXPECT_FALSE(run(
                   d, rule, [](double) { return 40.0; }, 100)
                   .has_value());
  EXPECT_EQ(rule.trackedStates(), 1u);
  d.step(rule, test::at(2000), {}, {{tr, tracking::DeletionReason::Stale, 0}});
  EXPECT_EQ(rule.trackedStates(), 0u);
}

TEST(GoFastRule, ConfidenceGrowsWithMarginDurationAndSensors) {
  const GoFastConfig c;
  const auto ten_min = core::Duration::fromSeconds(600);
  const auto half_hour = core::Duration::fromSeconds(1800);
  const auto day = core::Duration::fromSeconds(86400);
  EXPECT_GT(goFastConfidence(40, 1, ten_min, 1, c), goFastConfidence(27, 1, ten_min, 1, c));
  EXPECT_GT(goFastConfidence(40, 1, half_hour, 1, c), goFastConfidence(40, 1, ten_min, 1, c));
  EXPECT_GT(goFastConfidence(40, 1, ten_min, 2, c), goFastConfidence(40, 1, ten_min, 1, c));
  EXPECT_LE(goFastConfidence(60, 0.1, day, 3, c), 0.99);
  EXPECT_NEAR(goFastConfidence(25, 1, core::Duration{0}, 2, c), 0.25, 1e-12);
}

}  // namespace
}  // namespace picket::cueing
