// The shipped scenario files (config/scenarios/): they load and validate, nothing sails across
// land, the big one has the traffic and events it promises, the focused ones list their planted
// events, and building is deterministic.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "geo/land_mask.hpp"
#include "geo/wgs84.hpp"
#include "io/geojson.hpp"
#include "sim/caribbean_demo.hpp"
#include "sim/feed_generator.hpp"
#include "sim/radar_geometry.hpp"
#include "sim/scenario_yaml.hpp"
#include "sim/traffic.hpp"
#include "sim/truth.hpp"

namespace picket::sim {
namespace {

const std::filesystem::path kScenarioDir =
    std::filesystem::path(PICKET_SOURCE_DIR) / "config" / "scenarios";

const std::vector<std::string> kShipped = {"caribbean-demo", "epac-rendezvous", "gofast-run",
                                           "transit-zone-24h"};

Scenario load(const std::string& name, std::optional<std::uint64_t> seed = std::nullopt) {
  ScenarioLoadOptions options;
  options.seed = seed;
  return loadScenarioFile(kScenarioDir / (name + ".yaml"), options);
}

/// Each shipped scenario loaded once per test binary, with the time it took.
const Scenario& shipped(const std::string& name) {
  static std::map<std::string, std::unique_ptr<Scenario>> cache;
  auto& slot = cache[name];
  if (!slot) {
    const auto t0 = std::chrono::steady_clock::now();
    slot = std::make_unique<Scenario>(load(name));
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "[ loaded   ] " << name << ": " << slot->platforms.size() << " platforms, "
              << slot->events.size() << " events in " << s << " s\n";
  }
  return *slot;
}

/// The Natural Earth 10 m land the tests check against, independent of any scenario.
const geo::LandMask& landMask() {
  static const geo::LandMask mask = io::loadLandMask(std::filesystem::path(PICKET_SOURCE_DIR) /
                                                     "config" / "geo" / "ne_10m_land_clip.geojson");
  return mask;
}

bool samePlatform(const Platform& a, const Platform& b) {
  return a.id == b.id && a.platform_class == b.platform_class && a.illicit == b.illicit &&
         a.route.waypoints() == b.route.waypoints() && a.route.end() == b.route.end() &&
         a.active_from == b.active_from && a.active_until == b.active_until &&
         a.radar_height_m == b.radar_height_m && a.rcs_m2 == b.rcs_m2 && a.ais == b.ais &&
         a.ais_behaviour == b.ais_behaviour && a.transponder_code == b.transponder_code &&
         a.transponder_off == b.transponder_off;
}

bool samePlatforms(const Scenario& a, const Scenario& b) {
  if (a.platforms.size() != b.platforms.size()) return false;
  for (std::size_t i = 0; i < a.platforms.size(); ++i) {
    if (!samePlatform(a.platforms[i], b.platforms[i])) return false;
  }
  return true;
}

std::map<EventKind, int> eventsByKind(const Scenario& s, bool near_miss) {
  std::map<EventKind, int> n;
  for (const PlantedEvent& e : s.events) {
    if (e.near_miss == near_miss) ++n[e.kind];
  }
  return n;
}

TEST(ScenarioFiles, TheDirectoryHoldsTheShippedScenarios) {
  const auto names = scenarioFileNames(kScenarioDir);
  for (const auto& name : kShipped) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
}

TEST(ScenarioFiles, EveryShippedScenarioLoadsAndValidates) {
  for (const auto& name : kShipped) {
    const Scenario& s = shipped(name);
    EXPECT_EQ(s.name, name);
    EXPECT_TRUE(validateScenario(s).empty()) << name;
    EXPECT_FALSE(s.platforms.empty()) << name;
    EXPECT_FALSE(s.description.empty()) << name;
    for (const Platform& p : s.platforms) {
      EXPECT_TRUE(s.area.contains(p.route.waypoints().front().position.lat_deg,
                                  p.route.waypoints().front().position.lon_deg) ||
                  isAircraft(p.platform_class))
          << name << " " << p.id;
    }
  }
}

// Tolerance: none here. The builder moves a port or place that falls on land (WPI positions are
// given to an arc-minute, the coastline is generalised) to the nearest sea point within 2.5 km,
// so every waypoint of every surface route must be at sea and every leg clear of the land.
TEST(ScenarioFiles, NoSurfaceRouteOfAnyShippedScenarioCrossesLand) {
  const geo::LandMask& land = landMask();
  for (const auto& name : kShipped) {
    const Scenario& s = shipped(name);
    std::size_t legs = 0;
    for (const Platform& p : s.platforms) {
      if (isAircraft(p.platform_class)) continue;
      const auto& w = p.route.waypoints();
      for (std::size_t i = 0; i < w.size(); ++i) {
        EXPECT_FALSE(land.isLand(w[i].position.lat_deg, w[i].position.lon_deg))
            << name << " " << p.id << " waypoint " << i << " " << w[i].position;
        if (i + 1 < w.size()) {
          ++legs;
          EXPECT_FALSE(land.segmentCrossesLand(w[i].position, w[i + 1].position))
              << name << " " << p.id << " leg " << i << " " << w[i].position << " -> "
              << w[i + 1].position;
        }
      }
    }
    EXPECT_GT(legs, 0U) << name;
  }
}

TEST(ScenarioFiles, CaribbeanDemoFileAgreesWithTheBuiltIn) {
  const Scenario& file = shipped("caribbean-demo");
  const Scenario built_in = makeCaribbeanDemo();
  EXPECT_EQ(file.description, built_in.description);
  EXPECT_EQ(file.duration, built_in.duration);
  EXPECT_EQ(file.seed, built_in.seed);
  EXPECT_EQ(file.truth_interval, built_in.truth_interval);
  EXPECT_EQ(file.area, built_in.area);
  EXPECT_TRUE(samePlatforms(file, built_in));
  EXPECT_EQ(file.events, built_in.events);
  ASSERT_EQ(file.land.size(), built_in.land.size());
  for (std::size_t i = 0; i < file.land.size(); ++i) {
    EXPECT_EQ(file.land[i].outer(), built_in.land[i].outer()) << "outline " << i;
  }
  EXPECT_FALSE(file.land_mask);
  ASSERT_EQ(file.surface_radars.size(), 1U);
  const SurfaceRadarConfig& a = file.surface_radars[0];
  const SurfaceRadarConfig& b = built_in.surface_radars[0];
  EXPECT_EQ(a.source_id, b.source_id);
  EXPECT_EQ(a.site, b.site);
  EXPECT_EQ(a.carrier_platform_id, b.carrier_platform_id);
  EXPECT_EQ(a.scan_period, b.scan_period);
  EXPECT_EQ(a.range_sigma_m, b.range_sigma_m);
  EXPECT_EQ(a.bearing_sigma_deg, b.bearing_sigma_deg);
  EXPECT_EQ(a.min_range_m, b.min_range_m);
  EXPECT_EQ(a.max_range_m, b.max_range_m);
  EXPECT_EQ(a.detection, b.detection);
  EXPECT_EQ(a.clutter_mean_per_scan, b.clutter_mean_per_scan);
  EXPECT_EQ(a.clutter_max_range_m, b.clutter_max_range_m);
  ASSERT_EQ(file.ais_receivers.size(), 1U);
  EXPECT_EQ(file.ais_receivers[0].source_id, built_in.ais_receivers[0].source_id);
  EXPECT_EQ(file.ais_receivers[0].site, built_in.ais_receivers[0].site);
  EXPECT_EQ(file.ais_receivers[0].range_m, built_in.ais_receivers[0].range_m);
  EXPECT_EQ(file.ais_receivers[0].position_sigma_m, built_in.ais_receivers[0].position_sigma_m);
  EXPECT_EQ(file.ais_receivers[0].loss_probability, built_in.ais_receivers[0].loss_probability);
  EXPECT_EQ(file.ais_receivers[0].static_interval, built_in.ais_receivers[0].static_interval);
  ASSERT_EQ(file.airborne_radars.size(), 1U);
  const AirborneRadarConfig& c = file.airborne_radars[0];
  const AirborneRadarConfig& d = built_in.airborne_radars[0];
  EXPECT_EQ(c.source_id, d.source_id);
  EXPECT_EQ(c.carrier_platform_id, d.carrier_platform_id);
  EXPECT_EQ(c.scan_period, d.scan_period);
  EXPECT_EQ(c.max_range_m, d.max_range_m);
  EXPECT_EQ(c.range_sigma_m, d.range_sigma_m);
  EXPECT_EQ(c.bearing_sigma_deg, d.bearing_sigma_deg);
  EXPECT_EQ(c.detection, d.detection);
  EXPECT_EQ(c.clutter_mean_per_scan, d.clutter_mean_per_scan);
  EXPECT_EQ(c.clutter_min_ground_range_m, d.clutter_min_ground_range_m);
  EXPECT_EQ(c.nav_position_sigma_m, d.nav_position_sigma_m);
  EXPECT_EQ(c.nav_altitude_sigma_m, d.nav_altitude_sigma_m);
  EXPECT_EQ(c.nav_velocity_sigma_mps, d.nav_velocity_sigma_mps);
  EXPECT_TRUE(file.satellite_ais.empty());
  EXPECT_TRUE(file.air_radars.empty());
  // And so the feed: the first ten minutes are byte for byte the built-in's.
  Scenario short_file = file;
  Scenario short_built_in = built_in;
  short_file.duration = short_built_in.duration = core::Duration::fromSeconds(600.0);
  const core::Timestamp start{1'700'000'000'000'000'000};
  const auto a_run = generateAll(short_file, 1, start);
  const auto b_run = generateAll(short_built_in, 1, start);
  ASSERT_EQ(a_run.size(), b_run.size());
  for (std::size_t i = 0; i < a_run.size(); ++i) {
    ASSERT_EQ(a_run[i].message.SerializeAsString(), b_run[i].message.SerializeAsString()) << i;
  }
}

TEST(TransitZone24h, HasFiveThousandPlatformsOfEveryClass) {
  const Scenario& s = shipped("transit-zone-24h");
  EXPECT_EQ(s.duration, core::Duration::fromSeconds(86400.0));
  EXPECT_GE(s.platforms.size(), 5000U);
  std::map<PlatformClass, int> classes;
  for (const Platform& p : s.platforms) ++classes[p.platform_class];
  for (int c = 0; c <= static_cast<int>(PlatformClass::PatrolAircraft); ++c) {
    EXPECT_GT(classes[static_cast<PlatformClass>(c)], 0) << toString(static_cast<PlatformClass>(c));
  }
  EXPECT_GT(classes[PlatformClass::Merchant], 1500);
  EXPECT_GT(classes[PlatformClass::Tanker], 600);
  // Arrivals leave and departures enter: not everybody is there all day.
  int leave = 0;
  int enter = 0;
  for (const Platform& p : s.platforms) {
    if (p.active_until && *p.active_until < s.duration) ++leave;
    if (p.active_from > core::Duration{}) ++enter;
  }
  EXPECT_GT(leave, 500);
  EXPECT_GT(enter, 500);
}

TEST(TransitZone24h, ShipsUseThePassagesAndTheMajorPorts) {
  // Mid-points of the authored lanes (lane `via` points become route waypoints, moved at most
  // the lane's half width of 3 nm) and the port approach nodes.
  const std::map<std::string, core::GeoPoint> places = {
      {"Windward Passage", {20.00, -73.90, 0.0}},
      {"Mona Passage", {18.40, -67.70, 0.0}},
      {"Anegada Passage", {18.45, -63.90, 0.0}},
      {"Yucatan Channel", {21.75, -85.95, 0.0}},
      {"Florida Straits", {23.85, -82.40, 0.0}},
      {"Colon (canal, Caribbean)", {9.43, -79.93, 0.0}},
      {"Balboa (canal, Pacific)", {8.82, -79.50, 0.0}},
      {"Houston/Galveston", {29.22, -94.60, 0.0}},
      {"Southwest Pass", {28.85, -89.45, 0.0}},
      {"Mobile", {30.10, -88.05, 0.0}},
      {"Tampa", {27.58, -82.90, 0.0}},
      {"Kingston", {17.88, -76.85, 0.0}},
      {"Cartagena", {10.30, -75.64, 0.0}},
      {"Buenaventura", {3.82, -77.30, 0.0}},
      {"Guayaquil", {-2.85, -80.60, 0.0}},
      {"Manzanillo", {19.02, -104.35, 0.0}},
      {"Lazaro Cardenas", {17.88, -102.17, 0.0}},
      {"Puerto Quetzal", {13.87, -90.79, 0.0}},
      {"Corinto", {12.43, -87.25, 0.0}}};
  const Scenario& s = shipped("transit-zone-24h");
  for (const auto& [name, point] : places) {
    int ships = 0;
    for (const Platform& p : s.platforms) {
      if (p.platform_class != PlatformClass::Merchant &&
          p.platform_class != PlatformClass::Tanker) {
        continue;
      }
      for (const Waypoint& w : p.route.waypoints()) {
        if (geo::geodesicInverse(w.position, point).distance_m < 12'000.0) {
          ++ships;
          break;
        }
      }
    }
    EXPECT_GE(ships, 10) << name;
  }
}

TEST(TransitZone24h, CarriesEveryBehaviourAndPlausibleIdentities) {
  const Scenario& s = shipped("transit-zone-24h");
  std::map<AisBehaviour::Kind, int> behaviours;
  int class_b = 0;
  int dark_surface = 0;
  int transponder_off = 0;
  std::set<std::uint32_t> mmsis;
  for (const Platform& p : s.platforms) {
    for (const AisBehaviour& b : p.ais_behaviour) ++behaviours[b.kind];
    if (!p.transponder_off.empty()) ++transponder_off;
    if (p.platform_class == PlatformClass::CommercialAircraft) {
      ASSERT_TRUE(p.transponder_code.has_value()) << p.id;
    }
    if (p.platform_class == PlatformClass::SuspectAircraft) {
      EXPECT_FALSE(p.transponder_code) << p.id;
    }
    if (p.illicit) {
      EXPECT_TRUE(p.platform_class == PlatformClass::GoFast ||
                  p.platform_class == PlatformClass::SemiSubmersible ||
                  p.platform_class == PlatformClass::LogisticsVessel ||
                  p.platform_class == PlatformClass::SuspectAircraft ||
                  p.platform_class == PlatformClass::Pleasure)
          << p.id;
    }
    if (!p.ais) {
      if (!isAircraft(p.platform_class)) ++dark_surface;
      continue;
    }
    const AisIdentity& id = *p.ais;
    EXPECT_TRUE(hasKnownMid(id.mmsi)) << p.id << " " << id.mmsi;
    EXPECT_TRUE(mmsis.insert(id.mmsi).second) << "duplicate MMSI " << id.mmsi;
    if (id.imo != 0) {
      EXPECT_TRUE(isValidImo(id.imo)) << p.id << " " << id.imo;
    }
    EXPECT_LE(id.name.size(), 20U);
    EXPECT_LE(id.call_sign.size(), 7U);
    EXPECT_LE(id.destination.size(), 20U);
    if (id.ais_class == AisClass::B) {
      ++class_b;
      EXPECT_TRUE(p.platform_class == PlatformClass::Pleasure ||
                  p.platform_class == PlatformClass::Fishing)
          << p.id;
      EXPECT_EQ(id.imo, 0U) << p.id;
    }
    if (p.platform_class == PlatformClass::Merchant) {
      EXPECT_TRUE(id.ship_type == 70 || id.ship_type == 79) << p.id;
    }
    if (p.platform_class == PlatformClass::Tanker) {
      EXPECT_EQ(id.ship_type, 80U) << p.id;
    }
  }
  EXPECT_GT(behaviours[AisBehaviour::Kind::Silent], 5);
  EXPECT_GT(behaviours[AisBehaviour::Kind::SpoofedPosition], 2);
  EXPECT_GT(behaviours[AisBehaviour::Kind::SpoofedMmsi], 2);
  EXPECT_GT(behaviours[AisBehaviour::Kind::IdentityChange], 1);
  EXPECT_EQ(transponder_off, 3);
  EXPECT_GT(class_b, 200);
  EXPECT_GT(dark_surface, 200);  // fishing and pleasure boats without AIS, and the illicit ones
}

TEST(TransitZone24h, CrossSectionsAndHeightsFollowTheClass) {
  const Scenario& s = shipped("transit-zone-24h");
  for (const Platform& p : s.platforms) {
    switch (p.platform_class) {
      case PlatformClass::Merchant:
      case PlatformClass::Tanker:
        EXPECT_GE(p.rcs_m2, 800.0) << p.id;
        EXPECT_LE(p.rcs_m2, 12000.0) << p.id;
        break;
      case PlatformClass::Fishing:
        EXPECT_GE(p.rcs_m2, 50.0) << p.id;
        EXPECT_LE(p.rcs_m2, 200.0) << p.id;
        break;
      case PlatformClass::GoFast:
        EXPECT_GE(p.rcs_m2, 3.0) << p.id;
        EXPECT_LE(p.rcs_m2, 5.0) << p.id;
        EXPECT_EQ(p.radar_height_m, 1.5) << p.id;
        EXPECT_FALSE(p.ais) << p.id;
        break;
      case PlatformClass::SemiSubmersible:
        EXPECT_EQ(p.rcs_m2, 0.5) << p.id;
        EXPECT_LT(p.route.speedMps(), 7.01 * geo::kKnotToMps) << p.id;
        break;
      default:
        EXPECT_GT(p.rcs_m2, 0.0) << p.id;
    }
  }
}

TEST(TransitZone24h, PlantsEventsOfEveryKindAndNearMisses) {
  const Scenario& s = shipped("transit-zone-24h");
  const auto real = eventsByKind(s, false);
  for (int k = 0; k <= static_cast<int>(EventKind::Loitering); ++k) {
    const auto kind = static_cast<EventKind>(k);
    EXPECT_GT(real.count(kind) ? real.at(kind) : 0, 0) << toString(kind);
  }
  const auto decoys = eventsByKind(s, true);
  EXPECT_GT(decoys.count(EventKind::Loitering) ? decoys.at(EventKind::Loitering) : 0, 10);
  EXPECT_GT(decoys.count(EventKind::DarkGoFastRun) ? decoys.at(EventKind::DarkGoFastRun) : 0, 5);
  for (const PlantedEvent& e : s.events) {
    EXPECT_LE(e.start, e.end) << e.id;
    EXPECT_GE(e.start, core::Duration{}) << e.id;
    EXPECT_LE(e.end, s.duration) << e.id;
    EXPECT_FALSE(e.description.empty()) << e.id;
  }
}

// The air picture a task force can judge: every transponder falls silent where a secondary
// radar interrogates the airliner before, at and after the moment; patrol aircraft squawk;
// no vessel goes dark before it has been three hours in the picture.
TEST(TransitZone24h, PlantsAirAndAisEventsWhereTheyCanBeSeen) {
  const Scenario& s = shipped("transit-zone-24h");
  auto interrogated = [&](const core::GeoPoint& q) {
    for (const AirSurveillanceRadarConfig& r : s.air_radars) {
      if (!r.secondary) continue;
      const double d = geo::geodesicInverse(r.site, q).distance_m;
      if (d >= r.min_range_m && d <= airRadarReachM(r, q.alt_m)) return true;
    }
    return false;
  };
  int silenced = 0;
  for (const PlantedEvent& e : s.events) {
    if (e.near_miss) continue;
    if (e.kind == EventKind::TransponderOff) {
      ++silenced;
      ASSERT_EQ(e.platform_ids.size(), 1U);
      const Platform& p = *s.findPlatform(e.platform_ids[0]);
      for (const double dt : {-600.0, 0.0, std::min(600.0, (e.end - e.start).seconds())}) {
        const core::Duration t = e.start + core::Duration::fromSeconds(dt);
        EXPECT_TRUE(interrogated(p.stateAt(t).position)) << e.id << " at " << dt << " s";
      }
      EXPECT_TRUE(p.transponder_code.has_value());
    }
    if (e.kind == EventKind::AisSwitchedOff) {
      const Platform& p = *s.findPlatform(e.platform_ids[0]);
      if (p.platform_class == PlatformClass::LogisticsVessel) continue;  // dark from its start
      EXPECT_GE((e.start - std::max(core::Duration{}, p.active_from)).seconds(), 3.0 * 3600.0)
          << e.id;
    }
  }
  EXPECT_EQ(silenced, 3);
  for (const Platform& p : s.platforms) {
    if (p.platform_class == PlatformClass::PatrolAircraft) {
      EXPECT_TRUE(p.transponder_code.has_value()) << p.id;
    }
  }
  // Line-of-sight radars hide the low flyers between them: some suspect flight is seen by
  // no secondary radar for most of its way.
  int unseen_legs = 0;
  for (const Platform& p : s.platforms) {
    if (p.platform_class != PlatformClass::SuspectAircraft) continue;
    int samples = 0, covered = 0;
    for (core::Duration t = p.active_from; t <= s.duration && p.activeAt(t);
         t = t + core::Duration::fromSeconds(600.0)) {
      ++samples;
      covered += interrogated(p.stateAt(t).position) ? 1 : 0;
    }
    if (covered * 2 < samples) ++unseen_legs;
  }
  EXPECT_GT(unseen_legs, 0);
}

// A rendezvous as the cueing rule will see it: both platforms stopped within 500 m of each
// other for at least two hours, more than 10 km from land.
void expectRendezvousHolds(const Scenario& s, const PlantedEvent& e) {
  ASSERT_EQ(e.platform_ids.size(), 2U) << e.id;
  const Platform* a = s.findPlatform(e.platform_ids[0]);
  const Platform* b = s.findPlatform(e.platform_ids[1]);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_GE((e.end - e.start).seconds(), 2.0 * 3600.0) << e.id;
  EXPECT_TRUE((a->platform_class == PlatformClass::LogisticsVessel &&
               b->platform_class == PlatformClass::GoFast) ||
              (b->platform_class == PlatformClass::LogisticsVessel &&
               a->platform_class == PlatformClass::GoFast))
      << e.id;
  // A minute inside either end: arrival and departure times are rounded to nanoseconds.
  const core::Duration margin = core::Duration::fromSeconds(60.0);
  for (core::Duration t = e.start + margin; t <= e.end - margin;
       t = t + core::Duration::fromSeconds(300.0)) {
    ASSERT_TRUE(a->activeAt(t) && b->activeAt(t)) << e.id;
    const PlatformState sa = a->stateAt(t);
    const PlatformState sb = b->stateAt(t);
    EXPECT_LT(geo::geodesicInverse(sa.position, sb.position).distance_m, 500.0) << e.id;
    EXPECT_LT(sa.speed_mps, 2.0 * geo::kKnotToMps) << e.id;
    EXPECT_LT(sb.speed_mps, 2.0 * geo::kKnotToMps) << e.id;
    EXPECT_GT(landMask().distanceToCoastM(sa.position.lat_deg, sa.position.lon_deg, 20000.0),
              10000.0);
  }
}

TEST(EpacRendezvous, ListsItsPlantedEvents) {
  const Scenario& s = shipped("epac-rendezvous");
  EXPECT_EQ(s.duration, core::Duration::fromSeconds(12.0 * 3600.0));
  const auto real = eventsByKind(s, false);
  EXPECT_EQ(real.at(EventKind::Rendezvous), 2);
  EXPECT_EQ(real.at(EventKind::SemiSubmersibleRun), 3);
  EXPECT_GE(real.at(EventKind::AisSwitchedOff), 2);
  EXPECT_EQ(real.at(EventKind::Loitering), 2);
  EXPECT_GE(real.at(EventKind::DarkGoFastRun), 2);
  for (const PlantedEvent& e : s.events) {
    if (e.kind == EventKind::Rendezvous) expectRendezvousHolds(s, e);
    if (e.kind == EventKind::Loitering && !e.near_miss) {
      EXPECT_GE((e.end - e.start).seconds(), 4.0 * 3600.0) << e.id;
      EXPECT_GT(landMask().distanceToCoastM(e.position.lat_deg, e.position.lon_deg, 40000.0),
                20.0 * geo::kNauticalMileM)
          << e.id;
    }
  }
  // The writer lists them.
  std::ostringstream csv;
  writeEventsCsv(csv, s, *s.start);
  EXPECT_NE(csv.str().find(",rendezvous,0,"), std::string::npos);
  EXPECT_NE(csv.str().find(",semi-submersible-run,0,"), std::string::npos);
}

TEST(GofastRun, ListsItsPlantedEvents) {
  const Scenario& s = shipped("gofast-run");
  EXPECT_EQ(s.duration, core::Duration::fromSeconds(6.0 * 3600.0));
  const auto real = eventsByKind(s, false);
  EXPECT_EQ(real.at(EventKind::DarkGoFastRun), 5);
  EXPECT_EQ(real.at(EventKind::SmallCraftMeeting), 2);
  for (const PlantedEvent& e : s.events) {
    if (e.kind == EventKind::DarkGoFastRun && !e.near_miss) {
      const Platform* p = s.findPlatform(e.platform_ids.at(0));
      ASSERT_NE(p, nullptr);
      EXPECT_EQ(p->platform_class, PlatformClass::GoFast);
      EXPECT_FALSE(p->ais.has_value());
      EXPECT_GE(p->route.speedMps(), 40.0 * geo::kKnotToMps - 1e-9) << e.id;
    }
    if (e.kind == EventKind::SmallCraftMeeting) {
      ASSERT_EQ(e.platform_ids.size(), 2U);
      const Platform* a = s.findPlatform(e.platform_ids[0]);
      const Platform* b = s.findPlatform(e.platform_ids[1]);
      ASSERT_TRUE(a != nullptr && b != nullptr);
      EXPECT_GE((e.end - e.start).seconds(), 4.0 * 60.0) << e.id;
      const core::Duration margin = core::Duration::fromSeconds(1.0);
      for (core::Duration t = e.start + margin; t <= e.end - margin;
           t = t + core::Duration::fromSeconds(30.0)) {
        EXPECT_LT(geo::geodesicInverse(a->stateAt(t).position, b->stateAt(t).position).distance_m,
                  1000.0)
            << e.id;
      }
    }
  }
}

TEST(ScenarioFiles, BuildingIsDeterministicAndTheSeedMatters) {
  for (const auto& name : kShipped) {
    const Scenario& first = shipped(name);
    const Scenario again = load(name);
    EXPECT_TRUE(samePlatforms(first, again)) << name;
    EXPECT_EQ(first.events, again.events) << name;
    if (name == "caribbean-demo") continue;  // nothing random in it
    const Scenario other = load(name, first.seed + 1);
    EXPECT_FALSE(samePlatforms(first, other)) << name;
    EXPECT_NE(first.events, other.events) << name;
  }
}

TEST(ScenarioFiles, SameSeedGivesByteIdenticalFeedTruthAndEvents) {
  // GIVEN gofast-run loaded twice with the same seed, cut to its first 15 minutes
  Scenario a = load("gofast-run");
  Scenario b = load("gofast-run");
  a.duration = b.duration = core::Duration::fromSeconds(900.0);
  const core::Timestamp start = *a.start;
  // WHEN both are generated
  const auto run_a = generateAll(a, a.seed, start);
  const auto run_b = generateAll(b, b.seed, start);
  // THEN messages, truth and events are identical byte for byte
  ASSERT_EQ(run_a.size(), run_b.size());
  ASSERT_GT(run_a.size(), 10U);
  for (std::size_t i = 0; i < run_a.size(); ++i) {
    ASSERT_EQ(run_a[i].message.SerializeAsString(), run_b[i].message.SerializeAsString()) << i;
  }
  std::ostringstream truth_a, truth_b, events_a, events_b;
  writeTruthCsv(truth_a, a, start, a.truth_interval);
  writeTruthCsv(truth_b, b, start, b.truth_interval);
  writeEventsCsv(events_a, a, start);
  writeEventsCsv(events_b, b, start);
  EXPECT_EQ(truth_a.str(), truth_b.str());
  EXPECT_EQ(events_a.str(), events_b.str());
  // AND a different seed gives a different truth
  Scenario c = load("gofast-run", a.seed + 1);
  c.duration = a.duration;
  std::ostringstream truth_c;
  writeTruthCsv(truth_c, c, start, c.truth_interval);
  EXPECT_NE(truth_a.str(), truth_c.str());
}

TEST(Traffic, ImoCheckDigitsAndMids) {
  EXPECT_EQ(imoCheckDigit(941234), 7U);  // IMO 9412347 (the demo's CARIBE STAR)
  EXPECT_TRUE(isValidImo(9074729));      // the example in IMO Res. A.1078(28)
  EXPECT_FALSE(isValidImo(9074728));
  EXPECT_FALSE(isValidImo(123456));
  EXPECT_TRUE(hasKnownMid(355417000));   // Panama
  EXPECT_TRUE(hasKnownMid(636019452));   // Liberia
  EXPECT_TRUE(hasKnownMid(730123456));   // Colombia
  EXPECT_FALSE(hasKnownMid(123456789));  // no ship MID starts with 1
  EXPECT_FALSE(hasKnownMid(99999999));
  for (const FlagState& f : flagStates()) {
    EXPECT_FALSE(f.mids.empty()) << f.key;
    EXPECT_FALSE(f.call_sign_prefixes.empty()) << f.key;
    EXPECT_EQ(findFlagState(f.key), &f);
  }
}

TEST(Traffic, AShipLaneIsSailedBothWaysOnTheStarboardSide) {
  // GIVEN two ports joined by one straight lane and no land
  TrafficSpec spec;
  spec.nodes = {LaneNode{"west", {13.0, -72.0, 0.0}, "WEST", 1.0, 0.0, "t:1"},
                LaneNode{"east", {13.0, -68.0, 0.0}, "EAST", 1.0, 0.0, "t:2"}};
  spec.lanes = {Lane{"lane", "west", "east", {{13.0, -70.0, 0.0}}, 3.0 * 1852.0, "t:3"}};
  spec.merchant.count = 200;
  spec.merchant.flags = {FlagShare{"panama", 1.0}};
  Scenario s;
  s.duration = core::Duration::fromSeconds(3600.0);
  // WHEN the traffic is built
  buildTraffic(spec, nullptr, s);
  // THEN eastbound ships pass the middle south of the centre line and westbound ones north of
  // it, within the lane's half width
  int east = 0;
  int west = 0;
  for (const Platform& p : s.platforms) {
    const auto& w = p.route.waypoints();
    const bool eastbound = w.back().position.lon_deg > w.front().position.lon_deg;
    for (const Waypoint& x : w) {
      if (std::abs(x.position.lon_deg + 70.0) > 0.01) continue;
      const double off_m = (x.position.lat_deg - 13.0) * 110'700.0;
      if (eastbound) {
        EXPECT_LT(off_m, 0.0) << p.id;
        ++east;
      } else {
        EXPECT_GT(off_m, 0.0) << p.id;
        ++west;
      }
      EXPECT_LT(std::abs(off_m), 3.0 * 1852.0 + 50.0) << p.id;
    }
    EXPECT_EQ(p.ais->destination, eastbound ? "EAST" : "WEST");
  }
  EXPECT_GT(east, 20);
  EXPECT_GT(west, 20);
}

TEST(Traffic, SteadyStateKeepsTheNumberUnderWay) {
  TrafficSpec spec;
  spec.nodes = {LaneNode{"a", {13.0, -72.0, 0.0}, "A", 1.0, 0.0, "t"},
                LaneNode{"b", {13.0, -62.0, 0.0}, "B", 1.0, 0.0, "t"}};
  spec.lanes = {Lane{"ab", "a", "b", {}, 1852.0, "t"}};
  spec.merchant.count = 400;
  spec.merchant.flags = {FlagShare{"liberia", 1.0}};
  Scenario s;
  s.duration = core::Duration::fromSeconds(48.0 * 3600.0);
  buildTraffic(spec, nullptr, s);
  for (double h : {0.0, 12.0, 24.0, 47.0}) {
    int active = 0;
    for (const Platform& p : s.platforms)
      active += p.activeAt(core::Duration::fromSeconds(h * 3600.0)) ? 1 : 0;
    EXPECT_NEAR(active, 400, 80) << "at " << h << " h";
  }
}

}  // namespace
}  // namespace picket::sim
