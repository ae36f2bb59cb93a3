#pragma once
// What a suspicion rule sees after each tracker step, and how it reports what it finds.
//
// A rule keeps its own per-track state (how long a track has been fast, how long two tracks
// have been together, when an MMSI was last heard) and reports *findings* to a FindingSink.
// The AlertManager owns the alert lifecycle: it turns the first finding on a subject into an
// OPEN alert, later ones into UPDATED (at most every update interval) or ESCALATED (severity
// rose) events with a fresh cue, and a clear() or the loss of the subject's track into CLOSED.
// Rules never build cues, predictions or partner lists themselves.
//
// Threading: rules run on the thread that owns the alert manager (the tracker's, or a cueing
// thread of its own: they read the tracks through a TrackPicture); they are not shared.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "core/track.hpp"
#include "cueing/alert.hpp"
#include "cueing/jurisdiction.hpp"
#include "cueing/track_picture.hpp"
#include "cueing/track_view.hpp"
#include "geo/land_mask.hpp"
#include "geo/place_index.hpp"
#include "geo/polygon.hpp"
#include "tracking/tracker.hpp"

namespace picket::cueing {

/// A named area from the configuration (the transit zone, the eastern Pacific corridor, an
/// area of interest around clandestine airstrips).
struct NamedArea {
  std::string id;
  geo::GeoPolygon polygon;
};

/// Where a receiver can hear AIS: a circle around a terrestrial receiver's site.
struct CoverageCircle {
  std::string sensor_id;
  core::GeoPoint site;
  double range_m = 0.0;
};

/// Geography the rules and the cue use. Every member may be empty (a unit test, a
/// configuration without geography); a rule that needs an empty one documents what it does.
/// Shared and immutable: one copy serves the whole daemon.
struct Geography {
  std::shared_ptr<const geo::LandMask> land;     ///< distance from shore
  std::shared_ptr<const geo::PlaceIndex> ports;  ///< distance from the nearest port
  std::shared_ptr<const ZoneMap> zones;          ///< territorial seas, contiguous zones, EEZs
  std::vector<NamedArea> areas;                  ///< by id; see CueingConfig for their use
  std::vector<CoverageCircle> ais_coverage;      ///< terrestrial AIS receivers
  bool satellite_ais = false;                    ///< a satellite AIS feed is configured

  [[nodiscard]] const NamedArea* area(std::string_view id) const {
    for (const auto& a : areas) {
      if (a.id == id) return &a;
    }
    return nullptr;
  }
};

/// Which tracks are already suspects: subjects of an open alert (zone entry alerts on them).
class SuspectRegistry {
 public:
  virtual ~SuspectRegistry() = default;
  /// True when the track is a subject of an open alert of a rule not in `except_rules`.
  [[nodiscard]] virtual bool isSuspect(core::TrackId track,
                                       std::span<const std::string_view> except_rules) const = 0;
  /// True when the track is a subject of an open alert of any rule other than `except_rule`.
  [[nodiscard]] bool isSuspect(core::TrackId track, std::string_view except_rule) const {
    return isSuspect(track, std::span<const std::string_view>(&except_rule, 1));
  }
};

/// Everything a rule sees after one tracker step.
struct RuleContext {
  /// The live tracks after the step (a copy of the tracker's: rules may run on a thread of
  /// their own; TrackPicture has the part of Tracker's interface rules use).
  const TrackPicture& tracker;
  const tracking::StepResult& step;
  core::Timestamp now;  ///< the tracker's time after the step
  const Geography& geography;
  /// Live tracks the step updated or changed the status of, by ascending ID; tentative
  /// tracks without an MMSI left out (they may be clutter; no rule reads them).
  std::span<const TrackView> changed;
  const SuspectRegistry& suspects;
};

/// What a rule found. The subject of a finding is (rule, the set of `tracks`, `tag`): findings
/// with the same subject belong to one alert for its whole life.
struct Finding {
  /// The tracks concerned, the primary first (the cue is about tracks[0]; the others become
  /// the alert's related tracks: the other vessel of a rendezvous, the twin on one MMSI).
  /// Empty only for a finding about a vessel no longer tracked (then `last_known` is set).
  std::vector<core::TrackId> tracks;
  /// Tells apart findings of one rule on the same tracks, e.g. "mmsi:366123456".
  std::string tag;
  Severity severity = Severity::Medium;
  double confidence = 0.5;  ///< [0, 1]; each rule documents how it computes it
  std::string reason;       ///< one sentence for the watch floor
  /// The values that triggered the finding (track IDs, times, distances), then the rule's
  /// parameters under keys "param.<name>".
  std::vector<std::pair<std::string, std::string>> evidence;
  /// The state to cue from when tracks[0] is no longer live (a vessel gone dark).
  std::optional<core::Track> last_known;
};

/// Where rules report. Implemented by the AlertManager.
class FindingSink {
 public:
  virtual ~FindingSink() = default;
  /// The situation holds now. Raising the same subject again is cheap and expected (the
  /// manager de-duplicates); it refreshes the finding the next UPDATED event carries.
  virtual void raise(Finding finding) = 0;
  /// The situation no longer holds: the subject's open alert (if any) closes with `reason`.
  virtual void clear(std::vector<core::TrackId> tracks, std::string tag, std::string reason) = 0;
};

/// One suspicion rule.
class Rule {
 public:
  virtual ~Rule() = default;
  /// The rule's name in alerts and configuration, e.g. "go_fast".
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// Called after every tracker step (also steps that only advance time), in time order.
  /// A rule must drop (or, for a merge, carry over) its state of the step's deleted tracks.
  virtual void onStep(const RuleContext& context, FindingSink& sink) = 0;
  /// What the rule will make of this geography, for the start-up log (an area it is
  /// restricted to that is missing, so it applies everywhere; no land mask, so a shore
  /// distance is not tested). Empty when the geography has everything the rule uses.
  [[nodiscard]] virtual std::vector<std::string> geographyNotes(
      const Geography& /*geography*/) const {
    return {};
  }
};

}  // namespace picket::cueing
