// fusion-replay: runs the tracker on recorded or imported inputs.
//
//   fusion-replay --offline --config FILE --detections-csv IN --tracks-csv OUT
//                 [--alerts-csv FILE]
//
// --offline: imported plots (io/detections_csv.hpp) are processed in-process on one thread,
// scan by scan in file order; after each distinct input time every confirmed or coasting
// track is written to OUT at that time (io/track_csv.hpp).
// The same inputs give byte-identical outputs, so Picket can be compared with another tracker
// run on the same plots. Logs and the summary go to stderr.
// Exit status: 0 done, 1 bad configuration or input file, 2 bad usage.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include "app/log.hpp"
#include "cueing/alert_manager.hpp"
#include "io/config.hpp"
#include "io/detections_csv.hpp"
#include "io/track_csv.hpp"
#include "tracking/tracker.hpp"

namespace {

constexpr const char* kProgram = "fusion-replay";

void usage() {
  std::fprintf(stderr,
               "usage: fusion-replay --offline --config FILE --detections-csv IN "
               "--tracks-csv OUT [--alerts-csv FILE]\n"
               "  --offline            process imported plots in-process, as fast as possible\n"
               "  --config FILE        YAML configuration (see config/fusiond.example.yaml)\n"
               "  --detections-csv IN  plots: time_s,sensor and lat_deg,lon_deg[,sigma_m] or\n"
               "                       range_m,bearing_deg (header row; other columns ignored)\n"
               "  --tracks-csv OUT     one row per track update\n"
               "  --alerts-csv FILE    alert events (optional)\n");
}

/// A CSV field in double quotes, inner quotes doubled (RFC 4180).
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void writeAlertCsvHeader(std::ostream& out) {
  out << "time_s,alert_id,rule,state,track_id,lat_deg,lon_deg,reason\n";
}

void writeAlertCsvRow(std::ostream& out, const picket::cueing::AlertEvent& e) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%.3f,", static_cast<double>(e.time.ns) * 1e-9);
  out << buf << e.alert_id << ',' << e.rule << ',' << picket::cueing::toString(e.state) << ',';
  std::snprintf(buf, sizeof buf, "%llu,%.7f,%.7f,",
                static_cast<unsigned long long>(e.track.id), e.track_position.lat_deg,
                e.track_position.lon_deg);
  out << buf << quoted(e.reason) << '\n';
}

struct Options {
  bool offline = false;
  std::string config_path;
  std::string detections_path;
  std::string tracks_path;
  std::string alerts_path;
};

int runOffline(const Options& o) {
  using namespace picket;
  using app::logLine;
  io::FusiondConfig config;
  try {
    config = io::loadConfig(o.config_path);
  } catch (const io::ConfigError& e) {
    logLine(kProgram, e.what());
    return 1;
  }
  std::ifstream in(o.detections_path);
  if (!in) {
    logLine(kProgram, "cannot read detections CSV '" + o.detections_path + "'");
    return 1;
  }
  std::ofstream tracks_out(o.tracks_path, std::ios::binary | std::ios::trunc);
  if (!tracks_out) {
    logLine(kProgram, "cannot write tracks CSV '" + o.tracks_path + "'");
    return 1;
  }
  std::ofstream alerts_out;
  if (!o.alerts_path.empty()) {
    alerts_out.open(o.alerts_path, std::ios::binary | std::ios::trunc);
    if (!alerts_out) {
      logLine(kProgram, "cannot write alerts CSV '" + o.alerts_path + "'");
      return 1;
    }
  }

  const auto wall_start = std::chrono::steady_clock::now();
  std::vector<tracking::SensorInfo> sensors;
  for (const auto& s : config.sensors) sensors.push_back(s.info);
  std::uint64_t track_rows = 0;
  std::uint64_t alert_rows = 0;
  std::uint64_t measurements = 0;
  try {
    io::DetectionsCsvReader reader(in, config,
                                   [](const std::string& line) { logLine(kProgram, line); });
    tracking::Tracker tracker(config.tracker, sensors);
    cueing::AlertManager alerts(config.cueing,
                                cueing::PartnerTable(config.partners, config.default_partner));
    io::writeTrackCsvHeader(tracks_out);
    if (alerts_out.is_open()) writeAlertCsvHeader(alerts_out);

    // After each distinct input time: every confirmed or coasting track, at that time.
    const auto write_tracks_at = [&](core::Timestamp t) {
      for (const auto& [id, track] : tracker.tracks()) {
        if (track.status == core::TrackStatus::Tentative) continue;
        core::Track at_t = tracker.trackAt(id, t);
        io::writeTrackCsvRow(tracks_out, io::toTrackRow(at_t));
        ++track_rows;
      }
    };
    std::optional<core::Timestamp> pending;
    while (const auto scan = reader.next()) {
      if (pending && scan->time != *pending) write_tracks_at(*pending);
      pending = scan->time;
      measurements += scan->measurements.size();
      const tracking::StepResult step = tracker.processScan(*scan);
      for (const auto& e : alerts.onStep(tracker, step)) {
        if (alerts_out.is_open()) writeAlertCsvRow(alerts_out, e);
        ++alert_rows;
      }
    }
    if (pending) write_tracks_at(*pending);

    tracks_out.flush();
    if (!tracks_out) {
      logLine(kProgram, "error writing tracks CSV '" + o.tracks_path + "'");
      return 1;
    }
    if (alerts_out.is_open()) {
      alerts_out.flush();
      if (!alerts_out) {
        logLine(kProgram, "error writing alerts CSV '" + o.alerts_path + "'");
        return 1;
      }
    }

    const double wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    const io::DetectionsCsvStats& st = reader.stats();
    const tracking::TrackerCounters& tc = tracker.counters();
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
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.3f", wall_s);
    std::string wall = rate;
    std::snprintf(rate, sizeof rate, "%.0f",
                  wall_s > 0 ? static_cast<double>(measurements) / wall_s : 0.0);
    os << "  scans=" << st.scans << "\n"
       << "  measurements=" << measurements << "\n"
       << "  tracks_initiated=" << tc.initiated << "\n"
       << "  tracks_confirmed=" << tc.confirmed << "\n"
       << "  tracks_deleted=" << tc.deleted << "\n"
       << "  track_rows_written=" << track_rows << "\n"
       << "  alert_events=" << alert_rows << "\n"
       << "  wall_time_s=" << wall << "\n"
       << "  measurements_per_s=" << rate;
    logLine(kProgram, os.str());
  } catch (const io::DetectionsCsvError& e) {
    logLine(kProgram, e.what());
    return 1;
  } catch (const std::invalid_argument& e) {
    logLine(kProgram, std::string("configuration refused by the tracker: ") + e.what());
    return 1;
  }
  return 0;
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
    } else if (a == "--tracks-csv" && has_value) {
      o.tracks_path = argv[++i];
    } else if (a == "--alerts-csv" && has_value) {
      o.alerts_path = argv[++i];
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
                 "issue; only --offline (imported detections CSV) is available\n");
    return 2;
  }
  if (o.config_path.empty() || o.detections_path.empty() || o.tracks_path.empty()) {
    usage();
    return 2;
  }
  return runOffline(o);
}
