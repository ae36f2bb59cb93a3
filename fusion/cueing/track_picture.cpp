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
  // The views by ascending ID: `changed` is the step's updated tracks, then the others whose
  // status changed, each run ascending.
  delta.view_of.reserve(live);
  for (std::size_t i = 0; i < live; ++i) {
    if (rulesRead(delta.changed[i])) delta.view_of.push_back(static_cast<std::uint32_t>(i));
  }
  std::sort(delta.view_of.begin(), delta.view_of.end(), [&](std::uint32_t a, std::uint32_t b) {
    return delta.changed[a].id < delta.changed[b].id;
  });
  delta.views.reserve(delta.view_of.size());
  for (const std::uint32_t i : delta.view_of) {
    delta.views.push_back(viewOf(delta.changed[i]));
    delta.views.back().track = nullptr;  // TrackPicture::apply points it at the picture's copy
  }
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

core::Track& TrackPicture::put(core::Track& track, bool held) {
  Entry& e = tracks_[track.id];
  std::swap(e.track, track);
  e.held = held;
  return e.track;
}

void TrackPicture::apply(TrackDelta& delta) {
  now_ = delta.now;
  std::swap(platforms_, delta.platforms);
  placed_.resize(delta.changed.size());
  for (std::size_t i = 0; i < delta.changed.size(); ++i) {
    placed_[i] = &put(delta.changed[i], delta.held[i] != 0);
  }
  // Node-based map: the copies stay where they are while other entries come and go.
  for (std::size_t k = 0; k < delta.views.size(); ++k) {
    delta.views[k].track = placed_[delta.view_of[k]];
  }
  for (const auto& d : delta.step.deleted) tracks_.erase(d.track.id);
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
