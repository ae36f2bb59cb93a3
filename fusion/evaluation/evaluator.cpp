#include "evaluation/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "evaluation/nees.hpp"
#include "geo/wgs84.hpp"

namespace picket::evaluation {

namespace {

using Latest = std::map<core::TrackId, TrackSample>;

// Ages at or above this (about 31 years) never expire; keeps Duration::fromSeconds in range.
constexpr double kUnlimitedAge_s = 1e9;

bool isEstimate(const TrackSample& s, core::Timestamp t, const EvaluationConfig& config) {
  if (s.status == core::TrackStatus::Deleted) return false;
  if (config.confirmed_only && s.status == core::TrackStatus::Tentative) return false;
  // Compared in integer nanoseconds: 60e9 ns * 1e-9 is 60.000000000000007 in doubles.
  if (config.max_track_age_s >= kUnlimitedAge_s) return true;
  return t - s.time <= core::Duration::fromSeconds(config.max_track_age_s);
}

TrackSample propagate(const TrackSample& s, core::Timestamp t) {
  TrackSample out = s;
  const double dt_s = (t - s.time).seconds();
  const double speed_mps = std::hypot(s.vel_east_mps, s.vel_north_mps);
  if (dt_s > 0.0 && speed_mps > 0.0) {
    const double azimuth_deg = std::atan2(s.vel_east_mps, s.vel_north_mps) * geo::kRadToDeg;
    out.position = geo::geodesicDirect(s.position, azimuth_deg, speed_mps * dt_s);
    out.position.alt_m = s.position.alt_m;
  }
  out.time = t;
  return out;
}

std::vector<TrackSample> select(const Latest& latest, core::Timestamp t,
                                const EvaluationConfig& config) {
  std::vector<TrackSample> out;
  for (const auto& [id, s] : latest) {
    if (isEstimate(s, t, config)) out.push_back(propagate(s, t));
  }
  return out;
}

void checkConfig(const EvaluationConfig& config) {
  if (!(config.cutoff_m > 0.0) || !std::isfinite(config.cutoff_m)) {
    throw std::invalid_argument("cut-off must be finite and > 0");
  }
  if (!(config.order >= 1.0) || !std::isfinite(config.order)) {
    throw std::invalid_argument("order must be >= 1");
  }
  if (!(config.max_track_age_s >= 0.0)) throw std::invalid_argument("max track age must be >= 0");
}

double meanOf(double sum, std::size_t n) { return n == 0 ? 0.0 : sum / static_cast<double>(n); }

}  // namespace

std::vector<TrackSample> estimatesAt(const std::vector<TrackSample>& samples, core::Timestamp t,
                                     const EvaluationConfig& config) {
  Latest latest;
  for (const TrackSample& s : samples) {
    if (s.time > t) continue;
    // Same rule as evaluate()'s stable sort: the latest time wins, file order breaks ties.
    const auto it = latest.find(s.track_id);
    if (it == latest.end() || s.time >= it->second.time) latest[s.track_id] = s;
  }
  return select(latest, t, config);
}

EvaluationResult evaluate(const std::vector<TruthSample>& truth, std::vector<TrackSample> tracks,
                          const EvaluationConfig& config) {
  checkConfig(config);
  // Stable: rows of one track at one time keep their file order, the last one wins.
  std::stable_sort(tracks.begin(), tracks.end(),
                   [](const TrackSample& a, const TrackSample& b) { return a.time < b.time; });
  std::map<core::Timestamp, std::vector<const TruthSample*>> truth_at;
  for (const TruthSample& s : truth) {
    if (config.excluded_classes.count(s.platform_class) != 0) continue;
    truth_at[s.time].push_back(&s);
  }
  // Keep the platform order deterministic whatever the file order.
  for (auto& [t, v] : truth_at) {
    std::stable_sort(v.begin(), v.end(), [](const TruthSample* a, const TruthSample* b) {
      return a->platform_id < b->platform_id;
    });
  }

  EvaluationResult result;
  std::vector<AssociationFrame> association;
  Latest latest;
  std::size_t next = 0;
  double sum_ospa = 0.0, sum_gospa = 0.0, sum_loc = 0.0, sum_missed_mp = 0.0, sum_false_mp = 0.0;
  double sum_missed = 0.0, sum_false = 0.0, sum_nees = 0.0;
  EvaluationSummary& summary = result.summary;
  for (const auto& [t, truths] : truth_at) {
    while (next < tracks.size() && tracks[next].time <= t) {
      latest[tracks[next].track_id] = tracks[next];
      ++next;
    }
    const std::vector<TrackSample> estimates = select(latest, t, config);
    Eigen::MatrixXd d(static_cast<Eigen::Index>(truths.size()),
                      static_cast<Eigen::Index>(estimates.size()));
    for (Eigen::Index i = 0; i < d.rows(); ++i) {
      for (Eigen::Index j = 0; j < d.cols(); ++j) {
        d(i, j) = geo::geodesicInverse(truths[static_cast<std::size_t>(i)]->position,
                                       estimates[static_cast<std::size_t>(j)].position)
                      .distance_m;
      }
    }
    FrameScore frame;
    frame.time = t;
    frame.truths = truths.size();
    frame.estimates = estimates.size();
    frame.ospa_m = ospaDistance(d, config.cutoff_m, config.order);
    frame.gospa = gospaDistance(d, config.cutoff_m, config.order);

    const std::vector<int> pairs = associateToTruth(d, config.cutoff_m);
    AssociationFrame af;
    for (std::size_t i = 0; i < truths.size(); ++i) {
      std::optional<core::TrackId> track;
      if (pairs[i] >= 0) {
        const TrackSample& e = estimates[static_cast<std::size_t>(pairs[i])];
        track = e.track_id;
        ++frame.associated;
        // Truth minus estimate in the local east/north frame at the estimate.
        const geo::GeodesicInverse g = geo::geodesicInverse(e.position, truths[i]->position);
        const double az_rad = g.azimuth1_deg * geo::kDegToRad;
        const core::Vec2 error_en_m(g.distance_m * std::sin(az_rad),
                                    g.distance_m * std::cos(az_rad));
        if (const auto nees = positionNees(error_en_m, e.cov_ee_m2, e.cov_en_m2, e.cov_nn_m2)) {
          sum_nees += *nees;
          ++summary.nees_count;
        } else {
          ++summary.nees_rejected;
        }
      }
      af.track_of_truth[truths[i]->platform_id] = track;
    }
    association.push_back(std::move(af));

    sum_ospa += frame.ospa_m;
    sum_gospa += frame.gospa.distance_m;
    sum_loc += frame.gospa.localisation_mp;
    sum_missed_mp += frame.gospa.missed_mp;
    sum_false_mp += frame.gospa.false_tracks_mp;
    sum_missed += static_cast<double>(frame.gospa.missed);
    sum_false += static_cast<double>(frame.gospa.false_tracks);
    result.frames.push_back(frame);
  }
  summary.frames = result.frames.size();
  summary.mean_ospa_m = meanOf(sum_ospa, summary.frames);
  summary.mean_gospa_m = meanOf(sum_gospa, summary.frames);
  summary.mean_gospa_localisation_mp = meanOf(sum_loc, summary.frames);
  summary.mean_gospa_missed_mp = meanOf(sum_missed_mp, summary.frames);
  summary.mean_gospa_false_mp = meanOf(sum_false_mp, summary.frames);
  summary.mean_missed = meanOf(sum_missed, summary.frames);
  summary.mean_false_tracks = meanOf(sum_false, summary.frames);
  summary.continuity = countContinuity(association);
  summary.nees_mean = meanOf(sum_nees, summary.nees_count);
  return result;
}

}  // namespace picket::evaluation
