#include "io/alert_csv.hpp"

#include <cmath>
#include <istream>
#include <ostream>
#include <stdexcept>

#include "io/csv_line.hpp"
#include "io/csv_number.hpp"

namespace picket::io {

namespace {

constexpr const char* kHeader =
    "time_s,alert_id,rule,state,severity,confidence,track_id,related_tracks,lat_deg,lon_deg,"
    "reason";

/// A CSV field in double quotes, inner quotes doubled (RFC 4180). Line breaks become spaces:
/// the readers take one row per line.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out + "\"";
}

[[noreturn]] void fail(std::size_t line, const std::string& what) {
  throw std::runtime_error("alerts CSV line " + std::to_string(line) + ": " + what);
}

double number(const std::string& s, std::size_t line, const char* field) {
  const auto v = csvDouble(s);
  if (!v) fail(line, std::string("bad ") + field + " '" + s + "'");
  return *v;
}

core::TrackId trackId(const std::string& s, std::size_t line, const char* field) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) {
    fail(line, std::string("bad ") + field + " '" + s + "'");
  }
  try {
    return std::stoull(s);
  } catch (const std::exception&) {
    fail(line, std::string(field) + " out of range");
  }
}

}  // namespace

AlertRow toAlertRow(const cueing::AlertEvent& e) {
  AlertRow r;
  r.time_s = static_cast<double>(e.time.ns) * 1e-9;
  r.alert_id = e.alert_id;
  r.rule = e.rule;
  r.state = cueing::toString(e.state);
  r.severity = cueing::toString(e.severity);
  r.confidence = e.confidence;
  r.track_id = e.track.id;
  r.related_tracks = e.related_tracks;
  r.lat_deg = e.track_position.lat_deg;
  r.lon_deg = e.track_position.lon_deg;
  r.reason = e.reason;
  return r;
}

void writeAlertCsvHeader(std::ostream& out) { out << kHeader << '\n'; }

void writeAlertCsvRow(std::ostream& out, const AlertRow& r) {
  CsvLineBuilder head;
  head.fixed(r.time_s, 3).comma();
  out << head.view() << r.alert_id << ',' << r.rule << ',' << r.state << ',' << r.severity << ',';
  CsvLineBuilder mid;
  mid.fixed(r.confidence, 3).comma().integer(r.track_id).comma();
  out << mid.view();
  for (std::size_t i = 0; i < r.related_tracks.size(); ++i) {
    out << (i == 0 ? "" : ";") << r.related_tracks[i];
  }
  CsvLineBuilder position;
  position.comma().fixed(r.lat_deg, 7).comma().fixed(r.lon_deg, 7).comma();
  out << position.view() << quoted(r.reason) << '\n';
}

AlertCsvReader::AlertCsvReader(std::istream& in) : in_(in) {
  std::string line;
  if (!std::getline(in_, line)) throw std::runtime_error("alerts CSV: empty file, no header row");
  ++line_;
  std::vector<std::string> header;
  splitCsvLine(line, header);
  columns_ = header.size();
  const auto column = [&](const char* name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return i;
    }
    return std::nullopt;
  };
  const auto required = [&](const char* name) {
    const auto c = column(name);
    if (!c) {
      throw std::runtime_error(std::string("alerts CSV: header row has no '") + name +
                               "' column (expected " + kHeader + ")");
    }
    return *c;
  };
  time_ = required("time_s");
  id_ = required("alert_id");
  rule_ = required("rule");
  track_ = required("track_id");
  lat_ = required("lat_deg");
  lon_ = required("lon_deg");
  state_ = column("state");
  severity_ = column("severity");
  confidence_ = column("confidence");
  related_ = column("related_tracks");
  reason_ = column("reason");
}

std::optional<AlertRow> AlertCsvReader::next() {
  std::string line;
  std::vector<std::string> f;
  while (std::getline(in_, line)) {
    const std::size_t n = ++line_;
    if (isBlankCsvLine(line)) continue;
    if (!splitCsvLine(line, f)) fail(n, "unterminated quote");
    if (f.size() != columns_) {
      fail(n, "expected " + std::to_string(columns_) + " fields, got " + std::to_string(f.size()));
    }
    AlertRow r;
    r.time_s = number(f[time_], n, "time_s");
    r.alert_id = f[id_];
    if (r.alert_id.empty()) fail(n, "empty alert_id");
    r.rule = f[rule_];
    if (r.rule.empty()) fail(n, "empty rule");
    r.track_id = trackId(f[track_], n, "track_id");
    r.lat_deg = number(f[lat_], n, "lat_deg");
    r.lon_deg = number(f[lon_], n, "lon_deg");
    if (std::abs(r.lat_deg) > 90.0 || std::abs(r.lon_deg) > 360.0) fail(n, "position out of range");
    if (state_) r.state = f[*state_];
    if (severity_) r.severity = f[*severity_];
    if (confidence_ && !f[*confidence_].empty()) {
      r.confidence = number(f[*confidence_], n, "confidence");
    }
    if (related_ && !f[*related_].empty()) {
      const std::string& s = f[*related_];
      std::size_t from = 0;
      for (;;) {
        const std::size_t semi = s.find(';', from);
        r.related_tracks.push_back(trackId(s.substr(from, semi - from), n, "related_tracks"));
        if (semi == std::string::npos) break;
        from = semi + 1;
      }
    }
    if (reason_) r.reason = f[*reason_];
    return r;
  }
  return std::nullopt;
}

std::vector<AlertRow> readAlertCsv(std::istream& in) {
  AlertCsvReader reader(in);
  std::vector<AlertRow> rows;
  while (auto r = reader.next()) rows.push_back(std::move(*r));
  return rows;
}

}  // namespace picket::io
