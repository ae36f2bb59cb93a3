#pragma once
// Kalman filter predict and update as pure functions on value types (GTSAM's KalmanFilter
// style): inputs are never modified, results carry a status and the normalised innovation.

#include "core/time.hpp"
#include "core/types.hpp"
#include "models/measurement_models.hpp"

namespace picket::filters {

using core::Mat6;
using core::Vec6;

/// Gaussian state estimate at a time: ECEF position and velocity with covariance.
struct TrackState {
  Vec6 x = Vec6::Zero();
  Mat6 P = Mat6::Identity();
  core::Timestamp time;
  bool operator==(const TrackState&) const = default;
};

enum class UpdateStatus { Ok, NumericalFailure };

/// Innovation statistics of a linearised measurement against a predicted state.
struct InnovationStats {
  models::MatZZ S;           ///< innovation covariance H P H^T + R
  double nis = 0.0;          ///< normalised innovation squared y^T S^-1 y
  double log_det_s = 0.0;    ///< ln |S|, for likelihood-based association costs
  bool ok = false;           ///< false when S is not positive definite
};

/// x' = F x, P' = F P F^T + Q, symmetrised. `to` becomes the new state time.
TrackState predict(const TrackState& s, const Mat6& f, const Mat6& q, core::Timestamp to);

/// Innovation covariance and NIS; used for gating before any update is made.
InnovationStats innovationStats(const TrackState& s, const models::Linearized& m);

struct UpdateResult {
  TrackState state;
  UpdateStatus status = UpdateStatus::Ok;
  double nis = 0.0;
};

/// EKF update with the Joseph-form covariance (Bucy and Joseph 1968), symmetrised. On a
/// non-positive-definite S or a non-finite result the input state is returned unchanged with
/// status NumericalFailure: the caller counts it; nothing is "repaired".
UpdateResult update(const TrackState& s, const models::Linearized& m);

/// True when P is symmetric (to a relative tolerance) and its Cholesky factor exists.
bool isCovarianceValid(const Mat6& p);

}  // namespace picket::filters
