#pragma once
// Loitering: a surface track that stays nearly stopped for hours far from shore and ports.
// Defaults are Global Fishing Watch's loitering event: average speed under 2 kn for at least
// 4 h, at least 20 nm from shore (GFW, "Encounters and loitering" data caveats,
// globalfishingwatch.org/datasets-and-code). At sea, far from any anchorage, that is a vessel
// waiting for a meeting: the logistics ship of a go-fast refuelling, a mother ship.

#include <map>
#include <string>
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

 private:
  struct State {
    SustainedRun run;  ///< value: speed, knots
    bool raised = false;
  };

  [[nodiscard]] bool offshore(const Geography& geography, const core::GeoPoint& p) const;

  LoiteringConfig config_;
  std::map<core::TrackId, State> states_;
  GeoTestCache offshore_;
};

}  // namespace picket::cueing
