#pragma once
// The whole simulated feed as one stream of messages in delivery order, without any socket.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "sim/feed_source.hpp"
#include "sim/scenario.hpp"
#include "sim/traffic_index.hpp"

namespace picket::sim {

/// Source id and topic of the end-of-stream message.
inline constexpr const char* kEndOfStreamSourceId = "sensors-sim";

/// The EndOfStream message (header.source_id "sensors-sim", sequence 1) that closes a run.
/// `messages_sent`: the number of messages sent before it.
SimMessage makeEndOfStream(core::Timestamp time, std::uint64_t messages_sent,
                           const std::string& reason);

/// Merges the scenario's sensors (surface_radars, ais_receivers, satellite_ais,
/// airborne_radars, air_radars) into one stream in the order fusiond receives them: delivery
/// time, then source id, then sequence; and ends it with one EndOfStream at start + duration.
/// The sources share one TrafficIndex for their candidate searches; its buckets are released
/// as the stream advances. Each sensor draws from its own random stream (seed, source id), so
/// the output depends only on the scenario, the seed and the start time. Single-threaded;
/// movable.
class FeedGenerator {
 public:
  /// Messages cover [start, start + scenario.duration). std::invalid_argument on a duration
  /// <= 0, a platform without a route, a duplicate or reserved source id, or a sensor config
  /// its source rejects.
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
  /// The shared candidate index (statistics for tests and benchmarks).
  [[nodiscard]] const TrafficIndex& trafficIndex() const { return *index_; }

 private:
  // (time in ns of the next delivery or wake, position in sources_): sources_ is sorted by
  // id, so a tie in time goes to the smaller id.
  using Due = std::pair<std::int64_t, std::size_t>;
  void schedule(std::size_t source);

  // Held by pointer so that the sources' references survive a move of the generator.
  std::unique_ptr<const Scenario> scenario_;
  core::Timestamp start_;
  core::Timestamp end_;
  std::unique_ptr<TrafficIndex> index_;
  // How far before the current delivery time a source may still query the index: a satellite
  // generates a pass once its first delivery could be due, latency_min after the pass starts.
  core::Duration index_lookback_;
  std::vector<std::unique_ptr<FeedSource>> sources_;  // sorted by source id
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;
  std::map<std::string, std::uint64_t> per_source_;
  std::uint64_t produced_ = 0;
  bool end_of_stream_sent_ = false;
};

/// Convenience for tests and tools: every message of a run, EndOfStream last.
std::vector<SimMessage> generateAll(const Scenario& scenario, std::uint64_t seed,
                                    core::Timestamp start);

}  // namespace picket::sim
