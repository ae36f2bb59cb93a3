#pragma once
// Pairs of tracks that stay close together: the shared machinery of the rendezvous and
// small-craft meeting rules.
//
// Scale: only candidate tracks (slow, away from ports: each rule decides) enter a hashed ECEF
// grid with cells twice as wide as the pair distance, so a candidate's neighbours are in the
// 8 cells of its own and the nearer neighbour along each axis. A step costs O(updated candidates x neighbours), never O(tracks^2):
// 100,000 live tracks with a few thousand slow ones cost what those few thousand cost.
//
// A pair is observed together whenever either of its tracks is updated: the other's position
// is its last update extrapolated to now, provided that update is at most `max_gap` old. So
// one vessel missing a scan (or reporting AIS only every 3 min at anchor) does not break the
// pair; the pair's SustainedRun bridges gaps up to `max_gap` with no observation at all.
//
// Threading: owned by one rule on the tracker's thread.

#include <cstdint>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"
#include "cueing/rule.hpp"
#include "cueing/rule_support.hpp"

namespace picket::cueing {

class ProximityPairs {
 public:
  using Key = std::pair<core::TrackId, core::TrackId>;  ///< lower ID first
  struct Pair {
    SustainedRun run;             ///< of "within max_distance_m"; value: distance, metres
    double distance_m = 0.0;      ///< at the latest observation together
    double min_distance_m = 0.0;  ///< over the run
    /// Observations of the run that showed two vessels (the owner counts them: PairRule), and
    /// the time of the latest such evidence; both reset when a new run starts.
    int two_vessel_observations = 0;
    core::Timestamp last_two_vessel;
  };

  /// max_distance_m > 0.
  ProximityPairs(double max_distance_m, core::Duration max_gap);

  /// Drops the step's deleted tracks; a merged track's pairs go to the survivor (a pair of
  /// the two merged tracks disappears: it was one vessel).
  void onDeleted(const tracking::StepResult& step);

  /// Records an updated track: a candidate at its state `x` (ECEF position, velocity) of time
  /// `t`, or not a candidate any more.
  void update(core::TrackId id, const core::Vec6& x, core::Timestamp t, bool candidate);

  /// After the step's updates: observes every pair of a candidate updated since the last
  /// call with its neighbours, and returns the pairs found together now, by key (valid until
  /// the next call of any member).
  std::vector<std::pair<Key, Pair*>> observe(core::Timestamp now);

  [[nodiscard]] std::size_t candidates() const { return entries_.size(); }
  [[nodiscard]] std::size_t pairs() const { return pairs_.size(); }

 private:
  struct Entry {
    core::Vec6 x;
    core::Timestamp t;
    std::uint64_t cell = 0;
  };

  [[nodiscard]] std::uint64_t cellOf(const core::Vec3& ecef) const;
  void removeEntry(core::TrackId id);

  double max_distance_m_;
  core::Duration max_gap_;
  double cell_m_;
  std::unordered_map<core::TrackId, Entry> entries_;
  std::unordered_map<std::uint64_t, std::vector<core::TrackId>> cells_;
  std::vector<core::TrackId> touched_;  ///< candidates updated since the last observe()
  std::map<Key, Pair> pairs_;
  core::Timestamp last_prune_;
};

}  // namespace picket::cueing
