#include "cueing/small_craft_meeting_rule.hpp"

#include <algorithm>

namespace picket::cueing {

bool SmallCraftMeetingRule::small(const core::Track& track) const {
  const auto& types = config_.small_ship_types;
  return track.identity.ship_type != 0 &&
         std::find(types.begin(), types.end(), track.identity.ship_type) != types.end();
}

std::optional<Severity> SmallCraftMeetingRule::judge(const PairSide& a, const PairSide& b,
                                                     const RuleContext& context) const {
  if (!a.dark && !b.dark && !small(*a.track) && !small(*b.track)) return std::nullopt;
  const bool known_suspect = context.suspects.isSuspect(a.track->id, name()) ||
                             context.suspects.isSuspect(b.track->id, name());
  if (config_.require_suspect && !known_suspect) return std::nullopt;
  const bool suspect = (a.dark && b.dark) || known_suspect;
  return suspect ? config_.severity_with_suspect : config_.severity;
}

std::vector<std::pair<std::string, std::string>> SmallCraftMeetingRule::extraParams() const {
  std::string types;
  for (const std::uint32_t t : config_.small_ship_types) {
    if (!types.empty()) types += ",";
    types += std::to_string(t);
  }
  return {{"param.small_ship_types", types},
          {"param.require_suspect", config_.require_suspect ? "true" : "false"}};
}

}  // namespace picket::cueing
