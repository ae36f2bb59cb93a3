#include "sim/feed_generator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "demo_run.hpp"
#include "geo/wgs84.hpp"
#include "sim/ais_receiver.hpp"
#include "sim/radar_geometry.hpp"
#include "sim_test_support.hpp"

namespace picket::sim {
namespace {

using core::Duration;
using core::Timestamp;
using testing::demoRun;
using testing::demoScenario;
using testing::kDemoSeed;
using testing::kDemoStart;

const Timestamp kDemoEnd = kDemoStart + Duration::fromSeconds(5400.0);

const pb::Header& headerOf(const pb::FeedMessage& m) {
  switch (m.body_case()) {
    case pb::FeedMessage::kRadarScan:
      return m.radar_scan().header();
    case pb::FeedMessage::kAisPosition:
      return m.ais_position().header();
    case pb::FeedMessage::kAisStatic:
      return m.ais_static().header();
    case pb::FeedMessage::kAircraftContacts:
      return m.aircraft_contacts().header();
    case pb::FeedMessage::kEndOfStream:
      return m.end_of_stream().header();
    case pb::FeedMessage::BODY_NOT_SET:
      break;
  }
  ADD_FAILURE() << "message without a body";
  return pb::Header::default_instance();
}

std::vector<std::string> serialise(const std::vector<SimMessage>& run) {
  std::vector<std::string> out;
  out.reserve(run.size());
  for (const SimMessage& m : run) out.push_back(m.topic + '\0' + m.message.SerializeAsString());
  return out;
}

PlatformState truthAt(const std::string& platform_id, Timestamp t) {
  const Platform* p = demoScenario().findPlatform(platform_id);
  EXPECT_NE(p, nullptr) << platform_id;
  return p->route.stateAt(t - kDemoStart);
}

// Counts, per source, the plots or contacts that came from a platform.
int detections(const std::string& source_id, const std::string& platform_id) {
  int n = 0;
  for (const SimMessage& m : demoRun()) {
    if (m.source_id != source_id) continue;
    for (const auto& origin : m.origins) n += origin == platform_id ? 1 : 0;
  }
  return n;
}

TEST(FeedGenerator, SameSeedGivesByteIdenticalMessages) {
  // GIVEN the demo scenario and seed; WHEN the run is generated again from scratch
  const auto again = generateAll(makeCaribbeanDemo(), kDemoSeed, kDemoStart);
  // THEN every topic and payload is the same, byte for byte.
  EXPECT_EQ(serialise(demoRun()), serialise(again));
}

TEST(FeedGenerator, DifferentSeedsGiveDifferentMessages) {
  Scenario short_run = makeCaribbeanDemo();
  short_run.duration = Duration::fromSeconds(600.0);
  const auto a = serialise(generateAll(short_run, 1, kDemoStart));
  const auto b = serialise(generateAll(short_run, 2, kDemoStart));
  EXPECT_NE(a, b);
  // The same first-600-s prefix of the full seed-1 run (per-sensor streams do not depend on the
  // run length).
  const auto full = serialise(demoRun());
  ASSERT_GT(full.size(), a.size());
  for (std::size_t i = 0; i + 1 < a.size(); ++i) ASSERT_EQ(a[i], full[i]) << "message " << i;
}

TEST(FeedGenerator, ProducesEveryKindOfMessage) {
  std::map<pb::FeedMessage::BodyCase, int> kinds;
  for (const SimMessage& m : demoRun()) ++kinds[m.message.body_case()];
  EXPECT_EQ(kinds[pb::FeedMessage::kRadarScan], 900);         // 5400 s / 6 s
  EXPECT_EQ(kinds[pb::FeedMessage::kAircraftContacts], 540);  // 5400 s / 10 s
  EXPECT_GT(kinds[pb::FeedMessage::kAisPosition], 2000);
  EXPECT_GT(kinds[pb::FeedMessage::kAisStatic], 40);
  EXPECT_EQ(kinds[pb::FeedMessage::kEndOfStream], 1);
}

TEST(FeedGenerator, MessagesComeInDeliveryTimeThenSourceThenSequenceOrder) {
  const auto& run = demoRun();
  for (std::size_t i = 1; i < run.size(); ++i) {
    const auto key = [](const SimMessage& m) {
      return std::make_tuple(m.delivered.ns, m.source_id, m.sequence);
    };
    ASSERT_LT(key(run[i - 1]), key(run[i])) << "at message " << i;
  }
  // The demo's sensors all deliver at once.
  for (const SimMessage& m : run) ASSERT_EQ(m.delivered, m.time);
}

TEST(FeedGenerator, HeadersMatchTheEnvelopeAndTopics) {
  const std::map<pb::FeedMessage::BodyCase, std::string> prefix = {
      {pb::FeedMessage::kRadarScan, "feed/radar/"},
      {pb::FeedMessage::kAisPosition, "feed/ais/"},
      {pb::FeedMessage::kAisStatic, "feed/ais/"},
      {pb::FeedMessage::kAircraftContacts, "feed/aircraft/"},
      {pb::FeedMessage::kEndOfStream, "feed/eos/"}};
  for (const SimMessage& m : demoRun()) {
    const pb::Header& h = headerOf(m.message);
    ASSERT_EQ(h.source_id(), m.source_id);
    ASSERT_EQ(h.sequence(), m.sequence);
    ASSERT_EQ(h.time_ns(), m.time.ns);
    ASSERT_EQ(m.topic, prefix.at(m.message.body_case()) + m.source_id);
    ASSERT_GE(m.time, kDemoStart);
    ASSERT_LE(m.time, kDemoEnd);
  }
}

TEST(FeedGenerator, SequencesStartAtOneAndHaveNoGaps) {
  std::map<std::string, std::uint64_t> last;
  for (const SimMessage& m : demoRun()) {
    ASSERT_EQ(m.sequence, last[m.source_id] + 1) << m.source_id;
    last[m.source_id] = m.sequence;
  }
  EXPECT_EQ(last.size(), 4U);  // radar-aruba, ais-aruba, mpa-1, sensors-sim
  EXPECT_EQ(last.at("sensors-sim"), 1U);
}

TEST(FeedGenerator, EndsWithOneEndOfStreamCountingTheMessages) {
  const auto& run = demoRun();
  ASSERT_FALSE(run.empty());
  const SimMessage& last = run.back();
  ASSERT_TRUE(last.message.has_end_of_stream());
  EXPECT_EQ(last.topic, "feed/eos/sensors-sim");
  EXPECT_EQ(last.message.end_of_stream().header().source_id(), "sensors-sim");
  EXPECT_EQ(last.message.end_of_stream().messages_sent(), run.size() - 1);
  EXPECT_EQ(last.time, kDemoEnd);
  for (std::size_t i = 0; i + 1 < run.size(); ++i) {
    ASSERT_FALSE(run[i].message.has_end_of_stream());
    ASSERT_LT(run[i].time, kDemoEnd);
  }
}

TEST(FeedGenerator, CountsMessagesPerSourceAndStopsAfterEndOfStream) {
  Scenario s = makeCaribbeanDemo();
  s.duration = Duration::fromSeconds(60.0);
  FeedGenerator generator(s, 3, kDemoStart);
  FeedGenerator moved = std::move(generator);  // sources must survive a move
  std::uint64_t n = 0;
  while (moved.next()) ++n;
  EXPECT_FALSE(moved.next().has_value());
  const auto& counts = moved.messagesPerSource();
  EXPECT_EQ(counts.at("radar-aruba"), 10U);
  EXPECT_EQ(counts.at("mpa-1"), 6U);
  EXPECT_EQ(counts.at("sensors-sim"), 1U);
  std::uint64_t total = 0;
  for (const auto& [source, count] : counts) total += count;
  EXPECT_EQ(total, n);
  EXPECT_EQ(moved.endTime(), kDemoStart + Duration::fromSeconds(60.0));
}

TEST(FeedGenerator, RejectsANonPositiveDuration) {
  Scenario s = makeCaribbeanDemo();
  s.duration = Duration{};
  EXPECT_THROW(FeedGenerator(s, 1, kDemoStart), std::invalid_argument);
}

TEST(FeedGenerator, RejectsAPlatformWithoutARouteAndDuplicateSources) {
  Scenario s = makeCaribbeanDemo();
  s.platforms.push_back(Platform{});
  s.platforms.back().id = "nowhere";
  EXPECT_THROW(FeedGenerator(s, 1, kDemoStart), std::invalid_argument);
  Scenario twice = makeCaribbeanDemo();
  SatelliteAisConfig sat;
  sat.source_id = "ais-aruba";  // already the terrestrial receiver's id
  twice.satellite_ais.push_back(sat);
  EXPECT_THROW(FeedGenerator(twice, 1, kDemoStart), std::invalid_argument);
}

TEST(FeedGenerator, StartTimeShiftsTimesButNotMeasurements) {
  Scenario s = makeCaribbeanDemo();
  s.duration = Duration::fromSeconds(300.0);
  const Duration shift = Duration::fromSeconds(86400.0 * 3 + 0.25);
  const auto a = generateAll(s, 9, kDemoStart);
  const auto b = generateAll(s, 9, kDemoStart + shift);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].topic, b[i].topic);
    ASSERT_EQ(a[i].time + shift, b[i].time);
    ASSERT_EQ(a[i].origins, b[i].origins);
    if (a[i].message.has_radar_scan()) {
      const auto& pa = a[i].message.radar_scan().plots();
      const auto& pb_ = b[i].message.radar_scan().plots();
      ASSERT_EQ(pa.size(), pb_.size());
      for (int k = 0; k < pa.size(); ++k) {
        ASSERT_EQ(pa[k].range_m(), pb_[k].range_m());
        ASSERT_EQ(pa[k].time_ns() + shift.ns, pb_[k].time_ns());
      }
    }
  }
}

TEST(FeedGenerator, GoFastNeverTransmitsAis) {
  std::set<std::uint32_t> merchant_mmsis;
  for (const Platform& p : demoScenario().platforms) {
    if (p.ais) merchant_mmsis.insert(p.ais->mmsi);
  }
  int ais_messages = 0;
  for (const SimMessage& m : demoRun()) {
    if (m.source_id != "ais-aruba") continue;
    ++ais_messages;
    ASSERT_EQ(m.origins.size(), 1U);
    EXPECT_NE(m.origins[0], "go-fast-1");
    const std::uint32_t mmsi = m.message.has_ais_position() ? m.message.ais_position().mmsi()
                                                            : m.message.ais_static().mmsi();
    EXPECT_EQ(merchant_mmsis.count(mmsi), 1U) << mmsi;
  }
  EXPECT_GT(ais_messages, 0);
}

TEST(FeedGenerator, GoFastIsDetectedByTheCoastalAndTheAirborneRadar) {
  // Inside the coastal radar's horizon for about 30 min (300 scans at Pd 0.8) and within the
  // aircraft's 90 km for most of the run (Pd 0.7): far more than "several" each.
  EXPECT_GE(detections("radar-aruba", "go-fast-1"), 100);
  EXPECT_GE(detections("mpa-1", "go-fast-1"), 100);
}

TEST(FeedGenerator, EveryMerchantIsSeenByEverySensor) {
  for (const Platform& p : demoScenario().platforms) {
    if (p.platform_class != PlatformClass::Merchant) continue;
    EXPECT_GT(detections("radar-aruba", p.id), 50) << p.id;
    EXPECT_GT(detections("ais-aruba", p.id), 50) << p.id;
    EXPECT_GT(detections("mpa-1", p.id), 20) << p.id;
  }
  EXPECT_EQ(detections("radar-aruba", "mpa-1"), 0);  // surface radars ignore the aircraft
}

TEST(SurfaceRadar, PlotsLieWithinTheHorizonAndTheScan) {
  const SurfaceRadarConfig& cfg = demoScenario().surface_radars[0];
  const geo::LocalFrame antenna(cfg.site);
  const double horizon_merchant_m = radarHorizonM(cfg.site.alt_m, 10.0);
  for (const SimMessage& m : demoRun()) {
    if (!m.message.has_radar_scan()) continue;
    const pb::RadarScan& scan = m.message.radar_scan();
    ASSERT_TRUE(scan.platform().has_fixed_site());
    EXPECT_EQ(scan.platform().fixed_site().lat_deg(), cfg.site.lat_deg);
    EXPECT_EQ(scan.platform().fixed_site().alt_m(), cfg.site.alt_m);
    ASSERT_EQ(static_cast<std::size_t>(scan.plots_size()), m.origins.size());
    for (int i = 0; i < scan.plots_size(); ++i) {
      const pb::RadarPlot& plot = scan.plots(i);
      ASSERT_EQ(plot.range_sigma_m(), 25.0);
      ASSERT_EQ(plot.bearing_sigma_deg(), 0.3);
      ASSERT_FALSE(plot.has_range_rate_mps());
      ASSERT_GE(plot.time_ns(), m.time.ns);
      ASSERT_LT(plot.time_ns(), m.time.ns + cfg.scan_period.ns);
      ASSERT_GE(plot.bearing_deg(), 0.0);
      ASSERT_LT(plot.bearing_deg(), 360.0);
      // The beam time matches the bearing (within the noise, 5 sigma).
      const double beam_deg = static_cast<double>(plot.time_ns() - m.time.ns) /
                              static_cast<double>(cfg.scan_period.ns) * 360.0;
      ASSERT_LT(std::abs(std::remainder(beam_deg - plot.bearing_deg(), 360.0)), 1.5);
      ASSERT_LE(plot.range_m(), horizon_merchant_m + 5.0 * 25.0);
      ASSERT_GE(plot.range_m(), cfg.min_range_m - 5.0 * 25.0);
      const std::string& origin = m.origins[static_cast<std::size_t>(i)];
      if (origin.empty()) continue;
      const Platform* p = demoScenario().findPlatform(origin);
      const PolarView truth =
          polarFrom(antenna, truthAt(origin, Timestamp{plot.time_ns()}).position);
      ASSERT_LE(truth.range_m, radarHorizonM(cfg.site.alt_m, p->radar_height_m)) << origin;
    }
  }
}

TEST(SurfaceRadar, MeasurementErrorsMatchTheReportedSigmas) {
  const geo::LocalFrame antenna(demoScenario().surface_radars[0].site);
  double sum_r = 0.0, sum_r2 = 0.0, sum_b = 0.0, sum_b2 = 0.0;
  int n = 0;
  for (const SimMessage& m : demoRun()) {
    if (!m.message.has_radar_scan()) continue;
    for (int i = 0; i < m.message.radar_scan().plots_size(); ++i) {
      const std::string& origin = m.origins[static_cast<std::size_t>(i)];
      if (origin.empty()) continue;
      const pb::RadarPlot& plot = m.message.radar_scan().plots(i);
      const PolarView truth =
          polarFrom(antenna, truthAt(origin, Timestamp{plot.time_ns()}).position);
      const double zr = (plot.range_m() - truth.range_m) / plot.range_sigma_m();
      const double zb =
          std::remainder(plot.bearing_deg() - truth.bearing_deg, 360.0) / plot.bearing_sigma_deg();
      sum_r += zr;
      sum_r2 += zr * zr;
      sum_b += zb;
      sum_b2 += zb * zb;
      ++n;
    }
  }
  ASSERT_GT(n, 2000);
  const double bound = 5.0 / std::sqrt(n);
  EXPECT_NEAR(sum_r / n, 0.0, bound);
  EXPECT_NEAR(sum_b / n, 0.0, bound);
  EXPECT_NEAR(sum_r2 / n, 1.0, 0.1);
  EXPECT_NEAR(sum_b2 / n, 1.0, 0.1);
}

TEST(SurfaceRadar, DetectionAndClutterRatesMatchTheModel) {
  const SurfaceRadarConfig& cfg = demoScenario().surface_radars[0];
  const geo::LocalFrame antenna(cfg.site);
  int scans = 0;
  int clutter = 0;
  std::map<std::string, int> in_cover;
  std::map<std::string, double> expected;  // sum of the model's Pd over the in-cover scans
  std::map<std::string, double> variance;
  std::map<std::string, int> detected;
  for (const SimMessage& m : demoRun()) {
    if (!m.message.has_radar_scan()) continue;
    ++scans;
    std::set<std::string> seen;
    for (const auto& origin : m.origins) {
      if (origin.empty()) {
        ++clutter;
      } else {
        seen.insert(origin);
      }
    }
    for (const Platform& p : demoScenario().platforms) {
      if (p.platform_class == PlatformClass::PatrolAircraft) continue;
      const double r = polarFrom(antenna, p.stateAt(m.time - kDemoStart).position).range_m;
      // Away from the horizon edge, where the beam-time shift could flip the decision.
      if (r < radarHorizonM(cfg.site.alt_m, p.radar_height_m) - 500.0) {
        ++in_cover[p.id];
        const double pd = cfg.detection.pd(p.rcs_m2, r);
        expected[p.id] += pd;
        variance[p.id] += pd * (1.0 - pd);
        if (seen.contains(p.id)) ++detected[p.id];
      }
    }
  }
  // Poisson mean 1.5 per scan: standard error sqrt(1.5 / 900) = 0.04.
  EXPECT_NEAR(static_cast<double>(clutter) / scans, 1.5, 0.2);
  // Detections per platform: a sum of Bernoulli draws with the model's Pd at each scan's range.
  for (const auto& [id, n] : in_cover) {
    ASSERT_GT(n, 100) << id;
    EXPECT_NEAR(detected[id], expected[id], 5.0 * std::sqrt(variance[id]) + 2.0) << id;
  }
}

TEST(AisReceiver, ReportIntervalFollowsM1371ClassA) {
  EXPECT_EQ(classAReportInterval(0.0, true), Duration::fromSeconds(180.0));
  EXPECT_EQ(classAReportInterval(12.5, false), Duration::fromSeconds(10.0));
  EXPECT_EQ(classAReportInterval(14.0, false), Duration::fromSeconds(10.0));
  EXPECT_EQ(classAReportInterval(15.5, false), Duration::fromSeconds(6.0));
  EXPECT_EQ(classAReportInterval(23.0, false), Duration::fromSeconds(6.0));
  EXPECT_EQ(classAReportInterval(30.0, false), Duration::fromSeconds(2.0));
}

TEST(AisReceiver, PositionReportsFollowTheShipAtItsReportingRate) {
  const AisReceiverConfig& cfg = demoScenario().ais_receivers[0];
  std::map<std::uint32_t, Timestamp> last;
  std::map<std::uint32_t, const Platform*> by_mmsi;
  for (const Platform& p : demoScenario().platforms) {
    if (p.ais) by_mmsi[p.ais->mmsi] = &p;
  }
  for (const SimMessage& m : demoRun()) {
    if (!m.message.has_ais_position()) continue;
    const pb::AisPositionReport& r = m.message.ais_position();
    const Platform& ship = *by_mmsi.at(r.mmsi());
    ASSERT_EQ(m.origins.at(0), ship.id);
    const PlatformState truth = truthAt(ship.id, m.time);
    // In range, position within GNSS noise (5 m per axis: 30 m is beyond 6 sigma radially).
    ASSERT_LE(geo::geodesicInverse(cfg.site, truth.position).distance_m, cfg.range_m);
    const core::GeoPoint reported{r.lat_deg(), r.lon_deg(), 0.0};
    ASSERT_LT(geo::geodesicInverse(truth.position, reported).distance_m, 30.0);
    // Message quantisation.
    const double speed_kn = truth.speed_mps / geo::kKnotToMps;
    ASSERT_NEAR(r.sog_kn(), speed_kn, 0.05 + 1e-9);
    ASSERT_NEAR(r.sog_kn() * 10.0, std::round(r.sog_kn() * 10.0), 1e-6);
    ASSERT_NEAR(r.cog_deg() * 10.0, std::round(r.cog_deg() * 10.0), 1e-6);
    ASSERT_EQ(r.heading_deg(), std::round(r.heading_deg()));
    ASSERT_LT(std::abs(std::remainder(r.cog_deg() - truth.course_deg, 360.0)), 0.05 + 1e-9);
    ASSERT_EQ(r.nav_status(), 0U);
    ASSERT_EQ(r.ais_class(), pb::AIS_CLASS_A);
    ASSERT_TRUE(r.position_accuracy_high());
    ASSERT_EQ(r.received_time_ns(), m.time.ns);
    // Reporting interval while in range: a gap is a whole number of intervals (lost reports,
    // or merchant-2 entering the range during the run).
    const auto it = last.find(r.mmsi());
    if (it != last.end()) {
      const Duration expected = classAReportInterval(speed_kn, false);
      const Duration gap = m.time - it->second;
      ASSERT_EQ(gap.ns % expected.ns, 0) << ship.id;
      ASSERT_GT(gap.ns, 0) << ship.id;
    }
    last[r.mmsi()] = m.time;
  }
  EXPECT_EQ(last.size(), 4U);
}

TEST(AisReceiver, LosesReportsAtTheConfiguredRate) {
  // GIVEN the demo's receiver (loss_probability 0.05) and its four ships in steady state;
  // WHEN counting the position reports against the transmissions inside the range
  const AisReceiverConfig& cfg = demoScenario().ais_receivers[0];
  AisTimetable timetable(kDemoSeed, kDemoStart);
  std::set<std::pair<std::uint32_t, std::int64_t>> heard;
  for (const SimMessage& m : demoRun()) {
    if (m.message.has_ais_position()) heard.emplace(m.message.ais_position().mmsi(), m.time.ns);
  }
  int sent = 0;
  int received = 0;
  for (const Platform& p : demoScenario().platforms) {
    if (!p.ais) continue;
    const AisTimetable::Phase phase = timetable.phase(p);
    for (Timestamp t = kDemoStart; t < kDemoEnd;) {
      t = timetable.nextSlot(phase.position, aisReportInterval(AisClass::A, truthAt(p.id, t)), t);
      if (t >= kDemoEnd) break;
      if (geo::geodesicInverse(cfg.site, truthAt(p.id, t).position).distance_m <= cfg.range_m) {
        ++sent;
        received += heard.contains({p.ais->mmsi, t.ns}) ? 1 : 0;
      }
      t = t + Duration{1};
    }
  }
  // THEN the share lost is binomial(sent, 0.05) within 5 sigma, and nothing else is missing.
  ASSERT_GT(sent, 2000);
  const double lost = sent - received;
  const double mean = 0.05 * sent;
  EXPECT_NEAR(lost, mean, 5.0 * std::sqrt(sent * 0.05 * 0.95));
  EXPECT_EQ(static_cast<std::size_t>(received), heard.size());
}

TEST(AisReceiver, StaticDataEverySixMinutesPerShip) {
  std::map<std::uint32_t, std::vector<Timestamp>> times;
  for (const SimMessage& m : demoRun()) {
    if (!m.message.has_ais_static()) continue;
    const pb::AisStaticData& d = m.message.ais_static();
    const Platform* ship = demoScenario().findPlatform(m.origins.at(0));
    ASSERT_NE(ship, nullptr);
    ASSERT_TRUE(ship->ais.has_value());
    EXPECT_EQ(d.mmsi(), ship->ais->mmsi);
    EXPECT_EQ(d.imo(), ship->ais->imo);
    EXPECT_EQ(d.name(), ship->ais->name);
    EXPECT_EQ(d.call_sign(), ship->ais->call_sign);
    EXPECT_EQ(d.ship_type(), ship->ais->ship_type);
    EXPECT_EQ(d.destination(), ship->ais->destination);
    EXPECT_EQ(d.to_bow_m() + d.to_stern_m(), ship->ais->to_bow_m + ship->ais->to_stern_m);
    EXPECT_EQ(d.ais_class(), pb::AIS_CLASS_A);
    times[d.mmsi()].push_back(m.time);
  }
  ASSERT_EQ(times.size(), 4U);
  for (const auto& [mmsi, ts] : times) {
    ASSERT_GE(ts.size(), 5U) << mmsi;
    for (std::size_t i = 1; i < ts.size(); ++i) {
      EXPECT_EQ((ts[i] - ts[i - 1]).ns % Duration::fromSeconds(360.0).ns, 0) << mmsi;
    }
  }
}

TEST(AisReceiver, ShipsAreNotSynchronised) {
  // The first report of each ship is offset by a random fraction of its interval.
  std::map<std::uint32_t, std::int64_t> first_offset_ns;
  for (const SimMessage& m : demoRun()) {
    if (!m.message.has_ais_position()) continue;
    first_offset_ns.emplace(m.message.ais_position().mmsi(),
                            (m.time - kDemoStart).ns % 6'000'000'000);
  }
  std::set<std::int64_t> distinct;
  for (const auto& [mmsi, offset] : first_offset_ns) distinct.insert(offset);
  EXPECT_EQ(distinct.size(), first_offset_ns.size());
}

TEST(AirborneRadar, ReportsCarryTheNavigationSolutionAndPolarContacts) {
  const AirborneRadarConfig& cfg = demoScenario().airborne_radars[0];
  double sum_ze = 0.0, sum_ze2 = 0.0;
  int n = 0;
  Timestamp previous = kDemoStart - cfg.scan_period;
  for (const SimMessage& m : demoRun()) {
    if (!m.message.has_aircraft_contacts()) continue;
    const pb::AircraftContactReport& r = m.message.aircraft_contacts();
    EXPECT_EQ(m.time - previous, cfg.scan_period);
    previous = m.time;
    EXPECT_EQ(r.sensor_kind(), pb::CONTACT_SENSOR_KIND_RADAR);
    const pb::NavigationSolution& nav = r.navigation();
    EXPECT_EQ(nav.position_sigma_m(), 15.0);
    EXPECT_EQ(nav.altitude_sigma_m(), 20.0);
    EXPECT_EQ(nav.velocity_sigma_mps(), 0.5);
    const PlatformState own = truthAt(cfg.carrier_platform_id, m.time);
    const core::GeoPoint nav_pos{nav.position().lat_deg(), nav.position().lon_deg(), 0.0};
    EXPECT_LT(geo::geodesicInverse(own.position, nav_pos).distance_m, 6.0 * 15.0 * 1.5);
    EXPECT_LT(std::abs(nav.position().alt_m() - 1500.0), 6.0 * 20.0);
    EXPECT_LT(std::abs(nav.vel_east_mps() - own.vel_east_mps), 6.0 * 0.5);
    const geo::LocalFrame antenna(own.position);
    ASSERT_EQ(static_cast<std::size_t>(r.contacts_size()), m.origins.size());
    for (int i = 0; i < r.contacts_size(); ++i) {
      ASSERT_TRUE(r.contacts(i).has_polar());
      const pb::RadarPlot& plot = r.contacts(i).polar();
      ASSERT_EQ(plot.time_ns(), 0);
      ASSERT_EQ(plot.range_sigma_m(), 40.0);
      ASSERT_EQ(plot.bearing_sigma_deg(), 0.5);
      ASSERT_LE(plot.range_m(), cfg.max_range_m + 5.0 * 40.0);
      const std::string& origin = m.origins[static_cast<std::size_t>(i)];
      ASSERT_NE(origin, cfg.carrier_platform_id);
      if (origin.empty()) continue;
      const PolarView truth = polarFrom(antenna, truthAt(origin, m.time).position);
      ASSERT_LE(truth.range_m, cfg.max_range_m);
      const double z = (plot.range_m() - truth.range_m) / plot.range_sigma_m();
      sum_ze += z;
      sum_ze2 += z * z;
      ++n;
    }
  }
  ASSERT_GT(n, 1000);
  EXPECT_NEAR(sum_ze / n, 0.0, 5.0 / std::sqrt(n));
  EXPECT_NEAR(sum_ze2 / n, 1.0, 0.12);
}

// Random traffic over the theatre watched by several sensors of every kind.
Scenario multiSensorScenario() {
  Scenario s;
  s.name = "multi-sensor";
  s.duration = Duration::fromSeconds(2.0 * 3600.0);
  s.platforms = sim::testing::randomTraffic(31, 600, s.area);
  Rng rng(32);
  auto somewhere = [&] {
    return core::GeoPoint{rng.uniform(0.0, 25.0), rng.uniform(-110.0, -65.0), 0.0};
  };
  const core::GeoPoint patrol_from = somewhere();
  s.platforms.push_back(sim::testing::sailing("patrol-ship", patrol_from,
                                              sim::testing::offset(patrol_from, 45.0, 400'000.0),
                                              18.0, PlatformClass::PatrolShip));
  for (const char* id : {"mpa-a", "mpa-b"}) {
    const core::GeoPoint c = somewhere();
    Platform p;
    p.id = id;
    p.platform_class = PlatformClass::PatrolAircraft;
    p.route = Route(racetrackWaypoints({c.lat_deg, c.lon_deg, 1500.0}, rng.uniform(0.0, 180.0),
                                       60000.0, 5000.0, 6),
                    sim::testing::knots(220.0), RouteEnd::Loop);
    p.radar_height_m = 0.0;
    s.platforms.push_back(std::move(p));
  }
  for (int i = 0; i < 3; ++i) {
    SurfaceRadarConfig c;
    c.source_id = "radar-" + std::to_string(i);
    c.site = somewhere();
    c.site.alt_m = 80.0;
    s.surface_radars.push_back(c);
  }
  SurfaceRadarConfig ship_radar;
  ship_radar.source_id = "radar-patrol-ship";
  ship_radar.carrier_platform_id = "patrol-ship";
  s.surface_radars.push_back(ship_radar);
  // Receivers where AIS ships are at the start, and one in the middle of nowhere.
  for (std::size_t i = 0, k = 0; i < s.platforms.size() && k < 3; ++i) {
    if (!s.platforms[i].ais || s.platforms[i].active_from.ns > 0) continue;
    AisReceiverConfig c;
    c.source_id = "ais-" + std::to_string(k++);
    c.site = s.platforms[i].stateAt(Duration{}).position;
    s.ais_receivers.push_back(c);
  }
  AisReceiverConfig lonely;
  lonely.source_id = "ais-lonely";
  lonely.site = {-9.0, -119.0, 0.0};
  s.ais_receivers.push_back(lonely);
  for (const char* id : {"sat-a", "sat-b"}) {
    SatelliteAisConfig c;
    c.source_id = id;
    c.revisit = Duration::fromSeconds(2400.0);
    s.satellite_ais.push_back(c);
  }
  for (const char* id : {"mpa-a", "mpa-b"}) {
    AirborneRadarConfig c;
    c.source_id = std::string(id) + "-radar";
    c.carrier_platform_id = id;
    s.airborne_radars.push_back(c);
  }
  for (int i = 0; i < 2; ++i) {
    AirSurveillanceRadarConfig c;
    c.source_id = "oth-" + std::to_string(i);
    c.site = somewhere();
    c.secondary = i == 1;
    s.air_radars.push_back(c);
  }
  return s;
}

std::vector<std::string> serialiseWithDelivery(const std::vector<SimMessage>& run) {
  std::vector<std::string> out;
  out.reserve(run.size());
  for (const SimMessage& m : run) {
    out.push_back(m.topic + '\0' + std::to_string(m.delivered.ns) + '\0' +
                  m.message.SerializeAsString());
  }
  return out;
}

TEST(FeedGenerator, ManySensorsOfEveryKindGiveByteIdenticalRuns) {
  // GIVEN a scenario with several sensors of every kind; WHEN it is generated twice
  const Scenario s = multiSensorScenario();
  const auto a = generateAll(s, 77, kDemoStart);
  const auto b = generateAll(s, 77, kDemoStart);
  // THEN both runs are the same, byte for byte, and another seed gives another run
  ASSERT_GT(a.size(), 10'000U);
  EXPECT_EQ(serialiseWithDelivery(a), serialiseWithDelivery(b));
  EXPECT_NE(serialiseWithDelivery(a), serialiseWithDelivery(generateAll(s, 78, kDemoStart)));
  // AND every source spoke, in (delivery, source, sequence) order without sequence gaps
  std::map<std::string, std::uint64_t> last;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const SimMessage& m = a[i];
    ASSERT_EQ(m.sequence, last[m.source_id] + 1) << m.source_id;
    last[m.source_id] = m.sequence;
    ASSERT_EQ(headerOf(m.message).time_ns(), m.time.ns);
    ASSERT_GE(m.delivered, m.time);
    if (i > 0) {
      ASSERT_LT(std::make_tuple(a[i - 1].delivered.ns, a[i - 1].source_id, a[i - 1].sequence),
                std::make_tuple(m.delivered.ns, m.source_id, m.sequence));
    }
  }
  EXPECT_EQ(last.size(), 4U + 3U + 2U + 2U + 2U + 1U);  // all but the lonely AIS receiver
}

TEST(FeedGenerator, SharedIndexBuildsEachBucketOnceAndKeepsFewAtATime) {
  FeedGenerator generator(multiSensorScenario(), 77, kDemoStart);
  std::size_t max_held = 0;
  while (generator.next()) {
    max_held = std::max(max_held, generator.trafficIndex().bucketsHeld());
  }
  const TrafficIndex& index = generator.trafficIndex();
  // 2 h of 60 s buckets, none built twice; held: the current ones and a satellite pass ahead.
  EXPECT_LE(index.bucketsBuilt(), 120U);
  EXPECT_GE(index.bucketsBuilt(), 110U);
  EXPECT_LE(index.maxBucketsHeld(), 2400U / 60U + 720U / 60U + 4U);
  EXPECT_LE(index.bucketsHeld(), 3U);
  EXPECT_EQ(max_held, index.maxBucketsHeld());
}

TEST(EndOfStream, CarriesTheCountAndReason) {
  const SimMessage m = makeEndOfStream(kDemoStart, 42, "interrupted");
  EXPECT_EQ(m.topic, "feed/eos/sensors-sim");
  EXPECT_EQ(m.message.end_of_stream().messages_sent(), 42U);
  EXPECT_EQ(m.message.end_of_stream().reason(), "interrupted");
  EXPECT_EQ(m.message.end_of_stream().header().sequence(), 1U);
  EXPECT_EQ(m.message.end_of_stream().header().time_ns(), kDemoStart.ns);
}

}  // namespace
}  // namespace picket::sim
