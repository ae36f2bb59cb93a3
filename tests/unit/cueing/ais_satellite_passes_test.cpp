// The satellite pass model (cueing/ais_satellite_passes.hpp) and the AIS gap rule's use of it
// for vessels heard only by satellite AIS.
#include "cueing/ais_satellite_passes.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cueing/ais_gap_rule.hpp"
#include "identity_rules_harness.hpp"
#include "support/synthetic_sensors.hpp"

namespace picket::cueing {
namespace {

using test::at;
using test::evidence;
using test::StraightTarget;

constexpr std::uint32_t kMmsi = 538'100'000;
constexpr double kPassS = 95 * 60.0;

core::Timestamp ts(double s) { return at(s); }

// --- The model alone -------------------------------------------------------------------------

TEST(SatellitePassModel, GroupsReportsIntoPassesPerCell) {
  SatellitePassModel m{SatellitePassConfig{}};
  SatellitePassModel::History a;
  SatellitePassModel::History b;
  const core::GeoPoint pa{12.5, -72.5, 0.0};
  const core::GeoPoint pb{12.8, -72.0, 0.0};
  // Two vessels heard on three passes (reports minutes apart, out of order within a pass).
  for (int k = 0; k < 3; ++k) {
    const double t0 = 1000.0 + k * kPassS;
    m.report(a, ts(t0 + 300), pa);
    m.report(b, ts(t0), pb);
    m.report(a, ts(t0 + 60), pa);
  }
  // Passes beginning after the first pass, settled 35 min after their last report.
  EXPECT_EQ(m.passesSince(ts(1000), pa, {0.0, 0.0}, ts(1000 + 3 * kPassS), ts(1e6)), 2);
  EXPECT_EQ(m.passesSince(ts(1000), pa, {0.0, 0.0}, ts(1000 + 3 * kPassS), ts(1000 + 2 * kPassS + 600)), 1);
  // Another cell heard nothing.
  EXPECT_EQ(m.passesSince(ts(1000), {22.5, -92.5, 0.0}, {0.0, 0.0}, ts(1e6), ts(1e6)), 0);
  // Both were heard on every pass: detection near 1 (prior 0.5 weighing two passes).
  EXPECT_NEAR(m.detection(a, pa), (2.0 + 1.0) / (2.0 + 2.0), 1e-9);
}

TEST(SatellitePassModel, LearnsTheShareOfPassesThatHeardAVessel) {
  SatellitePassModel m{SatellitePassConfig{}};
  SatellitePassModel::History often;
  SatellitePassModel::History seldom;
  SatellitePassModel::History other;
  const core::GeoPoint p{12.5, -72.5, 0.0};
  for (int k = 0; k < 12; ++k) {
    const double t0 = 1000.0 + k * kPassS;
    m.report(other, ts(t0), p);
    m.report(often, ts(t0 + 30), p);
    if (k % 3 == 0) m.report(seldom, ts(t0 + 60), p);
  }
  // often: 11 passes learned, all heard; seldom: 9 passes learned (its first burst only
  // starts it), 3 heard. The cell counted 31 vessel-passes, 25 heard: past cell_min_passes
  // (20), its share replaces the 0.5 prior.
  const double cell = 25.0 / 31.0;
  EXPECT_NEAR(m.detection(often, p), (11.0 + 2.0 * cell) / (11.0 + 2.0), 1e-9);
  EXPECT_NEAR(m.detection(seldom, p), (3.0 + 2.0 * cell) / (9.0 + 2.0), 1e-9);
}

TEST(SatellitePassModel, CountsPassesInTheCellsAVesselSailsThrough) {
  SatellitePassConfig c;
  c.surround = false;  // one reporting vessel per cell (the surround test: below)
  SatellitePassModel m{c};
  SatellitePassModel::History west;
  SatellitePassModel::History east;
  // Passes heard in cell lon [-75, -70) and, later, in [-70, -65).
  for (int k = 0; k < 8; ++k) {
    const double t0 = 1000.0 + k * kPassS;
    m.report(west, ts(t0), {12.5, -72.5, 0.0});
    m.report(east, ts(t0), {12.5, -67.5, 0.0});
  }
  // Sailing east from -70.5 at 10 m/s: in the west cell for ~1.5 h, then in the east cell.
  const int sailing = m.passesSince(ts(1000), {12.5, -70.5, 0.0}, {10.0, 0.0},
                                    ts(1000 + 7.5 * kPassS), ts(1e6));
  EXPECT_EQ(sailing, 7);
  // A vessel sailing out of every heard cell (north, fast) misses only the passes it was under.
  const int leaving = m.passesSince(ts(1000), {14.5, -72.5, 0.0}, {0.0, 20.0},
                                    ts(1000 + 7.5 * kPassS), ts(1e6));
  EXPECT_LE(leaving, 1);
}

TEST(SatellitePassModel, APassCountsOnlyWhereItHeardVesselsOnAllFourSides) {
  SatellitePassModel m{SatellitePassConfig{}};
  std::vector<SatellitePassModel::History> h(4);
  // Passes that heard four vessels at the corners of a box 11-14 N, 74.6-70.2 W (one 5-degree
  // cell), and passes that heard only its western two (the footprint's edge crossed the cell).
  for (int k = 0; k < 6; ++k) {
    const double t0 = 1000.0 + k * kPassS;
    for (std::size_t i = 0; i < h.size(); ++i) {
      if (k % 2 == 1 && i >= 2) continue;
      m.report(h[i], ts(t0 + static_cast<double>(i)),
               {i % 2 == 0 ? 11.0 : 14.0, i < 2 ? -74.6 : -70.2, 0.0});
    }
  }
  // A vessel inside the box missed the passes that heard all around it (k = 2, 4), not those
  // that heard only one side of it (k = 1, 3, 5)...
  EXPECT_EQ(m.passesSince(ts(1000), {12.5, -72.5, 0.0}, {0.0, 0.0}, ts(1e5), ts(1e6)), 2);
  // ...and a vessel west of the box's western side is surrounded by none.
  EXPECT_EQ(m.passesSince(ts(1000), {12.5, -74.9, 0.0}, {0.0, 0.0}, ts(1e5), ts(1e6)), 0);
  // Without the test every pass of the cell counts.
  SatellitePassConfig any;
  any.surround = false;
  SatellitePassModel all{any};
  std::vector<SatellitePassModel::History> g(2);
  for (int k = 0; k < 6; ++k) {
    for (std::size_t i = 0; i < 2; ++i) {
      all.report(g[i], ts(1000.0 + k * kPassS + static_cast<double>(i)),
                 {i % 2 == 0 ? 11.0 : 14.0, -74.6, 0.0});
    }
  }
  EXPECT_EQ(all.passesSince(ts(1000), {12.5, -72.5, 0.0}, {0.0, 0.0}, ts(1e5), ts(1e6)), 5);
}

// --- The rule with a satellite-only fleet ----------------------------------------------------

/// Satellite AIS only (the test's AIS sensor flagged `satellite`), no terrestrial receiver.
/// Five vessels in one 5-degree cell are heard by each pass, three reports over 8 min (four
/// of them at anchor at the corners of a box 11-14 N, 74.6-70.2 W around the subject); the
/// subject (kMmsi) is heard on the passes `heard(k)` says until pass `dark_from`, never after.
/// Passes come every 95 min while `passes_after_dark` is true, else none after `dark_from`.
struct SatelliteFleet {
  tracking::Tracker tracker;
  AisGapRule rule;
  test::RuleRunner runner;
  test::Rng rng{11};
  std::uint64_t seq = 0;
  StraightTarget subject;
  std::vector<StraightTarget> others;
  std::vector<std::pair<double, Finding>> log;

  static std::vector<tracking::SensorInfo> sensors() {
    auto s = test::sensorTable();
    s[test::kAisIndex].satellite_ais = true;
    return s;
  }
  SatelliteFleet(AisGapConfig config, StraightTarget subject_)
      : tracker({}, sensors()),
        rule(std::move(config)),
        runner{tracker, rule, {}, {}, {}},
        subject(subject_) {
    runner.geography.satellite_ais = true;
    for (int i = 0; i < 4; ++i) {
      others.push_back({{i % 2 == 0 ? 11.0 : 14.0, i < 2 ? -74.6 : -70.2, 0.0}, 270.0, 0.0});
    }
  }
  void report(std::uint32_t mmsi, const StraightTarget& v, double t) {
    runner.scan(test::aisScan(test::aisReport(mmsi, v.position(t), v.velocityEn(t), at(t), &rng),
                              ++seq));
  }
  template <typename Heard>
  void run(int passes, int dark_from, bool passes_after_dark, Heard heard) {
    double t = 0.0;
    for (int k = 0; k < passes; ++k) {
      const double t0 = 600.0 + k * kPassS;
      // Time goes on minute by minute up to the pass.
      for (; t + 60.0 < t0; t += 60.0) step(t + 60.0);
      if (k >= dark_from && !passes_after_dark) continue;
      for (double dt = 0; dt <= 480.0; dt += 240.0) {
        for (std::size_t i = 0; i < others.size(); ++i) {
          report(kMmsi + 1 + static_cast<std::uint32_t>(i), others[i], t0 + dt + static_cast<double>(i));
        }
        if (k < dark_from && heard(k)) report(kMmsi, subject, t0 + dt + 10.0);
      }
      t = t0 + 490.0;
      collect(t);
    }
  }
  void step(double t) {
    runner.advanceTo(at(t));
    collect(t);
  }
  void collect(double t) {
    for (auto& f : runner.sink.raised) {
      if (f.tag == "mmsi:" + std::to_string(kMmsi)) log.emplace_back(t, std::move(f));
    }
    runner.sink.raised.clear();
  }
  [[nodiscard]] std::optional<double> first(const std::string& stage) const {
    for (const auto& [t, f] : log) {
      if (evidence(f, "stage") == stage) return t;
    }
    return std::nullopt;
  }
};

AisGapConfig satelliteConfig() {
  AisGapConfig c;
  c.deliberate_min_shore_distance_m = 0.0;
  c.fast_cue = false;
  return c;
}

const StraightTarget kSubject{{12.6, -72.6, 0.0}, 270.0, 2.0};

TEST(AisGapSatellite, VesselHeardOnEveryPassThatGoesDarkIsCuedAfterAFewMissedPasses) {
  // GIVEN a merchant heard on each of 8 passes, then silent while the passes go on
  SatelliteFleet f(satelliteConfig(), kSubject);
  f.run(16, 8, true, [](int) { return true; });
  const double last_heard = 600.0 + 7 * kPassS + 490.0;
  // THEN the pass model cues it (Low) once it missed passes that heard its neighbours, well
  // before the 6 h naive gap, then the naive gap (Medium) follows at 6 h
  const auto cue = f.first("missed_passes");
  ASSERT_TRUE(cue.has_value());
  EXPECT_GT(*cue, last_heard + 3 * kPassS);
  EXPECT_LT(*cue, last_heard + 6 * 3600.0);
  const Finding& first = f.log.front().second;
  EXPECT_EQ(first.severity, Severity::Low);
  EXPECT_GE(std::stoi(evidence(first, "missed_passes")), 3);
  EXPECT_GT(std::stod(evidence(first, "detection_per_pass")), 0.8);
  EXPECT_EQ(evidence(first, "vessel_passes_heard"), "7/7");
  // About the vessel, not the held track: one alert through the end of the hold.
  EXPECT_TRUE(first.tracks.empty());
  ASSERT_TRUE(first.last_known.has_value());
  const auto naive = f.first("naive_gap");
  ASSERT_TRUE(naive.has_value());
  EXPECT_GE(*naive, last_heard + 6 * 3600.0);
  EXPECT_LE(*naive, last_heard + 6 * 3600.0 + 3 * kPassS);
  // and, past 12 h, likely deliberate (High)
  const auto deliberate = f.first("likely_deliberate");
  ASSERT_TRUE(deliberate.has_value());
  EXPECT_GE(*deliberate, last_heard + 12 * 3600.0);
  for (const auto& [t, finding] : f.log) {
    EXPECT_TRUE(finding.tracks.empty());
    const std::string stage = evidence(finding, "stage");
    EXPECT_EQ(finding.severity, stage == "missed_passes" ? Severity::Low
                                : stage == "naive_gap"   ? Severity::Medium
                                                         : Severity::High)
        << stage;
  }
}

TEST(AisGapSatellite, SilenceWhileNoPassComesIsNotAGap) {
  // GIVEN the same vessel, but the satellite's ground track moves away: nobody in the cell is
  // heard for 9.5 h after its last pass
  SatelliteFleet f(satelliteConfig(), kSubject);
  f.run(14, 8, false, [](int) { return true; });
  // THEN nothing, whatever the hours say (the slot model would have counted 6 h)
  EXPECT_TRUE(f.log.empty());
}

TEST(AisGapSatellite, MissingPassesAVesselUsuallyMissesIsNotAGap) {
  // GIVEN a vessel heard on one pass in three (a small class B set, poor reception)
  SatelliteFleet f(satelliteConfig(), kSubject);
  // WHEN it is silent for 5 passes after its last burst (pass 6; about 8 h)
  f.run(12, 9, true, [](int k) { return k % 3 == 0; });
  // THEN nothing: its detection per pass is about 0.48 (2 of 6 passes, shrunk towards the
  // cell's 0.9), and 0.52^5 = 0.04 is no evidence at 6 h or after
  EXPECT_TRUE(f.log.empty());
  // AND the same vessel heard on every pass is cued in that time
  SatelliteFleet every(satelliteConfig(), kSubject);
  every.run(12, 7, true, [](int) { return true; });
  EXPECT_FALSE(every.log.empty());
  EXPECT_TRUE(f.log.empty());
  EXPECT_TRUE(f.log.empty());
}

TEST(AisGapSatellite, VesselLeavingTheTheatreIsNotAGap) {
  // GIVEN a merchant at 16 kn heading east out of the satellite area (its edge 100 km ahead
  // of its last report)
  AisGapConfig c = satelliteConfig();
  const StraightTarget leaving{{12.6, -74.0, 0.0}, 90.0, 8.0};
  c.satellite_area = geo::LatLonBox{-10.0, 35.0, -120.0, -70.05};
  SatelliteFleet out(c, leaving);
  out.run(16, 8, true, [](int) { return true; });
  // THEN nothing: its dead reckoning left the cells the passes hear and the covered area
  EXPECT_TRUE(out.log.empty());
  // AND the same vessel heading west, into the theatre, is cued
  const StraightTarget staying{{12.6, -69.0, 0.0}, 270.0, 8.0};
  SatelliteFleet in(c, staying);
  in.run(16, 8, true, [](int) { return true; });
  EXPECT_TRUE(in.first("missed_passes").has_value());
}

TEST(AisGapSatellite, ShipHeardInsideTheExitMarginWhileSailingInIsStillFollowed) {
  // GIVEN the theatre's western edge at 74.8 W (its 100 nm exit margin reaches 73.1 W) and a
  // ship last heard at 74.1 W, inside the margin, sailing east into the theatre at 2 kn
  AisGapConfig c = satelliteConfig();
  c.satellite_area = geo::LatLonBox{-10.0, 35.0, -74.8, -55.0};
  SatelliteFleet in(c, {{12.6, -74.5, 0.0}, 90.0, 1.0});
  in.run(16, 8, true, [](int) { return true; });
  // THEN its gap is cued (it did not leave)
  EXPECT_TRUE(in.first("missed_passes").has_value());
  // AND the near miss: a ship there sailing west, out of the theatre, is not
  SatelliteFleet out(c, {{12.6, -73.7, 0.0}, 270.0, 1.0});
  out.run(16, 8, true, [](int) { return true; });
  EXPECT_TRUE(out.log.empty());
}

TEST(AisGapSatellite, ShipSailingAlongTheEdgeInsideTheExitMarginIsStillFollowed) {
  // GIVEN the theatre's western edge at 74.8 W (its 100 nm exit margin reaches 73.1 W) and a
  // ship inside the margin at 73.9 W sailing 184 degrees at 4 kn: each step of its dead
  // reckoning lies deeper in the margin (it drifts west), but in a day it comes no nearer than
  // 0.6 degrees to the edge (CAPE NAVIGATOR off Baja on a provisional transit-zone-24h run)
  AisGapConfig c = satelliteConfig();
  c.satellite_area = geo::LatLonBox{-10.0, 35.0, -74.8, -55.0};
  SatelliteFleet along(c, {{13.2, -73.9, 0.0}, 184.0, 2.0});
  along.run(16, 8, true, [](int) { return true; });
  // THEN it has not left the area the passes cover: its gap is cued
  EXPECT_TRUE(along.first("missed_passes").has_value());
  // AND the near miss: the same ship on a course that crosses the edge within the day
  // (250 degrees: 97 km to go at 1.9 m/s westward, 14 h) is leaving
  SatelliteFleet out(c, {{13.2, -73.9, 0.0}, 250.0, 2.0});
  out.run(16, 8, true, [](int) { return true; });
  EXPECT_TRUE(out.log.empty());
}

}  // namespace
}  // namespace picket::cueing
