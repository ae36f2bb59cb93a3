#include "cueing/cue.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace picket::cueing {

namespace {

/// "+30 min" for a prediction `dt_s` after the event.
std::string lookAheadLabel(double dt_s) {
  std::string label = "+";
  label += std::to_string(std::lround(dt_s / 60.0));
  label += " min";
  return label;
}

/// One partner's reasons across the cue's positions, in first-seen order.
struct PartnerBasis {
  PartnerCue cue;
  std::vector<std::pair<std::string, std::vector<std::size_t>>> reasons;  ///< basis, positions
};

}  // namespace

void completeCue(AlertEvent& event, const Geography& geography, const PartnerTable& partners) {
  const ZoneMap no_zones;  // empty: the high seas everywhere
  const ZoneMap& zones = geography.zones ? *geography.zones : no_zones;

  std::vector<std::pair<core::Timestamp, core::GeoPoint>> positions;
  positions.emplace_back(event.time, event.track_position);
  for (const auto& p : event.predicted) positions.emplace_back(p.time, p.position);

  event.jurisdiction.clear();
  std::vector<PartnerBasis> found;
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const auto& [t, p] = positions[i];
    JurisdictionCue jc{t, p, zones.at(p.lat_deg, p.lon_deg)};
    for (auto& cue : partners.partnersAt(jc.jurisdiction, p.lat_deg, p.lon_deg, event.flag_state)) {
      auto it = std::find_if(found.begin(), found.end(), [&](const PartnerBasis& b) {
        return b.cue.partner_id == cue.partner_id;
      });
      if (it == found.end()) {
        found.push_back({cue, {}});
        it = std::prev(found.end());
      }
      auto r = std::find_if(it->reasons.begin(), it->reasons.end(),
                            [&](const auto& reason) { return reason.first == cue.basis; });
      if (r == it->reasons.end()) {
        it->reasons.emplace_back(cue.basis, std::vector<std::size_t>{i});
      } else {
        r->second.push_back(i);
      }
    }
    event.jurisdiction.push_back(std::move(jc));
  }

  event.partners.clear();
  std::vector<std::string> cued;
  for (auto& b : found) {
    std::string basis;
    for (const auto& [reason, at] : b.reasons) {
      if (!basis.empty()) basis += "; ";
      basis += reason;
      if (at.front() == 0) continue;  // holds now: no label
      basis += " (at ";
      for (std::size_t k = 0; k < at.size(); ++k) {
        if (k > 0) basis += ", ";
        basis += lookAheadLabel((positions[at[k]].first - event.time).seconds());
      }
      basis += ")";
    }
    b.cue.basis = std::move(basis);
    cued.push_back(b.cue.partner_id);
    event.partners.push_back(std::move(b.cue));
  }

  event.releasable_to.clear();
  for (const Partner& p : partners.partners()) {
    if (PartnerTable::releasable(p, event.rule, event.severity, cued)) {
      event.releasable_to.push_back(p.id);
    }
  }
}

}  // namespace picket::cueing
