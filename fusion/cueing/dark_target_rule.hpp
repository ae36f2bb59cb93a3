#pragma once
// Dark target: a confirmed surface track built from non-cooperative detections (radar,
// EO/IR) that no AIS report correlates with. The most basic cue of counter-trafficking
// surveillance: vessels with nothing to hide usually transmit AIS.

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "core/track.hpp"
#include "cueing/alert.hpp"
#include "cueing/rule.hpp"

namespace picket::cueing {

struct DarkTargetConfig {
  bool enabled = true;
  /// Non-cooperative updates the track must have (evidence it is a real target; the
  /// tracker's M-of-N confirmation over scan opportunities comes first).
  int min_noncooperative_updates = 6;
  /// Age the track must reach without any AIS correlation (time for AIS to have been heard:
  /// class A reports every 2-10 s underway, class B every 30 s; ITU-R M.1371-5 table 1).
  core::Duration min_track_age = core::Duration::fromSeconds(180);
  Severity severity = Severity::Medium;
  bool operator==(const DarkTargetConfig&) const = default;
};

/// Whether the rule holds for a track at `now`.
bool isDarkTarget(const core::Track& track, core::Timestamp now, const DarkTargetConfig& config);

/// Confidence that the track is a real, uncooperative target: grows with independent
/// non-cooperative evidence (updates, and more so distinct sensors). A heuristic in [0, 0.99],
/// documented in cueing/README.md.
double darkTargetConfidence(const core::Track& track);

/// The rule: raises subject {track} while isDarkTarget holds on an updated track; clears it
/// when the track correlates with AIS (gains an MMSI), also through a merge into an
/// identified track.
class DarkTargetRule final : public Rule {
 public:
  explicit DarkTargetRule(DarkTargetConfig config) : config_(std::move(config)) {}
  [[nodiscard]] std::string_view name() const override { return "dark_target"; }
  void onStep(const RuleContext& context, FindingSink& sink) override;

  /// Tracks the rule has raised and not cleared (for tests and memory reports).
  [[nodiscard]] std::size_t raisedTracks() const { return raised_.size(); }

 private:
  void evaluate(const RuleContext& context, const core::Track& track, FindingSink& sink,
                const std::string& merge_note);

  DarkTargetConfig config_;
  std::set<core::TrackId> raised_;
};

}  // namespace picket::cueing
