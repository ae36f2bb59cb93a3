#pragma once
// The correlator pipeline without transport: decoded inputs in, changed tracks and alert
// events out. It owns the reorder buffer, the tracker and the alert manager and processes
// exactly as fusiond's tracker thread does (FusionDaemon::handle / processReleased):
//
//   push(item) -> ReorderBuffer (time, sensor, sequence) -> release at newest - window
//     Scan           -> Tracker::processScan -> changed tracks -> AlertManager::onStep
//     IdentityReport -> Tracker::applyIdentity -> the tracks it updated
//     EndOfStream    -> the whole window is released first, then the end is reported
//
// fusion-replay --offline drives it on the data clock; fusiond (wall or data reference) feeds
// it from its queue and calls tick() when idle in live mode. No sockets, no clock, no file:
// the caller passes "now" where the wall-clock reference needs it.
//
// Threading: one thread owns a pipeline (fusiond's tracker thread). The counters it updates
// (late_after_reorder, scans_processed and the gauges live_tracks, confirmed_tracks,
// open_alerts) are atomics that any thread may read.

#include <cstddef>
#include <functional>
#include <vector>

#include "cueing/alert_manager.hpp"
#include "io/config.hpp"
#include "io/counters.hpp"
#include "io/feed_validator.hpp"
#include "io/reorder_buffer.hpp"
#include "tracking/tracker.hpp"

namespace picket::app {

/// What the pipeline reports, in processing order. Any callback may be empty. A callback must
/// not call back into the pipeline.
struct PipelineCallbacks {
  /// A track changed by a step (tracking::changedTracks order) or by an identity report.
  std::function<void(const core::Track&)> track;
  /// An alert event, in AlertManager::onStep order, after the tracks of the same step.
  std::function<void(const cueing::AlertEvent&)> alert;
  /// A scan of this time is about to be processed (released from the window, in order): the
  /// tracker still holds the state of every earlier input. For outputs at each input time.
  std::function<void(core::Timestamp)> before_scan;
  /// A source's end of stream, after everything released before it.
  std::function<void(const io::EndOfStreamItem&)> end_of_stream;
};

class CorrelatorPipeline {
 public:
  /// `config` and `counters` must outlive the pipeline. Throws std::invalid_argument when the
  /// tracker refuses the configuration.
  CorrelatorPipeline(const io::FusiondConfig& config, io::Counters& counters,
                     PipelineCallbacks callbacks);

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

}  // namespace picket::app
