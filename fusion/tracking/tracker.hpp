#pragma once
// The multi-sensor tracker: predict -> gate -> associate -> update -> manage, one scan at a
// time (Autoware's multi-object tracker pipeline; each step is a separate function below).
//
// Threading: a Tracker is owned by one thread; it has no global state, so several trackers
// (several regions) can live in one process.

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "core/measurement.hpp"
#include "core/track.hpp"
#include "filters/kalman.hpp"
#include "models/measurement_models.hpp"
#include "tracking/tracker_config.hpp"

namespace picket::tracking {

/// Why a track ended.
enum class DeletionReason : std::uint8_t { Stale, Uncertain, NotConfirmed, Merged };
const char* toString(DeletionReason r);

struct DeletedTrack {
  core::Track track;
  DeletionReason reason = DeletionReason::Stale;
  core::TrackId merged_into = 0;  ///< for Merged
};

/// What one call changed. Track IDs are in ascending order.
struct StepResult {
  std::vector<core::TrackId> updated;    ///< updated by a measurement (includes new ones)
  std::vector<core::TrackId> initiated;  ///< born in this step
  std::vector<core::TrackId> status_changed;  ///< confirmed, coasting (not deleted)
  std::vector<DeletedTrack> deleted;
};

class Tracker;

/// The tracks a step changed, in the order they are published: updated tracks, then status
/// changes not already among them, then deleted tracks (each group by ascending ID). The
/// pointers refer into `tracker` and `step` and are valid until either changes.
std::vector<const core::Track*> changedTracks(const Tracker& tracker, const StepResult& step);

/// Monotonic counters, for the daemon's report and for tests.
struct TrackerCounters {
  std::uint64_t scans = 0;
  std::uint64_t measurements = 0;
  std::uint64_t associated = 0;
  std::uint64_t initiated = 0;
  std::uint64_t confirmed = 0;
  std::uint64_t deleted = 0;
  std::uint64_t merged = 0;
  std::uint64_t numerical_failures = 0;
  std::uint64_t identity_gate_failures = 0;  ///< MMSI matched a track but failed its gate
  std::uint64_t lagged_pairs_skipped = 0;
  std::uint64_t out_of_order_scans = 0;
};

class Tracker {
 public:
  /// `sensors[i]` describes SensorIndex i. Throws std::invalid_argument on a bad config.
  Tracker(TrackerConfig config, std::vector<SensorInfo> sensors);

  /// Processes one scan. Scans should arrive in non-decreasing time; a scan older than the
  /// latest processed one by more than config.max_measurement_lag is counted and skipped.
  StepResult processScan(const core::Scan& scan);

  /// Records AIS static data for its MMSI: on every track carrying the MMSI now, and on any
  /// track that acquires it later. Returns the tracks updated now.
  std::vector<core::TrackId> applyIdentity(const core::IdentityReport& report);

  /// Advances the tracker's clock with no measurement: coasting and deletion by time.
  StepResult advanceTo(core::Timestamp now);

  [[nodiscard]] const std::map<core::TrackId, core::Track>& tracks() const { return tracks_; }
  [[nodiscard]] const core::Track* find(core::TrackId id) const;
  /// Live tracks (any status but deleted).
  [[nodiscard]] std::size_t trackCount() const { return tracks_.size(); }
  [[nodiscard]] const TrackerCounters& counters() const { return counters_; }
  [[nodiscard]] const std::vector<SensorInfo>& sensors() const { return sensors_; }
  [[nodiscard]] const TrackerConfig& config() const { return config_; }
  [[nodiscard]] core::Timestamp now() const { return now_; }

  /// The track's state predicted to `t` with the track's motion model (no update).
  [[nodiscard]] filters::TrackState predictTrack(const core::Track& track, core::Timestamp t) const;
  /// The same with other process noise: long look-ahead cues use a smaller acceleration
  /// density than the tracker's, which is sized for short-term manoeuvres.
  [[nodiscard]] filters::TrackState predictTrack(const core::Track& track, core::Timestamp t,
                                                 const models::CvNoise& noise) const;

 private:
  /// A track-measurement pair inside the gate, with what the update will need.
  struct GatedPair {
    core::TrackId track = 0;
    std::size_t measurement = 0;
    double cost = 0.0;       ///< NIS + ln|S|, less the identity bonus on an MMSI match
    double log_det_s = 0.0;
    filters::TrackState predicted;
    models::Linearized linearized;
  };

  std::vector<GatedPair> gate(const core::Scan& scan, const std::vector<core::Vec3>& measured_ecef);
  std::vector<const GatedPair*> associate(const std::vector<GatedPair>& pairs) const;
  void updateTrack(core::Track& track, const GatedPair& pair, const core::Measurement& m);
  core::TrackId initiate(const core::Measurement& m);
  void manage(const core::Scan* scan, const std::vector<core::TrackId>& hit, StepResult& result);
  void mergeDuplicates(const std::vector<core::TrackId>& candidates, StepResult& result);
  bool linearize(const filters::TrackState& s, const core::Measurement& m,
                 models::Linearized& out) const;
  void applySurfaceConstraint(filters::TrackState& s);
  /// Sets a track's MMSI and whatever static data is known for it.
  void identify(core::Track& track, std::uint32_t mmsi) const;
  double gateThreshold(long dim) const;
  /// Horizontal-ish position 1-sigma, sqrt(trace(P_pos) / 2), of the track predicted to t.
  double predictedPositionSigma(const core::Track& track, core::Timestamp t) const;

  TrackerConfig config_;
  std::vector<SensorInfo> sensors_;
  std::map<core::TrackId, core::Track> tracks_;
  std::map<std::pair<core::TrackId, core::TrackId>, int> merge_streaks_;
  /// Latest static data per MMSI (name, call sign, ...), applied when a track gains the MMSI.
  std::map<std::uint32_t, core::Identity> identities_;
  core::TrackId next_id_ = 1;
  core::Timestamp now_{0};
  TrackerCounters counters_;
  double gate_by_dim_[models::kMaxMeasurementDim + 1] = {};
  double merge_gate_ = 0.0;
};

}  // namespace picket::tracking
