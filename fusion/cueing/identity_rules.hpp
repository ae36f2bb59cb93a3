#pragma once
// The identity, AIS-behaviour, air and zone-entry suspicion rules as one configurable set:
// ais_gap, spoofing, suspect_aircraft, zone_entry (RULES-identity.md).

#include <memory>
#include <string>
#include <vector>

#include "cueing/ais_gap_rule.hpp"
#include "cueing/rule.hpp"
#include "cueing/spoofing_rule.hpp"
#include "cueing/suspect_aircraft_rule.hpp"
#include "cueing/zone_entry_rule.hpp"

namespace picket::cueing {

/// Configuration of the four rules (one section each under `cueing:` in fusiond's YAML).
struct IdentityRulesConfig {
  AisGapConfig ais_gap;
  SpoofingConfig spoofing;
  SuspectAircraftConfig suspect_aircraft;
  ZoneEntryConfig zone_entry;
  bool operator==(const IdentityRulesConfig&) const = default;
};

/// Appends the enabled rules to `rules` in evaluation order: ais_gap, spoofing,
/// suspect_aircraft, then zone_entry (last, so that it sees the suspects the others raised in
/// the same step).
void addIdentityRules(const IdentityRulesConfig& config, std::vector<std::unique_ptr<Rule>>& rules);

/// Problems of the configuration against the geography it will run with, one sentence each
/// (empty: none): area ids of suspect_aircraft that name no NamedArea. For start-up checks,
/// after the geography is loaded.
std::vector<std::string> checkIdentityRules(const IdentityRulesConfig& config,
                                            const Geography& geography);

}  // namespace picket::cueing
