#pragma once
// The correlator pipeline without transport: decoded inputs in, changed tracks and alert
// events out. It owns the reorder buffer, the tracker and the alert manager; it is the
// processing of fusiond's tracker thread (FusionDaemon drives one):
//
//   push(item) -> ReorderBuffer (time, sensor, sequence) -> release at newest - window
//     Scan           -> Tracker::processScan -> changed tracks -> AlertManager::onStep
//     IdentityReport -> Tracker::applyIdentity -> the tracks it updated
//     EndOfStream    -> the whole window is released first, then the end is reported
//
// fusiond's tracker thread (wall or data reference) feeds it from its queue and calls tick()
// when idle in live mode; fusion-replay --offline drives it on the data clock. Both use this
// one class, so that a recording gives the same outputs in both (docs/replay.md). No sockets,
// no clock, no file: the caller passes "now" where the wall-clock reference needs it.
//
// StreamStamper turns the outputs into the messages fusiond publishes (numbered tracks,
// alert journal entries), so that fusion-replay can write exactly those messages too.
//
// Two stages: tracking (reorder buffer, tracker) and cueing (a TrackPicture of the tracker's
// live tracks, the alert manager, the track, alerts and end-of-stream callbacks). The tracking
// stage hands the cueing stage each step's changes by value (cueing::TrackDelta), so the
// cueing stage can run on a thread of its own (CueingThread::Own) while the tracker takes the
// next scans: the same outputs in the same order, with the cueing rules' share of the work
// (about 40 % of a theatre's replay) off the tracker's thread.
//
// Threading: one thread owns a pipeline (fusiond's tracker thread, fusion-replay's
// correlator) and calls push/tick/flush. With CueingThread::Inline every callback runs on it;
// with CueingThread::Own the track, alerts and end_of_stream callbacks run on the pipeline's
// cueing thread (one at a time, in order) and before_scan and track_on_owner on the owner's; flush() returns
// when the cueing thread has done everything pushed before it. An exception thrown by the
// cueing stage is rethrown by the owner's next push/tick/flush. The counters it updates
// (late_after_reorder, scans_processed and the gauges live_tracks, confirmed_tracks,
// open_alerts) are atomics that any thread may read.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "app/bounded_queue.hpp"
#include "cueing/alert_manager.hpp"
#include "cueing/track_picture.hpp"
#include "io/alert_journal.hpp"
#include "io/config.hpp"
#include "io/counters.hpp"
#include "io/feed_validator.hpp"
#include "io/reorder_buffer.hpp"
#include "picket/v1/tracks.pb.h"
#include "tracking/tracker.hpp"

namespace picket::app {

/// What the pipeline reports, in processing order. Any callback may be empty. A callback must
/// not call back into the pipeline.
struct PipelineCallbacks {
  /// A track changed by a step (tracking::changedTracks order) or by an identity report.
  std::function<void(const core::Track&)> track;
  /// The same tracks in the same order, on the owner's thread as each step is made (with
  /// CueingThread::Own, ahead of the cueing stage): for an output that needs no order with
  /// the alerts, such as a tracks file of its own, so that its cost is not the cueing
  /// thread's. Called before `track` for each step.
  std::function<void(const core::Track&)> track_on_owner;
  /// The alert events of one step (never empty), in AlertManager::onStep order, after the
  /// tracks of the same step: one batch, so that fusiond journals a step with one write.
  std::function<void(const std::vector<cueing::AlertEvent>&)> alerts;
  /// A scan of this time is about to be processed (released from the window, in order): the
  /// tracker still holds the state of every earlier input. For outputs at each input time.
  std::function<void(core::Timestamp)> before_scan;
  /// A source's end of stream, after everything released before it.
  std::function<void(const io::EndOfStreamItem&)> end_of_stream;
};

/// Where the cueing stage runs.
enum class CueingThread {
  Inline,  ///< on the owner's thread, right after each step
  Own,     ///< on a thread of the pipeline's own, fed with batches of steps
};

class CorrelatorPipeline {
 public:
  /// `config` and `counters` must outlive the pipeline. `program` prefixes the alert
  /// manager's log lines. Throws std::invalid_argument when the tracker refuses the
  /// configuration.
  CorrelatorPipeline(const io::FusiondConfig& config, io::Counters& counters,
                     PipelineCallbacks callbacks, std::string program = "pipeline",
                     CueingThread cueing = CueingThread::Inline);
  /// Stops the cueing thread once it has done the batches already handed to it; steps still
  /// being gathered are dropped (call flush() first).
  ~CorrelatorPipeline();
  CorrelatorPipeline(const CorrelatorPipeline&) = delete;
  CorrelatorPipeline& operator=(const CorrelatorPipeline&) = delete;

  /// One decoded input (FeedValidator output). `now` is the wall clock with
  /// input.time_reference: wall (it floors the reorder window's release) and is ignored with
  /// the data reference. An end of stream first releases the whole window.
  void push(const io::InputItem& item, core::Timestamp now = {});

  /// Live operation with no input: the wall clock moves the reorder window and ages tracks
  /// (coasting, deletion) to now - reorder window. Does nothing with the data reference.
  void tick(core::Timestamp now);

  /// Releases and processes everything still held (shutdown, end of a replay); with
  /// CueingThread::Own, returns when the cueing stage has caught up.
  void flush();

  /// The tracker: for the owner's thread (with CueingThread::Own, the cueing stage may be
  /// behind it: callbacks read their tracks from their arguments, and the sensors from
  /// sensors()).
  [[nodiscard]] const tracking::Tracker& tracker() const { return tracker_; }
  /// The configured sensors (immutable: any thread).
  [[nodiscard]] const std::vector<tracking::SensorInfo>& sensors() const {
    return picture_.sensors();
  }
  /// Open alerts as of the cueing stage's last step (the open_alerts gauge).
  [[nodiscard]] std::size_t openAlerts() const { return counters_.open_alerts.load(); }
  /// Items held in the reorder window.
  [[nodiscard]] std::size_t pending() const { return reorder_.size(); }

 private:
  /// One unit of the cueing stage's work, in the tracking stage's order.
  struct Stage2Step {
    cueing::TrackDelta delta;
    bool run_rules = true;  ///< false for an identity report's changes
  };
  using Stage2Item = std::variant<Stage2Step, io::EndOfStreamItem, std::promise<void>>;

  void process(std::vector<io::InputItem> items);
  /// Hands a step's changes to the cueing stage.
  void report(tracking::StepResult step);
  /// Hands changes (a step's or an identity report's) to track_on_owner, then to the cueing
  /// stage.
  void toCueing(cueing::TrackDelta delta, bool run_rules);
  void toCueing(Stage2Item item);
  /// Sends the batch being gathered to the cueing thread (CueingThread::Own).
  void sendBatch();
  void rethrowCueingFailure();
  void cue(Stage2Item& item);
  void cueingLoop();
  void refreshTrackerGauges();

  const io::FusiondConfig& config_;
  io::Counters& counters_;
  PipelineCallbacks callbacks_;
  tracking::Tracker tracker_;
  io::ReorderBuffer reorder_;

  // The cueing stage (its thread's, with CueingThread::Own).
  cueing::TrackPicture picture_;
  cueing::AlertManager alerts_;

  CueingThread cueing_;
  std::vector<Stage2Item> batch_;  ///< gathered on the owner's thread
  BoundedQueue<std::vector<Stage2Item>> queue_;
  std::exception_ptr cueing_failure_;  ///< written by the cueing thread before the flag
  std::atomic<bool> cueing_failed_{false};
  std::thread cueing_thread_;
};

/// The tracker's view of the configured sensors, in configuration order.
std::vector<tracking::SensorInfo> sensorInfos(const io::FusiondConfig& config);

/// The messages of fusiond's output streams for the pipeline's outputs: a changed track as the
/// track stream's message (header.sequence 1, 2, ... in publishing order), alert events as
/// journal entries of the full alert stream (io::SequenceBook's sequences, io::stampEntry).
/// fusiond publishes and journals what it returns; fusion-replay --offline writes the same
/// messages to its outputs recording, so both give the same bytes for the same inputs.
/// Owned by one thread (the one that publishes).
class StreamStamper {
 public:
  /// `source_id`: the instance ID (header.source_id of every message); `sequences`: where
  /// the alert sequences continue from (a restored journal), empty = from 1.
  explicit StreamStamper(std::string source_id, io::SequenceBook sequences = {});

  /// The track stream's next message for `track`.
  v1::TrackStreamMessage track(const core::Track& track,
                               const std::vector<tracking::SensorInfo>& sensors);
  /// "track/surface" or "track/air".
  static std::string trackTopic(const core::Track& track);

  /// An alert event as an unstamped entry (sequences to be given by stamp()).
  [[nodiscard]] v1::Alert entry(const cueing::AlertEvent& event,
                                const std::vector<tracking::SensorInfo>& sensors) const;
  /// Gives `entry` the next journal sequence and one per partner in its releasable_to, and
  /// the instance as its source. Returns the stamp (channels, partner IDs refused).
  io::SequenceBook::Stamp stamp(v1::Alert& entry);
  /// The full stream's topic of an entry: "alert/*/<severity>".
  static std::string alertTopic(const v1::Alert& entry);

  [[nodiscard]] const io::SequenceBook& sequences() const { return sequences_; }
  /// The newest track stream sequence (0: none yet).
  [[nodiscard]] std::uint64_t trackSequence() const { return track_sequence_; }

 private:
  std::string source_id_;
  io::SequenceBook sequences_;
  std::uint64_t track_sequence_ = 0;
};

}  // namespace picket::app
