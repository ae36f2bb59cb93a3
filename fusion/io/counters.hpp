#pragma once
// The daemon's counters: written by the ingest and tracker threads, read by anyone (atomics).

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace picket::io {

/// Why an input was refused. Each has a counter; the names appear in the daemon's report.
enum class Rejection : std::uint8_t {
  BadFrame,          ///< not a two-frame (topic, payload) ZeroMQ message
  Malformed,         ///< payload is not a valid FeedMessage
  EmptyBody,         ///< FeedMessage with no body set
  MissingHeader,     ///< no header, empty source id or zero sequence
  UnknownSource,     ///< source id not among the configured sensors
  WrongSensorKind,   ///< e.g. an AIS report from a source configured as a radar
  DuplicateSequence, ///< sequence number already seen from this source
  AbsurdTime,        ///< timestamp outside 2000..2100
  TooOld,            ///< older than the time reference by more than input.max_age_s
  TooNew,            ///< newer than the time reference by more than input.max_future_s
  MissingPlatform,   ///< a polar plot with no sensor position
  NonFinite,         ///< NaN or infinity in a numeric field
  OutOfRange,        ///< a value outside its physical range
  InvalidMmsi,       ///< MMSI not 9 digits
  kCount,
};

const char* toString(Rejection r);

struct Counters {
  std::atomic<std::uint64_t> messages_received{0};
  std::atomic<std::uint64_t> messages_accepted{0};
  std::atomic<std::uint64_t> measurements_accepted{0};
  std::atomic<std::uint64_t> items_rejected{0};  ///< messages and individual plots
  std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(Rejection::kCount)> rejected{};
  std::atomic<std::uint64_t> sequence_gaps{0};    ///< messages missing from a source's sequence
  std::atomic<std::uint64_t> source_restarts{0};  ///< a source started again at sequence 1
  std::atomic<std::uint64_t> end_of_streams{0};
  std::atomic<std::uint64_t> late_after_reorder{0};  ///< arrived after its time had been released
  std::atomic<std::uint64_t> scans_processed{0};
  std::atomic<std::uint64_t> tracks_published{0};
  std::atomic<std::uint64_t> alerts_published{0};
  std::atomic<std::uint64_t> live_tracks{0};
  std::atomic<std::uint64_t> confirmed_tracks{0};
  std::atomic<std::uint64_t> open_alerts{0};

  void reject(Rejection r) {
    rejected[static_cast<std::size_t>(r)].fetch_add(1, std::memory_order_relaxed);
    items_rejected.fetch_add(1, std::memory_order_relaxed);
  }
  [[nodiscard]] std::uint64_t rejectedFor(Rejection r) const {
    return rejected[static_cast<std::size_t>(r)].load(std::memory_order_relaxed);
  }

  /// One "key=value" per line, stable order, non-zero rejection reasons only.
  [[nodiscard]] std::string report() const;
};

}  // namespace picket::io
