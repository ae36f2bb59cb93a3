#pragma once
// Measurement models for the horizontal tangent-plane state (see horizontal_models.hpp). Each
// fills a fixed-size linearisation: innovation y = z - h(x) (angles wrapped), H = dh/dx, R.
// Pure functions; no allocation.

#include <Eigen/Core>
#include <optional>

#include "core/measurement.hpp"
#include "geo/tangent_plane.hpp"
#include "models/horizontal_models.hpp"

namespace picket::models {

template <int M>
struct PlaneLinearized {
  Eigen::Matrix<double, M, 1> innovation;
  Eigen::Matrix<double, M, kHorizontalStates> jacobian;
  Eigen::Matrix<double, M, M> noise;
};

/// A position measurement (and optional velocity) expressed in one track's plane. The
/// covariance given in east/north at the measured point is rotated into the plane.
struct PlanePosition {
  core::Vec2 en_m = core::Vec2::Zero();
  core::Mat2 cov_m2 = core::Mat2::Identity();
  std::optional<core::Vec2> velocity_mps;
  core::Mat2 velocity_cov_m2ps2 = core::Mat2::Identity();
};

/// `measured_ecef` is the measurement's point on the ellipsoid (precomputed once per
/// measurement; see tracking::measuredPositionEcef).
PlanePosition toPlane(const geo::TangentPlane& plane, const core::PositionMeasurement& m,
                      const core::Vec3& measured_ecef);

/// z = (east, north).
void linearizePosition(const PlanePosition& z, const HVec& x, PlaneLinearized<2>& out);
/// z = (east, north, v_east, v_north); requires z.velocity_mps.
void linearizePositionVelocity(const PlanePosition& z, const HVec& x, PlaneLinearized<4>& out);

/// The target's height channel as seen by the horizontal models: a parameter, whose variance
/// is folded into the measurement noise (surface tracks: height 0, variance from the surface
/// sigma; air tracks: the vertical filter's estimate).
struct TargetHeight {
  double height_m = 0.0;
  double height_var_m2 = 0.0;
  double vertical_speed_mps = 0.0;
  double vertical_speed_var_m2ps2 = 0.0;
};

/// Radar slant range and bearing (clockwise from true north at the antenna) from a known
/// antenna; the antenna's position covariance is folded into R. False when the target is
/// within 1 m of the antenna or straight above it.
bool linearizePolar(const geo::TangentPlane& plane, const core::PolarMeasurement& m,
                    const HVec& x, const TargetHeight& h, PlaneLinearized<2>& out);
/// The same plus range rate (requires m.range_rate_mps); the platform velocity is taken from m.
bool linearizePolarRangeRate(const geo::TangentPlane& plane, const core::PolarMeasurement& m,
                             const HVec& x, const TargetHeight& h, PlaneLinearized<3>& out);

}  // namespace picket::models
