// Correlator behaviour the issue names one by one: crossing targets, a turning go-fast, one
// MMSI from two places, air tracks with altitude, range rate, late satellite AIS, and results
// that do not depend on the spatial index's cell size.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <vector>

#include "filters/kalman.hpp"
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

constexpr double kScanPeriodS = 6.0;

/// The track nearest a true point, with its distance.
std::pair<const core::Track*, double> nearestTrack(const Tracker& tracker,
                                                   const core::GeoPoint& truth) {
  core::TrackId best = 0;
  double best_d = 1e300;
  for (const auto& [id, t] : tracker.tracks()) {
    const double d = test::horizontalError(t, truth);
    if (d < best_d) {
      best_d = d;
      best = id;
    }
  }
  return {tracker.find(best), best_d};
}

/// A target that sails straight, then turns at a constant rate, then sails straight again,
/// integrated in small steps on the ellipsoid (geodesic legs).
class TurningTarget {
 public:
  TurningTarget(core::GeoPoint start, double course_deg, double speed_mps, double turn_start_s,
                double turn_rate_dps, double turn_duration_s)
      : p_(start),
        course_deg_(course_deg),
        speed_(speed_mps),
        turn_start_(turn_start_s),
        rate_(turn_rate_dps),
        duration_(turn_duration_s) {}

  /// Advances to time t_s (non-decreasing) in 0.1 s steps.
  void advanceTo(double t_s) {
    constexpr double kStep = 0.1;
    while (t_ + 1e-9 < t_s) {
      const double dt = std::min(kStep, t_s - t_);
      const double mid = t_ + 0.5 * dt;
      const double course =
          course_deg_ + (mid > turn_start_ && mid < turn_start_ + duration_ ? rate_ * dt : 0.0);
      p_ = geo::geodesicDirect(p_, course, speed_ * dt);
      p_.alt_m = 0.0;
      course_deg_ = course;
      t_ += dt;
    }
  }
  [[nodiscard]] const core::GeoPoint& position() const { return p_; }
  [[nodiscard]] core::Vec3 ecef() const { return geo::geodeticToEcef(p_); }

 private:
  core::GeoPoint p_;
  double course_deg_;
  double speed_;
  double turn_start_;
  double rate_;
  double duration_;
  double t_ = 0.0;
};

TEST(Correlator, CrossingTargetsKeepTheirTrackIds) {
  // GIVEN two vessels whose courses cross at 40 degrees, both at 10 m/s, seen by the coastal
  // radar every 6 s with noise, over ten seeds
  const CoastalRadar radar;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const core::GeoPoint cross = test::fromSite(radar, 30.0, 20'000.0);
    // Both pass the crossing point at t = 300 s.
    const StraightTarget a{geo::geodesicDirect(cross, 250.0, 3'000.0), 70.0, 10.0};
    const StraightTarget b{geo::geodesicDirect(cross, 210.0, 3'000.0), 30.0, 10.0};
    Tracker tracker({}, test::sensorTable());
    Rng rng(seed);
    core::TrackId id_a = 0;
    core::TrackId id_b = 0;
    for (int k = 0; k <= 100; ++k) {
      const double t = k * kScanPeriodS;
      tracker.processScan(radar.scan(at(t), static_cast<std::uint64_t>(k + 1),
                                     {radar.measure(a.ecef(t), at(t), &rng),
                                      radar.measure(b.ecef(t), at(t), &rng)}));
      if (k == 20) {  // confirmed, well before the crossing
        id_a = nearestTrack(tracker, a.position(t)).first->id;
        id_b = nearestTrack(tracker, b.position(t)).first->id;
        ASSERT_NE(id_a, id_b);
      }
    }
    // THEN after the crossing each target is still held by its own track
    const double t_end = 100 * kScanPeriodS;
    const auto [ta, da] = nearestTrack(tracker, a.position(t_end));
    const auto [tb, db] = nearestTrack(tracker, b.position(t_end));
    ASSERT_NE(ta, nullptr);
    ASSERT_NE(tb, nullptr);
    EXPECT_EQ(ta->id, id_a) << "seed " << seed;
    EXPECT_EQ(tb->id, id_b) << "seed " << seed;
    EXPECT_LT(da, 150.0) << "seed " << seed;
    EXPECT_LT(db, 150.0) << "seed " << seed;
    EXPECT_EQ(tracker.confirmedTrackCount(), 2u) << "seed " << seed;
  }
}

TEST(Correlator, GoFastEvasiveTurnKeepsOneTrackAndRaisesTheTurnModel) {
  // GIVEN a 45-kn go-fast that turns 120 degrees at 4 deg/s, radar plots every 2 s
  const CoastalRadar radar;
  const double speed = 45.0 * geo::kKnotToMps;
  TurningTarget target(test::fromSite(radar, 350.0, 25'000.0), 90.0, speed, 120.0, 4.0, 30.0);
  Tracker tracker({}, test::sensorTable());
  Rng rng(5);
  core::TrackId id = 0;
  double turn_probability_in_turn = 0.0;
  double turn_probability_before = 1.0;
  double max_error_in_turn = 0.0;
  for (int k = 0; k <= 150; ++k) {
    const double t = 2.0 * k;
    target.advanceTo(t);
    tracker.processScan(radar.scan(at(t), static_cast<std::uint64_t>(k + 1),
                                   {radar.measure(target.ecef(), at(t), &rng)}));
    if (k == 40) {
      ASSERT_EQ(tracker.trackCount(), 1u);
      id = tracker.tracks().begin()->first;
      ASSERT_EQ(tracker.find(id)->status, TrackStatus::Confirmed);
    }
    if (t > 60.0 && t <= 120.0) {
      turn_probability_before = std::min(turn_probability_before, tracker.turnProbability(id));
    }
    if (t > 130.0 && t <= 150.0) {
      turn_probability_in_turn = std::max(turn_probability_in_turn, tracker.turnProbability(id));
      max_error_in_turn =
          std::max(max_error_in_turn, test::horizontalError(*tracker.find(id), target.position()));
    }
  }
  // THEN the one track holds it through the turn (no break, no new track) and the IMM
  // switched to the turn model while turning
  ASSERT_EQ(tracker.trackCount(), 1u);
  EXPECT_EQ(tracker.tracks().begin()->first, id);
  EXPECT_EQ(tracker.counters().initiated, 1u);
  EXPECT_LT(turn_probability_before, 0.3);
  EXPECT_GT(turn_probability_in_turn, 0.5);
  EXPECT_LT(max_error_in_turn, 250.0);
  EXPECT_LT(test::horizontalError(*tracker.find(id), target.position()), 100.0);
}

TEST(Correlator, OneMmsiReportedFromTwoDistantPlacesYieldsTwoTracksAndNoTeleport) {
  // GIVEN AIS reports of one MMSI alternating between two vessels 60 km apart (a cloned MMSI)
  const CoastalRadar radar;
  const StraightTarget real{test::fromSite(radar, 10.0, 20'000.0), 90.0, 6.0};
  const StraightTarget clone{test::fromSite(radar, 200.0, 40'000.0), 180.0, 6.0};
  constexpr std::uint32_t kMmsi = 538'000'111;
  Tracker tracker({}, test::sensorTable());
  Rng rng(3);
  std::map<core::TrackId, core::Vec3> last_position;
  double largest_jump_m = 0.0;
  for (int k = 0; k < 60; ++k) {
    const double t = 10.0 * k;
    const StraightTarget& v = k % 2 == 0 ? real : clone;
    const auto step = tracker.processScan(test::aisScan(
        test::aisReport(kMmsi, v.position(t), v.velocityEn(t), at(t), &rng),
        static_cast<std::uint64_t>(k + 1)));
    for (const core::TrackId id : step.updated) {
      const core::Track* tr = tracker.find(id);
      const auto it = last_position.find(id);
      if (it != last_position.end()) {
        largest_jump_m = std::max(largest_jump_m, (tr->x.head<3>() - it->second).norm());
      }
      last_position[id] = tr->x.head<3>();
    }
  }
  // THEN two tracks carry the MMSI, neither ever jumped between the two places, and the
  // reports that failed the kinematic gate of the MMSI's track were counted
  int carriers = 0;
  for (const auto& [id, t] : tracker.tracks()) {
    if (t.identity.mmsi == kMmsi) ++carriers;
  }
  EXPECT_EQ(carriers, 2);
  EXPECT_EQ(tracker.trackCount(), 2u);
  EXPECT_LT(largest_jump_m, 500.0);  // 20 s at 6 m/s is 120 m; the places are 60 km apart
  EXPECT_GE(tracker.counters().identity_gate_failures, 1u);
}

/// Sensor table with an air-domain sensor reporting geolocated contacts with altitude
/// (index 2) and a 2-D air search radar (index 3).
std::vector<SensorInfo> airSensorTable() {
  auto sensors = test::sensorTable();
  sensors.push_back({"air-geo", core::SensorKind::AirborneEoIr, core::Domain::Air, 200'000.0});
  sensors.push_back({"air-radar", core::SensorKind::CoastalRadar, core::Domain::Air, 300'000.0});
  return sensors;
}

TEST(Correlator, AirTrackCarriesAltitudeFromGeolocatedContacts) {
  // GIVEN an aircraft at 120 m/s climbing at 5 m/s from 2,000 m, reported with altitude
  const core::GeoPoint start{13.2, -70.5, 2'000.0};
  Tracker tracker({}, airSensorTable());
  Rng rng(8);
  for (int k = 0; k < 40; ++k) {
    const double t = 5.0 * k;
    core::GeoPoint truth = geo::geodesicDirect(start, 300.0, 120.0 * t);
    truth.alt_m = 2'000.0 + 5.0 * t;
    const geo::LocalFrame frame({truth.lat_deg, truth.lon_deg, 0.0});
    const core::GeoPoint noisy =
        geo::ecefToGeodetic(frame.toEcef({30.0 * rng.normal(), 30.0 * rng.normal(), 0.0}));
    core::PositionMeasurement p;
    p.position = {noisy.lat_deg, noisy.lon_deg, truth.alt_m + 20.0 * rng.normal()};
    p.cov_en_m2 = core::Mat2::Identity() * 900.0;
    p.altitude_sigma_m = 20.0;
    tracker.processScan(test::plotScan(2, core::SensorKind::AirborneEoIr, at(t),
                                       static_cast<std::uint64_t>(k + 1), p));
  }
  // THEN one confirmed air track, at the aircraft's altitude and climbing
  ASSERT_EQ(tracker.trackCount(), 1u);
  const core::Track& track = tracker.tracks().begin()->second;
  EXPECT_EQ(track.domain, core::Domain::Air);
  EXPECT_EQ(track.status, TrackStatus::Confirmed);
  const double t_end = 5.0 * 39;
  const core::GeoPoint g = geo::ecefToGeodetic(track.x.head<3>());
  EXPECT_NEAR(g.alt_m, 2'000.0 + 5.0 * t_end, 40.0);
  const core::Vec3 up = geo::enuToEcefRotation(g.lat_deg, g.lon_deg).col(2);
  EXPECT_NEAR(track.x.tail<3>().dot(up), 5.0, 1.5);
  EXPECT_TRUE(filters::isCovarianceValid(track.P));
}

TEST(Correlator, AirAndSurfaceTracksNeverShareMeasurements) {
  // GIVEN a surface track and an air contact above it
  const CoastalRadar radar;
  const StraightTarget vessel{test::fromSite(radar, 45.0, 20'000.0), 90.0, 5.0};
  Tracker tracker({}, airSensorTable());
  for (int k = 0; k < 5; ++k) {
    const double t = kScanPeriodS * k;
    tracker.processScan(radar.scan(at(t), static_cast<std::uint64_t>(k + 1),
                                   {radar.measure(vessel.ecef(t), at(t), nullptr)}));
  }
  ASSERT_EQ(tracker.trackCount(), 1u);
  core::PositionMeasurement p;
  const core::GeoPoint above = vessel.position(30.0);
  p.position = {above.lat_deg, above.lon_deg, 1'500.0};
  p.cov_en_m2 = core::Mat2::Identity() * 900.0;
  p.altitude_sigma_m = 30.0;
  core::Measurement m;
  m.time = at(30.0);
  m.sensor = 2;
  m.sensor_kind = core::SensorKind::AirborneEoIr;
  m.data = p;
  core::Scan scan;
  scan.time = at(30.0);
  scan.sensor = 2;
  scan.sensor_kind = core::SensorKind::AirborneEoIr;
  scan.measurements = {m};
  const StepResult r = tracker.processScan(scan);
  // THEN the contact does not join the surface track: it is an air candidate ...
  EXPECT_THAT(r.updated, ::testing::IsEmpty());
  EXPECT_EQ(tracker.candidateCount(), 1u);
  // ... and the next contact above the vessel starts an air track of its own
  const core::GeoPoint later = vessel.position(36.0);
  std::get<core::PositionMeasurement>(m.data).position = {later.lat_deg, later.lon_deg, 1'500.0};
  m.time = at(36.0);
  scan.time = at(36.0);
  scan.measurements = {m};
  const StepResult r2 = tracker.processScan(scan);
  ASSERT_EQ(r2.initiated.size(), 1u);
  EXPECT_EQ(tracker.find(r2.initiated[0])->domain, core::Domain::Air);
  EXPECT_EQ(tracker.trackCount(), 2u);
}

TEST(Correlator, RangeRateSharpensTheVelocityEstimate) {
  // GIVEN the same radar plots of a vessel closing on the radar, with and without a Doppler
  // range rate (0.5 m/s sigma)
  const CoastalRadar radar;
  const StraightTarget vessel{test::fromSite(radar, 60.0, 25'000.0), 240.0, 9.0};
  const auto run = [&](bool with_range_rate) {
    Tracker tracker({}, test::sensorTable());
    Rng rng(21);
    for (int k = 0; k < 5; ++k) {
      const double t = kScanPeriodS * k;
      core::Measurement m = radar.measure(vessel.ecef(t), at(t), &rng);
      const double noise = 0.5 * rng.normal();
      if (with_range_rate) {
        auto& p = std::get<core::PolarMeasurement>(m.data);
        const core::Vec3 los = (vessel.ecef(t) - radar.ecef).normalized();
        const core::Vec3 v = vessel.ecef(t + 0.5) - vessel.ecef(t - 0.5);
        p.range_rate_mps = los.dot(v) + noise;
        p.range_rate_sigma_mps = 0.5;
      }
      tracker.processScan(radar.scan(at(t), static_cast<std::uint64_t>(k + 1), {m}));
    }
    const core::Track& track = tracker.tracks().begin()->second;
    const double t_end = kScanPeriodS * 4;
    return (test::velocityEn(track, vessel.position(t_end)) - vessel.velocityEn(t_end)).norm();
  };
  const double error_without = run(false);
  const double error_with = run(true);
  // THEN the range rate measures the radial velocity component at once
  EXPECT_LT(error_with, 0.7 * error_without)
      << "with " << error_with << " m/s, without " << error_without << " m/s";
}

TEST(Correlator, LateSatelliteAisUpdatesItsTrackAndTooLateIsRejectedAndCounted) {
  // GIVEN an AIS-tracked vessel; two reports go missing in order and are heard late
  const CoastalRadar radar;
  const StraightTarget ship{test::fromSite(radar, 0.0, 30'000.0), 100.0, 7.0};
  constexpr std::uint32_t kMmsi = 311'000'222;
  Tracker tracker({}, test::sensorTable());
  ASSERT_EQ(tracker.config().max_retrodiction, core::Duration::fromSeconds(60));
  std::uint64_t seq = 0;
  for (int k = 0; k <= 60; ++k) {
    const double t = 10.0 * k;
    if (k == 30 || k == 58) continue;  // heard late, below
    tracker.processScan(test::aisScan(
        test::aisReport(kMmsi, ship.position(t), ship.velocityEn(t), at(t), nullptr), ++seq));
  }
  ASSERT_EQ(tracker.trackCount(), 1u);
  const core::TrackId id = tracker.tracks().begin()->first;
  const std::uint32_t updates_before = tracker.find(id)->updates;
  const core::Mat6 p_before = tracker.find(id)->P;
  const auto late_report = [&](double t) {
    return tracker.processScan(test::aisScan(
        test::aisReport(kMmsi, ship.position(t), ship.velocityEn(t), at(t), nullptr), ++seq));
  };
  // WHEN the one 20 s old arrives
  const StepResult recent = late_report(580.0);
  // THEN it updates the same track by retrodiction, and the track's time does not go back
  EXPECT_THAT(recent.updated, ::testing::ElementsAre(id));
  EXPECT_EQ(tracker.find(id)->updates, updates_before + 1);
  EXPECT_EQ(tracker.find(id)->time, at(600));
  EXPECT_EQ(tracker.counters().retrodicted_updates, 1u);
  EXPECT_LT(test::horizontalError(*tracker.find(id), ship.position(600)), 50.0);
  // WHEN the one 5 minutes old arrives (older than max_retrodiction)
  const core::Mat6 p_retrodicted = tracker.find(id)->P;
  const core::Vec6 x_retrodicted = tracker.find(id)->x;
  const StepResult old = late_report(300.0);
  // THEN it is associated with its track (one more report, no new track) but leaves the
  // state as it was: half-way back predicted forward, it would only add uncertainty
  EXPECT_THAT(old.updated, ::testing::ElementsAre(id));
  EXPECT_TRUE(old.initiated.empty());
  EXPECT_EQ(tracker.trackCount(), 1u);
  EXPECT_EQ(tracker.find(id)->updates, updates_before + 2);
  EXPECT_EQ(tracker.counters().late_associations, 1u);
  EXPECT_EQ(tracker.counters().retrodicted_updates, 1u);
  EXPECT_EQ(tracker.find(id)->x, x_retrodicted);
  EXPECT_EQ(tracker.find(id)->P, p_retrodicted);
  // The trace of the position covariance stays at the AIS-held level (a few m^2, not km^2).
  const double trace_before = p_before.topLeftCorner(3, 3).trace();
  EXPECT_LT(p_retrodicted.topLeftCorner(3, 3).trace(), 2.0 * trace_before);
  // AND a report older than max_cooperative_lag is rejected and counted
  const double too_old = 600.0 - tracker.config().max_cooperative_lag.seconds() - 60.0;
  const StepResult rejected = late_report(too_old);
  EXPECT_TRUE(rejected.updated.empty());
  EXPECT_EQ(tracker.counters().out_of_order_scans, 1u);
}

TEST(Correlator, LateAisReportDoesNotNameATrackThatDoesNotCarryItsMmsi) {
  // GIVEN a vessel held by radar alone for 10 minutes (no MMSI on its track)
  const CoastalRadar radar;
  const StraightTarget ship{test::fromSite(radar, 20.0, 25'000.0), 80.0, 8.0};
  constexpr std::uint32_t kMmsi = 311'000'333;
  Tracker tracker({}, test::sensorTable());
  Rng rng(4);
  std::uint64_t seq = 0;
  for (int k = 0; k <= 100; ++k) {
    const double t = k * kScanPeriodS;
    tracker.processScan(radar.scan(at(t), ++seq, {radar.measure(ship.ecef(t), at(t), &rng)}));
  }
  ASSERT_EQ(tracker.trackCount(), 1u);
  const core::TrackId id = tracker.tracks().begin()->first;
  // WHEN a satellite AIS report of it, 5 minutes old, arrives
  const double t_late = 600.0 - 300.0;
  const StepResult late = tracker.processScan(test::aisScan(
      test::aisReport(kMmsi, ship.position(t_late), ship.velocityEn(t_late), at(t_late), nullptr),
      ++seq));
  // THEN it neither names the radar track (its gate, predicted back 5 minutes, is too wide to
  // tell vessels apart) nor starts a track of its own: refused and counted
  EXPECT_TRUE(late.updated.empty());
  EXPECT_TRUE(late.initiated.empty());
  EXPECT_EQ(tracker.find(id)->identity.mmsi, 0u);
  EXPECT_EQ(tracker.trackCount(), 1u);
  EXPECT_EQ(tracker.counters().late_reports_refused, 1u);
  // AND a timely report names it
  const StepResult timely = tracker.processScan(test::aisScan(
      test::aisReport(kMmsi, ship.position(606.0), ship.velocityEn(606.0), at(606.0), nullptr),
      ++seq));
  EXPECT_THAT(timely.updated, ::testing::ElementsAre(id));
  EXPECT_EQ(tracker.find(id)->identity.mmsi, kMmsi);
}

TEST(Correlator, AisReportAfterAnUnexpectedTurnReseedsItsTrackInsteadOfATwin) {
  // GIVEN a vessel held by AIS every 10 s on a straight course
  const CoastalRadar radar;
  const StraightTarget ship{test::fromSite(radar, 0.0, 30'000.0), 100.0, 8.0};
  constexpr std::uint32_t kMmsi = 311'000'444;
  Tracker tracker({}, test::sensorTable());
  std::uint64_t seq = 0;
  for (int k = 0; k <= 30; ++k) {
    const double t = 10.0 * k;
    tracker.processScan(test::aisScan(
        test::aisReport(kMmsi, ship.position(t), ship.velocityEn(t), at(t), nullptr), ++seq));
  }
  ASSERT_EQ(tracker.trackCount(), 1u);
  const core::TrackId id = tracker.tracks().begin()->first;
  // WHEN its next report comes 300 m to the side of where the track expects it (a turn it
  // made between reports), outside the tight AIS gate but well within identity_recapture_m
  const core::GeoPoint off = geo::geodesicDirect(ship.position(310.0), 190.0, 300.0);
  const StepResult step = tracker.processScan(test::aisScan(
      test::aisReport(kMmsi, off, ship.velocityEn(310.0), at(310.0), nullptr), ++seq));
  // THEN the track carrying the MMSI takes it, re-seeded from the report: no twin
  EXPECT_THAT(step.updated, ::testing::ElementsAre(id));
  EXPECT_TRUE(step.initiated.empty());
  EXPECT_EQ(tracker.trackCount(), 1u);
  EXPECT_EQ(tracker.counters().identity_recaptures, 1u);
  EXPECT_LT(test::horizontalError(*tracker.find(id), off), 15.0);
  // AND one 20 km away is not forced in: a separate track, counted
  const core::GeoPoint far = geo::geodesicDirect(ship.position(320.0), 0.0, 20'000.0);
  const StepResult twin = tracker.processScan(test::aisScan(
      test::aisReport(kMmsi, far, ship.velocityEn(320.0), at(320.0), nullptr), ++seq));
  EXPECT_EQ(twin.initiated.size(), 1u);
  EXPECT_EQ(tracker.counters().identity_gate_failures, 1u);
}

/// A busy scene: 40 vessels on crossing courses with clutter, seen by the radar.
std::map<core::TrackId, core::Track> runBusyScene(const TrackerConfig& config) {
  const CoastalRadar radar;
  Rng setup(99);
  std::vector<StraightTarget> vessels;
  for (int i = 0; i < 40; ++i) {
    vessels.push_back({test::fromSite(radar, setup.uniform(0.0, 360.0),
                                      setup.uniform(8'000.0, 45'000.0)),
                       setup.uniform(0.0, 360.0), setup.uniform(2.0, 15.0)});
  }
  Tracker tracker(config, test::sensorTable());
  Rng rng(100);
  for (int k = 0; k < 60; ++k) {
    const double t = kScanPeriodS * k;
    std::vector<core::Measurement> plots;
    for (const auto& v : vessels) {
      if (rng.uniform(0.0, 1.0) < 0.9) plots.push_back(radar.measure(v.ecef(t), at(t), &rng));
    }
    for (int c = 0; c < 10; ++c) plots.push_back(radar.clutter(at(t), rng, 3'000.0, 50'000.0));
    tracker.processScan(radar.scan(at(t), static_cast<std::uint64_t>(k + 1), plots));
  }
  std::map<core::TrackId, core::Track> out;
  for (const auto& [id, t] : tracker.tracks()) out.emplace(id, t);
  return out;
}

TEST(Correlator, ResultsDoNotDependOnTheSpatialIndexCellSize) {
  // GIVEN the same busy scene run with very small, default and huge index cells (the
  // largest puts every track in one cell: the exhaustive search)
  TrackerConfig fine;
  fine.index_cell_size_m = 1'000.0;
  TrackerConfig coarse;
  coarse.index_cell_size_m = 1'000'000.0;
  const auto a = runBusyScene(fine);
  const auto b = runBusyScene(TrackerConfig{});
  const auto c = runBusyScene(coarse);
  // THEN the tracks are identical: the index only proposes candidates, it never decides
  EXPECT_EQ(a, b);
  EXPECT_EQ(b, c);
  int confirmed = 0;
  for (const auto& [id, t] : b) confirmed += t.status == TrackStatus::Confirmed ? 1 : 0;
  EXPECT_GE(confirmed, 36);
}

}  // namespace
}  // namespace picket::tracking
