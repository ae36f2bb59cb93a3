#pragma once
// Rendezvous: two vessels (AIS or dark, any mix) stopped together for hours far from port.
// Defaults are Global Fishing Watch's encounter event: within 500 m for at least 2 h, both
// under 2 kn, at least 10 km from a coastal anchorage (Miller et al., "Identifying global
// patterns of transshipment behavior", Frontiers in Marine Science 5:240, 2018; GFW data
// caveats). In the transit zone that is how go-fasts refuel and take on cargo from logistics
// vessels far offshore (UNODC World Drug Report 2023).

#include <optional>
#include <string>

#include "cueing/pair_rule.hpp"

namespace picket::cueing {

struct RendezvousConfig {
  bool enabled = true;
  PairThresholds thresholds{
      .max_distance_m = 500.0,
      .min_duration = core::Duration::fromSeconds(2 * 3600.0),
      .max_speed_kn = 2.0,
      .min_port_distance_m = 10'000.0,
      .min_shore_distance_m = 0.0,
      // AIS at anchor reports every 3 min (ITU-R M.1371-5), patrol aircraft revisit in tens
      // of minutes: a rendezvous must survive both.
      .max_gap = core::Duration::fromSeconds(900),
      .max_speed_sigma_kn = 2.0,
      .max_ais_silence = core::Duration::fromSeconds(600),
  };
  /// Both vessels transmitting AIS.
  Severity severity = Severity::Medium;
  /// At least one of them dark: the pattern of a go-fast meeting its supplier.
  Severity severity_with_dark = Severity::High;
  bool operator==(const RendezvousConfig&) const = default;
};

class RendezvousRule final : public PairRule {
 public:
  explicit RendezvousRule(RendezvousConfig config)
      : PairRule(config.thresholds), config_(std::move(config)) {}
  [[nodiscard]] std::string_view name() const override { return "rendezvous"; }

 private:
  [[nodiscard]] std::optional<Severity> judge(const PairSide& a, const PairSide& b,
                                              core::Duration together,
                                              const RuleContext& context) const override;
  [[nodiscard]] std::string what() const override { return "Rendezvous"; }

  RendezvousConfig config_;
};

}  // namespace picket::cueing
