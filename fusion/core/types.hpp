#pragma once
// Fixed-size Eigen aliases, identifiers and enums shared by every module. Depends on Eigen only.

#include <Eigen/Core>
#include <cstdint>
#include <ostream>
#include <string>

namespace picket::core {

using Vec2 = Eigen::Vector2d;
using Vec3 = Eigen::Vector3d;
using Vec6 = Eigen::Matrix<double, 6, 1>;
using Mat2 = Eigen::Matrix2d;
using Mat3 = Eigen::Matrix3d;
using Mat6 = Eigen::Matrix<double, 6, 6>;
using Mat36 = Eigen::Matrix<double, 3, 6>;

/// Identifies a track for its whole life; one fusiond instance never reuses an ID.
using TrackId = std::uint64_t;
/// Index of a configured sensor (position in the sensor table), resolved at the I/O boundary.
using SensorIndex = std::uint32_t;

/// A point on or above the WGS-84 ellipsoid. Degrees here because this is the geodetic
/// boundary (GeographicLib's convention); every other angle in the core is in radians.
struct GeoPoint {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double alt_m = 0.0;  ///< height above the ellipsoid
  bool operator==(const GeoPoint&) const = default;
};

inline std::ostream& operator<<(std::ostream& os, const GeoPoint& p) {
  return os << "(" << p.lat_deg << "deg, " << p.lon_deg << "deg, " << p.alt_m << "m)";
}

enum class Domain : std::uint8_t { Surface, Air };

enum class TrackStatus : std::uint8_t { Tentative, Confirmed, Coasting, Deleted };

/// What kind of sensor produced a measurement. Cooperative sensors report the target's own
/// identity (AIS); the others detect whatever is there.
enum class SensorKind : std::uint8_t { CoastalRadar, ShipRadar, AirborneRadar, AirborneEoIr, Ais };

constexpr bool isCooperative(SensorKind k) { return k == SensorKind::Ais; }

const char* toString(Domain d);
const char* toString(TrackStatus s);
const char* toString(SensorKind k);

}  // namespace picket::core
