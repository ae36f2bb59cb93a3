// The cueing stage's copy of the tracks (TrackPicture) must be the tracker's live tracks
// after every step and identity report, whatever the step did: births, updates, status
// changes, merges, deletions, identity changes and the satellite-AIS hold. Checked here after
// every call of a busy scenario, on one thread (the copy is made the way the pipeline's
// cueing thread gets it: a TrackDelta by value).

#include "cueing/track_picture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

#include "support/synthetic_sensors.hpp"
#include "tracking/tracker.hpp"

namespace picket::cueing {
namespace {

using picket::test::at;

constexpr core::SensorIndex kSatIndex = 2;

std::vector<tracking::SensorInfo> sensors() {
  auto s = picket::test::sensorTable();
  tracking::SensorInfo sat{"sat-ais", core::SensorKind::Ais, core::Domain::Surface, 5.0e6};
  sat.satellite_ais = true;
  s.push_back(sat);
  return s;
}

// Every live track of the tracker is in the picture with the same hold, and nothing else
// is. A track the last change reported (`reported`) is equal in every field; any other is
// equal but for its detection-opportunity bookkeeping (a radar scan that misses a track it
// covers records the miss without reporting the track: see TrackPicture). Returns the number
// of tracks compared.
std::size_t expectSame(const tracking::Tracker& tracker, const TrackPicture& picture,
                       const std::vector<core::Track>& reported) {
  EXPECT_EQ(picture.now(), tracker.now());
  EXPECT_EQ(picture.trackCount(), tracker.trackCount());
  EXPECT_EQ(picture.sensorPlatforms(), tracker.sensorPlatforms());
  for (const auto& [id, track] : tracker.tracks()) {
    const core::Track* copy = picture.find(id);
    if (copy == nullptr) {
      ADD_FAILURE() << "track " << id << " missing from the picture";
      continue;
    }
    const bool fresh = std::any_of(reported.begin(), reported.end(),
                                   [&](const core::Track& r) { return r.id == id; });
    core::Track expected = track;
    if (!fresh) {
      expected.hit_history = copy->hit_history;
      expected.opportunities = copy->opportunities;
    }
    EXPECT_EQ(*copy, expected) << "track " << id << (fresh ? " (reported)" : "");
    EXPECT_EQ(picture.isHeld(id), tracker.isHeld(id)) << "track " << id;
  }
  return tracker.trackCount();
}

TEST(TrackPicture, EqualsTheTrackersLiveTracksAfterEveryStep) {
  tracking::TrackerConfig config;
  config.satellite_hold = core::Duration::fromSeconds(3600.0);
  tracking::Tracker tracker(config, sensors());
  TrackPicture picture(config, sensors());
  const picket::test::CoastalRadar radar;
  picket::test::Rng rng(11);

  // Six vessels: three with AIS (one of them heard later only by satellite), two crossing
  // close (a merge candidate), one that leaves radar cover halfway (deleted).
  std::vector<picket::test::StraightTarget> vessels;
  for (int i = 0; i < 6; ++i) {
    vessels.push_back({picket::test::fromSite(radar, 30.0 + 50.0 * i, 12'000.0 + 3'000.0 * i),
                       40.0 * i, 4.0 + i});
  }
  vessels[4] = {picket::test::fromSite(radar, 200.0, 15'000.0), 90.0, 6.0};
  vessels[5] = {geo::geodesicDirect(vessels[4].position(0.0), 90.0, 300.0), 270.0, 0.5};

  std::uint64_t seq = 0;
  std::size_t compared = 0;
  std::size_t deleted = 0;
  std::size_t identities = 0;
  std::size_t viewed = 0;
  const auto step = [&](const tracking::StepResult& s) {
    deleted += s.deleted.size();
    TrackDelta delta = captureDelta(tracker, s);
    const std::vector<core::Track> reported = delta.changed;
    picture.apply(delta);
    compared += expectSame(tracker, picture, reported);
    // The delta's views are what the alert manager would make from the picture: the changed
    // tracks the rules read, by ascending ID, pointing at the picture's copies.
    std::vector<core::TrackId> ids;
    std::set_union(s.updated.begin(), s.updated.end(), s.status_changed.begin(),
                   s.status_changed.end(), std::back_inserter(ids));
    std::vector<const core::Track*> read;
    for (const core::TrackId id : ids) {
      const core::Track* t = picture.find(id);
      if (t != nullptr && rulesRead(*t)) read.push_back(t);
    }
    ASSERT_EQ(delta.views.size(), read.size());
    for (std::size_t k = 0; k < read.size(); ++k) {
      const TrackView expected = viewOf(*read[k]);
      EXPECT_EQ(delta.views[k].track, read[k]);
      EXPECT_EQ(delta.views[k].position, expected.position);
      EXPECT_EQ(delta.views[k].velocity_en, expected.velocity_en);
      EXPECT_EQ(delta.views[k].speed_sigma_mps, expected.speed_sigma_mps);
      ++viewed;
    }
  };

  for (double t = 0.0; t <= 3600.0; t += 10.0) {
    std::vector<core::Measurement> plots;
    for (std::size_t i = 0; i < vessels.size(); ++i) {
      if (i == 3 && t > 1800.0) continue;  // out of cover: coasts, then deleted
      if (rng.uniform(0.0, 1.0) < 0.9)
        plots.push_back(radar.measure(vessels[i].ecef(t), at(t), &rng));
    }
    for (int c = 0; c < 4; ++c) plots.push_back(radar.clutter(at(t), rng, 5'000.0, 50'000.0));
    step(tracker.processScan(radar.scan(at(t), ++seq, plots)));

    if (static_cast<int>(t) % 30 == 0) {
      for (std::uint32_t i = 0; i < 3; ++i) {
        const double ts = t + 1.0;
        const std::uint32_t mmsi = 366'000'001 + i;
        if (i == 2 && t > 1200.0) {
          // Heard only by satellite from now on, every ten minutes: held between passes.
          if (static_cast<int>(t) % 600 != 0) continue;
          auto r = picket::test::aisReport(mmsi, vessels[i].position(ts), vessels[i].velocityEn(ts),
                                           at(ts), &rng);
          r.sensor = kSatIndex;
          auto scan = picket::test::aisScan(r, ++seq);
          scan.sensor = kSatIndex;
          step(tracker.processScan(scan));
          continue;
        }
        step(tracker.processScan(
            picket::test::aisScan(picket::test::aisReport(mmsi, vessels[i].position(ts),
                                                          vessels[i].velocityEn(ts), at(ts), &rng),
                                  ++seq)));
      }
    }
    if (static_cast<int>(t) % 600 == 0) {
      // Static data: a name (changed once) for the first vessel.
      core::IdentityReport id;
      id.time = at(t + 2.0);
      id.sensor = picket::test::kAisIndex;
      id.mmsi = 366'000'001;
      id.name = t < 1800.0 ? "FIRST NAME" : "SECOND NAME";
      const std::vector<core::TrackId> updated = tracker.applyIdentity(id);
      identities += updated.size();
      TrackDelta delta = captureIdentity(tracker, updated);
      const std::vector<core::Track> reported = delta.changed;
      picture.apply(delta);
      compared += expectSame(tracker, picture, reported);
    }
  }
  // Time alone: coasting and deletions with no data.
  step(tracker.advanceTo(at(3600.0 + 7200.0)));

  EXPECT_GT(compared, 2000u);
  EXPECT_GT(deleted, 0u);  // clutter-born tentatives at least
  EXPECT_GT(identities, 0u);
  EXPECT_GT(viewed, 1000u);
  EXPECT_GT(tracker.counters().confirmed, 5u);
}

TEST(TrackPicture, ASnapshotOfATrackerHoldsItsLiveTracks) {
  tracking::Tracker tracker({}, sensors());
  const picket::test::CoastalRadar radar;
  picket::test::Rng rng(3);
  const picket::test::StraightTarget vessel{picket::test::fromSite(radar, 90.0, 20'000.0), 0.0,
                                            5.0};
  std::uint64_t seq = 0;
  for (double t = 0.0; t <= 120.0; t += 10.0) {
    tracker.processScan(radar.scan(at(t), ++seq, {radar.measure(vessel.ecef(t), at(t), &rng)}));
  }
  ASSERT_EQ(tracker.trackCount(), 1u);
  const TrackPicture picture(tracker);
  std::vector<core::Track> all;
  for (const auto& [id, track] : tracker.tracks()) all.push_back(track);
  EXPECT_EQ(expectSame(tracker, picture, all), 1u);
  EXPECT_EQ(picture.sensors(), tracker.sensors());
  // The prediction rules use for cues is the tracker's.
  const core::Track& track = *picture.find(tracker.tracks().begin()->first);
  const models::CvNoise noise{};
  const auto a = picture.predictTrack(track, at(1000.0), noise);
  const auto b = tracker.predictTrack(track, at(1000.0), noise);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.P, b.P);
}

}  // namespace
}  // namespace picket::cueing
