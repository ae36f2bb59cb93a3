#include "tracking/track_init.hpp"

#include <cmath>

#include "geo/wgs84.hpp"

namespace picket::tracking {

using core::Mat3;
using core::Vec3;

namespace {

// Mean Earth radius, used only to seed the curvature drop in the iteration below; the
// result is then placed on the ellipsoid exactly through GeographicLib.
constexpr double kSeedEarthRadiusM = 6'371'000.0;

struct PolarGround {
  Vec3 ecef;
  double ground_range_m;
};

PolarGround polarToSurface(const core::PolarMeasurement& p) {
  const core::GeoPoint site = geo::ecefToGeodetic(p.sensor_ecef_m);
  // Target at height 0: in the antenna frame u = -(site height) - rho^2 / (2 R); solve
  // rho^2 + u^2 = r^2 by fixed-point iteration (converges in a few steps for r << R).
  double rho = p.range_m;
  double u = 0.0;
  for (int i = 0; i < 4; ++i) {
    u = -site.alt_m - rho * rho / (2.0 * kSeedEarthRadiusM);
    const double rho2 = p.range_m * p.range_m - u * u;
    rho = rho2 > 0.0 ? std::sqrt(rho2) : 0.0;
  }
  const Vec3 enu{rho * std::sin(p.bearing_rad), rho * std::cos(p.bearing_rad), u};
  core::GeoPoint g = geo::ecefToGeodetic(p.sensor_ecef_m + p.sensor_enu_to_ecef * enu);
  g.alt_m = 0.0;
  return {geo::geodeticToEcef(g), rho};
}

}  // namespace

Vec3 measuredPositionEcef(const core::Measurement& m) {
  if (const auto* p = std::get_if<core::PolarMeasurement>(&m.data)) {
    return polarToSurface(*p).ecef;
  }
  const auto& pos = std::get<core::PositionMeasurement>(m.data);
  return geo::geodeticToEcef({pos.position.lat_deg, pos.position.lon_deg, 0.0});
}

filters::TrackState initialSurfaceState(const core::Measurement& m, const TrackerConfig& config) {
  filters::TrackState s;
  s.time = m.time;
  core::Mat2 pos_cov_en;
  core::Mat2 vel_cov_en = core::Mat2::Identity() * config.initial_speed_sigma_mps *
                          config.initial_speed_sigma_mps;
  core::Vec2 vel_en = core::Vec2::Zero();
  Vec3 position;
  if (const auto* p = std::get_if<core::PolarMeasurement>(&m.data)) {
    const PolarGround g = polarToSurface(*p);
    position = g.ecef;
    // Range and cross-range variances in the antenna's horizontal frame, then rotated into
    // east/north. Ground-range variance: d(rho)/d(r) = r / rho.
    const double scale = g.ground_range_m > 1.0 ? p->range_m / g.ground_range_m : 1.0;
    const double var_range = std::pow(p->range_sigma_m * scale, 2) +
                             core::Vec3(p->sensor_cov_ecef_m2.diagonal()).head<2>().mean();
    const double var_cross = std::pow(g.ground_range_m * p->bearing_sigma_rad, 2) +
                             core::Vec3(p->sensor_cov_ecef_m2.diagonal()).head<2>().mean();
    const double sb = std::sin(p->bearing_rad);
    const double cb = std::cos(p->bearing_rad);
    core::Mat2 rot;  // columns: range direction, cross-range direction, in east/north
    rot << sb, cb, cb, -sb;
    pos_cov_en = rot * core::Vec2(var_range, var_cross).asDiagonal() * rot.transpose();
  } else {
    const auto& pos = std::get<core::PositionMeasurement>(m.data);
    position = geo::geodeticToEcef({pos.position.lat_deg, pos.position.lon_deg, 0.0});
    pos_cov_en = pos.cov_en_m2;
    if (pos.velocity_en_mps) {
      vel_en = *pos.velocity_en_mps;
      vel_cov_en = pos.velocity_cov_en_m2ps2;
    }
  }
  const core::GeoPoint g = geo::ecefToGeodetic(position);
  const Mat3 r = geo::enuToEcefRotation(g.lat_deg, g.lon_deg);
  Mat3 pos_cov_enu = Mat3::Zero();
  pos_cov_enu.topLeftCorner<2, 2>() = pos_cov_en;
  pos_cov_enu(2, 2) = config.surface_height_sigma_m * config.surface_height_sigma_m;
  Mat3 vel_cov_enu = Mat3::Zero();
  vel_cov_enu.topLeftCorner<2, 2>() = vel_cov_en;
  vel_cov_enu(2, 2) =
      config.surface_vertical_speed_sigma_mps * config.surface_vertical_speed_sigma_mps;
  s.x.head<3>() = position;
  s.x.tail<3>() = r * Vec3(vel_en.x(), vel_en.y(), 0.0);
  s.P.setZero();
  s.P.topLeftCorner<3, 3>() = r * pos_cov_enu * r.transpose();
  s.P.bottomRightCorner<3, 3>() = r * vel_cov_enu * r.transpose();
  s.P = (0.5 * (s.P + s.P.transpose())).eval();
  return s;
}

}  // namespace picket::tracking
