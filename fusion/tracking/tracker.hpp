#pragma once
// The multi-sensor tracker: predict -> gate -> associate -> update -> manage, one scan at a
// time (Autoware's multi-object tracker pipeline; each step is a separate function below).
//
// State: each track keeps a horizontal IMM (nearly-constant velocity + coordinated turn) in
// its own tangent plane, re-anchored as it moves (valid anywhere on the ellipsoid), plus a
// vertical channel (height, vertical rate) for air tracks. The published core::Track carries
// the ECEF view of that state.
//
// Cost: candidates for gating come from a spatial index, so a measurement costs about the
// same whatever the number of live tracks; time-based management (coasting, deletion) runs
// from a deadline queue, never by scanning every track.
//
// Threading: a Tracker is owned by one thread; it has no global state, so several trackers
// (several regions) can live in one process.

#include <cstdint>
#include <map>
#include <memory>
#include <queue>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "association/spatial_index.hpp"
#include "core/measurement.hpp"
#include "core/track.hpp"
#include "filters/imm.hpp"
#include "filters/kalman.hpp"
#include "models/motion_models.hpp"
#include "models/plane_measurements.hpp"
#include "tracking/tracker_config.hpp"

namespace picket::tracking {

/// Why a track was deleted. Implausible: a track whose speed exceeds its domain's top speed
/// beyond its own 3-sigma velocity uncertainty (plots of different objects chained together).
enum class DeletionReason : std::uint8_t { Stale, Uncertain, NotConfirmed, Merged, Implausible };
const char* toString(DeletionReason r);

struct DeletedTrack {
  core::Track track;
  DeletionReason reason = DeletionReason::Stale;
  core::TrackId merged_into = 0;  ///< for Merged
};

/// A cooperative report outside every gate whose MMSI a live track carries: it re-seeded that
/// track (`reseeded`: held, within its own reach; else within identity_recapture_m), or the
/// identity gate refused it and it started a separate track (`started`). Judged by spoofing.
struct IdentityJump {
  core::TrackId track = 0;    ///< the track carrying the MMSI (refused: the nearest such)
  core::TrackId started = 0;  ///< refused: the track the report started
  std::uint32_t mmsi = 0;
  bool reseeded = false;
  core::Timestamp from_time;  ///< the track's state time before the report
  core::Vec3 from_ecef_m = core::Vec3::Zero();  ///< its position then, on the ellipsoid
  core::Vec3 from_velocity_ecef_mps = core::Vec3::Zero();  ///< its velocity then
  core::Timestamp time;       ///< the report's time
  core::Vec3 report_ecef_m = core::Vec3::Zero();  ///< the report's position, on the ellipsoid
  bool operator==(const IdentityJump&) const = default;
};

/// What one call changed. Track IDs are in ascending order.
struct StepResult {
  std::vector<core::TrackId> updated;    ///< updated by a measurement (includes new ones)
  std::vector<core::TrackId> initiated;  ///< born in this step
  std::vector<core::TrackId> status_changed;  ///< confirmed, coasting (not deleted)
  std::vector<DeletedTrack> deleted;
  std::vector<IdentityJump> identity_jumps;  ///< in the order of the scan's reports
};

/// Where the carrier of a moving sensor (the patrol aircraft of an airborne radar) was at the
/// sensor's latest scan, from the navigation data the scan carries (Scan::sensor_ecef_m): own
/// forces' positions, so that rules can tell a track of the carrier itself (an
/// over-the-horizon radar paints the patrol aircraft too) from a stranger.
struct SensorPlatformFix {
  core::SensorIndex sensor = 0;
  core::Timestamp time;
  core::Vec3 ecef_m = core::Vec3::Zero();
  /// From the previous fix when it is at most 120 s older, else zero.
  core::Vec3 velocity_ecef_mps = core::Vec3::Zero();
  bool operator==(const SensorPlatformFix&) const = default;
};

class Tracker;

/// The tracks a step changed, in the order they are published: updated tracks, then status
/// changes not already among them, then deleted tracks (each group by ascending ID). The
/// pointers refer into `tracker` and `step` and are valid until either changes.
std::vector<const core::Track*> changedTracks(const Tracker& tracker, const StepResult& step);

/// A track's ECEF state predicted to `t` with a nearly-constant-velocity model of the given
/// noise (Tracker::predictTrack; a function of the track alone, so that a copy of the tracks
/// on another thread predicts them the same way).
filters::TrackState predictTrack(const core::Track& track, core::Timestamp t,
                                 const models::CvNoise& noise);

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
  /// Assigned measurements not applied because the updated track would have been faster than
  /// its domain allows, beyond its own velocity uncertainty (a wrong association).
  std::uint64_t implausible_updates = 0;
  std::uint64_t identity_gate_failures = 0;  ///< MMSI matched a track but failed its gate
  std::uint64_t lagged_pairs_skipped = 0;    ///< measurement older than a track by > the lag
  std::uint64_t out_of_order_scans = 0;      ///< scans rejected as too late (OOS policy)
  std::uint64_t retrodicted_updates = 0;     ///< updates applied to an older time
  /// Associated measurements older than the track by more than max_retrodiction: identity
  /// and bookkeeping only, the state kept.
  std::uint64_t late_associations = 0;
  /// Such late reports that gated with a track not carrying their MMSI: refused.
  std::uint64_t late_reports_refused = 0;
  /// Cooperative reports outside every gate taken by the track carrying their MMSI, within
  /// identity_recapture_m of its prediction (the track re-seeded from the report).
  std::uint64_t identity_recaptures = 0;
  std::uint64_t reanchored = 0;
  std::uint64_t index_rebuilds = 0;
  std::uint64_t gate_candidates = 0;         ///< track-measurement pairs the index proposed
  std::uint64_t gated_pairs = 0;             ///< pairs inside the chi-square gate
  /// Lightweight tentative stage (TrackerConfig::candidate_stage): candidates started by a
  /// measurement inside no gate, promoted to a tentative track by a second measurement, and
  /// dropped (by time, by predicted uncertainty, or by missed detection opportunities).
  std::uint64_t candidates_started = 0;
  std::uint64_t candidates_promoted = 0;
  std::uint64_t candidates_expired = 0;
  /// Satellite AIS hold (TrackerConfig::satellite_hold): held tracks re-seeded by a report
  /// with their MMSI outside their gate but within their top speed's reach since their last
  /// fix, and held tracks deleted when the hold ran out.
  std::uint64_t held_recaptures = 0;
  std::uint64_t held_expired = 0;
};

/// Every counter with its name (the member's), in declaration order: the one list the
/// daemon's and the replay's reports print.
std::vector<std::pair<std::string_view, std::uint64_t>> namedCounters(const TrackerCounters& c);

/// The live tracks in ascending ID order, as (id, track) pairs; a snapshot valid until the
/// tracker changes.
class TrackList {
 public:
  using value_type = std::pair<core::TrackId, const core::Track&>;
  class Iterator {
   public:
    explicit Iterator(const core::Track* const* p) : p_(p) {}
    value_type operator*() const { return {(*p_)->id, **p_}; }
    struct Arrow {
      value_type v;
      const value_type* operator->() const { return &v; }
    };
    Arrow operator->() const { return {**this}; }
    Iterator& operator++() {
      ++p_;
      return *this;
    }
    bool operator==(const Iterator&) const = default;

   private:
    const core::Track* const* p_;
  };
  explicit TrackList(std::vector<const core::Track*> tracks) : tracks_(std::move(tracks)) {}
  [[nodiscard]] Iterator begin() const { return Iterator(tracks_.data()); }
  [[nodiscard]] Iterator end() const { return Iterator(tracks_.data() + tracks_.size()); }
  [[nodiscard]] std::size_t size() const { return tracks_.size(); }
  [[nodiscard]] bool empty() const { return tracks_.empty(); }
  /// Throws std::out_of_range when absent.
  [[nodiscard]] const core::Track& at(core::TrackId id) const;

 private:
  std::vector<const core::Track*> tracks_;
};

class Tracker {
 public:
  /// `sensors[i]` describes SensorIndex i. Throws std::invalid_argument on a bad config.
  Tracker(TrackerConfig config, std::vector<SensorInfo> sensors);
  ~Tracker();
  Tracker(Tracker&&) noexcept;
  Tracker& operator=(Tracker&&) noexcept;
  Tracker(const Tracker&) = delete;
  Tracker& operator=(const Tracker&) = delete;

  /// Processes one scan. Scans should arrive in non-decreasing time; the out-of-sequence
  /// policy (TrackerConfig::max_measurement_lag, max_cooperative_lag) decides what happens
  /// to older ones.
  StepResult processScan(const core::Scan& scan);

  /// Records AIS static data for its MMSI: on every track carrying the MMSI now, and on any
  /// track that acquires it later. Returns the tracks updated now.
  std::vector<core::TrackId> applyIdentity(const core::IdentityReport& report);

  /// Advances the tracker's clock with no measurement: coasting and deletion by time.
  StepResult advanceTo(core::Timestamp now);

  /// Snapshot of the live tracks, ascending ID. O(n log n): for reports and tests.
  /// The published ECEF covariance of a track (core::Track::P) is computed when the track is
  /// first read after a change (here, by find(), trackAt() and in StepResult::deleted): the
  /// tracker's throughput does not pay for views nobody reads. These const accessors may
  /// therefore write the tracker's own cache: like every other call, they belong to one
  /// thread at a time (the pipeline hands copies to the cueing thread).
  [[nodiscard]] TrackList tracks() const;
  [[nodiscard]] const core::Track* find(core::TrackId id) const;
  /// Live candidates of the tentative stage (not tracks: never published).
  [[nodiscard]] std::size_t candidateCount() const { return candidates_live_; }
  /// Live tracks (any status but deleted).
  [[nodiscard]] std::size_t trackCount() const { return slot_of_.size(); }
  /// Live tracks that are confirmed or coasting.
  [[nodiscard]] std::size_t confirmedTrackCount() const { return confirmed_live_; }
  /// Whether a live track is held by the satellite AIS hold (its latest update came from
  /// satellite AIS and it carries an MMSI); false for an unknown track.
  [[nodiscard]] bool isHeld(core::TrackId id) const;
  /// Live tracks held by the satellite AIS hold.
  [[nodiscard]] std::size_t heldTrackCount() const { return held_live_; }
  [[nodiscard]] const TrackerCounters& counters() const { return counters_; }
  [[nodiscard]] const std::vector<SensorInfo>& sensors() const { return sensors_; }
  [[nodiscard]] const TrackerConfig& config() const { return config_; }
  /// The latest fix of each airborne sensor's carrier seen so far (AirborneRadar,
  /// AirborneEoIr scans with a sensor position), by ascending sensor index.
  [[nodiscard]] const std::vector<SensorPlatformFix>& sensorPlatforms() const {
    return platforms_;
  }
  [[nodiscard]] core::Timestamp now() const { return now_; }
  /// Probability of the coordinated-turn model of a track's IMM (0 when absent).
  [[nodiscard]] double turnProbability(core::TrackId id) const;
  /// Bytes held by the tracker (tracks, filter states, index, queues), for memory reports.
  [[nodiscard]] std::size_t memoryBytes() const;

  /// The track as estimated at `t` (not before its time): its IMM state predicted with no
  /// update, in the published view. For outputs at a common time (fusion-replay's CSV).
  /// Throws std::out_of_range for an unknown track.
  [[nodiscard]] core::Track trackAt(core::TrackId id, core::Timestamp t) const;

  /// A track's ECEF state predicted to `t` with a nearly-constant-velocity model of the given
  /// noise: the long look-ahead of cues uses a smaller acceleration density than the
  /// tracker's, which is sized for short-term manoeuvres.
  [[nodiscard]] filters::TrackState predictTrack(const core::Track& track, core::Timestamp t,
                                                 const models::CvNoise& noise) const;

  struct Slot;
  struct GateSummary;

  /// For tests: whether the tracker's derived tables agree with its tracks (each live slot's
  /// gate summary with the slot). Linear in the slots.
  [[nodiscard]] bool consistent() const;

 private:
  struct GatedPair;
  struct MeasurementGeometry;
  struct Candidate;

  void gate(const core::Scan& scan, const std::vector<MeasurementGeometry>& geometry,
            std::vector<GatedPair>& pairs);
  std::vector<const GatedPair*> associate(const std::vector<GatedPair>& pairs);
  bool updateTrack(std::uint32_t slot, const GatedPair& pair, const core::Measurement& m,
                   const MeasurementGeometry& geometry);
  /// What an associated measurement records besides the state: report times and counts,
  /// identity, the contributing sensor.
  void noteAssociation(core::Track& track, const core::Measurement& m);
  /// The track's kinematics (tangent plane, IMM, vertical channel) from one measurement, as
  /// at birth.
  void seedKinematics(Slot& s, const core::Measurement& m, core::Domain domain,
                      const MeasurementGeometry& g) const;
  /// A cooperative report outside every gate whose MMSI a live track of the domain carries,
  /// within identity_recapture_m of where that track predicts itself: the track is re-seeded
  /// from the report (a manoeuvre the filter did not expect). Its ID, or none.
  /// `jump` records the re-seed, or (none found) the nearest carrier the report was refused by.
  std::optional<core::TrackId> recapture(const core::Measurement& m, core::Domain domain,
                                         const MeasurementGeometry& g, IdentityJump& jump);
  /// Satellite AIS hold: after an update of slot `si` by `m` (the track's latest update
  /// before it was at `previous_last_update`), holds the track when `m` came from satellite
  /// AIS and the track carries an MMSI, and releases it when a newer update came from any
  /// other sensor. Reschedules nothing.
  void noteHold(std::uint32_t si, const core::Measurement& m, core::Timestamp previous_last_update);
  void setHeld(std::uint32_t si, bool held);
  /// The next management deadline of a held track: coasting, or the hold's end.
  core::Timestamp heldDeadline(const Slot& s) const;
  /// A held track silent for more than coast_after: offered only reports with its MMSI.
  bool heldStale(const Slot& s, core::Timestamp t) const;
  /// Secondary-radar bookkeeping (interrogated, replied, code) of a measurement.
  void noteTransponder(core::Track& track, const core::Measurement& m) const;
  /// Records where an airborne sensor's carrier was (sensorPlatforms()).
  void notePlatform(const core::Scan& scan);
  models::TargetHeight heightAt(const Slot& s, core::Timestamp t) const;
  core::TrackId initiate(const core::Measurement& m, core::Domain domain,
                         const MeasurementGeometry& geometry);
  /// A new track's slot state (kinematics, counts, view) from one measurement; no ID, not
  /// registered, not indexed. Cooperative identity is left to the caller.
  void seedTrack(Slot& s, const core::Measurement& m, core::Domain domain,
                 const MeasurementGeometry& geometry) const;
  /// Registers a seeded slot as a live track (slot, ID, counter). Its slot index.
  std::uint32_t admit(Slot&& s);
  /// The exact gate of one track state against one measurement: true (and `out` filled but
  /// for slot and track) when inside the chi-square gate of either model's prediction.
  bool evaluatePair(const Slot& s, std::uint32_t prediction, std::uint32_t j,
                    const core::Measurement& m, const MeasurementGeometry& g, GatedPair& out);
  /// A gated pair's assignment cost and the upper bound of any gated pair's cost of its track
  /// (GatedPair's gate statistics; needs the pair's prediction in predictions_). Only the
  /// pairs the assignment weighs need it: a pair alone in its cluster wins without.
  struct PairCost {
    double cost = 0.0;
    double miss_bound = 0.0;
  };
  PairCost pairCost(const GatedPair& pair) const;
  /// The IMM state of `s` predicted to `t` (per-domain interval cache), appended to
  /// predictions_; its index there.
  std::uint32_t predictInto(const Slot& s, core::Timestamp t);
  /// Tentative stage: the measurements `unmatched` (inside no track gate) promote the
  /// candidates they gate with to tentative tracks; the others start candidates.
  void matchCandidates(const core::Scan& scan, const std::vector<std::uint32_t>& unmatched,
                       const std::vector<MeasurementGeometry>& geometry, StepResult& result);
  /// A candidate missed by a scan that covered it (M-of-N bookkeeping, as for a tentative
  /// track) and its expiry by time.
  void candidateOpportunities(const core::Scan& scan, const MOfN& rule, StepResult& result);
  void expireCandidates();
  void dropCandidate(std::uint32_t c);
  association::SpatialIndex& candidateIndex(core::Domain d);
  /// Horizontal position 1-sigma deadline from the traces of the combined position,
  /// position-velocity and velocity covariance at `time` (see uncertaintyDeadline()).
  core::Timestamp sigmaDeadline(core::Domain domain, core::Timestamp time, double tp, double tpv,
                                double tv) const;
  /// A track a step updated, with its slot (which the step's lookups by ID would miss the
  /// cache to find).
  struct Hit {
    core::TrackId id = 0;
    std::uint32_t slot = 0;
  };
  /// Whether `id` is among `hit` (sorted by ID).
  static bool isHit(const std::vector<Hit>& hit, core::TrackId id);
  /// Whether the hit track is still live in its slot.
  bool liveHit(const Hit& h) const;
  void manage(const core::Scan* scan, const std::vector<Hit>& hit, StepResult& result);
  void runDeadlines(StepResult& result);
  void schedule(std::uint32_t slot);
  /// The same with uncertaintyDeadline(slot) already computed.
  void schedule(std::uint32_t slot, core::Timestamp uncertainty_deadline);
  void mergeDuplicates(const std::vector<Hit>& candidates, StepResult& result);
  /// Tentative -> confirmed, counted and rescheduled.
  void confirm(std::uint32_t slot, StepResult& result);
  /// One fewer live track carries `mmsi` (0: none).
  void releaseMmsi(std::uint32_t mmsi);
  void deleteTrack(std::uint32_t slot, DeletionReason reason, core::TrackId merged_into,
                   StepResult& result);
  /// The published view of a slot after its filter state changed: the ECEF mean and the
  /// cached geometry now; the ECEF covariance when read (completeView).
  void refreshViewOf(Slot& slot) const;
  void completeView(Slot& slot) const;
  /// The slot's track with its view complete (for the accessors that hand tracks out).
  const core::Track& published(std::uint32_t slot) const;
  /// The vertical channel the view is built with (surface tracks: height 0, the configured
  /// sigmas).
  void verticalOf(const Slot& slot, core::Vec2& vertical, core::Mat2& vertical_p) const;
  /// Copies what the candidate search needs of a slot into its GateSummary; called wherever
  /// those fields change (indexTrack(), which every change of the filter state ends with,
  /// admit(), setHeld(), deleteTrack()).
  void summarize(std::uint32_t slot);
  /// Sorts (slot, measurement) pairs by slot, stably.
  void sortBySlot(std::vector<std::pair<std::uint32_t, std::uint32_t>>& items);
  /// Prefetches what updateTrack() will touch for `pair` (issued a few pairs ahead).
  void prefetchForUpdate(const GatedPair& pair) const;
  /// Prefetches what manage() and mergeDuplicates() read of a slot.
  void prefetchBookkeeping(std::uint32_t slot) const;
  /// (Re-)indexes a slot; `changed`: its state changed since it was last summarised.
  void indexTrack(std::uint32_t slot, bool changed = true);
  void rebuildIndex();
  const filters::ImmState& predictionFor(std::uint32_t slot, core::Timestamp t);
  const DomainMotion& motion(core::Domain d) const;
  association::SpatialIndex& index(core::Domain d);
  /// Sets a track's MMSI and whatever static data is known for it.
  void identify(core::Track& track, std::uint32_t mmsi);
  double gateThreshold(long dim) const { return gate_by_dim_[dim]; }
  /// Time at which the track's horizontal position 1-sigma, predicted with no update, reaches
  /// max_position_sigma_m.
  core::Timestamp uncertaintyDeadline(const Slot& s) const;

  TrackerConfig config_;
  std::vector<SensorInfo> sensors_;
  std::vector<SensorPlatformFix> platforms_;  ///< ascending sensor index; a few entries
  std::vector<Slot> slots_;
  std::vector<GateSummary> summaries_;  ///< per slot, see GateSummary
  /// Per slot: where its latest index entry lies (the duplicate check's query reads its cells
  /// from there instead of hashing them). Reset when a slot is reused.
  std::vector<association::SpatialIndex::Listing> listings_;
  /// gate()'s candidates that passed the pre-gate, (slot, measurement), sorted by slot; and
  /// its pass 1a's index candidates, in scan order (mergeDuplicates() reuses the latter for
  /// its own pass 1a: (candidate, slot) pairs, in candidate order).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> gate_candidates_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> raw_candidates_;
  std::vector<std::uint32_t> free_slots_;
  std::unordered_map<core::TrackId, std::uint32_t> slot_of_;
  /// MMSI -> number of live tracks carrying it.
  std::unordered_map<std::uint32_t, int> mmsi_carriers_;
  /// Satellite AIS hold: MMSI -> slots of the held tracks carrying it (a held track silent
  /// past coast_after is not in the spatial index; a report with its MMSI finds it here).
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> held_by_mmsi_;
  std::size_t held_live_ = 0;
  association::SpatialIndex surface_index_;
  association::SpatialIndex air_index_;
  core::Timestamp index_time_{0};  ///< the time the index was last rebuilt for
  std::uint32_t index_build_ = 0;  ///< rebuild counter
  bool index_valid_ = false;
  /// Management deadlines: (time, slot, track id), earliest first. One live entry per track
  /// (Slot::scheduled); superseded entries are skipped when popped.
  using Deadline = std::tuple<core::Timestamp, std::uint32_t, core::TrackId>;
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> deadlines_;
  std::map<std::pair<core::TrackId, core::TrackId>, int> merge_streaks_;
  /// Latest static data per MMSI (name, call sign, ...), applied when a track gains the MMSI.
  std::map<std::uint32_t, core::Identity> identities_;
  /// Per-scan scratch, kept to reuse its memory (large per-scan allocations would be fresh
  /// pages every scan).
  std::vector<filters::ImmState> predictions_;
  std::vector<MeasurementGeometry> geometry_;
  std::vector<GatedPair> pairs_;
  std::vector<Hit> hits_;  ///< processScan(): the tracks it updated, sorted by ID for manage()
  /// mergeDuplicates()'s (candidate, near track's slot) pairs.
  std::vector<std::pair<std::size_t, std::uint32_t>> merge_near_;
  std::vector<char> used_;
  std::vector<char> in_some_gate_;
  /// associate()'s pair counts per slot and per measurement, all zero between calls.
  std::vector<std::uint32_t> assoc_slot_count_;
  std::vector<std::uint32_t> assoc_meas_count_;
  /// sortBySlot()'s scratch.
  std::vector<std::uint32_t> sort_counts_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> sort_scratch_;
  /// Recent prediction intervals of one domain (filters::immInterval), see predictionFor().
  struct IntervalCache {
    static constexpr std::size_t kSize = 4;
    filters::ImmInterval entries[kSize];
    std::size_t used = 0;
    std::size_t next = 0;  ///< the entry replaced next once all are used
  };
  IntervalCache intervals_[2];  ///< surface, air
  /// Tentative stage: candidates in slots (free ones have serial 0), their per-domain
  /// indexes (points: plot extents reach hundreds of kilometres for an over-the-horizon
  /// radar, and an entry covering one would touch thousands of cells) and expiry times
  /// (time, slot, serial), earliest first.
  std::vector<Candidate> candidates_;
  std::vector<std::uint32_t> free_candidates_;
  std::size_t candidates_live_ = 0;
  std::uint64_t next_candidate_serial_ = 1;
  association::SpatialIndex surface_candidates_;
  association::SpatialIndex air_candidates_;
  /// Largest 3-sigma plot extent (m) among the candidates in each index (surface, air):
  /// candidates are indexed as points, and a query widens by this.
  double candidate_extent_[2] = {0.0, 0.0};
  using CandidateDeadline = std::tuple<core::Timestamp, std::uint32_t, std::uint64_t>;
  std::priority_queue<CandidateDeadline, std::vector<CandidateDeadline>, std::greater<>>
      candidate_deadlines_;
  std::uint32_t scan_stamp_ = 0;
  std::size_t confirmed_live_ = 0;
  core::TrackId next_id_ = 1;
  core::Timestamp now_{0};
  TrackerCounters counters_;
  double gate_by_dim_[5] = {};
  double merge_gate_ = 0.0;
};

}  // namespace picket::tracking
