#pragma once
// The tracks the cueing rules read: a copy of the tracker's live tracks as of its last step,
// kept up to date by the steps' changes (TrackDelta), so that cueing can run on a thread of
// its own while the tracker goes on with the next scans.
//
//   tracker thread:  step = tracker.processScan(scan); delta = captureDelta(tracker, step)
//   cueing thread:   picture.apply(delta); alerts.onStep(picture, delta.step, delta.views)
//
// A delta carries copies of the tracks the step updated or changed the status of (and the
// step's deleted tracks, inside the StepResult), so after each applied delta the picture
// holds the tracker's live tracks as the track stream last published them: every change the
// tracker makes to a track's published state is reported by the step that makes it
// (tracking::StepResult), or by the identity report that does (captureIdentity). One thing
// lags: a radar scan that covers a track and misses it records the miss in the track's
// detection-opportunity bookkeeping (hit_history, opportunities) without reporting the track,
// so a track's copy has those as of its last report. Rules read them only on the step's
// changed tracks (RuleContext::changed), which are fresh. tests/unit/cueing/track_picture_test.cpp
// checks the copy against the tracker after every step of a busy scenario.
//
// Threading: a picture belongs to one thread; a delta moves between threads by value.

#include <cstddef>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/time.hpp"
#include "core/track.hpp"
#include "cueing/track_view.hpp"
#include "filters/kalman.hpp"
#include "models/motion_models.hpp"
#include "tracking/tracker.hpp"

namespace picket::cueing {

/// What one tracker step (or identity report) changed, by value.
struct TrackDelta {
  core::Timestamp now;  ///< the tracker's time after the change
  /// Live tracks the change updated or changed the status of, in tracking::changedTracks
  /// order (deleted tracks are in step.deleted).
  std::vector<core::Track> changed;
  /// Per entry of `changed`: held by the satellite-AIS hold (Tracker::isHeld).
  std::vector<char> held;
  tracking::StepResult step;
  /// Tracker::sensorPlatforms() after the change (a few airborne sensors: copied every time).
  std::vector<tracking::SensorPlatformFix> platforms;
  /// A step's changed tracks as the rules read them (RuleContext::changed: the entries of
  /// `changed` that rulesRead(), by ascending ID), computed with the delta so that the
  /// conversions are the tracker thread's work. Their track pointers are null until
  /// TrackPicture::apply points them at the picture's copies; view_of[k] is views[k]'s entry
  /// in `changed`. Empty for an identity report's delta (no rule runs on it).
  std::vector<TrackView> views;
  std::vector<std::uint32_t> view_of;
};

/// A delta for a step the tracker just made (before it changes again).
TrackDelta captureDelta(const tracking::Tracker& tracker, tracking::StepResult step);
/// A delta for the tracks an identity report updated (Tracker::applyIdentity's result).
TrackDelta captureIdentity(const tracking::Tracker& tracker, std::span<const core::TrackId> ids);

class TrackPicture {
 public:
  /// An empty picture of a tracker with this configuration and these sensors.
  TrackPicture(tracking::TrackerConfig config, std::vector<tracking::SensorInfo> sensors);
  /// A picture of every live track of `tracker` now (tests; a late start).
  explicit TrackPicture(const tracking::Tracker& tracker);

  /// Brings the picture to the state after the delta's change. Tracks in `changed` are
  /// swapped in: the delta gets the replaced copies back (their storage can be reused), and
  /// its views point at the picture's copies.
  void apply(TrackDelta& delta);

  // The part of tracking::Tracker's interface the rules use, with the same meaning.
  [[nodiscard]] const core::Track* find(core::TrackId id) const;
  [[nodiscard]] bool isHeld(core::TrackId id) const;
  [[nodiscard]] core::Timestamp now() const { return now_; }
  [[nodiscard]] const std::vector<tracking::SensorInfo>& sensors() const { return sensors_; }
  [[nodiscard]] const tracking::TrackerConfig& config() const { return config_; }
  [[nodiscard]] const std::vector<tracking::SensorPlatformFix>& sensorPlatforms() const {
    return platforms_;
  }
  [[nodiscard]] std::size_t trackCount() const { return tracks_.size(); }
  [[nodiscard]] filters::TrackState predictTrack(const core::Track& track, core::Timestamp t,
                                                 const models::CvNoise& noise) const {
    return tracking::predictTrack(track, t, noise);
  }

  /// The live tracks' IDs, ascending.
  [[nodiscard]] std::vector<core::TrackId> ids() const;

 private:
  struct Entry {
    core::Track track;
    bool held = false;
  };
  core::Track& put(core::Track& track, bool held);

  tracking::TrackerConfig config_;
  std::vector<tracking::SensorInfo> sensors_;
  core::Timestamp now_;
  std::vector<tracking::SensorPlatformFix> platforms_;
  std::unordered_map<core::TrackId, Entry> tracks_;
  std::vector<const core::Track*> placed_;  ///< apply()'s scratch: each delta entry's copy
};

}  // namespace picket::cueing
