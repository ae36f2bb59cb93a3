// fusion-bench's report, end to end as processes: the smallest run of every mode (offline
// tracker, fusiond over ZeroMQ on 127.0.0.1 fed by a sender process) must finish, lose
// nothing, and write a JSON report with every field issue 7 asks for, a Markdown summary and
// two well-formed SVG plots. No timing thresholds: figures are checked for presence and
// sanity (positive, ordered percentiles), never for speed. Plus the report's pure helpers.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "report/report.hpp"
#include "support/process.hpp"

namespace {

using namespace std::chrono_literals;
using picket::testing::ChildProcess;
using picket::testing::TempDir;
using Json = nlohmann::json;

const std::string kBin = PICKET_BIN_DIR;

void expectNumber(const Json& j, const char* key, const std::string& where) {
  ASSERT_TRUE(j.contains(key)) << where << " lacks " << key;
  EXPECT_TRUE(j[key].is_number()) << where << "." << key << " is not a number: " << j[key];
}

TEST(FusionBenchReport, SmallestRunOfEveryModeWritesACompleteReport) {
  // GIVEN the smallest load: 200 targets, batches of 1 and 20 plots, short phases
  TempDir dir;
  const std::string json_path = dir.file("report.json");
  const std::string md_path = dir.file("report.md");
  ChildProcess p({kBin + "/fusion-bench", "--quick", "--tracks", "200", "--clutter", "10",
                  "--batches", "1,20", "--warmup-scans", "2", "--scans", "2", "--burst-sweeps",
                  "1", "--burst-measurements", "1000", "--latency-s", "0.3", "--soak-s", "1",
                  "--json", json_path, "--markdown", md_path},
                 dir.file("stderr.txt"));
  // WHEN it runs to the end
  std::string out;
  while (auto line = p.readLine(300s)) out += *line + "\n";
  const auto code = p.wait(60s);
  ASSERT_TRUE(code.has_value());
  ASSERT_EQ(*code, 0) << out << picket::testing::readFile(dir.file("stderr.txt"));

  // THEN the JSON report has every required field
  const Json j = Json::parse(picket::testing::readFile(json_path));
  EXPECT_EQ(j["tool"], "fusion-bench");
  EXPECT_EQ(j["schema"], 2);
  for (const char* k : {"cpu_model", "kernel", "compiler", "build", "date_utc"}) {
    EXPECT_TRUE(j["machine"][k].is_string()) << k;
  }
  expectNumber(j["machine"], "cores", "machine");
  EXPECT_EQ(j["machine"]["load_average_start"].size(), 3u);
  EXPECT_EQ(j["modes"], Json::array({"offline", "e2e"}));

  ASSERT_EQ(j["offline"]["runs"].size(), 1u);
  const Json& off = j["offline"]["runs"][0];
  EXPECT_EQ(off["targets"], 200);
  for (const char* k : {"measurements", "measurements_per_s", "measurements_per_cpu_s",
                        "ns_per_measurement", "cpu_ns_per_measurement", "live_tracks",
                        "bytes_per_track"}) {
    expectNumber(off, k, "offline run");
    EXPECT_GT(off[k].get<double>(), 0.0) << k;
  }
  EXPECT_EQ(off["state_digest"].get<std::string>().size(), 16u);

  ASSERT_EQ(j["e2e"]["runs"].size(), 2u);
  std::vector<int> batches;
  for (const Json& e : j["e2e"]["runs"]) {
    const std::string where = "e2e run of " + e["plots_per_message"].dump() + " plots/message";
    EXPECT_TRUE(e["ok"].get<bool>()) << where << ": " << e["error"];
    batches.push_back(e["plots_per_message"].get<int>());
    for (const char* k : {"saturated_measurements_per_s", "max_measurements_per_s",
                          "bytes_per_track", "live_tracks"}) {
      expectNumber(e, k, where);
      EXPECT_GT(e[k].get<double>(), 0.0) << where << " " << k;
    }
    EXPECT_LE(e["max_measurements_per_s"].get<double>(),
              e["saturated_measurements_per_s"].get<double>() * 1.000001);
    EXPECT_GT(e["burst"]["fusiond_cpu_us_per_measurement"].get<double>(), 0.0) << where;
    EXPECT_TRUE(e["burst"]["complete"].get<bool>()) << where;
    ASSERT_FALSE(e["rate_search"].empty()) << where;
    // The search ends at the first step that kept up, or flags the maximum as not verified.
    EXPECT_EQ(e["rate_search"].back()["kept_up"].get<bool>(), e["max_rate_verified"].get<bool>())
        << where;
    ASSERT_EQ(e["latency"].size(), 3u) << where;
    const std::vector<double> fractions = {0.1, 0.5, 0.9};
    for (std::size_t i = 0; i < 3; ++i) {
      const Json& ph = e["latency"][i];
      EXPECT_DOUBLE_EQ(ph["fraction"].get<double>(), fractions[i]);
      EXPECT_TRUE(ph["complete"].get<bool>()) << where;
      EXPECT_TRUE(ph["kept_up"].is_boolean()) << where;
      const Json& l = ph["latency"];
      EXPECT_GT(l["matched"].get<int>(), 0) << where;
      EXPECT_LE(l["matched"].get<int>(), l["messages"].get<int>());
      EXPECT_GT(l["p50_us"].get<double>(), 0.0);
      EXPECT_LE(l["p50_us"].get<double>(), l["p99_us"].get<double>());
      EXPECT_LE(l["p99_us"].get<double>(), l["p999_us"].get<double>());
      EXPECT_LE(l["p999_us"].get<double>(), l["max_us"].get<double>());
    }
    // Nothing lost anywhere: every message reached fusiond (plus the end of stream), every
    // measurement was processed, every track update published reached the subscriber.
    const Json& t = e["totals"];
    EXPECT_EQ(t["sequence_gaps"], 0) << where;
    EXPECT_EQ(t["messages_received"].get<std::uint64_t>(), t["messages_sent"].get<std::uint64_t>() + 1);
    EXPECT_EQ(t["measurements_processed"], t["measurements_sent"]) << where;
    EXPECT_EQ(t["tracks_received"], t["tracks_published"]) << where;
    EXPECT_EQ(t["track_stream_gaps"], 0) << where;
    EXPECT_GT(t["heartbeats_received"].get<int>(), 0) << where;
    EXPECT_EQ(t["fusiond_exit"], 0) << where;
  }
  EXPECT_EQ(batches, (std::vector<int>{1, 20}));
  // The soak ran once, with the larger batch, and sampled fusiond's memory.
  EXPECT_TRUE(j["e2e"]["runs"][0]["soak"]["samples"].empty());
  const Json& soak = j["e2e"]["runs"][1]["soak"];
  ASSERT_GE(soak["samples"].size(), 1u);
  EXPECT_GT(soak["samples"][0]["rss_bytes"].get<double>(), 0.0);

  ASSERT_EQ(j["targets"].size(), 6u);
  for (const Json& t : j["targets"]) {
    const std::string status = t["status"];
    EXPECT_TRUE(status.rfind("met", 0) == 0 || status.rfind("not met", 0) == 0 ||
                status == "not measured")
        << status;
  }

  // AND the Markdown summary and its plots
  const std::string md = picket::testing::readFile(md_path);
  EXPECT_NE(md.find("# fusion-bench report"), std::string::npos);
  EXPECT_NE(md.find("report-throughput.svg"), std::string::npos);
  for (const char* svg : {"report-throughput.svg", "report-latency.svg"}) {
    pugi::xml_document doc;
    const auto parsed = doc.load_file(dir.file(svg).c_str());
    ASSERT_TRUE(parsed) << svg << ": " << parsed.description();
    EXPECT_STREQ(doc.first_child().name(), "svg");
  }
}

TEST(FusionBenchReport, LatencyPercentilesAreNearestRank) {
  std::vector<double> us;
  for (int i = 1000; i >= 1; --i) us.push_back(i);  // 1..1000, unsorted
  const auto s = picket::bench::latencyStats(us, 1200);
  EXPECT_EQ(s.messages, 1200u);
  EXPECT_EQ(s.matched, 1000u);
  EXPECT_DOUBLE_EQ(s.p50_us, 500.0);
  EXPECT_DOUBLE_EQ(s.p99_us, 990.0);
  EXPECT_DOUBLE_EQ(s.p999_us, 999.0);
  EXPECT_DOUBLE_EQ(s.max_us, 1000.0);
  EXPECT_DOUBLE_EQ(s.mean_us, 500.5);
  std::vector<double> none;
  EXPECT_EQ(picket::bench::latencyStats(none, 3).matched, 0u);
}

TEST(FusionBenchReport, SvgChartIsWellFormedWithALineAndALegendPerSeries) {
  const std::string svg = picket::bench::svgChart(
      "T <&>", "x", "y",
      {{"a", {{1000, 5}, {10000, 4}, {100000, 2}}}, {"b", {{1000, 1}}}, {"empty", {}}});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str()));
  const auto root = doc.child("svg");
  ASSERT_TRUE(root);
  std::size_t polylines = 0, circles = 0;
  for (const auto& n : root.children()) {
    polylines += std::string(n.name()) == "polyline";
    circles += std::string(n.name()) == "circle";
  }
  EXPECT_EQ(polylines, 1u);  // only "a" has two or more points
  EXPECT_EQ(circles, 4u);
  EXPECT_NE(svg.find("T &lt;&amp;&gt;"), std::string::npos);

  // A log y axis leaves out a zero (it has no place on it) and is still well formed.
  const std::string log_svg = picket::bench::svgChart(
      "L", "x", "y", {{"a", {{1000, 0.0}, {10000, 0.5}, {100000, 2000.0}}}}, true);
  pugi::xml_document log_doc;
  ASSERT_TRUE(log_doc.load_string(log_svg.c_str()));
  std::size_t log_circles = 0;
  for (const auto& n : log_doc.child("svg").children()) {
    log_circles += std::string(n.name()) == "circle";
  }
  EXPECT_EQ(log_circles, 2u);
  EXPECT_NE(log_svg.find("(log scale)</text>"), std::string::npos);
}

}  // namespace
