#include "sim/fusiond_sensors.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "sim/radar_geometry.hpp"

namespace picket::sim {

namespace {

// Shortest fixed-point representation that reads back exactly (3000000, not 3e+06); never
// the locale's.
std::string number(double v) {
  std::array<char, 400> buffer{};
  const auto r =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), v, std::chars_format::fixed);
  return std::string(buffer.data(), r.ptr);
}

double range(double m) { return std::min(m, kFusiondMaxRangeM); }

// A surface radar's coverage for fusiond (where a missed detection counts against a track):
// the radar horizon to a small craft, or the instrumented range if nearer. Beyond the horizon
// of a go-fast its track would otherwise collect misses it cannot help.
double surfaceCoverage(double instrumented_m, double antenna_height_m) {
  // Whole metres: the file is read by people.
  const double horizon_m = radarHorizonM(antenna_height_m, kSmallCraftHeightM);
  return range(std::round(std::min(instrumented_m, horizon_m)));
}

FusiondSensor fixedSite(FusiondSensor s, const core::GeoPoint& site) {
  s.has_site = true;
  s.site_lat_deg = site.lat_deg;
  s.site_lon_deg = site.lon_deg;
  s.site_alt_m = site.alt_m;
  return s;
}

}  // namespace

std::vector<FusiondSensor> fusiondSensors(const Scenario& scenario) {
  std::vector<FusiondSensor> out;
  // Fixed coastal radars first, then ship-borne ones, each group in scenario order.
  for (const bool on_ship : {false, true}) {
    for (const auto& r : scenario.surface_radars) {
      if (r.carrier_platform_id.has_value() != on_ship) continue;
      FusiondSensor s;
      s.id = r.source_id;
      s.kind = on_ship ? "ship_radar" : "coastal_radar";
      s.domain = "surface";
      s.max_range_m = surfaceCoverage(
          r.max_range_m, on_ship ? r.antenna_height_m : std::max(0.0, r.site.alt_m));
      s.has_polar_sigmas = true;
      s.range_sigma_m = r.range_sigma_m;
      s.bearing_sigma_deg = r.bearing_sigma_deg;
      if (on_ship) {
        s.comment = "surface-search radar on " + *r.carrier_platform_id;
        out.push_back(s);
      } else {
        s.comment = "coastal surface-search radar";
        out.push_back(fixedSite(s, r.site));
      }
    }
  }
  for (const auto& a : scenario.ais_receivers) {
    FusiondSensor s;
    s.id = a.source_id;
    s.kind = "ais";
    s.domain = "surface";
    s.max_range_m = range(a.range_m);
    s.has_ais_sigmas = true;
    s.ais_position_sigma_high_m = a.position_sigma_m;
    s.ais_position_sigma_low_m = a.class_b_position_sigma_m;
    s.comment = "terrestrial AIS base station";
    out.push_back(fixedSite(s, a.site));
  }
  for (const auto& a : scenario.satellite_ais) {
    FusiondSensor s;
    s.id = a.source_id;
    s.kind = "ais";
    s.domain = "surface";
    s.max_range_m = range(a.footprint_radius_m);
    s.has_ais_sigmas = true;
    s.ais_position_sigma_high_m = a.position_sigma_m;
    s.ais_position_sigma_low_m = a.class_b_position_sigma_m;
    s.satellite = true;
    s.comment = "satellite AIS (reports arrive up to minutes late)";
    out.push_back(s);
  }
  for (const auto& r : scenario.airborne_radars) {
    FusiondSensor s;
    s.id = r.source_id;
    s.kind = "airborne_radar";
    s.domain = "surface";
    s.max_range_m = range(r.max_range_m);
    s.has_polar_sigmas = true;
    s.range_sigma_m = r.range_sigma_m;
    s.bearing_sigma_deg = r.bearing_sigma_deg;
    s.comment = "search radar on " + r.carrier_platform_id;
    out.push_back(s);
  }
  for (const auto& r : scenario.air_radars) {
    FusiondSensor s;
    s.id = r.source_id;
    s.kind = "coastal_radar";
    s.domain = "air";
    s.max_range_m = range(r.max_range_m);
    s.has_polar_sigmas = true;
    s.range_sigma_m = r.range_sigma_m;
    s.bearing_sigma_deg = r.bearing_sigma_deg;
    s.secondary = r.secondary;
    s.comment = std::string(r.line_of_sight ? "ground air surveillance radar" : "air surveillance radar") +
                (r.secondary ? " (with secondary)" : "");
    out.push_back(fixedSite(s, r.site));
  }
  return out;
}

void writeFusiondSensors(std::ostream& out, const Scenario& scenario) {
  out << "# Sensors of scenario '" << scenario.name
      << "', written by sensors-sim --fusiond-sensors.\n"
         "sensors:\n";
  for (const FusiondSensor& s : fusiondSensors(scenario)) {
    out << "  - {id: " << s.id << ", kind: " << s.kind << ", domain: " << s.domain
        << ", max_range_m: " << number(s.max_range_m);
    if (s.has_site) {
      out << ", site: {lat_deg: " << number(s.site_lat_deg)
          << ", lon_deg: " << number(s.site_lon_deg) << ", alt_m: " << number(s.site_alt_m)
          << "}";
    }
    if (s.has_polar_sigmas) {
      out << ", range_sigma_m: " << number(s.range_sigma_m)
          << ", bearing_sigma_deg: " << number(s.bearing_sigma_deg);
    }
    if (s.has_ais_sigmas) {
      out << ", ais_position_sigma_high_m: " << number(s.ais_position_sigma_high_m)
          << ", ais_position_sigma_low_m: " << number(s.ais_position_sigma_low_m);
    }
    if (s.satellite) out << ", satellite: true";
    if (s.secondary) out << ", secondary: true";
    out << "}  # " << s.comment << '\n';
  }
}

}  // namespace picket::sim
