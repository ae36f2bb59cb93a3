#pragma once
// A GeoJSON (RFC 7946) snapshot of the current picture: live tracks and open alerts, for GIS
// tools and web maps that do not speak CoT. Written by cot-bridge (--geojson FILE).
//
// One FeatureCollection (docs/interop.md lists every property):
//  - a Point feature per track ("kind": "track"), [lon, lat] (and the height above the WGS-84
//    ellipsoid for air tracks), properties id, status, domain, mmsi, name, speed_kn,
//    course_deg, time (ISO 8601 UTC), sensors, suspect, instance;
//  - a Point feature per open alert ("kind": "alert") at its track, properties alert_id, rule,
//    severity, state, confidence, partners, jurisdiction, track_id, time, reason, flag_state,
//    releasable_to;
//  - a Polygon feature per predicted position of an open alert ("kind": "prediction"), the
//    95 % ellipse as a geodesic polygon (RFC 7946 section 3.1.6: counterclockwise exterior ring,
//    first and last positions equal), a MultiPolygon cut at the antimeridian when it crosses
//    it (section 3.1.9).
// Coordinates are rounded to 7 decimals (about 1 cm), section 11.2's advice. The features come
// in the order given; a foreign member "generated" holds the snapshot time.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "picket/v1/tracks.pb.h"

namespace picket::io {

/// The snapshot as compact JSON text. `tracks` are the live tracks, `open_alerts` the alerts
/// not closed; a track is "suspect" when an open alert names it (its track or a related
/// track). `generated_ns`: the snapshot's time, ns since the Unix epoch. `ellipse_vertices`
/// (>= 8): vertices per prediction ellipse before closing.
std::string geoJsonSnapshot(const std::vector<v1::Track>& tracks,
                            const std::vector<v1::Alert>& open_alerts, std::int64_t generated_ns,
                            int ellipse_vertices = 48);

/// The rings ([lon, lat] positions, closed, counterclockwise) approximating a 95 % ellipse:
/// one ring, or two when it crosses the antimeridian (the western part first, longitudes in
/// [-180, 180]). Semi-axes in metres, orientation of the major axis in degrees clockwise from
/// true north; vertices placed by the geodesic direct problem from the centre.
std::vector<std::vector<std::array<double, 2>>> ellipseRings(double lat_deg, double lon_deg,
                                                              double semi_major_m,
                                                              double semi_minor_m,
                                                              double orientation_deg,
                                                              int vertices);

}  // namespace picket::io
