#include "cueing/zone_entry_rule.hpp"

#include <algorithm>
#include <utility>

#include "cueing/identity_rules_util.hpp"

namespace picket::cueing {

using detail::put;

namespace {

bool sameZone(const Jurisdiction& a, const Jurisdiction& b) {
  return a.type == b.type && a.states == b.states;
}

}  // namespace

std::string zoneEntryTag(const Jurisdiction& j) {
  std::string states;
  for (const auto& s : j.states) states += (states.empty() ? "" : "+") + s;
  return std::string(toString(j.type)) + ":" + states;
}

ZoneEntryRule::ZoneEntryRule(ZoneEntryConfig config) : config_(std::move(config)) {}

bool ZoneEntryRule::watched(ZoneType t) const {
  switch (t) {
    case ZoneType::TerritorialSea: return config_.territorial_sea;
    case ZoneType::ContiguousZone: return config_.contiguous_zone;
    case ZoneType::Eez: return config_.eez;
    case ZoneType::HighSeas: return false;
  }
  return false;
}

bool ZoneEntryRule::isEntry(const Jurisdiction& from, const Jurisdiction& to) const {
  if (!watched(to.type)) return false;
  if (!config_.states.empty()) {
    const bool watched = std::any_of(to.states.begin(), to.states.end(), [&](const std::string& s) {
      return std::find(config_.states.begin(), config_.states.end(), s) != config_.states.end();
    });
    if (!watched) return false;
  }
  // ZoneType runs from the most to the least coastal-state authority.
  if (to.type < from.type) return true;
  return config_.state_change_counts && to.type == from.type && to.states != from.states;
}

void ZoneEntryRule::clearAll(core::TrackId id, State& s, FindingSink& sink,
                             const std::string& reason) const {
  for (const Jurisdiction& j : s.raised) sink.clear({id}, zoneEntryTag(j), reason);
  s.raised.clear();
}

void ZoneEntryRule::onStep(const RuleContext& context, FindingSink& sink) {
  if (!config_.enabled) return;
  for (const auto& d : context.step.deleted) state_.erase(d.track.id);
  const Geography& g = context.geography;
  if (!g.zones || g.zones->empty()) return;
  for (const TrackView& view : context.changed) {
    const core::Track& t = *view.track;
    auto it = state_.find(t.id);
    if (!context.suspects.isSuspect(t.id, name())) {
      // Not (or no longer) a suspect: nothing to watch. An entry alert raised while it was one
      // closes with the suspicion.
      if (it != state_.end()) {
        clearAll(t.id, it->second, sink,
                 "Track " + std::to_string(t.id) + " is no longer a suspect.");
        state_.erase(it);
      }
      continue;
    }
    const Seen seen{g.zones->at(view.position.lat_deg, view.position.lon_deg), t.time,
                    view.position};
    if (it == state_.end()) {
      // First position as a suspect: where it is, not an entry.
      state_.emplace(t.id, State{seen, std::nullopt, 0, {}});
      continue;
    }
    State& s = it->second;
    if (sameZone(seen.jurisdiction, s.current.jurisdiction)) {
      s.current.time = seen.time;
      s.current.position = seen.position;
      s.pending.reset();
      s.pending_count = 0;
      continue;
    }
    if (s.pending && sameZone(s.pending->jurisdiction, seen.jurisdiction)) {
      ++s.pending_count;
    } else {
      s.pending = seen;
      s.pending_count = 1;
    }
    if (s.pending_count < config_.confirm_positions) continue;

    const Seen before = s.current;
    const Seen entry = *s.pending;
    s.current = seen;
    s.pending.reset();
    s.pending_count = 0;
    // Zones left behind: an open entry of a zone type stronger than where the track is now,
    // or of the same type but other states, no longer holds.
    for (auto r = s.raised.begin(); r != s.raised.end();) {
      if (r->type < seen.jurisdiction.type ||
          (r->type == seen.jurisdiction.type && r->states != seen.jurisdiction.states)) {
        sink.clear({t.id}, zoneEntryTag(*r),
                   "Track " + std::to_string(t.id) + " left the " + r->description + " (now " +
                       seen.jurisdiction.description + ").");
        r = s.raised.erase(r);
      } else {
        ++r;
      }
    }
    if (!isEntry(before.jurisdiction, entry.jurisdiction)) continue;

    const Jurisdiction& j = entry.jurisdiction;
    Finding f;
    f.tracks = {t.id};
    f.tag = zoneEntryTag(j);
    f.severity = j.type == ZoneType::TerritorialSea   ? config_.territorial_sea_severity
                 : j.type == ZoneType::ContiguousZone ? config_.contiguous_zone_severity
                                                      : config_.eez_severity;
    // The entry itself is geometry (certain within the track's error); the suspicion behind
    // it is the other rule's, and the cue carries that alert too.
    f.confidence = 0.8;
    f.reason = "Suspect track " + std::to_string(t.id) + " entered the " + j.description +
               " at " + detail::utcText(entry.time) + " (from the " +
               before.jurisdiction.description + ").";
    put(f.evidence, "track_id", std::to_string(t.id));
    put(f.evidence, "zone_type", toString(j.type));
    std::string states;
    for (const auto& st : j.states) states += (states.empty() ? "" : ",") + st;
    put(f.evidence, "states", states);
    put(f.evidence, "zone", j.description);
    if (j.joint_regime) put(f.evidence, "joint_regime", "yes");
    if (j.overlapping_claim) put(f.evidence, "overlapping_claim", "yes");
    put(f.evidence, "entry_time", detail::utcText(entry.time));
    put(f.evidence, "entry_position", detail::latLonText(entry.position));
    put(f.evidence, "previous_zone", before.jurisdiction.description);
    put(f.evidence, "previous_time", detail::utcText(before.time));
    put(f.evidence, "previous_position", detail::latLonText(before.position));
    put(f.evidence, "param.confirm_positions", std::to_string(config_.confirm_positions));
    put(f.evidence, "param.state_change_counts", config_.state_change_counts ? "true" : "false");
    sink.raise(std::move(f));
    s.raised.push_back(j);
  }
}

}  // namespace picket::cueing
