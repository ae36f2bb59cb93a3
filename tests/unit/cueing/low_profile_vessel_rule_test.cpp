#include "cueing/low_profile_vessel_rule.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <vector>
#include <memory>
#include <cmath>
#include <optional>

#include "geo/land_mask.hpp"
#include "geo/wgs84.hpp"
#include "rule_harness.hpp"

namespace picket::cueing {
namespace {

using test::evidence;
using test::RuleDriver;
using test::surfaceTrack;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr core::TrackId kId = 7;
/// Off the Colombian-Ecuadorian coast, inside the corridor box of these tests.
const core::GeoPoint kStart{3.0, -82.0, 0.0};

RuleDriver corridorDriver() {
  RuleDriver d;
  d.geography.areas.push_back({"eastern_pacific_corridor", test::box(0.0, -90.0, 10.0, -78.0)});
  return d;
}

/// A 6 kn track heading 320 deg updated every `period_s` until `end_s`, with the given
/// detection history; `edit` changes each update. Returns the first finding's time.
std::optional<double> run(RuleDriver& d, LowProfileVesselRule& rule, std::uint32_t hits,
                          double end_s, double period_s = 30.0, double speed_kn = 6.0,
                          const std::function<void(core::Track&)>& edit = {},
                          Finding* first = nullptr) {
  std::optional<double> fired;
  for (double t = 0; t <= end_s + 1e-9; t += period_s) {
    core::Track tr =
        surfaceTrack(kId, geo::geodesicDirect(kStart, 320.0, speed_kn * geo::kKnotToMps * t),
                     speed_kn, 320.0, test::at(t));
    tr.hit_history = hits;
    tr.opportunities = 32;
    if (edit) edit(tr);
    const auto found = d.step(rule, test::at(t), {tr});
    if (!found.empty() && !fired) {
      fired = t;
      if (first != nullptr) *first = found[0];
    }
  }
  return fired;
}

constexpr std::uint32_t kHalf = 0x5555'5555u;    // every other opportunity: 50 %
constexpr std::uint32_t kSteady = 0xFFFF'FFFEu;  // 31 of 32: 97 %
constexpr std::uint32_t kRare = 0x0101'0101u;    // 4 of 32: 12.5 %

TEST(LowProfileVesselRule, FiresOnASlowDarkTargetSeenOnHalfItsScansInTheCorridor) {
  RuleDriver d = corridorDriver();
  LowProfileVesselRule rule({});
  Finding f;
  const auto fired = run(d, rule, kHalf, 1800, 30, 6.0, {}, &f);
  ASSERT_TRUE(fired.has_value());
  EXPECT_DOUBLE_EQ(*fired, 1200.0);  // the default 20 min
  EXPECT_EQ(f.severity, Severity::High);
  EXPECT_DOUBLE_EQ(f.confidence, 0.5);  // at the minimum duration
  EXPECT_THAT(f.reason, HasSubstr("semi-submersible"));
  EXPECT_EQ(evidence(f, "detection_fraction"), "0.50");
  EXPECT_EQ(evidence(f, "opportunities"), "32");
  EXPECT_EQ(evidence(f, "speed_kn"), "6.0");
  EXPECT_EQ(evidence(f, "area"), "eastern_pacific_corridor");
  EXPECT_EQ(evidence(f, "run_duration_s"), "1200");
  EXPECT_EQ(evidence(f, "param.min_detection_fraction"), "0.20");
  EXPECT_EQ(evidence(f, "param.max_detection_fraction"), "0.80");
  EXPECT_EQ(evidence(f, "param.min_opportunities"), "12");
  EXPECT_THAT(rule.geographyNotes(d.geography), IsEmpty());
}

TEST(LowProfileVesselRule, OnlyOffshoreWhereArtisanalBoatsDoNotWork) {
  // GIVEN a coast 20 nm east of the LPV's track (a land box from 82.0 W - 20 nm eastwards)
  const auto withCoastAt = [](double nm) {
    RuleDriver d = corridorDriver();
    geo::LandMaskOptions options;
    options.cell_deg = 0.05;
    options.clip_box = std::nullopt;
    const double lon0 = kStart.lon_deg + nm * 1852.0 / (111'320.0 * std::cos(3.0 * geo::kDegToRad));
    d.geography.land = std::make_shared<geo::LandMask>(
        std::vector<geo::GeoPolygon>{test::box(1.0, lon0, 5.0, lon0 + 1.0)}, options);
    return d;
  };
  // WHEN the same slow, intermittently seen dark track runs for 30 min 20 nm off the coast
  RuleDriver near = withCoastAt(20.0);
  LowProfileVesselRule near_rule({});
  // THEN nothing (min_shore_distance_nm 50: the coastal belt's fishing boats look like this)
  EXPECT_FALSE(run(near, near_rule, kHalf, 1800).has_value());
  // AND 80 nm off the coast it is a cue, with the parameter in its evidence
  RuleDriver far = withCoastAt(80.0);
  LowProfileVesselRule far_rule({});
  Finding f;
  ASSERT_TRUE(run(far, far_rule, kHalf, 1800, 30, 6.0, {}, &f).has_value());
  EXPECT_EQ(evidence(f, "param.min_shore_distance_nm"), "50.0");
}

TEST(LowProfileVesselRule, SteadilyDetectedBoatIsNotAnLpv) {
  RuleDriver d = corridorDriver();
  LowProfileVesselRule rule({});
  EXPECT_FALSE(run(d, rule, kSteady, 3600).has_value());
  EXPECT_EQ(rule.trackedStates(), 0u);
}

TEST(LowProfileVesselRule, RarelyDetectedTargetIsNotEnoughEither) {
  RuleDriver d = corridorDriver();
  LowProfileVesselRule rule({});
  EXPECT_FALSE(run(d, rule, kRare, 3600).has_value());
}

TEST(LowProfileVesselRule, OutsideTheCorridorOrTooFastOrWithAisItStaysQuiet) {
  {
    RuleDriver d;
    d.geography.areas.push_back({"eastern_pacific_corridor", test::box(10.0, -90.0, 20.0, -78.0)});
    LowProfileVesselRule rule({});
    EXPECT_FALSE(run(d, rule, kHalf, 3600).has_value()) << "outside the corridor";
  }
  {
    RuleDriver d = corridorDriver();
    LowProfileVesselRule rule({});
    EXPECT_FALSE(run(d, rule, kHalf, 3600, 30, 14.0).has_value()) << "14 kn";
  }
  {
    RuleDriver d = corridorDriver();
    LowProfileVesselRule rule({});
    EXPECT_FALSE(run(d, rule, kHalf, 3600, 30, 6.0,
                     [](core::Track& t) { test::identify(t, 735'000'001, 20.0, 30); })
                     .has_value())
        << "AIS fishing boat";
  }
}

TEST(LowProfileVesselRule, TooFewOpportunitiesSayNothing) {
  RuleDriver d = corridorDriver();
  LowProfileVesselRule rule({});
  EXPECT_FALSE(
      run(d, rule, 0x5u, 3600, 30, 6.0, [](core::Track& t) { t.opportunities = 4; }).has_value());
}

TEST(LowProfileVesselRule, DetectionFractionCountsOnlyMeaningfulBits) {
  core::Track t;
  t.hit_history = 0xFFFF'FFFFu;
  t.opportunities = 4;
  EXPECT_DOUBLE_EQ(detectionFraction(t), 1.0);
  t.hit_history = 0b0101;
  EXPECT_DOUBLE_EQ(detectionFraction(t), 0.5);
  t.opportunities = 0;
  EXPECT_DOUBLE_EQ(detectionFraction(t), 0.0);
  t.hit_history = kHalf;
  t.opportunities = 32;
  EXPECT_DOUBLE_EQ(detectionFraction(t), 0.5);
}

TEST(LowProfileVesselRule, ConfidenceGrowsFromHalfTowardsNineTenths) {
  const LowProfileVesselConfig c;
  const auto at_min = c.min_duration;
  EXPECT_DOUBLE_EQ(lowProfileVesselConfidence(at_min, 32, c), 0.5);
  const double longer = lowProfileVesselConfidence(core::Duration::fromSeconds(3600), 32, c);
  EXPECT_GT(longer, 0.5);
  EXPECT_LT(longer, 0.9);
  EXPECT_LT(lowProfileVesselConfidence(core::Duration::fromSeconds(3600), 12, c), longer);
  EXPECT_LE(lowProfileVesselConfidence(core::Duration::fromSeconds(86400 * 5), 32, c), 0.9);
}

/// One detection pass of a patrol aircraft over the 6 kn LPV of run(): track `id` from `t0_s`
/// to `t1_s` every 30 s, displaced `offset_m` to the north-east of the true position; then
/// deleted (stale) in a step at `t1_s` + 60. Returns the findings raised on the pass.
std::vector<Finding> pass(RuleDriver& d, LowProfileVesselRule& rule, core::TrackId id,
                          double t0_s, double t1_s, double offset_m = 0.0) {
  std::vector<Finding> raised;
  core::Track last;
  for (double t = t0_s; t <= t1_s + 1e-9; t += 30.0) {
    core::GeoPoint p = geo::geodesicDirect(kStart, 320.0, 6.0 * geo::kKnotToMps * t);
    if (offset_m > 0.0) p = geo::geodesicDirect(p, 45.0, offset_m);
    last = surfaceTrack(id, p, 6.0, 320.0, test::at(t));
    last.hit_history = kHalf;
    last.opportunities = 16;
    for (const Finding& f : d.step(rule, test::at(t), {last})) raised.push_back(f);
  }
  tracking::DeletedTrack gone;
  gone.track = last;
  gone.reason = tracking::DeletionReason::Stale;
  d.step(rule, test::at(t1_s + 60.0), {}, {gone});
  return raised;
}

TEST(LowProfileVesselRule, APassThatContinuesTheLastPassesRunFires) {
  // GIVEN a patrol aircraft passing over the LPV for 12 min every 45 min (a new track each time)
  RuleDriver d = corridorDriver();
  LowProfileVesselRule rule({});
  EXPECT_THAT(pass(d, rule, 7, 0, 720), IsEmpty());  // 12 min: not long enough alone
  // WHEN the next pass's track starts where the first one's dead reckoning puts the LPV
  const auto raised = pass(d, rule, 8, 2700, 3420);
  // THEN it continues the first pass's run, which has lasted long enough
  ASSERT_FALSE(raised.empty());
  const Finding& f = raised.front();
  EXPECT_EQ(f.tracks, std::vector<core::TrackId>{8});
  EXPECT_EQ(evidence(f, "continues_track"), "7");
  EXPECT_EQ(evidence(f, "run_start"), utcText(test::at(0)));
  EXPECT_GE(std::stod(evidence(f, "run_duration_s")), 1200.0);
  EXPECT_THAT(f.reason, HasSubstr("continuing track 7"));
}

TEST(LowProfileVesselRule, APassElsewhereOrTooLateContinuesNothing) {
  // A second pass's track 10 km from the dead-reckoned position is another target...
  {
    RuleDriver d = corridorDriver();
    LowProfileVesselRule rule({});
    pass(d, rule, 7, 0, 720);
    EXPECT_THAT(pass(d, rule, 8, 2700, 3420, 10'000.0), IsEmpty());
  }
  // ... and one more than link_max_gap (1 h) after the run last held says nothing either.
  {
    RuleDriver d = corridorDriver();
    LowProfileVesselRule rule({});
    pass(d, rule, 7, 0, 720);
    EXPECT_THAT(pass(d, rule, 8, 4500, 5220), IsEmpty());
  }
  // ... nor with linking disabled.
  {
    RuleDriver d = corridorDriver();
    LowProfileVesselConfig c;
    c.link_max_gap = core::Duration{0};
    LowProfileVesselRule rule(c);
    pass(d, rule, 7, 0, 720);
    EXPECT_THAT(pass(d, rule, 8, 2700, 3420), IsEmpty());
  }
}

}  // namespace
}  // namespace picket::cueing
