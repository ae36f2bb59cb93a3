#include "cueing/partner_table.hpp"

#include <utility>

namespace picket::cueing {

PartnerTable::PartnerTable(std::vector<Partner> partners, Partner default_partner)
    : partners_(std::move(partners)), default_partner_(std::move(default_partner)) {}

std::vector<PartnerCue> PartnerTable::partnersAt(double lat_deg, double lon_deg) const {
  std::vector<PartnerCue> out;
  for (const Partner& p : partners_) {
    for (const PartnerArea& a : p.areas) {
      if (a.polygon.contains(lat_deg, lon_deg)) {
        out.push_back({p.id, p.name, a.basis});
        break;
      }
    }
  }
  if (out.empty() && !default_partner_.id.empty()) {
    out.push_back({default_partner_.id, default_partner_.name, "high seas"});
  }
  return out;
}

}  // namespace picket::cueing
