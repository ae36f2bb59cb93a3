#pragma once
// A named point of the geography: a port, an airfield, a headland, a canal entrance.

#include <ostream>
#include <string>

#include "core/types.hpp"

namespace picket::geo {

/// A named place. Value type; io/places_csv.hpp reads the World Port Index and the scenario
/// places files (config/geo/) into these.
struct NamedPlace {
  /// Unique within its source: the WPI number of a port (its UN/LOCODE when it has none), the
  /// `id` column of notable_places.csv.
  std::string id;
  std::string name;
  /// What it is: "port" for World Port Index entries, otherwise the source's word
  /// ("airfield", "csl_airfield", "canal_entrance", "headland", ...).
  std::string kind;
  /// WGS-84 position, degrees; alt_m is 0.
  core::GeoPoint position;
  /// Country name as the source spells it ("Colombia"); empty when the source has none.
  std::string country;

  bool operator==(const NamedPlace&) const = default;
};

inline std::ostream& operator<<(std::ostream& os, const NamedPlace& p) {
  return os << p.kind << " " << p.id << " '" << p.name << "' " << p.position
            << (p.country.empty() ? "" : " ") << p.country;
}

}  // namespace picket::geo
