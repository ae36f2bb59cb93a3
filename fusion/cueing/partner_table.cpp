#include "cueing/partner_table.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <utility>

namespace picket::cueing {

const char* toString(Receives r) {
  switch (r) {
    case Receives::Cued: return "cued";
    case Receives::All: return "all";
    case Receives::None: return "none";
  }
  return "?";
}

namespace {

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool coastalApplies(const CoastalAuthority& a, const Jurisdiction& j) {
  if (j.type == ZoneType::HighSeas) return false;
  if (!a.zones.empty() && std::find(a.zones.begin(), a.zones.end(), j.type) == a.zones.end()) {
    return false;
  }
  if (contains(a.states, "*")) return true;
  return std::any_of(j.states.begin(), j.states.end(),
                     [&](const std::string& s) { return contains(a.states, s); }) ||
         std::any_of(j.territories.begin(), j.territories.end(),
                     [&](const std::string& t) { return contains(a.territories, t); });
}

std::string coastalBasis(const Jurisdiction& j) {
  if (j.joint_regime && j.states.size() > 1) return j.description + ": every party cued";
  if (j.overlapping_claim) return j.description + ": every claimant cued";
  return j.description;
}

}  // namespace

PartnerTable::PartnerTable(std::vector<Partner> partners) : partners_(std::move(partners)) {
  std::set<std::string> ids;
  for (const Partner& p : partners_) {
    if (p.id.empty()) throw std::invalid_argument("PartnerTable: a partner has no id");
    if (!ids.insert(p.id).second) {
      throw std::invalid_argument("PartnerTable: duplicate partner id '" + p.id + "'");
    }
    for (const CoastalAuthority& a : p.coastal) {
      if (a.states.empty() && a.territories.empty()) {
        throw std::invalid_argument("PartnerTable: partner '" + p.id +
                                    "': a coastal authority names no state or territory");
      }
      if (std::find(a.zones.begin(), a.zones.end(), ZoneType::HighSeas) != a.zones.end()) {
        throw std::invalid_argument("PartnerTable: partner '" + p.id +
                                    "': high_seas is not a coastal zone type");
      }
    }
    for (const PartnerArea& a : p.areas) {
      if (a.polygon.empty()) {
        throw std::invalid_argument("PartnerTable: partner '" + p.id + "': empty area polygon");
      }
    }
  }
}

namespace {

std::vector<Partner> withHighSeas(std::vector<Partner> partners, Partner high_seas) {
  if (!high_seas.id.empty()) {
    high_seas.high_seas = true;
    partners.push_back(std::move(high_seas));
  }
  return partners;
}

}  // namespace

PartnerTable::PartnerTable(std::vector<Partner> partners, Partner high_seas_partner)
    : PartnerTable(withHighSeas(std::move(partners), std::move(high_seas_partner))) {}

const Partner* PartnerTable::find(std::string_view id) const {
  for (const Partner& p : partners_) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

std::vector<PartnerCue> PartnerTable::partnersAt(const Jurisdiction& j, double lat_deg,
                                                 double lon_deg,
                                                 std::string_view flag_state) const {
  // Outside territorial seas a boarding needs the flag state's consent, unless the flag
  // state is the coastal state itself.
  const bool flag_matters = !flag_state.empty() && j.type != ZoneType::TerritorialSea &&
                            !contains(j.states, flag_state);
  const std::string flag_note =
      flag_matters ? "flag state " + std::string(flag_state) +
                         ": boarding needs flag-state consent (bilateral agreement)"
                   : std::string();

  std::vector<PartnerCue> out;
  for (const Partner& p : partners_) {
    std::vector<std::string> bases;
    for (const PartnerArea& a : p.areas) {
      if (a.polygon.contains(lat_deg, lon_deg)) {
        bases.push_back(a.basis);
        break;
      }
    }
    if (std::any_of(p.coastal.begin(), p.coastal.end(),
                    [&](const CoastalAuthority& a) { return coastalApplies(a, j); })) {
      bases.push_back(coastalBasis(j));
    }
    if (p.high_seas && j.type == ZoneType::HighSeas) bases.emplace_back("high seas");
    if (flag_matters && contains(p.flag_states, flag_state)) {
      bases.push_back(flag_note);
    } else if (!bases.empty() && flag_matters) {
      bases.back() += "; " + flag_note;
    }
    if (bases.empty()) continue;
    std::string basis;
    for (const auto& b : bases) basis += (basis.empty() ? "" : "; ") + b;
    out.push_back({p.id, p.name, std::move(basis)});
  }
  if (out.empty()) {
    for (const Partner& p : partners_) {
      if (!p.fallback) continue;
      std::string basis = j.description + ": no other partner has authority";
      if (flag_matters) basis += "; " + flag_note;
      out.push_back({p.id, p.name, std::move(basis)});
    }
  }
  return out;
}

std::vector<PartnerCue> PartnerTable::partnersAt(double lat_deg, double lon_deg) const {
  return partnersAt(Jurisdiction{}, lat_deg, lon_deg);
}

bool PartnerTable::releasable(const Partner& partner, std::string_view rule, Severity severity,
                              const std::vector<std::string>& cued) {
  if (partner.receives == Receives::None) return false;
  if (partner.receives == Receives::Cued && !contains(cued, partner.id)) return false;
  if (severity < partner.min_severity) return false;
  return partner.rules.empty() || contains(partner.rules, rule);
}

}  // namespace picket::cueing
