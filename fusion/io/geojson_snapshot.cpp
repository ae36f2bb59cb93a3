#include "io/geojson_snapshot.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <nlohmann/json.hpp>
#include <set>

#include "geo/wgs84.hpp"
#include "io/cot.hpp"

namespace picket::io {

namespace {

using Json = nlohmann::ordered_json;
using Position = std::array<double, 2>;
using Ring = std::vector<Position>;

constexpr double kMpsPerKnot = 1852.0 / 3600.0;

double round7(double v) {
  const double r = std::round(v * 1e7) / 1e7;
  return r == 0.0 ? 0.0 : r;  // no "-0.0"
}

double round1(double v) { return std::round(v * 10.0) / 10.0; }

const char* zoneName(v1::ZoneType z) {
  switch (z) {
    case v1::ZONE_TYPE_TERRITORIAL_SEA: return "territorial_sea";
    case v1::ZONE_TYPE_CONTIGUOUS_ZONE: return "contiguous_zone";
    case v1::ZONE_TYPE_EEZ: return "eez";
    case v1::ZONE_TYPE_HIGH_SEAS: return "high_seas";
    default: return "unspecified";
  }
}

Json pointGeometry(const v1::GeoPoint& p, bool with_height) {
  Json c = Json::array({round7(p.lon_deg()), round7(p.lat_deg())});
  if (with_height) c.push_back(round1(p.alt_m()));
  return Json{{"type", "Point"}, {"coordinates", c}};
}

Json ringJson(const Ring& ring) {
  Json r = Json::array();
  for (const auto& p : ring) r.push_back(Json::array({p[0], p[1]}));
  return r;
}

Json trackFeature(const v1::Track& t, bool suspect) {
  const double speed_mps = std::hypot(t.vel_east_mps(), t.vel_north_mps());
  double course = std::atan2(t.vel_east_mps(), t.vel_north_mps()) * 180.0 / std::numbers::pi;
  if (course < 0) course += 360.0;
  if (speed_mps == 0.0) course = 0.0;
  Json sensors = Json::array();
  for (const auto& s : t.sensors()) sensors.push_back(s.sensor_id());
  const bool air = t.domain() == v1::DOMAIN_AIR;
  Json props;
  props["kind"] = "track";
  props["id"] = t.track_id();
  props["status"] = trackStatusName(t.status());
  props["domain"] = air ? "air" : "surface";
  props["mmsi"] = t.identity().mmsi() != 0 ? Json(t.identity().mmsi()) : Json(nullptr);
  props["name"] = t.identity().name().empty() ? Json(nullptr) : Json(t.identity().name());
  props["speed_kn"] = round1(speed_mps / kMpsPerKnot);
  props["course_deg"] = std::min(round1(course), 359.9);
  props["time"] = cotTime(t.header().time_ns());
  props["sensors"] = sensors;
  props["suspect"] = suspect;
  props["instance"] = t.header().source_id();
  return Json{{"type", "Feature"},
              {"id", "track-" + std::to_string(t.track_id())},
              {"geometry", pointGeometry(t.position(), air)},
              {"properties", props}};
}

Json alertFeature(const v1::Alert& a) {
  Json partners = Json::array();
  for (const auto& p : a.partners()) {
    partners.push_back(Json{{"id", p.partner_id()}, {"name", p.name()}, {"basis", p.basis()}});
  }
  Json jurisdiction = Json::array();
  for (const auto& j : a.jurisdiction()) {
    Json states = Json::array();
    for (const auto& s : j.states()) states.push_back(s);
    jurisdiction.push_back(Json{{"time", cotTime(j.time_ns())},
                                {"zone_type", zoneName(j.zone_type())},
                                {"states", states},
                                {"description", j.description()}});
  }
  Json releasable = Json::array();
  for (const auto& r : a.releasable_to()) releasable.push_back(r);
  Json props;
  props["kind"] = "alert";
  props["alert_id"] = a.alert_id();
  props["rule"] = a.rule();
  props["severity"] = severityName(a.severity());
  props["state"] = alertStateName(a.state());
  props["confidence"] = a.confidence();
  props["partners"] = partners;
  props["jurisdiction"] = jurisdiction;
  props["track_id"] = a.track().track_id();
  props["time"] = cotTime(a.header().time_ns());
  props["reason"] = a.reason();
  props["flag_state"] = a.flag_state().empty() ? Json(nullptr) : Json(a.flag_state());
  props["releasable_to"] = releasable;
  return Json{{"type", "Feature"},
              {"id", "alert-" + a.alert_id()},
              {"geometry", pointGeometry(a.track().position(), false)},
              {"properties", props}};
}

Json predictionFeature(const v1::Alert& a, int k, int vertices) {
  const auto& p = a.predicted(k - 1);
  const auto rings = ellipseRings(p.position().lat_deg(), p.position().lon_deg(),
                                  p.semi_major_95_m(), p.semi_minor_95_m(), p.orientation_deg(),
                                  vertices);
  Json geometry;
  if (rings.size() == 1) {
    geometry = Json{{"type", "Polygon"}, {"coordinates", Json::array({ringJson(rings[0])})}};
  } else {
    Json polygons = Json::array();
    for (const auto& r : rings) polygons.push_back(Json::array({ringJson(r)}));
    geometry = Json{{"type", "MultiPolygon"}, {"coordinates", polygons}};
  }
  Json props;
  props["kind"] = "prediction";
  props["alert_id"] = a.alert_id();
  props["track_id"] = a.track().track_id();
  props["time"] = cotTime(p.time_ns());
  props["minutes_ahead"] =
      std::round(static_cast<double>(p.time_ns() - a.header().time_ns()) / 60e9 * 10.0) / 10.0;
  props["probability"] = 0.95;
  props["semi_major_m"] = round1(p.semi_major_95_m());
  props["semi_minor_m"] = round1(p.semi_minor_95_m());
  props["orientation_deg"] = round1(p.orientation_deg());
  props["center"] = Json::array({round7(p.position().lon_deg()), round7(p.position().lat_deg())});
  return Json{{"type", "Feature"},
              {"id", "alert-" + a.alert_id() + "-pred-" + std::to_string(k)},
              {"geometry", geometry},
              {"properties", props}};
}

/// Sutherland-Hodgman clip of an open ring (no closing position) to lon <= limit (keep_west)
/// or lon >= limit. Latitude is interpolated linearly in longitude at the cut, which is exact
/// enough over the few kilometres between two vertices.
Ring clipAtLongitude(const Ring& ring, double limit, bool keep_west) {
  const auto inside = [&](const Position& p) { return keep_west ? p[0] <= limit : p[0] >= limit; };
  Ring out;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Position& p = ring[i];
    const Position& q = ring[(i + 1) % ring.size()];
    const bool pin = inside(p);
    const bool qin = inside(q);
    if (pin != qin) {
      const double f = (limit - p[0]) / (q[0] - p[0]);
      out.push_back({limit, p[1] + f * (q[1] - p[1])});
    }
    if (qin) out.push_back(q);
  }
  return out;
}

Ring finishRing(Ring ring, double shift_deg) {
  for (auto& p : ring) {
    p[0] = round7(std::clamp(p[0] + shift_deg, -180.0, 180.0));
    p[1] = round7(p[1]);
  }
  ring.push_back(ring.front());
  return ring;
}

}  // namespace

std::vector<Ring> ellipseRings(double lat_deg, double lon_deg, double semi_major_m,
                               double semi_minor_m, double orientation_deg, int vertices) {
  vertices = std::max(vertices, 8);
  // A point of zero extent would give a degenerate ring; a metre is below any sensor's error.
  const double a = std::max(semi_major_m, 1.0);
  const double b = std::max(semi_minor_m, 1.0);
  const double theta = orientation_deg * std::numbers::pi / 180.0;
  // Major axis u and minor axis v in (east, north); v is u turned 90 degrees counterclockwise,
  // so increasing the parameter walks the ring counterclockwise (RFC 7946 right-hand rule).
  const double ue = std::sin(theta), un = std::cos(theta);
  const double ve = -un, vn = ue;
  const core::GeoPoint centre{lat_deg, lon_deg, 0.0};
  Ring ring;
  ring.reserve(static_cast<std::size_t>(vertices));
  double min_lon = lon_deg, max_lon = lon_deg;
  for (int i = 0; i < vertices; ++i) {
    const double t = 2.0 * std::numbers::pi * i / vertices;
    const double e = a * std::cos(t) * ue + b * std::sin(t) * ve;
    const double n = a * std::cos(t) * un + b * std::sin(t) * vn;
    const double azimuth = std::atan2(e, n) * 180.0 / std::numbers::pi;
    const core::GeoPoint p = geo::geodesicDirect(centre, azimuth, std::hypot(e, n));
    // Unwrap relative to the centre so the ring is continuous across the antimeridian.
    double lon = p.lon_deg;
    while (lon - lon_deg > 180.0) lon -= 360.0;
    while (lon - lon_deg < -180.0) lon += 360.0;
    min_lon = std::min(min_lon, lon);
    max_lon = std::max(max_lon, lon);
    ring.push_back({lon, p.lat_deg});
  }
  if (max_lon > 180.0) {
    return {finishRing(clipAtLongitude(ring, 180.0, false), -360.0),
            finishRing(clipAtLongitude(ring, 180.0, true), 0.0)};
  }
  if (min_lon < -180.0) {
    return {finishRing(clipAtLongitude(ring, -180.0, false), 0.0),
            finishRing(clipAtLongitude(ring, -180.0, true), 360.0)};
  }
  return {finishRing(std::move(ring), 0.0)};
}

std::string geoJsonSnapshot(const std::vector<v1::Track>& tracks,
                            const std::vector<v1::Alert>& open_alerts, std::int64_t generated_ns,
                            int ellipse_vertices) {
  std::set<std::uint64_t> suspects;
  for (const auto& a : open_alerts) {
    suspects.insert(a.track().track_id());
    for (const auto id : a.related_track_ids()) suspects.insert(id);
  }
  Json features = Json::array();
  for (const auto& t : tracks) features.push_back(trackFeature(t, suspects.count(t.track_id()) > 0));
  for (const auto& a : open_alerts) {
    features.push_back(alertFeature(a));
    for (int k = 1; k <= a.predicted_size(); ++k) {
      features.push_back(predictionFeature(a, k, ellipse_vertices));
    }
  }
  Json doc;
  doc["type"] = "FeatureCollection";
  doc["generated"] = cotTime(generated_ns);
  doc["features"] = std::move(features);
  // Replace invalid UTF-8 rather than throw: the file must be written whatever the names hold.
  return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace picket::io
