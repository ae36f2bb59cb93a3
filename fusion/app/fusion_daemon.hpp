#pragma once
// fusiond's wiring: sockets, the ingest thread, the tracker thread, the recovery thread,
// publishing, recording.
//
// Threads: the ingest thread owns the feed socket, the FeedValidator and the input recorder;
// the thread that calls run() owns the CorrelatorPipeline (reorder buffer, tracker, alert
// manager: the same processing as fusion-replay --offline), the output sockets, the
// StreamStamper (track and alert sequences), the journal writer and the output recorder; the
// recovery thread owns the recovery socket and reads the journal files
// (docs/alert-stream.md). requestStop() may be called from any thread (the signal handler's).

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>
#include <string>
#include <thread>
#include <zmq.hpp>

#include "app/bounded_queue.hpp"
#include "app/pipeline.hpp"
#include "io/alert_journal.hpp"
#include "io/clock.hpp"
#include "io/config.hpp"
#include "io/counters.hpp"
#include "io/feed_validator.hpp"
#include "io/recording_writer.hpp"
#include "io/transport.hpp"

namespace picket::app {

struct DaemonOptions {
  /// Exit by itself after this many end-of-stream messages (0 = run until signalled).
  int exit_after_end_of_streams = 0;
  /// Exit by itself after the end-of-stream message of this source ("" = no such rule);
  /// e.g. "fusion-replay", whose end comes after everything it replayed.
  std::string exit_after_end_of_stream_from;
};

struct BoundEndpoints {
  std::string feeds;
  std::string tracks;
  std::string alerts;
  std::string alert_recovery;
};

/// Counters of the alert stream, its journal and its recovery server.
struct AlertStreamCounters {
  std::atomic<std::uint64_t> journal_entries{0};       ///< events journalled by this run
  std::atomic<std::uint64_t> journal_restored{0};      ///< entries read back at start
  std::atomic<std::uint64_t> journal_write_failures{0};
  std::atomic<std::uint64_t> restart_closures{0};      ///< open alerts closed at start
  std::atomic<std::uint64_t> channel_copies{0};        ///< partner copies published
  std::atomic<std::uint64_t> events_without_partner{0};
  std::atomic<std::uint64_t> invalid_partner_ids{0};   ///< releasable_to IDs not released
  std::atomic<std::uint64_t> recovery_requests{0};
  std::atomic<std::uint64_t> recovery_bad_requests{0};
  std::atomic<std::uint64_t> recovery_events_sent{0};
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
  /// end-of-stream on both output streams, then returns. First closes the alerts a previous
  /// run left open (their tracks are gone with it).
  void run();

  /// Asks run() to finish. Thread-safe, idempotent.
  void requestStop();

  [[nodiscard]] const io::Counters& counters() const { return counters_; }
  [[nodiscard]] const AlertStreamCounters& streamCounters() const { return stream_counters_; }
  [[nodiscard]] const tracking::Tracker& tracker() const { return pipeline_.tracker(); }

  /// Counters of the I/O layer and the tracker, "key=value" per line.
  [[nodiscard]] std::string report() const;

 private:
  PipelineCallbacks pipelineCallbacks();
  void ingestLoop(zmq::socket_t feed, zmq::socket_t wake);
  void publishTrack(const core::Track& track);
  void publishAlerts(const std::vector<cueing::AlertEvent>& events);
  void onEndOfStream(const io::EndOfStreamItem& eos);
  /// Stamps, journals (written before anything is sent) and publishes entries.
  void journalAndPublish(std::vector<v1::Alert> entries);
  /// Sends one entry on the full stream and on the channel of each partner it is released to.
  void publishEntry(const v1::Alert& entry);
  /// The one place an alert-stream message leaves for a channel: today one PUB socket with a
  /// topic per channel; with CURVE, a socket per partner (or ZAP-checked subscriptions).
  void sendOnChannel(std::string_view channel, const std::string& topic,
                     const v1::AlertStreamMessage& message);
  void closeAlertsOfPreviousRun();
  void recoveryLoop(zmq::socket_t router, zmq::socket_t wake);
  void publishHeartbeat();
  void publishEndOfStream();
  /// The recorders (recording.directory set), or none; made before any thread starts.
  void makeRecorders();

  /// What the journal held at start (read before the alert manager exists: the run number
  /// goes into alert IDs). Emptied once used.
  std::optional<io::JournalRestore> restored_;
  io::FusiondConfig config_;
  const io::Clock& clock_;
  DaemonOptions options_;
  io::SocketFactory sockets_;
  io::Counters counters_;
  StreamStamper stamper_;
  CorrelatorPipeline pipeline_;
  BoundedQueue<io::InputItem> queue_;
  std::unique_ptr<io::LiveRecorder> input_recorder_;   ///< ingest thread
  std::unique_ptr<io::LiveRecorder> output_recorder_;  ///< tracker thread

  zmq::socket_t track_out_;
  zmq::socket_t alert_out_;
  zmq::socket_t wake_sender_;
  zmq::socket_t recovery_wake_sender_;
  std::mutex wake_mutex_;
  BoundEndpoints bound_;
  std::thread ingest_;
  std::thread recovery_;

  AlertStreamCounters stream_counters_;
  std::optional<io::AlertJournal> journal_;  ///< none when journal.directory is empty
  std::vector<v1::Alert> left_open_;          ///< the previous run's open alerts, to close
  std::uint64_t run_ = 1;

  std::atomic<bool> stop_{false};
  int end_of_streams_seen_ = 0;
  std::uint64_t heartbeat_sequence_ = 0;
  std::uint64_t end_sequence_ = 0;
};

}  // namespace picket::app
