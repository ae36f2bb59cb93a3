// The tracker's derived tables (the per-slot gate summaries the candidate search reads instead
// of the slots) stay equal to the tracks they summarise through everything that changes a
// track: births, updates, satellite AIS holds, coasting and deletions.

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "support/synthetic_sensors.hpp"
#include "tracking/tracker.hpp"

namespace picket::tracking {
namespace {

using test::at;
using test::CoastalRadar;
using test::Rng;
using test::StraightTarget;

constexpr core::SensorIndex kSatIndex = 2;

TEST(TrackerTables, GateSummariesFollowEveryChangeOfTheTracks) {
  // GIVEN a coastal radar with clutter, terrestrial AIS and satellite AIS
  auto sensors = test::sensorTable();
  SensorInfo sat{"sat-ais", core::SensorKind::Ais, core::Domain::Surface, 2'500'000.0};
  sat.satellite_ais = true;
  sensors.push_back(sat);
  Tracker tracker({}, sensors);
  const CoastalRadar radar;
  Rng rng(7);
  // ... 24 vessels 8-40 km out; half of them speak AIS; the first four are heard only by
  // satellite after the first 5 minutes; every third one falls silent (radar and AIS) after
  // 10 minutes, so that its track coasts and is deleted.
  std::vector<StraightTarget> vessels;
  for (int i = 0; i < 24; ++i) {
    const core::GeoPoint start = test::fromSite(radar, 15.0 * i, 8'000.0 + 1'300.0 * i);
    vessels.push_back({start, 37.0 * i, 3.0 + 0.5 * (i % 7)});
  }
  std::uint64_t sequence = 1;
  std::size_t held_seen = 0;
  std::uint64_t deleted = 0;
  for (int step = 0; step < 240; ++step) {  // 40 minutes, a radar scan every 10 s
    const double t = 10.0 * step;
    std::vector<core::Measurement> plots;
    for (std::size_t i = 0; i < vessels.size(); ++i) {
      const bool silent = i % 3 == 2 && t > 600.0;
      if (silent || rng.uniform(0.0, 1.0) > 0.9) continue;
      plots.push_back(radar.measure(vessels[i].ecef(t), at(t), &rng));
    }
    for (int c = 0; c < 5; ++c) plots.push_back(radar.clutter(at(t), rng, 5'000.0, 50'000.0));
    // WHEN each scan and report is processed
    StepResult r = tracker.processScan(radar.scan(at(t), sequence++, plots));
    deleted += r.deleted.size();
    // THEN the tables agree with the tracks after every step
    ASSERT_TRUE(tracker.consistent()) << "radar scan at " << t;
    for (std::size_t i = 0; i < vessels.size(); i += 2) {
      const bool silent = i % 3 == 2 && t > 600.0;
      if (silent) continue;
      const bool satellite_only = i < 4 && t > 300.0;
      if (satellite_only && step % 30 != 0) continue;  // a pass every 5 minutes
      const double ta = t + 5.0;
      core::Measurement m =
          test::aisReport(366'000'000u + static_cast<std::uint32_t>(i),
                          vessels[i].position(ta), vessels[i].velocityEn(ta), at(ta), &rng);
      core::Scan scan = test::aisScan(m, sequence++);
      if (satellite_only) {
        scan.sensor = kSatIndex;
        scan.measurements[0].sensor = kSatIndex;
      }
      r = tracker.processScan(scan);
      deleted += r.deleted.size();
      ASSERT_TRUE(tracker.consistent()) << "AIS report of vessel " << i << " at " << ta;
    }
    held_seen = std::max(held_seen, tracker.heldTrackCount());
  }
  // ... and through deletions by time with no measurement
  deleted += tracker.advanceTo(at(2'400.0 + 3'600.0)).deleted.size();
  EXPECT_TRUE(tracker.consistent());
  // The scenario exercised what it is meant to: holds, deletions, births.
  EXPECT_GT(held_seen, 0u);
  EXPECT_GT(deleted, 8u);
  EXPECT_GT(tracker.counters().initiated, 24u);
  EXPECT_GT(tracker.counters().associated, 3'000u);
}

}  // namespace
}  // namespace picket::tracking
