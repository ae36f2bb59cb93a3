#include "sim/caribbean_demo.hpp"

#include <utility>

#include "geo/wgs84.hpp"
#include "sim/radar_geometry.hpp"

namespace picket::sim {

namespace {

using core::GeoPoint;

// Hooiberg, Aruba: the coastal radar and the AIS receiver share the site.
constexpr GeoPoint kHooiberg{12.5167, -69.9667, 165.0};

constexpr double knots(double kn) { return kn * geo::kKnotToMps; }

Platform merchant(std::string id, std::vector<GeoPoint> waypoints, double speed_kn,
                  AisIdentity ais) {
  Platform p;
  p.id = std::move(id);
  p.platform_class = PlatformClass::Merchant;
  p.route = Route(std::move(waypoints), knots(speed_kn), RouteEnd::Stop);
  p.radar_height_m = 10.0;  // superstructure of a handy-size cargo ship or tanker
  p.rcs_m2 = 1000.0;
  p.ais = std::move(ais);
  return p;
}

// Coarse coastlines (a few kilometres accuracy), enough to keep false plots off the land.
std::vector<geo::GeoPolygon> caribbeanLand() {
  std::vector<geo::GeoPolygon> land;
  // Aruba, from California Point clockwise along the north-east coast to Seroe Colorado.
  land.emplace_back(std::vector<GeoPoint>{{12.625, -70.060},
                                          {12.600, -70.030},
                                          {12.580, -69.990},
                                          {12.530, -69.940},
                                          {12.480, -69.890},
                                          {12.430, -69.860},
                                          {12.410, -69.875},
                                          {12.460, -69.950},
                                          {12.500, -70.010},
                                          {12.550, -70.060},
                                          {12.590, -70.070}});
  // Curacao.
  land.emplace_back(std::vector<GeoPoint>{{12.390, -69.160},
                                          {12.330, -69.060},
                                          {12.180, -68.900},
                                          {12.040, -68.740},
                                          {12.080, -68.800},
                                          {12.200, -68.980},
                                          {12.300, -69.100}});
  // Paraguana peninsula and the Falcon coast of Venezuela.
  land.emplace_back(std::vector<GeoPoint>{{12.200, -70.000},
                                          {12.100, -69.880},
                                          {11.950, -69.800},
                                          {11.750, -69.780},
                                          {11.400, -69.600},
                                          {11.000, -69.600},
                                          {11.000, -71.000},
                                          {11.550, -70.250},
                                          {11.700, -70.230},
                                          {11.900, -70.200},
                                          {12.050, -70.120}});
  // La Guajira peninsula (Colombia).
  land.emplace_back(std::vector<GeoPoint>{{12.460, -71.670},
                                          {12.350, -71.450},
                                          {12.100, -71.300},
                                          {11.850, -71.330},
                                          {11.500, -71.800},
                                          {11.500, -72.500},
                                          {12.200, -72.200},
                                          {12.450, -71.900}});
  return land;
}

}  // namespace

Scenario makeCaribbeanDemo() {
  Scenario s;
  s.name = std::string(kCaribbeanDemoName);
  s.description =
      "Four AIS merchant ships on an east-west lane 25-35 km north of Aruba, one dark go-fast at "
      "45 kn running north-east past the west of Aruba, and a patrol aircraft on a racetrack; "
      "watched by a coastal radar and an AIS receiver on Hooiberg and the aircraft's search "
      "radar.";
  s.duration = core::Duration::fromSeconds(90.0 * 60.0);
  s.land = caribbeanLand();

  // Merchant traffic on an east-west lane 25-35 km north of Aruba, westbound on the northern
  // side and eastbound on the southern side (keep to starboard). Speeds straddle the 14 kn
  // boundary between the 10 s and 6 s AIS reporting rates. The last waypoints lie far outside
  // coverage so that longer runs keep the ships moving. MMSIs use the flag's MID (ITU MARS):
  // 351-357 and 370-373 Panama, 636 Liberia, 538 Marshall Islands; IMO numbers carry a valid
  // check digit (IMO Res. A.1078(28)); call-sign prefixes follow the flag (3E Panama, A8
  // Liberia, V7 Marshall Islands, H3 Panama).
  s.platforms.push_back(merchant("merchant-1",
                                 {{12.840, -69.550}, {12.845, -70.600}, {12.850, -72.400}}, 13.0,
                                 AisIdentity{.mmsi = 355417000,
                                             .imo = 9412347,
                                             .name = "CARIBE STAR",
                                             .call_sign = "3EKM7",
                                             .ship_type = 70,
                                             .to_bow_m = 160,
                                             .to_stern_m = 30,
                                             .to_port_m = 14,
                                             .to_starboard_m = 14,
                                             .draught_m = 9.8,
                                             .destination = "CARTAGENA"}));
  s.platforms.push_back(merchant("merchant-2",
                                 {{12.830, -69.250}, {12.835, -70.500}, {12.840, -72.400}}, 17.5,
                                 AisIdentity{.mmsi = 636019452,
                                             .imo = 9387425,
                                             .name = "SILVER HORIZON",
                                             .call_sign = "A8QZ5",
                                             .ship_type = 80,
                                             .to_bow_m = 205,
                                             .to_stern_m = 45,
                                             .to_port_m = 22,
                                             .to_starboard_m = 22,
                                             .draught_m = 12.6,
                                             .destination = "COLON"}));
  s.platforms.push_back(merchant("merchant-3",
                                 {{12.755, -70.550}, {12.765, -69.500}, {12.770, -67.600}}, 12.5,
                                 AisIdentity{.mmsi = 538007215,
                                             .imo = 9554781,
                                             .name = "ATLANTIC PIONEER",
                                             .call_sign = "V7AB3",
                                             .ship_type = 70,
                                             .to_bow_m = 150,
                                             .to_stern_m = 30,
                                             .to_port_m = 12,
                                             .to_starboard_m = 12,
                                             .draught_m = 8.9,
                                             .destination = "PORT OF SPAIN"}));
  s.platforms.push_back(merchant("merchant-4",
                                 {{12.765, -70.200}, {12.775, -69.300}, {12.780, -67.600}}, 15.5,
                                 AisIdentity{.mmsi = 372840516,
                                             .imo = 9301225,
                                             .name = "SANTA ROSA",
                                             .call_sign = "H3RT8",
                                             .ship_type = 80,
                                             .to_bow_m = 150,
                                             .to_stern_m = 33,
                                             .to_port_m = 16,
                                             .to_starboard_m = 16,
                                             .draught_m = 11.2,
                                             .destination = "WILLEMSTAD"}));

  // The dark go-fast: no AIS, low freeboard, 45 kn, from the Gulf of Venezuela north-east past
  // the west of Aruba into the open Caribbean.
  {
    Platform p;
    p.id = "go-fast-1";
    p.platform_class = PlatformClass::GoFast;
    p.illicit = true;
    p.route = Route({{12.300, -70.800}, {12.620, -70.450}, {13.250, -70.150}, {15.000, -69.500}},
                    knots(45.0), RouteEnd::Stop);
    p.radar_height_m = 1.5;
    p.rcs_m2 = 5.0;  // small fibreglass hull, low freeboard
    s.platforms.push_back(std::move(p));
  }

  // Maritime patrol aircraft: 220 kn at 1500 m on an east-west racetrack of 60 km legs, 10 km
  // apart (5 km turn radius: about 1.3 deg/s, a gentle 14 deg bank at this speed).
  {
    Platform p;
    p.id = "mpa-1";
    p.platform_class = PlatformClass::PatrolAircraft;
    p.route = Route(racetrackWaypoints({12.850, -70.450, 1500.0}, 90.0, 60000.0, 5000.0, 6),
                    knots(220.0), RouteEnd::Loop);
    p.radar_height_m = 0.0;
    s.platforms.push_back(std::move(p));
  }

  // What a run is scored against: the go-fast's dark run, from the start to the end.
  s.events.push_back(PlantedEvent{.id = "dark-go-fast-run-1",
                                  .kind = EventKind::DarkGoFastRun,
                                  .start = core::Duration{},
                                  .end = s.duration,
                                  .platform_ids = {"go-fast-1"},
                                  .position = {12.300, -70.800, 0.0},
                                  .description = "go-fast without AIS at 45 kn running north-east "
                                                 "past the west of Aruba",
                                  .near_miss = false});

  SurfaceRadarConfig radar;
  radar.source_id = "radar-aruba";
  radar.site = kHooiberg;
  radar.scan_period = core::Duration::fromSeconds(6.0);
  radar.range_sigma_m = 25.0;
  radar.bearing_sigma_deg = 0.3;
  radar.min_range_m = 2000.0;
  radar.max_range_m = 100000.0;
  // Swerling I: a 10 m^2 target at 40 km is seen 9 times in 10; merchants (1,000 m^2) nearly
  // always, the go-fast (5 m^2) about 8 times in 10 at 40 km and half the time at 58 km.
  radar.detection = {.reference_rcs_m2 = 10.0, .reference_range_m = 40000.0, .reference_pd = 0.9,
                     .pfa = 1e-6};
  radar.clutter_mean_per_scan = 1.5;
  radar.clutter_max_range_m = radarHorizonM(kHooiberg.alt_m, 10.0);
  s.surface_radars.push_back(radar);

  AisReceiverConfig ais;
  ais.source_id = "ais-aruba";
  ais.site = kHooiberg;
  ais.range_m = 40.0 * geo::kNauticalMileM;
  ais.position_sigma_m = 5.0;
  ais.static_interval = core::Duration::fromSeconds(360.0);
  s.ais_receivers.push_back(ais);

  AirborneRadarConfig mpa;
  mpa.source_id = "mpa-1";
  mpa.carrier_platform_id = "mpa-1";
  mpa.scan_period = core::Duration::fromSeconds(10.0);
  mpa.max_range_m = 90000.0;
  mpa.range_sigma_m = 40.0;
  mpa.bearing_sigma_deg = 0.5;
  mpa.detection = {.reference_rcs_m2 = 10.0, .reference_range_m = 60000.0, .reference_pd = 0.85,
                   .pfa = 1e-6};
  mpa.clutter_mean_per_scan = 1.0;
  mpa.nav_position_sigma_m = 15.0;
  mpa.nav_altitude_sigma_m = 20.0;
  mpa.nav_velocity_sigma_mps = 0.5;
  s.airborne_radars.push_back(mpa);

  return s;
}

}  // namespace picket::sim
