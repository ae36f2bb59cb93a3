#pragma once
// Cue geometry: where a track will be and how sure we are.

#include <vector>

#include "core/time.hpp"
#include "cueing/alert.hpp"
#include "tracking/tracker.hpp"

namespace picket::cueing {

/// Geodetic position of an ECEF state (surface tracks are put on the ellipsoid, height 0).
core::GeoPoint trackPosition(const core::Track& track);

/// East/north velocity (m/s) of a track at its position.
core::Vec2 trackVelocityEn(const core::Track& track);

/// Where a track is and its local axes, from one geodetic conversion: what the position,
/// velocity and covariance of a rule's view (viewOf), a track CSV row or a track message share.
struct TrackFrame {
  core::GeoPoint position;  ///< surface tracks on the ellipsoid (height 0)
  core::Mat3 enu_to_ecef = core::Mat3::Identity();
  /// East, north, up velocity (m/s).
  [[nodiscard]] core::Vec3 velocityEnu(const core::Track& track) const {
    return enu_to_ecef.transpose() * track.x.tail<3>();
  }
  /// The 6x6 covariance of (east, north, up, v_east, v_north, v_up).
  [[nodiscard]] core::Mat6 covarianceEnu(const core::Mat6& p) const;
  /// The horizontal position covariance (east, north), without the full 6x6 transform.
  [[nodiscard]] core::Mat2 positionCovarianceEn(const core::Mat6& p) const;
};
TrackFrame trackFrame(const core::Track& track);

/// 95 % ellipse of a horizontal covariance given in the east-north frame.
void ellipse95(const core::Mat2& cov_en, double& semi_major_m, double& semi_minor_m,
               double& orientation_rad);

/// Predicts a track to each of `now + look_ahead[i]` with the tracker's motion model and the
/// given process noise (tracking::predictTrack).
std::vector<Prediction> predictAhead(const core::Track& track, core::Timestamp now,
                                     const std::vector<core::Duration>& look_ahead,
                                     const models::CvNoise& noise);

/// The 6x6 covariance of (east, north, up, v_east, v_north, v_up) at the state's position.
core::Mat6 covarianceEnu(const core::Vec6& x, const core::Mat6& p);

}  // namespace picket::cueing
