#include "geo/wgs84.hpp"

#include <GeographicLib/Constants.hpp>
#include <GeographicLib/Geocentric.hpp>
#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <GeographicLib/Math.hpp>
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

namespace {

/// Sines and cosines of a point's latitude and longitude, and its ECEF position: Geocentric's
/// IntForward (X = (N + h) cos(lat) cos(lon), Y = (N + h) cos(lat) sin(lon),
/// Z = (N (1 - e^2) + h) sin(lat), N = a / sqrt(1 - e^2 sin^2(lat))) with libm trigonometry of
/// radians instead of Math::sincosd.
struct ClosedForm {
  double sphi, cphi, slam, clam;
  Vec3 ecef;
};

ClosedForm closedForm(const GeoPoint& p) {
  // GeographicLib's ellipsoid, not a second one: a and f from its constants, the derived e^2
  // and (1 - f)^2 as Geocentric's constructor forms them (all folded at compile time).
  const double a = GeographicLib::Constants::WGS84_a();
  const double f = GeographicLib::Constants::WGS84_f();
  const double e2 = f * (2.0 - f);
  const double e2m = (1.0 - f) * (1.0 - f);
  const double lat_rad = p.lat_deg * kDegToRad;
  const double lon_rad = p.lon_deg * kDegToRad;
  ClosedForm c;
  // g++ turns each sin/cos pair into one sincos call.
  c.sphi = std::sin(lat_rad);
  c.cphi = std::cos(lat_rad);
  c.slam = std::sin(lon_rad);
  c.clam = std::cos(lon_rad);
  const double n = a / std::sqrt(1.0 - e2 * (c.sphi * c.sphi));
  const double r = (n + p.alt_m) * c.cphi;
  c.ecef = {r * c.clam, r * c.slam, (e2m * n + p.alt_m) * c.sphi};
  return c;
}

}  // namespace

Vec3 geodeticToEcefClosedForm(const GeoPoint& p) { return closedForm(p).ecef; }

void geodeticFrameClosedForm(const GeoPoint& p, Vec3& ecef_m, Mat3& enu_to_ecef) {
  const ClosedForm c = closedForm(p);
  ecef_m = c.ecef;
  // enuToEcefRotation's matrix.
  enu_to_ecef << -c.slam, -c.clam * c.sphi, c.clam * c.cphi,  //
      c.clam, -c.slam * c.sphi, c.slam * c.cphi,              //
      0.0, c.cphi, c.sphi;
}

GeoPoint ecefToGeodetic(const Vec3& ecef_m) {
  GeoPoint p;
  earth().Reverse(ecef_m.x(), ecef_m.y(), ecef_m.z(), p.lat_deg, p.lon_deg, p.alt_m);
  return p;
}

Mat3 enuToEcefRotation(double lat_deg, double lon_deg) {
  // The same matrix as GeographicLib's Geocentric::Forward M (ECEF = M * ENU), built from the
  // basis definition with GeographicLib's exact degree trigonometry, without Forward's
  // std::vector allocation on the filter's hot path. Columns: east, north, up (the ellipsoid
  // normal at geodetic latitude lat).
  double sphi = 0, cphi = 0, slam = 0, clam = 0;
  GeographicLib::Math::sincosd(lat_deg, sphi, cphi);
  GeographicLib::Math::sincosd(lon_deg, slam, clam);
  Mat3 r;
  r << -slam, -clam * sphi, clam * cphi,  //
      clam, -slam * sphi, slam * cphi,    //
      0.0, cphi, sphi;
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

struct GeodesicLeg::Line {
  GeographicLib::GeodesicLine line;
};

GeodesicLeg::GeodesicLeg(const GeoPoint& a, const GeoPoint& b) : a_(a) {
  geodesic().Inverse(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg, length_m_, azimuth1_deg_,
                     azimuth2_deg_);
  line_ = std::make_unique<Line>(
      Line{geodesic().Line(a.lat_deg, a.lon_deg, azimuth1_deg_,
                           GeographicLib::Geodesic::LATITUDE | GeographicLib::Geodesic::LONGITUDE |
                               GeographicLib::Geodesic::AZIMUTH |
                               GeographicLib::Geodesic::DISTANCE_IN)});
}

GeodesicLeg::~GeodesicLeg() = default;
GeodesicLeg::GeodesicLeg(const GeodesicLeg& o)
    : a_(o.a_),
      length_m_(o.length_m_),
      azimuth1_deg_(o.azimuth1_deg_),
      azimuth2_deg_(o.azimuth2_deg_),
      line_(std::make_unique<Line>(*o.line_)) {}
GeodesicLeg& GeodesicLeg::operator=(const GeodesicLeg& o) {
  if (this != &o) *this = GeodesicLeg(o);
  return *this;
}
GeodesicLeg::GeodesicLeg(GeodesicLeg&&) noexcept = default;
GeodesicLeg& GeodesicLeg::operator=(GeodesicLeg&&) noexcept = default;

GeoPoint GeodesicLeg::at(double distance_m, double& azimuth_deg) const {
  GeoPoint out;
  out.alt_m = a_.alt_m;
  line_->line.Position(distance_m, out.lat_deg, out.lon_deg, azimuth_deg);
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
