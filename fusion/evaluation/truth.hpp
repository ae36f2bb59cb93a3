#pragma once
// Ground truth as written by `sensors-sim --truth-csv`: one row per platform every 10 s,
//
//   time_ns,platform_id,class,illicit,lat_deg,lon_deg,alt_m,speed_mps,course_deg,mmsi

#include <cstdint>
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"

namespace picket::evaluation {

struct TruthSample {
  core::Timestamp time;
  std::string platform_id;
  std::string platform_class;  ///< e.g. merchant, go-fast, patrol-aircraft
  bool illicit = false;
  core::GeoPoint position;
  double speed_mps = 0.0;
  double course_deg = 0.0;  ///< clockwise from north
  std::uint32_t mmsi = 0;   ///< 0 = none
  bool operator==(const TruthSample&) const = default;
};

/// Reads a truth CSV row by row (a 24 h theatre's truth is hundreds of MB). The constructor
/// reads and checks the header. Throws std::runtime_error naming the line on a missing header
/// or a malformed row.
class TruthCsvReader {
 public:
  explicit TruthCsvReader(std::istream& in);  ///< `in` must outlive the reader
  std::optional<TruthSample> next();          ///< nullopt at the end

 private:
  std::istream& in_;
  std::size_t line_ = 0;
};

/// Reads a whole truth CSV (pure std, no file system: the caller opens the stream).
/// Throws std::runtime_error naming the line on a missing header or a malformed row.
std::vector<TruthSample> readTruthCsv(std::istream& in);

}  // namespace picket::evaluation
