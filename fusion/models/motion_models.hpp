#pragma once
// Motion models for the ECEF track state x = (position, velocity), metres and metres/second.
//
// The state is Earth-centred, Earth-fixed, so it is valid anywhere on the ellipsoid with no
// projection or zone. Process noise is specified in the local east-north-up frame of the
// track (horizontal and vertical acceleration densities) and rotated into ECEF.

#include "core/types.hpp"

namespace picket::models {

using core::Mat6;
using core::Vec3;

/// White-noise-acceleration densities for the nearly-constant-velocity model (Bar-Shalom,
/// Li, Kirubarajan 2001, sec. 6.2.2): q is the power spectral density of the acceleration,
/// m^2/s^3, horizontal (per axis) and vertical.
struct CvNoise {
  double accel_psd_horizontal_m2ps3 = 0.1;
  double accel_psd_vertical_m2ps3 = 0.001;
  bool operator==(const CvNoise&) const = default;
};

/// State transition of the nearly-constant-velocity model over dt_s seconds (dt may be 0).
Mat6 cvTransition(double dt_s);

/// Discretised process noise of the CV model over dt_s >= 0, with the horizontal/vertical
/// split taken about the unit ellipsoid normal `up_ecef` at the track position.
Mat6 cvProcessNoise(double dt_s, const Vec3& up_ecef, const CvNoise& noise);

}  // namespace picket::models
