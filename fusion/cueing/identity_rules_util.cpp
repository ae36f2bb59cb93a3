#include "cueing/identity_rules_util.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include "cueing/prediction.hpp"
#include "geo/wgs84.hpp"

namespace picket::cueing::detail {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string sci(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1e", v);
  return buf;
}

std::string utcText(core::Timestamp t) {
  using namespace std::chrono;
  const sys_seconds s{seconds{t.ns >= 0 ? t.ns / 1'000'000'000 : (t.ns + 1) / 1'000'000'000 - 1}};
  const sys_days day = floor<days>(s);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> hms{s - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buf;
}

std::string latLonText(const core::GeoPoint& p) {
  return fixed(p.lat_deg, 5) + "," + fixed(p.lon_deg, 5);
}

double heightSigmaM(const core::Track& track) {
  const core::Mat6 c = covarianceEnu(track.x, track.P);
  return std::sqrt(std::max(0.0, c(2, 2)));
}

double distanceM(const core::GeoPoint& a, const core::GeoPoint& b) {
  return geo::geodesicInverse(a, b).distance_m;
}

core::GeoPoint deadReckon(const core::GeoPoint& from, const core::Vec2& velocity_en_mps,
                          double dt_s) {
  const double speed = velocity_en_mps.norm();
  if (speed < 1e-6 || dt_s == 0.0) return from;
  const double azimuth = std::atan2(velocity_en_mps.x(), velocity_en_mps.y()) * geo::kRadToDeg;
  core::GeoPoint p = geo::geodesicDirect(from, azimuth, speed * dt_s);
  p.alt_m = from.alt_m;
  return p;
}

core::GeoPoint deadReckon(const core::Track& track, double dt_s) {
  const TrackFrame f = trackFrame(track);
  return deadReckon(f.position, f.velocityEnu(track).head<2>(), dt_s);
}

namespace {

// Metres per degree of latitude and of longitude at the equator (WGS-84 mean values are
// adequate for the equirectangular distance documented in the header).
constexpr double kMPerDegLat = 110'574.0;
constexpr double kMPerDegLonEquator = 111'320.0;

double segmentDistance(double ax, double ay, double bx, double by) {
  // Distance from the origin to the segment a-b in the plane.
  const double dx = bx - ax;
  const double dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? -(ax * dx + ay * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(ax + t * dx, ay + t * dy);
}

double ringDistance(const std::vector<core::GeoPoint>& ring, const core::GeoPoint& p) {
  const double kx = kMPerDegLonEquator * std::cos(p.lat_deg * geo::kDegToRad);
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const core::GeoPoint& a = ring[i];
    const core::GeoPoint& b = ring[(i + 1) % ring.size()];
    best = std::min(best, segmentDistance((a.lon_deg - p.lon_deg) * kx,
                                          (a.lat_deg - p.lat_deg) * kMPerDegLat,
                                          (b.lon_deg - p.lon_deg) * kx,
                                          (b.lat_deg - p.lat_deg) * kMPerDegLat));
  }
  return best;
}

}  // namespace

double distanceToPolygonM(const core::GeoPoint& p, const geo::GeoPolygon& polygon) {
  if (polygon.empty()) return std::numeric_limits<double>::infinity();
  if (polygon.contains(p.lat_deg, p.lon_deg)) return 0.0;
  double best = ringDistance(polygon.outer(), p);
  for (const auto& hole : polygon.holes()) best = std::min(best, ringDistance(hole, p));
  return best;
}

CourseApproach closestApproach(const core::GeoPoint& from, double azimuth_deg, double length_m,
                               double step_m, const std::vector<const NamedArea*>& areas) {
  CourseApproach best;
  best.distance_m = std::numeric_limits<double>::infinity();
  if (areas.empty()) return best;
  const double step = std::max(step_m, 1.0);
  const auto samples = static_cast<long>(std::ceil(std::max(0.0, length_m) / step));
  for (long k = 0; k <= samples; ++k) {
    const double along = std::min(length_m, static_cast<double>(k) * step);
    const core::GeoPoint q = along > 0.0 ? geo::geodesicDirect(from, azimuth_deg, along) : from;
    for (const NamedArea* a : areas) {
      const double d = distanceToPolygonM(q, a->polygon);
      if (d < best.distance_m) {
        best.distance_m = d;
        best.along_m = along;
        best.area_id = a->id;
      }
    }
    if (best.distance_m == 0.0) break;
  }
  return best;
}

std::vector<const NamedArea*> areasWithIds(const Geography& geography,
                                           const std::vector<std::string>& ids) {
  std::vector<const NamedArea*> out;
  for (const NamedArea& a : geography.areas) {
    if (std::find(ids.begin(), ids.end(), a.id) != ids.end()) out.push_back(&a);
  }
  return out;
}

bool inTerrestrialCoverage(const Geography& geography, const core::GeoPoint& p, double margin_m,
                           std::string* sensor_id) {
  for (const CoverageCircle& c : geography.ais_coverage) {
    if (c.range_m - margin_m <= 0.0) continue;
    // Cheap rejection by latitude before the geodesic (a degree of latitude is >= 110.5 km).
    if (std::abs(c.site.lat_deg - p.lat_deg) * kMPerDegLat > c.range_m + 1000.0) continue;
    if (distanceM(c.site, p) <= c.range_m - margin_m) {
      if (sensor_id != nullptr) *sensor_id = c.sensor_id;
      return true;
    }
  }
  return false;
}

}  // namespace picket::cueing::detail
