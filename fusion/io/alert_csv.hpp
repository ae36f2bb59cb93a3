#pragma once
// The alerts CSV: what `fusion-replay --offline --alerts-csv` writes and `fusion-eval --alerts`
// reads: one row per alert event (open, update, escalation, close), in publication order,
// header row first:
//
//   time_s,alert_id,rule,state,severity,confidence,track_id,related_tracks,lat_deg,lon_deg,reason
//
// time_s: the event's data time, seconds since the Unix epoch, 3 decimals; state:
// open|updated|escalated|closed; severity: info|low|medium|high|critical; confidence in
// [0, 1], 3 decimals; track_id: the alert's track (0 when the finding has none);
// related_tracks: the finding's other tracks, ';'-separated (empty for none); lat_deg,
// lon_deg: the track's position at time_s, 7 decimals; reason: free text in double quotes
// (RFC 4180, inner quotes doubled). Fixed formats: byte-identical across runs and locales.

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cueing/alert.hpp"

namespace picket::io {

struct AlertRow {
  double time_s = 0.0;
  std::string alert_id;
  std::string rule;
  std::string state;     ///< open, updated, escalated, closed
  std::string severity;  ///< info, low, medium, high, critical
  double confidence = 0.0;
  core::TrackId track_id = 0;
  std::vector<core::TrackId> related_tracks;
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  std::string reason;
  bool operator==(const AlertRow&) const = default;
};

/// The row of an alert event.
AlertRow toAlertRow(const cueing::AlertEvent& event);

void writeAlertCsvHeader(std::ostream& out);
void writeAlertCsvRow(std::ostream& out, const AlertRow& row);

/// Reads an alerts CSV row by row. Columns are found by name in the header row; time_s,
/// alert_id, rule, track_id, lat_deg and lon_deg are required, the others optional (older
/// files without severity, confidence or related_tracks still read). Throws
/// std::runtime_error naming the line on a missing column or a malformed row.
class AlertCsvReader {
 public:
  explicit AlertCsvReader(std::istream& in);  ///< `in` must outlive the reader
  std::optional<AlertRow> next();

 private:
  std::istream& in_;
  std::size_t line_ = 0;
  std::size_t columns_ = 0;
  std::size_t time_ = 0, id_ = 0, rule_ = 0, track_ = 0, lat_ = 0, lon_ = 0;
  std::optional<std::size_t> state_, severity_, confidence_, related_, reason_;
};

std::vector<AlertRow> readAlertCsv(std::istream& in);

}  // namespace picket::io
