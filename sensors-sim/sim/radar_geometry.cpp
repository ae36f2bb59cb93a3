#include "sim/radar_geometry.hpp"

#include <algorithm>
#include <cmath>

#include "sim/route.hpp"
#include "sim/scenario.hpp"

namespace picket::sim {

double radarHorizonM(double antenna_height_m, double target_height_m) {
  return 4120.0 *
         (std::sqrt(std::max(0.0, antenna_height_m)) + std::sqrt(std::max(0.0, target_height_m)));
}

double airRadarReachM(const AirSurveillanceRadarConfig& radar, double target_alt_m) {
  if (!radar.line_of_sight) return radar.max_range_m;
  return std::min(radar.max_range_m, radarHorizonM(radar.site.alt_m, target_alt_m));
}

namespace {

// Smallest radius of curvature of WGS-84, a (1 - e^2), rounded down (conservative bounds).
constexpr double kMinCurvatureRadiusM = 6'335'000.0;

}  // namespace

GroundDistance::GroundDistance(const core::GeoPoint& centre)
    : centre_{centre.lat_deg, centre.lon_deg, 0.0}, centre_ecef_(geo::geodeticToEcef(centre_)) {}

bool GroundDistance::within(const core::GeoPoint& p, double min_m, double max_m) const {
  const core::GeoPoint sea{p.lat_deg, p.lon_deg, 0.0};
  const double chord_m = (geo::geodeticToEcef(sea) - centre_ecef_).norm();
  const double ratio = std::min(1.0, chord_m / (2.0 * kMinCurvatureRadiusM));
  const double longest_m = 2.0 * kMinCurvatureRadiusM * std::asin(ratio);
  if (chord_m > max_m || longest_m < min_m) return false;
  if (chord_m >= min_m && longest_m <= max_m) return true;
  const double g = geo::geodesicInverse(centre_, sea).distance_m;
  return g >= min_m && g <= max_m;
}

PolarView polarFrom(const geo::LocalFrame& sensor_frame, const core::GeoPoint& target) {
  return polarFromEcef(sensor_frame, geo::geodeticToEcef(target));
}

core::GeoPoint offsetLocal(const core::GeoPoint& p, double east_m, double north_m) {
  const core::Mat3 r = geo::enuToEcefRotation(p.lat_deg, p.lon_deg);
  core::GeoPoint out =
      geo::ecefToGeodetic(geo::geodeticToEcef(p) + r * core::Vec3(east_m, north_m, 0.0));
  out.alt_m = p.alt_m;
  return out;
}

core::Vec3 displacementEcef(const PlatformState& s, core::Duration dt) {
  const core::Mat3 r = geo::enuToEcefRotation(s.position.lat_deg, s.position.lon_deg);
  return r * core::Vec3(s.vel_east_mps, s.vel_north_mps, 0.0) * dt.seconds();
}

PolarView polarFromEcef(const geo::LocalFrame& sensor_frame, const core::Vec3& target_ecef_m) {
  const core::Vec3 enu = sensor_frame.toLocal(target_ecef_m);
  PolarView v;
  v.range_m = enu.norm();
  v.bearing_deg = wrapDeg360(std::atan2(enu.x(), enu.y()) * geo::kRadToDeg);
  return v;
}

PolarView addPolarNoise(const PolarView& truth, double range_sigma_m, double bearing_sigma_deg,
                        Rng& rng) {
  PolarView v;
  // Clamp instead of redrawing so that the number of draws per plot is fixed.
  v.range_m = std::max(1.0, rng.normal(truth.range_m, range_sigma_m));
  v.bearing_deg = wrapDeg360(rng.normal(truth.bearing_deg, bearing_sigma_deg));
  return v;
}

std::optional<core::GeoPoint> sampleSeaPoint(const core::GeoPoint& centre, double min_ground_m,
                                             double max_ground_m, const Scenario& scenario,
                                             Rng& rng) {
  const core::GeoPoint sea_level{centre.lat_deg, centre.lon_deg, 0.0};
  const double r1_sq = min_ground_m * min_ground_m;
  const double r2_sq = max_ground_m * max_ground_m;
  for (int attempt = 0; attempt < 100; ++attempt) {
    // Uniform by area: the radius is the square root of a uniform draw between r1^2 and r2^2.
    const double ground_m = std::sqrt(rng.uniform(r1_sq, r2_sq));
    const double azimuth_deg = rng.uniform(0.0, 360.0);
    const core::GeoPoint p = geo::geodesicDirect(sea_level, azimuth_deg, ground_m);
    if (!scenario.isOverLand(p.lat_deg, p.lon_deg)) return p;
  }
  return std::nullopt;
}

core::GeoPoint sampleAnnulusPoint(const core::GeoPoint& centre, double min_ground_m,
                                  double max_ground_m, Rng& rng) {
  constexpr double kMeanEarthRadiusM = 6'371'008.8;
  const double c1 = std::cos(min_ground_m / kMeanEarthRadiusM);
  const double c2 = std::cos(max_ground_m / kMeanEarthRadiusM);
  const double ground_m = kMeanEarthRadiusM * std::acos(std::clamp(rng.uniform(c2, c1), -1.0, 1.0));
  const double azimuth_deg = rng.uniform(0.0, 360.0);
  return geo::geodesicDirect({centre.lat_deg, centre.lon_deg, 0.0}, azimuth_deg, ground_m);
}

}  // namespace picket::sim
