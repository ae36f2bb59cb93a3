#pragma once
// Wide-area air surveillance radar (over-the-horizon class) on a fixed site.

#include <cstdint>
#include <optional>
#include <string>

#include "geo/wgs84.hpp"
#include "sim/feed_source.hpp"
#include "sim/radar_geometry.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"
#include "sim/traffic_index.hpp"

namespace picket::sim {

/// True when the platform's transponder replies at `elapsed` (offset from the scenario start):
/// it has a transponder_code and no transponder_off window [from, until) contains `elapsed`.
bool transponderReplies(const Platform& p, core::Duration elapsed);

/// Emits one RadarScan (topic feed/radar/<id>, fixed site) per scan_period, every plot stamped
/// with the scan time (one dwell over the whole coverage). Detection: aircraft only, active at
/// the scan time, whose ground range (geodesic distance from the site to the point below the
/// aircraft) lies in [min_range_m, max_range_m]: one Bernoulli draw of the flat
/// detection_probability each. No horizon (the sky wave of an over-the-horizon radar comes
/// down from the ionosphere), unless `line_of_sight`: then an aircraft beyond the radar
/// horizon between the site's height and its own (airRadarReachM) is not seen. Plots carry the wire format's slant range (ECEF antenna to ECEF
/// aircraft) and bearing, with the config's coarse Gaussian sigmas. With `secondary`, a plot of
/// an aircraft whose transponder replies carries its Mode 3/A code. Clutter: a Poisson count
/// per scan, uniform by area over the annulus (land or sea) at a height uniform in
/// [0, 12 km], never coded.
class AirSurveillanceRadarSource final : public FeedSource {
 public:
  /// `scenario` and `index` must outlive the source. Scans at start, start + period, ...
  /// before `end`.
  AirSurveillanceRadarSource(const AirSurveillanceRadarConfig& config, const Scenario& scenario,
                             TrafficIndex& index, core::Timestamp start, core::Timestamp end,
                             std::uint64_t seed);

  [[nodiscard]] const std::string& sourceId() const override { return config_.source_id; }
  [[nodiscard]] std::optional<core::Timestamp> nextDelivery() const override;
  SimMessage emit() override;

 private:
  AirSurveillanceRadarConfig config_;
  const Scenario* scenario_;
  TrafficIndex* index_;
  geo::LocalFrame antenna_;
  GroundDistance ground_;
  core::Timestamp start_;
  core::Timestamp end_;
  Rng rng_;
  std::int64_t next_scan_ = 0;
  std::uint64_t sequence_ = 0;
};

}  // namespace picket::sim
