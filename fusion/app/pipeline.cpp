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

CorrelatorPipeline::CorrelatorPipeline(const io::FusiondConfig& config, io::Counters& counters,
                                       PipelineCallbacks callbacks, std::string program)
    : config_(config),
      counters_(counters),
      callbacks_(std::move(callbacks)),
      tracker_(config_.tracker, sensorInfos(config_)),
      alerts_(io::makeAlertManager(config_, [program = std::move(program)](const std::string& line) {
        logLine(program.c_str(), line);
      })),
      reorder_(core::Duration::fromSeconds(config_.input.reorder_window_s)) {}

void CorrelatorPipeline::push(const io::InputItem& item, core::Timestamp now) {
  if (std::holds_alternative<io::EndOfStreamItem>(item)) {
    // Everything the source sent came before its end-of-stream: release the whole window
    // (whatever its time) so that it is processed before the end is acted on.
    std::vector<io::InputItem> items = reorder_.flush();
    items.push_back(item);
    process(std::move(items));
    return;
  }
  if (!reorder_.push(item)) counters_.late_after_reorder.fetch_add(1, std::memory_order_relaxed);
  const core::Timestamp floor =
      config_.input.time_reference == io::TimeReference::Wall ? now : core::Timestamp{};
  process(reorder_.release(floor));
}

void CorrelatorPipeline::tick(core::Timestamp now) {
  if (config_.input.time_reference != io::TimeReference::Wall) return;
  process(reorder_.release(now));
  const auto step =
      tracker_.advanceTo(now - core::Duration::fromSeconds(config_.input.reorder_window_s));
  report(step);
  refreshGauges();
}

void CorrelatorPipeline::flush() {
  process(reorder_.flush());
}

void CorrelatorPipeline::report(const tracking::StepResult& step) {
  if (callbacks_.track) {
    for (const core::Track* t : tracking::changedTracks(tracker_, step)) callbacks_.track(*t);
  }
  // The alert manager runs on every step, reported or not: its state must not depend on
  // which callbacks the caller set.
  const std::vector<cueing::AlertEvent> events = alerts_.onStep(tracker_, step);
  if (!events.empty() && callbacks_.alerts) callbacks_.alerts(events);
}

void CorrelatorPipeline::process(std::vector<io::InputItem> items) {
  for (auto& item : items) {
    if (const auto* scan = std::get_if<core::Scan>(&item)) {
      if (callbacks_.before_scan) callbacks_.before_scan(scan->time);
      const auto step = tracker_.processScan(*scan);
      counters_.scans_processed.fetch_add(1, std::memory_order_relaxed);
      report(step);
    } else if (const auto* id = std::get_if<core::IdentityReport>(&item)) {
      for (const core::TrackId t : tracker_.applyIdentity(*id)) {
        if (const auto* track = tracker_.find(t); track && callbacks_.track) {
          callbacks_.track(*track);
        }
      }
    } else if (callbacks_.end_of_stream) {
      callbacks_.end_of_stream(std::get<io::EndOfStreamItem>(item));
    }
  }
  refreshGauges();
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

void CorrelatorPipeline::refreshGauges() {
  counters_.live_tracks.store(tracker_.trackCount());
  counters_.confirmed_tracks.store(tracker_.confirmedTrackCount());
  counters_.open_alerts.store(alerts_.openAlerts());
}

}  // namespace picket::app
