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
  EXPECT_EQ(r.options.seed, 1U);
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
  EXPECT_FALSE(parse({"--connect", "x", "--scenario", "atlantis"}).ok());
  EXPECT_FALSE(parse({"--connect", "x", "--quiet=yes"}).ok());
  const CliParseResult r = parse({"--connect", "x", "--scenario", "atlantis"});
  EXPECT_NE(r.error.find("atlantis"), std::string::npos);
}

TEST(Cli, HelpShortCircuitsOtherErrors) {
  EXPECT_TRUE(parse({"--bogus", "--help"}).options.help);
  EXPECT_TRUE(parse({"-h"}).options.help);
}

TEST(Cli, UsageMentionsEveryOption) {
  const std::string usage = usageText();
  for (const char* option :
       {"--connect", "--speed", "--seed", "--scenario", "--duration-s", "--start-time-ns",
        "--wait-subscriber-s", "--truth-csv", "--quiet", "caribbean-demo"}) {
    EXPECT_NE(usage.find(option), std::string::npos) << option;
  }
}

}  // namespace
}  // namespace picket::sim
