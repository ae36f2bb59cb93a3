#pragma once
// A scenario's ground truth drawn as an SVG map, for analysts and for the docs: sea, maritime
// zones, land, graticule, sensor coverage, platform tracks coloured by class (illicit ones on
// top), planted events, a legend and a title block.
//
// Projection: equirectangular ("plate carree") with the longitude axis scaled by the cosine of
// the box's middle latitude, x = (lon - lon_min) cos(lat_mid) k, y = (lat_max - lat) k, k pixels
// per degree of latitude. Parallels and meridians are straight and evenly spaced; distances are
// true along meridians everywhere and along the middle parallel, and east-west distances at
// another latitude are stretched by cos(lat_mid) / cos(lat) (+19 % at 35 N on the theatre box
// -10..35 N, centred at 12.5 N). It is a picture, not a chart: never navigate or measure on it.
// Circles on the ground (sensor ranges) are drawn as polygons of geodesic points
// (GeographicLib, fusion/geo), so they have the right size and shape at every latitude of this
// projection.
//
// Output is plain SVG 1.1 with one embedded CSS style sheet, UTF-8, every text XML-escaped.
// Coordinates are rounded to 0.1 px; tracks are simplified (see MapOptions), so a 24-hour
// theatre scenario with thousands of platforms stays within a few megabytes. Deterministic:
// the same scenario, land, zones and options give the same bytes (scenario order, integer
// coordinates, std::to_chars, no locale).

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"
#include "geo/polygon.hpp"
#include "sim/scenario.hpp"

namespace picket::sim {

/// Which layers writeSvgMap draws. They are stacked in this order, bottom to top, over the sea.
struct MapLayers {
  bool zones = true;      ///< maritime zone outlines and labels (only when zones are given)
  bool land = true;       ///< land fill and coastline
  bool graticule = true;  ///< parallels and meridians with degree labels
  bool coverage = true;   ///< sensor coverage areas and sensor sites
  bool tracks = true;     ///< platform truth tracks; illicit ones last, with start/end markers
  bool events = true;     ///< planted events as labelled markers
  /// The title block above the map and the legend panel on its right; without them the map
  /// takes the whole picture.
  bool legend = true;
  bool operator==(const MapLayers&) const = default;
};

/// What to draw and how large.
struct MapOptions {
  /// Width of the whole picture (map, legend panel and margins), pixels, [400, 20000]. The
  /// height follows from the box's aspect in the projection (at most 20000 px).
  int width_px = 1600;
  /// The area shown (lat/lon degrees, lat in [-85, 85], min < max). Absent: the scenario's
  /// Area. Everything is clipped to it.
  std::optional<geo::LatLonBox> box;
  /// First line of the title block. Empty: "Scenario <name>".
  std::string title;
  /// Attribution printed at the foot of the legend, e.g. "Land: Made with Natural Earth".
  std::string credit;
  /// Time between truth samples of a track, > 0. Absent: per platform, the time it takes at
  /// its top route speed to cross kAutoSamplePx pixels of the map, within [1 s, 10 min]
  /// (ships on a theatre map: 10 min; a patrol aircraft over one island: a few seconds).
  std::optional<core::Duration> sample_interval;
  /// Track and swath simplification: after dropping samples closer than kMinStepPx to the last
  /// kept one, Douglas-Peucker (Ramer 1972; Douglas & Peucker 1973) removes every vertex within
  /// this many pixels of the simplified line, >= 0 (0: keep every sample).
  double simplify_px = 0.5;
  MapLayers layers;
};

/// Automatic sampling aims at a new track vertex every this many pixels at top speed.
inline constexpr double kAutoSamplePx = 2.0;
/// Track samples closer than this to the previous kept sample are dropped, pixels.
inline constexpr double kMinStepPx = 1.0;

/// A named area drawn as an outline (an EEZ, a territorial sea), e.g. from a GeoJSON feature.
struct MapZone {
  std::vector<geo::GeoPolygon> polygons;
  std::string label;  ///< drawn inside the largest visible polygon; empty: no label
};

/// The projection of one map: lat/lon to picture pixels (x right, y down) and back.
class MapFrame {
 public:
  /// The box is drawn into the rectangle whose top-left corner is (x0_px, y0_px) and whose
  /// width is width_px; its height follows from the projection. Precondition: a valid box
  /// (min < max, lat in [-85, 85]) and width_px > 0.
  MapFrame(const geo::LatLonBox& box, double x0_px, double y0_px, double width_px);

  [[nodiscard]] double xPx(double lon_deg) const;
  [[nodiscard]] double yPx(double lat_deg) const;
  /// The inverse: the point at picture pixel (x, y), height 0.
  [[nodiscard]] core::GeoPoint toGeo(double x_px, double y_px) const;

  [[nodiscard]] const geo::LatLonBox& box() const { return box_; }
  [[nodiscard]] double x0Px() const { return x0_px_; }
  [[nodiscard]] double y0Px() const { return y0_px_; }
  [[nodiscard]] double widthPx() const { return width_px_; }
  [[nodiscard]] double heightPx() const { return height_px_; }
  /// Latitude at which east-west distances are true (the box's middle), degrees.
  [[nodiscard]] double trueScaleLatDeg() const { return mid_lat_deg_; }
  /// Ground metres per pixel along a meridian (and along the middle parallel), from the
  /// WGS-84 meridian arc across the box.
  [[nodiscard]] double metresPerPx() const { return metres_per_px_; }

 private:
  geo::LatLonBox box_;
  double x0_px_ = 0.0;
  double y0_px_ = 0.0;
  double width_px_ = 0.0;
  double height_px_ = 0.0;
  double mid_lat_deg_ = 0.0;
  double px_per_deg_lat_ = 0.0;
  double px_per_deg_lon_ = 0.0;
  double metres_per_px_ = 0.0;
};

/// The projection writeSvgMap uses for these options: the box (options.box, else the
/// scenario's Area) in the map rectangle of the picture (tests convert pixels back with it).
/// Throws std::invalid_argument for options outside their ranges (the message names the
/// option).
MapFrame mapFrame(const Scenario& scenario, const MapOptions& options);

/// Writes the map as a complete SVG document.
///
/// land: polygons filled as land (e.g. io::readGeoJsonFeatures of config/geo's Natural Earth
/// files, or the scenario's own `land` outlines); polygons outside the box cost nothing.
/// zones: optional outlines drawn under the land (maritime zones). Throws std::invalid_argument
/// for bad options (see mapFrame). Writes nothing on a throw.
///
/// What is drawn, and why it looks the way it does:
///   - coverage: a fixed surface radar's radar horizon for a 10 m target (radarHorizonM with
///     the site's height), capped at its instrumented range; an AIS receiver's reception
///     range; an air surveillance radar's annulus min..max range; the ground swept by a
///     ship-borne or airborne radar along its carrier's track (ship: horizon of a 10 m target
///     from the antenna, capped at the instrumented range; aircraft: ground range
///     sqrt(slant^2 - altitude^2) at the carrier's highest altitude, capped at the horizon of a
///     10 m target). Satellite AIS footprints sweep the whole area and are only listed in the
///     legend.
///   - tracks: each platform's truth, stateAt() at the sample interval while activeAt(), over
///     [0, duration); a looping route is drawn for one lap (it repeats), a stopped platform's
///     track ends where it stops. One <path class="trk ..."> per platform with any part in
///     the box, carrying a <title> with its id for hover.
void writeSvgMap(std::ostream& out, const Scenario& scenario,
                 const std::vector<geo::GeoPolygon>& land, const MapOptions& options,
                 const std::vector<MapZone>& zones = {});

/// A box around everything of the scenario that moves or is planted (every truth sample of
/// every platform, event positions), the coverage circles of fixed surface radars and AIS
/// receivers and the sites of air surveillance radars (whose range spans the theatre), padded
/// by 5 % of its size on each side
/// (at least 0.05 deg) and clamped to lat [-85, 85], lon [-180, 180]. For scenarios whose Area
/// is much larger than their action (the built-in caribbean-demo keeps the theatre default).
/// sample_interval > 0 (truth is sampled as for the tracks).
geo::LatLonBox fitMapBox(const Scenario& scenario, core::Duration sample_interval);

/// Parses "lat_min,lat_max,lon_min,lon_max" (degrees, spaces allowed around the numbers);
/// nullopt unless there are four finite numbers with lat_min < lat_max in [-85, 85] and
/// lon_min < lon_max in [-180, 180].
std::optional<geo::LatLonBox> parseMapBox(std::string_view text);

}  // namespace picket::sim
