#pragma once
// Imported detections (plots) as a CSV file, the input of `fusion-replay --offline`: the same
// plots can be fed to Picket and to another tracker (Stone Soup's CSVDetectionReader reads the
// same layout). Header row first; columns are found by name, other columns are ignored:
//
//   time_s       seconds (any epoch: Unix time or the file's own), [0, 4102444800]
//   sensor       a sensor id of the configuration
//   lat_deg, lon_deg           a position plot, degrees (WGS 84); 1-sigma from the optional
//                              sigma_m column (metres, (0, 100000]; empty = default) or the
//                              sensor's default_position_sigma_m
//   range_m, bearing_deg       a polar plot from the sensor's configured site: range (0, 5e6]
//                              metres, bearing clockwise from true north [-360, 720] degrees;
//                              1-sigmas from the sensor's range_sigma_m, bearing_sigma_deg
//
// A file has at least one of the two pairs; each row fills exactly one of them (the cells of
// the other pair, if present, are empty). Rows are in non-decreasing time; the rows of one
// sensor with the same time_s form one core::Scan. Scans of the same time are returned in
// sensor order (the configuration's order), which is the tracker's processing order.
//
// Untrusted input: a bad row is refused with a counted reason and a rate-limited log line
// naming its file line; it never stops the reader. A malformed header, or a polar row from a
// sensor without a configured site (a configuration problem), throws DetectionsCsvError.
//
// Threading: a reader is used by one thread.

#include <array>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/measurement.hpp"
#include "io/config.hpp"
#include "io/feed_validator.hpp"

namespace picket::io {

/// Why a detections CSV row was refused.
enum class DetectionRejection : std::uint8_t {
  WrongColumns,    ///< field count differs from the header, or not exactly one of the pairs
  NotANumber,      ///< a numeric cell that does not parse as a number
  NonFinite,       ///< nan or inf
  OutOfRange,      ///< a value outside its range (see the file comment)
  UnknownSensor,   ///< sensor id not in the configuration
  NonMonotonicTime,  ///< time_s earlier than a previous accepted row's
  kCount,
};

const char* toString(DetectionRejection r);

/// A malformed header, an unreadable file or a configuration that cannot serve the file.
class DetectionsCsvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DetectionsCsvStats {
  std::uint64_t rows_read = 0;      ///< data rows (blank lines not counted)
  std::uint64_t rows_accepted = 0;  ///< rows that became a measurement
  std::array<std::uint64_t, static_cast<std::size_t>(DetectionRejection::kCount)> rejected{};
  std::uint64_t scans = 0;          ///< scans returned so far

  [[nodiscard]] std::uint64_t rejectedFor(DetectionRejection r) const {
    return rejected[static_cast<std::size_t>(r)];
  }
  [[nodiscard]] std::uint64_t rowsRejected() const;
};

class DetectionsCsvReader {
 public:
  /// Receives a log line ("line 12: unknown_sensor: 'radar-x'").
  using Log = std::function<void(const std::string&)>;
  /// Log lines per rejection reason; further rejections are only counted (one line says so).
  static constexpr std::uint64_t kMaxLoggedPerReason = 10;

  /// Reads the header row. `in` and `config` must outlive the reader. Throws
  /// DetectionsCsvError on an empty file or a malformed header (missing time_s or sensor,
  /// neither column pair complete, half a pair, a duplicated column name).
  DetectionsCsvReader(std::istream& in, const FusiondConfig& config, Log log = {});

  /// The next scan in processing order, or nullopt at the end of the file. Throws
  /// DetectionsCsvError on a polar row from a sensor with no configured site.
  std::optional<core::Scan> next();

  [[nodiscard]] const DetectionsCsvStats& stats() const { return stats_; }

 private:
  struct Columns {
    std::size_t count = 0;
    std::size_t time = 0;
    std::size_t sensor = 0;
    std::optional<std::size_t> lat, lon, sigma, range, bearing;
  };
  /// An accepted row.
  struct Row {
    std::int64_t time_ns = 0;
    core::SensorIndex sensor = 0;
    bool polar = false;
    core::Measurement measurement;
  };
  /// Reads rows until one of a later time than the pending scans' (held back) or the end.
  void fill();
  void add(Row row);
  std::optional<Row> parseRow(const std::string& line);
  void reject(DetectionRejection why, const std::string& detail);

  std::istream& in_;
  const FusiondConfig& config_;
  Log log_;
  Columns columns_;
  std::map<std::string, core::SensorIndex> sensor_index_;
  std::vector<std::optional<FixedSite>> sites_;  ///< by sensor index
  std::size_t line_ = 0;
  bool eof_ = false;
  std::optional<std::int64_t> last_time_ns_;
  /// Scans of the newest time, by sensor index, not yet returned; and a row of a later time
  /// that ended them, held back.
  std::map<core::SensorIndex, core::Scan> pending_;
  std::optional<Row> held_;
  std::vector<std::uint64_t> sequence_;  ///< scans returned per sensor
  DetectionsCsvStats stats_;
};

/// Reads a whole file into scans (tests and small tools). Same errors as the reader.
std::vector<core::Scan> readDetectionsCsv(std::istream& in, const FusiondConfig& config,
                                          DetectionsCsvStats* stats = nullptr,
                                          const DetectionsCsvReader::Log& log = {});

}  // namespace picket::io
