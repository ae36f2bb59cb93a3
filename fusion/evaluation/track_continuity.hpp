#pragma once
// Track-to-truth association per evaluation time and the continuity counts over a run:
// ID switches, track breaks (fragmentations) and truth coverage.

#include <Eigen/Core>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace picket::evaluation {

/// Assigns estimates to truths at one time: the assignment minimising the summed distance over
/// pairs with distance_m <= cutoff_m, with as many such pairs as possible (distances above the
/// cut-off are forbidden pairs of association::solveAssignment). distance_m: |truths| x
/// |estimates| metres. Returns, for each truth, the index of its estimate or -1.
/// Deterministic: ties go to the lower index.
std::vector<int> associateToTruth(const Eigen::MatrixXd& distance_m, double cutoff_m);

/// The association at one time: every truth present then, with its track or none.
struct AssociationFrame {
  std::map<std::string, std::optional<core::TrackId>> track_of_truth;
  bool operator==(const AssociationFrame&) const = default;
};

/// Continuity over a time-ordered sequence of frames.
struct ContinuityCounts {
  std::size_t truth_samples = 0;     ///< truth-times seen
  std::size_t assigned_samples = 0;  ///< truth-times with a track
  /// A truth's track differs from the track it had at its previous assigned time (unassigned
  /// times in between are skipped: a break and a switch can both be counted).
  std::size_t id_switches = 0;
  /// A truth goes assigned -> unassigned (one or more times) -> assigned.
  std::size_t breaks = 0;
  /// assigned_samples / truth_samples; 0 when there are no truth samples.
  [[nodiscard]] double coverage() const;
  bool operator==(const ContinuityCounts&) const = default;
};

/// Counts ID switches, breaks and coverage over frames in increasing time order. The measures
/// follow the track-continuity definitions of Ristic, Vo, Clark, Vo, "A metric for performance
/// evaluation of multi-target tracking algorithms", IEEE TSP 59(7), 2011, sec. I (label
/// switches) and the MOTA counts of Bernardin, Stiefelhagen, "Evaluating multiple object
/// tracking performance: the CLEAR MOT metrics", EURASIP JIVP 2008 (ID switches).
ContinuityCounts countContinuity(const std::vector<AssociationFrame>& frames);

}  // namespace picket::evaluation
