#include "sim/satellite_ais.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "geo/wgs84.hpp"
#include "sim/feed_generator.hpp"
#include "sim/traffic_index.hpp"
#include "sim_test_support.hpp"

namespace picket::sim {
namespace {

using core::Duration;
using core::GeoPoint;
using core::Timestamp;
using testing::kTestStart;

constexpr std::uint64_t kSeed = 5;

SatelliteAisConfig satConfig() {
  SatelliteAisConfig c;
  c.source_id = "sat-1";
  return c;
}

// AIS ships sailing across the theatre at constant speed; every fourth class B.
Scenario shipsAcrossTheTheatre(std::size_t n, Duration duration) {
  Scenario s;
  s.duration = duration;
  Rng rng(17);
  for (std::size_t i = 0; i < n; ++i) {
    const GeoPoint from{rng.uniform(-8.0, 33.0), rng.uniform(-118.0, -57.0), 0.0};
    Platform p = testing::sailing("ship-" + std::to_string(i), from,
                                  testing::offset(from, rng.uniform(0.0, 360.0), 1.0e6),
                                  rng.uniform(4.0, 13.0));
    p.ais = testing::identity(static_cast<std::uint32_t>(300'000'000 + i), "S" + std::to_string(i),
                              i % 4 == 0 ? AisClass::B : AisClass::A);
    s.platforms.push_back(std::move(p));
  }
  return s;
}

struct SatRun {
  std::vector<SimMessage> messages;
  std::vector<SatellitePass> passes;
};

SatRun runSatellite(const Scenario& s, const SatelliteAisConfig& config) {
  TrafficIndex index(s, kTestStart);
  SatelliteAisSource source(config, s, index, kTestStart, kTestStart + s.duration, kSeed);
  SatRun out;
  out.messages = testing::drain(source);
  out.passes = source.passes();
  return out;
}

const SatellitePass* passAt(const std::vector<SatellitePass>& passes, Timestamp t) {
  for (const SatellitePass& p : passes) {
    if (t >= p.start && t < p.start + p.duration) return &p;
  }
  return nullptr;
}

TEST(SatelliteAis, FootprintCentreMovesNorthAlongTheTrack) {
  const SatellitePass pass{kTestStart, Duration::fromSeconds(720.0), -80.0, 12.5};
  const GeoPoint mid = pass.centreAt(kTestStart + Duration::fromSeconds(360.0));
  EXPECT_DOUBLE_EQ(mid.lat_deg, 12.5);
  EXPECT_DOUBLE_EQ(mid.lon_deg, -80.0);
  const GeoPoint later = pass.centreAt(kTestStart + Duration::fromSeconds(420.0));
  EXPECT_GT(later.lat_deg, mid.lat_deg);
  EXPECT_NEAR(sphericalDistanceM(mid.lat_deg, mid.lon_deg, later.lat_deg, later.lon_deg),
              60.0 * kSatelliteGroundSpeedMps, 1e-3);
  // 12 minutes at 7 km/s span the theatre's 45 degrees of latitude.
  const GeoPoint first = pass.centreAt(kTestStart);
  EXPECT_NEAR(first.lat_deg, 12.5 - 0.5 * 720.0 * 7000.0 / kMeanEarthRadiusM * geo::kRadToDeg,
              1e-9);
  EXPECT_LT(first.lat_deg, -10.0);
}

TEST(SatelliteAis, SphericalDistanceMatchesTheGreatCircle) {
  EXPECT_NEAR(sphericalDistanceM(0.0, 0.0, 0.0, 90.0), kMeanEarthRadiusM * geo::kPi / 2.0, 1e-6);
  EXPECT_NEAR(sphericalDistanceM(10.0, -70.0, 11.0, -70.0), kMeanEarthRadiusM * geo::kDegToRad,
              1e-6);
  EXPECT_EQ(sphericalDistanceM(10.0, -70.0, 10.0, -70.0), 0.0);
}

TEST(SatelliteAis, PassesRecurEveryRevisitWithTracksSteppingWest) {
  const Scenario s = shipsAcrossTheTheatre(20, Duration::fromSeconds(12.0 * 3600.0));
  const SatelliteAisConfig cfg = satConfig();
  const SatRun run = runSatellite(s, cfg);
  ASSERT_GE(run.passes.size(), 7U);
  const double step_deg = 360.0 * cfg.revisit.seconds() / kSiderealDayS;
  for (std::size_t i = 1; i < run.passes.size(); ++i) {
    const double gap_s = (run.passes[i].start - run.passes[i - 1].start).seconds();
    EXPECT_GE(gap_s, 0.8 * cfg.revisit.seconds());
    EXPECT_LE(gap_s, 1.2 * cfg.revisit.seconds());
    const double west =
        std::fmod(run.passes[i - 1].track_lon_deg - run.passes[i].track_lon_deg + 65.0, 65.0);
    EXPECT_NEAR(west, step_deg, 1e-6);
    EXPECT_GE(run.passes[i].track_lon_deg, s.area.lon_min_deg);
    EXPECT_LT(run.passes[i].track_lon_deg, s.area.lon_max_deg);
  }
  EXPECT_LT(run.passes.front().start, kTestStart + cfg.revisit + cfg.revisit / 10);
}

TEST(SatelliteAis, DeliversAfterTheLatencyInDeliveryOrder) {
  const Scenario s = shipsAcrossTheTheatre(400, Duration::fromSeconds(6.0 * 3600.0));
  const SatelliteAisConfig cfg = satConfig();
  const SatRun run = runSatellite(s, cfg);
  ASSERT_GT(run.messages.size(), 1000U);
  bool fix_times_go_back = false;
  for (std::size_t i = 0; i < run.messages.size(); ++i) {
    const SimMessage& m = run.messages[i];
    ASSERT_EQ(m.sequence, i + 1);
    ASSERT_EQ(m.topic, "feed/ais/sat-1");
    ASSERT_GE(m.delivered - m.time, cfg.latency_min);
    ASSERT_LE(m.delivered - m.time, cfg.latency_max);
    ASSERT_EQ((m.delivered - m.time).ns % 1'000'000, 0);
    ASSERT_LT(m.delivered, kTestStart + s.duration);
    if (m.message.has_ais_position()) {
      ASSERT_EQ(m.message.ais_position().received_time_ns(), m.delivered.ns);
      ASSERT_EQ(m.message.ais_position().header().time_ns(), m.time.ns);
    } else {
      ASSERT_EQ(m.message.ais_static().header().time_ns(), m.time.ns);
    }
    if (i > 0) {
      ASSERT_LE(run.messages[i - 1].delivered, m.delivered);
      fix_times_go_back = fix_times_go_back || m.time < run.messages[i - 1].time;
    }
  }
  EXPECT_TRUE(fix_times_go_back);  // store and forward: fixes arrive out of order
}

TEST(SatelliteAis, HearsOnlyShipsInsideTheFootprintDuringAPassAtMostOncePerSpacing) {
  const Scenario s = shipsAcrossTheTheatre(400, Duration::fromSeconds(6.0 * 3600.0));
  const SatelliteAisConfig cfg = satConfig();
  const SatRun run = runSatellite(s, cfg);
  std::map<std::string, std::vector<Timestamp>> fixes;  // position reports per ship
  int positions = 0;
  int statics = 0;
  for (const SimMessage& m : run.messages) {
    const SatellitePass* pass = passAt(run.passes, m.time);
    ASSERT_NE(pass, nullptr) << m.time;
    const Platform& p = *s.findPlatform(m.origins.at(0));
    const PlatformState truth = p.stateAt(m.time - kTestStart);
    const GeoPoint centre = pass->centreAt(m.time);
    ASSERT_LE(sphericalDistanceM(truth.position.lat_deg, truth.position.lon_deg, centre.lat_deg,
                                 centre.lon_deg),
              cfg.footprint_radius_m);
    if (m.message.has_ais_position()) {
      ++positions;
      const pb::AisPositionReport& r = m.message.ais_position();
      EXPECT_EQ(r.mmsi(), p.ais->mmsi);
      const double sigma_m =
          p.ais->ais_class == AisClass::B ? cfg.class_b_position_sigma_m : cfg.position_sigma_m;
      EXPECT_LT(geo::geodesicInverse(truth.position, {r.lat_deg(), r.lon_deg(), 0.0}).distance_m,
                6.0 * sigma_m);
      EXPECT_EQ(r.ais_class(), p.ais->ais_class == AisClass::B ? pb::AIS_CLASS_B : pb::AIS_CLASS_A);
      fixes[p.id].push_back(m.time);
    } else {
      ++statics;
      EXPECT_EQ(m.message.ais_static().mmsi(), p.ais->mmsi);
    }
  }
  EXPECT_GT(positions, 1000);
  EXPECT_GT(statics, 50);
  // Delivered in delivery order; in fix order, a ship's reports are min_report_spacing apart.
  for (auto& [id, times] : fixes) {
    std::sort(times.begin(), times.end());
    for (std::size_t i = 1; i < times.size(); ++i) {
      ASSERT_GE(times[i] - times[i - 1], cfg.min_report_spacing) << id;
    }
  }
}

// The transmissions the satellite could hear: on each ship's timetable, during a pass, the
// ship inside the footprint. Calls f(ship, time, pass) for each position report; skips those
// within `edge_m` of the footprint's edge at any time of their window, when edge_m > 0.
template <typename F>
void forEachTransmissionInFootprint(const Scenario& s, const std::vector<SatellitePass>& passes,
                                    double radius_m, F&& f) {
  const AisTimetable timetable(kSeed, kTestStart);
  for (const Platform& p : s.platforms) {
    if (!p.ais) continue;
    const AisTimetable::Phase phase = timetable.phase(p);
    const Duration interval = aisReportInterval(p.ais->ais_class, p.stateAt(Duration{}));
    for (const SatellitePass& pass : passes) {
      const Timestamp end = std::min(pass.start + pass.duration, kTestStart + s.duration);
      for (Timestamp t =
               timetable.nextSlot(phase.position, interval, std::max(pass.start, kTestStart));
           t < end; t = t + interval) {
        const PlatformState truth = p.stateAt(t - kTestStart);
        const GeoPoint c = pass.centreAt(t);
        if (sphericalDistanceM(truth.position.lat_deg, truth.position.lon_deg, c.lat_deg,
                               c.lon_deg) <= radius_m) {
          f(p, t, pass);
        }
      }
    }
  }
}

TEST(SatelliteAis, HearsEachReportWithTheDetectionProbabilityInASparseFootprint) {
  // GIVEN a footprint load that barely matters and no decimation
  const Scenario s = shipsAcrossTheTheatre(150, Duration::fromSeconds(8.0 * 3600.0));
  SatelliteAisConfig cfg = satConfig();
  cfg.ships_at_half_probability = 1e12;
  cfg.min_report_spacing = Duration{};
  cfg.latency_max = cfg.latency_min;  // nothing lost past the end but the last minute
  const SatRun run = runSatellite(s, cfg);
  std::map<std::pair<std::string, std::int64_t>, int> heard;
  for (const SimMessage& m : run.messages) {
    if (m.message.has_ais_position()) ++heard[{m.origins[0], m.time.ns}];
  }
  // WHEN counting the transmissions inside the footprint that could be delivered in the run
  int sent = 0;
  int received = 0;
  forEachTransmissionInFootprint(s, run.passes, cfg.footprint_radius_m,
                                 [&](const Platform& p, Timestamp t, const SatellitePass&) {
                                   if (t + cfg.latency_min >= kTestStart + s.duration) return;
                                   ++sent;
                                   received += heard.count({p.id, t.ns}) ? 1 : 0;
                                 });
  // THEN each was heard with probability 0.6 (binomial, 5 sigma), and nothing else was heard.
  ASSERT_GT(sent, 5000);
  EXPECT_NEAR(received, 0.6 * sent, 5.0 * std::sqrt(sent * 0.6 * 0.4));
  int total = 0;
  for (const auto& [key, count] : heard) total += count;
  EXPECT_EQ(total, received);
}

TEST(SatelliteAis, SlotCollisionsLowerTheProbabilityInABusyFootprint) {
  // GIVEN 300 AIS ships sailing together within a few kilometres, and a footprint whose
  // probability halves at 100 ships: inside, each report is heard with 0.6 / (1 + 3) = 0.15.
  Scenario s;
  s.duration = Duration::fromSeconds(10.0 * 3600.0);
  Rng rng(3);
  const GeoPoint centre{12.5, -87.5, 0.0};
  for (int i = 0; i < 300; ++i) {
    const GeoPoint from =
        testing::offset(centre, rng.uniform(0.0, 360.0), rng.uniform(0.0, 2000.0));
    Platform p =
        testing::sailing("c-" + std::to_string(i), from, testing::offset(from, 0.0, 1.0e6), 10.0);
    p.ais = testing::identity(static_cast<std::uint32_t>(366'000'000 + i), std::string("C").append(std::to_string(i)));
    s.platforms.push_back(std::move(p));
  }
  SatelliteAisConfig cfg = satConfig();
  cfg.ships_at_half_probability = 100.0;
  cfg.min_report_spacing = Duration{};
  cfg.latency_max = cfg.latency_min;
  const SatRun run = runSatellite(s, cfg);
  std::map<std::pair<std::string, std::int64_t>, int> heard;
  for (const SimMessage& m : run.messages) {
    if (m.message.has_ais_position()) ++heard[{m.origins[0], m.time.ns}];
  }
  // WHEN counting the reports sent with the whole cluster well inside the footprint for the
  // whole index bucket around them (the load is counted once per bucket)
  TrafficIndex index(s, kTestStart);
  int sent = 0;
  int received = 0;
  forEachTransmissionInFootprint(
      s, run.passes, cfg.footprint_radius_m,
      [&](const Platform& p, Timestamp t, const SatellitePass& pass) {
        if (t + cfg.latency_min >= kTestStart + s.duration) return;
        const Timestamp b0 = std::max(index.bucketStart(t), pass.start);
        const Timestamp b1 =
            std::min(index.bucketStart(t) + index.bucketLength(), pass.start + pass.duration);
        for (const Timestamp u : {b0, b1}) {
          const GeoPoint c = pass.centreAt(u);
          const GeoPoint ship = p.stateAt(u - kTestStart).position;
          if (sphericalDistanceM(ship.lat_deg, ship.lon_deg, c.lat_deg, c.lon_deg) >
              cfg.footprint_radius_m - 20'000.0) {
            return;
          }
        }
        ++sent;
        received += heard.count({p.id, t.ns}) ? 1 : 0;
      });
  // THEN the share heard is 0.15 (binomial, 5 sigma)
  ASSERT_GT(sent, 20'000);
  EXPECT_NEAR(received, 0.15 * sent, 5.0 * std::sqrt(sent * 0.15 * 0.85));
}

TEST(SatelliteAis, SilentShipsAreNeverHeardAndSpoofersAreHeardLying) {
  Scenario s = shipsAcrossTheTheatre(60, Duration::fromSeconds(6.0 * 3600.0));
  AisBehaviour silent;
  silent.kind = AisBehaviour::Kind::Silent;
  s.platforms[0].ais_behaviour = {silent};
  AisBehaviour fake;
  fake.kind = AisBehaviour::Kind::SpoofedPosition;
  fake.fake_position = GeoPoint{20.0, -90.0, 0.0};
  s.platforms[1].ais_behaviour = {fake};
  AisBehaviour other;
  other.kind = AisBehaviour::Kind::SpoofedMmsi;
  other.identity = testing::identity(477'000'123, "NOT ME");
  s.platforms[2].ais_behaviour = {other};
  SatelliteAisConfig cfg = satConfig();
  cfg.detection_probability = 1.0;
  const SatRun run = runSatellite(s, cfg);
  int spoofed_position = 0;
  int spoofed_mmsi = 0;
  for (const SimMessage& m : run.messages) {
    ASSERT_NE(m.origins[0], s.platforms[0].id);
    if (m.origins[0] == s.platforms[1].id && m.message.has_ais_position()) {
      ++spoofed_position;
      EXPECT_NEAR(m.message.ais_position().lat_deg(), 20.0, 1e-9);
      EXPECT_NEAR(m.message.ais_position().lon_deg(), -90.0, 1e-9);
    }
    if (m.origins[0] == s.platforms[2].id) {
      ++spoofed_mmsi;
      const std::uint32_t mmsi = m.message.has_ais_position() ? m.message.ais_position().mmsi()
                                                              : m.message.ais_static().mmsi();
      EXPECT_EQ(mmsi, 477'000'123U);
    }
  }
  EXPECT_GT(spoofed_position, 3);
  EXPECT_GT(spoofed_mmsi, 3);
}

TEST(SatelliteAis, MergedFeedIsOrderedByDeliveryNotByFixTime) {
  Scenario s = shipsAcrossTheTheatre(200, Duration::fromSeconds(4.0 * 3600.0));
  s.satellite_ais = {satConfig()};
  AisReceiverConfig terrestrial;
  terrestrial.source_id = "ais-1";
  terrestrial.site = s.platforms[7].stateAt(Duration{}).position;
  s.ais_receivers = {terrestrial};
  const auto run = generateAll(s, kSeed, kTestStart);
  int satellite = 0;
  int behind = 0;  // messages whose fix is older than the previous message's
  for (std::size_t i = 1; i < run.size(); ++i) {
    ASSERT_LE(run[i - 1].delivered, run[i].delivered) << i;
    satellite += run[i].source_id == "sat-1" ? 1 : 0;
    behind += run[i].time < run[i - 1].time ? 1 : 0;
  }
  EXPECT_GT(satellite, 500);
  EXPECT_GT(behind, 100);
  EXPECT_TRUE(run.back().message.has_end_of_stream());
}

}  // namespace
}  // namespace picket::sim
