#pragma once
// Numbers in the cells of the CSV files Picket reads (alerts, events): the whole cell must be
// the number, finite. Shared by io/alert_csv.cpp and io/events_csv.cpp. And the lines of the
// CSV files Picket writes (tracks, alerts).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace picket::io {

/// The cell as a finite double, or nullopt (empty, trailing text, NaN, infinity, overflow).
std::optional<double> csvDouble(const std::string& cell);
/// The cell as a signed 64-bit integer, or nullopt.
std::optional<long long> csvInt(const std::string& cell);

/// One CSV line assembled in a fixed buffer and written at once. Numbers go through
/// std::to_chars: no locale, and the same digits as printf's "%.Nf" (both round the exact
/// binary value), several times faster; the 24 h replay writes millions of rows.
class CsvLineBuilder {
 public:
  /// A fixed-point number with `decimals` digits after the point.
  CsvLineBuilder& fixed(double value, int decimals);
  CsvLineBuilder& integer(unsigned long long value);
  /// Text as is (the caller quotes what needs quoting); cut at the buffer's end.
  CsvLineBuilder& text(std::string_view value);
  CsvLineBuilder& comma() { return text(","); }
  [[nodiscard]] std::string_view view() const { return {buffer_, used_}; }

 private:
  char buffer_[512];
  std::size_t used_ = 0;
};

}  // namespace picket::io
