#include "cueing/alert_manager.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "cueing/prediction.hpp"
#include "support/synthetic_sensors.hpp"

namespace picket::cueing {
namespace {

using test::at;
using test::CoastalRadar;
using test::Rng;
using test::StraightTarget;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr double kScanPeriodS = 6.0;
constexpr std::uint32_t kMmsi = 244'123'456;

/// A lat/lon box as a polygon.
geo::GeoPolygon box(double lat0, double lon0, double lat1, double lon1) {
  return geo::GeoPolygon({{lat0, lon0, 0}, {lat0, lon1, 0}, {lat1, lon1, 0}, {lat1, lon0, 0}});
}

CueingConfig testConfig() {
  CueingConfig c;
  c.alert_id_prefix = "picket-test";
  c.look_ahead = {core::Duration::fromSeconds(1800), core::Duration::fromSeconds(3600)};
  c.update_interval = core::Duration::fromSeconds(120);
  c.dark_target.min_noncooperative_updates = 6;
  c.dark_target.min_track_age = core::Duration::fromSeconds(60);
  c.dark_target.severity = Severity::High;
  c.dark_target.min_reception_quality = 0.0;  // no AIS traffic to learn reception from
  return c;
}

/// A vessel 20 km north-east of the radar heading 120 degrees at 8 m/s: it starts inside a
/// small box claimed by the partner "DCCG" and leaves it within the hour.
struct Scenario {
  CoastalRadar radar;
  StraightTarget vessel{test::fromSite(radar, 40.0, 20'000.0), 120.0, 8.0};
  tracking::Tracker tracker{{}, test::sensorTable()};
  AlertManager alerts;
  Rng rng{21};
  std::uint64_t radar_seq = 0;
  std::uint64_t ais_seq = 0;

  explicit Scenario(CueingConfig config = testConfig())
      : alerts(std::move(config), partnerTable(vessel.start)) {}

  static PartnerTable partnerTable(const core::GeoPoint& start) {
    Partner dccg{"DCCG",
                 "Dutch Caribbean Coast Guard",
                 {{"territorial sea (test box)", box(start.lat_deg - 0.05, start.lon_deg - 0.05,
                                                     start.lat_deg + 0.05, start.lon_deg + 0.05)}}};
    return PartnerTable({dccg}, Partner{"USCG-LEDET", "US Coast Guard LEDET", {}});
  }

  /// One radar scan detecting the vessel at t_s; returns the alert events.
  std::vector<AlertEvent> radarScan(double t_s) {
    const tracking::StepResult step = tracker.processScan(
        radar.scan(at(t_s), ++radar_seq, {radar.measure(vessel.ecef(t_s), at(t_s), &rng)}));
    return alerts.onStep(tracker, step);
  }
  std::vector<AlertEvent> aisReport(double t_s) {
    const tracking::StepResult step = tracker.processScan(test::aisScan(
        test::aisReport(kMmsi, vessel.position(t_s), vessel.velocityEn(t_s), at(t_s), &rng),
        ++ais_seq));
    return alerts.onStep(tracker, step);
  }
  std::vector<AlertEvent> advanceTo(double t_s) {
    return alerts.onStep(tracker, tracker.advanceTo(at(t_s)));
  }
};

/// Runs radar scans every 6 s from `from_s` up to and including `to_s`, collecting events
/// by scan time.
std::map<double, std::vector<AlertEvent>> scans(Scenario& s, double from_s, double to_s) {
  std::map<double, std::vector<AlertEvent>> events;
  for (double t = from_s; t <= to_s + 1e-9; t += kScanPeriodS) {
    auto e = s.radarScan(t);
    if (!e.empty()) events[t] = std::move(e);
  }
  return events;
}

TEST(AlertManager, DarkTrackOpensExactlyOneAlertWithPredictionsAndPartners) {
  // GIVEN a radar-only vessel scanned every 6 s
  Scenario s;
  // WHEN it has been held for the minimum age (60 s) with at least 6 updates
  const auto events = scans(s, 0, 90);
  // THEN exactly one OPEN event is emitted, at t = 60 s
  ASSERT_THAT(events, SizeIs(1));
  ASSERT_EQ(events.begin()->first, 60.0);
  ASSERT_THAT(events.begin()->second, SizeIs(1));
  const AlertEvent& e = events.begin()->second[0];
  const core::TrackId id = s.tracker.tracks().begin()->first;
  EXPECT_EQ(e.state, AlertState::Open);
  EXPECT_EQ(e.rule, "dark_target");
  EXPECT_EQ(e.severity, Severity::High);
  EXPECT_EQ(e.alert_id, "picket-test-dark_target-" + std::to_string(id) + "-" +
                            std::to_string(at(60).ns / 1'000'000'000));
  EXPECT_EQ(e.time, at(60));
  EXPECT_EQ(e.track.id, id);
  EXPECT_GT(e.confidence, 0.0);
  EXPECT_LE(e.confidence, 0.99);
  EXPECT_LT(geo::geodesicInverse(e.track_position, s.vessel.position(60)).distance_m, 150.0);
  EXPECT_THAT(e.reason, HasSubstr("no AIS"));
  EXPECT_EQ(s.alerts.openAlerts(), 1u);

  // ... with a prediction for each look-ahead time, along the vessel's course
  ASSERT_THAT(e.predicted, SizeIs(2));
  EXPECT_EQ(e.predicted[0].time, at(60 + 1800));
  EXPECT_EQ(e.predicted[1].time, at(60 + 3600));
  for (std::size_t i = 0; i < 2; ++i) {
    const double t = i == 0 ? 1860.0 : 3660.0;
    const double miss_m =
        geo::geodesicInverse(e.predicted[i].position, s.vessel.position(t)).distance_m;
    EXPECT_LT(miss_m, e.predicted[i].semi_major_95_m) << "look-ahead " << i;
  }
  EXPECT_GT(e.predicted[1].semi_major_95_m, e.predicted[0].semi_major_95_m);

  // ... and the partners with authority where it is (DCCG) and where it will be (high seas)
  ASSERT_THAT(e.partners, SizeIs(2));
  EXPECT_EQ(e.partners[0],
            (PartnerCue{"DCCG", "Dutch Caribbean Coast Guard", "territorial sea (test box)"}));
  EXPECT_EQ(e.partners[1].partner_id, "USCG-LEDET");
  EXPECT_EQ(e.partners[1].basis, "high seas");

  // ... and the evidence, in a fixed order
  std::map<std::string, std::string> evidence(e.evidence.begin(), e.evidence.end());
  EXPECT_EQ(e.evidence.front().first, "track_id");
  EXPECT_EQ(evidence["track_id"], std::to_string(id));
  EXPECT_EQ(evidence["noncooperative_updates"], "11");
  EXPECT_EQ(evidence["cooperative_updates"], "0");
  EXPECT_EQ(evidence["sensors"], "radar-aruba");
  EXPECT_EQ(evidence["track_age_s"], "60");
  EXPECT_EQ(evidence["param.min_noncooperative_updates"], "6");
  EXPECT_EQ(evidence["param.min_track_age_s"], "60");
  const double speed_kn = trackVelocityEn(e.track).norm() / geo::kKnotToMps;
  EXPECT_NEAR(std::stod(evidence["speed_kn"]), speed_kn, 0.05 + 1e-9);
}

TEST(AlertManager, OpenAlertIsUpdatedOnlyAfterTheUpdateInterval) {
  // GIVEN an alert opened at t = 60 s, update interval 120 s
  Scenario s;
  const auto opened = scans(s, 0, 60);
  ASSERT_THAT(opened, SizeIs(1));
  const std::string alert_id = opened.at(60.0).at(0).alert_id;
  // WHEN the track keeps being updated
  const auto events = scans(s, 66, 330);
  // THEN it is re-issued as UPDATED at 180 s and 300 s only, under the same alert ID
  std::vector<double> times;
  for (const auto& [t, list] : events) {
    ASSERT_THAT(list, SizeIs(1));
    EXPECT_EQ(list[0].state, AlertState::Updated);
    EXPECT_EQ(list[0].alert_id, alert_id);
    EXPECT_THAT(list[0].predicted, SizeIs(2));
    EXPECT_EQ(list[0].time, at(t));
    times.push_back(t);
  }
  EXPECT_EQ(times, (std::vector<double>{180.0, 300.0}));
  EXPECT_EQ(s.alerts.openAlerts(), 1u);
}

TEST(AlertManager, AlertClosesWhenTheTrackGetsAnMmsi) {
  // GIVEN an open dark-target alert
  Scenario s;
  const auto opened = scans(s, 0, 72);
  ASSERT_THAT(opened, SizeIs(1));
  const std::string alert_id = opened.at(60.0).at(0).alert_id;
  // WHEN the vessel's AIS is heard and correlates with the track
  const auto events = s.aisReport(75);
  // THEN the alert closes, under the same ID, naming the MMSI
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].state, AlertState::Closed);
  EXPECT_EQ(events[0].alert_id, alert_id);
  EXPECT_EQ(events[0].track.identity.mmsi, kMmsi);
  EXPECT_THAT(events[0].reason, HasSubstr(std::to_string(kMmsi)));
  EXPECT_THAT(events[0].predicted, IsEmpty());
  EXPECT_THAT(events[0].partners, ::testing::Not(IsEmpty()));
  EXPECT_EQ(s.alerts.openAlerts(), 0u);
  // ... and it does not reopen while the track keeps its identity
  EXPECT_THAT(scans(s, 78, 400), IsEmpty());
}

TEST(AlertManager, AlertClosesWhenTheTrackIsDeleted) {
  // GIVEN an open dark-target alert on a track last detected at 72 s
  Scenario s;
  const auto opened = scans(s, 0, 72);
  ASSERT_THAT(opened, SizeIs(1));
  const std::string alert_id = opened.at(60.0).at(0).alert_id;
  // WHEN the track goes silent until it is deleted (delete_after 600 s)
  std::vector<AlertEvent> events;
  for (double t = 90; t <= 72 + 610; t += 10) {
    for (auto& e : s.advanceTo(t)) events.push_back(std::move(e));
  }
  // THEN the alert closes once, with the deleted track's last state
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].state, AlertState::Closed);
  EXPECT_EQ(events[0].alert_id, alert_id);
  EXPECT_EQ(events[0].track.status, core::TrackStatus::Deleted);
  EXPECT_THAT(events[0].reason, HasSubstr("stale"));
  EXPECT_GT(events[0].time, at(72 + 600));
  EXPECT_EQ(s.alerts.openAlerts(), 0u);
}

TEST(AlertManager, CooperativeTrackNeverRaisesAnAlert) {
  // GIVEN a vessel whose AIS is heard from the start
  Scenario s;
  std::vector<AlertEvent> events;
  // WHEN radar and AIS both follow it for five minutes
  for (double t = 0; t <= 300; t += kScanPeriodS) {
    for (auto& e : s.radarScan(t)) events.push_back(std::move(e));
    if (static_cast<int>(t) % 30 == 0) {
      for (auto& e : s.aisReport(t + 1)) events.push_back(std::move(e));
    }
  }
  // THEN no alert is raised
  EXPECT_THAT(events, IsEmpty());
  ASSERT_EQ(s.tracker.tracks().size(), 1u);
  EXPECT_EQ(s.tracker.tracks().begin()->second.identity.mmsi, kMmsi);
}

TEST(AlertManager, DisabledRuleRaisesNothing) {
  CueingConfig config = testConfig();
  config.dark_target.enabled = false;
  Scenario s(config);
  EXPECT_THAT(scans(s, 0, 300), IsEmpty());
  EXPECT_EQ(s.alerts.openAlerts(), 0u);
}

TEST(AlertManager, SameInputGivesIdenticalEvents) {
  auto run = [] {
    Scenario s;
    auto events = scans(s, 0, 200);
    for (auto& e : s.aisReport(203)) events[203].push_back(std::move(e));
    return events;
  };
  const auto first = run();
  EXPECT_EQ(first, run());
  EXPECT_THAT(first, SizeIs(3));  // open, updated, closed
}

}  // namespace
}  // namespace picket::cueing
