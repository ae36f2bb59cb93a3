#pragma once
// Where a single measurement puts a target: the point and horizontal covariance used to
// search for candidate tracks and to start a new track.

#include "core/measurement.hpp"

namespace picket::tracking {

/// A measurement resolved to a point on the ellipsoid.
struct PlotFix {
  core::Vec3 surface_ecef = core::Vec3::Zero();  ///< on the ellipsoid (height 0), ECEF
  core::Mat2 cov_en_m2 = core::Mat2::Identity();  ///< east/north at the point
  double ground_range_m = 0.0;                    ///< polar plots: from the antenna
};

/// Position measurements: the reported point. Polar plots: the slant range resolved for a
/// target at `target_height_m` (0 for surface targets) against the antenna height and the
/// Earth's curvature, then put on the ellipsoid below it; its covariance from range and
/// cross-range variances (and the antenna's position variance).
PlotFix locate(const core::Measurement& m, double target_height_m);

/// 3-sigma horizontal extent (m) of a measurement, for the candidate search.
double measurementExtent3(const core::Measurement& m);

}  // namespace picket::tracking
