#pragma once
// Rotating surface-search radar on a fixed coastal site or on a patrol ship.

#include <cstdint>
#include <optional>
#include <string>

#include "geo/wgs84.hpp"
#include "sim/feed_source.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"
#include "sim/traffic_index.hpp"

namespace picket::sim {

/// Emits one RadarScan per antenna revolution, stamped with the scan start; each plot carries
/// the time the beam crossed it (scan start + bearing / 360 * period). Detection: surface
/// platforms active at the scan start, inside the radar horizon for the target's height and
/// the instrumented annulus [min_range_m, max_range_m] of slant range, each with one Bernoulli
/// draw of the Swerling I Pd of its mean cross-section at that range; plus Poisson clutter over
/// the sea. Range and bearing noise are Gaussian, the sigmas are reported in each plot.
///
/// Ship-borne (config.carrier_platform_id): the antenna is antenna_height_m above the ship;
/// each plot is measured from the true antenna at the plot's time, the scan carries the ship's
/// navigation solution at the scan start (true state plus white Gaussian error, sigmas
/// reported), and there is no scan while the ship is not active. The radar does not see its
/// own ship. Fixed: scans carry the site.
class SurfaceRadarSource final : public FeedSource {
 public:
  /// `scenario` and `index` must outlive the source. Scans at start, start + period, ... before
  /// `end`. std::invalid_argument if the carrier is not in the scenario.
  SurfaceRadarSource(const SurfaceRadarConfig& config, const Scenario& scenario,
                     TrafficIndex& index, core::Timestamp start, core::Timestamp end,
                     std::uint64_t seed);

  [[nodiscard]] const std::string& sourceId() const override { return config_.source_id; }
  [[nodiscard]] std::optional<core::Timestamp> nextDelivery() const override;
  SimMessage emit() override;

 private:
  struct Antenna {
    geo::LocalFrame frame;
    core::GeoPoint position;
  };
  [[nodiscard]] core::Timestamp scanTime(std::int64_t k) const;
  [[nodiscard]] core::Timestamp plotTime(core::Timestamp scan_start, double bearing_deg) const;
  [[nodiscard]] Antenna antennaAt(core::Timestamp t) const;
  // Moves next_scan_ to the next scan at which the radar operates (its ship is active).
  void skipIdleScans();

  SurfaceRadarConfig config_;
  const Scenario* scenario_;
  TrafficIndex* index_;
  const Platform* carrier_ = nullptr;  // null: fixed site
  std::size_t carrier_index_ = 0;
  geo::LocalFrame site_frame_;
  double antenna_height_m_ = 0.0;  // above the sea, for the horizon
  double query_radius_m_ = 0.0;
  core::Timestamp start_;
  core::Timestamp end_;
  Rng rng_;
  std::int64_t next_scan_ = 0;
  std::uint64_t sequence_ = 0;
};

}  // namespace picket::sim
