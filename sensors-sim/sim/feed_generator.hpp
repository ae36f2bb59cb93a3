#pragma once
// The whole simulated feed as one time-ordered stream of messages, without any socket.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "sim/feed_source.hpp"
#include "sim/scenario.hpp"

namespace picket::sim {

/// Source id and topic of the end-of-stream message.
inline constexpr const char* kEndOfStreamSourceId = "sensors-sim";

/// The EndOfStream message (header.source_id "sensors-sim", sequence 1) that closes a run.
/// `messages_sent`: the number of messages sent before it.
SimMessage makeEndOfStream(core::Timestamp time, std::uint64_t messages_sent,
                           const std::string& reason);

/// Merges the scenario's sensors into one stream in the order fusiond processes them: header
/// time, then source id, then sequence; and ends it with one EndOfStream at start + duration.
/// Each sensor draws from its own random stream (seed, source id), so the output depends only
/// on the scenario, the seed and the start time. Single-threaded; movable.
class FeedGenerator {
 public:
  /// Messages cover [start, start + scenario.duration).
  FeedGenerator(Scenario scenario, std::uint64_t seed, core::Timestamp start);
  ~FeedGenerator();
  FeedGenerator(FeedGenerator&&) noexcept;
  FeedGenerator& operator=(FeedGenerator&&) noexcept;

  /// The next message; after the last sensor message, the EndOfStream; then nullopt.
  std::optional<SimMessage> next();

  [[nodiscard]] core::Timestamp startTime() const { return start_; }
  [[nodiscard]] core::Timestamp endTime() const { return end_; }
  [[nodiscard]] const Scenario& scenario() const { return *scenario_; }
  /// Messages produced so far per source id (the EndOfStream included once produced).
  [[nodiscard]] const std::map<std::string, std::uint64_t>& messagesPerSource() const {
    return per_source_;
  }

 private:
  // Held by pointer so that the sources' references survive a move of the generator.
  std::unique_ptr<const Scenario> scenario_;
  core::Timestamp start_;
  core::Timestamp end_;
  std::vector<std::unique_ptr<FeedSource>> sources_;  // sorted by source id
  std::map<std::string, std::uint64_t> per_source_;
  std::uint64_t produced_ = 0;
  bool end_of_stream_sent_ = false;
};

/// Convenience for tests and tools: every message of a run, EndOfStream last.
std::vector<SimMessage> generateAll(const Scenario& scenario, std::uint64_t seed,
                                    core::Timestamp start);

}  // namespace picket::sim
