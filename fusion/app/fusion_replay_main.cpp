// fusion-replay: runs the correlator on recorded or imported inputs, as fast as possible.
//
//   fusion-replay --offline --config FILE (--recording FILE... | --detections-csv IN)
//                 --tracks-csv OUT [--tracks-interval-s S] [--alerts-csv FILE]
//                 [--alerts-recording FILE]
//
// --recording: sensor feed messages of recordings (docs/recording-format.md, what
// `sensors-sim --record` and fusiond's recorder write), read in file order, decoded and checked
// by io::FeedValidator exactly as fusiond's ingest thread does (bad input counted by reason),
// and processed by app::CorrelatorPipeline exactly as fusiond's tracker thread does, on the
// data clock (input.time_reference is forced to data: the recorded times, not the wall clock,
// are the reference). Records that are not feed messages (recorded tracks and alerts) are
// skipped and counted.
// --detections-csv: imported plots (io/detections_csv.hpp) processed scan by scan in file
// order, with no reorder window (the file is the order).
//
// Tracks CSV (io/track_csv.hpp): without --tracks-interval-s, after each distinct input time
// every confirmed or coasting track at that time; with it, a track's row whenever a step
// changes it and at least S seconds (data time) have passed since its previous row, and always
// when its status changes (confirmation, coasting, deletion): a 24 h theatre run stays a few
// hundred MB instead of many GB, and the first confirmation time stays exact.
// Alerts CSV (io/alert_csv.hpp): one row per alert event. --alerts-recording: the same events
// as AlertStreamMessages in a recording (receive time = the event's time), as fusiond would
// have published them.
// The same inputs give byte-identical outputs. Logs and the summary go to stderr.
// Exit status: 0 done, 1 bad configuration or input file, 2 bad usage.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "app/log.hpp"
#include "io/geography.hpp"
#include "app/pipeline.hpp"
#include "io/alert_csv.hpp"
#include "io/config.hpp"
#include "io/converters.hpp"
#include "io/detections_csv.hpp"
#include "io/feed_validator.hpp"
#include "io/recording_reader.hpp"
#include "io/recording_writer.hpp"
#include "io/track_csv.hpp"
#include "picket/v1/tracks.pb.h"
#include "tracking/tracker.hpp"

namespace {

using namespace picket;
using app::logLine;

constexpr const char* kProgram = "fusion-replay";

void usage() {
  std::fprintf(
      stderr,
      "usage: fusion-replay --offline --config FILE (--recording FILE... | --detections-csv IN)\n"
      "                     --tracks-csv OUT [--tracks-interval-s S] [--alerts-csv FILE]\n"
      "                     [--alerts-recording FILE]\n"
      "  --offline              process in-process, as fast as possible, on the data clock\n"
      "  --config FILE          YAML configuration (see config/fusiond.example.yaml); every\n"
      "                         sensor of the input must be configured\n"
      "  --recording FILE...    feed recordings (sensors-sim --record, fusiond's recorder),\n"
      "                         read in the order given; repeat the option or list the files\n"
      "  --detections-csv IN    plots: time_s,sensor and lat_deg,lon_deg[,sigma_m] or\n"
      "                         range_m,bearing_deg (header row; other columns ignored)\n"
      "  --tracks-csv OUT       tracks: without --tracks-interval-s, every confirmed or\n"
      "                         coasting track after each distinct input time\n"
      "  --tracks-interval-s S  instead, a track's row when it changes, at most one per S\n"
      "                         seconds of data time per track, plus every status change;\n"
      "                         S in (0, 86400] (e.g. 10 for a 24 h theatre run)\n"
      "  --alerts-csv FILE      alert events, one row each (optional)\n"
      "  --alerts-recording FILE  the alert events as a recording of the alert stream\n");
}

struct Options {
  bool offline = false;
  std::string config_path;
  std::string detections_path;
  std::vector<std::string> recordings;
  std::string tracks_path;
  std::optional<double> tracks_interval_s;
  std::string alerts_path;
  std::string alerts_recording_path;
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
  std::map<core::TrackId, Last> last_;
  std::optional<core::Timestamp> pending_;
  std::uint64_t rows_ = 0;
};

// Alert events to the CSV and/or the alert-stream recording, counted by rule and state.
class AlertSink {
 public:
  AlertSink(std::ostream* csv, std::unique_ptr<io::RecordingWriter> recording,
            const io::FusiondConfig& config)
      : csv_(csv), recording_(std::move(recording)), config_(config) {
    if (csv_) io::writeAlertCsvHeader(*csv_);
  }

  void onAlert(const cueing::AlertEvent& e, const std::vector<tracking::SensorInfo>& sensors) {
    if (csv_) io::writeAlertCsvRow(*csv_, io::toAlertRow(e));
    if (recording_) {
      v1::AlertStreamMessage msg;
      io::toProto(e, sensors, config_.instance_id, ++sequence_, *msg.mutable_alert());
      recording_->appendAlert(e.time, std::string("alert/") + cueing::toString(e.severity), msg);
    }
    ++events_;
    auto& c = by_rule_[e.rule];
    if (e.state == cueing::AlertState::Open) ++c.first;
    ++c.second;
  }

  void close() {
    if (recording_) recording_->close();
  }

  [[nodiscard]] std::uint64_t events() const { return events_; }
  /// rule -> (alerts opened, events).
  [[nodiscard]] const std::map<std::string, std::pair<std::uint64_t, std::uint64_t>>& byRule()
      const {
    return by_rule_;
  }

 private:
  std::ostream* csv_;
  std::unique_ptr<io::RecordingWriter> recording_;
  const io::FusiondConfig& config_;
  std::uint64_t sequence_ = 0;
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

void summariseOutputs(std::ostringstream& os, const TrackCsvSink& tracks, const AlertSink& alerts,
                      const tracking::TrackerCounters& tc) {
  os << "  tracks_initiated=" << tc.initiated << "\n"
     << "  tracks_confirmed=" << tc.confirmed << "\n"
     << "  tracks_deleted=" << tc.deleted << "\n"
     << "  track_rows_written=" << tracks.rows() << "\n"
     << "  alert_events=" << alerts.events() << "\n";
  for (const auto& [rule, counts] : alerts.byRule()) {
    os << "  alerts." << rule << "=" << counts.first << " opened, " << counts.second
       << " events\n";
  }
}

int runRecording(const Options& o, io::FusiondConfig& config, TrackCsvSink& tracks,
                 AlertSink& alerts) {
  if (config.input.time_reference != io::TimeReference::Data) {
    logLine(kProgram, "input.time_reference: using data (offline replay judges times against "
                      "the newest accepted data, not the wall clock)");
    config.input.time_reference = io::TimeReference::Data;
  }
  const auto wall_start = std::chrono::steady_clock::now();
  io::Counters counters;
  io::FeedValidator validator(config, counters);
  std::uint64_t records_not_feed = 0;
  std::unique_ptr<app::CorrelatorPipeline> pipeline;
  app::PipelineCallbacks callbacks;
  callbacks.track = [&](const core::Track& t) { tracks.onTrack(t); };
  callbacks.alert = [&](const cueing::AlertEvent& e) {
    alerts.onAlert(e, pipeline->tracker().sensors());
  };
  callbacks.before_scan = [&](core::Timestamp t) {
    tracks.beforeScan(pipeline->tracker(), t);
  };
  callbacks.end_of_stream = [&](const io::EndOfStreamItem& eos) {
    logLine(kProgram, "end of stream from '" + eos.source_id + "' (" +
                          std::to_string(eos.messages_sent) + " messages sent" +
                          (eos.reason.empty() ? "" : ": " + eos.reason) + ")");
  };
  pipeline = std::make_unique<app::CorrelatorPipeline>(config, counters, std::move(callbacks));

  io::RecordingReader reader(o.recordings);
  io::RecordView view;
  try {
    while (reader.nextView(view)) {
      if (view.body != io::RecordBody::Feed) {
        ++records_not_feed;
        continue;
      }
      const auto item = validator.decode(view.body_bytes.data(), view.body_bytes.size(),
                                         view.receive_time);
      if (item) pipeline->push(*item);
    }
    pipeline->flush();
  } catch (const std::exception& e) {
    // A failure inside the correlator (not the input's fault: that is counted, not thrown).
    logLine(kProgram, "correlator failed at the record received " +
                          std::to_string(view.receive_time.ns) + " ns (record " +
                          std::to_string(reader.report().records_read) + "): " + e.what());
    return 1;
  }
  tracks.finish(pipeline->tracker());

  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const io::ReadReport& rr = reader.report();
  const std::uint64_t messages = counters.messages_received.load();
  std::ostringstream os;
  os << "summary:\n"
     << "  recording_files=" << rr.files_read << "\n"
     << "  records_read=" << rr.records_read << "\n"
     << "  records_not_feed=" << records_not_feed << "\n";
  if (!rr.clean()) {
    os << "  recording_damage: unparseable=" << rr.records_unparseable
       << " lost=" << rr.records_lost << " corrupt_chunks=" << rr.corrupt_chunks
       << " torn_tail_bytes=" << rr.torn_tail_bytes << "\n";
  }
  std::istringstream counter_lines(counters.report());
  for (std::string line; std::getline(counter_lines, line);) {
    // What fusiond publishes has no meaning here: the outputs are the files.
    if (line.rfind("tracks_published=", 0) == 0 || line.rfind("alerts_published=", 0) == 0) {
      continue;
    }
    os << "  " << line << "\n";
  }
  summariseOutputs(os, tracks, alerts, pipeline->tracker().counters());
  os << "  wall_time_s=" << fixed(wall_s, 3) << "\n"
     << "  messages_per_s=" << fixed(wall_s > 0 ? static_cast<double>(messages) / wall_s : 0.0, 0);
  logLine(kProgram, os.str());
  return 0;
}

int runDetections(const Options& o, const io::FusiondConfig& config, TrackCsvSink& tracks,
                  AlertSink& alerts) {
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
    for (const core::Track* t : tracking::changedTracks(tracker, step)) tracks.onTrack(*t);
    for (const auto& e : manager.onStep(tracker, step)) alerts.onAlert(e, tracker.sensors());
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
  summariseOutputs(os, tracks, alerts, tracker.counters());
  os << "  wall_time_s=" << fixed(wall_s, 3) << "\n"
     << "  measurements_per_s="
     << fixed(wall_s > 0 ? static_cast<double>(measurements) / wall_s : 0.0, 0);
  logLine(kProgram, os.str());
  return 0;
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
    std::unique_ptr<io::RecordingWriter> alert_recording;
    if (!o.alerts_recording_path.empty()) {
      io::RecordingWriterOptions w;
      w.path = o.alerts_recording_path;
      w.overwrite = true;
      w.chunk_max_span = core::Duration::fromSeconds(3600.0);  // offline: chunks fill by size
      w.writer = kProgram;
      w.metadata = {{"instance_id", config.instance_id}};
      alert_recording = std::make_unique<io::RecordingWriter>(std::move(w));
    }
    TrackCsvSink tracks(tracks_out, o.tracks_interval_s);
    AlertSink alerts(alerts_out.is_open() ? &alerts_out : nullptr, std::move(alert_recording),
                     config);
    status = o.recordings.empty() ? runDetections(o, config, tracks, alerts)
                                  : runRecording(o, config, tracks, alerts);
    alerts.close();
  } catch (const io::DetectionsCsvError& e) {
    logLine(kProgram, e.what());
    return 1;
  } catch (const io::RecordingError& e) {
    logLine(kProgram, e.what());
    return 1;
  } catch (const std::invalid_argument& e) {
    logLine(kProgram, std::string("configuration refused by the tracker: ") + e.what());
    return 1;
  }
  if (!closeOutput(tracks_out, o.tracks_path, "tracks CSV")) return 1;
  if (!closeOutput(alerts_out, o.alerts_path, "alerts CSV")) return 1;
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--offline") {
      o.offline = true;
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
    } else if (a == "--help" || a == "-h") {
      usage();
      return 0;
    } else {
      std::fprintf(stderr, "fusion-replay: unknown or incomplete argument '%s'\n", a.c_str());
      usage();
      return 2;
    }
  }
  if (!o.offline) {
    std::fprintf(stderr,
                 "fusion-replay: live replay of recordings comes with the record-and-replay "
                 "issue; only --offline (recordings or an imported detections CSV) is "
                 "available\n");
    return 2;
  }
  if (o.config_path.empty() || o.tracks_path.empty() ||
      o.detections_path.empty() == o.recordings.empty()) {
    if (!o.detections_path.empty() && !o.recordings.empty()) {
      std::fprintf(stderr, "fusion-replay: give --recording or --detections-csv, not both\n");
    }
    usage();
    return 2;
  }
  return runOffline(o);
}
