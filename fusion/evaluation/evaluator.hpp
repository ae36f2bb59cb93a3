#pragma once
// Scores a run of track estimates against ground truth: OSPA, GOSPA (with its parts), track
// continuity and position NEES at every truth sample time.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"
#include "evaluation/set_metrics.hpp"
#include "evaluation/track_continuity.hpp"
#include "evaluation/truth.hpp"

namespace picket::evaluation {

/// One published track state (a row of the tracks CSV, converted by the caller).
struct TrackSample {
  core::Timestamp time;
  core::TrackId track_id = 0;
  core::TrackStatus status = core::TrackStatus::Tentative;
  core::GeoPoint position;
  double vel_east_mps = 0.0;
  double vel_north_mps = 0.0;
  double cov_ee_m2 = 0.0;  ///< horizontal position covariance, local east/north frame
  double cov_en_m2 = 0.0;
  double cov_nn_m2 = 0.0;
  std::uint32_t mmsi = 0;  ///< the track's AIS identity; 0 when unidentified
  bool operator==(const TrackSample&) const = default;
};

struct EvaluationConfig {
  double cutoff_m = 1000.0;       ///< OSPA/GOSPA cut-off c and association gate, metres, > 0
  double order = 1.0;             ///< OSPA/GOSPA order p, >= 1
  bool confirmed_only = false;    ///< only confirmed or coasting tracks are estimates
  double max_track_age_s = 60.0;  ///< a track's latest row must be at most this old, >= 0
  std::set<std::string> excluded_classes;  ///< truth classes left out (e.g. patrol-aircraft)
  bool operator==(const EvaluationConfig&) const = default;
};

/// The estimate set at time t: for every track its latest sample with time <= t, unless that
/// sample is deleted (or, with confirmed_only, tentative) or older than max_track_age_s, moved
/// to t at constant velocity along the geodesic of azimuth atan2(ve, vn) for speed * (t - time).
/// The covariance is NOT grown by process noise over that gap (the tool has no motion model
/// parameters), so NEES for propagated samples is optimistic. samples may be in any order
/// (fusion-replay writes a deleted row with the time of the track's last state, after later
/// rows); of a track's rows with equal times the last one in samples wins, so a deleted row
/// removes the track from that time on. The result is ordered by track id.
std::vector<TrackSample> estimatesAt(const std::vector<TrackSample>& samples, core::Timestamp t,
                                     const EvaluationConfig& config);

/// Scores at one truth time.
struct FrameScore {
  core::Timestamp time;
  std::size_t truths = 0;
  std::size_t estimates = 0;
  double ospa_m = 0.0;
  GospaResult gospa;
  std::size_t associated = 0;  ///< track-truth pairs within the cut-off
  bool operator==(const FrameScore&) const = default;
};

struct EvaluationSummary {
  std::size_t frames = 0;
  double mean_ospa_m = 0.0;
  double mean_gospa_m = 0.0;
  double mean_gospa_localisation_mp = 0.0;
  double mean_gospa_missed_mp = 0.0;
  double mean_gospa_false_mp = 0.0;
  double mean_missed = 0.0;        ///< truths per frame without an estimate (GOSPA)
  double mean_false_tracks = 0.0;  ///< estimates per frame without a truth (GOSPA)
  ContinuityCounts continuity;
  double nees_mean = 0.0;  ///< position NEES (2 dof), mean over associated pairs
  std::size_t nees_count = 0;
  std::size_t nees_rejected = 0;  ///< pairs whose covariance was not positive definite
  bool operator==(const EvaluationSummary&) const = default;
};

struct EvaluationResult {
  std::vector<FrameScore> frames;
  EvaluationSummary summary;
};

/// Evaluates at every distinct truth time (ascending). Distances are geodesic on WGS-84
/// (heights ignored). Throws std::invalid_argument on a bad config.
EvaluationResult evaluate(const std::vector<TruthSample>& truth, std::vector<TrackSample> tracks,
                          const EvaluationConfig& config);

}  // namespace picket::evaluation
