#pragma once
// Pieces the kinematic suspicion rules share: a condition sustained over irregular updates,
// "dark" (no recent AIS), the speed's uncertainty, areas and distances to ports and shore,
// and the text of evidence values.
//
// Threading: plain values and pure functions; a rule owns its instances.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "core/track.hpp"
#include "cueing/rule.hpp"

namespace picket::cueing {

/// A condition observed at irregular times (whenever a track is updated) that must hold for
/// a sustained time. A run starts at the first observation where the condition holds and
/// survives observations where it does not, and gaps with no observation at all, for as long
/// as the last holding observation is at most `max_gap` old: one noisy update or a missed
/// scan does not break it. Alongside, the time-weighted mean of one value (a speed, a
/// distance) over every observation of the run, holding or not.
class SustainedRun {
 public:
  /// Records an observation at `t` (non-decreasing between calls).
  void observe(core::Timestamp t, bool holds, double value, core::Duration max_gap);
  /// Ends the run if its last holding observation is older than `max_gap` at `now`.
  void expire(core::Timestamp now, core::Duration max_gap);

  [[nodiscard]] bool active() const { return active_; }
  [[nodiscard]] core::Timestamp start() const { return start_; }
  [[nodiscard]] core::Timestamp lastHeld() const { return last_held_; }
  /// From the first to the last holding observation.
  [[nodiscard]] core::Duration length() const { return last_held_ - start_; }
  /// Time-weighted mean of the observed value over the run (the first value while the run
  /// has lasted no time).
  [[nodiscard]] double mean() const;
  [[nodiscard]] std::size_t observations() const { return observations_; }

 private:
  bool active_ = false;
  core::Timestamp start_;
  core::Timestamp last_held_;
  core::Timestamp last_seen_;
  double last_value_ = 0.0;
  double first_value_ = 0.0;
  double weighted_sum_ = 0.0;
  double weight_s_ = 0.0;
  std::size_t observations_ = 0;
};

/// True when no AIS report has updated the track within `max_ais_silence` before `now`:
/// never identified, or identified once and silent since ("dark or unidentified").
bool isDark(const core::Track& track, core::Timestamp now, core::Duration max_ais_silence);

/// "none" for a track never identified, else "MMSI 366123456, last heard 1234 s ago".
std::string aisEvidence(const core::Track& track, core::Timestamp now);

/// Distinct non-cooperative sensors that have contributed to the track.
std::size_t noncooperativeSensors(const core::Track& track, const TrackPicture& tracker);

/// Comma-separated ids of the sensors that have contributed to the track.
std::string sensorList(const core::Track& track, const TrackPicture& tracker);

/// Standard normal cumulative distribution.
double normalCdf(double z);

/// An area a rule is restricted to: `area_id` empty, or not in the geography, means
/// everywhere (the rule then reports a note at start-up, see geographyNote).
class AreaFilter {
 public:
  AreaFilter() = default;
  AreaFilter(const Geography& geography, const std::string& area_id);
  [[nodiscard]] bool contains(const core::GeoPoint& p) const;
  /// The area's id, or "anywhere".
  [[nodiscard]] std::string describe() const;

 private:
  const NamedArea* area_ = nullptr;
};

/// A start-up note when `area_id` is set but missing from the geography; none otherwise.
std::vector<std::string> areaNotes(std::string_view rule, const Geography& geography,
                                   const std::string& area_id);

/// Distance (m) from the point to the nearest port, if one is within `max_m`.
std::optional<double> portWithin(const Geography& geography, const core::GeoPoint& p, double max_m,
                                 std::string* port_name = nullptr);

/// Remembers a yes/no geographic test per track (far from ports, far from shore), redone only
/// once the track has moved more than `recheck_m` from where it was last done: slow tracks are
/// tested on every update and barely move. Entries are dropped with their tracks.
class GeoTestCache {
 public:
  explicit GeoTestCache(double recheck_m = 500.0) : recheck_m_(recheck_m) {}
  template <typename Test>
  bool get(core::TrackId id, const core::Vec3& ecef, Test&& test) {
    auto it = entries_.find(id);
    if (it != entries_.end() && (it->second.first - ecef).norm() <= recheck_m_) {
      return it->second.second;
    }
    const bool r = test();
    entries_[id] = {ecef, r};
    return r;
  }
  void erase(core::TrackId id) { entries_.erase(id); }
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

 private:
  double recheck_m_;
  std::unordered_map<core::TrackId, std::pair<core::Vec3, bool>> entries_;
};

/// The usual preference of carryOverDeleted: the dropped state when its run is active and
/// older than the survivor's.
struct PreferOlderRun {
  template <typename State>
  bool operator()(const State& dropped, const State& survivor) const {
    return dropped.run.active() &&
           (!survivor.run.active() || dropped.run.start() < survivor.run.start());
  }
};

/// Drops the per-track states of the step's deleted tracks. A merged track's state goes to
/// the survivor when the survivor has none, or when `prefer(dropped, survivor)` says the
/// dropped one is the better established (an older run); `raised` is kept from either, so
/// that the rule can still clear the alert the AlertManager handed over to the survivor.
template <typename State, typename Prefer = PreferOlderRun>
void carryOverDeleted(std::map<core::TrackId, State>& states, const RuleContext& context,
                      Prefer prefer = {}) {
  for (const auto& d : context.step.deleted) {
    auto it = states.find(d.track.id);
    if (it == states.end()) continue;
    State dropped = std::move(it->second);
    states.erase(it);
    if (d.reason != tracking::DeletionReason::Merged ||
        context.tracker.find(d.merged_into) == nullptr) {
      continue;
    }
    auto [sit, inserted] = states.try_emplace(d.merged_into, dropped);
    if (inserted) continue;
    const bool raised = sit->second.raised || dropped.raised;
    if (prefer(dropped, sit->second)) sit->second = std::move(dropped);
    sit->second.raised = raised;
  }
}

/// Records one observation of a track's run (State has `SustainedRun run` and `bool raised`).
/// A state is created by a holding observation only, and dropped once its run has ended
/// unless the rule raised it (it may still have to clear it). Returns the state while its
/// run is active, else nullptr.
template <typename State>
State* observeRun(std::map<core::TrackId, State>& states, core::TrackId id, core::Timestamp now,
                  bool holds, double value, core::Duration max_gap) {
  auto it = states.find(id);
  if (it == states.end()) {
    if (!holds) return nullptr;
    it = states.try_emplace(id).first;
  }
  State& s = it->second;
  s.run.observe(now, holds, value, max_gap);
  if (s.run.active()) return &s;
  if (!s.raised) states.erase(it);
  return nullptr;
}

/// For a track that is no longer dark (AIS heard within the rule's silence): clears the
/// rule's alert on it, if raised, saying so, and drops its state.
template <typename State>
void clearIdentified(std::map<core::TrackId, State>& states, const core::Track& track,
                     FindingSink& sink, const std::string& what) {
  auto it = states.find(track.id);
  if (it == states.end()) return;
  if (it->second.raised) {
    sink.clear({track.id}, "",
               what + " closed: AIS heard from MMSI " + std::to_string(track.identity.mmsi) + ".");
  }
  states.erase(it);
}

/// The step's confirmed, dark surface tracks, for the rules about dark vessels (go-fast, LPV):
/// first carries the states of deleted tracks over (carryOverDeleted); then, for a surface
/// track heard on AIS within `max_ais_silence`, clears the rule's alert on it (`what` names
/// the rule) and drops its state; calls `visit(view)` for each confirmed dark one (coasting
/// tracks carry no new data, tentative ones may be clutter).
template <typename State, typename Visit>
void forEachDarkSurfaceTrack(const RuleContext& context, std::map<core::TrackId, State>& states,
                             FindingSink& sink, core::Duration max_ais_silence,
                             const std::string& what, Visit&& visit) {
  carryOverDeleted(states, context);
  for (const TrackView& v : context.changed) {
    const core::Track& t = *v.track;
    if (t.domain != core::Domain::Surface) continue;
    if (!isDark(t, context.now, max_ais_silence)) {
      clearIdentified(states, t, sink, what);
      continue;
    }
    if (t.status == core::TrackStatus::Confirmed) visit(v);
  }
}

/// Fixed-point text of a number.
std::string fixed(double v, int decimals);

/// ISO 8601 UTC to the second, e.g. "2024-03-01T12:00:00Z".
std::string utcText(core::Timestamp t);

/// Seconds of a duration, rounded, as text.
std::string secondsText(core::Duration d);

constexpr double kMetresPerNm = 1852.0;

}  // namespace picket::cueing
