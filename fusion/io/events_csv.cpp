#include "io/events_csv.hpp"

#include <optional>
#include <istream>
#include <stdexcept>
#include <string_view>

#include "io/csv_line.hpp"
#include "io/csv_number.hpp"

namespace picket::io {

namespace {

constexpr std::string_view kHeader =
    "id,kind,near_miss,start_ns,end_ns,start_utc,end_utc,platforms,lat_deg,lon_deg,description";

[[noreturn]] void fail(std::size_t line, const std::string& what) {
  throw std::runtime_error("events CSV line " + std::to_string(line) + ": " + what);
}

template <typename T>
T parse(const std::optional<T>& v, const std::string& s, std::size_t line, const char* field) {
  if (!v) fail(line, std::string("bad ") + field + " '" + s + "'");
  return *v;
}

}  // namespace

std::vector<EventRow> readEventsCsv(std::istream& in) {
  std::string line;
  std::size_t n = 1;
  if (!std::getline(in, line)) fail(n, "empty file, expected the header row");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line != kHeader) fail(n, "expected header '" + std::string(kHeader) + "'");
  std::vector<EventRow> out;
  std::vector<std::string> f;
  while (std::getline(in, line)) {
    ++n;
    if (isBlankCsvLine(line)) continue;
    if (!splitCsvLine(line, f)) fail(n, "unterminated quote");
    if (f.size() != 11) fail(n, "expected 11 fields, got " + std::to_string(f.size()));
    EventRow e;
    e.id = f[0];
    e.kind = f[1];
    if (e.id.empty() || e.kind.empty()) fail(n, "empty id or kind");
    if (f[2] != "0" && f[2] != "1") fail(n, "near_miss must be 0 or 1");
    e.near_miss = f[2] == "1";
    e.start_ns = parse(csvInt(f[3]), f[3], n, "start_ns");
    e.end_ns = parse(csvInt(f[4]), f[4], n, "end_ns");
    if (e.end_ns < e.start_ns) fail(n, "end_ns before start_ns");
    std::string_view rest(f[7]);
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      std::string id = trimCsvCell(rest.substr(0, semi));
      if (!id.empty()) e.platform_ids.push_back(std::move(id));
      if (semi == std::string_view::npos) break;
      rest.remove_prefix(semi + 1);
    }
    if (e.platform_ids.empty()) fail(n, "no platforms");
    e.lat_deg = parse(csvDouble(f[8]), f[8], n, "lat_deg");
    e.lon_deg = parse(csvDouble(f[9]), f[9], n, "lon_deg");
    e.description = f[10];
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace picket::io
