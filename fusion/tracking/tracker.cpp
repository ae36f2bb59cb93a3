#include "tracking/tracker.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <type_traits>

#include "association/assignment.hpp"
#include "association/gating.hpp"
#include "filters/fixed_kalman.hpp"
#include "geo/tangent_plane.hpp"
#include "geo/wgs84.hpp"
#include "models/plane_measurements.hpp"
#include "models/plane_state.hpp"
#include "tracking/track_init.hpp"

namespace picket::tracking {

using core::Duration;
using core::Timestamp;
using core::Track;
using core::TrackId;
using core::Vec2;
using core::Vec3;
using models::HMat;
using models::HVec;

const char* toString(DeletionReason r) {
  switch (r) {
    case DeletionReason::Stale: return "stale";
    case DeletionReason::Uncertain: return "uncertain";
    case DeletionReason::NotConfirmed: return "not_confirmed";
    case DeletionReason::Merged: return "merged";
    case DeletionReason::Implausible: return "implausible";
  }
  return "?";
}

/// One live (or free) track: the published view, the filter state behind it, and cached
/// geometry for the candidate search. Gating reads the prediction cache, the plane and the IMM
/// state of a candidate: they come first, contiguous, so that one prefetched range covers them
/// (gate()'s second pass).
struct Tracker::Slot {
  // Per-scan prediction cache.
  std::uint32_t pred_stamp = 0;
  std::uint32_t pred_index = 0;
  Timestamp pred_time;
  geo::TangentPlane plane;
  filters::ImmState imm;
  Track track;
  Vec2 vertical = Vec2::Zero();  ///< air tracks: height above the ellipsoid (m), rate (m/s)
  core::Mat2 vertical_p = core::Mat2::Identity();
  bool live = false;
  /// Satellite AIS hold (TrackerConfig::satellite_hold): the track carries an MMSI and its
  /// latest update came from satellite AIS.
  bool held = false;
  /// The published covariance (track.P) is behind the filter state: refreshViewOf() leaves
  /// it to completeView(), which the accessors that hand out the track call.
  bool view_stale = false;
  // Cached from the combined state by refreshView().
  Vec3 surface_ecef = Vec3::Zero();   ///< position on the ellipsoid, ECEF
  Vec3 velocity_ecef = Vec3::Zero();  ///< horizontal velocity, ECEF
  double pos_sigma3 = 0.0;            ///< 3 sqrt(trace of the horizontal position covariance)
  double vel_sigma3 = 0.0;
  double speed_mps = 0.0;
  Timestamp scheduled;  ///< time of the slot's live deadline entry
  // The slot's latest spatial-index entry (for the index build `indexed_build`).
  Vec3 indexed_center = Vec3::Zero();
  double indexed_radius = -1.0;
  std::uint32_t indexed_build = 0;
};

/// What the candidate search needs of a live track, one cache line per slot in a dense array
/// beside the slots (summaries_): a candidate that the pre-gate rejects costs no access to its
/// slot (over 1 KiB, a dozen cache lines), and at 100,000 tracks two of every three index
/// candidates are such. A copy of the slot's own fields (summarize() keeps it so), with the
/// velocity and the 3-sigma extents in single precision, rounded up: the pre-gate they feed is
/// a bound with kilometres of slack, and kPreGateRoundingM covers the rest.
struct alignas(64) Tracker::GateSummary {
  Vec3 surface_ecef = Vec3::Zero();  ///< Slot::surface_ecef
  Timestamp time;                    ///< Track::time
  TrackId id = 0;
  float velocity_ecef[3] = {0.0F, 0.0F, 0.0F};
  float pos_sigma3 = 0.0F;
  float vel_sigma3 = 0.0F;
  bool live = false;
  bool held = false;
  core::Domain domain = core::Domain::Surface;
};
static_assert(sizeof(Tracker::GateSummary) == 64);

/// A track-measurement pair inside the gate.
struct Tracker::GatedPair {
  std::uint32_t slot = 0;
  TrackId track = 0;
  std::uint32_t measurement = 0;
  std::uint32_t prediction = 0;  ///< index into predictions_
  /// Per model: the gate statistics of its prediction (filters::planeGate), when usable
  /// (linearised, S positive definite). The cost (-2 ln of the IMM's mixture likelihood, less
  /// the identity bonus) and the miss bound follow from them (pairCost), computed only for
  /// the pairs the assignment weighs: most pairs are alone in their cluster and need neither
  /// (the logarithms and the exponential were ~10 % of the tracker's instructions).
  double nis[models::kMotionModels] = {};
  double det_root[models::kMotionModels] = {};
  bool usable[models::kMotionModels] = {};
  double gate_threshold = 0.0;  ///< chi-square gate of the measurement's dimension
  bool identity_match = false;  ///< the report's MMSI is the track's
  /// A position measurement in the track's plane (models::toPlane), for the update.
  models::PlanePosition position;
};

/// Where a measurement of the current scan puts the target.
struct Tracker::MeasurementGeometry {
  PlotFix fix;
  double extent_m = 0.0;  ///< 3-sigma horizontal extent, for the candidate search
};

/// Tentative stage: a non-cooperative measurement inside no gate, kept as it came (no
/// tangent plane, no IMM) until a second measurement gates with it.
struct Tracker::Candidate {
  core::Measurement measurement;
  MeasurementGeometry geometry;
  core::Domain domain = core::Domain::Surface;
  std::uint64_t serial = 0;  ///< 0: a free slot
  Timestamp expires;
  std::uint32_t scan_born = 0;  ///< scan_stamp_ of its scan
  // Detection opportunities, as Track::hit_history and opportunities.
  std::uint32_t hit_history = 1;
  std::uint8_t opportunities = 1;
};

namespace {

/// Satellite AIS hold: whether a held track last fixed at `last_ecef` (3-sigma extent
/// `sigma3_m`, speed `speed_mps`) could have got to `fix_ecef` (extent `extent_m`) in `dt_s`
/// at its own speed plus `margin_mps`, at most `max_speed_mps`: farther, a report with its
/// MMSI is not its (spoofing or a shared MMSI; never a teleport, issue 3).
bool withinHeldReach(const Vec3& fix_ecef, double extent_m, const Vec3& last_ecef,
                     double sigma3_m, double speed_mps, double margin_mps, double max_speed_mps,
                     double dt_s) {
  const double reach_speed = std::min(max_speed_mps, speed_mps + margin_mps);
  return (fix_ecef - last_ecef).norm() <= reach_speed * dt_s + sigma3_m + extent_m;
}

// Pre-gate slack: how far (m) a target may have moved beyond its 3-sigma region between
// updates before the exact chi-square gate is even evaluated. Generous on purpose: it only
// saves work, the chi-square gate decides.
constexpr double kPreGateSlackM = 2'000.0;
// What the single-precision velocity of a GateSummary can move a prediction by (2^-24 of
// the top speed times the longest lag: millimetres), with a wide margin.
constexpr double kPreGateRoundingM = 1.0;
// Candidates between the pre-gate and the exact gate: the slot of the candidate this many
// places ahead is prefetched (its misses overlap the arithmetic of the ones before it). Also
// the update's distance. 3 rather than 4: +5 % at 10,000 tracks, +1 % at 100,000 (alternating
// medians; 2 was no better): each pair prefetches a dozen lines or more, and a longer
// distance keeps more in flight than the core's miss buffers hold.
constexpr std::size_t kPrefetchAhead = 3;
// The same for manage()'s passes over the updated tracks, whose work per track is small.
constexpr std::size_t kManagePrefetchAhead = 8;
// The far stage of gating's and the update's slot prefetches (prefetchRangeFar).
constexpr std::size_t kPrefetchFar = 8;
// Turn-rate 1-sigma of a new track (2 deg/s): about a standard-rate turn.
constexpr double kInitialTurnRateSigmaRadps = 2.0 * geo::kDegToRad;
// Vertical-rate 1-sigma of a new air track (25 m/s, about 5,000 ft/min).
constexpr double kInitialVerticalSpeedSigmaMps = 25.0;
// Unmodelled differences between two sensors' tracks of one target (1-sigma), allowed for
// when deciding that two tracks are duplicates.
constexpr double kMergeBiasPositionM = 50.0;
constexpr double kMergeBiasVelocityMps = 1.0;
// An index entry is this much larger (m) than the track's reach, so that the small moves of
// the track's predicted reach at its updates stay inside it and need no new entry (the
// index only proposes candidates: a larger entry changes no result).
constexpr double kIndexEntrySlackM = 500.0;
/// Upper bound of a track's reach in the spatial index. A track whose covariance has grown
/// past any useful gate (seen on a 24 h theatre replay: a 1,900 km position sigma) would
/// otherwise cover a continent's worth of cells and turn every index rebuild quadratic; no
/// measurement that far away could be its own. Far above any healthy track's reach (3-sigma of
/// max_position_sigma_m plus minutes of motion at a domain's top speed).
constexpr double kMaxIndexRadiusM = 500'000.0;
// Spatial-index rebuilds also happen when stale entries outnumber live tracks this much.
constexpr std::size_t kIndexStaleFactor = 8;
/// A sensor carrier's velocity is differenced from two fixes at most this far apart (an
/// airborne radar scans every few seconds; older fixes say little about its velocity now).
constexpr double kPlatformVelocityMaxGapS = 120.0;

/// `v` in single precision, never below it (for bounds that must stay conservative).
float floatUp(double v) {
  const auto f = static_cast<float>(v);
  return static_cast<double>(f) < v ? std::nextafter(f, std::numeric_limits<float>::infinity())
                                    : f;
}

/// Asks for the cache lines of the bytes [from, to) ahead of use.
void prefetchRange(const void* from, const void* to) {
  const auto* b = static_cast<const char*>(from);
  const auto* e = static_cast<const char*>(to);
  if (e <= b) return;
  const auto bytes = static_cast<std::size_t>(e - b);
  for (std::size_t off = 0; off < bytes; off += 64) __builtin_prefetch(b + off);
  __builtin_prefetch(e - 1);
}

/// prefetchRange() with the lowest temporal-locality hint (prefetcht2), for the far stage of a
/// two-stage prefetch: issued kPrefetchFar items ahead, then prefetchRange() kPrefetchAhead
/// ahead. Measured, not reasoned (bench/README.md, session 12): on this AMD guest the two
/// stages beat the near stage alone by 7-13 %; the far stage with the ordinary hint gained
/// less at 100,000 tracks (655k against 731k measurements/s), and 12 or 16 ahead no more.
/// Unlike prefetchRange() it does not ask for the range's last line separately (the near stage
/// does): with that one line more per pair the two-stage gain was gone (-13 % at 10,000
/// tracks, alternating), so the two stay separate functions.
void prefetchRangeFar(const void* from, const void* to) {
  const auto* b = static_cast<const char*>(from);
  const auto* e = static_cast<const char*>(to);
  for (; b < e; b += 64) __builtin_prefetch(b, 0, 1);
}

/// The first line of a measurement (time, kind, MMSI) and of its geometry. Only the first:
/// prefetching the whole 304-byte measurement and its geometry as well (eight lines on top of
/// the slot's) was no faster than none at 100,000 tracks; one line each gave +17 % there
/// (alternating medians 496k -> 578k; bench/README.md).
template <class Geometry>
void prefetchMeasurement(const core::Measurement& m, const Geometry& g) {
  __builtin_prefetch(&m);
  __builtin_prefetch(&g);
}

int hitsInLast(std::uint32_t hit_history, std::uint8_t opportunities, int n) {
  const int bits = std::min<int>(n, opportunities);
  const std::uint32_t mask = bits >= 32 ? 0xffffffffu : ((1u << bits) - 1u);
  return std::popcount(hit_history & mask);
}

int hitsInLast(const Track& t, int n) { return hitsInLast(t.hit_history, t.opportunities, n); }

/// A free slot of `items` (the last freed), or a new one at the end.
template <class T>
std::uint32_t takeSlot(std::vector<T>& items, std::vector<std::uint32_t>& free) {
  if (!free.empty()) {
    const std::uint32_t i = free.back();
    free.pop_back();
    return i;
  }
  items.emplace_back();
  return static_cast<std::uint32_t>(items.size() - 1);
}

/// How far (m) a candidate's target can move during the candidate's life, or before it (a
/// late plot): the domain's top speed over the tentative deletion time plus the measurement
/// lag. A search for candidates covers this around the plot (plus both plots' extents).
double candidateReach(const TrackerConfig& c, const DomainMotion& d) {
  return d.max_speed_mps * (c.delete_tentative_after + c.max_measurement_lag).seconds();
}

/// Cell size of a domain's track index: index_cell_size_m, widened to 4 times the domain's
/// max_position_sigma_m. A track's entry spans its 3-sigma reach (up to 3 sqrt(2) of that
/// sigma in each direction), and a cube of cells is filled per entry at every rebuild: an
/// over-the-horizon air track near the air limit (30 km) would fill ~1,300 cells of 20 km,
/// and the 24 h theatre replay spent 90 % of its time inserting and clearing them. The index
/// only proposes candidates, so the cell size changes no result.
double indexCellSize(const TrackerConfig& c, const DomainMotion& d) {
  return std::max(c.index_cell_size_m, 4.0 * d.max_position_sigma_m);
}

void addContribution(Track& t, core::SensorIndex sensor, Timestamp time, std::uint64_t n) {
  auto it = std::lower_bound(t.sensors.begin(), t.sensors.end(), sensor,
                             [](const core::SensorContribution& c, core::SensorIndex s) {
                               return c.sensor < s;
                             });
  if (it == t.sensors.end() || it->sensor != sensor) {
    it = t.sensors.insert(it, core::SensorContribution{sensor, time, 0});
  }
  it->last_update = std::max(it->last_update, time);
  it->updates += n;
}

/// a = the later of a and t, in place: building a new optional and copying it back, as
/// laterOf() does, stalled on store forwarding (a byte store, then a 16-byte load) on every
/// association.
void keepLater(std::optional<Timestamp>& a, Timestamp t) {
  if (!a || *a < t) a = t;
}

std::optional<Timestamp> laterOf(std::optional<Timestamp> a, std::optional<Timestamp> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

/// Vertical channel (height, rate) predicted over dt (negative: approximate retrodiction).
void predictVertical(Vec2& v, core::Mat2& p, double dt_s, const models::VerticalNoise& noise) {
  if (dt_s == 0.0) return;
  core::Mat2 f;
  core::Mat2 q;
  models::propagateVertical(dt_s, noise, f, q);
  v = f * v;
  p = (f * p * f.transpose() + q).eval();
  p = (0.5 * (p + p.transpose())).eval();
}

/// Calls `f(std::integral_constant<int, M>, linearize)` with the linearisation of `m` against
/// a track in `plane`: `linearize(const HVec& x, PlaneLinearized<M>& out) -> bool`. For a
/// position measurement, `position` is models::toPlane(plane, m, measured_ecef) when the
/// caller has it already (else nullptr).
template <class F>
auto withLinearizer(const geo::TangentPlane& plane, const core::Measurement& m,
                    const Vec3& measured_ecef, const models::TargetHeight& h,
                    const models::PlanePosition* position, F&& f) {
  if (const auto* p = std::get_if<core::PolarMeasurement>(&m.data)) {
    if (p->range_rate_mps) {
      return f(std::integral_constant<int, 3>{},
               [&](const HVec& x, models::PlaneLinearized<3>& out) {
                 return models::linearizePolarRangeRate(plane, *p, x, h, out);
               });
    }
    return f(std::integral_constant<int, 2>{},
             [&](const HVec& x, models::PlaneLinearized<2>& out) {
               return models::linearizePolar(plane, *p, x, h, out);
             });
  }
  models::PlanePosition computed;
  if (position == nullptr) {
    computed = models::toPlane(plane, std::get<core::PositionMeasurement>(m.data), measured_ecef);
  }
  const models::PlanePosition& z = position != nullptr ? *position : computed;
  if (z.velocity_mps) {
    return f(std::integral_constant<int, 4>{},
             [&z](const HVec& x, models::PlaneLinearized<4>& out) {
               models::linearizePositionVelocity(z, x, out);
               return true;
             });
  }
  return f(std::integral_constant<int, 2>{},
           [&z](const HVec& x, models::PlaneLinearized<2>& out) {
             models::linearizePosition(z, x, out);
             return true;
           });
}

std::size_t kindIndex(core::SensorKind k) { return static_cast<std::size_t>(k); }

/// Sorts and removes duplicates; most lists arrive sorted already (an O(n) check).
void sortUnique(std::vector<TrackId>& ids) {
  if (!std::is_sorted(ids.begin(), ids.end())) std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

/// Removes the IDs of deleted tracks from a sorted list, keeping its order: O(n log d)
/// instead of one pass over the list per deleted track.
void removeDeleted(std::vector<TrackId>& ids, const std::vector<DeletedTrack>& deleted) {
  if (deleted.empty() || ids.empty()) return;
  std::vector<TrackId> gone;
  gone.reserve(deleted.size());
  for (const auto& d : deleted) gone.push_back(d.track.id);
  std::sort(gone.begin(), gone.end());
  ids.erase(std::remove_if(ids.begin(), ids.end(),
                           [&](TrackId id) {
                             return std::binary_search(gone.begin(), gone.end(), id);
                           }),
            ids.end());
}

}  // namespace

const Track& TrackList::at(TrackId id) const {
  const auto it = std::lower_bound(tracks_.begin(), tracks_.end(), id,
                                   [](const Track* t, TrackId v) { return t->id < v; });
  if (it == tracks_.end() || (*it)->id != id) throw std::out_of_range("no such track");
  return **it;
}

std::vector<std::pair<std::string_view, std::uint64_t>> namedCounters(const TrackerCounters& c) {
  return {
      {"scans", c.scans},
      {"measurements", c.measurements},
      {"associated", c.associated},
      {"initiated", c.initiated},
      {"confirmed", c.confirmed},
      {"deleted", c.deleted},
      {"merged", c.merged},
      {"numerical_failures", c.numerical_failures},
      {"implausible_updates", c.implausible_updates},
      {"identity_gate_failures", c.identity_gate_failures},
      {"lagged_pairs_skipped", c.lagged_pairs_skipped},
      {"out_of_order_scans", c.out_of_order_scans},
      {"retrodicted_updates", c.retrodicted_updates},
      {"late_associations", c.late_associations},
      {"late_reports_refused", c.late_reports_refused},
      {"identity_recaptures", c.identity_recaptures},
      {"reanchored", c.reanchored},
      {"index_rebuilds", c.index_rebuilds},
      {"gate_candidates", c.gate_candidates},
      {"gated_pairs", c.gated_pairs},
      {"candidates_started", c.candidates_started},
      {"candidates_promoted", c.candidates_promoted},
      {"candidates_expired", c.candidates_expired},
      {"held_recaptures", c.held_recaptures},
      {"held_expired", c.held_expired},
  };
}

std::vector<const Track*> changedTracks(const Tracker& tracker, const StepResult& step) {
  std::vector<const Track*> out;
  for (const TrackId id : step.updated) {
    if (const Track* t = tracker.find(id)) out.push_back(t);
  }
  for (const TrackId id : step.status_changed) {
    if (std::binary_search(step.updated.begin(), step.updated.end(), id)) continue;
    if (const Track* t = tracker.find(id)) out.push_back(t);
  }
  for (const auto& d : step.deleted) out.push_back(&d.track);
  return out;
}

Tracker::Tracker(TrackerConfig config, std::vector<SensorInfo> sensors)
    : config_(std::move(config)),
      sensors_(std::move(sensors)),
      surface_index_(indexCellSize(config_, config_.surface)),
      air_index_(indexCellSize(config_, config_.air)),
      surface_candidates_(config_.index_cell_size_m),
      air_candidates_(config_.index_cell_size_m) {
  if (!(config_.gate_probability > 0.0 && config_.gate_probability < 1.0)) {
    throw std::invalid_argument("gate_probability must be in (0, 1)");
  }
  if (!(config_.merge_gate_probability > 0.0 && config_.merge_gate_probability < 1.0)) {
    throw std::invalid_argument("merge_gate_probability must be in (0, 1)");
  }
  if (!(config_.reanchor_distance_m > 0.0) || config_.index_rebuild_period <= Duration{0}) {
    throw std::invalid_argument("reanchor_distance_m and index_rebuild_period must be > 0");
  }
  if (!(config_.surface.max_position_sigma_m > 0.0) || !(config_.air.max_position_sigma_m > 0.0)) {
    throw std::invalid_argument("max_position_sigma_m must be > 0");
  }
  if (config_.satellite_hold < Duration{0}) {
    throw std::invalid_argument("satellite_hold must not be negative");
  }
  for (int d = 1; d <= 4; ++d) {
    gate_by_dim_[d] = association::chiSquareQuantile(d, config_.gate_probability);
  }
  merge_gate_ = association::chiSquareQuantile(4, config_.merge_gate_probability);
}

Tracker::~Tracker() = default;
Tracker::Tracker(Tracker&&) noexcept = default;
Tracker& Tracker::operator=(Tracker&&) noexcept = default;

const Track* Tracker::find(TrackId id) const {
  const auto it = slot_of_.find(id);
  return it == slot_of_.end() ? nullptr : &published(it->second);
}

TrackList Tracker::tracks() const {
  std::vector<const Track*> out;
  out.reserve(slot_of_.size());
  for (std::uint32_t si = 0; si < slots_.size(); ++si) {
    if (slots_[si].live) out.push_back(&published(si));
  }
  std::sort(out.begin(), out.end(), [](const Track* a, const Track* b) { return a->id < b->id; });
  return TrackList(std::move(out));
}

bool Tracker::isHeld(TrackId id) const {
  const auto it = slot_of_.find(id);
  return it != slot_of_.end() && slots_[it->second].held;
}

double Tracker::turnProbability(TrackId id) const {
  const auto it = slot_of_.find(id);
  return it == slot_of_.end() ? 0.0 : slots_[it->second].imm.mu[1];
}

std::size_t Tracker::memoryBytes() const {
  using SlotPair = std::pair<std::uint32_t, std::uint32_t>;
  std::size_t bytes = slots_.capacity() * sizeof(Slot) +
                      summaries_.capacity() * sizeof(GateSummary) +
                      listings_.capacity() * sizeof(association::SpatialIndex::Listing) +
                      (gate_candidates_.capacity() + raw_candidates_.capacity() +
                       sort_scratch_.capacity()) * sizeof(SlotPair) +
                      sort_counts_.capacity() * sizeof(std::uint32_t) +
                      hits_.capacity() * sizeof(Hit) +
                      merge_near_.capacity() * sizeof(std::pair<std::size_t, std::uint32_t>) +
                      free_slots_.capacity() * sizeof(std::uint32_t) +
                      surface_index_.memoryBytes() + air_index_.memoryBytes() +
                      deadlines_.size() * sizeof(Deadline) +
                      predictions_.capacity() * sizeof(filters::ImmState) +
                      candidates_.capacity() * sizeof(Candidate) +
                      surface_candidates_.memoryBytes() + air_candidates_.memoryBytes() +
                      candidate_deadlines_.size() * sizeof(CandidateDeadline);
  // unordered_map: a node (key, value, next pointer, cached hash) per element plus buckets.
  bytes += slot_of_.size() * (sizeof(std::pair<TrackId, std::uint32_t>) + 2 * sizeof(void*)) +
           slot_of_.bucket_count() * sizeof(void*);
  bytes += mmsi_carriers_.size() * (sizeof(std::pair<std::uint32_t, int>) + 2 * sizeof(void*)) +
           mmsi_carriers_.bucket_count() * sizeof(void*);
  for (const Slot& s : slots_) {
    if (!s.live) continue;
    bytes += s.track.sensors.capacity() * sizeof(core::SensorContribution);
    if (s.track.identity.name.capacity() > 15) bytes += s.track.identity.name.capacity() + 1;
    if (s.track.identity.call_sign.capacity() > 15) {
      bytes += s.track.identity.call_sign.capacity() + 1;
    }
  }
  return bytes;
}

const DomainMotion& Tracker::motion(core::Domain d) const {
  return d == core::Domain::Air ? config_.air : config_.surface;
}

association::SpatialIndex& Tracker::index(core::Domain d) {
  return d == core::Domain::Air ? air_index_ : surface_index_;
}

filters::TrackState Tracker::predictTrack(const Track& track, Timestamp t,
                                          const models::CvNoise& noise) const {
  return tracking::predictTrack(track, t, noise);
}

filters::TrackState predictTrack(const Track& track, Timestamp t, const models::CvNoise& noise) {
  const filters::TrackState s{track.x, track.P, track.time};
  if (t == track.time) return s;
  const double dt = (t - track.time).seconds();
  const core::GeoPoint g = geo::ecefToGeodetic(track.x.head<3>());
  const Vec3 up = geo::enuToEcefRotation(g.lat_deg, g.lon_deg).col(2);
  return filters::predict(s, models::cvTransition(dt),
                          models::cvProcessNoise(std::abs(dt), up, noise), t);
}

// ---------------------------------------------------------------------------------------
// State views and the spatial index.

core::Track Tracker::trackAt(TrackId id, Timestamp t) const {
  const auto it = slot_of_.find(id);
  if (it == slot_of_.end()) throw std::out_of_range("trackAt: no such track");
  Slot s = slots_[it->second];
  if (t > s.track.time) {
    const double dt = (t - s.track.time).seconds();
    filters::ImmState pred;
    filters::immPredictModes(s.imm, dt, motion(s.track.domain).imm, pred);
    s.imm = pred;
    if (s.track.domain == core::Domain::Air) {
      predictVertical(s.vertical, s.vertical_p, dt, config_.air_vertical);
    }
    s.track.time = t;
    refreshViewOf(s);
  }
  completeView(s);
  return std::move(s.track);
}

void Tracker::verticalOf(const Slot& s, Vec2& vertical, core::Mat2& vertical_p) const {
  if (s.track.domain == core::Domain::Air) {
    vertical = s.vertical;
    vertical_p = s.vertical_p;
  } else {
    vertical.setZero();
    vertical_p = core::Vec2(config_.surface_height_sigma_m * config_.surface_height_sigma_m,
                            config_.surface_vertical_speed_sigma_mps *
                                config_.surface_vertical_speed_sigma_mps)
                     .asDiagonal();
  }
}

void Tracker::refreshViewOf(Slot& s) const {
  // The published mean and the cached geometry now, from the entries of the combined
  // (moment-matched) state they need, bit for bit those of immCombine. The published ECEF
  // covariance (a 6x6 product through two Jacobians, ~15 % of a scan's instructions) waits
  // for a reader (completeView): most tracks are updated again before anyone reads it.
  HVec xc;
  HVec pc;  // the diagonal of the combined covariance
  filters::immCombinedMeanAndVariances(s.imm, xc, pc);
  Vec2 vertical;
  core::Mat2 vertical_p;
  verticalOf(s, vertical, vertical_p);
  models::toEcefMean(s.plane, xc, vertical, s.track.x);
  s.view_stale = true;
  const Vec2 en = xc.head<2>();
  const Vec2 v = xc.segment<2>(2);
  if (s.track.domain == core::Domain::Air) {
    s.surface_ecef = s.plane.toEcef(en, 0.0);
    s.velocity_ecef = s.plane.velocityToEcef(en, v, 0.0);
  } else {
    // A surface track's view is at height 0 with no vertical rate: these are the same calls
    // with the same arguments as the published mean's.
    s.surface_ecef = s.track.x.head<3>();
    s.velocity_ecef = s.track.x.tail<3>();
  }
  s.pos_sigma3 = 3.0 * std::sqrt(std::max(0.0, pc(0) + pc(1)));
  s.vel_sigma3 = 3.0 * std::sqrt(std::max(0.0, pc(2) + pc(3)));
  s.speed_mps = v.norm();
}

void Tracker::completeView(Slot& s) const {
  if (!s.view_stale) return;
  HVec xc;
  HMat pc;
  filters::immCombine(s.imm.x, s.imm.P, s.imm.mu, xc, pc);
  Vec2 vertical;
  core::Mat2 vertical_p;
  verticalOf(s, vertical, vertical_p);
  models::toEcefCovariance(s.plane, xc, pc, vertical, vertical_p, s.track.P);
  s.view_stale = false;
}

const Track& Tracker::published(std::uint32_t si) const {
  // Completing the view changes no observable state (the covariance is a function of the
  // filter state as of the last refresh, which nothing has changed since: every change of
  // the filter state refreshes). The slot is the tracker's own non-const object, so writing
  // it through the const path is well defined; readers of one Tracker are one thread.
  Slot& s = const_cast<Slot&>(slots_[si]);
  completeView(s);
  return s.track;
}

void Tracker::prefetchBookkeeping(std::uint32_t si) const {
  // manage() and mergeDuplicates() read the track's ID and counts, its times, status and
  // domain, and the slot's flags and speed: the Track's first line, its fields from `time`
  // on (after the published covariance), and the slot's cached geometry.
  const Slot& s = slots_[si];
  __builtin_prefetch(&s.track.id);
  prefetchRange(&s.track.time, &s.track + 1);
  prefetchRange(&s.live, &s.speed_mps + 1);
}

void Tracker::prefetchForUpdate(const GatedPair& pair) const {
  // An update reads the pair's prediction and writes most of the slot: all of it but the
  // published covariance (Track::P, written only when a reader asks for it).
  const Slot& s = slots_[pair.slot];
  prefetchRange(&predictions_[pair.prediction], &predictions_[pair.prediction] + 1);
  prefetchRange(&s, &s.track.P);
  prefetchRange(&s.track.P + 1, &s + 1);
}

void Tracker::sortBySlot(std::vector<std::pair<std::uint32_t, std::uint32_t>>& items) {
  // A counting sort on the slot: O(items + slots), stable.
  if (items.size() < 2) return;
  std::vector<std::uint32_t>& start = sort_counts_;
  start.assign(slots_.size() + 1, 0);
  for (const auto& it : items) ++start[it.first + 1];
  for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
  sort_scratch_.resize(items.size());
  for (const auto& it : items) sort_scratch_[start[it.first]++] = it;
  items.swap(sort_scratch_);
}

void Tracker::summarize(std::uint32_t si) {
  if (summaries_.size() < slots_.size()) summaries_.resize(slots_.size());
  const Slot& s = slots_[si];
  GateSummary& g = summaries_[si];
  g.surface_ecef = s.surface_ecef;
  for (int a = 0; a < 3; ++a) g.velocity_ecef[a] = static_cast<float>(s.velocity_ecef[a]);
  g.pos_sigma3 = floatUp(s.pos_sigma3);
  g.vel_sigma3 = floatUp(s.vel_sigma3);
  g.time = s.track.time;
  g.id = s.track.id;
  g.live = s.live;
  g.held = s.held;
  g.domain = s.track.domain;
}

bool Tracker::consistent() const {
  if (summaries_.size() < slots_.size()) return false;
  for (std::uint32_t si = 0; si < slots_.size(); ++si) {
    const Slot& s = slots_[si];
    const GateSummary& g = summaries_[si];
    if (g.live != s.live) return false;
    if (!s.live) continue;
    bool same = g.surface_ecef == s.surface_ecef && g.pos_sigma3 == floatUp(s.pos_sigma3) &&
                g.vel_sigma3 == floatUp(s.vel_sigma3) && g.time == s.track.time &&
                g.id == s.track.id &&
                g.held == s.held && g.domain == s.track.domain;
    for (int a = 0; a < 3; ++a) {
      same = same && g.velocity_ecef[a] == static_cast<float>(s.velocity_ecef[a]);
    }
    if (!same) return false;
  }
  return true;
}

void Tracker::indexTrack(std::uint32_t si, bool changed) {
  if (changed) summarize(si);
  // The entry covers every measurement time in [T - lag, T + period] of the current index
  // window T (see gate()): the track's reach is its 3-sigma region plus slack, the growth of
  // its velocity uncertainty, and its motion about the window's middle.
  const Slot& s = slots_[si];
  // A held track silent past coast_after takes only reports with its MMSI, which find it
  // through held_by_mmsi_: its grown reach would cover hundreds of cells for nothing.
  if (s.held && heldStale(s, index_time_)) return;
  const double period = config_.index_rebuild_period.seconds();
  const double lag = config_.max_measurement_lag.seconds();
  const Timestamp mid = index_time_ + config_.index_rebuild_period / 2;
  const double to_mid = (mid - s.track.time).seconds();
  const double horizon =
      std::max((index_time_ + config_.index_rebuild_period - s.track.time).seconds(),
               period + lag);
  const Vec3 center = s.surface_ecef + s.velocity_ecef * to_mid;
  const double radius = std::min(kMaxIndexRadiusM, s.pos_sigma3 + kPreGateSlackM +
                                                       s.vel_sigma3 * horizon +
                                                       s.speed_mps * (0.5 * period + lag));
  // An update moves a track by less than its gate: its entry usually still covers the new
  // reach, and then needs no new one.
  Slot& w = slots_[si];
  if (w.indexed_build == index_build_ &&
      (center - w.indexed_center).norm() + radius <= w.indexed_radius) {
    return;
  }
  if (listings_.size() < slots_.size()) listings_.resize(slots_.size());
  index(s.track.domain).insert(si, center, radius + kIndexEntrySlackM, &listings_[si]);
  w.indexed_center = center;
  w.indexed_radius = radius + kIndexEntrySlackM;
  w.indexed_build = index_build_;
}

void Tracker::rebuildIndex() {
  surface_index_.clear();
  air_index_.clear();
  ++index_build_;
  index_time_ = now_;
  index_valid_ = true;
  ++counters_.index_rebuilds;
  for (std::uint32_t si = 0; si < slots_.size(); ++si) {
    if (slots_[si].live) indexTrack(si, false);
  }
  // Forget merge streaks of tracks that are gone.
  for (auto it = merge_streaks_.begin(); it != merge_streaks_.end();) {
    if (!slot_of_.contains(it->first.first) || !slot_of_.contains(it->first.second)) {
      it = merge_streaks_.erase(it);
    } else {
      ++it;
    }
  }
}

std::uint32_t Tracker::predictInto(const Slot& s, Timestamp t) {
  // Most tracks of a scan are predicted over the same interval (from the previous scan):
  // its state-independent part is computed once per domain and interval.
  // A few intervals are kept (tracks missed by the last scan are a scan period older).
  const double dt = (t - s.track.time).seconds();
  IntervalCache& cache = intervals_[s.track.domain == core::Domain::Air ? 1 : 0];
  std::size_t k = 0;
  while (k < cache.used && cache.entries[k].dt_s != dt) ++k;
  if (k == cache.used) {
    k = cache.used < IntervalCache::kSize ? cache.used++ : cache.next;
    cache.next = (k + 1) % IntervalCache::kSize;
    cache.entries[k] = filters::immInterval(dt, motion(s.track.domain).imm);
  }
  predictions_.emplace_back();
  filters::immPredictModes(s.imm, cache.entries[k], predictions_.back());
  return static_cast<std::uint32_t>(predictions_.size() - 1);
}

const filters::ImmState& Tracker::predictionFor(std::uint32_t si, Timestamp t) {
  Slot& s = slots_[si];
  if (s.pred_stamp != scan_stamp_ || s.pred_time != t) {
    s.pred_index = predictInto(s, t);
    s.pred_stamp = scan_stamp_;
    s.pred_time = t;
  }
  return predictions_[s.pred_index];
}

// ---------------------------------------------------------------------------------------
// Gating and association.

bool Tracker::evaluatePair(const Slot& s, std::uint32_t pidx, std::uint32_t j,
                           const core::Measurement& m, const MeasurementGeometry& g,
                           GatedPair& out) {
  const filters::ImmState& pred = predictions_[pidx];
  const Track& track = s.track;
  models::TargetHeight h = heightAt(s, m.time);
  // Gated when the measurement falls inside the gate of either model's prediction (a
  // target entering a turn is outside the straight-line model's gate first); the cost is
  // the IMM's mixture likelihood, -2 ln sum_j mu_j N(y_j; 0, S_j).
  // A position measurement in the track's plane, kept with the pair for the update (the
  // plane does not change in between: a track takes at most one update per scan).
  const auto* position_measurement = std::get_if<core::PositionMeasurement>(&m.data);
  models::PlanePosition position;
  if (position_measurement != nullptr) {
    position = models::toPlane(s.plane, *position_measurement, g.fix.surface_ecef);
  }
  return withLinearizer(s.plane, m, g.fix.surface_ecef, h,
                        position_measurement != nullptr ? &position : nullptr,
                        [&](auto dim, auto&& linearize) {
    constexpr int M = decltype(dim)::value;
    bool gated = false;
    for (int k = 0; k < models::kMotionModels; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      out.usable[k] = false;
      models::PlaneLinearized<M> z;
      if (!linearize(pred.x[kk], z)) continue;
      const filters::PlaneGate st = filters::planeGate<M>(pred.P[kk], z);
      if (!st.ok) {
        ++counters_.numerical_failures;
        continue;
      }
      out.usable[k] = true;
      out.nis[k] = st.nis;
      out.det_root[k] = st.det_root;
      if (st.nis <= gateThreshold(M)) gated = true;
    }
    if (!gated) return false;
    out.gate_threshold = gateThreshold(M);
    out.measurement = j;
    out.prediction = pidx;
    out.position = position;
    out.identity_match = m.mmsi != 0 && m.mmsi == track.identity.mmsi;
    return true;
  });
}

Tracker::PairCost Tracker::pairCost(const GatedPair& pair) const {
  // cost = -2 ln sum_k mu_k N(y_k; 0, S_k) (the (2 pi)^(M/2) dropped), with the largest term
  // factored out; the miss bound is the cost of a pair on the edge of the gate of the
  // cheapest gating model.
  const filters::ImmState& pred = predictions_[pair.prediction];
  double terms[models::kMotionModels];
  double bound = std::numeric_limits<double>::infinity();
  double best = std::numeric_limits<double>::infinity();
  for (int k = 0; k < models::kMotionModels; ++k) {
    terms[k] = std::numeric_limits<double>::infinity();
    if (!pair.usable[k]) continue;
    const double log_det_s = filters::logDetFromRoot(pair.det_root[k]);
    const double log_mu = std::log(std::max(pred.mu[k], 1e-300));
    terms[k] = pair.nis[k] + log_det_s - 2.0 * log_mu;
    best = std::min(best, terms[k]);
    if (pair.nis[k] <= pair.gate_threshold) {
      bound = std::min(bound, pair.gate_threshold + log_det_s - 2.0 * log_mu);
    }
  }
  double sum = 0.0;
  for (const double term : terms) {
    // exp(-0) is exactly 1: the best term needs no call.
    if (term == best) {
      sum += 1.0;
    } else if (std::isfinite(term)) {
      sum += std::exp(-0.5 * (term - best));
    }
  }
  PairCost out;
  out.cost = best - 2.0 * std::log(sum);
  out.miss_bound = bound;
  if (pair.identity_match) out.cost -= config_.identity_match_bonus;
  return out;
}

void Tracker::gate(const core::Scan& scan, const std::vector<MeasurementGeometry>& geometry,
                   std::vector<GatedPair>& pairs) {
  // Two passes. The first finds each measurement's candidates through the index and the
  // pre-gate, from the dense GateSummary array alone; the second predicts and gates the
  // survivors, in slot order, with the slot a few candidates ahead prefetched: the slots'
  // cache misses, which dominated gating, overlap instead of stalling one after another.
  const core::Domain domain = sensors_[scan.sensor].domain;
  const association::SpatialIndex& idx = index(domain);
  const Timestamp window_low = index_time_ - config_.max_measurement_lag;
  const Timestamp mid = index_time_ + config_.index_rebuild_period / 2;
  const double max_speed = motion(domain).max_speed_mps;
  std::vector<std::pair<std::uint32_t, std::uint32_t>>& found = gate_candidates_;
  found.clear();

  // A report older than the index window (late satellite AIS) searches farther: its target
  // has moved since, by at most the domain's top speed.
  const auto search_radius = [&](std::uint32_t j) {
    const core::Measurement& m = scan.measurements[j];
    double radius = geometry[j].extent_m;
    if (m.time < window_low) radius += 2.0 * max_speed * (mid - m.time).seconds();
    return radius;
  };
  // Pass 1a: each measurement's index candidates, as (slot, measurement); the held tracks
  // carrying a report's MMSI, already checked, carry kDirect on the measurement index.
  constexpr std::uint32_t kDirect = 0x80000000u;
  std::vector<std::pair<std::uint32_t, std::uint32_t>>& raw = raw_candidates_;
  raw.clear();
  const auto n = static_cast<std::uint32_t>(scan.measurements.size());
  if (n >= kDirect) throw std::length_error("gate: too many measurements in one scan");
  for (std::uint32_t j = 0; j < n; ++j) {
    if (j + kPrefetchAhead < n) {
      idx.prefetch(geometry[j + kPrefetchAhead].fix.surface_ecef, search_radius(j + kPrefetchAhead));
    }
    const core::Measurement& m = scan.measurements[j];
    const MeasurementGeometry& g = geometry[j];
    idx.query(g.fix.surface_ecef, search_radius(j), [&](std::uint32_t si) { raw.emplace_back(si, j); });
    if (m.mmsi == 0) continue;
    // Satellite AIS hold: a held track is offered the reports carrying its MMSI wherever it
    // is, whether indexed or not (its gate, grown over the hours between passes, decides; a
    // report outside it goes to recapture()).
    const auto held_it = held_by_mmsi_.find(m.mmsi);
    if (held_it == held_by_mmsi_.end()) continue;
    const Duration lag = core::isCooperative(m.sensor_kind) ? config_.max_cooperative_lag
                                                            : config_.max_measurement_lag;
    for (const std::uint32_t si : held_it->second) {
      Slot& s = slots_[si];
      if (s.track.domain != domain) continue;
      ++counters_.gate_candidates;
      if (m.time < s.track.time && (s.track.time - m.time) > lag) {
        ++counters_.lagged_pairs_skipped;
        continue;
      }
      // Its gate grows over the hours between passes; its own reach does not.
      if (m.time > s.track.time &&
          !withinHeldReach(g.fix.surface_ecef, g.extent_m, s.surface_ecef, s.pos_sigma3,
                           s.speed_mps, config_.satellite_hold_speed_margin_mps, max_speed,
                           (m.time - s.track.time).seconds())) {
        continue;
      }
      raw.emplace_back(si, j | kDirect);
    }
  }
  // Pass 1b: the pre-gate, on the summaries (prefetched a few candidates ahead; they come in
  // the scan's order, which has nothing to do with the order of the slots).
  for (std::size_t k = 0; k < raw.size(); ++k) {
    if (k + kManagePrefetchAhead < raw.size()) {
      __builtin_prefetch(&summaries_[raw[k + kManagePrefetchAhead].first]);
    }
    const std::uint32_t si = raw[k].first;
    if ((raw[k].second & kDirect) != 0) {
      found.emplace_back(si, raw[k].second & ~kDirect);
      continue;
    }
    const std::uint32_t j = raw[k].second;
    const core::Measurement& m = scan.measurements[j];
    const MeasurementGeometry& g = geometry[j];
    const GateSummary& sum = summaries_[si];
    if (!sum.live || sum.domain != domain) continue;
    // Identity and the hold need the slot; plots without an MMSI (most) skip it.
    if (sum.held) {
      const Slot& s = slots_[si];
      // Held tracks carrying the report's MMSI came through held_by_mmsi_ above.
      if ((m.mmsi != 0 && m.mmsi == s.track.identity.mmsi) || heldStale(s, m.time)) continue;
    }
    ++counters_.gate_candidates;
    // Identity is strong evidence but never blind: a report never joins a track of another
    // MMSI, and a report whose MMSI is already carried never gives it to a second track
    // (a cloned MMSI must not "identify" and so clear a dark target).
    if (m.mmsi != 0) {
      const std::uint32_t carried = slots_[si].track.identity.mmsi;
      if (m.mmsi != carried && (carried != 0 || mmsi_carriers_.contains(m.mmsi))) continue;
    }
    const Duration lag = core::isCooperative(m.sensor_kind) ? config_.max_cooperative_lag
                                                            : config_.max_measurement_lag;
    if (m.time < sum.time && (sum.time - m.time) > lag) {
      ++counters_.lagged_pairs_skipped;
      continue;
    }
    const double dt = (m.time - sum.time).seconds();
    const Vec3 velocity(sum.velocity_ecef[0], sum.velocity_ecef[1], sum.velocity_ecef[2]);
    const Vec3 moved = sum.surface_ecef + velocity * dt;
    if ((moved - g.fix.surface_ecef).norm() > sum.pos_sigma3 + kPreGateSlackM +
                                                  kPreGateRoundingM + g.extent_m +
                                                  sum.vel_sigma3 * std::abs(dt)) {
      continue;
    }
    found.emplace_back(si, j);
  }
  // By slot (stable: a slot's measurements stay in scan order), so that the slots, the
  // predictions written for them and, through chosen pairs in slot order, the updates are
  // visited in address order rather than in the scan's (arbitrary) order.
  sortBySlot(found);

  for (std::size_t k = 0; k < found.size(); ++k) {
    if (k + kPrefetchFar < found.size()) {
      const Slot& far = slots_[found[k + kPrefetchFar].first];
      prefetchRangeFar(&far, &far.imm + 1);
    }
    if (k + kPrefetchAhead < found.size()) {
      // What gating reads of a slot: the prediction cache, the plane and the IMM state
      // (contiguous at its start), the track's ID and time.
      const auto [ahead_slot, ahead_j] = found[k + kPrefetchAhead];
      const Slot& ahead = slots_[ahead_slot];
      prefetchRange(&ahead, &ahead.imm + 1);
      __builtin_prefetch(&ahead.track.id);
      __builtin_prefetch(&ahead.track.time);
      // In slot order the measurements come in no particular order: at 100,000 tracks their
      // first read was the largest stall of this loop.
      prefetchMeasurement(scan.measurements[ahead_j], geometry[ahead_j]);
    }
    const auto [si, j] = found[k];
    const core::Measurement& m = scan.measurements[j];
    Slot& s = slots_[si];
    predictionFor(si, m.time);
    GatedPair pair;
    if (!evaluatePair(s, s.pred_index, j, m, geometry[j], pair)) continue;
    pair.slot = si;
    pair.track = s.track.id;
    pairs.push_back(pair);
  }
  counters_.gated_pairs += pairs.size();
}

std::vector<const Tracker::GatedPair*> Tracker::associate(
    const std::vector<GatedPair>& pairs) {
  std::vector<const GatedPair*> chosen;
  if (pairs.empty()) return chosen;
  // Most pairs are alone in their cluster (a track that gates one measurement which no other
  // track gates): such a pair wins its assignment outright (its cost is below the track's
  // miss), so it is taken in O(1) from pair counts per track and per measurement. The rest
  // are whole clusters, solved below; the result is the same as solving every cluster.
  std::vector<std::uint32_t>& per_slot = assoc_slot_count_;
  std::vector<std::uint32_t>& per_meas = assoc_meas_count_;
  if (per_slot.size() < slots_.size()) per_slot.resize(slots_.size(), 0);
  std::uint32_t max_meas = 0;
  for (const auto& p : pairs) max_meas = std::max(max_meas, p.measurement);
  if (per_meas.size() <= max_meas) per_meas.resize(std::size_t{max_meas} + 1, 0);
  for (const auto& p : pairs) {
    ++per_slot[p.slot];
    ++per_meas[p.measurement];
  }
  std::vector<const GatedPair*> shared;
  for (const auto& p : pairs) {
    if (per_slot[p.slot] == 1 && per_meas[p.measurement] == 1) {
      chosen.push_back(&p);
    } else {
      shared.push_back(&p);
    }
  }
  for (const auto& p : pairs) {  // leave the counters zeroed for the next scan
    per_slot[p.slot] = 0;
    per_meas[p.measurement] = 0;
  }
  // gate() makes its pairs in slot order: these are sorted already.
  const std::size_t alone = chosen.size();
  // Independent clusters (connected components of the gating graph), each solved optimally.
  // Nodes: distinct tracks (by slot), then distinct measurements, in a union-find.
  std::vector<std::uint32_t> slots;
  std::vector<std::uint32_t> meas;
  slots.reserve(shared.size());
  meas.reserve(shared.size());
  for (const GatedPair* p : shared) {
    slots.push_back(p->slot);
    meas.push_back(p->measurement);
  }
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  std::sort(meas.begin(), meas.end());
  meas.erase(std::unique(meas.begin(), meas.end()), meas.end());
  const auto track_node = [&](std::uint32_t slot) {
    return static_cast<std::size_t>(std::lower_bound(slots.begin(), slots.end(), slot) -
                                    slots.begin());
  };
  const auto meas_node = [&](std::uint32_t j) {
    return slots.size() + static_cast<std::size_t>(
                              std::lower_bound(meas.begin(), meas.end(), j) - meas.begin());
  };
  std::vector<std::size_t> parent(slots.size() + meas.size());
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  auto find_root = [&](std::size_t a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  };
  std::vector<std::size_t> pair_track_node(shared.size());
  for (std::size_t i = 0; i < shared.size(); ++i) {
    pair_track_node[i] = track_node(shared[i]->slot);
    const std::size_t a = find_root(pair_track_node[i]);
    const std::size_t b = find_root(meas_node(shared[i]->measurement));
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  // Pairs grouped by cluster root.
  std::vector<std::pair<std::size_t, std::size_t>> by_root(shared.size());  // (root, pair)
  for (std::size_t i = 0; i < shared.size(); ++i) by_root[i] = {find_root(pair_track_node[i]), i};
  std::sort(by_root.begin(), by_root.end());

  std::vector<const GatedPair*> members;
  for (std::size_t begin = 0; begin < by_root.size();) {
    std::size_t end = begin + 1;
    while (end < by_root.size() && by_root[end].first == by_root[begin].first) ++end;
    if (end - begin == 1) {
      // One track, one measurement: the pair costs less than the track's miss, so it wins.
      chosen.push_back(shared[by_root[begin].second]);
      begin = end;
      continue;
    }
    members.clear();
    for (std::size_t k = begin; k < end; ++k) members.push_back(shared[by_root[k].second]);
    begin = end;
    std::vector<TrackId> rows;
    std::vector<std::uint32_t> cols;
    for (const auto* p : members) {
      rows.push_back(p->track);
      cols.push_back(p->measurement);
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    const auto nr = static_cast<Eigen::Index>(rows.size());
    const auto nc = static_cast<Eigen::Index>(cols.size());
    // Columns: the measurements, then one "not detected" column per track whose cost exceeds
    // that of every gated pair of the track, so any gated assignment is preferred to a miss
    // unless another track needs the measurement more. Rows by track ID and columns by
    // measurement index: ties break deterministically.
    Eigen::MatrixXd cost = Eigen::MatrixXd::Constant(nr, nc + nr, association::kForbidden);
    std::vector<const GatedPair*> lookup(static_cast<std::size_t>(nr * nc), nullptr);
    std::vector<double> miss(rows.size(), -association::kForbidden);
    for (const auto* p : members) {
      const auto r = std::lower_bound(rows.begin(), rows.end(), p->track) - rows.begin();
      const auto c = std::lower_bound(cols.begin(), cols.end(), p->measurement) - cols.begin();
      const PairCost pc = pairCost(*p);
      cost(r, c) = pc.cost;
      lookup[static_cast<std::size_t>(r * nc + c)] = p;
      miss[static_cast<std::size_t>(r)] = std::max(miss[static_cast<std::size_t>(r)], pc.miss_bound);
    }
    for (Eigen::Index r = 0; r < nr; ++r) cost(r, nc + r) = miss[static_cast<std::size_t>(r)];
    const std::vector<int> assignment = association::solveAssignment(cost);
    for (Eigen::Index r = 0; r < nr; ++r) {
      const int c = assignment[static_cast<std::size_t>(r)];
      if (c >= 0 && c < nc) chosen.push_back(lookup[static_cast<std::size_t>(r * nc + c)]);
    }
  }
  // By slot (unique among the chosen): the updates then walk the slots, and the predictions
  // gate() wrote in slot order, in address order. The order changes no result: an update
  // touches its own track only (its index entry, its MMSI's counts), and everything that
  // depends on the order of tracks (births, merges, outputs) goes by track ID.
  const auto by_slot = [](const GatedPair* a, const GatedPair* b) { return a->slot < b->slot; };
  const auto middle = chosen.begin() + static_cast<std::ptrdiff_t>(alone);
  if (!std::is_sorted(chosen.begin(), middle, by_slot)) std::sort(chosen.begin(), middle, by_slot);
  std::sort(middle, chosen.end(), by_slot);
  std::inplace_merge(chosen.begin(), middle, chosen.end(), by_slot);
  return chosen;
}

// ---------------------------------------------------------------------------------------
// Update and birth.

models::TargetHeight Tracker::heightAt(const Slot& s, Timestamp t) const {
  models::TargetHeight h;
  if (s.track.domain == core::Domain::Air) {
    Vec2 v = s.vertical;
    core::Mat2 p = s.vertical_p;
    predictVertical(v, p, (t - s.track.time).seconds(), config_.air_vertical);
    h.height_m = v(0);
    h.height_var_m2 = p(0, 0);
    h.vertical_speed_mps = v(1);
    h.vertical_speed_var_m2ps2 = p(1, 1);
  } else {
    h.height_var_m2 = config_.surface_height_sigma_m * config_.surface_height_sigma_m;
    h.vertical_speed_var_m2ps2 =
        config_.surface_vertical_speed_sigma_mps * config_.surface_vertical_speed_sigma_mps;
  }
  return h;
}

bool Tracker::updateTrack(std::uint32_t si, const GatedPair& pair, const core::Measurement& m,
                          const MeasurementGeometry& g) {
  Slot& s = slots_[si];
  Track& track = s.track;
  const Timestamp previous_last_update = track.last_update;
  // Out-of-sequence policy: a report older than the state by more than max_retrodiction
  // (satellite AIS of a vessel that terrestrial AIS or radar has held since) gated at its own
  // time and is this track's; it carries identity and report times, not kinematics.
  if (m.time < track.time && track.time - m.time > config_.max_retrodiction) {
    // Gated through a prediction back over the lag, the gate is wide: a stale report that
    // lands on a track without its MMSI is too weak to name that track. It is refused (and,
    // having gated, starts nothing); the vessel's next timely report identifies it.
    if (m.mmsi != 0 && track.identity.mmsi != m.mmsi) {
      ++counters_.late_reports_refused;
      return false;
    }
    noteAssociation(track, m);
    noteHold(si, m, previous_last_update);
    ++counters_.late_associations;
    return true;
  }
  const filters::ImmConfig& imm = motion(track.domain).imm;
  const filters::ImmState& prior = predictions_[pair.prediction];
  const models::TargetHeight h = heightAt(s, m.time);
  filters::ImmState post;
  const models::PlanePosition* position =
      std::holds_alternative<core::PositionMeasurement>(m.data) ? &pair.position : nullptr;
  const bool ok = withLinearizer(s.plane, m, g.fix.surface_ecef, h, position,
                                 [&](auto dim, auto&& lin) {
    constexpr int M = decltype(dim)::value;
    return filters::immUpdate<M>(prior, lin, imm, post) == filters::ImmUpdateStatus::Ok;
  });
  if (!ok) {
    ++counters_.numerical_failures;
    return false;
  }
  // A posterior faster than the domain's top speed beyond its own 3-sigma velocity uncertainty,
  // on a track that was within it, comes from a measurement of another object: the track keeps
  // its prior. (A track already beyond the top speed takes the update, and manage() deletes it.)
  if (s.speed_mps <= motion(track.domain).max_speed_mps) {
    // The combined state's velocity entries only (bit for bit those of immCombine).
    const double speed =
        Vec2(filters::immCombinedMean(post, 2), filters::immCombinedMean(post, 3)).norm();
    const double vel_sigma3 =
        3.0 * std::sqrt(std::max(0.0, filters::immCombinedCovariance(post, 2, 2) +
                                          filters::immCombinedCovariance(post, 3, 3)));
    if (speed - vel_sigma3 > motion(track.domain).max_speed_mps) {
      ++counters_.implausible_updates;
      return false;
    }
  }
  // Vertical channel of air tracks: predicted to the measurement, updated by a measured
  // altitude.
  if (track.domain == core::Domain::Air) {
    predictVertical(s.vertical, s.vertical_p, (m.time - track.time).seconds(),
                    config_.air_vertical);
    const auto* pos = std::get_if<core::PositionMeasurement>(&m.data);
    if (pos != nullptr && pos->altitude_sigma_m) {
      const double r = *pos->altitude_sigma_m * *pos->altitude_sigma_m;
      const double sv = s.vertical_p(0, 0) + r;
      const Vec2 k = s.vertical_p.col(0) / sv;
      const double y = pos->position.alt_m - s.vertical(0);
      const core::Mat2 ikh = core::Mat2::Identity() - k * Vec2(1.0, 0.0).transpose();
      s.vertical += k * y;
      s.vertical_p = (ikh * s.vertical_p * ikh.transpose() + k * r * k.transpose()).eval();
      s.vertical_p = (0.5 * (s.vertical_p + s.vertical_p.transpose())).eval();
    }
  }
  Timestamp state_time = m.time;
  // A measurement older than the track updated it at its own time; bring the state back to
  // the track's latest time so published track times never go backwards.
  if (m.time < track.time) {
    filters::ImmState forward;
    filters::immPredictModes(post, (track.time - m.time).seconds(), imm, forward);
    post = forward;
    if (track.domain == core::Domain::Air) {
      predictVertical(s.vertical, s.vertical_p, (track.time - m.time).seconds(),
                      config_.air_vertical);
    }
    state_time = track.time;
    ++counters_.retrodicted_updates;
  }
  s.imm = post;
  track.time = state_time;
  // Re-anchor once the track has left the neighbourhood of its anchor.
  const Vec2 en = (s.imm.mu[0] * s.imm.x[0].head<2>() + s.imm.mu[1] * s.imm.x[1].head<2>()) /
                  (s.imm.mu[0] + s.imm.mu[1]);
  if (en.norm() > config_.reanchor_distance_m) {
    const geo::TangentPlane next = geo::TangentPlane::atEcef(s.plane.toEcef(en, 0.0));
    for (int k = 0; k < models::kMotionModels; ++k) {
      models::reanchor(s.plane, next, s.imm.x[static_cast<std::size_t>(k)],
                       s.imm.P[static_cast<std::size_t>(k)]);
    }
    s.plane = next;
    ++counters_.reanchored;
  }
  refreshViewOf(s);

  noteAssociation(track, m);
  if (track.status == core::TrackStatus::Coasting) track.status = core::TrackStatus::Confirmed;
  noteHold(si, m, previous_last_update);
  indexTrack(si);
  return true;
}

std::optional<TrackId> Tracker::recapture(const core::Measurement& m, core::Domain domain,
                                          const MeasurementGeometry& g, IdentityJump& jump) {
  // Rare (a report outside every gate whose MMSI a live track carries): a scan of the slots.
  // A held track (satellite AIS hold) takes the report when its target could have got there
  // since its last fix: the distance from that fix within the domain's top speed times the
  // time between, plus the fix's and the report's 3-sigma extents. After an hour or more
  // between passes a vessel's course changes are beyond what the filter's gate expects, and
  // its own GNSS fix is better than the dead reckoning. Farther away it is spoofing or a
  // shared MMSI: a separate track. Of several takers the one predicted nearest wins.
  // The reach is the track's own speed at its last fix plus satellite_hold_speed_margin_mps
  // (at most the domain's top speed): a tanker at 12 kn does not cover 100 km in 95 min, and a
  // held track re-seeded across such a jump would teleport onto a spoofed fix (issue 3).
  std::uint32_t best = 0;
  double best_d = std::numeric_limits<double>::infinity();
  bool found = false;
  std::uint32_t nearest = 0;
  double nearest_d = std::numeric_limits<double>::infinity();
  const double max_speed = motion(domain).max_speed_mps;
  for (std::uint32_t si = 0; si < slots_.size(); ++si) {
    const Slot& s = slots_[si];
    if (!s.live || s.track.identity.mmsi != m.mmsi || s.track.domain != domain) continue;
    if (m.time < s.track.time) continue;  // late data never re-seeds a newer state
    const double dt = (m.time - s.track.time).seconds();
    const core::Vec3 predicted = s.track.x.head<3>() + dt * s.track.x.tail<3>();
    const double d = (g.fix.surface_ecef - predicted).norm();
    const bool reachable =
        s.held ? withinHeldReach(g.fix.surface_ecef, g.extent_m, s.surface_ecef, s.pos_sigma3,
                                 s.speed_mps, config_.satellite_hold_speed_margin_mps, max_speed,
                                 dt)
               : d <= config_.identity_recapture_m;
    if (d < nearest_d) {
      nearest = si;
      nearest_d = d;
    }
    if (reachable && d <= best_d) {
      best = si;
      best_d = d;
      found = true;
    }
  }
  if (std::isfinite(nearest_d)) {
    const Slot& n = slots_[found ? best : nearest];
    jump = IdentityJump{n.track.id, 0, m.mmsi, found, n.track.time, n.surface_ecef,
                        n.velocity_ecef, m.time, g.fix.surface_ecef};
  }
  if (!found) return std::nullopt;
  Slot& s = slots_[best];
  const Timestamp previous_last_update = s.track.last_update;
  if (s.held) ++counters_.held_recaptures;
  seedKinematics(s, m, domain, g);
  s.track.time = m.time;
  noteAssociation(s.track, m);
  if (s.track.status == core::TrackStatus::Coasting) s.track.status = core::TrackStatus::Confirmed;
  refreshViewOf(s);
  noteHold(best, m, previous_last_update);
  indexTrack(best);
  ++counters_.identity_recaptures;
  return s.track.id;
}

void Tracker::noteAssociation(Track& track, const core::Measurement& m) {
  track.last_update = std::max(track.last_update, m.time);
  ++track.updates;
  if (core::isCooperative(m.sensor_kind)) {
    ++track.cooperative_updates;
    keepLater(track.last_cooperative_update, m.time);
    if (track.identity.mmsi == 0 && m.mmsi != 0) identify(track, m.mmsi);
  } else {
    ++track.noncooperative_updates;
    keepLater(track.last_noncooperative_update, m.time);
  }
  noteTransponder(track, m);
  addContribution(track, m.sensor, m.time, 1);
  ++counters_.associated;
}

void Tracker::noteHold(std::uint32_t si, const core::Measurement& m,
                       Timestamp previous_last_update) {
  // Only the latest update decides (a late report changes nothing).
  if (m.time < previous_last_update) return;
  const Slot& s = slots_[si];
  const bool hold = config_.satellite_hold > Duration{0} && m.sensor < sensors_.size() &&
                    sensors_[m.sensor].satellite_ais && s.track.identity.mmsi != 0;
  if (hold) {
    setHeld(si, true);
    // A coasting held track updated is confirmed again: it coasts again coast_after from
    // now, earlier than the deadline it has (the hold's end).
    if (heldDeadline(s) < s.scheduled) schedule(si, Timestamp::max());
  } else if (s.held) {
    setHeld(si, false);
    // Released, its deadline (coasting, deletion, uncertainty) may be earlier than the one
    // it was scheduled with while held.
    schedule(si);
  }
}

Timestamp Tracker::heldDeadline(const Slot& s) const {
  const Track& t = s.track;
  const Duration one{1};
  return t.status == core::TrackStatus::Confirmed ? t.last_update + config_.coast_after + one
                                                  : t.last_update + config_.satellite_hold + one;
}

void Tracker::setHeld(std::uint32_t si, bool held) {
  Slot& s = slots_[si];
  if (s.held == held) return;
  s.held = held;
  summarize(si);
  std::vector<std::uint32_t>& carriers = held_by_mmsi_[s.track.identity.mmsi];
  if (held) {
    carriers.push_back(si);
    ++held_live_;
  } else {
    carriers.erase(std::find(carriers.begin(), carriers.end(), si));
    if (carriers.empty()) held_by_mmsi_.erase(s.track.identity.mmsi);
    --held_live_;
  }
}

bool Tracker::heldStale(const Slot& s, Timestamp t) const {
  return t - s.track.last_update > config_.coast_after;
}

void Tracker::noteTransponder(Track& track, const core::Measurement& m) const {
  if (m.sensor >= sensors_.size() || !sensors_[m.sensor].interrogates_transponders) return;
  keepLater(track.last_interrogated_update, m.time);
  if (m.mode_a_code && (!track.last_transponder_update || m.time >= *track.last_transponder_update)) {
    track.last_transponder_update = m.time;
    track.mode_a_code = m.mode_a_code;
  }
}

void Tracker::seedTrack(Slot& s, const core::Measurement& m, core::Domain domain,
                        const MeasurementGeometry& g) const {
  s = Slot{};
  s.live = true;
  seedKinematics(s, m, domain, g);
  Track& t = s.track;
  t.time = m.time;
  t.domain = domain;
  t.created = m.time;
  t.last_update = m.time;
  t.updates = 1;
  if (core::isCooperative(m.sensor_kind)) {
    t.cooperative_updates = 1;
    t.last_cooperative_update = m.time;
  } else {
    t.noncooperative_updates = 1;
    t.last_noncooperative_update = m.time;
    t.hit_history = 1;
    t.opportunities = 1;
  }
  noteTransponder(t, m);
  addContribution(t, m.sensor, m.time, 1);
  refreshViewOf(s);
}

std::uint32_t Tracker::admit(Slot&& seeded) {
  const std::uint32_t si = takeSlot(slots_, free_slots_);
  Slot& s = slots_[si];
  s = std::move(seeded);
  s.track.id = next_id_++;
  // The slot's previous track may have been of the other domain, listed in the other index.
  if (si < listings_.size()) listings_[si] = association::SpatialIndex::Listing{};
  slot_of_.emplace(s.track.id, si);
  summarize(si);
  ++counters_.initiated;
  return si;
}

TrackId Tracker::initiate(const core::Measurement& m, core::Domain domain,
                          const MeasurementGeometry& g) {
  Slot seeded;
  seedTrack(seeded, m, domain, g);
  const std::uint32_t si = admit(std::move(seeded));
  Track& t = slots_[si].track;
  if (core::isCooperative(m.sensor_kind)) identify(t, m.mmsi);
  noteHold(si, m, Timestamp{INT64_MIN});
  indexTrack(si);
  schedule(si);
  return t.id;
}

void Tracker::seedKinematics(Slot& s, const core::Measurement& m, core::Domain domain,
                             const MeasurementGeometry& g) const {
  s.plane = geo::TangentPlane::atEcef(g.fix.surface_ecef);
  HVec x = HVec::Zero();
  HMat p = HMat::Zero();
  // At its anchor the plane's axes are east and north at the point: the measurement's
  // east/north covariance applies as it is.
  p.topLeftCorner<2, 2>() = g.fix.cov_en_m2;
  const double v0 = motion(domain).initial_speed_sigma_mps * motion(domain).initial_speed_sigma_mps;
  p.block<2, 2>(2, 2) = core::Mat2::Identity() * v0;
  if (const auto* pos = std::get_if<core::PositionMeasurement>(&m.data)) {
    if (pos->velocity_en_mps) {
      x.segment<2>(2) = *pos->velocity_en_mps;
      p.block<2, 2>(2, 2) = pos->velocity_cov_en_m2ps2;
    }
  }
  p(4, 4) = kInitialTurnRateSigmaRadps * kInitialTurnRateSigmaRadps;
  s.imm = filters::immInit(x, p, motion(domain).imm);
  if (domain == core::Domain::Air) {
    const auto* pos = std::get_if<core::PositionMeasurement>(&m.data);
    if (pos != nullptr && pos->altitude_sigma_m) {
      s.vertical = Vec2(pos->position.alt_m, 0.0);
      s.vertical_p = Vec2(*pos->altitude_sigma_m * *pos->altitude_sigma_m,
                          kInitialVerticalSpeedSigmaMps * kInitialVerticalSpeedSigmaMps)
                         .asDiagonal();
    } else {
      s.vertical = Vec2(config_.air_initial_height_m, 0.0);
      s.vertical_p = Vec2(config_.air_initial_height_sigma_m * config_.air_initial_height_sigma_m,
                          kInitialVerticalSpeedSigmaMps * kInitialVerticalSpeedSigmaMps)
                         .asDiagonal();
    }
  }
}

StepResult Tracker::processScan(const core::Scan& scan) {
  StepResult result;
  if (scan.sensor >= sensors_.size()) throw std::out_of_range("processScan: unknown sensor index");
  const SensorInfo& sensor = sensors_[scan.sensor];
  const Duration lag = core::isCooperative(sensor.kind) ? config_.max_cooperative_lag
                                                        : config_.max_measurement_lag;
  if (scan.time < now_ && (now_ - scan.time) > lag) {
    ++counters_.out_of_order_scans;
    return result;
  }
  ++counters_.scans;
  counters_.measurements += scan.measurements.size();
  now_ = std::max(now_, scan.time);
  notePlatform(scan);
  ++scan_stamp_;
  predictions_.clear();
  // Candidates past their time are gone before this scan's plots look for them (as a
  // tentative track past its deadline would be by the scan after).
  expireCandidates();
  if (!index_valid_ || now_ >= index_time_ + config_.index_rebuild_period ||
      surface_index_.entries() + air_index_.entries() >
          kIndexStaleFactor * slot_of_.size() + 4096) {
    rebuildIndex();
  }

  const core::Domain domain = sensor.domain;
  // Where each measurement puts its target. For air tracks a 2-D radar's slant range is
  // resolved at the assumed height, and the candidate search widens by the ground-range
  // ambiguity of heights up to 3 sigma above it.
  const double assumed_height = domain == core::Domain::Air ? config_.air_initial_height_m : 0.0;
  const double max_height =
      config_.air_initial_height_m + 3.0 * config_.air_initial_height_sigma_m;
  std::vector<MeasurementGeometry>& geometry = geometry_;
  geometry.resize(scan.measurements.size());
  for (std::size_t j = 0; j < scan.measurements.size(); ++j) {
    const core::Measurement& m = scan.measurements[j];
    geometry[j].fix = locate(m, assumed_height);
    geometry[j].extent_m = measurementExtent3(m);
    if (domain == core::Domain::Air) {
      if (const auto* p = std::get_if<core::PolarMeasurement>(&m.data)) {
        const double r = p->range_m;
        geometry[j].extent_m += r > max_height ? r - std::sqrt(r * r - max_height * max_height) : r;
      }
    }
  }

  // 1-2. Predict and gate.
  std::vector<GatedPair>& pairs = pairs_;
  pairs.clear();
  hits_.clear();
  gate(scan, geometry, pairs);
  // 3. Associate.
  const std::vector<const GatedPair*> chosen = associate(pairs);
  // 4. Update.
  std::vector<char>& used = used_;
  std::vector<char>& in_some_gate = in_some_gate_;
  used.assign(scan.measurements.size(), 0);
  in_some_gate.assign(scan.measurements.size(), 0);
  for (const auto& p : pairs) in_some_gate[p.measurement] = 1;
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    const GatedPair* p = chosen[k];
    if (k + kPrefetchFar < chosen.size()) {
      const Slot& far = slots_[chosen[k + kPrefetchFar]->slot];
      prefetchRangeFar(&far, &far + 1);
    }
    if (k + kPrefetchAhead < chosen.size()) {
      const GatedPair& ahead = *chosen[k + kPrefetchAhead];
      prefetchForUpdate(ahead);
      // Pairs come by slot: their measurements, in no particular order.
      prefetchMeasurement(scan.measurements[ahead.measurement], geometry[ahead.measurement]);
    }
    // The contributions list is a second hop: its address is in a line prefetched above.
    if (k + kPrefetchAhead / 2 < chosen.size()) {
      __builtin_prefetch(slots_[chosen[k + kPrefetchAhead / 2]->slot].track.sensors.data(), 1);
    }
    // A measurement refused by its track (implausible or numerically failed) lay inside a gate:
    // it starts no track either.
    if (!updateTrack(p->slot, *p, scan.measurements[p->measurement], geometry[p->measurement])) {
      continue;
    }
    used[p->measurement] = 1;
    hits_.push_back({p->track, p->slot});
  }
  // Birth: measurements inside no gate start tentative tracks. A measurement that fell inside
  // some track's gate but lost the assignment does not, so that one target does not spawn
  // duplicates. A cooperative report whose MMSI belongs to a track it failed to gate with
  // starts a separate track and is counted: that is spoofing or a shared MMSI, never forced.
  // With the tentative stage, a non-cooperative measurement inside no gate first looks for a
  // candidate to promote, else starts one (matchCandidates); AIS reports, which are not
  // clutter and carry an identity, start tracks at once.
  std::vector<std::uint32_t> unmatched;
  for (std::size_t j = 0; j < scan.measurements.size(); ++j) {
    const core::Measurement& m = scan.measurements[j];
    if (used[j] || in_some_gate[j]) continue;
    IdentityJump jump;
    if (m.mmsi != 0 && mmsi_carriers_.contains(m.mmsi)) {
      const std::optional<TrackId> id = recapture(m, domain, geometry[j], jump);
      if (jump.track != 0) result.identity_jumps.push_back(jump);
      if (id) {
        hits_.push_back({*id, slot_of_.at(*id)});
        continue;
      }
      ++counters_.identity_gate_failures;
    }
    if (config_.candidate_stage && !core::isCooperative(m.sensor_kind)) {
      unmatched.push_back(static_cast<std::uint32_t>(j));
      continue;
    }
    const TrackId id = initiate(m, domain, geometry[j]);
    if (jump.track != 0 && !jump.reseeded) result.identity_jumps.back().started = id;
    result.initiated.push_back(id);
    hits_.push_back({id, slot_of_.at(id)});
  }
  if (!unmatched.empty()) matchCandidates(scan, unmatched, geometry, result);
  if (!std::is_sorted(result.initiated.begin(), result.initiated.end())) {
    std::sort(result.initiated.begin(), result.initiated.end());
  }
  // The updated tracks (updated, recaptured, born, promoted) are collected in hits_ with their
  // slots: sorted once by ID, and result.updated read off them.
  const auto by_id = [](const Hit& a, const Hit& b) { return a.id < b.id; };
  if (!std::is_sorted(hits_.begin(), hits_.end(), by_id)) {
    std::sort(hits_.begin(), hits_.end(), by_id);
  }
  result.updated.resize(hits_.size());
  for (std::size_t i = 0; i < hits_.size(); ++i) result.updated[i] = hits_[i].id;
  // 5. Manage.
  manage(&scan, hits_, result);
  return result;
}

// ---------------------------------------------------------------------------------------
// Tentative stage: candidates.
//
// Most measurements inside no gate are clutter, and a tentative track born from each costs
// a tangent plane, an IMM initialisation, an index entry, a deadline, a publication and a
// deletion. A candidate keeps the plot alone until a second plot confirms there is
// something to track (the "initiator" of two-point track initiation: Blackman and Popoli,
// Design and Analysis of Modern Tracking Systems, 1999, sec. 9.2.1). The promoted track is
// the one the tentative stage would have built: born from the first plot, predicted to the
// second and updated by it (the Kalman update weighs the two-point velocity against the
// birth's velocity prior, which also covers two plots close in time), and it keeps the
// candidate's detection history, so M-of-N confirmation counts the same hits and
// opportunities.

association::SpatialIndex& Tracker::candidateIndex(core::Domain d) {
  return d == core::Domain::Air ? air_candidates_ : surface_candidates_;
}

void Tracker::dropCandidate(std::uint32_t c) {
  candidates_[c].serial = 0;
  free_candidates_.push_back(c);
  --candidates_live_;
}

void Tracker::expireCandidates() {
  while (!candidate_deadlines_.empty() && std::get<0>(candidate_deadlines_.top()) <= now_) {
    const auto [when, c, serial] = candidate_deadlines_.top();
    candidate_deadlines_.pop();
    if (candidates_[c].serial != serial) continue;  // promoted or dropped already
    dropCandidate(c);
    ++counters_.candidates_expired;
  }
}

void Tracker::matchCandidates(const core::Scan& scan, const std::vector<std::uint32_t>& unmatched,
                              const std::vector<MeasurementGeometry>& geometry,
                              StepResult& result) {
  const core::Domain domain = sensors_[scan.sensor].domain;
  const DomainMotion& mo = motion(domain);
  const double reach = candidateReach(config_, mo);
  const double life_s = (config_.delete_tentative_after + config_.max_measurement_lag).seconds();
  association::SpatialIndex& idx = candidateIndex(domain);

  // Candidate-plot pairs within the velocity bound: the plots no farther apart than the
  // domain's top speed over the time between them plus both plots' 3-sigma extents.
  // Candidates are indexed as points: the search radius is the plot's extent, the reach of
  // a candidate's target over its life and the largest extent of an indexed candidate; when
  // that covers more cells than there are candidates, they are scanned instead.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> near;  // (candidate, measurement)
  double& extent_max = candidate_extent_[domain == core::Domain::Air ? 1 : 0];
  if (candidates_live_ > 0) {
    for (const std::uint32_t j : unmatched) {
      const core::Measurement& m = scan.measurements[j];
      const MeasurementGeometry& g = geometry[j];
      const auto visit = [&](std::uint32_t c) {
        const Candidate& k = candidates_[c];
        if (k.serial == 0 || k.domain != domain || k.scan_born == scan_stamp_) return;
        const double dt_s = std::abs((m.time - k.measurement.time).seconds());
        if (dt_s > life_s) return;
        if ((g.fix.surface_ecef - k.geometry.fix.surface_ecef).norm() >
            mo.max_speed_mps * dt_s + g.extent_m + k.geometry.extent_m) {
          return;
        }
        near.emplace_back(c, j);
      };
      const double radius = g.extent_m + reach + extent_max;
      if (idx.cellsTouched(radius) <= candidates_live_) {
        idx.query(g.fix.surface_ecef, radius, visit);
      } else {
        for (std::uint32_t c = 0; c < candidates_.size(); ++c) visit(c);
      }
    }
  }
  // Then the exact gate of the track each candidate would become (seeded once per candidate).
  struct Option {
    std::size_t seeded;
    std::uint32_t candidate;
    GatedPair pair;
    double cost;
  };
  std::vector<Slot> seeded;
  std::vector<Option> options;
  std::sort(near.begin(), near.end());
  for (std::size_t i = 0; i < near.size(); ++i) {
    const auto [c, j] = near[i];
    const Candidate& k = candidates_[c];
    if (i == 0 || near[i - 1].first != c) {
      seeded.emplace_back();
      seedTrack(seeded.back(), k.measurement, domain, k.geometry);
    }
    const std::uint32_t pidx = predictInto(seeded.back(), scan.measurements[j].time);
    GatedPair pair;
    if (evaluatePair(seeded.back(), pidx, j, scan.measurements[j], geometry[j], pair)) {
      options.push_back({seeded.size() - 1, c, pair, pairCost(pair).cost});
    }
  }
  // Candidates are sparse: the cheapest pairs first (ties by candidate age, then measurement
  // index), each candidate and each plot used once.
  std::sort(options.begin(), options.end(), [&](const Option& a, const Option& b) {
    return std::tuple(a.cost, candidates_[a.candidate].serial, a.pair.measurement) <
           std::tuple(b.cost, candidates_[b.candidate].serial, b.pair.measurement);
  });
  std::vector<char> taken(scan.measurements.size(), 0);
  for (Option& o : options) {
    Candidate& k = candidates_[o.candidate];
    const std::uint32_t j = o.pair.measurement;
    if (k.serial == 0 || taken[j]) continue;
    taken[j] = 1;
    Slot& s = seeded[o.seeded];
    s.track.hit_history = k.hit_history;
    s.track.opportunities = k.opportunities;
    const std::uint32_t si = admit(std::move(s));
    const TrackId id = slots_[si].track.id;
    o.pair.slot = si;
    o.pair.track = id;
    // A refused update (implausible, numerical failure) leaves the track with its first
    // plot, as the tentative track would have been; the plot, inside its gate, starts nothing.
    if (!updateTrack(si, o.pair, scan.measurements[j], geometry[j])) indexTrack(si);
    schedule(si);
    dropCandidate(o.candidate);
    ++counters_.candidates_promoted;
    result.initiated.push_back(id);
    hits_.push_back({id, si});
  }
  // The other plots start candidates.
  const double v0 = mo.initial_speed_sigma_mps * mo.initial_speed_sigma_mps;
  for (const std::uint32_t j : unmatched) {
    if (taken[j]) continue;
    const core::Measurement& m = scan.measurements[j];
    const std::uint32_t c = takeSlot(candidates_, free_candidates_);
    Candidate& k = candidates_[c];
    k.measurement = m;
    k.geometry = geometry[j];
    k.domain = domain;
    k.serial = next_candidate_serial_++;
    k.scan_born = scan_stamp_;
    k.hit_history = 1;
    k.opportunities = 1;
    // Dropped when the tentative track it stands for would be deleted: silent for
    // delete_tentative_after, or its predicted position sigma past max_position_sigma_m
    // (from the covariance seedKinematics gives a new track).
    double tv = 2.0 * v0;
    if (const auto* pos = std::get_if<core::PositionMeasurement>(&m.data)) {
      if (pos->velocity_en_mps) tv = pos->velocity_cov_en_m2ps2.trace();
    }
    const Duration one{1};
    const Timestamp by_sigma = sigmaDeadline(domain, m.time, k.geometry.fix.cov_en_m2.trace(), 0.0, tv);
    k.expires = std::min(m.time + config_.delete_tentative_after + one, std::max(by_sigma, m.time + one));
    candidate_deadlines_.emplace(k.expires, c, k.serial);
    ++candidates_live_;
    ++counters_.candidates_started;
    if (idx.entries() > kIndexStaleFactor * candidates_live_ + 4096) {
      // Stale entries of candidates gone: rebuild from the live ones.
      idx.clear();
      extent_max = 0.0;
      for (std::uint32_t o = 0; o < candidates_.size(); ++o) {
        const Candidate& live = candidates_[o];
        if (live.serial != 0 && live.domain == domain) {
          idx.insert(o, live.geometry.fix.surface_ecef, 0.0);
          extent_max = std::max(extent_max, live.geometry.extent_m);
        }
      }
    } else {
      idx.insert(c, k.geometry.fix.surface_ecef, 0.0);
      extent_max = std::max(extent_max, k.geometry.extent_m);
    }
  }
}

void Tracker::candidateOpportunities(const core::Scan& scan, const MOfN& rule,
                                     StepResult& result) {
  // As for tentative tracks (manage()): a scan that says where its sensor was is an
  // opportunity for the candidates of its domain inside the sensor's coverage.
  if (candidates_live_ == 0 || !scan.sensor_ecef_m) return;
  const SensorInfo& sensor = sensors_[scan.sensor];
  const association::SpatialIndex& idx = candidateIndex(sensor.domain);
  std::vector<std::uint32_t> covered;
  if (idx.cellsTouched(sensor.max_range_m) < candidates_.size()) {
    core::GeoPoint below = geo::ecefToGeodetic(*scan.sensor_ecef_m);
    below.alt_m = 0.0;
    idx.query(geo::geodeticToEcef(below), sensor.max_range_m,
              [&](std::uint32_t c) { covered.push_back(c); });
    std::sort(covered.begin(), covered.end());
  } else {
    covered.resize(candidates_.size());
    std::iota(covered.begin(), covered.end(), 0u);
  }
  for (const std::uint32_t c : covered) {
    Candidate& k = candidates_[c];
    if (k.serial == 0 || k.domain != sensor.domain || k.scan_born == scan_stamp_) continue;
    // Every live candidate here was missed: a detected one was promoted.
    if ((k.geometry.fix.surface_ecef - *scan.sensor_ecef_m).norm() > sensor.max_range_m) continue;
    k.hit_history <<= 1;
    k.opportunities = static_cast<std::uint8_t>(std::min<int>(k.opportunities + 1, 32));
    if (hitsInLast(k.hit_history, k.opportunities, rule.n) >= rule.m) {
      // A one-hit rule (m = 1) confirms a tentative track at its next opportunity: so the
      // candidate becomes a confirmed track from its one plot.
      Slot s;
      seedTrack(s, k.measurement, k.domain, k.geometry);
      s.track.hit_history = k.hit_history;
      s.track.opportunities = k.opportunities;
      const std::uint32_t si = admit(std::move(s));
      indexTrack(si);
      schedule(si);
      result.initiated.push_back(slots_[si].track.id);
      confirm(si, result);
      dropCandidate(c);
      ++counters_.candidates_promoted;
    } else if (k.opportunities >= rule.n) {
      dropCandidate(c);
      ++counters_.candidates_expired;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Identity.

void Tracker::releaseMmsi(std::uint32_t mmsi) {
  if (mmsi == 0) return;
  const auto it = mmsi_carriers_.find(mmsi);
  if (it != mmsi_carriers_.end() && --it->second <= 0) mmsi_carriers_.erase(it);
}

void Tracker::identify(Track& track, std::uint32_t mmsi) {
  if (track.identity.mmsi == mmsi) return;
  releaseMmsi(track.identity.mmsi);
  const auto it = identities_.find(mmsi);
  if (it != identities_.end()) {
    track.identity = it->second;
  } else {
    track.identity = core::Identity{};
    track.identity.mmsi = mmsi;
  }
  if (mmsi != 0) ++mmsi_carriers_[mmsi];
}

std::vector<TrackId> Tracker::applyIdentity(const core::IdentityReport& report) {
  core::Identity identity;
  identity.mmsi = report.mmsi;
  identity.imo = report.imo;
  identity.ship_type = report.ship_type;
  identity.name = report.name;
  identity.call_sign = report.call_sign;
  identities_[report.mmsi] = identity;
  std::vector<TrackId> changed;
  if (!mmsi_carriers_.contains(report.mmsi)) return changed;
  for (Slot& s : slots_) {
    if (!s.live || s.track.identity.mmsi != report.mmsi || s.track.identity == identity) continue;
    s.track.identity = identity;
    changed.push_back(s.track.id);
  }
  std::sort(changed.begin(), changed.end());
  return changed;
}

// ---------------------------------------------------------------------------------------
// Track management.

void Tracker::notePlatform(const core::Scan& scan) {
  const core::SensorKind kind = sensors_[scan.sensor].kind;
  if (!scan.sensor_ecef_m ||
      (kind != core::SensorKind::AirborneRadar && kind != core::SensorKind::AirborneEoIr)) {
    return;
  }
  auto it = std::lower_bound(
      platforms_.begin(), platforms_.end(), scan.sensor,
      [](const SensorPlatformFix& f, core::SensorIndex s) { return f.sensor < s; });
  if (it == platforms_.end() || it->sensor != scan.sensor) {
    SensorPlatformFix fix;
    fix.sensor = scan.sensor;
    fix.time = scan.time;
    fix.ecef_m = *scan.sensor_ecef_m;
    platforms_.insert(it, fix);
    return;
  }
  if (scan.time <= it->time) return;  // an older scan says nothing newer about the carrier
  const double dt = (scan.time - it->time).seconds();
  if (dt <= kPlatformVelocityMaxGapS) {
    it->velocity_ecef_mps = (*scan.sensor_ecef_m - it->ecef_m) / dt;
  } else {
    it->velocity_ecef_mps.setZero();
  }
  it->ecef_m = *scan.sensor_ecef_m;
  it->time = scan.time;
}

StepResult Tracker::advanceTo(Timestamp now) {
  StepResult result;
  now_ = std::max(now_, now);
  manage(nullptr, {}, result);
  return result;
}

Timestamp Tracker::uncertaintyDeadline(const Slot& s) const {
  // Horizontal position 1-sigma, sqrt(trace / 2), of the combined state predicted dt ahead:
  // tr(Pp + dt (Ppv + Pvp) + dt^2 Pv) + 2 q dt^3 / 3 (white-noise acceleration, 2 axes).
  // Unobserved, the IMM's mode probabilities relax to the chain's stationary distribution
  // (pi_j proportional to the mean sojourn time tau_j), so q is the models' densities
  // weighted by it. The first crossing of the limit is found by bisection within the
  // deletion horizon.
  // The six entries of the combined covariance this needs (bit for bit immCombine's).
  const auto pc = [&](int r, int c) { return filters::immCombinedCovariance(s.imm, r, c); };
  return sigmaDeadline(s.track.domain, s.track.time, pc(0, 0) + pc(1, 1), pc(0, 2) + pc(1, 3),
                       pc(2, 2) + pc(3, 3));
}

Timestamp Tracker::sigmaDeadline(core::Domain domain, Timestamp time, double tp, double tpv,
                                 double tv) const {
  const auto& imm = motion(domain).imm;
  const double tau_cv = imm.mean_sojourn_s[0];
  const double tau_ct = imm.mean_sojourn_s[1];
  const double q = (tau_cv * imm.noise.cv_accel_psd_m2ps3 + tau_ct * imm.noise.ct_accel_psd_m2ps3) /
                   (tau_cv + tau_ct);
  const double limit = motion(domain).max_position_sigma_m;
  const double limit2 = 2.0 * limit * limit;
  const auto var2 = [&](double dt) {
    return tp + 2.0 * dt * tpv + dt * dt * tv + 2.0 * q * dt * dt * dt / 3.0;
  };
  if (var2(0.0) > limit2) return time;
  const double horizon = config_.delete_after.seconds();
  if (var2(horizon) <= limit2) return Timestamp::max();
  double lo = 0.0;
  double hi = horizon;
  for (int i = 0; i < 40 && hi - lo > 1e-3; ++i) {
    const double mid = 0.5 * (lo + hi);
    (var2(mid) > limit2 ? hi : lo) = mid;
  }
  return time + Duration::fromSeconds(hi);
}

void Tracker::schedule(std::uint32_t si) {
  const Slot& s = slots_[si];
  schedule(si, s.held ? Timestamp::max() : uncertaintyDeadline(s));
}

void Tracker::schedule(std::uint32_t si, Timestamp uncertainty_deadline) {
  Slot& s = slots_[si];
  const Track& t = s.track;
  const Duration one{1};
  Timestamp due;
  if (s.held) {
    // Satellite AIS hold: coasting after coast_after, deleted when the hold runs out; never
    // by uncertainty.
    due = heldDeadline(s);
    s.scheduled = due;
    deadlines_.emplace(due, si, t.id);
    return;
  }
  switch (t.status) {
    case core::TrackStatus::Tentative: due = t.last_update + config_.delete_tentative_after + one; break;
    case core::TrackStatus::Confirmed: due = t.last_update + config_.coast_after + one; break;
    default: due = t.last_update + config_.delete_after + one; break;
  }
  due = std::min(due, std::max(uncertainty_deadline, t.time + one));
  s.scheduled = due;
  deadlines_.emplace(due, si, t.id);
}

void Tracker::confirm(std::uint32_t si, StepResult& result) {
  Track& t = slots_[si].track;
  t.status = core::TrackStatus::Confirmed;
  ++counters_.confirmed;
  ++confirmed_live_;
  result.status_changed.push_back(t.id);
  schedule(si);  // a confirmed track's deadline (coasting) may come before a tentative one's
}

void Tracker::deleteTrack(std::uint32_t si, DeletionReason reason, TrackId merged_into,
                          StepResult& result) {
  Slot& s = slots_[si];
  if (s.track.status != core::TrackStatus::Tentative) --confirmed_live_;
  setHeld(si, false);
  s.track.status = core::TrackStatus::Deleted;
  releaseMmsi(s.track.identity.mmsi);
  completeView(s);
  result.deleted.push_back({std::move(s.track), reason, merged_into});
  ++counters_.deleted;
  slot_of_.erase(result.deleted.back().track.id);
  s.live = false;
  s.track = Track{};
  summarize(si);
  free_slots_.push_back(si);
}

void Tracker::runDeadlines(StepResult& result) {
  const auto& cfg = config_;
  while (!deadlines_.empty() && std::get<0>(deadlines_.top()) <= now_) {
    const auto [when, si, id] = deadlines_.top();
    deadlines_.pop();
    Slot& s = slots_[si];
    if (!s.live || s.track.id != id || s.scheduled != when) continue;  // superseded
    Track& t = s.track;
    std::optional<DeletionReason> reason;
    const Duration silent = now_ - t.last_update;
    if (s.held) {
      if (silent > cfg.satellite_hold) {
        ++counters_.held_expired;
        deleteTrack(si, DeletionReason::Stale, 0, result);
        continue;
      }
      if (silent > cfg.coast_after && t.status == core::TrackStatus::Confirmed) {
        t.status = core::TrackStatus::Coasting;
        result.status_changed.push_back(t.id);
      }
      schedule(si, Timestamp::max());
      continue;
    }
    if (t.status == core::TrackStatus::Tentative) {
      if (silent > cfg.delete_tentative_after) reason = DeletionReason::Stale;
    } else if (silent > cfg.delete_after) {
      reason = DeletionReason::Stale;
    } else if (silent > cfg.coast_after && t.status == core::TrackStatus::Confirmed) {
      t.status = core::TrackStatus::Coasting;
      result.status_changed.push_back(t.id);
    }
    // The track's state has not changed since: the deadline computed for the check is the
    // one schedule() would compute.
    const Timestamp limit = uncertaintyDeadline(s);
    if (!reason && now_ > t.time && limit <= now_) reason = DeletionReason::Uncertain;
    if (reason) {
      deleteTrack(si, *reason, 0, result);
    } else {
      schedule(si, limit);
    }
  }
}

void Tracker::manage(const core::Scan* scan, const std::vector<Hit>& hit, StepResult& result) {
  const auto was_hit = [&](TrackId id) { return isHit(hit, id); };
  const auto& cfg = config_;
  std::vector<std::uint32_t> to_delete;
  std::vector<std::uint32_t> implausible;
  // A track faster than its domain allows, beyond its own velocity uncertainty, is a chain of
  // plots of different objects: it is deleted (a tentative one never confirms).
  // Each pass below reads a few lines of every hit track's slot, long evicted by the rest of
  // the scan: they are prefetched a few hits ahead.
  const auto prefetch_hit = [&](std::size_t k) {
    if (k < hit.size()) prefetchBookkeeping(hit[k].slot);
  };
  for (std::size_t k = 0; k < hit.size(); ++k) {
    prefetch_hit(k + kManagePrefetchAhead);
    const Hit& h = hit[k];
    if (!liveHit(h)) continue;
    const Slot& s = slots_[h.slot];
    if (s.speed_mps - s.vel_sigma3 > motion(s.track.domain).max_speed_mps) {
      implausible.push_back(h.slot);
    }
  }
  std::sort(implausible.begin(), implausible.end());
  for (const std::uint32_t si : implausible) {
    deleteTrack(si, DeletionReason::Implausible, 0, result);
  }

  // Detection opportunities: a non-cooperative scan is one for the tracks of its domain inside
  // the sensor's coverage; when the scan does not say where the sensor was (e.g. geolocated
  // plots), only the tracks it detected are known to have been covered.
  if (scan != nullptr && !core::isCooperative(sensors_[scan->sensor].kind)) {
    const SensorInfo& sensor = sensors_[scan->sensor];
    const MOfN rule = cfg.confirm_by_kind[std::min(kindIndex(sensor.kind), kNonCooperativeKinds - 1)];
    const auto opportunity = [&](std::uint32_t si) {
      Slot& s = slots_[si];
      Track& t = s.track;
      if (!s.live || t.domain != sensor.domain) return;
      const bool detected = was_hit(t.id);
      const bool born_now = t.created == t.last_update && t.updates == 1 && detected;
      if (born_now) return;
      // A held track is not offered this sensor's plots: not an opportunity either.
      if (s.held && !detected) return;
      if (!detected && (t.x.head<3>() - *scan->sensor_ecef_m).norm() > sensor.max_range_m) return;
      t.hit_history = (t.hit_history << 1) | (detected ? 1u : 0u);
      t.opportunities = static_cast<std::uint8_t>(std::min<int>(t.opportunities + 1, 32));
      if (t.status == core::TrackStatus::Tentative) {
        if (hitsInLast(t, rule.n) >= rule.m) {
          confirm(si, result);
        } else if (t.cooperative_updates == 0 && t.opportunities >= rule.n) {
          to_delete.push_back(si);
        }
      }
    };
    if (scan->sensor_ecef_m) {
      const association::SpatialIndex& idx = index(sensor.domain);
      if (idx.cellsTouched(sensor.max_range_m) < slots_.size()) {
        // Tracks were indexed at their positions on the ellipsoid.
        core::GeoPoint below = geo::ecefToGeodetic(*scan->sensor_ecef_m);
        below.alt_m = 0.0;
        std::vector<std::uint32_t> covered;
        idx.query(geo::geodeticToEcef(below), sensor.max_range_m,
                  [&](std::uint32_t si) { covered.push_back(si); });
        for (const Hit& h : hit) {
          if (liveHit(h)) covered.push_back(h.slot);
        }
        std::sort(covered.begin(), covered.end());
        covered.erase(std::unique(covered.begin(), covered.end()), covered.end());
        for (std::size_t k = 0; k < covered.size(); ++k) {
          if (k + kManagePrefetchAhead < covered.size()) {
            prefetchBookkeeping(covered[k + kManagePrefetchAhead]);
          }
          opportunity(covered[k]);
        }
      } else {
        for (std::uint32_t si = 0; si < slots_.size(); ++si) opportunity(si);
      }
    } else {
      for (std::size_t k = 0; k < hit.size(); ++k) {
        prefetch_hit(k + kManagePrefetchAhead);
        if (liveHit(hit[k])) opportunity(hit[k].slot);
      }
    }
    candidateOpportunities(*scan, rule, result);
  }
  // Confirmation by cooperative reports.
  for (std::size_t k = 0; k < hit.size(); ++k) {
    prefetch_hit(k + kManagePrefetchAhead);
    const Hit& h = hit[k];
    if (!liveHit(h)) continue;
    Track& t = slots_[h.slot].track;
    if (t.status == core::TrackStatus::Tentative &&
        static_cast<int>(t.cooperative_updates) >= cfg.confirm_cooperative_reports) {
      confirm(h.slot, result);
    }
  }
  std::sort(to_delete.begin(), to_delete.end());
  for (const std::uint32_t si : to_delete) {
    if (slots_[si].live && slots_[si].track.status == core::TrackStatus::Tentative) {
      deleteTrack(si, DeletionReason::NotConfirmed, 0, result);
    }
  }
  // Coasting and deletion by time and by uncertainty.
  expireCandidates();
  runDeadlines(result);
  sortUnique(result.status_changed);
  // A deleted track is no longer a status change.
  removeDeleted(result.status_changed, result.deleted);
  if (!hit.empty()) mergeDuplicates(hit, result);
}

bool Tracker::isHit(const std::vector<Hit>& hit, TrackId id) {
  return std::binary_search(hit.begin(), hit.end(), Hit{id, 0},
                            [](const Hit& a, const Hit& b) { return a.id < b.id; });
}

bool Tracker::liveHit(const Hit& h) const {
  // Deleted since (implausible, merged), or its slot reused by a track born since.
  const GateSummary& g = summaries_[h.slot];
  return g.live && g.id == h.id;
}

void Tracker::mergeDuplicates(const std::vector<Hit>& candidates, StepResult& result) {
  // An MMSI carried by two tracks is contested (spoofing or a shared MMSI): neither track may
  // absorb an unidentified one, or the contested identity would clear a dark target.
  const auto contested = [&](std::uint32_t mmsi) {
    if (mmsi == 0) return false;
    const auto it = mmsi_carriers_.find(mmsi);
    return it != mmsi_carriers_.end() && it->second > 1;
  };
  // Pass 1, from the index and the dense summaries alone (no slot is read): each candidate's
  // near tracks. Tracks too far apart to be duplicates are not; their streaks end here, and
  // the checks of pass 2 only see the near ones. Merges move no track, so finding every
  // candidate's neighbours first finds what finding them one candidate at a time would (pass
  // 2 skips tracks a merge has deleted since). The extents are the summaries' (rounded up to
  // single precision): a pair within micrometres of the limit may go to pass 2's exact checks
  // instead of being ended here.
  // Pass 1a walks the index and lists (candidate, other slot) without reading the other's
  // summary; pass 1b reads the summaries with prefetches a few pairs ahead, as gate() does:
  // at 100,000 tracks the other's summary missed the cache on most visits and stalled the
  // walk (the largest self time of the duplicate check).
  std::vector<std::pair<std::uint32_t, std::uint32_t>>& listed = raw_candidates_;
  listed.clear();
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    if (k + kManagePrefetchAhead < candidates.size()) {
      const std::uint32_t ahead = candidates[k + kManagePrefetchAhead].slot;
      __builtin_prefetch(&summaries_[ahead]);
      if (ahead < listings_.size()) __builtin_prefetch(&listings_[ahead]);
    }
    if (k + kPrefetchAhead < candidates.size()) {
      const std::uint32_t ahead = candidates[k + kPrefetchAhead].slot;
      if (ahead < listings_.size()) index(summaries_[ahead].domain).prefetchListed(listings_[ahead]);
    }
    if (!liveHit(candidates[k])) continue;
    const std::uint32_t sa = candidates[k].slot;
    const GateSummary& a = summaries_[sa];
    const auto kk = static_cast<std::uint32_t>(k);
    const auto note = [&](std::uint32_t si) {
      if (si != sa) listed.emplace_back(kk, si);
    };
    // The track's own entry covers this ball (indexTrack() made it reach past the track's
    // 3-sigma region plus the slack), so the query's cells are usually among those its
    // listing recorded; queryListed() falls back to a query when they are not.
    const double reach = a.pos_sigma3 + kPreGateSlackM;
    if (sa < listings_.size()) {
      index(a.domain).queryListed(listings_[sa], a.surface_ecef, reach, note);
    } else {
      index(a.domain).query(a.surface_ecef, reach, note);
    }
  }
  std::vector<std::pair<std::size_t, std::uint32_t>>& near_of = merge_near_;
  near_of.clear();
  for (std::size_t r = 0; r < listed.size(); ++r) {
    if (r + kManagePrefetchAhead < listed.size()) {
      const auto& ahead = listed[r + kManagePrefetchAhead];
      __builtin_prefetch(&summaries_[candidates[ahead.first].slot]);
      __builtin_prefetch(&summaries_[ahead.second]);
    }
    const auto [k, si] = listed[r];
    const GateSummary& a = summaries_[candidates[k].slot];
    const GateSummary& b = summaries_[si];
    if (!b.live) continue;
    if ((a.surface_ecef - b.surface_ecef).norm() >
        static_cast<double>(a.pos_sigma3) + b.pos_sigma3 + kPreGateSlackM) {
      if (!merge_streaks_.empty()) merge_streaks_.erase(std::minmax(a.id, b.id));
      continue;
    }
    near_of.emplace_back(k, si);
  }
  // Pass 2, in candidate order: the near tracks of each, by ID.
  std::vector<std::uint32_t> near;
  for (std::size_t begin = 0; begin < near_of.size();) {
    const std::size_t k = near_of[begin].first;
    std::size_t end = begin;
    near.clear();
    for (; end < near_of.size() && near_of[end].first == k; ++end) {
      if (summaries_[near_of[end].second].live) near.push_back(near_of[end].second);
    }
    begin = end;
    if (!liveHit(candidates[k])) continue;  // merged into an earlier candidate
    const std::uint32_t sa = candidates[k].slot;
    std::sort(near.begin(), near.end(), [&](std::uint32_t x, std::uint32_t y) {
      return summaries_[x].id < summaries_[y].id;
    });
    for (const std::uint32_t sb : near) {
      Slot& slot_a = slots_[sa];
      Slot& slot_b = slots_[sb];
      Track& a = slot_a.track;
      Track& b = slot_b.track;
      const auto key = std::minmax(a.id, b.id);
      // Two tracks fed by the same scan are two targets, and two MMSIs are two vessels.
      const bool distinct =
          a.domain != b.domain ||
          isHit(candidates, b.id) ||
          (a.identity.mmsi != 0 && b.identity.mmsi != 0 && a.identity.mmsi != b.identity.mmsi) ||
          contested(a.identity.mmsi) || contested(b.identity.mmsi) ||
          (slot_a.held && heldStale(slot_a, now_)) || (slot_b.held && heldStale(slot_b, now_));
      if (distinct) {
        merge_streaks_.erase(key);
        continue;
      }
      // Horizontal states at a common time, both in a's plane.
      const Timestamp t = std::max(a.time, b.time);
      filters::ImmPrediction pa;
      filters::ImmPrediction pb;
      filters::immPredict(slot_a.imm, (t - a.time).seconds(), motion(a.domain).imm, pa);
      filters::immPredict(slot_b.imm, (t - b.time).seconds(), motion(b.domain).imm, pb);
      HVec xb = pb.x_combined;
      HMat pbm = pb.P_combined;
      models::reanchor(slot_b.plane, slot_a.plane, xb, pbm);
      const Eigen::Vector4d d = (pa.x_combined - xb).head<4>();
      Eigen::Matrix4d s = (pa.P_combined + pbm).topLeftCorner<4, 4>();
      // Two sensors' tracks of one vessel also differ by what neither filter models
      // (registration, the AIS antenna's place on the hull, the radar's centroid on a long
      // ship): allowed for as a floor on the difference's covariance.
      s.diagonal() += Eigen::Vector4d(kMergeBiasPositionM * kMergeBiasPositionM,
                                      kMergeBiasPositionM * kMergeBiasPositionM,
                                      kMergeBiasVelocityMps * kMergeBiasVelocityMps,
                                      kMergeBiasVelocityMps * kMergeBiasVelocityMps);
      Eigen::LLT<Eigen::Matrix4d> llt(s);
      if (llt.info() != Eigen::Success || d.dot(llt.solve(d)) > merge_gate_) {
        merge_streaks_.erase(key);
        continue;
      }
      if (++merge_streaks_[key] < config_.merge_after_checks) continue;
      merge_streaks_.erase(key);
      // Survivor: the identified track, else the older (lower ID).
      const bool keep_a = (a.identity.mmsi != 0) != (b.identity.mmsi != 0)
                              ? a.identity.mmsi != 0
                              : a.id < b.id;
      const std::uint32_t keep_slot = keep_a ? sa : sb;
      const std::uint32_t drop_slot = keep_a ? sb : sa;
      Track& keep = slots_[keep_slot].track;
      Track& drop = slots_[drop_slot].track;
      for (const auto& c : drop.sensors) addContribution(keep, c.sensor, c.last_update, c.updates);
      keep.updates += drop.updates;
      keep.cooperative_updates += drop.cooperative_updates;
      keep.noncooperative_updates += drop.noncooperative_updates;
      keep.last_cooperative_update =
          laterOf(keep.last_cooperative_update, drop.last_cooperative_update);
      keep.last_noncooperative_update =
          laterOf(keep.last_noncooperative_update, drop.last_noncooperative_update);
      keep.last_interrogated_update =
          laterOf(keep.last_interrogated_update, drop.last_interrogated_update);
      if (drop.last_transponder_update &&
          (!keep.last_transponder_update ||
           *drop.last_transponder_update > *keep.last_transponder_update)) {
        keep.last_transponder_update = drop.last_transponder_update;
        keep.mode_a_code = drop.mode_a_code;
      }
      keep.created = std::min(keep.created, drop.created);
      keep.hit_history |= drop.hit_history;
      keep.opportunities = std::max(keep.opportunities, drop.opportunities);
      if (keep.identity.mmsi == 0 && drop.identity.mmsi != 0) identify(keep, drop.identity.mmsi);
      if (keep.status == core::TrackStatus::Tentative &&
          drop.status != core::TrackStatus::Tentative) {
        keep.status = core::TrackStatus::Confirmed;
        ++confirmed_live_;
        schedule(keep_slot);
      }
      const TrackId keep_id = keep.id;
      deleteTrack(drop_slot, DeletionReason::Merged, keep_id, result);
      result.updated.push_back(keep_id);
      ++counters_.merged;
      break;  // this candidate is done for this scan
    }
  }
  sortUnique(result.updated);
  // A track deleted by a merge is no longer "updated".
  removeDeleted(result.updated, result.deleted);
}

}  // namespace picket::tracking
