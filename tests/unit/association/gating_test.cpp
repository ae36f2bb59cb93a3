#include "association/gating.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace picket::association {
namespace {

/// Chi-square CDF by Simpson integration of the density after the substitution t = u^2
/// (smooth for every dof >= 1): an oracle independent of the closed forms under test.
double integratedCdf(int dof, double x) {
  const double k = dof;
  const double norm = std::exp(-(0.5 * k) * std::log(2.0) - std::lgamma(0.5 * k));
  const auto g = [&](double u) {
    return 2.0 * norm * std::pow(u, k - 1.0) * std::exp(-0.5 * u * u);
  };
  const int n = 20000;  // even
  const double b = std::sqrt(x);
  const double h = b / n;
  double sum = g(0.0) + g(b);
  for (int i = 1; i < n; ++i) sum += (i % 2 == 1 ? 4.0 : 2.0) * g(i * h);
  return sum * h / 3.0;
}

TEST(ChiSquareCdf, MatchesTabulatedCriticalValues) {
  EXPECT_NEAR(chiSquareCdf(1, 3.841459), 0.95, 1e-7);
  EXPECT_NEAR(chiSquareCdf(1, 6.634897), 0.99, 1e-7);
  EXPECT_NEAR(chiSquareCdf(2, 5.991465), 0.95, 1e-7);
  EXPECT_NEAR(chiSquareCdf(2, 9.21034), 0.99, 1e-7);
  EXPECT_NEAR(chiSquareCdf(3, 7.814728), 0.95, 1e-7);
  EXPECT_NEAR(chiSquareCdf(3, 11.34487), 0.99, 1e-7);
  EXPECT_NEAR(chiSquareCdf(4, 9.487729), 0.95, 1e-7);
  EXPECT_NEAR(chiSquareCdf(4, 13.2767), 0.99, 1e-6);
  EXPECT_NEAR(chiSquareCdf(5, 11.0705), 0.95, 1e-6);
  EXPECT_NEAR(chiSquareCdf(6, 12.59159), 0.95, 1e-7);
  EXPECT_NEAR(chiSquareCdf(10, 18.30704), 0.95, 1e-7);
  EXPECT_NEAR(chiSquareCdf(10, 23.20925), 0.99, 1e-7);
}

TEST(ChiSquareCdf, MatchesClosedFormsForOneAndTwoDegreesOfFreedom) {
  for (const double x : {1e-6, 0.01, 0.5, 1.0, 2.0, 5.0, 20.0, 60.0}) {
    EXPECT_NEAR(chiSquareCdf(1, x), std::erf(std::sqrt(0.5 * x)), 1e-15) << x;
    EXPECT_NEAR(chiSquareCdf(2, x), 1.0 - std::exp(-0.5 * x), 1e-15) << x;
  }
  // The median of chi2(2) is 2 ln 2.
  EXPECT_NEAR(chiSquareCdf(2, 2.0 * std::log(2.0)), 0.5, 1e-15);
}

TEST(ChiSquareCdf, MatchesNumericalIntegrationOfTheDensityForEveryDof) {
  for (int dof = 1; dof <= 10; ++dof) {
    for (const double x : {0.05, 0.5, 1.0, 3.0, 7.5, 15.0, 30.0}) {
      EXPECT_NEAR(chiSquareCdf(dof, x), integratedCdf(dof, x), 1e-10)
          << "dof " << dof << " x " << x;
    }
  }
}

TEST(ChiSquareCdf, IsZeroAtAndBelowZeroAndApproachesOne) {
  for (int dof = 1; dof <= 10; ++dof) {
    EXPECT_EQ(chiSquareCdf(dof, 0.0), 0.0);
    EXPECT_EQ(chiSquareCdf(dof, -3.0), 0.0);
    EXPECT_NEAR(chiSquareCdf(dof, 200.0), 1.0, 1e-14) << dof;
  }
}

TEST(ChiSquareCdf, IsOneAtInfinity) {
  // A gate fed an infinite NIS must reject, not see NaN.
  for (int dof = 1; dof <= 10; ++dof) {
    EXPECT_EQ(chiSquareCdf(dof, std::numeric_limits<double>::infinity()), 1.0) << dof;
  }
}

TEST(ChiSquareCdf, IsMonotoneAndBounded) {
  for (int dof = 1; dof <= 10; ++dof) {
    double prev = 0.0;
    for (double x = 0.01; x < 80.0; x += 0.01) {
      const double p = chiSquareCdf(dof, x);
      ASSERT_GE(p, prev - 1e-15) << "dof " << dof << " x " << x;
      ASSERT_GE(p, 0.0);
      ASSERT_LE(p, 1.0);
      prev = p;
    }
  }
}

TEST(ChiSquareCdf, RejectsUnsupportedDegreesOfFreedom) {
  EXPECT_THROW(chiSquareCdf(0, 1.0), std::invalid_argument);
  EXPECT_THROW(chiSquareCdf(-1, 1.0), std::invalid_argument);
  EXPECT_THROW(chiSquareCdf(11, 1.0), std::invalid_argument);
}

TEST(ChiSquareQuantile, InvertsTheCdf) {
  for (int dof = 1; dof <= 10; ++dof) {
    for (const double p : {1e-4, 0.01, 0.05, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 0.9999}) {
      const double x = chiSquareQuantile(dof, p);
      EXPECT_GT(x, 0.0);
      EXPECT_NEAR(chiSquareCdf(dof, x), p, 1e-9) << "dof " << dof << " p " << p;
    }
  }
}

TEST(ChiSquareQuantile, MatchesTabulatedCriticalValues) {
  EXPECT_NEAR(chiSquareQuantile(1, 0.95), 3.841459, 1e-6);
  EXPECT_NEAR(chiSquareQuantile(2, 0.99), 9.210340, 1e-6);
  EXPECT_NEAR(chiSquareQuantile(3, 0.95), 7.814728, 1e-6);
  EXPECT_NEAR(chiSquareQuantile(4, 0.99), 13.276704, 1e-6);
  EXPECT_NEAR(chiSquareQuantile(5, 0.95), 11.070498, 1e-6);
  EXPECT_NEAR(chiSquareQuantile(6, 0.99), 16.811894, 1e-6);
  EXPECT_NEAR(chiSquareQuantile(2, 0.5), 2.0 * std::log(2.0), 1e-9);
}

TEST(ChiSquareQuantile, IncreasesWithProbabilityAndDof) {
  for (int dof = 1; dof <= 10; ++dof) {
    EXPECT_LT(chiSquareQuantile(dof, 0.9), chiSquareQuantile(dof, 0.99));
    if (dof < 10) {
      EXPECT_LT(chiSquareQuantile(dof, 0.99), chiSquareQuantile(dof + 1, 0.99));
    }
  }
}

TEST(ChiSquareQuantile, RejectsProbabilitiesOutsideTheOpenUnitInterval) {
  EXPECT_THROW(chiSquareQuantile(2, 0.0), std::invalid_argument);
  EXPECT_THROW(chiSquareQuantile(2, 1.0), std::invalid_argument);
  EXPECT_THROW(chiSquareQuantile(2, -0.5), std::invalid_argument);
  EXPECT_THROW(chiSquareQuantile(2, 1.5), std::invalid_argument);
  EXPECT_THROW(chiSquareQuantile(2, std::numeric_limits<double>::quiet_NaN()),
               std::invalid_argument);
}

TEST(ChiSquareQuantile, RejectsUnsupportedDegreesOfFreedom) {
  EXPECT_THROW(chiSquareQuantile(0, 0.95), std::invalid_argument);
  EXPECT_THROW(chiSquareQuantile(11, 0.95), std::invalid_argument);
}

}  // namespace
}  // namespace picket::association
