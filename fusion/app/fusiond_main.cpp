// fusiond: the Picket correlator daemon.
//
//   fusiond --config FILE [--check-config] [--exit-after-eos N] [--exit-after-eos-from ID]
//           [--journal-dir DIR] [--record-dir DIR]
//
// stdout carries two machine-readable lines: "READY feeds=... tracks=... alerts=...
// recovery=..." once the sockets are bound, and "SUMMARY key=value ..." at exit. Logs and counters go to stderr.

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include "app/fusion_daemon.hpp"
#include "app/log.hpp"
#include "io/clock.hpp"
#include "io/config.hpp"

namespace {

void usage() {
  std::fprintf(stderr,
               "usage: fusiond --config FILE [--check-config] [--exit-after-eos N]\n"
               "               [--exit-after-eos-from ID] [--journal-dir DIR] [--record-dir DIR]\n"
               "  --config FILE       YAML configuration (see config/fusiond.example.yaml)\n"
               "  --check-config      validate the configuration, print it, and exit\n"
               "  --exit-after-eos N  exit by itself after N end-of-stream messages\n"
               "  --exit-after-eos-from ID  exit by itself after the end-of-stream message of\n"
               "                      source ID (e.g. fusion-replay: the end of a replay)\n"
               "  --journal-dir DIR   alert journal directory (overrides journal.directory)\n"
               "  --record-dir DIR    recording directory (overrides recording.directory)\n");
}

}  // namespace

int main(int argc, char** argv) {
  using picket::app::logLine;
  std::string config_path;
  bool check_only = false;
  std::optional<std::string> journal_dir;
  std::optional<std::string> record_dir;
  picket::app::DaemonOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--config" && i + 1 < argc) {
      config_path = argv[++i];
    } else if (a == "--journal-dir" && i + 1 < argc) {
      journal_dir = argv[++i];
    } else if (a == "--record-dir" && i + 1 < argc) {
      record_dir = argv[++i];
    } else if (a == "--exit-after-eos-from" && i + 1 < argc) {
      options.exit_after_end_of_stream_from = argv[++i];
      if (options.exit_after_end_of_stream_from.empty()) {
        usage();
        return 2;
      }
    } else if (a == "--check-config") {
      check_only = true;
    } else if (a == "--exit-after-eos" && i + 1 < argc) {
      try {
        options.exit_after_end_of_streams = std::stoi(argv[++i]);
      } catch (const std::exception&) {
        usage();
        return 2;
      }
    } else if (a == "--help" || a == "-h") {
      usage();
      return 0;
    } else {
      std::fprintf(stderr, "fusiond: unknown argument '%s'\n", a.c_str());
      usage();
      return 2;
    }
  }
  if (config_path.empty()) {
    usage();
    return 2;
  }

  picket::io::FusiondConfig config;
  try {
    config = picket::io::loadConfig(config_path);
    if (journal_dir) config.journal.directory = *journal_dir;
    if (record_dir) config.recording.directory = *record_dir;
  } catch (const picket::io::ConfigError& e) {
    std::fprintf(stderr, "fusiond: %s\n", e.what());
    return 1;
  }
  logLine("fusiond", "effective configuration:\n" + picket::io::describeConfig(config));
  if (check_only) return 0;

  try {
    zmq::context_t context(1);
    picket::io::SystemClock clock;
    picket::app::FusionDaemon daemon(config, context, clock, options);
    // Signals through Boost.Asio on their own thread: the handler only asks the daemon to stop.
    boost::asio::io_context signal_io;
    boost::asio::signal_set signals(signal_io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int sig) {
      if (ec) return;
      logLine("fusiond", std::string("received ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") +
                             ", shutting down");
      daemon.requestStop();
    });
    std::thread signal_thread([&] { signal_io.run(); });

    // READY only once signals are handled: a supervisor may signal as soon as it reads it.
    const auto& ep = daemon.endpoints();
    std::printf("READY feeds=%s tracks=%s alerts=%s recovery=%s\n", ep.feeds.c_str(),
                ep.tracks.c_str(), ep.alerts.c_str(), ep.alert_recovery.c_str());
    std::fflush(stdout);
    logLine("fusiond", "listening: feeds " + ep.feeds + ", tracks " + ep.tracks + ", alerts " +
                           ep.alerts + ", alert recovery " + ep.alert_recovery);

    daemon.run();

    signal_io.stop();
    signal_thread.join();

    const std::string report = daemon.report();
    logLine("fusiond", "final counters:\n" + report);
    const auto& c = daemon.counters();
    std::printf(
        "SUMMARY messages_received=%llu messages_accepted=%llu rejected=%llu scans=%llu "
        "tracks_live=%llu tracks_confirmed=%llu tracks_initiated=%llu alerts=%llu\n",
        static_cast<unsigned long long>(c.messages_received.load()),
        static_cast<unsigned long long>(c.messages_accepted.load()),
        static_cast<unsigned long long>(c.items_rejected.load()),
        static_cast<unsigned long long>(c.scans_processed.load()),
        static_cast<unsigned long long>(c.live_tracks.load()),
        static_cast<unsigned long long>(c.confirmed_tracks.load()),
        static_cast<unsigned long long>(daemon.tracker().counters().initiated),
        static_cast<unsigned long long>(c.alerts_published.load()));
    std::fflush(stdout);
  } catch (const zmq::error_t& e) {
    std::fprintf(stderr, "fusiond: cannot set up sockets: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fusiond: %s\n", e.what());
    return 1;
  }
  return 0;
}
