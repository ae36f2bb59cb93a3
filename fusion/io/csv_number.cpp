#include "io/csv_number.hpp"

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

}  // namespace picket::io
