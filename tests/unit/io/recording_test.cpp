// RecordingWriter and RecordingReader on intact files: round trips of every message kind,
// chunking, flushing, rotation, the file set, options and file-level errors. Damaged files
// are in recording_damage_test.cpp.
#include <gmock/gmock.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/crc32c.hpp"
#include "io/recording_format.hpp"
#include "io/recording_reader.hpp"
#include "io/recording_writer.hpp"
#include "picket/v1/recording.pb.h"
#include "support/process.hpp"

namespace picket::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace fmt = recording;

// 2026-03-01T12:00:00Z.
constexpr std::int64_t kT0Ns = 1'772'366'400LL * 1'000'000'000LL;
constexpr std::int64_t kMsNs = 1'000'000;
constexpr std::int64_t kSecondNs = 1'000'000'000;

v1::Header header(const std::string& source, std::uint64_t sequence, std::int64_t time_ns) {
  v1::Header h;
  h.set_source_id(source);
  h.set_sequence(sequence);
  h.set_time_ns(time_ns);
  return h;
}

v1::FeedMessage radarScan(std::uint64_t sequence, std::int64_t time_ns, int plots = 3) {
  v1::FeedMessage m;
  auto* scan = m.mutable_radar_scan();
  *scan->mutable_header() = header("radar-aruba", sequence, time_ns);
  auto* site = scan->mutable_platform()->mutable_fixed_site();
  site->set_lat_deg(12.5167);
  site->set_lon_deg(-69.9667);
  site->set_alt_m(165.0);
  for (int i = 0; i < plots; ++i) {
    auto* plot = scan->add_plots();
    plot->set_range_m(10'000.0 + 250.0 * i);
    plot->set_range_sigma_m(25.0);
    plot->set_bearing_deg(10.0 * i);
    plot->set_bearing_sigma_deg(0.5);
    if (i % 2 == 0) plot->set_range_rate_mps(-3.5);
  }
  return m;
}

v1::FeedMessage aisPosition(std::uint64_t sequence, std::int64_t time_ns) {
  v1::FeedMessage m;
  auto* r = m.mutable_ais_position();
  *r->mutable_header() = header("ais-curacao", sequence, time_ns);
  r->set_mmsi(244'123'456);
  r->set_lat_deg(12.1);
  r->set_lon_deg(-68.9);
  r->set_sog_kn(11.5);
  r->set_ais_class(v1::AIS_CLASS_A);
  return m;
}

v1::FeedMessage aisStatic(std::uint64_t sequence, std::int64_t time_ns) {
  v1::FeedMessage m;
  auto* r = m.mutable_ais_static();
  *r->mutable_header() = header("ais-curacao", sequence, time_ns);
  r->set_mmsi(244'123'456);
  r->set_name("NORDIC STAR");
  r->set_call_sign("PBXY");
  r->set_destination("WILLEMSTAD");
  return m;
}

v1::FeedMessage aircraftContacts(std::uint64_t sequence, std::int64_t time_ns) {
  v1::FeedMessage m;
  auto* r = m.mutable_aircraft_contacts();
  *r->mutable_header() = header("mpa-1", sequence, time_ns);
  r->mutable_navigation()->mutable_position()->set_alt_m(3000.0);
  r->set_sensor_kind(v1::CONTACT_SENSOR_KIND_EO_IR);
  auto* geo = r->add_contacts()->mutable_geo();
  geo->mutable_position()->set_lat_deg(12.3);
  geo->set_semi_major_sigma_m(120.0);
  return m;
}

v1::EndOfStream endOfStream(const std::string& source, std::int64_t time_ns) {
  v1::EndOfStream e;
  *e.mutable_header() = header(source, 1, time_ns);
  e.set_reason("scenario complete");
  e.set_messages_sent(12);
  return e;
}

v1::TrackStreamMessage trackMessage(std::uint64_t track_id, std::int64_t time_ns) {
  v1::TrackStreamMessage m;
  auto* t = m.mutable_track();
  *t->mutable_header() = header("fusiond-1", track_id, time_ns);
  t->set_track_id(track_id);
  t->mutable_position()->set_lat_deg(12.2);
  for (int i = 0; i < 36; ++i) t->add_covariance_enu(i % 7 == 0 ? 100.0 : 0.5);
  t->set_status(v1::TRACK_STATUS_CONFIRMED);
  t->mutable_identity()->set_mmsi(244'123'456);
  return m;
}

v1::AlertStreamMessage alertMessage(std::int64_t time_ns) {
  v1::AlertStreamMessage m;
  auto* a = m.mutable_alert();
  *a->mutable_header() = header("fusiond-1", 1, time_ns);
  a->set_stream_sequence(1);
  a->set_alert_id("A-1");
  a->set_rule("dark_target");
  a->set_severity(v1::SEVERITY_HIGH);
  // Enough keys that protobuf's hash order and key order differ.
  for (int i = 0; i < 24; ++i) {
    (*a->mutable_evidence())["key_" + std::to_string((i * 7) % 24)] = std::to_string(i);
  }
  return m;
}

v1::AlertStreamMessage heartbeat(std::int64_t time_ns) {
  v1::AlertStreamMessage m;
  *m.mutable_heartbeat()->mutable_header() = header("fusiond-1", 2, time_ns);
  m.mutable_heartbeat()->set_last_stream_sequence(1);
  return m;
}

v1::RecordedMessage recorded(std::int64_t t, const std::string& topic,
                             const v1::FeedMessage& feed) {
  v1::RecordedMessage r;
  r.set_receive_time_ns(t);
  r.set_topic(topic);
  *r.mutable_feed() = feed;
  return r;
}

// One record of every kind, in receive-time order.
std::vector<v1::RecordedMessage> everyKind() {
  std::vector<v1::RecordedMessage> out;
  std::int64_t t = kT0Ns;
  const auto next = [&] { return t += 10 * kMsNs; };
  out.push_back(recorded(next(), "feed/radar/radar-aruba", radarScan(1, t)));
  out.push_back(recorded(next(), "feed/ais/ais-curacao", aisPosition(1, t)));
  out.push_back(recorded(next(), "feed/ais/ais-curacao", aisStatic(2, t)));
  out.push_back(recorded(next(), "feed/air/mpa-1", aircraftContacts(1, t)));
  v1::FeedMessage feed_eos;
  *feed_eos.mutable_end_of_stream() = endOfStream("sensors-sim", next());
  out.push_back(recorded(t, "feed/end", feed_eos));
  out.push_back(recorded(next(), "", v1::FeedMessage{}));  // a feed with no body
  v1::RecordedMessage r;
  r.set_receive_time_ns(next());
  r.set_topic("tracks");
  *r.mutable_track() = trackMessage(7, t);
  out.push_back(r);
  r.Clear();
  r.set_receive_time_ns(next());
  *r.mutable_track()->mutable_end_of_stream() = endOfStream("fusiond-1", t);
  out.push_back(r);
  r.Clear();
  r.set_receive_time_ns(next());
  r.set_topic("alerts");
  *r.mutable_alert() = alertMessage(t);
  out.push_back(r);
  r.Clear();
  r.set_receive_time_ns(next());
  *r.mutable_alert() = heartbeat(t);
  out.push_back(r);
  r.Clear();
  r.set_receive_time_ns(next());
  *r.mutable_alert()->mutable_end_of_stream() = endOfStream("fusiond-1", t);
  out.push_back(r);
  r.Clear();
  r.set_receive_time_ns(next());  // no body at all
  out.push_back(r);
  r.Clear();  // receive time 0 and nothing else: serializes to zero bytes
  out.push_back(r);
  return out;
}

std::vector<v1::RecordedMessage> readAll(RecordingReader& reader) {
  std::vector<v1::RecordedMessage> out;
  v1::RecordedMessage m;
  while (reader.next(m)) out.push_back(m);
  return out;
}

std::vector<v1::RecordedMessage> readAll(const std::vector<std::string>& paths) {
  RecordingReader reader(paths);
  auto out = readAll(reader);
  EXPECT_TRUE(reader.report().clean());
  return out;
}

void expectSameMessages(const std::vector<v1::RecordedMessage>& got,
                        const std::vector<v1::RecordedMessage>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(got[i], want[i]))
        << "record " << i << "\ngot:\n"
        << got[i].DebugString() << "want:\n"
        << want[i].DebugString();
  }
}

RecordingWriterOptions fileOptions(const std::string& path) {
  RecordingWriterOptions o;
  o.path = path;
  o.writer = "recording_test";
  return o;
}

// Chunk headers of an intact file, in order, by walking it with the format functions.
struct ChunkAt {
  std::uint64_t offset = 0;
  fmt::ChunkHeader header;
};
std::vector<ChunkAt> chunksOf(const std::string& bytes) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  fmt::FileHeader fh;
  EXPECT_EQ(fmt::decodeFileHeader(data, fh), fmt::FileHeaderCheck::Ok);
  std::vector<ChunkAt> out;
  std::uint64_t at = fmt::kFileHeaderBytes + fh.info_length;
  while (at < bytes.size()) {
    ChunkAt c{at, {}};
    EXPECT_EQ(fmt::decodeChunkHeader(data + at, fmt::kMaxChunkPayloadBytes, c.header),
              fmt::ChunkHeaderCheck::Ok);
    out.push_back(c);
    at += fmt::kChunkHeaderBytes + c.header.payload_length;
  }
  EXPECT_EQ(at, bytes.size());
  return out;
}

TEST(Recording, EveryMessageKindRoundTrips) {
  picket::testing::TempDir dir;
  const auto records = everyKind();
  {
    RecordingWriter writer(fileOptions(dir.file("all.pkrec")));
    for (const auto& r : records) writer.append(r);
    writer.close();
    EXPECT_EQ(writer.stats().records, records.size());
    // The last record's receive time 0 is decades before the others: a chunk of its own.
    EXPECT_EQ(writer.stats().chunks, 2u);
    EXPECT_THAT(writer.files(), ElementsAre(dir.file("all.pkrec")));
    EXPECT_EQ(writer.stats().bytes, std::filesystem::file_size(dir.file("all.pkrec")));
  }
  RecordingReader reader({dir.file("all.pkrec")});
  expectSameMessages(readAll(reader), records);
  const ReadReport& report = reader.report();
  EXPECT_TRUE(report.clean());
  EXPECT_EQ(report.records_read, records.size());
  EXPECT_EQ(report.chunks_ok, 2u);
  EXPECT_EQ(report.files_read, 1u);
  ASSERT_EQ(reader.files().size(), 1u);
  EXPECT_EQ(reader.files()[0].writer, "recording_test");
  EXPECT_EQ(reader.files()[0].version_major, fmt::kVersionMajor);
}

TEST(Recording, TypedAppendsWriteTheSameBytesAsAppendOfARecordedMessage) {
  picket::testing::TempDir dir;
  const auto records = everyKind();
  RecordingWriter generic(fileOptions(dir.file("generic.pkrec")));
  RecordingWriter typed(fileOptions(dir.file("typed.pkrec")));
  RecordingWriter raw(fileOptions(dir.file("raw.pkrec")));
  std::size_t typed_count = 0;
  for (const auto& r : records) {
    const core::Timestamp t{r.receive_time_ns()};
    switch (r.body_case()) {
      case v1::RecordedMessage::kFeed:
        typed.appendFeed(t, r.topic(), r.feed());
        raw.appendSerialized(t, r.topic(), RecordBody::Feed, r.feed().SerializeAsString());
        break;
      case v1::RecordedMessage::kTrack:
        typed.appendTrack(t, r.topic(), r.track());
        raw.appendSerialized(t, r.topic(), RecordBody::Track, r.track().SerializeAsString());
        break;
      case v1::RecordedMessage::kAlert: {
        typed.appendAlert(t, r.topic(), r.alert());
        // SerializeAsString is not deterministic for maps: serialize as the writer does.
        std::string bytes;
        {
          google::protobuf::io::StringOutputStream stream(&bytes);
          google::protobuf::io::CodedOutputStream coded(&stream);
          coded.SetSerializationDeterministic(true);
          r.alert().SerializeToCodedStream(&coded);
        }
        raw.appendSerialized(t, r.topic(), RecordBody::Alert, bytes);
        break;
      }
      case v1::RecordedMessage::BODY_NOT_SET:
        continue;  // only append() can write a record without a body
    }
    generic.append(r);
    ++typed_count;
  }
  generic.close();
  typed.close();
  raw.close();
  ASSERT_GT(typed_count, 8u);
  const std::string expected = picket::testing::readFile(dir.file("generic.pkrec"));
  EXPECT_EQ(picket::testing::readFile(dir.file("typed.pkrec")), expected);
  EXPECT_EQ(picket::testing::readFile(dir.file("raw.pkrec")), expected);
}

TEST(Recording, MapFieldsAreWrittenInKeyOrder) {
  picket::testing::TempDir dir;
  RecordingWriter writer(fileOptions(dir.file("a.pkrec")));
  writer.appendAlert(core::Timestamp{kT0Ns}, "alerts", alertMessage(kT0Ns));
  writer.close();
  RecordingReader reader({dir.file("a.pkrec")});
  RecordView view;
  ASSERT_TRUE(reader.nextView(view));
  // Walk the Alert's evidence entries (field 12 of Alert, field 1 of AlertStreamMessage).
  const std::string alert_bytes = [&] {
    const auto* p = reinterpret_cast<const unsigned char*>(view.body_bytes.data());
    const unsigned char* end = p + view.body_bytes.size();
    EXPECT_EQ(*p++, 0x0A);  // AlertStreamMessage.alert, length-delimited
    const auto length = fmt::readVarint(p, end);
    return std::string(reinterpret_cast<const char*>(p), *length);
  }();
  std::vector<std::string> keys;
  const auto* p = reinterpret_cast<const unsigned char*>(alert_bytes.data());
  const unsigned char* end = p + alert_bytes.size();
  while (p < end) {
    const std::uint64_t key = *fmt::readVarint(p, end);
    if ((key & 7) == 0) {
      fmt::readVarint(p, end);
      continue;
    }
    ASSERT_EQ(key & 7, 2u);  // Alert has only varint and length-delimited fields here
    const std::uint64_t length = *fmt::readVarint(p, end);
    if ((key >> 3) == 12) {
      // A map entry: key (field 1, length-delimited), then value.
      const unsigned char* q = p;
      ASSERT_EQ(*q++, 0x0A);
      const std::uint64_t key_length = *fmt::readVarint(q, p + length);
      keys.emplace_back(reinterpret_cast<const char*>(q), key_length);
    }
    p += length;
  }
  ASSERT_EQ(keys.size(), 24u);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
}

TEST(Recording, ViewsCarryTheEnvelopeAndTheBodyBytes) {
  picket::testing::TempDir dir;
  const auto records = everyKind();
  {
    RecordingWriter writer(fileOptions(dir.file("v.pkrec")));
    for (const auto& r : records) writer.append(r);
  }  // the destructor closes
  RecordingReader reader({dir.file("v.pkrec")});
  RecordView view;
  for (const auto& r : records) {
    ASSERT_TRUE(reader.nextView(view));
    EXPECT_EQ(view.receive_time.ns, r.receive_time_ns());
    EXPECT_EQ(view.topic, r.topic());
    v1::RecordedMessage whole;
    ASSERT_TRUE(
        whole.ParseFromArray(view.record_bytes.data(), static_cast<int>(view.record_bytes.size())));
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(whole, r));
    switch (r.body_case()) {
      case v1::RecordedMessage::kFeed:
        EXPECT_EQ(view.body, RecordBody::Feed);
        EXPECT_EQ(view.body_bytes, r.feed().SerializeAsString());
        break;
      case v1::RecordedMessage::kTrack:
        EXPECT_EQ(view.body, RecordBody::Track);
        EXPECT_EQ(view.body_bytes, r.track().SerializeAsString());
        break;
      case v1::RecordedMessage::kAlert: {
        EXPECT_EQ(view.body, RecordBody::Alert);
        v1::AlertStreamMessage alert;
        ASSERT_TRUE(
            alert.ParseFromArray(view.body_bytes.data(), static_cast<int>(view.body_bytes.size())));
        EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(alert, r.alert()));
        break;
      }
      case v1::RecordedMessage::BODY_NOT_SET:
        EXPECT_EQ(view.body, RecordBody::None);
        EXPECT_TRUE(view.body_bytes.empty());
        break;
    }
  }
  EXPECT_FALSE(reader.nextView(view));
  EXPECT_EQ(reader.report().records_read, records.size());
  EXPECT_TRUE(reader.report().clean());
}

TEST(Recording, ChunksEndAtTheTargetSizeAndARecordTooBigGetsItsOwnChunk) {
  picket::testing::TempDir dir;
  auto options = fileOptions(dir.file("c.pkrec"));
  options.chunk_target_bytes = 1000;
  std::vector<v1::RecordedMessage> records;
  for (int i = 0; i < 200; ++i) {
    // Mostly small scans, and every 50th one far larger than a chunk.
    records.push_back(recorded(kT0Ns + i * kMsNs, "feed/radar/radar-aruba",
                               radarScan(static_cast<std::uint64_t>(i + 1), kT0Ns + i * kMsNs,
                                         i % 50 == 49 ? 100 : 1 + i % 5)));
  }
  RecordingWriter writer(options);
  for (const auto& r : records)
    writer.appendFeed(core::Timestamp{r.receive_time_ns()}, r.topic(), r.feed());
  writer.close();
  const auto chunks = chunksOf(picket::testing::readFile(dir.file("c.pkrec")));
  EXPECT_EQ(chunks.size(), writer.stats().chunks);
  ASSERT_GT(chunks.size(), 10u);
  std::uint64_t index = 0;
  int oversized = 0;
  for (const auto& c : chunks) {
    EXPECT_EQ(c.header.first_record_index, index);
    index += c.header.record_count;
    if (c.header.payload_length > options.chunk_target_bytes) {
      EXPECT_EQ(c.header.record_count, 1u);
      ++oversized;
    }
  }
  EXPECT_EQ(oversized, 4);
  EXPECT_EQ(index, records.size());
  expectSameMessages(readAll({dir.file("c.pkrec")}), records);
}

TEST(Recording, ChunksSpanLessThanTheMaximumReceiveTimeSpan) {
  picket::testing::TempDir dir;
  auto options = fileOptions(dir.file("s.pkrec"));
  options.chunk_max_span = core::Duration::fromSeconds(1.0);
  RecordingWriter writer(options);
  for (int i = 0; i < 40; ++i) {
    const std::int64_t t = kT0Ns + i * 250 * kMsNs;  // four records per second
    writer.appendFeed(core::Timestamp{t}, "feed/ais",
                      aisPosition(static_cast<std::uint64_t>(i + 1), t));
  }
  writer.close();
  const auto chunks = chunksOf(picket::testing::readFile(dir.file("s.pkrec")));
  ASSERT_EQ(chunks.size(), 10u);
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    EXPECT_EQ(chunks[i].header.record_count, 4u);
    EXPECT_EQ(chunks[i].header.min_receive_time_ns,
              kT0Ns + static_cast<std::int64_t>(i) * kSecondNs);
    EXPECT_EQ(chunks[i].header.max_receive_time_ns,
              kT0Ns + static_cast<std::int64_t>(i) * kSecondNs + 750 * kMsNs);
  }
}

TEST(Recording, FlushEndsTheChunkAndMakesItReadableWhileWriting) {
  picket::testing::TempDir dir;
  RecordingWriter writer(fileOptions(dir.file("f.pkrec")));
  for (int i = 0; i < 3; ++i)
    writer.appendFeed(core::Timestamp{kT0Ns + i}, "t", aisPosition(1, kT0Ns));
  // Nothing flushed yet: a reader sees a valid, empty recording (a crash now loses 3).
  {
    RecordingReader reader({dir.file("f.pkrec")});
    EXPECT_TRUE(readAll(reader).empty());
    EXPECT_TRUE(reader.report().clean());
  }
  writer.flush();
  writer.flush();  // an empty chunk is not written
  for (int i = 0; i < 2; ++i)
    writer.appendFeed(core::Timestamp{kT0Ns + 10 + i}, "t", aisPosition(2, kT0Ns));
  {
    RecordingReader reader({dir.file("f.pkrec")});
    EXPECT_EQ(readAll(reader).size(), 3u);
    EXPECT_TRUE(reader.report().clean());
  }
  writer.close();
  writer.close();  // idempotent
  EXPECT_EQ(writer.stats().chunks, 2u);
  EXPECT_EQ(readAll({dir.file("f.pkrec")}).size(), 5u);
  EXPECT_THROW(writer.appendFeed(core::Timestamp{kT0Ns}, "t", aisPosition(3, kT0Ns)),
               RecordingError);
}

TEST(Recording, FlushIfDueWritesAChunkOnceItsOldestRecordIsASpanOld) {
  picket::testing::TempDir dir;
  auto options = fileOptions(dir.file("d.pkrec"));
  options.chunk_max_span = core::Duration::fromSeconds(1.0);
  RecordingWriter writer(options);
  const core::Timestamp t0{kT0Ns};
  EXPECT_FALSE(writer.flushIfDue(t0 + core::Duration::fromSeconds(5.0)));  // nothing pending
  writer.appendFeed(t0, "t", aisPosition(1, kT0Ns));
  writer.appendFeed(t0 + core::Duration::fromMillis(600), "t", aisPosition(2, kT0Ns));
  EXPECT_FALSE(writer.flushIfDue(t0 + core::Duration::fromMillis(999)));
  EXPECT_FALSE(writer.flushIfDue(t0 - core::Duration::fromSeconds(10.0)));  // clock behind
  EXPECT_EQ(writer.stats().chunks, 0u);
  EXPECT_TRUE(writer.flushIfDue(t0 + core::Duration::fromMillis(1000)));
  EXPECT_EQ(writer.stats().chunks, 1u);
  EXPECT_EQ(readAll({dir.file("d.pkrec")}).size(), 2u);
}

TEST(Recording, AnEmptyRecordingIsAValidFileWithoutChunks) {
  picket::testing::TempDir dir;
  RecordingWriter(fileOptions(dir.file("e.pkrec"))).close();
  RecordingReader reader({dir.file("e.pkrec")});
  EXPECT_TRUE(readAll(reader).empty());
  EXPECT_TRUE(reader.report().clean());
  EXPECT_EQ(reader.report().files_read, 1u);
}

TEST(Recording, InfoCarriesWriterSequenceAndMetadata) {
  picket::testing::TempDir dir;
  RecordingWriterOptions options;
  options.directory = dir.file("set");
  options.prefix = "sim";
  options.writer = "sensors-sim 0.1.0";
  options.metadata = {{"scenario", "caribbean-demo"}, {"seed", "42"}};
  options.rotate_max_span = core::Duration::fromSeconds(10.0);
  RecordingWriter writer(options);
  writer.appendFeed(core::Timestamp{kT0Ns}, "t", aisPosition(1, kT0Ns));
  writer.appendFeed(core::Timestamp{kT0Ns + 10 * kSecondNs}, "t", aisPosition(2, kT0Ns));
  writer.close();
  RecordingReader reader(writer.files());
  ASSERT_EQ(reader.files().size(), 2u);
  for (std::uint64_t i = 0; i < 2; ++i) {
    const RecordingFileInfo& info = reader.files()[i];
    EXPECT_EQ(info.path, writer.files()[i]);
    EXPECT_EQ(info.writer, "sensors-sim 0.1.0");
    EXPECT_EQ(info.file_sequence, i);
    EXPECT_EQ(info.first_receive_time_ns, kT0Ns + static_cast<std::int64_t>(i) * 10 * kSecondNs);
    EXPECT_EQ(info.metadata.at("scenario"), "caribbean-demo");
    EXPECT_EQ(info.metadata.at("seed"), "42");
  }
}

TEST(RecordingRotation, BySizeKeepsEveryFileWithinTheLimit) {
  picket::testing::TempDir dir;
  RecordingWriterOptions options;
  options.directory = dir.file("rec");
  options.prefix = "fusiond";
  options.chunk_target_bytes = 700;
  options.rotate_max_bytes = 4000;
  std::vector<v1::RecordedMessage> records;
  for (int i = 0; i < 300; ++i) {
    const std::int64_t t = kT0Ns + i * 20 * kMsNs;
    records.push_back(recorded(t, "feed/radar/radar-aruba",
                               radarScan(static_cast<std::uint64_t>(i + 1), t, 1 + i % 4)));
  }
  RecordingWriter writer(options);
  for (const auto& r : records) writer.append(r);
  writer.close();
  const auto& files = writer.files();
  ASSERT_GT(files.size(), 5u);
  std::uint64_t total = 0;
  for (const auto& f : files) {
    const auto size = std::filesystem::file_size(f);
    EXPECT_LE(size, options.rotate_max_bytes) << f;
    EXPECT_GT(size, options.rotate_max_bytes / 2) << f;  // not rotating early either
    total += size;
  }
  EXPECT_GT(std::filesystem::file_size(files.back()), 0u);
  EXPECT_EQ(total, writer.stats().bytes);
  EXPECT_TRUE(std::is_sorted(files.begin(), files.end()));
  EXPECT_EQ(listRecordingFiles(options.directory, "fusiond"), files);
  expectSameMessages(readAll(files), records);
}

TEST(RecordingRotation, ByTimeStartsAFileEverySpanAndNamesSortInTimeOrder) {
  picket::testing::TempDir dir;
  RecordingWriterOptions options;
  options.directory = dir.file("rec");
  options.prefix = "fusiond";
  options.rotate_max_span = core::Duration::fromSeconds(10.0);
  std::vector<v1::RecordedMessage> records;
  for (int i = 0; i < 600; ++i) {
    const std::int64_t t = kT0Ns + 100 * kMsNs * i;  // 10 Hz for 60 s
    records.push_back(recorded(t, "feed/ais", aisPosition(static_cast<std::uint64_t>(i + 1), t)));
  }
  RecordingWriter writer(options);
  for (const auto& r : records) writer.append(r);
  writer.close();
  std::vector<std::string> names;
  for (const auto& f : writer.files())
    names.push_back(std::filesystem::path(f).filename().string());
  EXPECT_THAT(names, ElementsAre("fusiond-20260301T120000.000Z-000000.pkrec",
                                 "fusiond-20260301T120010.000Z-000001.pkrec",
                                 "fusiond-20260301T120020.000Z-000002.pkrec",
                                 "fusiond-20260301T120030.000Z-000003.pkrec",
                                 "fusiond-20260301T120040.000Z-000004.pkrec",
                                 "fusiond-20260301T120050.000Z-000005.pkrec"));
  for (const auto& f : writer.files()) {
    RecordingReader reader({f});
    const auto got = readAll(reader);
    ASSERT_EQ(got.size(), 100u) << f;
    EXPECT_EQ(got.back().receive_time_ns() - got.front().receive_time_ns(), 9900 * kMsNs);
  }
  expectSameMessages(readAll(listRecordingFiles(options.directory, "fusiond")), records);
}

TEST(RecordingRotation, AFileHoldsAtLeastOneRecordWhateverTheLimit) {
  picket::testing::TempDir dir;
  RecordingWriterOptions options;
  options.directory = dir.path();
  options.rotate_max_bytes = 10;  // less than any header
  RecordingWriter writer(options);
  for (int i = 0; i < 5; ++i) {
    writer.appendFeed(core::Timestamp{kT0Ns + i}, "t",
                      aisPosition(static_cast<std::uint64_t>(i + 1), kT0Ns));
  }
  writer.close();
  ASSERT_EQ(writer.files().size(), 5u);
  for (const auto& f : writer.files()) {
    RecordingReader reader({f});
    EXPECT_EQ(readAll(reader).size(), 1u) << f;
  }
}

TEST(RecordingRotation, NamesNeverGoBackWhenTheClockDoes) {
  picket::testing::TempDir dir;
  RecordingWriterOptions options;
  options.directory = dir.path();
  options.prefix = "p";
  options.rotate_max_span = core::Duration::fromSeconds(1.0);
  RecordingWriter writer(options);
  writer.appendFeed(core::Timestamp{kT0Ns + 3600 * kSecondNs}, "t", aisPosition(1, 0));
  writer.appendFeed(core::Timestamp{kT0Ns}, "t", aisPosition(2, 0));  // an hour back
  writer.appendFeed(core::Timestamp{kT0Ns + 5 * kSecondNs}, "t", aisPosition(3, 0));
  writer.close();
  ASSERT_EQ(writer.files().size(), 3u);
  EXPECT_TRUE(std::is_sorted(writer.files().begin(), writer.files().end()));
  EXPECT_THAT(writer.files()[1], HasSubstr("p-20260301T130000.000Z-000001.pkrec"));
  EXPECT_EQ(listRecordingFiles(dir.path(), "p"), writer.files());
}

TEST(RecordingRotation, NamesHoldAtTheLimitsOfTime) {
  EXPECT_EQ(fmt::fileNameTime(0), "19700101T000000.000Z");
  EXPECT_EQ(fmt::fileNameTime(kT0Ns + 999'999'999), "20260301T120000.999Z");
  EXPECT_EQ(fmt::fileNameTime(-1), "19691231T235959.999Z");
  EXPECT_EQ(fmt::fileNameTime(INT64_MIN), "16770921T001243.145Z");
  EXPECT_EQ(fmt::fileNameTime(INT64_MAX), "22620411T234716.854Z");
  picket::testing::TempDir dir;
  RecordingWriterOptions options;
  options.directory = dir.path();
  options.prefix = "edge";
  options.rotate_max_span = core::Duration::fromSeconds(1.0);
  RecordingWriter writer(options);
  writer.appendFeed(core::Timestamp{INT64_MIN}, "t", aisPosition(1, 0));
  writer.appendFeed(core::Timestamp{INT64_MAX}, "t", aisPosition(2, 0));
  writer.close();
  ASSERT_EQ(writer.files().size(), 2u);
  EXPECT_THAT(writer.files()[0], HasSubstr("edge-16770921T001243.145Z-000000.pkrec"));
  EXPECT_EQ(readAll(writer.files()).size(), 2u);
}

TEST(RecordingRotation, ListingIgnoresOtherFiles) {
  picket::testing::TempDir dir;
  picket::testing::writeFile(dir.file("p-b.pkrec"), "");
  picket::testing::writeFile(dir.file("p-a.pkrec"), "");
  picket::testing::writeFile(dir.file("p-c.txt"), "");
  picket::testing::writeFile(dir.file("q-a.pkrec"), "");
  picket::testing::writeFile(dir.file("p.pkrec"), "");
  std::filesystem::create_directory(dir.file("p-d.pkrec"));
  EXPECT_THAT(listRecordingFiles(dir.path(), "p"),
              ElementsAre(dir.file("p-a.pkrec"), dir.file("p-b.pkrec")));
  EXPECT_THROW(listRecordingFiles(dir.file("missing"), "p"), RecordingError);
}

TEST(Recording, ReaderTakesSeveralFilesInTheGivenOrder) {
  picket::testing::TempDir dir;
  for (const char* name : {"a", "b"}) {
    RecordingWriter writer(fileOptions(dir.file(std::string(name) + ".pkrec")));
    writer.appendFeed(core::Timestamp{kT0Ns}, name, aisPosition(1, kT0Ns));
    writer.close();
  }
  const auto got = readAll({dir.file("b.pkrec"), dir.file("a.pkrec")});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].topic(), "b");
  EXPECT_EQ(got[1].topic(), "a");
}

TEST(RecordingWriterOptions, EveryProblemIsReported) {
  RecordingWriterOptions o;
  o.chunk_target_bytes = 0;
  o.chunk_max_span = core::Duration{};
  o.rotate_max_span = core::Duration{-1};
  const auto errors = validate(o);
  EXPECT_EQ(errors.size(), 4u);
  try {
    RecordingWriter writer(o);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("exactly one of path and directory"));
    EXPECT_THAT(e.what(), HasSubstr("chunk_target_bytes"));
    EXPECT_THAT(e.what(), HasSubstr("chunk_max_span"));
    EXPECT_THAT(e.what(), HasSubstr("rotate_max_span"));
  }
  RecordingWriterOptions rotating_file;
  rotating_file.path = "/tmp/x.pkrec";
  rotating_file.rotate_max_bytes = 1000;
  EXPECT_THAT(validate(rotating_file), ElementsAre(HasSubstr("needs directory")));
  RecordingWriterOptions bad_prefix;
  bad_prefix.directory = "/tmp";
  bad_prefix.prefix = "a/b";
  EXPECT_THAT(validate(bad_prefix), ElementsAre(HasSubstr("prefix")));
  RecordingWriterOptions good;
  good.directory = "/tmp";
  EXPECT_TRUE(validate(good).empty());
}

TEST(RecordingWriter, RefusesToReplaceAFileUnlessTold) {
  picket::testing::TempDir dir;
  picket::testing::writeFile(dir.file("x.pkrec"), "precious");
  try {
    RecordingWriter writer(fileOptions(dir.file("x.pkrec")));
    FAIL() << "no exception";
  } catch (const RecordingError& e) {
    EXPECT_THAT(e.what(), HasSubstr(dir.file("x.pkrec")));
    EXPECT_THAT(e.what(), HasSubstr("overwrite"));
  }
  EXPECT_EQ(picket::testing::readFile(dir.file("x.pkrec")), "precious");
  auto options = fileOptions(dir.file("x.pkrec"));
  options.overwrite = true;
  RecordingWriter(options).close();
  RecordingReader reader({dir.file("x.pkrec")});
  EXPECT_TRUE(reader.report().clean());
}

TEST(RecordingWriter, CannotCreateInAMissingDirectory) {
  picket::testing::TempDir dir;
  EXPECT_THROW(RecordingWriter(fileOptions(dir.file("no/such/dir/x.pkrec"))), RecordingError);
  picket::testing::writeFile(dir.file("plain"), "");
  RecordingWriterOptions options;
  options.directory = dir.file("plain");  // a file, not a directory
  EXPECT_THROW(RecordingWriter{options}, RecordingError);
}

TEST(RecordingWriter, RefusesARecordOverTheFormatLimit) {
  picket::testing::TempDir dir;
  RecordingWriter writer(fileOptions(dir.file("big.pkrec")));
  const std::string huge(fmt::kMaxRecordBytes, 'x');
  EXPECT_THROW(writer.appendSerialized(core::Timestamp{kT0Ns}, "t", RecordBody::Feed, huge),
               std::length_error);
  EXPECT_THROW(writer.appendSerialized(core::Timestamp{kT0Ns}, "t", RecordBody::None, "x"),
               std::invalid_argument);
  // The writer is still usable and the file still clean.
  writer.appendFeed(core::Timestamp{kT0Ns}, "t", aisPosition(1, kT0Ns));
  writer.close();
  EXPECT_EQ(readAll({dir.file("big.pkrec")}).size(), 1u);
}

TEST(RecordingWriter, AWriteFailureIsAnErrorNamingTheFile) {
  // /dev/full accepts open() and fails every write() with ENOSPC.
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  RecordingWriterOptions options;
  options.path = "/dev/full";
  options.overwrite = true;
  try {
    RecordingWriter writer(options);
    FAIL() << "no exception";
  } catch (const RecordingError& e) {
    EXPECT_THAT(e.what(), HasSubstr("/dev/full: write failed: No space left on device"));
  }
}

// Limits the size of files this process may write (RLIMIT_FSIZE) and ignores SIGXFSZ, so that
// a write past the limit fails with EFBIG; restores both on destruction.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*previous_handler_)(int) = SIG_DFL;
};

TEST(RecordingWriter, AFailedChunkWriteStopsTheWriterAndLeavesAReadableFile) {
  picket::testing::TempDir dir;
  auto options = fileOptions(dir.file("full.pkrec"));
  options.chunk_target_bytes = 300;
  RecordingWriter writer(options);
  std::string error;
  {
    const FileSizeLimit limit(2000);  // the disk fills up part way through a chunk
    try {
      for (int i = 0; i < 100; ++i) {
        writer.appendFeed(core::Timestamp{kT0Ns + i}, "t",
                          aisPosition(static_cast<std::uint64_t>(i + 1), kT0Ns));
      }
    } catch (const RecordingError& e) {
      error = e.what();
    }
  }
  EXPECT_THAT(error, HasSubstr(dir.file("full.pkrec") + ": write failed: File too large"));
  try {
    writer.appendFeed(core::Timestamp{kT0Ns}, "t", aisPosition(1, kT0Ns));
    FAIL() << "no exception";
  } catch (const RecordingError& e) {
    EXPECT_THAT(e.what(), HasSubstr("stopped by an earlier error: " + dir.file("full.pkrec")));
  }
  EXPECT_NO_THROW(writer.close());
  // What reached the disk is complete chunks and a torn tail, nothing worse.
  RecordingReader reader({dir.file("full.pkrec")});
  const auto got = readAll(reader);
  EXPECT_FALSE(got.empty());
  EXPECT_EQ(reader.report().corrupt_chunks, 0u);
  EXPECT_EQ(
      reader.report().bytes_ok + reader.report().torn_tail_bytes + reader.files()[0].chunks_offset,
      2000u);
}

TEST(RecordingWriter, SyncEachChunkWritesTheSameFile) {
  picket::testing::TempDir dir;
  for (const bool sync : {false, true}) {
    auto options = fileOptions(dir.file(sync ? "synced.pkrec" : "plain.pkrec"));
    options.sync_each_chunk = sync;
    options.chunk_target_bytes = 200;
    RecordingWriter writer(options);
    for (int i = 0; i < 20; ++i) {
      writer.appendFeed(core::Timestamp{kT0Ns + i}, "t",
                        aisPosition(static_cast<std::uint64_t>(i + 1), kT0Ns));
    }
    writer.close();
    EXPECT_GT(writer.stats().chunks, 3u);
  }
  EXPECT_EQ(picket::testing::readFile(dir.file("synced.pkrec")),
            picket::testing::readFile(dir.file("plain.pkrec")));
}

TEST(RecordingWriter, AMovedWriterKeepsItsFileAndChunk) {
  picket::testing::TempDir dir;
  RecordingWriter first(fileOptions(dir.file("m.pkrec")));
  first.appendFeed(core::Timestamp{kT0Ns}, "t", aisPosition(1, kT0Ns));
  RecordingWriter second(std::move(first));
  second.appendFeed(core::Timestamp{kT0Ns + 1}, "t", aisPosition(2, kT0Ns));
  RecordingWriter third(fileOptions(dir.file("other.pkrec")));
  third = std::move(second);  // closes other.pkrec, takes over m.pkrec
  third.close();
  EXPECT_EQ(readAll({dir.file("m.pkrec")}).size(), 2u);
  EXPECT_TRUE(readAll({dir.file("other.pkrec")}).empty());
}

TEST(RecordingReader, RefusesFilesThatAreNotRecordings) {
  picket::testing::TempDir dir;
  {
    RecordingWriter writer(fileOptions(dir.file("good.pkrec")));
    writer.appendFeed(core::Timestamp{kT0Ns}, "t", aisPosition(1, kT0Ns));
  }
  const std::string good = picket::testing::readFile(dir.file("good.pkrec"));
  picket::testing::writeFile(dir.file("empty.pkrec"), "");
  picket::testing::writeFile(dir.file("text.pkrec"), "time_s,sensor,lat_deg\n1,a,2\n");
  picket::testing::writeFile(dir.file("short.pkrec"), good.substr(0, 5));
  picket::testing::writeFile(dir.file("noinfo.pkrec"), good.substr(0, fmt::kFileHeaderBytes + 1));
  std::string v2 = good;
  {
    fmt::FileHeader h;
    h.version_major = 2;
    fmt::encodeFileHeader(h, reinterpret_cast<unsigned char*>(v2.data()));
  }
  picket::testing::writeFile(dir.file("v2.pkrec"), v2);
  std::string bad_crc = good;
  bad_crc[13] = static_cast<char>(bad_crc[13] ^ 0x01);  // info_length
  picket::testing::writeFile(dir.file("badcrc.pkrec"), bad_crc);
  std::string bad_info = good;
  bad_info[fmt::kFileHeaderBytes] = static_cast<char>(bad_info[fmt::kFileHeaderBytes] ^ 0x01);
  picket::testing::writeFile(dir.file("badinfo.pkrec"), bad_info);
  std::string huge_info = good;
  {
    fmt::FileHeader h;
    h.info_length = fmt::kMaxInfoBytes + 1;
    fmt::encodeFileHeader(h, reinterpret_cast<unsigned char*>(huge_info.data()));
  }
  picket::testing::writeFile(dir.file("hugeinfo.pkrec"), huge_info);

  const auto problem = [](const std::string& path) -> std::string {
    try {
      RecordingReader reader({path});
    } catch (const RecordingError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_THAT(problem(dir.file("missing.pkrec")),
              HasSubstr(dir.file("missing.pkrec") + ": cannot open (No such file"));
  EXPECT_THAT(problem(dir.path()), HasSubstr("cannot open (Is a directory)"));
  EXPECT_THAT(problem(dir.file("empty.pkrec")), HasSubstr("empty file"));
  EXPECT_THAT(problem(dir.file("text.pkrec")), HasSubstr("bad magic"));
  EXPECT_THAT(problem(dir.file("short.pkrec")), HasSubstr("truncated file header (5 bytes)"));
  EXPECT_THAT(problem(dir.file("noinfo.pkrec")), HasSubstr("truncated file header"));
  EXPECT_THAT(problem(dir.file("v2.pkrec")),
              HasSubstr("unsupported format version (version 2.0, this reader reads 1.x)"));
  EXPECT_THAT(problem(dir.file("badcrc.pkrec")), HasSubstr("file header checksum mismatch"));
  EXPECT_THAT(problem(dir.file("badinfo.pkrec")), HasSubstr("bad recording info"));
  EXPECT_THAT(problem(dir.file("hugeinfo.pkrec")), HasSubstr("recording info length beyond limit"));
  EXPECT_EQ(problem(dir.file("good.pkrec")), "no error");

  // Every unusable file of a set is named at once.
  try {
    RecordingReader reader(
        {dir.file("empty.pkrec"), dir.file("good.pkrec"), dir.file("text.pkrec")});
    FAIL() << "no exception";
  } catch (const RecordingError& e) {
    EXPECT_THAT(e.what(), HasSubstr(dir.file("empty.pkrec") + ": empty file"));
    EXPECT_THAT(e.what(), HasSubstr(dir.file("text.pkrec") + ": not a Picket recording"));
  }
}

TEST(RecordingReader, CanSkipUnusableFilesAndReportThem) {
  picket::testing::TempDir dir;
  for (const char* name : {"a", "c"}) {
    RecordingWriter writer(fileOptions(dir.file(std::string(name) + ".pkrec")));
    writer.appendFeed(core::Timestamp{kT0Ns}, name, aisPosition(1, kT0Ns));
  }
  picket::testing::writeFile(dir.file("b.pkrec"), "not a recording");
  RecordingReaderOptions options;
  options.skip_bad_files = true;
  RecordingReader reader(
      {dir.file("a.pkrec"), dir.file("b.pkrec"), dir.file("missing.pkrec"), dir.file("c.pkrec")},
      options);
  const auto got = readAll(reader);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].topic(), "c");
  const ReadReport& report = reader.report();
  EXPECT_FALSE(report.clean());
  ASSERT_EQ(report.file_errors.size(), 2u);
  EXPECT_EQ(report.file_errors[0].path, dir.file("b.pkrec"));
  EXPECT_EQ(report.file_errors[0].problem, FileProblem::BadMagic);
  EXPECT_EQ(report.file_errors[1].problem, FileProblem::CannotOpen);
  EXPECT_EQ(report.files_read, 2u);
}

TEST(RecordingReader, AFileThatVanishesAfterOpeningIsReportedNotFatal) {
  picket::testing::TempDir dir;
  for (const char* name : {"a", "b"}) {
    RecordingWriter writer(fileOptions(dir.file(std::string(name) + ".pkrec")));
    writer.appendFeed(core::Timestamp{kT0Ns}, name, aisPosition(1, kT0Ns));
  }
  RecordingReader reader({dir.file("a.pkrec"), dir.file("b.pkrec")});
  std::filesystem::remove(dir.file("a.pkrec"));
  const auto got = readAll(reader);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].topic(), "b");
  ASSERT_EQ(reader.report().file_errors.size(), 1u);
  EXPECT_EQ(reader.report().file_errors[0].problem, FileProblem::CannotOpen);
}

TEST(RecordingReader, RefusesUnusableOptions) {
  RecordingReaderOptions options;
  options.max_chunk_payload_bytes = 0;
  EXPECT_THROW(RecordingReader({}, options), std::invalid_argument);
  options.max_chunk_payload_bytes = fmt::kMaxChunkPayloadBytes + 1;
  EXPECT_THROW(RecordingReader({}, options), std::invalid_argument);
  RecordingReader none({});
  v1::RecordedMessage m;
  EXPECT_FALSE(none.next(m));
  EXPECT_TRUE(none.report().clean());
}

}  // namespace
}  // namespace picket::io
