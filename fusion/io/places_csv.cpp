#include "io/places_csv.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <istream>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "io/csv_line.hpp"

namespace picket::io {

namespace {

enum class Layout { Ports, Places };

class Reader {
 public:
  Reader(std::istream& in, const std::string& source, Layout layout)
      : in_(in), source_(source), layout_(layout) {}

  std::vector<geo::NamedPlace> read() {
    readHeader();
    std::vector<geo::NamedPlace> out;
    std::set<std::string> ids;
    std::string line;
    std::vector<std::string> cells;
    while (std::getline(in_, line)) {
      ++line_no_;
      if (isBlankCsvLine(line)) continue;
      if (!splitCsvLine(line, cells)) fail("unterminated quote");
      if (cells.size() != columns_.size()) {
        fail(std::to_string(cells.size()) + " fields, the header has " +
             std::to_string(columns_.size()));
      }
      geo::NamedPlace p = layout_ == Layout::Ports ? port(cells) : place(cells);
      // WPI numbers are not unique in NGA's file (9510 is both "Progreso" and "Puerto
      // Progreso"), so only the places file, which is ours, must have unique ids.
      if (layout_ == Layout::Places && !ids.insert(p.id).second)
        fail("duplicate id '" + p.id + "'");
      out.push_back(std::move(p));
    }
    if (in_.bad()) fail("read error");
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw PlacesCsvError(source_ + ":" + std::to_string(line_no_) + ": " + why);
  }

  void readHeader() {
    std::string line;
    while (std::getline(in_, line)) {
      ++line_no_;
      if (!isBlankCsvLine(line)) break;
    }
    if (isBlankCsvLine(line)) fail("no header row");
    std::vector<std::string> cells;
    if (!splitCsvLine(line, cells)) fail("unterminated quote in the header");
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (!columns_.emplace(cells[i], i).second) fail("duplicate column '" + cells[i] + "'");
    }
    std::vector<std::string> required = {"name", "lat", "lon"};
    if (layout_ == Layout::Places) {
      required.insert(required.end(), {"id", "kind"});
    } else if (!columns_.count("wpi_number") && !columns_.count("unlocode")) {
      fail("missing column 'wpi_number' or 'unlocode'");
    }
    for (const auto& name : required) {
      if (!columns_.count(name)) fail("missing column '" + name + "'");
    }
  }

  [[nodiscard]] std::string cell(const std::vector<std::string>& cells,
                                 const std::string& name) const {
    const auto it = columns_.find(name);
    return it == columns_.end() ? std::string() : cells[it->second];
  }

  double number(const std::vector<std::string>& cells, const std::string& name, double lo,
                double hi) const {
    const std::string text = cell(cells, name);
    double v = 0.0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
      fail(name + " '" + text + "' is not a number");
    }
    if (!std::isfinite(v) || v < lo || v > hi) {
      fail(name + " " + text + " outside [" + std::to_string(static_cast<int>(lo)) + ", " +
           std::to_string(static_cast<int>(hi)) + "]");
    }
    return v;
  }

  geo::NamedPlace common(const std::vector<std::string>& cells) const {
    geo::NamedPlace p;
    p.name = cell(cells, "name");
    if (p.name.empty()) fail("empty name");
    p.position.lat_deg = number(cells, "lat", -90.0, 90.0);
    p.position.lon_deg = number(cells, "lon", -180.0, 180.0);
    p.country = cell(cells, "country");
    return p;
  }

  geo::NamedPlace port(const std::vector<std::string>& cells) const {
    geo::NamedPlace p = common(cells);
    p.id = cell(cells, "wpi_number");
    if (p.id.empty()) p.id = cell(cells, "unlocode");
    if (p.id.empty()) fail("port '" + p.name + "' has neither a WPI number nor a UN/LOCODE");
    p.kind = "port";
    return p;
  }

  geo::NamedPlace place(const std::vector<std::string>& cells) const {
    geo::NamedPlace p = common(cells);
    p.id = cell(cells, "id");
    if (p.id.empty()) fail("empty id");
    p.kind = cell(cells, "kind");
    if (p.kind.empty()) fail("empty kind");
    return p;
  }

  std::istream& in_;
  const std::string& source_;
  Layout layout_;
  std::map<std::string, std::size_t> columns_;
  std::size_t line_no_ = 0;
};

std::vector<geo::NamedPlace> readFile(const std::filesystem::path& file, Layout layout) {
  std::ifstream in(file);
  if (!in) throw PlacesCsvError(file.string() + ": cannot open");
  return Reader(in, file.string(), layout).read();
}

}  // namespace

std::vector<geo::NamedPlace> readPortsCsv(std::istream& in, const std::string& source) {
  return Reader(in, source, Layout::Ports).read();
}

std::vector<geo::NamedPlace> readPortsCsv(const std::filesystem::path& file) {
  return readFile(file, Layout::Ports);
}

std::vector<geo::NamedPlace> readPlacesCsv(std::istream& in, const std::string& source) {
  return Reader(in, source, Layout::Places).read();
}

std::vector<geo::NamedPlace> readPlacesCsv(const std::filesystem::path& file) {
  return readFile(file, Layout::Places);
}

}  // namespace picket::io
