#include "app/pipeline.hpp"

#include <utility>

#include "app/log.hpp"
#include "io/alert_channels.hpp"
#include "io/converters.hpp"
#include "io/cot.hpp"
#include "io/geography.hpp"

namespace picket::app {

std::vector<tracking::SensorInfo> sensorInfos(const io::FusiondConfig& config) {
  std::vector<tracking::SensorInfo> out;
  out.reserve(config.sensors.size());
  for (const auto& s : config.sensors) {
    out.push_back(s.info);
    out.back().satellite_ais = s.satellite;
  }
  return out;
}

namespace {

// Steps per batch handed to the cueing thread: enough to make the hand-over's locking
// negligible (a theatre's replay makes about a million steps), few enough that a live
// daemon's cues are not held back (a batch also goes at the end of every push and tick).
constexpr std::size_t kStepsPerBatch = 64;
constexpr std::size_t kBatchesQueued = 64;

}  // namespace

CorrelatorPipeline::CorrelatorPipeline(const io::FusiondConfig& config, io::Counters& counters,
                                       PipelineCallbacks callbacks, std::string program,
                                       CueingThread cueing)
    : config_(config),
      counters_(counters),
      callbacks_(std::move(callbacks)),
      tracker_(config_.tracker, sensorInfos(config_)),
      reorder_(core::Duration::fromSeconds(config_.input.reorder_window_s)),
      picture_(config_.tracker, sensorInfos(config_)),
      alerts_(io::makeAlertManager(config_,
                                   [program = std::move(program)](const std::string& line) {
                                     logLine(program.c_str(), line);
                                   })),
      cueing_(cueing),
      queue_(kBatchesQueued) {
  if (cueing_ == CueingThread::Own) cueing_thread_ = std::thread([this] { cueingLoop(); });
}

CorrelatorPipeline::~CorrelatorPipeline() {
  queue_.close();
  if (cueing_thread_.joinable()) cueing_thread_.join();
}

void CorrelatorPipeline::push(const io::InputItem& item, core::Timestamp now) {
  rethrowCueingFailure();
  if (std::holds_alternative<io::EndOfStreamItem>(item)) {
    // Everything the source sent came before its end-of-stream: release the whole window
    // (whatever its time) so that it is processed before the end is acted on.
    std::vector<io::InputItem> items = reorder_.flush();
    items.push_back(item);
    process(std::move(items));
    sendBatch();
    return;
  }
  if (!reorder_.push(item)) counters_.late_after_reorder.fetch_add(1, std::memory_order_relaxed);
  const core::Timestamp floor =
      config_.input.time_reference == io::TimeReference::Wall ? now : core::Timestamp{};
  process(reorder_.release(floor));
  // Live, the cues of this input go now; on the data clock (a replay) batches fill up.
  if (config_.input.time_reference == io::TimeReference::Wall) sendBatch();
}

void CorrelatorPipeline::tick(core::Timestamp now) {
  if (config_.input.time_reference != io::TimeReference::Wall) return;
  rethrowCueingFailure();
  process(reorder_.release(now));
  report(tracker_.advanceTo(now - core::Duration::fromSeconds(config_.input.reorder_window_s)));
  refreshTrackerGauges();
  sendBatch();
}

void CorrelatorPipeline::flush() {
  rethrowCueingFailure();
  process(reorder_.flush());
  if (cueing_ == CueingThread::Own) {
    std::promise<void> done;
    std::future<void> caught_up = done.get_future();
    toCueing(std::move(done));
    sendBatch();
    caught_up.wait();
    rethrowCueingFailure();
  }
}

void CorrelatorPipeline::report(tracking::StepResult step) {
  toCueing(cueing::captureDelta(tracker_, std::move(step)), true);
}

void CorrelatorPipeline::toCueing(cueing::TrackDelta delta, bool run_rules) {
  if (callbacks_.track_on_owner) {
    for (const core::Track& t : delta.changed) callbacks_.track_on_owner(t);
    for (const auto& d : delta.step.deleted) callbacks_.track_on_owner(d.track);
  }
  toCueing(Stage2Step{std::move(delta), run_rules});
}

void CorrelatorPipeline::process(std::vector<io::InputItem> items) {
  for (auto& item : items) {
    if (const auto* scan = std::get_if<core::Scan>(&item)) {
      if (callbacks_.before_scan) callbacks_.before_scan(scan->time);
      report(tracker_.processScan(*scan));
      counters_.scans_processed.fetch_add(1, std::memory_order_relaxed);
    } else if (const auto* id = std::get_if<core::IdentityReport>(&item)) {
      const std::vector<core::TrackId> updated = tracker_.applyIdentity(*id);
      if (!updated.empty()) toCueing(cueing::captureIdentity(tracker_, updated), false);
    } else {
      toCueing(std::get<io::EndOfStreamItem>(std::move(item)));
    }
  }
  refreshTrackerGauges();
}

void CorrelatorPipeline::toCueing(Stage2Item item) {
  if (cueing_ == CueingThread::Inline) {
    cue(item);
    return;
  }
  batch_.push_back(std::move(item));
  if (batch_.size() >= kStepsPerBatch) sendBatch();
}

void CorrelatorPipeline::sendBatch() {
  if (cueing_ == CueingThread::Inline || batch_.empty()) return;
  std::vector<Stage2Item> batch;
  batch.reserve(kStepsPerBatch);
  std::swap(batch, batch_);
  if (!queue_.pushWait(std::move(batch))) rethrowCueingFailure();  // closed: it failed
}

void CorrelatorPipeline::rethrowCueingFailure() {
  if (cueing_failed_.load(std::memory_order_acquire)) std::rethrow_exception(cueing_failure_);
}

void CorrelatorPipeline::cue(Stage2Item& item) {
  if (auto* s = std::get_if<Stage2Step>(&item)) {
    cueing::TrackDelta& delta = s->delta;
    // The tracks go out before the step's alerts, in tracking::changedTracks order.
    if (callbacks_.track) {
      for (const core::Track& t : delta.changed) callbacks_.track(t);
      for (const auto& d : delta.step.deleted) callbacks_.track(d.track);
    }
    picture_.apply(delta);
    if (s->run_rules) {
      // The alert manager runs on every step, reported or not: its state must not depend on
      // which callbacks the caller set.
      const std::vector<cueing::AlertEvent> events =
          alerts_.onStep(picture_, delta.step, delta.views);
      if (!events.empty() && callbacks_.alerts) callbacks_.alerts(events);
      counters_.open_alerts.store(alerts_.openAlerts());
    }
  } else if (auto* eos = std::get_if<io::EndOfStreamItem>(&item)) {
    if (callbacks_.end_of_stream) callbacks_.end_of_stream(*eos);
  } else {
    std::get<std::promise<void>>(item).set_value();
  }
}

void CorrelatorPipeline::cueingLoop() {
  // After a failure nothing more is done, but whoever waits for a flush hears of it.
  const auto release = [](std::vector<Stage2Item>& items, std::size_t from) {
    for (std::size_t i = from; i < items.size(); ++i) {
      if (auto* p = std::get_if<std::promise<void>>(&items[i])) p->set_value();
    }
  };
  while (auto batch = queue_.popWait()) {
    for (std::size_t i = 0; i < batch->size(); ++i) {
      try {
        cue((*batch)[i]);
      } catch (...) {
        cueing_failure_ = std::current_exception();
        cueing_failed_.store(true, std::memory_order_release);
        queue_.close();
        release(*batch, i + 1);
        while (auto later = queue_.popWait()) release(*later, 0);
        return;
      }
    }
  }
}

StreamStamper::StreamStamper(std::string source_id, io::SequenceBook sequences)
    : source_id_(std::move(source_id)), sequences_(std::move(sequences)) {}

v1::TrackStreamMessage StreamStamper::track(const core::Track& track,
                                            const std::vector<tracking::SensorInfo>& sensors) {
  v1::TrackStreamMessage msg;
  io::toProto(track, sensors, source_id_, ++track_sequence_, *msg.mutable_track());
  return msg;
}

std::string StreamStamper::trackTopic(const core::Track& track) {
  return std::string("track/") + core::toString(track.domain);
}

v1::Alert StreamStamper::entry(const cueing::AlertEvent& event,
                               const std::vector<tracking::SensorInfo>& sensors) const {
  v1::Alert out;
  io::toProto(event, sensors, source_id_, 0, out);
  return out;
}

io::SequenceBook::Stamp StreamStamper::stamp(v1::Alert& entry) {
  const std::vector<std::string> releasable(entry.releasable_to().begin(),
                                            entry.releasable_to().end());
  auto stamp = sequences_.next(releasable);
  io::stampEntry(stamp, entry);
  entry.mutable_header()->set_source_id(source_id_);
  return stamp;
}

std::string StreamStamper::alertTopic(const v1::Alert& entry) {
  return io::alertTopic(io::kFullStreamChannel, io::severityName(entry.severity()));
}

void CorrelatorPipeline::refreshTrackerGauges() {
  counters_.live_tracks.store(tracker_.trackCount());
  counters_.confirmed_tracks.store(tracker_.confirmedTrackCount());
}

}  // namespace picket::app
