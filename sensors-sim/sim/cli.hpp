#pragma once
// Command line of the sensors-sim executable, parsed without side effects so it can be tested.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace picket::sim {

struct CliOptions {
  std::string connect;               ///< fusiond's feed endpoint, e.g. tcp://127.0.0.1:41234
  double speed_factor = 1.0;         ///< simulated seconds per wall second, [0.001, 1e6]
  bool as_fast_as_possible = false;  ///< --speed max
  std::uint64_t seed = 1;
  std::string scenario = "caribbean-demo";
  std::optional<double> duration_s;           ///< overrides the scenario's duration, > 0
  std::optional<std::int64_t> start_time_ns;  ///< default: wall clock, whole second
  double wait_subscriber_s = 10.0;            ///< > 0
  std::optional<std::string> truth_csv;       ///< path of the ground-truth CSV to write
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

/// Parses the arguments after the program name. Accepts "--name value" and "--name=value".
/// --help (or -h) short-circuits every other check.
CliParseResult parseCli(const std::vector<std::string>& args);

/// The usage text printed by --help and after an argument error.
std::string usageText();

}  // namespace picket::sim
