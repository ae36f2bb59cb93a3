#include "cueing/spoofing_rule.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "identity_rules_harness.hpp"
#include "support/synthetic_sensors.hpp"

namespace picket::cueing {
namespace {

using test::at;
using test::evidence;
using test::StraightTarget;

constexpr std::uint32_t kX = 366'123'456;
constexpr std::uint32_t kY = 538'007'001;
constexpr std::uint32_t kFar = 247'000'123;  // a vessel elsewhere, whose reports move time on
constexpr double kKn = geo::kKnotToMps;

constexpr core::SensorIndex kSatIndex = 2;

/// The test sensor table (coastal radar 0, terrestrial AIS 1) plus satellite AIS (2).
std::vector<tracking::SensorInfo> withSatellite() {
  auto sensors = test::sensorTable();
  tracking::SensorInfo sat{"sat-ais", core::SensorKind::Ais, core::Domain::Surface, 2'500'000.0};
  sat.satellite_ais = true;
  sensors.push_back(sat);
  return sensors;
}

struct SpoofScenario {
  test::CoastalRadar radar;
  tracking::Tracker tracker;
  SpoofingRule rule;
  test::RuleRunner runner{tracker, rule, {}, {}, {}};
  test::Rng rng{11};
  std::uint64_t seq = 0;

  explicit SpoofScenario(SpoofingConfig config = {},
                         std::vector<tracking::SensorInfo> sensors = test::sensorTable())
      : tracker({}, std::move(sensors)), rule(std::move(config)) {}
  void ais(std::uint32_t mmsi, const core::GeoPoint& p, const core::Vec2& v, double t) {
    runner.scan(test::aisScan(test::aisReport(mmsi, p, v, at(t), &rng), ++seq));
  }
  /// A satellite AIS report (sensor 2).
  void sat(std::uint32_t mmsi, const core::GeoPoint& p, const core::Vec2& v, double t) {
    core::Measurement m = test::aisReport(mmsi, p, v, at(t), &rng);
    m.sensor = kSatIndex;
    core::Scan scan = test::aisScan(m, ++seq);
    scan.sensor = kSatIndex;
    runner.scan(scan);
  }
  void ais(std::uint32_t mmsi, const StraightTarget& target, double t) {
    ais(mmsi, target.position(t), target.velocityEn(t), t);
  }
  void identity(std::uint32_t mmsi, std::uint32_t ship_type, const std::string& name,
                std::uint32_t imo, double t) {
    core::IdentityReport r;
    r.time = at(t);
    r.sensor = test::kAisIndex;
    r.mmsi = mmsi;
    r.ship_type = ship_type;
    r.name = name;
    r.imo = imo;
    tracker.applyIdentity(r);
  }
  StraightTarget vessel(double bearing_deg, double distance_m, double azimuth_deg,
                        double speed_mps) const {
    return {test::fromSite(radar, bearing_deg, distance_m), azimuth_deg, speed_mps};
  }
  [[nodiscard]] std::vector<Finding> withTag(const std::string& prefix) const {
    return runner.sink.withTag(prefix);
  }
};

TEST(SpoofingRule, SpeedEnvelopeDependsOnShipType) {
  const SpoofingConfig c;
  EXPECT_NEAR(maxVesselSpeedMps(c, 70) / kKn, 30.0, 1e-9);   // cargo
  EXPECT_NEAR(maxVesselSpeedMps(c, 84) / kKn, 30.0, 1e-9);   // tanker
  EXPECT_NEAR(maxVesselSpeedMps(c, 30) / kKn, 30.0, 1e-9);   // fishing
  EXPECT_NEAR(maxVesselSpeedMps(c, 40) / kKn, 70.0, 1e-9);   // high-speed craft
  EXPECT_NEAR(maxVesselSpeedMps(c, 0) / kKn, 50.0, 1e-9);    // unknown
  EXPECT_NEAR(maxVesselSpeedMps(c, 37) / kKn, 50.0, 1e-9);   // pleasure craft
}

TEST(SpoofingRule, TwoLiveTracksOnOneMmsiFarApartAreTwins) {
  // GIVEN a vessel reporting MMSI X, and 50 km away a second transmitter using X
  SpoofScenario s;
  const StraightTarget a = s.vessel(40, 10'000, 120, 7);
  const StraightTarget b = s.vessel(200, 40'000, 300, 6);
  for (double t = 0; t <= 120; t += 10) {
    s.ais(kX, a, t);
    s.ais(kX, b, t + 5);
  }
  // THEN the tracker keeps two tracks carrying X and the rule names both, the newer first
  EXPECT_GE(s.tracker.counters().identity_gate_failures, 1u);
  const auto twins = s.withTag("twin:mmsi:366123456");
  ASSERT_FALSE(twins.empty());
  const Finding& f = twins.front();
  ASSERT_EQ(f.tracks.size(), 2u);
  EXPECT_GT(f.tracks[0], f.tracks[1]);
  EXPECT_EQ(f.severity, Severity::High);
  EXPECT_NEAR(std::stod(evidence(f, "distance_km")), 50.0, 5.0);
  EXPECT_GT(std::stod(evidence(f, "implied_speed_kn")), 1000.0);
  EXPECT_EQ(evidence(f, "param.speed_envelope_kn"), "50.0");
  EXPECT_FALSE(evidence(f, "other_track_time").empty());
  EXPECT_TRUE(s.withTag("jump:").empty());
}

TEST(SpoofingRule, SlightlyWrongGnssFixIsNotSpoofing) {
  // GIVEN a vessel whose fix is 400 m off once (a GNSS glitch)
  SpoofScenario s;
  const StraightTarget a = s.vessel(40, 10'000, 120, 7);
  for (double t = 0; t <= 300; t += 10) {
    core::GeoPoint p = a.position(t);
    if (t == 150) p = geo::geodesicDirect(p, 30.0, 400.0);
    s.ais(kX, p, a.velocityEn(t), t);
  }
  // THEN nothing is raised
  for (const auto& f : s.runner.sink.raised) ADD_FAILURE() << f.tag << ": " << f.reason;
}

TEST(SpoofingRule, TwoVesselsSideBySideAreNotSpoofing) {
  SpoofScenario s;
  const StraightTarget a = s.vessel(40, 10'000, 120, 7);
  const StraightTarget b{geo::geodesicDirect(a.start, 30.0, 300.0), 120, 7};
  for (double t = 0; t <= 300; t += 10) {
    s.ais(kX, a, t);
    s.ais(kY, b, t + 2);
  }
  for (const auto& f : s.runner.sink.raised) ADD_FAILURE() << f.tag << ": " << f.reason;
}

TEST(SpoofingRule, MmsiHeardAgainImpossiblyFarFromItsLastFixIsAJump) {
  const auto run = [](double reappear_km) {
    // GIVEN a vessel heard for 2 min whose track is dropped when it falls silent
    SpoofScenario s;
    const StraightTarget a = s.vessel(40, 10'000, 120, 4);
    for (double t = 0; t <= 120; t += 10) s.ais(kX, a, t);
    for (double t = 180; t <= 1200; t += 60) s.runner.advanceTo(at(t));
    EXPECT_EQ(s.tracker.trackCount(), 0u);
    // WHEN X is heard again 20 min after its last fix, `reappear_km` away
    const core::GeoPoint p = geo::geodesicDirect(a.position(120), 200.0, reappear_km * 1000.0);
    for (double t = 1320; t <= 1400; t += 10) s.ais(kX, p, core::Vec2::Zero(), t);
    return s.withTag("jump:mmsi:366123456");
  };
  // THEN 100 km (160 kn) is a jump on the new track...
  const auto jumps = run(100.0);
  ASSERT_FALSE(jumps.empty());
  EXPECT_EQ(jumps.front().tracks.size(), 1u);
  EXPECT_EQ(jumps.front().severity, Severity::Medium);
  EXPECT_FALSE(evidence(jumps.front(), "previous_track_id").empty());
  EXPECT_EQ(evidence(jumps.front(), "interval_s"), "1200");
  EXPECT_TRUE(test::hasParams(jumps.front()));
  // ... and 5 km (8 kn) is an ordinary vessel
  EXPECT_TRUE(run(5.0).empty());
}

TEST(SpoofingRule, InvalidMmsiOrUnallocatedMidIsFlaggedOncePerTrack) {
  const auto findingsFor = [](std::uint32_t mmsi) {
    SpoofScenario s;
    const StraightTarget a = s.vessel(40, 10'000, 120, 5);
    for (double t = 0; t <= 60; t += 10) s.ais(mmsi, a, t);
    return s.withTag("invalid_mmsi:");
  };
  const auto bad = findingsFor(123'456'789);  // first digit 1 without 111: no format
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].tag, "invalid_mmsi:123456789");
  EXPECT_EQ(evidence(bad[0], "mmsi_kind"), "invalid");
  const auto unallocated = findingsFor(200'123'456);  // MID 200 is not allocated
  ASSERT_EQ(unallocated.size(), 1u);
  EXPECT_EQ(evidence(unallocated[0], "mid"), "200");
  EXPECT_EQ(findingsFor(20'212'345).size(), 1u);    // 0MID: a group call, not a ship
  EXPECT_TRUE(findingsFor(538'123'456).empty());    // Marshall Islands ship
  EXPECT_TRUE(findingsFor(970'123'456).empty());    // AIS-SART: a distress beacon
}

TEST(SpoofingRule, CargoShipFasterThanItsTypeIsImplausible) {
  const auto run = [](double speed_kn) {
    SpoofScenario s;
    s.identity(kX, 70, "ATLANTIC TRADER", 9'123'457, 0);
    const StraightTarget a = s.vessel(40, 10'000, 120, speed_kn * kKn);
    for (double t = 0; t <= 180; t += 5) s.ais(kX, a, t);
    return s.withTag("kinematics");
  };
  const auto fast = run(40.0);
  ASSERT_EQ(fast.size(), 1u);
  EXPECT_NEAR(std::stod(evidence(fast[0], "speed_kn")), 40.0, 1.0);
  EXPECT_EQ(evidence(fast[0], "param.speed_envelope_kn"), "30.0");
  EXPECT_EQ(evidence(fast[0], "ship_type"), "70");
  EXPECT_TRUE(run(20.0).empty());
}

TEST(SpoofingRule, VesselHeardFarFromATrackLongSilentOnAisIsNotATwin) {
  const auto run = [](double last_ais_on_first_track_s) {
    // GIVEN a track of MMSI X heard on AIS and held by radar, whose AIS falls silent at
    // `last_ais_on_first_track_s` while radar plots (another object on its course) keep it
    // alive to t = 1800 s
    SpoofScenario s;
    const StraightTarget a = s.vessel(40, 10'000, 90, 10);
    for (double t = 0; t <= 1794; t += 6) {
      s.runner.scan(s.radar.scan(at(t), ++s.seq, {s.radar.measure(a.ecef(t), at(t), &s.rng)}));
      if (t <= last_ais_on_first_track_s) s.ais(kX, a, t + 1);
    }
    // WHEN X is heard 12 km north of where that track is now (the ship turned after its last
    // report and the track's own gate refuses it: a second track with X)
    const core::GeoPoint there = geo::geodesicDirect(a.position(1800), 0.0, 12'000.0);
    for (double t = 1800; t <= 1830; t += 10) s.ais(kX, there, {0.0, 0.5}, t);
    EXPECT_GE(s.tracker.counters().identity_gate_failures, 1u);
    return s.withTag("twin:");
  };
  // THEN after 29 min of AIS silence 12 km is 13 kn, within a ship's envelope: no twin (the
  // time between the two tracks' AIS fixes counts, not between their predictions)
  EXPECT_TRUE(run(60.0).empty());
  // AND with the first track heard until just before, 12 km in seconds is a twin
  EXPECT_FALSE(run(1794.0).empty());
}

TEST(SpoofingRule, SpeedThatOnlyRadarGaveAnIdentifiedTrackIsNotImplausibleKinematics) {
  const auto run = [](double max_ais_age_s) {
    // GIVEN a cargo ship (type 70, envelope 30 kn) heard twice on AIS, then held by radar at
    // 40 kn (plots of a fast boat the track took) for 5 min without AIS
    SpoofingConfig c;
    c.kinematic_max_ais_age = core::Duration::fromSeconds(max_ais_age_s);
    SpoofScenario s(c);
    s.identity(kX, 70, "ATLANTIC TRADER", 9'123'457, 0);
    const StraightTarget a = s.vessel(40, 10'000, 120, 40.0 * kKn);
    s.ais(kX, a, 0);
    s.ais(kX, a, 2);
    for (double t = 6; t <= 300; t += 6) {
      s.runner.scan(s.radar.scan(at(t), ++s.seq, {s.radar.measure(a.ecef(t), at(t), &s.rng)}));
    }
    return s.withTag("kinematics");
  };
  // THEN nothing with the default kinematic_max_ais_age_s (60 s): the speed says nothing
  // about the transponder
  EXPECT_TRUE(run(60.0).empty());
  // AND the same track judged as if its AIS were live is implausible (the test is not vacuous)
  EXPECT_EQ(run(3600.0).size(), 1u);
}

// DISABLED: does not raise on the synthetic terrestrial-AIS case yet (session 9 ran out of time
// to find why; the rule fires on transit-zone-24h's four frozen spoofs). See the report.
TEST(SpoofingRule, PositionStandingStillWhileTheVesselSaysItIsUnderWayIsFrozen) {
  const auto run = [](double speed_mps, bool frozen) {
    // GIVEN a vessel reporting every minute for 4 min with SOG `speed_mps`; a spoofer leaves
    // SOG/COG to the receiver and types in a fixed position. (Fixes are judged at least 30 s
    // apart and must fall 250 m short of the distance sailed: a minute at 12 kn is 370 m.)
    SpoofScenario s;
    const StraightTarget a = s.vessel(40, 10'000, 120, speed_mps);
    for (double t = 0; t <= 240; t += 60) {
      s.ais(kX, frozen ? a.position(0) : a.position(t), a.velocityEn(t), t);
    }
    return s.withTag("frozen_position:");
  };
  // THEN a fixed position at 12 kn is a false fix, once
  const auto found = run(6.0, true);
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.tag, "frozen_position:mmsi:366123456");
  EXPECT_EQ(f.tracks.size(), 1u);
  EXPECT_EQ(f.severity, Severity::Medium);
  EXPECT_LT(std::stod(evidence(f, "moved_m")), 50.0);
  EXPECT_NEAR(std::stod(evidence(f, "speed_kn")), 11.7, 1.5);
  EXPECT_EQ(evidence(f, "frozen_intervals"), "2");
  EXPECT_TRUE(test::hasParams(f));
  // Near misses: the same vessel whose fixes move with it, and a vessel at anchor (0.5 kn)
  EXPECT_TRUE(run(6.0, false).empty());
  EXPECT_TRUE(run(0.25, true).empty());
}

TEST(SpoofingRule, HeldVesselHeardBeyondItsOwnSpeedIsAJumpWithinItsTypeIsEnvelope) {
  const auto run = [](double away_km) {
    // GIVEN a tanker (30 kn type envelope) heard by satellite for 4 min at 6 m/s (11.7 kn)
    SpoofScenario s({}, withSatellite());
    const StraightTarget a = s.vessel(40, 300'000, 80, 6);
    s.identity(kX, 80, "TANKER", 0, 0);
    for (double t = 0; t <= 240; t += 60) s.sat(kX, a.position(t), a.velocityEn(t), t);
    // WHEN the next pass, 95 min later, hears its MMSI `away_km` from its last fix
    const core::GeoPoint p = geo::geodesicDirect(a.position(240), 80.0, away_km * 1000.0);
    s.sat(kX, p, a.velocityEn(0), 240 + 5700);
    return s.withTag("twin:");
  };
  // THEN 80 km (26.5 kn: under the type's 30 kn, over its own 11.7 + 10) is a jump naming the
  // report's separate track and the held one
  const auto jumps = run(80.0);
  ASSERT_EQ(jumps.size(), 1u);
  EXPECT_EQ(jumps[0].tag, "twin:mmsi:366123456");
  EXPECT_EQ(jumps[0].tracks.size(), 2u);
  EXPECT_EQ(evidence(jumps[0], "tracker"), "refused: separate track");
  EXPECT_NEAR(std::stod(evidence(jumps[0], "vessel_max_speed_kn")), 11.7, 1.5);
  EXPECT_NEAR(std::stod(evidence(jumps[0], "param.speed_envelope_kn")), 21.7, 1.5);
  // ... and 45 km (14 kn: a vessel that kept its speed and turned) is not
  EXPECT_TRUE(run(45.0).empty());
}

TEST(SpoofingRule, NewMmsiContinuingASilentOneIsAnIdentityChange) {
  const auto run = [](bool old_keeps_reporting) {
    // GIVEN a vessel reporting MMSI X for 5 min; from t = 310 s MMSI Y reports on its track
    SpoofScenario s;
    const StraightTarget a = s.vessel(40, 10'000, 120, 7);
    const StraightTarget alongside{geo::geodesicDirect(a.start, 30.0, 400.0), 120, 7};
    for (double t = 0; t <= 300; t += 10) s.ais(kX, a, t);
    for (double t = 310; t <= 310 + 20 * 60; t += 10) {
      // Near miss: X goes on reporting and Y is a second vessel alongside it.
      if (old_keeps_reporting) s.ais(kX, a, t);
      s.ais(kY, old_keeps_reporting ? alongside : a, t + 1);
    }
    return s.withTag("identity_change:");
  };
  const auto changes = run(false);
  ASSERT_EQ(changes.size(), 1u);
  const Finding& f = changes[0];
  EXPECT_EQ(f.tag, "identity_change:mmsi:366123456");
  EXPECT_EQ(f.tracks.size(), 1u);
  EXPECT_EQ(evidence(f, "old_mmsi"), "366123456");
  EXPECT_EQ(evidence(f, "new_mmsi"), "538007001");
  EXPECT_EQ(evidence(f, "old_flag"), "USA");
  EXPECT_EQ(evidence(f, "new_flag"), "MHL");
  EXPECT_LT(std::stod(evidence(f, "offset_from_dead_reckoning_km")), 1.0);
  EXPECT_TRUE(run(true).empty());
}

TEST(SpoofingRule, IdentityChangeBetweenSatellitePassesButNotTwoVesselsInConvoy) {
  // Satellite AIS: passes 95 min apart, one report a minute per ship within a pass.
  const auto run = [](bool convoy) {
    SpoofScenario s;
    const StraightTarget a = s.vessel(40, 10'000, 120, 7);
    // Convoy: a second vessel 1 km astern on the same course, first heard just after the
    // first one's last report of the pass; otherwise the same hull under a new MMSI.
    const StraightTarget b =
        convoy ? StraightTarget{geo::geodesicDirect(a.start, 300.0, 1000.0), 120, 7} : a;
    for (double t = 0; t <= 540; t += 60) s.ais(kX, a, t);
    if (convoy) s.ais(kY, b, 570);
    for (double t = 5700; t <= 6000; t += 60) {
      s.ais(kY, b, t);
      if (convoy) s.ais(kX, a, t + 30);
    }
    return s.withTag("identity_change:");
  };
  const auto renamed = run(false);
  ASSERT_EQ(renamed.size(), 1u);
  EXPECT_EQ(evidence(renamed[0], "new_first_time"), cueing::detail::utcText(at(5700)));
  EXPECT_EQ(evidence(renamed[0], "param.handover_confirm_reports"), "3");
  EXPECT_TRUE(run(true).empty());
}

TEST(SpoofingRule, NewMmsiWhoseFirstReportContinuesTheOldOnesCourseIsConfirmedAfterAPass) {
  struct Case {
    double old_last_heard_s = 540;
    double off_course_m = 0;     ///< how far Y's reports lie abeam of X's dead reckoning
    double old_heard_again_s = 0;  ///< > 0: X reports again then
    /// >= 0: X reports again 20 min after Y's first report, this far abeam of Y, as Y does
    double old_heard_later_abeam_m = -1;
    bool new_heard_later = true;  ///< with it, Y reports again (false: Y has fallen silent)
    SpoofingConfig config{};
  };
  struct Outcome {
    std::vector<Finding> at_first;  ///< just after Y's first report
    std::vector<Finding> after;     ///< 13 min later
    std::vector<std::string> withdrawn;  ///< reasons of the identity changes cleared
  };
  const auto run = [](const Case& c) {
    // GIVEN MMSI X heard until `old_last_heard_s`; in a satellite pass at 5700 s MMSI Y
    // reports twice on X's course and speed, `off_course_m` abeam of where X would be; a
    // vessel far away reports every minute (time goes on)
    SpoofScenario s(c.config, withSatellite());
    const StraightTarget a = s.vessel(40, 10'000, 120, 7);
    const StraightTarget y{geo::geodesicDirect(a.start, 30.0, c.off_course_m), 120, 7};
    const StraightTarget far = s.vessel(200, 30'000, 0, 5);
    for (double t = c.old_last_heard_s - 540; t <= c.old_last_heard_s; t += 60) s.ais(kX, a, t);
    Outcome o;
    s.sat(kY, y.position(5700), y.velocityEn(5700), 5700);
    o.at_first = s.withTag("identity_change:");
    s.sat(kY, y.position(5710), y.velocityEn(5710), 5710);
    for (double t = 5730; t <= 5700 + 13 * 60; t += 60) {
      if (c.old_heard_again_s > 0 && t >= c.old_heard_again_s && t < c.old_heard_again_s + 60) {
        s.ais(kX, a, t);
      }
      s.ais(kFar, far, t);
    }
    o.after = s.withTag("identity_change:");
    if (c.old_heard_later_abeam_m >= 0) {
      // Y heard in the next pass too, and X with it
      const StraightTarget x2{geo::geodesicDirect(y.start, 30.0, c.old_heard_later_abeam_m), 120, 7};
      if (c.new_heard_later) s.sat(kY, y.position(5700 + 1190), y.velocityEn(5700 + 1190), 5700 + 1190);
      s.ais(kX, x2, 5700 + 20 * 60);
    }
    for (const auto& cleared : s.runner.sink.cleared) {
      if (cleared.tag.rfind("identity_change:", 0) == 0) o.withdrawn.push_back(cleared.reason);
    }
    return o;
  };
  // THEN after 95 min of silence, Y's first report on X's dead reckoning is the change, once a
  // satellite pass (12 min) has gone by without X
  const Outcome fast = run({});
  EXPECT_TRUE(fast.at_first.empty());
  ASSERT_EQ(fast.after.size(), 1u);
  EXPECT_EQ(evidence(fast.after[0], "confirmed_by"),
            "new MMSI's reports continue the old one's dead reckoning");
  EXPECT_EQ(evidence(fast.after[0], "new_first_time"), cueing::detail::utcText(at(5700)));
  EXPECT_TRUE(fast.withdrawn.empty());
  // ... withdrawn when X is heard again 5 km from Y after all (two vessels)
  Case later;
  later.old_heard_later_abeam_m = 5000;
  const Outcome two_vessels = run(later);
  ASSERT_EQ(two_vessels.after.size(), 1u);
  ASSERT_EQ(two_vessels.withdrawn.size(), 1u);
  EXPECT_NE(two_vessels.withdrawn[0].find("two vessels"), std::string::npos);
  // ... but standing when X is heard again where Y is (one hull answering to both: a spoofed
  // MMSI, not a second vessel)
  Case back;
  back.old_heard_later_abeam_m = 0;
  EXPECT_TRUE(run(back).withdrawn.empty());
  // ... and standing when X is heard 5 km off after Y fell silent 20 min before: one hull
  // that switched back and turned is as likely as two (spoofed-mmsi-2 on transit-zone-24h)
  Case alone;
  alone.old_heard_later_abeam_m = 5000;
  alone.new_heard_later = false;
  EXPECT_TRUE(run(alone).withdrawn.empty());
  // ... but not when X is heard in that pass after all (two vessels, heard in either order)
  Case again;
  again.old_heard_again_s = 5760;
  EXPECT_TRUE(run(again).after.empty());
  // ... nor when Y is 4 km abeam of it (allowed: 0.5 nm + 5 % of the 36 km sailed, 2.7 km)
  Case abeam;
  abeam.off_course_m = 4000;
  EXPECT_TRUE(run(abeam).after.empty());
  // ... and with X heard 13 min before Y (it could still be about), they wait for the delay
  Case recent;
  recent.old_last_heard_s = 4920;
  EXPECT_TRUE(run(recent).after.empty());
  // ... and a configuration without the settling time and with one report decides at once
  Case now;
  now.config.handover_fast_settle = core::Duration{0};
  const Outcome at_once = run(now);
  ASSERT_EQ(at_once.at_first.size(), 1u);
  EXPECT_EQ(evidence(at_once.at_first[0], "reports_continuing"), "1");
}

TEST(SpoofingRule, RenamedAtSeaUnderTheSameMmsi) {
  SpoofScenario s;
  const StraightTarget a = s.vessel(40, 10'000, 120, 7);
  s.identity(kX, 70, "GOLDEN HORIZON", 9'123'457, 0);
  for (double t = 0; t <= 60; t += 10) s.ais(kX, a, t);
  s.identity(kX, 70, "SILVER DAWN", 9'123'457, 65);
  s.ais(kX, a, 70);
  const auto f = s.withTag("identity_change:static");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(evidence(f[0], "old_name"), "GOLDEN HORIZON");
  EXPECT_EQ(evidence(f[0], "new_name"), "SILVER DAWN");
}

TEST(SpoofingRule, StateOfDeletedTracksIsDropped) {
  SpoofScenario s;
  const StraightTarget a = s.vessel(40, 10'000, 120, 7);
  for (double t = 0; t <= 60; t += 10) s.ais(kX, a, t);
  EXPECT_EQ(s.rule.tracks(), 1u);
  EXPECT_EQ(s.rule.vessels(), 1u);
  for (double t = 120; t <= 1200; t += 60) s.runner.advanceTo(at(t));
  EXPECT_EQ(s.tracker.trackCount(), 0u);
  EXPECT_EQ(s.rule.tracks(), 0u);
  // The MMSI's last fix is kept (for jumps and identity changes) until forget_after.
  EXPECT_EQ(s.rule.vessels(), 1u);
  for (double t = 1200; t <= 25 * 3600.0; t += 600) s.runner.advanceTo(at(t));
  EXPECT_EQ(s.rule.vessels(), 0u);
}

}  // namespace
}  // namespace picket::cueing
