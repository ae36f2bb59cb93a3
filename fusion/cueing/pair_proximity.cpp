#include "cueing/pair_proximity.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace picket::cueing {

namespace {

constexpr int kCellBits = 21;
constexpr std::int64_t kCellOffset = std::int64_t{1} << (kCellBits - 1);
/// Cells no smaller than this keep every ECEF coordinate's cell index within kCellBits.
constexpr double kMinCellM = 10.0;

std::uint64_t packCell(std::int64_t ix, std::int64_t iy, std::int64_t iz) {
  const auto part = [](std::int64_t i) {
    return static_cast<std::uint64_t>(i + kCellOffset) & ((std::uint64_t{1} << kCellBits) - 1);
  };
  return (part(ix) << (2 * kCellBits)) | (part(iy) << kCellBits) | part(iz);
}

core::Vec3 positionAt(const core::Vec6& x, core::Timestamp t, core::Timestamp now) {
  return x.head<3>() + x.tail<3>() * (now - t).seconds();
}

}  // namespace

ProximityPairs::ProximityPairs(double max_distance_m, core::Duration max_gap)
    : max_distance_m_(max_distance_m),
      max_gap_(max_gap),
      cell_m_(std::max(2.0 * max_distance_m, kMinCellM)) {
  if (!(max_distance_m > 0.0)) throw std::invalid_argument("ProximityPairs: distance must be > 0");
}

std::uint64_t ProximityPairs::cellOf(const core::Vec3& ecef) const {
  return packCell(static_cast<std::int64_t>(std::floor(ecef.x() / cell_m_)),
                  static_cast<std::int64_t>(std::floor(ecef.y() / cell_m_)),
                  static_cast<std::int64_t>(std::floor(ecef.z() / cell_m_)));
}

void ProximityPairs::removeEntry(core::TrackId id) {
  const auto it = entries_.find(id);
  if (it == entries_.end()) return;
  auto cit = cells_.find(it->second.cell);
  if (cit != cells_.end()) {
    auto& ids = cit->second;
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
    if (ids.empty()) cells_.erase(cit);
  }
  entries_.erase(it);
}

void ProximityPairs::onDeleted(const tracking::StepResult& step) {
  if (step.deleted.empty()) return;
  std::map<core::TrackId, core::TrackId> gone;  // deleted -> survivor (0: none)
  for (const auto& d : step.deleted) {
    removeEntry(d.track.id);
    gone[d.track.id] = d.reason == tracking::DeletionReason::Merged ? d.merged_into : 0;
  }
  std::vector<std::pair<Key, Pair>> moved;
  for (auto it = pairs_.begin(); it != pairs_.end();) {
    const auto a = gone.find(it->first.first);
    const auto b = gone.find(it->first.second);
    if (a == gone.end() && b == gone.end()) {
      ++it;
      continue;
    }
    const core::TrackId first = a == gone.end() ? it->first.first : a->second;
    const core::TrackId second = b == gone.end() ? it->first.second : b->second;
    if (first != 0 && second != 0 && first != second) {
      moved.emplace_back(std::minmax(first, second), std::move(it->second));
    }
    it = pairs_.erase(it);
  }
  for (auto& [key, pair] : moved) {
    auto [it, inserted] = pairs_.try_emplace(key, pair);
    // Two pairs became one: the older run carries the meeting.
    if (!inserted && pair.run.active() &&
        (!it->second.run.active() || pair.run.start() < it->second.run.start())) {
      it->second = std::move(pair);
    }
  }
}

void ProximityPairs::update(core::TrackId id, const core::Vec6& x, core::Timestamp t,
                            bool candidate) {
  if (!candidate) {
    removeEntry(id);
    return;
  }
  const std::uint64_t cell = cellOf(x.head<3>());
  auto it = entries_.find(id);
  if (it != entries_.end() && it->second.cell != cell) {
    removeEntry(id);
    it = entries_.end();
  }
  if (it == entries_.end()) {
    it = entries_.emplace(id, Entry{x, t, cell}).first;
    cells_[cell].push_back(id);
  } else {
    it->second.x = x;
    it->second.t = t;
  }
  touched_.push_back(id);
}

std::vector<std::pair<ProximityPairs::Key, ProximityPairs::Pair*>> ProximityPairs::observe(
    core::Timestamp now) {
  std::sort(touched_.begin(), touched_.end());
  touched_.erase(std::unique(touched_.begin(), touched_.end()), touched_.end());
  std::vector<Key> together;
  for (const core::TrackId id : touched_) {
    const auto eit = entries_.find(id);
    if (eit == entries_.end()) continue;
    const core::Vec3 p = positionAt(eit->second.x, eit->second.t, now);
    // Cells are twice the pair distance wide, so the points within max_distance_m of p lie
    // in two cells per axis: p's own and the neighbour on the side of p's nearer face.
    const core::Vec3 c = p / cell_m_;
    std::array<std::int64_t, 3> lo{};
    for (int k = 0; k < 3; ++k) {
      const double f = std::floor(c(k));
      lo[static_cast<std::size_t>(k)] = static_cast<std::int64_t>(f) - (c(k) - f < 0.5 ? 1 : 0);
    }
    for (std::int64_t dx = 0; dx <= 1; ++dx) {
      for (std::int64_t dy = 0; dy <= 1; ++dy) {
        for (std::int64_t dz = 0; dz <= 1; ++dz) {
          const auto cit = cells_.find(packCell(lo[0] + dx, lo[1] + dy, lo[2] + dz));
          if (cit == cells_.end()) continue;
          for (const core::TrackId other : cit->second) {
            if (other == id) continue;
            const Entry& e = entries_.at(other);
            if (now - e.t > max_gap_) continue;  // too stale to say where it is
            const double d = (p - positionAt(e.x, e.t, now)).norm();
            if (d > max_distance_m_) continue;
            together.push_back(std::minmax(id, other));
          }
        }
      }
    }
  }
  // Each pair once (both of its tracks may have been updated), by key.
  std::sort(together.begin(), together.end());
  together.erase(std::unique(together.begin(), together.end()), together.end());
  for (const Key& key : together) {
    const Entry& a = entries_.at(key.first);
    const Entry& b = entries_.at(key.second);
    const double d = (positionAt(a.x, a.t, now) - positionAt(b.x, b.t, now)).norm();
    Pair& pair = pairs_[key];
    pair.run.observe(now, true, d, max_gap_);
    if (pair.run.observations() == 1) {  // a new run
      pair.min_distance_m = d;
      pair.two_vessel_observations = 0;
      pair.last_two_vessel = core::Timestamp{};
    } else {
      pair.min_distance_m = std::min(pair.min_distance_m, d);
    }
    pair.distance_m = d;
  }
  touched_.clear();
  // Pairs whose run has ended, swept at most once per max_gap.
  if (now - last_prune_ >= max_gap_) {
    last_prune_ = now;
    std::erase_if(pairs_,
                  [&](const auto& kv) { return now - kv.second.run.lastHeld() > max_gap_; });
  }
  std::vector<std::pair<Key, Pair*>> out;
  out.reserve(together.size());
  for (const Key& key : together) out.emplace_back(key, &pairs_.at(key));
  return out;
}

}  // namespace picket::cueing
