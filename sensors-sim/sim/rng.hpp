#pragma once
// Seeded random numbers with our own distributions, so that a scenario and a seed give the same
// messages byte for byte on every machine and standard library (STYLE.md 5: the std::
// distributions are implementation-defined and differ between library versions).

#include <array>
#include <cstdint>
#include <string_view>

namespace picket::sim {

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014; Vigna's reference splitmix64.c). Used only to expand a seed into generator state.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();

 private:
  std::uint64_t state_;
};

/// FNV-1a 64-bit hash of a string: a stable name -> number map for deriving stream seeds.
std::uint64_t fnv1a64(std::string_view text);

/// xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 47(4), 2021) with the distributions the simulator needs. A value type: copying it
/// forks the stream. Not thread-safe; give each thread (and each sensor) its own instance.
class Rng {
 public:
  /// Seeds the 256-bit state with four outputs of SplitMix64(seed), as the authors recommend.
  explicit Rng(std::uint64_t seed);

  /// An independent stream for a named consumer (e.g. a sensor's source id), so that adding or
  /// reordering consumers does not change the numbers any other consumer draws.
  static Rng forStream(std::uint64_t seed, std::string_view stream_name);

  /// A generator with an explicit state (for reference test vectors). The state must not be
  /// all zero.
  static Rng fromState(const std::array<std::uint64_t, 4>& state);

  /// The next raw 64-bit output.
  std::uint64_t nextU64();

  /// Uniform on [0, 1) with 53 random bits (the top bits of the output, which are the best).
  double uniform01();

  /// Uniform on [lo, hi).
  double uniform(double lo, double hi);

  /// True with probability p (p outside [0, 1] is clamped by the comparison).
  bool bernoulli(double p);

  /// Uniform integer in [0, n), n > 0: exactly uniform (the lowest 2^64 mod n raw outputs are
  /// rejected, so that r mod n has no bias).
  std::uint64_t below(std::uint64_t n);

  /// Standard normal N(0, 1) by the Marsaglia polar method (Marsaglia & Bray, SIAM Review
  /// 6(3), 1964). Draws come in pairs; the second is kept for the next call.
  double normal();

  /// Normal with the given mean and standard deviation (sigma >= 0).
  double normal(double mean, double sigma);

  /// Poisson-distributed count by Knuth's multiplication method (TAOCP vol. 2, 3.4.1). Exact;
  /// cost grows linearly with the mean, intended for small means (clutter counts, < ~50).
  std::uint32_t poisson(double mean);

  bool operator==(const Rng&) const = default;

 private:
  Rng() = default;

  std::array<std::uint64_t, 4> s_{};
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

}  // namespace picket::sim
