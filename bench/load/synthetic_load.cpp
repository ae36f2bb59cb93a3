#include "load/synthetic_load.hpp"

#include <GeographicLib/Geodesic.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace picket::bench {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegToRad = kPi / 180.0;
constexpr double kRadToDeg = 180.0 / kPi;

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Seed of an independent stream: the load's own (stream 0) or target i's (stream i + 1).
std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t stream) {
  std::uint64_t s = seed ^ (stream * 0xD1B54A32D192ED03ull);
  return splitmix64(s);
}

double wrap360(double deg) {
  double a = std::fmod(deg, 360.0);
  if (a < 0.0) a += 360.0;
  if (a >= 360.0) a = 0.0;
  return a;
}

const GeographicLib::Geodesic& wgs84() { return GeographicLib::Geodesic::WGS84(); }

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("synthetic load: ") + what);
}

}  // namespace

void validate(const LoadConfig& c) {
  require(c.targets <= std::numeric_limits<std::uint32_t>::max(), "targets too many");
  require(c.lat_min_deg >= -89.0 && c.lat_min_deg < c.lat_max_deg && c.lat_max_deg <= 89.0,
          "need -89 <= lat_min_deg < lat_max_deg <= 89");
  require(c.lon_min_deg >= -180.0 && c.lon_min_deg < c.lon_max_deg && c.lon_max_deg <= 180.0,
          "need -180 <= lon_min_deg < lon_max_deg <= 180");
  require(c.speed_min_mps >= 0.0 && c.speed_min_mps <= c.speed_max_mps, "bad speed range");
  require(c.manoeuvring_fraction >= 0.0 && c.manoeuvring_fraction <= 1.0,
          "manoeuvring_fraction must be in [0, 1]");
  require(c.turn_rate_min_dps >= 0.0 && c.turn_rate_min_dps <= c.turn_rate_max_dps,
          "bad turn rate range");
  require(c.turn_duration_min_s > 0.0 && c.turn_duration_min_s <= c.turn_duration_max_s,
          "bad turn duration range");
  require(c.turn_gap_min_s > 0.0 && c.turn_gap_min_s <= c.turn_gap_max_s, "bad turn gap range");
  require(c.pd >= 0.0 && c.pd <= 1.0, "pd must be in [0, 1]");
  require(c.noise_sigma_m > 0.0 && std::isfinite(c.noise_sigma_m), "noise_sigma_m must be > 0");
  require(c.scan_period_s > 0.0 && c.scan_period_s <= 86400.0,
          "scan_period_s must be in (0, 86400]");
  require(c.sectors >= 1 && c.sectors <= 100'000, "sectors must be in [1, 100000]");
}

SyntheticLoad::SyntheticLoad(LoadConfig config)
    : config_(std::move(config)), rng_(streamSeed(config_.seed, 0)) {
  validate(config_);
  sin_lat_min_ = std::sin(config_.lat_min_deg * kDegToRad);
  sin_lat_max_ = std::sin(config_.lat_max_deg * kDegToRad);
  targets_.reserve(config_.targets);
  for (std::size_t i = 0; i < config_.targets; ++i) {
    Target t;
    t.rng = sim::Rng(streamSeed(config_.seed, i + 1));
    const core::GeoPoint p = randomPosition(t.rng);
    t.lat_deg = p.lat_deg;
    t.lon_deg = p.lon_deg;
    t.speed_mps = t.rng.uniform(config_.speed_min_mps, config_.speed_max_mps);
    t.course_deg = t.rng.uniform(0.0, 360.0);
    t.manoeuvres = t.rng.uniform01() < config_.manoeuvring_fraction;
    if (t.manoeuvres) drawNextTurn(t, -1.0);
    targets_.push_back(std::move(t));
  }
}

std::size_t SyntheticLoad::targetsTurned() const {
  return static_cast<std::size_t>(
      std::count_if(targets_.begin(), targets_.end(), [](const Target& t) { return t.turned; }));
}

core::GeoPoint SyntheticLoad::randomPosition(sim::Rng& rng) const {
  // Uniform by area on a sphere; on the ellipsoid the density differs by < 1 % (authalic vs
  // geodetic latitude), which does not matter for a load.
  const double lat_deg = std::asin(rng.uniform(sin_lat_min_, sin_lat_max_)) * kRadToDeg;
  const double lon_deg = rng.uniform(config_.lon_min_deg, config_.lon_max_deg);
  return {lat_deg, lon_deg, 0.0};
}

void SyntheticLoad::drawNextTurn(Target& t, double after_s) const {
  // after_s < 0: the first turn, anywhere in the first gap.
  const double gap_s = after_s < 0.0 ? t.rng.uniform(0.0, config_.turn_gap_max_s)
                                     : t.rng.uniform(config_.turn_gap_min_s, config_.turn_gap_max_s);
  t.turn_start_s = std::max(after_s, 0.0) + gap_s;
  t.turn_end_s =
      t.turn_start_s + t.rng.uniform(config_.turn_duration_min_s, config_.turn_duration_max_s);
  const double rate = t.rng.uniform(config_.turn_rate_min_dps, config_.turn_rate_max_dps);
  t.turn_rate_dps = t.rng.uniform01() < 0.5 ? -rate : rate;
}

void SyntheticLoad::advance(Target& t, double t_s) const {
  while (t.t_s < t_s) {
    const bool turning = t.manoeuvres && t.t_s >= t.turn_start_s && t.t_s < t.turn_end_s;
    double lat = 0.0, lon = 0.0, azi2 = 0.0;
    if (turning) {
      // Coordinated turn, midpoint rule: a short geodesic at the course of mid-step.
      const double h = std::min({kTurnStepS, t.turn_end_s - t.t_s, t_s - t.t_s});
      const double half_turn_deg = 0.5 * t.turn_rate_dps * h;
      wgs84().Direct(t.lat_deg, t.lon_deg, t.course_deg + half_turn_deg, t.speed_mps * h, lat,
                     lon, azi2);
      t.course_deg = wrap360(azi2 + half_turn_deg);
      t.t_s += h;
      t.turned = true;
      if (t.t_s >= t.turn_end_s) drawNextTurn(t, t.turn_end_s);
    } else {
      // A geodesic leg up to the requested time or the next turn, whichever is first.
      const double end_s =
          t.manoeuvres && t.turn_start_s > t.t_s ? std::min(t_s, t.turn_start_s) : t_s;
      wgs84().Direct(t.lat_deg, t.lon_deg, t.course_deg, t.speed_mps * (end_s - t.t_s), lat, lon,
                     azi2);
      t.course_deg = wrap360(azi2);
      t.t_s = end_s;
    }
    t.lat_deg = lat;
    t.lon_deg = lon;
  }
}

std::size_t SyntheticLoad::sectorOf(double lon_deg) const {
  const double f = (lon_deg - config_.lon_min_deg) / (config_.lon_max_deg - config_.lon_min_deg);
  const double k = std::floor(f * static_cast<double>(config_.sectors));
  // Targets that have left the area belong to the nearest edge sector.
  if (!(k > 0.0)) return 0;
  return std::min(static_cast<std::size_t>(k), config_.sectors - 1);
}

core::Measurement SyntheticLoad::plot(core::Timestamp time, const core::GeoPoint& p) {
  // The same measurement a detections CSV lat_deg,lon_deg,sigma_m row becomes
  // (io/detections_csv.cpp).
  core::Measurement m;
  m.time = time;
  m.sensor = config_.sensor;
  m.sensor_kind = config_.sensor_kind;
  core::PositionMeasurement pm;
  pm.position = {p.lat_deg, p.lon_deg, 0.0};
  pm.cov_en_m2 = core::Mat2::Identity() * config_.noise_sigma_m * config_.noise_sigma_m;
  m.data = pm;
  return m;
}

Sweep SyntheticLoad::next() {
  const std::int64_t period_ns = std::llround(config_.scan_period_s * 1e9);
  const std::int64_t sweep_ns = static_cast<std::int64_t>(sweeps_) * period_ns;
  const double t0_s = static_cast<double>(sweep_ns) * 1e-9;
  Sweep sweep;
  sweep.time = config_.start + core::Duration{sweep_ns};

  for (Target& t : targets_) advance(t, t0_s);
  if (config_.record_truth) {
    sweep.truth.reserve(targets_.size());
    for (std::size_t i = 0; i < targets_.size(); ++i) {
      const Target& t = targets_[i];
      sweep.truth.push_back(
          {static_cast<std::uint32_t>(i), t.lat_deg, t.lon_deg, t.speed_mps, t.course_deg});
    }
  }

  // Detected targets by sector, in index order.
  const std::size_t sectors = config_.sectors;
  std::vector<std::vector<std::uint32_t>> detected(sectors);
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    if (rng_.uniform01() < config_.pd) {
      detected[sectorOf(targets_[i].lon_deg)].push_back(static_cast<std::uint32_t>(i));
    }
  }

  const std::size_t clutter = config_.clutter_per_scan;
  sweep.scans.reserve(sectors);
  for (std::size_t k = 0; k < sectors; ++k) {
    const std::int64_t offset_ns =
        static_cast<std::int64_t>(k) * period_ns / static_cast<std::int64_t>(sectors);
    const core::Timestamp time = sweep.time + core::Duration{offset_ns};
    const double t_s = static_cast<double>(sweep_ns + offset_ns) * 1e-9;
    const std::size_t n_clutter = (k + 1) * clutter / sectors - k * clutter / sectors;

    core::Scan scan;
    scan.time = time;
    scan.sensor = config_.sensor;
    scan.sensor_kind = config_.sensor_kind;
    scan.sequence = ++sequence_;
    // No sensor position: like geolocated plots from a detections CSV, a scan only proves
    // coverage of the tracks it detects.
    scan.measurements.reserve(detected[k].size() + n_clutter);
    for (const std::uint32_t i : detected[k]) {
      Target& t = targets_[i];
      advance(t, t_s);
      const double east_m = config_.noise_sigma_m * rng_.normal();
      const double north_m = config_.noise_sigma_m * rng_.normal();
      double lat = 0.0, lon = 0.0;
      wgs84().Direct(t.lat_deg, t.lon_deg, std::atan2(east_m, north_m) * kRadToDeg,
                     std::hypot(east_m, north_m), lat, lon);
      scan.measurements.push_back(plot(time, {lat, lon, 0.0}));
    }
    for (std::size_t c = 0; c < n_clutter; ++c) {
      core::GeoPoint p = randomPosition(rng_);
      if (sectors > 1) {
        // Clutter of sector k falls in its longitude band.
        const double band = (config_.lon_max_deg - config_.lon_min_deg) / static_cast<double>(sectors);
        p.lon_deg = config_.lon_min_deg + band * (static_cast<double>(k) + rng_.uniform01());
      }
      scan.measurements.push_back(plot(time, p));
    }
    // A seeded random plot order (Fisher-Yates), so that no tracker can profit from the
    // generator's order.
    auto& ms = scan.measurements;
    for (std::size_t i = ms.size(); i > 1; --i) {
      const std::size_t j = static_cast<std::size_t>(rng_.below(i));
      if (j != i - 1) std::swap(ms[i - 1], ms[j]);
    }
    sweep.target_plots += detected[k].size();
    sweep.clutter_plots += n_clutter;
    sweep.scans.push_back(std::move(scan));
  }
  ++sweeps_;
  return sweep;
}

std::size_t approximateBytes(const std::vector<core::Scan>& scans) {
  std::size_t bytes = scans.capacity() * sizeof(core::Scan);
  for (const core::Scan& s : scans) bytes += s.measurements.capacity() * sizeof(core::Measurement);
  return bytes;
}

}  // namespace picket::bench
