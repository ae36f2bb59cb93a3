#include "models/plane_state.hpp"

namespace picket::models {

using core::Mat2;
using core::Vec2;
using core::Vec3;

void toEcefState(const geo::TangentPlane& plane, const HVec& x, const HMat& p,
                 const core::Vec2& vertical, const core::Mat2& p_vertical, core::Vec6& x_ecef,
                 core::Mat6& p_ecef) {
  toEcefMean(plane, x, vertical, x_ecef);
  toEcefCovariance(plane, x, p, vertical, p_vertical, p_ecef);
}

void toEcefMean(const geo::TangentPlane& plane, const HVec& x, const core::Vec2& vertical,
                core::Vec6& x_ecef) {
  const Vec2 en = x.head<2>();
  const Vec2 v_en = x.segment<2>(2);
  const double height = vertical(0);
  const double v_up = vertical(1);
  x_ecef.head<3>() = plane.toEcef(en, height);
  x_ecef.tail<3>() = plane.velocityToEcef(en, v_en, v_up, height);
}

void toEcefCovariance(const geo::TangentPlane& plane, const HVec& x, const HMat& p,
                      const core::Vec2& vertical, const core::Mat2& p_vertical,
                      core::Mat6& p_ecef) {
  const Vec2 en = x.head<2>();
  const Vec2 v_en = x.segment<2>(2);
  const double height = vertical(0);
  const double v_up = vertical(1);
  // First-order propagation of the covariance: J_h P J_h^T + J_v P_v J_v^T, with J_h the
  // Jacobian with respect to (e, n, ve, vn) (the turn rate does not enter the view) and J_v
  // with respect to (height, vertical rate). The second derivatives of the normal (|v| h / R^2)
  // are neglected.
  const geo::Mat32 dp_den = plane.toEcefJacobian(en, height);
  Eigen::Matrix<double, 6, 4> jh;
  jh.topLeftCorner<3, 2>() = dp_den;
  jh.topRightCorner<3, 2>().setZero();
  jh.bottomLeftCorner<3, 2>() = plane.velocityToEcefJacobian(en, v_en, v_up);
  jh.bottomRightCorner<3, 2>() = dp_den;
  const Vec3 up = plane.upAt(en);
  Eigen::Matrix<double, 6, 2> jv = Eigen::Matrix<double, 6, 2>::Zero();
  jv.block<3, 1>(0, 0) = up;
  jv.block<3, 1>(3, 0) = plane.velocityHeightDerivative(en, v_en);
  jv.block<3, 1>(3, 1) = up;
  p_ecef = jh * p.topLeftCorner<4, 4>() * jh.transpose() + jv * p_vertical * jv.transpose();
  p_ecef = (0.5 * (p_ecef + p_ecef.transpose())).eval();
}

void reanchor(const geo::TangentPlane& from, const geo::TangentPlane& to, HVec& x, HMat& p) {
  const Vec2 en = x.head<2>();
  const Vec2 v_en = x.segment<2>(2);
  // The same ellipsoid point and the same ground velocity, seen from the new plane: en' =
  // to.horizontal(from.toEcef(en, 0)), v' = T(en) v with T = d en' / d en. The velocity map
  // also depends on en (a term of |v| / R, kept so the ECEF view is preserved to first order).
  const Mat2 t = from.horizontalJacobianTo(to, en);
  const auto to_h = to.enuToEcef().leftCols<2>().transpose();
  HMat g = HMat::Identity();
  g.block<2, 2>(0, 0) = t;
  g.block<2, 2>(2, 0) = to_h * from.velocityToEcefJacobian(en, v_en, 0.0);
  g.block<2, 2>(2, 2) = t;
  x.head<2>() = to.horizontal(from.toEcef(en, 0.0));
  x.segment<2>(2) = t * v_en;
  p = (g * p * g.transpose()).eval();
  p = (0.5 * (p + p.transpose())).eval();
}

}  // namespace picket::models
