#include "geo/tangent_plane.hpp"

#include <GeographicLib/Constants.hpp>
#include <cmath>

#include "geo/wgs84.hpp"

namespace picket::geo {

namespace {

/// d up / d en at `en`: the derivative of g / |g| with g = R (e/N, n/M, 1), i.e.
/// (I - u u^T) R diag(1/N, 1/M) / |g| on the first two columns.
Mat32 upJacobian(const Mat3& r, const Vec2& en, double inv_n, double inv_m, Vec3& up) {
  const Vec3 g = r * Vec3(en.x() * inv_n, en.y() * inv_m, 1.0);
  const double inv_norm = 1.0 / g.norm();
  up = g * inv_norm;
  Mat32 dg;
  dg.col(0) = r.col(0) * inv_n;
  dg.col(1) = r.col(1) * inv_m;
  return (dg - up * (up.transpose() * dg)) * inv_norm;
}

}  // namespace

TangentPlane::TangentPlane(const core::GeoPoint& anchor)
    : anchor_{anchor.lat_deg, anchor.lon_deg, 0.0} {
  // The closed forms (two sincos calls) rather than geodeticToEcef and enuToEcefRotation
  // (four of GeographicLib's degree-exact sincosd): a plane is built at every track birth and
  // re-anchoring, and the two agree to a few parts in 1e16 (fusion/geo/README.md).
  geodeticFrameClosedForm(anchor_, anchor_ecef_, r_);
  // Radii of curvature of the ellipsoid at the anchor's latitude (e.g. Torge and Mueller,
  // Geodesy, 4th ed., eq. 4.18): N = a / W, M = a (1 - e^2) / W^3, W = sqrt(1 - e^2 sin^2 phi).
  const double a = GeographicLib::Constants::WGS84_a();
  const double f = GeographicLib::Constants::WGS84_f();
  const double e2 = f * (2.0 - f);
  const double sin_phi = r_(2, 2);  // the z component of up
  const double w2 = 1.0 - e2 * sin_phi * sin_phi;
  const double w = std::sqrt(w2);
  inv_radius_east_ = w / a;
  inv_radius_north_ = w2 * w / (a * (1.0 - e2));
}

TangentPlane TangentPlane::atEcef(const core::Vec3& ecef_m) {
  return TangentPlane(ecefToGeodetic(ecef_m));
}

core::Vec2 TangentPlane::horizontal(const core::Vec3& ecef_m) const {
  return r_.leftCols<2>().transpose() * (ecef_m - anchor_ecef_);
}

core::Vec3 TangentPlane::toEcef(const core::Vec2& en_m, double height_m) const {
  // The ellipsoid near the anchor, as a height over its tangent plane, to second order:
  // u = -(e^2 / N + n^2 / M) / 2 (east and north are the principal directions; Euler's
  // theorem on normal curvature). The neglected terms are ~ e^2 d^3 / R^2: sub-millimetre at
  // 10 km.
  const double e = en_m.x();
  const double n = en_m.y();
  const double u = -0.5 * (e * e * inv_radius_east_ + n * n * inv_radius_north_);
  core::Vec3 p = anchor_ecef_ + r_ * core::Vec3(e, n, u);
  if (height_m != 0.0) p += height_m * upAt(en_m);
  return p;
}

Mat32 TangentPlane::toEcefJacobian(const core::Vec2& en_m, double height_m) const {
  Mat32 j;
  j.col(0) = r_.col(0) - (en_m.x() * inv_radius_east_) * r_.col(2);
  j.col(1) = r_.col(1) - (en_m.y() * inv_radius_north_) * r_.col(2);
  if (height_m != 0.0) {
    core::Vec3 up;
    j += height_m * upJacobian(r_, en_m, inv_radius_east_, inv_radius_north_, up);
  }
  return j;
}

core::Vec3 TangentPlane::upAt(const core::Vec2& en_m) const {
  // Normal of the surface u(e, n): (-du/de, -du/dn, 1) = (e / N, n / M, 1) in the anchor's ENU.
  return (r_ * core::Vec3(en_m.x() * inv_radius_east_, en_m.y() * inv_radius_north_, 1.0))
      .normalized();
}

core::Vec3 TangentPlane::velocityToEcef(const core::Vec2& en_m, const core::Vec2& v_en_mps,
                                        double v_up_mps) const {
  return velocityToEcef(en_m, v_en_mps, v_up_mps, 0.0);
}

core::Vec3 TangentPlane::velocityToEcef(const core::Vec2& en_m, const core::Vec2& v_en_mps,
                                        double v_up_mps, double height_m) const {
  // d/dt toEcef(en(t), h(t)) = J(en, h) v_en + up(en) v_up.
  core::Vec3 v = r_.leftCols<2>() * v_en_mps;
  v -= (en_m.x() * inv_radius_east_ * v_en_mps.x() + en_m.y() * inv_radius_north_ * v_en_mps.y()) *
       r_.col(2);
  // The normal and its Jacobian (a square root, a division, a 3x2 product) only when a term
  // needs them: a surface track's view (height 0, no vertical rate) needs neither, and that is
  // the tracker's every update. Leaving out + 0 up changes at most the sign of a zero.
  if (height_m != 0.0 || v_up_mps != 0.0) {
    core::Vec3 up;
    const Mat32 dup = upJacobian(r_, en_m, inv_radius_east_, inv_radius_north_, up);
    if (height_m != 0.0) v += height_m * (dup * v_en_mps);
    v += v_up_mps * up;
  }
  return v;
}

Mat32 TangentPlane::velocityToEcefJacobian(const core::Vec2& en_m, const core::Vec2& v_en_mps,
                                           double v_up_mps) const {
  // d(J(en, 0) v)/d en: J's third row (-e/N, -n/M) is the only part depending on en.
  Mat32 j;
  j.col(0) = (-v_en_mps.x() * inv_radius_east_) * r_.col(2);
  j.col(1) = (-v_en_mps.y() * inv_radius_north_) * r_.col(2);
  if (v_up_mps != 0.0) {
    core::Vec3 up;
    j += v_up_mps * upJacobian(r_, en_m, inv_radius_east_, inv_radius_north_, up);
  }
  return j;
}

core::Vec3 TangentPlane::velocityHeightDerivative(const core::Vec2& en_m,
                                                  const core::Vec2& v_en_mps) const {
  core::Vec3 up;
  return upJacobian(r_, en_m, inv_radius_east_, inv_radius_north_, up) * v_en_mps;
}

core::Mat2 TangentPlane::horizontalJacobianTo(const TangentPlane& other,
                                              const core::Vec2& en_m) const {
  return other.r_.leftCols<2>().transpose() * toEcefJacobian(en_m, 0.0);
}

}  // namespace picket::geo
