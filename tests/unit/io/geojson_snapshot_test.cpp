#include "io/geojson_snapshot.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "geo/wgs84.hpp"

namespace picket::io {
namespace {

using Json = nlohmann::json;

constexpr std::int64_t kT0 = 1'772'366'400LL * 1'000'000'000LL;  // 2026-03-01T12:00:00Z

v1::Track makeTrack(std::uint64_t id, double lat, double lon,
                    v1::Domain domain = v1::DOMAIN_SURFACE) {
  v1::Track t;
  t.mutable_header()->set_source_id("fusiond-1");
  t.mutable_header()->set_time_ns(kT0);
  t.set_track_id(id);
  t.mutable_position()->set_lat_deg(lat);
  t.mutable_position()->set_lon_deg(lon);
  t.mutable_position()->set_alt_m(domain == v1::DOMAIN_AIR ? 2500.0 : 0.0);
  t.set_vel_east_mps(0.0);
  t.set_vel_north_mps(-1852.0 / 3600.0 * 20.0);  // 20 kn due south
  t.set_status(v1::TRACK_STATUS_CONFIRMED);
  t.set_domain(domain);
  t.add_sensors()->set_sensor_id("radar-aruba");
  t.add_sensors()->set_sensor_id("ais-aruba");
  return t;
}

v1::Alert makeAlert(const v1::Track& track, double lat, double lon) {
  v1::Alert a;
  a.mutable_header()->set_source_id("fusiond-1");
  a.mutable_header()->set_time_ns(kT0);
  a.set_alert_id("dark_target-1");
  a.set_rule("dark_target");
  a.set_severity(v1::SEVERITY_HIGH);
  a.set_state(v1::ALERT_STATE_OPEN);
  a.set_confidence(0.9);
  *a.mutable_track() = track;
  auto* p = a.add_predicted();
  p->set_time_ns(kT0 + 30LL * 60 * 1'000'000'000);
  p->mutable_position()->set_lat_deg(lat);
  p->mutable_position()->set_lon_deg(lon);
  p->set_semi_major_95_m(3000.0);
  p->set_semi_minor_95_m(1000.0);
  p->set_orientation_deg(30.0);
  auto* partner = a.add_partners();
  partner->set_partner_id("USCG-LEDET");
  partner->set_basis("high seas");
  auto* j = a.add_jurisdiction();
  j->set_zone_type(v1::ZONE_TYPE_HIGH_SEAS);
  j->set_description("high seas");
  return a;
}

/// Twice the signed area in the (lon, lat) plane: > 0 for a counterclockwise ring.
double signedArea2(const Json& ring) {
  double s = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    s += ring[i][0].get<double>() * ring[i + 1][1].get<double>() -
         ring[i + 1][0].get<double>() * ring[i][1].get<double>();
  }
  return s;
}

void expectValidRing(const Json& ring) {
  ASSERT_TRUE(ring.is_array());
  ASSERT_GE(ring.size(), 4u);
  EXPECT_EQ(ring.front(), ring.back()) << "ring not closed";
  EXPECT_GT(signedArea2(ring), 0.0) << "exterior ring not counterclockwise";
  for (const auto& p : ring) {
    ASSERT_EQ(p.size(), 2u);
    EXPECT_LE(std::abs(p[0].get<double>()), 180.0);
    EXPECT_LE(std::abs(p[1].get<double>()), 90.0);
    // 7 decimals at most.
    for (const auto& c : p) {
      const double scaled = c.get<double>() * 1e7;
      EXPECT_NEAR(scaled, std::round(scaled), 1e-3) << c;
    }
  }
}

TEST(GeoJsonSnapshot, IsAFeatureCollectionOfTracksAlertsAndPredictions) {
  const v1::Track suspect = makeTrack(4, 12.5, -69.9);
  v1::Track merchant = makeTrack(5, 12.1234567891, -70.9876543219);
  merchant.mutable_identity()->set_mmsi(244123456);
  merchant.mutable_identity()->set_name("NORDIC \"STAR\" <&>");
  const v1::Track aircraft = makeTrack(6, 13.0, -68.0, v1::DOMAIN_AIR);
  const v1::Alert alert = makeAlert(suspect, 12.3, -69.8);

  const Json doc = Json::parse(geoJsonSnapshot({suspect, merchant, aircraft}, {alert}, kT0));
  EXPECT_EQ(doc["type"], "FeatureCollection");
  EXPECT_EQ(doc["generated"], "2026-03-01T12:00:00.000Z");
  const auto& features = doc["features"];
  ASSERT_EQ(features.size(), 5u);  // 3 tracks, 1 alert, 1 prediction
  for (const auto& f : features) {
    EXPECT_EQ(f["type"], "Feature");
    EXPECT_TRUE(f["geometry"].is_object());
    EXPECT_TRUE(f["properties"].is_object());
    EXPECT_TRUE(f["id"].is_string());
  }

  // Tracks: Points at [lon, lat], rounded to 7 decimals; air tracks carry their height.
  const auto& s = features[0];
  EXPECT_EQ(s["geometry"]["type"], "Point");
  EXPECT_EQ(s["geometry"]["coordinates"], Json::array({-69.9, 12.5}));
  EXPECT_EQ(s["properties"]["kind"], "track");
  EXPECT_EQ(s["properties"]["id"], 4);
  EXPECT_EQ(s["properties"]["status"], "confirmed");
  EXPECT_EQ(s["properties"]["domain"], "surface");
  EXPECT_TRUE(s["properties"]["mmsi"].is_null());
  EXPECT_TRUE(s["properties"]["name"].is_null());
  EXPECT_DOUBLE_EQ(s["properties"]["speed_kn"].get<double>(), 20.0);
  EXPECT_DOUBLE_EQ(s["properties"]["course_deg"].get<double>(), 180.0);
  EXPECT_EQ(s["properties"]["time"], "2026-03-01T12:00:00.000Z");
  EXPECT_EQ(s["properties"]["sensors"], Json::array({"radar-aruba", "ais-aruba"}));
  EXPECT_EQ(s["properties"]["suspect"], true);

  const auto& m = features[1];
  EXPECT_EQ(m["geometry"]["coordinates"], Json::array({-70.9876543, 12.1234568}));
  EXPECT_EQ(m["properties"]["mmsi"], 244123456);
  EXPECT_EQ(m["properties"]["name"], "NORDIC \"STAR\" <&>");
  EXPECT_EQ(m["properties"]["suspect"], false);

  const auto& air = features[2];
  EXPECT_EQ(air["geometry"]["coordinates"], Json::array({-68.0, 13.0, 2500.0}));
  EXPECT_EQ(air["properties"]["domain"], "air");

  // The alert: a Point at its track.
  const auto& a = features[3];
  EXPECT_EQ(a["geometry"]["coordinates"], Json::array({-69.9, 12.5}));
  EXPECT_EQ(a["properties"]["kind"], "alert");
  EXPECT_EQ(a["properties"]["alert_id"], "dark_target-1");
  EXPECT_EQ(a["properties"]["rule"], "dark_target");
  EXPECT_EQ(a["properties"]["severity"], "high");
  EXPECT_EQ(a["properties"]["state"], "open");
  EXPECT_DOUBLE_EQ(a["properties"]["confidence"].get<double>(), 0.9);
  EXPECT_EQ(a["properties"]["partners"][0]["id"], "USCG-LEDET");
  EXPECT_EQ(a["properties"]["jurisdiction"][0]["zone_type"], "high_seas");
  EXPECT_EQ(a["properties"]["track_id"], 4);

  // The prediction: a counterclockwise closed Polygon around the predicted position.
  const auto& p = features[4];
  EXPECT_EQ(p["properties"]["kind"], "prediction");
  EXPECT_DOUBLE_EQ(p["properties"]["minutes_ahead"].get<double>(), 30.0);
  ASSERT_EQ(p["geometry"]["type"], "Polygon");
  ASSERT_EQ(p["geometry"]["coordinates"].size(), 1u);
  expectValidRing(p["geometry"]["coordinates"][0]);
}

TEST(EllipseRings, VerticesLieOnTheEllipseWithTheMajorAxisAlongTheOrientation) {
  const auto rings = ellipseRings(12.3, -69.8, 3000.0, 1000.0, 30.0, 48);
  ASSERT_EQ(rings.size(), 1u);
  const auto& ring = rings[0];
  ASSERT_EQ(ring.size(), 49u);
  double farthest = 0, nearest = 1e12, farthest_azimuth = 0;
  for (const auto& v : ring) {
    const auto inv = geo::geodesicInverse({12.3, -69.8, 0}, {v[1], v[0], 0});
    if (inv.distance_m > farthest) {
      farthest = inv.distance_m;
      farthest_azimuth = inv.azimuth1_deg;
    }
    nearest = std::min(nearest, inv.distance_m);
  }
  EXPECT_NEAR(farthest, 3000.0, 1.0);
  EXPECT_NEAR(nearest, 1000.0, 20.0);  // a vertex falls within 7.5 degrees of the minor axis
  // The major axis is an axis: 30 or 210 degrees.
  const double off = std::fmod(std::abs(farthest_azimuth - 30.0) + 360.0, 180.0);
  EXPECT_LT(std::min(off, 180.0 - off), 0.5);
}

TEST(EllipseRings, CutAtTheAntimeridian) {
  const auto rings = ellipseRings(-17.0, 179.99, 5000.0, 3000.0, 90.0, 48);
  ASSERT_EQ(rings.size(), 2u);
  Json polygons = Json::array();
  for (const auto& r : rings) {
    Json ring = Json::array();
    for (const auto& p : r) ring.push_back(Json::array({p[0], p[1]}));
    expectValidRing(ring);
    polygons.push_back(ring);
  }
  // Western part (negative longitudes, east of the line) first; each touches +-180.
  EXPECT_LT(rings[0][0][0], 0.0);
  EXPECT_GT(rings[1][0][0], 0.0);
  bool west_touches = false, east_touches = false;
  for (const auto& p : rings[0]) west_touches = west_touches || p[0] == -180.0;
  for (const auto& p : rings[1]) east_touches = east_touches || p[0] == 180.0;
  EXPECT_TRUE(west_touches && east_touches);

  // In a snapshot it becomes a MultiPolygon.
  v1::Track t = makeTrack(1, -17.0, 179.95);
  const Json doc = Json::parse(geoJsonSnapshot({t}, {makeAlert(t, -17.0, 179.99)}, kT0));
  const auto& g = doc["features"][2]["geometry"];
  EXPECT_EQ(g["type"], "MultiPolygon");
  EXPECT_EQ(g["coordinates"].size(), 2u);
}

TEST(GeoJsonSnapshot, EmptyPictureIsAnEmptyCollection) {
  const Json doc = Json::parse(geoJsonSnapshot({}, {}, kT0));
  EXPECT_EQ(doc["type"], "FeatureCollection");
  EXPECT_TRUE(doc["features"].is_array());
  EXPECT_TRUE(doc["features"].empty());
}

}  // namespace
}  // namespace picket::io
