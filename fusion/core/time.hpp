#pragma once
// Time as integer nanoseconds: exact, totally ordered, the same on every machine (STYLE.md 2).

#include <compare>
#include <cstdint>
#include <ostream>

namespace picket::core {

/// A signed time interval in integer nanoseconds.
struct Duration {
  std::int64_t ns = 0;

  static constexpr Duration fromSeconds(double s) {
    return Duration{static_cast<std::int64_t>(s * 1e9 + (s >= 0 ? 0.5 : -0.5))};
  }
  static constexpr Duration fromMillis(std::int64_t ms) { return Duration{ms * 1'000'000}; }
  /// The interval in seconds, for use in the filter equations only.
  [[nodiscard]] constexpr double seconds() const { return static_cast<double>(ns) * 1e-9; }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator+(Duration o) const { return Duration{ns + o.ns}; }
  constexpr Duration operator-(Duration o) const { return Duration{ns - o.ns}; }
  constexpr Duration operator-() const { return Duration{-ns}; }
  constexpr Duration operator/(std::int64_t k) const { return Duration{ns / k}; }
};

/// An instant: nanoseconds since the Unix epoch, UTC.
struct Timestamp {
  std::int64_t ns = 0;

  /// The latest representable instant: "never" for deadlines.
  static constexpr Timestamp max() { return Timestamp{INT64_MAX}; }
  constexpr auto operator<=>(const Timestamp&) const = default;
  constexpr Timestamp operator+(Duration d) const { return Timestamp{ns + d.ns}; }
  constexpr Timestamp operator-(Duration d) const { return Timestamp{ns - d.ns}; }
  constexpr Duration operator-(Timestamp o) const { return Duration{ns - o.ns}; }
};

inline std::ostream& operator<<(std::ostream& os, Duration d) { return os << d.ns << "ns"; }
inline std::ostream& operator<<(std::ostream& os, Timestamp t) { return os << "t=" << t.ns << "ns"; }

}  // namespace picket::core
