#include "models/motion_models.hpp"

namespace picket::models {

Mat6 cvTransition(double dt_s) {
  Mat6 f = Mat6::Identity();
  f.block<3, 3>(0, 3).diagonal().setConstant(dt_s);
  return f;
}

Mat6 cvProcessNoise(double dt_s, const Vec3& up_ecef, const CvNoise& noise) {
  // Acceleration density in ECEF: q_h on the horizontal plane, q_v along up. With the ENU
  // rotation R, R diag(q_h, q_h, q_v) R^T = q_h I + (q_v - q_h) u u^T.
  const core::Mat3 qa = noise.accel_psd_horizontal_m2ps3 * core::Mat3::Identity() +
                        (noise.accel_psd_vertical_m2ps3 - noise.accel_psd_horizontal_m2ps3) *
                            (up_ecef * up_ecef.transpose());
  const double dt2 = dt_s * dt_s;
  const double dt3 = dt2 * dt_s;
  Mat6 q;
  q.block<3, 3>(0, 0) = qa * (dt3 / 3.0);
  q.block<3, 3>(0, 3) = qa * (dt2 / 2.0);
  q.block<3, 3>(3, 0) = qa * (dt2 / 2.0);
  q.block<3, 3>(3, 3) = qa * dt_s;
  return q;
}

}  // namespace picket::models
