#pragma once
// AIS base station receiving class A position reports and static data from ships in range.

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "sim/feed_source.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"

namespace picket::sim {

/// Class A reporting interval for a ship under way, ITU-R M.1371-5 Annex 1 Table 1: 10 s up to
/// 14 kn, 6 s up to 23 kn, 2 s above; 3 min at anchor (speed 0 here). The shorter intervals
/// while changing course are not modelled.
core::Duration classAReportInterval(double speed_kn, bool at_anchor);

/// Emits an AisPositionReport for every scheduled report of an AIS-equipped platform within
/// range of the receiver, and an AisStaticData every static_interval. Each ship's first report
/// and first static message are offset by a random fraction of their interval (ships are not
/// synchronised). Positions carry GNSS noise and the message's quantisation (1/10000 minute,
/// SOG and COG to 0.1, heading to 1 degree). Reception is perfect inside the range.
class AisReceiverSource final : public FeedSource {
 public:
  /// `scenario` must outlive the source.
  AisReceiverSource(const AisReceiverConfig& config, const Scenario& scenario,
                    core::Timestamp start, core::Timestamp end, std::uint64_t seed);

  [[nodiscard]] const std::string& sourceId() const override { return config_.source_id; }
  [[nodiscard]] std::optional<core::Timestamp> nextTime() const override;
  SimMessage emit() override;

 private:
  enum class Kind : std::uint8_t { Position, Static };
  struct Event {
    std::int64_t time_ns = 0;
    std::size_t platform = 0;  // index into scenario.platforms
    Kind kind = Kind::Position;
    auto operator<=>(const Event&) const = default;
  };

  [[nodiscard]] bool inRange(const Event& e) const;
  void reschedule(const Event& e);
  // Drops the events of ships out of range, so that the first event is one to emit.
  void skipUnreceivable();
  /// A message of this source at t, with the next sequence number, from platform `origin`.
  SimMessage envelope(core::Timestamp t, const std::string& origin);
  SimMessage positionReport(const Event& e);
  SimMessage staticData(const Event& e);

  AisReceiverConfig config_;
  const Scenario* scenario_;
  core::Timestamp start_;
  core::Timestamp end_;
  Rng rng_;
  std::set<Event> events_;  // ordered: time, then platform index, then kind
  std::uint64_t sequence_ = 0;
};

}  // namespace picket::sim
