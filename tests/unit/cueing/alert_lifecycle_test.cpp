// The AlertManager's lifecycle with scripted rules over a real tracker: open, update interval,
// escalation, clear, de-duplication, merges, track loss, support expiry, suspects.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cueing/alert_manager.hpp"
#include "geo/wgs84.hpp"
#include "support/synthetic_sensors.hpp"

namespace picket::cueing {
namespace {

using picket::test::at;
using picket::test::CoastalRadar;
using picket::test::Rng;
using picket::test::StraightTarget;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

/// A rule whose behaviour each test writes.
class ScriptedRule final : public Rule {
 public:
  using Script = std::function<void(const RuleContext&, FindingSink&)>;
  ScriptedRule(std::string name, Script script)
      : name_(std::move(name)), script_(std::move(script)) {}
  [[nodiscard]] std::string_view name() const override { return name_; }
  void onStep(const RuleContext& context, FindingSink& sink) override { script_(context, sink); }

 private:
  std::string name_;
  Script script_;
};

Finding findingOn(std::vector<core::TrackId> tracks, Severity severity = Severity::Medium,
                  std::string reason = "scripted") {
  Finding f;
  f.tracks = std::move(tracks);
  f.severity = severity;
  f.confidence = 0.6;
  f.reason = std::move(reason);
  f.evidence = {{"k", "v"}};
  return f;
}

CueingConfig lifecycleConfig() {
  CueingConfig c;
  c.alert_id_prefix = "lc";
  c.look_ahead = {core::Duration::fromSeconds(600)};
  c.update_interval = core::Duration::fromSeconds(60);
  c.close_after = core::Duration::fromSeconds(120);
  return c;
}

/// A radar-tracked vessel and an AlertManager running the given rules.
struct Bench {
  CoastalRadar radar;
  StraightTarget vessel{picket::test::fromSite(radar, 40.0, 20'000.0), 120.0, 8.0};
  tracking::Tracker tracker{{}, picket::test::sensorTable()};
  AlertManager alerts;
  Rng rng{3};
  std::uint64_t seq = 0;

  explicit Bench(std::vector<std::unique_ptr<Rule>> rules, CueingConfig config = lifecycleConfig())
      : alerts(std::move(config), PartnerTable({}, Partner{"HS", "High seas", {}}), Geography{},
               std::move(rules)) {}

  std::vector<AlertEvent> scan(double t_s) {
    return alerts.onStep(
        tracker, tracker.processScan(
                     radar.scan(at(t_s), ++seq, {radar.measure(vessel.ecef(t_s), at(t_s), &rng)})));
  }
  /// Scans every 6 s over [from, to]; the events by time.
  std::map<double, std::vector<AlertEvent>> scans(double from_s, double to_s) {
    std::map<double, std::vector<AlertEvent>> out;
    for (double t = from_s; t <= to_s + 1e-9; t += 6.0) {
      auto e = scan(t);
      if (!e.empty()) out[t] = std::move(e);
    }
    return out;
  }
};

std::vector<std::unique_ptr<Rule>> one(ScriptedRule::Script script, std::string name = "scripted") {
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(std::make_unique<ScriptedRule>(std::move(name), std::move(script)));
  return rules;
}

/// Raises every confirmed track of the step, with `severity()`; clears after `clear_at`.
ScriptedRule::Script raiseConfirmed(std::function<Severity(double)> severity,
                                    double clear_at_s = 1e9, double stop_at_s = 1e9) {
  return [=](const RuleContext& c, FindingSink& sink) {
    const double t = (c.now - at(0)).seconds();
    for (const TrackView& v : c.changed) {
      if (v.track->status != core::TrackStatus::Confirmed) continue;
      if (t >= clear_at_s) {
        sink.clear({v.track->id}, "", "situation over");
      } else if (t < stop_at_s) {
        sink.raise(findingOn({v.track->id}, severity(t)));
      }
    }
  };
}

TEST(AlertLifecycle, OpenThenUpdatedAtTheIntervalThenEscalatedAtOnceThenClosed) {
  Bench b(one(raiseConfirmed([](double t) { return t < 150 ? Severity::Medium : Severity::High; },
                             /*clear_at_s=*/240)));
  const auto events = b.scans(0, 300);
  std::vector<std::pair<double, AlertState>> seen;
  std::string id;
  for (const auto& [t, list] : events) {
    for (const auto& e : list) {
      seen.emplace_back(t, e.state);
      if (id.empty()) id = e.alert_id;
      EXPECT_EQ(e.alert_id, id) << "one alert ID through the whole life";
      EXPECT_EQ(e.rule, "scripted");
      EXPECT_EQ(e.predicted.empty(), e.state == AlertState::Closed);
    }
  }
  ASSERT_GE(seen.size(), 4u);
  const double opened = seen[0].first;
  EXPECT_EQ(seen[0].second, AlertState::Open);
  EXPECT_EQ(id, "lc-scripted-1-" + std::to_string(at(opened).ns / 1'000'000'000));
  // UPDATED no more often than every 60 s, ESCALATED at the first High finding (150 s), the
  // interval counted from it, CLOSED at the clear (240 s).
  std::vector<std::pair<double, AlertState>> expected = {{opened, AlertState::Open}};
  for (double t = opened + 60; t < 150; t += 60) expected.emplace_back(t, AlertState::Updated);
  expected.emplace_back(150, AlertState::Escalated);
  expected.emplace_back(210, AlertState::Updated);
  expected.emplace_back(240, AlertState::Closed);
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(b.alerts.openAlerts(), 0u);
  EXPECT_EQ(b.alerts.counters().escalated, 1u);
}

TEST(AlertLifecycle, SeverityNeverDropsWhileOpen) {
  Bench b(one(raiseConfirmed([](double t) { return t < 100 ? Severity::High : Severity::Low; })));
  for (const auto& [t, list] : b.scans(0, 400)) {
    for (const auto& e : list) EXPECT_EQ(e.severity, Severity::High) << t;
  }
}

TEST(AlertLifecycle, OneSubjectRaisedInAnyTrackOrderIsOneAlert) {
  // Two tracks: the vessel and a second one 5 km away.
  const auto script = [](const RuleContext& c, FindingSink& sink) {
    std::vector<core::TrackId> ids;
    for (const core::TrackId id : c.tracker.ids()) {
      if (c.tracker.find(id)->status == core::TrackStatus::Confirmed) ids.push_back(id);
    }
    if (ids.size() != 2) return;
    sink.raise(findingOn({ids[0], ids[1]}));
    sink.raise(findingOn({ids[1], ids[0]}));  // the same subject
  };
  Bench b(one(script));
  const StraightTarget other{picket::test::fromSite(b.radar, 45.0, 25'000.0), 120.0, 8.0};
  std::vector<AlertEvent> events;
  for (double t = 0; t <= 120; t += 6) {
    auto step =
        b.tracker.processScan(b.radar.scan(at(t), ++b.seq,
                                           {b.radar.measure(b.vessel.ecef(t), at(t), &b.rng),
                                            b.radar.measure(other.ecef(t), at(t), &b.rng)}));
    for (auto& e : b.alerts.onStep(b.tracker, step)) events.push_back(std::move(e));
  }
  ASSERT_THAT(events, SizeIs(::testing::Ge(1u)));
  EXPECT_EQ(events[0].state, AlertState::Open);
  EXPECT_THAT(events[0].related_tracks, SizeIs(1));
  for (const auto& e : events) EXPECT_EQ(e.alert_id, events[0].alert_id);
  EXPECT_EQ(b.alerts.openAlerts(), 1u);
}

TEST(AlertLifecycle, AlertWithoutSupportClosesAfterCloseAfterOfTrackUpdates) {
  // The rule stops raising at 100 s; the track keeps being updated.
  Bench b(one(raiseConfirmed([](double) { return Severity::Medium; }, 1e9, /*stop_at_s=*/100)));
  const auto events = b.scans(0, 400);
  std::vector<AlertEvent> closed;
  for (const auto& [t, list] : events) {
    for (const auto& e : list) {
      if (e.state == AlertState::Closed) closed.push_back(e);
    }
  }
  ASSERT_THAT(closed, SizeIs(1));
  // Last raised at 96 s; closed at the first update 120 s after it.
  EXPECT_EQ(closed[0].time, at(216));
  EXPECT_THAT(closed[0].reason, HasSubstr("no longer observed"));
}

TEST(AlertLifecycle, AlertsOnVesselsNoLongerTrackedCloseEachAtItsOwnTime) {
  // Two findings about vessels with no live track (as the AIS-gap rule raises): "a" raised
  // until 57 s, "b" until 147 s. Each closes at the first step close_after (120 s) after its
  // own last raise, whatever the other does.
  const auto script = [](const RuleContext& c, FindingSink& sink) {
    const double t = (c.now - at(0)).seconds();
    for (const auto& [tag, until_s] : {std::pair{"a", 57.0}, std::pair{"b", 147.0}}) {
      if (t > until_s) continue;
      Finding f = findingOn({});
      f.tag = tag;
      core::Track last;
      last.id = 999;
      last.time = c.now;
      last.x.head<3>() =
          geo::geodeticToEcef(picket::test::fromSite(CoastalRadar{}, 10.0, 30'000.0));
      f.last_known = last;
      sink.raise(std::move(f));
    }
  };
  Bench b(one(script));
  std::map<std::string, double> closed_at;
  for (const auto& [t, list] : b.scans(0, 400)) {
    for (const auto& e : list) {
      if (e.state != AlertState::Closed) continue;
      EXPECT_THAT(e.reason, HasSubstr("no longer observed"));
      closed_at[e.alert_id] = t;
    }
  }
  ASSERT_THAT(closed_at, SizeIs(2));
  std::vector<double> times;
  for (const auto& [id, t] : closed_at) times.push_back(t);
  std::sort(times.begin(), times.end());
  // Scans every 6 s: "a" last raised at 54 s closes at 174 s; "b" (last 144 s) at 264 s.
  EXPECT_EQ(times, (std::vector<double>{174.0, 264.0}));
  EXPECT_EQ(b.alerts.openAlerts(), 0u);
}

TEST(AlertLifecycle, AnUnseenTrackKeepsItsAlertUntilTheTrackerDropsIt) {
  Bench b(one(raiseConfirmed([](double) { return Severity::Medium; })));
  ASSERT_THAT(b.scans(0, 60), SizeIs(::testing::Ge(1u)));
  // No data at all for 10 min: coasting, no close for lack of support.
  std::vector<AlertEvent> events;
  for (double t = 70; t <= 60 + 590; t += 10) {
    for (auto& e : b.alerts.onStep(b.tracker, b.tracker.advanceTo(at(t)))) events.push_back(e);
  }
  EXPECT_THAT(events, IsEmpty());
  EXPECT_EQ(b.alerts.openAlerts(), 1u);
  for (double t = 660; t <= 700; t += 10) {
    for (auto& e : b.alerts.onStep(b.tracker, b.tracker.advanceTo(at(t)))) events.push_back(e);
  }
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].state, AlertState::Closed);
  EXPECT_THAT(events[0].reason, HasSubstr("dropped ("));
}

TEST(AlertLifecycle, TwoAlertsOfOneRuleOnOneTrackInOneSecondGetDistinctIds) {
  const auto script = [](const RuleContext& c, FindingSink& sink) {
    for (const TrackView& v : c.changed) {
      if (v.track->status != core::TrackStatus::Confirmed) continue;
      Finding a = findingOn({v.track->id});
      a.tag = "a";
      Finding b2 = findingOn({v.track->id});
      b2.tag = "b";
      sink.raise(std::move(a));
      sink.raise(std::move(b2));
    }
  };
  Bench b(one(script));
  std::vector<AlertEvent> opened;
  for (const auto& [t, list] : b.scans(0, 60)) {
    for (const auto& e : list) {
      if (e.state == AlertState::Open) opened.push_back(e);
    }
  }
  ASSERT_THAT(opened, SizeIs(2));
  EXPECT_NE(opened[0].alert_id, opened[1].alert_id);
  EXPECT_EQ(opened[1].alert_id, opened[0].alert_id + "-2");
}

TEST(AlertLifecycle, MalformedFindingsAreCountedNeverAlerts) {
  const auto script = [](const RuleContext& c, FindingSink& sink) {
    sink.raise(findingOn({}));         // no track, no last-known state
    sink.raise(findingOn({999'999}));  // not a live track
    for (const TrackView& v : c.changed) {
      sink.raise(findingOn({v.track->id, v.track->id}));  // listed twice
      Finding nan = findingOn({v.track->id});
      nan.confidence = std::nan("");
      sink.raise(std::move(nan));
    }
  };
  Bench b(one(script));
  EXPECT_THAT(b.scans(0, 30), IsEmpty());
  EXPECT_GE(b.alerts.counters().rejected_findings, 6u * 2u);
}

TEST(AlertLifecycle, AFindingAboutAVesselNoLongerTrackedCuesFromItsLastKnownState) {
  std::optional<core::Track> remembered;
  double stop_at = 1e9;
  const auto script = [&](const RuleContext& c, FindingSink& sink) {
    for (const TrackView& v : c.changed) {
      if (v.track->status == core::TrackStatus::Confirmed) remembered = *v.track;
    }
    if (!remembered || (c.now - at(0)).seconds() > stop_at) return;
    Finding f;
    f.tag = "mmsi:366123456";
    f.severity = Severity::Low;
    f.reason = "gone";
    f.last_known = remembered;
    sink.raise(std::move(f));
  };
  Bench b(one(script));
  const auto events = b.scans(0, 30);
  ASSERT_THAT(events, SizeIs(1));
  const AlertEvent& e = events.begin()->second.at(0);
  EXPECT_EQ(e.state, AlertState::Open);
  EXPECT_THAT(e.alert_id, HasSubstr("lc-scripted-mmsi:366123456-"));
  EXPECT_THAT(e.predicted, SizeIs(1));
  // No more findings: it closes close_after (120 s) after the last one.
  stop_at = 40;
  std::vector<AlertEvent> closed;
  for (const auto& [t, list] : b.scans(36, 200)) {
    for (const auto& x : list) {
      if (x.state == AlertState::Closed) closed.push_back(x);
    }
  }
  ASSERT_THAT(closed, SizeIs(1));
  EXPECT_EQ(closed[0].time, at(156));
}

TEST(AlertLifecycle, LaterRulesSeeTheSuspectsOfEarlierRulesInTheSameStep) {
  std::vector<std::string> verdicts;
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(std::make_unique<ScriptedRule>(
      "first", raiseConfirmed([](double) { return Severity::High; })));
  rules.push_back(std::make_unique<ScriptedRule>("last", [&](const RuleContext& c, FindingSink&) {
    for (const TrackView& v : c.changed) {
      if (v.track->status != core::TrackStatus::Confirmed) continue;
      verdicts.push_back(std::string(c.suspects.isSuspect(v.track->id, "last") ? "suspect" : "no") +
                         "/" + (c.suspects.isSuspect(v.track->id, "first") ? "suspect" : "no"));
      return;
    }
  }));
  Bench b(std::move(rules));
  b.scans(0, 60);
  ASSERT_FALSE(verdicts.empty());
  // From the first confirmed step on: a suspect of "first", but not when "first" is excepted.
  for (const auto& v : verdicts) EXPECT_EQ(v, "suspect/no");
  EXPECT_EQ(b.alerts.ruleNames(), (std::vector<std::string>{"first", "last"}));
}

TEST(AlertLifecycle, ATrackAlertedOnlyByExceptedRulesIsNoSuspect) {
  // Rules "a" and "b" both alert on the confirmed track; "judge" asks with several exceptions.
  std::vector<std::string> verdicts;
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(
      std::make_unique<ScriptedRule>("a", raiseConfirmed([](double) { return Severity::Low; })));
  rules.push_back(
      std::make_unique<ScriptedRule>("b", raiseConfirmed([](double) { return Severity::Low; })));
  rules.push_back(std::make_unique<ScriptedRule>("judge", [&](const RuleContext& c, FindingSink&) {
    for (const TrackView& v : c.changed) {
      if (v.track->status != core::TrackStatus::Confirmed) continue;
      const std::string_view both[] = {"a", "b"};
      const std::string_view only_a[] = {"a"};
      const std::string_view other[] = {"c", "judge"};
      verdicts.push_back(std::string(c.suspects.isSuspect(v.track->id, both) ? "y" : "n") +
                         (c.suspects.isSuspect(v.track->id, only_a) ? "y" : "n") +
                         (c.suspects.isSuspect(v.track->id, other) ? "y" : "n"));
      return;
    }
  }));
  Bench b(std::move(rules));
  b.scans(0, 60);
  ASSERT_FALSE(verdicts.empty());
  for (const auto& v : verdicts) EXPECT_EQ(v, "nyy");
}

// --- merges -------------------------------------------------------------------------------

/// The tracker test's set-up for a merge: an AIS track of a vessel and a radar-only duplicate
/// started from a late plot; within ~10 scans the radar track is merged into the AIS track.
/// The duplicate is a single plot: it must become a track at once (no candidate stage) and
/// the coastal radar confirms on one plot, so that rules see it confirmed before the merge.
tracking::TrackerConfig confirmOnFirstRadarPlot() {
  tracking::TrackerConfig c;
  c.candidate_stage = false;
  c.confirm_by_kind[0] = {1, 1};
  return c;
}

struct MergeBench {
  CoastalRadar radar;
  StraightTarget vessel{picket::test::fromSite(radar, 40.0, 20'000.0), 120.0, 8.0};
  tracking::Tracker tracker{confirmOnFirstRadarPlot(), picket::test::sensorTable()};
  AlertManager alerts;
  Rng rng{9};
  std::uint64_t radar_seq = 0;
  std::uint64_t ais_seq = 0;
  core::TrackId ais_id = 0;
  core::TrackId radar_id = 0;
  static constexpr std::uint32_t kMmsi = 244'123'456;

  explicit MergeBench(std::vector<std::unique_ptr<Rule>> rules)
      : alerts(lifecycleConfig(), PartnerTable({}, Partner{"HS", "High seas", {}}), Geography{},
               std::move(rules)) {}

  std::vector<AlertEvent> run() {
    std::vector<AlertEvent> events;
    const auto add = [&](const tracking::StepResult& s) {
      for (auto& e : alerts.onStep(tracker, s)) events.push_back(std::move(e));
      return s;
    };
    ais_id = add(tracker.processScan(picket::test::aisScan(
                     picket::test::aisReport(kMmsi, vessel.position(0), vessel.velocityEn(0), at(0),
                                             &rng),
                     ++ais_seq)))
                 .initiated.at(0);
    const double age_s = tracker.config().max_measurement_lag.seconds() + 1.0;
    radar_id = add(tracker.processScan(radar.scan(
                       at(0), ++radar_seq, {radar.measure(vessel.ecef(-age_s), at(-age_s), &rng)})))
                   .initiated.at(0);
    for (int k = 1; k <= 12; ++k) {
      const double t = k * 6.0;
      add(tracker.processScan(
          radar.scan(at(t), ++radar_seq, {radar.measure(vessel.ecef(t), at(t), &rng)})));
      add(tracker.processScan(
          picket::test::aisScan(picket::test::aisReport(kMmsi, vessel.position(t + 3),
                                                        vessel.velocityEn(t + 3), at(t + 3), &rng),
                                ++ais_seq)));
    }
    return events;
  }
};

/// Raises every changed track of the step (optionally only unidentified ones).
ScriptedRule::Script raiseTracks(bool only_unidentified) {
  return [=](const RuleContext& c, FindingSink& sink) {
    for (const TrackView& v : c.changed) {
      if (only_unidentified && v.track->identity.mmsi != 0) continue;
      sink.raise(findingOn({v.track->id}));
    }
  };
}

TEST(AlertLifecycle, AMergeHandsTheAlertOverToTheSurvivor) {
  MergeBench m(one(raiseTracks(true)));
  const auto events = m.run();
  ASSERT_EQ(m.tracker.counters().merged, 1u);
  ASSERT_THAT(events, SizeIs(::testing::Ge(2u)));
  EXPECT_EQ(events[0].state, AlertState::Open);
  EXPECT_EQ(events[0].track.id, m.radar_id);
  const auto handed = std::find_if(events.begin(), events.end(), [](const AlertEvent& e) {
    return e.reason.find("merged") != std::string::npos;
  });
  ASSERT_NE(handed, events.end());
  EXPECT_EQ(handed->state, AlertState::Updated);
  EXPECT_EQ(handed->alert_id, events[0].alert_id);
  EXPECT_EQ(handed->track.id, m.ais_id);
  EXPECT_THAT(handed->reason, HasSubstr("Track " + std::to_string(m.radar_id) +
                                        " merged into track " + std::to_string(m.ais_id)));
  EXPECT_EQ(m.alerts.openAlerts(), 1u);
  for (const auto& e : events) EXPECT_NE(e.state, AlertState::Closed);
}

TEST(AlertLifecycle, AMergeThatMakesTwoAlertsOneClosesTheYoungerAsADuplicate) {
  MergeBench m(one(raiseTracks(false)));
  const auto events = m.run();
  ASSERT_EQ(m.tracker.counters().merged, 1u);
  std::map<std::string, core::TrackId> opened_on;
  std::vector<AlertEvent> closed;
  for (const auto& e : events) {
    if (e.state == AlertState::Open) opened_on[e.alert_id] = e.track.id;
    if (e.state == AlertState::Closed) closed.push_back(e);
  }
  ASSERT_THAT(opened_on, SizeIs(2));
  ASSERT_THAT(closed, SizeIs(1));
  // The AIS track's alert opened first (its track was confirmed first): it survives.
  EXPECT_EQ(opened_on.at(closed[0].alert_id), m.radar_id);
  EXPECT_THAT(closed[0].reason, HasSubstr("duplicate of alert"));
  EXPECT_EQ(m.alerts.openAlerts(), 1u);
}

TEST(AlertLifecycle, APairWhoseTwoTracksMergeWasOneVessel) {
  const auto script = [](const RuleContext& c, FindingSink& sink) {
    const std::vector<core::TrackId> ids = c.tracker.ids();
    if (ids.size() != 2) return;
    sink.raise(findingOn(ids));
  };
  MergeBench m(one(script));
  const auto events = m.run();
  ASSERT_THAT(events, SizeIs(::testing::Ge(2u)));
  EXPECT_EQ(events.front().state, AlertState::Open);
  EXPECT_EQ(events.back().state, AlertState::Closed);
  EXPECT_THAT(events.back().reason, HasSubstr("one vessel"));
}

}  // namespace
}  // namespace picket::cueing
