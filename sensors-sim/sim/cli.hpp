#pragma once
// Command line of the sensors-sim executable, parsed without side effects so it can be tested.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace picket::sim {

struct CliOptions {
  std::string connect;               ///< fusiond's feed endpoint, e.g. tcp://127.0.0.1:41234
  /// Write the run to this recording file (docs/recording-format.md) as fast as possible
  /// instead of sending it; exclusive with `connect`.
  std::optional<std::string> record;
  double speed_factor = 1.0;         ///< simulated seconds per wall second, [0.001, 1e6]
  bool as_fast_as_possible = false;  ///< --speed max
  std::optional<std::uint64_t> seed;  ///< default: the scenario's
  /// A built-in scenario's name, a scenario file's path (contains '/' or ends in .yaml), or
  /// the name of a file in the scenario directory (resolveScenario).
  std::string scenario = "caribbean-demo";
  std::optional<double> duration_s;           ///< overrides the scenario's duration, > 0
  /// Scenario start, from --start-time-ns or --start (ISO-8601 UTC); default: the scenario's
  /// start, else the wall clock rounded down to the second.
  std::optional<std::int64_t> start_time_ns;
  double wait_subscriber_s = 10.0;            ///< > 0
  std::optional<std::string> truth_csv;       ///< path of the ground-truth CSV to write
  std::optional<std::string> events_csv;      ///< path of the planted-events CSV to write
  /// Truth CSV rows only for the platforms of planted events (--truth-platforms events).
  bool truth_event_platforms_only = false;
  std::optional<double> truth_interval_s;     ///< overrides the scenario's, [0.1, 86400]
  /// Path of fusiond's `sensors:` section for the scenario to write (--fusiond-sensors).
  std::optional<std::string> fusiond_sensors;
  /// Directory holding scenarios/ and geo/ (default: the source tree's config/, compiled in).
  std::optional<std::string> config_dir;
  bool list_scenarios = false;  ///< print the scenario names and exit; needs no --connect
  bool quiet = false;
  bool help = false;
  bool operator==(const CliOptions&) const = default;
};

/// Either options or an error message (empty when the options are valid).
struct CliParseResult {
  CliOptions options;
  std::string error;
  [[nodiscard]] bool ok() const { return error.empty(); }
};

/// True when the options only ask for files (truth, events, fusiond sensors) and no run:
/// neither --connect nor --record.
[[nodiscard]] bool filesOnly(const CliOptions& options);

/// Parses the arguments after the program name. Accepts "--name value" and "--name=value".
/// --help (or -h) short-circuits every other check.
CliParseResult parseCli(const std::vector<std::string>& args);

/// The usage text printed by --help and after an argument error.
std::string usageText();

/// Where a --scenario argument points.
struct ScenarioRef {
  bool built_in = false;
  std::string name;             ///< the built-in's name (built_in)
  std::filesystem::path file;   ///< the scenario file (!built_in)
};

/// Resolves a --scenario argument: a path (it contains '/' or ends in ".yaml") is a file; a
/// built-in name is the built-in (so the demo needs no files); any other name is
/// `<scenario_dir>/<name>.yaml` when that file exists. nullopt: none of these.
std::optional<ScenarioRef> resolveScenario(const std::string& argument,
                                           const std::filesystem::path& scenario_dir);

}  // namespace picket::sim
