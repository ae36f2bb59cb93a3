#include "sim/scenario.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "geo/wgs84.hpp"
#include "sim/caribbean_demo.hpp"
#include "sim/radar_geometry.hpp"

namespace picket::sim {
namespace {

using core::Duration;
using core::GeoPoint;

constexpr GeoPoint kHooiberg{12.5167, -69.9667, 165.0};

// Every platform state over the default run, every `step_s` seconds.
template <typename F>
void forEachSample(const Scenario& s, double step_s, F&& f) {
  for (double t = 0.0; t < s.duration.seconds(); t += step_s) {
    for (const Platform& p : s.platforms) f(p, t, p.route.stateAt(Duration::fromSeconds(t)));
  }
}

bool imoCheckDigitValid(std::uint32_t imo) {
  if (imo < 1000000 || imo > 9999999) return false;
  std::uint32_t sum = 0;
  std::uint32_t rest = imo / 10;
  for (std::uint32_t weight = 2; weight <= 7; ++weight) {
    sum += (rest % 10) * weight;
    rest /= 10;
  }
  return sum % 10 == imo % 10;
}

TEST(Scenario, BuiltInNamesResolve) {
  for (const auto& name : builtInScenarioNames()) {
    const auto s = builtInScenario(name);
    ASSERT_TRUE(s.has_value()) << name;
    EXPECT_EQ(s->name, name);
  }
  EXPECT_FALSE(builtInScenario("no-such-scenario").has_value());
}

TEST(CaribbeanDemo, HasTheThreeSensorsOnTheirSites) {
  const Scenario s = makeCaribbeanDemo();
  EXPECT_EQ(s.duration, Duration::fromSeconds(5400.0));
  ASSERT_EQ(s.surface_radars.size(), 1U);
  ASSERT_EQ(s.ais_receivers.size(), 1U);
  ASSERT_EQ(s.airborne_radars.size(), 1U);
  const SurfaceRadarConfig& radar = s.surface_radars[0];
  EXPECT_EQ(radar.source_id, "radar-aruba");
  EXPECT_EQ(radar.site, kHooiberg);
  EXPECT_EQ(radar.scan_period, Duration::fromSeconds(6.0));
  EXPECT_EQ(radar.range_sigma_m, 25.0);
  EXPECT_EQ(radar.bearing_sigma_deg, 0.3);
  // Swerling I detection: the reference point, merchants nearly always, the go-fast (5 m^2)
  // often at 40 km.
  EXPECT_NEAR(radar.detection.pd(10.0, 40000.0), 0.9, 1e-12);
  EXPECT_GT(radar.detection.pd(1000.0, 60000.0), 0.97);
  EXPECT_NEAR(radar.detection.pd(5.0, 40000.0), 0.81, 0.01);
  EXPECT_EQ(radar.clutter_mean_per_scan, 1.5);
  const AisReceiverConfig& ais = s.ais_receivers[0];
  EXPECT_EQ(ais.source_id, "ais-aruba");
  EXPECT_EQ(ais.site, kHooiberg);
  EXPECT_NEAR(ais.range_m, 40.0 * 1852.0, 1e-9);
  const AirborneRadarConfig& mpa = s.airborne_radars[0];
  EXPECT_EQ(mpa.source_id, "mpa-1");
  EXPECT_NE(s.findPlatform(mpa.carrier_platform_id), nullptr);
  EXPECT_EQ(mpa.max_range_m, 90000.0);
  EXPECT_EQ(mpa.scan_period, Duration::fromSeconds(10.0));
  EXPECT_NEAR(mpa.detection.pd(10.0, 60000.0), 0.85, 1e-12);
}

TEST(CaribbeanDemo, GoFastIsDarkIllicitAndSmall) {
  const Scenario s = makeCaribbeanDemo();
  int go_fasts = 0;
  for (const Platform& p : s.platforms) {
    if (p.platform_class != PlatformClass::GoFast) continue;
    ++go_fasts;
    EXPECT_FALSE(p.ais.has_value());
    EXPECT_TRUE(p.illicit);
    EXPECT_EQ(p.radar_height_m, 1.5);
    EXPECT_NEAR(p.route.speedMps(), 45.0 * geo::kKnotToMps, 1e-9);
  }
  EXPECT_EQ(go_fasts, 1);
}

TEST(CaribbeanDemo, MerchantsCarryPlausibleAisIdentities) {
  const Scenario s = makeCaribbeanDemo();
  const std::set<std::uint32_t> flag_mids = {351, 352, 353, 354, 355, 356, 357,
                                             370, 371, 372, 373, 538, 636, 637};
  std::set<std::uint32_t> mmsis;
  int merchants = 0;
  for (const Platform& p : s.platforms) {
    if (p.platform_class != PlatformClass::Merchant) {
      EXPECT_FALSE(p.ais.has_value()) << p.id;
      continue;
    }
    ++merchants;
    ASSERT_TRUE(p.ais.has_value()) << p.id;
    const AisIdentity& id = *p.ais;
    EXPECT_GE(id.mmsi, 100000000U) << p.id;
    EXPECT_LE(id.mmsi, 999999999U) << p.id;
    EXPECT_EQ(flag_mids.count(id.mmsi / 1000000), 1U) << p.id << " MID " << id.mmsi / 1000000;
    EXPECT_TRUE(mmsis.insert(id.mmsi).second) << "duplicate MMSI " << id.mmsi;
    EXPECT_TRUE(imoCheckDigitValid(id.imo)) << p.id << " IMO " << id.imo;
    EXPECT_TRUE(id.ship_type == 70 || id.ship_type == 80) << p.id;
    EXPECT_FALSE(id.name.empty());
    EXPECT_LE(id.name.size(), 20U);
    EXPECT_FALSE(id.call_sign.empty());
    EXPECT_LE(id.call_sign.size(), 7U);
    EXPECT_LE(id.destination.size(), 20U);
    EXPECT_GT(id.to_bow_m + id.to_stern_m, 100U);
    EXPECT_GT(id.draught_m, 0.0);
    const double speed_kn = p.route.speedMps() / geo::kKnotToMps;
    EXPECT_GE(speed_kn, 12.0) << p.id;
    EXPECT_LE(speed_kn, 18.0) << p.id;
  }
  EXPECT_EQ(merchants, 4);
}

TEST(CaribbeanDemo, MerchantsSailTheLaneTwoEachWay) {
  const Scenario s = makeCaribbeanDemo();
  int westbound = 0;
  int eastbound = 0;
  for (const Platform& p : s.platforms) {
    if (p.platform_class != PlatformClass::Merchant) continue;
    const double course = p.route.stateAt(Duration{}).course_deg;
    if (std::abs(course - 270.0) < 10.0) ++westbound;
    if (std::abs(course - 90.0) < 10.0) ++eastbound;
  }
  EXPECT_EQ(westbound, 2);
  EXPECT_EQ(eastbound, 2);
  forEachSample(s, 60.0, [](const Platform& p, double t, const PlatformState& st) {
    if (p.platform_class != PlatformClass::Merchant) return;
    EXPECT_GE(st.position.lat_deg, 12.75) << p.id << " t=" << t;
    EXPECT_LE(st.position.lat_deg, 12.85) << p.id << " t=" << t;
    EXPECT_EQ(st.position.alt_m, 0.0);
  });
}

TEST(CaribbeanDemo, NoSurfacePlatformCrossesLand) {
  const Scenario s = makeCaribbeanDemo();
  forEachSample(s, 10.0, [&](const Platform& p, double t, const PlatformState& st) {
    if (p.platform_class == PlatformClass::PatrolAircraft) return;
    const GeoPoint& q = st.position;
    EXPECT_FALSE(s.isOverLand(q.lat_deg, q.lon_deg)) << p.id << " t=" << t << " " << q;
    // Aruba's extent from the brief, independent of the coarse outline.
    const bool in_aruba_box =
        q.lat_deg > 12.41 && q.lat_deg < 12.63 && q.lon_deg > -70.06 && q.lon_deg < -69.87;
    EXPECT_FALSE(in_aruba_box) << p.id << " t=" << t << " " << q;
  });
}

TEST(CaribbeanDemo, LandOutlineContainsArubaAndNotTheLane) {
  const Scenario s = makeCaribbeanDemo();
  EXPECT_TRUE(s.isOverLand(kHooiberg.lat_deg, kHooiberg.lon_deg));
  EXPECT_TRUE(s.isOverLand(12.0, -70.0));   // Paraguana
  EXPECT_FALSE(s.isOverLand(12.8, -70.0));  // the shipping lane
  EXPECT_FALSE(s.isOverLand(12.5, -70.5));  // west of Aruba
}

TEST(CaribbeanDemo, EveryMerchantIsInRadarAndAisCoverageDuringTheRun) {
  const Scenario s = makeCaribbeanDemo();
  const geo::LocalFrame antenna(kHooiberg);
  std::set<std::string> in_ais;
  std::set<std::string> in_radar;
  forEachSample(s, 30.0, [&](const Platform& p, double, const PlatformState& st) {
    if (p.platform_class != PlatformClass::Merchant) return;
    if (geo::geodesicInverse(kHooiberg, st.position).distance_m <= 40.0 * 1852.0) {
      in_ais.insert(p.id);
    }
    if (polarFrom(antenna, st.position).range_m <= radarHorizonM(165.0, p.radar_height_m)) {
      in_radar.insert(p.id);
    }
  });
  EXPECT_EQ(in_ais.size(), 4U);
  EXPECT_EQ(in_radar.size(), 4U);
}

TEST(CaribbeanDemo, GoFastPassesWestOfArubaIntoCoastalRadarCoverage) {
  const Scenario s = makeCaribbeanDemo();
  const Platform* go_fast = s.findPlatform("go-fast-1");
  ASSERT_NE(go_fast, nullptr);
  const geo::LocalFrame antenna(kHooiberg);
  const PlatformState first = go_fast->route.stateAt(Duration{});
  EXPECT_NEAR(first.position.lat_deg, 12.30, 0.05);
  EXPECT_NEAR(first.position.lon_deg, -70.80, 0.05);
  EXPECT_GT(first.course_deg, 0.0);
  EXPECT_LT(first.course_deg, 90.0);  // north-east
  double min_range_m = 1e12;
  forEachSample(s, 10.0, [&](const Platform& p, double, const PlatformState& st) {
    if (&p != go_fast) return;
    min_range_m = std::min(min_range_m, polarFrom(antenna, st.position).range_m);
    if (st.position.lat_deg > 12.41 && st.position.lat_deg < 12.63) {
      EXPECT_LT(st.position.lon_deg, -70.06);  // west of Aruba
    }
  });
  EXPECT_LT(min_range_m, radarHorizonM(165.0, 1.5) - 3000.0);
  // 45 kn covers the ~128 km to (13.25, -70.15) in about 92 min: it is close by the end.
  const PlatformState last = go_fast->route.stateAt(s.duration);
  EXPECT_LT(geo::geodesicInverse(last.position, {13.25, -70.15, 0.0}).distance_m, 10000.0);
}

TEST(CaribbeanDemo, PatrolAircraftFliesTheRacetrack) {
  const Scenario s = makeCaribbeanDemo();
  const GeoPoint centre{12.85, -70.45, 0.0};
  forEachSample(s, 10.0, [&](const Platform& p, double t, const PlatformState& st) {
    if (p.platform_class != PlatformClass::PatrolAircraft) return;
    EXPECT_EQ(st.position.alt_m, 1500.0);
    EXPECT_NEAR(st.speed_mps, 220.0 * geo::kKnotToMps, 1e-9);
    EXPECT_LT(geo::geodesicInverse(centre, st.position).distance_m, 35500.0) << "t=" << t;
  });
}

}  // namespace
}  // namespace picket::sim
