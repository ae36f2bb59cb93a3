#pragma once
// Bounded reorder window: inputs are held until the data clock has moved `window` past them,
// then released in the defined processing order (time, sensor, sequence), so that what the
// tracker sees does not depend on network arrival order (STYLE.md 5).
//
// Threading: owned by the tracker thread.

#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "core/time.hpp"
#include "io/feed_validator.hpp"

namespace picket::io {

class ReorderBuffer {
 public:
  explicit ReorderBuffer(core::Duration window) : window_(window) {}

  /// Adds an item. Returns false (and still keeps it, for release at once) when its time is
  /// older than what has already been released: it arrived after its window closed.
  bool push(InputItem item);

  /// Releases every item at or before `newest - window`, where `newest` is the latest of the
  /// data seen and `floor` (a wall-clock based time in live mode; {} otherwise).
  std::vector<InputItem> release(core::Timestamp floor = {});

  /// Releases everything (end of stream, shutdown).
  std::vector<InputItem> flush();

  [[nodiscard]] std::size_t size() const { return items_.size(); }

 private:
  using Key = std::tuple<std::int64_t, std::uint32_t, std::uint64_t, std::uint64_t>;
  static Key keyOf(const InputItem& item, std::uint64_t arrival);

  core::Duration window_;
  std::map<Key, InputItem> items_;
  std::uint64_t arrivals_ = 0;
  core::Timestamp newest_{INT64_MIN};
  core::Timestamp released_up_to_{INT64_MIN};
};

}  // namespace picket::io
