#include "sim/scenario_yaml.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "geo/wgs84.hpp"

namespace picket::sim {
namespace {

const std::filesystem::path kConfigDir = std::filesystem::path(PICKET_SOURCE_DIR) / "config";

ScenarioLoadOptions optionsFor(std::optional<std::uint64_t> seed = std::nullopt) {
  ScenarioLoadOptions options;
  options.config_dir = kConfigDir;
  options.seed = seed;
  return options;
}

Scenario parse(const std::string& text) { return parseScenarioYaml(text, "t.yaml", optionsFor()); }

/// The problems reported for a text that must fail.
std::vector<std::string> problemsOf(const std::string& text) {
  try {
    parse(text);
  } catch (const ScenarioFileError& e) {
    return e.problems();
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return {};
}

/// True when one problem contains every fragment.
bool reported(const std::vector<std::string>& problems, const std::vector<std::string>& fragments) {
  return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) {
    return std::all_of(fragments.begin(), fragments.end(),
                       [&](const std::string& f) { return p.find(f) != std::string::npos; });
  });
}

std::string joined(const std::vector<std::string>& problems) {
  std::string s;
  for (const auto& p : problems) s += p + "\n";
  return s;
}

constexpr const char* kMinimal =
    "name: tiny\n"
    "duration_min: 30\n"
    "platforms:\n"
    "  - id: boat-1\n"
    "    class: fishing\n"
    "    speed_kn: 4\n"
    "    waypoints: [[12.8, -70.0], [12.9, -70.1]]\n";

TEST(ScenarioYaml, ReadsAMinimalFile) {
  const Scenario s = parse(kMinimal);
  EXPECT_EQ(s.name, "tiny");
  EXPECT_EQ(s.duration, core::Duration::fromSeconds(1800.0));
  EXPECT_EQ(s.seed, 1U);
  EXPECT_FALSE(s.start.has_value());
  ASSERT_EQ(s.platforms.size(), 1U);
  const Platform& p = s.platforms[0];
  EXPECT_EQ(p.platform_class, PlatformClass::Fishing);
  EXPECT_FALSE(p.illicit);
  EXPECT_NEAR(p.route.speedMps(), 4.0 * geo::kKnotToMps, 1e-12);
  EXPECT_EQ(p.route.waypoints().size(), 2U);
  EXPECT_EQ(p.route.waypoints()[1].position, (core::GeoPoint{12.9, -70.1, 0.0}));
}

TEST(ScenarioYaml, AcceptsEveryUnitOfAFamilyAndConvertsIt) {
  const Scenario a = parse("name: a\nduration_h: 1.5\nseed: 9\nstart: 2026-03-01T00:00:00Z\n");
  EXPECT_EQ(a.duration, core::Duration::fromSeconds(5400.0));
  EXPECT_EQ(a.seed, 9U);
  ASSERT_TRUE(a.start.has_value());
  EXPECT_EQ(a.start->ns, 1'772'323'200LL * 1'000'000'000);
  const Scenario b = parse(
      "name: b\nduration_s: 600\nsensors:\n  ais_receivers:\n"
      "    - {source_id: ais-1, site: [12.5, -70.0], range_nm: 40}\n"
      "    - {source_id: ais-2, site: [12.5, -70.0], range_km: 74.08}\n");
  ASSERT_EQ(b.ais_receivers.size(), 2U);
  EXPECT_DOUBLE_EQ(b.ais_receivers[0].range_m, 74080.0);
  EXPECT_DOUBLE_EQ(b.ais_receivers[1].range_m, 74080.0);
}

TEST(ScenarioYaml, ReportsAnUnknownKeyWithFileAndLine) {
  const auto problems = problemsOf("name: x\nduration_h: 1\ndurration_h: 2\n");
  EXPECT_TRUE(reported(problems, {"t.yaml:3:", "durration_h", "unknown key"})) << joined(problems);
}

TEST(ScenarioYaml, ReportsABadUnitAndListsTheGoodOnes) {
  auto problems = problemsOf("name: x\nduration_days: 2\n");
  EXPECT_TRUE(reported(problems, {"t.yaml:2:", "duration_days", "unknown unit 'days'",
                                  "duration_s, duration_min or duration_h"}))
      << joined(problems);
  EXPECT_TRUE(reported(problems, {"duration", "required"})) << joined(problems);
  problems = problemsOf("name: x\nduration: 2\n");
  EXPECT_TRUE(reported(problems, {"duration", "needs a unit"})) << joined(problems);
  problems = problemsOf("name: x\nduration_h: 1\nduration_min: 60\n");
  EXPECT_TRUE(reported(problems, {"duration_h", "given twice", "duration_min"}))
      << joined(problems);
}

TEST(ScenarioYaml, ReportsAnUnknownPlace) {
  const auto problems = problemsOf(
      "name: x\nduration_h: 1\nsensors:\n  surface_radars:\n"
      "    - {source_id: r, site: atlantis}\n");
  EXPECT_TRUE(reported(problems,
                       {"t.yaml:5:", "sensors.surface_radars[0].site", "unknown place 'atlantis'"}))
      << joined(problems);
}

TEST(ScenarioYaml, ResolvesNotablePlacesAndPortsByName) {
  const Scenario s = parse(
      "name: x\nduration_h: 1\ngeography: {places: geo/notable_places.csv, ports: "
      "geo/wpi_ports_clip.csv}\nsensors:\n  ais_receivers:\n"
      "    - {source_id: a, site: csl_curacao_hato}\n"
      "    - {source_id: b, site: 'wpi:11110'}\n");
  ASSERT_EQ(s.ais_receivers.size(), 2U);
  EXPECT_NEAR(s.ais_receivers[0].site.lat_deg, 12.1889, 1e-9);
  EXPECT_NEAR(s.ais_receivers[0].site.lon_deg, -68.9598, 1e-9);
  EXPECT_NEAR(s.ais_receivers[1].site.lat_deg, 18.466667, 1e-6);  // San Juan, WPI 11110
}

TEST(ScenarioYaml, ReportsWrongTypes) {
  const auto problems = problemsOf(
      "name: x\n"
      "duration_h: one\n"
      "seed: -3\n"
      "truth_interval_s: [1, 2]\n"
      "platforms: 5\n"
      "area: {lat_min_deg: 10, lat_max_deg: 5, lon_min_deg: -80, lon_max_deg: -70}\n");
  EXPECT_TRUE(reported(problems, {"t.yaml:2:", "duration_h", "expected a number"}))
      << joined(problems);
  EXPECT_TRUE(reported(problems, {"t.yaml:3:", "seed", "expected a whole number"}))
      << joined(problems);
  EXPECT_TRUE(reported(problems, {"t.yaml:4:", "truth_interval_s", "expected a number"}))
      << joined(problems);
  EXPECT_TRUE(reported(problems, {"t.yaml:5:", "platforms", "expected a list"}))
      << joined(problems);
  EXPECT_TRUE(reported(problems, {"area", "min must be below max"})) << joined(problems);
}

TEST(ScenarioYaml, ReportsBadValuesInsidePlatforms) {
  const auto problems = problemsOf(
      "name: x\nduration_h: 1\nplatforms:\n"
      "  - id: p\n"
      "    class: submarine\n"
      "    speed_kn: 5000\n"
      "    waypoints: [[95, 10]]\n"
      "    ais: {mmsi: 123, imo: 9412348, class: C}\n");
  EXPECT_TRUE(
      reported(problems, {"t.yaml:5:", "platforms[0].class", "unknown platform class 'submarine'"}))
      << joined(problems);
  EXPECT_TRUE(reported(problems, {"t.yaml:6:", "speed_kn", "outside"})) << joined(problems);
  EXPECT_TRUE(reported(problems, {"t.yaml:7:", "latitude or longitude out of range"}))
      << joined(problems);
  EXPECT_TRUE(reported(problems, {"needs waypoints or a racetrack"})) << joined(problems);
  EXPECT_TRUE(reported(problems, {"imo", "wrong check digit"})) << joined(problems);
  EXPECT_TRUE(reported(problems, {"class", "not A or B"})) << joined(problems);
}

TEST(ScenarioYaml, ReportsBadStartAndUnknownFlag) {
  const auto problems = problemsOf(
      "name: x\nduration_h: 1\nstart: 2026-02-30T00:00:00Z\ntraffic:\n  fishing:\n    grounds:\n"
      "      - {id: g, at: [12.9, -70.5], radius_nm: 5, count: 1, flag: atlantis}\n");
  EXPECT_TRUE(reported(problems, {"t.yaml:3:", "start", "not an ISO-8601 UTC time"}))
      << joined(problems);
  EXPECT_TRUE(reported(problems, {"t.yaml:7:", "flag", "unknown flag state 'atlantis'"}))
      << joined(problems);
}

TEST(ScenarioYaml, FailsLoudlyForALaneOverLand) {
  // Straight across the Isthmus of Panama, from the Caribbean to the Pacific entrance.
  const auto problems = problemsOf(
      "name: x\nduration_h: 1\ngeography: {land: geo/ne_10m_land_clip.geojson}\n"
      "traffic:\n"
      "  nodes:\n"
      "    - {id: a, at: [9.43, -79.93], weight: {merchant: 1}}\n"
      "    - {id: b, at: [8.82, -79.50], weight: {merchant: 1}}\n"
      "  lanes:\n"
      "    - {id: across-the-isthmus, from: a, to: b}\n"
      "  merchant: {count: 1, flags: {panama: 1}}\n");
  EXPECT_TRUE(reported(problems, {"t.yaml:9:", "across-the-isthmus", "crosses land"}))
      << joined(problems);
}

TEST(ScenarioYaml, ReportsAnUnreadableGeographyFile) {
  const auto problems =
      problemsOf("name: x\nduration_h: 1\ngeography: {land: geo/no_such_file.geojson}\n");
  EXPECT_TRUE(reported(problems, {"t.yaml:3:", "geography.land", "no_such_file"}))
      << joined(problems);
}

TEST(ScenarioYaml, ReportsInvalidYamlWithItsLine) {
  const auto problems = problemsOf("name: x\nduration_h: [1, 2\n");
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_NE(problems[0].find("not valid YAML"), std::string::npos) << problems[0];
}

TEST(ScenarioYaml, ReportsSensorsCarriedByUnknownPlatforms) {
  const auto problems = problemsOf(
      "name: x\nduration_h: 1\nsensors:\n  airborne_radars:\n    - {source_id: r, carrier: "
      "ghost}\n");
  EXPECT_TRUE(reported(problems, {"unknown platform 'ghost'"})) << joined(problems);
}

TEST(ScenarioYaml, ASeedOverrideReplacesTheFilesSeed) {
  const Scenario s =
      parseScenarioYaml("name: x\nduration_h: 1\nseed: 4\n", "t.yaml", optionsFor(99));
  EXPECT_EQ(s.seed, 99U);
}

TEST(ScenarioYaml, ADurationOverrideIsTheBuildersRun) {
  ScenarioLoadOptions options = optionsFor();
  options.duration = core::Duration::fromSeconds(7200.0);
  const Scenario s = parseScenarioYaml(
      "name: x\nduration_h: 24\ntraffic:\n  go_fasts:\n"
      "    - {route: r, count: 5, depart_h: [0, 20]}\n"
      "  illicit_routes:\n    - {id: r, points: [[12.8, -70.0], [13.5, -70.0]]}\n",
      "t.yaml", options);
  EXPECT_EQ(s.duration, core::Duration::fromSeconds(7200.0));
  ASSERT_EQ(s.platforms.size(), 5U);
  std::size_t in_run = 0;
  for (const Platform& p : s.platforms) in_run += p.active_from < s.duration ? 1 : 0;
  EXPECT_EQ(s.events.size(), in_run);  // runs that start after the end plant nothing
  for (const PlantedEvent& e : s.events) {
    EXPECT_LT(e.start, s.duration) << e.id;
    EXPECT_LE(e.end, s.duration) << e.id;
  }
}

TEST(UtcTimestamp, ParsesAndFormatsIso8601) {
  EXPECT_EQ(parseUtcTimestamp("2024-02-29T23:59:59Z")->ns, 1'709'251'199LL * 1'000'000'000);
  EXPECT_EQ(parseUtcTimestamp("2000-01-01T00:00:00.25+00:00")->ns,
            946'684'800LL * 1'000'000'000 + 250'000'000);
  EXPECT_FALSE(parseUtcTimestamp("2023-02-29T00:00:00Z"));  // not a leap year
  EXPECT_FALSE(parseUtcTimestamp("2026-03-01T00:00:00"));   // no zone
  EXPECT_FALSE(parseUtcTimestamp("2026-03-01T00:00:00+01:00"));
  EXPECT_FALSE(parseUtcTimestamp("2026-03-01 00:00:00Z"));
  EXPECT_EQ(formatUtcTimestamp(core::Timestamp{1'772'323'200LL * 1'000'000'000}),
            "2026-03-01T00:00:00Z");
  EXPECT_EQ(formatUtcTimestamp(core::Timestamp{946'684'800LL * 1'000'000'000 + 250'000'000}),
            "2000-01-01T00:00:00.250Z");
  const core::Timestamp t{1'709'251'199LL * 1'000'000'000};
  EXPECT_EQ(parseUtcTimestamp(formatUtcTimestamp(t)), t);
}

}  // namespace
}  // namespace picket::sim
