#pragma once
// Loitering: a surface track that stays nearly stopped for hours far from shore and ports.
// Defaults are Global Fishing Watch's loitering event: average speed under 2 kn for at least
// 4 h, at least 20 nm from shore (GFW, "Encounters and loitering" data caveats,
// globalfishingwatch.org/datasets-and-code). At sea, far from any anchorage, that is a vessel
// waiting for a meeting: the logistics ship of a go-fast refuelling, a mother ship.

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/time.hpp"
#include "cueing/alert.hpp"
#include "cueing/rule.hpp"
#include "cueing/rule_support.hpp"

namespace picket::cueing {

struct LoiteringConfig {
  bool enabled = true;
  /// Speed the track must stay under (filtered speed; the run's mean too), knots.
  double max_speed_kn = 2.0;
  /// How long.
  core::Duration min_duration = core::Duration::fromSeconds(4 * 3600.0);
  /// Distance from the coast (Geography::land) the track must keep, nautical miles.
  double min_shore_distance_nm = 20.0;
  /// Distance from the nearest port (Geography::ports) the track must keep, nautical miles:
  /// anchorages off ports, and the only guard when no land mask is configured.
  double min_port_distance_nm = 20.0;
  /// Longest stretch without a slow, offshore update that does not break the run (a drift
  /// above 2 kn in a current, AIS at anchor reporting only every 3 min, a radar outage).
  core::Duration max_gap = core::Duration::fromSeconds(1800);
  /// Updates whose speed 1-sigma exceeds this are not used, knots.
  double max_speed_sigma_kn = 2.0;
  /// Sightings across track breaks: a vessel far offshore without AIS is seen only while a
  /// patrol aircraft is overhead (tens of minutes, every hour or two), each pass a new track.
  /// A slow, offshore track within `sighting_gate_m` of where a *stop* was first seen, whose
  /// latest sighting by another (no longer updated) track is at most `max_sighting_gap` old,
  /// continues that stop: one vessel holding station. A stop seen by two or more tracks for
  /// `min_duration`, with a mean speed from its first to its latest position under
  /// `max_speed_kn`, is loitering. max_sighting_gap 0: tracks are judged alone.
  core::Duration max_sighting_gap = core::Duration::fromSeconds(3 * 3600.0);
  double sighting_gate_m = 1'000.0;
  /// A track is a sighting of a stop once its own run has lasted this long with a mean
  /// speed made good (displacement from the run's first holding update, over the time) under
  /// `max_speed_kn`: a young track's velocity is noise (a stopped vessel reads 1-8 kn on a
  /// patrol aircraft's radar), and a trawler under way at 3 kn has the odd slow update.
  core::Duration min_sighting = core::Duration::fromSeconds(600);
  /// Dark (for the severity): no AIS report for this long.
  core::Duration max_ais_silence = core::Duration::fromSeconds(600);
  Severity severity = Severity::Low;
  /// Severity when the loitering track is dark.
  Severity severity_dark = Severity::Medium;
  bool operator==(const LoiteringConfig&) const = default;
};

/// Confidence of a loitering finding: P(true mean speed < max) from the mean and the speed
/// sigma, times (0.6 + 0.4 (1 - exp(-(run - min) / min))); capped at 0.95 (cueing/README.md).
double loiteringConfidence(double mean_speed_kn, double speed_sigma_kn, core::Duration run,
                           const LoiteringConfig& config);

class LoiteringRule final : public Rule {
 public:
  explicit LoiteringRule(LoiteringConfig config) : config_(std::move(config)) {}
  [[nodiscard]] std::string_view name() const override { return "loitering"; }
  void onStep(const RuleContext& context, FindingSink& sink) override;
  [[nodiscard]] std::vector<std::string> geographyNotes(const Geography& geography) const override;
  [[nodiscard]] std::size_t trackedStates() const { return states_.size(); }
  [[nodiscard]] std::size_t stops() const { return stops_.size(); }

 private:
  struct State {
    SustainedRun run;  ///< value: speed, knots
    bool raised = false;
    core::Vec3 start_ecef = core::Vec3::Zero();  ///< where the run started
  };
  /// Where one vessel has been seen stopped, possibly by several tracks in turn.
  struct Stop {
    core::Vec3 first_ecef = core::Vec3::Zero();
    core::Vec3 last_ecef = core::Vec3::Zero();
    core::Timestamp first;
    core::Timestamp last;
    core::TrackId track = 0;   ///< the track that saw it last
    std::uint32_t tracks = 1;  ///< tracks that have seen it
  };

  [[nodiscard]] bool offshore(const Geography& geography, const core::GeoPoint& p) const;
  /// Records a slow, offshore update of `track` in its stop (found or started); returns it.
  Stop& sighted(const RuleContext& context, const core::Track& track, core::Timestamp seen_since);
  void raise(const RuleContext& context, const TrackView& view, core::Duration duration,
             double mean_speed_kn, const Stop* stop, FindingSink& sink) const;

  LoiteringConfig config_;
  std::map<core::TrackId, State> states_;
  GeoTestCache offshore_;
  std::map<std::uint64_t, Stop> stops_;
  std::unordered_map<core::TrackId, std::uint64_t> stop_of_;
  std::uint64_t next_stop_ = 1;
  core::Timestamp next_prune_;
};

}  // namespace picket::cueing
