#pragma once
// The common part of the two-vessel rules (rendezvous, small-craft meeting): which tracks are
// candidates, how long a pair must stay together, and the finding about it. Each rule says
// which pairs concern it and how severe they are.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "cueing/alert.hpp"
#include "cueing/pair_proximity.hpp"
#include "cueing/rule.hpp"
#include "cueing/rule_support.hpp"

namespace picket::cueing {

/// Thresholds every pair rule has (each rule's config holds its own copy and defaults).
struct PairThresholds {
  double max_distance_m = 500.0;    ///< the two tracks at most this far apart
  core::Duration min_duration;      ///< for at least this long
  double max_speed_kn = 2.0;        ///< each under this speed (filtered)
  double min_port_distance_m = 0;   ///< each at least this far from the nearest port
  double min_shore_distance_m = 0;  ///< each at least this far from the coast (0: not tested)
  core::Duration max_gap;           ///< longest break in "together" that does not end the pair
  double max_speed_sigma_kn = 2.0;  ///< updates with a less certain speed are not used
  core::Duration max_ais_silence;   ///< dark: no AIS report for this long
  /// Observations of the run that showed two vessels, not one vessel tracked twice
  /// (twoVesselEvidence), needed before the pair is judged; 0: not tested.
  int min_two_vessel_observations = 3;
  /// Two returns of one non-cooperative sensor at most this far apart in time are one scan's.
  core::Duration co_detection_window = core::Duration::fromSeconds(2);
  bool operator==(const PairThresholds&) const = default;
};

/// The latest evidence at `now` that tracks `a` and `b` are two vessels, not one vessel with
/// two tracks (a radar track beside the vessel's AIS track, a held satellite-AIS track
/// dead-reckoned beside the radar track of the same ship, two tracks on one MMSI): the time of
/// a scan in which one non-cooperative sensor updated both (two returns; the sensor's last
/// updates of the two tracks at most `co_detection_window` apart), or of the older of two
/// reports from two transponders (different MMSIs, both heard within `max_ais_silence`).
/// nullopt when there is none, and always when both tracks carry the same MMSI.
std::optional<core::Timestamp> twoVesselEvidence(const core::Track& a, const core::Track& b,
                                                 const std::vector<tracking::SensorInfo>& sensors,
                                                 core::Timestamp now, const PairThresholds& t);

/// One side of a pair as the rules judge it.
struct PairSide {
  const core::Track* track = nullptr;
  bool dark = false;
};

/// Confidence of a pair finding: (1 - exp(-2 run / min_duration)) x (1 - 0.5 mean distance /
/// max distance), capped at 0.95: longer and closer is surer (cueing/README.md).
double pairConfidence(core::Duration run, double mean_distance_m, const PairThresholds& t);

class PairRule : public Rule {
 public:
  void onStep(const RuleContext& context, FindingSink& sink) final;
  [[nodiscard]] std::vector<std::string> geographyNotes(const Geography& geography) const override;
  [[nodiscard]] std::size_t candidates() const { return pairs_.candidates(); }
  [[nodiscard]] std::size_t pairs() const { return pairs_.pairs(); }

 protected:
  explicit PairRule(const PairThresholds& thresholds);

  /// The severity of a pair that has stayed together long enough (for `together`), or nullopt
  /// when the pair is not this rule's business (e.g. two AIS merchant ships for the
  /// small-craft meeting).
  [[nodiscard]] virtual std::optional<Severity> judge(const PairSide& a, const PairSide& b,
                                                      core::Duration together,
                                                      const RuleContext& context) const = 0;
  /// One sentence naming what was seen ("Rendezvous", "Small-craft meeting").
  [[nodiscard]] virtual std::string what() const = 0;
  /// The rule's own parameters beyond the thresholds, as "param.<name>" evidence.
  [[nodiscard]] virtual std::vector<std::pair<std::string, std::string>> extraParams() const {
    return {};
  }

 private:
  [[nodiscard]] bool awayFromPortAndShore(const Geography& geography,
                                          const core::GeoPoint& p) const;

  PairThresholds t_;
  ProximityPairs pairs_;
  GeoTestCache away_;
};

}  // namespace picket::cueing
