#include "cueing/track_picture.hpp"

#include <algorithm>
#include <utility>

namespace picket::cueing {

namespace {

void appendTrack(const tracking::Tracker& tracker, const core::Track& track, TrackDelta& delta) {
  delta.changed.push_back(track);
  delta.held.push_back(tracker.isHeld(track.id) ? 1 : 0);
}

}  // namespace

TrackDelta captureDelta(const tracking::Tracker& tracker, tracking::StepResult step) {
  TrackDelta delta;
  delta.now = tracker.now();
  const std::vector<const core::Track*> changed = tracking::changedTracks(tracker, step);
  // changedTracks lists the live ones first, then the step's deleted tracks.
  const std::size_t live = changed.size() - step.deleted.size();
  delta.changed.reserve(live);
  delta.held.reserve(live);
  for (std::size_t i = 0; i < live; ++i) appendTrack(tracker, *changed[i], delta);
  delta.step = std::move(step);
  delta.platforms = tracker.sensorPlatforms();
  return delta;
}

TrackDelta captureIdentity(const tracking::Tracker& tracker, std::span<const core::TrackId> ids) {
  TrackDelta delta;
  delta.now = tracker.now();
  delta.platforms = tracker.sensorPlatforms();
  for (const core::TrackId id : ids) {
    if (const core::Track* t = tracker.find(id)) appendTrack(tracker, *t, delta);
  }
  return delta;
}

TrackPicture::TrackPicture(tracking::TrackerConfig config,
                           std::vector<tracking::SensorInfo> sensors)
    : config_(std::move(config)), sensors_(std::move(sensors)) {}

TrackPicture::TrackPicture(const tracking::Tracker& tracker)
    : TrackPicture(tracker.config(), tracker.sensors()) {
  now_ = tracker.now();
  platforms_ = tracker.sensorPlatforms();
  for (const auto& [id, track] : tracker.tracks()) {
    tracks_.emplace(id, Entry{track, tracker.isHeld(id)});
  }
}

void TrackPicture::put(core::Track& track, bool held) {
  Entry& e = tracks_[track.id];
  std::swap(e.track, track);
  e.held = held;
}

void TrackPicture::apply(TrackDelta& delta) {
  now_ = delta.now;
  std::swap(platforms_, delta.platforms);
  for (std::size_t i = 0; i < delta.changed.size(); ++i) {
    put(delta.changed[i], delta.held[i] != 0);
  }
  for (const auto& d : delta.step.deleted) tracks_.erase(d.track.id);
}

void TrackPicture::apply(const tracking::Tracker& tracker, const tracking::StepResult& step) {
  now_ = tracker.now();
  platforms_ = tracker.sensorPlatforms();
  const std::vector<const core::Track*> changed = tracking::changedTracks(tracker, step);
  const std::size_t live = changed.size() - step.deleted.size();
  for (std::size_t i = 0; i < live; ++i) {
    Entry& e = tracks_[changed[i]->id];
    e.track = *changed[i];
    e.held = tracker.isHeld(changed[i]->id);
  }
  for (const auto& d : step.deleted) tracks_.erase(d.track.id);
}

const core::Track* TrackPicture::find(core::TrackId id) const {
  const auto it = tracks_.find(id);
  return it == tracks_.end() ? nullptr : &it->second.track;
}

std::vector<core::TrackId> TrackPicture::ids() const {
  std::vector<core::TrackId> out;
  out.reserve(tracks_.size());
  for (const auto& [id, e] : tracks_) out.push_back(id);
  std::sort(out.begin(), out.end());
  return out;
}

bool TrackPicture::isHeld(core::TrackId id) const {
  const auto it = tracks_.find(id);
  return it != tracks_.end() && it->second.held;
}

}  // namespace picket::cueing
