#include "evaluation/set_metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace picket::evaluation {
namespace {

using Eigen::MatrixXd;

constexpr double kC = 100.0;

TEST(OspaDistance, EmptyVersusEmptyIsZero) {
  EXPECT_EQ(ospaDistance(MatrixXd(0, 0), kC, 1.0), 0.0);
  EXPECT_EQ(ospaDistance(MatrixXd(0, 0), kC, 2.0), 0.0);
}

TEST(OspaDistance, OneVersusNoneIsTheCutoff) {
  EXPECT_DOUBLE_EQ(ospaDistance(MatrixXd(1, 0), kC, 1.0), kC);
  EXPECT_DOUBLE_EQ(ospaDistance(MatrixXd(0, 1), kC, 2.0), kC);
  EXPECT_DOUBLE_EQ(ospaDistance(MatrixXd(0, 3), kC, 1.0), kC);
}

TEST(OspaDistance, IdenticalSetsAreZero) {
  MatrixXd d(3, 3);
  d << 0, 40, 70, 40, 0, 30, 70, 30, 0;
  EXPECT_EQ(ospaDistance(d, kC, 1.0), 0.0);
  EXPECT_EQ(ospaDistance(d, kC, 2.0), 0.0);
}

TEST(OspaDistance, KnownTwoByTwoExample) {
  MatrixXd d(2, 2);
  d << 10, 300, 200, 20;
  // Diagonal pairs: (10 + 20) / 2 with p = 1; sqrt((100 + 400) / 2) with p = 2.
  EXPECT_DOUBLE_EQ(ospaDistance(d, kC, 1.0), 15.0);
  EXPECT_DOUBLE_EQ(ospaDistance(d, kC, 2.0), std::sqrt(250.0));
}

TEST(OspaDistance, FindsTheCrossedAssignment) {
  MatrixXd d(2, 2);
  d << 50, 10, 10, 60;
  EXPECT_DOUBLE_EQ(ospaDistance(d, kC, 1.0), 10.0);
}

TEST(OspaDistance, CardinalityErrorCostsTheCutoffPerExtraObject) {
  MatrixXd d(1, 2);
  d << 30, 500;
  EXPECT_DOUBLE_EQ(ospaDistance(d, kC, 1.0), (30.0 + kC) / 2.0);
}

TEST(OspaDistance, DistancesAreCutAtTheCutoff) {
  MatrixXd d(1, 1);
  d << 5000;
  EXPECT_DOUBLE_EQ(ospaDistance(d, kC, 1.0), kC);
}

TEST(OspaDistance, IsSymmetric) {
  MatrixXd d(3, 5);
  d << 12, 400, 90, 33, 7, 250, 61, 5, 80, 140, 99, 98, 97, 1000, 15;
  for (const double p : {1.0, 2.0, 3.0}) {
    EXPECT_DOUBLE_EQ(ospaDistance(d, kC, p), ospaDistance(d.transpose(), kC, p)) << p;
    EXPECT_LE(ospaDistance(d, kC, p), kC);
  }
}

TEST(OspaDistance, RejectsBadParameters) {
  EXPECT_THROW(ospaDistance(MatrixXd(1, 1), 0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(ospaDistance(MatrixXd(1, 1), kC, 0.5), std::invalid_argument);
}

TEST(GospaDistance, EmptyVersusEmptyIsZero) {
  EXPECT_EQ(gospaDistance(MatrixXd(0, 0), kC, 1.0), GospaResult{});
}

TEST(GospaDistance, MissedTargetCostsCutoffOverTwoToTheOneOverP) {
  for (const double p : {1.0, 2.0, 3.0}) {
    const GospaResult r = gospaDistance(MatrixXd(1, 0), kC, p);
    EXPECT_NEAR(r.distance_m, kC / std::pow(2.0, 1.0 / p), 1e-9) << p;
    EXPECT_EQ(r.missed, 1u);
    EXPECT_EQ(r.false_tracks, 0u);
    EXPECT_DOUBLE_EQ(r.missed_mp, std::pow(kC, p) / 2.0);
  }
  const GospaResult two_missed = gospaDistance(MatrixXd(2, 0), kC, 1.0);
  EXPECT_DOUBLE_EQ(two_missed.distance_m, kC);  // c/2 per missed target
}

TEST(GospaDistance, FalseTrackCostsLikeAMissedTarget) {
  const GospaResult r = gospaDistance(MatrixXd(0, 1), kC, 1.0);
  EXPECT_DOUBLE_EQ(r.distance_m, kC / 2.0);
  EXPECT_EQ(r.false_tracks, 1u);
  EXPECT_DOUBLE_EQ(r.false_tracks_mp, kC / 2.0);
}

TEST(GospaDistance, IdenticalSetsAreZero) {
  MatrixXd d(2, 2);
  d << 0, 40, 40, 0;
  const GospaResult r = gospaDistance(d, kC, 2.0);
  EXPECT_EQ(r.distance_m, 0.0);
  EXPECT_EQ(r.assigned, 2u);
}

TEST(GospaDistance, KnownTwoByTwoExample) {
  MatrixXd d(2, 2);
  d << 10, 300, 200, 20;
  const GospaResult r1 = gospaDistance(d, kC, 1.0);
  EXPECT_DOUBLE_EQ(r1.distance_m, 30.0);
  EXPECT_DOUBLE_EQ(r1.localisation_mp, 30.0);
  const GospaResult r2 = gospaDistance(d, kC, 2.0);
  EXPECT_DOUBLE_EQ(r2.distance_m, std::sqrt(500.0));
}

TEST(GospaDistance, DecomposesIntoLocalisationMissedAndFalse) {
  // Truth 0 is 30 m from estimate 0; truth 1 is beyond the cut-off of everything; estimate 1
  // and estimate 2 are false.
  MatrixXd d(2, 3);
  d << 30, 500, 700, 400, 150, 900;
  const GospaResult r = gospaDistance(d, kC, 1.0);
  EXPECT_EQ(r.assigned, 1u);
  EXPECT_EQ(r.missed, 1u);
  EXPECT_EQ(r.false_tracks, 2u);
  EXPECT_DOUBLE_EQ(r.localisation_mp, 30.0);
  EXPECT_DOUBLE_EQ(r.missed_mp, 50.0);
  EXPECT_DOUBLE_EQ(r.false_tracks_mp, 100.0);
  EXPECT_DOUBLE_EQ(r.distance_m, 180.0);
}

TEST(GospaDistance, IsSymmetricWithMissedAndFalseSwapped) {
  MatrixXd d(3, 5);
  d << 12, 400, 90, 33, 7, 250, 61, 5, 80, 140, 99, 98, 97, 1000, 15;
  const GospaResult a = gospaDistance(d, kC, 2.0);
  const GospaResult b = gospaDistance(d.transpose(), kC, 2.0);
  EXPECT_DOUBLE_EQ(a.distance_m, b.distance_m);
  EXPECT_EQ(a.missed, b.false_tracks);
  EXPECT_EQ(a.false_tracks, b.missed);
}

}  // namespace
}  // namespace picket::evaluation
