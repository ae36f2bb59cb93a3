#include "io/reorder_buffer.hpp"

#include <algorithm>

namespace picket::io {

ReorderBuffer::Key ReorderBuffer::keyOf(const InputItem& item, std::uint64_t arrival) {
  struct Visitor {
    std::uint64_t arrival;
    Key operator()(const core::Scan& s) const {
      return {s.time.ns, s.sensor, s.sequence, arrival};
    }
    Key operator()(const core::IdentityReport& r) const {
      return {r.time.ns, r.sensor, 0, arrival};
    }
    Key operator()(const EndOfStreamItem& e) const {
      return {e.time.ns, UINT32_MAX, 0, arrival};
    }
  };
  return std::visit(Visitor{arrival}, item);
}

bool ReorderBuffer::push(InputItem item) {
  const core::Timestamp t = itemTime(item);
  const bool in_time = t >= released_up_to_;
  newest_ = std::max(newest_, t);
  items_.emplace(keyOf(item, arrivals_++), std::move(item));
  return in_time;
}

std::vector<InputItem> ReorderBuffer::release(core::Timestamp floor) {
  std::vector<InputItem> out;
  const core::Timestamp reference = std::max(newest_, floor);
  if (reference.ns == INT64_MIN) return out;  // nothing seen and no clock yet
  // The frontier moves even when the buffer is empty, so that an item arriving after a quiet
  // period for a time already passed is still reported late.
  const core::Timestamp frontier = reference - window_;
  while (!items_.empty() && std::get<0>(items_.begin()->first) <= frontier.ns) {
    out.push_back(std::move(items_.begin()->second));
    items_.erase(items_.begin());
  }
  released_up_to_ = std::max(released_up_to_, frontier);
  return out;
}

std::vector<InputItem> ReorderBuffer::flush() {
  std::vector<InputItem> out;
  out.reserve(items_.size());
  for (auto& [key, item] : items_) {
    released_up_to_ = std::max(released_up_to_, itemTime(item));
    out.push_back(std::move(item));
  }
  items_.clear();
  return out;
}

}  // namespace picket::io
