#include "evaluation/track_continuity.hpp"

#include <gtest/gtest.h>

namespace picket::evaluation {
namespace {

using Seq = std::vector<std::optional<core::TrackId>>;

// One truth "A" with the given track (or none) at successive times.
std::vector<AssociationFrame> single(const Seq& seq) {
  std::vector<AssociationFrame> frames;
  for (const auto& t : seq) {
    AssociationFrame f;
    f.track_of_truth["A"] = t;
    frames.push_back(f);
  }
  return frames;
}

TEST(CountContinuity, SteadyTrackHasNoSwitchesOrBreaks) {
  const ContinuityCounts c = countContinuity(single({1, 1, 1, 1}));
  EXPECT_EQ(c.id_switches, 0u);
  EXPECT_EQ(c.breaks, 0u);
  EXPECT_DOUBLE_EQ(c.coverage(), 1.0);
}

TEST(CountContinuity, ChangedTrackIdIsOneSwitch) {
  const ContinuityCounts c = countContinuity(single({1, 1, 2, 2, 3}));
  EXPECT_EQ(c.id_switches, 2u);
  EXPECT_EQ(c.breaks, 0u);
}

TEST(CountContinuity, GapBetweenAssignmentsIsOneBreak) {
  const ContinuityCounts c = countContinuity(single({1, std::nullopt, std::nullopt, 1}));
  EXPECT_EQ(c.breaks, 1u);
  EXPECT_EQ(c.id_switches, 0u);
  EXPECT_EQ(c.truth_samples, 4u);
  EXPECT_EQ(c.assigned_samples, 2u);
  EXPECT_DOUBLE_EQ(c.coverage(), 0.5);
}

TEST(CountContinuity, NewTrackAfterGapIsBreakAndSwitch) {
  const ContinuityCounts c = countContinuity(single({1, std::nullopt, 2}));
  EXPECT_EQ(c.breaks, 1u);
  EXPECT_EQ(c.id_switches, 1u);
}

TEST(CountContinuity, LateFirstAssignmentAndFinalLossAreNotBreaks) {
  const ContinuityCounts c =
      countContinuity(single({std::nullopt, std::nullopt, 4, 4, std::nullopt}));
  EXPECT_EQ(c.breaks, 0u);
  EXPECT_EQ(c.id_switches, 0u);
  EXPECT_DOUBLE_EQ(c.coverage(), 0.4);
}

TEST(CountContinuity, TruthsAreCountedIndependently) {
  std::vector<AssociationFrame> frames(3);
  frames[0].track_of_truth = {{"A", 1}, {"B", 2}};
  frames[1].track_of_truth = {{"A", 2}, {"B", std::nullopt}};  // A switches to B's track
  frames[2].track_of_truth = {{"A", 2}, {"B", 1}};             // B breaks and switches
  const ContinuityCounts c = countContinuity(frames);
  EXPECT_EQ(c.id_switches, 2u);
  EXPECT_EQ(c.breaks, 1u);
  EXPECT_EQ(c.truth_samples, 6u);
  EXPECT_EQ(c.assigned_samples, 5u);
}

TEST(CountContinuity, NoFramesGiveZeroCoverage) { EXPECT_EQ(countContinuity({}).coverage(), 0.0); }

TEST(AssociateToTruth, ForbidsPairsBeyondTheCutoff) {
  Eigen::MatrixXd d(2, 2);
  d << 50, 2000, 1500, 3000;
  EXPECT_EQ(associateToTruth(d, 1000.0), (std::vector<int>{0, -1}));
}

TEST(AssociateToTruth, PrefersMorePairsThenLessDistance) {
  // Truth 0 could take estimate 0 at 10 m, but then truth 1 has nothing within the cut-off.
  Eigen::MatrixXd d(2, 2);
  d << 10, 900, 20, 5000;
  EXPECT_EQ(associateToTruth(d, 1000.0), (std::vector<int>{1, 0}));
}

TEST(AssociateToTruth, HandlesMoreTruthsThanEstimates) {
  Eigen::MatrixXd d(3, 1);
  d << 300, 100, 200;
  EXPECT_EQ(associateToTruth(d, 1000.0), (std::vector<int>{-1, 0, -1}));
  EXPECT_EQ(associateToTruth(Eigen::MatrixXd(2, 0), 1000.0), (std::vector<int>{-1, -1}));
}

}  // namespace
}  // namespace picket::evaluation
