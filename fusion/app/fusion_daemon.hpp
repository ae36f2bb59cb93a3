#pragma once
// fusiond's wiring: sockets, the ingest thread, the tracker thread, publishing.
//
// Threads: the ingest thread owns the feed socket and the FeedValidator; the thread that
// calls run() owns the tracker, the alert manager, the reorder buffer and the output
// sockets. requestStop() may be called from any thread (the signal handler's).

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <zmq.hpp>

#include "app/bounded_queue.hpp"
#include "cueing/alert_manager.hpp"
#include "io/clock.hpp"
#include "io/config.hpp"
#include "io/counters.hpp"
#include "io/feed_validator.hpp"
#include "io/reorder_buffer.hpp"
#include "io/transport.hpp"
#include "tracking/tracker.hpp"

namespace picket::app {

struct DaemonOptions {
  /// Exit by itself after this many end-of-stream messages (0 = run until signalled).
  int exit_after_end_of_streams = 0;
};

struct BoundEndpoints {
  std::string feeds;
  std::string tracks;
  std::string alerts;
};

class FusionDaemon {
 public:
  FusionDaemon(io::FusiondConfig config, zmq::context_t& context, const io::Clock& clock,
               DaemonOptions options);
  ~FusionDaemon();
  FusionDaemon(const FusionDaemon&) = delete;
  FusionDaemon& operator=(const FusionDaemon&) = delete;

  /// The endpoints actually bound (ephemeral ports resolved).
  [[nodiscard]] const BoundEndpoints& endpoints() const { return bound_; }

  /// Runs until requestStop() or the end-of-stream condition; drains accepted input, publishes
  /// end-of-stream on both output streams, then returns.
  void run();

  /// Asks run() to finish. Thread-safe, idempotent.
  void requestStop();

  [[nodiscard]] const io::Counters& counters() const { return counters_; }
  [[nodiscard]] const tracking::Tracker& tracker() const { return tracker_; }

  /// Counters of the I/O layer and the tracker, "key=value" per line.
  [[nodiscard]] std::string report() const;

 private:
  void ingestLoop(zmq::socket_t feed, zmq::socket_t wake);
  void handle(const io::InputItem& item);
  void publishStep(const tracking::StepResult& step);
  void publishTrack(const core::Track& track);
  void publishAlerts(const std::vector<cueing::AlertEvent>& events);
  void publishHeartbeat();
  void publishEndOfStream();
  void refreshGauges();
  void processReleased(std::vector<io::InputItem> items);

  io::FusiondConfig config_;
  const io::Clock& clock_;
  DaemonOptions options_;
  io::SocketFactory sockets_;
  io::Counters counters_;
  tracking::Tracker tracker_;
  cueing::AlertManager alerts_;
  io::ReorderBuffer reorder_;
  BoundedQueue<io::InputItem> queue_;

  zmq::socket_t track_out_;
  zmq::socket_t alert_out_;
  zmq::socket_t wake_sender_;
  std::mutex wake_mutex_;
  BoundEndpoints bound_;
  std::thread ingest_;

  std::atomic<bool> stop_{false};
  int end_of_streams_seen_ = 0;
  std::uint64_t track_sequence_ = 0;
  std::uint64_t alert_sequence_ = 0;
  std::uint64_t end_sequence_ = 0;
};

}  // namespace picket::app
