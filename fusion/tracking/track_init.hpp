#pragma once
// Track birth: a first state estimate from a single measurement.

#include "core/measurement.hpp"
#include "filters/kalman.hpp"
#include "tracking/tracker_config.hpp"

namespace picket::tracking {

/// Where a measurement puts the target, in ECEF, assuming a surface target (height 0) for
/// polar plots. Exact for position measurements; for polar plots the slant range is resolved
/// against the antenna height and Earth curvature in the antenna's local frame.
core::Vec3 measuredPositionEcef(const core::Measurement& m);

/// Initial state for a surface track from one measurement: position from the measurement with
/// its covariance; velocity from the measurement when it has one (AIS SOG/COG), otherwise zero
/// with `config.initial_speed_sigma_mps` per horizontal axis.
filters::TrackState initialSurfaceState(const core::Measurement& m, const TrackerConfig& config);

}  // namespace picket::tracking
