#pragma once
// Search radar on a patrol aircraft.

#include <cstdint>
#include <optional>
#include <string>

#include "sim/feed_source.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"

namespace picket::sim {

/// Emits one AircraftContactReport per scan (all contacts stamped with the scan time): the
/// aircraft's navigation solution (true state plus white Gaussian error, with the sigmas
/// reported) and polar contacts measured from the aircraft's true position. Detection: within
/// max_range_m slant range and the radar horizon, with the class's probability of detection;
/// plus Poisson clutter over the sea.
class AirborneRadarSource final : public FeedSource {
 public:
  /// `scenario` must outlive the source; it must contain config.carrier_platform_id
  /// (std::invalid_argument otherwise).
  AirborneRadarSource(const AirborneRadarConfig& config, const Scenario& scenario,
                      core::Timestamp start, core::Timestamp end, std::uint64_t seed);

  [[nodiscard]] const std::string& sourceId() const override { return config_.source_id; }
  [[nodiscard]] std::optional<core::Timestamp> nextTime() const override;
  SimMessage emit() override;

 private:
  AirborneRadarConfig config_;
  const Scenario* scenario_;
  const Platform* carrier_;
  core::Timestamp start_;
  core::Timestamp end_;
  Rng rng_;
  std::int64_t next_scan_ = 0;
  std::uint64_t sequence_ = 0;
};

}  // namespace picket::sim
