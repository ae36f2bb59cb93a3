#include "evaluation/nees.hpp"

#include <gtest/gtest.h>

namespace picket::evaluation {
namespace {

TEST(PositionNees, DiagonalCovariance) {
  // 3^2 / 1 + 4^2 / 4 = 13.
  EXPECT_DOUBLE_EQ(*positionNees(core::Vec2(3.0, 4.0), 1.0, 0.0, 4.0), 13.0);
}

TEST(PositionNees, CorrelatedCovariance) {
  // P = [2 1; 1 2], P^-1 = [2 -1; -1 2] / 3, e = (1, 1): (2 - 1 - 1 + 2) / 3 = 2/3.
  EXPECT_NEAR(*positionNees(core::Vec2(1.0, 1.0), 2.0, 1.0, 2.0), 2.0 / 3.0, 1e-15);
}

TEST(PositionNees, ZeroErrorIsZero) {
  EXPECT_EQ(*positionNees(core::Vec2::Zero(), 25.0, 3.0, 16.0), 0.0);
}

TEST(PositionNees, RejectsNonPositiveDefiniteCovariance) {
  EXPECT_FALSE(positionNees(core::Vec2(1.0, 1.0), 0.0, 0.0, 0.0));
  EXPECT_FALSE(positionNees(core::Vec2(1.0, 1.0), 1.0, 2.0, 1.0));
  EXPECT_FALSE(positionNees(core::Vec2(1.0, 1.0), -1.0, 0.0, -1.0));
}

}  // namespace
}  // namespace picket::evaluation
