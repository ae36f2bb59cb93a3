// Measures of effectiveness end to end, as real processes: sensors-sim writes fusiond's sensors
// for every shipped scenario (fusiond's config loader accepts them, and the committed
// config/scenarios/*.fusiond.yaml hold exactly them); and the demo scenario recorded, replayed
// by fusion-replay and scored by fusion-eval against its planted event.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "io/config.hpp"
#include "io/events_csv.hpp"
#include "support/process.hpp"

namespace {

using picket::testing::ChildProcess;
using picket::testing::readFile;
using picket::testing::TempDir;
using namespace std::chrono_literals;

const std::string kBin = PICKET_BIN_DIR;
const std::string kSource = PICKET_SOURCE_DIR;

std::vector<std::string> shippedScenarios() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kSource + "/config/scenarios")) {
    const std::string file = entry.path().filename().string();
    const std::string suffix = ".yaml";
    if (file.size() <= suffix.size() || file.find(".fusiond.") != std::string::npos) continue;
    if (file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    names.push_back(file.substr(0, file.size() - suffix.size()));
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A sensor as the loader reads it, field by field (SensorConfig has no operator==).
std::string describe(const picket::io::SensorConfig& s) {
  std::ostringstream o;
  o.precision(17);
  o << s.info.id << ' ' << picket::core::toString(s.info.kind) << ' '
    << picket::core::toString(s.info.domain) << ' ' << s.info.max_range_m << ' '
    << s.ais_position_sigma_high_m << ' ' << s.ais_position_sigma_low_m << ' ' << s.range_sigma_m
    << ' ' << s.bearing_sigma_deg;
  if (s.site) o << " site " << s.site->lat_deg << ' ' << s.site->lon_deg << ' ' << s.site->alt_m;
  return o.str();
}

std::vector<std::string> describeAll(const std::vector<picket::io::SensorConfig>& sensors) {
  std::vector<std::string> out;
  for (const auto& s : sensors) out.push_back(describe(s));
  return out;
}

TEST(FusiondSensors, EveryShippedScenarioGivesSensorsFusiondAccepts) {
  const auto names = shippedScenarios();
  ASSERT_GE(names.size(), 4u);
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    // GIVEN the sensors section sensors-sim writes for the scenario (no run: files only)
    TempDir dir;
    ChildProcess p({kBin + "/sensors-sim", "--scenario", name, "--fusiond-sensors",
                    dir.file("sensors.yaml")},
                   dir.file("stderr"));
    ASSERT_EQ(p.wait(60s), 0) << readFile(dir.file("stderr"));
    const std::string sensors = readFile(dir.file("sensors.yaml"));
    // WHEN fusiond's loader reads it with the least else a config needs
    picket::io::FusiondConfig c;
    ASSERT_NO_THROW(c = picket::io::parseConfig(
                        "instance_id: t\npartners:\n  default: {id: HS, name: High seas}\n" +
                        sensors))
        << sensors;
    // THEN every sensor is there, once
    EXPECT_FALSE(c.sensors.empty());
    std::set<std::string> ids;
    for (const auto& s : c.sensors) EXPECT_TRUE(ids.insert(s.info.id).second) << s.info.id;
  }
}

TEST(FusiondSensors, ShippedScenarioConfigsMatchTheirScenarios) {
  for (const std::string& name : shippedScenarios()) {
    SCOPED_TRACE(name);
    const std::string committed = kSource + "/config/scenarios/" + name + ".fusiond.yaml";
    ASSERT_TRUE(std::filesystem::exists(committed)) << "ship " << committed;
    TempDir dir;
    ChildProcess p({kBin + "/sensors-sim", "--scenario", name, "--fusiond-sensors",
                    dir.file("sensors.yaml")},
                   dir.file("stderr"));
    ASSERT_EQ(p.wait(60s), 0) << readFile(dir.file("stderr"));
    const auto fresh = picket::io::parseConfig(
        "instance_id: t\npartners:\n  default: {id: HS, name: High seas}\n" +
        readFile(dir.file("sensors.yaml")));
    const auto shipped = picket::io::loadConfig(committed);
    EXPECT_EQ(describeAll(shipped.sensors), describeAll(fresh.sensors))
        << committed << " is stale: regenerate its sensors (command in the file)";
    EXPECT_EQ(shipped.input.time_reference, picket::io::TimeReference::Data);
  }
}

// Runs a process to completion; its exit code (or -1), stdout lines into `out`.
int run(const std::vector<std::string>& argv, const TempDir& dir, const std::string& tag,
        std::string* out = nullptr) {
  ChildProcess p(argv, dir.file(tag + ".stderr"));
  if (out) {
    while (const auto line = p.readLine(120s)) *out += *line + "\n";
  }
  const auto code = p.wait(180s);
  if (!code) ADD_FAILURE() << tag << " did not exit";
  return code.value_or(-1);
}

TEST(MoeEndToEnd, TheDemoGoFastIsCuedAndScored) {
  // GIVEN the demo scenario recorded with its events and its event platforms' truth
  TempDir dir;
  ASSERT_EQ(run({kBin + "/sensors-sim", "--scenario", "caribbean-demo", "--start",
                 "2026-03-01T00:00:00Z", "--record", dir.file("r.pkrec"), "--events-csv",
                 dir.file("events.csv"), "--truth-csv", dir.file("truth.csv"),
                 "--truth-platforms", "events", "--quiet"},
                dir, "sim"),
            0)
      << readFile(dir.file("sim.stderr"));
  // Only the go-fast of the event is in the truth.
  EXPECT_EQ(readFile(dir.file("truth.csv")).find("merchant"), std::string::npos);
  // WHEN the recording is replayed with the scenario's fusiond config and scored
  ASSERT_EQ(run({kBin + "/fusion-replay", "--offline", "--config",
                 kSource + "/config/scenarios/caribbean-demo.fusiond.yaml", "--recording",
                 dir.file("r.pkrec"), "--tracks-csv", dir.file("tracks.csv"),
                 "--tracks-interval-s", "10", "--alerts-csv", dir.file("alerts.csv")},
                dir, "replay"),
            0)
      << readFile(dir.file("replay.stderr"));
  std::string json;
  ASSERT_EQ(run({kBin + "/fusion-eval", "--events", dir.file("events.csv"), "--alerts",
                 dir.file("alerts.csv"), "--truth", dir.file("truth.csv"), "--tracks",
                 dir.file("tracks.csv"), "--json"},
                dir, "eval", &json),
            0)
      << readFile(dir.file("eval.stderr"));
  // THEN the one planted go-fast run is alerted by its dark-target and go-fast alerts, the
  // only scored alerts, within minutes of its first confirmed track, and held part of the run
  const auto j = nlohmann::json::parse(json);
  EXPECT_EQ(j["planted"], 1);
  EXPECT_EQ(j["matched"], 1);
  EXPECT_DOUBLE_EQ(j["recall"].get<double>(), 1.0);
  EXPECT_EQ(j["scored_alerts"], 2);
  EXPECT_DOUBLE_EQ(j["precision"].get<double>(), 1.0);
  ASSERT_TRUE(j["time_to_cue_median_s"].is_number()) << json;
  EXPECT_GT(j["time_to_cue_median_s"].get<double>(), 0.0);
  EXPECT_LT(j["time_to_cue_median_s"].get<double>(), 600.0);
  EXPECT_GT(j["custody_share"].get<double>(), 0.3);
  EXPECT_LE(j["custody_share"].get<double>(), 1.0);
  EXPECT_EQ(j["by_kind"]["dark-go-fast-run"]["matched"], 1);

  // AND the table names the same figures; a rules file that counts only go_fast keeps the
  // match through the go-fast alert and leaves the dark-target alert unscored
  std::string table;
  ASSERT_EQ(run({kBin + "/fusion-eval", "--events", dir.file("events.csv"), "--alerts",
                 dir.file("alerts.csv"), "--truth", dir.file("truth.csv"), "--tracks",
                 dir.file("tracks.csv")},
                dir, "table", &table),
            0);
  EXPECT_NE(table.find("recall"), std::string::npos) << table;
  EXPECT_NE(table.find("(1 of 1 planted events)"), std::string::npos) << table;
  picket::testing::writeFile(dir.file("rules.txt"), "dark-go-fast-run: go_fast\n");
  std::string strict;
  ASSERT_EQ(run({kBin + "/fusion-eval", "--events", dir.file("events.csv"), "--alerts",
                 dir.file("alerts.csv"), "--truth", dir.file("truth.csv"), "--tracks",
                 dir.file("tracks.csv"), "--rules", dir.file("rules.txt"), "--json"},
                dir, "strict", &strict),
            0);
  const auto s = nlohmann::json::parse(strict);
  EXPECT_EQ(s["matched"], 1);
  EXPECT_EQ(s["scored_alerts"], 1);
  EXPECT_EQ(s["unscored_alerts"]["dark_target"], 1);
}

TEST(EventsCsv, ReadsWhatTheSimulatorWrites) {
  std::istringstream in(
      "id,kind,near_miss,start_ns,end_ns,start_utc,end_utc,platforms,lat_deg,lon_deg,description\n"
      "rendezvous-1,rendezvous,0,1000000000,5000000000,2026-03-01T00:00:01Z,"
      "2026-03-01T00:00:05Z,logistics-1;go-fast-3,5.5000000,-85.0000000,\"refuel, \"\"at sea\"\"\"\n");
  const auto e = picket::io::readEventsCsv(in);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].kind, "rendezvous");
  EXPECT_FALSE(e[0].near_miss);
  EXPECT_EQ(e[0].start_ns, 1'000'000'000);
  EXPECT_EQ(e[0].end_ns, 5'000'000'000);
  EXPECT_EQ(e[0].platform_ids, (std::vector<std::string>{"logistics-1", "go-fast-3"}));
  EXPECT_EQ(e[0].description, "refuel, \"at sea\"");
}

TEST(EventsCsv, RefusesABadHeaderOrRowNamingTheLine) {
  std::istringstream header("id,kind\n");
  EXPECT_THROW(picket::io::readEventsCsv(header), std::runtime_error);
  std::istringstream row(
      "id,kind,near_miss,start_ns,end_ns,start_utc,end_utc,platforms,lat_deg,lon_deg,description\n"
      "x,loitering,2,0,1,a,b,p,0,0,\"d\"\n");
  try {
    picket::io::readEventsCsv(row);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
}

TEST(MoeEndToEnd, BadInputsExitOneOrTwoNamingTheProblem) {
  TempDir dir;
  picket::testing::writeFile(dir.file("events.csv"), "not,an,events,file\n");
  picket::testing::writeFile(dir.file("empty.csv"), "");
  std::string out;
  EXPECT_EQ(run({kBin + "/fusion-eval", "--events", dir.file("events.csv"), "--alerts",
                 dir.file("empty.csv"), "--truth", dir.file("empty.csv"), "--tracks",
                 dir.file("empty.csv")},
                dir, "bad", &out),
            1);
  EXPECT_NE(readFile(dir.file("bad.stderr")).find("events.csv"), std::string::npos);
  EXPECT_EQ(run({kBin + "/fusion-eval", "--events", dir.file("events.csv"), "--truth", "t",
                 "--tracks", "t"},
                dir, "usage", &out),
            2);
  EXPECT_EQ(run({kBin + "/sensors-sim", "--scenario", "caribbean-demo", "--truth-platforms",
                 "some", "--truth-csv", dir.file("t.csv")},
                dir, "sim", &out),
            2);
}

}  // namespace
