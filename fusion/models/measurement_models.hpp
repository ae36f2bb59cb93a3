#pragma once
// Radar geometry in ECEF, for tests and simulation: the predicted slant range and bearing of a
// point seen from an antenna. The tracker's measurement models are in plane_measurements.hpp.

#include "core/types.hpp"

namespace picket::models {

/// Predicted slant range (m) and bearing (rad, clockwise from true north at the antenna, in
/// [0, 2 pi)) of a point seen from an antenna, for tests and simulation.
core::Vec2 predictPolar(const core::Vec3& target_ecef, const core::Vec3& sensor_ecef,
                        const core::Mat3& sensor_enu_to_ecef);

}  // namespace picket::models
