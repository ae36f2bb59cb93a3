#include "sim/route.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "geo/wgs84.hpp"

namespace picket::sim {

double wrapDeg360(double angle_deg) {
  double a = std::fmod(angle_deg, 360.0);
  if (a < 0.0) a += 360.0;
  // fmod of a tiny negative number plus 360 can round to exactly 360.
  if (a >= 360.0) a = 0.0;
  return a;
}

Route::Route(std::vector<core::GeoPoint> waypoints, double speed_mps, RouteEnd end)
    : waypoints_(std::move(waypoints)), speed_mps_(speed_mps), end_(end) {
  if (waypoints_.empty()) throw std::invalid_argument("a route needs at least one waypoint");
  if (!(speed_mps_ >= 0.0)) throw std::invalid_argument("route speed must be >= 0");
  const std::size_t n = waypoints_.size();
  const std::size_t leg_count = (end_ == RouteEnd::Loop && n > 1) ? n : n - 1;
  for (std::size_t i = 0; i < leg_count; ++i) {
    const core::GeoPoint& a = waypoints_[i];
    const core::GeoPoint& b = waypoints_[(i + 1) % n];
    const geo::GeodesicInverse g = geo::geodesicInverse(a, b);
    legs_.push_back(Leg{a, g.azimuth1_deg, g.azimuth2_deg, g.distance_m, length_m_});
    length_m_ += g.distance_m;
  }
}

PlatformState Route::stateAt(core::Duration elapsed) const {
  const double t_s = std::max(0.0, elapsed.seconds());
  double along_m = speed_mps_ * t_s;
  if (legs_.empty() || length_m_ <= 0.0) return stateAtDistance(0.0, 0.0);
  if (end_ == RouteEnd::Loop) {
    along_m = std::fmod(along_m, length_m_);
  } else if (along_m >= length_m_) {
    return stateAtDistance(length_m_, 0.0);
  }
  return stateAtDistance(along_m, speed_mps_);
}

PlatformState Route::stateAtDistance(double along_m, double speed_mps) const {
  PlatformState s;
  s.speed_mps = speed_mps;
  if (legs_.empty()) {
    s.position = waypoints_.front();
    return s;
  }
  // Last leg whose start is at or before along_m (few legs: a linear scan is fastest).
  std::size_t i = 0;
  while (i + 1 < legs_.size() && legs_[i + 1].start_m <= along_m) ++i;
  const Leg& leg = legs_[i];
  const double into_m = std::min(along_m - leg.start_m, leg.length_m);
  s.position = geo::geodesicDirect(leg.from, leg.azimuth_deg, into_m);
  double course_deg = leg.azimuth_deg;
  if (into_m >= leg.length_m) {
    course_deg = leg.end_azimuth_deg;
  } else if (into_m > 1.0) {
    // The forward azimuth changes along a geodesic; the inverse from the leg start gives it at
    // the current point (GeographicLib's azi2).
    course_deg = geo::geodesicInverse(leg.from, s.position).azimuth2_deg;
  }
  s.course_deg = wrapDeg360(course_deg);
  const double course_rad = s.course_deg * geo::kDegToRad;
  s.vel_east_mps = speed_mps * std::sin(course_rad);
  s.vel_north_mps = speed_mps * std::cos(course_rad);
  return s;
}

std::vector<core::GeoPoint> racetrackWaypoints(const core::GeoPoint& centre, double axis_deg,
                                               double leg_length_m, double turn_radius_m,
                                               int chords_per_turn) {
  if (chords_per_turn < 1) throw std::invalid_argument("chords_per_turn must be >= 1");
  const geo::LocalFrame frame(centre);
  const double axis_rad = axis_deg * geo::kDegToRad;
  // Unit vectors in the local east-north plane: along the axis, and to its left (the side of
  // the outbound leg when turning right).
  const core::Vec2 along(std::sin(axis_rad), std::cos(axis_rad));
  const core::Vec2 left(-along.y(), along.x());
  const double half = 0.5 * leg_length_m;

  std::vector<core::GeoPoint> points;
  auto add = [&](const core::Vec2& en) {
    core::GeoPoint p = geo::ecefToGeodetic(frame.toEcef(core::Vec3(en.x(), en.y(), 0.0)));
    p.alt_m = centre.alt_m;  // level flight: the tangent plane drops below the ellipsoid
    points.push_back(p);
  };
  const double step_rad = geo::kPi / static_cast<double>(chords_per_turn);
  // Outbound leg on the left side, then a right turn about the far end, the inbound leg on the
  // right side and a right turn about the near end.
  for (int side = 0; side < 2; ++side) {
    const double sign = side == 0 ? 1.0 : -1.0;
    const core::Vec2 turn_centre = sign * half * along;
    add(-sign * half * along + sign * turn_radius_m * left);
    for (int k = 0; k < chords_per_turn; ++k) {
      const double theta = static_cast<double>(k) * step_rad;
      add(turn_centre + sign * turn_radius_m * (std::sin(theta) * along + std::cos(theta) * left));
    }
  }
  return points;
}

}  // namespace picket::sim
