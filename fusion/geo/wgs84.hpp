#pragma once
// Geodetic conversions on the WGS-84 ellipsoid. Every conversion goes through GeographicLib
// (Karney 2011, 2013); nothing here re-implements the ellipsoid.

#include <memory>

#include "core/types.hpp"

namespace picket::geo {

using core::GeoPoint;
using core::Mat3;
using core::Vec2;
using core::Vec3;

/// Geodetic (lat, lon in degrees, height above the ellipsoid in metres) to ECEF metres.
Vec3 geodeticToEcef(const GeoPoint& p);

/// geodeticToEcef by its closed form, for the tracker's hot path (every plot it locates):
/// X = (N + h) cos(lat) cos(lon), Y = (N + h) cos(lat) sin(lon), Z = (N (1 - e^2) + h) sin(lat),
/// N = a / sqrt(1 - e^2 sin^2(lat)), GeographicLib's own formula (Geocentric::IntForward) on
/// GeographicLib's WGS-84 a and f, with libm's sin and cos of radians in place of its
/// degree-exact Math::sincosd, whose argument reduction (remquo) made the conversion twice the
/// instructions (209 against 102; fusion/geo/README.md). Agrees with geodeticToEcef to a few
/// parts in 1e16 of the distance from the centre: < 0.03 um up to 40,000 km (tested over the
/// globe, poles and antimeridian included). Not bit-identical to it: the simulator and
/// everything off the hot path keep geodeticToEcef.
/// Valid for lat in [-90, 90] (GeographicLib's Forward returns NaN outside; this does not check).
Vec3 geodeticToEcefClosedForm(const GeoPoint& p);

/// geodeticToEcefClosedForm(p) and the east-north-up rotation at p (as enuToEcefRotation, to
/// a few parts in 1e16), from one sine and cosine per angle: for TangentPlane's constructor.
void geodeticFrameClosedForm(const GeoPoint& p, Vec3& ecef_m, Mat3& enu_to_ecef);

/// ECEF metres to geodetic. Exact to round-off everywhere, poles included (GeographicLib).
GeoPoint ecefToGeodetic(const Vec3& ecef_m);

/// Rotation from the local east-north-up frame at (lat, lon) to ECEF: its columns are the
/// east, north and up unit vectors expressed in ECEF. The up vector is the ellipsoid normal.
/// Valid everywhere; at a pole "east" follows GeographicLib's convention for the longitude.
Mat3 enuToEcefRotation(double lat_deg, double lon_deg);

/// A local east-north-up frame anchored at a point: converts between ECEF and the frame.
/// The frame is Cartesian (GeographicLib::LocalCartesian semantics), not a map projection.
class LocalFrame {
 public:
  explicit LocalFrame(const GeoPoint& origin);
  [[nodiscard]] Vec3 toLocal(const Vec3& ecef_m) const;
  [[nodiscard]] Vec3 toEcef(const Vec3& enu_m) const;
  [[nodiscard]] const Mat3& enuToEcef() const { return r_; }
  [[nodiscard]] const Vec3& originEcef() const { return origin_ecef_; }

 private:
  Vec3 origin_ecef_;
  Mat3 r_;
};

/// Result of the geodesic inverse problem between two points.
struct GeodesicInverse {
  double distance_m = 0.0;
  double azimuth1_deg = 0.0;  ///< at the first point, clockwise from north
  double azimuth2_deg = 0.0;  ///< forward azimuth at the second point
};

/// Shortest geodesic between two points on the ellipsoid (heights ignored).
GeodesicInverse geodesicInverse(const GeoPoint& a, const GeoPoint& b);

/// Point reached by travelling distance_m along the geodesic leaving p at azimuth_deg.
GeoPoint geodesicDirect(const GeoPoint& p, double azimuth_deg, double distance_m);

/// One geodesic from a to b, set up once (GeographicLib::GeodesicLine) so that points along it
/// cost one series evaluation each: for platforms that travel the same leg for hours.
class GeodesicLeg {
 public:
  GeodesicLeg(const GeoPoint& a, const GeoPoint& b);
  ~GeodesicLeg();
  GeodesicLeg(const GeodesicLeg&);
  GeodesicLeg& operator=(const GeodesicLeg&);
  GeodesicLeg(GeodesicLeg&&) noexcept;
  GeodesicLeg& operator=(GeodesicLeg&&) noexcept;

  [[nodiscard]] double lengthM() const { return length_m_; }
  [[nodiscard]] double startAzimuthDeg() const { return azimuth1_deg_; }
  [[nodiscard]] double endAzimuthDeg() const { return azimuth2_deg_; }
  /// The point `distance_m` from a along the leg (heights: a's), and the forward azimuth
  /// there (clockwise from north, degrees).
  [[nodiscard]] GeoPoint at(double distance_m, double& azimuth_deg) const;

 private:
  struct Line;
  GeoPoint a_;
  double length_m_ = 0.0;
  double azimuth1_deg_ = 0.0;
  double azimuth2_deg_ = 0.0;
  std::unique_ptr<Line> line_;
};

/// Wraps an angle to (-pi, pi].
double wrapPi(double angle_rad);
/// Wraps an angle to [0, 2 pi).
double wrapTwoPi(double angle_rad);

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegToRad = kPi / 180.0;
constexpr double kRadToDeg = 180.0 / kPi;
constexpr double kKnotToMps = 1852.0 / 3600.0;
constexpr double kNauticalMileM = 1852.0;

}  // namespace picket::geo
