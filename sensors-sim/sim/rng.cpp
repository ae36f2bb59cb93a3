#include "sim/rng.hpp"

#include <cmath>
#include <stdexcept>

namespace picket::sim {

namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// The SplitMix64 output function (a variant of MurmurHash3's fmix64), used to decorrelate a
// user seed from the stream hash before they are combined.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

std::uint64_t SplitMix64::next() {
  state_ += 0x9e3779b97f4a7c15ULL;
  return mix64(state_);
}

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

Rng::Rng(std::uint64_t seed) {
  SplitMix64 sm(seed);
  for (auto& word : s_) word = sm.next();
}

Rng Rng::forStream(std::uint64_t seed, std::string_view stream_name) {
  return Rng(mix64(seed) ^ fnv1a64(stream_name));
}

Rng Rng::fromState(const std::array<std::uint64_t, 4>& state) {
  if (state[0] == 0 && state[1] == 0 && state[2] == 0 && state[3] == 0) {
    throw std::invalid_argument("xoshiro256** state must not be all zero");
  }
  Rng r;
  r.s_ = state;
  return r;
}

std::uint64_t Rng::nextU64() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::uniform01() {
  // 2^-53: every double in [0, 1) that is a multiple of 2^-53 is equally likely.
  return static_cast<double>(nextU64() >> 11) * 0x1.0p-53;
}

double Rng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }

bool Rng::bernoulli(double p) { return uniform01() < p; }

std::uint64_t Rng::below(std::uint64_t n) {
  if (n == 0) throw std::invalid_argument("Rng::below: n must be > 0");
  const std::uint64_t threshold = (0 - n) % n;
  for (;;) {
    const std::uint64_t r = nextU64();
    if (r >= threshold) return r % n;
  }
}

double Rng::normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  double u = 0.0;
  double v = 0.0;
  double s = 0.0;
  do {
    u = 2.0 * uniform01() - 1.0;
    v = 2.0 * uniform01() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double f = std::sqrt(-2.0 * std::log(s) / s);
  spare_normal_ = v * f;
  has_spare_normal_ = true;
  return u * f;
}

double Rng::normal(double mean, double sigma) { return mean + sigma * normal(); }

std::uint32_t Rng::poisson(double mean) {
  if (!(mean >= 0.0)) throw std::invalid_argument("Poisson mean must be >= 0");
  if (mean == 0.0) return 0;
  const double limit = std::exp(-mean);
  std::uint32_t k = 0;
  double p = uniform01();
  while (p > limit) {
    ++k;
    p *= uniform01();
  }
  return k;
}

}  // namespace picket::sim
