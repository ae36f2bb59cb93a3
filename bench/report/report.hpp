#pragma once
// fusion-bench's report: what was measured, on which machine, against issue 7's targets, as
// JSON (--json FILE), a Markdown summary (--markdown FILE) and two SVG plots beside it
// (FILE without .md + "-throughput.svg" and "-latency.svg"; hand-written SVG 1.1, log x axis).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "e2e/e2e_bench.hpp"
#include "load/synthetic_load.hpp"

namespace picket::bench {

/// One --offline size: the tracker's processScan on one thread, no I/O.
struct OfflineRun {
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
  std::uint64_t gate_candidates = 0;  ///< track-plot pairs the index proposed (timed scans)
  std::uint64_t gated_pairs = 0;      ///< of them, inside the chi-square gate (timed scans)
  std::uint64_t initiated = 0;
  std::uint64_t deleted = 0;
  double generate_s = 0.0;
  std::size_t scans_bytes = 0;
  std::size_t rss_before = 0;  ///< after generating the scans, before the tracker
  std::size_t rss_after = 0;   ///< after the run, tracker alive
  std::uint64_t state_digest = 0;

  [[nodiscard]] double measurementsPerSecond() const;     ///< wall time
  [[nodiscard]] double measurementsPerCpuSecond() const;  ///< thread CPU time
  [[nodiscard]] double nsPerMeasurement() const;          ///< wall
  [[nodiscard]] double cpuNsPerMeasurement() const;
  [[nodiscard]] double bytesPerTrack() const;
};

struct MachineInfo {
  std::string cpu_model;
  unsigned cores = 0;
  std::uint64_t memory_bytes = 0;
  std::string kernel;
  std::string compiler;
  std::string build;  ///< "optimised" or "debug (NDEBUG unset)"
  std::string date_utc;
  double load_start[3] = {0, 0, 0};  ///< /proc/loadavg when the run started
  double load_end[3] = {0, 0, 0};
};

/// Reads /proc and uname; load_end is left at zero (fillLoadEnd).
MachineInfo machineInfo();
void fillLoadEnd(MachineInfo& m);

struct Report {
  std::string command;  ///< the command line
  MachineInfo machine;
  LoadConfig load;      ///< targets varies per run
  bool quick = false;
  // offline
  bool offline = false;
  std::size_t offline_warmup_sweeps = 0;
  std::size_t offline_sweeps = 0;
  double max_seconds = 0.0;
  std::vector<OfflineRun> offline_runs;
  // end to end
  bool e2e = false;
  E2eOptions e2e_options;
  std::vector<E2eResult> e2e_runs;
  double total_s = 0.0;
};

/// One of issue 7's targets and what was measured for it.
struct TargetCheck {
  std::string name;
  std::string target;
  std::string measured;
  std::string status;  ///< "met", "not met", "not measured"
};
std::vector<TargetCheck> checkTargets(const Report& report);

/// Returns false when the file cannot be written.
bool writeJson(const Report& report, const std::string& path);
/// Writes the Markdown and its two SVG plots; false when a file cannot be written.
bool writeMarkdown(const Report& report, const std::string& path);

/// A line chart as SVG: x on a log10 axis, y linear from 0 (or log10 with `log_y`: latencies
/// span decades). Exposed for tests.
struct Series {
  std::string name;
  std::vector<std::pair<double, double>> points;  ///< (x > 0, y >= 0)
};
std::string svgChart(const std::string& title, const std::string& x_label,
                     const std::string& y_label, const std::vector<Series>& series,
                     bool log_y = false);

}  // namespace picket::bench
