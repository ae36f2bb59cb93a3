// fusion-replay: plays recordings back, into a running fusiond or through the correlator in
// this process, and summarises them (docs/replay.md).
//
//   fusion-replay FILE... (--connect ENDPOINT | --config FILE) [--speed F|max] [SELECTION]
//   fusion-replay --offline --config FILE (FILE... | --recording FILE... | --detections-csv IN)
//                 --tracks-csv OUT [--tracks-interval-s S] [--alerts-csv FILE]
//                 [--alerts-recording FILE] [--outputs-recording FILE] [SELECTION]
//   fusion-replay --info [--json] FILE...
//   SELECTION: [--from T] [--to T] [--sensor ID]...
//
// Live: the feed messages of the recordings, in file order, are sent to fusiond's feed
// endpoint (an XPUB from io::SocketFactory, after fusiond's subscription has arrived) as they
// were recorded (no re-serialization), paced by their receive times at --speed F (F recorded
// seconds per wall second) or as fast as fusiond takes them (--speed max, the default):
// nothing is dropped, a full queue waits. Then an EndOfStream of --source-id (default
// fusion-replay), after which `fusiond --exit-after-eos-from fusion-replay` exits.
//
// --offline, --recording: the feed messages decoded and checked by io::FeedValidator exactly
// as fusiond's ingest thread does (bad input counted by reason), and processed by
// app::CorrelatorPipeline exactly as fusiond's tracker thread does, on the data clock
// (input.time_reference is forced to data: the recorded times, not the wall clock, are the
// reference). Records that are not feed messages (recorded tracks and alerts) are skipped and
// counted.
// --detections-csv: imported plots (io/detections_csv.hpp) processed scan by scan in file
// order, with no reorder window (the file is the order).
//
// Selection (live and offline): feed records whose receive time is in [--from, --to) (ISO 8601
// UTC, or seconds after the recording's start) and whose source is one of the --sensor IDs.
//
// Tracks CSV (io/track_csv.hpp): without --tracks-interval-s, after each distinct input time
// every confirmed or coasting track at that time; with it, a track's row whenever a step
// changes it and at least S seconds (data time) have passed since its previous row, and always
// when its status changes (confirmation, coasting, deletion): a 24 h theatre run stays a few
// hundred MB instead of many GB, and the first confirmation time stays exact.
// Alerts CSV (io/alert_csv.hpp): one row per alert event. --alerts-recording: the alert events
// as the full alert stream's messages (journal entries stamped as fusiond stamps them; receive
// time = the event's time). --outputs-recording: every track stream and alert stream message
// fusiond would publish, in its order, byte for byte what fusiond's own output recording holds
// (receive times apart: here the data time, there the wall clock).
// The same inputs give byte-identical outputs. Logs and the summary go to stderr.
// Exit status: 0 done, 1 bad configuration or input file (or a send failure), 2 bad usage or no
// fusiond subscription, 130 interrupted.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cerrno>
#include <csignal>
#include <exception>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>
#include <zmq.hpp>

#include "app/bounded_queue.hpp"
#include "app/log.hpp"
#include "io/geography.hpp"
#include "app/pipeline.hpp"
#include "io/alert_csv.hpp"
#include "io/config.hpp"
#include "io/converters.hpp"
#include "io/detections_csv.hpp"
#include "io/feed_validator.hpp"
#include "io/recording_reader.hpp"
#include "io/recording_summary.hpp"
#include "io/recording_writer.hpp"
#include "io/track_csv.hpp"
#include "io/transport.hpp"
#include "picket/v1/sensors.pb.h"
#include "picket/v1/recording.pb.h"
#include "picket/v1/tracks.pb.h"
#include "tracking/tracker.hpp"

namespace {

using namespace picket;
using app::logLine;

constexpr const char* kProgram = "fusion-replay";

void usage() {
  std::fprintf(
      stderr,
      "usage: fusion-replay FILE... (--connect ENDPOINT | --config FILE) [--speed F|max]\n"
      "                     [--source-id ID] [--wait-subscriber-s S] [SELECTION]\n"
      "       fusion-replay --offline --config FILE (FILE... | --recording FILE... |\n"
      "                     --detections-csv IN) --tracks-csv OUT [--tracks-interval-s S]\n"
      "                     [--alerts-csv FILE] [--alerts-recording FILE]\n"
      "                     [--outputs-recording FILE] [SELECTION]\n"
      "       fusion-replay --info [--json] FILE...\n"
      "  SELECTION: [--from T] [--to T] [--sensor ID]...\n"
      "\n"
      "  FILE...                recordings (sensors-sim --record, fusiond's recorder,\n"
      "                         ais-gateway --record), read in the order given\n"
      "  --connect ENDPOINT     live: fusiond's feed endpoint, e.g. tcp://127.0.0.1:5550\n"
      "  --config FILE          YAML configuration (config/fusiond.example.yaml); live: its\n"
      "                         endpoints.feeds unless --connect; offline: every sensor of\n"
      "                         the input must be configured\n"
      "  --speed F|max          live: F recorded seconds per wall second (F > 0), or max =\n"
      "                         as fast as fusiond takes them (default max)\n"
      "  --source-id ID         live: the source of the final end-of-stream (default\n"
      "                         fusion-replay; fusiond --exit-after-eos-from ID)\n"
      "  --wait-subscriber-s S  live: wait this long for fusiond's subscription (default 10)\n"
      "  --from T, --to T       only records received in [from, to): ISO 8601 UTC\n"
      "                         (2026-03-01T12:00:00Z) or seconds after the recording's start\n"
      "  --sensor ID            only feed messages of this source (repeatable)\n"
      "  --offline              process in-process, as fast as possible, on the data clock\n"
      "  --recording FILE...    the same as FILE... (every argument up to the next option)\n"
      "  --detections-csv IN    plots: time_s,sensor and lat_deg,lon_deg[,sigma_m] or\n"
      "                         range_m,bearing_deg (header row; other columns ignored)\n"
      "  --tracks-csv OUT       tracks: without --tracks-interval-s, every confirmed or\n"
      "                         coasting track after each distinct input time\n"
      "  --tracks-interval-s S  instead, a track's row when it changes, at most one per S\n"
      "                         seconds of data time per track, plus every status change;\n"
      "                         S in (0, 86400] (e.g. 10 for a 24 h theatre run)\n"
      "  --alerts-csv FILE      alert events, one row each (optional)\n"
      "  --alerts-recording FILE  the alert events as a recording of the alert stream\n"
      "  --outputs-recording FILE  every track and alert message fusiond would publish\n"
      "  --info                 summarise: time span, records per type, source and topic,\n"
      "                         chunks, corrupt chunks and torn tails; --json for JSON\n");
}

// Which records to replay (RecordFilter resolves the times against the recording).
struct Selection {
  std::string from;
  std::string to;
  std::vector<std::string> sensors;
  [[nodiscard]] bool empty() const { return from.empty() && to.empty() && sensors.empty(); }
};

struct Options {
  bool offline = false;
  bool info = false;
  bool json = false;
  std::string config_path;
  std::string detections_path;
  std::vector<std::string> recordings;
  std::string tracks_path;
  std::optional<double> tracks_interval_s;
  std::string alerts_path;
  std::string alerts_recording_path;
  std::string outputs_recording_path;
  Selection selection;
  std::string connect;
  std::optional<double> speed;  ///< nullopt = max
  std::string source_id = "fusion-replay";
  double wait_subscriber_s = 10.0;
};

// The tracks CSV in either of its two modes (see the file comment).
class TrackCsvSink {
 public:
  TrackCsvSink(std::ostream& out, std::optional<double> interval_s) : out_(out) {
    if (interval_s) interval_ = core::Duration::fromSeconds(*interval_s);
    io::writeTrackCsvHeader(out_);
  }

  /// A track a step (or an identity report) changed. Thinned mode only.
  void onTrack(const core::Track& track) {
    if (!interval_) return;
    const auto it = last_.find(track.id);
    if (track.status == core::TrackStatus::Deleted) {
      // Only tracks that were ever written get their deletion row.
      if (it == last_.end()) return;
      write(track);
      last_.erase(it);
      return;
    }
    if (track.status == core::TrackStatus::Tentative) return;
    if (it != last_.end() && it->second.status == track.status &&
        track.time - it->second.time < *interval_) {
      return;
    }
    last_[track.id] = {track.time, track.status};
    write(track);
  }

  /// A scan of time `t` is about to be processed. Snapshot mode: when the input time moves
  /// on, every confirmed or coasting track at the previous time.
  void beforeScan(const tracking::Tracker& tracker, core::Timestamp t) {
    if (interval_) return;
    if (pending_ && t != *pending_) snapshot(tracker, *pending_);
    pending_ = t;
  }

  void finish(const tracking::Tracker& tracker) {
    if (!interval_ && pending_) snapshot(tracker, *pending_);
    pending_.reset();
  }

  [[nodiscard]] std::uint64_t rows() const { return rows_; }

 private:
  struct Last {
    core::Timestamp time;
    core::TrackStatus status;
  };

  void write(const core::Track& track) {
    io::writeTrackCsvRow(out_, io::toTrackRow(track));
    ++rows_;
  }

  void snapshot(const tracking::Tracker& tracker, core::Timestamp t) {
    for (const auto& [id, track] : tracker.tracks()) {
      if (track.status == core::TrackStatus::Tentative) continue;
      write(tracker.trackAt(id, t));
    }
  }

  std::ostream& out_;
  std::optional<core::Duration> interval_;
  std::unordered_map<core::TrackId, Last> last_;
  std::optional<core::Timestamp> pending_;
  std::uint64_t rows_ = 0;
};

// Alert events to the CSV, and the outputs as fusiond publishes them (StreamStamper: numbered
// track messages, stamped alert journal entries) to the alert-stream recording and the
// outputs recording; alerts counted by rule and state.
class OutputSink {
 public:
  OutputSink(std::ostream* csv, std::unique_ptr<io::RecordingWriter> alert_recording,
             std::unique_ptr<io::RecordingWriter> outputs_recording,
             const io::FusiondConfig& config)
      : csv_(csv),
        alert_recording_(std::move(alert_recording)),
        outputs_recording_(std::move(outputs_recording)),
        stamper_(config.instance_id) {
    if (csv_) io::writeAlertCsvHeader(*csv_);
  }

  /// A changed track, as fusiond would publish it (receive time = the track's time).
  /// Track messages exist only in the outputs recording: without one, none is built (the
  /// conversion is a tenth of a 24 h replay's time).
  void onTrack(const core::Track& track, const std::vector<tracking::SensorInfo>& sensors) {
    if (!outputs_recording_) return;
    const v1::TrackStreamMessage msg = stamper_.track(track, sensors);
    outputs_recording_->appendTrack(track.time, app::StreamStamper::trackTopic(track), msg);
  }

  [[nodiscard]] bool recordsTracks() const { return outputs_recording_ != nullptr; }

  void onAlerts(const std::vector<cueing::AlertEvent>& events,
                const std::vector<tracking::SensorInfo>& sensors) {
    for (const auto& e : events) {
      if (csv_) io::writeAlertCsvRow(*csv_, io::toAlertRow(e));
      v1::AlertStreamMessage msg;
      *msg.mutable_alert() = stamper_.entry(e, sensors);
      stamper_.stamp(*msg.mutable_alert());
      const std::string topic = app::StreamStamper::alertTopic(msg.alert());
      if (alert_recording_) alert_recording_->appendAlert(e.time, topic, msg);
      if (outputs_recording_) outputs_recording_->appendAlert(e.time, topic, msg);
      ++events_;
      auto& c = by_rule_[e.rule];
      if (e.state == cueing::AlertState::Open) ++c.first;
      ++c.second;
    }
  }

  void close() {
    if (alert_recording_) alert_recording_->close();
    if (outputs_recording_) outputs_recording_->close();
  }

  [[nodiscard]] std::uint64_t events() const { return events_; }
  /// rule -> (alerts opened, events).
  [[nodiscard]] const std::map<std::string, std::pair<std::uint64_t, std::uint64_t>>& byRule()
      const {
    return by_rule_;
  }

 private:
  std::ostream* csv_;
  std::unique_ptr<io::RecordingWriter> alert_recording_;
  std::unique_ptr<io::RecordingWriter> outputs_recording_;
  app::StreamStamper stamper_;
  std::uint64_t events_ = 0;
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> by_rule_;
};

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Opens an output file; false (after a message) when it cannot be written.
bool openOutput(std::ofstream& out, const std::string& path, const char* what) {
  out.open(path, std::ios::binary | std::ios::trunc);
  if (!out) logLine(kProgram, std::string("cannot write ") + what + " '" + path + "'");
  return static_cast<bool>(out);
}

bool closeOutput(std::ofstream& out, const std::string& path, const char* what) {
  if (!out.is_open()) return true;
  out.close();
  if (!out) logLine(kProgram, std::string("error writing ") + what + " '" + path + "'");
  return static_cast<bool>(out);
}

void summariseOutputs(std::ostringstream& os, const TrackCsvSink& tracks, const OutputSink& outputs,
                      const tracking::TrackerCounters& tc) {
  os << "  tracks_initiated=" << tc.initiated << "\n"
     << "  tracks_confirmed=" << tc.confirmed << "\n"
     << "  tracks_deleted=" << tc.deleted << "\n"
     << "  tracks_merged=" << tc.merged << "\n"
     << "  track_rows_written=" << tracks.rows() << "\n"
     << "  alert_events=" << outputs.events() << "\n";
  for (const auto& [name, value] : tracking::namedCounters(tc)) {
    os << "  tracker." << name << "=" << value << "\n";
  }
  for (const auto& [rule, counts] : outputs.byRule()) {
    os << "  alerts." << rule << "=" << counts.first << " opened, " << counts.second
       << " events\n";
  }
}

// A time of --from/--to: ISO 8601 UTC (absolute), or seconds after the recording's start
// (relative, resolved at its first record). nullopt when it is neither.
struct TimeSpec {
  std::optional<core::Timestamp> absolute;
  core::Duration after_start{};
};

std::optional<TimeSpec> parseTimeSpec(const std::string& text) {
  if (auto t = io::parseUtc(text)) return TimeSpec{t, {}};
  char* end = nullptr;
  const double s = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(s) || s < 0 ||
      s > 100.0 * 365 * 86400) {
    return std::nullopt;
  }
  return TimeSpec{std::nullopt, core::Duration::fromSeconds(s)};
}

// Which records of a recording are replayed: feed messages whose receive time is in
// [from, to) and whose source is one of --sensor (all when none is given). The recording's
// start, for relative times, is the receive time of its first record.
class RecordFilter {
 public:
  /// Throws std::invalid_argument naming a bad time, or a window that is empty whatever the
  /// start (both times of one kind, from not before to).
  explicit RecordFilter(const Selection& selection)
      : sensors_(selection.sensors.begin(), selection.sensors.end()) {
    const auto parse = [](const std::string& text, const char* option) {
      auto t = parseTimeSpec(text);
      if (!t) {
        throw std::invalid_argument(std::string(option) + " '" + text +
                                    "': expected ISO 8601 UTC (2026-03-01T12:00:00Z) or "
                                    "seconds after the recording's start");
      }
      return *t;
    };
    if (!selection.from.empty()) from_spec_ = parse(selection.from, "--from");
    if (!selection.to.empty()) to_spec_ = parse(selection.to, "--to");
    if (from_spec_ && to_spec_ &&
        from_spec_->absolute.has_value() == to_spec_->absolute.has_value()) {
      const bool ordered = from_spec_->absolute ? *from_spec_->absolute < *to_spec_->absolute
                                                : from_spec_->after_start < to_spec_->after_start;
      if (!ordered) throw std::invalid_argument("--from must be before --to");
    }
  }

  /// True for a feed record to replay. Counts what it refuses.
  bool passes(const io::RecordView& view) {
    if (!resolved_) {
      const auto resolve = [&](const std::optional<TimeSpec>& spec) {
        return spec ? std::optional(spec->absolute.value_or(view.receive_time + spec->after_start))
                    : std::nullopt;
      };
      from_ = resolve(from_spec_);
      to_ = resolve(to_spec_);
      resolved_ = true;
    }
    if (view.body != io::RecordBody::Feed) {
      ++not_feed_;
      return false;
    }
    if ((from_ && view.receive_time < *from_) || (to_ && !(view.receive_time < *to_))) {
      ++outside_window_;
      return false;
    }
    if (sensors_.empty()) return true;
    // Only a sensor filter needs the message's source: parse the record (rarely used, so the
    // cost of a second parse in the validator is accepted).
    if (!record_.ParseFromArray(view.record_bytes.data(),
                                static_cast<int>(view.record_bytes.size())) ||
        !sensors_.contains(io::recordSourceId(record_))) {
      ++other_sensor_;
      return false;
    }
    return true;
  }

  void summarise(std::ostringstream& os) const {
    os << "  records_not_feed=" << not_feed_ << "\n";
    if (from_ || to_) os << "  records_outside_window=" << outside_window_ << "\n";
    if (!sensors_.empty()) os << "  records_of_other_sensors=" << other_sensor_ << "\n";
  }

 private:
  std::set<std::string> sensors_;
  std::optional<TimeSpec> from_spec_;
  std::optional<TimeSpec> to_spec_;
  bool resolved_ = false;
  std::optional<core::Timestamp> from_;
  std::optional<core::Timestamp> to_;
  v1::RecordedMessage record_;
  std::uint64_t not_feed_ = 0;
  std::uint64_t outside_window_ = 0;
  std::uint64_t other_sensor_ = 0;
};

// A run of decoded inputs handed from fusion-replay's reading thread to its correlator thread,
// with where each came from (for the message when the correlator fails).
struct DecodedBatch {
  std::vector<io::InputItem> items;
  std::vector<core::Timestamp> received;  ///< each item's receive time
  std::vector<std::uint64_t> record;      ///< each item's record number in the recording
};
// Batches keep the queue's locking rare; a few batches in flight keep both threads busy.
constexpr std::size_t kDecodedBatchItems = 256;
constexpr std::size_t kDecodedBatchesQueued = 8;

void summariseDamage(std::ostringstream& os, const io::ReadReport& rr) {
  os << "  recording_files=" << rr.files_read << "\n"
     << "  records_read=" << rr.records_read << "\n";
  if (!rr.clean()) {
    os << "  recording_damage: unparseable=" << rr.records_unparseable
       << " lost=" << rr.records_lost << " corrupt_chunks=" << rr.corrupt_chunks
       << " torn_tail_bytes=" << rr.torn_tail_bytes << "\n";
  }
}

int runRecording(const Options& o, io::FusiondConfig& config, TrackCsvSink& tracks,
                 OutputSink& outputs) {
  if (config.input.time_reference != io::TimeReference::Data) {
    logLine(kProgram, "input.time_reference: using data (offline replay judges times against "
                      "the newest accepted data, not the wall clock)");
    config.input.time_reference = io::TimeReference::Data;
  }
  const auto wall_start = std::chrono::steady_clock::now();
  io::Counters counters;
  io::FeedValidator validator(config, counters);
  std::unique_ptr<app::CorrelatorPipeline> pipeline;
  app::PipelineCallbacks callbacks;
  // The track, alerts and end-of-stream callbacks run on the pipeline's cueing thread, in
  // order; before_scan (the snapshot mode's rows) on this one. The two CSV modes never mix.
  // The tracks file needs no order with the alerts: it is written on the correlator's
  // thread, off the cueing thread (about 8 % of that thread's work in a 24 h replay). The
  // outputs recording interleaves tracks and alerts, so its tracks go with the alerts.
  callbacks.track_on_owner = [&](const core::Track& t) { tracks.onTrack(t); };
  if (outputs.recordsTracks()) {
    callbacks.track = [&](const core::Track& t) { outputs.onTrack(t, pipeline->sensors()); };
  }
  callbacks.alerts = [&](const std::vector<cueing::AlertEvent>& events) {
    outputs.onAlerts(events, pipeline->sensors());
  };
  callbacks.before_scan = [&](core::Timestamp t) {
    tracks.beforeScan(pipeline->tracker(), t);
  };
  callbacks.end_of_stream = [&](const io::EndOfStreamItem& eos) {
    logLine(kProgram, "end of stream from '" + eos.source_id + "' (" +
                          std::to_string(eos.messages_sent) + " messages sent" +
                          (eos.reason.empty() ? "" : ": " + eos.reason) + ")");
  };
  // Cueing on a thread of its own: the replay's third thread (reading, tracking, cueing).
  pipeline = std::make_unique<app::CorrelatorPipeline>(config, counters, std::move(callbacks),
                                                     kProgram, app::CueingThread::Own);

  RecordFilter filter(o.selection);
  io::RecordingReader reader(o.recordings);
  // Reading, checking and decoding the recording run on a thread of their own (5-10 % of the
  // work), so that a replay uses a second core. The correlator (this thread) takes the
  // items in the recording's order, so the outputs are the same bytes as with one thread.
  app::BoundedQueue<DecodedBatch> queue(kDecodedBatchesQueued);
  std::exception_ptr read_failure;
  std::thread decoder([&] {
    try {
      DecodedBatch batch;
      io::RecordView view;
      while (reader.nextView(view)) {
        if (!filter.passes(view)) continue;
        auto item = validator.decode(view.body_bytes.data(), view.body_bytes.size(),
                                     view.receive_time);
        if (!item) continue;
        batch.items.push_back(std::move(*item));
        batch.received.push_back(view.receive_time);
        batch.record.push_back(reader.report().records_read);
        if (batch.items.size() == kDecodedBatchItems) {
          if (!queue.pushWait(std::exchange(batch, DecodedBatch{}))) return;  // correlator failed
        }
      }
      if (!batch.items.empty()) queue.pushWait(std::move(batch));
    } catch (...) {
      read_failure = std::current_exception();
    }
    queue.close();
  });
  const auto stopDecoder = [&] {
    queue.close();
    decoder.join();
  };
  core::Timestamp received{};
  std::uint64_t record = 0;
  try {
    while (auto batch = queue.popWait()) {
      for (std::size_t i = 0; i < batch->items.size(); ++i) {
        received = batch->received[i];
        record = batch->record[i];
        pipeline->push(batch->items[i]);
      }
    }
    stopDecoder();
    if (read_failure) std::rethrow_exception(read_failure);
    pipeline->flush();
  } catch (const io::RecordingError&) {
    throw;  // the recording's fault: runOffline reports it
  } catch (const std::exception& e) {
    if (decoder.joinable()) stopDecoder();
    // A failure inside the correlator (not the input's fault: that is counted, not thrown).
    logLine(kProgram, "correlator failed at the record received " + std::to_string(received.ns) +
                          " ns (record " + std::to_string(record) + "): " + e.what());
    return 1;
  }
  tracks.finish(pipeline->tracker());

  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const std::uint64_t messages = counters.messages_received.load();
  std::ostringstream os;
  os << "summary:\n";
  summariseDamage(os, reader.report());
  filter.summarise(os);
  std::istringstream counter_lines(counters.report());
  for (std::string line; std::getline(counter_lines, line);) {
    // What fusiond publishes has no meaning here: the outputs are the files.
    if (line.rfind("tracks_published=", 0) == 0 || line.rfind("alerts_published=", 0) == 0) {
      continue;
    }
    os << "  " << line << "\n";
  }
  summariseOutputs(os, tracks, outputs, pipeline->tracker().counters());
  os << "  wall_time_s=" << fixed(wall_s, 3) << "\n"
     << "  messages_per_s=" << fixed(wall_s > 0 ? static_cast<double>(messages) / wall_s : 0.0, 0);
  logLine(kProgram, os.str());
  return 0;
}

int runDetections(const Options& o, const io::FusiondConfig& config, TrackCsvSink& tracks,
                  OutputSink& outputs) {
  std::ifstream in(o.detections_path);
  if (!in) {
    logLine(kProgram, "cannot read detections CSV '" + o.detections_path + "'");
    return 1;
  }
  const auto wall_start = std::chrono::steady_clock::now();
  io::DetectionsCsvReader reader(in, config,
                                 [](const std::string& line) { logLine(kProgram, line); });
  tracking::Tracker tracker(config.tracker, app::sensorInfos(config));
  cueing::AlertManager manager =
      io::makeAlertManager(config, [](const std::string& line) { logLine(kProgram, line); });
  std::uint64_t measurements = 0;
  while (const auto scan = reader.next()) {
    measurements += scan->measurements.size();
    tracks.beforeScan(tracker, scan->time);
    const tracking::StepResult step = tracker.processScan(*scan);
    for (const core::Track* t : tracking::changedTracks(tracker, step)) {
      tracks.onTrack(*t);
      outputs.onTrack(*t, tracker.sensors());
    }
    outputs.onAlerts(manager.onStep(tracker, step), tracker.sensors());
  }
  tracks.finish(tracker);

  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const io::DetectionsCsvStats& st = reader.stats();
  std::ostringstream os;
  os << "summary:\n"
     << "  rows_read=" << st.rows_read << "\n"
     << "  rows_accepted=" << st.rows_accepted << "\n"
     << "  rows_rejected=" << st.rowsRejected() << "\n";
  for (std::size_t r = 0; r < st.rejected.size(); ++r) {
    if (st.rejected[r] == 0) continue;
    os << "  rejected." << io::toString(static_cast<io::DetectionRejection>(r)) << "="
       << st.rejected[r] << "\n";
  }
  os << "  scans=" << st.scans << "\n"
     << "  measurements=" << measurements << "\n";
  summariseOutputs(os, tracks, outputs, tracker.counters());
  os << "  wall_time_s=" << fixed(wall_s, 3) << "\n"
     << "  measurements_per_s="
     << fixed(wall_s > 0 ? static_cast<double>(measurements) / wall_s : 0.0, 0);
  logLine(kProgram, os.str());
  return 0;
}

std::unique_ptr<io::RecordingWriter> outputRecording(const std::string& path,
                                                     const io::FusiondConfig& config,
                                                     const char* content) {
  if (path.empty()) return nullptr;
  io::RecordingWriterOptions w;
  w.path = path;
  w.overwrite = true;
  w.chunk_max_span = core::Duration::fromSeconds(3600.0);  // offline: chunks fill by size
  w.writer = kProgram;
  w.metadata = {{"instance_id", config.instance_id}, {"content", content}};
  return std::make_unique<io::RecordingWriter>(std::move(w));
}

int runOffline(const Options& o) {
  io::FusiondConfig config;
  try {
    config = io::loadConfig(o.config_path);
  } catch (const io::ConfigError& e) {
    logLine(kProgram, e.what());
    return 1;
  }
  std::ofstream tracks_out;
  std::ofstream alerts_out;
  if (!openOutput(tracks_out, o.tracks_path, "tracks CSV")) return 1;
  if (!o.alerts_path.empty() && !openOutput(alerts_out, o.alerts_path, "alerts CSV")) return 1;
  int status = 0;
  try {
    TrackCsvSink tracks(tracks_out, o.tracks_interval_s);
    OutputSink outputs(alerts_out.is_open() ? &alerts_out : nullptr,
                       outputRecording(o.alerts_recording_path, config, "alerts"),
                       outputRecording(o.outputs_recording_path, config, "outputs"), config);
    status = o.recordings.empty() ? runDetections(o, config, tracks, outputs)
                                  : runRecording(o, config, tracks, outputs);
    outputs.close();
  } catch (const io::DetectionsCsvError& e) {
    logLine(kProgram, e.what());
    return 1;
  } catch (const io::RecordingError& e) {
    logLine(kProgram, e.what());
    return 1;
  } catch (const std::invalid_argument& e) {
    logLine(kProgram, std::string("refused: ") + e.what());
    return 1;
  }
  if (!closeOutput(tracks_out, o.tracks_path, "tracks CSV")) return 1;
  if (!closeOutput(alerts_out, o.alerts_path, "alerts CSV")) return 1;
  return status;
}

// ---- live replay ----

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void onSignal(int /*signal*/) { g_interrupted = 1; }

// Sleeps are cut into slices so that a signal is noticed soon.
constexpr std::chrono::milliseconds kMaxSleep{200};
// How long closing the feed socket may wait for fusiond to take the last queued messages
// (fusiond may be busy with a full input queue at --speed max).
constexpr std::chrono::seconds kCloseLinger{300};
// Messages queued in this process before a send waits for fusiond (never dropped: XPUB_NODROP).
constexpr int kSendHighWaterMark = 10000;

// Sends [topic, body] without re-serializing the recorded body; a full queue waits. A signal
// during the wait (EINTR) is retried so that a message is never left half sent (the next
// message's frames would join it); the caller then sees the interruption flag.
bool sendRaw(zmq::socket_t& socket, std::string_view topic, std::string_view body) {
  const auto send = [&](std::string_view frame, zmq::send_flags flags) {
    for (;;) {
      try {
        return socket.send(zmq::buffer(frame.data(), frame.size()), flags).has_value();
      } catch (const zmq::error_t& e) {
        if (e.num() != EINTR) return false;
      }
    }
  };
  return send(topic, zmq::send_flags::sndmore) && send(body, zmq::send_flags::none);
}

int runLive(const Options& o) {
  std::string endpoint = o.connect;
  if (endpoint.empty()) {
    try {
      endpoint = io::loadConfig(o.config_path).endpoints.feeds.address;
    } catch (const io::ConfigError& e) {
      logLine(kProgram, e.what());
      return 1;
    }
  }
  std::optional<io::RecordingReader> reader;
  std::optional<RecordFilter> filter;
  try {
    filter.emplace(o.selection);
    reader.emplace(o.recordings);
  } catch (const io::RecordingError& e) {
    logLine(kProgram, e.what());
    return 1;
  } catch (const std::invalid_argument& e) {
    logLine(kProgram, e.what());
    return 2;
  }

  zmq::context_t context(1);
  io::SocketFactory factory(context);
  io::EndpointConfig ep;
  ep.address = endpoint;
  ep.linger = kCloseLinger;
  ep.send_high_water_mark = kSendHighWaterMark;
  // A replay must not lose messages when fusiond is slower than --speed: wait instead of
  // dropping at the high-water mark.
  ep.wait_at_high_water_mark = true;
  zmq::socket_t socket;
  try {
    socket = factory.connectFeedOutput(ep);
  } catch (const zmq::error_t& e) {
    logLine(kProgram, "cannot connect to '" + endpoint + "': " + e.what());
    return 2;
  }
  logLine(kProgram, "waiting for fusiond's subscription on " + endpoint);
  const auto wait = std::chrono::milliseconds(std::llround(o.wait_subscriber_s * 1000.0));
  if (!io::waitForSubscriber(socket, wait)) {
    logLine(kProgram, "no subscriber on " + endpoint + " within " + fixed(o.wait_subscriber_s, 1) +
                          " s (is fusiond running with its feed input bound there?)");
    return 2;
  }
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);

  using Clock = std::chrono::steady_clock;
  const Clock::time_point wall_start = Clock::now();
  std::optional<core::Timestamp> first;
  core::Timestamp last{};
  std::uint64_t sent = 0;
  std::uint64_t send_failures = 0;
  // Waits until `t` is due at the chosen speed; false when interrupted first.
  const auto waitUntilDue = [&](core::Timestamp t) {
    if (!o.speed) return g_interrupted == 0;  // --speed max
    if (!first) first = t;
    const double offset_ns = std::clamp(static_cast<double>((t - *first).ns) / *o.speed, 0.0, 1e18);
    const Clock::time_point due =
        wall_start + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::nanoseconds(static_cast<std::int64_t>(offset_ns)));
    while (g_interrupted == 0) {
      const Clock::time_point now = Clock::now();
      if (now >= due) return true;
      std::this_thread::sleep_until(std::min(due, now + kMaxSleep));
    }
    return false;
  };

  io::RecordView view;
  bool interrupted = false;
  while (reader->nextView(view)) {
    if (!filter->passes(view)) continue;
    if (!waitUntilDue(view.receive_time)) {
      interrupted = true;
      break;
    }
    if (sendRaw(socket, view.topic, view.body_bytes)) {
      ++sent;
    } else {
      ++send_failures;
    }
    last = view.receive_time;
  }
  interrupted = interrupted || g_interrupted != 0;

  // The replay's own end of stream, after everything it sent: fusiond processes the whole
  // reorder window first (fusiond --exit-after-eos-from <source-id> then exits).
  v1::FeedMessage eos;
  auto* end = eos.mutable_end_of_stream();
  end->mutable_header()->set_source_id(o.source_id);
  end->mutable_header()->set_sequence(1);
  end->mutable_header()->set_time_ns(last.ns);
  end->set_reason(interrupted ? "replay interrupted" : "end of replay");
  end->set_messages_sent(sent);
  if (!sendRaw(socket, "eos", eos.SerializeAsString())) ++send_failures;
  const double wall_s = std::chrono::duration<double>(Clock::now() - wall_start).count();
  socket.close();  // waits (up to kCloseLinger) until fusiond has taken everything

  std::ostringstream os;
  os << "summary:\n";
  summariseDamage(os, reader->report());
  filter->summarise(os);
  os << "  messages_sent=" << sent << "\n"
     << "  send_failures=" << send_failures << "\n"
     << "  wall_time_s=" << fixed(wall_s, 3) << "\n"
     << "  messages_per_s=" << fixed(wall_s > 0 ? static_cast<double>(sent) / wall_s : 0.0, 0);
  if (interrupted) os << "\n  interrupted=1";
  logLine(kProgram, os.str());
  if (interrupted) return 130;
  return send_failures > 0 ? 1 : 0;
}

int runInfo(const Options& o) {
  try {
    io::RecordingReaderOptions ro;
    ro.skip_bad_files = true;  // a damaged file is part of what --info reports
    io::RecordingReader reader(o.recordings, ro);
    const io::RecordingSummary summary = io::summarizeRecording(reader);
    const std::string text = o.json ? io::formatSummaryJson(summary) + "\n" : io::formatSummary(summary);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return summary.files.empty() ? 1 : 0;
  } catch (const std::exception& e) {
    logLine(kProgram, e.what());
    return 1;
  }
}

bool parseSpeed(const std::string& v, std::optional<double>& out) {
  if (v == "max") {
    out.reset();
    return true;
  }
  char* end = nullptr;
  const double f = std::strtod(v.c_str(), &end);
  if (v.empty() || end != v.c_str() + v.size() || !std::isfinite(f) || !(f > 0.0) || f > 1e6) {
    return false;
  }
  out = f;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  const auto bad = [](const std::string& text) {
    std::fprintf(stderr, "fusion-replay: %s\n", text.c_str());
    usage();
    return 2;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--offline") {
      o.offline = true;
    } else if (a == "--info") {
      o.info = true;
    } else if (a == "--json") {
      o.json = true;
    } else if (a == "--config" && has_value) {
      o.config_path = argv[++i];
    } else if (a == "--detections-csv" && has_value) {
      o.detections_path = argv[++i];
    } else if (a == "--recording" && has_value) {
      // Every following argument up to the next option is a file (shell globs).
      while (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) {
        o.recordings.emplace_back(argv[++i]);
      }
    } else if (a == "--tracks-csv" && has_value) {
      o.tracks_path = argv[++i];
    } else if (a == "--tracks-interval-s" && has_value) {
      const std::string v = argv[++i];
      char* end = nullptr;
      const double s = std::strtod(v.c_str(), &end);
      if (v.empty() || end != v.c_str() + v.size() || !(s > 0.0 && s <= 86400.0)) {
        std::fprintf(stderr, "fusion-replay: --tracks-interval-s must be in (0, 86400], got '%s'\n",
                     v.c_str());
        return 2;
      }
      o.tracks_interval_s = s;
    } else if (a == "--alerts-csv" && has_value) {
      o.alerts_path = argv[++i];
    } else if (a == "--alerts-recording" && has_value) {
      o.alerts_recording_path = argv[++i];
    } else if (a == "--outputs-recording" && has_value) {
      o.outputs_recording_path = argv[++i];
    } else if (a == "--connect" && has_value) {
      o.connect = argv[++i];
    } else if (a == "--speed" && has_value) {
      if (!parseSpeed(argv[++i], o.speed)) {
        return bad(std::string("--speed must be a factor > 0 (at most 1e6) or max, got '") +
                   argv[i] + "'");
      }
    } else if (a == "--from" && has_value) {
      o.selection.from = argv[++i];
    } else if (a == "--to" && has_value) {
      o.selection.to = argv[++i];
    } else if (a == "--sensor" && has_value) {
      o.selection.sensors.emplace_back(argv[++i]);
    } else if (a == "--source-id" && has_value) {
      o.source_id = argv[++i];
      if (o.source_id.empty()) return bad("--source-id must not be empty");
    } else if (a == "--wait-subscriber-s" && has_value) {
      const std::string v = argv[++i];
      char* end = nullptr;
      o.wait_subscriber_s = std::strtod(v.c_str(), &end);
      if (v.empty() || end != v.c_str() + v.size() ||
          !(o.wait_subscriber_s > 0.0 && o.wait_subscriber_s <= 3600.0)) {
        return bad("--wait-subscriber-s must be in (0, 3600], got '" + v + "'");
      }
    } else if (a == "--help" || a == "-h") {
      usage();
      return 0;
    } else if (a.rfind("--", 0) != 0) {
      o.recordings.push_back(a);  // FILE...
    } else {
      return bad("unknown or incomplete argument '" + a + "'");
    }
  }
  if (static_cast<int>(o.offline) + static_cast<int>(o.info) > 1) {
    return bad("give one of --offline and --info");
  }
  if (o.info) {
    if (o.recordings.empty()) return bad("--info needs recording files");
    return runInfo(o);
  }
  if (o.offline) {
    if (o.config_path.empty() || o.tracks_path.empty() ||
        o.detections_path.empty() == o.recordings.empty()) {
      if (!o.detections_path.empty() && !o.recordings.empty()) {
        std::fprintf(stderr, "fusion-replay: give recordings or --detections-csv, not both\n");
      }
      usage();
      return 2;
    }
    if (!o.detections_path.empty() && !o.selection.empty()) {
      return bad("--from, --to and --sensor select records of recordings, not of a CSV");
    }
    return runOffline(o);
  }
  // Live replay into a running fusiond.
  if (o.recordings.empty()) {
    return bad("live replay (record-and-replay, docs/replay.md) needs recording files; "
               "--offline runs the correlator in this process instead");
  }
  if (o.connect.empty() && o.config_path.empty()) {
    return bad("live replay needs --connect ENDPOINT (fusiond's feed endpoint) or --config "
               "FILE (its endpoints.feeds)");
  }
  if (!o.tracks_path.empty() || !o.alerts_path.empty() || !o.detections_path.empty() ||
      !o.alerts_recording_path.empty() || !o.outputs_recording_path.empty()) {
    return bad("output files and --detections-csv belong to --offline; a live replay's outputs "
               "are fusiond's");
  }
  return runLive(o);
}
