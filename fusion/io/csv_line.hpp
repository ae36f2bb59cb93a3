#pragma once
// One line of a CSV file (RFC 4180), split into cells: shared by the readers of detections,
// ports and places.

#include <string>
#include <string_view>
#include <vector>

namespace picket::io {

/// `s` without leading spaces and tabs, and without trailing spaces, tabs and '\r'.
std::string trimCsvCell(std::string_view s);

/// Splits one CSV line into trimmed cells (RFC 4180 quoting, "" inside quotes is a quote; no
/// line breaks inside quotes) into `cells`. Returns false when a quote is left open; `cells`
/// then holds the line as far as it could be read, the open cell last.
bool splitCsvLine(const std::string& line, std::vector<std::string>& cells);

/// True when the line holds nothing but blanks.
inline bool isBlankCsvLine(std::string_view line) { return trimCsvCell(line).empty(); }

}  // namespace picket::io
