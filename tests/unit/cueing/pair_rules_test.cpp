// Rendezvous and small-craft meeting rules, driven by a real tracker fed with radar plots and
// AIS reports of stopped vessels, through the AlertManager.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>

#include "cueing/alert_manager.hpp"
#include "cueing/pair_proximity.hpp"
#include "cueing/rendezvous_rule.hpp"
#include "cueing/small_craft_meeting_rule.hpp"
#include "geo/land_mask.hpp"
#include "geo/place_index.hpp"
#include "rule_harness.hpp"

namespace picket::cueing {
namespace {

using picket::test::at;
using picket::test::CoastalRadar;
using picket::test::Rng;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

/// One stopped vessel: where, whether it transmits AIS, and which radar scans miss it.
struct Vessel {
  core::GeoPoint position;
  std::uint32_t mmsi = 0;  ///< 0: dark
  int miss_every = 0;      ///< radar misses it on every n-th scan (0: never)
  std::uint32_t ship_type = 0;
};

/// A port `km` kilometres from `p` (due west).
std::shared_ptr<const geo::PlaceIndex> portNear(const core::GeoPoint& p, double km) {
  const core::GeoPoint port = geo::geodesicDirect(p, 270.0, km * 1000.0);
  return std::make_shared<geo::PlaceIndex>(
      std::vector<geo::NamedPlace>{{"99002", "Port Near", "port", port, "Testland"}});
}

/// Runs radar scans every `scan_s` (and AIS every 180 s for AIS vessels) for `end_s`, with
/// one rule in an AlertManager; returns the events by time.
std::map<double, std::vector<AlertEvent>> play(std::vector<std::unique_ptr<Rule>> rules,
                                               const std::vector<Vessel>& vessels,
                                               Geography geography, double end_s,
                                               double scan_s = 10.0,
                                               tracking::Tracker* out_tracker = nullptr) {
  const CoastalRadar radar;
  tracking::Tracker local({}, picket::test::sensorTable());
  tracking::Tracker& tracker = out_tracker != nullptr ? *out_tracker : local;
  CueingConfig config;
  AlertManager alerts(config, PartnerTable({}, Partner{"HS", "High seas", {}}),
                      std::move(geography), std::move(rules));
  for (const Vessel& v : vessels) {
    if (v.mmsi != 0 && v.ship_type != 0) {
      tracker.applyIdentity({at(0), picket::test::kAisIndex, v.mmsi, 0, v.ship_type, "", ""});
    }
  }
  Rng rng(17);
  std::uint64_t radar_seq = 0;
  std::uint64_t ais_seq = 0;
  std::map<double, std::vector<AlertEvent>> events;
  const auto collect = [&](double t, std::vector<AlertEvent> e) {
    for (auto& x : e) events[t].push_back(std::move(x));
  };
  int scan = 0;
  for (double t = 0; t <= end_s + 1e-9; t += scan_s, ++scan) {
    std::vector<core::Measurement> plots;
    for (const Vessel& v : vessels) {
      if (v.miss_every > 0 && scan % v.miss_every == v.miss_every - 1) continue;
      plots.push_back(radar.measure(geo::geodeticToEcef(v.position), at(t), &rng));
    }
    collect(t, alerts.onStep(tracker, tracker.processScan(radar.scan(at(t), ++radar_seq, plots))));
    if (std::fmod(t, 180.0) < scan_s - 1e-9) {
      for (const Vessel& v : vessels) {
        if (v.mmsi == 0) continue;
        const double ta = t + 1.0;
        collect(
            t, alerts.onStep(tracker, tracker.processScan(picket::test::aisScan(
                                          picket::test::aisReport(v.mmsi, v.position,
                                                                  core::Vec2::Zero(), at(ta), &rng),
                                          ++ais_seq))));
      }
    }
  }
  return events;
}

std::map<double, std::vector<AlertEvent>> play(std::unique_ptr<Rule> rule,
                                               const std::vector<Vessel>& vessels,
                                               Geography geography, double end_s,
                                               double scan_s = 10.0,
                                               tracking::Tracker* out_tracker = nullptr) {
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(std::move(rule));
  return play(std::move(rules), vessels, std::move(geography), end_s, scan_s, out_tracker);
}

/// The OPEN events, with their times; every other event must be an UPDATED one.
std::vector<std::pair<double, AlertEvent>> opens(
    const std::map<double, std::vector<AlertEvent>>& events) {
  std::vector<std::pair<double, AlertEvent>> out;
  for (const auto& [t, list] : events) {
    for (const auto& e : list) {
      if (e.state == AlertState::Open) {
        out.emplace_back(t, e);
      } else {
        EXPECT_EQ(e.state, AlertState::Updated) << e.reason;
      }
    }
  }
  return out;
}

std::string evidenceOf(const AlertEvent& e, const std::string& key) {
  for (const auto& [k, v] : e.evidence) {
    if (k == key) return v;
  }
  return "<missing " + key + ">";
}

const CoastalRadar kRadar;

// --- rendezvous ---------------------------------------------------------------------------

std::vector<Vessel> logisticsAndGoFast(double apart_m = 300.0) {
  const core::GeoPoint dark = picket::test::fromSite(kRadar, 10.0, 30'000.0);
  // The dark go-fast is missed by the radar on every fifth scan; the logistics ship reports AIS
  // every 3 min, as a class A ship at anchor does.
  return {{dark, 0, 5}, {geo::geodesicDirect(dark, 90.0, apart_m), 735'059'001, 0, 30}};
}

TEST(RendezvousRule, FiresOnADarkBoatAndAnAisShipStoppedTogetherForTwoHours) {
  // GIVEN a dark boat (missed on one scan in five) and an AIS ship 300 m apart, stopped, 30 km
  // from the nearest port
  const auto vessels = logisticsAndGoFast();
  Geography g;
  g.ports = portNear(vessels[0].position, 30.0);
  tracking::Tracker tracker({}, picket::test::sensorTable());
  // WHEN they stay together for 2 h 20 min
  const auto events = opens(
      play(std::make_unique<RendezvousRule>(RendezvousConfig{}), vessels, g, 8400, 10.0, &tracker));
  // THEN one rendezvous alert opens, just after 2 h (the tracks first have to settle), about
  // the dark boat, naming the AIS ship as the related track
  ASSERT_THAT(events, SizeIs(1));
  const auto& [t, e] = events[0];
  EXPECT_GE(t, 7200.0);
  EXPECT_LE(t, 7200.0 + 600.0);
  EXPECT_EQ(e.state, AlertState::Open);
  EXPECT_EQ(e.rule, "rendezvous");
  EXPECT_EQ(e.severity, Severity::High);
  EXPECT_EQ(e.track.identity.mmsi, 0u);
  ASSERT_THAT(e.related_tracks, SizeIs(1));
  ASSERT_NE(tracker.find(e.related_tracks[0]), nullptr);
  EXPECT_EQ(tracker.find(e.related_tracks[0])->identity.mmsi, 735'059'001u);
  EXPECT_THAT(e.reason, HasSubstr("Rendezvous: dark track"));
  EXPECT_EQ(evidenceOf(e, "track_id"), std::to_string(e.track.id));
  EXPECT_EQ(evidenceOf(e, "other_track_id"), std::to_string(e.related_tracks[0]));
  EXPECT_NEAR(std::stod(evidenceOf(e, "mean_distance_m")), 300.0, 60.0);
  EXPECT_GE(std::stod(evidenceOf(e, "duration_s")), 7200.0);
  EXPECT_EQ(evidenceOf(e, "param.max_distance_m"), "500");
  EXPECT_EQ(evidenceOf(e, "param.min_duration_s"), "7200");
  EXPECT_EQ(evidenceOf(e, "param.min_port_distance_m"), "10000");
  EXPECT_THAT(evidenceOf(e, "other_ais"), HasSubstr("735059001"));
  EXPECT_GT(e.confidence, 0.5);
  EXPECT_THAT(e.predicted, SizeIs(3));
}

TEST(RendezvousRule, QuietNearAPort) {
  const auto vessels = logisticsAndGoFast();
  Geography g;
  g.ports = portNear(vessels[0].position, 5.0);
  EXPECT_THAT(play(std::make_unique<RendezvousRule>(RendezvousConfig{}), vessels, g, 9000),
              IsEmpty());
}

TEST(RendezvousRule, QuietWhenTheyStayTooFarApartOrNotLongEnough) {
  Geography g;
  g.ports = portNear(logisticsAndGoFast()[0].position, 30.0);
  EXPECT_THAT(
      play(std::make_unique<RendezvousRule>(RendezvousConfig{}), logisticsAndGoFast(900), g, 9000),
      IsEmpty());
  EXPECT_THAT(
      play(std::make_unique<RendezvousRule>(RendezvousConfig{}), logisticsAndGoFast(), g, 6000),
      IsEmpty());
}

// --- small-craft meeting ------------------------------------------------------------------

std::vector<Vessel> twoBoats(std::uint32_t mmsi_a = 0, std::uint32_t mmsi_b = 0) {
  const core::GeoPoint a = picket::test::fromSite(kRadar, 30.0, 20'000.0);
  return {{a, mmsi_a}, {geo::geodesicDirect(a, 0.0, 200.0), mmsi_b}};
}

/// The pair conditions alone: any meeting with a dark or small boat, suspect or not.
SmallCraftMeetingConfig anyMeeting() {
  SmallCraftMeetingConfig c;
  c.require_suspect = false;
  return c;
}

TEST(SmallCraftMeetingRule, FiresOnTwoDarkBoatsLyingAlongsideForFourMinutes) {
  Geography g;
  g.ports = portNear(twoBoats()[0].position, 20.0);
  const auto events = opens(play(std::make_unique<SmallCraftMeetingRule>(anyMeeting()),
                                 twoBoats(), g, 900, 6.0));
  ASSERT_THAT(events, SizeIs(1));
  const auto& [t, e] = events[0];
  EXPECT_GE(t, 240.0);
  EXPECT_LE(t, 240.0 + 180.0);
  EXPECT_EQ(e.rule, "small_craft_meeting");
  EXPECT_EQ(e.state, AlertState::Open);
  EXPECT_EQ(e.severity, Severity::High);  // both dark
  EXPECT_THAT(e.related_tracks, SizeIs(1));
  EXPECT_NEAR(std::stod(evidenceOf(e, "distance_m")), 200.0, 80.0);
  EXPECT_EQ(evidenceOf(e, "param.max_distance_m"), "1000");
  EXPECT_EQ(evidenceOf(e, "param.min_duration_s"), "240");
  EXPECT_EQ(evidenceOf(e, "param.small_ship_types"), "30,36,37");
}

TEST(SmallCraftMeetingRule, TwoAisMerchantShipsAreNotSmallCraft) {
  Geography g;
  g.ports = portNear(twoBoats()[0].position, 20.0);
  auto ships = twoBoats(636'000'001, 636'000'002);
  for (auto& s : ships) s.ship_type = 70;  // cargo
  EXPECT_THAT(
      play(std::make_unique<SmallCraftMeetingRule>(anyMeeting()), ships, g, 900, 6.0),
      IsEmpty());
  // ... but an AIS fishing boat (type 30) meeting one of them is.
  ships[1].ship_type = 30;
  EXPECT_THAT(opens(play(std::make_unique<SmallCraftMeetingRule>(anyMeeting()), ships,
                         g, 900, 6.0)),
              SizeIs(1));
}

TEST(SmallCraftMeetingRule, TwoBoatsInAHarbourAreNotAMeeting) {
  Geography g;
  g.ports = portNear(twoBoats()[0].position, 1.0);
  EXPECT_THAT(play(std::make_unique<SmallCraftMeetingRule>(anyMeeting()), twoBoats(),
                   g, 900, 6.0),
              IsEmpty());
}

TEST(SmallCraftMeetingRule, TwoBoatsMeetingWithNoSuspectAmongThemAreNotACue) {
  // GIVEN two dark boats alongside each other for 15 min, away from ports, neither the subject
  // of another rule's alert (two fishing boats on one ground)
  Geography g;
  g.ports = portNear(twoBoats()[0].position, 20.0);
  // THEN the default rule raises nothing; without require_suspect it would (test above)
  EXPECT_THAT(play(std::make_unique<SmallCraftMeetingRule>(SmallCraftMeetingConfig{}), twoBoats(),
                   g, 900, 6.0),
              IsEmpty());
}

/// Stands for an earlier rule (a go-fast, say) that has an open alert on the lowest-numbered
/// confirmed track, from `from_s` after the first step on: that boat is a suspect.
class FirstTrackIsSuspect final : public Rule {
 public:
  explicit FirstTrackIsSuspect(double from_s = 0.0) : from_s_(from_s) {}
  [[nodiscard]] std::string_view name() const override { return "first_track"; }
  void onStep(const RuleContext& context, FindingSink& sink) override {
    if (!start_) start_ = context.now;
    if ((context.now - *start_).seconds() < from_s_) return;
    for (const TrackView& v : context.changed) {
      if (v.track->status != core::TrackStatus::Confirmed) continue;
      if (!first_) first_ = v.track->id;
      if (v.track->id != *first_) continue;
      Finding f;
      f.tracks = {v.track->id};
      f.severity = Severity::High;
      f.confidence = 0.9;
      f.reason = "suspect";
      sink.raise(std::move(f));
    }
  }

 private:
  double from_s_;
  std::optional<core::Timestamp> start_;
  std::optional<core::TrackId> first_;
};

TEST(SmallCraftMeetingRule, TwoBoatsMeetingWhenOneIsASuspectAreACue) {
  // GIVEN the same two dark boats alongside each other, one of them already the subject of
  // another rule's open alert
  Geography g;
  g.ports = portNear(twoBoats()[0].position, 20.0);
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(std::make_unique<FirstTrackIsSuspect>());
  rules.push_back(std::make_unique<SmallCraftMeetingRule>(SmallCraftMeetingConfig{}));
  // THEN the default rule (require_suspect) opens one meeting alert on the pair
  std::vector<AlertEvent> meetings;
  for (const auto& [t, e] : opens(play(std::move(rules), twoBoats(), g, 900, 6.0))) {
    if (e.rule == "small_craft_meeting") meetings.push_back(e);
  }
  ASSERT_THAT(meetings, SizeIs(1));
  EXPECT_THAT(meetings[0].related_tracks, SizeIs(1));
}

/// A land mask with one island, a lat/lon box.
std::shared_ptr<const geo::LandMask> islandAt(double lat0, double lon0, double lat1, double lon1) {
  geo::LandMaskOptions options;
  options.cell_deg = 0.05;
  options.clip_box = std::nullopt;
  return std::make_shared<geo::LandMask>(
      std::vector<geo::GeoPolygon>{test::box(lat0, lon0, lat1, lon1)}, options);
}

TEST(SmallCraftMeetingRule, TwoBoatsOneDarkMeetingFarOffshoreAreACueWithoutASuspect) {
  // GIVEN two dark boats alongside each other, neither a suspect, away from ports, and the
  // nearest land 7 degrees north (a patrol aircraft's pass over a go-fast and its supplier)
  Geography g;
  g.ports = portNear(twoBoats()[0].position, 20.0);
  g.land = islandAt(20.0, -70.5, 20.5, -69.5);
  // THEN the default rule (require_suspect) opens one meeting alert
  EXPECT_THAT(opens(play(std::make_unique<SmallCraftMeetingRule>(SmallCraftMeetingConfig{}),
                         twoBoats(), g, 900, 6.0)),
              SizeIs(1));
  // ... but not 15 nm off an island: local boats lie stopped there
  g.land = islandAt(12.92, -70.2, 13.0, -69.6);
  EXPECT_THAT(play(std::make_unique<SmallCraftMeetingRule>(SmallCraftMeetingConfig{}), twoBoats(),
                   g, 900, 6.0),
              IsEmpty());
}

std::size_t meetingAlerts(double suspect_from_s, const SmallCraftMeetingConfig& config) {
  Geography g;
  g.ports = portNear(twoBoats()[0].position, 20.0);
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(std::make_unique<FirstTrackIsSuspect>(suspect_from_s));
  rules.push_back(std::make_unique<SmallCraftMeetingRule>(config));
  std::size_t n = 0;
  for (const auto& [t, e] : opens(play(std::move(rules), twoBoats(), g, 2400, 6.0))) {
    if (e.rule == "small_craft_meeting") ++n;
  }
  return n;
}

TEST(SmallCraftMeetingRule, BoatsTogetherLongerThanAShortMeetingAreNotOne) {
  // GIVEN two boats lying together from the start, one of them a suspect only after 30 min
  SmallCraftMeetingConfig c;
  c.max_duration = core::Duration::fromSeconds(1200);
  // THEN with a 20 min limit there is no meeting (they have been together longer), with the
  // default hour there is
  EXPECT_EQ(meetingAlerts(1800.0, c), 0u);
  EXPECT_EQ(meetingAlerts(1800.0, SmallCraftMeetingConfig{}), 1u);
}

// --- two-vessel evidence ------------------------------------------------------------------

core::Track withSensors(core::TrackId id, std::vector<core::SensorContribution> sensors) {
  core::Track t;
  t.id = id;
  t.status = core::TrackStatus::Confirmed;
  t.sensors = std::move(sensors);
  return t;
}

TEST(TwoVesselEvidence, OneRadarScanWithBothTracksIsTwoReturns) {
  const auto sensors = picket::test::sensorTable();
  const PairThresholds t = RendezvousConfig{}.thresholds;
  const core::Track a = withSensors(1, {{picket::test::kRadarIndex, at(100.0), 10}});
  const core::Track b = withSensors(2, {{picket::test::kRadarIndex, at(100.5), 10}});
  EXPECT_EQ(twoVesselEvidence(a, b, sensors, at(101), t), at(100.5));
  // Scans apart (the radar updated one track per scan: one return, two tracks)
  const core::Track c = withSensors(3, {{picket::test::kRadarIndex, at(94.0), 10}});
  EXPECT_EQ(twoVesselEvidence(a, c, sensors, at(101), t), std::nullopt);
}

TEST(TwoVesselEvidence, TwoTranspondersHeardLatelyAreTwoVesselsOneMmsiNever) {
  const auto sensors = picket::test::sensorTable();
  const PairThresholds t = RendezvousConfig{}.thresholds;  // max_ais_silence 600 s
  core::Track a = withSensors(1, {{picket::test::kAisIndex, at(50.0), 3}});
  core::Track b = withSensors(2, {{picket::test::kAisIndex, at(80.0), 3}});
  a.identity.mmsi = 735'000'001;
  b.identity.mmsi = 735'000'002;
  a.last_cooperative_update = at(50.0);
  b.last_cooperative_update = at(80.0);
  EXPECT_EQ(twoVesselEvidence(a, b, sensors, at(100), t), at(50.0));
  // One of them silent for longer than max_ais_silence (a held satellite-AIS track)
  EXPECT_EQ(twoVesselEvidence(a, b, sensors, at(700), t), std::nullopt);
  // One MMSI: one vessel, even with two returns in one scan
  b.identity.mmsi = a.identity.mmsi;
  a.sensors.push_back({picket::test::kRadarIndex, at(99.0), 1});
  b.sensors.push_back({picket::test::kRadarIndex, at(99.0), 1});
  std::sort(a.sensors.begin(), a.sensors.end(),
            [](const auto& x, const auto& y) { return x.sensor < y.sensor; });
  std::sort(b.sensors.begin(), b.sensors.end(),
            [](const auto& x, const auto& y) { return x.sensor < y.sensor; });
  EXPECT_EQ(twoVesselEvidence(a, b, sensors, at(100), t), std::nullopt);
  // AIS updates at one time are not two returns (AIS is not a radar)
  core::Track c = withSensors(3, {{picket::test::kAisIndex, at(80.0), 3}});
  EXPECT_EQ(twoVesselEvidence(withSensors(4, {{picket::test::kAisIndex, at(80.0), 3}}), c,
                              sensors, at(100), t),
            std::nullopt);
}

// --- the pair index -----------------------------------------------------------------------

core::Vec6 stoppedAt(const core::GeoPoint& p) {
  core::Vec6 x = core::Vec6::Zero();
  x.head<3>() = geo::geodeticToEcef(p);
  return x;
}

TEST(ProximityPairs, FindsTheOneClosePairAmongTenThousandCandidates) {
  // 10,000 candidates on a 2 km grid, and one extra track 300 m from candidate 5,050.
  ProximityPairs pairs(500.0, core::Duration::fromSeconds(60));
  const core::GeoPoint origin{5.0, -85.0, 0.0};
  for (core::TrackId i = 0; i < 10'000; ++i) {
    const core::GeoPoint row =
        geo::geodesicDirect(origin, 0.0, 2000.0 * static_cast<double>(i / 100));
    pairs.update(i + 1,
                 stoppedAt(geo::geodesicDirect(row, 90.0, 2000.0 * static_cast<double>(i % 100))),
                 at(0), true);
  }
  const core::GeoPoint row = geo::geodesicDirect(origin, 0.0, 2000.0 * 50);
  pairs.update(
      20'000,
      stoppedAt(geo::geodesicDirect(geo::geodesicDirect(row, 90.0, 2000.0 * 49), 0.0, 300.0)),
      at(0), true);
  const auto found = pairs.observe(at(0));
  ASSERT_THAT(found, SizeIs(1));
  EXPECT_EQ(found[0].first, (ProximityPairs::Key{5'050, 20'000}));
  EXPECT_NEAR(found[0].second->distance_m, 300.0, 1.0);
  EXPECT_EQ(pairs.candidates(), 10'001u);
}

TEST(ProximityPairs, AStaleNeighbourDoesNotCountAndAMergeMovesThePair) {
  ProximityPairs pairs(500.0, core::Duration::fromSeconds(60));
  const core::GeoPoint p{5.0, -85.0, 0.0};
  pairs.update(1, stoppedAt(p), at(0), true);
  pairs.update(2, stoppedAt(geo::geodesicDirect(p, 90.0, 200.0)), at(0), true);
  EXPECT_THAT(pairs.observe(at(0)), SizeIs(1));
  // Track 2 is not updated again; 1 is, 30 s and 90 s later.
  pairs.update(1, stoppedAt(p), at(30), true);
  EXPECT_THAT(pairs.observe(at(30)), SizeIs(1));  // 2's last update is 30 s old: fine
  pairs.update(1, stoppedAt(p), at(90), true);
  EXPECT_THAT(pairs.observe(at(90)), IsEmpty());  // 90 s old: too stale
  // Track 2 is merged into track 3: the pair (1, 2) becomes (1, 3).
  pairs.update(2, stoppedAt(geo::geodesicDirect(p, 90.0, 200.0)), at(100), true);
  ASSERT_THAT(pairs.observe(at(100)), SizeIs(1));
  tracking::StepResult step;
  step.deleted.push_back({core::Track{}, tracking::DeletionReason::Merged, 3});
  step.deleted.back().track.id = 2;
  pairs.onDeleted(step);
  EXPECT_EQ(pairs.candidates(), 1u);
  pairs.update(3, stoppedAt(geo::geodesicDirect(p, 90.0, 210.0)), at(110), true);
  const auto found = pairs.observe(at(110));
  ASSERT_THAT(found, SizeIs(1));
  EXPECT_EQ(found[0].first, (ProximityPairs::Key{1, 3}));
  // The run started at 100 s (the one from 0 s ended at 90 s) and carries over.
  EXPECT_EQ(found[0].second->run.start(), at(100));
}

}  // namespace
}  // namespace picket::cueing
