#pragma once
// The `cueing:` section of fusiond's configuration: the alert lifecycle and one block per
// rule. Every key is documented in config/fusiond.example.yaml.

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>

#include "cueing/cueing_config.hpp"
#include "io/yaml_map.hpp"

namespace picket::io {

/// "info", "low", "medium", "high", "critical" -> Severity (for every rule's severity keys).
const std::map<std::string, cueing::Severity>& severityNames();

/// Reads `cueing:` from the top-level mapping into `out`, reporting problems to
/// root.errors() as "cueing.<rule>.<key>: reason". The alert ID prefix is the instance id.
void readCueingConfig(MapReader& root, const std::string& instance_id, cueing::CueingConfig& out);

/// Writes the key `cueing` and the effective values, for the start-up log.
void describeCueingConfig(YAML::Emitter& out, const cueing::CueingConfig& config);

}  // namespace picket::io
