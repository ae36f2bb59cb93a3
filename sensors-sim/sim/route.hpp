#pragma once
// Platform kinematics: constant speed along geodesic legs between waypoints, with stops.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"
#include "geo/wgs84.hpp"

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

/// A point of a route: where, how fast the leg that leaves it is travelled, and how long the
/// platform stays stopped here before leaving (a rendezvous, a fishing set, a port call).
struct Waypoint {
  core::GeoPoint position;  ///< alt_m: the height flown on the leg leaving this point
  double speed_mps = 0.0;   ///< over the leg that leaves this waypoint, > 0 unless it is last
  core::Duration hold;      ///< stopped here before leaving, >= 0
  bool operator==(const Waypoint&) const = default;
};

/// A route travelled along the geodesics joining waypoints (GeographicLib via fusion/geo), each
/// leg at its own constant speed, with optional stops at waypoints; it starts at the first
/// waypoint at elapsed time zero (after that waypoint's hold). Height is that of each leg's start
/// waypoint (constant for ships and level flight). Immutable after construction; copying shares
/// the precomputed legs.
class Route {
 public:
  Route() = default;
  /// One speed for every leg, no stops. waypoints: at least one; speed_mps >= 0.
  Route(std::vector<core::GeoPoint> waypoints, double speed_mps, RouteEnd end = RouteEnd::Stop);
  /// waypoints: at least one; every leg's speed > 0 (the last waypoint's is ignored for
  /// RouteEnd::Stop); holds >= 0. std::invalid_argument otherwise.
  explicit Route(std::vector<Waypoint> waypoints, RouteEnd end = RouteEnd::Stop);

  /// State after `elapsed` since the route started (negative elapsed clamps to zero).
  [[nodiscard]] PlatformState stateAt(core::Duration elapsed) const;

  /// Total length of one pass (including the closing leg of a loop), metres.
  [[nodiscard]] double lengthM() const { return length_m_; }
  /// Time to complete one pass, holds included (a loop: one lap).
  [[nodiscard]] core::Duration passDuration() const { return core::Duration{pass_ns_}; }
  /// Speed of the first leg (the route's speed when all legs share one).
  [[nodiscard]] double speedMps() const;
  [[nodiscard]] const std::vector<Waypoint>& waypoints() const { return waypoints_; }
  [[nodiscard]] RouteEnd end() const { return end_; }

 private:
  struct Leg {
    geo::GeodesicLeg line;
    double speed_mps = 0.0;
    std::int64_t depart_ns = 0;  // leaves its start waypoint (after the hold)
    std::int64_t arrive_ns = 0;  // reaches its end waypoint
  };

  void build();
  [[nodiscard]] PlatformState stateInPass(std::int64_t t_ns) const;

  std::vector<Waypoint> waypoints_;
  std::shared_ptr<const std::vector<Leg>> legs_;
  double length_m_ = 0.0;
  std::int64_t pass_ns_ = 0;
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
