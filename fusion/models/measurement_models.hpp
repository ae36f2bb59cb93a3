#pragma once
// Measurement models for the ECEF state (position, velocity): each returns the innovation
// (measured minus predicted, angles wrapped), the Jacobian of the prediction with respect to
// the state, and the measurement noise covariance. Pure functions; no allocation.

#include <Eigen/Core>

#include "core/measurement.hpp"
#include "core/types.hpp"

namespace picket::models {

constexpr int kMaxMeasurementDim = 4;

using VecZ = Eigen::Matrix<double, Eigen::Dynamic, 1, Eigen::ColMajor, kMaxMeasurementDim, 1>;
using MatZ6 = Eigen::Matrix<double, Eigen::Dynamic, 6, Eigen::RowMajor, kMaxMeasurementDim, 6>;
using MatZZ =
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, kMaxMeasurementDim,
                  kMaxMeasurementDim>;

/// A measurement linearised about a predicted state: y = z - h(x), H = dh/dx, R.
struct Linearized {
  VecZ innovation;
  MatZ6 jacobian;
  MatZZ noise;
};

/// Radar range/bearing (and range rate when present) from a known antenna position.
/// Components: slant range (m), bearing clockwise from true north at the antenna (rad),
/// range rate (m/s). The antenna's position uncertainty is folded into the noise through the
/// Jacobian with respect to the antenna position. Fails (returns false) when the target is
/// within 1 m of the antenna or vertically above it, where bearing is undefined.
bool linearizePolar(const core::Vec6& x, const core::PolarMeasurement& m, Linearized& out);

/// Horizontal position (and velocity when present) in the local east-north frame at the
/// measured point: z = (east, north[, v_east, v_north]).
void linearizePosition(const core::Vec6& x, const core::PositionMeasurement& m, Linearized& out);

/// Surface constraint as a pseudo-measurement: height above the ellipsoid = 0 and vertical
/// speed = 0, with the given 1-sigmas. Keeps a surface track on the sea surface whatever the
/// sensor geometry; the height sigma absorbs the geoid undulation (tens of metres).
void linearizeSurfaceConstraint(const core::Vec6& x, double height_sigma_m,
                                double vertical_speed_sigma_mps, Linearized& out);

/// Predicted slant range/bearing of a state seen from an antenna, for tests and simulation.
core::Vec2 predictPolar(const core::Vec3& target_ecef, const core::Vec3& sensor_ecef,
                        const core::Mat3& sensor_enu_to_ecef);

}  // namespace picket::models
