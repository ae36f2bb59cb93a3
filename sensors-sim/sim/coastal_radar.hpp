#pragma once
// Rotating coastal surveillance radar on a fixed site.

#include <cstdint>
#include <optional>
#include <string>

#include "geo/wgs84.hpp"
#include "sim/feed_source.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"

namespace picket::sim {

/// Emits one RadarScan per antenna revolution, stamped with the scan start; each plot carries
/// the time the beam crossed it (scan start + bearing / 360 * period). Detection: inside the
/// radar horizon for the target's height and the instrumented annulus, with the class's
/// probability of detection; plus Poisson clutter over the sea. Range and bearing noise are
/// Gaussian, the sigmas are reported in each plot.
class CoastalRadarSource final : public FeedSource {
 public:
  /// `scenario` must outlive the source. Scans at start, start + period, ... before `end`.
  CoastalRadarSource(const SurfaceRadarConfig& config, const Scenario& scenario,
                     core::Timestamp start, core::Timestamp end, std::uint64_t seed);

  [[nodiscard]] const std::string& sourceId() const override { return config_.source_id; }
  [[nodiscard]] std::optional<core::Timestamp> nextTime() const override;
  SimMessage emit() override;

 private:
  [[nodiscard]] core::Timestamp plotTime(core::Timestamp scan_start, double bearing_deg) const;

  SurfaceRadarConfig config_;
  const Scenario* scenario_;
  geo::LocalFrame antenna_;
  core::Timestamp start_;
  core::Timestamp end_;
  Rng rng_;
  std::int64_t next_scan_ = 0;
  std::uint64_t sequence_ = 0;
};

}  // namespace picket::sim
