#pragma once
// Satellite AIS: passes of a satellite's footprint over the area, store and forward.

#include <cstdint>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "sim/ais_receiver.hpp"
#include "sim/feed_source.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"
#include "sim/traffic_index.hpp"

namespace picket::sim {

/// Mean Earth radius (IUGG R1), metres: the sphere the footprint model lives on.
inline constexpr double kMeanEarthRadiusM = 6'371'008.8;
/// Ground speed of a low-Earth-orbit satellite's sub-point (about 7 km/s at 500-800 km).
inline constexpr double kSatelliteGroundSpeedMps = 7000.0;
/// Sidereal day, seconds: the Earth turns 360 degrees under an orbit in this time.
inline constexpr double kSiderealDayS = 86'164.1;

/// Great-circle distance on the sphere of radius kMeanEarthRadiusM between two points given by
/// latitude and longitude in degrees (geodetic latitude used as spherical).
double sphericalDistanceM(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);

/// One pass of the footprint over the area.
///
/// Model (a simple stand-in for a polar orbit, documented in sensors-sim/README.md): the
/// footprint is a spherical cap of radius footprint_radius_m around the satellite's sub-point,
/// which moves due north along the meridian `track_lon_deg` at kSatelliteGroundSpeedMps,
/// crossing the area's middle latitude half-way through the pass.
struct SatellitePass {
  core::Timestamp start;
  core::Duration duration;
  double track_lon_deg = 0.0;
  double mid_lat_deg = 0.0;
  /// The sub-point (footprint centre) at t, any t: latitude linear in time on the sphere.
  [[nodiscard]] core::GeoPoint centreAt(core::Timestamp t) const;
};

/// A satellite AIS service: one source id, one satellite.
///
/// Passes: the k-th nominal pass starts at start + phase + k * revisit, with phase drawn
/// uniformly in [0, revisit) and each pass jittered uniformly by +-10 % of revisit. Successive
/// ground tracks step west by the angle the Earth turns in one revisit (360 deg * revisit /
/// sidereal day), wrapped into the area's longitude span; the first track's longitude is drawn
/// uniformly across the span.
///
/// Reception: during a pass each AIS transmission (the AisTimetable grid, as the terrestrial
/// receivers hear it; the interval taken from the ship's speed at the start of each
/// TrafficIndex bucket) of an active, non-silent ship whose true position is inside the
/// footprint is heard with probability detection_probability / (1 + n /
/// ships_at_half_probability), n being the AIS ships inside the footprint at the middle of the
/// bucket (slot collisions: a satellite sees many SOTDMA cells at once). A heard position
/// report is kept if it is at least min_report_spacing after the last one kept for the ship;
/// static data always. Each kept message is delivered after a latency drawn uniformly in
/// [latency_min, latency_max] (whole milliseconds); deliveries at or after the end of the run
/// are dropped. Header time = the fix; received_time_ns = the delivery.
///
/// Cost: a pass looks only at the index's candidates around the footprint, and decides inside
/// or outside from each candidate's bucket position and reach, evaluating the route only for
/// heard reports and the few near the footprint's edge.
class SatelliteAisSource final : public FeedSource {
 public:
  /// `scenario` and `index` must outlive the source. std::invalid_argument on a bad config
  /// (revisit or pass duration <= 0, latency_max < latency_min or latency_min < 0).
  SatelliteAisSource(const SatelliteAisConfig& config, const Scenario& scenario,
                     TrafficIndex& index, core::Timestamp start, core::Timestamp end,
                     std::uint64_t seed);

  [[nodiscard]] const std::string& sourceId() const override { return config_.source_id; }
  [[nodiscard]] std::optional<core::Timestamp> nextDelivery() const override;
  SimMessage emit() override;
  /// With nothing pending: when the next pass could deliver its first report (its start +
  /// latency_min); the pass is generated then, not earlier.
  [[nodiscard]] std::optional<core::Timestamp> nextWake() const override;
  void wake() override;

  /// The passes generated so far (a pass is generated before its first delivery is due).
  [[nodiscard]] const std::vector<SatellitePass>& passes() const { return passes_; }

 private:
  enum class Kind : std::uint8_t { Position, Static };
  struct Pending {
    std::int64_t delivered_ns = 0;
    std::int64_t fix_ns = 0;
    std::uint32_t platform = 0;
    Kind kind = Kind::Position;
    PlatformState state;      // truth at the fix
    core::GeoPoint reported;  // position as transmitted (noisy or spoofed)
    AisTransmission tx;
  };
  struct Later {
    bool operator()(const Pending& a, const Pending& b) const;
  };

  [[nodiscard]] SatellitePass makePass(std::int64_t k);
  void generateNextPass();
  void fill();
  void generatePass(const SatellitePass& pass);

  SatelliteAisConfig config_;
  const Scenario* scenario_;
  TrafficIndex* index_;
  AisTimetable timetable_;
  core::Timestamp start_;
  core::Timestamp end_;
  Rng rng_;
  core::Duration revisit_phase_;
  double first_track_lon_deg_ = 0.0;
  std::int64_t pass_count_ = 0;
  SatellitePass next_pass_;
  std::vector<SatellitePass> passes_;
  std::vector<std::int64_t> last_position_ns_;  // per platform: last position report kept
  std::vector<std::uint64_t> position_phase_;   // per platform, 0 until first needed
  std::vector<std::uint64_t> static_phase_;
  std::vector<bool> has_phase_;
  std::priority_queue<Pending, std::vector<Pending>, Later> pending_;
  std::uint64_t sequence_ = 0;
};

}  // namespace picket::sim
