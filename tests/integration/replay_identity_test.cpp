// Record and replay end to end (issue 6), with real processes over ZeroMQ on loopback:
// one sensors-sim recording of the demo scenario gives byte-identical outputs (tracks CSV,
// alerts CSV, and every track and alert message fusiond would publish) on two offline runs;
// fusiond fed by `fusion-replay FILE --speed max` (data time reference) publishes exactly those
// messages, as its own output recording shows; fusiond's input recording of that run replays
// offline to the same outputs again; and a paced replay (--speed 2000) of a time window equals
// the offline run of that window. Synchronisation: fusiond's READY line, the replay's
// subscription handshake and the replay's end-of-stream (fusiond --exit-after-eos-from).

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>
#include <string>
#include <tuple>
#include <vector>

#include "io/recording_reader.hpp"
#include "support/key_values.hpp"
#include "support/process.hpp"

namespace {

using picket::testing::ChildProcess;
using picket::testing::readFile;
using picket::testing::TempDir;
using namespace std::chrono_literals;

const std::string kBin = PICKET_BIN_DIR;
const std::string kSource = PICKET_SOURCE_DIR;
constexpr const char* kInstance = "picket-caribbean-demo";

/// The demo scenario's fusiond config (data time reference, ephemeral endpoints) with the
/// recovery endpoint made ephemeral too. It names no files, so a copy works anywhere.
std::string writeConfig(const TempDir& dir) {
  std::string yaml = readFile(kSource + "/config/scenarios/caribbean-demo.fusiond.yaml");
  const std::string key = "\nendpoints:\n";
  const auto at = yaml.find(key);
  EXPECT_NE(at, std::string::npos) << "the demo config has no endpoints section";
  yaml.insert(at + key.size(), "  alert_recovery: tcp://127.0.0.1:*\n");
  const std::string path = dir.file("config.yaml");
  picket::testing::writeFile(path, yaml);
  return path;
}

/// The 90-minute demo scenario recorded by sensors-sim with a fixed start.
std::string recordDemo(const TempDir& dir) {
  const std::string rec = dir.file("demo.pkrec");
  ChildProcess p({kBin + "/sensors-sim", "--scenario", "caribbean-demo", "--start",
                  "2026-03-01T00:00:00Z", "--record", rec, "--quiet"},
                 dir.file("sim.stderr"));
  EXPECT_EQ(p.wait(120s), 0) << readFile(dir.file("sim.stderr"));
  return rec;
}

/// fusion-replay --offline into files tag-tracks.csv, tag-alerts.csv, tag-outputs.pkrec.
void replayOffline(const TempDir& dir, const std::string& config,
                   const std::vector<std::string>& recordings, const std::string& tag,
                   const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv = {kBin + "/fusion-replay", "--offline", "--config", config};
  argv.insert(argv.end(), recordings.begin(), recordings.end());
  for (const std::string& a :
       {std::string("--tracks-csv"), dir.file(tag + "-tracks.csv"), std::string("--tracks-interval-s"),
        std::string("10"), std::string("--alerts-csv"), dir.file(tag + "-alerts.csv"),
        std::string("--outputs-recording"), dir.file(tag + "-outputs.pkrec")}) {
    argv.push_back(a);
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  ChildProcess p(argv, dir.file(tag + ".stderr"));
  EXPECT_EQ(p.wait(120s), 0) << readFile(dir.file(tag + ".stderr"));
}

/// One output message as published: stream, topic and the serialized message. The receive
/// time is left out: fusiond stamps its output records with the wall clock, the offline run
/// with the data time.
using Published = std::tuple<picket::io::RecordBody, std::string, std::string>;

std::vector<Published> publishedMessages(const std::vector<std::string>& files) {
  std::vector<Published> out;
  picket::io::RecordingReader reader(files);
  picket::io::RecordView view;
  while (reader.nextView(view)) {
    out.emplace_back(view.body, std::string(view.topic), std::string(view.body_bytes));
  }
  EXPECT_TRUE(reader.report().clean());
  return out;
}

std::size_t countOf(const std::vector<Published>& messages, picket::io::RecordBody body) {
  std::size_t n = 0;
  for (const auto& m : messages) n += std::get<0>(m) == body ? 1 : 0;
  return n;
}

/// fusiond recording into `record_dir` (inputs, and outputs in record_dir/outputs), fed by
/// fusion-replay with `replay_args`; both must exit 0.
void runLive(const TempDir& dir, const std::string& config, const std::string& record_dir,
             const std::string& tag, const std::vector<std::string>& replay_args) {
  // Outputs recorded too: the config's own section would do; the flag keeps the copy small.
  picket::testing::writeFile(dir.file(tag + ".yaml"),
                             readFile(config) + "\nrecording:\n  outputs: true\n"
                                                "  flush_interval_s: 0.05\n");
  ChildProcess fusiond({kBin + "/fusiond", "--config", dir.file(tag + ".yaml"), "--record-dir",
                        record_dir, "--exit-after-eos-from", "fusion-replay"},
                       dir.file(tag + "-fusiond.stderr"));
  const auto ready = fusiond.waitForLinePrefix("READY ", 30s);
  ASSERT_TRUE(ready) << readFile(dir.file(tag + "-fusiond.stderr"));
  const auto endpoints = picket::testing::parseKeyValues(*ready);
  std::vector<std::string> argv = {kBin + "/fusion-replay", "--connect", endpoints.at("feeds")};
  argv.insert(argv.end(), replay_args.begin(), replay_args.end());
  ChildProcess replay(argv, dir.file(tag + "-replay.stderr"));
  EXPECT_EQ(replay.wait(180s), 0) << readFile(dir.file(tag + "-replay.stderr"));
  EXPECT_EQ(fusiond.wait(180s), 0) << readFile(dir.file(tag + "-fusiond.stderr"));
}

TEST(ReplayIdentity, OfflineRunsLiveReplayAndTheLiveRecordingGiveIdenticalOutputs) {
  // GIVEN the demo scenario recorded by sensors-sim
  TempDir dir;
  const std::string config = writeConfig(dir);
  const std::string rec = recordDemo(dir);

  // WHEN it is replayed offline twice
  replayOffline(dir, config, {rec}, "a");
  replayOffline(dir, config, {rec}, "b");

  // THEN every output file is the same, byte for byte, and holds tracks and alerts
  const std::string tracks = readFile(dir.file("a-tracks.csv"));
  const std::string alerts = readFile(dir.file("a-alerts.csv"));
  EXPECT_TRUE(tracks == readFile(dir.file("b-tracks.csv")));
  EXPECT_TRUE(alerts == readFile(dir.file("b-alerts.csv")));
  EXPECT_TRUE(readFile(dir.file("a-outputs.pkrec")) == readFile(dir.file("b-outputs.pkrec")));
  const auto offline = publishedMessages({dir.file("a-outputs.pkrec")});
  ASSERT_GT(countOf(offline, picket::io::RecordBody::Track), 1000u);
  ASSERT_GT(countOf(offline, picket::io::RecordBody::Alert), 0u) << alerts;
  EXPECT_NE(alerts.find(",dark_target,open,"), std::string::npos) << alerts;

  // WHEN the recording is replayed live, as fast as fusiond takes it, into a fusiond that
  // records its inputs and outputs
  const std::string live_dir = dir.file("live");
  runLive(dir, config, live_dir, "live", {rec, "--speed", "max"});

  // THEN fusiond published exactly the offline run's messages, in the same order
  const auto live_outputs =
      picket::io::listRecordingFiles(live_dir + "/outputs", kInstance);
  ASSERT_FALSE(live_outputs.empty());
  const auto live = publishedMessages(live_outputs);
  EXPECT_EQ(live.size(), offline.size());
  EXPECT_TRUE(live == offline) << "live and offline outputs differ";
  const std::string summary = readFile(dir.file("live-fusiond.stderr"));
  EXPECT_NE(summary.find("recording.inputs.records_lost=0"), std::string::npos) << summary;
  EXPECT_NE(summary.find("rejected_total=0"), std::string::npos) << summary;

  // AND fusiond's recording of its inputs replays offline to the same outputs again
  const auto live_inputs = picket::io::listRecordingFiles(live_dir, kInstance);
  ASSERT_FALSE(live_inputs.empty());
  replayOffline(dir, config, live_inputs, "c");
  EXPECT_TRUE(readFile(dir.file("c-tracks.csv")) == tracks);
  EXPECT_TRUE(readFile(dir.file("c-alerts.csv")) == alerts);
  EXPECT_TRUE(publishedMessages({dir.file("c-outputs.pkrec")}) == offline);
}

TEST(ReplayIdentity, APacedReplayOfAWindowEqualsTheOfflineRunOfThatWindow) {
  // GIVEN the demo recording and its first 40 minutes replayed offline
  TempDir dir;
  const std::string config = writeConfig(dir);
  const std::string rec = recordDemo(dir);
  const std::vector<std::string> window = {"--from", "2026-03-01T00:00:00Z", "--to", "2400"};
  replayOffline(dir, config, {rec}, "w", window);
  const auto offline = publishedMessages({dir.file("w-outputs.pkrec")});
  ASSERT_GT(countOf(offline, picket::io::RecordBody::Track), 100u);

  // WHEN the same window is replayed live at 2000x (1.2 s of wall time)
  std::vector<std::string> args = {rec, "--speed", "2000"};
  args.insert(args.end(), window.begin(), window.end());
  runLive(dir, config, dir.file("paced"), "paced", args);

  // THEN fusiond published the same messages
  const auto live =
      publishedMessages(picket::io::listRecordingFiles(dir.file("paced/outputs"), kInstance));
  EXPECT_EQ(live.size(), offline.size());
  EXPECT_TRUE(live == offline) << "paced live and offline outputs differ";
  // AND the replay reports what the window left out
  EXPECT_NE(readFile(dir.file("paced-replay.stderr")).find("records_outside_window="),
            std::string::npos);
}

TEST(ReplaySelection, ASensorFilterReplaysOnlyThatSourcesMessages) {
  // GIVEN the demo recording (900 radar-aruba scans among 4,007 messages)
  TempDir dir;
  const std::string config = writeConfig(dir);
  const std::string rec = recordDemo(dir);
  // WHEN it is replayed offline with --sensor radar-aruba
  replayOffline(dir, config, {rec}, "s", {"--sensor", "radar-aruba"});
  // THEN only the radar's scans reached the correlator, and the rest is counted
  const std::string summary = readFile(dir.file("s.stderr"));
  EXPECT_NE(summary.find("messages_received=900\n"), std::string::npos) << summary;
  EXPECT_NE(summary.find("records_of_other_sensors=3107\n"), std::string::npos) << summary;
}

/// Records a reader delivers from `files`.
std::size_t readableRecords(const std::vector<std::string>& files) {
  picket::io::RecordingReader reader(files);
  picket::io::RecordView view;
  std::size_t n = 0;
  while (reader.nextView(view)) ++n;
  return n;
}

TEST(ReplayRecorder, AcceptedInputsReachTheDiskWithinTheFlushIntervalAndSurviveSigkill) {
  // GIVEN fusiond recording with a 50 ms flush interval, fed the demo recording
  TempDir dir;
  const std::string config = writeConfig(dir);
  picket::testing::writeFile(dir.file("rec.yaml"),
                             readFile(config) + "\nrecording:\n  flush_interval_s: 0.05\n");
  const std::string rec = recordDemo(dir);
  ChildProcess fusiond({kBin + "/fusiond", "--config", dir.file("rec.yaml"), "--record-dir",
                        dir.file("rec")},
                       dir.file("fusiond.stderr"));
  const auto ready = fusiond.waitForLinePrefix("READY ", 30s);
  ASSERT_TRUE(ready) << readFile(dir.file("fusiond.stderr"));
  ChildProcess replay({kBin + "/fusion-replay", rec, "--connect",
                       picket::testing::parseKeyValues(*ready).at("feeds")},
                      dir.file("replay.stderr"));
  ASSERT_EQ(replay.wait(60s), 0) << readFile(dir.file("replay.stderr"));

  // WHEN every input (4,007 messages and the replay's end of stream) is on disk while fusiond
  // still runs (polled: the condition is the file's content), and fusiond is then killed
  const std::size_t expected = 4008;
  std::size_t on_disk = 0;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto files = picket::io::listRecordingFiles(dir.file("rec"), kInstance);
    on_disk = files.empty() ? 0 : readableRecords(files);
    if (on_disk >= expected) break;
    std::this_thread::sleep_for(20ms);
  }
  fusiond.signal(SIGKILL);
  fusiond.wait(30s);

  // THEN the recording, never closed, holds every input and no damage
  EXPECT_EQ(on_disk, expected);
  const auto files = picket::io::listRecordingFiles(dir.file("rec"), kInstance);
  EXPECT_EQ(readableRecords(files), expected);
  EXPECT_TRUE(publishedMessages(files).size() == expected);  // also checks the report is clean
}

TEST(ReplayRecorder, ARecordingDirectoryThatCannotBeCreatedIsAStartUpError) {
  // GIVEN a recording directory below a regular file
  TempDir dir;
  const std::string config = writeConfig(dir);
  picket::testing::writeFile(dir.file("a-file"), "x");
  // WHEN fusiond starts with it
  ChildProcess fusiond({kBin + "/fusiond", "--config", config, "--record-dir",
                        dir.file("a-file/rec")},
                       dir.file("stderr"));
  // THEN it exits 1, naming the directory
  EXPECT_EQ(fusiond.wait(30s), 1);
  EXPECT_NE(readFile(dir.file("stderr")).find("a-file/rec: cannot create the recording directory"),
            std::string::npos)
      << readFile(dir.file("stderr"));
}

TEST(ReplayInfo, SummarisesARecordingAsTextAndJsonAndReportsATornTail) {
  // GIVEN the demo recording and a copy cut in the middle of its last chunk
  TempDir dir;
  const std::string rec = recordDemo(dir);
  const std::string cut = dir.file("cut.pkrec");
  std::filesystem::copy_file(rec, cut);
  std::filesystem::resize_file(cut, std::filesystem::file_size(rec) - 100);

  // WHEN fusion-replay --info reads them
  ChildProcess text({kBin + "/fusion-replay", "--info", rec}, dir.file("info.stderr"));
  std::string out;
  while (auto line = text.readLine(30s)) out += *line + "\n";
  EXPECT_EQ(text.wait(30s), 0) << readFile(dir.file("info.stderr"));
  ChildProcess json({kBin + "/fusion-replay", "--info", "--json", cut}, dir.file("json.stderr"));
  std::string json_text;
  while (auto line = json.readLine(30s)) json_text += *line;
  EXPECT_EQ(json.wait(30s), 0) << readFile(dir.file("json.stderr"));

  // THEN the text names the sources and types, and the JSON reports the torn tail
  EXPECT_NE(out.find("radar-aruba"), std::string::npos) << out;
  EXPECT_NE(out.find("feed.radar_scan"), std::string::npos) << out;
  EXPECT_NE(out.find("receive time: 2026-03-01T00:"), std::string::npos) << out;
  const auto j = nlohmann::json::parse(json_text);
  EXPECT_GT(j.at("torn_tail_bytes").get<std::uint64_t>(), 0u);
  EXPECT_FALSE(j.at("clean").get<bool>());
  EXPECT_EQ(j.at("torn_tails").size(), 1u);
  EXPECT_GT(j.at("per_source").at("radar-aruba").at("records").get<std::uint64_t>(), 100u);
  EXPECT_GT(j.at("per_type").at("feed.radar_scan").get<std::uint64_t>(), 100u);
  EXPECT_EQ(j.at("receive_time").at("earliest").at("utc").get<std::string>().substr(0, 13),
            "2026-03-01T00");
}

TEST(ReplayLive, RefusesBadArgumentsAndAMissingSubscriber) {
  TempDir dir;
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), kBin + "/fusion-replay");
    ChildProcess p(args, dir.file("stderr"));
    return p.wait(30s);
  };
  picket::testing::writeFile(dir.file("empty.pkrec"), "");
  EXPECT_EQ(run({dir.file("x.pkrec"), "--connect", "tcp://127.0.0.1:1", "--speed", "0"}), 2);
  EXPECT_EQ(run({dir.file("x.pkrec"), "--connect", "tcp://127.0.0.1:1", "--speed", "fast"}), 2);
  EXPECT_EQ(run({dir.file("x.pkrec")}), 2);  // nowhere to send
  EXPECT_EQ(run({dir.file("empty.pkrec"), "--connect", "tcp://127.0.0.1:1"}), 1);
  // A real recording, but nothing listening on the endpoint: no subscription, exit 2.
  const std::string rec = recordDemo(dir);
  EXPECT_EQ(run({rec, "--connect", "tcp://127.0.0.1:1", "--wait-subscriber-s", "0.2"}), 2);
  EXPECT_NE(readFile(dir.file("stderr")).find("no subscriber"), std::string::npos);
  EXPECT_EQ(run({rec, "--connect", "tcp://127.0.0.1:1", "--from", "yesterday"}), 2);
  EXPECT_EQ(run({"--offline", "--config", writeConfig(dir), rec, "--tracks-csv",
                 dir.file("t.csv"), "--from", "100", "--to", "50"}),
            1);
  EXPECT_NE(readFile(dir.file("stderr")).find("--from must be before --to"), std::string::npos);
}

}  // namespace
