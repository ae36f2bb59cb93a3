#pragma once
// The last part of a cue: who has authority at the target's current and predicted positions,
// and who may receive the alert.

#include "cueing/alert.hpp"
#include "cueing/partner_table.hpp"
#include "cueing/rule.hpp"

namespace picket::cueing {

/// Fills event.jurisdiction (at event.track_position, then at each event.predicted position),
/// event.partners (each partner named once, in the order first found) and
/// event.releasable_to from the event's positions, its flag_state and the partner table.
/// Needs event.track_position, event.predicted and event.flag_state set.
void completeCue(AlertEvent& event, const Geography& geography, const PartnerTable& partners);

}  // namespace picket::cueing
