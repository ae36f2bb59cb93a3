#include "models/horizontal_models.hpp"

#include <cmath>

namespace picket::models {

namespace {

// Time constant (s) with which the CV model's turn rate relaxes to zero.
constexpr double kCvTurnRateDecayS = 2.0;

/// Discretised continuous white-noise acceleration on each horizontal axis (Bar-Shalom, Li and
/// Kirubarajan 2001, eq. 6.2.3-8): psd [[T^3/3, T^2/2], [T^2/2, T]] per axis, plus a turn-rate
/// random walk psd_w T. Written element by element: a setZero() of the 5x5 becomes a
/// `rep stos`, which cost more than the rest of the function.
void whiteAccelerationNoise(double psd, double psd_w, double t_abs, HMat& q) {
  const double q_pp = psd * t_abs * t_abs * t_abs / 3.0;
  const double q_pv = psd * t_abs * t_abs / 2.0;
  const double q_vv = psd * t_abs;
  // clang-format off
  q << q_pp, 0.0,  q_pv, 0.0,  0.0,
       0.0,  q_pp, 0.0,  q_pv, 0.0,
       q_pv, 0.0,  q_vv, 0.0,  0.0,
       0.0,  q_pv, 0.0,  q_vv, 0.0,
       0.0,  0.0,  0.0,  0.0,  psd_w * t_abs;
  // clang-format on
}

/// The CV transition with its turn-rate decay exp(-|dt| / kCvTurnRateDecayS) given.
void constantVelocityTransition(const HVec& x, double dt_s, double decay, HVec& x_out,
                                HMat& f_out) {
  // clang-format off
  f_out << 1.0, 0.0, dt_s, 0.0,  0.0,
           0.0, 1.0, 0.0,  dt_s, 0.0,
           0.0, 0.0, 1.0,  0.0,  0.0,
           0.0, 0.0, 0.0,  1.0,  0.0,
           0.0, 0.0, 0.0,  0.0,  decay;
  // clang-format on
  x_out = x;
  x_out(0) += dt_s * x(2);
  x_out(1) += dt_s * x(3);
  x_out(4) = decay * x(4);
}

double cvTurnRateDecay(double dt_s) { return std::exp(-std::abs(dt_s) / kCvTurnRateDecayS); }

void constantVelocity(const HVec& x, double dt_s, const HorizontalNoise& noise, HVec& x_out,
                      HMat& f_out, HMat& q_out) {
  // The CV target is not turning: its turn rate relaxes to zero (time constant
  // kCvTurnRateDecayS), so that on straight legs the CT model receives a near-zero, well-known
  // turn rate when the IMM mixes (the zero-turn-rate augmentation of CV; without it the
  // unobserved turn-rate variance of CV would flow into CT at every step and inflate both).
  constantVelocityTransition(x, dt_s, cvTurnRateDecay(dt_s), x_out, f_out);
  whiteAccelerationNoise(noise.cv_accel_psd_m2ps3, noise.cv_turn_rate_psd_rad2ps3, std::abs(dt_s),
                         q_out);
}

/// Coefficients of the coordinated-turn transition for turn angle theta = omega T:
/// a = sin(theta) / omega, b = (1 - cos(theta)) / omega and their omega-derivatives.
struct TurnCoefficients {
  double sin_theta, cos_theta, a, b, da_domega, db_domega;
};

TurnCoefficients turnCoefficients(double omega, double t) {
  TurnCoefficients c{};
  const double theta = omega * t;
  // Below |theta| = 0.1 the closed forms lose digits to cancellation (and divide by ~0 at
  // omega = 0): there the Taylor series, truncated after the theta^8 terms (sin and cos: the
  // theta^11 and theta^12 terms), are exact to double precision (first omitted terms < 3e-18
  // relative); most tracks run straight, so this branch is the common one and takes no libm
  // call. The series' divisions are multiplications by the reciprocals (the constants are
  // folded at compile time): a chain of dependent divisions was the slowest part of the
  // prediction. Above it the closed forms lose at most ~300 ulp (da / domega: T cos - a ~
  // T theta^2 / 3); 1 - cos is sin^2 / (1 + cos).
  if (std::abs(theta) < 0.1) {
    const double x = theta * theta;
    constexpr double k2 = 1.0 / 2.0, k3 = 1.0 / 3.0, k6 = 1.0 / 6.0, k8 = 1.0 / 8.0,
                     k12 = 1.0 / 12.0, k20 = 1.0 / 20.0, k30 = 1.0 / 30.0, k42 = 1.0 / 42.0,
                     k56 = 1.0 / 56.0, k72 = 1.0 / 72.0, k90 = 1.0 / 90.0, k110 = 1.0 / 110.0,
                     k132 = 1.0 / 132.0, k144 = 1.0 / 144.0, k840 = 1.0 / 840.0,
                     k5760 = 1.0 / 5760.0, k45360 = 1.0 / 45360.0, k403200 = 1.0 / 403200.0,
                     k3991680 = 1.0 / 3991680.0;
    c.sin_theta =
        theta *
        (1.0 - x * k6 * (1.0 - x * k20 * (1.0 - x * k42 * (1.0 - x * k72 * (1.0 - x * k110)))));
    c.cos_theta =
        1.0 -
        x * k2 *
            (1.0 -
             x * k12 * (1.0 - x * k30 * (1.0 - x * k56 * (1.0 - x * k90 * (1.0 - x * k132)))));
    c.a = t * (1.0 - x * k6 * (1.0 - x * k20 * (1.0 - x * k42 * (1.0 - x * k72))));
    c.b = t * theta * 0.5 * (1.0 - x * k12 * (1.0 - x * k30 * (1.0 - x * k56 * (1.0 - x * k90))));
    c.da_domega = t * t * theta * (-k3 + x * (k30 - x * (k840 - x * (k45360 - x * k3991680))));
    c.db_domega = t * t * (0.5 - x * (k8 - x * (k144 - x * (k5760 - x * k403200))));
  } else {
    c.sin_theta = std::sin(theta);
    c.cos_theta = std::cos(theta);
    const double inv_omega = 1.0 / omega;
    // 1 - cos without cancellation and without another trigonometric call.
    const double one_minus_cos =
        c.cos_theta > 0.0 ? c.sin_theta * c.sin_theta / (1.0 + c.cos_theta) : 1.0 - c.cos_theta;
    c.a = c.sin_theta * inv_omega;
    c.b = one_minus_cos * inv_omega;
    c.da_domega = (t * c.cos_theta - c.a) * inv_omega;
    c.db_domega = (t * c.sin_theta - c.b) * inv_omega;
  }
  return c;
}

void coordinatedTurnTransition(const HVec& x, double dt_s, HVec& x_out, HMat& f_out) {
  // Nearly-coordinated turn with the turn rate in the state (Bar-Shalom, Li and Kirubarajan
  // 2001, eq. 11.7.2-4; Li and Jilkov 2003, eq. 61): the velocity vector rotates by omega T,
  // counter-clockwise (towards north from east) for omega > 0.
  const double ve = x(2);
  const double vn = x(3);
  const double omega = x(4);
  const TurnCoefficients c = turnCoefficients(omega, dt_s);
  x_out(0) = x(0) + c.a * ve - c.b * vn;
  x_out(1) = x(1) + c.b * ve + c.a * vn;
  x_out(2) = c.cos_theta * ve - c.sin_theta * vn;
  x_out(3) = c.sin_theta * ve + c.cos_theta * vn;
  x_out(4) = omega;

  // d/d omega of the rotated velocity: T times the velocity rotated by a further 90 degrees.
  const double dx_dw = c.da_domega * ve - c.db_domega * vn;
  const double dy_dw = c.db_domega * ve + c.da_domega * vn;
  // clang-format off
  f_out << 1.0, 0.0, c.a,         -c.b,         dx_dw,
           0.0, 1.0, c.b,          c.a,         dy_dw,
           0.0, 0.0, c.cos_theta, -c.sin_theta, -dt_s * x_out(3),
           0.0, 0.0, c.sin_theta,  c.cos_theta,  dt_s * x_out(2),
           0.0, 0.0, 0.0,          0.0,          1.0;
  // clang-format on
}

void coordinatedTurn(const HVec& x, double dt_s, const HorizontalNoise& noise, HVec& x_out,
                     HMat& f_out, HMat& q_out) {
  coordinatedTurnTransition(x, dt_s, x_out, f_out);
  // White acceleration per axis (isotropic, so equal along- and cross-track) plus a turn-rate
  // random walk (ibid. eq. 11.7.2-6).
  whiteAccelerationNoise(noise.ct_accel_psd_m2ps3, noise.turn_rate_psd_rad2ps3, std::abs(dt_s),
                         q_out);
}

}  // namespace

void propagate(Motion model, const HVec& x, double dt_s, const HorizontalNoise& noise, HVec& x_out,
               HMat& f_out, HMat& q_out) {
  if (model == Motion::CoordinatedTurn) {
    coordinatedTurn(x, dt_s, noise, x_out, f_out, q_out);
  } else {
    constantVelocity(x, dt_s, noise, x_out, f_out, q_out);
  }
}

MotionInterval motionInterval(double dt_s, const HorizontalNoise& noise) {
  MotionInterval k;
  k.dt_s = dt_s;
  k.cv_decay = cvTurnRateDecay(dt_s);
  whiteAccelerationNoise(noise.cv_accel_psd_m2ps3, noise.cv_turn_rate_psd_rad2ps3, std::abs(dt_s),
                         k.cv_q);
  whiteAccelerationNoise(noise.ct_accel_psd_m2ps3, noise.turn_rate_psd_rad2ps3, std::abs(dt_s),
                         k.ct_q);
  return k;
}

void propagate(Motion model, const HVec& x, const MotionInterval& interval, HVec& x_out,
               HMat& f_out) {
  if (model == Motion::CoordinatedTurn) {
    coordinatedTurnTransition(x, interval.dt_s, x_out, f_out);
  } else {
    constantVelocityTransition(x, interval.dt_s, interval.cv_decay, x_out, f_out);
  }
}

void propagateVertical(double dt_s, const VerticalNoise& noise, core::Mat2& f_out,
                       core::Mat2& q_out) {
  f_out << 1.0, dt_s, 0.0, 1.0;
  const double t = std::abs(dt_s);
  const double q = noise.accel_psd_m2ps3;
  q_out << q * t * t * t / 3.0, q * t * t / 2.0, q * t * t / 2.0, q * t;
}

}  // namespace picket::models
