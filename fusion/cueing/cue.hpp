#pragma once
// The last part of a cue: who has authority at the target's current and predicted positions,
// and who may receive the alert.

#include "cueing/alert.hpp"
#include "cueing/partner_table.hpp"
#include "cueing/rule.hpp"

namespace picket::cueing {

/// Fills event.jurisdiction (at event.track_position, then at each event.predicted position),
/// event.partners and event.releasable_to. Needs event.time, rule, severity, track_position,
/// predicted and flag_state set.
///
/// Partners: every partner with authority at one of the positions (PartnerTable::partnersAt),
/// each named once, in the order first found (current position first, then by look-ahead).
/// Its basis lists each distinct reason once, joined by "; "; a reason that does not hold at
/// the current position says where it does: "territorial sea of COL (at +30 min, +60 min)".
///
/// Releasability: event.releasable_to is the ids, in table order, of the partners
/// PartnerTable::releasable allows: the cued ones and the receive-all ones, less those whose
/// `receives: none`, minimum severity or rule list exclude the event. A cued partner that may
/// not receive the event is still named in event.partners (the watch floor coordinates).
/// This is per event: the AlertManager decides whether a partner that received an alert's
/// earlier events also gets its CLOSED event.
void completeCue(AlertEvent& event, const Geography& geography, const PartnerTable& partners);

}  // namespace picket::cueing
