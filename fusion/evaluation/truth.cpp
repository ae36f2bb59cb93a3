#include "evaluation/truth.hpp"

#include <charconv>
#include <cmath>
#include <istream>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace picket::evaluation {

namespace {

constexpr std::string_view kHeader =
    "time_ns,platform_id,class,illicit,lat_deg,lon_deg,alt_m,speed_mps,course_deg,mmsi";

[[noreturn]] void fail(std::size_t line, const std::string& what) {
  throw std::runtime_error("truth CSV line " + std::to_string(line) + ": " + what);
}

// std::from_chars: locale-independent and rejects trailing garbage.
template <typename T>
T parseNumber(std::string_view s, std::size_t line, const char* field) {
  T value{};
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) {
    fail(line, std::string("bad ") + field + " '" + std::string(s) + "'");
  }
  if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(value)) fail(line, std::string("non-finite ") + field);
  }
  return value;
}

}  // namespace

TruthCsvReader::TruthCsvReader(std::istream& in) : in_(in) {
  std::string line;
  line_ = 1;
  if (!std::getline(in_, line)) fail(line_, "empty file, expected the header row");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line != kHeader) fail(line_, "expected header '" + std::string(kHeader) + "'");
}

std::optional<TruthSample> TruthCsvReader::next() {
  std::string line;
  std::vector<std::string_view> f;
  while (std::getline(in_, line)) {
    const std::size_t n = ++line_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    f.clear();
    std::string_view rest(line);
    for (;;) {
      const std::size_t comma = rest.find(',');
      f.push_back(rest.substr(0, comma));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    if (f.size() != 10) {
      fail(n, "expected 10 fields, got " + std::to_string(f.size()));
    }
    TruthSample r;
    r.time.ns = parseNumber<std::int64_t>(f[0], n, "time_ns");
    r.platform_id = std::string(f[1]);
    if (r.platform_id.empty()) fail(n, "empty platform_id");
    r.platform_class = std::string(f[2]);
    if (f[3] != "0" && f[3] != "1") fail(n, "illicit must be 0 or 1");
    r.illicit = f[3] == "1";
    r.position.lat_deg = parseNumber<double>(f[4], n, "lat_deg");
    r.position.lon_deg = parseNumber<double>(f[5], n, "lon_deg");
    r.position.alt_m = parseNumber<double>(f[6], n, "alt_m");
    if (std::abs(r.position.lat_deg) > 90.0) fail(n, "lat_deg out of [-90, 90]");
    r.speed_mps = parseNumber<double>(f[7], n, "speed_mps");
    r.course_deg = parseNumber<double>(f[8], n, "course_deg");
    r.mmsi = parseNumber<std::uint32_t>(f[9], n, "mmsi");
    return r;
  }
  return std::nullopt;
}

std::vector<TruthSample> readTruthCsv(std::istream& in) {
  TruthCsvReader reader(in);
  std::vector<TruthSample> rows;
  while (auto r = reader.next()) rows.push_back(std::move(*r));
  return rows;
}

}  // namespace picket::evaluation
