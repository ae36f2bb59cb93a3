#include "cueing/small_craft_meeting_rule.hpp"

#include <algorithm>

#include "cueing/prediction.hpp"
#include "geo/wgs84.hpp"

namespace picket::cueing {

bool SmallCraftMeetingRule::small(const core::Track& track) const {
  const auto& types = config_.small_ship_types;
  return track.identity.ship_type != 0 &&
         std::find(types.begin(), types.end(), track.identity.ship_type) != types.end();
}

bool SmallCraftMeetingRule::offshore(const core::Track& track, const Geography& geography) const {
  if (config_.offshore_min_shore_distance_nm <= 0.0 || !geography.land) return false;
  const core::GeoPoint p = trackPosition(track);
  return !geography.land->nearLand(p.lat_deg, p.lon_deg,
                                   config_.offshore_min_shore_distance_nm * kMetresPerNm);
}

std::optional<Severity> SmallCraftMeetingRule::judge(const PairSide& a, const PairSide& b,
                                                     core::Duration together,
                                                     const RuleContext& context) const {
  if (together > config_.max_duration) return std::nullopt;
  if (!a.dark && !b.dark && !small(*a.track) && !small(*b.track)) return std::nullopt;
  // Another rule's open alert makes a suspect; a rendezvous alert on the same boats does not
  // (it is this pair seen by the other pair rule, not independent suspicion).
  const std::string_view not_evidence[] = {name(), "rendezvous"};
  const auto suspect_by_other_rule = [&](core::TrackId id) {
    return context.suspects.isSuspect(id, not_evidence);
  };
  const bool known_suspect =
      suspect_by_other_rule(a.track->id) || suspect_by_other_rule(b.track->id);
  if (config_.require_suspect && !known_suspect &&
      !((a.dark || b.dark) && offshore(*a.track, context.geography) &&
        offshore(*b.track, context.geography))) {
    return std::nullopt;
  }
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
          {"param.require_suspect", config_.require_suspect ? "true" : "false"},
          {"param.offshore_min_shore_distance_nm", fixed(config_.offshore_min_shore_distance_nm, 1)},
          {"param.max_duration_s", secondsText(config_.max_duration)}};
}

}  // namespace picket::cueing
