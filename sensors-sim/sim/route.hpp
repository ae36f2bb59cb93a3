#pragma once
// Platform kinematics: constant speed along geodesic legs between waypoints.

#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"

namespace picket::sim {

/// True kinematic state of a platform at one instant.
struct PlatformState {
  core::GeoPoint position;    ///< WGS-84; alt_m is the height above the ellipsoid
  double course_deg = 0.0;    ///< over ground, clockwise from true north, [0, 360)
  double speed_mps = 0.0;     ///< over ground
  double vel_east_mps = 0.0;  ///< local east component of the ground velocity
  double vel_north_mps = 0.0;
  bool operator==(const PlatformState&) const = default;
};

/// What a platform does after the last waypoint.
enum class RouteEnd {
  Stop,  ///< stays at the last waypoint with zero speed
  Loop,  ///< flies on to the first waypoint and repeats (racetracks, patrol boxes)
};

/// A route flown at constant speed along the geodesics joining waypoints (GeographicLib via
/// fusion/geo), starting at the first waypoint at time zero. Height is that of each leg's start
/// waypoint (constant for ships and level flight). Immutable after construction.
class Route {
 public:
  Route() = default;
  /// waypoints: at least one; speed_mps >= 0.
  Route(std::vector<core::GeoPoint> waypoints, double speed_mps, RouteEnd end = RouteEnd::Stop);

  /// State after `elapsed` since the route started (negative elapsed clamps to zero).
  [[nodiscard]] PlatformState stateAt(core::Duration elapsed) const;

  /// Total length of one pass (including the closing leg of a loop), metres.
  [[nodiscard]] double lengthM() const { return length_m_; }
  [[nodiscard]] double speedMps() const { return speed_mps_; }
  [[nodiscard]] const std::vector<core::GeoPoint>& waypoints() const { return waypoints_; }

 private:
  struct Leg {
    core::GeoPoint from;
    double azimuth_deg = 0.0;      // at `from`
    double end_azimuth_deg = 0.0;  // forward azimuth on arrival
    double length_m = 0.0;
    double start_m = 0.0;  // distance along the route where the leg begins
  };

  [[nodiscard]] PlatformState stateAtDistance(double along_m, double speed_mps) const;

  std::vector<core::GeoPoint> waypoints_;
  std::vector<Leg> legs_;
  double speed_mps_ = 0.0;
  double length_m_ = 0.0;
  RouteEnd end_ = RouteEnd::Stop;
};

/// Waypoints of a racetrack holding pattern flown clockwise (right-hand turns, the ICAO
/// standard holding direction): two straight legs of `leg_length_m` parallel to `axis_deg`,
/// joined by semicircles of `turn_radius_m` drawn as `chords_per_turn` chords. The first
/// waypoint starts the leg flown along `axis_deg`. Built in the local tangent frame at `centre`
/// (adequate over tens of kilometres). Use with RouteEnd::Loop.
std::vector<core::GeoPoint> racetrackWaypoints(const core::GeoPoint& centre, double axis_deg,
                                               double leg_length_m, double turn_radius_m,
                                               int chords_per_turn);

/// Angle in degrees wrapped to [0, 360).
double wrapDeg360(double angle_deg);

}  // namespace picket::sim
