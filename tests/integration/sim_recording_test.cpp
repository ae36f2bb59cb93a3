// sensors-sim --record as a real process: a shipped scenario written straight to a recording,
// twice with one seed, gives the same bytes (truth and events included), and the recording
// reads back whole with the messages the run reported.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "io/recording_reader.hpp"
#include "picket/v1/recording.pb.h"
#include "support/process.hpp"

namespace {

using picket::testing::ChildProcess;
using picket::testing::readFile;
using picket::testing::TempDir;
using namespace std::chrono_literals;

const std::string kBin = PICKET_BIN_DIR;
const std::string kScenario = std::string(PICKET_SOURCE_DIR) + "/config/scenarios/gofast-run.yaml";

struct SimRun {
  std::string recording;
  std::string truth;
  std::string events;
};

SimRun record(TempDir& dir, const std::string& tag, const std::string& seed) {
  const std::string rec = dir.file(tag + ".pkrec");
  ChildProcess p({kBin + "/sensors-sim", "--scenario", kScenario, "--duration-s", "1800", "--seed",
                  seed, "--record", rec, "--truth-csv", dir.file(tag + "-truth.csv"),
                  "--events-csv", dir.file(tag + "-events.csv"), "--quiet"},
                 dir.file(tag + ".stderr"));
  const auto rc = p.wait(120s);
  EXPECT_EQ(rc, 0) << readFile(dir.file(tag + ".stderr"));
  return {readFile(rec), readFile(dir.file(tag + "-truth.csv")),
          readFile(dir.file(tag + "-events.csv"))};
}

TEST(SimRecording, SameScenarioAndSeedGiveByteIdenticalRecordingTruthAndEvents) {
  TempDir dir;
  const SimRun a = record(dir, "a", "7");
  const SimRun b = record(dir, "b", "7");
  const SimRun c = record(dir, "c", "8");
  ASSERT_GT(a.recording.size(), 100'000u);
  EXPECT_TRUE(a.recording == b.recording);
  EXPECT_EQ(a.truth, b.truth);
  EXPECT_EQ(a.events, b.events);
  EXPECT_FALSE(a.recording == c.recording);
}

TEST(SimRecording, RecordingReadsBackWholeInDeliveryOrderEndingWithEndOfStream) {
  TempDir dir;
  record(dir, "a", "7");
  picket::io::RecordingReader reader({dir.file("a.pkrec")});
  picket::v1::RecordedMessage m;
  std::int64_t last = 0;
  std::uint64_t records = 0;
  std::map<std::string, std::uint64_t> per_topic_prefix;
  bool ended = false;
  while (reader.next(m)) {
    ++records;
    ASSERT_FALSE(ended) << "a record after the end of stream";
    EXPECT_GE(m.receive_time_ns(), last);
    last = m.receive_time_ns();
    ASSERT_TRUE(m.has_feed());
    ended = m.feed().has_end_of_stream();
    ++per_topic_prefix[m.topic().substr(0, m.topic().find('/', 5))];
  }
  EXPECT_TRUE(ended);
  EXPECT_EQ(reader.report().corrupt_chunks, 0u);
  EXPECT_EQ(reader.report().torn_tail_bytes, 0u);
  EXPECT_GT(records, 1000u);
  // Radars and AIS both reported.
  EXPECT_GT(per_topic_prefix["feed/radar"], 0u);
  EXPECT_GT(per_topic_prefix["feed/ais"], 0u);
}

}  // namespace
