// NMEA sentence layer of the AIS decoder: checksums, fields, tag blocks, receiver trailers,
// the receiver's GNSS clock sentences, and refusals of malformed lines.

#include <gtest/gtest.h>

#include <string>

#include "io/ais_nmea.hpp"

namespace {

using picket::io::ais::parseClockSentence;
using picket::io::ais::parseSentence;
using picket::io::ais::Reject;
using picket::io::ais::Sentence;

// The Sentence's views point into the line: lines are literals or locals that outlive it.
std::optional<Reject> parse(std::string_view line, Sentence& s) { return parseSentence(line, s); }

TEST(AisSentence, ParsesSingleFragmentFields) {
  Sentence s;
  ASSERT_EQ(parse("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A", s), std::nullopt);
  EXPECT_EQ(s.talker, "AI");
  EXPECT_FALSE(s.own_ship);
  EXPECT_EQ(s.fragment_count, 1);
  EXPECT_EQ(s.fragment_number, 1);
  EXPECT_EQ(s.sequence_id, -1);
  EXPECT_EQ(s.channel, 'A');
  EXPECT_EQ(s.payload, "15RTgt0PAso;90TKcjM8h6g208CQ");
  EXPECT_EQ(s.fill_bits, 0);
  EXPECT_FALSE(s.tag.present);
  EXPECT_FALSE(s.trailer_time_ms);
}

TEST(AisSentence, ParsesVdoFragmentAndOtherTalkers) {
  Sentence s;
  // gpsd sample.aivdm: an own-ship (VDO) report.
  ASSERT_EQ(parse("!AIVDO,1,1,4,B,8>jR06@0Bk3:wOli;<`WPhh<1rqVBQf2V@Pdt0J82avIM2b<<Rv1t<ot=@1,2*54", s),
            std::nullopt);
  EXPECT_TRUE(s.own_ship);
  EXPECT_EQ(s.sequence_id, 4);
  EXPECT_EQ(s.fill_bits, 2);
  // AMSA's network uses talkers AB, BS and "=I"; the checksum covers them.
  ASSERT_EQ(parse("!BSVDM,1,1,,B,17PCie0P00:;2MmqtCvQ;OwL0400,0*7C", s), std::nullopt);
  EXPECT_EQ(s.talker, "BS");
}

TEST(AisSentence, ToleratesCrLfBlanksAndTrailingReceiverMetadata) {
  Sentence s;
  EXPECT_EQ(parse("  !AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\r\n", s), std::nullopt);
  // libais typeexamples.nmea: USCG metadata after the checksum.
  EXPECT_EQ(parse("!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30,d-080,S2118,t050056.00,"
                  "T56.4837741,r003669946,1325394060,1325394001",
                  s),
            std::nullopt);
  ASSERT_TRUE(s.trailer_time_ms);
  EXPECT_EQ(*s.trailer_time_ms, 1325394060LL * 1000);
  // gpsd sample.aivdm: a literal "\x0d\x0a" after the checksum is junk, not content.
  EXPECT_EQ(parse(R"(!AIVDM,2,2,8,B,00,4*19\x0d\x0a)", s), std::nullopt);
}

TEST(AisSentence, ToleratesNavicoExtraFieldBeforeChecksum) {
  Sentence s;
  // SignalK gofree-merrimac.log: "!AIVDM,1,1,1,,<payload>,0,0*1C" (empty channel, extra field).
  ASSERT_EQ(parse("!AIVDM,1,1,1,,13aI8e?P00PGpU:NR6s00?vT2000,0,0*1C", s), std::nullopt);
  EXPECT_EQ(s.channel, '\0');
  EXPECT_EQ(s.fill_bits, 0);
  EXPECT_EQ(s.payload, "13aI8e?P00PGpU:NR6s00?vT2000");
}

TEST(AisSentence, RefusesBadAndMissingChecksums) {
  Sentence s;
  EXPECT_EQ(parse("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B", s), Reject::BadChecksum);
  EXPECT_EQ(parse("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CR,0*4A", s), Reject::BadChecksum);
  EXPECT_EQ(parse("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0", s), Reject::MissingChecksum);
  EXPECT_EQ(parse("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4", s), Reject::MissingChecksum);
  EXPECT_EQ(parse("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*ZZ", s), Reject::MissingChecksum);
}

/// `body` with its correct checksum appended: refusals below are then about the fields.
std::string withChecksum(const std::string& body) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02X", picket::io::ais::nmeaChecksum(body));
  return "!" + body + "*" + buf;
}

TEST(AisSentence, RefusesBadFields) {
  Sentence s;
  EXPECT_EQ(parse(withChecksum("AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ"), s), Reject::BadField);
  EXPECT_EQ(parse(withChecksum("AIVDM,0,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0"), s), Reject::BadField);
  EXPECT_EQ(parse(withChecksum("AIVDM,2,3,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0"), s), Reject::BadField);
  EXPECT_EQ(parse(withChecksum("AIVDM,1,1,12,A,15RTgt0PAso;90TKcjM8h6g208CQ,0"), s), Reject::BadField);
  EXPECT_EQ(parse(withChecksum("AIVDM,1,1,,AB,15RTgt0PAso;90TKcjM8h6g208CQ,0"), s), Reject::BadField);
  EXPECT_EQ(parse(withChecksum("AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,6"), s), Reject::BadField);
  EXPECT_EQ(parse(withChecksum("AIVDM,1,1,,A,,0"), s), Reject::BadField);
  EXPECT_EQ(parse(withChecksum("AIVDM,x,1,,A,15RT,0"), s), Reject::BadField);
  // 'X' and '_' are outside the armouring alphabet ('0'-'W', '`'-'w').
  EXPECT_EQ(parse(withChecksum("AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CX,0"), s), Reject::BadPayload);
  EXPECT_EQ(parse(withChecksum("AIVDM,1,1,,A,15RT_t0P,0"), s), Reject::BadPayload);
}

TEST(AisSentence, OtherSentencesAreNotAis) {
  Sentence s;
  EXPECT_EQ(parse("$GPRMC,195719,A,5310.8115,N,00525.7025,E,0.0,0.0,160414,0.7,E,A*10", s),
            Reject::NotAis);
  EXPECT_EQ(parse("$PGHP,1,2010,6,11,11,46,11,390,231,45,992190934,1,2B*5B", s), Reject::NotAis);
  EXPECT_EQ(parse("!AIPWR,1", s), Reject::NotAis);
  EXPECT_EQ(parse("AIVDM,2,2,1,B,00000000000,2*26", s), Reject::NotAis);  // no '!'
  EXPECT_EQ(parse("hello", s), Reject::NotAis);
}

TEST(AisSentence, RefusesNonAsciiAndGiantLines) {
  Sentence s;
  std::string line = "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A";
  line[20] = static_cast<char>(0xC3);
  EXPECT_EQ(parse(line, s), Reject::NonAscii);
  line[20] = '\0';
  EXPECT_EQ(parse(line, s), Reject::NonAscii);
  const std::string giant = "!AIVDM,1,1,,A," + std::string(5000, '0') + ",0*00";
  EXPECT_EQ(parse(giant, s), Reject::LineTooLong);
}

TEST(AisTagBlock, ParsesSourceTimeAndGroup) {
  Sentence s;
  // libais tagblock.nmea, first line.
  ASSERT_EQ(parse("\\g:1-2-1604,s:rORBCOMM008,c:1418169601,T:2014-12-10 00.00.01*37\\!AIVDM,2,1,"
                  "6,A,53@o0E000001Q0CG37U8u<Tp4q@D00000000000018330400000000000000,0*63",
                  s),
            std::nullopt);
  EXPECT_TRUE(s.tag.present);
  EXPECT_EQ(s.tag.source, "rORBCOMM008");
  ASSERT_TRUE(s.tag.unix_time_ms);
  EXPECT_EQ(*s.tag.unix_time_ms, 1418169601LL * 1000);
  EXPECT_EQ(s.tag.group_number, 1);
  EXPECT_EQ(s.tag.group_count, 2);
  EXPECT_EQ(s.tag.group_id, 1604u);
  EXPECT_EQ(s.fragment_count, 2);
  EXPECT_EQ(s.sequence_id, 6);
}

TEST(AisTagBlock, RefusesBadChecksumUnterminatedAndMalformed) {
  Sentence s;
  const std::string vdm = "!ABVDM,1,1,4,B,17P;HV?P008F98Il;EC1mOwL0@KP,0*22";
  // AMSA nmea-timestamped.txt writes "*00" as the tag block checksum: refused, and counted.
  EXPECT_EQ(parse("\\c:1420030798*00\\" + vdm, s), Reject::BadTagBlock);
  EXPECT_EQ(parse("\\c:1420030798*5B" + vdm, s), Reject::BadTagBlock);  // no closing '\'
  EXPECT_EQ(parse("\\c:1420030798\\" + vdm, s), Reject::BadTagBlock);   // no checksum
  // The right checksum of "c:1420030798" is 0x5B (XOR of its bytes).
  const std::string good = "\\c:1420030798*5B\\" + vdm;
  ASSERT_EQ(parse(good, s), std::nullopt);
  EXPECT_EQ(*s.tag.unix_time_ms, 1420030798LL * 1000);
  EXPECT_EQ(parse("\\c:14200x0798*" + std::string("00") + "\\" + vdm, s), Reject::BadTagBlock);
  // Milliseconds in c: (some receivers) are recognised by their size.
  const std::string ms = "\\c:1420030798123*6B\\" + vdm;
  ASSERT_EQ(parse(ms, s), std::nullopt);
  EXPECT_EQ(*s.tag.unix_time_ms, 1420030798123LL);
}

TEST(AisClock, ReadsRmcAndZda) {
  // SignalK gofree-merrimac.log: 2014-04-16 19:57:19 UTC, ZDA with a two-digit year.
  const std::int64_t t = 1397678239LL * 1000;
  EXPECT_EQ(parseClockSentence("$GPRMC,195719,A,5310.8115,N,00525.7025,E,0.0,0.0,160414,0.7,E,A*10"), t);
  EXPECT_EQ(parseClockSentence("$GPZDA,195719,16,04,14,-02,00*63"), t);
  EXPECT_EQ(parseClockSentence("$GPZDA,195719.50,16,04,2014,00,00*65"), t + 500);
  EXPECT_EQ(parseClockSentence("$GPRMC,195719,A,5310.8115,N,00525.7025,E,0.0,0.0,160414,0.7,E,A*11"),
            std::nullopt);  // checksum
  EXPECT_EQ(parseClockSentence("$GPRMC,195719,V,,,,,,,160414,,,N*57"), std::nullopt);  // void fix
  EXPECT_EQ(parseClockSentence("$GPZDA,195719,31,02,2014,00,00*4D"), std::nullopt);   // 31 Feb
  EXPECT_EQ(parseClockSentence("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A"), std::nullopt);
}

}  // namespace
