#include "sim/rng.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace picket::sim {
namespace {

TEST(SplitMix64, MatchesTheReferenceOutputForSeedZero) {
  // Outputs of Vigna's splitmix64.c with x = 0.
  SplitMix64 sm(0);
  EXPECT_EQ(sm.next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(sm.next(), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(sm.next(), 0x06c45d188009454fULL);
}

TEST(Rng, MatchesTheXoshiro256StarStarReferenceVector) {
  // Reference xoshiro256starstar.c seeded with s = {1, 2, 3, 4} (the vector used by the
  // Rust rand_xoshiro and other ports).
  Rng rng = Rng::fromState({1, 2, 3, 4});
  const std::array<std::uint64_t, 10> expected = {11520ULL,
                                                  0ULL,
                                                  1509978240ULL,
                                                  1215971899390074240ULL,
                                                  1216172134540287360ULL,
                                                  607988272756665600ULL,
                                                  16172922978634559625ULL,
                                                  8476171486693032832ULL,
                                                  10595114339597558777ULL,
                                                  2904607092377533576ULL};
  for (const std::uint64_t e : expected) EXPECT_EQ(rng.nextU64(), e);
}

TEST(Rng, SeedOneStartsWithKnownValues) {
  // Pins the seeding (state = four SplitMix64(seed) outputs) so that a change cannot go
  // unnoticed: recorded demo runs depend on it. Values cross-checked against an independent
  // Python transcription of the two reference C files.
  Rng rng(1);
  EXPECT_EQ(rng.nextU64(), 0xb3f2af6d0fc710c5ULL);
  EXPECT_EQ(rng.nextU64(), 0x853b559647364ceaULL);
  EXPECT_EQ(rng.nextU64(), 0x92f89756082a4514ULL);
}

TEST(Rng, SameSeedGivesTheSameSequence) {
  Rng a(42);
  Rng b(42);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.nextU64(), b.nextU64()) << "at draw " << i;
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.normal(), b.normal()) << "at normal " << i;
}

TEST(Rng, DifferentSeedsGiveDifferentSequences) {
  Rng a(1);
  Rng b(2);
  int equal = 0;
  for (int i = 0; i < 100; ++i) equal += a.nextU64() == b.nextU64() ? 1 : 0;
  EXPECT_EQ(equal, 0);
}

TEST(Rng, NamedStreamsAreReproducibleAndDistinct) {
  Rng a1 = Rng::forStream(7, "radar-aruba");
  Rng a2 = Rng::forStream(7, "radar-aruba");
  Rng b = Rng::forStream(7, "ais-aruba");
  Rng c = Rng::forStream(8, "radar-aruba");
  const std::uint64_t va = a1.nextU64();
  EXPECT_EQ(va, a2.nextU64());
  EXPECT_NE(va, b.nextU64());
  EXPECT_NE(va, c.nextU64());
}

TEST(Rng, AllZeroStateIsRejected) {
  EXPECT_THROW(Rng::fromState({0, 0, 0, 0}), std::invalid_argument);
}

TEST(Rng, UniformStaysInItsInterval) {
  Rng rng(3);
  double min = 1.0;
  double max = 0.0;
  double sum = 0.0;
  constexpr int kDraws = 100000;
  for (int i = 0; i < kDraws; ++i) {
    const double u = rng.uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    min = std::min(min, u);
    max = std::max(max, u);
    sum += u;
  }
  EXPECT_LT(min, 1e-3);
  EXPECT_GT(max, 1.0 - 1e-3);
  // Mean 1/2, standard error sqrt(1/12 / n) = 0.0009: 5 sigma.
  EXPECT_NEAR(sum / kDraws, 0.5, 0.0046);
  for (int i = 0; i < 1000; ++i) {
    const double x = rng.uniform(-3.0, 5.0);
    ASSERT_GE(x, -3.0);
    ASSERT_LT(x, 5.0);
  }
}

TEST(Rng, NormalHasUnitVarianceAndZeroMean) {
  Rng rng(12345);
  constexpr int kDraws = 100000;
  double sum = 0.0;
  double sum_sq = 0.0;
  double sum_4 = 0.0;
  int beyond_2_sigma = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = rng.normal();
    sum += x;
    sum_sq += x * x;
    sum_4 += x * x * x * x;
    beyond_2_sigma += std::abs(x) > 2.0 ? 1 : 0;
  }
  const double mean = sum / kDraws;
  const double variance = sum_sq / kDraws - mean * mean;
  // Standard errors: mean 1/sqrt(n) = 0.0032, variance sqrt(2/n) = 0.0045; 5 sigma bounds.
  EXPECT_NEAR(mean, 0.0, 0.016);
  EXPECT_NEAR(variance, 1.0, 0.023);
  // Kurtosis 3 (a uniform or triangular mistake would give 1.8 or 2.4).
  EXPECT_NEAR(sum_4 / kDraws, 3.0, 0.1);
  // P(|x| > 2) = 0.0455.
  EXPECT_NEAR(static_cast<double>(beyond_2_sigma) / kDraws, 0.0455, 0.0035);
}

TEST(Rng, NormalWithMeanAndSigmaScales) {
  Rng rng(99);
  constexpr int kDraws = 100000;
  double sum = 0.0;
  double sum_sq = 0.0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = rng.normal(10.0, 25.0);
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / kDraws;
  const double sigma = std::sqrt(sum_sq / kDraws - mean * mean);
  EXPECT_NEAR(mean, 10.0, 5.0 * 25.0 / std::sqrt(kDraws));
  EXPECT_NEAR(sigma, 25.0, 0.5);
}

TEST(Rng, PoissonHasTheRequestedMeanAndVariance) {
  for (const double lambda : {0.5, 1.0, 1.5, 8.0}) {
    Rng rng(7);
    constexpr int kDraws = 100000;
    double sum = 0.0;
    double sum_sq = 0.0;
    for (int i = 0; i < kDraws; ++i) {
      const double k = rng.poisson(lambda);
      sum += k;
      sum_sq += k * k;
    }
    const double mean = sum / kDraws;
    const double variance = sum_sq / kDraws - mean * mean;
    const double se = std::sqrt(lambda / kDraws);
    EXPECT_NEAR(mean, lambda, 5.0 * se) << "lambda " << lambda;
    EXPECT_NEAR(variance, lambda, 0.05 * lambda + 0.02) << "lambda " << lambda;
  }
}

TEST(Rng, PoissonWithZeroMeanIsZeroAndNegativeMeanThrows) {
  Rng rng(1);
  EXPECT_EQ(rng.poisson(0.0), 0U);
  EXPECT_THROW(rng.poisson(-1.0), std::invalid_argument);
}

TEST(Rng, BernoulliMatchesItsProbability) {
  Rng rng(5);
  constexpr int kDraws = 100000;
  int hits = 0;
  for (int i = 0; i < kDraws; ++i) hits += rng.bernoulli(0.8) ? 1 : 0;
  EXPECT_NEAR(static_cast<double>(hits) / kDraws, 0.8, 0.0065);  // 5 sigma
}

TEST(Rng, BelowIsUniformOverItsRangeAndRejectsZero) {
  Rng rng(17);
  constexpr int kDraws = 60'000;
  std::array<int, 6> counts{};
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t k = rng.below(6);
    ASSERT_LT(k, 6u);
    ++counts[k];
  }
  for (const int c : counts) EXPECT_NEAR(c, kDraws / 6.0, 5.0 * std::sqrt(kDraws / 6.0));
  EXPECT_EQ(rng.below(1), 0u);
  EXPECT_THROW(rng.below(0), std::invalid_argument);
}

}  // namespace
}  // namespace picket::sim
