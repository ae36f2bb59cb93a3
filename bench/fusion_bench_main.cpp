// fusion-bench: end-to-end load for the correlator (bench/README.md).
//
//   fusion-bench --offline --tracks N[,N...] [--pd 0.9] [--clutter C] [--noise-m 50]
//                [--scan-period-s 10] [--scans K] [--warmup-scans W] [--sectors S]
//                [--manoeuvring F] [--seed S] [--max-seconds T] [--json FILE] [--quick]
//   fusion-bench --write-scenario DIR --tracks N [--pd ..] [--clutter ..] [--noise-m ..]
//                [--scan-period-s ..] [--duration-s 1800] [--truth-period-s P]
//                [--manoeuvring F] [--seed ..]
//
// --offline: the tracker's processScan on one thread, no I/O. All scans are generated first
// (not timed); W warm-up scans let tracks confirm; then K scans are timed (steady_clock wall
// time and CLOCK_THREAD_CPUTIME_ID CPU time around each processScan call only). One table row
// per --tracks size.
// --write-scenario: DIR/detections.csv, DIR/truth.csv and DIR/config.yaml, for
// fusion-replay --offline and fusion-eval (or another tracker on the same plots).
// Exit status: 0 done, 1 failure (unwritable file, tracker refused the config), 2 bad usage.

#include <malloc.h>
#include <time.h>

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

#include "io/config.hpp"
#include "load/synthetic_load.hpp"
#include "tracking/tracker.hpp"

namespace {

namespace bench = picket::bench;
namespace core = picket::core;
namespace tracking = picket::tracking;

constexpr const char* kSensorId = "plots";

void usage() {
  std::fprintf(
      stderr,
      "usage: fusion-bench --offline --tracks N[,N...] [options]\n"
      "       fusion-bench --write-scenario DIR --tracks N [options]\n"
      "  --tracks N[,N...]    targets; a comma list gives one --offline row per size\n"
      "  --pd P               detection probability per sweep, [0, 1] (default 0.9)\n"
      "  --clutter C          false plots per sweep, uniform over the area (default 0)\n"
      "  --noise-m S          plot position 1-sigma per axis, metres (default 50)\n"
      "  --scan-period-s T    sweep period, seconds (default 10)\n"
      "  --manoeuvring F      fraction of targets that make coordinated turns (default 0.2)\n"
      "  --seed S             generator seed (default 1)\n"
      " --offline:\n"
      "  --scans K            timed sweeps (default 20)\n"
      "  --warmup-scans W     untimed sweeps first, so that tracks confirm (default 6)\n"
      "  --sectors S          deliver each sweep as S sector scans (default 1)\n"
      "  --max-seconds T      per size, stop warm-up and timing each after T s of tracker\n"
      "                       time (default 0 = no limit); at least one sweep is timed\n"
      "  --json FILE          also write the results as JSON\n"
      "  --quick              1000 tracks, 50 clutter, 4 warm-up and 10 timed sweeps\n"
      " --write-scenario DIR: detections.csv, truth.csv, config.yaml in DIR (created)\n"
      "  --duration-s D       seconds of data (default 1800)\n"
      "  --truth-period-s P   truth rows every P s, a multiple of the scan period\n"
      "                       (default: every sweep)\n");
}

struct Options {
  bool offline = false;
  bool quick = false;
  std::string scenario_dir;
  std::vector<std::size_t> tracks;
  bench::LoadConfig load;
  std::size_t scans = 20;
  std::size_t warmup = 6;
  double max_seconds = 0.0;
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
    if (name == "--offline") {
      o.offline = true;
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
      const auto v = value();
      if (!v) return std::nullopt;
      std::stringstream ss(*v);
      std::string item;
      while (std::getline(ss, item, ',')) {
        const auto n = parseCount(item);
        if (!n || *n < 1 || *n > 10'000'000) {
          error = "--tracks: expected integers in [1, 10000000] separated by commas, got '" +
                  *v + "'";
          return std::nullopt;
        }
        o.tracks.push_back(*n);
      }
      if (o.tracks.empty()) {
        error = "--tracks: empty list";
        return std::nullopt;
      }
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
    } else if (name == "--json") {
      const auto v = value();
      if (!v) return std::nullopt;
      o.json_path = *v;
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
  if (o.offline == !o.scenario_dir.empty()) {
    error = "give exactly one of --offline and --write-scenario DIR";
    return std::nullopt;
  }
  if (o.quick) {
    if (!o.offline) {
      error = "--quick goes with --offline";
      return std::nullopt;
    }
    if (!tracks_given) o.tracks = {1000};
    if (!clutter_given) o.load.clutter_per_scan = 50;
    if (!scans_given) o.scans = 10;
    if (!warmup_given) o.warmup = 4;
  }
  if (o.tracks.empty()) {
    error = "--tracks is required";
    return std::nullopt;
  }
  if (!o.offline) {
    if (o.tracks.size() != 1) {
      error = "--write-scenario takes one --tracks size";
      return std::nullopt;
    }
    if (o.load.sectors != 1) {
      error = "--sectors goes with --offline";
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

/// The fusiond configuration of a synthetic load: one sensor of geolocated plots, the
/// tracker's defaults. Both modes use it, so that --offline measures the tracker that
/// fusion-replay runs on a written scenario.
std::string configYaml(const bench::LoadConfig& load) {
  char sigma[32];
  std::snprintf(sigma, sizeof sigma, "%.3f", load.noise_sigma_m);
  char range[32];
  // Geolocated plots carry no sensor position, so coverage is not used for misses; the key is
  // required to be in range, and the largest value documents "the whole area".
  std::snprintf(range, sizeof range, "%d", 5'000'000);
  std::ostringstream y;
  y << "# Written by fusion-bench --write-scenario: a synthetic load of geolocated plots\n"
    << "# (bench/load/synthetic_load.hpp). Keys as in config/fusiond.example.yaml.\n"
    << "instance_id: fusion-bench\n"
    << "sensors:\n"
    << "  - id: " << kSensorId << "\n"
    << "    # Non-cooperative geolocated contacts (lat_deg,lon_deg,sigma_m rows).\n"
    << "    kind: airborne_eo_ir\n"
    << "    domain: surface\n"
    << "    max_range_m: " << range << "\n"
    << "    # Rows carry sigma_m; this is the same value, for rows without one.\n"
    << "    default_position_sigma_m: " << sigma << "\n"
    << "# tracker: defaults (config/fusiond.example.yaml).\n"
    << "cueing:\n"
    << "  dark_target:\n"
    << "    # Every synthetic target is non-cooperative: each track would raise an alert.\n"
    << "    enabled: false\n"
    << "partners:\n"
    << "  default: {id: HS, name: High seas authority}\n";
  return y.str();
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
[[gnu::noinline]] tracking::StepResult timedProcessScan(tracking::Tracker& tracker,
                                                        const core::Scan& scan) {
  return tracker.processScan(scan);
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

struct RunResult {
  std::size_t targets = 0;
  std::size_t warmup_done = 0;
  std::size_t scans_timed = 0;  ///< scans (sector scans count one each)
  std::size_t sweeps_timed = 0;
  std::uint64_t measurements = 0;  ///< timed
  double wall_s = 0.0;
  double cpu_s = 0.0;
  double max_scan_ms = 0.0;
  std::size_t live_tracks = 0;
  std::size_t confirmed = 0;
  std::uint64_t associated = 0;  ///< during the timed scans
  std::uint64_t initiated = 0;
  std::uint64_t deleted = 0;
  double generate_s = 0.0;
  std::size_t scans_bytes = 0;
  std::size_t rss_before = 0;  ///< after generating the scans, before the tracker
  std::size_t rss_after = 0;   ///< after the run, tracker alive
  std::uint64_t state_digest = 0;  ///< stateDigest() of the tracker after the run

  [[nodiscard]] double measurementsPerSecond() const {
    return wall_s > 0.0 ? static_cast<double>(measurements) / wall_s : 0.0;
  }
  [[nodiscard]] double nsPerMeasurement() const {
    return measurements > 0 ? wall_s * 1e9 / static_cast<double>(measurements) : 0.0;
  }
  [[nodiscard]] double bytesPerTrack() const {
    if (live_tracks == 0 || rss_after < rss_before) return 0.0;
    return static_cast<double>(rss_after - rss_before) / static_cast<double>(live_tracks);
  }
};

RunResult runOffline(const Options& o, std::size_t targets) {
  RunResult r;
  r.targets = targets;
  bench::LoadConfig load = o.load;
  load.targets = targets;
  load.record_truth = false;
  const picket::io::FusiondConfig config = picket::io::parseConfig(configYaml(load));
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
    for (std::size_t i = 0; i < timed_scans.size(); ++i) {
      const core::Scan& scan = timed_scans[i];
      const double cpu0 = threadCpuSeconds();
      const auto t0 = std::chrono::steady_clock::now();
      const tracking::StepResult step = timedProcessScan(tracker, scan);
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

void printTable(const Options& o, const std::vector<RunResult>& runs) {
  const auto& l = o.load;
  std::printf(
      "fusion-bench --offline: pd %.2f, clutter %zu/sweep, noise %.1f m, sweep %.1f s, "
      "%zu sector(s), manoeuvring %.2f, seed %llu, warm-up %zu, timed %zu sweeps%s\n",
      l.pd, l.clutter_per_scan, l.noise_sigma_m, l.scan_period_s, l.sectors,
      l.manoeuvring_fraction, static_cast<unsigned long long>(l.seed), o.warmup, o.scans,
      o.max_seconds > 0.0 ? (" (max " + fmt("%.0f", o.max_seconds) + " s each)").c_str() : "");
  std::printf("%9s %8s %6s %9s %9s %9s %11s %10s %9s %9s %9s %9s %9s %9s %9s %9s\n", "targets",
              "wu_scans", "sweeps", "meas", "wall_s", "cpu_s", "meas/s", "ns/meas", "ms/scan",
              "max_ms", "live", "confirmed", "assoc", "init", "deleted", "B/track");
  for (const RunResult& r : runs) {
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
  for (const RunResult& r : runs) {
    std::printf(
        "  %zu targets: generated in %.1f s, scans ~%.1f MiB, VmRSS %.1f -> %.1f MiB, state "
        "digest %016llx\n",
        r.targets, r.generate_s, static_cast<double>(r.scans_bytes) / 1048576.0,
        static_cast<double>(r.rss_before) / 1048576.0, static_cast<double>(r.rss_after) / 1048576.0,
        static_cast<unsigned long long>(r.state_digest));
  }
}

bool writeJson(const Options& o, const std::vector<RunResult>& runs) {
  std::ofstream out(o.json_path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  const auto& l = o.load;
  out << "{\"tool\":\"fusion-bench\",\"mode\":\"offline\",\"config\":{\"pd\":" << fmt("%.4f", l.pd)
      << ",\"clutter_per_scan\":" << l.clutter_per_scan
      << ",\"noise_m\":" << fmt("%.3f", l.noise_sigma_m)
      << ",\"scan_period_s\":" << fmt("%.3f", l.scan_period_s) << ",\"sectors\":" << l.sectors
      << ",\"manoeuvring_fraction\":" << fmt("%.4f", l.manoeuvring_fraction)
      << ",\"seed\":" << l.seed << ",\"warmup_scans\":" << o.warmup << ",\"scans\":" << o.scans
      << ",\"max_seconds\":" << fmt("%.3f", o.max_seconds)
      << ",\"sizeof_track\":" << sizeof(core::Track) << "},\"runs\":[";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RunResult& r = runs[i];
    out << (i == 0 ? "" : ",") << "{\"targets\":" << r.targets
        << ",\"warmup_scans_done\":" << r.warmup_done << ",\"sweeps_timed\":" << r.sweeps_timed
        << ",\"scans_timed\":" << r.scans_timed << ",\"measurements\":" << r.measurements
        << ",\"wall_s\":" << fmt("%.6f", r.wall_s) << ",\"cpu_s\":" << fmt("%.6f", r.cpu_s)
        << ",\"measurements_per_s\":" << fmt("%.1f", r.measurementsPerSecond())
        << ",\"ns_per_measurement\":" << fmt("%.1f", r.nsPerMeasurement())
        << ",\"max_scan_ms\":" << fmt("%.3f", r.max_scan_ms) << ",\"live_tracks\":" << r.live_tracks
        << ",\"confirmed_tracks\":" << r.confirmed << ",\"associated\":" << r.associated
        << ",\"initiated\":" << r.initiated << ",\"deleted\":" << r.deleted
        << ",\"scans_bytes\":" << r.scans_bytes << ",\"rss_before_tracker_bytes\":" << r.rss_before
        << ",\"rss_after_bytes\":" << r.rss_after
        << ",\"bytes_per_track\":" << fmt("%.1f", r.bytesPerTrack()) << "}";
  }
  out << "]}\n";
  out.flush();
  return static_cast<bool>(out);
}

int runOfflineMode(const Options& o) {
  std::vector<RunResult> runs;
  for (const std::size_t n : o.tracks) {
    std::fprintf(stderr, "fusion-bench: %zu targets...\n", n);
    runs.push_back(runOffline(o, n));
  }
  printTable(o, runs);
  if (!o.json_path.empty() && !writeJson(o, runs)) {
    std::fprintf(stderr, "fusion-bench: cannot write JSON '%s'\n", o.json_path.c_str());
    return 1;
  }
  return 0;
}

int writeScenario(const Options& o) {
  namespace fs = std::filesystem;
  bench::LoadConfig load = o.load;
  load.targets = o.tracks.front();
  load.record_truth = true;
  const std::string yaml = configYaml(load);
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
  const std::optional<Options> o = parseArgs(argc, argv, error);
  if (!o) {
    std::fprintf(stderr, "fusion-bench: %s\n", error.c_str());
    usage();
    return 2;
  }
  try {
    bench::validate(o->load);
    return o->offline ? runOfflineMode(*o) : writeScenario(*o);
  } catch (const picket::io::ConfigError& e) {
    std::fprintf(stderr, "fusion-bench: generated configuration refused: %s\n", e.what());
    return 1;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "fusion-bench: %s\n", e.what());
    return 2;
  }
}
