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
  const geo::Mat32 d = plane.toEcefJacobian(en, height);
  const geo::Mat32 v = plane.velocityToEcefJacobian(en, v_en, v_up);
  const Vec3 up = plane.upAt(en);
  const Vec3 hv = plane.velocityHeightDerivative(en, v_en);
  // J_h = [[D, 0], [V, D]] and J_v = [[u, 0], [h, u]] (D = d position / d en, V = d velocity
  // / d en, u the normal, h = d velocity / d height): the 6x6 product written by 3x3 blocks
  // with the zero blocks left out, lower triangle only (mirrored: the symmetrisation).
  // With P = [[A, B], [B^T, C]] (position, velocity) and the vertical covariance
  // [[a, b], [b, c]]:
  //   pos-pos = D A D^T + a u u^T
  //   vel-pos = (V A + D B^T) D^T + (a h + b u) u^T
  //   vel-vel = (V A + D B^T) V^T + (V B + D C) D^T + (a h + b u) h^T + (b h + c u) u^T
  // Plain scalar loops over compile-time bounds (Eigen's small strided row products spent
  // more instructions on the expressions than on the arithmetic).
  double dm[3][2], vm[3][2], da[3][2], w[3][2], z[3][2];
#pragma GCC unroll 3
  for (int r = 0; r < 3; ++r) {
#pragma GCC unroll 3
    for (int k = 0; k < 2; ++k) {
      dm[r][k] = d(r, k);
      vm[r][k] = v(r, k);
    }
  }
  // P is symmetric: its lower triangle is read. a = P[0:2, 0:2], b = P[0:2, 2:4] (b^T =
  // P[2:4, 0:2]), c = P[2:4, 2:4].
  const double a00 = p(0, 0), a10 = p(1, 0), a11 = p(1, 1);
  const double b00 = p(2, 0), b01 = p(3, 0), b10 = p(2, 1), b11 = p(3, 1);  // b(i, j) = P(2 + j, i)
  const double c00 = p(2, 2), c10 = p(3, 2), c11 = p(3, 3);
#pragma GCC unroll 3
  for (int r = 0; r < 3; ++r) {
    const double d0 = dm[r][0], d1 = dm[r][1], v0 = vm[r][0], v1 = vm[r][1];
    da[r][0] = d0 * a00 + d1 * a10;
    da[r][1] = d0 * a10 + d1 * a11;
    w[r][0] = v0 * a00 + v1 * a10 + d0 * b00 + d1 * b01;  // (V A + D B^T)
    w[r][1] = v0 * a10 + v1 * a11 + d0 * b10 + d1 * b11;
    z[r][0] = v0 * b00 + v1 * b10 + d0 * c00 + d1 * c10;  // (V B + D C)
    z[r][1] = v0 * b01 + v1 * b11 + d0 * c10 + d1 * c11;
  }
  const double pa = p_vertical(0, 0);
  const double pb = 0.5 * (p_vertical(0, 1) + p_vertical(1, 0));
  const double pc = p_vertical(1, 1);
  double hu[3], uh[3], u[3], h[3];
#pragma GCC unroll 3
  for (int r = 0; r < 3; ++r) {
    u[r] = up(r);
    h[r] = hv(r);
    hu[r] = pa * h[r] + pb * u[r];  // J_v's velocity row times the vertical covariance
    uh[r] = pb * h[r] + pc * u[r];
  }
#pragma GCC unroll 3
  for (int r = 0; r < 3; ++r) {
#pragma GCC unroll 3
    for (int col = 0; col <= r; ++col) {
      const double pp = da[r][0] * dm[col][0] + da[r][1] * dm[col][1] + pa * u[r] * u[col];
      p_ecef(r, col) = pp;
      p_ecef(col, r) = pp;
    }
#pragma GCC unroll 3
    for (int col = 0; col < 3; ++col) {
      const double vp = w[r][0] * dm[col][0] + w[r][1] * dm[col][1] + hu[r] * u[col];
      p_ecef(3 + r, col) = vp;
      p_ecef(col, 3 + r) = vp;
    }
  }
  // vel-vel: (V A + D B^T) V^T + (V B + D C) D^T is symmetric in exact arithmetic (it is
  // J P J^T's block); each entry is the mean of its two evaluations, exactly symmetric.
  const auto velVel = [&](int r, int col) {
    return w[r][0] * vm[col][0] + w[r][1] * vm[col][1] + z[r][0] * dm[col][0] +
           z[r][1] * dm[col][1] + hu[r] * h[col] + uh[r] * u[col];
  };
#pragma GCC unroll 3
  for (int r = 0; r < 3; ++r) {
#pragma GCC unroll 3
    for (int col = 0; col <= r; ++col) {
      const double vv = r == col ? velVel(r, r) : 0.5 * (velVel(r, col) + velVel(col, r));
      p_ecef(3 + r, 3 + col) = vv;
      p_ecef(3 + col, 3 + r) = vv;
    }
  }
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
