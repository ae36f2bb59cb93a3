#include "io/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace picket::io {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

const std::string kSourceDir = PICKET_SOURCE_DIR;

/// The smallest configuration that is valid: everything else takes its default.
const std::string kMinimal = R"(
instance_id: test-1
sensors:
  - {id: radar-a, kind: coastal_radar}
partners:
  default: {id: HS, name: High seas authority}
)";

/// Parses text that must be refused and returns the problems reported.
std::vector<std::string> problemsOf(const std::string& yaml) {
  try {
    (void)parseConfig(yaml);
  } catch (const ConfigError& e) {
    return e.problems();
  }
  ADD_FAILURE() << "configuration was accepted:\n" << yaml;
  return {};
}

TEST(Config, ShippedExampleConfigParses) {
  const FusiondConfig c = loadConfig(kSourceDir + "/config/fusiond.example.yaml");
  EXPECT_EQ(c.instance_id, "fusiond-1");
  EXPECT_EQ(c.endpoints.feeds.address, "tcp://127.0.0.1:5550");
  EXPECT_EQ(c.endpoints.tracks.address, "tcp://127.0.0.1:5551");
  EXPECT_EQ(c.endpoints.alerts.address, "tcp://127.0.0.1:5552");
  EXPECT_EQ(c.endpoints.feeds.receive_high_water_mark, 100000);
  EXPECT_DOUBLE_EQ(c.stats_interval_s, 60.0);
  EXPECT_EQ(c.input.time_reference, TimeReference::Wall);

  ASSERT_THAT(c.sensors, SizeIs(3));
  EXPECT_EQ(c.sensors[0].info.id, "radar-aruba");
  EXPECT_EQ(c.sensors[0].info.kind, core::SensorKind::CoastalRadar);
  EXPECT_DOUBLE_EQ(c.sensors[0].info.max_range_m, 56000.0);
  EXPECT_EQ(c.sensors[1].info.id, "ais-aruba");
  EXPECT_EQ(c.sensors[1].info.kind, core::SensorKind::Ais);
  EXPECT_DOUBLE_EQ(c.sensors[1].ais_position_sigma_high_m, 10.0);
  EXPECT_DOUBLE_EQ(c.sensors[1].ais_position_sigma_low_m, 30.0);
  EXPECT_DOUBLE_EQ(c.sensors[1].ais_cog_sigma_deg, 3.0);
  EXPECT_EQ(c.sensors[2].info.kind, core::SensorKind::AirborneRadar);
  EXPECT_DOUBLE_EQ(c.sensors[2].default_position_sigma_m, 100.0);

  EXPECT_DOUBLE_EQ(c.tracker.gate_probability, 0.9995);
  EXPECT_EQ(c.tracker.confirm_by_kind[0], (tracking::MOfN{3, 5}));
  EXPECT_EQ(c.tracker.confirm_by_kind[2], (tracking::MOfN{2, 3}));
  EXPECT_EQ(c.tracker.delete_after, core::Duration::fromSeconds(600));

  ASSERT_THAT(c.cueing.look_ahead, SizeIs(3));
  EXPECT_EQ(c.cueing.look_ahead[0], core::Duration::fromSeconds(30 * 60));
  EXPECT_EQ(c.cueing.look_ahead[2], core::Duration::fromSeconds(120 * 60));
  EXPECT_EQ(c.cueing.alert_id_prefix, "fusiond-1");
  EXPECT_EQ(c.cueing.dark_target.severity, cueing::Severity::Medium);

  // The partner table and geography sections: tests/unit/io/config_partners_test.cpp.
  ASSERT_THAT(c.partners, SizeIs(12));
  EXPECT_EQ(c.partners[0].id, "JIATFS-JOC");
  EXPECT_EQ(c.geography.zone_files.size(), 3u);

  EXPECT_THAT(describeConfig(c), HasSubstr("fusiond-1"));
}

TEST(Config, ShippedDemoConfigParses) {
  const FusiondConfig c = loadConfig(kSourceDir + "/config/demo.yaml");
  EXPECT_EQ(c.instance_id, "picket-demo");
  EXPECT_EQ(c.endpoints.feeds.address, "tcp://127.0.0.1:*");
  EXPECT_EQ(c.input.time_reference, TimeReference::Data);
  EXPECT_DOUBLE_EQ(c.input.max_future_s, 600.0);
  EXPECT_DOUBLE_EQ(c.heartbeat_interval_s, 0.1);
  ASSERT_THAT(c.sensors, SizeIs(3));
  EXPECT_EQ(c.cueing.update_interval, core::Duration::fromSeconds(600));
  EXPECT_EQ(c.cueing.alert_id_prefix, "picket-demo");
  ASSERT_THAT(c.partners, SizeIs(12));
  EXPECT_EQ(c.geography.zone_files.size(), 3u);
}

TEST(Config, AbsentKeysAndSectionsTakeTheirDefaults) {
  const FusiondConfig c = parseConfig(kMinimal);
  const FusiondConfig defaults;
  EXPECT_EQ(c.instance_id, "test-1");
  EXPECT_EQ(c.endpoints.feeds, defaults.endpoints.feeds);
  EXPECT_EQ(c.endpoints.tracks, defaults.endpoints.tracks);
  EXPECT_EQ(c.endpoints.alerts, defaults.endpoints.alerts);
  EXPECT_DOUBLE_EQ(c.heartbeat_interval_s, 1.0);
  EXPECT_DOUBLE_EQ(c.stats_interval_s, 0.0);
  EXPECT_EQ(c.input.queue_capacity, 65536u);
  EXPECT_DOUBLE_EQ(c.input.reorder_window_s, 2.0);
  EXPECT_EQ(c.input.time_reference, TimeReference::Wall);
  EXPECT_DOUBLE_EQ(c.input.max_future_s, 60.0);
  EXPECT_DOUBLE_EQ(c.input.max_age_s, 3600.0);

  ASSERT_THAT(c.sensors, SizeIs(1));
  EXPECT_EQ(c.sensors[0].info.domain, core::Domain::Surface);
  EXPECT_DOUBLE_EQ(c.sensors[0].info.max_range_m, 50'000.0);
  EXPECT_DOUBLE_EQ(c.sensors[0].ais_position_sigma_high_m, 10.0);
  EXPECT_DOUBLE_EQ(c.sensors[0].ais_position_sigma_low_m, 30.0);
  EXPECT_DOUBLE_EQ(c.sensors[0].ais_sog_sigma_kn, 0.5);
  EXPECT_DOUBLE_EQ(c.sensors[0].default_position_sigma_m, 100.0);

  EXPECT_EQ(c.tracker, tracking::TrackerConfig{});
  cueing::CueingConfig expected_cueing;
  expected_cueing.alert_id_prefix = "test-1";
  EXPECT_EQ(c.cueing, expected_cueing);
  // The first form's default partner: a partner with high-seas authority.
  ASSERT_THAT(c.partners, SizeIs(1));
  EXPECT_EQ(c.partners[0].id, "HS");
  EXPECT_TRUE(c.partners[0].high_seas);
}

TEST(Config, EmptySectionsTakeTheirDefaults) {
  const FusiondConfig c = parseConfig(kMinimal + "tracker:\ncueing:\n  dark_target:\ninput:\n");
  EXPECT_EQ(c.tracker, tracking::TrackerConfig{});
  EXPECT_EQ(c.cueing.dark_target, cueing::DarkTargetConfig{});
  EXPECT_DOUBLE_EQ(c.input.max_age_s, 3600.0);
}

TEST(Config, GivenValuesOverrideDefaults) {
  const FusiondConfig c = parseConfig(kMinimal + R"(
tracker:
  gate_probability: 0.99
  confirmation:
    coastal_radar: {m: 2, n: 4}
  coast_after_s: 30
input:
  time_reference: data
cueing:
  look_ahead_min: [15]
  dark_target: {enabled: false, severity: high}
)");
  EXPECT_DOUBLE_EQ(c.tracker.gate_probability, 0.99);
  EXPECT_EQ(c.tracker.confirm_by_kind[0], (tracking::MOfN{2, 4}));
  EXPECT_EQ(c.tracker.coast_after, core::Duration::fromSeconds(30));
  EXPECT_EQ(c.input.time_reference, TimeReference::Data);
  ASSERT_THAT(c.cueing.look_ahead, SizeIs(1));
  EXPECT_EQ(c.cueing.look_ahead[0], core::Duration::fromSeconds(900));
  EXPECT_FALSE(c.cueing.dark_target.enabled);
  EXPECT_EQ(c.cueing.dark_target.severity, cueing::Severity::High);
}

TEST(Config, SatelliteHoldAndPerDomainPositionLimits) {
  const FusiondConfig defaults = parseConfig(kMinimal);
  EXPECT_EQ(defaults.tracker.satellite_hold, core::Duration::fromSeconds(21600));
  EXPECT_DOUBLE_EQ(defaults.tracker.satellite_hold_speed_margin_mps, 5.0);
  EXPECT_DOUBLE_EQ(defaults.tracker.surface.max_position_sigma_m, 5000.0);
  EXPECT_DOUBLE_EQ(defaults.tracker.air.max_position_sigma_m, 30000.0);

  const FusiondConfig c = parseConfig(kMinimal + R"(
tracker:
  satellite_hold_s: 0
  satellite_hold_speed_margin_mps: 8
  surface: {max_position_sigma_m: 2500}
  air: {max_position_sigma_m: 40000}
)");
  EXPECT_EQ(c.tracker.satellite_hold, core::Duration{0});
  EXPECT_DOUBLE_EQ(c.tracker.satellite_hold_speed_margin_mps, 8.0);
  EXPECT_DOUBLE_EQ(c.tracker.surface.max_position_sigma_m, 2500.0);
  EXPECT_DOUBLE_EQ(c.tracker.air.max_position_sigma_m, 40000.0);

  EXPECT_THAT(problemsOf(kMinimal + "tracker:\n  satellite_hold_s: -1\n"),
              ElementsAre(HasSubstr("tracker.satellite_hold_s")));
  EXPECT_THAT(problemsOf(kMinimal + "tracker:\n  satellite_hold_speed_margin_mps: -1\n"),
              ElementsAre(HasSubstr("tracker.satellite_hold_speed_margin_mps")));
  EXPECT_THAT(problemsOf(kMinimal + "tracker:\n  air: {max_position_sigma_m: 0}\n"),
              ElementsAre(HasSubstr("tracker.air.max_position_sigma_m")));
  // The old single key names the two that replace it instead of being silently ignored.
  EXPECT_THAT(problemsOf(kMinimal + "tracker:\n  max_position_sigma_m: 5000\n"),
              Contains(AllOf(HasSubstr("tracker.max_position_sigma_m"),
                             HasSubstr("tracker.surface.max_position_sigma_m"),
                             HasSubstr("tracker.air.max_position_sigma_m"))));
}

TEST(Config, MisspelledSectionIsRefusedByName) {
  const auto problems = problemsOf(kMinimal + "trakcer:\n  gate_probability: 0.99\n");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], AllOf(HasSubstr("trakcer"), HasSubstr("unknown key")));
}

TEST(Config, MisspelledNestedKeyIsRefusedWithItsPath) {
  const auto problems = problemsOf(kMinimal + "tracker:\n  gate_probabilty: 0.99\n");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], HasSubstr("tracker.gate_probabilty: unknown key"));
}

TEST(Config, OutOfRangeGateProbabilityIsRefused) {
  const auto problems = problemsOf(kMinimal + "tracker:\n  gate_probability: 1.5\n");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0],
              AllOf(HasSubstr("tracker.gate_probability"), HasSubstr("1.5"), HasSubstr("outside")));
}

TEST(Config, WrongTypeIsRefused) {
  const auto problems = problemsOf(kMinimal + "tracker:\n  coast_after_s: soon\n");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], AllOf(HasSubstr("tracker.coast_after_s"), HasSubstr("number")));
}

TEST(Config, DuplicateSensorIdIsRefused) {
  const auto problems = problemsOf(R"(
instance_id: x
sensors:
  - {id: radar-a, kind: coastal_radar}
  - {id: radar-a, kind: ais}
partners: {default: {id: HS, name: high seas}}
)");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0],
              AllOf(HasSubstr("sensors[1].id"), HasSubstr("duplicate"), HasSubstr("radar-a")));
}

TEST(Config, UnknownSensorKindIsRefusedListingTheValidKinds) {
  const auto problems = problemsOf(R"(
instance_id: x
sensors:
  - {id: sonar-1, kind: sonar}
partners: {default: {id: HS, name: high seas}}
)");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], AllOf(HasSubstr("sensors[0].kind"), HasSubstr("'sonar'"),
                                 HasSubstr("coastal_radar"), HasSubstr("ais")));
}

TEST(Config, SensorWithoutKindIsRefused) {
  const auto problems = problemsOf(R"(
instance_id: x
sensors:
  - {id: radar-a}
partners: {default: {id: HS, name: high seas}}
)");
  EXPECT_THAT(problems, Contains(HasSubstr("sensors[0].kind: required")));
}

TEST(Config, MGreaterThanNIsRefused) {
  const auto problems = problemsOf(kMinimal + "tracker:\n  confirmation:\n    ship_radar: {m: 4, n: 3}\n");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0],
              AllOf(HasSubstr("confirmation.ship_radar"), HasSubstr("m must not exceed n")));
}

TEST(Config, MissingPartnersAreRefused) {
  const auto problems = problemsOf(R"(
instance_id: x
sensors:
  - {id: radar-a, kind: coastal_radar}
)");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], HasSubstr("partners: required"));
}

TEST(Config, MissingSensorsAreRefused) {
  const auto problems = problemsOf("instance_id: x\npartners: {default: {id: HS, name: n}}\n");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], HasSubstr("sensors"));
}

TEST(Config, PartnerPolygonWithTooFewPointsIsRefused) {
  const auto problems = problemsOf(kMinimal + R"(  areas:
    - id: P
      name: Partner
      areas:
        - {basis: b, polygon: [[12, -70], [13, -70]]}
)");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], HasSubstr("partners.areas[0].areas[0].polygon"));
}

TEST(Config, BadEndpointIsRefused) {
  const auto problems = problemsOf(kMinimal + "endpoints: {feeds: 'http://x:1'}\n");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], AllOf(HasSubstr("endpoints.feeds"), HasSubstr("http://x:1")));
}

TEST(Config, DuplicateKeyIsRefusedRatherThanSilentlyIgnored) {
  // yaml-cpp keeps both entries and a lookup sees the first: the second section would vanish.
  const auto problems = problemsOf(kMinimal + "tracker: {gate_probability: 0.99}\n" +
                                   "tracker: {gate_probability: 0.9}\n");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], HasSubstr("tracker: duplicate key"));
}

TEST(Config, NonScalarKeyIsRefusedWithoutCrashing) {
  const auto problems = problemsOf(kMinimal + "? [a, b]\n: 1\ntracker: {? {x: 1}\n : 2}\n");
  ASSERT_THAT(problems, SizeIs(2));
  EXPECT_THAT(problems, Contains(HasSubstr("top level: a key must be a plain name")));
  EXPECT_THAT(problems, Contains(HasSubstr("tracker: a key must be a plain name")));
}

TEST(Config, NonMappingSectionIsRefused) {
  const auto problems = problemsOf(kMinimal + "tracker: [1, 2]\n");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], HasSubstr("tracker: expected a mapping"));
}

TEST(Config, NonYamlTextIsRefused) {
  const auto problems = problemsOf("instance_id: [unclosed\n  : : {\n");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], HasSubstr("not valid YAML"));
}

TEST(Config, ScalarDocumentIsRefused) {
  const auto problems = problemsOf("just some words");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], HasSubstr("must be a YAML mapping"));
}

TEST(Config, UnreadableFileIsRefusedNamingThePath) {
  const std::string path = kSourceDir + "/config/no-such-file.yaml";
  try {
    (void)loadConfig(path);
    FAIL() << "a missing file was accepted";
  } catch (const ConfigError& e) {
    ASSERT_THAT(e.problems(), SizeIs(1));
    EXPECT_THAT(e.problems()[0], AllOf(HasSubstr("cannot read"), HasSubstr(path)));
    EXPECT_THAT(std::string(e.what()), HasSubstr(path));
  }
}

TEST(Config, EveryProblemIsReportedAtOnce) {
  const std::string yaml = R"(
instance_id: x
trakcer: {}
sensors:
  - {id: radar-a, kind: coastal_radar}
  - {id: radar-a, kind: sonar}
tracker:
  gate_probability: 2
  confirmation:
    coastal_radar: {m: 5, n: 3}
)";
  const auto problems = problemsOf(yaml);
  EXPECT_THAT(problems, Contains(HasSubstr("trakcer: unknown key")));
  EXPECT_THAT(problems, Contains(HasSubstr("sensors[1].id: duplicate")));
  EXPECT_THAT(problems, Contains(HasSubstr("sensors[1].kind: 'sonar'")));
  EXPECT_THAT(problems, Contains(HasSubstr("tracker.gate_probability")));
  EXPECT_THAT(problems, Contains(HasSubstr("m must not exceed n")));
  EXPECT_THAT(problems, Contains(HasSubstr("partners: required")));
  EXPECT_THAT(problems, SizeIs(6));
  // The exception text lists every problem too, one per line.
  try {
    (void)parseConfig(yaml);
  } catch (const ConfigError& e) {
    for (const auto& p : problems) EXPECT_THAT(std::string(e.what()), HasSubstr(p));
  }
}

TEST(Config, FileProblemsArePrefixedWithThePath) {
  // A directory opens but is not a mapping; the message still names the path.
  const std::string path = kSourceDir + "/config";
  try {
    (void)loadConfig(path);
    FAIL() << "a directory was accepted as a configuration";
  } catch (const ConfigError& e) {
    ASSERT_FALSE(e.problems().empty());
    EXPECT_THAT(e.problems()[0], HasSubstr(path));
  }
}

}  // namespace
}  // namespace picket::io
