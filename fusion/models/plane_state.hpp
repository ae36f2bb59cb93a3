#pragma once
// Conversions of a tangent-plane track state: to the ECEF view published to the rest of
// Picket, and between two tangent planes when the tracker re-anchors a track.

#include "core/types.hpp"
#include "geo/tangent_plane.hpp"
#include "models/horizontal_models.hpp"

namespace picket::models {

/// ECEF position/velocity and their 6x6 covariance of a track whose horizontal state is
/// (x, P) in `plane` and whose vertical channel is (height, vertical rate) with covariance
/// `p_vertical` (for a surface track: height 0, vertical rate 0, and the surface sigmas). The
/// turn rate is not part of the view. Horizontal and vertical are independent (decoupled).
void toEcefState(const geo::TangentPlane& plane, const HVec& x, const HMat& p,
                 const core::Vec2& vertical, const core::Mat2& p_vertical, core::Vec6& x_ecef,
                 core::Mat6& p_ecef);

/// The two halves of toEcefState, bit for bit: the mean alone (cheap: no Jacobian) and the
/// covariance alone (the 6x6 product), for a tracker that publishes the covariance only when
/// it is read.
void toEcefMean(const geo::TangentPlane& plane, const HVec& x, const core::Vec2& vertical,
                core::Vec6& x_ecef);
void toEcefCovariance(const geo::TangentPlane& plane, const HVec& x, const HMat& p,
                      const core::Vec2& vertical, const core::Mat2& p_vertical,
                      core::Mat6& p_ecef);

/// Re-expresses (x, P) from plane `from` in plane `to` (first order: the 2x2 map of
/// TangentPlane::horizontalJacobianTo applied to position and velocity; the turn rate is
/// unchanged). Meant for `to` anchored at or near the track's current position.
void reanchor(const geo::TangentPlane& from, const geo::TangentPlane& to, HVec& x, HMat& p);

}  // namespace picket::models
