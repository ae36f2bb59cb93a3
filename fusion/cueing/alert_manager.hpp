#pragma once
// Alert lifecycle: opens, updates and closes alerts from the tracker's step results.
// Threading: owned by the thread that owns the tracker.

#include <map>
#include <string>
#include <vector>

#include "cueing/alert.hpp"
#include "cueing/dark_target_rule.hpp"
#include "cueing/partner_table.hpp"
#include "cueing/rule.hpp"
#include "tracking/tracker.hpp"

namespace picket::cueing {

struct CueingConfig {
  /// Prefix of every alert ID, unique per fusiond instance.
  std::string alert_id_prefix = "picket";
  /// Look-ahead times of the predicted positions in each cue (the interdiction window).
  std::vector<core::Duration> look_ahead = {core::Duration::fromSeconds(1800),
                                            core::Duration::fromSeconds(3600),
                                            core::Duration::fromSeconds(7200)};
  /// Acceleration densities for the look-ahead predictions. Smaller than the tracker's: over
  /// tens of minutes a vessel's course and speed wander slowly, and the tracker's noise (sized
  /// for a go-fast's turns between two scans) would give ellipses tens of km wide at +30 min.
  /// With 0.001 m^2/s^3 the position 1-sigma grows by about 1.4 km at 30 min, 11 km at 2 h.
  models::CvNoise prediction_noise{0.001, 1e-6};
  /// An open alert is re-issued (state Updated) with a fresh cue at most this often.
  core::Duration update_interval = core::Duration::fromSeconds(300);
  DarkTargetConfig dark_target;
  bool operator==(const CueingConfig&) const = default;
};

class AlertManager {
 public:
  AlertManager(CueingConfig config, PartnerTable partners, Geography geography = {});

  /// Evaluates the rules after one tracker step; returns the alert events it caused, in a
  /// deterministic order (by track ID, then event).
  std::vector<AlertEvent> onStep(const tracking::Tracker& tracker,
                                 const tracking::StepResult& step);

  [[nodiscard]] std::size_t openAlerts() const { return open_.size(); }

 private:
  struct Open {
    std::string id;
    core::Timestamp opened;
    core::Timestamp last_event;
  };

  AlertEvent makeEvent(const tracking::Tracker& tracker, const core::Track& track,
                       const Open& open, AlertState state, std::string reason) const;

  CueingConfig config_;
  PartnerTable partners_;
  Geography geography_;
  std::map<core::TrackId, Open> open_;  ///< open dark-target alerts by track
};

}  // namespace picket::cueing
