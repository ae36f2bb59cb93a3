#include "sim/ais_receiver.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "geo/wgs84.hpp"
#include "sim/traffic_index.hpp"
#include "sim_test_support.hpp"

namespace picket::sim {
namespace {

using core::Duration;
using core::GeoPoint;
using core::Timestamp;
using testing::kTestStart;

constexpr GeoPoint kSite{15.0, -75.0, 30.0};
constexpr std::uint64_t kSeed = 21;

AisReceiverConfig receiverConfig(double loss = 0.0) {
  AisReceiverConfig c;
  c.source_id = "ais-test";
  c.site = kSite;
  c.range_m = 40.0 * 1852.0;
  c.loss_probability = loss;
  return c;
}

// Runs one receiver over the scenario, by itself.
std::vector<SimMessage> receive(const Scenario& s, const AisReceiverConfig& config,
                                std::uint64_t seed = kSeed) {
  TrafficIndex index(s, kTestStart);
  AisReceiverSource source(config, s, index, kTestStart, kTestStart + s.duration, seed);
  return testing::drain(source);
}

std::uint32_t mmsiOf(const SimMessage& m) {
  return m.message.has_ais_position() ? m.message.ais_position().mmsi()
                                      : m.message.ais_static().mmsi();
}

const Platform& originOf(const Scenario& s, const SimMessage& m) {
  const Platform* p = s.findPlatform(m.origins.at(0));
  EXPECT_NE(p, nullptr);
  return *p;
}

TEST(AisReceiver, ClassBReportIntervalFollowsM1371Table2) {
  EXPECT_EQ(classBReportInterval(0.0), Duration::fromSeconds(180.0));
  EXPECT_EQ(classBReportInterval(2.0), Duration::fromSeconds(180.0));
  EXPECT_EQ(classBReportInterval(2.1), Duration::fromSeconds(30.0));
  EXPECT_EQ(classBReportInterval(25.0), Duration::fromSeconds(30.0));
  PlatformState s;
  s.speed_mps = testing::knots(15.0);
  EXPECT_EQ(aisReportInterval(AisClass::A, s), Duration::fromSeconds(6.0));
  EXPECT_EQ(aisReportInterval(AisClass::B, s), Duration::fromSeconds(30.0));
  s.speed_mps = 0.0;
  EXPECT_EQ(aisReportInterval(AisClass::A, s), Duration::fromSeconds(180.0));
}

TEST(AisTimetable, SlotsLieOnTheShipsGridAfterTheGivenInstant) {
  const AisTimetable timetable(kSeed, kTestStart);
  const Platform ship = testing::moored("grid-ship", kSite);
  const AisTimetable::Phase phase = timetable.phase(ship);
  EXPECT_EQ(phase.position, AisTimetable(kSeed, kTestStart).phase(ship).position);  // stable
  EXPECT_NE(phase.position, AisTimetable(kSeed + 1, kTestStart).phase(ship).position);
  const Duration interval = Duration::fromSeconds(10.0);
  const Timestamp first = timetable.nextSlot(phase.position, interval, kTestStart);
  EXPECT_GE(first, kTestStart);
  EXPECT_LT(first, kTestStart + interval);
  EXPECT_EQ((first - kTestStart).ns % 1'000'000, 0);  // whole milliseconds
  EXPECT_EQ(timetable.nextSlot(phase.position, interval, first), first);
  EXPECT_EQ(timetable.nextSlot(phase.position, interval, first + Duration{1}), first + interval);
  EXPECT_EQ(timetable.nextSlot(phase.position, interval, first + Duration::fromSeconds(35.0)),
            first + Duration::fromSeconds(40.0));
  // Before the origin too (the grid extends backwards).
  EXPECT_EQ(timetable.nextSlot(phase.position, interval, first - Duration::fromSeconds(25.0)),
            first - Duration::fromSeconds(20.0));
}

// Ships crossing the receiver's range on long straight legs at constant speed, some class B,
// some arriving or leaving during the run, some passing far away.
Scenario crossingTraffic() {
  Scenario s;
  s.duration = Duration::fromSeconds(3600.0);
  Rng rng(8);
  for (int i = 0; i < 60; ++i) {
    const double bearing = rng.uniform(0.0, 360.0);
    const double miss_m = rng.uniform(-150'000.0, 150'000.0);  // closest approach, some far
    const GeoPoint abeam = testing::offset(kSite, bearing + 90.0, std::abs(miss_m));
    const GeoPoint from = testing::offset(abeam, bearing + 180.0, rng.uniform(20'000.0, 120'000.0));
    const GeoPoint to = testing::offset(abeam, bearing, 300'000.0);
    Platform p = testing::sailing("ship-" + std::to_string(i), from, to, rng.uniform(3.0, 30.0));
    const AisClass c = i % 4 == 0 ? AisClass::B : AisClass::A;
    p.ais = testing::identity(static_cast<std::uint32_t>(311'000'000 + i),
                              "SHIP " + std::to_string(i), c);
    if (i % 7 == 0) p.active_from = Duration::fromSeconds(rng.uniform(0.0, 1800.0));
    if (i % 9 == 0) p.active_until = Duration::fromSeconds(rng.uniform(600.0, 3600.0));
    s.platforms.push_back(std::move(p));
  }
  s.platforms.push_back(
      testing::sailing("dark", kSite, testing::offset(kSite, 0.0, 100'000.0), 20.0));
  return s;
}

TEST(AisReceiver, HearsExactlyTheTransmissionsInRange) {
  // GIVEN ships crossing the range at constant speed and a receiver that loses nothing
  const Scenario s = crossingTraffic();
  const AisReceiverConfig cfg = receiverConfig(0.0);
  const auto run = receive(s, cfg);
  // WHEN listing every transmission of every ship on its timetable, by brute force
  const AisTimetable timetable(kSeed, kTestStart);
  using Key = std::tuple<std::string, std::int64_t, bool>;  // origin, time, is position
  std::set<Key> expected;
  for (const Platform& p : s.platforms) {
    if (!p.ais) continue;
    const AisTimetable::Phase phase = timetable.phase(p);
    const Duration interval = aisReportInterval(p.ais->ais_class, p.stateAt(Duration{}));
    for (int kind = 0; kind < 2; ++kind) {
      const bool position = kind == 0;
      const Duration step = position ? interval : cfg.static_interval;
      for (Timestamp t =
               timetable.nextSlot(position ? phase.position : phase.static_data, step, kTestStart);
           t < kTestStart + s.duration; t = t + step) {
        if (!p.activeAt(t - kTestStart)) continue;
        const double d = geo::geodesicInverse(kSite, p.stateAt(t - kTestStart).position).distance_m;
        if (d <= cfg.range_m) expected.emplace(p.id, t.ns, position);
      }
    }
  }
  std::set<Key> heard;
  for (const SimMessage& m : run)
    heard.emplace(m.origins.at(0), m.time.ns, m.message.has_ais_position());
  // THEN the receiver heard exactly those (no ship missed while it follows only nearby ones)
  EXPECT_GT(expected.size(), 2000U);
  EXPECT_EQ(heard.size(), run.size());
  EXPECT_EQ(heard, expected);
  for (std::size_t i = 0; i < run.size(); ++i) {
    ASSERT_EQ(run[i].sequence, i + 1);
    ASSERT_EQ(run[i].delivered, run[i].time);
    if (i > 0) {
      ASSERT_LE(run[i - 1].time, run[i].time);
    }
  }
}

TEST(AisReceiver, ClassBShipsSendMessages18And24AtTable2Rates) {
  // GIVEN class B craft near the receiver: five under way at 8 kn, five drifting at 1.5 kn
  Scenario s;
  s.duration = Duration::fromSeconds(3600.0);
  for (int i = 0; i < 10; ++i) {
    const GeoPoint from = testing::offset(kSite, 36.0 * i, 20'000.0);
    Platform p =
        testing::sailing("b-" + std::to_string(i), from, testing::offset(from, 90.0, 100'000.0),
                         i < 5 ? 8.0 : 1.5, PlatformClass::Pleasure);
    p.ais = testing::identity(static_cast<std::uint32_t>(338'000'000 + i),
                              "YACHT " + std::to_string(i), AisClass::B);
    s.platforms.push_back(std::move(p));
  }
  const AisReceiverConfig cfg = receiverConfig(0.0);
  const auto run = receive(s, cfg);
  std::map<std::string, std::vector<Timestamp>> positions;
  std::map<std::string, std::vector<Timestamp>> statics;
  double sum_sq_e = 0.0;
  double sum_sq_n = 0.0;
  int n = 0;
  for (const SimMessage& m : run) {
    const Platform& p = originOf(s, m);
    if (m.message.has_ais_position()) {
      const pb::AisPositionReport& r = m.message.ais_position();
      // THEN position reports are message 18: class B, no status, no heading, PA low
      ASSERT_EQ(r.ais_class(), pb::AIS_CLASS_B);
      ASSERT_EQ(r.nav_status(), 15U);
      ASSERT_FALSE(r.has_heading_deg());
      ASSERT_FALSE(r.position_accuracy_high());
      ASSERT_TRUE(r.has_sog_kn());
      ASSERT_EQ(r.mmsi(), p.ais->mmsi);
      const PlatformState truth = p.stateAt(m.time - kTestStart);
      const geo::LocalFrame frame(truth.position);
      const core::Vec3 enu =
          frame.toLocal(geo::geodeticToEcef({r.lat_deg(), r.lon_deg(), truth.position.alt_m}));
      sum_sq_e += enu.x() * enu.x();
      sum_sq_n += enu.y() * enu.y();
      ++n;
      positions[p.id].push_back(m.time);
    } else {
      // static data is message 24: name, call sign, type, dimensions; no IMO or voyage data
      const pb::AisStaticData& d = m.message.ais_static();
      ASSERT_EQ(d.ais_class(), pb::AIS_CLASS_B);
      ASSERT_EQ(d.name(), p.ais->name);
      ASSERT_EQ(d.ship_type(), p.ais->ship_type);
      ASSERT_EQ(d.imo(), 0U);
      ASSERT_EQ(d.destination(), "");
      ASSERT_EQ(d.draught_m(), 0.0);
      statics[p.id].push_back(m.time);
    }
  }
  ASSERT_EQ(positions.size(), 10U);
  for (const auto& [id, times] : positions) {
    const Duration expected =
        id < "b-5" ? Duration::fromSeconds(30.0) : Duration::fromSeconds(180.0);
    ASSERT_GE(times.size(), id < "b-5" ? 119U : 19U) << id;
    for (std::size_t i = 1; i < times.size(); ++i)
      ASSERT_EQ(times[i] - times[i - 1], expected) << id;
  }
  for (const auto& [id, times] : statics) {
    ASSERT_GE(times.size(), 9U) << id;
    for (std::size_t i = 1; i < times.size(); ++i) {
      ASSERT_EQ(times[i] - times[i - 1], Duration::fromSeconds(360.0)) << id;
    }
  }
  // AND the GNSS error is the class B sigma (10 m) per axis: chi-square with n dof per axis.
  ASSERT_GT(n, 600);
  const double bound = 5.0 * std::sqrt(2.0 / n);  // 5 sigma on the variance ratio
  EXPECT_NEAR(sum_sq_e / n / 100.0, 1.0, bound);
  EXPECT_NEAR(sum_sq_n / n / 100.0, 1.0, bound);
}

// One ship in range for the whole run with the given behaviours.
Scenario behavingShip(std::vector<AisBehaviour> behaviours) {
  Scenario s;
  s.duration = Duration::fromSeconds(3600.0);
  Platform p = testing::sailing("ship", testing::offset(kSite, 270.0, 30'000.0),
                                testing::offset(kSite, 90.0, 300'000.0), 12.0);
  p.ais = testing::identity(356'000'001, "HONEST TRADER");
  p.ais_behaviour = std::move(behaviours);
  s.platforms.push_back(std::move(p));
  return s;
}

const Duration kFrom = Duration::fromSeconds(600.0);
const Duration kUntil = Duration::fromSeconds(1200.0);

bool inWindow(const SimMessage& m) {
  const Duration e = m.time - kTestStart;
  return e >= kFrom && e < kUntil;
}

TEST(AisReceiver, SilentShipsSendNothingInTheWindow) {
  AisBehaviour b;
  b.kind = AisBehaviour::Kind::Silent;
  b.from = kFrom;
  b.until = kUntil;
  const auto run = receive(behavingShip({b}), receiverConfig());
  int before = 0;
  int after = 0;
  for (const SimMessage& m : run) {
    ASSERT_FALSE(inWindow(m)) << m.time;
    (m.time - kTestStart < kFrom ? before : after) += 1;
  }
  EXPECT_GT(before, 50);  // 10 s reports for 10 min, static data too
  EXPECT_GT(after, 200);
}

TEST(AisReceiver, SpoofedPositionReportsCarryTheFakePositionAndTheTrueMotion) {
  AisBehaviour b;
  b.kind = AisBehaviour::Kind::SpoofedPosition;
  b.from = kFrom;
  b.until = kUntil;
  b.fake_position = GeoPoint{14.1234567, -76.7654321, 0.0};
  const Scenario s = behavingShip({b});
  const auto run = receive(s, receiverConfig());
  int spoofed = 0;
  for (const SimMessage& m : run) {
    if (!m.message.has_ais_position()) continue;
    const pb::AisPositionReport& r = m.message.ais_position();
    const PlatformState truth = s.platforms[0].stateAt(m.time - kTestStart);
    const GeoPoint reported{r.lat_deg(), r.lon_deg(), 0.0};
    EXPECT_NEAR(r.sog_kn(), truth.speed_mps / geo::kKnotToMps, 0.05 + 1e-9);
    EXPECT_LT(std::abs(std::remainder(r.cog_deg() - truth.course_deg, 360.0)), 0.05 + 1e-9);
    if (inWindow(m)) {
      ++spoofed;
      // Quantised to 1/10000 minute (1e-5 / 6 degree).
      EXPECT_NEAR(r.lat_deg(), 14.1234567, 1e-6);
      EXPECT_NEAR(r.lon_deg(), -76.7654321, 1e-6);
    } else {
      EXPECT_LT(geo::geodesicInverse(truth.position, reported).distance_m, 40.0);
    }
  }
  EXPECT_GE(spoofed, 59);  // 600 s at 10 s
}

TEST(AisReceiver, SpoofedMmsiAndIdentityChangeSendTheOtherIdentity) {
  AisBehaviour spoof;
  spoof.kind = AisBehaviour::Kind::SpoofedMmsi;
  spoof.from = kFrom;
  spoof.until = kUntil;
  spoof.identity = testing::identity(636'000'777, "BORROWED NAME");
  AisBehaviour renamed;
  renamed.kind = AisBehaviour::Kind::IdentityChange;
  renamed.from = Duration::fromSeconds(2400.0);
  renamed.identity = testing::identity(538'000'999, "NEW NAME");
  const Scenario s = behavingShip({spoof, renamed});
  const auto run = receive(s, receiverConfig());
  std::map<std::uint32_t, int> positions_by_mmsi;
  for (const SimMessage& m : run) {
    const Duration e = m.time - kTestStart;
    const AisIdentity& expected = inWindow(m)                          ? *spoof.identity
                                  : e >= Duration::fromSeconds(2400.0) ? *renamed.identity
                                                                       : *s.platforms[0].ais;
    ASSERT_EQ(mmsiOf(m), expected.mmsi) << e;
    ASSERT_EQ(m.origins.at(0), "ship");  // the truth behind it stays the same ship
    if (m.message.has_ais_static()) {
      EXPECT_EQ(m.message.ais_static().name(), expected.name);
      EXPECT_EQ(m.message.ais_static().imo(), expected.imo);
    } else {
      ++positions_by_mmsi[mmsiOf(m)];
    }
  }
  EXPECT_EQ(positions_by_mmsi.size(), 3U);
  EXPECT_GE(positions_by_mmsi[636'000'777], 59);
  EXPECT_GE(positions_by_mmsi[538'000'999], 119);
}

TEST(AisReceiver, TwoReceiversHearTheSameTransmissions) {
  // GIVEN two receivers 60 km apart whose ranges overlap, and the crossing traffic
  const Scenario s = crossingTraffic();
  AisReceiverConfig east = receiverConfig();
  east.source_id = "ais-east";
  east.site = testing::offset(kSite, 90.0, 60'000.0);
  const auto a = receive(s, receiverConfig());
  const auto b = receive(s, east);
  std::set<std::pair<std::string, std::int64_t>> heard_a;
  for (const SimMessage& m : a) heard_a.emplace(m.origins[0], m.time.ns);
  // THEN a ship heard by both at once was heard at the very same instants (one transmission)
  int shared = 0;
  for (const SimMessage& m : b) {
    if (heard_a.contains({m.origins[0], m.time.ns})) ++shared;
  }
  EXPECT_GT(shared, 500);
  // AND the same seed gives the same timetable in another run of the receiver
  EXPECT_EQ(a.size(), receive(s, receiverConfig()).size());
}

TEST(AisReceiver, ReceptionDoesNotDependOnTheIndexLayout) {
  // The messages are the same with another bucket length and grid: only ships near the
  // receiver matter, and which ones the index offers beyond them does not.
  const Scenario s = crossingTraffic();
  const AisReceiverConfig cfg = receiverConfig(0.1);
  TrafficIndex coarse(s, kTestStart, {Duration::fromSeconds(300.0), 3.0, 500.0});
  AisReceiverSource source(cfg, s, coarse, kTestStart, kTestStart + s.duration, kSeed);
  const auto a = testing::drain(source);
  const auto b = receive(s, cfg);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].message.SerializeAsString(), b[i].message.SerializeAsString()) << i;
  }
}

}  // namespace
}  // namespace picket::sim
