#pragma once
// Scenario files: YAML (config/scenarios/*.yaml) read into a Scenario. The schema is
// documented key by key in config/scenarios/README.md; in brief:
//
//   name, description, start (ISO-8601 UTC), duration_h|_min|_s, seed, truth_interval_s,
//   area {lat_min_deg, lat_max_deg, lon_min_deg, lon_max_deg}
//   geography {land, places, ports (paths relative to the config directory), land_outlines}
//   places   [{id, lat_deg, lon_deg}]       extra named points of this scenario
//   traffic  {nodes, lanes, merchant, tanker, behaviour, fishing, pleasure, patrol_ships,
//             patrol_aircraft, commercial_air, illicit_routes, go_fasts, semi_submersibles,
//             rendezvous, suspect_flights}   built by sim/traffic.* (buildTraffic)
//   sensors  {surface_radars, ais_receivers, satellite_ais, airborne_radars, air_radars}
//   platforms [explicit platforms with waypoints or a racetrack]
//   events    [explicit planted events]
//
// Every number's unit is in its key: a quantity may be given in any unit its family accepts
// (lengths _m, _km, _nm; speeds _kn, _mps, _kmh; durations _s, _min, _h; angles _deg), once.
// The file is validated in full before anything is built: every problem is collected and
// reported together as "file:line: key.path: reason".

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace picket::sim {

/// Everything wrong with a scenario file, one "file:line: key: reason" per problem.
class ScenarioFileError : public std::runtime_error {
 public:
  explicit ScenarioFileError(std::vector<std::string> problems);
  [[nodiscard]] const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

struct ScenarioLoadOptions {
  /// Where the `geography` paths are resolved. Absent: the parent of the file's directory
  /// (files live in config/scenarios/, the geography in config/geo/).
  std::optional<std::filesystem::path> config_dir;
  /// Replaces the file's `seed` (the command line's --seed): the traffic is built with it and
  /// Scenario::seed carries it.
  std::optional<std::uint64_t> seed;
  /// Replaces the file's duration (the command line's --duration-s) before the traffic is
  /// built, so that departures and planted events cover the whole run.
  std::optional<core::Duration> duration;
};

/// Reads, validates and builds a scenario file (its traffic included). Throws
/// ScenarioFileError for any problem in the file, or in the files it names, or when the
/// traffic cannot be built (an authored lane over land).
Scenario loadScenarioFile(const std::filesystem::path& file,
                          const ScenarioLoadOptions& options = {});

/// The same from text; `source_name` stands for the file in messages and
/// `options.config_dir` (required here) resolves the geography paths.
Scenario parseScenarioYaml(const std::string& text, const std::string& source_name,
                           const ScenarioLoadOptions& options);

/// The scenario files (*.yaml) in a directory, by name without the extension, sorted.
std::vector<std::string> scenarioFileNames(const std::filesystem::path& directory);

}  // namespace picket::sim
