#include "io/clock.hpp"

#include <chrono>

namespace picket::io {

core::Timestamp SystemClock::now() const {
  return core::Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count()};
}

}  // namespace picket::io
