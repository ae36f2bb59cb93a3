#include "cueing/loitering_rule.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>

#include "geo/land_mask.hpp"
#include "geo/place_index.hpp"
#include "rule_harness.hpp"

namespace picket::cueing {
namespace {

using test::evidence;
using test::RuleDriver;
using test::surfaceTrack;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr core::TrackId kId = 11;

/// An island 12.0-12.5 N, 70.0-69.5 W with a port on its south coast.
Geography islandGeography(bool with_land = true) {
  Geography g;
  if (with_land) {
    geo::LandMaskOptions options;
    options.cell_deg = 0.05;
    options.clip_box = std::nullopt;
    g.land = std::make_shared<geo::LandMask>(
        std::vector<geo::GeoPolygon>{test::box(12.0, -70.0, 12.5, -69.5)}, options);
  }
  g.ports = std::make_shared<geo::PlaceIndex>(std::vector<geo::NamedPlace>{
      {"99001", "Port Test", "port", {12.0, -69.75, 0.0}, "Testland"}});
  return g;
}

/// A point `nm` nautical miles due south of the port.
core::GeoPoint southOfPort(double nm) {
  return geo::geodesicDirect({12.0, -69.75, 0.0}, 180.0, nm * 1852.0);
}

/// A track drifting at speed_kn(t) from `start`, updated every 60 s up to `end_s`.
std::optional<double> run(RuleDriver& d, LoiteringRule& rule, const core::GeoPoint& start,
                          double end_s, const std::function<double(double)>& speed_kn,
                          const std::function<void(core::Track&)>& edit = {},
                          Finding* first = nullptr) {
  std::optional<double> fired;
  double drift_m = 0.0;
  for (double t = 0; t <= end_s + 1e-9; t += 60.0) {
    const double v = speed_kn(t);
    drift_m += v * geo::kKnotToMps * 60.0;
    core::Track tr =
        surfaceTrack(kId, geo::geodesicDirect(start, 90.0, drift_m), v, 90.0, test::at(t));
    if (edit) edit(tr);
    const auto found = d.step(rule, test::at(t), {tr});
    if (!found.empty() && !fired) {
      fired = t;
      if (first != nullptr) *first = found[0];
    }
  }
  return fired;
}

const auto kHalfKnot = [](double) { return 0.5; };

TEST(LoiteringRule, FiresOnAVesselStoppedFourHoursThirtyMilesOffshore) {
  RuleDriver d;
  d.geography = islandGeography();
  LoiteringRule rule({});
  Finding f;
  const auto fired = run(
      d, rule, southOfPort(30), 5 * 3600.0, kHalfKnot,
      [](core::Track& t) { test::identify(t, 735'000'002, 30.0, 70); }, &f);
  ASSERT_TRUE(fired.has_value());
  EXPECT_DOUBLE_EQ(*fired, 4 * 3600.0);
  EXPECT_EQ(f.severity, Severity::Low);  // it transmits AIS
  EXPECT_GT(f.confidence, 0.5);
  EXPECT_THAT(f.reason, HasSubstr("4.0 h"));
  EXPECT_EQ(evidence(f, "mean_speed_kn"), "0.50");
  EXPECT_EQ(evidence(f, "run_duration_s"), "14400");
  EXPECT_NEAR(std::stod(evidence(f, "shore_distance_nm")), 30.0, 1.0);
  EXPECT_THAT(evidence(f, "nearest_port"), HasSubstr("Port Test at 30"));
  EXPECT_EQ(evidence(f, "param.max_speed_kn"), "2.0");
  EXPECT_EQ(evidence(f, "param.min_duration_s"), "14400");
  EXPECT_EQ(evidence(f, "param.min_shore_distance_nm"), "20.0");
  EXPECT_THAT(rule.geographyNotes(d.geography), IsEmpty());
}

TEST(LoiteringRule, DarkLoitererIsMoreSevere) {
  RuleDriver d;
  d.geography = islandGeography();
  LoiteringRule rule({});
  Finding f;
  ASSERT_TRUE(run(d, rule, southOfPort(30), 4 * 3600.0, kHalfKnot, {}, &f).has_value());
  EXPECT_EQ(f.severity, Severity::Medium);
}

TEST(LoiteringRule, FishingBoatDriftingFifteenMilesOffTheCoastIsNotLoitering) {
  RuleDriver d;
  d.geography = islandGeography();
  LoiteringRule rule({});
  EXPECT_FALSE(run(d, rule, southOfPort(15), 8 * 3600.0, kHalfKnot).has_value());
  EXPECT_EQ(rule.trackedStates(), 0u);
}

TEST(LoiteringRule, ShipAtAnchorOffAPortIsNotLoiteringEvenWithoutALandMask) {
  RuleDriver d;
  d.geography = islandGeography(false);
  LoiteringRule rule({});
  EXPECT_THAT(rule.geographyNotes(d.geography), SizeIs(1));
  EXPECT_FALSE(run(d, rule, southOfPort(5), 8 * 3600.0, [](double) { return 0.1; }).has_value());
}

TEST(LoiteringRule, AThreeHourStopAtSeaIsTooShort) {
  RuleDriver d;
  d.geography = islandGeography();
  LoiteringRule rule({});
  EXPECT_FALSE(run(d, rule, southOfPort(40), 6 * 3600.0, [](double t) {
                 return t < 3 * 3600.0 ? 0.5 : 12.0;
               }).has_value());
}

TEST(LoiteringRule, BriefDriftsAboveTwoKnotsDoNotBreakTheRun) {
  // Five minutes at 3 kn every hour (a gust, a current): still one run from t = 0.
  RuleDriver d;
  d.geography = islandGeography();
  LoiteringRule rule({});
  const auto fired = run(d, rule, southOfPort(30), 5 * 3600.0, [](double t) {
    return std::fmod(t, 3600.0) >= 1800.0 && std::fmod(t, 3600.0) < 2100.0 ? 3.0 : 0.5;
  });
  ASSERT_TRUE(fired.has_value());
  EXPECT_DOUBLE_EQ(*fired, 4 * 3600.0);
}

/// A dark vessel seen only during patrol aircraft passes: `passes` passes `period_s` apart,
/// each `pass_s` long with an update every 60 s, each pass a new track (the tracker drops the
/// previous one between passes); pass k is `step_m` metres east of pass k - 1. Returns the time
/// of the first finding, and the finding.
std::optional<double> passes(RuleDriver& d, LoiteringRule& rule, const core::GeoPoint& start,
                             int passes, double period_s, double pass_s, double step_m,
                             Finding* first = nullptr) {
  std::optional<double> fired;
  for (int k = 0; k < passes; ++k) {
    const core::GeoPoint p = geo::geodesicDirect(start, 90.0, k * step_m);
    for (double t = k * period_s; t <= k * period_s + pass_s + 1e-9; t += 60.0) {
      const core::Track tr = surfaceTrack(100 + static_cast<core::TrackId>(k), p, 0.4, 90.0,
                                          test::at(t));
      const auto found = d.step(rule, test::at(t), {tr});
      if (!found.empty() && !fired) {
        fired = t;
        if (first != nullptr) *first = found[0];
      }
    }
  }
  return fired;
}

TEST(LoiteringRule, AVesselSeenStoppedOnEveryPatrolPassForFourHoursIsLoitering) {
  // GIVEN a dark vessel 60 nm offshore seen for 40 min every 100 min, one track per pass,
  // always at the same spot
  RuleDriver d;
  d.geography = islandGeography();
  LoiteringRule rule({});
  Finding f;
  // THEN loitering is found on the third pass, 4 h after the first sighting
  const auto fired = passes(d, rule, southOfPort(60), 4, 6000.0, 2400.0, 0.0, &f);
  ASSERT_TRUE(fired.has_value());
  EXPECT_DOUBLE_EQ(*fired, 4 * 3600.0);
  EXPECT_EQ(f.tracks, std::vector<core::TrackId>{102});
  EXPECT_EQ(f.severity, Severity::Medium);  // dark
  EXPECT_EQ(evidence(f, "sighting_tracks"), "3");
  EXPECT_EQ(evidence(f, "run_duration_s"), "14400");
  EXPECT_EQ(evidence(f, "mean_speed_kn"), "0.00");
  EXPECT_THAT(f.reason, HasSubstr("seen on and off by 3 tracks"));
}

TEST(LoiteringRule, SightingsThatMoveOnOrComeTooSeldomAreNotOneStop) {
  RuleDriver d;
  d.geography = islandGeography();
  // A vessel 10 km further east on each pass (3.2 kn made good): not a loiterer
  LoiteringRule moving({});
  EXPECT_FALSE(passes(d, moving, southOfPort(60), 5, 6000.0, 2400.0, 10'000.0).has_value());
  // Passes 4 h apart: more than max_sighting_gap (3 h) between sightings
  LoiteringRule seldom({});
  EXPECT_FALSE(passes(d, seldom, southOfPort(60), 4, 4 * 3600.0 + 2400.0, 2400.0, 0.0).has_value());
  // Chaining off: each track judged alone
  LoiteringConfig c;
  c.max_sighting_gap = core::Duration{};
  LoiteringRule alone(c);
  EXPECT_FALSE(passes(d, alone, southOfPort(60), 4, 6000.0, 2400.0, 0.0).has_value());
  EXPECT_EQ(alone.stops(), 0u);
}

TEST(LoiteringRule, StateGoesWithTheTrack) {
  RuleDriver d;
  d.geography = islandGeography();
  LoiteringRule rule({});
  EXPECT_FALSE(run(d, rule, southOfPort(30), 3600.0, kHalfKnot).has_value());
  EXPECT_EQ(rule.trackedStates(), 1u);
  const core::Track gone = surfaceTrack(kId, southOfPort(30), 0.5, 0.0, test::at(3600));
  d.step(rule, test::at(4000), {}, {{gone, tracking::DeletionReason::Stale, 0}});
  EXPECT_EQ(rule.trackedStates(), 0u);
}

}  // namespace
}  // namespace picket::cueing
