#pragma once
// Interacting Multiple Model filter (Blom and Bar-Shalom 1988; Bar-Shalom, Li and Kirubarajan
// 2001, sec. 11.6) over the horizontal tangent-plane state, with the models of
// models/horizontal_models.hpp: nearly-constant velocity and coordinated turn.
//
// Mode switching is a continuous-time Markov chain given by each model's mean sojourn time,
// so the transition matrix follows the (irregular) time between updates:
// p_ii(dt) = exp(-dt / tau_i), p_ij = 1 - p_ii for the two-model case.
//
// Pure functions on value types; fixed-size Eigen; nothing allocates.

#include <Eigen/Core>
#include <array>

#include "filters/fixed_kalman.hpp"
#include "models/horizontal_models.hpp"

namespace picket::filters {

using models::HMat;
using models::HVec;
using models::kMotionModels;

struct ImmConfig {
  models::HorizontalNoise noise;
  /// Mean time spent in each model before switching (CV, CT), seconds.
  double mean_sojourn_s[kMotionModels] = {120.0, 30.0};
  /// Mode probabilities given to a new track.
  double initial_probability[kMotionModels] = {0.9, 0.1};
  /// Lower bound on a mode probability, so a model is never lost for good.
  double min_probability = 1e-4;
  bool operator==(const ImmConfig&) const = default;
};

/// Posterior: one Gaussian per model and the mode probabilities.
struct ImmState {
  std::array<HVec, kMotionModels> x{};
  std::array<HMat, kMotionModels> P{};
  Eigen::Matrix<double, kMotionModels, 1> mu = Eigen::Matrix<double, kMotionModels, 1>::Zero();
  bool operator==(const ImmState&) const = default;
};

/// Prior at a new time: the per-model predictions after mixing and the predicted mode
/// probabilities (the ImmState part, which is all immUpdate needs), plus their moment-matched
/// combination (for gating against the mixture and for output).
struct ImmPrediction : ImmState {
  HVec x_combined = HVec::Zero();
  HMat P_combined = HMat::Identity();
};

/// A new IMM state with every model at (x, P) and the configured initial probabilities.
ImmState immInit(const HVec& x, const HMat& P, const ImmConfig& config);

/// Mixing and per-model prediction over dt_s (negative: approximate retrodiction, see
/// models::propagate).
void immPredict(const ImmState& s, double dt_s, const ImmConfig& config, ImmPrediction& out);

/// The same without the combination: the per-model priors and predicted mode probabilities
/// only, bit for bit those of immPredict. For the tracker's hot path, which gates and updates
/// per model and never reads the combined prior. `out` may not alias `s`.
void immPredictModes(const ImmState& s, double dt_s, const ImmConfig& config, ImmState& out);

/// Everything of a prediction over dt_s that does not depend on the state (mode transition
/// probabilities, process noises, the CV decay): one per distinct dt, shared by every track
/// predicted over that interval.
struct ImmInterval {
  double dt_s = 0.0;
  Eigen::Matrix<double, kMotionModels, kMotionModels> pi;  ///< pi(i, j) = P(j at t + dt | i at t)
  models::MotionInterval motion;
};
ImmInterval immInterval(double dt_s, const ImmConfig& config);

/// immPredictModes over `interval` (made by immInterval for the same config): bit for bit the
/// same result, without recomputing the interval's exponentials and noise matrices.
void immPredictModes(const ImmState& s, const ImmInterval& interval, ImmState& out);

/// Moment-matched mean and covariance of a Gaussian mixture.
void immCombine(const std::array<HVec, kMotionModels>& x, const std::array<HMat, kMotionModels>& p,
                const Eigen::Matrix<double, kMotionModels, 1>& mu, HVec& x_out, HMat& p_out);

/// One element of immCombine's mean or covariance, bit for bit, without computing the rest
/// (for checks that read a few entries on the hot path).
double immCombinedMean(const ImmState& s, int i);
double immCombinedCovariance(const ImmState& s, int r, int c);
/// immCombine's mean and the diagonal of its covariance, bit for bit, without the rest.
void immCombinedMeanAndVariances(const ImmState& s, HVec& mean, HVec& variance);

enum class ImmUpdateStatus { Ok, NumericalFailure };

/// Updates every model with the measurement linearised at that model's prediction (the
/// callable `linearize(const HVec& x, models::PlaneLinearized<M>& out) -> bool`), then the
/// mode probabilities from the models' likelihoods. On failure `out` is left unchanged.
template <int M, class Linearize>
ImmUpdateStatus immUpdate(const ImmState& prior, Linearize&& linearize, const ImmConfig& config,
                          ImmState& out);

}  // namespace picket::filters

#include "filters/imm_inl.hpp"
