#include "cueing/rules.hpp"

#include "cueing/dark_target_rule.hpp"
#include "cueing/go_fast_rule.hpp"
#include "cueing/identity_rules.hpp"
#include "cueing/loitering_rule.hpp"
#include "cueing/low_profile_vessel_rule.hpp"
#include "cueing/rendezvous_rule.hpp"
#include "cueing/small_craft_meeting_rule.hpp"

namespace picket::cueing {

std::vector<std::unique_ptr<Rule>> makeRules(const CueingConfig& config) {
  std::vector<std::unique_ptr<Rule>> rules;
  // Kinematic rules: each judges tracks on its own.
  if (config.dark_target.enabled) {
    rules.push_back(std::make_unique<DarkTargetRule>(config.dark_target));
  }
  if (config.go_fast.enabled) rules.push_back(std::make_unique<GoFastRule>(config.go_fast));
  if (config.low_profile_vessel.enabled) {
    rules.push_back(std::make_unique<LowProfileVesselRule>(config.low_profile_vessel));
  }
  if (config.loitering.enabled) rules.push_back(std::make_unique<LoiteringRule>(config.loitering));
  // The pair rules after the single-track ones: a meeting with a go-fast found in this very
  // step is already a meeting with a suspect.
  if (config.rendezvous.enabled) {
    rules.push_back(std::make_unique<RendezvousRule>(config.rendezvous));
  }
  if (config.small_craft_meeting.enabled) {
    rules.push_back(std::make_unique<SmallCraftMeetingRule>(config.small_craft_meeting));
  }

  // The identity rules (ais_gap, spoofing), suspect_aircraft, then zone_entry LAST (it alerts
  // on suspects found by the rules above).
  addIdentityRules(config.identity, rules);
  return rules;
}

}  // namespace picket::cueing
