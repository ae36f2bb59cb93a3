#pragma once
// Who has the authority to act where: a table of partners and their areas.

#include <string>
#include <vector>

#include "cueing/alert.hpp"
#include "geo/polygon.hpp"

namespace picket::cueing {

/// An area in which a partner has authority, e.g. a territorial sea.
struct PartnerArea {
  std::string basis;  ///< why, for the cue: "territorial sea of Aruba (NLD)"
  geo::GeoPolygon polygon;
};

struct Partner {
  std::string id;
  std::string name;
  std::vector<PartnerArea> areas;  ///< empty for the default (high-seas) partner
};

/// Partners in priority order. A position inside a partner's areas cues that partner; a
/// position in no area cues the default partner (the high-seas authority).
class PartnerTable {
 public:
  PartnerTable() = default;
  PartnerTable(std::vector<Partner> partners, Partner default_partner);

  /// Every partner with authority at the point (all whose areas contain it; overlapping
  /// claims name every claimant), or the default partner when none does.
  [[nodiscard]] std::vector<PartnerCue> partnersAt(double lat_deg, double lon_deg) const;

 private:
  std::vector<Partner> partners_;
  Partner default_partner_;
};

}  // namespace picket::cueing
