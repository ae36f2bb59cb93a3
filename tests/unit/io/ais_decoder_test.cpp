// The decoding pipeline: fragment reassembly (interleaved, orphaned, timed out, evicted),
// receiver times, and hostile input (mutated sentences, random bytes, giant lines): every
// line is either decoded or counted, and nothing crashes.

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "io/ais_decoder.hpp"
#include "io/ais_lines.hpp"

namespace {

namespace ais = picket::io::ais;
using ais::Decoder;
using ais::Reject;

const std::string kData = std::string(PICKET_TEST_DATA_DIR) + "/ais/";

std::vector<std::string> readLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

/// Sum of refusals made at the sentence layer (each refused line counts exactly one).
std::uint64_t lineRefusals(const ais::AisCounters& c) {
  std::uint64_t n = 0;
  for (Reject r : {Reject::NotAis, Reject::LineTooLong, Reject::NonAscii, Reject::MissingChecksum,
                   Reject::BadChecksum, Reject::BadTagBlock, Reject::BadField, Reject::BadPayload}) {
    n += c.rejectedFor(r);
  }
  return n;
}

// gpsd sample.aivdm: two 2-fragment type 5 messages on channels B (id 6) and A (id 2),
// interleaved: 1B(6), 1A(2), 2A(2), 2B(6).
const char* kInterleaved[] = {
    "!AIVDM,2,1,6,B,542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht50000000000,0*3B",
    "!AIVDM,2,1,2,A,542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht500000000000000,0*3C",
    "!AIVDM,2,2,2,A,0000002,2*24",
    "!AIVDM,2,2,6,B,00000000000,2*21",
};

TEST(AisReassembly, InterleavedMessagesOnTwoChannelsBothComplete) {
  Decoder d;
  std::vector<std::uint32_t> mmsis;
  for (const char* l : kInterleaved) {
    if (const auto* m = d.feedLine(l, 0)) mmsis.push_back(m->message.mmsi);
  }
  ASSERT_EQ(mmsis.size(), 2u);
  EXPECT_EQ(d.counters().by_type[5], 2u);
  EXPECT_EQ(d.counters().errors(), 0u);
}

TEST(AisReassembly, TagBlockGroupsInterleavedWithOtherMessages) {
  // libais tagblock.nmea: fragments 1 and 2 of a type 5 with a type 1 between them.
  Decoder d;
  std::vector<int> types;
  std::vector<std::int64_t> times;
  for (const auto& l : readLines(kData + "tagblock.nmea")) {
    if (const auto* m = d.feedLine(l, 0)) {
      types.push_back(m->message.type);
      times.push_back(m->receiver_time_ms.value_or(-1));
    }
  }
  EXPECT_EQ(types, (std::vector<int>{1, 5, 1, 1}));
  // Receiver times from c:, the type 5 with its first fragment's.
  EXPECT_EQ(times, (std::vector<std::int64_t>{1418172113000, 1418169601000, 1418171722000,
                                              1418171561000}));
  EXPECT_EQ(d.counters().tag_blocks, 5u);
}

TEST(AisReassembly, OrphanAndOutOfOrderFragmentsAreCounted) {
  Decoder d;
  // A second fragment with no first.
  EXPECT_EQ(d.feedLine(kInterleaved[2], 0), nullptr);
  EXPECT_EQ(d.counters().rejectedFor(Reject::OrphanFragment), 1u);
  // A first fragment repeated: the earlier copy is abandoned, the later one completes.
  EXPECT_EQ(d.feedLine(kInterleaved[1], 0), nullptr);
  EXPECT_EQ(d.feedLine(kInterleaved[1], 0), nullptr);
  EXPECT_EQ(d.counters().rejectedFor(Reject::IncompleteMessage), 1u);
  EXPECT_NE(d.feedLine(kInterleaved[2], 0), nullptr);
  // A last fragment twice: the second is an orphan.
  EXPECT_EQ(d.feedLine(kInterleaved[2], 0), nullptr);
  EXPECT_EQ(d.counters().rejectedFor(Reject::OrphanFragment), 2u);
}

TEST(AisReassembly, SkippedFragmentDropsTheMessage) {
  Decoder d;
  // sample.aivdm: a 3-fragment type 8; fragment 2 missing.
  EXPECT_EQ(d.feedLine("!AIVDM,3,1,7,A,85Mwp=iKfGwushJ?gNlt2QU3osVGe:4?cNhQqf2VH8t,0*08", 0), nullptr);
  EXPECT_EQ(d.feedLine("!AIVDM,3,3,7,A,Uq:1Kk`e8,4*27", 0), nullptr);
  EXPECT_EQ(d.counters().rejectedFor(Reject::IncompleteMessage), 1u);
  EXPECT_EQ(d.counters().rejectedFor(Reject::OrphanFragment), 1u);
  EXPECT_EQ(d.counters().messages, 0u);
}

TEST(AisReassembly, StaleFragmentsTimeOutBySentenceCountAndByTime) {
  const std::string single = "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A";
  {
    ais::DecoderOptions o;
    o.fragment_timeout_sentences = 3;
    Decoder d(o);
    d.feedLine(kInterleaved[1], 0);
    for (int i = 0; i < 3; ++i) ASSERT_NE(d.feedLine(single, 0), nullptr);
    EXPECT_NE(d.feedLine(kInterleaved[2], 0), nullptr) << "3 sentences later: still in time";
    d.feedLine(kInterleaved[1], 0);
    for (int i = 0; i < 4; ++i) d.feedLine(single, 0);
    EXPECT_EQ(d.feedLine(kInterleaved[2], 0), nullptr) << "4 sentences later: timed out";
    EXPECT_EQ(d.counters().rejectedFor(Reject::IncompleteMessage), 1u);
  }
  {
    ais::DecoderOptions o;
    o.fragment_timeout_ms = 1000;
    Decoder d(o);
    d.feedLine(kInterleaved[1], 10'000);
    EXPECT_NE(d.feedLine(kInterleaved[2], 11'000), nullptr);
    d.feedLine(kInterleaved[1], 20'000);
    EXPECT_EQ(d.feedLine(kInterleaved[2], 21'001), nullptr);
    EXPECT_EQ(d.counters().rejectedFor(Reject::IncompleteMessage), 1u);
  }
}

TEST(AisReassembly, AllSlotsBusyEvictsTheStalest) {
  ais::DecoderOptions o;
  o.reassembly_slots = 1;
  Decoder d(o);
  d.feedLine(kInterleaved[0], 0);  // B, id 6
  d.feedLine(kInterleaved[1], 0);  // A, id 2: evicts B/6
  EXPECT_EQ(d.counters().rejectedFor(Reject::IncompleteMessage), 1u);
  EXPECT_NE(d.feedLine(kInterleaved[2], 0), nullptr);
  EXPECT_EQ(d.feedLine(kInterleaved[3], 0), nullptr);
  EXPECT_EQ(d.counters().rejectedFor(Reject::OrphanFragment), 1u);
  d.feedLine(kInterleaved[0], 0);
  d.finish();
  EXPECT_EQ(d.counters().rejectedFor(Reject::IncompleteMessage), 2u);
}

TEST(AisDecoder, ShortAndUnsupportedMessagesAreCounted) {
  Decoder d;
  // Type 6 (binary addressed): well formed, not decoded.
  EXPECT_EQ(d.feedLine("!AIVDM,1,1,,B,6B?n;be:cbapalgc;i6?Ow4,2*4A", 0), nullptr);
  EXPECT_EQ(d.counters().rejectedFor(Reject::UnsupportedType), 1u);
  // A type 1 cut to 60 bits.
  EXPECT_EQ(d.feedLine("!AIVDM,1,1,,A,15RTgt0PAso,0*0A", 0), nullptr);
  EXPECT_EQ(d.counters().rejectedFor(Reject::ShortPayload), 1u);
}

TEST(AisDecoder, StreamClockTimesUntimedSentences) {
  Decoder d;
  const std::string vdm = "!AIVDM,1,1,1,,13aI8e?P00PGpU:NR6s00?vT2000,0,0*1C";
  ASSERT_NE(d.feedLine(vdm, 0), nullptr);
  EXPECT_FALSE(d.feedLine(vdm, 0)->receiver_time_ms);
  d.feedLine("$GPRMC,195719,A,5310.8115,N,00525.7025,E,0.0,0.0,160414,0.7,E,A*10", 0);
  const auto* m = d.feedLine(vdm, 0);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->receiver_time_ms, 1397678239LL * 1000);
  EXPECT_EQ(d.counters().clock_sentences, 1u);
}

TEST(AisDecoder, EveryLineOfTheGpsdSampleIsDecodedOrCounted) {
  Decoder d;
  for (const auto& l : readLines(kData + "sample.aivdm")) d.feedLine(l, 0);
  d.finish();
  const auto& c = d.counters();
  EXPECT_EQ(c.lines, c.sentences + lineRefusals(c));
  EXPECT_EQ(c.sentences, 118u);  // README of the data: 118 sentences, all checksums valid
  EXPECT_EQ(c.rejectedFor(Reject::BadChecksum), 0u);
  // 97 messages in gpsd's oracle, 72 of them of unsupported types (counted as such). gpsd
  // prints 2 merged records for the 7 message 24 parts in the file, we decode all 7.
  EXPECT_EQ(c.rejectedFor(Reject::UnsupportedType), 72u);
  EXPECT_EQ(c.by_type[24], 7u);
  EXPECT_EQ(c.messages + c.rejectedFor(Reject::UnsupportedType), 97u - 2u + 7u);
}

// A small xorshift generator: deterministic, the same on every platform.
struct XorShift {
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
};

TEST(AisDecoder, MutatedAndRandomInputIsCountedNeverFatal) {
  const auto sample = readLines(kData + "sample.aivdm");
  std::vector<std::string> sentences;
  for (const auto& l : sample) {
    if (!l.empty() && l[0] == '!') sentences.push_back(l);
  }
  ASSERT_FALSE(sentences.empty());
  Decoder d;
  XorShift rng{0x9E3779B97F4A7C15ULL};
  std::uint64_t fed = 0;
  for (int round = 0; round < 20'000; ++round) {
    std::string line = sentences[rng.next() % sentences.size()];
    switch (rng.next() % 6) {
      case 0: line[rng.next() % line.size()] = static_cast<char>(rng.next() & 0xFF); break;
      case 1: line.resize(rng.next() % line.size()); break;
      case 2: line.insert(rng.next() % line.size(), 1, static_cast<char>(rng.next() & 0x7F)); break;
      case 3: line.erase(rng.next() % line.size(), 1); break;
      case 4: {
        line.assign(rng.next() % 200, '\0');
        for (char& c : line) c = static_cast<char>(rng.next() & 0xFF);
        break;
      }
      default: line = std::string(2000 + rng.next() % 5000, static_cast<char>('0' + rng.next() % 40));
    }
    if (line.find('\n') != std::string::npos || line.find('\r') != std::string::npos) continue;
    d.feedLine(line, static_cast<std::int64_t>(round));
    ++fed;
  }
  d.finish();
  const auto& c = d.counters();
  // Every non-blank, non-comment line was either a sentence or refused at the sentence layer.
  EXPECT_EQ(c.lines, c.sentences + lineRefusals(c));
  EXPECT_LE(c.lines, fed);
  EXPECT_GT(c.rejectedFor(Reject::BadChecksum), 0u);
  EXPECT_GT(c.rejectedFor(Reject::LineTooLong), 0u);
}

TEST(AisLineSplitter, SplitsAcrossChunksAndSkipsOverlongLines) {
  ais::LineSplitter split;
  std::vector<std::string> lines;
  auto on = [&](std::string_view l) { lines.emplace_back(l); };
  split.feed("abc\r\nde", on);
  split.feed("f\n", on);
  split.feed(std::string(3000, 'x') + "\nok", on);
  split.flush(on);
  EXPECT_EQ(lines, (std::vector<std::string>{"abc", "", "def", "ok"}));
  EXPECT_EQ(split.overlong(), 1u);
}

}  // namespace
