#include "cueing/cue.hpp"

#include <set>
#include <utility>

namespace picket::cueing {

void completeCue(AlertEvent& event, const Geography& geography, const PartnerTable& partners) {
  const auto jurisdiction_at = [&](core::Timestamp t, const core::GeoPoint& p) {
    JurisdictionCue cue{t, p, {}};
    cue.jurisdiction = geography.zones ? geography.zones->at(p.lat_deg, p.lon_deg)
                                       : ZoneMap().at(p.lat_deg, p.lon_deg);
    return cue;
  };
  event.jurisdiction.clear();
  event.jurisdiction.push_back(jurisdiction_at(event.time, event.track_position));
  for (const auto& p : event.predicted) event.jurisdiction.push_back(jurisdiction_at(p.time, p.position));

  std::set<std::string> seen;
  event.partners.clear();
  const auto add_partners = [&](const core::GeoPoint& p) {
    for (auto& cue : partners.partnersAt(p.lat_deg, p.lon_deg)) {
      if (seen.insert(cue.partner_id).second) event.partners.push_back(std::move(cue));
    }
  };
  add_partners(event.track_position);
  for (const auto& p : event.predicted) add_partners(p.position);

  event.releasable_to.clear();
  for (const auto& p : event.partners) event.releasable_to.push_back(p.partner_id);
}

}  // namespace picket::cueing
