#pragma once
// Low-profile vessel (semi-submersible): a dark surface track at low speed that radar sees
// only now and then. LPVs ride with a few tens of centimetres of freeboard, so sea clutter
// hides them on most scans; they run at 5-8 kn for days along the eastern Pacific corridor
// from Colombia and Ecuador towards Central America and Mexico (UNODC World Drug Report 2023;
// JIATF-South public descriptions of self-propelled semi-submersibles).

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "cueing/alert.hpp"
#include "cueing/rule.hpp"
#include "cueing/rule_support.hpp"

namespace picket::cueing {

struct LowProfileVesselConfig {
  bool enabled = true;
  /// Speed band of the filtered speed, knots.
  double min_speed_kn = 3.0;
  double max_speed_kn = 10.0;
  /// Detection band: the share of the track's recent non-cooperative scan opportunities
  /// (Track::hit_history) with a detection. A normal hull near the radar is seen on nearly
  /// every scan; clutter-like targets are seen rarely.
  double min_detection_fraction = 0.2;
  double max_detection_fraction = 0.8;
  /// Opportunities needed before the fraction means anything (<= 32, the history's length).
  int min_opportunities = 12;
  /// How long the pattern must hold.
  core::Duration min_duration = core::Duration::fromSeconds(1200);
  /// Longest stretch without an update matching the pattern that does not break the run;
  /// long, because the target is detected intermittently by definition.
  core::Duration max_gap = core::Duration::fromSeconds(600);
  /// Updates whose speed 1-sigma exceeds this are not used, knots.
  double max_speed_sigma_kn = 3.0;
  /// Dark: no AIS report for this long.
  core::Duration max_ais_silence = core::Duration::fromSeconds(600);
  /// The NamedArea the track must be in; empty, or absent from the geography: anywhere.
  std::string area = "eastern_pacific_corridor";
  /// The track must be at least this far from the coast (needs a land mask; 0: not tested).
  /// Semi-submersibles cross hundreds of nautical miles of open ocean; the coastal belt is
  /// where artisanal boats, seen intermittently at low speed, work.
  double min_shore_distance_nm = 50.0;
  /// Intermittent detection across tracks: a patrol aircraft's racetrack passes over a
  /// semi-submersible for 10-15 min every 30-60 min, and each pass makes a new track (the one
  /// before is deleted between passes; on transit-zone-24h two of five runs were seen only
  /// this way and no single track lasted min_duration). When a track whose run held is
  /// deleted (not merged), its run is remembered for link_max_gap; a new dark track whose run
  /// starts within link_gate_m + link_drift_fraction x the distance sailed of where the old
  /// one would be by dead reckoning continues that run (the pattern's duration counts from
  /// the first track's start). link_max_gap = 0 disables linking.
  core::Duration link_max_gap = core::Duration::fromSeconds(3600);
  double link_gate_m = 3'000.0;
  double link_drift_fraction = 0.5;
  Severity severity = Severity::High;
  bool operator==(const LowProfileVesselConfig&) const = default;
};

/// Detection fraction over the track's meaningful opportunities (0 when it has none).
double detectionFraction(const core::Track& track);

/// Confidence of an LPV finding: kinematics and detection statistics alone make a weak case,
/// so it starts at 0.5 at the minimum duration and grows towards 0.9 with the run's length
/// beyond it and with the number of opportunities behind the fraction (cueing/README.md).
double lowProfileVesselConfidence(core::Duration run, int opportunities,
                                  const LowProfileVesselConfig& config);

class LowProfileVesselRule final : public Rule {
 public:
  explicit LowProfileVesselRule(LowProfileVesselConfig config) : config_(std::move(config)) {}
  [[nodiscard]] std::string_view name() const override { return "low_profile_vessel"; }
  void onStep(const RuleContext& context, FindingSink& sink) override;
  [[nodiscard]] std::vector<std::string> geographyNotes(const Geography& geography) const override;
  [[nodiscard]] std::size_t trackedStates() const { return states_.size(); }

 private:
  struct State {
    SustainedRun run;  ///< value: detection fraction
    bool raised = false;
    /// Start of the run this track continues (link_*), and the track it continues.
    std::optional<core::Timestamp> linked_start;
    core::TrackId linked_from = 0;
    /// The pattern's duration: from the linked start, else the run's.
    [[nodiscard]] core::Duration length() const {
      return run.lastHeld() - linked_start.value_or(run.start());
    }
  };
  /// A deleted track's run, waiting for the track of the next detection pass.
  struct EndedRun {
    core::TrackId track = 0;
    core::Timestamp last_held;
    core::Timestamp start;         ///< the run's start (or its own linked start)
    core::Timestamp state_time;    ///< time of x
    core::Vec6 x = core::Vec6::Zero();  ///< ECEF position and velocity of the deleted track
  };
  /// Remembers the runs of the step's deleted (not merged) tracks; forgets old ones.
  void rememberEndedRuns(const RuleContext& context);
  /// Links a track whose run just started to an ended run it continues, if any.
  void linkToEndedRun(State& state, const core::Track& track, core::Timestamp now);

  void evaluate(const RuleContext& context, const TrackView& view, const AreaFilter& area,
                FindingSink& sink);

  LowProfileVesselConfig config_;
  std::map<core::TrackId, State> states_;
  std::vector<EndedRun> ended_;  ///< ascending last_held; at most link_max_gap old
  GeoTestCache offshore_{1'000.0};
};

}  // namespace picket::cueing
