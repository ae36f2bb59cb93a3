#include "io/detections_csv.hpp"

#include <charconv>
#include <cmath>
#include <istream>
#include <sstream>

#include "io/csv_line.hpp"

namespace picket::io {

namespace {

// 2100-01-01T00:00:00Z as seconds: time_s * 1e9 stays far inside int64.
constexpr double kMaxTimeS = 4'102'444'800.0;
// The same plausibility limits as FeedValidator's radar plots.
constexpr double kMaxRangeM = 5'000'000.0;
constexpr double kMinBearingDeg = -360.0;
constexpr double kMaxBearingDeg = 720.0;
constexpr double kMaxSigmaM = 100'000.0;

}  // namespace

const char* toString(DetectionRejection r) {
  switch (r) {
    case DetectionRejection::WrongColumns: return "wrong_columns";
    case DetectionRejection::NotANumber: return "not_a_number";
    case DetectionRejection::NonFinite: return "non_finite";
    case DetectionRejection::OutOfRange: return "out_of_range";
    case DetectionRejection::UnknownSensor: return "unknown_sensor";
    case DetectionRejection::NonMonotonicTime: return "non_monotonic_time";
    case DetectionRejection::kCount: break;
  }
  return "?";
}

std::uint64_t DetectionsCsvStats::rowsRejected() const {
  std::uint64_t n = 0;
  for (const auto v : rejected) n += v;
  return n;
}

DetectionsCsvReader::DetectionsCsvReader(std::istream& in, const FusiondConfig& config, Log log)
    : in_(in), config_(config), log_(std::move(log)) {
  for (std::size_t i = 0; i < config_.sensors.size(); ++i) {
    const SensorConfig& s = config_.sensors[i];
    sensor_index_.emplace(s.info.id, static_cast<core::SensorIndex>(i));
    sites_.push_back(s.site ? std::optional<FixedSite>(fixedSite(*s.site)) : std::nullopt);
  }
  sequence_.assign(config_.sensors.size(), 0);

  std::string header;
  while (std::getline(in_, header)) {
    ++line_;
    if (!isBlankCsvLine(header)) break;
  }
  if (isBlankCsvLine(header)) throw DetectionsCsvError("detections CSV: empty file, no header row");
  if (header.rfind("\xEF\xBB\xBF", 0) == 0) header.erase(0, 3);  // UTF-8 byte order mark

  // An open quote leaves the rest of the line in the last cell, which then matches no column.
  std::vector<std::string> names;
  splitCsvLine(header, names);
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) continue;
    if (!index.emplace(names[i], i).second) {
      throw DetectionsCsvError("detections CSV header (line " + std::to_string(line_) +
                               "): column '" + names[i] + "' appears twice");
    }
  }
  const auto find = [&](const char* name) -> std::optional<std::size_t> {
    const auto it = index.find(name);
    if (it == index.end()) return std::nullopt;
    return it->second;
  };
  const std::string where = "detections CSV header (line " + std::to_string(line_) + "): ";
  const auto time = find("time_s");
  const auto sensor = find("sensor");
  if (!time || !sensor) {
    throw DetectionsCsvError(where + "needs the columns time_s and sensor, got '" +
                             trimCsvCell(header) + "'");
  }
  columns_.count = names.size();
  columns_.time = *time;
  columns_.sensor = *sensor;
  columns_.lat = find("lat_deg");
  columns_.lon = find("lon_deg");
  columns_.sigma = find("sigma_m");
  columns_.range = find("range_m");
  columns_.bearing = find("bearing_deg");
  if (columns_.lat.has_value() != columns_.lon.has_value()) {
    throw DetectionsCsvError(where + "lat_deg and lon_deg go together");
  }
  if (columns_.range.has_value() != columns_.bearing.has_value()) {
    throw DetectionsCsvError(where + "range_m and bearing_deg go together");
  }
  if (!columns_.lat && !columns_.range) {
    throw DetectionsCsvError(where + "needs lat_deg,lon_deg (position plots) or " +
                             "range_m,bearing_deg (polar plots), got '" + trimCsvCell(header) + "'");
  }
}

void DetectionsCsvReader::reject(DetectionRejection why, const std::string& detail) {
  auto& n = stats_.rejected[static_cast<std::size_t>(why)];
  ++n;
  if (!log_) return;
  if (n <= kMaxLoggedPerReason) {
    log_("detections CSV line " + std::to_string(line_) + ": " + toString(why) + ": " + detail);
  } else if (n == kMaxLoggedPerReason + 1) {
    log_(std::string("detections CSV: further ") + toString(why) +
         " rows are counted, not logged");
  }
}

std::optional<DetectionsCsvReader::Row> DetectionsCsvReader::parseRow(const std::string& line) {
  // An open quote leaves the rest of the line in the last cell, which then fails its parse.
  std::vector<std::string> cells;
  splitCsvLine(line, cells);
  if (cells.size() != columns_.count) {
    reject(DetectionRejection::WrongColumns, std::to_string(cells.size()) +
                                                 " fields, the header has " +
                                                 std::to_string(columns_.count));
    return std::nullopt;
  }

  // Parses a whole cell as a number in [lo, hi] (open at lo when lo_open), or rejects.
  const auto number = [&](std::size_t column, const char* name, double lo, double hi,
                          bool lo_open) -> std::optional<double> {
    const std::string& cell = cells[column];
    double v = 0.0;
    const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
    if (cell.empty() || ec != std::errc() || end != cell.data() + cell.size()) {
      reject(DetectionRejection::NotANumber, std::string(name) + " '" + cell + "'");
      return std::nullopt;
    }
    if (!std::isfinite(v)) {
      reject(DetectionRejection::NonFinite, std::string(name) + " '" + cell + "'");
      return std::nullopt;
    }
    if (v < lo || v > hi || (lo_open && v == lo)) {
      std::ostringstream os;
      os << name << " " << cell << " is outside " << (lo_open ? "(" : "[") << lo << ", " << hi
         << "]";
      reject(DetectionRejection::OutOfRange, os.str());
      return std::nullopt;
    }
    return v;
  };
  const auto filled = [&](const std::optional<std::size_t>& column) {
    return column && !cells[*column].empty();
  };

  const bool has_position = filled(columns_.lat) || filled(columns_.lon);
  const bool has_polar = filled(columns_.range) || filled(columns_.bearing);
  if (has_position == has_polar) {
    reject(DetectionRejection::WrongColumns,
           has_position ? "both lat_deg,lon_deg and range_m,bearing_deg are filled"
                        : "neither lat_deg,lon_deg nor range_m,bearing_deg is filled");
    return std::nullopt;
  }
  if (has_position ? !(filled(columns_.lat) && filled(columns_.lon))
                   : !(filled(columns_.range) && filled(columns_.bearing))) {
    reject(DetectionRejection::WrongColumns,
           has_position ? "lat_deg or lon_deg is empty" : "range_m or bearing_deg is empty");
    return std::nullopt;
  }

  const auto time_s = number(columns_.time, "time_s", 0.0, kMaxTimeS, false);
  if (!time_s) return std::nullopt;
  const std::string& sensor_id = cells[columns_.sensor];
  const auto it = sensor_index_.find(sensor_id);
  if (it == sensor_index_.end()) {
    reject(DetectionRejection::UnknownSensor, "'" + sensor_id + "'");
    return std::nullopt;
  }
  const core::SensorIndex sensor = it->second;
  const SensorConfig& sc = config_.sensors[sensor];

  Row row;
  row.time_ns = std::llround(*time_s * 1e9);
  row.sensor = sensor;
  row.polar = has_polar;
  row.measurement.time = core::Timestamp{row.time_ns};
  row.measurement.sensor = sensor;
  row.measurement.sensor_kind = sc.info.kind;
  if (has_position) {
    const auto lat = number(*columns_.lat, "lat_deg", -90.0, 90.0, false);
    if (!lat) return std::nullopt;
    const auto lon = number(*columns_.lon, "lon_deg", -180.0, 180.0, false);
    if (!lon) return std::nullopt;
    double sigma_m = sc.default_position_sigma_m;
    if (filled(columns_.sigma)) {
      const auto s = number(*columns_.sigma, "sigma_m", 0.0, kMaxSigmaM, true);
      if (!s) return std::nullopt;
      sigma_m = *s;
    }
    core::PositionMeasurement pm;
    pm.position = {*lat, *lon, 0.0};
    pm.cov_en_m2 = core::Mat2::Identity() * sigma_m * sigma_m;
    row.measurement.data = pm;
  } else {
    const auto range = number(*columns_.range, "range_m", 0.0, kMaxRangeM, true);
    if (!range) return std::nullopt;
    const auto bearing =
        number(*columns_.bearing, "bearing_deg", kMinBearingDeg, kMaxBearingDeg, false);
    if (!bearing) return std::nullopt;
    if (!sites_[sensor]) {
      throw DetectionsCsvError("detections CSV line " + std::to_string(line_) + ": sensor '" +
                               sensor_id +
                               "' has no site in the configuration; range_m,bearing_deg rows "
                               "need sensors[].site: {lat_deg, lon_deg, alt_m}");
    }
    row.measurement.data =
        polarFromFixedSite(*sites_[sensor], *range, sc.range_sigma_m, *bearing, sc.bearing_sigma_deg);
  }

  if (last_time_ns_ && row.time_ns < *last_time_ns_) {
    std::ostringstream os;
    os.precision(15);
    os << "time_s " << cells[columns_.time] << " is before the previous row's "
       << static_cast<double>(*last_time_ns_) * 1e-9;
    reject(DetectionRejection::NonMonotonicTime, os.str());
    return std::nullopt;
  }
  last_time_ns_ = row.time_ns;
  ++stats_.rows_accepted;
  return row;
}

void DetectionsCsvReader::add(Row row) {
  auto [it, inserted] = pending_.try_emplace(row.sensor);
  core::Scan& scan = it->second;
  if (inserted) {
    scan.time = core::Timestamp{row.time_ns};
    scan.sensor = row.sensor;
    scan.sensor_kind = config_.sensors[row.sensor].info.kind;
  }
  // A polar plot's site is where missed detections are counted from.
  if (row.polar) scan.sensor_ecef_m = sites_[row.sensor]->ecef_m;
  scan.measurements.push_back(std::move(row.measurement));
}

void DetectionsCsvReader::fill() {
  if (held_) {
    add(std::move(*held_));
    held_.reset();
  }
  std::string line;
  while (!eof_) {
    if (!std::getline(in_, line)) {
      eof_ = true;
      break;
    }
    ++line_;
    if (isBlankCsvLine(line)) continue;
    ++stats_.rows_read;
    std::optional<Row> row = parseRow(line);
    if (!row) continue;
    if (!pending_.empty() && row->time_ns != pending_.begin()->second.time.ns) {
      held_ = std::move(row);
      return;
    }
    add(std::move(*row));
  }
}

std::optional<core::Scan> DetectionsCsvReader::next() {
  if (pending_.empty()) fill();
  if (pending_.empty()) return std::nullopt;
  const auto it = pending_.begin();
  core::Scan scan = std::move(it->second);
  pending_.erase(it);
  scan.sequence = ++sequence_[scan.sensor];
  ++stats_.scans;
  return scan;
}

std::vector<core::Scan> readDetectionsCsv(std::istream& in, const FusiondConfig& config,
                                          DetectionsCsvStats* stats,
                                          const DetectionsCsvReader::Log& log) {
  DetectionsCsvReader reader(in, config, log);
  std::vector<core::Scan> scans;
  while (auto scan = reader.next()) scans.push_back(std::move(*scan));
  if (stats) *stats = reader.stats();
  return scans;
}

}  // namespace picket::io
