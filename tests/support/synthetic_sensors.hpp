#pragma once
// Synthetic truth and sensors for tracker and cueing scenario tests: a coastal radar on Aruba
// (Hooiberg, 165 m) measuring range/bearing of true ECEF points, an AIS receiver, targets on
// geodesics, and seeded noise with our own distributions (STYLE.md 5: std::normal_distribution
// differs between standard libraries).

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "core/measurement.hpp"
#include "core/track.hpp"
#include "geo/wgs84.hpp"
#include "models/measurement_models.hpp"
#include "tracking/tracker_config.hpp"

#include "support/seeded_random.hpp"

namespace picket::test {

/// 2024-03-01T12:00:00Z.
constexpr std::int64_t kT0Ns = 1'709'294'400LL * 1'000'000'000LL;

/// The instant `seconds` after kT0Ns.
inline core::Timestamp at(double seconds) {
  return core::Timestamp{kT0Ns} + core::Duration::fromSeconds(seconds);
}

/// Seeded uniform and normal draws (tests/support/seeded_random.hpp).
using Rng = SeededRandom;

constexpr core::SensorIndex kRadarIndex = 0;
constexpr core::SensorIndex kAisIndex = 1;

/// The sensor table the tests configure: a coastal radar (index 0) and an AIS receiver (1).
inline std::vector<tracking::SensorInfo> sensorTable() {
  return {{"radar-aruba", core::SensorKind::CoastalRadar, core::Domain::Surface, 56'000.0},
          {"ais-aruba", core::SensorKind::Ais, core::Domain::Surface, 74'000.0}};
}

/// A coastal radar at a surveyed site.
struct CoastalRadar {
  core::GeoPoint site{12.5167, -69.9667, 165.0};
  double range_sigma_m = 25.0;
  double bearing_sigma_rad = 0.15 * geo::kDegToRad;
  core::Vec3 ecef = geo::geodeticToEcef(site);
  core::Mat3 enu_to_ecef = geo::enuToEcefRotation(site.lat_deg, site.lon_deg);

  /// A plot with the given range and bearing, as the feed validator would build it.
  [[nodiscard]] core::Measurement plot(double range_m, double bearing_rad,
                                       core::Timestamp t) const {
    core::PolarMeasurement p;
    p.sensor_ecef_m = ecef;
    p.sensor_enu_to_ecef = enu_to_ecef;
    p.range_m = range_m;
    p.range_sigma_m = range_sigma_m;
    p.bearing_rad = geo::wrapTwoPi(bearing_rad);
    p.bearing_sigma_rad = bearing_sigma_rad;
    core::Measurement m;
    m.time = t;
    m.sensor = kRadarIndex;
    m.sensor_kind = core::SensorKind::CoastalRadar;
    m.data = p;
    return m;
  }

  /// The plot of a true ECEF point, with seeded noise (no noise when `rng` is null).
  [[nodiscard]] core::Measurement measure(const core::Vec3& target_ecef, core::Timestamp t,
                                          Rng* rng) const {
    const core::Vec2 z = models::predictPolar(target_ecef, ecef, enu_to_ecef);
    const double dr = rng != nullptr ? range_sigma_m * rng->normal() : 0.0;
    const double db = rng != nullptr ? bearing_sigma_rad * rng->normal() : 0.0;
    return plot(z(0) + dr, z(1) + db, t);
  }

  /// A false plot uniformly distributed over the annulus [min_range_m, max_range_m].
  [[nodiscard]] core::Measurement clutter(core::Timestamp t, Rng& rng, double min_range_m,
                                          double max_range_m) const {
    const double r2 = rng.uniform(min_range_m * min_range_m, max_range_m * max_range_m);
    return plot(std::sqrt(r2), rng.uniform(0.0, 2.0 * geo::kPi), t);
  }

  /// One scan: a detection opportunity for every track in coverage.
  [[nodiscard]] core::Scan scan(core::Timestamp t, std::uint64_t sequence,
                                std::vector<core::Measurement> plots) const {
    core::Scan s;
    s.time = t;
    s.sensor = kRadarIndex;
    s.sensor_kind = core::SensorKind::CoastalRadar;
    s.sequence = sequence;
    s.sensor_ecef_m = ecef;
    s.measurements = std::move(plots);
    return s;
  }
};

/// An AIS report of a true point and velocity, position noise `sigma_m` per axis.
inline core::Measurement aisReport(std::uint32_t mmsi, const core::GeoPoint& truth,
                                   const core::Vec2& velocity_en_mps, core::Timestamp t, Rng* rng,
                                   double sigma_m = 10.0) {
  const geo::LocalFrame frame({truth.lat_deg, truth.lon_deg, 0.0});
  const double de = rng != nullptr ? sigma_m * rng->normal() : 0.0;
  const double dn = rng != nullptr ? sigma_m * rng->normal() : 0.0;
  const core::GeoPoint reported = geo::ecefToGeodetic(frame.toEcef({de, dn, 0.0}));
  core::PositionMeasurement p;
  p.position = {reported.lat_deg, reported.lon_deg, 0.0};
  p.cov_en_m2 = core::Mat2::Identity() * sigma_m * sigma_m;
  p.velocity_en_mps = velocity_en_mps;
  p.velocity_cov_en_m2ps2 = core::Mat2::Identity() * 0.25;
  core::Measurement m;
  m.time = t;
  m.sensor = kAisIndex;
  m.sensor_kind = core::SensorKind::Ais;
  m.mmsi = mmsi;
  m.data = p;
  return m;
}

/// An AIS scan holding one report (AIS messages carry one position each).
inline core::Scan aisScan(const core::Measurement& report, std::uint64_t sequence) {
  core::Scan s;
  s.time = report.time;
  s.sensor = kAisIndex;
  s.sensor_kind = core::SensorKind::Ais;
  s.sequence = sequence;
  s.measurements = {report};
  return s;
}

/// A scan holding one position plot of sensor `sensor` (of kind `kind`) at `t`.
inline core::Scan plotScan(core::SensorIndex sensor, core::SensorKind kind, core::Timestamp t,
                           std::uint64_t sequence, const core::PositionMeasurement& plot) {
  core::Measurement m;
  m.time = t;
  m.sensor = sensor;
  m.sensor_kind = kind;
  m.data = plot;
  core::Scan s;
  s.time = t;
  s.sensor = sensor;
  s.sensor_kind = kind;
  s.sequence = sequence;
  s.measurements = {m};
  return s;
}

/// A surface vessel moving at constant speed along a geodesic.
struct StraightTarget {
  core::GeoPoint start;  ///< position at t = 0 s
  double azimuth_deg = 0.0;
  double speed_mps = 0.0;

  [[nodiscard]] core::GeoPoint position(double t_s) const {
    core::GeoPoint p = geo::geodesicDirect(start, azimuth_deg, speed_mps * t_s);
    p.alt_m = 0.0;
    return p;
  }
  [[nodiscard]] core::Vec3 ecef(double t_s) const { return geo::geodeticToEcef(position(t_s)); }
  /// East/north velocity at t_s (central difference over 1 s).
  [[nodiscard]] core::Vec2 velocityEn(double t_s) const {
    const core::Vec3 v = ecef(t_s + 0.5) - ecef(t_s - 0.5);
    const core::GeoPoint p = position(t_s);
    return (geo::enuToEcefRotation(p.lat_deg, p.lon_deg).transpose() * v).head<2>();
  }
};

/// A surface target that moves as the nearly-constant-velocity model says: white-noise
/// acceleration of density q (m^2/s^3) per horizontal axis, integrated exactly (discrete
/// process noise of Bar-Shalom, Li, Kirubarajan 2001, sec. 6.2.2) in the tangent plane at the
/// start, and placed on the ellipsoid.
class NcvTarget {
 public:
  NcvTarget(const core::GeoPoint& start, const core::Vec2& velocity_en_mps, double q_m2ps3)
      : frame_({start.lat_deg, start.lon_deg, 0.0}), v_(velocity_en_mps), q_(q_m2ps3) {}

  /// Advances by dt_s with a random acceleration.
  void step(double dt_s, Rng& rng) {
    // Cholesky factor of q [[dt^3/3, dt^2/2], [dt^2/2, dt]].
    const double l11 = std::sqrt(dt_s * dt_s * dt_s / 3.0);
    const double l21 = std::sqrt(3.0 * dt_s) / 2.0;
    const double l22 = std::sqrt(dt_s) / 2.0;
    for (int axis = 0; axis < 2; ++axis) {
      const double z1 = rng.normal();
      const double z2 = rng.normal();
      p_(axis) += v_(axis) * dt_s + std::sqrt(q_) * l11 * z1;
      v_(axis) += std::sqrt(q_) * (l21 * z1 + l22 * z2);
    }
  }
  [[nodiscard]] core::GeoPoint position() const {
    core::GeoPoint g = geo::ecefToGeodetic(frame_.toEcef({p_.x(), p_.y(), 0.0}));
    g.alt_m = 0.0;
    return g;
  }
  [[nodiscard]] core::Vec3 ecef() const { return geo::geodeticToEcef(position()); }
  /// Velocity in the start's tangent plane (east, north), m/s.
  [[nodiscard]] core::Vec2 velocityEn() const { return v_; }

 private:
  geo::LocalFrame frame_;
  core::Vec2 p_ = core::Vec2::Zero();
  core::Vec2 v_;
  double q_;
};

/// Horizontal distance (m) between a track's position and a true point.
inline double horizontalError(const core::Track& track, const core::GeoPoint& truth) {
  const geo::LocalFrame frame({truth.lat_deg, truth.lon_deg, 0.0});
  return frame.toLocal(track.x.head<3>()).head<2>().norm();
}

/// A track's east/north velocity at the true point's frame.
inline core::Vec2 velocityEn(const core::Track& track, const core::GeoPoint& where) {
  return (geo::enuToEcefRotation(where.lat_deg, where.lon_deg).transpose() * track.x.tail<3>())
      .head<2>();
}

/// A track's height above the ellipsoid.
inline double heightOf(const core::Track& track) {
  return geo::ecefToGeodetic(track.x.head<3>()).alt_m;
}

/// The point `distance_m` from the radar site along `bearing_deg`, on the ellipsoid.
inline core::GeoPoint fromSite(const CoastalRadar& radar, double bearing_deg, double distance_m) {
  core::GeoPoint p =
      geo::geodesicDirect({radar.site.lat_deg, radar.site.lon_deg, 0.0}, bearing_deg, distance_m);
  p.alt_m = 0.0;
  return p;
}

}  // namespace picket::test
