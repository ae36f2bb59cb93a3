// 6-bit armouring (ITU-R M.1371-5 Annex 8, 3.3) and the bit reader.

#include <gtest/gtest.h>

#include <string>

#include "io/ais_bits.hpp"

namespace {

using picket::io::ais::Bits;
using picket::io::ais::sixbitValue;

TEST(AisArmouring, MapsTheTwoCharacterRangesToZeroToSixtyThree) {
  EXPECT_EQ(sixbitValue('0'), 0);
  EXPECT_EQ(sixbitValue('9'), 9);
  EXPECT_EQ(sixbitValue('W'), 39);
  EXPECT_EQ(sixbitValue('`'), 40);
  EXPECT_EQ(sixbitValue('w'), 63);
  // The gap between 'W' and '`' and everything outside the ranges is invalid.
  for (const char c : std::string("XYZ[\\]^_x{|}~ /*,!$")) EXPECT_EQ(sixbitValue(static_cast<unsigned char>(c)), 0xFF) << c;
  EXPECT_EQ(sixbitValue(0), 0xFF);
  EXPECT_EQ(sixbitValue(0xFF), 0xFF);
  // Exactly 64 valid characters, all values distinct.
  int valid = 0;
  bool seen[64] = {};
  for (int c = 0; c < 256; ++c) {
    const auto v = sixbitValue(static_cast<unsigned char>(c));
    if (v == 0xFF) continue;
    ++valid;
    ASSERT_LT(v, 64);
    EXPECT_FALSE(seen[v]);
    seen[v] = true;
  }
  EXPECT_EQ(valid, 64);
}

TEST(AisBits, ReadsFieldsAcrossCharacterAndByteBoundaries) {
  Bits b;
  // "w0w0": 111111 000000 111111 000000.
  ASSERT_TRUE(b.append("w0w0"));
  b.finish(0);
  EXPECT_EQ(b.size(), 24u);
  EXPECT_EQ(b.u(0, 6), 63u);
  EXPECT_EQ(b.u(6, 6), 0u);
  EXPECT_EQ(b.u(3, 6), 0b111000u);
  EXPECT_EQ(b.u(0, 24), 0xFC0FC0u);
  EXPECT_EQ(b.u(10, 4), 0b0011u);
  EXPECT_TRUE(b.flag(12));
  EXPECT_FALSE(b.flag(6));
}

TEST(AisBits, SignedFieldsAreTwosComplement) {
  Bits b;
  ASSERT_TRUE(b.append("w0"));  // 111111 000000
  b.finish(0);
  EXPECT_EQ(b.s(0, 6), -1);
  EXPECT_EQ(b.s(0, 8), -4);   // 11111100
  EXPECT_EQ(b.s(4, 4), -4);   // 1100
  EXPECT_EQ(b.s(6, 6), 0);
}

TEST(AisBits, FillBitsShortenTheMessage) {
  Bits b;
  ASSERT_TRUE(b.append("15RTgt0PAso;90TKcjM8h6g208CQ"));
  b.finish(2);
  EXPECT_EQ(b.size(), 28u * 6 - 2);
  b.finish(0);
  EXPECT_EQ(b.size(), 168u);
}

TEST(AisBits, FieldsPastTheEndReadAsTheirAvailableBitsOrZero) {
  Bits b;
  ASSERT_TRUE(b.append("ww"));  // 12 one-bits
  b.finish(0);
  // A 8-bit field from bit 8 has 4 bits: gpsd reads them right-aligned.
  EXPECT_EQ(b.u(8, 8), 0xFu);
  EXPECT_EQ(b.u(12, 8), 0u);
  EXPECT_EQ(b.u(200, 30), 0u);
}

TEST(AisBits, RefusesPayloadsLongerThanTheCapacityAndReusesCleanly) {
  Bits b;
  EXPECT_FALSE(b.append(std::string(picket::io::ais::kMaxPayloadChars + 1, '0')));
  EXPECT_EQ(b.chars(), 0u);
  ASSERT_TRUE(b.append(std::string(picket::io::ais::kMaxPayloadChars, 'w')));
  EXPECT_FALSE(b.append("0"));
  // After clear(), stale bits of the previous message never show through.
  b.clear();
  ASSERT_TRUE(b.append("0"));
  b.finish(0);
  EXPECT_EQ(b.u(0, 32), 0u);
}

}  // namespace
