#pragma once
// The registry of suspicion rules: which rules run, and in which order.

#include <memory>
#include <vector>

#include "cueing/cueing_config.hpp"
#include "cueing/rule.hpp"

namespace picket::cueing {

/// Builds the enabled rules in their fixed running order: the kinematic rules (dark target,
/// go-fast, low-profile vessel, loitering, rendezvous, small-craft meeting), then the identity
/// rules (AIS gap, spoofing), suspect aircraft, and zone entry last, so that it sees the
/// suspects every other rule found in the same step.
std::vector<std::unique_ptr<Rule>> makeRules(const CueingConfig& config);

}  // namespace picket::cueing
