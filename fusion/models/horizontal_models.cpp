#include "models/horizontal_models.hpp"

#include <cmath>

namespace picket::models {

namespace {

/// Discretised continuous white-noise acceleration on one axis (Bar-Shalom, Li and Kirubarajan
/// 2001, eq. 6.2.3-8): q [[T^3/3, T^2/2], [T^2/2, T]], written into rows/cols (i, i + 2).
void addWhiteAcceleration(double psd, double t_abs, int axis, HMat& q) {
  const double t2 = t_abs * t_abs;
  q(axis, axis) += psd * t2 * t_abs / 3.0;
  q(axis, axis + 2) += psd * t2 / 2.0;
  q(axis + 2, axis) += psd * t2 / 2.0;
  q(axis + 2, axis + 2) += psd * t_abs;
}

void constantVelocity(const HVec& x, double dt_s, const HorizontalNoise& noise, HVec& x_out,
                      HMat& f_out, HMat& q_out) {
  f_out.setIdentity();
  f_out(0, 2) = dt_s;
  f_out(1, 3) = dt_s;
  x_out = x;
  x_out(0) += dt_s * x(2);
  x_out(1) += dt_s * x(3);
  const double t = std::abs(dt_s);
  q_out.setZero();
  addWhiteAcceleration(noise.cv_accel_psd_m2ps3, t, 0, q_out);
  addWhiteAcceleration(noise.cv_accel_psd_m2ps3, t, 1, q_out);
  q_out(4, 4) = noise.cv_turn_rate_psd_rad2ps3 * t;
}

/// Coefficients of the coordinated-turn transition for turn angle theta = omega T:
/// a = sin(theta) / omega, b = (1 - cos(theta)) / omega and their omega-derivatives.
struct TurnCoefficients {
  double sin_theta, cos_theta, a, b, da_domega, db_domega;
};

TurnCoefficients turnCoefficients(double omega, double t) {
  TurnCoefficients c{};
  const double theta = omega * t;
  c.sin_theta = std::sin(theta);
  c.cos_theta = std::cos(theta);
  // Below |theta| = 1e-2 the closed forms lose digits to cancellation (and divide by ~0 at
  // omega = 0); their Taylor series truncated as below are exact to double precision there
  // (the first omitted terms are < 3e-16 relative).
  if (std::abs(theta) < 1e-2) {
    const double th2 = theta * theta;
    c.a = t * (1.0 - th2 / 6.0 * (1.0 - th2 / 20.0));
    c.b = t * theta * (0.5 - th2 / 24.0 * (1.0 - th2 / 30.0));
    c.da_domega = t * t * theta * (-1.0 / 3.0 + th2 / 30.0 - th2 * th2 / 840.0);
    c.db_domega = t * t * (0.5 - th2 / 8.0 + th2 * th2 / 144.0);
  } else {
    const double inv_omega = 1.0 / omega;
    c.a = c.sin_theta * inv_omega;
    c.b = (1.0 - c.cos_theta) * inv_omega;
    c.da_domega = (t * c.cos_theta - c.a) * inv_omega;
    c.db_domega = (t * c.sin_theta - c.b) * inv_omega;
  }
  return c;
}

void coordinatedTurn(const HVec& x, double dt_s, const HorizontalNoise& noise, HVec& x_out,
                     HMat& f_out, HMat& q_out) {
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

  f_out.setIdentity();
  f_out(0, 2) = c.a;
  f_out(0, 3) = -c.b;
  f_out(1, 2) = c.b;
  f_out(1, 3) = c.a;
  f_out(2, 2) = c.cos_theta;
  f_out(2, 3) = -c.sin_theta;
  f_out(3, 2) = c.sin_theta;
  f_out(3, 3) = c.cos_theta;
  f_out(0, 4) = c.da_domega * ve - c.db_domega * vn;
  f_out(1, 4) = c.db_domega * ve + c.da_domega * vn;
  // d/d omega of the rotated velocity: T times the velocity rotated by a further 90 degrees.
  f_out(2, 4) = -dt_s * x_out(3);
  f_out(3, 4) = dt_s * x_out(2);

  // White acceleration per axis (isotropic, so equal along- and cross-track) plus a turn-rate
  // random walk (ibid. eq. 11.7.2-6).
  const double t = std::abs(dt_s);
  q_out.setZero();
  addWhiteAcceleration(noise.ct_accel_psd_m2ps3, t, 0, q_out);
  addWhiteAcceleration(noise.ct_accel_psd_m2ps3, t, 1, q_out);
  q_out(4, 4) = noise.turn_rate_psd_rad2ps3 * t;
}

}  // namespace

void propagate(Motion model, const HVec& x, double dt_s, const HorizontalNoise& noise,
               HVec& x_out, HMat& f_out, HMat& q_out) {
  if (model == Motion::CoordinatedTurn) {
    coordinatedTurn(x, dt_s, noise, x_out, f_out, q_out);
  } else {
    constantVelocity(x, dt_s, noise, x_out, f_out, q_out);
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
