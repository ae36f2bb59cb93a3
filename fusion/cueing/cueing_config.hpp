#pragma once
// The cueing stage's configuration: the alert lifecycle's settings and one block per rule.
// Every key is documented in config/fusiond.example.yaml (cueing:).

#include <string>
#include <vector>

#include "core/time.hpp"
#include "cueing/dark_target_rule.hpp"
#include "cueing/go_fast_rule.hpp"
#include "cueing/loitering_rule.hpp"
#include "cueing/low_profile_vessel_rule.hpp"
#include "cueing/rendezvous_rule.hpp"
#include "cueing/small_craft_meeting_rule.hpp"
#include "cueing/identity_rules.hpp"
#include "models/motion_models.hpp"

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
  /// An open alert whose rule has not raised it while its primary track kept being updated
  /// for this long closes ("no longer observed"); 0 = only the rule or track loss closes it.
  /// Measured in the track's own updates, so a track that goes unseen (coasting) keeps its
  /// alert until the tracker drops it.
  core::Duration close_after = core::Duration::fromSeconds(1800);

  DarkTargetConfig dark_target;
  GoFastConfig go_fast;
  LowProfileVesselConfig low_profile_vessel;
  RendezvousConfig rendezvous;
  SmallCraftMeetingConfig small_craft_meeting;
  LoiteringConfig loitering;
  /// AIS gap, spoofing and identity, suspect aircraft, zone entry (cueing/identity_rules.hpp).
  IdentityRulesConfig identity;

  bool operator==(const CueingConfig&) const = default;
};

}  // namespace picket::cueing
