#include "cueing/ais_gap_rule.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <optional>
#include <vector>

#include "geo/place_index.hpp"
#include "geo/wgs84.hpp"
#include "identity_rules_harness.hpp"
#include "support/synthetic_sensors.hpp"

namespace picket::cueing {
namespace {

using test::at;
using test::evidence;
using test::StraightTarget;

constexpr std::uint32_t kMmsi = 366'123'456;
constexpr double kNm = 1852.0;

/// A coastal radar and an AIS receiver on Aruba; the receiver hears `receiver_range_m` around
/// the radar site, and the geography says so.
struct GapScenario {
  test::CoastalRadar radar;
  tracking::Tracker tracker{{}, test::sensorTable()};
  AisGapRule rule;
  test::RuleRunner runner{tracker, rule, {}, {}, {}};
  test::Rng rng{7};
  std::uint64_t seq = 0;
  double receiver_range_m;

  GapScenario(AisGapConfig config, double receiver_range_m_)
      : rule(std::move(config)), receiver_range_m(receiver_range_m_) {
    if (receiver_range_m > 0) {
      runner.geography.ais_coverage = {
          {"ais-aruba", {radar.site.lat_deg, radar.site.lon_deg, 0.0}, receiver_range_m}};
    }
  }
  double rangeOf(const StraightTarget& v, double t) const {
    return cueing::detail::distanceM({radar.site.lat_deg, radar.site.lon_deg, 0.0}, v.position(t));
  }
  void ais(const StraightTarget& v, double t) {
    runner.scan(test::aisScan(
        test::aisReport(kMmsi, v.position(t), v.velocityEn(t), at(t), &rng), ++seq));
  }
  void radarScan(const StraightTarget& v, double t) {
    runner.scan(radar.scan(at(t), ++seq, {radar.measure(v.ecef(t), at(t), &rng)}));
  }
  /// Time of the first finding of `stage` (evidence "stage"), if any.
  std::optional<double> firstTime(const std::vector<std::pair<double, Finding>>& log,
                                  const std::string& stage) const {
    for (const auto& [t, f] : log) {
      if (evidence(f, "stage") == stage) return t;
    }
    return std::nullopt;
  }
};

/// The coverage tests: reception quality (learned over hours from many vessels) off; its own
/// tests below turn it on.
AisGapConfig testConfig() {
  AisGapConfig c;
  c.deliberate_min_shore_distance_m = 0.0;
  c.reception_quality = false;
  // The receiver model learns from the few minutes of reports a test has: one band for the
  // whole circle, trusted after 10 expected reports.
  c.fast_cue_band_m = 100 * kNm;
  c.fast_cue_min_band_reports = 10;
  return c;
}

/// Moves the findings raised so far into `log`, stamped with `t`.
void collect(test::RecordingSink& sink, double t, std::vector<std::pair<double, Finding>>& log) {
  for (auto& f : sink.raised) log.emplace_back(t, std::move(f));
  sink.raised.clear();
}

TEST(AisGapRule, NominalIntervalsFollowItuTables) {
  const double kn = geo::kKnotToMps;
  EXPECT_EQ(nominalReportInterval(true, 1.0 * kn), core::Duration::fromSeconds(180));
  EXPECT_EQ(nominalReportInterval(true, 10.0 * kn), core::Duration::fromSeconds(10));
  EXPECT_EQ(nominalReportInterval(true, 18.0 * kn), core::Duration::fromSeconds(6));
  EXPECT_EQ(nominalReportInterval(true, 30.0 * kn), core::Duration::fromSeconds(2));
  EXPECT_EQ(nominalReportInterval(false, 1.5 * kn), core::Duration::fromSeconds(180));
  EXPECT_EQ(nominalReportInterval(false, 8.0 * kn), core::Duration::fromSeconds(30));
}

TEST(AisGapRule, FastCueWhenRadarHoldsAVesselThatMissedTenReports) {
  // GIVEN a 15.6 kn vessel 15 km off the receiver, reporting AIS every 10 s and held by radar
  GapScenario s(testConfig(), 40 * kNm);
  const StraightTarget v{test::fromSite(s.radar, 40.0, 15'000.0), 120.0, 8.0};
  std::vector<std::pair<double, Finding>> log;
  for (double t = 0; t <= 300; t += 2) {
    if (static_cast<int>(t) % 6 == 0) s.radarScan(v, t);
    if (static_cast<int>(t) % 10 == 0) s.ais(v, t);
  }
  ASSERT_EQ(s.tracker.trackCount(), 1u);
  const core::TrackId id = s.tracker.tracks().begin()->first;
  EXPECT_TRUE(s.runner.sink.raised.empty());
  // WHEN its AIS stops at t = 300 s while the radar goes on
  for (double t = 306; t <= 600; t += 6) {
    s.radarScan(v, t);
    collect(s.runner.sink, t, log);
  }
  // THEN the fast cue comes once 10 intervals (observed 10 s, class A) have passed, not before
  const auto first = s.firstTime(log, "fast_cue");
  ASSERT_TRUE(first.has_value());
  EXPECT_GE(*first, 400.0);
  EXPECT_LE(*first, 406.0);
  const Finding& f = log.front().second;
  EXPECT_EQ(f.tracks, std::vector<core::TrackId>{id});
  EXPECT_EQ(f.tag, "mmsi:366123456");
  EXPECT_EQ(f.severity, Severity::Low);
  EXPECT_EQ(evidence(f, "expected_interval_s"), "10");
  EXPECT_EQ(evidence(f, "radar_holds"), "yes");
  EXPECT_EQ(evidence(f, "coverage"), "terrestrial:ais-aruba");
  EXPECT_EQ(evidence(f, "param.fast_cue_missed_reports"), "10");
  EXPECT_FALSE(evidence(f, "last_ais_time").empty());
  EXPECT_TRUE(test::hasParams(f));

  // AND WHEN the radar loses it and the track is dropped, the cue on the track is cleared
  s.runner.sink.reset();
  for (double t = 660; t <= 1500; t += 60) s.runner.advanceTo(at(t));
  ASSERT_EQ(s.tracker.trackCount(), 0u);
  bool cleared = false;
  for (const auto& c : s.runner.sink.cleared) {
    cleared = cleared || (c.tracks == std::vector<core::TrackId>{id} && c.tag == "mmsi:366123456");
  }
  EXPECT_TRUE(cleared);
}

/// A 15.6 kn vessel held by radar and heard every 10 s until t = 300 s; from then on the radar
/// plots are `after(t)` (the vessel itself, or another object) and AIS is silent. Returns the
/// findings up to t = 600 s.
template <typename After>
std::vector<std::pair<double, Finding>> heldThenSilent(GapScenario& s, After after) {
  const StraightTarget v{test::fromSite(s.radar, 40.0, 15'000.0), 120.0, 8.0};
  for (double t = 0; t <= 300; t += 2) {
    if (static_cast<int>(t) % 6 == 0) s.radarScan(v, t);
    if (static_cast<int>(t) % 10 == 0) s.ais(v, t);
  }
  std::vector<std::pair<double, Finding>> log;
  for (double t = 306; t <= 600; t += 6) {
    s.runner.scan(s.radar.scan(at(t), ++s.seq, {s.radar.measure(after(v, t), at(t), &s.rng)}));
    collect(s.runner.sink, t, log);
  }
  return log;
}

TEST(AisGapRule, TrackThatTakesAnotherObjectsPlotsDoesNotHoldTheVessel) {
  // GIVEN a vessel heard and held by radar; at t = 300 s it vanishes (arrived, or gone from
  // both sensors) and the radar's plots from then on are of another boat at 20 m/s heading
  // the other way, which the coasting track takes
  GapScenario s(testConfig(), 40 * kNm);
  const auto log = heldThenSilent(s, [](const StraightTarget& v, double t) {
    const StraightTarget other{v.position(300.0), 300.0, 20.0};
    return other.ecef(t - 300.0);
  });
  // WHEN ten report intervals and more have passed
  // THEN no fast cue: the radar holds something that is not where the vessel would be
  EXPECT_FALSE(s.firstTime(log, "fast_cue").has_value());
}

TEST(AisGapRule, FastCueNeedsAReceiverKnownToHearWhereTheVesselIs) {
  // GIVEN the fast cue's receiver model trusts a band only after 10,000 expected reports
  AisGapConfig c = testConfig();
  c.fast_cue_min_band_reports = 10'000;
  GapScenario s(c, 40 * kNm);
  // WHEN the vessel's AIS stops while the radar goes on holding it
  const auto log = heldThenSilent(s, [](const StraightTarget& v, double t) { return v.ecef(t); });
  // THEN nothing: the receiver's short-interval reception there is not known yet
  EXPECT_FALSE(s.firstTime(log, "fast_cue").has_value());

  // AND with the receiver model off, the coverage circle alone gives the cue
  c.fast_cue_receiver_model = false;
  GapScenario s2(c, 40 * kNm);
  const auto log2 = heldThenSilent(s2, [](const StraightTarget& v, double t) { return v.ecef(t); });
  EXPECT_TRUE(s2.firstTime(log2, "fast_cue").has_value());
}

TEST(ReceiverLossModel, LearnsLossPerReceiverAndRangeBandFromGapsBetweenReports) {
  const auto s = [](double v) { return core::Duration::fromSeconds(v); };
  ReceiverLossModel m(10'000.0, 10.0);
  // Receiver 0, band 1 (10-20 km): 80 reports on time, 20 after one lost report.
  for (int i = 0; i < 80; ++i) m.learn(0, 15'000.0, s(10), s(10));
  for (int i = 0; i < 20; ++i) m.learn(0, 15'000.0, s(20), s(10));
  const auto near = m.band(0, 12'000.0);
  EXPECT_DOUBLE_EQ(near.expected, 120.0);
  EXPECT_DOUBLE_EQ(near.lost, 20.0);
  EXPECT_NEAR(near.loss(), 21.0 / 122.0, 1e-12);
  // A silence longer than the cue's own threshold (10 intervals) is not learned: it may be
  // the vessel going dark or leaving the range.
  m.learn(0, 15'000.0, s(600), s(10));
  EXPECT_DOUBLE_EQ(m.band(0, 15'000.0).expected, 120.0);
  // Another band and another receiver know nothing (the uniform prior: 0.5).
  EXPECT_DOUBLE_EQ(m.band(0, 35'000.0).expected, 0.0);
  EXPECT_DOUBLE_EQ(m.band(0, 35'000.0).loss(), 0.5);
  EXPECT_DOUBLE_EQ(m.band(3, 15'000.0).expected, 0.0);
  // Nonsense is ignored.
  m.learn(1, 15'000.0, s(-5), s(10));
  m.learn(1, 15'000.0, s(10), s(0));
  EXPECT_DOUBLE_EQ(m.band(1, 15'000.0).expected, 0.0);
}

TEST(AisGapRule, VesselSailingOutOfReceiverRangeRaisesNothing) {
  // GIVEN a receiver heard to 30 km and a vessel sailing straight away from it, held by radar
  // to 55 km, whose AIS is heard only while inside the receiver's range
  GapScenario s(testConfig(), 30'000.0);
  const StraightTarget v{test::fromSite(s.radar, 40.0, 15'000.0), 40.0, 8.0};
  for (double t = 0; s.rangeOf(v, t) < 55'000.0; t += 2) {
    if (static_cast<int>(t) % 6 == 0) s.radarScan(v, t);
    if (static_cast<int>(t) % 10 == 0 && s.rangeOf(v, t) < 30'000.0) s.ais(v, t);
  }
  // WHEN it is followed for 8 h more
  for (double t = 5100; t <= 8 * 3600.0; t += 60) s.runner.advanceTo(at(t));
  // THEN nothing is raised: it left coverage, it did not go dark
  EXPECT_TRUE(s.runner.sink.raised.empty());
}

/// A stationary vessel 10 km off the receiver reports every 30 s for 20 min, then is silent.
struct SilentVessel {
  GapScenario s;
  StraightTarget v;
  std::vector<std::pair<double, Finding>> log;
  explicit SilentVessel(AisGapConfig config, double receiver_range_m = 40 * kNm)
      : s(std::move(config), receiver_range_m),
        v{test::fromSite(s.radar, 200.0, 10'000.0), 0.0, 0.0} {
    for (double t = 0; t <= 1200; t += 30) s.ais(v, t);
  }
  void followTo(double until_s) {
    for (double t = 1260; t <= until_s; t += 60) {
      s.runner.advanceTo(at(t));
      collect(s.runner.sink, t, log);
    }
  }
};

TEST(AisGapRule, SixHoursSilentInCoverageIsAGapAndTwelveHoursLikelyDeliberate) {
  // GIVEN a vessel heard 41 times that falls silent at t = 1200 s; its track is dropped
  SilentVessel sv(testConfig());
  const core::TrackId id = sv.s.tracker.tracks().begin()->first;
  // WHEN it stays silent for 12.5 h
  sv.followTo(1200 + 12.5 * 3600.0);
  // THEN the gap is raised after 6 h (Medium) and escalates after 12 h (High), without a track
  const auto naive = sv.s.firstTime(sv.log, "naive_gap");
  const auto deliberate = sv.s.firstTime(sv.log, "likely_deliberate");
  ASSERT_TRUE(naive.has_value());
  ASSERT_TRUE(deliberate.has_value());
  EXPECT_GE(*naive, 1200 + 6 * 3600.0);
  EXPECT_LE(*naive, 1200 + 6 * 3600.0 + 120);
  EXPECT_GE(*deliberate, 1200 + 12 * 3600.0);
  EXPECT_LE(*deliberate, 1200 + 12 * 3600.0 + 120);
  for (const auto& [t, f] : sv.log) {
    EXPECT_TRUE(f.tracks.empty());
    ASSERT_TRUE(f.last_known.has_value());
    EXPECT_EQ(f.last_known->id, id);
    EXPECT_EQ(f.tag, "mmsi:366123456");
    EXPECT_EQ(f.severity, evidence(f, "stage") == "naive_gap" ? Severity::Medium : Severity::High);
    EXPECT_EQ(evidence(f, "last_track_id"), std::to_string(id));
    EXPECT_EQ(evidence(f, "param.naive_gap_h"), "6.00");
  }
  const Finding& last = sv.log.back().second;
  // Counted up to the number the test needs (deliberate_min_reports).
  EXPECT_EQ(evidence(last, "reports_in_window_before"), "14");
  EXPECT_GT(last.confidence, sv.log.front().second.confidence);

  // AND WHEN it is heard again, the gap is cleared
  sv.s.ais(sv.v, 1200 + 12.6 * 3600.0);
  ASSERT_FALSE(sv.s.runner.sink.cleared.empty());
  EXPECT_TRUE(sv.s.runner.sink.cleared.back().tracks.empty());
  EXPECT_EQ(sv.s.runner.sink.cleared.back().tag, "mmsi:366123456");
}

/// Follows SilentVessel (silent from 1200 s) minute by minute for 7 h; `others(sv, t)` adds
/// other vessels' reports before each minute's step. Returns the findings on the silent MMSI.
template <typename Others>
std::vector<std::pair<double, Finding>> silentAmong(AisGapConfig config, Others others) {
  SilentVessel sv(std::move(config));
  std::vector<std::pair<double, Finding>> log;
  for (double t = 1260; t <= 1200 + 7 * 3600.0; t += 60) {
    others(sv, t);
    sv.s.runner.advanceTo(at(t));
    collect(sv.s.runner.sink, t, log);
  }
  std::erase_if(log, [](const auto& e) { return e.second.tag != "mmsi:366123456"; });
  return log;
}

/// `run(near_m)` raises nothing; `run(far_m)` raises a naive gap first.
template <typename Run>
void quietNearThenGapFar(Run run, double near_m, double far_m) {
  EXPECT_TRUE(run(near_m).empty());
  const auto log = run(far_m);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(evidence(log.front().second, "stage"), "naive_gap");
}

/// From 1800 s another MMSI reports every minute `offset_m` east of the silent vessel.
std::vector<std::pair<double, Finding>> otherIdentityAfterSilence(double offset_m) {
  return silentAmong(testConfig(), [offset_m](SilentVessel& sv, double t) {
    if (t < 1800) return;
    const core::GeoPoint there = geo::geodesicDirect(sv.v.position(1200), 90.0, offset_m);
    sv.s.runner.scan(test::aisScan(test::aisReport(kMmsi + 7, there, {0.0, 0.0}, at(t), &sv.s.rng),
                                   ++sv.s.seq));
  });
}

TEST(AisGapRule, VesselThatGoesOnReportingUnderAnotherMmsiIsNotAGap) {
  // GIVEN a vessel silent from 1200 s while, from 1800 s, a never-heard MMSI reports where it
  // is (an identity change: the spoofing rule's finding; the transponder never went off)
  // THEN its silence is no gap, for 7 h; AND the near miss: the new MMSI is 20 km away
  // (another vessel): the gap is raised at 6 h
  quietNearThenGapFar(otherIdentityAfterSilence, 300.0, 20'000.0);
}

/// A vessel heading north at `speed_kn`, heard every 30 s for 20 min, then silent (receiver
/// circle 300 nm: it stays covered); 3 h later a never-heard MMSI reports every minute 1.5 km
/// east of its last fix. Returns the findings on the silent MMSI over 7 h.
std::vector<std::pair<double, Finding>> newMmsiNearTheLastFix(double speed_kn) {
  GapScenario s(testConfig(), 300 * kNm);
  const StraightTarget v{test::fromSite(s.radar, 200.0, 10'000.0), 0.0, speed_kn * kNm / 3600.0};
  for (double t = 0; t <= 1200; t += 30) s.ais(v, t);
  const core::GeoPoint there = geo::geodesicDirect(v.position(1200), 90.0, 1'500.0);
  std::vector<std::pair<double, Finding>> log;
  for (double t = 1260; t <= 1200 + 7 * 3600.0; t += 60) {
    if (t >= 1200 + 3 * 3600.0) {
      s.runner.scan(test::aisScan(test::aisReport(kMmsi + 7, there, {0.0, 0.0}, at(t), &s.rng),
                                  ++s.seq));
    }
    s.runner.advanceTo(at(t));
    collect(s.runner.sink, t, log);
  }
  std::erase_if(log, [](const auto& e) { return e.second.tag != "mmsi:366123456"; });
  return log;
}

TEST(AisGapRule, WorkingBoatThatReportsUnderAnotherMmsiNearItsLastFixIsNotAGap) {
  // GIVEN a boat working at 3 kn that falls silent, and 3 h later a new MMSI 1.5 km from its
  // last fix: 16.7 km from its dead reckoning, outside the handover gate there (5.3 km), but
  // a working boat is anywhere around its fix (identity-change-2 on transit-zone-24h)
  // THEN its silence is no gap
  EXPECT_TRUE(newMmsiNearTheLastFix(3.0).empty());
  // AND the near miss: a ship on passage at 12 kn; the new MMSI near where it was 3 h before
  // is another vessel: the gap is raised at 6 h
  const auto passage = newMmsiNearTheLastFix(12.0);
  ASSERT_FALSE(passage.empty());
  EXPECT_EQ(evidence(passage.front().second, "stage"), "naive_gap");
}

/// At 1500-1620 s three other vessels are heard for the first time `offset_m` east of the
/// silent vessel (they set out from there).
std::vector<std::pair<double, Finding>> othersSetOutNearby(double offset_m) {
  AisGapConfig c = testConfig();
  c.harbour_warmup = core::Duration{};
  return silentAmong(c, [offset_m](SilentVessel& sv, double t) {
    if (t < 1500 || t > 1620) return;
    const core::GeoPoint there = geo::geodesicDirect(sv.v.position(1200), 90.0, offset_m);
    const auto mmsi = kMmsi + 10 + static_cast<std::uint32_t>((t - 1500) / 30);
    sv.s.runner.scan(test::aisScan(
        test::aisReport(mmsi, there, StraightTarget{there, 45.0, 4.0}.velocityEn(t), at(t), &sv.s.rng),
        ++sv.s.seq));
  });
}

TEST(AisGapRule, SilenceThatBeginsWhereVesselsSetOutIsNotAGap) {
  // GIVEN a vessel silent from 1200 s where, soon after, three vessels are first heard (a
  // marina or anchorage the port list lacks: the rule learns it as a harbour)
  // THEN its silence is a vessel in port, for 7 h; AND the near miss: the vessels set out
  // 20 km away: the gap is raised at 6 h
  quietNearThenGapFar(othersSetOutNearby, 500.0, 20'000.0);
}

TEST(AisGapRule, ElevenHoursIsOnlyANaiveGap) {
  SilentVessel sv(testConfig());
  sv.followTo(1200 + 11.9 * 3600.0);
  EXPECT_TRUE(sv.s.firstTime(sv.log, "naive_gap").has_value());
  EXPECT_FALSE(sv.s.firstTime(sv.log, "likely_deliberate").has_value());
}

TEST(AisGapRule, OutsideEveryCoverageNothingIsAGap) {
  // GIVEN no terrestrial receiver near the vessel and no satellite AIS
  SilentVessel sv(testConfig(), 0.0);
  sv.followTo(1200 + 13 * 3600.0);
  EXPECT_TRUE(sv.log.empty());
}

TEST(AisGapRule, SatelliteCoverageCountsOnlyBeyondARevisitAndItsLatency) {
  // GIVEN satellite AIS only, a 1 h gap threshold, passes every 95 min delivered within 30 min
  AisGapConfig c = testConfig();
  c.naive_gap = core::Duration::fromSeconds(3600);
  SilentVessel sv(c, 0.0);
  sv.s.runner.geography.satellite_ais = true;
  sv.followTo(1200 + 3 * 3600.0);
  // THEN the gap counts only after 125 min of silence, not at 1 h
  const auto naive = sv.s.firstTime(sv.log, "naive_gap");
  ASSERT_TRUE(naive.has_value());
  EXPECT_GE(*naive, 1200 + 125 * 60.0);
  EXPECT_LE(*naive, 1200 + 127 * 60.0);
  EXPECT_EQ(evidence(sv.log.front().second, "coverage"), "satellite");
  EXPECT_EQ(evidence(sv.log.front().second, "param.satellite_revisit_min"), "95");
}

TEST(AisGapRule, VesselArrivingAtTheCoastIsNotAGap) {
  // GIVEN satellite coverage and a vessel that stops reporting 3 km short of a coast ahead
  // of it (a harbour: arrival), and the same vessel with open sea ahead
  const auto run = [](bool with_land) {
    GapScenario s(testConfig(), 0.0);
    s.runner.geography.satellite_ais = true;
    const StraightTarget v{test::fromSite(s.radar, 0.0, 60'000.0), 0.0, 6.0};
    if (with_land) {
      const core::GeoPoint c = v.position(1800 + 500);  // 3 km beyond the last report
      s.runner.geography.land = std::make_shared<geo::LandMask>(std::vector<geo::GeoPolygon>{
          geo::GeoPolygon({{c.lat_deg, c.lon_deg - 0.2, 0},
                           {c.lat_deg, c.lon_deg + 0.2, 0},
                           {c.lat_deg + 0.3, c.lon_deg + 0.2, 0},
                           {c.lat_deg + 0.3, c.lon_deg - 0.2, 0}})});
    }
    for (double t = 0; t <= 1800; t += 10) s.ais(v, t);
    for (double t = 1860; t <= 1800 + 7 * 3600.0; t += 60) s.runner.advanceTo(at(t));
    return s.runner.sink.raised.size();
  };
  // THEN the arrival raises nothing, the vessel at sea is a gap
  EXPECT_EQ(run(true), 0u);
  EXPECT_GT(run(false), 0u);
}

TEST(AisGapRule, ForgetsAVesselSilentBeyondTheLimitAndClearsItsGap) {
  AisGapConfig c = testConfig();
  c.forget_after = core::Duration::fromSeconds(8 * 3600.0);
  SilentVessel sv(c);
  EXPECT_EQ(sv.s.rule.vessels(), 1u);
  sv.followTo(1200 + 8.1 * 3600.0);
  EXPECT_TRUE(sv.s.firstTime(sv.log, "naive_gap").has_value());
  EXPECT_EQ(sv.s.rule.vessels(), 0u);
  ASSERT_FALSE(sv.s.runner.sink.cleared.empty());
  EXPECT_EQ(sv.s.runner.sink.cleared.back().tag, "mmsi:366123456");
}

TEST(AisGapRule, SilenceThatBeginsInPortIsNotAGap) {
  // GIVEN a vessel that falls silent 1 km from a port (berthed)
  SilentVessel sv(testConfig());
  const core::GeoPoint fix = sv.v.position(1200);
  const core::GeoPoint port = cueing::detail::deadReckon(fix, {1.0, 0.0}, 1'000.0);
  sv.s.runner.geography.ports = std::make_shared<geo::PlaceIndex>(
      std::vector<geo::NamedPlace>{{"99001", "Port Test", "port", port, "Testland"}});
  // WHEN it stays silent for 13 h
  sv.followTo(1200 + 13 * 3600.0);
  // THEN nothing; with the port 10 km away (beyond in_port_distance 4 km) it is a gap
  EXPECT_TRUE(sv.log.empty());
  SilentVessel far(testConfig());
  far.s.runner.geography.ports = std::make_shared<geo::PlaceIndex>(std::vector<geo::NamedPlace>{
      {"99001", "Port Test", "port", cueing::detail::deadReckon(fix, {1.0, 0.0}, 10'000.0),
       "Testland"}});
  far.followTo(1200 + 6.5 * 3600.0);
  EXPECT_TRUE(far.s.firstTime(far.log, "naive_gap").has_value());
}

/// A vessel at 3.9 kn due north, heard every 10 s for 30 min inside terrestrial coverage, then
/// silent; a port `port_bearing_deg` from its last fix at 10 km. Returns the findings to 7 h.
std::vector<std::pair<double, Finding>> silentNearPort(double port_bearing_deg) {
  GapScenario s(testConfig(), 40 * kNm);
  const StraightTarget v{test::fromSite(s.radar, 180.0, 20'000.0), 0.0, 2.0};
  const core::GeoPoint fix = v.position(1800);
  const double b = port_bearing_deg * geo::kDegToRad;
  s.runner.geography.ports = std::make_shared<geo::PlaceIndex>(std::vector<geo::NamedPlace>{
      {"99001", "Port Test", "port",
       cueing::detail::deadReckon(fix, {std::sin(b), std::cos(b)}, 10'000.0), "Testland"}});
  for (double t = 0; t <= 1800; t += 10) s.ais(v, t);
  std::vector<std::pair<double, Finding>> log;
  for (double t = 1860; t <= 1800 + 7 * 3600.0; t += 60) {
    s.runner.advanceTo(at(t));
    collect(s.runner.sink, t, log);
  }
  return log;
}

TEST(AisGapRule, VesselFallingSilentWhileSailingIntoAPortHasArrived) {
  // GIVEN a vessel that falls silent 10 km short of the port it is sailing towards
  // THEN nothing: it went on into the harbour
  EXPECT_TRUE(silentNearPort(10.0).empty());
  // AND the same vessel with the port 10 km astern (it was leaving) is a gap at 6 h
  const auto leaving = silentNearPort(190.0);
  ASSERT_FALSE(leaving.empty());
  EXPECT_EQ(evidence(leaving.front().second, "stage"), "naive_gap");
}

TEST(AisGapRule, SilenceCountsOnlyUntilTheVesselsCourseReachesAPort) {
  // GIVEN a vessel that falls silent 30 km short of a port dead ahead (beyond the arrival
  // distance at its last fix): its dead reckoning reaches the port's 15 km circle in ~2 h
  auto run = [](double port_distance_m) {
    GapScenario s(testConfig(), 40 * kNm);
    const StraightTarget v{test::fromSite(s.radar, 180.0, 30'000.0), 0.0, 2.0};
    const core::GeoPoint fix = v.position(1800);
    s.runner.geography.ports = std::make_shared<geo::PlaceIndex>(std::vector<geo::NamedPlace>{
        {"99001", "Port Test", "port", cueing::detail::deadReckon(fix, {0.0, 1.0}, port_distance_m),
         "Testland"}});
    for (double t = 0; t <= 1800; t += 10) s.ais(v, t);
    std::size_t raised = 0;
    for (double t = 1860; t <= 1800 + 7 * 3600.0; t += 60) {
      s.runner.advanceTo(at(t));
      raised += s.runner.sink.raised.size();
      s.runner.sink.raised.clear();
    }
    return raised;
  };
  // THEN nothing is raised: the silence stopped counting when it would have arrived
  EXPECT_EQ(run(30'000.0), 0u);
  // AND with the port 200 km ahead (beyond 7 h of its course) the 6 h gap stands
  EXPECT_GT(run(200'000.0), 0u);
}

TEST(AisGapRule, DisabledRuleKeepsNoState) {
  AisGapConfig c = testConfig();
  c.enabled = false;
  SilentVessel sv(c);
  sv.followTo(1200 + 7 * 3600.0);
  EXPECT_EQ(sv.s.rule.vessels(), 0u);
  EXPECT_TRUE(sv.log.empty());
}

/// Satellite AIS only; ten stationary vessels in one cell, all reporting every
/// `interval_s` for 10 h, teach the rule the cell's reception; then one of them (MMSI kMmsi)
/// falls silent and is followed for `silence_h`. Returns the findings.
std::vector<std::pair<double, Finding>> receptionRun(double interval_s, double silence_h) {
  AisGapConfig c = testConfig();
  c.reception_quality = true;
  GapScenario s(c, 0.0);
  s.runner.geography.satellite_ais = true;
  std::vector<StraightTarget> fleet;
  for (int i = 0; i < 10; ++i) {
    fleet.push_back({test::fromSite(s.radar, 36.0 * i, 8'000.0 + 1'000.0 * i), 0.0, 0.0});
  }
  const double learn_s = 10 * 3600.0;
  for (double t = 0; t <= learn_s; t += interval_s) {
    for (int i = 0; i < 10; ++i) {
      const std::uint32_t mmsi = i == 0 ? kMmsi : kMmsi + static_cast<std::uint32_t>(i);
      s.runner.scan(test::aisScan(test::aisReport(mmsi, fleet[static_cast<std::size_t>(i)].position(t),
                                                  {0.0, 0.0}, at(t + i), &s.rng),
                                  ++s.seq));
    }
  }
  s.runner.sink.reset();
  std::vector<std::pair<double, Finding>> log;
  // The others go on reporting; kMmsi is silent.
  for (double t = learn_s + interval_s; t <= learn_s + silence_h * 3600.0; t += 60) {
    if (std::fmod(t, interval_s) < 60) {
      for (int i = 1; i < 10; ++i) {
        s.runner.scan(test::aisScan(
            test::aisReport(kMmsi + static_cast<std::uint32_t>(i),
                            fleet[static_cast<std::size_t>(i)].position(t), {0.0, 0.0}, at(t + i),
                            &s.rng),
            ++s.seq));
      }
    }
    s.runner.advanceTo(at(t + 30));
    for (auto& f : s.runner.sink.raised) {
      if (f.tag == "mmsi:366123456") log.emplace_back(t, std::move(f));
    }
    s.runner.sink.raised.clear();
  }
  return log;
}

TEST(AisGapRule, GapCountsWhereReceptionSaysTheVesselShouldHaveBeenHeard) {
  // GIVEN a cell where satellite AIS hears every vessel every 20 min (every hour has reports)
  // WHEN one vessel is silent for 7 h
  const auto log = receptionRun(20 * 60.0, 7.0);
  // THEN it is a naive gap once it has missed 6 hours in which it would have been heard
  ASSERT_FALSE(log.empty());
  const Finding& f = log.front().second;
  EXPECT_EQ(evidence(f, "stage"), "naive_gap");
  EXPECT_GE(std::stod(evidence(f, "missed_slots")), 6.0);
  EXPECT_EQ(evidence(f, "reception_quality_last_fix"), "1.00");
  EXPECT_EQ(evidence(f, "param.naive_min_missed_slots"), "6.0");
}

TEST(AisGapRule, SilenceWherePassesAreRareIsNotAGap) {
  // GIVEN a cell where satellite AIS hears vessels only every 3 h (one hour in three)
  // WHEN one vessel is silent for 7 h, beyond the 6 h naive gap and beyond a revisit
  const auto log = receptionRun(3 * 3600.0, 7.0);
  // THEN nothing: it has missed about 2.3 hours in which it would have been heard, not 6
  EXPECT_TRUE(log.empty());
}

}  // namespace
}  // namespace picket::cueing
