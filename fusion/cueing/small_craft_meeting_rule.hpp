#pragma once
// Small-craft meeting: two boats, at least one of them dark or small, stopped together for a
// few minutes away from ports and the shore: a transfer at sea (a go-fast handing its load to
// a local boat, a refuelling by a "panga"). Short by nature, so it is judged on minutes where
// the rendezvous rule needs hours.
//
// "Small" is what AIS can say: a ship type of fishing (30), sailing (36) or pleasure craft (37)
// (ITU-R M.1371-5 table 53); track length is not known to the tracker. Two merchant ships
// passing, or two AIS workboats in a harbour, are not this rule's business.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cueing/pair_rule.hpp"

namespace picket::cueing {

struct SmallCraftMeetingConfig {
  bool enabled = true;
  PairThresholds thresholds{
      .max_distance_m = 1'000.0,
      .min_duration = core::Duration::fromSeconds(240),
      // Alongside each other, nearly stopped; boats running together are not meeting.
      .max_speed_kn = 5.0,
      .min_port_distance_m = 5'000.0,
      .min_shore_distance_m = 1'000.0,
      .max_gap = core::Duration::fromSeconds(60),
      .max_speed_sigma_kn = 3.0,
      .max_ais_silence = core::Duration::fromSeconds(300),
  };
  /// AIS ship types that count as small craft.
  std::vector<std::uint32_t> small_ship_types = {30, 36, 37};
  /// Only a meeting in which one boat is already the subject of another rule's open alert (a
  /// go-fast, a dark contact offshore, a vessel gone dark) is a cue: small boats meeting for
  /// minutes is everyday life on a fishing ground (cueing/README.md). false: any pair with a
  /// dark or small boat.
  bool require_suspect = true;
  /// Under `require_suspect`, a meeting is also a cue without a known suspect when at least
  /// one boat is dark and both are at least this far from the coast (Geography::land),
  /// nautical miles: no local boat works or lies stopped there, and a patrol aircraft's
  /// pass over a go-fast alongside its supplier sees two stopped boats, neither yet the
  /// subject of any rule. 0: never (and always without a land mask).
  double offshore_min_shore_distance_nm = 50.0;
  /// A pair together for longer than this is not a short meeting (boats working one ground,
  /// one vessel tracked twice); a longer stop is the rendezvous rule's business.
  core::Duration max_duration = core::Duration::fromSeconds(3600);
  Severity severity = Severity::Medium;
  /// Both dark, or one of them already the subject of another rule's open alert (a go-fast).
  Severity severity_with_suspect = Severity::High;
  bool operator==(const SmallCraftMeetingConfig&) const = default;
};

class SmallCraftMeetingRule final : public PairRule {
 public:
  explicit SmallCraftMeetingRule(SmallCraftMeetingConfig config)
      : PairRule(config.thresholds), config_(std::move(config)) {}
  [[nodiscard]] std::string_view name() const override { return "small_craft_meeting"; }

 private:
  [[nodiscard]] std::optional<Severity> judge(const PairSide& a, const PairSide& b,
                                              core::Duration together,
                                              const RuleContext& context) const override;
  [[nodiscard]] std::string what() const override { return "Small-craft meeting"; }
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> extraParams() const override;
  [[nodiscard]] bool small(const core::Track& track) const;
  /// Whether the track is at least offshore_min_shore_distance_nm from the coast.
  [[nodiscard]] bool offshore(const core::Track& track, const Geography& geography) const;

  SmallCraftMeetingConfig config_;
};

}  // namespace picket::cueing
