#pragma once
// Time sources for the I/O layer and the application: the core never reads a clock.

#include <atomic>

#include "core/time.hpp"

namespace picket::io {

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual core::Timestamp now() const = 0;
};

/// The system's UTC clock.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] core::Timestamp now() const override;
};

/// A clock set by hand, for tests and offline replay.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(core::Timestamp t = {}) : ns_(t.ns) {}
  [[nodiscard]] core::Timestamp now() const override { return core::Timestamp{ns_.load()}; }
  void set(core::Timestamp t) { ns_.store(t.ns); }

 private:
  std::atomic<std::int64_t> ns_;
};

}  // namespace picket::io
