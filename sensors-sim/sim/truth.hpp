#pragma once
// Ground truth of a run, for scoring fusiond's output.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "sim/route.hpp"
#include "sim/scenario.hpp"

namespace picket::sim {

/// One platform's true state at one time.
struct TruthRow {
  core::Timestamp time;
  std::string platform_id;
  PlatformClass platform_class = PlatformClass::Merchant;
  bool illicit = false;
  PlatformState state;
  std::uint32_t mmsi = 0;  ///< 0: the platform has no AIS
  bool operator==(const TruthRow&) const = default;
};

/// Every platform's state at start, start + step, ... before start + scenario.duration; rows
/// ordered by time, then by the platform's position in the scenario. step > 0.
std::vector<TruthRow> sampleTruth(const Scenario& scenario, core::Timestamp start,
                                  core::Duration step);

/// The truth CSV: a header line, then
/// time_ns,platform_id,class,illicit,lat_deg,lon_deg,alt_m,speed_mps,course_deg,mmsi
/// with fixed decimals (1e-7 deg, 0.01 m, 0.001 m/s, 0.01 deg), independent of the locale.
void writeTruthCsv(std::ostream& out, const std::vector<TruthRow>& rows);

/// The same CSV as writeTruthCsv(out, sampleTruth(scenario, start, step)), written row by row
/// without holding the whole run in memory (long --duration-s runs).
void writeTruthCsv(std::ostream& out, const Scenario& scenario, core::Timestamp start,
                   core::Duration step);

/// The platforms of the scenario's planted events (near misses included), each once, in the
/// order of the scenario's platforms: the suspects and decoys an evaluation of cueing needs.
std::vector<std::string> eventPlatformIds(const Scenario& scenario);

/// As writeTruthCsv(out, scenario, start, step), with only the platforms whose ids are in
/// `platform_ids` (a 24 h theatre run's full truth is hundreds of MB; its event platforms' a
/// few MB).
void writeTruthCsv(std::ostream& out, const Scenario& scenario, core::Timestamp start,
                   core::Duration step, const std::vector<std::string>& platform_ids);

/// The planted events CSV: a header line, then one row per event in scenario order:
/// id,kind,near_miss,start_ns,end_ns,start_utc,end_utc,platforms,lat_deg,lon_deg,description
/// Times are absolute (start + the event's offsets) in ns and as ISO-8601 UTC; platforms are
/// separated by ';'; the description is quoted (RFC 4180, quotes doubled). Locale-independent.
void writeEventsCsv(std::ostream& out, const Scenario& scenario, core::Timestamp start);

}  // namespace picket::sim
