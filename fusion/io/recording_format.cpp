#include "io/recording_format.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>

#include "io/crc32c.hpp"

namespace picket::io {

const char* toString(RecordBody body) {
  switch (body) {
    case RecordBody::None:
      return "none";
    case RecordBody::Feed:
      return "feed";
    case RecordBody::Track:
      return "track";
    case RecordBody::Alert:
      return "alert";
  }
  return "?";
}

}  // namespace picket::io

namespace picket::io::recording {

void storeLe32(std::uint32_t v, unsigned char* out) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<unsigned char>(v >> (8 * i));
}

void storeLe64(std::uint64_t v, unsigned char* out) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<unsigned char>(v >> (8 * i));
}

std::uint32_t loadLe32(const unsigned char* in) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(in[i]) << (8 * i);
  return v;
}

std::uint64_t loadLe64(const unsigned char* in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(in[i]) << (8 * i);
  return v;
}

namespace {

void storeLe16(std::uint16_t v, unsigned char* out) {
  out[0] = static_cast<unsigned char>(v);
  out[1] = static_cast<unsigned char>(v >> 8);
}

std::uint16_t loadLe16(const unsigned char* in) {
  return static_cast<std::uint16_t>(in[0] | in[1] << 8);
}

}  // namespace

void encodeFileHeader(const FileHeader& h, unsigned char* out) {
  std::memcpy(out, kFileMagic.data(), kFileMagic.size());
  storeLe16(h.version_major, out + 8);
  storeLe16(h.version_minor, out + 10);
  storeLe32(h.info_length, out + 12);
  storeLe32(h.info_crc, out + 16);
  storeLe32(crc32c(out, 20), out + 20);
}

FileHeaderCheck decodeFileHeader(const unsigned char* in, FileHeader& out) {
  if (std::memcmp(in, kFileMagic.data(), kFileMagic.size()) != 0) return FileHeaderCheck::BadMagic;
  out.version_major = loadLe16(in + 8);
  out.version_minor = loadLe16(in + 10);
  if (out.version_major != kVersionMajor) return FileHeaderCheck::UnsupportedVersion;
  if (crc32c(in, 20) != loadLe32(in + 20)) return FileHeaderCheck::BadHeaderCrc;
  out.info_length = loadLe32(in + 12);
  out.info_crc = loadLe32(in + 16);
  return FileHeaderCheck::Ok;
}

void encodeChunkHeader(const ChunkHeader& h, unsigned char* out) {
  std::memcpy(out, kChunkMagic.data(), kChunkMagic.size());
  storeLe32(h.flags, out + 4);
  storeLe32(h.payload_length, out + 8);
  storeLe32(h.record_count, out + 12);
  storeLe64(h.first_record_index, out + 16);
  storeLe64(static_cast<std::uint64_t>(h.min_receive_time_ns), out + 24);
  storeLe64(static_cast<std::uint64_t>(h.max_receive_time_ns), out + 32);
  storeLe32(h.payload_crc, out + 40);
  storeLe32(crc32c(out, 44), out + 44);
}

ChunkHeaderCheck decodeChunkHeader(const unsigned char* in, std::uint32_t max_payload_bytes,
                                   ChunkHeader& out) {
  if (std::memcmp(in, kChunkMagic.data(), kChunkMagic.size()) != 0) {
    return ChunkHeaderCheck::BadMagic;
  }
  if (crc32c(in, 44) != loadLe32(in + 44)) return ChunkHeaderCheck::BadHeaderCrc;
  out.flags = loadLe32(in + 4);
  out.payload_length = loadLe32(in + 8);
  out.record_count = loadLe32(in + 12);
  out.first_record_index = loadLe64(in + 16);
  out.min_receive_time_ns = static_cast<std::int64_t>(loadLe64(in + 24));
  out.max_receive_time_ns = static_cast<std::int64_t>(loadLe64(in + 32));
  out.payload_crc = loadLe32(in + 40);
  if (out.flags != 0) return ChunkHeaderCheck::UnsupportedFlags;
  // Every record takes at least one byte (its length prefix), so a valid chunk has
  // 1 <= record_count <= payload_length.
  if (out.payload_length > max_payload_bytes || out.payload_length > kMaxChunkPayloadBytes ||
      out.record_count == 0 || out.record_count > out.payload_length) {
    return ChunkHeaderCheck::LengthBeyondLimit;
  }
  return ChunkHeaderCheck::Ok;
}

CivilTime civilTime(std::int64_t ns) {
  // Floor division in integers first: chrono's floor<days> of a time point near the int64
  // limits would overflow converting the day back to nanoseconds.
  constexpr std::int64_t kNsPerSecond = 1'000'000'000;
  constexpr std::int64_t kSecondsPerDay = 86'400;
  std::int64_t seconds = ns / kNsPerSecond;
  std::int64_t nanos = ns % kNsPerSecond;
  if (nanos < 0) {
    nanos += kNsPerSecond;
    --seconds;
  }
  std::int64_t days = seconds / kSecondsPerDay;
  std::int64_t second_of_day = seconds % kSecondsPerDay;
  if (second_of_day < 0) {
    second_of_day += kSecondsPerDay;
    --days;
  }
  const std::chrono::year_month_day ymd{
      std::chrono::sys_days{std::chrono::days{static_cast<int>(days)}}};
  CivilTime c;
  c.year = static_cast<int>(ymd.year());
  c.month = static_cast<unsigned>(ymd.month());
  c.day = static_cast<unsigned>(ymd.day());
  c.hour = static_cast<int>(second_of_day / 3600);
  c.minute = static_cast<int>(second_of_day / 60 % 60);
  c.second = static_cast<int>(second_of_day % 60);
  c.nanosecond = nanos;
  return c;
}

std::string fileNameTime(std::int64_t ns) {
  const CivilTime c = civilTime(ns);
  char text[32];
  std::snprintf(text, sizeof text, "%04d%02u%02uT%02d%02d%02d.%03dZ", c.year, c.month, c.day,
                c.hour, c.minute, c.second, static_cast<int>(c.nanosecond / 1'000'000));
  return text;
}

}  // namespace picket::io::recording
