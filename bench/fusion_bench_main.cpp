// fusion-bench: end-to-end load for the correlator (bench/README.md).
//
//   fusion-bench [--offline] [--e2e] --tracks N[,N...] [load options] [mode options]
//                [--json FILE] [--markdown FILE]
//   fusion-bench --quick [--json FILE] [--markdown FILE]     every mode, small sizes, < 60 s
//   fusion-bench --write-scenario DIR --tracks N [load options] [--duration-s 1800]
//                [--truth-period-s P]
//   fusion-bench --sender ENDPOINT --tracks N --batch B --send-log DIR [load options]
//
// --offline: the tracker's processScan on one thread, no I/O. All scans are generated first
// (not timed); W warm-up scans let tracks confirm; then K scans are timed (steady_clock wall
// time and CLOCK_THREAD_CPUTIME_ID CPU time around each processScan call only). One table row
// per --tracks size.
// --e2e: the real fusiond over ZeroMQ on 127.0.0.1, fed by this program in --sender mode (a
// second process), its track and alert streams read here (e2e/e2e_bench.hpp). One row per
// size and batch.
// Neither --offline nor --e2e: both. --json and --markdown write the report
// (report/report.hpp); the Markdown gets two SVG plots beside it.
// --write-scenario: DIR/detections.csv, DIR/truth.csv and DIR/config.yaml, for
// fusion-replay --offline and fusion-eval (or another tracker on the same plots).
// --sender: internal, started by --e2e (e2e/sender.hpp).
// Exit status: 0 done, 1 failure (unwritable file, tracker refused the config, an end-to-end
// run failed), 2 bad usage.

#include <malloc.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>
#include <zmq.hpp>

#include "e2e/bench_config.hpp"
#include "e2e/e2e_bench.hpp"
#include "e2e/sender.hpp"
#include "io/config.hpp"
#include "load/synthetic_load.hpp"
#include "report/report.hpp"
#include "tracking/tracker.hpp"

namespace {

namespace bench = picket::bench;
namespace core = picket::core;
namespace tracking = picket::tracking;

using bench::kSensorId;

void usage() {
  std::fprintf(
      stderr,
      "usage: fusion-bench [--offline] [--e2e] --tracks N[,N...] [options]\n"
      "       fusion-bench --quick [--json FILE] [--markdown FILE]\n"
      "       fusion-bench --write-scenario DIR --tracks N [options]\n"
      "  --tracks N[,N...]    targets; a comma list gives one row per size\n"
      "  --pd P               detection probability per sweep, [0, 1] (default 0.9)\n"
      "  --clutter C          false plots per sweep, uniform over the area (default 0;\n"
      "                       50 with --quick)\n"
      "  --noise-m S          plot position 1-sigma per axis, metres (default 50)\n"
      "  --scan-period-s T    sweep period, seconds (default 10)\n"
      "  --manoeuvring F      fraction of targets that make coordinated turns (default 0.2)\n"
      "  --seed S             generator seed (default 1)\n"
      "  --json FILE          write the report as JSON\n"
      "  --markdown FILE      write a Markdown summary, with FILE-throughput.svg and\n"
      "                       FILE-latency.svg (FILE without .md) beside it\n"
      "  --quick              every mode at small sizes (1000 targets, 50 clutter, short\n"
      "                       phases): under 60 s; with --offline or --e2e, that mode only\n"
      " --offline:\n"
      "  --scans K            timed sweeps (default 20)\n"
      "  --warmup-scans W     untimed sweeps first, so that tracks confirm (default 6; also\n"
      "                       the end-to-end warm-up)\n"
      "  --sectors S          deliver each sweep as S sector scans (default 1)\n"
      "  --max-seconds T      per size, stop warm-up and timing each after T s of tracker\n"
      "                       time (default 0 = no limit); at least one sweep is timed\n"
      "  --read-changed       each timed step also reads the published state of every track\n"
      "                       it changed, as fusiond does (the ECEF covariance is computed\n"
      "                       when read)\n"
      " --e2e (fusiond over ZeroMQ on 127.0.0.1):\n"
      "  --fusiond PATH       fusiond binary (default: beside fusion-bench)\n"
      "  --batches B[,B...]   plots per feed message, one run each (default 1,100)\n"
      "  --burst-sweeps K     sweeps sent unpaced for the maximum rate (default 4)\n"
      "  --burst-measurements M  and at least M measurements (default 300000; 60000 with\n"
      "                       --quick)\n"
      "  --latency-s T        seconds per latency level, at 10/50/90 %% of it (default 10)\n"
      "  --soak-s T           seconds of constant load, memory sampled (default 120; 0 = none)\n"
      "  --soak-tracks N      the size that soaks, with the largest batch (default: the\n"
      "                       largest --tracks size up to 10000)\n"
      " --write-scenario DIR: detections.csv, truth.csv, config.yaml in DIR (created)\n"
      "  --duration-s D       seconds of data (default 1800)\n"
      "  --truth-period-s P   truth rows every P s, a multiple of the scan period\n"
      "                       (default: every sweep)\n");
}

struct Options {
  bool offline = false;
  bool e2e = false;
  bool quick = false;
  std::string sender_endpoint;  ///< --sender mode
  std::size_t batch = 1;        ///< --sender: plots per message
  std::string send_log_dir;     ///< --sender
  std::vector<std::size_t> batches{1, 100};
  std::string fusiond_path;
  std::size_t burst_sweeps = 4;
  std::size_t burst_measurements = 300'000;
  double latency_s = 10.0;
  double soak_s = 120.0;
  std::optional<std::size_t> soak_tracks;
  std::string markdown_path;
  std::string command;
  std::string scenario_dir;
  std::vector<std::size_t> tracks;
  bench::LoadConfig load;
  std::size_t scans = 20;
  std::size_t warmup = 6;
  double max_seconds = 0.0;
  bool read_changed = false;
  std::string json_path;
  double duration_s = 1800.0;
  std::optional<double> truth_period_s;
};

std::optional<double> parseDouble(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<std::size_t> parseCount(const std::string& s) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 12) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(std::stoull(s));
}

/// Returns the options or an error message.
std::optional<Options> parseArgs(int argc, char** argv, std::string& error) {
  Options o;
  const std::vector<std::string> args(argv + 1, argv + argc);
  bool tracks_given = false, clutter_given = false, scans_given = false, warmup_given = false;
  bool burst_given = false, burst_meas_given = false, latency_given = false, soak_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& name = args[i];
    const auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        error = name + " needs a value";
        return std::nullopt;
      }
      return args[++i];
    };
    const auto number = [&](double& out, double lo, double hi) -> bool {
      const auto v = value();
      if (!v) return false;
      const auto d = parseDouble(*v);
      if (!d || *d < lo || *d > hi) {
        char buf[96];
        std::snprintf(buf, sizeof buf, ": expected a number in [%g, %g], got '", lo, hi);
        error = name + buf + *v + "'";
        return false;
      }
      out = *d;
      return true;
    };
    const auto count = [&](std::size_t& out, std::size_t lo, std::size_t hi) -> bool {
      const auto v = value();
      if (!v) return false;
      const auto n = parseCount(*v);
      if (!n || *n < lo || *n > hi) {
        error = name + ": expected an integer in [" + std::to_string(lo) + ", " +
                std::to_string(hi) + "], got '" + *v + "'";
        return false;
      }
      out = *n;
      return true;
    };
    const auto text = [&](std::string& out) -> bool {
      const auto v = value();
      if (!v) return false;
      out = *v;
      return true;
    };
    const auto countList = [&](std::vector<std::size_t>& out, std::size_t lo,
                               std::size_t hi) -> bool {
      const auto v = value();
      if (!v) return false;
      out.clear();
      std::stringstream ss(*v);
      std::string item;
      while (std::getline(ss, item, ',')) {
        const auto n = parseCount(item);
        if (!n || *n < lo || *n > hi) {
          error = name + ": expected integers in [" + std::to_string(lo) + ", " +
                  std::to_string(hi) + "] separated by commas, got '" + *v + "'";
          return false;
        }
        out.push_back(*n);
      }
      if (out.empty()) {
        error = name + ": empty list";
        return false;
      }
      return true;
    };
    if (name == "--offline") {
      o.offline = true;
    } else if (name == "--e2e") {
      o.e2e = true;
    } else if (name == "--sender") {
      if (!text(o.sender_endpoint)) return std::nullopt;
    } else if (name == "--batch") {
      if (!count(o.batch, 1, 100'000)) return std::nullopt;
    } else if (name == "--send-log") {
      if (!text(o.send_log_dir)) return std::nullopt;
    } else if (name == "--batches") {
      if (!countList(o.batches, 1, 100'000)) return std::nullopt;
    } else if (name == "--fusiond") {
      if (!text(o.fusiond_path)) return std::nullopt;
    } else if (name == "--burst-sweeps") {
      if (!count(o.burst_sweeps, 1, 10'000)) return std::nullopt;
      burst_given = true;
    } else if (name == "--burst-measurements") {
      if (!count(o.burst_measurements, 1, 1'000'000'000)) return std::nullopt;
      burst_meas_given = true;
    } else if (name == "--latency-s") {
      if (!number(o.latency_s, 0.1, 3600.0)) return std::nullopt;
      latency_given = true;
    } else if (name == "--soak-s") {
      if (!number(o.soak_s, 0.0, 7.0 * 86400.0)) return std::nullopt;
      soak_given = true;
    } else if (name == "--soak-tracks") {
      std::size_t n = 0;
      if (!count(n, 1, 10'000'000)) return std::nullopt;
      o.soak_tracks = n;
    } else if (name == "--markdown") {
      if (!text(o.markdown_path)) return std::nullopt;
    } else if (name == "--quick") {
      o.quick = true;
    } else if (name == "--write-scenario") {
      const auto v = value();
      if (!v) return std::nullopt;
      if (v->empty()) {
        error = "--write-scenario needs a directory";
        return std::nullopt;
      }
      o.scenario_dir = *v;
    } else if (name == "--tracks") {
      if (!countList(o.tracks, 1, 10'000'000)) return std::nullopt;
      tracks_given = true;
    } else if (name == "--pd") {
      if (!number(o.load.pd, 0.0, 1.0)) return std::nullopt;
    } else if (name == "--clutter") {
      if (!count(o.load.clutter_per_scan, 0, 100'000'000)) return std::nullopt;
      clutter_given = true;
    } else if (name == "--noise-m") {
      if (!number(o.load.noise_sigma_m, 0.1, 100'000.0)) return std::nullopt;
    } else if (name == "--scan-period-s") {
      if (!number(o.load.scan_period_s, 0.001, 3600.0)) return std::nullopt;
    } else if (name == "--manoeuvring") {
      if (!number(o.load.manoeuvring_fraction, 0.0, 1.0)) return std::nullopt;
    } else if (name == "--seed") {
      std::size_t seed = 0;
      if (!count(seed, 0, 999'999'999'999)) return std::nullopt;
      o.load.seed = seed;
    } else if (name == "--scans") {
      if (!count(o.scans, 1, 1'000'000)) return std::nullopt;
      scans_given = true;
    } else if (name == "--warmup-scans") {
      if (!count(o.warmup, 0, 1'000'000)) return std::nullopt;
      warmup_given = true;
    } else if (name == "--sectors") {
      if (!count(o.load.sectors, 1, 100'000)) return std::nullopt;
    } else if (name == "--max-seconds") {
      if (!number(o.max_seconds, 0.0, 1e6)) return std::nullopt;
    } else if (name == "--read-changed") {
      o.read_changed = true;
    } else if (name == "--json") {
      if (!text(o.json_path)) return std::nullopt;
    } else if (name == "--duration-s") {
      if (!number(o.duration_s, 0.0, 30.0 * 86400.0)) return std::nullopt;
    } else if (name == "--truth-period-s") {
      double p = 0.0;
      if (!number(p, 0.001, 86400.0)) return std::nullopt;
      o.truth_period_s = p;
    } else {
      error = "unknown argument '" + name + "'";
      return std::nullopt;
    }
  }
  if (!o.sender_endpoint.empty()) {
    if (o.offline || o.e2e || o.quick || !o.scenario_dir.empty() || o.tracks.size() != 1 ||
        o.send_log_dir.empty()) {
      error = "--sender takes one --tracks size and --send-log DIR, and no mode";
      return std::nullopt;
    }
    return o;
  }
  if (!o.scenario_dir.empty()) {
    if (o.offline || o.e2e || o.quick) {
      error = "--write-scenario goes alone (no --offline, --e2e or --quick)";
      return std::nullopt;
    }
  } else if (!o.offline && !o.e2e) {
    // No mode named: every mode (a full report).
    o.offline = true;
    o.e2e = true;
  }
  if (o.quick) {
    if (!tracks_given) o.tracks = {1000};
    if (!clutter_given) o.load.clutter_per_scan = 50;
    if (!scans_given) o.scans = 10;
    if (!warmup_given) o.warmup = 4;
    if (!burst_given) o.burst_sweeps = 3;
    if (!burst_meas_given) o.burst_measurements = 60'000;
    if (!latency_given) o.latency_s = 1.5;
    if (!soak_given) o.soak_s = 4.0;
  }
  if (o.tracks.empty()) {
    error = "--tracks is required";
    return std::nullopt;
  }
  if (!o.scenario_dir.empty()) {
    if (o.tracks.size() != 1) {
      error = "--write-scenario takes one --tracks size";
      return std::nullopt;
    }
    if (o.load.sectors != 1) {
      error = "--sectors goes with --offline";
      return std::nullopt;
    }
  } else if (o.e2e && o.load.sectors != 1) {
    {
      error = "--sectors goes with --offline alone (the end-to-end mode cuts sweeps into "
              "messages itself)";
      return std::nullopt;
    }
    if (o.truth_period_s) {
      const double k = *o.truth_period_s / o.load.scan_period_s;
      if (std::abs(k - std::round(k)) > 1e-9 || std::round(k) < 1.0) {
        error = "--truth-period-s must be a multiple of --scan-period-s";
        return std::nullopt;
      }
    }
  }
  return o;
}

double nowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// VmRSS of this process, bytes (0 when unreadable).
std::size_t residentBytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      return static_cast<std::size_t>(std::strtoull(line.c_str() + 6, nullptr, 10)) * 1024;
    }
  }
  return 0;
}

/// One timed correlator step. Not inlined, so that a profiler can restrict itself to the timed
/// scans: `valgrind --tool=callgrind --toggle-collect='*timedProcessScan*' fusion-bench ...`
/// counts the instructions of the timed processScan calls only (bench/README.md).
/// With `read_changed` (--read-changed) the step also reads the published state of every
/// track it changed (tracking::changedTracks), as fusiond's pipeline does when it copies them
/// for cueing and output: the tracker computes a track's ECEF covariance when it is read, so
/// this is the figure of a daemon that publishes every change.
[[gnu::noinline]] tracking::StepResult timedProcessScan(tracking::Tracker& tracker,
                                                        const core::Scan& scan,
                                                        bool read_changed, double& read_sum) {
  tracking::StepResult step = tracker.processScan(scan);
  if (read_changed) {
    // Summed into the caller's variable, so that the reads cannot be optimised away.
    for (const core::Track* t : tracking::changedTracks(tracker, step)) read_sum += t->P(0, 0);
  }
  return step;
}

/// FNV-1a (64-bit) over every bit of the tracker's outputs after a run: each live track's ID,
/// status, time, ECEF state and covariance, update count and IMM turn probability, in ID
/// order, then the counters. Equal digests mean a change to the tracker left its results bit
/// for bit the same on this load (a performance change must; bench/README.md).
std::uint64_t stateDigest(const tracking::Tracker& tracker) {
  std::uint64_t h = 1469598103934665603ull;
  const auto add = [&h](const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  };
  for (const auto& [id, t] : tracker.tracks()) {
    add(&id, sizeof id);
    const auto status = static_cast<int>(t.status);
    add(&status, sizeof status);
    const std::int64_t ns = t.time.ns;
    add(&ns, sizeof ns);
    add(t.x.data(), sizeof(double) * 6);
    add(t.P.data(), sizeof(double) * 36);
    add(&t.updates, sizeof t.updates);
    const double mu_ct = tracker.turnProbability(id);
    add(&mu_ct, sizeof mu_ct);
  }
  const tracking::TrackerCounters& c = tracker.counters();
  for (const std::uint64_t v : {c.scans, c.measurements, c.associated, c.initiated, c.confirmed,
                                c.deleted, c.merged, c.numerical_failures, c.implausible_updates}) {
    add(&v, sizeof v);
  }
  return h;
}

bench::OfflineRun runOffline(const Options& o, std::size_t targets) {
  bench::OfflineRun r;
  r.targets = targets;
  bench::LoadConfig load = o.load;
  load.targets = targets;
  load.record_truth = false;
  const picket::io::FusiondConfig config = picket::io::parseConfig(bench::benchConfigYaml(load));
  std::vector<tracking::SensorInfo> sensors;
  for (const auto& s : config.sensors) sensors.push_back(s.info);
  load.sensor_kind = sensors.at(0).kind;

  // Generate every sweep first (not timed).
  const double gen_start = nowSeconds();
  bench::SyntheticLoad generator(load);
  std::vector<core::Scan> warmup_scans;
  std::vector<core::Scan> timed_scans;
  std::vector<std::size_t> sweep_end;  ///< index into timed_scans after each timed sweep
  for (std::size_t s = 0; s < o.warmup + o.scans; ++s) {
    bench::Sweep sweep = generator.next();
    auto& into = s < o.warmup ? warmup_scans : timed_scans;
    for (auto& scan : sweep.scans) into.push_back(std::move(scan));
    if (s >= o.warmup) sweep_end.push_back(timed_scans.size());
  }
  r.generate_s = nowSeconds() - gen_start;
  r.scans_bytes = bench::approximateBytes(warmup_scans) + bench::approximateBytes(timed_scans);
  r.rss_before = residentBytes();

  {
    tracking::Tracker tracker(config.tracker, sensors);
    // Live track IDs, kept from each step's result (never from tracker.tracks()).
    std::unordered_set<core::TrackId> live;
    const auto keep = [&](const tracking::StepResult& step) {
      for (const core::TrackId id : step.initiated) live.insert(id);
      for (const auto& d : step.deleted) live.erase(d.track.id);
    };

    double warm_s = 0.0;
    for (const core::Scan& scan : warmup_scans) {
      if (o.max_seconds > 0.0 && warm_s > o.max_seconds) break;
      const double t0 = nowSeconds();
      const tracking::StepResult step = tracker.processScan(scan);
      warm_s += nowSeconds() - t0;
      keep(step);
      ++r.warmup_done;
    }
    const tracking::TrackerCounters before = tracker.counters();

    std::size_t next_sweep = 0;
    double read_sum = 0.0;
    for (std::size_t i = 0; i < timed_scans.size(); ++i) {
      const core::Scan& scan = timed_scans[i];
      const double cpu0 = threadCpuSeconds();
      const auto t0 = std::chrono::steady_clock::now();
      const tracking::StepResult step = timedProcessScan(tracker, scan, o.read_changed, read_sum);
      const auto t1 = std::chrono::steady_clock::now();
      const double cpu1 = threadCpuSeconds();
      const double dt = std::chrono::duration<double>(t1 - t0).count();
      r.wall_s += dt;
      r.cpu_s += cpu1 - cpu0;
      r.max_scan_ms = std::max(r.max_scan_ms, dt * 1e3);
      r.measurements += scan.measurements.size();
      ++r.scans_timed;
      keep(step);
      if (i + 1 == sweep_end[next_sweep]) {
        ++next_sweep;
        ++r.sweeps_timed;
        // Whole sweeps only, so that sector and single-scan runs compare.
        if (o.max_seconds > 0.0 && r.wall_s > o.max_seconds) break;
      }
    }

    const tracking::TrackerCounters& after = tracker.counters();
    r.associated = after.associated - before.associated;
    r.gate_candidates = after.gate_candidates - before.gate_candidates;
    r.gated_pairs = after.gated_pairs - before.gated_pairs;
    r.initiated = after.initiated - before.initiated;
    r.deleted = after.deleted - before.deleted;
    r.live_tracks = tracker.trackCount();
    if (live.size() != r.live_tracks) {
      std::fprintf(stderr,
                   "fusion-bench: warning: %zu live IDs from step results, trackCount() %zu\n",
                   live.size(), r.live_tracks);
    }
    for (const core::TrackId id : live) {
      const core::Track* t = tracker.find(id);
      if (t != nullptr && (t->status == core::TrackStatus::Confirmed ||
                           t->status == core::TrackStatus::Coasting)) {
        ++r.confirmed;
      }
    }
    r.rss_after = residentBytes();
    r.state_digest = stateDigest(tracker);
  }
  // Give freed memory back, so that the next size's resident figures start clean.
  warmup_scans = {};
  timed_scans = {};
  malloc_trim(0);
  return r;
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

void printTable(const Options& o, const std::vector<bench::OfflineRun>& runs) {
  const auto& l = o.load;
  std::printf(
      "fusion-bench --offline: pd %.2f, clutter %zu/sweep, noise %.1f m, sweep %.1f s, "
      "%zu sector(s), manoeuvring %.2f, seed %llu, warm-up %zu, timed %zu sweeps%s%s\n",
      l.pd, l.clutter_per_scan, l.noise_sigma_m, l.scan_period_s, l.sectors,
      l.manoeuvring_fraction, static_cast<unsigned long long>(l.seed), o.warmup, o.scans,
      o.max_seconds > 0.0 ? (" (max " + fmt("%.0f", o.max_seconds) + " s each)").c_str() : "",
      o.read_changed ? ", changed tracks read each step" : "");
  std::printf("%9s %8s %6s %9s %9s %9s %11s %10s %9s %9s %9s %9s %9s %9s %9s %9s\n", "targets",
              "wu_scans", "sweeps", "meas", "wall_s", "cpu_s", "meas/s", "ns/meas", "ms/scan",
              "max_ms", "live", "confirmed", "assoc", "init", "deleted", "B/track");
  for (const bench::OfflineRun& r : runs) {
    std::printf(
        "%9zu %8zu %6zu %9llu %9.3f %9.3f %11.0f %10.0f %9.2f %9.2f %9zu %9zu %9llu %9llu "
        "%9llu %9.0f\n",
        r.targets, r.warmup_done, r.sweeps_timed, static_cast<unsigned long long>(r.measurements),
        r.wall_s, r.cpu_s, r.measurementsPerSecond(), r.nsPerMeasurement(),
        r.scans_timed > 0 ? r.wall_s * 1e3 / static_cast<double>(r.scans_timed) : 0.0,
        r.max_scan_ms, r.live_tracks, r.confirmed, static_cast<unsigned long long>(r.associated),
        static_cast<unsigned long long>(r.initiated), static_cast<unsigned long long>(r.deleted),
        r.bytesPerTrack());
  }
  std::printf(
      "wu_scans: warm-up scans done (sectors count one each; --max-seconds may stop early); "
      "assoc/init/deleted: during the timed sweeps\n");
  std::printf(
      "memory: B/track = (VmRSS after the run - VmRSS before the tracker, scans already "
      "resident) / live tracks; sizeof(core::Track) = %zu B\n",
      sizeof(core::Track));
  for (const bench::OfflineRun& r : runs) {
    std::printf(
        "  %zu targets: generated in %.1f s, scans ~%.1f MiB, VmRSS %.1f -> %.1f MiB, state "
        "digest %016llx\n",
        r.targets, r.generate_s, static_cast<double>(r.scans_bytes) / 1048576.0,
        static_cast<double>(r.rss_before) / 1048576.0, static_cast<double>(r.rss_after) / 1048576.0,
        static_cast<unsigned long long>(r.state_digest));
    const double meas = std::max<double>(1.0, static_cast<double>(r.measurements));
    std::printf("  %zu targets: per timed measurement %.2f index candidates, %.2f gated pairs\n",
                r.targets, static_cast<double>(r.gate_candidates) / meas,
                static_cast<double>(r.gated_pairs) / meas);
  }
}

/// This executable's path (fusiond is looked for beside it; --sender re-executes it).
std::string selfPath() {
  std::error_code ec;
  const auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

void printE2e(const std::vector<bench::E2eResult>& runs) {
  std::printf("fusion-bench --e2e: fusiond over ZeroMQ on 127.0.0.1, sender in another process\n");
  std::printf("%9s %9s %11s %11s %11s %9s %9s %23s %23s %23s %8s %6s\n", "targets",
              "plots/msg", "saturated/s", "max_meas/s", "sender/s", "cpu_us/m", "B/track", "p50/p99/p99.9us@10%",
              "p50/p99/p99.9us@50%", "p50/p99/p99.9us@90%", "live", "lost");
  for (const auto& r : runs) {
    if (!r.ok) {
      std::printf("%9zu %9zu FAILED: %s\n", r.targets, r.plots_per_message, r.error.c_str());
      continue;
    }
    std::printf("%9zu %9zu %11.0f %11.0f %11.0f %9.2f %9.0f", r.targets, r.plots_per_message,
                r.burst_rate, r.max_rate, r.sender_rate, r.cpu_us_per_measurement, r.bytes_per_track);
    for (const double f : {0.1, 0.5, 0.9}) {
      std::string cell = "-";
      for (const auto& p : r.latency) {
        if (std::abs(p.fraction - f) < 1e-9 && p.latency.matched > 0) {
          char buf[64];
          std::snprintf(buf, sizeof buf, "%.0f/%.0f/%.0f%s", p.latency.p50_us, p.latency.p99_us,
                        p.latency.p999_us, p.kept_up ? "" : "!");
          cell = buf;
        }
      }
      std::printf(" %23s", cell.c_str());
    }
    std::printf(" %8llu %6llu\n", static_cast<unsigned long long>(r.live_tracks),
                static_cast<unsigned long long>(r.sequence_gaps + r.track_stream_gaps));
  }
  std::printf("latency: ! = fusiond fell behind during that level (backlog in the figures)\n");
  for (const auto& r : runs) {
    if (!r.ok || r.soak.empty()) continue;
    std::printf(
        "soak %zu targets, %zu plots/msg, %.0f meas/s for %.0f s: VmRSS %.1f -> %.1f MiB, second "
        "half %+.2f %% (slope %+.1f MiB/h), live tracks %llu -> %llu\n",
        r.targets, r.plots_per_message, r.soak_rate, r.soak.back().t_s,
        static_cast<double>(r.soak.front().rss_bytes) / 1048576.0,
        static_cast<double>(r.soak.back().rss_bytes) / 1048576.0, r.soak_growth_fraction * 100.0,
        r.soak_growth_bytes_per_hour / 1048576.0,
        static_cast<unsigned long long>(r.soak.front().live_tracks),
        static_cast<unsigned long long>(r.soak.back().live_tracks));
  }
}

int runBenchmarks(const Options& o) {
  bench::Report report;
  report.command = o.command;
  report.machine = bench::machineInfo();
  report.load = o.load;
  report.quick = o.quick;
  const double start = nowSeconds();
  int status = 0;
  if (o.offline) {
    report.offline = true;
    report.offline_warmup_sweeps = o.warmup;
    report.offline_sweeps = o.scans;
    report.max_seconds = o.max_seconds;
    for (const std::size_t n : o.tracks) {
      std::fprintf(stderr, "fusion-bench: offline, %zu targets...\n", n);
      report.offline_runs.push_back(runOffline(o, n));
    }
    printTable(o, report.offline_runs);
  }
  if (o.e2e) {
    report.e2e = true;
    bench::E2eOptions& e = report.e2e_options;
    e.self_path = selfPath();
    e.fusiond_path = o.fusiond_path;
    if (e.fusiond_path.empty()) {
      e.fusiond_path = std::filesystem::path(e.self_path).parent_path() / "fusiond";
    }
    if (e.self_path.empty() || ::access(e.fusiond_path.c_str(), X_OK) != 0) {
      std::fprintf(stderr, "fusion-bench: cannot run fusiond at '%s' (give --fusiond PATH)\n",
                   e.fusiond_path.c_str());
      return 1;
    }
    e.load = o.load;
    e.warmup_sweeps = o.warmup;
    e.burst_sweeps = o.burst_sweeps;
    e.burst_measurements = o.burst_measurements;
    e.latency_phase_s = o.latency_s;
    e.search_phase_s = o.quick ? 1.0 : 3.0;
    e.soak_s = o.soak_s;
    e.soak_chunk_s = o.quick ? 1.0 : 5.0;
    // The soak runs once: at the largest size up to 10,000 (or the smallest), largest batch.
    std::size_t soak_tracks = o.soak_tracks.value_or(0);
    if (!o.soak_tracks) {
      soak_tracks = *std::min_element(o.tracks.begin(), o.tracks.end());
      for (const std::size_t n : o.tracks) {
        if (n <= 10'000) soak_tracks = std::max(soak_tracks, n);
      }
    }
    const std::size_t soak_batch = *std::max_element(o.batches.begin(), o.batches.end());
    zmq::context_t context(1);
    for (const std::size_t n : o.tracks) {
      for (const std::size_t b : o.batches) {
        std::fprintf(stderr, "fusion-bench: end to end, %zu targets, %zu plots/message...\n", n, b);
        bench::E2eOptions run = e;
        run.soak_s = (n == soak_tracks && b == soak_batch) ? o.soak_s : 0.0;
        report.e2e_runs.push_back(bench::runEndToEnd(run, context, n, b));
        const auto& r = report.e2e_runs.back();
        if (!r.ok) {
          std::fprintf(stderr, "fusion-bench: end-to-end run failed: %s\n", r.error.c_str());
          status = 1;
        }
      }
    }
    printE2e(report.e2e_runs);
  }
  report.total_s = nowSeconds() - start;
  bench::fillLoadEnd(report.machine);
  for (const auto& t : bench::checkTargets(report)) {
    std::printf("target: %s: %s; measured %s: %s\n", t.name.c_str(), t.target.c_str(),
                t.measured.c_str(), t.status.c_str());
  }
  if (!o.json_path.empty() && !bench::writeJson(report, o.json_path)) {
    std::fprintf(stderr, "fusion-bench: cannot write JSON '%s'\n", o.json_path.c_str());
    return 1;
  }
  if (!o.markdown_path.empty() && !bench::writeMarkdown(report, o.markdown_path)) {
    std::fprintf(stderr, "fusion-bench: cannot write Markdown '%s'\n", o.markdown_path.c_str());
    return 1;
  }
  return status;
}
int writeScenario(const Options& o) {
  namespace fs = std::filesystem;
  bench::LoadConfig load = o.load;
  load.targets = o.tracks.front();
  load.record_truth = true;
  const std::string yaml = bench::benchConfigYaml(load);
  // Refuse to write a configuration fusiond would refuse (the same check as --check-config).
  const picket::io::FusiondConfig config = picket::io::parseConfig(yaml);
  load.sensor_kind = config.sensors.at(0).info.kind;

  std::error_code ec;
  fs::create_directories(o.scenario_dir, ec);
  const fs::path dir(o.scenario_dir);
  std::ofstream config_out(dir / "config.yaml", std::ios::binary | std::ios::trunc);
  std::ofstream detections(dir / "detections.csv", std::ios::binary | std::ios::trunc);
  std::ofstream truth(dir / "truth.csv", std::ios::binary | std::ios::trunc);
  if (!config_out || !detections || !truth) {
    std::fprintf(stderr, "fusion-bench: cannot write into '%s'\n", o.scenario_dir.c_str());
    return 1;
  }
  config_out << yaml;
  detections << "time_s,sensor,lat_deg,lon_deg,sigma_m\n";
  truth << "time_ns,platform_id,class,illicit,lat_deg,lon_deg,alt_m,speed_mps,course_deg,mmsi\n";

  const auto sweeps =
      static_cast<std::size_t>(std::floor(o.duration_s / load.scan_period_s + 1e-9)) + 1;
  const std::size_t truth_every =
      o.truth_period_s
          ? static_cast<std::size_t>(std::llround(*o.truth_period_s / load.scan_period_s))
          : 1;
  bench::SyntheticLoad generator(load);
  std::size_t plots = 0, clutter = 0, truth_rows = 0;
  char buf[256];
  for (std::size_t s = 0; s < sweeps; ++s) {
    const bench::Sweep sweep = generator.next();
    for (const core::Scan& scan : sweep.scans) {
      for (const core::Measurement& m : scan.measurements) {
        const auto& p = std::get<core::PositionMeasurement>(m.data).position;
        // time_s with 9 decimals from the integer nanoseconds: exact in the text.
        const std::int64_t ns = m.time.ns;
        std::snprintf(buf, sizeof buf, "%lld.%09lld,%s,%.8f,%.8f,%.3f\n",
                      static_cast<long long>(ns / 1'000'000'000),
                      static_cast<long long>(ns % 1'000'000'000), kSensorId, p.lat_deg,
                      p.lon_deg, load.noise_sigma_m);
        detections << buf;
      }
    }
    plots += sweep.target_plots;
    clutter += sweep.clutter_plots;
    if (s % truth_every != 0) continue;
    for (const bench::TruthState& t : sweep.truth) {
      std::snprintf(buf, sizeof buf, "%lld,T%06u,synthetic,0,%.8f,%.8f,0,%.3f,%.3f,0\n",
                    static_cast<long long>(sweep.time.ns), t.target, t.lat_deg, t.lon_deg,
                    t.speed_mps, t.course_deg);
      truth << buf;
      ++truth_rows;
    }
  }
  config_out.flush();
  detections.flush();
  truth.flush();
  if (!config_out || !detections || !truth) {
    std::fprintf(stderr, "fusion-bench: error writing into '%s'\n", o.scenario_dir.c_str());
    return 1;
  }
  std::printf(
      "scenario %s: %zu targets (%zu turned), %zu sweeps of %.1f s, %zu target plots, %zu "
      "clutter plots, %zu truth rows\n",
      o.scenario_dir.c_str(), load.targets, generator.targetsTurned(), sweeps,
      load.scan_period_s, plots, clutter, truth_rows);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      usage();
      return 0;
    }
  }
  std::string error;
  std::optional<Options> o = parseArgs(argc, argv, error);
  if (!o) {
    std::fprintf(stderr, "fusion-bench: %s\n", error.c_str());
    usage();
    return 2;
  }
  o->command = "fusion-bench";
  for (int i = 1; i < argc; ++i) o->command += std::string(" ") + argv[i];
  try {
    bench::validate(o->load);
    if (!o->sender_endpoint.empty()) {
      bench::SenderOptions s;
      s.endpoint = o->sender_endpoint;
      s.load = o->load;
      s.load.targets = o->tracks.front();
      s.load.record_truth = false;
      s.plots_per_message = o->batch;
      s.send_log_dir = o->send_log_dir;
      return bench::runSender(s);
    }
    return o->scenario_dir.empty() ? runBenchmarks(*o) : writeScenario(*o);
  } catch (const picket::io::ConfigError& e) {
    std::fprintf(stderr, "fusion-bench: generated configuration refused: %s\n", e.what());
    return 1;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "fusion-bench: %s\n", e.what());
    return 2;
  }
}
