// The `cueing:` section (io/config_cueing.cpp): every rule's keys, defaults and errors.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/config.hpp"

namespace picket::io {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::SizeIs;

const std::string kMinimal = R"(
instance_id: test-1
sensors:
  - {id: radar-a, kind: coastal_radar}
partners:
  default: {id: HS, name: High seas authority}
)";

std::vector<std::string> problemsOf(const std::string& yaml) {
  try {
    (void)parseConfig(yaml);
  } catch (const ConfigError& e) {
    return e.problems();
  }
  ADD_FAILURE() << "configuration was accepted:\n" << yaml;
  return {};
}

TEST(ConfigCueing, EmptyRuleBlocksTakeTheRulesDefaults) {
  const FusiondConfig c = parseConfig(kMinimal + R"(
cueing:
  go_fast:
  low_profile_vessel:
  loitering:
  rendezvous:
  small_craft_meeting:
)");
  cueing::CueingConfig expected;
  expected.alert_id_prefix = "test-1";
  EXPECT_EQ(c.cueing, expected);
  // The issue's defaults.
  EXPECT_DOUBLE_EQ(c.cueing.go_fast.min_speed_kn, 25.0);
  EXPECT_EQ(c.cueing.go_fast.min_duration, core::Duration::fromSeconds(600));
  EXPECT_EQ(c.cueing.go_fast.area, "transit_zone");
  EXPECT_DOUBLE_EQ(c.cueing.rendezvous.thresholds.max_distance_m, 500.0);
  EXPECT_EQ(c.cueing.rendezvous.thresholds.min_duration, core::Duration::fromSeconds(7200));
  EXPECT_DOUBLE_EQ(c.cueing.rendezvous.thresholds.min_port_distance_m, 10'000.0);
  EXPECT_DOUBLE_EQ(c.cueing.small_craft_meeting.thresholds.max_distance_m, 1'000.0);
  EXPECT_EQ(c.cueing.small_craft_meeting.thresholds.min_duration, core::Duration::fromSeconds(240));
  EXPECT_EQ(c.cueing.loitering.min_duration, core::Duration::fromSeconds(4 * 3600.0));
  EXPECT_DOUBLE_EQ(c.cueing.loitering.min_shore_distance_nm, 20.0);
  EXPECT_EQ(c.cueing.low_profile_vessel.area, "eastern_pacific_corridor");
}

TEST(ConfigCueing, EveryRuleKeyIsRead) {
  const FusiondConfig c = parseConfig(kMinimal + R"(
cueing:
  close_after_s: 0
  go_fast: {enabled: false, min_speed_kn: 30, min_duration_s: 300, max_gap_s: 20,
            max_speed_sigma_kn: 3, max_ais_silence_s: 60, area: "", severity: critical}
  low_profile_vessel: {min_speed_kn: 4, max_speed_kn: 9, min_detection_fraction: 0.1,
                       max_detection_fraction: 0.7, min_opportunities: 20, min_duration_s: 900,
                       max_gap_s: 300, max_speed_sigma_kn: 2, max_ais_silence_s: 100,
                       area: epac, severity: medium}
  loitering: {max_speed_kn: 1.5, min_duration_s: 7200, min_shore_distance_nm: 12,
              min_port_distance_nm: 5, max_gap_s: 600, max_speed_sigma_kn: 1,
              max_ais_silence_s: 120, severity: info, severity_dark: high}
  rendezvous: {max_distance_m: 300, min_duration_s: 3600, max_speed_kn: 1, min_port_distance_m: 20000,
               min_shore_distance_m: 5000, max_gap_s: 300, max_speed_sigma_kn: 1.5,
               max_ais_silence_s: 200, severity: low, severity_with_dark: critical}
  small_craft_meeting: {max_distance_m: 800, min_duration_s: 120, small_ship_types: [30, 37],
                        severity: low, severity_with_suspect: medium}
)");
  const auto& q = c.cueing;
  EXPECT_EQ(q.close_after, core::Duration{0});
  EXPECT_FALSE(q.go_fast.enabled);
  EXPECT_DOUBLE_EQ(q.go_fast.min_speed_kn, 30.0);
  EXPECT_EQ(q.go_fast.max_gap, core::Duration::fromSeconds(20));
  EXPECT_EQ(q.go_fast.area, "");
  EXPECT_EQ(q.go_fast.severity, cueing::Severity::Critical);
  EXPECT_DOUBLE_EQ(q.low_profile_vessel.max_detection_fraction, 0.7);
  EXPECT_EQ(q.low_profile_vessel.min_opportunities, 20);
  EXPECT_EQ(q.low_profile_vessel.area, "epac");
  EXPECT_DOUBLE_EQ(q.loitering.min_port_distance_nm, 5.0);
  EXPECT_EQ(q.loitering.severity_dark, cueing::Severity::High);
  EXPECT_DOUBLE_EQ(q.rendezvous.thresholds.min_shore_distance_m, 5000.0);
  EXPECT_EQ(q.rendezvous.severity_with_dark, cueing::Severity::Critical);
  EXPECT_EQ(q.small_craft_meeting.small_ship_types, (std::vector<std::uint32_t>{30, 37}));
  EXPECT_EQ(q.small_craft_meeting.severity_with_suspect, cueing::Severity::Medium);
  // The effective configuration names the rules.
  const std::string described = describeConfig(c);
  EXPECT_THAT(described, HasSubstr("small_craft_meeting"));
  EXPECT_THAT(described, HasSubstr("close_after_s: 0"));
}

TEST(ConfigCueing, BadValuesAreReportedWithTheirPath) {
  const auto problems = problemsOf(kMinimal + R"(
cueing:
  go_fast: {min_speed_kn: 0, severity: urgent, min_duratoin_s: 600}
  low_profile_vessel: {min_speed_kn: 12, max_speed_kn: 10, min_opportunities: 40}
  small_craft_meeting: {small_ship_types: [30, 300]}
  rendezvous: {max_distance_m: -5}
)");
  EXPECT_THAT(problems, Contains(HasSubstr("cueing.go_fast.min_speed_kn: 0 is outside (0, 200]")));
  EXPECT_THAT(problems, Contains(HasSubstr("cueing.go_fast.severity: 'urgent' is not one of")));
  EXPECT_THAT(problems, Contains(HasSubstr("cueing.go_fast.min_duratoin_s: unknown key")));
  EXPECT_THAT(problems,
              Contains(HasSubstr("cueing.low_profile_vessel.min_speed_kn: must not exceed")));
  EXPECT_THAT(problems, Contains(HasSubstr("cueing.low_profile_vessel.min_opportunities")));
  EXPECT_THAT(problems, Contains(HasSubstr("cueing.small_craft_meeting.small_ship_types[1]")));
  EXPECT_THAT(problems, Contains(HasSubstr("cueing.rendezvous.max_distance_m")));
  EXPECT_THAT(problems, SizeIs(7));
}

// The pair rules' two-vessel test, the small-craft meeting's offshore and duration limits and
// loitering's sightings across tracks.
TEST(ConfigPairAndLoitering, DefaultsAndEveryKeyIsRead) {
  const FusiondConfig defaults = parseConfig(kMinimal);
  const auto& d = defaults.cueing;
  EXPECT_EQ(d.rendezvous.thresholds.min_two_vessel_observations, 3);
  EXPECT_EQ(d.small_craft_meeting.thresholds.co_detection_window,
            core::Duration::fromSeconds(2));
  EXPECT_DOUBLE_EQ(d.small_craft_meeting.offshore_min_shore_distance_nm, 50.0);
  EXPECT_EQ(d.small_craft_meeting.max_duration, core::Duration::fromSeconds(3600));
  EXPECT_EQ(d.loitering.max_sighting_gap, core::Duration::fromSeconds(3 * 3600.0));
  EXPECT_DOUBLE_EQ(d.loitering.sighting_gate_m, 1000.0);
  EXPECT_EQ(d.loitering.min_sighting, core::Duration::fromSeconds(600));
  EXPECT_EQ(d.dark_target.ais_correlation.horizon, core::Duration::fromSeconds(6 * 3600.0));

  const FusiondConfig c = parseConfig(kMinimal + R"(
cueing:
  rendezvous: {min_two_vessel_observations: 0, co_detection_window_s: 5}
  small_craft_meeting: {min_two_vessel_observations: 5, offshore_min_shore_distance_nm: 0,
                        max_duration_s: 1200}
  loitering: {max_sighting_gap_s: 0, sighting_gate_m: 2500, min_sighting_s: 300}
)");
  const auto& q = c.cueing;
  EXPECT_EQ(q.rendezvous.thresholds.min_two_vessel_observations, 0);
  EXPECT_EQ(q.rendezvous.thresholds.co_detection_window, core::Duration::fromSeconds(5));
  EXPECT_EQ(q.small_craft_meeting.thresholds.min_two_vessel_observations, 5);
  EXPECT_DOUBLE_EQ(q.small_craft_meeting.offshore_min_shore_distance_nm, 0.0);
  EXPECT_EQ(q.small_craft_meeting.max_duration, core::Duration::fromSeconds(1200));
  EXPECT_EQ(q.loitering.max_sighting_gap, core::Duration{});
  EXPECT_DOUBLE_EQ(q.loitering.sighting_gate_m, 2500.0);
  EXPECT_EQ(q.loitering.min_sighting, core::Duration::fromSeconds(300));
  const std::string described = describeConfig(c);
  EXPECT_THAT(described, HasSubstr("min_two_vessel_observations"));
  EXPECT_THAT(described, HasSubstr("max_sighting_gap_s"));
}

TEST(ConfigPairAndLoitering, BadValuesAreReportedWithTheirPath) {
  const auto problems = problemsOf(kMinimal + R"(
cueing:
  rendezvous: {min_two_vessel_observations: -1}
  small_craft_meeting: {co_detection_window_s: -2, max_duration_s: 0,
                        offshore_min_shore_distance_nm: 5000}
  loitering: {max_sighting_gap_s: 100000, sighting_gate_m: -1}
)");
  EXPECT_THAT(problems,
              Contains(HasSubstr("cueing.rendezvous.min_two_vessel_observations")));
  EXPECT_THAT(problems, Contains(HasSubstr("cueing.small_craft_meeting.co_detection_window_s")));
  EXPECT_THAT(problems, Contains(HasSubstr("cueing.small_craft_meeting.max_duration_s")));
  EXPECT_THAT(problems,
              Contains(HasSubstr("cueing.small_craft_meeting.offshore_min_shore_distance_nm")));
  EXPECT_THAT(problems, Contains(HasSubstr("cueing.loitering.max_sighting_gap_s")));
  EXPECT_THAT(problems, Contains(HasSubstr("cueing.loitering.sighting_gate_m")));
  EXPECT_THAT(problems, SizeIs(6));
}

// dark_target's AIS correlation by reach (fusion/cueing/README.md, dark_target).
TEST(ConfigDarkTarget, ReachIsOnByDefaultAndReadAsABoolean) {
  EXPECT_TRUE(parseConfig(kMinimal).cueing.dark_target.ais_correlation.reach);
  const FusiondConfig c = parseConfig(kMinimal + R"(
cueing:
  dark_target: {ais_correlation_reach: false}
)");
  EXPECT_FALSE(c.cueing.dark_target.ais_correlation.reach);
  const auto problems = problemsOf(kMinimal + R"(
cueing:
  dark_target: {ais_correlation_reach: 3}
)");
  EXPECT_THAT(problems, Contains(::testing::HasSubstr("cueing.dark_target.ais_correlation_reach")));
}

}  // namespace
}  // namespace picket::io
