#pragma once
// The tracks CSV: what `fusion-replay --offline` writes and `fusion-eval` reads: after each
// distinct input time, one row per confirmed (or coasting) track, its state at that time;
// header row first. The first six columns are the interchange format that other trackers'
// outputs can be given in for fusion-eval; the rest are Picket's extras:
//
//   time_s,track_id,lat_deg,lon_deg,vel_east_mps,vel_north_mps,
//   status,alt_m,cov_ee_m2,cov_en_m2,cov_nn_m2,mmsi
//
// time_s: seconds since the Unix epoch (or since the input's own epoch for CSV detections),
// printed with 3 decimals; status: tentative|confirmed|coasting|deleted; cov_*: the horizontal
// position covariance in the local east/north frame; mmsi: 0 when unidentified. Numbers are
// printed with fixed precision so the file is byte-identical across runs.

#include <array>
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/track.hpp"

namespace picket::io {

struct TrackRow {
  double time_s = 0.0;
  core::TrackId track_id = 0;
  core::TrackStatus status = core::TrackStatus::Tentative;
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double alt_m = 0.0;
  double vel_east_mps = 0.0;
  double vel_north_mps = 0.0;
  double cov_ee_m2 = 0.0;
  double cov_en_m2 = 0.0;
  double cov_nn_m2 = 0.0;
  std::uint32_t mmsi = 0;
  bool operator==(const TrackRow&) const = default;
};

/// The row of a track as the tracker holds it.
TrackRow toTrackRow(const core::Track& track);

/// Writes the header row.
void writeTrackCsvHeader(std::ostream& out);
/// Writes one row.
void writeTrackCsvRow(std::ostream& out, const TrackRow& row);

/// Reads a tracks CSV row by row (long runs need not fit in memory). The header row is read
/// and checked by the constructor. Throws std::runtime_error naming the line on a missing
/// column or a malformed row.
class TrackCsvReader {
 public:
  /// `in` must outlive the reader.
  explicit TrackCsvReader(std::istream& in);
  /// The next row; nullopt at the end of the stream.
  std::optional<TrackRow> next();

 private:
  std::istream& in_;
  std::size_t line_ = 0;
  std::size_t columns_ = 0;
  std::array<std::size_t, 6> required_{};
  std::optional<std::size_t> status_col_, alt_col_, ee_col_, en_col_, nn_col_, mmsi_col_;
};

/// Reads a whole tracks CSV. Throws std::runtime_error naming the line on a malformed row.
std::vector<TrackRow> readTrackCsv(std::istream& in);

}  // namespace picket::io
