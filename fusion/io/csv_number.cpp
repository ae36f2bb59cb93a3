#include "io/csv_number.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>

namespace picket::io {

std::optional<double> csvDouble(const std::string& cell) {
  std::size_t used = 0;
  double v = 0.0;
  try {
    v = std::stod(cell, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != cell.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<long long> csvInt(const std::string& cell) {
  std::size_t used = 0;
  long long v = 0;
  try {
    v = std::stoll(cell, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != cell.size()) return std::nullopt;
  return v;
}

CsvLineBuilder& CsvLineBuilder::fixed(double value, int decimals) {
  char* const end = buffer_ + sizeof buffer_;
  const auto r = std::to_chars(buffer_ + used_, end, value, std::chars_format::fixed, decimals);
  if (r.ec == std::errc()) used_ = static_cast<std::size_t>(r.ptr - buffer_);
  return *this;
}

CsvLineBuilder& CsvLineBuilder::integer(unsigned long long value) {
  char* const end = buffer_ + sizeof buffer_;
  const auto r = std::to_chars(buffer_ + used_, end, value);
  if (r.ec == std::errc()) used_ = static_cast<std::size_t>(r.ptr - buffer_);
  return *this;
}

CsvLineBuilder& CsvLineBuilder::text(std::string_view value) {
  const std::size_t n = std::min(value.size(), sizeof buffer_ - used_);
  std::copy_n(value.data(), n, buffer_ + used_);
  used_ += n;
  return *this;
}

}  // namespace picket::io
