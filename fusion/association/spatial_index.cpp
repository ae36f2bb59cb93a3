#include "association/spatial_index.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

namespace picket::association {
namespace {

constexpr std::size_t kInitialSlots = 64;
// An insert touching more cells than this is a caller error (a gate far larger than the cell
// size would be): it would add as many entries. 2^24 entries are 128 MiB.
constexpr std::uint64_t kMaxInsertCells = std::uint64_t{1} << 24;
// Smallest cell: 21-bit signed cell coordinates then reach +-104,857 km, far beyond any ECEF
// position of interest (Earth radius 6,378 km; geostationary orbit 42,164 km).
constexpr double kMinCellSizeM = 100.0;

}  // namespace

SpatialIndex::SpatialIndex(double cell_size_m)
    : cell_size_m_(cell_size_m), inv_cell_(1.0 / cell_size_m) {
  if (!std::isfinite(cell_size_m) || cell_size_m < kMinCellSizeM) {
    throw std::invalid_argument("SpatialIndex: cell_size_m must be finite and >= 100 m, got " +
                                std::to_string(cell_size_m));
  }
  table_.assign(kInitialSlots, Slot{kEmptyKey, kNone, kNone});
  hash_shift_ = 64 - std::countr_zero(kInitialSlots);
}

void SpatialIndex::clear() {
  // Stamps stay valid: they only ever hold ids of past queries.
  std::fill(table_.begin(), table_.end(), Slot{kEmptyKey, kNone, kNone});
  used_slots_ = 0;
  entries_.clear();
  if (++generation_ == 0) generation_ = 1;
}

void SpatialIndex::insert(std::uint32_t item, const core::Vec3& center_ecef_m, double radius_m,
                          Listing* listing) {
  if (!center_ecef_m.allFinite() || !std::isfinite(radius_m) || radius_m < 0.0) {
    throw std::invalid_argument("SpatialIndex::insert: non-finite center or bad radius");
  }
  const CellRange r = cellRange(center_ecef_m, radius_m);
  const std::uint64_t cells = r.count();
  if (cells > kMaxInsertCells) {
    throw std::invalid_argument("SpatialIndex::insert: radius " + std::to_string(radius_m) +
                                " m touches " + std::to_string(cells) + " cells of " +
                                std::to_string(cell_size_m_) + " m");
  }
  if (entries_.size() + cells >= kNone) {
    throw std::length_error("SpatialIndex::insert: more than 2^32 - 1 entries");
  }
  if (item >= stamp_.size()) stamp_.resize(std::size_t{item} + 1, 0u);
  const bool record = listing != nullptr && cells <= Listing::kMaxCells;
  if (listing != nullptr) {
    listing->cells = 0;
    if (record) {
      for (int a = 0; a < 3; ++a) {
        listing->lo[a] = static_cast<std::int32_t>(r.lo[a]);
        listing->n[a] = static_cast<std::uint8_t>(r.along(a));
      }
      listing->generation = generation_;
    }
  }
  std::size_t cell = 0;
  forEachKey(r, [&](std::uint64_t key) {
    // Grow before claiming a slot so the load stays <= 1/2 after it.
    if (2 * (used_slots_ + 1) > table_.size()) grow();
    const std::size_t mask = table_.size() - 1;
    std::size_t i = homeSlot(key);
    while (table_[i].key != key && table_[i].key != kEmptyKey) i = (i + 1) & mask;
    const auto e = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back(Entry{item, kNone});
    Slot& s = table_[i];
    if (s.key == kEmptyKey) {
      s = Slot{key, e, e};
      ++used_slots_;
    } else {
      entries_[s.tail].next = e;
      s.tail = e;
    }
    if (record) listing->heads[cell++] = s.head;
  });
  if (record) listing->cells = static_cast<std::uint8_t>(cells);
}

void SpatialIndex::grow() {
  std::vector<Slot> old(table_.size() * 2, Slot{kEmptyKey, kNone, kNone});
  old.swap(table_);
  hash_shift_ = 64 - std::countr_zero(table_.size());
  const std::size_t mask = table_.size() - 1;
  // Re-homing in old-table order keeps the new layout a function of the insert history only.
  for (const Slot& s : old) {
    if (s.key == kEmptyKey) continue;
    std::size_t i = homeSlot(s.key);
    while (table_[i].key != kEmptyKey) i = (i + 1) & mask;
    table_[i] = s;
  }
}

std::uint64_t SpatialIndex::cellsTouched(double radius_m) const {
  // Along one axis an interval of length w = 2 r / s cells meets floor(a + w) - floor(a) + 1
  // <= ceil(w) + 1 cells. Rounding in cellRange can add one cell when a cube edge lies within
  // ~1e-10 cells of a boundary and w is an integer, hence the small slack before the ceil.
  if (!(radius_m >= 0.0)) return 0;
  if (radius_m == 0.0) return 1;
  constexpr double kAxisCap = static_cast<double>(kCoordMax - kCoordMin + 1);
  const double w = 2.0 * radius_m * inv_cell_;
  const double per_axis = std::fmin(std::ceil(w * (1.0 + 1e-12) + 1e-9) + 1.0, kAxisCap);
  const auto n = static_cast<std::uint64_t>(per_axis);
  return n * n * n;
}

std::size_t SpatialIndex::memoryBytes() const {
  return sizeof(*this) + table_.capacity() * sizeof(Slot) + entries_.capacity() * sizeof(Entry) +
         stamp_.capacity() * sizeof(std::uint32_t);
}

}  // namespace picket::association
