#pragma once
// Geometry shared by the radar models: horizon, polar coordinates of a point seen from a sensor,
// and placement of false plots. All geodesy goes through fusion/geo (GeographicLib).

#include <optional>

#include "core/types.hpp"
#include "geo/wgs84.hpp"
#include "sim/rng.hpp"
#include "sim/route.hpp"

namespace picket::sim {

struct Scenario;

/// Radar horizon for the standard 4/3 effective Earth radius:
/// d_km = 4.12 (sqrt(h_antenna_m) + sqrt(h_target_m)) (Skolnik, Introduction to Radar Systems,
/// 3rd ed., propagation over a spherical Earth). Heights in metres above the sea, >= 0.
double radarHorizonM(double antenna_height_m, double target_height_m);

struct AirSurveillanceRadarConfig;

/// Farthest ground range at which the air radar can see an aircraft `target_alt_m` above the
/// sea: its max_range_m, or with line_of_sight the radar horizon from the site's alt_m if that
/// is nearer.
double airRadarReachM(const AirSurveillanceRadarConfig& radar, double target_alt_m);

/// Exact tests of the geodesic ground distance (heights ignored) from a fixed centre, cheap in
/// almost every case: the straight chord c between the two sea-level points in ECEF bounds the
/// geodesic g on both sides, c <= g <= 2 R asin(c / 2 R), R being the smallest radius of
/// curvature of WGS-84 (a (1 - e^2) = 6,335 km at the equator; a curve whose curvature never
/// exceeds 1 / R has a chord at least that of a circle of radius R: Schur's comparison
/// theorem). Only a point within the gap (0.4 m at 74 km, 28 km at 3,000 km) costs a
/// GeographicLib inverse problem.
class GroundDistance {
 public:
  explicit GroundDistance(const core::GeoPoint& centre);
  /// True when the geodesic distance from the centre to `p` lies in [min_m, max_m].
  [[nodiscard]] bool within(const core::GeoPoint& p, double min_m, double max_m) const;
  [[nodiscard]] bool within(const core::GeoPoint& p, double max_m) const {
    return within(p, 0.0, max_m);
  }

 private:
  core::GeoPoint centre_;
  core::Vec3 centre_ecef_;
};

/// A point as a radar sees it.
struct PolarView {
  double range_m = 0.0;      ///< slant range, ECEF antenna to ECEF target
  double bearing_deg = 0.0;  ///< clockwise from true north in the antenna's ENU frame, [0, 360)
};

/// Slant range and bearing of `target` from the origin of `sensor_frame` (the antenna).
PolarView polarFrom(const geo::LocalFrame& sensor_frame, const core::GeoPoint& target);
/// The same for a target given in ECEF metres.
PolarView polarFromEcef(const geo::LocalFrame& sensor_frame, const core::Vec3& target_ecef_m);

/// `p` moved `east_m` and `north_m` in its local tangent plane (then back onto its height): for
/// offsets of metres (GNSS error), where the plane and the ellipsoid part by micrometres.
/// Through GeographicLib's geocentric conversions, cheaper than a geodesic problem.
core::GeoPoint offsetLocal(const core::GeoPoint& p, double east_m, double north_m);

/// The ECEF displacement of a platform in state `s` after `dt` at its ground velocity (level,
/// straight): for intervals of milliseconds, where a route's curvature and turns do not show.
core::Vec3 displacementEcef(const PlatformState& s, core::Duration dt);

/// Adds Gaussian noise to a true polar view: range stays > 0, bearing is wrapped to [0, 360).
PolarView addPolarNoise(const PolarView& truth, double range_sigma_m, double bearing_sigma_deg,
                        Rng& rng);

/// A false plot's location: a sea-level point drawn uniformly by area over the annulus of
/// ground distance [min_ground_m, max_ground_m] around `centre`, redrawn while it falls on the
/// scenario's land. nullopt if no sea point was found in 100 draws (an annulus that is all land).
std::optional<core::GeoPoint> sampleSeaPoint(const core::GeoPoint& centre, double min_ground_m,
                                             double max_ground_m, const Scenario& scenario,
                                             Rng& rng);

/// A point at sea level drawn uniformly by area over the annulus of ground distance
/// [min_ground_m, max_ground_m] around `centre`, land or sea, for wide annuli (thousands of
/// kilometres): on a sphere of the mean Earth radius the area inside ground distance d grows as
/// 1 - cos(d / R), so cos(d / R) is drawn uniformly (Archimedes' hat-box theorem); the plane
/// formula of sampleSeaPoint would be 4 % off at 3000 km. Two draws.
core::GeoPoint sampleAnnulusPoint(const core::GeoPoint& centre, double min_ground_m,
                                  double max_ground_m, Rng& rng);

}  // namespace picket::sim
