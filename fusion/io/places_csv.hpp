#pragma once
// Named places from CSV: the World Port Index extract (config/geo/wpi_ports_clip.csv) and the
// scenario places (config/geo/notable_places.csv). Header row first; columns are found by
// name, other columns are ignored; RFC 4180 quoting (no line breaks inside quotes); cells are
// trimmed; blank lines are skipped.
//
//   ports:  wpi_number and/or unlocode (id: the WPI number, else the UN/LOCODE), name, lat, lon,
//           optional country; kind is "port"
//   places: id, name, kind, lat, lon, optional country
//
// lat in [-90, 90], lon in [-180, 180], degrees WGS 84. These are configuration files, so any
// bad row is an error for the whole file: PlacesCsvError names the file, the line and the
// reason ("wpi_ports_clip.csv:17: lat 'x' is not a number"). Ids must be unique in a places
// file; port ids need not be (NGA lists WPI number 9510 twice: Progreso and Puerto Progreso).

#include <filesystem>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

#include "geo/named_place.hpp"

namespace picket::io {

/// Unreadable file, missing column, bad or duplicate row.
class PlacesCsvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Ports from a World Port Index CSV, in file order. Throws PlacesCsvError.
std::vector<geo::NamedPlace> readPortsCsv(const std::filesystem::path& file);
/// The same from a stream; `source` names it in error messages.
std::vector<geo::NamedPlace> readPortsCsv(std::istream& in, const std::string& source);

/// Places from a places CSV (id, name, kind, lat, lon), in file order. Throws PlacesCsvError.
std::vector<geo::NamedPlace> readPlacesCsv(const std::filesystem::path& file);
/// The same from a stream; `source` names it in error messages.
std::vector<geo::NamedPlace> readPlacesCsv(std::istream& in, const std::string& source);

}  // namespace picket::io
