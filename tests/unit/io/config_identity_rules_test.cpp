#include "io/config_identity_rules.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace picket::io {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;

std::vector<std::string> read(const std::string& yaml, cueing::IdentityRulesConfig& config) {
  std::vector<std::string> errors;
  const YAML::Node root = YAML::Load(yaml);
  {
    MapReader r(root, "cueing", errors);
    readIdentityRules(r, config);
  }
  return errors;
}

TEST(ConfigIdentityRules, AbsentSectionsKeepTheDefaults) {
  cueing::IdentityRulesConfig c;
  EXPECT_THAT(read("{}", c), IsEmpty());
  EXPECT_EQ(c, cueing::IdentityRulesConfig{});
}

TEST(ConfigIdentityRules, ReadsEveryRuleWithUnitsInTheKeys) {
  cueing::IdentityRulesConfig c;
  const auto errors = read(R"(
ais_gap: {naive_gap_h: 4, deliberate_gap_h: 10, coverage_margin_nm: 2, satellite_revisit_min: 60,
          fast_cue_missed_reports: 8, naive_severity: high,
          satellite_area: {lat_min_deg: 0, lat_max_deg: 30, lon_min_deg: -100, lon_max_deg: -60}}
spoofing: {max_speed_merchant_kn: 28, position_tolerance_nm: 1.5, handover_confirm_min: 20,
           check_mmsi: false}
suspect_aircraft: {max_speed_kn: 280, departure_areas: [apure], arrival_areas: [mosquitia, peten],
                   area_distance_km: 30, look_ahead_h: 2}
zone_entry: {zone_types: [territorial_sea], states: [COL, VEN], confirm_positions: 3}
)",
                           c);
  EXPECT_THAT(errors, IsEmpty());
  EXPECT_EQ(c.ais_gap.naive_gap, core::Duration::fromSeconds(4 * 3600));
  EXPECT_EQ(c.ais_gap.deliberate_gap, core::Duration::fromSeconds(10 * 3600));
  EXPECT_DOUBLE_EQ(c.ais_gap.coverage_margin_m, 2 * 1852.0);
  EXPECT_EQ(c.ais_gap.satellite_revisit, core::Duration::fromSeconds(3600));
  EXPECT_EQ(c.ais_gap.fast_cue_missed_reports, 8);
  EXPECT_EQ(c.ais_gap.naive_severity, cueing::Severity::High);
  EXPECT_DOUBLE_EQ(c.ais_gap.satellite_area.max_lat_deg, 30.0);
  EXPECT_NEAR(c.spoofing.max_speed_merchant_mps, 28 * 1852.0 / 3600.0, 1e-12);
  EXPECT_DOUBLE_EQ(c.spoofing.position_tolerance_m, 1.5 * 1852.0);
  EXPECT_EQ(c.spoofing.handover_confirm, core::Duration::fromSeconds(1200));
  EXPECT_FALSE(c.spoofing.check_mmsi);
  EXPECT_NEAR(c.suspect_aircraft.max_speed_mps, 280 * 1852.0 / 3600.0, 1e-9);
  EXPECT_EQ(c.suspect_aircraft.arrival_areas, (std::vector<std::string>{"mosquitia", "peten"}));
  EXPECT_DOUBLE_EQ(c.suspect_aircraft.area_distance_m, 30'000.0);
  EXPECT_TRUE(c.zone_entry.territorial_sea);
  EXPECT_FALSE(c.zone_entry.contiguous_zone);
  EXPECT_FALSE(c.zone_entry.eez);
  EXPECT_EQ(c.zone_entry.states, (std::vector<std::string>{"COL", "VEN"}));
  EXPECT_EQ(c.zone_entry.confirm_positions, 3);
}

TEST(ConfigIdentityRules, ReadsTheSatellitePassAndOwnForcesKeys) {
  cueing::IdentityRulesConfig c;
  const auto errors = read(R"(
ais_gap: {satellite_pass_model: false, satellite_min_missed_passes: 4,
          satellite_max_silence_probability: 0.0001, arrival_distance_km: 20,
          theatre_exit_margin_nm: 50, voluntary_ship_types: [36, 37, 52]}
suspect_aircraft: {friendly_confirm_s: 120, friendly_gate_min_km: 2, friendly_gate_max_km: 40,
                   duplicate_code_distance_km: 80}
)",
                           c);
  EXPECT_THAT(errors, IsEmpty());
  EXPECT_FALSE(c.ais_gap.satellite_pass_model);
  EXPECT_EQ(c.ais_gap.satellite_min_missed_passes, 4);
  EXPECT_DOUBLE_EQ(c.ais_gap.satellite_max_silence_probability, 1e-4);
  EXPECT_DOUBLE_EQ(c.ais_gap.arrival_distance_m, 20'000.0);
  EXPECT_DOUBLE_EQ(c.ais_gap.theatre_exit_margin_m, 50 * 1852.0);
  EXPECT_EQ(c.ais_gap.voluntary_ship_types, (std::vector<std::uint32_t>{36, 37, 52}));
  EXPECT_EQ(c.suspect_aircraft.friendly_confirm, core::Duration::fromSeconds(120));
  EXPECT_DOUBLE_EQ(c.suspect_aircraft.friendly_gate_min_m, 2'000.0);
  EXPECT_DOUBLE_EQ(c.suspect_aircraft.friendly_gate_max_m, 40'000.0);
  EXPECT_DOUBLE_EQ(c.suspect_aircraft.duplicate_code_distance_m, 80'000.0);

  cueing::IdentityRulesConfig bad;
  const auto problems = read(R"(
ais_gap: {voluntary_ship_types: [36, 120], satellite_max_silence_probability: 2}
suspect_aircraft: {friendly_gate_min_km: 50, friendly_gate_max_km: 10}
)",
                             bad);
  EXPECT_THAT(problems, Contains("cueing.ais_gap.voluntary_ship_types[1]: expected an AIS ship "
                                 "type in [1, 99]"));
  EXPECT_THAT(problems, Contains(::testing::HasSubstr("satellite_max_silence_probability")));
  EXPECT_THAT(problems, Contains("cueing.suspect_aircraft.friendly_gate_min_km: must not exceed "
                                 "friendly_gate_max_km (0 there disables the test)"));
}

TEST(ConfigIdentityRules, ReadsTheFrozenPositionOwnEnvelopeFastHandoverAndLightSpeedKeys) {
  cueing::IdentityRulesConfig c;
  const auto errors = read(R"(
spoofing: {frozen_position: false, frozen_min_speed_kn: 4, frozen_max_fraction: 0.1,
           frozen_min_shortfall_m: 300, frozen_max_moved_m: 50, frozen_min_interval_s: 45,
           frozen_min_intervals: 3, frozen_severity: high, own_speed_margin_kn: 6,
           own_speed_min_fixes: 5, handover_fast_reports: 4, handover_fast_span_s: 30,
           handover_fast_min_silence_min: 45}
suspect_aircraft: {light_sustain_min: 15, light_course_tolerance_deg: 20, silence_confirm_s: 120}
)",
                           c);
  EXPECT_THAT(errors, IsEmpty());
  EXPECT_FALSE(c.spoofing.frozen_position);
  EXPECT_NEAR(c.spoofing.frozen_min_speed_mps, 4 * 1852.0 / 3600.0, 1e-12);
  EXPECT_DOUBLE_EQ(c.spoofing.frozen_max_fraction, 0.1);
  EXPECT_DOUBLE_EQ(c.spoofing.frozen_min_shortfall_m, 300.0);
  EXPECT_DOUBLE_EQ(c.spoofing.frozen_max_moved_m, 50.0);
  EXPECT_EQ(c.spoofing.frozen_min_interval, core::Duration::fromSeconds(45));
  EXPECT_EQ(c.spoofing.frozen_min_intervals, 3);
  EXPECT_EQ(c.spoofing.frozen_severity, cueing::Severity::High);
  EXPECT_NEAR(c.spoofing.own_speed_margin_mps, 6 * 1852.0 / 3600.0, 1e-12);
  EXPECT_EQ(c.spoofing.own_speed_min_fixes, 5);
  EXPECT_EQ(c.spoofing.handover_fast_reports, 4);
  EXPECT_EQ(c.spoofing.handover_fast_span, core::Duration::fromSeconds(30));
  EXPECT_EQ(c.spoofing.handover_fast_min_silence, core::Duration::fromSeconds(45 * 60));
  EXPECT_EQ(c.suspect_aircraft.light_sustain, core::Duration::fromSeconds(15 * 60));
  EXPECT_DOUBLE_EQ(c.suspect_aircraft.light_course_tolerance_deg, 20.0);
  EXPECT_EQ(c.suspect_aircraft.silence_confirm, core::Duration::fromSeconds(120));

  cueing::IdentityRulesConfig bad;
  const auto problems = read(R"(
spoofing: {frozen_max_fraction: 2, frozen_min_intervals: 0, own_speed_margin_kn: -1}
suspect_aircraft: {light_course_tolerance_deg: 200}
)",
                             bad);
  EXPECT_THAT(problems, Contains(::testing::HasSubstr("cueing.spoofing.frozen_max_fraction")));
  EXPECT_THAT(problems, Contains(::testing::HasSubstr("cueing.spoofing.frozen_min_intervals")));
  EXPECT_THAT(problems, Contains(::testing::HasSubstr("cueing.spoofing.own_speed_margin_kn")));
  EXPECT_THAT(problems,
              Contains(::testing::HasSubstr("cueing.suspect_aircraft.light_course_tolerance_deg")));
}

TEST(ConfigIdentityRules, ReadsTheHarbourHandoverAndSurroundKeys) {
  cueing::IdentityRulesConfig c;
  EXPECT_TRUE(c.ais_gap.satellite_passes.surround);
  EXPECT_EQ(c.ais_gap.harbour_min_vessels, 3);
  EXPECT_EQ(c.ais_gap.handover_window, core::Duration::fromSeconds(6 * 3600.0));
  const auto errors = read(R"(
ais_gap: {satellite_surround: false, harbour_min_vessels: 5, harbour_cell_deg: 0.05,
          harbour_warmup_h: 2, handover_window_h: 3, handover_gate_m: 1500,
          handover_gate_drift_fraction: 0.1}
)",
                           c);
  EXPECT_THAT(errors, IsEmpty());
  EXPECT_FALSE(c.ais_gap.satellite_passes.surround);
  EXPECT_EQ(c.ais_gap.harbour_min_vessels, 5);
  EXPECT_DOUBLE_EQ(c.ais_gap.harbour_cell_deg, 0.05);
  EXPECT_EQ(c.ais_gap.harbour_warmup, core::Duration::fromSeconds(7200));
  EXPECT_EQ(c.ais_gap.handover_window, core::Duration::fromSeconds(3 * 3600.0));
  EXPECT_DOUBLE_EQ(c.ais_gap.handover_gate_m, 1500.0);
  EXPECT_DOUBLE_EQ(c.ais_gap.handover_gate_drift_fraction, 0.1);

  cueing::IdentityRulesConfig bad;
  const auto problems = read(R"(
ais_gap: {harbour_cell_deg: 5, handover_gate_drift_fraction: 2, harbour_min_vessels: -1}
)",
                             bad);
  EXPECT_THAT(problems, Contains(::testing::HasSubstr("cueing.ais_gap.harbour_cell_deg")));
  EXPECT_THAT(problems, Contains(::testing::HasSubstr("cueing.ais_gap.handover_gate_drift_fraction")));
  EXPECT_THAT(problems, Contains(::testing::HasSubstr("cueing.ais_gap.harbour_min_vessels")));
}

TEST(ConfigIdentityRules, EveryProblemIsReportedWithItsPath) {
  cueing::IdentityRulesConfig c;
  const auto errors = read(R"(
ais_gap: {naive_gap_h: 8, deliberate_gap_h: 6, bogus: 1, fast_cue_severity: loud}
spoofing: {max_speed_kn: -3}
suspect_aircraft: {min_speed_kn: 300, max_speed_kn: 200, arrival_areas: peten}
zone_entry: {zone_types: [territorial_waters], states: [Colombia]}
)",
                           c);
  EXPECT_THAT(errors, Contains("cueing.ais_gap.bogus: unknown key"));
  EXPECT_THAT(errors, Contains("cueing.ais_gap.deliberate_gap_h: must not be shorter than naive_gap_h"));
  EXPECT_THAT(errors, Contains("cueing.ais_gap.fast_cue_severity: 'loud' is not one of: "
                               "critical, high, info, low, medium"));
  EXPECT_THAT(errors, Contains("cueing.spoofing.max_speed_kn: -3 is outside [1, 200]"));
  EXPECT_THAT(errors, Contains("cueing.suspect_aircraft.min_speed_kn: must be below max_speed_kn"));
  EXPECT_THAT(errors, Contains("cueing.suspect_aircraft.arrival_areas: expected a list of names"));
  EXPECT_THAT(errors, Contains("cueing.zone_entry.zone_types: 'territorial_waters' is not one of: "
                               "contiguous_zone, eez, territorial_sea"));
  EXPECT_THAT(errors, Contains("cueing.zone_entry.states: 'Colombia' is not an ISO 3166-1 "
                               "alpha-3 code"));
}

TEST(ConfigIdentityRules, EffectiveConfigRoundTrips) {
  cueing::IdentityRulesConfig c;
  c.suspect_aircraft.arrival_areas = {"peten"};
  c.zone_entry.eez = false;
  c.ais_gap.naive_gap = core::Duration::fromSeconds(5 * 3600);
  YAML::Emitter out;
  out << YAML::BeginMap;
  writeIdentityRules(out, c);
  out << YAML::EndMap;
  cueing::IdentityRulesConfig back;
  EXPECT_THAT(read(out.c_str(), back), IsEmpty()) << out.c_str();
  EXPECT_EQ(back, c);
}

TEST(ConfigIdentityRules, ExampleFileDocumentsTheDefaults) {
  // The example fragment lists every key with its default: it must read back as the defaults.
  const YAML::Node root =
      YAML::LoadFile(std::string(PICKET_SOURCE_DIR) + "/config/cueing-identity-rules.example.yaml");
  std::vector<std::string> errors;
  cueing::IdentityRulesConfig c;
  c.ais_gap.naive_gap = core::Duration::fromSeconds(1);  // so that the file must set it back
  {
    MapReader r(root["cueing"], "cueing", errors);
    readIdentityRules(r, c);
  }
  EXPECT_THAT(errors, IsEmpty());
  EXPECT_EQ(c, cueing::IdentityRulesConfig{});
}

TEST(ConfigIdentityRules, AreaIdsAreCheckedAgainstTheGeography) {
  cueing::IdentityRulesConfig c;
  c.suspect_aircraft.arrival_areas = {"peten", "mosquitia"};
  cueing::Geography g;
  g.areas = {{"peten", geo::GeoPolygon({{16, -90, 0}, {16, -89, 0}, {17, -89, 0}})}};
  EXPECT_THAT(cueing::checkIdentityRules(c, g),
              Contains("cueing.suspect_aircraft.arrival_areas: no area 'mosquitia' in the "
                       "geography"));
  g.areas.push_back({"mosquitia", geo::GeoPolygon({{15, -84, 0}, {15, -83, 0}, {16, -83, 0}})});
  EXPECT_THAT(cueing::checkIdentityRules(c, g), IsEmpty());
}

}  // namespace
}  // namespace picket::io
