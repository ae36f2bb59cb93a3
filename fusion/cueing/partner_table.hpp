#pragma once
// Who has the authority to act where, and who may receive what: the partner table.
//
// A partner (a coast guard, a navy, a law-enforcement detachment, the task force's own watch
// floor) holds authorities. Each authority says where the partner may act:
//   * coastal: in the zones of given types claimed by given states or territories ("the
//     Colombian Navy in COL's territorial sea, contiguous zone and EEZ");
//   * high seas: wherever no state has a zone (a US Coast Guard LEDET embarked on a patrol
//     ship);
//   * flag state: over vessels flying a given flag, outside every territorial sea (the flag
//     state's consent to a boarding, 1988 Vienna Convention art. 17, bilateral agreements);
//   * area: inside an explicit polygon (a special arrangement);
//   * fallback: wherever no other partner has authority (the watch floor coordinates).
// A partner is cued at a position when one of its authorities applies there. Where several
// states claim a zone (an overlapping claim, a joint regime, polygons that overlap) every
// claimant's partners are cued.
//
// Releasability: each partner receives either the events it is cued in (`cued`, the default),
// every event (`all`: the watch floor), or none (`none`: named in cues, contacted by other
// means), further limited by a minimum severity and an optional list of rules.
//
// Pure data and logic: the configuration is read by io/config_partners.cpp.
// Thread safety: immutable after construction; any number of threads may query one table.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cueing/alert.hpp"
#include "cueing/jurisdiction.hpp"
#include "geo/polygon.hpp"

namespace picket::cueing {

/// An explicit area in which a partner has authority (a special arrangement).
struct PartnerArea {
  std::string basis;  ///< why, for the cue: "ship-rider agreement area"
  geo::GeoPolygon polygon;
  bool operator==(const PartnerArea&) const = default;
};

/// Authority in the zones of given types of given states or territories.
struct CoastalAuthority {
  /// Sovereigns (ISO_SOV, alpha-3) whose zones count; "*" matches every state.
  std::vector<std::string> states;
  /// Territories (ISO_TER, alpha-3) whose zones count, e.g. ABW, CUW, BES for a coast guard
  /// of some of a sovereign's territories. A zone matches when its sovereign is in `states`
  /// or one of its territories is in `territories`.
  std::vector<std::string> territories;
  /// Zone types in which the authority holds (never HighSeas). Empty: every zone type.
  std::vector<ZoneType> zones;
  bool operator==(const CoastalAuthority&) const = default;
};

/// Which events a partner receives.
enum class Receives : std::uint8_t {
  Cued,  ///< the events that cue it (default)
  All,   ///< every event (the task force's watch floor)
  None,  ///< none: named in cues for coordination, never sent an alert
};

const char* toString(Receives r);

struct Partner {
  std::string id;    ///< stable, used in alert topics: alert/<id>/<severity>
  std::string name;  ///< the organisation's public name
  std::vector<PartnerArea> areas;
  std::vector<CoastalAuthority> coastal;
  bool high_seas = false;
  /// Flag states (alpha-3) over whose vessels the partner speaks outside territorial seas.
  std::vector<std::string> flag_states;
  bool fallback = false;
  Receives receives = Receives::Cued;
  Severity min_severity = Severity::Info;  ///< events below it are not released to it
  std::vector<std::string> rules;         ///< rules released to it; empty: every rule

  Partner() = default;
  /// A partner with explicit areas only (the form of the first partner table).
  Partner(std::string partner_id, std::string partner_name, std::vector<PartnerArea> partner_areas = {})
      : id(std::move(partner_id)), name(std::move(partner_name)), areas(std::move(partner_areas)) {}
  bool operator==(const Partner&) const = default;
};

/// Partners in priority order (the order cues name them in).
class PartnerTable {
 public:
  PartnerTable() = default;
  /// Throws std::invalid_argument for an empty or duplicate id, a coastal authority without
  /// states or territories or with HighSeas among its zones, or an empty area polygon.
  explicit PartnerTable(std::vector<Partner> partners);
  /// The form of the first partner table: `partners` plus a high-seas partner (ignored when
  /// its id is empty). The high-seas partner is appended with high_seas = true.
  PartnerTable(std::vector<Partner> partners, Partner high_seas_partner);

  /// Every partner with authority at a position of jurisdiction `j`, in table order, with the
  /// basis: "territorial sea of COL", "EEZ claimed by COL and JAM (overlapping claim): every
  /// claimant cued", "high seas". A known `flag_state` (alpha-3, "" when unknown) cues the
  /// partners of that flag outside territorial seas, and adds to every basis there "flag state
  /// PAN: boarding needs flag-state consent" (unless the flag state is the coastal state).
  /// Fallback partners come last, and only when nobody else was found.
  [[nodiscard]] std::vector<PartnerCue> partnersAt(const Jurisdiction& j, double lat_deg,
                                                   double lon_deg,
                                                   std::string_view flag_state = {}) const;

  /// Compatibility with the first partner table: partnersAt(high seas, lat, lon) when the
  /// point is in no area, i.e. the area partners, then the high-seas ones.
  [[nodiscard]] std::vector<PartnerCue> partnersAt(double lat_deg, double lon_deg) const;

  /// Whether an event of `rule` and `severity` cueing the partners `cued` (ids) may be
  /// released to `partner`: Receives::All, or Cued and the partner is cued; and never below
  /// its min_severity or outside its rules.
  [[nodiscard]] static bool releasable(const Partner& partner, std::string_view rule,
                                       Severity severity, const std::vector<std::string>& cued);

  [[nodiscard]] const std::vector<Partner>& partners() const { return partners_; }
  [[nodiscard]] const Partner* find(std::string_view id) const;
  [[nodiscard]] bool empty() const { return partners_.empty(); }

 private:
  std::vector<Partner> partners_;
};

}  // namespace picket::cueing
