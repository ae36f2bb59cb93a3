#pragma once
// Satellite AIS pass model for the AIS gap rule (ais_gap_rule.*): when did the satellite hear
// the sea around a silent vessel, and how often does it hear this vessel when it does.
//
// A low-Earth-orbit AIS satellite hears a region in bursts: a pass of ten-odd minutes, then
// nothing for a revisit (95 min for one satellite) or for several when the ground track lies
// elsewhere. Counting silent hours (AisReceptionMap) cannot tell "no pass came" from "a pass
// came and did not hear the vessel". This model learns, from the reports themselves:
//  - the passes per `cell_deg` lat/lon cell: the satellite reports of every vessel in the cell,
//    by fix time, grouped into bursts (reports less than `pass_gap` apart are one pass);
//  - per vessel, the share of the passes over its cells that heard it (detection per pass):
//    between two of its own bursts, the cells' passes it was not heard in are misses.
// A vessel silent since t0 has missed k passes that heard other vessels in the cells its dead
// reckoning crossed; P(silent | transmitting) = (1 - p)^k (binomial tail with zero successes).
// Welch et al. 2022 (Science Advances 8, eabq2109) judge gaps against satellite reception the
// same way in spirit (expected positions from the reception raster); the pass grouping is ours.
//
// Threading: owned by the rule (one instance per rule, no shared state).

#include <array>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"

namespace picket::cueing {

struct SatellitePassConfig {
  double cell_deg = 5.0;
  /// Reports of one cell less than this apart (fix times) are one pass.
  core::Duration pass_gap = core::Duration::fromSeconds(30 * 60.0);
  /// A pass counts once this long after its last report (reports arrive late).
  core::Duration settle = core::Duration::fromSeconds(35 * 60.0);
  /// Passes older than this are forgotten.
  core::Duration keep = core::Duration::fromSeconds(36 * 3600.0);
  /// A vessel's detection per pass learned only between its bursts at most this far apart (a
  /// longer silence may be the vessel going dark, which is what the rule judges; it is learned
  /// once the vessel is heard again). 24 h: with 6 h, a weak transmitter's long unheard
  /// stretches (a fishing boat stopped on its gear reports every 3 min, four chances in a
  /// pass) were never learned, so it looked reliable and its next ordinary silence looked like
  /// a gap (fishing-293 on transit-zone-24h: heard on 5 of the 13 passes over it, it had
  /// learned only passes it was heard on).
  core::Duration learning_max_interval = core::Duration::fromSeconds(24 * 3600.0);
  /// Prior detection per pass, with the weight (in passes) of the prior and of the cell's
  /// learned share in a vessel's estimate.
  double prior_detection = 0.5;
  double prior_weight = 2.0;
  /// Passes a cell must have been counted over (the vessel's group) before its share replaces
  /// the prior.
  double cell_min_passes = 20.0;
  /// A pass counts for a vessel only where it heard vessels on all four sides of it (north-east,
  /// north-west, south-east and south-west, in the vessel's cell, each cell divided into
  /// kSubcells x kSubcells squares, or in the neighbouring cells' passes at the same time):
  /// the vessel was inside the area the footprint swept.
  /// A footprint's edge crosses a cell on many passes, and a pass that heard the cell's far
  /// side says nothing about a vessel on the near side (transit-zone-24h: 17 of 32 false gaps
  /// were fishing boats under way at 3-4 kn, each missing "passes" whose reports all lay on
  /// one side of it). false: any pass of the cell counts.
  bool surround = true;
  bool operator==(const SatellitePassConfig&) const = default;
};

class SatellitePassModel {
 public:
  /// Per vessel: passes over it while it transmitted, and those that heard it.
  struct History {
    double passes = 0.0;
    double heard = 0.0;
    core::Timestamp last_burst;  ///< fix time of the vessel's latest satellite report
    core::GeoPoint last_position;
    bool any = false;
    /// Reception group (kGroups): vessels of one group share a cell's learned share.
    int group = 0;
  };
  /// Groups of vessels with their own share per cell: SOLAS ships (class A, 12.5 W) are heard
  /// by a satellite far better than small craft (class B, 2 W, and their slots give way).
  static constexpr int kGroups = 2;
  /// Subcells per cell side of the surround test (16: 0.31 degrees, about 35 km, for 5-degree
  /// cells).
  static constexpr int kSubcells = 16;
  explicit SatellitePassModel(SatellitePassConfig config);

  /// One satellite report of a vessel (fix time, position): extends or opens the cell's pass,
  /// and learns the vessel's detection per pass when it starts a new burst.
  void report(History& vessel, core::Timestamp fix, const core::GeoPoint& p);
  /// The vessel's detection probability per pass in [0, 1) where it is.
  [[nodiscard]] double detection(const History& vessel, const core::GeoPoint& p) const;
  /// Passes settled at `now` that began in (since + pass_gap, until] in the cells of a vessel
  /// sailing from `from` at `velocity_en` (m/s, east and north) since `since` (its dead
  /// reckoning sampled every half pass_gap; each pass counted in one cell only, and with
  /// `surround` only when it heard vessels on all four sides of the position dead-reckoned to
  /// the pass's start).
  [[nodiscard]] int passesSince(core::Timestamp since, const core::GeoPoint& from,
                                const core::Vec2& velocity_en, core::Timestamp until,
                                core::Timestamp now) const;
  /// Drops passes older than `keep` before `now`.
  void prune(core::Timestamp now);
  /// Changes whenever a pass opens (callers may cache passesSince until it changes or a pass
  /// settles).
  [[nodiscard]] std::uint64_t version() const { return version_; }
  [[nodiscard]] std::size_t cells() const { return cells_.size(); }
  [[nodiscard]] const SatellitePassConfig& config() const { return config_; }

 private:
  struct Pass {
    core::Timestamp first;
    core::Timestamp last;
    /// Subcells of the cell where the pass heard a vessel: bit j of rows[i] for subcell row i
    /// (south to north) and column j (west to east).
    std::array<std::uint16_t, kSubcells> rows{};
  };
  struct Cell {
    std::vector<Pass> passes;  ///< by `first`, disjoint (gaps >= pass_gap)
    double passes_counted[kGroups] = {};  ///< vessel-passes learned here per group, and heard
    double heard[kGroups] = {};
  };
  [[nodiscard]] std::int64_t cellOf(const core::GeoPoint& p) const;
  /// Settled passes of `cell` with first in (from, to] (with `surround`, those that heard
  /// vessels on all four sides of where a vessel sailing from `origin` at `velocity_en` since
  /// `since` was when the pass began).
  [[nodiscard]] int count(std::int64_t cell, core::Timestamp from, core::Timestamp to,
                          core::Timestamp now, core::Timestamp since,
                          const core::GeoPoint& origin, const core::Vec2& velocity_en) const;
  /// The subcell (row, column) of `p` in its cell.
  [[nodiscard]] std::pair<int, int> subcellOf(const core::GeoPoint& p) const;
  /// Whether the pass of `cell`, with the passes of the eight neighbouring cells that overlap
  /// it in time, heard vessels in every quadrant around subcell (row, col) of `cell` (its
  /// own subcell included in each).
  [[nodiscard]] bool surrounds(std::int64_t cell, const Pass& pass, int row, int col) const;
  /// Quadrants (NE 1, NW 2, SE 4, SW 8) around subcell (row, col) of a cell in which `pass`
  /// of the cell offset (di, dj) from it heard vessels.
  [[nodiscard]] static std::uint8_t quadrants(const Pass& pass, int di, int dj, int row, int col);
  /// Cell ids: row * kCellRow + column (both from 0 at 90 S, 180 W).
  static constexpr std::int64_t kCellRow = 1'000'000;

  SatellitePassConfig config_;
  std::unordered_map<std::int64_t, Cell> cells_;
  std::uint64_t version_ = 0;
};

/// Equirectangular dead reckoning (cell lookups only: not a measurement).
core::GeoPoint sailFlat(const core::GeoPoint& from, const core::Vec2& velocity_en, double dt_s);

}  // namespace picket::cueing
