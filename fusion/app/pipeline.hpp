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
// Threading: one thread owns a pipeline (fusiond's tracker thread). The counters it updates
// (late_after_reorder, scans_processed and the gauges live_tracks, confirmed_tracks,
// open_alerts) are atomics that any thread may read.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cueing/alert_manager.hpp"
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
  /// The alert events of one step (never empty), in AlertManager::onStep order, after the
  /// tracks of the same step: one batch, so that fusiond journals a step with one write.
  std::function<void(const std::vector<cueing::AlertEvent>&)> alerts;
  /// A scan of this time is about to be processed (released from the window, in order): the
  /// tracker still holds the state of every earlier input. For outputs at each input time.
  std::function<void(core::Timestamp)> before_scan;
  /// A source's end of stream, after everything released before it.
  std::function<void(const io::EndOfStreamItem&)> end_of_stream;
};

class CorrelatorPipeline {
 public:
  /// `config` and `counters` must outlive the pipeline. `program` prefixes the alert
  /// manager's log lines. Throws std::invalid_argument when the tracker refuses the
  /// configuration.
  CorrelatorPipeline(const io::FusiondConfig& config, io::Counters& counters,
                     PipelineCallbacks callbacks, std::string program = "pipeline");

  /// One decoded input (FeedValidator output). `now` is the wall clock with
  /// input.time_reference: wall (it floors the reorder window's release) and is ignored with
  /// the data reference. An end of stream first releases the whole window.
  void push(const io::InputItem& item, core::Timestamp now = {});

  /// Live operation with no input: the wall clock moves the reorder window and ages tracks
  /// (coasting, deletion) to now - reorder window. Does nothing with the data reference.
  void tick(core::Timestamp now);

  /// Releases and processes everything still held (shutdown, end of a replay).
  void flush();

  [[nodiscard]] const tracking::Tracker& tracker() const { return tracker_; }
  [[nodiscard]] std::size_t openAlerts() const { return alerts_.openAlerts(); }
  /// Items held in the reorder window.
  [[nodiscard]] std::size_t pending() const { return reorder_.size(); }

 private:
  void process(std::vector<io::InputItem> items);
  void report(const tracking::StepResult& step);
  void refreshGauges();

  const io::FusiondConfig& config_;
  io::Counters& counters_;
  PipelineCallbacks callbacks_;
  tracking::Tracker tracker_;
  cueing::AlertManager alerts_;
  io::ReorderBuffer reorder_;
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
