// Feed generation throughput of sensors-sim at transit-zone scale, on one core: a synthetic
// scenario of 5,000 platforms on straight routes across the theatre box (lon -120..-55, lat
// -10..35; land ignored) watched by 25 terrestrial AIS receivers, 2 satellite AIS services,
// 10 coastal radars, 2 patrol aircraft with search radars and 2 air surveillance radars.
// Every message is serialised, as a recording or the socket would. The target is 24 simulated
// hours in under 60 s (1 h well under 2.5 s). Counters: messages per wall second and simulated
// hours per wall second; per-kind message counts per run.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "geo/wgs84.hpp"
#include "sim/feed_generator.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"

namespace {

using namespace picket;

// 2026-03-01T12:00:00Z.
constexpr core::Timestamp kStart{1'772'366'400LL * 1'000'000'000LL};

constexpr double knots(double kn) { return kn * geo::kKnotToMps; }

// Deterministic synthetic theatre. Ships: 30 % leave from near a sensor site (the ports and
// headlands where sensors stand), the rest sail between random points; 70 % class A AIS,
// 15 % class B, 15 % dark. Aircraft (10 %): airliners at FL350 with transponders, a few
// suspect light twins without.
sim::Scenario syntheticTheatre(std::size_t platform_count, core::Duration duration) {
  sim::Scenario s;
  s.name = "synthetic-transit-zone";
  s.duration = duration;
  sim::Rng rng(2026);
  const sim::Area& area = s.area;
  auto anywhere = [&] {
    return core::GeoPoint{rng.uniform(area.lat_min_deg, area.lat_max_deg),
                          rng.uniform(area.lon_min_deg, area.lon_max_deg), 0.0};
  };
  std::vector<core::GeoPoint> sites;
  for (int i = 0; i < 35; ++i) sites.push_back(anywhere());

  for (std::size_t i = 0; i < platform_count; ++i) {
    sim::Platform p;
    if (i % 10 == 9) {
      const bool suspect = i % 100 == 99;
      p.id = "air-" + std::to_string(i);
      p.platform_class =
          suspect ? sim::PlatformClass::SuspectAircraft : sim::PlatformClass::CommercialAircraft;
      core::GeoPoint a = anywhere();
      core::GeoPoint b = anywhere();
      a.alt_m = b.alt_m = suspect ? 2500.0 : 10'700.0;
      p.route = sim::Route({a, b}, knots(suspect ? 180.0 : rng.uniform(420.0, 480.0)));
      p.radar_height_m = 0.0;
      p.rcs_m2 = suspect ? 5.0 : 50.0;
      if (!suspect) p.transponder_code = static_cast<std::uint32_t>(1000 + (i % 6777));
    } else {
      p.id = "ship-" + std::to_string(i);
      const double kind = rng.uniform01();
      p.platform_class = kind < 0.5   ? sim::PlatformClass::Merchant
                         : kind < 0.7 ? sim::PlatformClass::Tanker
                         : kind < 0.9 ? sim::PlatformClass::Fishing
                                      : sim::PlatformClass::Pleasure;
      const core::GeoPoint from =
          rng.bernoulli(0.3)
              ? geo::geodesicDirect(sites[rng.below(sites.size())], rng.uniform(0.0, 360.0),
                                    rng.uniform(0.0, 60'000.0))
              : anywhere();
      p.route = sim::Route({from, anywhere()}, knots(rng.uniform(6.0, 22.0)));
      p.rcs_m2 = rng.uniform(10.0, 5000.0);
      p.radar_height_m = rng.uniform(2.0, 30.0);
      const double ais = rng.uniform01();
      if (ais < 0.85) {
        sim::AisIdentity id;
        id.mmsi = static_cast<std::uint32_t>(200'000'000 + i);
        id.name = "SHIP " + std::to_string(i);
        id.ais_class = ais < 0.7 ? sim::AisClass::A : sim::AisClass::B;
        p.ais = id;
      }
    }
    s.platforms.push_back(std::move(p));
  }

  for (int i = 0; i < 2; ++i) {
    const core::GeoPoint c = sites[static_cast<std::size_t>(i)];
    sim::Platform mpa;
    mpa.id = "mpa-" + std::to_string(i);
    mpa.platform_class = sim::PlatformClass::PatrolAircraft;
    mpa.route = sim::Route(
        sim::racetrackWaypoints({c.lat_deg, c.lon_deg, 1500.0}, 90.0, 60000.0, 5000.0, 6),
        knots(220.0), sim::RouteEnd::Loop);
    mpa.radar_height_m = 0.0;
    s.platforms.push_back(mpa);
    sim::AirborneRadarConfig radar;
    radar.source_id = mpa.id;
    radar.carrier_platform_id = mpa.id;
    s.airborne_radars.push_back(radar);
  }
  for (int i = 0; i < 25; ++i) {
    sim::AisReceiverConfig c;
    c.source_id = "ais-" + std::to_string(i);
    c.site = sites[static_cast<std::size_t>(i)];
    s.ais_receivers.push_back(c);
  }
  for (int i = 0; i < 10; ++i) {
    sim::SurfaceRadarConfig c;
    c.source_id = "radar-" + std::to_string(i);
    c.site = sites[static_cast<std::size_t>(25 + i)];
    c.site.alt_m = 100.0;
    s.surface_radars.push_back(c);
  }
  for (int i = 0; i < 2; ++i) {
    sim::SatelliteAisConfig c;
    c.source_id = "sat-" + std::to_string(i);
    s.satellite_ais.push_back(c);
    sim::AirSurveillanceRadarConfig r;
    r.source_id = "oth-" + std::to_string(i);
    r.site = sites[static_cast<std::size_t>(10 + i)];
    r.secondary = i == 1;
    s.air_radars.push_back(r);
  }
  return s;
}

// Generates and serialises the whole feed of `hours` simulated hours per iteration.
void BM_SimTransitZoneFeed(benchmark::State& state) {
  const auto hours = state.range(0);
  const sim::Scenario scenario =
      syntheticTheatre(5000, core::Duration::fromSeconds(3600.0 * static_cast<double>(hours)));
  std::uint64_t messages = 0;
  std::uint64_t bytes = 0;
  std::uint64_t satellite = 0;
  std::uint64_t ais = 0;
  std::uint64_t radar = 0;
  std::string buffer;
  for (auto _ : state) {
    sim::FeedGenerator generator(scenario, 1, kStart);
    while (auto m = generator.next()) {
      m->message.SerializeToString(&buffer);
      bytes += buffer.size();
      ++messages;
      if (m->source_id.rfind("sat-", 0) == 0) {
        ++satellite;
      } else if (m->source_id.rfind("ais-", 0) == 0) {
        ++ais;
      } else if (m->message.has_radar_scan() || m->message.has_aircraft_contacts()) {
        ++radar;
      }
    }
  }
  const double runs = static_cast<double>(state.iterations());
  state.counters["msgs/s"] =
      benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kIsRate);
  state.counters["sim_h/s"] =
      benchmark::Counter(runs * static_cast<double>(hours), benchmark::Counter::kIsRate);
  state.counters["msgs/run"] = static_cast<double>(messages) / runs;
  state.counters["sat/run"] = static_cast<double>(satellite) / runs;
  state.counters["ais/run"] = static_cast<double>(ais) / runs;
  state.counters["scans/run"] = static_cast<double>(radar) / runs;
  state.counters["MB/run"] = static_cast<double>(bytes) / runs / 1e6;
}
// 1 h is the quick figure; 24 h is the requirement itself (about 30 s of CPU).
BENCHMARK(BM_SimTransitZoneFeed)->Arg(1)->Arg(24)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
