// fusion-replay --offline as a real process: a synthetic detections CSV in, tracks CSV out,
// twice, byte for byte the same, with a confirmed track on the target; and a sensors-sim
// recording of the demo scenario replayed twice through the correlator pipeline, byte for
// byte the same tracks, alerts CSV and alert recording.

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "geo/wgs84.hpp"
#include "io/alert_csv.hpp"
#include "io/recording_reader.hpp"
#include "io/track_csv.hpp"
#include "support/process.hpp"
#include "support/seeded_random.hpp"

namespace {

using picket::testing::ChildProcess;
using picket::testing::TempDir;
using namespace std::chrono_literals;

const std::string kBin = PICKET_BIN_DIR;

const std::string kConfig = R"(
instance_id: replay-test
sensors:
  - id: radar-1
    kind: coastal_radar
    max_range_m: 60000
    site: {lat_deg: 12.5, lon_deg: -70.0, alt_m: 30}
    range_sigma_m: 25
    bearing_sigma_deg: 0.3
partners:
  default: {id: HS, name: High seas authority}
)";

const picket::core::GeoPoint kSite{12.5, -70.0, 30.0};
// The target starts 20 km north-east of the site and steams east at 10 m/s.
const picket::core::GeoPoint kStart = picket::geo::geodesicDirect(kSite, 45.0, 20'000.0);
constexpr double kSpeedMps = 10.0;

picket::core::GeoPoint truthAt(double t_s) {
  return picket::geo::geodesicDirect(kStart, 90.0, kSpeedMps * t_s);
}

/// One plot every 6 s for 5 minutes, range and bearing from the site with seeded noise; an
/// extra ignored column on every row.
std::string syntheticDetections() {
  namespace geo = picket::geo;
  picket::test::SeededRandom rng(20260301);
  const picket::core::Vec3 site = geo::geodeticToEcef(kSite);
  const picket::core::Mat3 r = geo::enuToEcefRotation(kSite.lat_deg, kSite.lon_deg);
  std::string csv = "time_s,sensor,range_m,bearing_deg,note\n";
  for (int k = 0; k <= 50; ++k) {
    const double t_s = 6.0 * k;
    const picket::core::Vec3 enu = r.transpose() * (geo::geodeticToEcef(truthAt(t_s)) - site);
    const double range_m = enu.norm() + 25.0 * rng.normal();
    const double bearing_deg =
        geo::wrapTwoPi(std::atan2(enu.x(), enu.y())) * geo::kRadToDeg + 0.3 * rng.normal();
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.3f,radar-1,%.2f,%.4f,scan %d\n", t_s, range_m, bearing_deg,
                  k);
    csv += buf;
  }
  return csv;
}

int runReplay(const TempDir& dir, const std::string& tracks, const std::string& alerts) {
  ChildProcess p({kBin + "/fusion-replay", "--offline", "--config", dir.file("config.yaml"),
                  "--detections-csv", dir.file("detections.csv"), "--tracks-csv",
                  dir.file(tracks), "--alerts-csv", dir.file(alerts)},
                 dir.file(tracks + ".stderr"));
  const auto code = p.wait(60s);
  if (!code) {
    ADD_FAILURE() << "fusion-replay did not exit";
    return -1;
  }
  if (*code != 0) ADD_FAILURE() << picket::testing::readFile(dir.file(tracks + ".stderr"));
  return *code;
}

TEST(OfflineReplay, TracksAPolarTargetAndIsByteIdenticalAcrossRuns) {
  // GIVEN a radar's plots of one target moving straight at 10 m/s
  TempDir dir;
  picket::testing::writeFile(dir.file("config.yaml"), kConfig);
  picket::testing::writeFile(dir.file("detections.csv"), syntheticDetections());

  // WHEN fusion-replay runs on them twice
  ASSERT_EQ(runReplay(dir, "tracks1.csv", "alerts1.csv"), 0);
  ASSERT_EQ(runReplay(dir, "tracks2.csv", "alerts2.csv"), 0);

  // THEN the outputs are identical and a confirmed track ends within 200 m of the target
  const std::string out1 = picket::testing::readFile(dir.file("tracks1.csv"));
  const std::string out2 = picket::testing::readFile(dir.file("tracks2.csv"));
  ASSERT_FALSE(out1.empty());
  EXPECT_EQ(out1, out2);
  EXPECT_EQ(picket::testing::readFile(dir.file("alerts1.csv")),
            picket::testing::readFile(dir.file("alerts2.csv")));
  EXPECT_EQ(picket::testing::readFile(dir.file("alerts1.csv")).rfind(
                "time_s,alert_id,rule,state,severity,confidence,track_id,related_tracks,lat_deg,"
                "lon_deg,reason\n",
                0),
            0u);

  std::istringstream in(out1);
  const std::vector<picket::io::TrackRow> rows = picket::io::readTrackCsv(in);
  std::map<picket::core::TrackId, picket::io::TrackRow> last_confirmed;
  for (const auto& row : rows) {
    if (row.status == picket::core::TrackStatus::Confirmed) last_confirmed[row.track_id] = row;
  }
  ASSERT_FALSE(last_confirmed.empty()) << out1;
  double best_m = 1e12;
  double best_time_s = 0.0;
  for (const auto& [id, row] : last_confirmed) {
    const double d = picket::geo::geodesicInverse({row.lat_deg, row.lon_deg, 0.0},
                                                  truthAt(row.time_s))
                         .distance_m;
    if (d < best_m) {
      best_m = d;
      best_time_s = row.time_s;
    }
  }
  EXPECT_LT(best_m, 200.0);
  EXPECT_GE(best_time_s, 294.0);  // the track was still confirmed at the last scan
}

TEST(OfflineReplay, LiveReplayWithoutRecordingsExplainsAndExitsWithTwo) {
  // Without --offline fusion-replay replays recordings live into fusiond: none given.
  TempDir dir;
  ChildProcess p({kBin + "/fusion-replay", "--config", "x.yaml"}, dir.file("stderr"));
  EXPECT_EQ(p.wait(30s), 2);
  EXPECT_NE(picket::testing::readFile(dir.file("stderr")).find("needs recording files"),
            std::string::npos);
}

TEST(OfflineReplay, MalformedHeaderExitsWithOne) {
  TempDir dir;
  picket::testing::writeFile(dir.file("config.yaml"), kConfig);
  picket::testing::writeFile(dir.file("detections.csv"), "when,who,what\n1,radar-1,2\n");
  ChildProcess p({kBin + "/fusion-replay", "--offline", "--config", dir.file("config.yaml"),
                  "--detections-csv", dir.file("detections.csv"), "--tracks-csv",
                  dir.file("tracks.csv")},
                 dir.file("stderr"));
  EXPECT_EQ(p.wait(30s), 1);
  EXPECT_NE(picket::testing::readFile(dir.file("stderr")).find("time_s"), std::string::npos);
}

const std::string kSource = PICKET_SOURCE_DIR;
const std::string kDemoConfig = kSource + "/config/scenarios/caribbean-demo.fusiond.yaml";

// The demo scenario (90 min) recorded with a fixed start.
std::string recordDemo(const TempDir& dir) {
  const std::string rec = dir.file("demo.pkrec");
  ChildProcess p({kBin + "/sensors-sim", "--scenario", "caribbean-demo", "--start",
                  "2026-03-01T00:00:00Z", "--record", rec, "--quiet"},
                 dir.file("sim.stderr"));
  EXPECT_EQ(p.wait(120s), 0) << picket::testing::readFile(dir.file("sim.stderr"));
  return rec;
}

int replayRecording(const TempDir& dir, const std::string& config, const std::string& rec,
                    const std::string& tag, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {kBin + "/fusion-replay", "--offline", "--config", config,
                                   "--recording", rec, "--tracks-csv", dir.file(tag + "-tracks.csv"),
                                   "--alerts-csv", dir.file(tag + "-alerts.csv")};
  argv.insert(argv.end(), extra.begin(), extra.end());
  ChildProcess p(argv, dir.file(tag + ".stderr"));
  const auto code = p.wait(120s);
  if (!code) {
    ADD_FAILURE() << "fusion-replay did not exit";
    return -1;
  }
  return *code;
}

TEST(OfflineReplay, ARecordingReplaysByteIdenticallyWithTheDemoAlert) {
  // GIVEN the demo scenario recorded by sensors-sim
  TempDir dir;
  const std::string rec = recordDemo(dir);

  // WHEN fusion-replay runs the recording twice, thinned tracks and an alert recording
  for (const std::string tag : {"a", "b"}) {
    ASSERT_EQ(replayRecording(dir, kDemoConfig, rec, tag,
                              {"--tracks-interval-s", "10", "--alerts-recording",
                               dir.file(tag + "-alerts.pkrec")}),
              0)
        << picket::testing::readFile(dir.file(tag + ".stderr"));
  }

  // THEN every output is the same, byte for byte
  const std::string tracks = picket::testing::readFile(dir.file("a-tracks.csv"));
  const std::string alerts = picket::testing::readFile(dir.file("a-alerts.csv"));
  EXPECT_EQ(tracks, picket::testing::readFile(dir.file("b-tracks.csv")));
  EXPECT_EQ(alerts, picket::testing::readFile(dir.file("b-alerts.csv")));
  EXPECT_TRUE(picket::testing::readFile(dir.file("a-alerts.pkrec")) ==
              picket::testing::readFile(dir.file("b-alerts.pkrec")));
  // AND the go-fast raised the dark-target alert, every message was accepted, and the
  // summary reports it
  EXPECT_NE(alerts.find(",dark_target,open,"), std::string::npos) << alerts;
  const std::string summary = picket::testing::readFile(dir.file("a.stderr"));
  EXPECT_NE(summary.find("rejected_total=0"), std::string::npos) << summary;
  EXPECT_NE(summary.find("alerts.dark_target=1 opened"), std::string::npos) << summary;
  EXPECT_NE(summary.find("messages_per_s="), std::string::npos) << summary;
  std::istringstream in(tracks);
  const auto rows = picket::io::readTrackCsv(in);
  ASSERT_GT(rows.size(), 100u);
  // Thinned: no track has two rows of one status less than 10 s apart.
  std::map<picket::core::TrackId, picket::io::TrackRow> last;
  for (const auto& r : rows) {
    if (const auto it = last.find(r.track_id); it != last.end() && it->second.status == r.status) {
      EXPECT_GE(r.time_s - it->second.time_s, 10.0 - 1e-6) << "track " << r.track_id;
    }
    last[r.track_id] = r;
  }
  // AND the alert recording holds one alert message per CSV row
  picket::io::RecordingReader reader({dir.file("a-alerts.pkrec")});
  picket::io::RecordView view;
  std::size_t records = 0;
  while (reader.nextView(view)) {
    EXPECT_EQ(view.body, picket::io::RecordBody::Alert);
    ++records;
  }
  std::istringstream alert_in(alerts);
  EXPECT_EQ(records, picket::io::readAlertCsv(alert_in).size());
}

TEST(OfflineReplay, UnconfiguredSensorsOfARecordingAreCountedNotFatal) {
  // GIVEN a config that knows only the demo's coastal radar
  TempDir dir;
  const std::string rec = recordDemo(dir);
  picket::testing::writeFile(dir.file("radar-only.yaml"), R"(
instance_id: replay-test
input: {time_reference: data}
sensors:
  - {id: radar-aruba, kind: coastal_radar, max_range_m: 100000}
partners:
  default: {id: HS, name: High seas authority}
)");
  // WHEN the recording is replayed in the snapshot mode
  ASSERT_EQ(replayRecording(dir, dir.file("radar-only.yaml"), rec, "r"), 0)
      << picket::testing::readFile(dir.file("r.stderr"));
  // THEN the AIS and aircraft messages are refused as unknown sources and the radar tracked
  const std::string summary = picket::testing::readFile(dir.file("r.stderr"));
  EXPECT_NE(summary.find("rejected.unknown_source="), std::string::npos) << summary;
  std::istringstream in(picket::testing::readFile(dir.file("r-tracks.csv")));
  EXPECT_FALSE(picket::io::readTrackCsv(in).empty());
}

TEST(OfflineReplay, AMissingRecordingOrBadIntervalIsRefused) {
  TempDir dir;
  EXPECT_EQ(replayRecording(dir, kDemoConfig, dir.file("none.pkrec"), "m"), 1);
  EXPECT_NE(picket::testing::readFile(dir.file("m.stderr")).find("none.pkrec"), std::string::npos);
  EXPECT_EQ(replayRecording(dir, kDemoConfig, dir.file("none.pkrec"), "i",
                            {"--tracks-interval-s", "0"}),
            2);
  ChildProcess both({kBin + "/fusion-replay", "--offline", "--config", kDemoConfig, "--recording",
                     "x.pkrec", "--detections-csv", "y.csv", "--tracks-csv", dir.file("t.csv")},
                    dir.file("both.stderr"));
  EXPECT_EQ(both.wait(30s), 2);
}

}  // namespace
