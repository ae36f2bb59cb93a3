#pragma once
// Zone entry (rule "zone_entry"): a suspect track (the subject of another rule's open alert,
// SuspectRegistry) enters a territorial sea, contiguous zone or EEZ: its jurisdiction changes,
// between consecutive positions, to a stronger zone type (UNCLOS: EEZ < contiguous zone <
// territorial sea) or to another state's zone of the same type. The cue then names the
// coastal state whose waters the suspect is entering. Tag: "<zone type>:<states>", e.g.
// "territorial_sea:COL"; the finding clears when the track leaves that zone.
//
// Geography: without zones (Geography::zones null or empty) the rule never fires.
// Threading: owned by the tracker's thread (rule.hpp). Runs last, so that the suspects
// include what the other rules found in the same step.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "cueing/jurisdiction.hpp"
#include "cueing/rule.hpp"

namespace picket::cueing {

struct ZoneEntryConfig {
  bool enabled = true;
  /// Zone types whose entry is reported.
  bool territorial_sea = true;
  bool contiguous_zone = true;
  bool eez = true;
  /// Only entries into zones of these states (ISO 3166-1 alpha-3); empty: every state.
  std::vector<std::string> states;
  /// Entering another state's zone of the same type (EEZ to EEZ) counts as an entry.
  bool state_change_counts = true;
  /// Consecutive positions that must agree on the new jurisdiction before it is believed (a
  /// noisy track straddling a boundary does not enter and leave at every scan).
  int confirm_positions = 2;
  Severity territorial_sea_severity = Severity::High;
  Severity contiguous_zone_severity = Severity::Medium;
  Severity eez_severity = Severity::Medium;
  bool operator==(const ZoneEntryConfig&) const = default;
};

class ZoneEntryRule final : public Rule {
 public:
  explicit ZoneEntryRule(ZoneEntryConfig config);
  [[nodiscard]] std::string_view name() const override { return "zone_entry"; }
  void onStep(const RuleContext& context, FindingSink& sink) override;

  /// Suspect tracks followed now.
  [[nodiscard]] std::size_t tracks() const { return state_.size(); }

 private:
  struct Seen {
    Jurisdiction jurisdiction;
    core::Timestamp time;
    core::GeoPoint position;
  };
  struct State {
    Seen current;                  ///< believed jurisdiction, with the latest position in it
    std::optional<Seen> pending;   ///< first position of a different jurisdiction
    int pending_count = 0;
    std::vector<Jurisdiction> raised;  ///< zones whose entry is open
  };

  [[nodiscard]] bool watched(ZoneType t) const;
  [[nodiscard]] bool isEntry(const Jurisdiction& from, const Jurisdiction& to) const;
  void clearAll(core::TrackId id, State& s, FindingSink& sink, const std::string& reason) const;

  ZoneEntryConfig config_;
  std::map<core::TrackId, State> state_;
};

/// The tag of a zone entry finding: "<zone type>:<states joined by '+'>".
std::string zoneEntryTag(const Jurisdiction& j);

}  // namespace picket::cueing
