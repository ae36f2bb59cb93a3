// io::LiveRecorder (fusiond's recorder: failures counted, never thrown, recording resumed),
// the `recording:` config section, io::parseUtc and the JSON form of a recording summary.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "io/config.hpp"
#include "io/recording_reader.hpp"
#include "io/recording_summary.hpp"
#include "io/recording_writer.hpp"
#include "picket/v1/sensors.pb.h"
#include "support/process.hpp"

namespace picket::io {
namespace {

using picket::testing::TempDir;

constexpr std::int64_t kSecond = 1'000'000'000;
const core::Timestamp kT0{1'772'323'200LL * kSecond};  // 2026-03-01T00:00:00Z

std::string feedBytes(std::uint64_t sequence) {
  v1::FeedMessage m;
  auto* h = m.mutable_radar_scan()->mutable_header();
  h->set_source_id("radar-1");
  h->set_sequence(sequence);
  h->set_time_ns(kT0.ns + static_cast<std::int64_t>(sequence) * kSecond);
  return m.SerializeAsString();
}

RecordingWriterOptions liveOptions(const std::string& directory) {
  RecordingWriterOptions o;
  o.directory = directory;
  o.prefix = "unit";
  o.chunk_target_bytes = 1024;
  o.rotate_max_bytes = 4096;  // a new file every few chunks
  o.writer = "recording_live_test";
  return o;
}

std::uint64_t recordsIn(const std::vector<std::string>& files) {
  RecordingReader reader(files);
  RecordView view;
  std::uint64_t n = 0;
  while (reader.nextView(view)) ++n;
  return n;
}

TEST(LiveRecorder, AFailedWriteIsCountedAndRecordingResumesAfterTheRetryDelay) {
  // GIVEN a recorder writing into a directory, with a 5 s retry delay
  TempDir tmp;
  const std::string dir = tmp.file("rec");
  std::vector<std::string> logged;
  LiveRecorder recorder(liveOptions(dir), core::Duration::fromSeconds(5.0),
                        [&](const std::string& line) { logged.push_back(line); });
  std::uint64_t seq = 0;
  const auto offer = [&](core::Timestamp t, int n) {
    for (int i = 0; i < n; ++i) {
      recorder.appendSerialized(t, "radar/radar-1", RecordBody::Feed, feedBytes(++seq));
    }
  };
  offer(kT0, 50);
  EXPECT_EQ(recorder.counters().write_errors.load(), 0u);
  EXPECT_EQ(recorder.counters().records.load(), 50u);

  // WHEN the directory disappears (the next file cannot be created) and records keep coming
  std::filesystem::remove_all(dir);
  offer(kT0 + core::Duration::fromSeconds(1.0), 60);

  // THEN nothing is thrown, the failure is counted and logged, and the losses are counted
  EXPECT_EQ(recorder.counters().write_errors.load(), 1u);
  const std::uint64_t lost = recorder.counters().records_lost.load();
  EXPECT_GT(lost, 0u);
  ASSERT_FALSE(logged.empty());
  EXPECT_NE(logged.front().find("RECORDING WRITE FAILED"), std::string::npos) << logged.front();

  // WHEN the directory is back but the retry delay has not passed
  std::filesystem::create_directories(dir);
  offer(kT0 + core::Duration::fromSeconds(3.0), 5);
  EXPECT_EQ(recorder.counters().reopens.load(), 0u);
  EXPECT_EQ(recorder.counters().records_lost.load(), lost + 5);

  // AND after it
  offer(kT0 + core::Duration::fromSeconds(30.0), 20);
  recorder.close();

  // THEN a new writer took over: every record was either recorded or counted lost, and what
  // is in the directory now reads back whole
  EXPECT_EQ(recorder.counters().reopens.load(), 1u);
  EXPECT_EQ(recorder.counters().records.load() + recorder.counters().records_lost.load(),
            seq);
  const auto files = listRecordingFiles(dir, "unit");
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(recordsIn(files), 20u);
  // The new files continue the numbering, so they never collide with the lost ones.
  RecordingReader reader(files);
  EXPECT_GT(reader.files().front().file_sequence, 0u);
}

TEST(LiveRecorder, PollWritesAChunkThatWaitedTheFlushInterval) {
  TempDir tmp;
  RecordingWriterOptions o = liveOptions(tmp.file("rec"));
  o.chunk_target_bytes = 1 << 20;
  o.rotate_max_bytes = 0;
  o.chunk_max_span = core::Duration::fromSeconds(1.0);
  LiveRecorder recorder(o, core::Duration::fromSeconds(5.0), {});
  recorder.appendSerialized(kT0, "radar/radar-1", RecordBody::Feed, feedBytes(1));
  const auto files = [&] { return listRecordingFiles(tmp.file("rec"), "unit"); };
  ASSERT_EQ(files().size(), 1u);
  recorder.poll(kT0 + core::Duration::fromSeconds(0.5));
  EXPECT_EQ(recordsIn(files()), 0u);  // still in the open chunk
  recorder.poll(kT0 + core::Duration::fromSeconds(1.0));
  EXPECT_EQ(recordsIn(files()), 1u);  // written: a crash now loses nothing
}

TEST(LiveRecorder, RefusesOptionsWithoutADirectoryAtConstruction) {
  RecordingWriterOptions o;
  o.path = "/tmp/never-written.pkrec";
  EXPECT_THROW(LiveRecorder(o, core::Duration::fromSeconds(1.0), {}), std::invalid_argument);
}

// ---- the recording: section ----

const std::string kSensors = R"(
sensors:
  - {id: radar-1, kind: coastal_radar, max_range_m: 50000}
partners:
  default: {id: HS, name: High seas authority}
)";

TEST(RecordingConfig, DefaultsAreOffWithTheInstanceAsPrefix) {
  const FusiondConfig c = parseConfig("instance_id: picket-north\n" + kSensors);
  EXPECT_TRUE(c.recording.directory.empty());
  EXPECT_EQ(c.recording.prefix, "picket-north");
  EXPECT_EQ(c.recording.rotate_bytes, 256ull << 20);
  EXPECT_EQ(c.recording.rotate_seconds, 3600.0);
  EXPECT_FALSE(c.recording.outputs);
  EXPECT_NE(describeConfig(c).find("inputs are not recorded"), std::string::npos);
}

TEST(RecordingConfig, ReadsEveryKey) {
  const FusiondConfig c = parseConfig(std::string(R"(
instance_id: north
recording:
  directory: /var/lib/picket/recordings
  prefix: north.in
  rotate_bytes: 1048576
  rotate_seconds: 0
  flush_interval_s: 0.25
  fsync: true
  outputs: true
)") + kSensors);
  EXPECT_EQ(c.recording.directory, "/var/lib/picket/recordings");
  EXPECT_EQ(c.recording.prefix, "north.in");
  EXPECT_EQ(c.recording.rotate_bytes, 1048576u);
  EXPECT_EQ(c.recording.rotate_seconds, 0.0);
  EXPECT_EQ(c.recording.flush_interval_s, 0.25);
  EXPECT_TRUE(c.recording.fsync);
  EXPECT_TRUE(c.recording.outputs);
}

TEST(RecordingConfig, ReportsEveryBadKeyWithItsPath) {
  try {
    parseConfig(std::string(R"(
instance_id: "north sector/2"
recording:
  directory: /tmp/rec
  rotate_bytes: 1000
  rotate_seconds: 5
  flush_interval_s: 0
  outputs: maybe
  rotate_minutes: 5
)") + kSensors);
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    const std::string text = e.what();
    for (const char* expected :
         {"recording.prefix: 'north sector/2' (the instance_id) is not a file name prefix",
          "recording.rotate_bytes: 1000 is below 1048576", "recording.rotate_seconds: 5 is below",
          "recording.flush_interval_s:", "recording.outputs: expected true or false",
          "recording.rotate_minutes: unknown key"}) {
      EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
    }
  }
}

// ---- times and the JSON summary ----

TEST(ParseUtc, ReadsIso8601UtcWithAndWithoutFraction) {
  EXPECT_EQ(parseUtc("2026-03-01T00:00:00Z"), kT0);
  EXPECT_EQ(parseUtc("2026-03-01t00:00:01.5z"), kT0 + core::Duration::fromSeconds(1.5));
  EXPECT_EQ(parseUtc("2026-03-01T00:00:00.000000001+00:00"), core::Timestamp{kT0.ns + 1});
  EXPECT_EQ(parseUtc("2024-02-29T23:59:59Z")->ns % kSecond, 0);
  EXPECT_EQ(parseUtc(formatUtc(kT0 + core::Duration{123})), kT0 + core::Duration{123});
}

TEST(ParseUtc, RefusesAnythingElse) {
  for (const char* bad : {"", "2026-03-01", "2026-03-01T00:00:00", "2026-03-01T00:00:00+01:00",
                          "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                          "2026-03-01T24:00:00Z", "2026-03-01T00:00:00.Z",
                          "2026-03-01T00:00:00.1234567891Z", "1969-12-31T23:59:59Z", "12.5"}) {
    EXPECT_FALSE(parseUtc(bad).has_value()) << bad;
  }
}

TEST(RecordingSummaryJson, HoldsTheCountsAndEscapesNames) {
  TempDir tmp;
  RecordingWriterOptions o;
  o.path = tmp.file("one.pkrec");
  o.writer = "unit \"quoted\"";
  {
    RecordingWriter w(o);
    w.appendSerialized(kT0, "radar/radar-1", RecordBody::Feed, feedBytes(1));
    w.appendSerialized(kT0 + core::Duration::fromSeconds(2.0), "radar/radar-1", RecordBody::Feed,
                       feedBytes(2));
    w.close();
  }
  RecordingReader reader({o.path});
  const std::string json = formatSummaryJson(summarizeRecording(reader));
  EXPECT_NE(json.find("\"records\": 2"), std::string::npos) << json;
  EXPECT_NE(json.find("\"writer\": \"unit \\\"quoted\\\"\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"feed.radar_scan\": 2"), std::string::npos) << json;
  EXPECT_NE(json.find("\"radar-1\": {\"records\": 2"), std::string::npos) << json;
  EXPECT_NE(json.find("\"span_s\": 2"), std::string::npos) << json;
  EXPECT_NE(json.find("\"utc\": \"2026-03-01T00:00:00.000000000Z\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"clean\": true"), std::string::npos) << json;
}

}  // namespace
}  // namespace picket::io
