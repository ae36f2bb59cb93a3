#include "evaluation/track_continuity.hpp"

#include "association/assignment.hpp"

namespace picket::evaluation {

std::vector<int> associateToTruth(const Eigen::MatrixXd& distance_m, double cutoff_m) {
  const bool transpose = distance_m.rows() > distance_m.cols();
  const Eigen::MatrixXd d = transpose ? Eigen::MatrixXd(distance_m.transpose()) : distance_m;
  const Eigen::MatrixXd cost = (d.array() <= cutoff_m).select(d, association::kForbidden);
  const std::vector<int> col_of_row = association::solveAssignment(cost);
  std::vector<int> estimate_of_truth(static_cast<std::size_t>(distance_m.rows()), -1);
  for (std::size_t r = 0; r < col_of_row.size(); ++r) {
    if (col_of_row[r] < 0) continue;
    if (transpose) {
      estimate_of_truth[static_cast<std::size_t>(col_of_row[r])] = static_cast<int>(r);
    } else {
      estimate_of_truth[r] = col_of_row[r];
    }
  }
  return estimate_of_truth;
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
