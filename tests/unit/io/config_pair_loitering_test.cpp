// The `cueing:` keys of the pair rules' two-vessel test, the small-craft meeting's offshore and
// duration limits and loitering's sightings across tracks (io/config_cueing.cpp).

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

const std::string kConfig = R"(
instance_id: test-1
sensors:
  - {id: radar-a, kind: coastal_radar}
partners:
  default: {id: HS, name: High seas authority}
)";

TEST(ConfigPairAndLoitering, DefaultsAndEveryKeyIsRead) {
  const FusiondConfig defaults = parseConfig(kConfig);
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

  const FusiondConfig c = parseConfig(kConfig + R"(
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
  std::vector<std::string> problems;
  try {
    (void)parseConfig(kConfig + R"(
cueing:
  rendezvous: {min_two_vessel_observations: -1}
  small_craft_meeting: {co_detection_window_s: -2, max_duration_s: 0,
                        offshore_min_shore_distance_nm: 5000}
  loitering: {max_sighting_gap_s: 100000, sighting_gate_m: -1}
)");
    ADD_FAILURE() << "accepted";
  } catch (const ConfigError& e) {
    problems = e.problems();
  }
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

}  // namespace
}  // namespace picket::io
