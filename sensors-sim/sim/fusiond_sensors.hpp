#pragma once
// The `sensors:` section of a fusiond configuration for a scenario: every sensor the scenario
// simulates, under the source ID its feed carries (fusiond refuses unknown senders), with the
// kind, domain, coverage and accuracy of its model. `sensors-sim --fusiond-sensors FILE`
// writes it; config/scenarios/<name>.fusiond.yaml holds it with the correlator's settings.

#include <ostream>
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace picket::sim {

/// A scenario sensor as fusiond's configuration describes it (config/fusiond.example.yaml,
/// `sensors`). Optional keys are left at fusiond's defaults when `has_*` is false.
struct FusiondSensor {
  std::string id;      ///< the feed's header.source_id
  std::string kind;    ///< coastal_radar | ship_radar | airborne_radar | ais
  std::string domain;  ///< surface | air
  double max_range_m = 0.0;
  bool has_site = false;  ///< fixed antenna: site_lat_deg, site_lon_deg, site_alt_m
  double site_lat_deg = 0.0;
  double site_lon_deg = 0.0;
  double site_alt_m = 0.0;
  bool has_polar_sigmas = false;  ///< radars: range_sigma_m, bearing_sigma_deg
  double range_sigma_m = 0.0;
  double bearing_sigma_deg = 0.0;
  bool has_ais_sigmas = false;  ///< AIS: position 1-sigmas for the PA flag high and low
  double ais_position_sigma_high_m = 0.0;
  double ais_position_sigma_low_m = 0.0;
  bool satellite = false;  ///< satellite AIS (no site; covers the theatre)
  bool secondary = false;  ///< air radar that interrogates transponders (SSR)
  std::string comment;  ///< what it is, for people reading the file
  bool operator==(const FusiondSensor&) const = default;
};

/// fusiond's largest accepted max_range_m (config validation), metres.
constexpr double kFusiondMaxRangeM = 5'000'000.0;
/// Height of a small craft's radar-reflecting structure (a go-fast's), metres: surface radars'
/// coverage is their horizon to it.
constexpr double kSmallCraftHeightM = 1.5;

/// The scenario's sensors in fusiond's terms, in this order: surface radars (coastal, then
/// ship-borne as listed), AIS receivers, satellite AIS, airborne radars, air surveillance
/// radars. Mapping:
///  - surface radar on a fixed site: coastal_radar, surface, site, range/bearing sigmas,
///    max_range = the radar horizon to a small craft (radarHorizonM, antenna at the site's
///    alt_m) or the instrumented range if nearer;
///  - surface radar on a ship: ship_radar, surface (scans carry the ship's navigation), the
///    same coverage with the ship's antenna_height_m;
///  - terrestrial AIS: ais, max_range = reception range, PA-high sigma = class A position
///    sigma, PA-low sigma = class B's;
///  - satellite AIS: ais (fusiond has no satellite kind yet), max_range = footprint radius;
///  - airborne radar: airborne_radar, surface (a maritime search radar);
///  - air surveillance radar: coastal_radar (a fixed-site radar scan), domain air, site.
/// Ranges are capped at kFusiondMaxRangeM.
std::vector<FusiondSensor> fusiondSensors(const Scenario& scenario);

/// Writes `sensors:` and one entry per sensor as YAML (flow maps, one per line, numbers in
/// their shortest exact form), preceded by a comment naming the scenario. Locale-independent
/// and byte-identical for the same scenario.
void writeFusiondSensors(std::ostream& out, const Scenario& scenario);

}  // namespace picket::sim
