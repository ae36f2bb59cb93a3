#include "sim/route.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "geo/wgs84.hpp"

namespace picket::sim {

double wrapDeg360(double angle_deg) {
  double a = std::fmod(angle_deg, 360.0);
  if (a < 0.0) a += 360.0;
  // fmod of a tiny negative number plus 360 can round to exactly 360.
  if (a >= 360.0) a = 0.0;
  return a;
}

namespace {

std::vector<Waypoint> uniformSpeed(std::vector<core::GeoPoint> points, double speed_mps) {
  std::vector<Waypoint> out;
  out.reserve(points.size());
  for (const core::GeoPoint& p : points) out.push_back(Waypoint{p, speed_mps, {}});
  return out;
}

}  // namespace

Route::Route(std::vector<core::GeoPoint> waypoints, double speed_mps, RouteEnd end)
    : waypoints_(uniformSpeed(std::move(waypoints), speed_mps)), end_(end) {
  if (waypoints_.empty()) throw std::invalid_argument("a route needs at least one waypoint");
  if (!(speed_mps >= 0.0)) throw std::invalid_argument("route speed must be >= 0");
  // A stationary platform (speed 0): it stays at its first waypoint.
  if (speed_mps == 0.0) waypoints_.resize(1);
  build();
}

Route::Route(std::vector<Waypoint> waypoints, RouteEnd end)
    : waypoints_(std::move(waypoints)), end_(end) {
  if (waypoints_.empty()) throw std::invalid_argument("a route needs at least one waypoint");
  build();
}

void Route::build() {
  const std::size_t n = waypoints_.size();
  const std::size_t leg_count = (end_ == RouteEnd::Loop && n > 1) ? n : n - 1;
  for (std::size_t i = 0; i < n; ++i) {
    const Waypoint& w = waypoints_[i];
    if (!std::isfinite(w.position.lat_deg) || !std::isfinite(w.position.lon_deg) ||
        std::abs(w.position.lat_deg) > 90.0) {
      throw std::invalid_argument("route waypoint " + std::to_string(i) + " is not a position");
    }
    if (w.hold.ns < 0) throw std::invalid_argument("route hold must be >= 0");
    if (i < leg_count && !(w.speed_mps > 0.0 && std::isfinite(w.speed_mps))) {
      throw std::invalid_argument("route leg " + std::to_string(i) + " needs a speed > 0");
    }
  }
  auto legs = std::make_shared<std::vector<Leg>>();
  legs->reserve(leg_count);
  std::int64_t t_ns = 0;
  for (std::size_t i = 0; i < leg_count; ++i) {
    const Waypoint& a = waypoints_[i];
    const Waypoint& b = waypoints_[(i + 1) % n];
    t_ns += a.hold.ns;
    geo::GeodesicLeg line(a.position, b.position);
    const double length = line.lengthM();
    const auto travel_ns = static_cast<std::int64_t>(std::llround(length / a.speed_mps * 1e9));
    legs->push_back(Leg{std::move(line), a.speed_mps, t_ns, t_ns + travel_ns});
    t_ns += travel_ns;
    length_m_ += length;
  }
  pass_ns_ = t_ns;
  legs_ = std::move(legs);
}

double Route::speedMps() const { return waypoints_.empty() ? 0.0 : waypoints_.front().speed_mps; }

PlatformState Route::stateAt(core::Duration elapsed) const {
  std::int64_t t_ns = std::max<std::int64_t>(0, elapsed.ns);
  if (end_ == RouteEnd::Loop && pass_ns_ > 0) t_ns %= pass_ns_;
  return stateInPass(t_ns);
}

PlatformState Route::stateInPass(std::int64_t t_ns) const {
  PlatformState s;
  if (!legs_ || legs_->empty()) {
    s.position = waypoints_.front().position;
    return s;
  }
  const std::vector<Leg>& legs = *legs_;
  // Last leg departing at or before t (few legs: a linear scan is fastest).
  std::size_t i = 0;
  while (i + 1 < legs.size() && legs[i + 1].depart_ns <= t_ns) ++i;
  const Leg& leg = legs[i];
  double azimuth_deg = leg.line.startAzimuthDeg();
  if (t_ns < leg.depart_ns) {
    // Holding at the first waypoint before the first leg.
    s.position = waypoints_.front().position;
  } else if (t_ns >= leg.arrive_ns) {
    // Arrived at the leg's end: holding there (or stopped for good after the last leg).
    s.position = leg.line.at(leg.line.lengthM(), azimuth_deg);
    s.position.alt_m = waypoints_[(i + 1) % waypoints_.size()].position.alt_m;
    azimuth_deg = leg.line.endAzimuthDeg();
  } else {
    const double into_m = leg.speed_mps * static_cast<double>(t_ns - leg.depart_ns) * 1e-9;
    s.position = leg.line.at(std::min(into_m, leg.line.lengthM()), azimuth_deg);
    s.speed_mps = leg.speed_mps;
  }
  s.course_deg = wrapDeg360(azimuth_deg);
  const double course_rad = s.course_deg * geo::kDegToRad;
  s.vel_east_mps = s.speed_mps * std::sin(course_rad);
  s.vel_north_mps = s.speed_mps * std::cos(course_rad);
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
