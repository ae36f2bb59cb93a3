#include "io/recording_summary.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "io/recording_writer.hpp"
#include "picket/v1/recording.pb.h"
#include "support/process.hpp"

namespace picket::io {
namespace {

using ::testing::HasSubstr;

// 2026-03-01T12:00:00Z.
constexpr std::int64_t kT0Ns = 1'772'366'400LL * 1'000'000'000LL;
constexpr std::int64_t kSecondNs = 1'000'000'000;

void setHeader(v1::Header* h, const std::string& source, std::int64_t time_ns) {
  h->set_source_id(source);
  h->set_sequence(1);
  h->set_time_ns(time_ns);
}

v1::FeedMessage feed(RecordKind kind, const std::string& source, std::int64_t time_ns) {
  v1::FeedMessage m;
  switch (kind) {
    case RecordKind::FeedRadarScan:
      setHeader(m.mutable_radar_scan()->mutable_header(), source, time_ns);
      m.mutable_radar_scan()->add_plots()->set_range_m(1000.0);
      break;
    case RecordKind::FeedAisPosition:
      setHeader(m.mutable_ais_position()->mutable_header(), source, time_ns);
      break;
    case RecordKind::FeedAisStatic:
      setHeader(m.mutable_ais_static()->mutable_header(), source, time_ns);
      break;
    case RecordKind::FeedAircraftContacts:
      setHeader(m.mutable_aircraft_contacts()->mutable_header(), source, time_ns);
      break;
    case RecordKind::FeedEndOfStream:
      setHeader(m.mutable_end_of_stream()->mutable_header(), source, time_ns);
      break;
    default:
      break;
  }
  return m;
}

// GIVEN a recording with a known mix of 18 records, one every 0.5 s from 12:00:00.5: 4 radar
// scans and 1 end of stream from radar-aruba, 3 AIS positions and 1 AIS static from
// ais-curacao, 1 aircraft report from mpa-1; then the daemon's outputs from fusiond-1: 2 tracks,
// 1 track end of stream, 1 alert, 2 heartbeats, 1 alert end of stream; and one record without
// a body. Data times lag receive times by 2 s.
std::string writeMix(const picket::testing::TempDir& dir, bool record_per_chunk) {
  RecordingWriterOptions options;
  options.path = dir.file("mix.pkrec");
  if (record_per_chunk) options.chunk_target_bytes = 1;
  options.writer = "summary_test";
  RecordingWriter writer(options);
  std::int64_t t = kT0Ns;
  const auto addFeed = [&](RecordKind kind, const std::string& source) {
    t += kSecondNs / 2;
    writer.appendFeed(core::Timestamp{t}, "feed/" + source, feed(kind, source, t - 2 * kSecondNs));
  };
  const auto addTrack = [&](bool end) {
    t += kSecondNs / 2;
    v1::TrackStreamMessage m;
    setHeader(
        end ? m.mutable_end_of_stream()->mutable_header() : m.mutable_track()->mutable_header(),
        "fusiond-1", t - 2 * kSecondNs);
    writer.appendTrack(core::Timestamp{t}, "tracks", m);
  };
  const auto addAlert = [&](RecordKind kind) {
    t += kSecondNs / 2;
    v1::AlertStreamMessage m;
    v1::Header* h = kind == RecordKind::Alert ? m.mutable_alert()->mutable_header()
                    : kind == RecordKind::AlertHeartbeat
                        ? m.mutable_heartbeat()->mutable_header()
                        : m.mutable_end_of_stream()->mutable_header();
    setHeader(h, "fusiond-1", t - 2 * kSecondNs);
    writer.appendAlert(core::Timestamp{t}, "alerts", m);
  };
  for (int i = 0; i < 4; ++i) {
    addFeed(RecordKind::FeedRadarScan, "radar-aruba");
    if (i < 3) addFeed(RecordKind::FeedAisPosition, "ais-curacao");
  }
  addFeed(RecordKind::FeedAisStatic, "ais-curacao");
  addFeed(RecordKind::FeedAircraftContacts, "mpa-1");
  addFeed(RecordKind::FeedEndOfStream, "radar-aruba");
  addTrack(false);
  addTrack(false);
  addTrack(true);
  addAlert(RecordKind::Alert);
  addAlert(RecordKind::AlertHeartbeat);
  addAlert(RecordKind::AlertHeartbeat);
  addAlert(RecordKind::AlertEndOfStream);
  v1::RecordedMessage bare;
  bare.set_receive_time_ns(t + kSecondNs / 2);
  writer.append(bare);
  writer.close();
  return options.path;
}

TEST(RecordingSummary, CountsPerTypeAndPerSourceWithTheTimeSpan) {
  picket::testing::TempDir dir;
  const std::string path = writeMix(dir, false);
  RecordingReader reader({path});
  // WHEN it is summarised
  const RecordingSummary s = summarizeRecording(reader);
  // THEN every record is counted once under its type and its source
  EXPECT_EQ(s.records, 18u);
  EXPECT_EQ(s.count(RecordKind::FeedRadarScan), 4u);
  EXPECT_EQ(s.count(RecordKind::FeedAisPosition), 3u);
  EXPECT_EQ(s.count(RecordKind::FeedAisStatic), 1u);
  EXPECT_EQ(s.count(RecordKind::FeedAircraftContacts), 1u);
  EXPECT_EQ(s.count(RecordKind::FeedEndOfStream), 1u);
  EXPECT_EQ(s.count(RecordKind::FeedEmpty), 0u);
  EXPECT_EQ(s.count(RecordKind::Track), 2u);
  EXPECT_EQ(s.count(RecordKind::TrackEndOfStream), 1u);
  EXPECT_EQ(s.count(RecordKind::Alert), 1u);
  EXPECT_EQ(s.count(RecordKind::AlertHeartbeat), 2u);
  EXPECT_EQ(s.count(RecordKind::AlertEndOfStream), 1u);
  EXPECT_EQ(s.count(RecordKind::NoBody), 1u);
  ASSERT_EQ(s.per_source.size(), 5u);
  EXPECT_EQ(s.per_source.at("radar-aruba").records, 5u);
  EXPECT_EQ(s.per_source.at("ais-curacao").records, 4u);
  EXPECT_EQ(s.per_source.at("mpa-1").records, 1u);
  EXPECT_EQ(s.per_source.at("fusiond-1").records, 7u);
  EXPECT_EQ(s.per_source.at("").records, 1u);
  EXPECT_EQ(s.per_source.at("radar-aruba").earliest_receive.ns, kT0Ns + kSecondNs / 2);
  EXPECT_EQ(s.per_topic.at("feed/ais-curacao"), 4u);
  EXPECT_EQ(s.per_topic.at(""), 1u);
  // AND the span runs from the first to the last receive time, data times 2 s earlier
  ASSERT_TRUE(s.earliest_receive && s.latest_receive);
  EXPECT_EQ(s.earliest_receive->ns, kT0Ns + kSecondNs / 2);
  EXPECT_EQ(s.latest_receive->ns, kT0Ns + 9 * kSecondNs);
  EXPECT_DOUBLE_EQ(s.receiveSpanSeconds(), 8.5);
  ASSERT_TRUE(s.earliest_data && s.latest_data);
  EXPECT_EQ(s.earliest_data->ns, kT0Ns + kSecondNs / 2 - 2 * kSecondNs);
  EXPECT_EQ(s.latest_data->ns, kT0Ns + 17 * kSecondNs / 2 - 2 * kSecondNs);  // bare: none
  // Two records per chunk: the third would make a chunk span chunk_max_span (1 s).
  EXPECT_EQ(s.report.chunks_ok, 9u);
  EXPECT_TRUE(s.report.clean());
  ASSERT_EQ(s.files.size(), 1u);
  EXPECT_EQ(s.files[0].writer, "summary_test");
}

TEST(RecordingSummary, ReportsCorruptChunksAndTheTornTail) {
  picket::testing::TempDir dir;
  const std::string path = writeMix(dir, true);
  std::string bytes = picket::testing::readFile(path);
  const std::size_t size = bytes.size();
  bytes[size / 2] = static_cast<char>(bytes[size / 2] ^ 0x01);  // somewhere in the middle
  bytes.resize(size - 5);                                       // and a torn tail
  picket::testing::writeFile(path, bytes);
  RecordingReader reader({path});
  const RecordingSummary s = summarizeRecording(reader);
  EXPECT_EQ(s.report.corrupt_chunks, 1u);
  EXPECT_GT(s.report.torn_tail_bytes, 0u);
  EXPECT_EQ(s.records, 16u);  // 18 less the corrupt chunk and the torn one
  EXPECT_EQ(s.report.chunks_ok, 16u);
  EXPECT_EQ(s.report.records_lost, 2u);
  EXPECT_EQ(s.count(RecordKind::NoBody), 0u);  // it was the torn last record
  const std::string text = formatSummary(s);
  EXPECT_THAT(text, HasSubstr("chunks: 16 ok ("));
  EXPECT_THAT(text, HasSubstr("torn: " + path));
  EXPECT_THAT(text, HasSubstr("corrupt: " + path + " @"));
}

TEST(RecordingSummary, TextListsEverySectionInAStableOrder) {
  picket::testing::TempDir dir;
  const std::string path = writeMix(dir, false);
  RecordingReader reader({path});
  const std::string text = formatSummary(summarizeRecording(reader));
  const std::vector<std::string> expected_lines = {
      "files: 1",
      "records: 18",
      "receive time: 2026-03-01T12:00:00.500000000Z .. 2026-03-01T12:00:09.000000000Z (8.5 s)",
      "data time: 2026-03-01T11:59:58.500000000Z .. 2026-03-01T12:00:06.500000000Z",
      "per type:",
      "  feed.radar_scan: 4",
      "  feed.ais_position: 3",
      "  feed.ais_static: 1",
      "  feed.aircraft_contacts: 1",
      "  feed.end_of_stream: 1",
      "  track.track: 2",
      "  track.end_of_stream: 1",
      "  alert.alert: 1",
      "  alert.heartbeat: 2",
      "  alert.end_of_stream: 1",
      "  none: 1",
      "per source:",
      "  (none): 1 (2026-03-01T12:00:09.000000000Z .. 2026-03-01T12:00:09.000000000Z)",
      "  ais-curacao: 4",
      "per topic:",
      "  (none): 1",
      "  alerts: 4",
      "chunks: 9 ok (",
      " bytes), 0 corrupt (0 bytes)",
      "torn tail bytes: 0",
      "records lost: 0, unparseable: 0"};
  std::size_t from = 0;
  for (const auto& line : expected_lines) {
    const std::size_t at = text.find(line, from);
    ASSERT_NE(at, std::string::npos) << "missing or out of order: " << line << "\n" << text;
    from = at + line.size();
  }
}

TEST(RecordingSummary, UtcTimesAreIso8601WithNanoseconds) {
  EXPECT_EQ(formatUtc(core::Timestamp{0}), "1970-01-01T00:00:00.000000000Z");
  EXPECT_EQ(formatUtc(core::Timestamp{kT0Ns + 123'456'789}), "2026-03-01T12:00:00.123456789Z");
  EXPECT_EQ(formatUtc(core::Timestamp{-1}), "1969-12-31T23:59:59.999999999Z");
  EXPECT_EQ(formatUtc(core::Timestamp{951'782'400LL * kSecondNs}),  // a leap day
            "2000-02-29T00:00:00.000000000Z");
  // The int64 limits, which a damaged or hostile file may hold.
  EXPECT_EQ(formatUtc(core::Timestamp{INT64_MIN}), "1677-09-21T00:12:43.145224192Z");
  EXPECT_EQ(formatUtc(core::Timestamp{INT64_MAX}), "2262-04-11T23:47:16.854775807Z");
}

TEST(RecordingSummary, ExtremeReceiveTimesDoNotOverflowTheSpan) {
  picket::testing::TempDir dir;
  RecordingWriterOptions options;
  options.path = dir.file("x.pkrec");
  RecordingWriter writer(options);
  writer.appendFeed(core::Timestamp{INT64_MIN}, "t", feed(RecordKind::FeedAisPosition, "a", 0));
  writer.appendFeed(core::Timestamp{INT64_MAX}, "t", feed(RecordKind::FeedAisPosition, "a", 0));
  writer.close();
  RecordingReader reader({options.path});
  const RecordingSummary s = summarizeRecording(reader);
  EXPECT_EQ(s.records, 2u);
  EXPECT_NEAR(s.receiveSpanSeconds(), 18'446'744'073.709551615, 1e-3);
  EXPECT_THAT(formatSummary(s), HasSubstr("1677-09-21T00:12:43.145224192Z .. 2262-04-11"));
}

TEST(RecordingSummary, EmptyRecordingHasNoSpan) {
  picket::testing::TempDir dir;
  RecordingWriterOptions options;
  options.path = dir.file("e.pkrec");
  RecordingWriter(options).close();
  RecordingReader reader({options.path});
  const RecordingSummary s = summarizeRecording(reader);
  EXPECT_EQ(s.records, 0u);
  EXPECT_FALSE(s.earliest_receive.has_value());
  EXPECT_EQ(s.receiveSpanSeconds(), 0.0);
  EXPECT_THAT(formatSummary(s), HasSubstr("receive time: - .. - (0 s)"));
}

TEST(RecordingSummary, ArenaBatchesDoNotChangeTheCounts) {
  // More records than one arena batch (4096), so the arena is reset part way.
  picket::testing::TempDir dir;
  RecordingWriterOptions options;
  options.path = dir.file("many.pkrec");
  RecordingWriter writer(options);
  for (int i = 0; i < 10'000; ++i) {
    writer.appendFeed(core::Timestamp{kT0Ns + i * 1000}, "feed",
                      feed(i % 2 == 0 ? RecordKind::FeedRadarScan : RecordKind::FeedAisPosition,
                           i % 3 == 0 ? "a" : "b", kT0Ns + i));
  }
  writer.close();
  RecordingReader reader({options.path});
  const RecordingSummary s = summarizeRecording(reader);
  EXPECT_EQ(s.records, 10'000u);
  EXPECT_EQ(s.count(RecordKind::FeedRadarScan), 5'000u);
  EXPECT_EQ(s.count(RecordKind::FeedAisPosition), 5'000u);
  EXPECT_EQ(s.per_source.at("a").records, 3'334u);
  EXPECT_EQ(s.per_source.at("b").records, 6'666u);
  EXPECT_EQ(s.latest_data->ns, kT0Ns + 9'999);
}

}  // namespace
}  // namespace picket::io
