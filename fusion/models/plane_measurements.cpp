#include "models/plane_measurements.hpp"

#include <Eigen/Geometry>
#include <cmath>

#include "geo/wgs84.hpp"

namespace picket::models {

using core::Mat2;
using core::Mat3;
using core::Vec2;
using core::Vec3;
using RowVec3 = Eigen::RowVector3d;

namespace {

/// Maps east/north components at the point whose projection is `en` into the plane:
/// T = R_plane[:, 0:2]^T [east_p north_p], with the point's normal taken from the plane's own
/// model (TangentPlane::upAt's direction g = (e/N, n/M, 1) in the plane's ENU frame), east_p =
/// z x g normalised (z: the ECEF polar axis), north_p = up x east_p. Everything is evaluated in
/// the plane's ENU frame, where R_plane[:, 0:2]^T is "the first two components", so neither
/// the normal nor the axes are rotated into ECEF and back: with w = z x g,
/// g x w = z |g|^2 - g (g . z) (the vector triple product), |g x w| = |g| |w|. At a pole
/// (|z x up| ~ 0) the plane's own east/north are used.
Mat2 localToPlane(const geo::TangentPlane& plane, const Vec2& en) {
  const Mat3& r = plane.enuToEcef();
  // The polar axis in the plane's ENU frame: R^T (0, 0, 1), R's last row.
  const double zx = r(2, 0);
  const double zy = r(2, 1);
  const double zz = r(2, 2);
  const double a = en.x() * plane.inverseRadiusEast();
  const double b = en.y() * plane.inverseRadiusNorth();
  const double g2 = a * a + b * b + 1.0;
  const double wx = zy - zz * b;
  const double wy = zz * a - zx;
  const double wz = zx * b - zy * a;
  const double w2 = wx * wx + wy * wy + wz * wz;
  if (w2 < 1e-18 * g2) return Mat2::Identity();
  const double zg = zx * a + zy * b + zz;
  const double inv_w = 1.0 / std::sqrt(w2);
  const double inv_wg = inv_w / std::sqrt(g2);
  Mat2 t;
  t << wx * inv_w, (zx * g2 - a * zg) * inv_wg,  //
      wy * inv_w, (zy * g2 - b * zg) * inv_wg;
  return t;
}

/// Range and bearing rows common to both polar models. Returns false on the degenerate
/// geometry. Fills the 2 x 5 state Jacobian, the 2 x 3 antenna Jacobian and the height column.
struct PolarGeometry {
  Vec3 d;  ///< target minus antenna, ECEF
  double range = 0.0;
  double bearing = 0.0;
  RowVec3 dr_dp;                       ///< d range / d target ECEF
  RowVec3 db_dp;                       ///< d bearing / d target ECEF
  Eigen::Matrix<double, 3, 2> dp_den;  ///< d target ECEF / d en
  Vec3 up;                             ///< d target ECEF / d height
};

bool polarGeometry(const geo::TangentPlane& plane, const core::PolarMeasurement& m, const HVec& x,
                   const TargetHeight& h, PolarGeometry& g) {
  const Vec2 en = x.head<2>();
  g.d = plane.toEcef(en, h.height_m) - m.sensor_ecef_m;
  g.range = g.d.norm();
  const Vec3 east = m.sensor_enu_to_ecef.col(0);
  const Vec3 north = m.sensor_enu_to_ecef.col(1);
  const double e = east.dot(g.d);
  const double n = north.dot(g.d);
  const double horizontal2 = e * e + n * n;
  if (!(g.range >= 1.0) || !(horizontal2 >= 1.0)) return false;
  g.bearing = std::atan2(e, n);
  g.dr_dp = g.d.transpose() / g.range;
  // b = atan2(e, n): db = (n de - e dn) / (e^2 + n^2).
  g.db_dp = (n * east.transpose() - e * north.transpose()) / horizontal2;
  g.dp_den = plane.toEcefJacobian(en, h.height_m);
  g.up = plane.upAt(en);
  return true;
}

}  // namespace

PlanePosition toPlane(const geo::TangentPlane& plane, const core::PositionMeasurement& m,
                      const core::Vec3& measured_ecef) {
  PlanePosition z;
  z.en_m = plane.horizontal(measured_ecef);
  // The measured point's east/north come from the plane's own normal model (second order in
  // the distance from the anchor, like the plane itself; ~2e-6 rad off at 100 km), which needs
  // no trigonometry.
  const Mat2 t = localToPlane(plane, z.en_m);
  z.cov_m2 = t * m.cov_en_m2 * t.transpose();
  z.cov_m2 = (0.5 * (z.cov_m2 + z.cov_m2.transpose())).eval();
  if (m.velocity_en_mps) {
    z.velocity_mps = t * *m.velocity_en_mps;
    z.velocity_cov_m2ps2 = t * m.velocity_cov_en_m2ps2 * t.transpose();
    z.velocity_cov_m2ps2 = (0.5 * (z.velocity_cov_m2ps2 + z.velocity_cov_m2ps2.transpose())).eval();
  }
  return z;
}

void linearizePosition(const PlanePosition& z, const HVec& x, PlaneLinearized<2>& out) {
  out.innovation = z.en_m - x.head<2>();
  out.jacobian.setZero();
  out.jacobian(0, 0) = 1.0;
  out.jacobian(1, 1) = 1.0;
  out.noise = z.cov_m2;
}

void linearizePositionVelocity(const PlanePosition& z, const HVec& x, PlaneLinearized<4>& out) {
  out.innovation.head<2>() = z.en_m - x.head<2>();
  out.innovation.tail<2>() =
      (z.velocity_mps ? *z.velocity_mps : Vec2(x.segment<2>(2))) - x.segment<2>(2);
  out.jacobian.setZero();
  out.jacobian.leftCols<4>().setIdentity();
  out.noise.setZero();
  out.noise.topLeftCorner<2, 2>() = z.cov_m2;
  out.noise.bottomRightCorner<2, 2>() = z.velocity_cov_m2ps2;
}

bool linearizePolar(const geo::TangentPlane& plane, const core::PolarMeasurement& m, const HVec& x,
                    const TargetHeight& h, PlaneLinearized<2>& out) {
  PolarGeometry g;
  if (!polarGeometry(plane, m, x, h, g)) return false;
  out.innovation(0) = m.range_m - g.range;
  out.innovation(1) = geo::wrapPi(m.bearing_rad - g.bearing);
  out.jacobian.setZero();
  out.jacobian.block<1, 2>(0, 0) = g.dr_dp * g.dp_den;
  out.jacobian.block<1, 2>(1, 0) = g.db_dp * g.dp_den;

  // R = diag(sigma^2) + J_s Sigma_s J_s^T + J_h var_h J_h^T, with the antenna entering with
  // the opposite sign of the target (J_s = -dh/dp) and the height along the normal.
  Eigen::Matrix<double, 2, 3> js;
  js.row(0) = g.dr_dp;
  js.row(1) = g.db_dp;
  const Vec2 jh = js * g.up;
  out.noise = js * m.sensor_cov_ecef_m2 * js.transpose() + h.height_var_m2 * (jh * jh.transpose());
  out.noise(0, 0) += m.range_sigma_m * m.range_sigma_m;
  out.noise(1, 1) += m.bearing_sigma_rad * m.bearing_sigma_rad;
  out.noise = (0.5 * (out.noise + out.noise.transpose())).eval();
  return true;
}

bool linearizePolarRangeRate(const geo::TangentPlane& plane, const core::PolarMeasurement& m,
                             const HVec& x, const TargetHeight& h, PlaneLinearized<3>& out) {
  if (!m.range_rate_mps) return false;
  PolarGeometry g;
  if (!polarGeometry(plane, m, x, h, g)) return false;
  const Vec2 en = x.head<2>();
  const Vec2 v_en = x.segment<2>(2);
  // Range rate rr = d . w / r, w = V_T - V_S: drr/dp = (w^T - rr dr/dp) / r, drr/dV_T = dr/dp.
  const Vec3 w =
      plane.velocityToEcef(en, v_en, h.vertical_speed_mps, h.height_m) - m.sensor_vel_ecef_mps;
  const double rr = g.d.dot(w) / g.range;
  const RowVec3 drr_dp = (w.transpose() - rr * g.dr_dp) / g.range;

  out.innovation(0) = m.range_m - g.range;
  out.innovation(1) = geo::wrapPi(m.bearing_rad - g.bearing);
  out.innovation(2) = *m.range_rate_mps - rr;
  out.jacobian.setZero();
  out.jacobian.block<1, 2>(0, 0) = g.dr_dp * g.dp_den;
  out.jacobian.block<1, 2>(1, 0) = g.db_dp * g.dp_den;
  // V_T depends on en through the plane's curvature (a term of |v| / R) and on v_en through
  // d toEcef / d en.
  out.jacobian.block<1, 2>(2, 0) =
      drr_dp * g.dp_den + g.dr_dp * plane.velocityToEcefJacobian(en, v_en, h.vertical_speed_mps);
  out.jacobian.block<1, 2>(2, 2) = g.dr_dp * g.dp_den;

  Eigen::Matrix<double, 3, 3> js;
  js.row(0) = g.dr_dp;
  js.row(1) = g.db_dp;
  js.row(2) = drr_dp;
  // Height: moves the target along the normal and scales its ground speed (|v| / R).
  // Vertical speed: moves V_T along the normal.
  Vec3 jh = js * g.up;
  jh(2) += g.dr_dp.dot(plane.velocityHeightDerivative(en, v_en));
  const double jvs = g.dr_dp.dot(g.up);
  out.noise = js * m.sensor_cov_ecef_m2 * js.transpose() + h.height_var_m2 * (jh * jh.transpose());
  out.noise(2, 2) += h.vertical_speed_var_m2ps2 * jvs * jvs;
  out.noise(0, 0) += m.range_sigma_m * m.range_sigma_m;
  out.noise(1, 1) += m.bearing_sigma_rad * m.bearing_sigma_rad;
  out.noise(2, 2) += m.range_rate_sigma_mps * m.range_rate_sigma_mps;
  out.noise = (0.5 * (out.noise + out.noise.transpose())).eval();
  return true;
}

}  // namespace picket::models
