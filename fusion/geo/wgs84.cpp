#include "geo/wgs84.hpp"

#include <GeographicLib/Geocentric.hpp>
#include <GeographicLib/Geodesic.hpp>
#include <cmath>
#include <vector>

namespace picket::geo {

namespace {
const GeographicLib::Geocentric& earth() { return GeographicLib::Geocentric::WGS84(); }
const GeographicLib::Geodesic& geodesic() { return GeographicLib::Geodesic::WGS84(); }
}  // namespace

Vec3 geodeticToEcef(const GeoPoint& p) {
  Vec3 out;
  earth().Forward(p.lat_deg, p.lon_deg, p.alt_m, out.x(), out.y(), out.z());
  return out;
}

GeoPoint ecefToGeodetic(const Vec3& ecef_m) {
  GeoPoint p;
  earth().Reverse(ecef_m.x(), ecef_m.y(), ecef_m.z(), p.lat_deg, p.lon_deg, p.alt_m);
  return p;
}

Mat3 enuToEcefRotation(double lat_deg, double lon_deg) {
  // GeographicLib returns M row-major with ECEF = M * ENU (Geocentric::Forward documentation).
  std::vector<double> m(9);
  double x = 0, y = 0, z = 0;
  earth().Forward(lat_deg, lon_deg, 0.0, x, y, z, m);
  Mat3 r;
  r << m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8];
  return r;
}

LocalFrame::LocalFrame(const GeoPoint& origin)
    : origin_ecef_(geodeticToEcef(origin)), r_(enuToEcefRotation(origin.lat_deg, origin.lon_deg)) {}

Vec3 LocalFrame::toLocal(const Vec3& ecef_m) const {
  return r_.transpose() * (ecef_m - origin_ecef_);
}

Vec3 LocalFrame::toEcef(const Vec3& enu_m) const { return origin_ecef_ + r_ * enu_m; }

GeodesicInverse geodesicInverse(const GeoPoint& a, const GeoPoint& b) {
  GeodesicInverse g;
  geodesic().Inverse(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg, g.distance_m, g.azimuth1_deg,
                     g.azimuth2_deg);
  return g;
}

GeoPoint geodesicDirect(const GeoPoint& p, double azimuth_deg, double distance_m) {
  GeoPoint out;
  geodesic().Direct(p.lat_deg, p.lon_deg, azimuth_deg, distance_m, out.lat_deg, out.lon_deg);
  out.alt_m = p.alt_m;
  return out;
}

double wrapPi(double angle_rad) {
  double a = std::remainder(angle_rad, 2.0 * kPi);
  if (a <= -kPi) a += 2.0 * kPi;
  return a;
}

double wrapTwoPi(double angle_rad) {
  double a = std::fmod(angle_rad, 2.0 * kPi);
  if (a < 0.0) a += 2.0 * kPi;
  if (a >= 2.0 * kPi) a = 0.0;
  return a;
}

}  // namespace picket::geo
