#pragma once
// The traffic builder: turns a scenario file's `traffic` section (a lane network, fleets
// described by counts and ranges, authored illicit routes) into Platforms and PlantedEvents on
// real geography, deterministically from the scenario's seed. Nothing it builds sails across
// land: every leg of every surface route is checked against the land mask; a randomised leg
// that crosses land is redrawn or falls back to the authored centre line, and an authored lane
// or route that crosses land fails the build with the file position of its definition.
//
// Single-threaded, no I/O: sim/scenario_yaml.* reads the files and calls buildTraffic().

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"
#include "geo/land_mask.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"

namespace picket::sim {

/// A closed range [min, max] that the builder draws uniformly from (min <= max).
struct Span {
  double min = 0.0;
  double max = 0.0;
  [[nodiscard]] double draw(Rng& rng) const { return min == max ? min : rng.uniform(min, max); }
  [[nodiscard]] double mid() const { return 0.5 * (min + max); }
  bool operator==(const Span&) const = default;
};

/// A flag state and its share of a fleet (weights need not sum to one).
struct FlagShare {
  std::string flag;  ///< a key of flagStates(), e.g. "panama"
  double weight = 1.0;
  bool operator==(const FlagShare&) const = default;
};

/// A flag state's ITU Maritime Identification Digits and call-sign prefixes.
struct FlagState {
  std::string_view key;  ///< "panama", "liberia", ...
  std::vector<std::uint32_t> mids;
  std::vector<std::string_view> call_sign_prefixes;
};

/// The flag states the builder knows. MIDs from the ITU MID table (ITU MARS, "Table of
/// Maritime Identification Digits"); call-sign prefixes from the ITU table of allocation of
/// international call sign series (Radio Regulations Appendix 42).
const std::vector<FlagState>& flagStates();
/// The flag state with this key, or nullptr.
const FlagState* findFlagState(std::string_view key);

/// The IMO ship identification number's check digit for its first six digits (IMO Res.
/// A.1078(28), annex para. 4: digits weighted 7, 6, 5, 4, 3, 2 from the left, the sum's last
/// digit). `first_six` in [100000, 999999].
std::uint32_t imoCheckDigit(std::uint32_t first_six);
/// True for a seven-digit IMO number whose last digit is its check digit.
bool isValidImo(std::uint32_t imo);
/// True when the MMSI's first three digits are a MID that flagStates() lists.
bool hasKnownMid(std::uint32_t mmsi);

/// A named point of the lane network: a port approach, a passage, a point where ships enter
/// or leave the area. Ports and exits have a weight per class: how much of that class's
/// traffic starts or ends there (0: a junction only).
struct LaneNode {
  std::string id;
  core::GeoPoint position;  ///< at sea
  std::string destination;  ///< what AIS shows as the destination of ships bound here
  double merchant_weight = 0.0;
  double tanker_weight = 0.0;
  std::string where;  ///< "file:line" of the definition, for errors
};

/// A lane: a polyline between two nodes, sailed in both directions. Ships keep to starboard,
/// spread over `half_width_m` to the right of the centre line.
struct Lane {
  std::string id;
  std::string from;
  std::string to;
  std::vector<core::GeoPoint> via;  ///< interior points, from `from` towards `to`
  double half_width_m = 3.0 * 1852.0;
  std::string where;
};

/// Merchant ships or tankers on the lanes.
struct ShippingSpec {
  std::size_t count = 0;  ///< under way at the start, spread along their voyages
  /// New departures over the run at the steady-state rate (count / mean voyage time), so that
  /// the number under way stays about constant.
  bool departures = true;
  Span speed_kn{12.0, 18.0};
  Span length_m{120.0, 300.0};
  std::vector<FlagShare> flags;
  /// Near misses: the share of ships that stop at sea once for `stop_h` (engine repair, waiting
  /// for a berth), listed as near-miss loitering events.
  double stop_share = 0.0;
  Span stop_h{0.5, 3.0};
};

/// AIS misbehaviour among the AIS-equipped merchant ships, tankers and fishing boats; each
/// share of that population (rounded to whole ships) gets one planted event.
struct BehaviourSpec {
  double dark_share = 0.0;  ///< transmitter switched off mid-voyage for `dark_h`
  Span dark_h{6.0, 12.0};
  double spoof_position_share = 0.0;  ///< reports a fixed false position for `spoof_h`
  Span spoof_h{1.0, 4.0};
  Span spoof_offset_km{30.0, 150.0};   ///< how far the false position lies from the truth
  double spoof_mmsi_share = 0.0;       ///< transmits another MMSI for `spoof_h`
  double invalid_mmsi_share = 0.5;     ///< of the MMSI spoofers: an invalid MID, not a copy
  double identity_change_share = 0.0;  ///< renamed at sea: a new MMSI, name and call sign
};

struct FishingGround {
  std::string id;
  core::GeoPoint centre;
  double radius_m = 20'000.0;
  std::size_t count = 0;
  std::string flag;
  /// Near-shore grounds (inside 20 nm): some boats drift there for `long_stop_h` (near-miss
  /// loitering). Offshore grounds only have stops shorter than 4 h.
  bool near_shore = false;
  std::string where;
};

struct FishingSpec {
  std::vector<FishingGround> grounds;
  Span trawl_kn{2.5, 4.5};     ///< working passes
  Span stop_h{0.5, 3.0};       ///< drifting between passes
  double ais_share = 0.7;      ///< boats with any AIS
  double class_b_share = 0.6;  ///< of those: class B (the smaller boats)
  double long_stop_share = 0.0;
  Span long_stop_h{4.5, 8.0};
};

struct PleasureArea {
  std::string id;
  core::GeoPoint centre;  ///< the harbour or anchorage, at sea
  double radius_m = 15'000.0;
  std::size_t count = 0;
  std::string flag;
  std::string where;
};

/// Day trips out of a harbour: to a few spots within the radius, stops there, and back.
struct PleasureSpec {
  std::vector<PleasureArea> areas;
  Span speed_kn{5.0, 18.0};
  Span stop_h{0.3, 2.5};
  double ais_share = 0.5;  ///< class B; the rest carry no AIS
  /// Fast sport boats (with class B AIS), listed as near-miss dark-go-fast events.
  double fast_share = 0.0;
  Span fast_kn{26.0, 32.0};
};

struct PatrolShipSpec {
  std::string id;
  std::string name;
  std::string flag;
  Area box;  ///< patrolled between random points inside, at sea
  core::GeoPoint start;
  Span speed_kn{10.0, 14.0};
  Span hold_h{0.5, 2.0};
  double hold_share = 0.3;  ///< of the waypoints: drift there for hold_h
  bool ais = false;
  double rcs_m2 = 2000.0;
  double radar_height_m = 15.0;
  std::string where;
};

struct PatrolAircraftSpec {
  enum class Pattern : std::uint8_t { Racetrack, Box };
  std::string id;
  core::GeoPoint base;  ///< the airfield it flies from and back to
  Pattern pattern = Pattern::Racetrack;
  core::GeoPoint centre;  ///< of the patrol pattern
  double axis_deg = 90.0;
  double leg_length_m = 100'000.0;
  double width_m = 20'000.0;  ///< racetrack: twice the turn radius; box: the short side
  double altitude_m = 1500.0;
  double transit_altitude_m = 3000.0;
  double speed_kn = 220.0;
  core::Duration takeoff;     ///< from the scenario start
  core::Duration on_station;  ///< time flying the pattern
  double rcs_m2 = 40.0;
  std::string where;
};

struct Airport {
  std::string id;
  core::GeoPoint position;
  double weight = 1.0;
};

struct CommercialAirSpec {
  std::vector<Airport> airports;
  std::size_t airborne_at_start = 0;  ///< flights under way at the start; departures keep it steady
  Span speed_kn{430.0, 490.0};
  Span cruise_alt_m{9500.0, 12000.0};
  std::size_t transponder_off_count = 0;  ///< flights whose transponder goes silent mid-flight
  Span transponder_off_min{10.0, 40.0};
  double rcs_m2 = 40.0;
};

/// An authored path for illicit traffic: launch point, intermediate points, landing point.
struct IllicitRoute {
  std::string id;
  std::vector<core::GeoPoint> points;
  double half_width_m = 5.0 * 1852.0;  ///< lateral spread of the interior points
  bool airborne = false;               ///< flight routes are not checked against land
  std::string where;
};

/// A small-craft meeting during a go-fast run: a local boat comes out from `local_base` and
/// lies alongside the go-fast, both stopped, at the route point `at_point`.
struct MeetingSpec {
  std::size_t at_point = 1;
  core::GeoPoint local_base;
  Span duration_min{6.0, 15.0};
  double share = 1.0;  ///< of the runs
};

struct GoFastSpec {
  std::string route;
  std::size_t count = 1;
  Span depart_h{0.0, 1.0};
  Span speed_kn{40.0, 50.0};
  std::optional<MeetingSpec> meeting;
  std::string where;
};

struct SemiSubmersibleSpec {
  std::string route;
  std::size_t count = 1;
  Span speed_kn{5.0, 7.0};
  Span progress_at_start{0.1, 0.8};  ///< share of the route already run at the start
  std::string where;
};

/// A logistics vessel waits at sea on a go-fast's route and refuels it: both stopped within a
/// few hundred metres for `meet_h`.
struct RendezvousSpec {
  std::string logistics_route;  ///< from its port to the meeting area (the last point)
  std::string go_fast_route;    ///< passes the meeting area at point `meet_point`
  std::size_t meet_point = 1;
  std::size_t count = 1;
  Span arrive_h{2.0, 6.0};  ///< the go-fast reaches the meeting point, from the start
  Span meet_h{2.0, 3.0};
  Span wait_h{4.5, 7.0};  ///< the logistics vessel waits before the go-fast comes
  Span logistics_kn{8.0, 10.0};
  Span go_fast_kn{38.0, 46.0};
  bool logistics_goes_dark = true;  ///< AIS off from leaving the route to after the meeting
  std::string flag = "ecuador";
  std::string where;
};

struct SuspectFlightSpec {
  std::string route;
  std::size_t count = 1;
  Span depart_h{0.0, 1.0};
  Span speed_kn{170.0, 200.0};
  Span altitude_m{1500.0, 3000.0};
  std::string where;
};

/// The whole traffic section.
struct TrafficSpec {
  std::vector<LaneNode> nodes;
  std::vector<Lane> lanes;
  ShippingSpec merchant;
  ShippingSpec tanker;
  BehaviourSpec behaviour;
  FishingSpec fishing;
  PleasureSpec pleasure;
  std::vector<PatrolShipSpec> patrol_ships;
  std::vector<PatrolAircraftSpec> patrol_aircraft;
  CommercialAirSpec commercial_air;
  std::vector<IllicitRoute> illicit_routes;
  std::vector<GoFastSpec> go_fasts;
  std::vector<SemiSubmersibleSpec> semi_submersibles;
  std::vector<RendezvousSpec> rendezvous;
  std::vector<SuspectFlightSpec> suspect_flights;
};

/// A traffic section that cannot be built: an authored lane or route over land, an unknown
/// node or route, an unreachable destination. The message names the definition's file:line.
class TrafficError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Appends the platforms and planted events of `spec` to `scenario`, drawing from streams of
/// scenario.seed (one per fleet, so a fleet's draws do not depend on the others); the same
/// spec, land and seed give identical platforms and events. `land`: the land mask every
/// surface leg is checked against; nullptr disables the checks (unit tests of the geometry).
/// Platform ids are "<class>-<n>" (n from 1 per class, e.g. "merchant-17"), patrol ships and
/// aircraft keep their authored ids; event ids "<kind>-<n>". Throws TrafficError.
void buildTraffic(const TrafficSpec& spec, const geo::LandMask* land, Scenario& scenario);

}  // namespace picket::sim
