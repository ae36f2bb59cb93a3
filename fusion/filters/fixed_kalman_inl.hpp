#pragma once
// Template definitions of fixed_kalman.hpp. Every matrix is fixed-size: no allocation.
#include "filters/fixed_kalman.hpp"

namespace picket::filters {

template <int M>
PlaneInnovation<M> planeInnovation(const models::HMat& p, const models::PlaneLinearized<M>& z) {
  PlaneInnovation<M> out;
  out.S = z.jacobian * p * z.jacobian.transpose() + z.noise;
  out.S = (0.5 * (out.S + out.S.transpose())).eval();  // eval: the rhs aliases out.S
  if (!out.S.allFinite() || !z.innovation.allFinite()) return out;
  const Eigen::LLT<Eigen::Matrix<double, M, M>> llt(out.S);
  if (llt.info() != Eigen::Success) return out;
  out.nis = llt.matrixL().solve(z.innovation).squaredNorm();
  out.log_det_s = 2.0 * llt.matrixLLT().diagonal().array().log().sum();
  out.ok = std::isfinite(out.nis) && std::isfinite(out.log_det_s);
  return out;
}

template <int M>
bool planeUpdate(models::HVec& x, models::HMat& p, const models::PlaneLinearized<M>& z,
                 PlaneInnovation<M>& innovation) {
  using HMat = models::HMat;
  using HVec = models::HVec;
  constexpr int N = models::kHorizontalStates;
  innovation.ok = false;
  innovation.nis = 0.0;
  innovation.log_det_s = 0.0;
  const Eigen::Matrix<double, N, M> pht = p * z.jacobian.transpose();
  innovation.S = z.jacobian * pht + z.noise;
  innovation.S = (0.5 * (innovation.S + innovation.S.transpose())).eval();
  if (!innovation.S.allFinite() || !z.innovation.allFinite()) return false;
  const Eigen::LLT<Eigen::Matrix<double, M, M>> llt(innovation.S);
  if (llt.info() != Eigen::Success) return false;
  // K = P H^T S^-1 = (S^-1 H P)^T, S and P symmetric.
  const Eigen::Matrix<double, N, M> k = llt.solve(pht.transpose()).transpose();
  // Joseph form (Bucy and Joseph 1968; Bar-Shalom, Li and Kirubarajan 2001, eq. 5.2.3-18):
  // P' = (I - K H) P (I - K H)^T + K R K^T, positive semi-definite for any gain.
  const HMat i_kh = HMat::Identity() - k * z.jacobian;
  HMat p_new = i_kh * p * i_kh.transpose() + k * z.noise * k.transpose();
  p_new = (0.5 * (p_new + p_new.transpose())).eval();
  const HVec x_new = x + k * z.innovation;
  const Eigen::Matrix<double, M, 1> w = llt.matrixL().solve(z.innovation);
  innovation.nis = w.squaredNorm();
  innovation.log_det_s = 2.0 * llt.matrixLLT().diagonal().array().log().sum();
  innovation.ok = std::isfinite(innovation.nis) && std::isfinite(innovation.log_det_s);
  if (!innovation.ok || !x_new.allFinite() || !p_new.allFinite()) {
    innovation.ok = false;
    return false;
  }
  x = x_new;
  p = p_new;
  return true;
}

}  // namespace picket::filters
