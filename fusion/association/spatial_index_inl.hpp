#pragma once
// Inline part of SpatialIndex: the query template and the lookups it needs on the hot path.
// Included at the end of spatial_index.hpp; do not include directly.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "association/spatial_index.hpp"

namespace picket::association {

inline std::uint64_t SpatialIndex::packKey(std::int64_t x, std::int64_t y, std::int64_t z) {
  // Offset each clamped coordinate to [0, 2^21) and pack x | y << 21 | z << 42 (63 bits, so a
  // key never equals kEmptyKey). Consecutive z cells differ by 1 << 42 in the key.
  return static_cast<std::uint64_t>(x - kCoordMin) |
         (static_cast<std::uint64_t>(y - kCoordMin) << kCoordBits) |
         (static_cast<std::uint64_t>(z - kCoordMin) << (2 * kCoordBits));
}

// Always inlined: it is small, on every query's path, and g++ stops inlining it on its own
// once it has a few callers (measured: an out-of-line call cost ~1.6 % of the correlator's
// instructions).
[[gnu::always_inline]] inline SpatialIndex::CellRange SpatialIndex::cellRange(
    const core::Vec3& center_ecef_m, double radius_m) const {
  // The subtraction, the multiplication, the clamp and floor are each monotone under
  // round-to-nearest; two cubes that overlap in exact arithmetic therefore get cell ranges
  // that overlap, which is what makes the index never miss. Clamping before the floor equals
  // clamping after it (the bounds are integers) and keeps the conversion in range; the
  // comparisons are written so that NaN (from inf - inf) lands on a bound. Hand-written
  // instead of std::floor/fmin/fmax, which are library calls without SSE4.1.
  constexpr auto kMin = static_cast<double>(kCoordMin);
  constexpr auto kMax = static_cast<double>(kCoordMax);
  auto cell = [](double v) {
    v = v > kMin ? v : kMin;
    v = v < kMax ? v : kMax;
    const auto t = static_cast<std::int64_t>(v);  // truncates toward zero
    return t - (static_cast<double>(t) > v ? 1 : 0);
  };
  CellRange r;
  for (int a = 0; a < 3; ++a) {
    r.lo[a] = cell((center_ecef_m[a] - radius_m) * inv_cell_);
    r.hi[a] = cell((center_ecef_m[a] + radius_m) * inv_cell_);
  }
  return r;
}

template <class F>
[[gnu::always_inline]] inline void SpatialIndex::forEachKey(const CellRange& r, F&& f) {
  // Consecutive z cells differ by 1 << 42 in the key (packKey).
  constexpr std::uint64_t kStepZ = std::uint64_t{1} << (2 * kCoordBits);
  const std::uint64_t nz = r.along(2);
  for (std::int64_t x = r.lo[0]; x <= r.hi[0]; ++x) {
    for (std::int64_t y = r.lo[1]; y <= r.hi[1]; ++y) {
      std::uint64_t key = packKey(x, y, r.lo[2]);
      for (std::uint64_t k = 0; k < nz; ++k, key += kStepZ) f(key);
    }
  }
}

inline std::size_t SpatialIndex::homeSlot(std::uint64_t key) const {
  // Fold the high (z) field down, then Fibonacci hashing: the slot is the top bits of the
  // product (Knuth, TAOCP vol. 3, sec. 6.4), which spreads the x, y and z fields alike.
  const std::uint64_t h = (key ^ (key >> 31)) * 0x9E3779B97F4A7C15ull;
  return static_cast<std::size_t>(h >> hash_shift_);
}

inline std::uint32_t SpatialIndex::findHead(std::uint64_t key, std::size_t slot) const {
  const std::size_t mask = table_.size() - 1;
  for (std::size_t i = slot;; i = (i + 1) & mask) {
    const Slot& s = table_[i];
    if (s.key == key) return s.head;
    if (s.key == kEmptyKey) return kNone;  // load <= 1/2: an empty slot always ends the probe
  }
}

inline std::uint32_t SpatialIndex::nextQueryId() const {
  if (++query_id_ == 0) {
    // Wrapped after 2^32 queries: old stamps could now collide with new ids.
    std::fill(stamp_.begin(), stamp_.end(), 0u);
    query_id_ = 1;
  }
  return query_id_;
}

template <class Visit>
void SpatialIndex::visitCell(std::uint32_t head, std::uint32_t query_id, Visit& visit) const {
  for (std::uint32_t e = head; e != kNone;) {
    const Entry entry = entries_[e];
    std::uint32_t& stamp = stamp_[entry.item];
    if (stamp != query_id) {
      stamp = query_id;
      visit(entry.item);
    }
    e = entry.next;
  }
}

inline void SpatialIndex::prefetch(const core::Vec3& center_ecef_m, double radius_m) const {
  if (used_slots_ == 0 || center_ecef_m.hasNaN() || !(radius_m >= 0.0)) return;
  const CellRange r = cellRange(center_ecef_m, radius_m);
  if (r.count() > kBatchCells) return;
  forEachKey(r, [&](std::uint64_t key) { __builtin_prefetch(&table_[homeSlot(key)]); });
}

template <class Visit>
void SpatialIndex::query(const core::Vec3& center_ecef_m, double radius_m, Visit&& visit) const {
  // A NaN ball intersects nothing; a negative radius is an empty ball.
  if (used_slots_ == 0 || center_ecef_m.hasNaN() || !(radius_m >= 0.0)) return;
  const CellRange r = cellRange(center_ecef_m, radius_m);
  const std::uint32_t query_id = nextQueryId();

  const std::uint64_t cells = r.count();
  if (cells > table_.size()) {
    // More cells in the cube than slots in the table (a huge radius): scanning the table is
    // cheaper and bounds the cost. Cells then come in table order, which depends only on the
    // sequence of inserts and clears, so the visit order is still reproducible.
    for (const Slot& s : table_) {
      if (s.key == kEmptyKey) continue;
      const auto x = static_cast<std::int64_t>(s.key & kCoordMask) + kCoordMin;
      const auto y = static_cast<std::int64_t>((s.key >> kCoordBits) & kCoordMask) + kCoordMin;
      const auto z = static_cast<std::int64_t>(s.key >> (2 * kCoordBits)) + kCoordMin;
      if (x < r.lo[0] || x > r.hi[0] || y < r.lo[1] || y > r.hi[1] || z < r.lo[2] || z > r.hi[2]) {
        continue;
      }
      visitCell(s.head, query_id, visit);
    }
    return;
  }

  if (cells <= kBatchCells) {
    // The common small gate (a few cells). The time goes to cache misses on the table, the
    // entries and the stamps, one dependent chain per cell; doing each stage for all cells
    // before the next, with prefetches, lets the misses of different cells overlap.
    std::uint64_t keys[kBatchCells];
    std::size_t slots[kBatchCells];
    std::size_t n = 0;
    forEachKey(r, [&](std::uint64_t key) {
      keys[n] = key;
      slots[n] = homeSlot(key);
      __builtin_prefetch(&table_[slots[n]]);
      ++n;
    });
    std::uint32_t heads[kBatchCells];
    std::size_t found = 0;
    for (std::size_t c = 0; c < n; ++c) {
      const std::uint32_t head = findHead(keys[c], slots[c]);
      if (head == kNone) continue;
      __builtin_prefetch(&entries_[head]);
      heads[found++] = head;
    }
    for (std::size_t c = 0; c < found; ++c) __builtin_prefetch(&stamp_[entries_[heads[c]].item]);
    for (std::size_t c = 0; c < found; ++c) visitCell(heads[c], query_id, visit);
    return;
  }

  forEachKey(r, [&](std::uint64_t key) {
    const std::uint32_t head = findHead(key, homeSlot(key));
    if (head != kNone) visitCell(head, query_id, visit);
  });
}

inline void SpatialIndex::prefetchListed(const Listing& listing) const {
  if (listing.generation != generation_) return;
  for (std::size_t c = 0; c < listing.cells; ++c) __builtin_prefetch(&entries_[listing.heads[c]]);
}

template <class Visit>
void SpatialIndex::queryListed(const Listing& listing, const core::Vec3& center_ecef_m,
                               double radius_m, Visit&& visit) const {
  if (listing.cells == 0 || listing.generation != generation_ || used_slots_ == 0 ||
      center_ecef_m.hasNaN() || !(radius_m >= 0.0)) {
    query(center_ecef_m, radius_m, visit);
    return;
  }
  const CellRange r = cellRange(center_ecef_m, radius_m);
  std::int64_t offset[3];
  for (int a = 0; a < 3; ++a) {
    offset[a] = r.lo[a] - listing.lo[a];
    if (offset[a] < 0 || r.hi[a] - listing.lo[a] >= listing.n[a]) {
      query(center_ecef_m, radius_m, visit);
      return;
    }
  }
  // The query's cells, in query()'s order, from the recorded heads: entries first (prefetched
  // together), then the stamps, then the visits, as query()'s batched path does.
  std::uint32_t heads[Listing::kMaxCells];
  std::size_t found = 0;
  const std::int64_t ny = listing.n[1];
  const std::int64_t nz = listing.n[2];
  for (std::int64_t x = offset[0]; x <= r.hi[0] - listing.lo[0]; ++x) {
    for (std::int64_t y = offset[1]; y <= r.hi[1] - listing.lo[1]; ++y) {
      for (std::int64_t z = offset[2]; z <= r.hi[2] - listing.lo[2]; ++z) {
        const std::uint32_t head = listing.heads[(x * ny + y) * nz + z];
        __builtin_prefetch(&entries_[head]);
        heads[found++] = head;
      }
    }
  }
  const std::uint32_t query_id = nextQueryId();
  for (std::size_t c = 0; c < found; ++c) __builtin_prefetch(&stamp_[entries_[heads[c]].item]);
  for (std::size_t c = 0; c < found; ++c) visitCell(heads[c], query_id, visit);
}

}  // namespace picket::association
