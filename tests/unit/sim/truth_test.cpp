#include "sim/truth.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "sim/caribbean_demo.hpp"

namespace picket::sim {
namespace {

constexpr core::Timestamp kStart{1'700'000'000'000'000'000};
constexpr core::Duration kTenSeconds = core::Duration::fromMillis(10'000);

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, sep)) out.push_back(field);
  return out;
}

TEST(Truth, HasOneRowPerPlatformEveryTenSeconds) {
  const Scenario s = makeCaribbeanDemo();
  const auto rows = sampleTruth(s, kStart, kTenSeconds);
  ASSERT_EQ(rows.size(), s.platforms.size() * 540U);
  EXPECT_EQ(rows.front().time, kStart);
  EXPECT_EQ(rows.back().time, kStart + core::Duration::fromSeconds(5390.0));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].platform_id, s.platforms[i % s.platforms.size()].id);
  }
}

TEST(Truth, MarksDarkAndIllicitPlatforms) {
  const Scenario s = makeCaribbeanDemo();
  for (const TruthRow& r : sampleTruth(s, kStart, kTenSeconds)) {
    if (r.platform_id == "go-fast-1") {
      EXPECT_EQ(r.mmsi, 0U);
      EXPECT_TRUE(r.illicit);
      EXPECT_EQ(r.platform_class, PlatformClass::GoFast);
    } else if (r.platform_class == PlatformClass::Merchant) {
      EXPECT_NE(r.mmsi, 0U);
      EXPECT_FALSE(r.illicit);
    }
  }
}

TEST(Truth, CsvHasTheDocumentedColumns) {
  Scenario s = makeCaribbeanDemo();
  s.duration = core::Duration::fromSeconds(20.0);
  std::ostringstream out;
  writeTruthCsv(out, sampleTruth(s, kStart, kTenSeconds));
  std::istringstream in(out.str());
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line,
            "time_ns,platform_id,class,illicit,lat_deg,lon_deg,alt_m,speed_mps,course_deg,mmsi");
  std::vector<std::vector<std::string>> rows;
  while (std::getline(in, line)) rows.push_back(split(line, ','));
  ASSERT_EQ(rows.size(), 2U * s.platforms.size());
  for (const auto& r : rows) ASSERT_EQ(r.size(), 10U);
  // First row: merchant-1 at its first waypoint at the start time.
  EXPECT_EQ(rows[0][0], "1700000000000000000");
  EXPECT_EQ(rows[0][1], "merchant-1");
  EXPECT_EQ(rows[0][2], "merchant");
  EXPECT_EQ(rows[0][3], "0");
  EXPECT_EQ(rows[0][4], "12.8400000");
  EXPECT_EQ(rows[0][5], "-69.5500000");
  EXPECT_EQ(rows[0][6], "0.00");
  EXPECT_EQ(rows[0][7], "6.688");  // 13 kn
  EXPECT_EQ(rows[0][9], "355417000");
  bool saw_go_fast = false;
  bool saw_aircraft = false;
  for (const auto& r : rows) {
    if (r[1] == "go-fast-1") {
      saw_go_fast = true;
      EXPECT_EQ(r[2], "go-fast");
      EXPECT_EQ(r[3], "1");
      EXPECT_EQ(r[9], "0");
    }
    if (r[1] == "mpa-1") {
      saw_aircraft = true;
      EXPECT_EQ(r[2], "patrol-aircraft");
      EXPECT_EQ(r[6], "1500.00");
    }
  }
  EXPECT_TRUE(saw_go_fast);
  EXPECT_TRUE(saw_aircraft);
}

TEST(Truth, CsvIsDeterministic) {
  const Scenario s = makeCaribbeanDemo();
  std::ostringstream a;
  std::ostringstream b;
  writeTruthCsv(a, sampleTruth(s, kStart, kTenSeconds));
  writeTruthCsv(b, sampleTruth(makeCaribbeanDemo(), kStart, kTenSeconds));
  EXPECT_EQ(a.str(), b.str());
}

TEST(Truth, StreamingWriterMatchesTheSampledRows) {
  Scenario s = makeCaribbeanDemo();
  s.duration = core::Duration::fromSeconds(600.0);
  std::ostringstream sampled;
  std::ostringstream streamed;
  writeTruthCsv(sampled, sampleTruth(s, kStart, kTenSeconds));
  writeTruthCsv(streamed, s, kStart, kTenSeconds);
  EXPECT_EQ(sampled.str(), streamed.str());
}

TEST(Truth, EventsCsvHasTheDocumentedColumns) {
  Scenario s = makeCaribbeanDemo();
  s.events.push_back(PlantedEvent{.id = "rendezvous-1",
                                  .kind = EventKind::Rendezvous,
                                  .start = core::Duration::fromSeconds(600.0),
                                  .end = core::Duration::fromMillis(7'800'250),
                                  .platform_ids = {"merchant-1", "go-fast-1"},
                                  .position = {12.5, -70.25, 0.0},
                                  .description = "a \"quoted\", comma",
                                  .near_miss = true});
  std::ostringstream out;
  writeEventsCsv(out, s, kStart);
  std::istringstream in(out.str());
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line,
            "id,kind,near_miss,start_ns,end_ns,start_utc,end_utc,platforms,lat_deg,lon_deg,"
            "description");
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line,
            "dark-go-fast-run-1,dark-go-fast-run,0,1700000000000000000,1700005400000000000,"
            "2023-11-14T22:13:20Z,2023-11-14T23:43:20Z,go-fast-1,12.3000000,-70.8000000,"
            "\"go-fast without AIS at 45 kn running north-east past the west of Aruba\"");
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line,
            "rendezvous-1,rendezvous,1,1700000600000000000,1700007800250000000,"
            "2023-11-14T22:23:20Z,2023-11-15T00:23:20.250Z,merchant-1;go-fast-1,12.5000000,"
            "-70.2500000,\"a \"\"quoted\"\", comma\"");
  EXPECT_FALSE(std::getline(in, line));
}

TEST(Truth, OnlyActivePlatformsHaveRows) {
  Scenario s = makeCaribbeanDemo();
  s.duration = core::Duration::fromSeconds(60.0);
  s.platforms[0].active_from = core::Duration::fromSeconds(20.0);
  s.platforms[1].active_until = core::Duration::fromSeconds(30.0);
  int first = 0;
  int second = 0;
  for (const TruthRow& r : sampleTruth(s, kStart, kTenSeconds)) {
    first += r.platform_id == s.platforms[0].id ? 1 : 0;
    second += r.platform_id == s.platforms[1].id ? 1 : 0;
  }
  EXPECT_EQ(first, 4);   // 20, 30, 40, 50 s
  EXPECT_EQ(second, 3);  // 0, 10, 20 s
}

TEST(Truth, RejectsANonPositiveStep) {
  EXPECT_THROW(sampleTruth(makeCaribbeanDemo(), kStart, core::Duration{}), std::invalid_argument);
}

}  // namespace
}  // namespace picket::sim
