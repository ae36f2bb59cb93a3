#include "cueing/suspect_aircraft_rule.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "identity_rules_harness.hpp"
#include "support/synthetic_sensors.hpp"

namespace picket::cueing {
namespace {

using test::at;
using test::evidence;

constexpr double kKn = geo::kKnotToMps;
constexpr core::SensorIndex kAirIndex = 2;

/// With `secondary`, the air sensor interrogates transponders (its plots carry the replies).
std::vector<tracking::SensorInfo> airSensors(bool secondary = false) {
  auto s = test::sensorTable();
  tracking::SensorInfo air{"air-geolocated", core::SensorKind::AirborneRadar, core::Domain::Air,
                           900'000.0};
  air.interrogates_transponders = secondary;
  s.push_back(air);
  return s;
}

geo::GeoPolygon box(double lat0, double lon0, double lat1, double lon1) {
  return geo::GeoPolygon({{lat0, lon0, 0}, {lat0, lon1, 0}, {lat1, lon1, 0}, {lat1, lon0, 0}});
}

SuspectAircraftConfig areaConfig() {
  SuspectAircraftConfig c;
  c.departure_areas = {"apure"};
  c.arrival_areas = {"mosquitia"};
  return c;
}

/// An aircraft flying west from (12.0, -70.0) at `speed_kn` and `altitude_m`, seen every 10 s
/// by a sensor that geolocates it (altitude measured when `altitude_sigma_m` > 0). The
/// geography has a departure area 150 km behind its start and an arrival area 300 km ahead.
struct AirScenario {
  tracking::Tracker tracker;
  SuspectAircraftRule rule;
  test::RuleRunner runner{tracker, rule, {}, {}, {}};
  test::Rng rng{5};
  std::uint64_t seq = 0;
  core::GeoPoint start{12.0, -70.0, 0.0};

  explicit AirScenario(SuspectAircraftConfig config, bool secondary = false)
      : tracker({}, airSensors(secondary)), rule(std::move(config)) {
    runner.geography.areas = {{"apure", box(11.5, -68.9, 12.5, -68.4)},
                              {"mosquitia", box(11.5, -73.2, 12.5, -72.7)}};
  }
  core::GeoPoint position(double speed_kn, double altitude_m, double t) const {
    core::GeoPoint p = geo::geodesicDirect(start, 270.0, speed_kn * kKn * t);
    p.alt_m = altitude_m;
    return p;
  }
  /// Plots every 10 s until `until_s`; with a code, the transponder replies until `reply_until_s`.
  /// `noise_m`: the plots' horizontal 1-sigma.
  /// When set, each scan carries its sensor's position (the carrier's navigation fix) this
  /// far north of the aircraft: 0 = the sensor's carrier is the aircraft (a patrol aircraft).
  std::optional<double> carrier_offset_m;
  /// When set, a second aircraft flies this far north of the first, in the same scans, its
  /// transponder replying with `wingman_code` throughout.
  std::optional<double> wingman_offset_m;
  std::optional<std::uint32_t> wingman_code;

  /// A plot of the air sensor `noise_m` (1-sigma, horizontal) around `truth` at `t`, at
  /// `altitude_m`; the height is measured when `altitude_sigma_m` > 0 (else reported as 0).
  core::Measurement plot(const core::GeoPoint& truth, double t, double noise_m, double altitude_m,
                         double altitude_sigma_m) {
    core::PositionMeasurement pm;
    const geo::LocalFrame frame({truth.lat_deg, truth.lon_deg, 0.0});
    pm.position = geo::ecefToGeodetic(
        frame.toEcef({noise_m * rng.normal(), noise_m * rng.normal(), altitude_m}));
    if (altitude_sigma_m > 0) {
      pm.altitude_sigma_m = altitude_sigma_m;
      pm.position.alt_m = altitude_m + altitude_sigma_m * rng.normal();
    } else {
      pm.position.alt_m = 0.0;
    }
    pm.cov_en_m2 = core::Mat2::Identity() * noise_m * noise_m;
    core::Measurement m;
    m.time = at(t);
    m.sensor = kAirIndex;
    m.sensor_kind = core::SensorKind::AirborneRadar;
    m.data = pm;
    return m;
  }
  /// A scan of the air sensor at `t` with these plots.
  core::Scan scanOf(double t, std::vector<core::Measurement> plots) {
    core::Scan s;
    s.time = at(t);
    s.sensor = kAirIndex;
    s.sensor_kind = core::SensorKind::AirborneRadar;
    s.sequence = ++seq;
    s.measurements = std::move(plots);
    return s;
  }
  /// One scan with one plot around `truth` (height 2-D, or measured with 50 m sigma).
  void plotAt(const core::GeoPoint& truth, double t, double noise_m,
              std::optional<double> altitude_m) {
    runner.scan(scanOf(t, {plot(truth, t, noise_m, altitude_m.value_or(0.0),
                                altitude_m ? 50.0 : 0.0)}));
  }

  void fly(double speed_kn, double altitude_m, double altitude_sigma_m, double until_s,
           std::optional<std::uint32_t> code = std::nullopt, double reply_until_s = 1e9,
           double noise_m = 200.0) {
    for (double t = 0; t <= until_s; t += 10) {
      core::Measurement m =
          plot(position(speed_kn, altitude_m, t), t, noise_m, altitude_m, altitude_sigma_m);
      if (t < reply_until_s) m.mode_a_code = code;
      core::Scan s = scanOf(t, {m});
      if (carrier_offset_m) {
        core::GeoPoint c = geo::geodesicDirect(position(speed_kn, altitude_m, t), 0.0,
                                               *carrier_offset_m);
        c.alt_m = altitude_m;
        s.sensor_ecef_m = geo::geodeticToEcef(c);
      }
      if (wingman_offset_m) {
        core::Measurement w = m;
        auto& wp = std::get<core::PositionMeasurement>(w.data);
        const double alt = wp.position.alt_m;
        wp.position = geo::geodesicDirect(position(speed_kn, altitude_m, t), 0.0, *wingman_offset_m);
        wp.position.alt_m = alt;
        w.mode_a_code = wingman_code;
        s.measurements.push_back(w);
      }
      runner.scan(s);
    }
  }
};

TEST(TransponderStatus, FromSecondaryRadarObservations) {
  const auto timeout = core::Duration::fromSeconds(60);
  EXPECT_EQ(transponderStatus({}, timeout), TransponderStatus::Unknown);
  EXPECT_EQ(transponderStatus({at(100), std::nullopt, std::nullopt}, timeout),
            TransponderStatus::NotReplying);
  EXPECT_EQ(transponderStatus({at(100), at(90), 4521u}, timeout), TransponderStatus::Replying);
  EXPECT_EQ(transponderStatus({at(200), at(90), 4521u}, timeout),
            TransponderStatus::LostMidFlight);
}

TEST(AssessAircraft, DecisionForEachTransponderStatus) {
  const SuspectAircraftConfig c;
  AircraftProfile light;
  light.speed_mps = 180 * kKn;
  light.speed_sigma_mps = 5 * kKn;
  AircraftProfile airliner = light;
  airliner.speed_mps = 460 * kKn;

  // No transponder data: the light-aircraft profile alone is not enough...
  EXPECT_FALSE(assessAircraft(light, c).suspect);
  // ... with a low measured altitude it is.
  AircraftProfile low = light;
  low.altitude_m = 1500.0;
  EXPECT_TRUE(assessAircraft(low, c).suspect);
  // A replying transponder clears everything.
  low.transponder = TransponderStatus::Replying;
  EXPECT_FALSE(assessAircraft(low, c).suspect);
  // Primary-only: suspect at light-aircraft speed, not as a jet with nothing else.
  light.transponder = TransponderStatus::NotReplying;
  EXPECT_TRUE(assessAircraft(light, c).suspect);
  airliner.transponder = TransponderStatus::NotReplying;
  EXPECT_FALSE(assessAircraft(airliner, c).suspect);
  // A transponder lost mid-flight is suspect even for a jet, at the high severity.
  airliner.transponder = TransponderStatus::LostMidFlight;
  const auto a = assessAircraft(airliner, c);
  EXPECT_TRUE(a.suspect);
  EXPECT_EQ(a.severity, Severity::High);
  EXPECT_EQ(a.indicators, std::vector<std::string>{"transponder_lost"});
  // A poorly known speed does not pass for slow.
  AircraftProfile vague = light;
  vague.speed_sigma_mps = 80 * kKn;
  vague.transponder = TransponderStatus::Unknown;
  vague.altitude_m = 1500.0;
  EXPECT_FALSE(assessAircraft(vague, c).suspect);
}

TEST(SuspectAircraftRule, LightAircraftLowFromAndTowardAreasIsSuspect) {
  // GIVEN a 180 kn aircraft at 2,000 m flying from the departure area toward the arrival area
  AirScenario s(areaConfig());
  s.fly(180, 2000, 50, 900);
  // THEN it is raised: light speed, low altitude, from apure, toward mosquitia
  ASSERT_FALSE(s.runner.sink.raised.empty());
  const Finding& f = s.runner.sink.raised.back();
  ASSERT_EQ(f.tracks.size(), 1u);
  EXPECT_EQ(f.tag, "");
  EXPECT_EQ(f.severity, Severity::High);
  EXPECT_EQ(evidence(f, "transponder"), "unknown");
  EXPECT_EQ(evidence(f, "indicators"),
            "light_aircraft_speed,low_altitude,from:apure,toward:mosquitia");
  EXPECT_EQ(evidence(f, "arrival_area"), "mosquitia");
  EXPECT_EQ(evidence(f, "departure_area"), "apure");
  EXPECT_NEAR(std::stod(evidence(f, "speed_kn")), 180.0, 10.0);
  EXPECT_NEAR(std::stod(evidence(f, "altitude_m")), 2000.0, 100.0);
  EXPECT_FALSE(evidence(f, "arrival_area_eta_min").empty());
  EXPECT_EQ(evidence(f, "param.max_speed_kn"), "300");
  // The first finding comes only once the track is old enough.
  EXPECT_GE(s.tracker.tracks().begin()->second.updates, 5u);
}

TEST(SuspectAircraftRule, AirlinerOnTheSameCourseIsNotSuspect) {
  AirScenario s(areaConfig());
  s.fly(460, 11000, 50, 600);
  ASSERT_EQ(s.tracker.trackCount(), 1u);
  EXPECT_EQ(s.tracker.tracks().begin()->second.status, core::TrackStatus::Confirmed);
  EXPECT_TRUE(s.runner.sink.raised.empty());
}

TEST(SuspectAircraftRule, AirlinerWhoseTransponderFallsSilentMidFlightIsSuspect) {
  // GIVEN an airliner seen by a secondary radar: replying with 4521, silent after 300 s
  SuspectAircraftConfig config;
  AirScenario s(config, /*secondary=*/true);
  s.fly(460, 11000, 50,
        300 + config.transponder_timeout.seconds() + config.silence_confirm.seconds() + 120,
        4521u, 300);
  // THEN the track carries the secondary-radar observations, and the rule raises it
  const core::Track& t = s.tracker.tracks().begin()->second;
  ASSERT_TRUE(t.last_transponder_update.has_value());
  EXPECT_EQ(*t.last_transponder_update, at(290));
  EXPECT_EQ(t.mode_a_code, std::optional<std::uint32_t>(4521u));
  ASSERT_TRUE(t.last_interrogated_update.has_value());
  EXPECT_GT(*t.last_interrogated_update, at(290));
  ASSERT_FALSE(s.runner.sink.raised.empty());
  const Finding& f = s.runner.sink.raised.back();
  EXPECT_EQ(evidence(f, "transponder"), "lost_mid_flight");
  EXPECT_EQ(f.severity, Severity::High);
}

TEST(SuspectAircraftRule, ASilenceIsLostOnlyOnceTheSecondaryRadarKeepsPaintingTheTrack) {
  // GIVEN an airliner whose transponder is silent from 300 s to 420 s, seen by a secondary
  // radar throughout: past the 60 s timeout, but not for the 300 s of silence_confirm after it
  SuspectAircraftConfig config;
  SuspectAircraftConfig strict = config;
  strict.silence_confirm = core::Duration{0};
  AirScenario at_once(strict, /*secondary=*/true);
  at_once.fly(460, 11000, 50, 420, 4521u, 300);
  AirScenario confirmed(config, /*secondary=*/true);
  confirmed.fly(460, 11000, 50, 420, 4521u, 300);
  // ... without confirmation a 2-minute silence is raised at once, with it not yet
  ASSERT_FALSE(at_once.runner.sink.raised.empty());
  EXPECT_EQ(evidence(at_once.runner.sink.raised.back(), "transponder"), "lost_mid_flight");
  EXPECT_TRUE(confirmed.runner.sink.raised.empty());
  // AND a silence the radar keeps painting for longer is raised
  AirScenario longer(config, /*secondary=*/true);
  longer.fly(460, 11000, 50, 900, 4521u, 300);
  ASSERT_FALSE(longer.runner.sink.raised.empty());
  EXPECT_EQ(evidence(longer.runner.sink.raised.back(), "transponder"), "lost_mid_flight");
  EXPECT_EQ(evidence(longer.runner.sink.raised.back(), "param.silence_confirm_s"), "300");
}

TEST(SuspectAircraftRule, ABrokenTrackFasterThanAnyAircraftIsNotJudged) {
  // GIVEN a 650 kn track, low, that no transponder answers
  // WHEN the plausible ceiling is below its speed THEN it is not judged
  SuspectAircraftConfig capped;
  capped.max_plausible_speed_mps = 600 * kKn;
  AirScenario s(capped, /*secondary=*/true);
  s.fly(650, 2000, 50, 600);
  ASSERT_EQ(s.tracker.trackCount(), 1u);
  EXPECT_TRUE(s.runner.sink.raised.empty());
  // AND under the default ceiling (700 kn) it is (primary-only, low)
  AirScenario fast(SuspectAircraftConfig{}, /*secondary=*/true);
  fast.fly(650, 2000, 50, 900);
  ASSERT_FALSE(fast.runner.sink.raised.empty());
  EXPECT_EQ(evidence(fast.runner.sink.raised.back(), "transponder"), "not_replying");
}

TEST(SuspectAircraftRule, AirlinerWhoseTransponderRepliesIsQuietAndPrimaryOnlyLightAircraftIsNot) {
  // GIVEN a secondary radar: an airliner replying throughout
  AirScenario replying(SuspectAircraftConfig{}, /*secondary=*/true);
  replying.fly(460, 11000, 50, 900, 4521u);
  EXPECT_TRUE(replying.runner.sink.raised.empty());
  // AND a light twin that never replies, away from every area, height unmeasured
  AirScenario silent(SuspectAircraftConfig{}, /*secondary=*/true);
  silent.fly(180, 2000, 0, 600);
  // THEN only the silent one is raised, as primary-only with a light aircraft's speed
  ASSERT_FALSE(silent.runner.sink.raised.empty());
  EXPECT_EQ(evidence(silent.runner.sink.raised.back(), "transponder"), "not_replying");
}

TEST(SuspectAircraftRule, LightAircraftAwayFromAreasWithUnknownHeightIsNotSuspect) {
  // GIVEN no areas of interest and a 2-D sensor (height not measured)
  AirScenario s(SuspectAircraftConfig{});
  s.fly(180, 2000, 0, 600);
  EXPECT_TRUE(s.runner.sink.raised.empty());
}

TEST(SuspectAircraftRule, AVagueWideAreaTrackIsJudgedOnItsSpeedOverTheBaseline) {
  // GIVEN a light twin at 180 kn between the areas, height unmeasured, seen by a wide-area
  // radar whose plots are 4 km off (the filter's speed then wanders by tens of knots)
  SuspectAircraftConfig filter_only = areaConfig();
  filter_only.speed_baseline = core::Duration{0};
  AirScenario vague(filter_only);
  vague.fly(180, 2000, 0, 1800, std::nullopt, 1e9, 4000.0);
  // THEN on the filter's speed alone it is never judged a light aircraft
  EXPECT_TRUE(vague.runner.sink.raised.empty());
  // AND over a 20 min baseline (the default) it is, with the baseline's speed and course
  AirScenario s(areaConfig());
  s.fly(180, 2000, 0, 2400, std::nullopt, 1e9, 4000.0);
  ASSERT_FALSE(s.runner.sink.raised.empty());
  const Finding& f = s.runner.sink.raised.front();
  EXPECT_EQ(evidence(f, "speed_source"), "baseline 20 min");
  EXPECT_NEAR(std::stod(evidence(f, "speed_kn")), 180.0, 25.0);
  EXPECT_NEAR(std::stod(evidence(f, "course_deg")), 270.0, 10.0);
  EXPECT_EQ(evidence(f, "indicators"), "light_aircraft_speed,from:apure,toward:mosquitia");
  EXPECT_EQ(evidence(f, "param.speed_baseline_min"), "20");
}

TEST(SuspectAircraftRule, ABaselineThatDisagreesWithTheTrackIsNotItsSpeed) {
  // GIVEN a fast aircraft (460 kn, low, height measured) that flies west for 20 min, turns at
  // 3 deg/s and flies back east, seen through 200 m plots. After the turn its 20 min baseline
  // spans the reversal: the straight line from then to now shrinks, and passes through
  // light-aircraft speeds, while the track's own velocity stays at 460 kn.
  auto run = [](SuspectAircraftConfig config) {
    AirScenario s(std::move(config));
    const double v = 460 * kKn;
    const double omega = 3.0 * geo::kDegToRad;
    const double r = v / omega;
    const core::GeoPoint turn_in = geo::geodesicDirect(s.start, 270.0, v * 1200.0);
    const core::GeoPoint centre = geo::geodesicDirect(turn_in, 0.0, r);
    const core::GeoPoint turn_out = geo::geodesicDirect(centre, 0.0, r);
    for (double t = 0; t <= 2100; t += 10) {
      core::GeoPoint truth;
      if (t < 1200) {
        truth = geo::geodesicDirect(s.start, 270.0, v * t);
      } else if (t < 1260) {
        truth = geo::geodesicDirect(centre, 180.0 + 3.0 * (t - 1200), r);
      } else {
        truth = geo::geodesicDirect(turn_out, 90.0, v * (t - 1260));
      }
      s.plotAt(truth, t, 200.0, 2000.0);
    }
    EXPECT_EQ(s.tracker.trackCount(), 1u);
    return s.runner.sink.raised.size();
  };
  // WHEN the baseline is taken whatever it says, the turning jet would pass for a light twin
  // but for the airliner memory (light_sustain): it was measured at 460 kn, so it does not
  SuspectAircraftConfig unchecked;
  unchecked.baseline_consistency_sigmas = 0.0;
  EXPECT_EQ(run(unchecked), 0u);
  // AND with the consistency check (default 3 sigmas) it does not
  EXPECT_EQ(run(SuspectAircraftConfig{}), 0u);
}

TEST(SuspectAircraftRule, AnUnidentifiedTrackMustKeepALightAircraftsSpeedForTenMinutes) {
  // GIVEN a 180 kn aircraft between the areas that no secondary radar sees, height unmeasured
  // WHEN it is judged at that speed for 6 min (120 to 480 s) THEN it is not yet a suspect
  AirScenario brief(areaConfig());
  brief.fly(180, 2000, 0, 480);
  EXPECT_TRUE(brief.runner.sink.raised.empty());
  // AND after 10 min it is, with when the light speed began
  AirScenario held(areaConfig());
  held.fly(180, 2000, 0, 900);
  ASSERT_FALSE(held.runner.sink.raised.empty());
  EXPECT_EQ(evidence(held.runner.sink.raised.front(), "light_speed_since"),
            cueing::detail::utcText(at(120)));
  EXPECT_EQ(evidence(held.runner.sink.raised.front(), "param.light_sustain_min"), "10");
}

TEST(SuspectAircraftRule, ATrackOnceMeasuredAtAirlinerSpeedIsNotALightAircraft) {
  // GIVEN a track no secondary radar sees, flying west at `fast_kn` for 20 min, slowing to
  // 180 kn over 5 min and going on at 180 kn on the same course (an over-the-horizon fragment
  // of an airliner whose plots slow down when it hops onto another return), between the areas
  const auto run = [](double fast_kn) {
    AirScenario s(areaConfig());
    const double v0 = fast_kn * kKn;
    const double v1 = 180 * kKn;
    const auto along = [&](double t) {  // metres flown by time t
      if (t < 1200) return v0 * t;
      const double d = std::min(t, 1500.0) - 1200;
      const double slowing = v0 * d + 0.5 * (v1 - v0) / 300.0 * d * d;
      return v0 * 1200 + slowing + (t > 1500 ? v1 * (t - 1500) : 0.0);
    };
    for (double t = 0; t <= 2700; t += 10) {
      s.plotAt(geo::geodesicDirect(s.start, 270.0, along(t)), t, 200.0, std::nullopt);
    }
    EXPECT_EQ(s.tracker.trackCount(), 1u);
    return s.runner.sink.raised.size();
  };
  // THEN after 460 kn it is never a light aircraft
  EXPECT_EQ(run(460), 0u);
  // AND after 200 kn (a light twin that slowed) it is raised
  EXPECT_GT(run(200), 0u);
}

TEST(SuspectAircraftRule, AnAirlinerIsNotSlowedByTheBaseline) {
  AirScenario s(areaConfig());
  s.fly(460, 11000, 0, 1800, std::nullopt, 1e9, 4000.0);
  EXPECT_TRUE(s.runner.sink.raised.empty());
}

TEST(SuspectAircraftRule, StateOfDeletedTracksIsDropped) {
  AirScenario s(areaConfig());
  s.fly(180, 2000, 50, 300);
  EXPECT_EQ(s.rule.tracks(), 1u);
  for (double t = 360; t <= 1500; t += 60) s.runner.advanceTo(at(t));
  EXPECT_EQ(s.tracker.trackCount(), 0u);
  EXPECT_EQ(s.rule.tracks(), 0u);
}

TEST(SuspectAircraftRule, ThePatrolAircraftCarryingASensorIsNotASuspect) {
  // GIVEN a light twin's profile (180 kn, 2,000 m, from and toward the areas) flown by the
  // carrier of an airborne sensor: its scans' navigation fixes are where the track is
  AirScenario own(areaConfig());
  own.carrier_offset_m = 0.0;
  own.fly(180, 2000, 50, 900);
  // THEN it is own forces: never raised
  ASSERT_EQ(own.tracker.sensorPlatforms().size(), 1u);
  EXPECT_TRUE(own.runner.sink.raised.empty());
  // AND the same flight 40 km from the carrier (outside the 30 km gate) is a suspect
  AirScenario stranger(areaConfig());
  stranger.carrier_offset_m = 40'000.0;
  stranger.fly(180, 2000, 50, 900);
  ASSERT_FALSE(stranger.runner.sink.raised.empty());
  // AND with the test disabled the carrier itself would be raised
  SuspectAircraftConfig off = areaConfig();
  off.friendly_gate_max_m = 0.0;
  AirScenario unchecked(off);
  unchecked.carrier_offset_m = 0.0;
  unchecked.fly(180, 2000, 50, 900);
  EXPECT_FALSE(unchecked.runner.sink.raised.empty());
}

TEST(SuspectAircraftRule, ALostTransponderWhoseCodeAnswersOnANearbyTrackIsADuplicate) {
  // GIVEN an airliner whose transponder falls silent after 300 s on its track, while its code
  // 4521 goes on answering on a second track 15 km away (the same aircraft tracked twice)
  SuspectAircraftConfig config;
  const double until =
      300 + config.transponder_timeout.seconds() + config.silence_confirm.seconds() + 300;
  AirScenario dup(config, /*secondary=*/true);
  dup.wingman_offset_m = 15'000.0;
  dup.wingman_code = 4521u;
  dup.fly(460, 11000, 50, until, 4521u, 300);
  ASSERT_EQ(dup.tracker.trackCount(), 2u);
  // THEN it is not a lost transponder
  EXPECT_TRUE(dup.runner.sink.raised.empty());
  // AND when the nearby aircraft answers with another code, the silent one is lost mid-flight
  AirScenario other(config, /*secondary=*/true);
  other.wingman_offset_m = 15'000.0;
  other.wingman_code = 1200u;
  other.fly(460, 11000, 50, until, 4521u, 300);
  ASSERT_FALSE(other.runner.sink.raised.empty());
  EXPECT_EQ(evidence(other.runner.sink.raised.back(), "transponder"), "lost_mid_flight");
}

}  // namespace
}  // namespace picket::cueing
