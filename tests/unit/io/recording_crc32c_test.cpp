#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "io/crc32c.hpp"
#include "io/recording_format.hpp"

namespace picket::io {
namespace {

TEST(Crc32c, StandardCheckValue) {
  EXPECT_EQ(crc32c(std::string_view("123456789")), 0xE3069283u);
  EXPECT_EQ(crc32cTable(0, "123456789", 9), 0xE3069283u);
  EXPECT_EQ(crc32cBitwise("123456789", 9), 0xE3069283u);
  if (crc32cHardwareAvailable()) {
    EXPECT_EQ(crc32cHardware(0, "123456789", 9), 0xE3069283u);
  }
}

TEST(Crc32c, EmptyInputIsZero) {
  EXPECT_EQ(crc32c(nullptr, 0), 0u);
  EXPECT_EQ(crc32cExtend(0x12345678u, nullptr, 0), 0x12345678u);
}

// RFC 3720 (iSCSI), appendix B.4: the CRC of each 32-byte pattern, as transmitted
// little-endian ("aa 36 91 8a" is 0x8A9136AA).
TEST(Crc32c, Rfc3720TestPatterns) {
  std::array<unsigned char, 32> zeros{};
  std::array<unsigned char, 32> ones{};
  std::array<unsigned char, 32> increasing{};
  std::array<unsigned char, 32> decreasing{};
  for (std::size_t i = 0; i < 32; ++i) {
    ones[i] = 0xFF;
    increasing[i] = static_cast<unsigned char>(i);
    decreasing[i] = static_cast<unsigned char>(31 - i);
  }
  EXPECT_EQ(crc32c(zeros.data(), 32), 0x8A9136AAu);
  EXPECT_EQ(crc32c(ones.data(), 32), 0x62A8AB43u);
  EXPECT_EQ(crc32c(increasing.data(), 32), 0x46DD794Eu);
  EXPECT_EQ(crc32c(decreasing.data(), 32), 0x113FDB5Cu);
}

// The slicing-by-8 loop and the CRC32 instruction against the bit-at-a-time definition, over
// every length up to 80 and every start alignment up to 8 (eight-byte body and tail).
TEST(Crc32c, TableAndHardwareEqualBitwiseForAllLengthsAndAlignments) {
  std::vector<unsigned char> data(96);
  std::uint32_t x = 2463534242u;  // xorshift32, a fixed sequence
  for (auto& b : data) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<unsigned char>(x);
  }
  for (std::size_t start = 0; start < 8; ++start) {
    for (std::size_t length = 0; start + length <= 88; ++length) {
      const std::uint32_t expected = crc32cBitwise(data.data() + start, length);
      ASSERT_EQ(crc32cTable(0, data.data() + start, length), expected)
          << "start " << start << " length " << length;
      ASSERT_EQ(crc32c(data.data() + start, length), expected);
      if (crc32cHardwareAvailable()) {
        ASSERT_EQ(crc32cHardware(0, data.data() + start, length), expected)
            << "start " << start << " length " << length;
        // And continuing from a non-trivial register.
        ASSERT_EQ(crc32cHardware(0x9A1B2C3Du, data.data() + start, length),
                  crc32cTable(0x9A1B2C3Du, data.data() + start, length));
      }
    }
  }
}

TEST(Crc32c, ExtendEqualsCrcOfTheConcatenation) {
  const std::string a = "The quick brown fox ";
  const std::string b = "jumps over the lazy dog, twice over and once more";
  EXPECT_EQ(crc32cExtend(crc32c(a), b.data(), b.size()), crc32c(a + b));
  for (std::size_t cut = 0; cut <= b.size(); ++cut) {
    ASSERT_EQ(crc32cExtend(crc32c(b.data(), cut), b.data() + cut, b.size() - cut), crc32c(b));
  }
}

TEST(Crc32c, DetectsEverySingleBitFlip) {
  std::string text(300, '\0');
  for (std::size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>(i * 7 + 3);
  const std::uint32_t good = crc32c(text);
  for (std::size_t i = 0; i < text.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = text;
      bad[i] = static_cast<char>(bad[i] ^ (1 << bit));
      ASSERT_NE(crc32c(bad), good) << "byte " << i << " bit " << bit;
    }
  }
}

namespace fmt = recording;

TEST(RecordingFormat, VarintsRoundTripAtEveryLength) {
  const std::vector<std::uint64_t> values = {
      0, 1, 127, 128, 300, 16383, 16384, (1ull << 32) - 1, 1ull << 35, 1ull << 63, ~0ull};
  for (const std::uint64_t v : values) {
    std::array<unsigned char, fmt::kMaxVarintBytes> buf{};
    unsigned char* end = fmt::writeVarint(v, buf.data());
    ASSERT_EQ(static_cast<std::size_t>(end - buf.data()), fmt::varintSize(v)) << v;
    const unsigned char* p = buf.data();
    const auto back = fmt::readVarint(p, end);
    ASSERT_TRUE(back.has_value()) << v;
    EXPECT_EQ(*back, v);
    EXPECT_EQ(p, end);
    // Cut short by one byte: refused, never read past the end.
    const unsigned char* q = buf.data();
    EXPECT_FALSE(fmt::readVarint(q, end - 1).has_value()) << v;
  }
  EXPECT_EQ(fmt::varintSize(~0ull), 10u);
  const std::array<unsigned char, 11> endless = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                                 0x80, 0x80, 0x80, 0x80, 0x01};
  const unsigned char* p = endless.data();
  EXPECT_FALSE(fmt::readVarint(p, endless.data() + endless.size()).has_value());
}

TEST(RecordingFormat, ChunkHeaderRoundTripsAndEveryByteIsProtected) {
  fmt::ChunkHeader h;
  h.payload_length = 1000;
  h.record_count = 17;
  h.first_record_index = 123456789012ull;
  h.min_receive_time_ns = -5;
  h.max_receive_time_ns = 1'772'366'400'000'000'000;
  h.payload_crc = 0xDEADBEEF;
  std::array<unsigned char, fmt::kChunkHeaderBytes> bytes{};
  fmt::encodeChunkHeader(h, bytes.data());
  fmt::ChunkHeader back;
  ASSERT_EQ(fmt::decodeChunkHeader(bytes.data(), fmt::kMaxChunkPayloadBytes, back),
            fmt::ChunkHeaderCheck::Ok);
  EXPECT_EQ(back, h);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto bad = bytes;
    bad[i] ^= 0x10;
    const auto check = fmt::decodeChunkHeader(bad.data(), fmt::kMaxChunkPayloadBytes, back);
    EXPECT_EQ(check, i < 4 ? fmt::ChunkHeaderCheck::BadMagic : fmt::ChunkHeaderCheck::BadHeaderCrc)
        << "byte " << i;
  }
  EXPECT_EQ(fmt::decodeChunkHeader(bytes.data(), 999, back),
            fmt::ChunkHeaderCheck::LengthBeyondLimit);
}

TEST(RecordingFormat, ChunkHeaderWithImpossibleCountsOrFlagsIsRefused) {
  fmt::ChunkHeader back;
  std::array<unsigned char, fmt::kChunkHeaderBytes> bytes{};
  fmt::ChunkHeader h;
  h.payload_length = 10;
  h.record_count = 0;
  fmt::encodeChunkHeader(h, bytes.data());
  EXPECT_EQ(fmt::decodeChunkHeader(bytes.data(), fmt::kMaxChunkPayloadBytes, back),
            fmt::ChunkHeaderCheck::LengthBeyondLimit);
  h.record_count = 11;
  fmt::encodeChunkHeader(h, bytes.data());
  EXPECT_EQ(fmt::decodeChunkHeader(bytes.data(), fmt::kMaxChunkPayloadBytes, back),
            fmt::ChunkHeaderCheck::LengthBeyondLimit);
  h.record_count = 10;
  h.payload_length = 0xFFFFFFFFu;
  fmt::encodeChunkHeader(h, bytes.data());
  EXPECT_EQ(fmt::decodeChunkHeader(bytes.data(), 0xFFFFFFFFu, back),
            fmt::ChunkHeaderCheck::LengthBeyondLimit);
  h.payload_length = 10;
  h.flags = 1;
  fmt::encodeChunkHeader(h, bytes.data());
  EXPECT_EQ(fmt::decodeChunkHeader(bytes.data(), fmt::kMaxChunkPayloadBytes, back),
            fmt::ChunkHeaderCheck::UnsupportedFlags);
}

TEST(RecordingFormat, FileHeaderChecksMagicThenVersionThenChecksum) {
  fmt::FileHeader h;
  h.info_length = 42;
  h.info_crc = 7;
  std::array<unsigned char, fmt::kFileHeaderBytes> bytes{};
  fmt::encodeFileHeader(h, bytes.data());
  fmt::FileHeader back;
  ASSERT_EQ(fmt::decodeFileHeader(bytes.data(), back), fmt::FileHeaderCheck::Ok);
  EXPECT_EQ(back, h);

  auto other_major = bytes;
  other_major[8] = 2;  // a future major version need not keep our checksum layout
  EXPECT_EQ(fmt::decodeFileHeader(other_major.data(), back),
            fmt::FileHeaderCheck::UnsupportedVersion);
  EXPECT_EQ(back.version_major, 2);

  auto newer_minor = h;
  newer_minor.version_minor = 9;
  fmt::encodeFileHeader(newer_minor, bytes.data());
  EXPECT_EQ(fmt::decodeFileHeader(bytes.data(), back), fmt::FileHeaderCheck::Ok);
  EXPECT_EQ(back.version_minor, 9);

  auto bad_length = bytes;
  bad_length[12] ^= 1;
  EXPECT_EQ(fmt::decodeFileHeader(bad_length.data(), back), fmt::FileHeaderCheck::BadHeaderCrc);
  auto bad_magic = bytes;
  bad_magic[1] = 'Q';
  EXPECT_EQ(fmt::decodeFileHeader(bad_magic.data(), back), fmt::FileHeaderCheck::BadMagic);
}

TEST(RecordingFormat, IntegersAreLittleEndian) {
  std::array<unsigned char, 8> b{};
  fmt::storeLe32(0x01020304u, b.data());
  EXPECT_EQ(b[0], 0x04);
  EXPECT_EQ(b[3], 0x01);
  EXPECT_EQ(fmt::loadLe32(b.data()), 0x01020304u);
  fmt::storeLe64(0x0102030405060708ull, b.data());
  EXPECT_EQ(b[0], 0x08);
  EXPECT_EQ(b[7], 0x01);
  EXPECT_EQ(fmt::loadLe64(b.data()), 0x0102030405060708ull);
}

}  // namespace
}  // namespace picket::io
