#pragma once
// The planted events CSV that `sensors-sim --events-csv` writes and `fusion-eval --events`
// reads (sensors-sim/sim/truth.hpp, writeEventsCsv):
//
//   id,kind,near_miss,start_ns,end_ns,start_utc,end_utc,platforms,lat_deg,lon_deg,description
//
// platforms separated by ';'; the description quoted (RFC 4180).

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace picket::io {

struct EventRow {
  std::string id;
  std::string kind;
  bool near_miss = false;
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::vector<std::string> platform_ids;
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  std::string description;
  bool operator==(const EventRow&) const = default;
};

/// Reads a whole events CSV. Throws std::runtime_error naming the line on a bad header or row
/// (wrong field count, near_miss not 0/1, bad number, end before start, no platform).
std::vector<EventRow> readEventsCsv(std::istream& in);

}  // namespace picket::io
