#include "models/measurement_models.hpp"

#include <cmath>

#include "geo/wgs84.hpp"

namespace picket::models {

using core::Mat3;
using core::Vec3;

core::Vec2 predictPolar(const Vec3& target_ecef, const Vec3& sensor_ecef,
                        const Mat3& sensor_enu_to_ecef) {
  const Vec3 d = target_ecef - sensor_ecef;
  const Vec3 t = sensor_enu_to_ecef.transpose() * d;
  return {d.norm(), geo::wrapTwoPi(std::atan2(t.x(), t.y()))};
}

bool linearizePolar(const core::Vec6& x, const core::PolarMeasurement& m, Linearized& out) {
  const Vec3 d = x.head<3>() - m.sensor_ecef_m;
  const double range = d.norm();
  const Vec3 east = m.sensor_enu_to_ecef.col(0);
  const Vec3 north = m.sensor_enu_to_ecef.col(1);
  const double e = east.dot(d);
  const double n = north.dot(d);
  const double horizontal2 = e * e + n * n;
  if (range < 1.0 || horizontal2 < 1.0) return false;

  const int dim = m.range_rate_mps ? 3 : 2;
  out.innovation.setZero(dim);
  out.jacobian.setZero(dim, 6);
  out.noise.setZero(dim, dim);

  // Range: r = |d|, dr/dp = d^T / r.
  const Eigen::RowVector3d dr_dp = d.transpose() / range;
  // Bearing: b = atan2(e, n), db/dp = (n east^T - e north^T) / (e^2 + n^2).
  const Eigen::RowVector3d db_dp = (n * east.transpose() - e * north.transpose()) / horizontal2;
  out.innovation(0) = m.range_m - range;
  out.innovation(1) = geo::wrapPi(m.bearing_rad - std::atan2(e, n));
  out.jacobian.block<1, 3>(0, 0) = dr_dp;
  out.jacobian.block<1, 3>(1, 0) = db_dp;
  out.noise(0, 0) = m.range_sigma_m * m.range_sigma_m;
  out.noise(1, 1) = m.bearing_sigma_rad * m.bearing_sigma_rad;

  // The antenna position enters with the opposite sign of the target position.
  Eigen::Matrix<double, 3, 3> h_sensor = Eigen::Matrix<double, 3, 3>::Zero();
  h_sensor.row(0) = -dr_dp;
  h_sensor.row(1) = -db_dp;

  if (m.range_rate_mps) {
    // rr = d . w / r with w the relative velocity; drr/dp = (w^T - rr dr/dp) / r, drr/dv = dr/dp.
    const Vec3 w = x.tail<3>() - m.sensor_vel_ecef_mps;
    const double rr = d.dot(w) / range;
    const Eigen::RowVector3d drr_dp = (w.transpose() - rr * dr_dp) / range;
    out.innovation(2) = *m.range_rate_mps - rr;
    out.jacobian.block<1, 3>(2, 0) = drr_dp;
    out.jacobian.block<1, 3>(2, 3) = dr_dp;
    out.noise(2, 2) = m.range_rate_sigma_mps * m.range_rate_sigma_mps;
    h_sensor.row(2) = -drr_dp;
  }
  const auto hs = h_sensor.topRows(dim);
  out.noise += hs * m.sensor_cov_ecef_m2 * hs.transpose();
  return true;
}

void linearizePosition(const core::Vec6& x, const core::PositionMeasurement& m, Linearized& out) {
  const Mat3 r = geo::enuToEcefRotation(m.position.lat_deg, m.position.lon_deg);
  const Vec3 east = r.col(0);
  const Vec3 north = r.col(1);
  // Residual of the predicted position in the measured point's local frame.
  const Vec3 d = x.head<3>() - geo::geodeticToEcef({m.position.lat_deg, m.position.lon_deg, 0.0});
  const int dim = m.velocity_en_mps ? 4 : 2;
  out.innovation.setZero(dim);
  out.jacobian.setZero(dim, 6);
  out.noise.setZero(dim, dim);
  out.innovation(0) = -east.dot(d);
  out.innovation(1) = -north.dot(d);
  out.jacobian.block<1, 3>(0, 0) = east.transpose();
  out.jacobian.block<1, 3>(1, 0) = north.transpose();
  out.noise.topLeftCorner<2, 2>() = m.cov_en_m2;
  if (m.velocity_en_mps) {
    const Vec3 v = x.tail<3>();
    out.innovation(2) = m.velocity_en_mps->x() - east.dot(v);
    out.innovation(3) = m.velocity_en_mps->y() - north.dot(v);
    out.jacobian.block<1, 3>(2, 3) = east.transpose();
    out.jacobian.block<1, 3>(3, 3) = north.transpose();
    out.noise.bottomRightCorner<2, 2>() = m.velocity_cov_en_m2ps2;
  }
}

void linearizeSurfaceConstraint(const core::Vec6& x, double height_sigma_m,
                                double vertical_speed_sigma_mps, Linearized& out) {
  const core::GeoPoint g = geo::ecefToGeodetic(x.head<3>());
  const Vec3 up = geo::enuToEcefRotation(g.lat_deg, g.lon_deg).col(2);
  out.innovation.setZero(2);
  out.jacobian.setZero(2, 6);
  out.noise.setZero(2, 2);
  out.innovation(0) = 0.0 - g.alt_m;
  out.innovation(1) = 0.0 - up.dot(x.tail<3>());
  out.jacobian.block<1, 3>(0, 0) = up.transpose();
  out.jacobian.block<1, 3>(1, 3) = up.transpose();
  out.noise(0, 0) = height_sigma_m * height_sigma_m;
  out.noise(1, 1) = vertical_speed_sigma_mps * vertical_speed_sigma_mps;
}

}  // namespace picket::models
