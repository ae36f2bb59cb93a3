#include "evaluation/track_continuity.hpp"

#include "association/assignment.hpp"

namespace picket::evaluation {

std::vector<int> associateToTruth(const Eigen::MatrixXd& distance_m, double cutoff_m) {
  return association::solveAssignmentAnyShape(
      (distance_m.array() <= cutoff_m).select(distance_m, association::kForbidden));
}

double ContinuityCounts::coverage() const {
  if (truth_samples == 0) return 0.0;
  return static_cast<double>(assigned_samples) / static_cast<double>(truth_samples);
}

ContinuityCounts countContinuity(const std::vector<AssociationFrame>& frames) {
  struct History {
    std::optional<core::TrackId> last_track;  // track at the last assigned time
    bool gap_since_last = false;              // unassigned at some time since then
  };
  std::map<std::string, History> history;
  ContinuityCounts c;
  for (const AssociationFrame& frame : frames) {
    for (const auto& [truth, track] : frame.track_of_truth) {
      ++c.truth_samples;
      History& h = history[truth];
      if (!track) {
        if (h.last_track) h.gap_since_last = true;
        continue;
      }
      ++c.assigned_samples;
      if (h.last_track) {
        if (*h.last_track != *track) ++c.id_switches;
        if (h.gap_since_last) ++c.breaks;
      }
      h.last_track = track;
      h.gap_since_last = false;
    }
  }
  return c;
}

}  // namespace picket::evaluation
