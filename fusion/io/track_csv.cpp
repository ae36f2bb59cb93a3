#include "io/track_csv.hpp"

#include <cmath>
#include <istream>
#include <limits>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "cueing/prediction.hpp"
#include "io/csv_number.hpp"

namespace picket::io {

namespace {

constexpr const char* kHeader =
    "time_s,track_id,lat_deg,lon_deg,vel_east_mps,vel_north_mps,status,alt_m,cov_ee_m2,"
    "cov_en_m2,cov_nn_m2,mmsi";

core::TrackStatus parseStatus(const std::string& s, std::size_t line) {
  if (s == "tentative") return core::TrackStatus::Tentative;
  if (s == "confirmed") return core::TrackStatus::Confirmed;
  if (s == "coasting") return core::TrackStatus::Coasting;
  if (s == "deleted") return core::TrackStatus::Deleted;
  throw std::runtime_error("tracks CSV line " + std::to_string(line) + ": unknown status '" + s +
                           "'");
}

}  // namespace

TrackRow toTrackRow(const core::Track& track) {
  TrackRow r;
  r.time_s = static_cast<double>(track.time.ns) * 1e-9;
  r.track_id = track.id;
  r.status = track.status;
  const cueing::TrackFrame f = cueing::trackFrame(track);
  r.lat_deg = f.position.lat_deg;
  r.lon_deg = f.position.lon_deg;
  r.alt_m = f.position.alt_m;
  const core::Vec3 v = f.velocityEnu(track);
  r.vel_east_mps = v.x();
  r.vel_north_mps = v.y();
  const core::Mat2 cov = f.positionCovarianceEn(track.P);
  r.cov_ee_m2 = cov(0, 0);
  r.cov_en_m2 = cov(0, 1);
  r.cov_nn_m2 = cov(1, 1);
  r.mmsi = track.identity.mmsi;
  return r;
}

void writeTrackCsvHeader(std::ostream& out) { out << kHeader << '\n'; }

void writeTrackCsvRow(std::ostream& out, const TrackRow& r) {
  CsvLineBuilder line;
  line.fixed(r.time_s, 3).comma().integer(r.track_id).comma();
  line.fixed(r.lat_deg, 7).comma().fixed(r.lon_deg, 7).comma();
  line.fixed(r.vel_east_mps, 3).comma().fixed(r.vel_north_mps, 3).comma();
  line.text(core::toString(r.status)).comma().fixed(r.alt_m, 1).comma();
  line.fixed(r.cov_ee_m2, 3).comma().fixed(r.cov_en_m2, 3).comma().fixed(r.cov_nn_m2, 3).comma();
  line.integer(r.mmsi).text("\n");
  const std::string_view v = line.view();
  out.write(v.data(), static_cast<std::streamsize>(v.size()));
}

namespace {

std::vector<std::string> splitPlain(const std::string& text) {
  std::vector<std::string> f;
  std::stringstream ss(text);
  std::string cell;
  while (std::getline(ss, cell, ',')) f.push_back(cell);
  if (!text.empty() && text.back() == ',') f.emplace_back();
  return f;
}

}  // namespace

TrackCsvReader::TrackCsvReader(std::istream& in) : in_(in) {
  std::string line;
  if (!std::getline(in_, line)) throw std::runtime_error("tracks CSV: empty file, no header row");
  ++line_;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  // Columns by name: the six interchange columns are required, Picket's extras optional
  // (a track without status is confirmed; without covariance, no NEES).
  const std::vector<std::string> header = splitPlain(line);
  columns_ = header.size();
  const auto column = [&](const char* name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return i;
    }
    return std::nullopt;
  };
  const char* required[] = {"time_s", "track_id", "lat_deg", "lon_deg", "vel_east_mps",
                            "vel_north_mps"};
  for (int i = 0; i < 6; ++i) {
    const auto c = column(required[i]);
    if (!c) {
      throw std::runtime_error(std::string("tracks CSV: header row has no '") + required[i] +
                               "' column (needs time_s,track_id,lat_deg,lon_deg,vel_east_mps,"
                               "vel_north_mps)");
    }
    required_[static_cast<std::size_t>(i)] = *c;
  }
  status_col_ = column("status");
  alt_col_ = column("alt_m");
  ee_col_ = column("cov_ee_m2");
  en_col_ = column("cov_en_m2");
  nn_col_ = column("cov_nn_m2");
  mmsi_col_ = column("mmsi");
}

std::optional<TrackRow> TrackCsvReader::next() {
  std::string line;
  while (std::getline(in_, line)) {
    const std::size_t n = ++line_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::vector<std::string> f = splitPlain(line);
    if (f.size() != columns_) {
      throw std::runtime_error("tracks CSV line " + std::to_string(n) + ": expected " +
                               std::to_string(columns_) + " fields, got " +
                               std::to_string(f.size()));
    }
    try {
      TrackRow r;
      r.time_s = std::stod(f[required_[0]]);
      r.track_id = std::stoull(f[required_[1]]);
      r.lat_deg = std::stod(f[required_[2]]);
      r.lon_deg = std::stod(f[required_[3]]);
      r.vel_east_mps = std::stod(f[required_[4]]);
      r.vel_north_mps = std::stod(f[required_[5]]);
      r.status = status_col_ ? parseStatus(f[*status_col_], n) : core::TrackStatus::Confirmed;
      r.alt_m = alt_col_ ? std::stod(f[*alt_col_]) : 0.0;
      const double nan = std::numeric_limits<double>::quiet_NaN();
      r.cov_ee_m2 = ee_col_ ? std::stod(f[*ee_col_]) : nan;
      r.cov_en_m2 = en_col_ ? std::stod(f[*en_col_]) : nan;
      r.cov_nn_m2 = nn_col_ ? std::stod(f[*nn_col_]) : nan;
      r.mmsi = mmsi_col_ ? static_cast<std::uint32_t>(std::stoul(f[*mmsi_col_])) : 0u;
      if (!std::isfinite(r.time_s) || !std::isfinite(r.lat_deg) || !std::isfinite(r.lon_deg) ||
          std::abs(r.lat_deg) > 90.0 || std::abs(r.lon_deg) > 360.0) {
        throw std::invalid_argument("non-finite");
      }
      return r;
    } catch (const std::invalid_argument&) {
      throw std::runtime_error("tracks CSV line " + std::to_string(n) + ": not a number");
    } catch (const std::out_of_range&) {
      throw std::runtime_error("tracks CSV line " + std::to_string(n) + ": number out of range");
    }
  }
  return std::nullopt;
}

std::vector<TrackRow> readTrackCsv(std::istream& in) {
  TrackCsvReader reader(in);
  std::vector<TrackRow> rows;
  while (auto r = reader.next()) rows.push_back(*r);
  return rows;
}

}  // namespace picket::io
