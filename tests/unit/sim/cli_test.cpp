#include "sim/cli.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace picket::sim {
namespace {

CliParseResult parse(std::vector<std::string> args) { return parseCli(args); }

TEST(Cli, ConnectAloneGivesTheDefaults) {
  const CliParseResult r = parse({"--connect", "tcp://127.0.0.1:41234"});
  ASSERT_TRUE(r.ok()) << r.error;
  CliOptions expected;
  expected.connect = "tcp://127.0.0.1:41234";
  EXPECT_EQ(r.options, expected);
  EXPECT_EQ(r.options.speed_factor, 1.0);
  EXPECT_FALSE(r.options.as_fast_as_possible);
  EXPECT_FALSE(r.options.seed.has_value());  // the scenario's
  EXPECT_EQ(r.options.scenario, "caribbean-demo");
  EXPECT_EQ(r.options.wait_subscriber_s, 10.0);
  EXPECT_FALSE(r.options.duration_s.has_value());
  EXPECT_FALSE(r.options.start_time_ns.has_value());
  EXPECT_FALSE(r.options.truth_csv.has_value());
}

TEST(Cli, ParsesEveryOption) {
  const CliParseResult r = parse(
      {"--connect=tcp://127.0.0.1:5550", "--speed", "max", "--seed", "18446744073709551615",
       "--scenario", "caribbean-demo", "--duration-s", "120.5", "--start-time-ns",
       "1700000000000000000", "--wait-subscriber-s=2.5", "--truth-csv", "/tmp/t.csv", "--quiet"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.connect, "tcp://127.0.0.1:5550");
  EXPECT_TRUE(r.options.as_fast_as_possible);
  EXPECT_EQ(r.options.seed, 18446744073709551615ULL);
  EXPECT_EQ(r.options.duration_s, 120.5);
  EXPECT_EQ(r.options.start_time_ns, 1700000000000000000LL);
  EXPECT_EQ(r.options.wait_subscriber_s, 2.5);
  EXPECT_EQ(r.options.truth_csv, "/tmp/t.csv");
  EXPECT_TRUE(r.options.quiet);
}

TEST(Cli, SpeedFactorIsANumberOrMax) {
  EXPECT_EQ(parse({"--connect", "x", "--speed", "60"}).options.speed_factor, 60.0);
  EXPECT_FALSE(parse({"--connect", "x", "--speed", "0"}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--speed", "-2"}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--speed", "fast"}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--speed", "nan"}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--speed", "inf"}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--speed", "10x"}).ok());
}

TEST(Cli, RejectsBadArguments) {
  EXPECT_FALSE(parse({}).ok());                             // no --connect
  EXPECT_FALSE(parse({"--connect"}).ok());                  // missing value
  EXPECT_FALSE(parse({"--connect", "x", "--bogus"}).ok());  // unknown option
  EXPECT_FALSE(parse({"--connect", "x", "extra"}).ok());    // stray positional
  EXPECT_FALSE(parse({"--connect", "x", "--seed", "-1"}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--seed", "1.5"}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--duration-s", "0"}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--start-time-ns", "-5"}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--wait-subscriber-s", "0"}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--scenario", ""}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--start", "yesterday"}).ok());
  EXPECT_FALSE(
      parse({"--connect", "x", "--start", "2026-03-01T00:00:00Z", "--start-time-ns", "5"}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--events-csv", ""}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--list-scenarios=yes"}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--quiet=yes"}).ok());
  const CliParseResult r = parse({"--connect", "x", "--start", "yesterday"});
  EXPECT_NE(r.error.find("yesterday"), std::string::npos);
}

TEST(Cli, HelpShortCircuitsOtherErrors) {
  EXPECT_TRUE(parse({"--bogus", "--help"}).options.help);
  EXPECT_TRUE(parse({"-h"}).options.help);
}

TEST(Cli, UsageMentionsEveryOption) {
  const std::string usage = usageText();
  for (const char* option :
       {"--connect", "--speed", "--seed", "--scenario", "--duration-s", "--start-time-ns",
        "--wait-subscriber-s", "--truth-csv", "--quiet", "caribbean-demo", "--start",
        "--events-csv", "--config-dir", "--list-scenarios"}) {
    EXPECT_NE(usage.find(option), std::string::npos) << option;
  }
}

TEST(Cli, ParsesTheScenarioOptions) {
  const CliParseResult r =
      parse({"--connect", "x", "--scenario", "gofast-run", "--start", "2026-03-01T00:00:00Z",
             "--events-csv", "/tmp/e.csv", "--config-dir=/opt/picket/config", "--seed", "5"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.scenario, "gofast-run");
  EXPECT_EQ(r.options.start_time_ns, 1'772'323'200LL * 1'000'000'000);
  EXPECT_EQ(r.options.events_csv, "/tmp/e.csv");
  EXPECT_EQ(r.options.config_dir, "/opt/picket/config");
  EXPECT_EQ(r.options.seed, 5U);
}

TEST(Cli, ListScenariosNeedsNoEndpoint) {
  const CliParseResult r = parse({"--list-scenarios"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(r.options.list_scenarios);
}

TEST(Cli, ResolvesBuiltInsFilesAndNamesInTheScenarioDirectory) {
  const std::filesystem::path dir =
      std::filesystem::path(PICKET_SOURCE_DIR) / "config" / "scenarios";
  const auto demo = resolveScenario("caribbean-demo", dir);
  ASSERT_TRUE(demo.has_value());
  EXPECT_TRUE(demo->built_in);  // the built-in wins: the demo needs no files
  const auto named = resolveScenario("transit-zone-24h", dir);
  ASSERT_TRUE(named.has_value());
  EXPECT_FALSE(named->built_in);
  EXPECT_EQ(named->file, dir / "transit-zone-24h.yaml");
  const auto path = resolveScenario("my/own.yaml", dir);
  ASSERT_TRUE(path.has_value());
  EXPECT_EQ(path->file, std::filesystem::path("my/own.yaml"));
  EXPECT_TRUE(resolveScenario("other.yaml", dir).has_value());
  EXPECT_FALSE(resolveScenario("atlantis", dir).has_value());
}

}  // namespace
}  // namespace picket::sim
