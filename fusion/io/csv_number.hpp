#pragma once
// Numbers in the cells of the CSV files Picket reads (alerts, events): the whole cell must be
// the number, finite. Shared by io/alert_csv.cpp and io/events_csv.cpp.

#include <optional>
#include <string>

namespace picket::io {

/// The cell as a finite double, or nullopt (empty, trailing text, NaN, infinity, overflow).
std::optional<double> csvDouble(const std::string& cell);
/// The cell as a signed 64-bit integer, or nullopt.
std::optional<long long> csvInt(const std::string& cell);

}  // namespace picket::io
