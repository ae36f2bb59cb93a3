#pragma once
// Configuration of the identity, AIS-behaviour, air and zone-entry rules: the sections
// cueing.ais_gap, cueing.spoofing, cueing.suspect_aircraft and cueing.zone_entry of fusiond's
// YAML (every key documented in config/cueing-identity-rules.example.yaml).

#include <yaml-cpp/yaml.h>

#include "cueing/identity_rules.hpp"
#include "io/yaml_map.hpp"

namespace picket::io {

/// Reads the four rule sections from the `cueing` mapping into `config`. Absent sections and
/// keys keep their defaults; every problem is appended to the reader's errors as
/// "cueing.<rule>.<key>: reason".
void readIdentityRules(MapReader& cueing_section, cueing::IdentityRulesConfig& config);

/// Writes the effective configuration of the four rules as mapping entries (key, value pairs
/// inside an open map): for the start-up log.
void writeIdentityRules(YAML::Emitter& out, const cueing::IdentityRulesConfig& config);

}  // namespace picket::io
