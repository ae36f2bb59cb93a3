#pragma once
// Motion models for the horizontal state of a track in its tangent plane, and for the vertical
// channel of air tracks (decoupled horizontal/vertical filtering, as air traffic trackers do).
//
// Horizontal state x = (east m, north m, v_east m/s, v_north m/s, turn rate rad/s), shared by
// every model so that an IMM can mix them:
//  - ConstantVelocity: nearly-constant velocity (white-noise acceleration, Bar-Shalom, Li and
//    Kirubarajan 2001, sec. 6.3.2); its turn rate relaxes to zero within seconds (time constant
//    2 s) plus a small random walk, so that the mixed estimate stays defined and the CT model
//    is handed a near-zero, well-known turn rate on straight legs.
//  - CoordinatedTurn: nearly-coordinated turn with unknown turn rate (ibid. sec. 11.7.2; Li and
//    Jilkov 2003, "Survey of maneuvering target tracking, Part I", sec. 4.2.1), EKF-linearised.
// Pure functions; fixed-size Eigen; no allocation.

#include <Eigen/Core>

#include "core/types.hpp"

namespace picket::models {

constexpr int kHorizontalStates = 5;
using HVec = Eigen::Matrix<double, kHorizontalStates, 1>;
using HMat = Eigen::Matrix<double, kHorizontalStates, kHorizontalStates>;

enum class Motion : std::uint8_t { ConstantVelocity = 0, CoordinatedTurn = 1 };
constexpr int kMotionModels = 2;

/// Process noise of the horizontal models (per domain in config).
struct HorizontalNoise {
  double cv_accel_psd_m2ps3 = 0.05;       ///< CV: acceleration PSD per horizontal axis
  double ct_accel_psd_m2ps3 = 0.05;       ///< CT: along-track/cross-track acceleration PSD
  double turn_rate_psd_rad2ps3 = 1e-5;    ///< CT: turn-rate random-walk PSD
  double cv_turn_rate_psd_rad2ps3 = 1e-8; ///< CV: keeps the (unused) turn rate defined
  bool operator==(const HorizontalNoise&) const = default;
};

/// One model step: x_out = f(x, dt), f_out = df/dx at x, q_out = process noise over |dt|.
/// dt may be negative (approximate retrodiction: F(-|dt|) with Q(|dt|)) or zero.
void propagate(Motion model, const HVec& x, double dt_s, const HorizontalNoise& noise,
               HVec& x_out, HMat& f_out, HMat& q_out);

/// What a step over dt_s costs that does not depend on the state: each model's process noise
/// Q(|dt|) and the CV turn-rate decay. Computed once per distinct dt (every track predicted to
/// a scan from the previous scan shares it) and passed to the overload below, which then gives
/// bit for bit the outputs of the one above.
struct MotionInterval {
  double dt_s = 0.0;
  double cv_decay = 1.0;
  HMat cv_q = HMat::Zero();
  HMat ct_q = HMat::Zero();
};
MotionInterval motionInterval(double dt_s, const HorizontalNoise& noise);

/// The step of `model` over `interval.dt_s`: x_out and f_out as above; the process noise is
/// interval.cv_q or interval.ct_q.
void propagate(Motion model, const HVec& x, const MotionInterval& interval, HVec& x_out,
               HMat& f_out);

/// Vertical channel of an air track: (height above the ellipsoid m, vertical rate m/s).
struct VerticalNoise {
  double accel_psd_m2ps3 = 1.0;
  bool operator==(const VerticalNoise&) const = default;
};
void propagateVertical(double dt_s, const VerticalNoise& noise, core::Mat2& f_out,
                       core::Mat2& q_out);

}  // namespace picket::models
