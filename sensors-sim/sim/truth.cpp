#include "sim/truth.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>
#include <string_view>
#include <stdexcept>

namespace picket::sim {

namespace {

// std::to_chars does not consult the locale, unlike printf and iostreams.
void writeFixed(std::ostream& out, double value, int decimals) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::fixed, decimals);
  out.write(buffer.data(), result.ptr - buffer.data());
}

template <typename Int>
void writeInt(std::ostream& out, Int value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.write(buffer.data(), result.ptr - buffer.data());
}

void writeHeader(std::ostream& out) {
  out << "time_ns,platform_id,class,illicit,lat_deg,lon_deg,alt_m,speed_mps,course_deg,mmsi\n";
}

// One line assembled in a buffer and written at once: the 24 h scenarios write millions.
void writeRow(std::ostream& out, const TruthRow& r) {
  std::array<char, 256> line{};
  char* p = line.data();
  char* const end = line.data() + line.size();
  auto text = [&](std::string_view t) {
    const auto n = std::min<std::size_t>(t.size(), static_cast<std::size_t>(end - p));
    p = std::copy_n(t.data(), n, p);
  };
  auto fixed = [&](double v, int decimals) {
    p = std::to_chars(p, end, v, std::chars_format::fixed, decimals).ptr;
  };
  p = std::to_chars(p, end, r.time.ns).ptr;
  text(",");
  text(r.platform_id);
  text(",");
  text(toString(r.platform_class));
  text(r.illicit ? ",1," : ",0,");
  fixed(r.state.position.lat_deg, 7);
  text(",");
  fixed(r.state.position.lon_deg, 7);
  text(",");
  fixed(r.state.position.alt_m, 2);
  text(",");
  fixed(r.state.speed_mps, 3);
  text(",");
  fixed(r.state.course_deg, 2);
  text(",");
  p = std::to_chars(p, end, r.mmsi).ptr;
  text("\n");
  out.write(line.data(), p - line.data());
}

// Calls f(row) for every platform (with `include`, every platform i with include[i]) at start,
// start + step, ... before the scenario's end.
template <typename F>
void forEachTruthRow(const Scenario& scenario, core::Timestamp start, core::Duration step, F&& f,
                     const std::vector<bool>* include = nullptr) {
  if (step.ns <= 0) throw std::invalid_argument("truth step must be > 0");
  const core::Timestamp end = start + scenario.duration;
  for (core::Timestamp t = start; t < end; t = t + step) {
    for (std::size_t i = 0; i < scenario.platforms.size(); ++i) {
      const Platform& p = scenario.platforms[i];
      if (include != nullptr && !(*include)[i]) continue;
      if (!p.activeAt(t - start)) continue;  // not yet in the theatre, or gone
      TruthRow row;
      row.time = t;
      row.platform_id = p.id;
      row.platform_class = p.platform_class;
      row.illicit = p.illicit;
      row.state = p.stateAt(t - start);
      row.mmsi = p.ais ? p.ais->mmsi : 0;
      f(std::move(row));
    }
  }
}

}  // namespace

std::vector<TruthRow> sampleTruth(const Scenario& scenario, core::Timestamp start,
                                  core::Duration step) {
  std::vector<TruthRow> rows;
  forEachTruthRow(scenario, start, step, [&](TruthRow&& r) { rows.push_back(std::move(r)); });
  return rows;
}

void writeTruthCsv(std::ostream& out, const std::vector<TruthRow>& rows) {
  writeHeader(out);
  for (const TruthRow& r : rows) writeRow(out, r);
}

void writeTruthCsv(std::ostream& out, const Scenario& scenario, core::Timestamp start,
                   core::Duration step) {
  writeHeader(out);
  forEachTruthRow(scenario, start, step, [&](TruthRow&& r) { writeRow(out, r); });
}

std::vector<std::string> eventPlatformIds(const Scenario& scenario) {
  std::set<std::string_view> named;
  for (const PlantedEvent& e : scenario.events) named.insert(e.platform_ids.begin(), e.platform_ids.end());
  std::vector<std::string> out;
  for (const Platform& p : scenario.platforms) {
    if (named.count(p.id) != 0) out.push_back(p.id);
  }
  return out;
}

void writeTruthCsv(std::ostream& out, const Scenario& scenario, core::Timestamp start,
                   core::Duration step, const std::vector<std::string>& platform_ids) {
  const std::set<std::string_view> wanted(platform_ids.begin(), platform_ids.end());
  std::vector<bool> include(scenario.platforms.size());
  for (std::size_t i = 0; i < include.size(); ++i) {
    include[i] = wanted.count(scenario.platforms[i].id) != 0;
  }
  writeHeader(out);
  forEachTruthRow(
      scenario, start, step, [&](TruthRow&& r) { writeRow(out, r); }, &include);
}

void writeEventsCsv(std::ostream& out, const Scenario& scenario, core::Timestamp start) {
  out << "id,kind,near_miss,start_ns,end_ns,start_utc,end_utc,platforms,lat_deg,lon_deg,"
         "description\n";
  for (const PlantedEvent& e : scenario.events) {
    out << e.id << ',' << toString(e.kind) << ',' << (e.near_miss ? 1 : 0) << ',';
    writeInt(out, (start + e.start).ns);
    out << ',';
    writeInt(out, (start + e.end).ns);
    out << ',' << formatUtcTimestamp(start + e.start) << ',' << formatUtcTimestamp(start + e.end)
        << ',';
    for (std::size_t i = 0; i < e.platform_ids.size(); ++i) {
      out << (i == 0 ? "" : ";") << e.platform_ids[i];
    }
    out << ',';
    writeFixed(out, e.position.lat_deg, 7);
    out << ',';
    writeFixed(out, e.position.lon_deg, 7);
    out << ",\"";
    for (const char c : e.description) {
      if (c == '"') out << '"';  // RFC 4180: a quote inside a quoted field is doubled
      out << c;
    }
    out << "\"\n";
  }
}

}  // namespace picket::sim
