#pragma once
// Seeded random numbers for tests. The distributions are our own (Box-Muller on
// std::mt19937_64) because std::normal_distribution and std::uniform_real_distribution differ
// between standard library versions (STYLE.md 5).

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <random>

namespace picket::test {

class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed) : rng_(seed) {}

  /// Uniform in the open interval (0, 1), from the top 53 bits.
  double uniform() { return (static_cast<double>(rng_() >> 11) + 0.5) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  /// Standard normal by the Box-Muller transform.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    constexpr double kTwoPi = 6.283185307179586476925;
    const double r = std::sqrt(-2.0 * std::log(uniform()));
    const double theta = kTwoPi * uniform();
    spare_ = r * std::sin(theta);
    has_spare_ = true;
    return r * std::cos(theta);
  }

  template <int N>
  Eigen::Matrix<double, N, 1> normalVector() {
    Eigen::Matrix<double, N, 1> v;
    for (int i = 0; i < N; ++i) v(i) = normal();
    return v;
  }

  /// A draw from N(0, cov); cov must be positive definite.
  template <int N>
  Eigen::Matrix<double, N, 1> gaussian(const Eigen::Matrix<double, N, N>& cov) {
    const Eigen::LLT<Eigen::Matrix<double, N, N>> llt(cov);
    return llt.matrixL() * normalVector<N>();
  }

  /// A draw from N(0, cov) of any size; cov must be positive definite.
  Eigen::VectorXd gaussian(const Eigen::MatrixXd& cov) {
    const Eigen::LLT<Eigen::MatrixXd> llt(cov);
    Eigen::VectorXd n(cov.rows());
    for (Eigen::Index i = 0; i < n.size(); ++i) n(i) = normal();
    return llt.matrixL() * n;
  }

 private:
  std::mt19937_64 rng_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace picket::test
