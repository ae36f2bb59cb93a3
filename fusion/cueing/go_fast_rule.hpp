#pragma once
// Go-fast: a dark or unidentified surface track running at sustained high speed through the
// transit zone. Go-fast boats (open-hull outboard craft, 30-50 kn, no AIS) carry most of the
// cocaine moved by sea through the Caribbean and the eastern Pacific (UNODC World Drug
// Report 2023, booklet 2; JIATF-South public fact sheets): few legitimate vessels run at
// 25 kn or more for ten minutes without transmitting AIS.

#include <map>
#include <string>
#include <utility>

#include "core/time.hpp"
#include "cueing/alert.hpp"
#include "cueing/rule.hpp"
#include "cueing/rule_support.hpp"

namespace picket::cueing {

struct GoFastConfig {
  bool enabled = true;
  /// Speed over ground the track must keep, knots (the filtered speed; the run's mean too).
  double min_speed_kn = 25.0;
  /// How long the speed must be sustained.
  core::Duration min_duration = core::Duration::fromSeconds(600);
  /// Longest stretch without a fast update that does not break the run (a noisy update, a
  /// missed scan, a wave-induced slowdown).
  core::Duration max_gap = core::Duration::fromSeconds(60);
  /// Updates whose speed 1-sigma exceeds this (a young track, a long coast) are not used:
  /// their speed says little either way. Knots.
  double max_speed_sigma_kn = 5.0;
  /// A track counts as dark or unidentified when no AIS report has updated it for this long.
  core::Duration max_ais_silence = core::Duration::fromSeconds(600);
  /// The NamedArea the run must be in; empty, or absent from the geography: anywhere.
  std::string area = "transit_zone";
  Severity severity = Severity::High;
  bool operator==(const GoFastConfig&) const = default;
};

/// Confidence of a go-fast finding: P(true mean speed >= min) from the run's mean speed and
/// the speed sigma, times (0.5 + 0.5 (1 - exp(-run / min_duration))), times 0.8 when one
/// non-cooperative sensor only; capped at 0.99 (cueing/README.md).
double goFastConfidence(double mean_speed_kn, double speed_sigma_kn, core::Duration run,
                        std::size_t noncooperative_sensors, const GoFastConfig& config);

class GoFastRule final : public Rule {
 public:
  explicit GoFastRule(GoFastConfig config) : config_(std::move(config)) {}
  [[nodiscard]] std::string_view name() const override { return "go_fast"; }
  void onStep(const RuleContext& context, FindingSink& sink) override;
  [[nodiscard]] std::vector<std::string> geographyNotes(const Geography& geography) const override;

  /// Tracks with rule state (bounded by the live dark surface tracks that ran fast).
  [[nodiscard]] std::size_t trackedStates() const { return states_.size(); }

 private:
  struct State {
    SustainedRun run;  ///< of speed >= min_speed_kn inside the area; value: speed, knots
    bool raised = false;
  };

  void evaluate(const RuleContext& context, const TrackView& view, const AreaFilter& area,
                FindingSink& sink);

  GoFastConfig config_;
  std::map<core::TrackId, State> states_;
};

}  // namespace picket::cueing
