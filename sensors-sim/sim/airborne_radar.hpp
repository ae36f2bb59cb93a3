#pragma once
// Search radar on a patrol aircraft.

#include <cstdint>
#include <optional>
#include <string>

#include "sim/feed_source.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"
#include "sim/traffic_index.hpp"

namespace picket::sim {

/// Emits one AircraftContactReport per scan (all contacts stamped with the scan time): the
/// aircraft's navigation solution (true state plus white Gaussian error, with the sigmas
/// reported) and polar contacts measured from the aircraft's true position. Detection: surface
/// platforms active at the scan time, within max_range_m slant range and the radar horizon,
/// each with one Bernoulli draw of the Swerling I Pd of its mean cross-section at that range
/// (config.detection); plus Poisson clutter over the sea. Candidates come from the
/// TrafficIndex. No report while the aircraft is not active.
class AirborneRadarSource final : public FeedSource {
 public:
  /// `scenario` and `index` must outlive the source; the scenario must contain
  /// config.carrier_platform_id (std::invalid_argument otherwise).
  AirborneRadarSource(const AirborneRadarConfig& config, const Scenario& scenario,
                      TrafficIndex& index, core::Timestamp start, core::Timestamp end,
                      std::uint64_t seed);

  [[nodiscard]] const std::string& sourceId() const override { return config_.source_id; }
  [[nodiscard]] std::optional<core::Timestamp> nextDelivery() const override;
  SimMessage emit() override;

 private:
  [[nodiscard]] core::Timestamp scanTime(std::int64_t k) const;
  void skipIdleScans();

  AirborneRadarConfig config_;
  const Scenario* scenario_;
  TrafficIndex* index_;
  const Platform* carrier_;
  core::Timestamp start_;
  core::Timestamp end_;
  Rng rng_;
  std::int64_t next_scan_ = 0;
  std::uint64_t sequence_ = 0;
};

}  // namespace picket::sim
