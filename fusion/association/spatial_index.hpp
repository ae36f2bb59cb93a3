#pragma once
// Candidate search for gating: a uniform grid over ECEF space, hashed.
//
// Items (track slots) are inserted as balls: every cell the ball's bounding cube touches
// lists the item. A query with another ball visits every item whose cube overlaps the query's
// cube, each item at most once per query. The index is conservative (it may return items
// that are farther apart than their radii; the exact chi-square gate decides) and never
// misses an item whose ball intersects the query ball. An item may be inserted again (after
// its track moved) without being removed: the stale entries only return an extra candidate
// until the owner calls clear() and re-inserts the live items, which it does periodically.
//
// ECEF cells work the same everywhere on the ellipsoid (no projection, no zone seams, no
// longitude wrap). Cost: insert O(cells touched), query O(cells touched + items found).
// Threading: owned by one thread, like the tracker.

#include <cstdint>
#include <vector>

#include "core/types.hpp"

namespace picket::association {

class SpatialIndex {
 public:
  explicit SpatialIndex(double cell_size_m = 20'000.0);

  /// Where an insert listed its item: the cells of its cube and each cell's first entry, for
  /// queryListed(). A cell's first entry stays the same until clear(), so the record stays
  /// valid until then (`generation` tells); inserts touching more than kMaxCells cells
  /// record nothing (`cells` 0).
  struct Listing {
    static constexpr int kMaxCells = 8;
    std::int32_t lo[3] = {0, 0, 0};  ///< lowest cell coordinate per axis
    std::uint8_t n[3] = {0, 0, 0};   ///< cells per axis
    std::uint8_t cells = 0;          ///< n[0] * n[1] * n[2], or 0 when nothing is recorded
    std::uint32_t generation = 0;    ///< the index's clear() count at the insert
    std::uint32_t heads[kMaxCells] = {};  ///< per cell, x-major then y then z
  };

  /// Removes every entry; keeps the allocated memory.
  void clear();
  /// Lists `item` in every cell touched by the cube around (center, radius_m). With
  /// `listing`, records where (see Listing).
  void insert(std::uint32_t item, const core::Vec3& center_ecef_m, double radius_m,
              Listing* listing = nullptr);
  /// Calls `visit(item)` once for each distinct item listed in a cell touched by the cube
  /// around (center, radius_m). Items are visited in a deterministic order (the order of the
  /// cells, then of insertion).
  template <class Visit>
  void query(const core::Vec3& center_ecef_m, double radius_m, Visit&& visit) const;

  /// Same visits as query(center, radius) (the same items, each once; in cell order) when the
  /// query's cells are among those `listing` recorded in this index since the last clear():
  /// their lists are walked from the recorded heads, without hashing a key or probing the
  /// table. Otherwise falls back to query(). For an item's owner querying near the item, whose
  /// entry covers the query (the tracker's duplicate check).
  template <class Visit>
  void queryListed(const Listing& listing, const core::Vec3& center_ecef_m, double radius_m,
                   Visit&& visit) const;

  /// Prefetches the first entry of each cell `listing` recorded, if still valid: the first
  /// cache miss of a coming queryListed() (callers prefetch the listing itself earlier).
  void prefetchListed(const Listing& listing) const;

  /// Prefetches the table entries of the cells a query(center, radius) would look up, so that
  /// a caller that knows its next queries can overlap their cache misses with its current
  /// work. Changes nothing; large queries (more than a few cells) are left alone.
  void prefetch(const core::Vec3& center_ecef_m, double radius_m) const;

  /// How many cells a query or insert of this radius touches (callers fall back to a linear
  /// scan when a query would touch more cells than there are items).
  [[nodiscard]] std::uint64_t cellsTouched(double radius_m) const;
  [[nodiscard]] std::size_t entries() const { return entries_.size(); }
  [[nodiscard]] double cellSize() const { return cell_size_m_; }
  /// Bytes held (tables and entries), for memory reports.
  [[nodiscard]] std::size_t memoryBytes() const;

 private:
  struct Entry {
    std::uint32_t item;
    std::uint32_t next;  ///< next entry in the same cell, or kNone
  };
  struct Slot {
    std::uint64_t key;   ///< packed cell coordinates, or kEmptyKey
    std::uint32_t head;  ///< first entry of the cell
    std::uint32_t tail;  ///< last entry of the cell: appending keeps insertion order
  };
  /// Inclusive cell-coordinate bounds of a cube, per axis, already clamped to the key range.
  struct CellRange {
    std::int64_t lo[3];
    std::int64_t hi[3];
    /// Cells along axis `a`, and in all.
    [[nodiscard]] std::uint64_t along(int a) const {
      return static_cast<std::uint64_t>(hi[a] - lo[a] + 1);
    }
    [[nodiscard]] std::uint64_t count() const { return along(0) * along(1) * along(2); }
  };
  static constexpr std::uint32_t kNone = 0xffffffffu;
  static constexpr std::uint64_t kEmptyKey = ~std::uint64_t{0};
  /// Bits per packed cell coordinate; coordinates are clamped to [kCoordMin, kCoordMax].
  static constexpr int kCoordBits = 21;
  static constexpr std::int64_t kCoordMin = -(std::int64_t{1} << (kCoordBits - 1));
  static constexpr std::int64_t kCoordMax = (std::int64_t{1} << (kCoordBits - 1)) - 1;
  static constexpr std::uint64_t kCoordMask = (std::uint64_t{1} << kCoordBits) - 1;
  /// Queries touching at most this many cells take the batched (prefetching) path.
  static constexpr std::uint64_t kBatchCells = 27;

  [[nodiscard]] static std::uint64_t packKey(std::int64_t x, std::int64_t y, std::int64_t z);
  [[nodiscard]] CellRange cellRange(const core::Vec3& center_ecef_m, double radius_m) const;
  /// Calls `f(key)` for each cell of `r`, x-major then y then z: the one order in which
  /// inserts, queries, prefetches and listings walk cells.
  template <class F>
  static void forEachKey(const CellRange& r, F&& f);
  [[nodiscard]] std::size_t homeSlot(std::uint64_t key) const;
  /// Head of the cell's list, or kNone; `slot` is homeSlot(key).
  [[nodiscard]] std::uint32_t findHead(std::uint64_t key, std::size_t slot) const;
  [[nodiscard]] std::uint32_t nextQueryId() const;
  template <class Visit>
  void visitCell(std::uint32_t head, std::uint32_t query_id, Visit& visit) const;
  void grow();

  double cell_size_m_;
  double inv_cell_;
  std::vector<Slot> table_;  ///< open addressing, linear probing, power-of-two size
  std::size_t used_slots_ = 0;
  int hash_shift_ = 0;  ///< 64 - log2(table size): the slot is the top bits of the hash
  std::vector<Entry> entries_;
  mutable std::vector<std::uint32_t> stamp_;  ///< per item: the last query that visited it
  /// clear() calls so far (wraps after 2^32; at one clear a second, after 136 years), starting
  /// at 1 so that a default Listing never matches.
  std::uint32_t generation_ = 1;
  mutable std::uint32_t query_id_ = 0;
};

}  // namespace picket::association

#include "association/spatial_index_inl.hpp"
