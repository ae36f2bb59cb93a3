#pragma once
// The 6-state ECEF track state, its Kalman predict as a pure function on value types (GTSAM's
// KalmanFilter style), and the covariance check used on the published ECEF view. The tracker's
// filtering runs on the horizontal tangent-plane state: see imm.hpp and fixed_kalman.hpp.

#include "core/time.hpp"
#include "core/types.hpp"

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

/// x' = F x, P' = F P F^T + Q, symmetrised. `to` becomes the new state time.
TrackState predict(const TrackState& s, const Mat6& f, const Mat6& q, core::Timestamp to);

/// True when P is symmetric (to a relative tolerance) and its Cholesky factor exists.
bool isCovarianceValid(const Mat6& p);

}  // namespace picket::filters
