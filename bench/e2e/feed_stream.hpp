#pragma once
// The synthetic load (load/synthetic_load.hpp) as the feed messages a sensor would publish:
// each sweep cut into messages of a fixed number of plots, each message an
// AircraftContactReport of geolocated contacts (what an airborne EO/IR mission system sends,
// and what the `plots` sensor of fusion-bench's configuration accepts).
//
// Times: the k-th message of a sweep is stamped sweep time + k * kMessageSpacingNs, so that
// every message has its own time. fusiond publishes a track update with the time of the
// measurement that caused it, so that time names the message (end-to-end latency matching).
// The shift is at most (messages per sweep) microseconds, e.g. 0.1 s for 100,000 one-plot
// messages: under 3 m at the load's top speed, against 50 m of plot noise.
//
// Threading: a FeedStream is used by one thread.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

#include "core/measurement.hpp"
#include "load/synthetic_load.hpp"

namespace picket::v1 {
class FeedMessage;
}

namespace picket::bench {

/// Spacing of the messages of one sweep, nanoseconds.
inline constexpr std::int64_t kMessageSpacingNs = 1'000;

/// One serialised FeedMessage.
struct EncodedMessage {
  std::int64_t time_ns = 0;        ///< header.time_ns: the time of its plots
  std::uint32_t measurements = 0;  ///< plots it carries
  bool last_of_sweep = false;
  std::string bytes;
};

/// Fills `out` with an AircraftContactReport of plots [begin, end) of `scan` (position
/// measurements), stamped `time_ns`, from `source_id` with `sequence`. The navigation
/// solution is a fixed aircraft position (geolocated contacts do not use it). Contact sigmas:
/// the measurement's east and north 1-sigmas (the load's covariances are diagonal).
void toFeedMessage(const core::Scan& scan, std::size_t begin, std::size_t end,
                   std::int64_t time_ns, const std::string& source_id, std::uint64_t sequence,
                   v1::FeedMessage& out);

/// The load as a stream of serialised messages of `plots_per_message` plots each (the last of
/// a sweep may carry fewer), sequence numbers from 1.
class FeedStream {
 public:
  /// Throws std::invalid_argument on a bad load or plots_per_message == 0.
  FeedStream(LoadConfig load, std::size_t plots_per_message, std::string source_id);

  /// The next message (generates the next sweep when the current one is used up).
  EncodedMessage next();

  [[nodiscard]] std::uint64_t sequence() const { return sequence_; }
  [[nodiscard]] const std::string& sourceId() const { return source_id_; }
  [[nodiscard]] std::size_t sweepsGenerated() const { return generator_.sweeps(); }

 private:
  SyntheticLoad generator_;
  std::size_t plots_per_message_;
  std::string source_id_;
  std::uint64_t sequence_ = 0;
  Sweep sweep_;
  std::size_t scan_ = 0;   ///< index into sweep_.scans
  std::size_t plot_ = 0;   ///< next plot of that scan
  std::size_t k_ = 0;      ///< messages of the current sweep so far
  bool have_sweep_ = false;
};

}  // namespace picket::bench
