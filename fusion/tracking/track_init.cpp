#include "tracking/track_init.hpp"

#include <cmath>

#include "geo/wgs84.hpp"

namespace picket::tracking {

using core::Vec3;

namespace {

// Mean Earth radius, used only to seed the curvature drop in the iteration below; the
// result is then placed on the ellipsoid exactly through GeographicLib.
constexpr double kSeedEarthRadiusM = 6'371'000.0;

}  // namespace

PlotFix locate(const core::Measurement& m, double target_height_m) {
  PlotFix fix;
  if (const auto* p = std::get_if<core::PolarMeasurement>(&m.data)) {
    const core::GeoPoint site = geo::ecefToGeodetic(p->sensor_ecef_m);
    // Target at height h: in the antenna frame u = h - (site height) - rho^2 / (2 R); solve
    // rho^2 + u^2 = r^2 by fixed-point iteration (converges in a few steps for r << R).
    double rho = p->range_m;
    double u = 0.0;
    for (int i = 0; i < 4; ++i) {
      u = target_height_m - site.alt_m - rho * rho / (2.0 * kSeedEarthRadiusM);
      const double rho2 = p->range_m * p->range_m - u * u;
      rho = rho2 > 0.0 ? std::sqrt(rho2) : 0.0;
    }
    const Vec3 enu{rho * std::sin(p->bearing_rad), rho * std::cos(p->bearing_rad), u};
    core::GeoPoint g = geo::ecefToGeodetic(p->sensor_ecef_m + p->sensor_enu_to_ecef * enu);
    g.alt_m = 0.0;
    fix.surface_ecef = geo::geodeticToEcefClosedForm(g);
    fix.ground_range_m = rho;
    // Range and cross-range variances in the antenna's horizontal frame, rotated into
    // east/north. Ground-range variance: d(rho)/d(r) = r / rho.
    const double scale = rho > 1.0 ? p->range_m / rho : 1.0;
    const double antenna_var = Vec3(p->sensor_cov_ecef_m2.diagonal()).head<2>().mean();
    const double var_range = std::pow(p->range_sigma_m * scale, 2) + antenna_var;
    const double var_cross = std::pow(rho * p->bearing_sigma_rad, 2) + antenna_var;
    const double sb = std::sin(p->bearing_rad);
    const double cb = std::cos(p->bearing_rad);
    core::Mat2 rot;  // columns: range direction, cross-range direction, in east/north
    rot << sb, cb, cb, -sb;
    fix.cov_en_m2 = rot * core::Vec2(var_range, var_cross).asDiagonal() * rot.transpose();
    return fix;
  }
  const auto& pos = std::get<core::PositionMeasurement>(m.data);
  fix.surface_ecef =
      geo::geodeticToEcefClosedForm({pos.position.lat_deg, pos.position.lon_deg, 0.0});
  fix.cov_en_m2 = pos.cov_en_m2;
  return fix;
}

double measurementExtent3(const core::Measurement& m) {
  if (const auto* p = std::get_if<core::PolarMeasurement>(&m.data)) {
    return 3.0 * (p->range_sigma_m + p->range_m * p->bearing_sigma_rad +
                  std::sqrt(p->sensor_cov_ecef_m2.trace()));
  }
  const auto& pos = std::get<core::PositionMeasurement>(m.data);
  return 3.0 * std::sqrt(pos.cov_en_m2.trace());
}

}  // namespace picket::tracking
