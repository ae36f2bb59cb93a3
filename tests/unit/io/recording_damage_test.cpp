// RecordingReader on damaged files: torn tails, corrupt chunks, resynchronisation, bad records.
// Every damage is made deterministically from an intact file written by RecordingWriter, or
// built byte by byte with the format functions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
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

using ::testing::HasSubstr;
namespace fmt = recording;

// 2026-03-01T12:00:00Z.
constexpr std::int64_t kT0Ns = 1'772'366'400LL * 1'000'000'000LL;
constexpr std::int64_t kMsNs = 1'000'000;

v1::FeedMessage aisPosition(std::uint64_t sequence) {
  v1::FeedMessage m;
  auto* r = m.mutable_ais_position();
  r->mutable_header()->set_source_id("ais-curacao");
  r->mutable_header()->set_sequence(sequence);
  r->mutable_header()->set_time_ns(kT0Ns + static_cast<std::int64_t>(sequence) * kMsNs);
  r->set_mmsi(244'000'000 + static_cast<std::uint32_t>(sequence));
  r->set_lat_deg(12.1);
  r->set_lon_deg(-68.9);
  return m;
}

struct ChunkAt {
  std::uint64_t offset = 0;
  std::uint64_t size = 0;  // header and payload
  std::uint32_t records = 0;
};

// An intact recording of `records` AIS reports (sequence 1..records) in chunks of ~`target`
// bytes, and where its chunks are.
struct Intact {
  std::string bytes;
  std::vector<ChunkAt> chunks;
  std::uint64_t chunks_offset = 0;
};

Intact makeIntact(const picket::testing::TempDir& dir, int records, std::size_t target) {
  RecordingWriterOptions options;
  options.path = dir.file("intact.pkrec");
  options.overwrite = true;
  options.chunk_target_bytes = target;
  {
    RecordingWriter writer(options);
    for (int i = 1; i <= records; ++i) {
      writer.appendFeed(core::Timestamp{kT0Ns + i * kMsNs}, "feed/ais/ais-curacao",
                        aisPosition(static_cast<std::uint64_t>(i)));
    }
  }
  Intact out;
  out.bytes = picket::testing::readFile(options.path);
  const auto* data = reinterpret_cast<const unsigned char*>(out.bytes.data());
  fmt::FileHeader fh;
  EXPECT_EQ(fmt::decodeFileHeader(data, fh), fmt::FileHeaderCheck::Ok);
  out.chunks_offset = fmt::kFileHeaderBytes + fh.info_length;
  std::uint64_t at = out.chunks_offset;
  while (at < out.bytes.size()) {
    fmt::ChunkHeader h;
    EXPECT_EQ(fmt::decodeChunkHeader(data + at, fmt::kMaxChunkPayloadBytes, h),
              fmt::ChunkHeaderCheck::Ok);
    out.chunks.push_back({at, fmt::kChunkHeaderBytes + h.payload_length, h.record_count});
    at += fmt::kChunkHeaderBytes + h.payload_length;
  }
  return out;
}

struct ReadResult {
  std::vector<std::uint64_t> sequences;  // of the records read, in order
  ReadReport report;
};

ReadResult readBytes(const picket::testing::TempDir& dir, const std::string& bytes,
                     RecordingReaderOptions options = {}) {
  const std::string path = dir.file("damaged.pkrec");
  picket::testing::writeFile(path, bytes);
  ReadResult out;
  RecordingReader reader({path}, options);
  v1::RecordedMessage m;
  while (reader.next(m)) out.sequences.push_back(m.feed().ais_position().header().sequence());
  out.report = reader.report();
  return out;
}

std::vector<std::uint64_t> sequencesExcept(int total, std::uint64_t from, std::uint64_t to) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t s = 1; s <= static_cast<std::uint64_t>(total); ++s) {
    if (s < from || s >= to) out.push_back(s);
  }
  return out;
}

// First sequence number in chunk i.
std::uint64_t firstSequence(const Intact& f, std::size_t i) {
  std::uint64_t s = 1;
  for (std::size_t k = 0; k < i; ++k) s += f.chunks[k].records;
  return s;
}

TEST(RecordingDamage, TornTailAtEveryOffsetInsideTheLastChunkLosesOnlyThatChunk) {
  picket::testing::TempDir dir;
  const Intact f = makeIntact(dir, 60, 400);
  ASSERT_GE(f.chunks.size(), 4u);
  const ChunkAt& last = f.chunks.back();
  const std::uint64_t kept = f.bytes.size() - last.size;
  const std::vector<std::uint64_t> expected =
      sequencesExcept(60, firstSequence(f, f.chunks.size() - 1), 61);
  for (std::uint64_t length = kept + 1; length < f.bytes.size(); ++length) {
    const ReadResult r = readBytes(dir, f.bytes.substr(0, length));
    ASSERT_EQ(r.sequences, expected) << "truncated at " << length;
    EXPECT_EQ(r.report.chunks_ok, f.chunks.size() - 1);
    EXPECT_EQ(r.report.corrupt_chunks, 0u);
    EXPECT_EQ(r.report.torn_tail_bytes, length - kept);
    ASSERT_EQ(r.report.torn_tails.size(), 1u);
    const TornTail& tail = r.report.torn_tails[0];
    EXPECT_EQ(tail.offset, kept);
    EXPECT_EQ(tail.bytes, length - kept);
    const bool header_complete = length - kept >= fmt::kChunkHeaderBytes;
    EXPECT_EQ(tail.kind, header_complete ? TailKind::PartialPayload : TailKind::PartialHeader);
    // With its header complete, the torn chunk says how many records it held.
    EXPECT_EQ(r.report.records_lost, header_complete ? last.records : 0u);
    EXPECT_FALSE(r.report.clean());
  }
  // Cut exactly at a chunk boundary: nothing torn.
  const ReadResult at_boundary = readBytes(dir, f.bytes.substr(0, kept));
  EXPECT_EQ(at_boundary.sequences, expected);
  EXPECT_TRUE(at_boundary.report.clean());
}

TEST(RecordingDamage, TruncationInsideTheFileHeaderIsAClearError) {
  picket::testing::TempDir dir;
  const Intact f = makeIntact(dir, 5, 400);
  for (std::uint64_t length = 1; length < f.chunks_offset; ++length) {
    picket::testing::writeFile(dir.file("t.pkrec"), f.bytes.substr(0, length));
    try {
      RecordingReader reader({dir.file("t.pkrec")});
      FAIL() << "no error at length " << length;
    } catch (const RecordingError& e) {
      EXPECT_THAT(e.what(), HasSubstr("truncated file header")) << length;
    }
  }
}

TEST(RecordingDamage, AFlippedBitAnywhereInAMiddleChunkCostsExactlyThatChunk) {
  picket::testing::TempDir dir;
  const Intact f = makeIntact(dir, 60, 400);
  ASSERT_GE(f.chunks.size(), 5u);
  const std::size_t victim = 2;
  const ChunkAt& c = f.chunks[victim];
  const std::uint64_t lost_from = firstSequence(f, victim);
  const std::vector<std::uint64_t> expected = sequencesExcept(60, lost_from, lost_from + c.records);
  for (std::uint64_t i = 0; i < c.size; ++i) {
    std::string bytes = f.bytes;
    bytes[c.offset + i] = static_cast<char>(bytes[c.offset + i] ^ 0x04);
    const ReadResult r = readBytes(dir, bytes);
    ASSERT_EQ(r.sequences, expected) << "byte " << i << " of the chunk";
    EXPECT_EQ(r.report.chunks_ok, f.chunks.size() - 1);
    EXPECT_EQ(r.report.torn_tail_bytes, 0u);
    EXPECT_EQ(r.report.records_lost, c.records);
    ASSERT_EQ(r.report.corrupt.size(), 1u);
    const CorruptChunk& bad = r.report.corrupt[0];
    EXPECT_EQ(bad.offset, c.offset);
    EXPECT_EQ(bad.bytes, c.size);
    // magic | flags, length, count, index, times | payload
    const ChunkProblem expected_problem = i < 4 ? ChunkProblem::BadMagic
                                          : i < fmt::kChunkHeaderBytes
                                              ? ChunkProblem::BadHeaderCrc
                                              : ChunkProblem::BadPayloadCrc;
    EXPECT_EQ(bad.problem, expected_problem) << "byte " << i;
  }
}

TEST(RecordingDamage, ALengthFieldPointingFarAwayIsResynchronisedPast) {
  picket::testing::TempDir dir;
  const Intact f = makeIntact(dir, 60, 400);
  const ChunkAt& c = f.chunks[1];
  const std::uint64_t lost_from = firstSequence(f, 1);
  // Payload length set to 16 MiB, and also to one byte short and long, checksum recomputed
  // or not: none of it may be trusted past the next valid header.
  for (const std::uint32_t length : {16u << 20, 0xFFFFFFFFu}) {
    std::string bytes = f.bytes;
    fmt::storeLe32(length, reinterpret_cast<unsigned char*>(bytes.data() + c.offset + 8));
    const ReadResult r = readBytes(dir, bytes);
    EXPECT_EQ(r.sequences, sequencesExcept(60, lost_from, lost_from + c.records));
    ASSERT_EQ(r.report.corrupt.size(), 1u);
    EXPECT_EQ(r.report.corrupt[0].problem, ChunkProblem::BadHeaderCrc);
    EXPECT_EQ(r.report.corrupt[0].bytes, c.size);
  }
  // A self-consistent header (checksum fixed) claiming 4 GiB: refused by its limit.
  std::string bytes = f.bytes;
  auto* h = reinterpret_cast<unsigned char*>(bytes.data() + c.offset);
  fmt::storeLe32(0xFFFFFFFFu, h + 8);
  fmt::storeLe32(crc32c(h, 44), h + 44);
  const ReadResult r = readBytes(dir, bytes);
  EXPECT_EQ(r.sequences, sequencesExcept(60, lost_from, lost_from + c.records));
  ASSERT_EQ(r.report.corrupt.size(), 1u);
  EXPECT_EQ(r.report.corrupt[0].problem, ChunkProblem::LengthBeyondLimit);
  EXPECT_EQ(r.report.records_lost, c.records);
}

TEST(RecordingDamage, DamageAcrossTwoChunksIsSkippedAndBothAreCounted) {
  picket::testing::TempDir dir;
  const Intact f = makeIntact(dir, 60, 400);
  const ChunkAt& a = f.chunks[1];
  const ChunkAt& b = f.chunks[2];
  std::string bytes = f.bytes;
  // Zeros from the middle of a's payload to the middle of b's header.
  const std::uint64_t from = a.offset + a.size / 2;
  const std::uint64_t to = b.offset + 20;
  std::fill(bytes.begin() + static_cast<std::ptrdiff_t>(from),
            bytes.begin() + static_cast<std::ptrdiff_t>(to), '\0');
  const ReadResult r = readBytes(dir, bytes);
  const std::uint64_t lost_from = firstSequence(f, 1);
  EXPECT_EQ(r.sequences, sequencesExcept(60, lost_from, lost_from + a.records + b.records));
  ASSERT_EQ(r.report.corrupt.size(), 2u);
  EXPECT_EQ(r.report.corrupt[0].problem, ChunkProblem::BadPayloadCrc);  // a's header was intact
  EXPECT_EQ(r.report.corrupt[1].problem, ChunkProblem::BadMagic);
  EXPECT_EQ(r.report.corrupt[1].offset, b.offset);
  EXPECT_EQ(r.report.corrupt_bytes, a.size + b.size);
  EXPECT_EQ(r.report.records_lost, a.records + b.records);  // b's from the index gap
}

TEST(RecordingDamage, GarbageInsertedBetweenChunksIsSkippedWithoutLoss) {
  picket::testing::TempDir dir;
  const Intact f = makeIntact(dir, 60, 400);
  std::string garbage(1000, '\0');
  for (std::size_t i = 0; i < garbage.size(); ++i) {
    // Includes the chunk magic's first byte often, to exercise rejected candidates.
    garbage[i] = static_cast<char>(i % 3 == 0 ? fmt::kChunkMagic[0] : i * 31);
  }
  std::string bytes = f.bytes;
  bytes.insert(f.chunks[3].offset, garbage);
  const ReadResult r = readBytes(dir, bytes);
  EXPECT_EQ(r.sequences, sequencesExcept(60, 1, 1));
  ASSERT_EQ(r.report.corrupt.size(), 1u);
  EXPECT_EQ(r.report.corrupt[0].offset, f.chunks[3].offset);
  EXPECT_EQ(r.report.corrupt[0].bytes, garbage.size());
  EXPECT_EQ(r.report.records_lost, 0u);
  EXPECT_EQ(r.report.chunks_ok, f.chunks.size());
}

TEST(RecordingDamage, ACorruptFirstChunkIsSkipped) {
  picket::testing::TempDir dir;
  const Intact f = makeIntact(dir, 60, 400);
  std::string bytes = f.bytes;
  bytes[f.chunks_offset + 30] = static_cast<char>(bytes[f.chunks_offset + 30] ^ 0x40);
  const ReadResult r = readBytes(dir, bytes);
  EXPECT_EQ(r.sequences, sequencesExcept(60, 1, 1 + f.chunks[0].records));
  EXPECT_EQ(r.report.corrupt_chunks, 1u);
  EXPECT_EQ(r.report.records_lost, f.chunks[0].records);
}

TEST(RecordingDamage, ZeroFilledTailAfterAnOsCrashIsATornTail) {
  picket::testing::TempDir dir;
  const Intact f = makeIntact(dir, 60, 400);
  const ReadResult r = readBytes(dir, f.bytes + std::string(100'000, '\0'));
  EXPECT_EQ(r.sequences, sequencesExcept(60, 1, 1));
  EXPECT_EQ(r.report.corrupt_chunks, 0u);
  EXPECT_EQ(r.report.torn_tail_bytes, 100'000u);
  ASSERT_EQ(r.report.torn_tails.size(), 1u);
  EXPECT_EQ(r.report.torn_tails[0].kind, TailKind::NoValidChunk);
  EXPECT_EQ(r.report.torn_tails[0].offset, f.bytes.size());
}

TEST(RecordingDamage, AChunkOverTheReadersLimitIsSkipped) {
  picket::testing::TempDir dir;
  const Intact f = makeIntact(dir, 60, 400);
  std::uint64_t largest = 0;
  for (const auto& c : f.chunks) largest = std::max(largest, c.size - fmt::kChunkHeaderBytes);
  RecordingReaderOptions options;
  options.max_chunk_payload_bytes = static_cast<std::uint32_t>(largest - 1);
  const ReadResult r = readBytes(dir, f.bytes, options);
  EXPECT_LT(r.sequences.size(), 60u);
  EXPECT_GT(r.report.corrupt_chunks + r.report.torn_tails.size(), 0u);
  for (const auto& c : r.report.corrupt) EXPECT_EQ(c.problem, ChunkProblem::LengthBeyondLimit);
}

// A file built byte by byte: header, empty info, then the given chunks.
std::string fileWithChunks(const std::vector<std::string>& chunks) {
  std::string out(fmt::kFileHeaderBytes, '\0');
  fmt::encodeFileHeader(fmt::FileHeader{}, reinterpret_cast<unsigned char*>(out.data()));
  for (const auto& c : chunks) out += c;
  return out;
}

std::string chunk(const std::string& payload, std::uint32_t records, std::uint64_t first_index,
                  std::uint32_t flags = 0) {
  fmt::ChunkHeader h;
  h.flags = flags;
  h.payload_length = static_cast<std::uint32_t>(payload.size());
  h.record_count = records;
  h.first_record_index = first_index;
  h.payload_crc = crc32c(payload);
  std::string out(fmt::kChunkHeaderBytes, '\0');
  fmt::encodeChunkHeader(h, reinterpret_cast<unsigned char*>(out.data()));
  return out + payload;
}

std::string framed(const std::string& record) {
  std::string out(fmt::varintSize(record.size()), '\0');
  fmt::writeVarint(record.size(), reinterpret_cast<unsigned char*>(out.data()));
  return out + record;
}

std::string recordBytes(std::uint64_t sequence) {
  v1::RecordedMessage r;
  r.set_receive_time_ns(kT0Ns);
  *r.mutable_feed() = aisPosition(sequence);
  return r.SerializeAsString();
}

TEST(RecordingDamage, ChunksWithBadFramingOrUnknownFlagsAreSkipped) {
  picket::testing::TempDir dir;
  const std::string good1 = chunk(framed(recordBytes(1)), 1, 0);
  // Checksums fine, but: a length prefix running past the payload; one record short of the
  // count; a trailing byte; a future encoding flag.
  const std::string overrun = chunk(
      "\x05"
      "ab",
      1, 1);
  const std::string short_count = chunk(framed(recordBytes(2)), 2, 2);
  const std::string trailing = chunk(framed(recordBytes(3)) + "\x01", 1, 4);
  const std::string flagged = chunk(framed(recordBytes(4)), 1, 5, 0x1);
  const std::string good2 = chunk(framed(recordBytes(5)), 1, 6);
  const ReadResult r =
      readBytes(dir, fileWithChunks({good1, overrun, short_count, trailing, flagged, good2}));
  EXPECT_EQ(r.sequences, (std::vector<std::uint64_t>{1, 5}));
  ASSERT_EQ(r.report.corrupt.size(), 4u);
  EXPECT_EQ(r.report.corrupt[0].problem, ChunkProblem::BadFraming);
  EXPECT_EQ(r.report.corrupt[1].problem, ChunkProblem::BadFraming);
  EXPECT_EQ(r.report.corrupt[2].problem, ChunkProblem::BadFraming);
  EXPECT_EQ(r.report.corrupt[3].problem, ChunkProblem::UnsupportedFlags);
  EXPECT_EQ(r.report.corrupt[3].bytes, flagged.size());
  EXPECT_EQ(r.report.records_lost, 5u);  // 1 + 2 + 1 from headers, 1 from the index gap
}

TEST(RecordingDamage, AnUnparseableRecordIsSkippedAndTheRestOfItsChunkRead) {
  picket::testing::TempDir dir;
  RecordingWriterOptions options;
  options.path = dir.file("r.pkrec");
  RecordingWriter writer(options);
  writer.appendFeed(core::Timestamp{kT0Ns}, "t", aisPosition(1));
  // A body that is not a FeedMessage (a truncated varint): the envelope is fine.
  writer.appendSerialized(core::Timestamp{kT0Ns + 1}, "t", RecordBody::Feed, "\x08\xff");
  writer.appendFeed(core::Timestamp{kT0Ns + 2}, "t", aisPosition(3));
  writer.close();
  const ReadResult r = readBytes(dir, picket::testing::readFile(dir.file("r.pkrec")));
  EXPECT_EQ(r.sequences, (std::vector<std::uint64_t>{1, 3}));
  EXPECT_EQ(r.report.records_unparseable, 1u);
  EXPECT_EQ(r.report.records_read, 2u);
  ASSERT_EQ(r.report.bad_records.size(), 1u);
  EXPECT_EQ(r.report.bad_records[0].index_in_chunk, 1u);
  EXPECT_EQ(r.report.corrupt_chunks, 0u);
  EXPECT_FALSE(r.report.clean());

  // nextView() does not parse bodies: it hands over all three, bad bytes included.
  RecordingReader reader({dir.file("r.pkrec")});
  RecordView view;
  std::vector<std::string> bodies;
  while (reader.nextView(view)) bodies.emplace_back(view.body_bytes);
  ASSERT_EQ(bodies.size(), 3u);
  EXPECT_EQ(bodies[1], "\x08\xff");
  EXPECT_TRUE(reader.report().clean());
}

TEST(RecordingDamage, RecordsWithABrokenEnvelopeAreSkippedByBothReadPaths) {
  picket::testing::TempDir dir;
  const std::string topic_only = std::string("\x12\x03") + "abc";
  const std::vector<std::string> records = {
      recordBytes(1),
      "\xff",  // a key varint cut short
      "\x12\x09"
      "abc",                            // topic longer than the record
      "\x0b",                           // wire type 3 (group): not in this schema
      recordBytes(2) + recordBytes(2),  // the feed body twice (protobuf would merge them)
      topic_only,
      recordBytes(3)};
  std::string payload;
  for (const auto& r : records) payload += framed(r);
  const std::string bytes =
      fileWithChunks({chunk(payload, static_cast<std::uint32_t>(records.size()), 0)});
  picket::testing::writeFile(dir.file("e.pkrec"), bytes);

  RecordingReader views({dir.file("e.pkrec")});
  RecordView view;
  std::vector<std::string> topics;
  while (views.nextView(view)) topics.emplace_back(view.topic);
  EXPECT_EQ(topics.size(), 3u);  // records 1, topic_only and 3
  EXPECT_EQ(views.report().records_unparseable, 4u);

  RecordingReader parsed({dir.file("e.pkrec")});
  v1::RecordedMessage m;
  int n = 0;
  while (parsed.next(m)) ++n;
  // The generated parser merges the repeated body; our view refuses it. Both refuse the rest.
  EXPECT_EQ(n, 4);
  EXPECT_EQ(parsed.report().records_unparseable, 3u);
}

TEST(RecordingDamage, GarbageAfterAValidHeaderIsAccountedForByteByByte) {
  picket::testing::TempDir dir;
  const Intact f = makeIntact(dir, 30, 300);
  const std::string head = f.bytes.substr(0, f.chunks_offset);
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  const auto rnd = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  for (int trial = 0; trial < 100; ++trial) {
    // Random bytes, rich in the chunk magic and in pieces of real chunks (valid headers among
    // them), in random order: a resynchroniser's worst day.
    std::string body;
    const std::size_t target = rnd() % 6000;
    while (body.size() < target) {
      switch (rnd() % 4) {
        case 0:
          body.append(reinterpret_cast<const char*>(fmt::kChunkMagic.data()), 4);
          break;
        case 1: {
          const ChunkAt& c = f.chunks[rnd() % f.chunks.size()];
          body += f.bytes.substr(c.offset, rnd() % (c.size + 1));
          break;
        }
        default:
          for (int i = 0; i < 16; ++i) body.push_back(static_cast<char>(rnd()));
      }
    }
    const ReadResult r = readBytes(dir, head + body);
    EXPECT_EQ(r.report.bytes_ok + r.report.corrupt_bytes + r.report.torn_tail_bytes, body.size())
        << "trial " << trial;
    EXPECT_EQ(r.sequences.size(), r.report.records_read);
  }
}

TEST(RecordingDamage, RandomDamageNeverCrashesAndAllIntactChunksAreRead) {
  picket::testing::TempDir dir;
  const Intact f = makeIntact(dir, 200, 500);
  std::uint64_t x = 88172645463325252ull;  // xorshift64, fixed
  const auto rnd = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  for (int trial = 0; trial < 200; ++trial) {
    std::string bytes = f.bytes;
    const int hits = 1 + static_cast<int>(rnd() % 20);
    for (int h = 0; h < hits; ++h) {
      const std::uint64_t at = f.chunks_offset + rnd() % (bytes.size() - f.chunks_offset);
      bytes[at] = static_cast<char>(rnd());
    }
    const std::size_t cut = bytes.size() - rnd() % 200;
    bytes.resize(cut);
    const ReadResult r = readBytes(dir, bytes);
    // Every chunk untouched by damage and cut is delivered whole.
    std::size_t intact_records = 0;
    for (const auto& c : f.chunks) {
      if (c.offset + c.size > cut) continue;
      if (std::string_view(bytes).substr(c.offset, c.size) ==
          std::string_view(f.bytes).substr(c.offset, c.size)) {
        intact_records += c.records;
      }
    }
    ASSERT_GE(r.sequences.size(), intact_records) << "trial " << trial;
    ASSERT_TRUE(std::is_sorted(r.sequences.begin(), r.sequences.end())) << "trial " << trial;
    // Every byte after the file header is in a good chunk, a corrupt stretch or the tail.
    EXPECT_EQ(r.report.bytes_ok + r.report.corrupt_bytes + r.report.torn_tail_bytes,
              cut - f.chunks_offset)
        << "trial " << trial;
    // Checksums stop damage before parsing; the count of records is accounted for exactly
    // unless the tail lost a chunk header (then the lost count is a lower bound).
    EXPECT_EQ(r.report.records_unparseable, 0u) << "trial " << trial;
    const bool tail_count_known =
        std::all_of(r.report.torn_tails.begin(), r.report.torn_tails.end(),
                    [](const TornTail& t) { return t.kind == TailKind::PartialPayload; });
    if (tail_count_known) {
      EXPECT_EQ(r.report.records_read + r.report.records_lost, 200u) << "trial " << trial;
    } else {
      EXPECT_LE(r.report.records_read + r.report.records_lost, 200u) << "trial " << trial;
    }
  }
}

}  // namespace
}  // namespace picket::io
