#pragma once
// A seeded, deterministic synthetic load for the correlator: many surface targets over an
// ocean basin, seen by one sensor of geolocated plots (position measurements, like the
// lat_deg,lon_deg rows of a detections CSV), with missed detections, Gaussian position noise
// and uniform clutter. Used by fusion-bench (throughput, scenario files) and its tests.
//
// Motion is exact on the WGS-84 ellipsoid: straight legs are geodesics (GeographicLib Direct,
// which also carries the course along the geodesic), and coordinated turns are integrated in
// steps of at most kTurnStepS along short geodesics whose azimuth is the course at the middle
// of the step (second order in the step). Nothing is projected onto a plane.
//
// Determinism: every random draw comes from the simulator's seeded generator (sim/rng.hpp:
// xoshiro256**, polar-method normal; STYLE.md 5: never the std distributions). Each target's trajectory is drawn from a
// generator seeded by (seed, target index), so the first N targets of a larger load are the
// same targets; detections, noise, clutter and plot order come from one generator per load.
//
// Threading: a SyntheticLoad is used by one thread.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/measurement.hpp"
#include "core/time.hpp"
#include "sim/rng.hpp"

namespace picket::bench {

/// What to generate. Defaults: a 1,000-target load over the eastern Pacific, Caribbean and
/// western Atlantic.
struct LoadConfig {
  std::size_t targets = 1000;
  /// Area (degrees, WGS 84) where targets start and clutter falls; positions are uniform by
  /// area on the ellipsoid's surface (uniform in sin(lat) and lon). Land is ignored.
  double lat_min_deg = -10.0;
  double lat_max_deg = 35.0;
  double lon_min_deg = -120.0;
  double lon_max_deg = -55.0;
  /// Speed over ground, uniform in [min, max], m/s; constant per target (turns are coordinated).
  double speed_min_mps = 3.0;
  double speed_max_mps = 25.0;
  /// Fraction of targets that manoeuvre, [0, 1].
  double manoeuvring_fraction = 0.2;
  /// Each turn: rate uniform in [min, max] deg/s, random sense; duration uniform in [min, max]
  /// s. A manoeuvring target's first turn starts uniformly in [0, gap_max] s after the start;
  /// the next starts a uniform [gap_min, gap_max] s after a turn ends.
  double turn_rate_min_dps = 1.0;
  double turn_rate_max_dps = 3.0;
  double turn_duration_min_s = 20.0;
  double turn_duration_max_s = 60.0;
  double turn_gap_min_s = 120.0;
  double turn_gap_max_s = 600.0;
  /// Sensor: each sweep reports each target with probability pd, [0, 1].
  double pd = 0.9;
  /// Plot position noise, 1-sigma per axis (east, north), metres, > 0. Also the sigma the
  /// plots carry.
  double noise_sigma_m = 50.0;
  /// False plots per sweep, uniform over the area.
  std::size_t clutter_per_scan = 0;
  /// Sweep period, seconds, > 0.
  double scan_period_s = 10.0;
  /// Each sweep is delivered as this many sector scans, >= 1: sector k covers the k-th of
  /// `sectors` equal longitude bands of the area (by the target's position at the sweep
  /// start), is timed at sweep start + k * period / sectors, and carries its share of the
  /// clutter. 1 = one scan per sweep.
  std::size_t sectors = 1;
  /// Time of the first sweep (default 2026-01-01T00:00:00Z).
  core::Timestamp start{1'767'225'600'000'000'000};
  /// Sensor index and kind written into scans and measurements: a non-cooperative kind, so
  /// the tracker treats the plots as detections of unknown targets.
  core::SensorIndex sensor = 0;
  core::SensorKind sensor_kind = core::SensorKind::AirborneEoIr;
  std::uint64_t seed = 1;
  /// Record truth per target per sweep in Sweep::truth (off for big throughput runs).
  bool record_truth = true;
};

/// Throws std::invalid_argument naming the first bad field.
void validate(const LoadConfig& config);

/// A target's true state at a sweep time.
struct TruthState {
  std::uint32_t target = 0;  ///< index, 0 .. targets - 1
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double speed_mps = 0.0;
  double course_deg = 0.0;  ///< clockwise from north, [0, 360): the geodesic's azimuth there
  bool operator==(const TruthState&) const = default;
};

/// One sensor sweep: its scans in time order, and the truth at the sweep start.
struct Sweep {
  core::Timestamp time;
  std::vector<core::Scan> scans;
  std::vector<TruthState> truth;  ///< by target index; empty unless record_truth
  std::size_t target_plots = 0;   ///< plots of real targets in this sweep
  std::size_t clutter_plots = 0;
};

class SyntheticLoad {
 public:
  /// Draws the targets. Throws std::invalid_argument on a bad config.
  explicit SyntheticLoad(LoadConfig config);

  /// Generates the next sweep (the first one is at config.start) and advances the targets.
  Sweep next();

  [[nodiscard]] const LoadConfig& config() const { return config_; }
  [[nodiscard]] std::size_t sweeps() const { return sweeps_; }
  /// Targets that have manoeuvred (started a turn) so far.
  [[nodiscard]] std::size_t targetsTurned() const;

  /// Turns are integrated in steps of at most this many seconds.
  static constexpr double kTurnStepS = 1.0;

 private:
  struct Target {
    double lat_deg = 0.0;
    double lon_deg = 0.0;
    double course_deg = 0.0;
    double speed_mps = 0.0;
    double t_s = 0.0;  ///< time of the state, seconds since config.start
    bool manoeuvres = false;
    bool turned = false;
    double turn_start_s = 0.0;  ///< current or next turn
    double turn_end_s = 0.0;
    double turn_rate_dps = 0.0;
    sim::Rng rng{0};  ///< for the target's later turns
  };

  void advance(Target& target, double t_s) const;
  void drawNextTurn(Target& target, double after_s) const;
  core::GeoPoint randomPosition(sim::Rng& rng) const;
  core::Measurement plot(core::Timestamp time, const core::GeoPoint& p);
  std::size_t sectorOf(double lon_deg) const;

  LoadConfig config_;
  std::vector<Target> targets_;
  sim::Rng rng_;
  std::size_t sweeps_ = 0;
  std::uint64_t sequence_ = 0;
  double sin_lat_min_ = 0.0;
  double sin_lat_max_ = 0.0;
};

/// The approximate heap size of generated scans, bytes (vector capacities and sizes of the
/// value types), for subtracting them from a process's resident memory.
std::size_t approximateBytes(const std::vector<core::Scan>& scans);

}  // namespace picket::bench
