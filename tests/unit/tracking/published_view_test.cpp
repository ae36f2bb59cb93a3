// The published ECEF view is completed when read (Tracker::find, tracks, trackAt and the
// deleted tracks of a step): whenever it is read, it is bit for bit the view of the filter
// state as of the track's last change.

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <vector>

#include "filters/kalman.hpp"
#include "support/synthetic_sensors.hpp"
#include "tracking/tracker.hpp"

namespace picket::tracking {
namespace {

using test::at;
using test::CoastalRadar;
using test::Rng;
using test::StraightTarget;

constexpr double kScanPeriodS = 6.0;

/// Scan k of the radar with the plots of both vessels.
core::Scan scanOf(const CoastalRadar& radar, const std::vector<StraightTarget>& targets, int k,
                  Rng& rng) {
  const double t = k * kScanPeriodS;
  std::vector<core::Measurement> plots;
  for (const StraightTarget& target : targets) {
    plots.push_back(radar.measure(target.ecef(t), at(t), &rng));
  }
  return radar.scan(at(t), static_cast<std::uint64_t>(k + 1), std::move(plots));
}

TEST(PublishedView, ReadLateOrAtEveryStepTheViewIsTheSame) {
  // GIVEN two trackers fed the same plots of two vessels: one reads every changed track after
  // every step, the other reads nothing
  const CoastalRadar radar;
  const std::vector<StraightTarget> targets{{test::fromSite(radar, 40.0, 20'000.0), 120.0, 8.0},
                                            {test::fromSite(radar, 300.0, 30'000.0), 10.0, 5.0}};
  Tracker eager(TrackerConfig{}, test::sensorTable());
  Tracker lazy(TrackerConfig{}, test::sensorTable());
  Rng rng_a(11);
  Rng rng_b(11);
  std::map<core::TrackId, core::Track> last_read;
  constexpr int kScans = 12;
  for (int k = 0; k < kScans; ++k) {
    const StepResult step = eager.processScan(scanOf(radar, targets, k, rng_a));
    for (const core::Track* t : changedTracks(eager, step)) last_read[t->id] = *t;
    lazy.processScan(scanOf(radar, targets, k, rng_b));
  }
  ASSERT_EQ(eager.trackCount(), 2u);
  ASSERT_EQ(lazy.trackCount(), 2u);
  // WHEN the lazy tracker's tracks are read only now
  // THEN they are bit for bit the eager reader's, valid covariances included
  for (const auto& [id, track] : lazy.tracks()) {
    const core::Track* e = eager.find(id);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(track.x, e->x);
    EXPECT_EQ(track.P, e->P);
    EXPECT_EQ(track.P, last_read.at(id).P) << "read at the last change";
    EXPECT_TRUE(filters::isCovarianceValid(track.P));
    const core::Track now = lazy.trackAt(id, track.time);
    EXPECT_EQ(now.P, track.P);
  }
}

TEST(PublishedView, ADeletedTrackCarriesItsCompleteView) {
  // GIVEN a track that nobody has read, and its twin read after every step
  const CoastalRadar radar;
  const std::vector<StraightTarget> targets{{test::fromSite(radar, 40.0, 20'000.0), 120.0, 8.0}};
  Tracker eager(TrackerConfig{}, test::sensorTable());
  Tracker lazy(TrackerConfig{}, test::sensorTable());
  Rng rng_a(13);
  Rng rng_b(13);
  core::Track last;
  for (int k = 0; k < 6; ++k) {
    const StepResult step = eager.processScan(scanOf(radar, targets, k, rng_a));
    for (const core::Track* t : changedTracks(eager, step)) last = *t;
    lazy.processScan(scanOf(radar, targets, k, rng_b));
  }
  ASSERT_EQ(lazy.trackCount(), 1u);
  // WHEN it is deleted after a long silence
  const StepResult r = lazy.advanceTo(at(6 * kScanPeriodS + 86'400.0));
  // THEN the deleted track's view is the one of its last update, bit for bit
  ASSERT_EQ(r.deleted.size(), 1u);
  EXPECT_EQ(r.deleted[0].track.x, last.x);
  EXPECT_EQ(r.deleted[0].track.P, last.P);
  EXPECT_TRUE(filters::isCovarianceValid(r.deleted[0].track.P));
}

}  // namespace
}  // namespace picket::tracking
