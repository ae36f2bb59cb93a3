// The satellite AIS hold (TrackerConfig::satellite_hold) and the per-domain position-sigma
// limit (DomainMotion::max_position_sigma_m).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
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
using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr std::uint32_t kMmsi = 311'000'123;
constexpr core::SensorIndex kSatIndex = 2;
constexpr double kRevisitS = 95.0 * 60.0;

/// The test sensor table (coastal radar 0, terrestrial AIS 1) plus satellite AIS (2).
std::vector<SensorInfo> satSensorTable() {
  auto sensors = test::sensorTable();
  SensorInfo sat{"sat-ais", core::SensorKind::Ais, core::Domain::Surface, 2'500'000.0};
  sat.satellite_ais = true;
  sensors.push_back(sat);
  return sensors;
}

/// A satellite AIS report: an AIS report by sensor 2.
core::Scan satScan(std::uint32_t mmsi, const core::GeoPoint& where, const core::Vec2& v_en,
                   double t, std::uint64_t sequence, Rng* rng) {
  core::Measurement m = test::aisReport(mmsi, where, v_en, at(t), rng);
  m.sensor = kSatIndex;
  core::Scan scan = test::aisScan(m, sequence);
  scan.sensor = kSatIndex;
  return scan;
}

/// A merchant vessel on the high seas, 300 km from the radar, 7 m/s (13.6 kn) on 80 deg.
StraightTarget offshoreVessel() { return {{14.2, -72.0, 0.0}, 80.0, 7.0}; }

/// The vessel heard by satellite at 0 and 60 s: its confirmed, held track.
core::TrackId heldTrack(Tracker& tracker, const StraightTarget& vessel, Rng& rng) {
  tracker.processScan(satScan(kMmsi, vessel.position(0), vessel.velocityEn(0), 0.0, 1, &rng));
  const StepResult r =
      tracker.processScan(satScan(kMmsi, vessel.position(60), vessel.velocityEn(60), 60.0, 2, &rng));
  return r.updated.at(0);
}

TEST(SatelliteHold, VesselReportedEveryRevisitForSixHoursKeepsOneTrack) {
  // GIVEN a vessel heard only by satellite AIS, once per pass, a pass every 95 min
  const StraightTarget vessel = offshoreVessel();
  Tracker tracker({}, satSensorTable());
  Rng rng(21);
  core::TrackId id = 0;
  for (int k = 0; k <= 4; ++k) {  // 0 to 6 h 20 min
    const double t = k * kRevisitS;
    if (k > 0) {
      // Just before the pass the track is still there, coasting once confirmed, and held.
      const StepResult quiet = tracker.advanceTo(at(t - 1.0));
      EXPECT_THAT(quiet.deleted, IsEmpty()) << "pass " << k;
      ASSERT_NE(tracker.find(id), nullptr) << "pass " << k;
      EXPECT_TRUE(tracker.isHeld(id));
      EXPECT_EQ(tracker.find(id)->status, k == 1 ? TrackStatus::Tentative : TrackStatus::Coasting);
    }
    // WHEN the pass's report arrives
    const StepResult r = tracker.processScan(
        satScan(kMmsi, vessel.position(t), vessel.velocityEn(t), t, k + 1, &rng));
    // THEN it updates the one track
    if (k == 0) {
      ASSERT_EQ(r.initiated.size(), 1u);
      id = r.initiated[0];
    } else {
      EXPECT_THAT(r.initiated, IsEmpty()) << "pass " << k;
      EXPECT_THAT(r.updated, Contains(id)) << "pass " << k;
    }
  }
  // ... confirmed by its second report (the next pass), close to the vessel, alone
  EXPECT_EQ(tracker.trackCount(), 1u);
  const core::Track& track = *tracker.find(id);
  EXPECT_EQ(track.status, TrackStatus::Confirmed);
  EXPECT_EQ(track.identity.mmsi, kMmsi);
  EXPECT_EQ(track.cooperative_updates, 5u);
  EXPECT_LT(test::horizontalError(track, vessel.position(4 * kRevisitS)), 100.0);
  EXPECT_EQ(tracker.counters().identity_gate_failures, 0u);
}

TEST(SatelliteHold, VesselThatChangedCourseBetweenPassesIsReseededNotTwinned) {
  // GIVEN a held track of a vessel that turns 70 degrees half-way to the next pass
  const StraightTarget first = offshoreVessel();
  const StraightTarget second{first.position(0.5 * kRevisitS), 150.0, 7.0};
  Tracker tracker({}, satSensorTable());
  Rng rng(22);
  tracker.processScan(satScan(kMmsi, first.position(0), first.velocityEn(0), 0.0, 1, &rng));
  const StepResult r0 =
      tracker.processScan(satScan(kMmsi, first.position(60), first.velocityEn(60), 60.0, 2, &rng));
  ASSERT_EQ(r0.updated.size(), 1u);
  const core::TrackId id = r0.updated[0];
  ASSERT_EQ(tracker.find(id)->status, TrackStatus::Confirmed);

  // WHEN the next pass hears it ~37 km off its dead-reckoned position
  const double t = kRevisitS;
  const double leg = t - 0.5 * kRevisitS;
  const StepResult r =
      tracker.processScan(satScan(kMmsi, second.position(leg), second.velocityEn(leg), t, 3, &rng));

  // THEN the held track takes the report (re-seeded from it), and no twin is started
  EXPECT_THAT(r.initiated, IsEmpty());
  EXPECT_THAT(r.updated, Contains(id));
  EXPECT_EQ(tracker.trackCount(), 1u);
  EXPECT_LT(test::horizontalError(*tracker.find(id), second.position(leg)), 100.0);
  EXPECT_EQ(tracker.counters().identity_gate_failures, 0u);
}

TEST(SatelliteHold, FixBeyondTheHeldVesselsOwnSpeedStartsASeparateTrackNotATeleport) {
  // GIVEN a confirmed held track of a 7 m/s (13.6 kn) vessel
  const StraightTarget vessel = offshoreVessel();
  Tracker tracker({}, satSensorTable());
  Rng rng(25);
  const core::TrackId id = heldTrack(tracker, vessel, rng);
  ASSERT_EQ(tracker.find(id)->status, TrackStatus::Confirmed);
  tracker.advanceTo(at(kRevisitS - 1.0));
  const core::Track before = *tracker.find(id);

  // WHEN the next pass hears its MMSI 90 km from its last fix: within the surface domain's
  // top speed (30 m/s x 95 min = 171 km) but not within its own 7 m/s + 5 m/s (68 km)
  const core::GeoPoint spoofed = geo::geodesicDirect(vessel.position(60), 10.0, 90'000.0);
  const StepResult r =
      tracker.processScan(satScan(kMmsi, spoofed, vessel.velocityEn(kRevisitS), kRevisitS, 3, &rng));

  // THEN one MMSI from two distant places yields two tracks and no teleport: the held track
  // is untouched and a separate track carries the report, recorded as a refused jump
  ASSERT_EQ(r.initiated.size(), 1u);
  EXPECT_NE(r.initiated[0], id);
  EXPECT_EQ(*tracker.find(id), before);
  EXPECT_TRUE(tracker.isHeld(id));
  EXPECT_EQ(tracker.counters().held_recaptures, 0u);
  EXPECT_EQ(tracker.counters().identity_gate_failures, 1u);
  ASSERT_EQ(r.identity_jumps.size(), 1u);
  EXPECT_FALSE(r.identity_jumps[0].reseeded);
  EXPECT_EQ(r.identity_jumps[0].track, id);
  EXPECT_EQ(r.identity_jumps[0].started, r.initiated[0]);
  EXPECT_LT((r.identity_jumps[0].report_ecef_m - geo::geodeticToEcef(spoofed)).norm(), 100.0);

  // Near miss: the same vessel heard 60 km from that fix (within its reach) re-seeds the track
  Tracker near({}, satSensorTable());
  const core::TrackId near_id = heldTrack(near, vessel, rng);
  const core::GeoPoint reachable = geo::geodesicDirect(vessel.position(60), 10.0, 60'000.0);
  const StepResult rn =
      near.processScan(satScan(kMmsi, reachable, vessel.velocityEn(kRevisitS), kRevisitS, 3, &rng));
  EXPECT_THAT(rn.initiated, IsEmpty());
  EXPECT_THAT(rn.updated, Contains(near_id));
  EXPECT_LT(test::horizontalError(*near.find(near_id), reachable), 100.0);
}

TEST(SatelliteHold, HeldTrackIsNotOfferedARadarPlot) {
  // GIVEN a confirmed track held by satellite AIS, 20 km from the coastal radar
  const CoastalRadar radar;
  const StraightTarget vessel{test::fromSite(radar, 40.0, 20'000.0), 120.0, 5.0};
  Tracker tracker({}, satSensorTable());
  Rng rng(23);
  tracker.processScan(satScan(kMmsi, vessel.position(0), vessel.velocityEn(0), 0.0, 1, &rng));
  const StepResult r0 =
      tracker.processScan(satScan(kMmsi, vessel.position(60), vessel.velocityEn(60), 60.0, 2, &rng));
  const core::TrackId id = r0.updated.at(0);
  ASSERT_EQ(tracker.find(id)->status, TrackStatus::Confirmed);

  // WHEN, 30 min later, the radar sees a plot exactly where the held track predicts itself
  const double t = 1'860.0;
  const core::Track predicted = tracker.trackAt(id, at(t));
  const core::Track before = *tracker.find(id);
  const StepResult r =
      tracker.processScan(radar.scan(at(t), 1, {radar.measure(predicted.x.head<3>(), at(t), nullptr)}));

  // THEN the held track is left alone (the plot starts a candidate of its own)
  EXPECT_THAT(r.updated, Not(Contains(id)));
  EXPECT_EQ(tracker.find(id)->updates, before.updates);
  EXPECT_EQ(tracker.find(id)->noncooperative_updates, 0u);
  EXPECT_TRUE(tracker.isHeld(id));
  EXPECT_EQ(tracker.counters().candidates_started, 1u);
}

TEST(SatelliteHold, ReportWithItsMmsiFarAwayStartsASeparateTrackAndTheHeldOneSurvives) {
  // GIVEN a confirmed held track
  const StraightTarget vessel = offshoreVessel();
  Tracker tracker({}, satSensorTable());
  Rng rng(24);
  const core::TrackId id = heldTrack(tracker, vessel, rng);
  tracker.advanceTo(at(659.0));
  const core::Track before = *tracker.find(id);
  ASSERT_EQ(before.status, TrackStatus::Coasting);

  // WHEN 10 min later a report with its MMSI places it 500 km away (spoofed or shared MMSI)
  const core::GeoPoint far = geo::geodesicDirect(vessel.position(660), 200.0, 500'000.0);
  const StepResult r = tracker.processScan(satScan(kMmsi, far, {0.0, 4.0}, 660.0, 3, &rng));

  // THEN a separate track carries the report, counted; the held track is untouched
  ASSERT_EQ(r.initiated.size(), 1u);
  EXPECT_NE(r.initiated[0], id);
  EXPECT_EQ(tracker.counters().identity_gate_failures, 1u);
  EXPECT_EQ(tracker.counters().held_recaptures, 0u);
  EXPECT_EQ(*tracker.find(id), before);
  EXPECT_EQ(tracker.find(r.initiated[0])->identity.mmsi, kMmsi);
  // ... and it is still there an hour later, held (no merge, no deletion)
  const StepResult later = tracker.advanceTo(at(4'260.0));
  EXPECT_THAT(later.deleted, IsEmpty());
  ASSERT_NE(tracker.find(id), nullptr);
  EXPECT_TRUE(tracker.isHeld(id));
  EXPECT_EQ(tracker.find(id)->status, TrackStatus::Coasting);
  EXPECT_EQ(tracker.trackCount(), 2u);
}

TEST(SatelliteHold, HeldTrackExpiresAfterTheHoldTime) {
  // GIVEN a held track last heard at t = 60 s, with a 2 h hold
  TrackerConfig config;
  config.satellite_hold = core::Duration::fromSeconds(7'200.0);
  const StraightTarget vessel = offshoreVessel();
  Tracker tracker(config, satSensorTable());
  tracker.processScan(satScan(kMmsi, vessel.position(0), vessel.velocityEn(0), 0.0, 1, nullptr));
  const StepResult r0 = tracker.processScan(
      satScan(kMmsi, vessel.position(60), vessel.velocityEn(60), 60.0, 2, nullptr));
  const core::TrackId id = r0.updated.at(0);
  EXPECT_EQ(tracker.heldTrackCount(), 1u);

  // WHEN time runs to just before the hold's end, THEN it is coasting, held
  EXPECT_THAT(tracker.advanceTo(at(60.0 + 7'199.0)).deleted, IsEmpty());
  ASSERT_NE(tracker.find(id), nullptr);
  EXPECT_EQ(tracker.find(id)->status, TrackStatus::Coasting);
  // WHEN the hold has run out, THEN it is deleted as stale and counted
  const StepResult r = tracker.advanceTo(at(60.0 + 7'201.0));
  ASSERT_EQ(r.deleted.size(), 1u);
  EXPECT_EQ(r.deleted[0].track.id, id);
  EXPECT_EQ(r.deleted[0].reason, DeletionReason::Stale);
  EXPECT_EQ(tracker.counters().held_expired, 1u);
  EXPECT_EQ(tracker.heldTrackCount(), 0u);
  EXPECT_EQ(tracker.trackCount(), 0u);
}

TEST(SatelliteHold, WithoutTheHoldASatelliteTrackIsDeletedAsBefore) {
  TrackerConfig config;
  config.satellite_hold = core::Duration{0};
  const StraightTarget vessel = offshoreVessel();
  Tracker tracker(config, satSensorTable());
  const StepResult r0 = tracker.processScan(
      satScan(kMmsi, vessel.position(0), vessel.velocityEn(0), 0.0, 1, nullptr));
  const core::TrackId id = r0.initiated.at(0);
  EXPECT_FALSE(tracker.isHeld(id));
  const StepResult r = tracker.advanceTo(at(62.0));
  ASSERT_EQ(r.deleted.size(), 1u);
  EXPECT_EQ(r.deleted[0].track.id, id);
}

TEST(SatelliteHold, TerrestrialAisEndsTheHold) {
  // GIVEN a held track
  const StraightTarget vessel = offshoreVessel();
  Tracker tracker({}, satSensorTable());
  tracker.processScan(satScan(kMmsi, vessel.position(0), vessel.velocityEn(0), 0.0, 1, nullptr));
  const StepResult r0 = tracker.processScan(
      satScan(kMmsi, vessel.position(60), vessel.velocityEn(60), 60.0, 2, nullptr));
  const core::TrackId id = r0.updated.at(0);
  ASSERT_TRUE(tracker.isHeld(id));
  // WHEN a terrestrial AIS report updates it
  const StepResult r = tracker.processScan(test::aisScan(
      test::aisReport(kMmsi, vessel.position(70), vessel.velocityEn(70), at(70), nullptr), 3));
  EXPECT_THAT(r.updated, Contains(id));
  // THEN the hold is over: coasting and deletion by silence as for any track
  EXPECT_FALSE(tracker.isHeld(id));
  EXPECT_EQ(tracker.heldTrackCount(), 0u);
  const StepResult gone = tracker.advanceTo(at(70.0 + 601.0));
  ASSERT_EQ(gone.deleted.size(), 1u);
  EXPECT_EQ(gone.deleted[0].track.id, id);
}

// ---------------------------------------------------------------------------------------
// Per-domain position-sigma limit.

/// Geolocated plots of 28 km 1-sigma per axis (an over-the-horizon radar's cross-range
/// error) from one sensor of the given domain; the tracker starts tracks without the
/// candidate stage so that the first plot is a track.
struct WidePlots {
  explicit WidePlots(core::Domain domain) {
    sensors.push_back({"oth-like", core::SensorKind::AirborneEoIr, domain, 3'000'000.0});
    config.candidate_stage = false;
  }
  [[nodiscard]] core::Scan scan(double t, std::uint64_t sequence) const {
    core::PositionMeasurement p;
    p.position = {16.0, -75.0, 0.0};
    p.cov_en_m2 = core::Mat2::Identity() * 28'000.0 * 28'000.0;
    return test::plotScan(0, core::SensorKind::AirborneEoIr, at(t), sequence, p);
  }
  std::vector<SensorInfo> sensors;
  TrackerConfig config;
};

TEST(PositionSigmaLimit, AirTrackWithTwentyKilometreSigmaSurvivesASurfaceOneIsDeleted) {
  for (const core::Domain domain : {core::Domain::Air, core::Domain::Surface}) {
    SCOPED_TRACE(domain == core::Domain::Air ? "air" : "surface");
    const WidePlots plots(domain);
    Tracker tracker(plots.config, plots.sensors);
    // GIVEN two plots 10 s apart (a tentative track of ~20 km position sigma)
    const StepResult first = tracker.processScan(plots.scan(0.0, 1));
    ASSERT_EQ(first.initiated.size(), 1u);
    const core::TrackId id = first.initiated[0];
    const StepResult second = tracker.processScan(plots.scan(10.0, 2));
    // WHEN 20 s more pass
    const StepResult later = tracker.advanceTo(at(30.0));
    const bool deleted =
        std::any_of(first.deleted.begin(), first.deleted.end(), [&](const DeletedTrack& d) {
          return d.track.id == id && d.reason == DeletionReason::Uncertain;
        }) ||
        std::any_of(second.deleted.begin(), second.deleted.end(), [&](const DeletedTrack& d) {
          return d.track.id == id && d.reason == DeletionReason::Uncertain;
        }) ||
        std::any_of(later.deleted.begin(), later.deleted.end(), [&](const DeletedTrack& d) {
          return d.track.id == id && d.reason == DeletionReason::Uncertain;
        });
    if (domain == core::Domain::Air) {
      // THEN the air track (30 km limit) is there, confirmed by its two plots
      EXPECT_FALSE(deleted);
      ASSERT_NE(tracker.find(id), nullptr);
      EXPECT_EQ(tracker.find(id)->status, TrackStatus::Confirmed);
    } else {
      // ... and the surface track (5 km limit) was deleted as uncertain
      EXPECT_TRUE(deleted);
      EXPECT_EQ(tracker.find(id), nullptr);
    }
  }
}

TEST(PositionSigmaLimit, NonPositiveLimitIsRejected) {
  TrackerConfig c;
  c.air.max_position_sigma_m = 0.0;
  EXPECT_THROW(Tracker(c, satSensorTable()), std::invalid_argument);
}

}  // namespace
}  // namespace picket::tracking
