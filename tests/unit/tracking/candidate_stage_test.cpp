// The tracker's lightweight tentative stage (TrackerConfig::candidate_stage): a plot inside
// no gate is a candidate, and a second plot that gates with it promotes it to the tentative
// track the stage-less tracker would have built.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "geo/wgs84.hpp"
#include "support/synthetic_sensors.hpp"
#include "tracking/tracker.hpp"

namespace picket::tracking {
namespace {

using core::TrackStatus;
using test::at;
using test::CoastalRadar;
using test::Rng;
using test::StraightTarget;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr double kScanPeriodS = 6.0;

TrackerConfig withStage(bool on) {
  TrackerConfig c;
  c.candidate_stage = on;
  return c;
}

/// A vessel 20 km north-east of the radar, heading 120 degrees at 8 m/s.
StraightTarget vessel(const CoastalRadar& radar) {
  return {test::fromSite(radar, 40.0, 20'000.0), 120.0, 8.0};
}

/// Scan k of the radar, with the vessel's plot when `detected`.
core::Scan scanOf(const CoastalRadar& radar, const StraightTarget& target, int k, bool detected,
                  Rng& rng) {
  const double t = k * kScanPeriodS;
  std::vector<core::Measurement> plots;
  // The draw happens either way, so both trackers of a comparison see the same noise.
  const core::Measurement m = radar.measure(target.ecef(t), at(t), &rng);
  if (detected) plots.push_back(m);
  return radar.scan(at(t), static_cast<std::uint64_t>(k + 1), std::move(plots));
}

TEST(CandidateStage, OnePlotStartsACandidateAndNoTrack) {
  // GIVEN the default tracker (stage on)
  const CoastalRadar radar;
  Tracker tracker(withStage(true), test::sensorTable());
  Rng rng(3);
  // WHEN one plot arrives inside no gate
  const StepResult r = tracker.processScan(scanOf(radar, vessel(radar), 0, true, rng));
  // THEN nothing is published: a candidate is kept, no track exists
  EXPECT_THAT(r.initiated, IsEmpty());
  EXPECT_THAT(r.updated, IsEmpty());
  EXPECT_EQ(tracker.trackCount(), 0u);
  EXPECT_EQ(tracker.candidateCount(), 1u);
  EXPECT_EQ(tracker.counters().candidates_started, 1u);
  EXPECT_EQ(tracker.counters().initiated, 0u);
}

TEST(CandidateStage, SecondPlotPromotesExactlyTheTrackTheTentativeStageWouldHaveBuilt) {
  // GIVEN two trackers, with and without the stage, fed the same plots of a straight target
  const CoastalRadar radar;
  const StraightTarget target = vessel(radar);
  Tracker staged(withStage(true), test::sensorTable());
  Tracker plain(withStage(false), test::sensorTable());
  Rng rng_a(5);
  Rng rng_b(5);
  staged.processScan(scanOf(radar, target, 0, true, rng_a));
  plain.processScan(scanOf(radar, target, 0, true, rng_b));
  // WHEN the second plot arrives
  const StepResult r = staged.processScan(scanOf(radar, target, 1, true, rng_a));
  plain.processScan(scanOf(radar, target, 1, true, rng_b));
  // THEN the candidate becomes a tentative track with both plots, reported as initiated
  ASSERT_EQ(r.initiated.size(), 1u);
  EXPECT_THAT(r.updated, ElementsAre(r.initiated[0]));
  EXPECT_EQ(staged.candidateCount(), 0u);
  EXPECT_EQ(staged.counters().candidates_promoted, 1u);
  const core::Track* a = staged.find(r.initiated[0]);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->status, TrackStatus::Tentative);
  EXPECT_EQ(a->updates, 2u);
  EXPECT_EQ(a->created, at(0));
  // AND its state is bit for bit the stage-less tracker's (born from the first plot, updated
  // by the second), so its velocity comes from the two plots
  ASSERT_EQ(plain.trackCount(), 1u);
  const core::Track& b = plain.tracks().begin()->second;
  EXPECT_EQ(a->x, b.x);
  EXPECT_EQ(a->P, b.P);
  EXPECT_EQ(a->hit_history, b.hit_history);
  EXPECT_EQ(a->opportunities, b.opportunities);
  EXPECT_EQ(staged.turnProbability(a->id), plain.turnProbability(b.id));
  const core::Vec2 v = test::velocityEn(*a, target.position(kScanPeriodS));
  EXPECT_GT(v.norm(), 2.0) << "the two plots give the track a velocity";
}

TEST(CandidateStage, ConfirmationCountsTheCandidatesMissedOpportunities) {
  // GIVEN detections hit, miss, hit, hit, hit under a 3-of-5 rule
  const CoastalRadar radar;
  const StraightTarget target = vessel(radar);
  const std::vector<bool> detected{true, false, true, true, true};
  Tracker staged(withStage(true), test::sensorTable());
  Tracker plain(withStage(false), test::sensorTable());
  Rng rng_a(7);
  Rng rng_b(7);
  std::optional<int> confirmed_staged;
  std::optional<int> confirmed_plain;
  for (int k = 0; k < 5; ++k) {
    const auto i = static_cast<std::size_t>(k);
    if (!staged.processScan(scanOf(radar, target, k, detected[i], rng_a)).status_changed.empty() &&
        !confirmed_staged) {
      confirmed_staged = k;
    }
    if (!plain.processScan(scanOf(radar, target, k, detected[i], rng_b)).status_changed.empty() &&
        !confirmed_plain) {
      confirmed_plain = k;
    }
  }
  // THEN both confirm on the same scan (the third hit, scan 3: 1011 is 3 of the last 4)
  ASSERT_TRUE(confirmed_plain.has_value());
  EXPECT_EQ(confirmed_plain, 3);
  EXPECT_EQ(confirmed_staged, confirmed_plain);
  ASSERT_EQ(staged.trackCount(), 1u);
  EXPECT_EQ(staged.tracks().begin()->second.hit_history,
            plain.tracks().begin()->second.hit_history);
}

TEST(CandidateStage, CandidateMissedUntilTheRuleCannotBeMetIsDropped) {
  // GIVEN one plot, then scans that cover it and see nothing
  const CoastalRadar radar;
  Tracker tracker(withStage(true), test::sensorTable());
  Rng rng(9);
  tracker.processScan(scanOf(radar, vessel(radar), 0, true, rng));
  for (int k = 1; k <= 3; ++k) {
    tracker.processScan(scanOf(radar, vessel(radar), k, false, rng));
    EXPECT_EQ(tracker.candidateCount(), 1u) << "scan " << k;
  }
  // WHEN the fifth opportunity passes with one detection (3 of 5 needed)
  tracker.processScan(scanOf(radar, vessel(radar), 4, false, rng));
  // THEN the candidate is gone, counted, and no track was ever made
  EXPECT_EQ(tracker.candidateCount(), 0u);
  EXPECT_EQ(tracker.counters().candidates_expired, 1u);
  EXPECT_EQ(tracker.counters().initiated, 0u);
}

TEST(CandidateStage, CandidateExpiresAfterTheTentativeDeletionTime) {
  // GIVEN a candidate from one plot at t = 0 and no scans after it
  const CoastalRadar radar;
  const StraightTarget target = vessel(radar);
  Tracker tracker(withStage(true), test::sensorTable());
  Rng rng(11);
  tracker.processScan(scanOf(radar, target, 0, true, rng));
  // WHEN the clock passes delete_tentative_after (60 s)
  tracker.advanceTo(at(60.0));
  EXPECT_EQ(tracker.candidateCount(), 1u);
  tracker.advanceTo(at(60.001));
  // THEN it expires, and a later plot of the target starts a new candidate, not a track
  EXPECT_EQ(tracker.candidateCount(), 0u);
  EXPECT_EQ(tracker.counters().candidates_expired, 1u);
  const double t = 61.0;
  const StepResult r = tracker.processScan(
      radar.scan(at(t), 2, {radar.measure(target.ecef(t), at(t), &rng)}));
  EXPECT_THAT(r.initiated, IsEmpty());
  EXPECT_EQ(tracker.candidateCount(), 1u);
}

TEST(CandidateStage, PlotFartherThanTheDomainsTopSpeedAllowsDoesNotPromote) {
  // GIVEN a candidate, and a plot 3 km away 6 s later (500 m/s for the 30 m/s surface domain)
  const CoastalRadar radar;
  Tracker tracker(withStage(true), test::sensorTable());
  const core::Vec3 p0 = geo::geodeticToEcef(test::fromSite(radar, 40.0, 20'000.0));
  const core::Vec3 p1 = geo::geodeticToEcef(test::fromSite(radar, 40.0, 23'000.0));
  tracker.processScan(radar.scan(at(0), 1, {radar.measure(p0, at(0), nullptr)}));
  const StepResult r =
      tracker.processScan(radar.scan(at(kScanPeriodS), 2, {radar.measure(p1, at(kScanPeriodS), nullptr)}));
  // THEN no track: two candidates
  EXPECT_THAT(r.initiated, IsEmpty());
  EXPECT_EQ(tracker.candidateCount(), 2u);
  EXPECT_EQ(tracker.counters().candidates_promoted, 0u);
}

TEST(CandidateStage, EachCandidateTakesOnePlotAndEachPlotOneCandidate) {
  // GIVEN two candidates 400 m apart and two plots of the next scan near both
  const CoastalRadar radar;
  Tracker tracker(withStage(true), test::sensorTable());
  const core::Vec3 a0 = geo::geodeticToEcef(test::fromSite(radar, 40.0, 20'000.0));
  const core::Vec3 b0 = geo::geodeticToEcef(test::fromSite(radar, 40.0, 20'400.0));
  const core::Vec3 a1 = geo::geodeticToEcef(test::fromSite(radar, 40.0, 20'030.0));
  const core::Vec3 b1 = geo::geodeticToEcef(test::fromSite(radar, 40.0, 20'430.0));
  tracker.processScan(radar.scan(
      at(0), 1, {radar.measure(a0, at(0), nullptr), radar.measure(b0, at(0), nullptr)}));
  ASSERT_EQ(tracker.candidateCount(), 2u);
  const StepResult r = tracker.processScan(radar.scan(
      at(kScanPeriodS), 2,
      {radar.measure(b1, at(kScanPeriodS), nullptr), radar.measure(a1, at(kScanPeriodS), nullptr)}));
  // THEN two tracks, each from the nearer pair (moving 30 m, not 370 m or 430 m)
  ASSERT_EQ(r.initiated.size(), 2u);
  EXPECT_EQ(tracker.candidateCount(), 0u);
  for (const auto& [id, t] : tracker.tracks()) {
    const core::GeoPoint g = geo::ecefToGeodetic(t.x.head<3>());
    const double to_a = (geo::geodeticToEcef({g.lat_deg, g.lon_deg, 0.0}) - a1).norm();
    const double to_b = (geo::geodeticToEcef({g.lat_deg, g.lon_deg, 0.0}) - b1).norm();
    EXPECT_LT(std::min(to_a, to_b), 50.0) << "track " << id;
    EXPECT_LT(test::velocityEn(t, g).norm(), 10.0) << "track " << id;
  }
}

TEST(CandidateStage, AisReportStartsATrackAtOnce) {
  // GIVEN the stage on
  Tracker tracker(withStage(true), test::sensorTable());
  const CoastalRadar radar;
  // WHEN an AIS report arrives inside no gate
  const core::Measurement report = test::aisReport(244'000'111, test::fromSite(radar, 10.0, 9'000.0),
                                                   core::Vec2(3.0, 1.0), at(0), nullptr);
  const StepResult r = tracker.processScan(test::aisScan(report, 1));
  // THEN it starts a track immediately (a cooperative report is no clutter)
  EXPECT_EQ(r.initiated.size(), 1u);
  EXPECT_EQ(tracker.candidateCount(), 0u);
}

TEST(CandidateStage, ClutterStartsNoTrackWhereTheStagelessTrackerStartsOnePerPlot) {
  // GIVEN 20 scans of 30 uniform clutter plots over the radar's annulus
  const CoastalRadar radar;
  Tracker staged(withStage(true), test::sensorTable());
  Tracker plain(withStage(false), test::sensorTable());
  Rng rng_a(13);
  Rng rng_b(13);
  for (int k = 0; k < 20; ++k) {
    const double t = k * kScanPeriodS;
    std::vector<core::Measurement> a;
    std::vector<core::Measurement> b;
    for (int i = 0; i < 30; ++i) {
      a.push_back(radar.clutter(at(t), rng_a, 2'000.0, 50'000.0));
      b.push_back(radar.clutter(at(t), rng_b, 2'000.0, 50'000.0));
    }
    staged.processScan(radar.scan(at(t), static_cast<std::uint64_t>(k + 1), a));
    plain.processScan(radar.scan(at(t), static_cast<std::uint64_t>(k + 1), b));
  }
  // THEN (plots ~1,300 km^2 apart on average) the stage-less tracker starts a track per plot,
  // the staged one only for the rare pairs that gate, and neither confirms any
  EXPECT_GE(plain.counters().initiated, 500u);
  EXPECT_LT(staged.counters().initiated, plain.counters().initiated / 20);
  EXPECT_GE(staged.counters().candidates_started + staged.counters().candidates_promoted, 500u);
  EXPECT_EQ(staged.counters().confirmed, 0u);
  EXPECT_EQ(plain.counters().confirmed, 0u);
}

}  // namespace
}  // namespace picket::tracking
