#include "cueing/identity_rules.hpp"

namespace picket::cueing {

void addIdentityRules(const IdentityRulesConfig& config,
                      std::vector<std::unique_ptr<Rule>>& rules) {
  if (config.ais_gap.enabled) rules.push_back(std::make_unique<AisGapRule>(config.ais_gap));
  if (config.spoofing.enabled) rules.push_back(std::make_unique<SpoofingRule>(config.spoofing));
  if (config.suspect_aircraft.enabled) {
    rules.push_back(std::make_unique<SuspectAircraftRule>(config.suspect_aircraft));
  }
  if (config.zone_entry.enabled) rules.push_back(std::make_unique<ZoneEntryRule>(config.zone_entry));
}

std::vector<std::string> checkIdentityRules(const IdentityRulesConfig& config,
                                            const Geography& geography) {
  std::vector<std::string> problems;
  if (!config.suspect_aircraft.enabled) return problems;
  const auto check = [&](const std::vector<std::string>& ids, const char* key) {
    for (const auto& id : ids) {
      if (geography.area(id) == nullptr) {
        problems.push_back(std::string("cueing.suspect_aircraft.") + key + ": no area '" + id +
                           "' in the geography");
      }
    }
  };
  check(config.suspect_aircraft.departure_areas, "departure_areas");
  check(config.suspect_aircraft.arrival_areas, "arrival_areas");
  return problems;
}

}  // namespace picket::cueing
