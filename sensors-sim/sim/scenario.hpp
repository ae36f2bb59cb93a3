#pragma once
// A scenario as plain data: who moves where, and which sensors watch. Built-in scenarios are
// constructed in code (caribbean_demo.cpp); a YAML loader can later fill the same structs.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"
#include "geo/polygon.hpp"
#include "sim/route.hpp"

namespace picket::sim {

enum class PlatformClass : std::uint8_t { Merchant, GoFast, PatrolAircraft };

/// "merchant", "go-fast", "patrol-aircraft" (the truth CSV's class column).
const char* toString(PlatformClass c);

/// What an AIS-equipped ship broadcasts about itself (ITU-R M.1371 messages 1-3 and 5).
struct AisIdentity {
  std::uint32_t mmsi = 0;       ///< 9 digits, MID first
  std::uint32_t imo = 0;        ///< 7 digits with a valid check digit
  std::string name;             ///< up to 20 characters, upper case
  std::string call_sign;        ///< up to 7 characters
  std::uint32_t ship_type = 0;  ///< ITU-R M.1371 type (70 cargo, 80 tanker)
  std::uint32_t to_bow_m = 0;   ///< GNSS antenna to bow, metres
  std::uint32_t to_stern_m = 0;
  std::uint32_t to_port_m = 0;
  std::uint32_t to_starboard_m = 0;
  double draught_m = 0.0;
  std::string destination;  ///< up to 20 characters, upper case
  bool operator==(const AisIdentity&) const = default;
};

/// One simulated vessel or aircraft.
struct Platform {
  std::string id;  ///< unique in the scenario, e.g. "merchant-1"; used in truth and tests
  PlatformClass platform_class = PlatformClass::Merchant;
  bool illicit = false;
  Route route;
  /// Height of the radar-reflecting structure above the sea, metres, for the radar horizon.
  double radar_height_m = 10.0;
  std::optional<AisIdentity> ais;  ///< absent: the platform never transmits AIS ("dark")
};

/// Probability of detection per platform class; classes not listed are never detected.
using DetectionTable = std::map<PlatformClass, double>;

/// A rotating coastal surveillance radar on a fixed site.
struct CoastalRadarConfig {
  std::string source_id;
  core::GeoPoint site;  ///< antenna; alt_m stands in for the height above the sea
  core::Duration scan_period = core::Duration::fromSeconds(6.0);
  double range_sigma_m = 25.0;
  double bearing_sigma_deg = 0.3;
  double min_range_m = 2000.0;    ///< inner edge of the coverage annulus (blanked zone)
  double max_range_m = 100000.0;  ///< instrumented range; the horizon usually binds first
  DetectionTable detection_probability;
  double clutter_mean_per_scan = 1.5;    ///< Poisson mean of false plots per scan
  double clutter_max_range_m = 60000.0;  ///< outer edge of the annulus false plots fall in
};

/// An AIS base station receiving class A reports from ships in range.
struct AisReceiverConfig {
  std::string source_id;
  core::GeoPoint site;
  double range_m = 40.0 * 1852.0;  ///< reception range (horizontal distance to the site)
  double position_sigma_m = 5.0;   ///< GNSS error per horizontal axis (PA flag: high)
  core::Duration static_interval = core::Duration::fromSeconds(360.0);  ///< message 5 every 6 min
};

/// A search radar on a patrol aircraft, reporting polar contacts with the aircraft's
/// navigation solution.
struct AirborneRadarConfig {
  std::string source_id;
  std::string carrier_platform_id;  ///< the Platform that carries the radar
  core::Duration scan_period = core::Duration::fromSeconds(10.0);
  double max_range_m = 90000.0;  ///< slant range
  double range_sigma_m = 40.0;
  double bearing_sigma_deg = 0.5;
  DetectionTable detection_probability;
  double clutter_mean_per_scan = 1.0;
  double clutter_min_ground_range_m = 2000.0;
  double nav_position_sigma_m = 15.0;  ///< horizontal, per axis
  double nav_altitude_sigma_m = 20.0;
  double nav_velocity_sigma_mps = 0.5;  ///< per axis
};

/// Everything the generator needs. Plain data: copy and edit freely before generating.
struct Scenario {
  std::string name;
  core::Duration duration = core::Duration::fromSeconds(5400.0);
  std::vector<Platform> platforms;
  std::vector<CoastalRadarConfig> coastal_radars;
  std::vector<AisReceiverConfig> ais_receivers;
  std::vector<AirborneRadarConfig> airborne_radars;
  /// Coarse land outlines: false plots are only placed over the sea.
  std::vector<geo::GeoPolygon> land;

  [[nodiscard]] const Platform* findPlatform(std::string_view id) const;
  [[nodiscard]] bool isOverLand(double lat_deg, double lon_deg) const;
};

/// The names accepted by builtInScenario().
std::vector<std::string> builtInScenarioNames();

/// A built-in scenario by name; nullopt for an unknown name.
std::optional<Scenario> builtInScenario(std::string_view name);

}  // namespace picket::sim
