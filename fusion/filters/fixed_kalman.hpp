#pragma once
// Fixed-size Kalman update for the horizontal state: the hot path of the tracker. Templated on
// the measurement dimension so every product is a fixed-size Eigen kernel.

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <cmath>

#include "models/plane_measurements.hpp"

namespace picket::filters {

template <int M>
struct PlaneInnovation {
  Eigen::Matrix<double, M, M> S;
  double nis = 0.0;
  double log_det_s = 0.0;  ///< ln |S|
  bool ok = false;         ///< false when S is not positive definite or not finite
};

/// S = H P H^T + R, NIS and ln|S|, without updating.
template <int M>
PlaneInnovation<M> planeInnovation(const models::HMat& p, const models::PlaneLinearized<M>& z);

/// The gate test's part of planeInnovation, without its logarithm: the NIS and sqrt|S| (the
/// product of the Cholesky factor's diagonal), bit for bit those planeInnovation computes, and
/// `ok` exactly when planeInnovation's is. The tracker gates with it and takes ln|S|
/// (logDetFromRoot) only for the pairs whose cost the assignment needs.
struct PlaneGate {
  double nis = 0.0;
  double det_root = 0.0;  ///< sqrt|S| = prod L_ii
  bool ok = false;
};
template <int M>
PlaneGate planeGate(const models::HMat& p, const models::PlaneLinearized<M>& z);

/// ln|S| from PlaneGate::det_root: bit for bit PlaneInnovation::log_det_s.
inline double logDetFromRoot(double det_root) { return 2.0 * std::log(det_root); }

/// EKF update (planeUpdateDet, with ln|S|), symmetrised. Returns false (and leaves x, P
/// untouched) when S is not positive definite or the result is not finite. Fills `innovation`.
template <int M>
bool planeUpdate(models::HVec& x, models::HMat& p, const models::PlaneLinearized<M>& z,
                 PlaneInnovation<M>& innovation);

/// planeUpdate without the logarithm: fills S, the NIS and |S| (`det_s`, positive and finite
/// on success) and leaves x and P untouched on failure. For H = [I 0] (position plots, AIS
/// position and velocity) it takes the structured kernel: K = U S^-1 with U = P's leading
/// columns (2x2: closed-form inverse), P' = P - K U^T with its first columns computed as K R
/// (no cancellation); other H take the Joseph form. The IMM update uses it so that one
/// logarithm serves both models' likelihoods.
template <int M>
bool planeUpdateDet(models::HVec& x, models::HMat& p, const models::PlaneLinearized<M>& z,
                    Eigen::Matrix<double, M, M>& s, double& nis, double& det_s);

/// planeUpdateDet from (x, p) into (x_out, p_out), which may be x and p; on failure x_out and
/// p_out are untouched. For a caller that keeps the prior (the IMM update): no copy of it
/// first.
template <int M>
bool planeUpdateDetInto(const models::HVec& x, const models::HMat& p,
                        const models::PlaneLinearized<M>& z, Eigen::Matrix<double, M, M>& s,
                        double& nis, double& det_s, models::HVec& x_out, models::HMat& p_out);

/// True when P is symmetric (to a relative tolerance), finite and has a Cholesky factor.
bool isCovarianceValid(const models::HMat& p);

}  // namespace picket::filters

#include "filters/fixed_kalman_inl.hpp"
