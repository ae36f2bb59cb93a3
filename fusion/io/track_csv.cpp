#include "io/track_csv.hpp"

#include <cmath>
#include <cstdio>
#include <istream>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "cueing/prediction.hpp"

namespace picket::io {

namespace {

constexpr const char* kHeader =
    "time_s,track_id,status,lat_deg,lon_deg,alt_m,vel_east_mps,vel_north_mps,cov_ee_m2,"
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
  const core::GeoPoint p = cueing::trackPosition(track);
  r.lat_deg = p.lat_deg;
  r.lon_deg = p.lon_deg;
  r.alt_m = p.alt_m;
  const core::Vec2 v = cueing::trackVelocityEn(track);
  r.vel_east_mps = v.x();
  r.vel_north_mps = v.y();
  const core::Mat6 cov = cueing::covarianceEnu(track.x, track.P);
  r.cov_ee_m2 = cov(0, 0);
  r.cov_en_m2 = cov(0, 1);
  r.cov_nn_m2 = cov(1, 1);
  r.mmsi = track.identity.mmsi;
  return r;
}

void writeTrackCsvHeader(std::ostream& out) { out << kHeader << '\n'; }

void writeTrackCsvRow(std::ostream& out, const TrackRow& r) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.3f,%llu,%s,%.7f,%.7f,%.1f,%.3f,%.3f,%.3f,%.3f,%.3f,%u\n",
                r.time_s, static_cast<unsigned long long>(r.track_id), core::toString(r.status),
                r.lat_deg, r.lon_deg, r.alt_m, r.vel_east_mps, r.vel_north_mps, r.cov_ee_m2,
                r.cov_en_m2, r.cov_nn_m2, r.mmsi);
  out << buf;
}

std::vector<TrackRow> readTrackCsv(std::istream& in) {
  std::vector<TrackRow> rows;
  std::string line;
  std::size_t n = 0;
  if (!std::getline(in, line) || line.rfind("time_s,track_id,", 0) != 0) {
    throw std::runtime_error("tracks CSV: missing header row starting 'time_s,track_id,'");
  }
  ++n;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(cell);
    if (f.size() != 12) {
      throw std::runtime_error("tracks CSV line " + std::to_string(n) + ": expected 12 fields, got " +
                               std::to_string(f.size()));
    }
    try {
      TrackRow r;
      r.time_s = std::stod(f[0]);
      r.track_id = std::stoull(f[1]);
      r.status = parseStatus(f[2], n);
      r.lat_deg = std::stod(f[3]);
      r.lon_deg = std::stod(f[4]);
      r.alt_m = std::stod(f[5]);
      r.vel_east_mps = std::stod(f[6]);
      r.vel_north_mps = std::stod(f[7]);
      r.cov_ee_m2 = std::stod(f[8]);
      r.cov_en_m2 = std::stod(f[9]);
      r.cov_nn_m2 = std::stod(f[10]);
      r.mmsi = static_cast<std::uint32_t>(std::stoul(f[11]));
      if (!std::isfinite(r.time_s) || !std::isfinite(r.lat_deg) || !std::isfinite(r.lon_deg)) {
        throw std::invalid_argument("non-finite");
      }
      rows.push_back(r);
    } catch (const std::invalid_argument&) {
      throw std::runtime_error("tracks CSV line " + std::to_string(n) + ": not a number");
    } catch (const std::out_of_range&) {
      throw std::runtime_error("tracks CSV line " + std::to_string(n) + ": number out of range");
    }
  }
  return rows;
}

}  // namespace picket::io
