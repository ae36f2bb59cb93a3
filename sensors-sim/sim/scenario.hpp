#pragma once
// A scenario as plain data: who moves where, what their transponders say, which sensors watch,
// and the planted events a run is scored against. Scenario files (config/scenarios/*.yaml) are
// read into these structs by sim/scenario_yaml.*; the traffic builder (sim/traffic.*) turns a
// file's traffic section into platforms and events; built-in scenarios in code fill the same
// structs.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"
#include "geo/land_mask.hpp"
#include "geo/polygon.hpp"
#include "sim/route.hpp"

namespace picket::sim {

enum class PlatformClass : std::uint8_t {
  Merchant,            ///< cargo and container ships on the lanes
  Tanker,
  Fishing,
  Pleasure,            ///< yachts and small craft near the coasts
  GoFast,              ///< illicit high-speed boat, 40-50 kn, small cross-section
  SemiSubmersible,     ///< illicit low-profile vessel, ~6 kn, tiny cross-section
  LogisticsVessel,     ///< illicit support vessel that refuels go-fasts at sea
  PatrolShip,          ///< carries a surface-search radar
  SuspectAircraft,     ///< illicit light twin, no transponder
  CommercialAircraft,  ///< legitimate air traffic with a transponder
  PatrolAircraft,      ///< maritime patrol aircraft carrying a search radar
};

/// "merchant", "tanker", "fishing", "pleasure", "go-fast", "semi-submersible", "logistics",
/// "patrol-ship", "suspect-aircraft", "commercial-aircraft", "patrol-aircraft" (the truth
/// CSV's class column and the scenario files' names).
const char* toString(PlatformClass c);
std::optional<PlatformClass> platformClassFromString(std::string_view name);
/// True for the aircraft classes.
bool isAircraft(PlatformClass c);

enum class AisClass : std::uint8_t { A, B };

/// What an AIS-equipped ship broadcasts about itself (ITU-R M.1371 messages 1-3, 5, 18, 24).
struct AisIdentity {
  std::uint32_t mmsi = 0;       ///< 9 digits, MID first
  std::uint32_t imo = 0;        ///< 7 digits with a valid check digit; 0 for class B
  std::string name;             ///< up to 20 characters, upper case
  std::string call_sign;        ///< up to 7 characters
  std::uint32_t ship_type = 0;  ///< ITU-R M.1371 type (30 fishing, 37 pleasure, 70 cargo, 80 tanker)
  std::uint32_t to_bow_m = 0;   ///< GNSS antenna to bow, metres
  std::uint32_t to_stern_m = 0;
  std::uint32_t to_port_m = 0;
  std::uint32_t to_starboard_m = 0;
  double draught_m = 0.0;
  std::string destination;  ///< up to 20 characters, upper case
  AisClass ais_class = AisClass::A;
  bool operator==(const AisIdentity&) const = default;
};

/// A period in which a platform's AIS does not tell the truth, or nothing at all. Times are
/// offsets from the scenario start; `until` absent = to the end of the run.
struct AisBehaviour {
  enum class Kind : std::uint8_t {
    Silent,           ///< transmitter off: going dark
    SpoofedPosition,  ///< reports `fake_position` (fixed) instead of its own
    SpoofedMmsi,      ///< transmits `identity` (another vessel's MMSI and data)
    IdentityChange,   ///< from `from` on, transmits `identity` as its own (renamed at sea)
  };
  Kind kind = Kind::Silent;
  core::Duration from;
  std::optional<core::Duration> until;
  std::optional<core::GeoPoint> fake_position;  ///< SpoofedPosition
  std::optional<AisIdentity> identity;          ///< SpoofedMmsi, IdentityChange
  bool operator==(const AisBehaviour&) const = default;
};

/// One simulated vessel or aircraft.
struct Platform {
  std::string id;  ///< unique in the scenario, e.g. "merchant-17"; used in truth and tests
  PlatformClass platform_class = PlatformClass::Merchant;
  bool illicit = false;
  /// Where it goes. The route starts at `active_from` (its elapsed time 0 is then).
  Route route;
  /// Present in the theatre (in truth, detectable) from this offset from the scenario start
  /// until `active_until` (absent: until the route ends with RouteEnd::Stop plus nothing more,
  /// i.e. a ship that reaches its last waypoint stays there; set `active_until` to make it leave,
  /// for example on arrival in port).
  core::Duration active_from;
  std::optional<core::Duration> active_until;
  /// Height of the radar-reflecting structure above the sea, metres, for the radar horizon.
  /// Aircraft: ignored (their altitude is the route's).
  double radar_height_m = 10.0;
  /// Mean radar cross-section, m^2 (Swerling I fluctuation about it).
  double rcs_m2 = 1000.0;
  std::optional<AisIdentity> ais;  ///< absent: never transmits AIS ("dark")
  std::vector<AisBehaviour> ais_behaviour;
  /// Aircraft: the Mode 3/A code its transponder replies with, written as its four octal digits
  /// read in decimal (squawk 4521 is 4521; every digit 0-7); absent = no transponder.
  std::optional<std::uint32_t> transponder_code;
  /// Offsets [from, until) from the scenario start during which the transponder is off.
  std::vector<std::pair<core::Duration, core::Duration>> transponder_off;

  /// True while the platform is in the theatre at `elapsed` from the scenario start.
  [[nodiscard]] bool activeAt(core::Duration elapsed) const;
  /// True state at `elapsed` from the scenario start. Precondition: activeAt(elapsed).
  [[nodiscard]] PlatformState stateAt(core::Duration elapsed) const;
};

/// A planted event: what a run is scored against (cueing recall and precision, time to cue).
enum class EventKind : std::uint8_t {
  DarkGoFastRun,       ///< a go-fast without AIS running toward its landing
  Rendezvous,          ///< two vessels stopped together at sea for hours (refuelling)
  SmallCraftMeeting,   ///< two small craft together for minutes away from ports
  AisSwitchedOff,      ///< an identified vessel goes dark mid-voyage
  SpoofedPosition,     ///< AIS reports a position far from the vessel
  SpoofedMmsi,         ///< a vessel transmits another's MMSI
  IdentityChange,      ///< a vessel changes name/MMSI at sea
  SemiSubmersibleRun,  ///< a low-profile vessel's transit
  SuspectFlight,       ///< a light aircraft without transponder to a clandestine strip
  TransponderOff,      ///< an aircraft's transponder goes silent mid-flight
  Loitering,           ///< a vessel stopped or drifting (< 2 kn) for hours far from shore
};
/// "dark-go-fast-run", "rendezvous", "small-craft-meeting", "ais-switched-off",
/// "spoofed-position", "spoofed-mmsi", "identity-change", "semi-submersible-run",
/// "suspect-flight", "transponder-off", "loitering".
const char* toString(EventKind k);
/// The inverse of toString(EventKind); nullopt for an unknown name.
std::optional<EventKind> eventKindFromString(std::string_view name);

struct PlantedEvent {
  std::string id;  ///< unique, e.g. "rendezvous-2"
  EventKind kind = EventKind::DarkGoFastRun;
  core::Duration start;  ///< offsets from the scenario start
  core::Duration end;
  std::vector<std::string> platform_ids;
  core::GeoPoint position;  ///< where it happens (start of a run, meeting point, ...)
  std::string description;
  /// A decoy: legitimate behaviour that resembles `kind` (a merchant stopped at sea for an
  /// hour, a fishing boat drifting near the shore, a fast pleasure boat with AIS on) and that a
  /// cueing rule should NOT alert on. Scored as a false alarm when it is alerted.
  bool near_miss = false;
  bool operator==(const PlantedEvent&) const = default;
};

/// Probability of detection from the radar equation with Swerling I targets:
/// SNR = snr_ref * (rcs / reference_rcs) * (reference_range / range)^4 and
/// Pd = pfa^(1 / (1 + SNR)) (Skolnik, Introduction to Radar Systems, 3rd ed., sec. 2.8), with
/// snr_ref chosen so that Pd = reference_pd at the reference range and cross-section.
struct RadarDetectionModel {
  double reference_rcs_m2 = 10.0;
  double reference_range_m = 30'000.0;
  double reference_pd = 0.9;
  double pfa = 1e-6;
  /// Pd of a target of `rcs_m2` at slant range `range_m` (0 outside (0, inf)).
  [[nodiscard]] double pd(double rcs_m2, double range_m) const;
  bool operator==(const RadarDetectionModel&) const = default;
};

/// A rotating surface-search radar, on a fixed coastal site or on a patrol ship.
struct SurfaceRadarConfig {
  std::string source_id;
  core::GeoPoint site;  ///< fixed site: antenna; alt_m stands in for the height above the sea
  /// Ship-borne: the Platform that carries it (then `site` is ignored and the antenna is
  /// `antenna_height_m` above the ship's position; scans carry the ship's navigation state).
  std::optional<std::string> carrier_platform_id;
  double antenna_height_m = 20.0;  ///< ship-borne only
  double nav_position_sigma_m = 10.0;  ///< ship-borne navigation error, per horizontal axis
  double nav_velocity_sigma_mps = 0.2;
  core::Duration scan_period = core::Duration::fromSeconds(6.0);
  double range_sigma_m = 25.0;
  double bearing_sigma_deg = 0.3;
  double min_range_m = 2000.0;    ///< inner edge of the coverage annulus (blanked zone)
  double max_range_m = 100000.0;  ///< instrumented range; the horizon usually binds first
  RadarDetectionModel detection;
  double clutter_mean_per_scan = 1.5;    ///< Poisson mean of false plots per scan
  double clutter_max_range_m = 60000.0;  ///< outer edge of the annulus false plots fall in
};

/// A terrestrial AIS base station.
struct AisReceiverConfig {
  std::string source_id;
  core::GeoPoint site;
  double range_m = 40.0 * 1852.0;  ///< reception range (horizontal distance to the site)
  double position_sigma_m = 5.0;   ///< GNSS error per horizontal axis (PA flag: high)
  /// Class B ships' GNSS error per horizontal axis: their message 18 carries PA = low (worse
  /// than 10 m, ITU-R M.1371-5 Annex 1 Table 46), undifferenced GNSS.
  double class_b_position_sigma_m = 10.0;
  /// Share of reports lost (slot collisions, fading) inside the range.
  double loss_probability = 0.05;
  core::Duration static_interval = core::Duration::fromSeconds(360.0);  ///< message 5 / 24
};

/// Satellite AIS: a constellation whose footprints pass over the area; each pass hears the
/// ships under it with a probability that drops as more ships share the footprint (slot
/// collisions), and the reports reach the ground minutes later.
struct SatelliteAisConfig {
  std::string source_id;
  double footprint_radius_m = 2'500'000.0;  ///< radius of one satellite's field of view
  core::Duration revisit = core::Duration::fromSeconds(95.0 * 60.0);  ///< mean time between passes
  core::Duration pass_duration = core::Duration::fromSeconds(12.0 * 60.0);
  double detection_probability = 0.6;   ///< per report, in a sparse footprint
  double ships_at_half_probability = 2000.0;  ///< footprint load that halves it
  core::Duration latency_min = core::Duration::fromSeconds(60.0);    ///< delivery latency range
  core::Duration latency_max = core::Duration::fromSeconds(1800.0);
  double position_sigma_m = 10.0;
  double class_b_position_sigma_m = 10.0;  ///< class B ships (PA flag low), per axis
  /// At most one position report per ship is delivered per this interval: satellite AIS
  /// providers decimate the reports heard in one pass, and a 2-10 s class A rate over a pass
  /// would otherwise flood the feed with near-duplicates. Static data is not decimated.
  core::Duration min_report_spacing = core::Duration::fromSeconds(60.0);
};

/// A search radar on a patrol aircraft.
struct AirborneRadarConfig {
  std::string source_id;
  std::string carrier_platform_id;  ///< the Platform that carries the radar
  core::Duration scan_period = core::Duration::fromSeconds(10.0);
  double max_range_m = 90000.0;  ///< slant range
  double range_sigma_m = 40.0;
  double bearing_sigma_deg = 0.5;
  RadarDetectionModel detection;
  double clutter_mean_per_scan = 1.0;
  double clutter_min_ground_range_m = 2000.0;
  double nav_position_sigma_m = 15.0;  ///< horizontal, per axis
  double nav_altitude_sigma_m = 20.0;
  double nav_velocity_sigma_mps = 0.5;  ///< per axis
};

/// An air surveillance radar on a fixed site: sees aircraft only, one dwell per scan over its
/// coverage. Over-the-horizon class by default (long range, coarse accuracy, no horizon: the
/// sky wave comes down from the ionosphere); with `line_of_sight` a ground radar (long-range
/// en-route or terminal, e.g. an ARSR-4) that sees no aircraft below its radar horizon. With
/// `secondary` it also interrogates transponders, and plots of aircraft whose transponder
/// replies carry the Mode 3/A code.
struct AirSurveillanceRadarConfig {
  std::string source_id;
  core::GeoPoint site;
  core::Duration scan_period = core::Duration::fromSeconds(20.0);
  double min_range_m = 500'000.0;
  double max_range_m = 3'000'000.0;
  double range_sigma_m = 4000.0;
  double bearing_sigma_deg = 0.5;
  double detection_probability = 0.8;
  double clutter_mean_per_scan = 2.0;
  bool secondary = false;
  /// A ground (microwave) radar: an aircraft beyond the radar horizon between the antenna
  /// (the site's alt_m above the sea) and the aircraft's height is not seen.
  bool line_of_sight = false;
};

/// The area a scenario covers (lon/lat box; traffic and clutter stay inside).
struct Area {
  double lat_min_deg = -10.0;
  double lat_max_deg = 35.0;
  double lon_min_deg = -120.0;
  double lon_max_deg = -55.0;
  [[nodiscard]] bool contains(double lat_deg, double lon_deg) const {
    return lat_deg >= lat_min_deg && lat_deg <= lat_max_deg && lon_deg >= lon_min_deg &&
           lon_deg <= lon_max_deg;
  }
  bool operator==(const Area&) const = default;
};

/// Everything the generator needs. Plain data: copy and edit freely before generating.
struct Scenario {
  std::string name;
  std::string description;
  /// Default start of the run (UTC); the command line may override it.
  std::optional<core::Timestamp> start;
  core::Duration duration = core::Duration::fromSeconds(5400.0);
  std::uint64_t seed = 1;  ///< default seed; the command line may override it
  Area area;
  core::Duration truth_interval = core::Duration::fromSeconds(10.0);
  std::vector<Platform> platforms;
  std::vector<PlantedEvent> events;
  std::vector<SurfaceRadarConfig> surface_radars;
  std::vector<AisReceiverConfig> ais_receivers;
  std::vector<SatelliteAisConfig> satellite_ais;
  std::vector<AirborneRadarConfig> airborne_radars;
  std::vector<AirSurveillanceRadarConfig> air_radars;
  /// Land outlines: nothing sails across them and false plots are only placed over the sea.
  std::vector<geo::GeoPolygon> land;
  /// The coastline of scenarios read with a `geography.land` file (Natural Earth 10 m): shared
  /// and immutable, so copies of the scenario share it. Null when only `land` outlines exist.
  std::shared_ptr<const geo::LandMask> land_mask;

  [[nodiscard]] const Platform* findPlatform(std::string_view id) const;
  /// True over the land mask or inside an outline of `land`.
  [[nodiscard]] bool isOverLand(double lat_deg, double lon_deg) const;
};

/// Problems that make a scenario unusable, one sentence each (empty: valid): duplicate or
/// empty platform ids, sensors whose carrier platform is missing, duplicate source ids, events
/// naming unknown platforms or with end < start, non-positive duration or truth interval,
/// AIS behaviours without the data their kind needs, MMSIs outside 9 digits.
std::vector<std::string> validateScenario(const Scenario& scenario);

/// An ISO-8601 UTC instant, "2026-03-01T00:00:00Z" (fractional seconds allowed, "Z" or
/// "+00:00" required), as nanoseconds since the Unix epoch; nullopt when malformed or outside
/// the years 1970-2200. Independent of the process's time zone and locale.
std::optional<core::Timestamp> parseUtcTimestamp(std::string_view text);
/// "2026-03-01T00:00:00Z", or with milliseconds "2026-03-01T00:00:00.250Z" when the instant
/// is not a whole second (sub-millisecond digits are dropped). t >= 0.
std::string formatUtcTimestamp(core::Timestamp t);

/// The names accepted by builtInScenario().
std::vector<std::string> builtInScenarioNames();

/// A built-in scenario by name; nullopt for an unknown name.
std::optional<Scenario> builtInScenario(std::string_view name);

}  // namespace picket::sim
