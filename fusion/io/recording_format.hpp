#pragma once
// The byte layout of a Picket recording file (docs/recording-format.md is the specification;
// this header is its C++ form). Shared by RecordingWriter and RecordingReader, and used by
// tests to build damaged files on purpose; also the error type and body tag both use. No
// protobuf types here: the framing is plain bytes.
//
//   file   = file header, RecordingInfo (protobuf), chunk*
//   chunk  = chunk header (48 bytes), payload
//   payload = (varint length, serialized picket.v1.RecordedMessage)*
//
// All integers are little-endian. Any thread may call these functions.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace picket::io {

/// An I/O failure of a recording file (open, write, sync, close), or a file a reader cannot
/// use at all. The message names the file.
class RecordingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Which field of RecordedMessage.body a record carries.
enum class RecordBody : std::uint8_t {
  None,   ///< body not set
  Feed,   ///< RecordedMessage.feed: a picket.v1.FeedMessage
  Track,  ///< RecordedMessage.track: a picket.v1.TrackStreamMessage
  Alert,  ///< RecordedMessage.alert: a picket.v1.AlertStreamMessage
};

const char* toString(RecordBody body);

}  // namespace picket::io

namespace picket::io::recording {

/// First 8 bytes of every file. Built like PNG's signature (PNG spec 12.12): a non-ASCII first
/// byte, a name, CR LF, SUB, LF, so that text-mode and 7-bit transfers are detected.
inline constexpr std::array<unsigned char, 8> kFileMagic = {0x89, 'P',  'K',  'T',
                                                            '\r', '\n', 0x1A, '\n'};
/// First 4 bytes of every chunk header: what a reader scans for to resynchronise.
inline constexpr std::array<unsigned char, 4> kChunkMagic = {0x89, 'C', 'H', 'K'};

/// The format version this code writes. A reader accepts every minor version of its major
/// version (minor versions only add what old readers may ignore) and refuses other majors.
inline constexpr std::uint16_t kVersionMajor = 1;
inline constexpr std::uint16_t kVersionMinor = 0;

inline constexpr std::size_t kFileHeaderBytes = 24;
inline constexpr std::size_t kChunkHeaderBytes = 48;

/// Largest RecordingInfo a file may carry.
inline constexpr std::uint32_t kMaxInfoBytes = 1u << 20;
/// Largest chunk payload the format allows (64 MiB); readers refuse longer lengths.
inline constexpr std::uint32_t kMaxChunkPayloadBytes = 64u << 20;
/// Largest serialized RecordedMessage: it must fit a chunk with its length prefix.
inline constexpr std::uint32_t kMaxRecordBytes = kMaxChunkPayloadBytes - 16;

/// The fixed part at offset 0 of a file:
///   0  8  magic (kFileMagic)
///   8  2  version major       (position fixed for every version)
///  10  2  version minor
///  12  4  info_length: bytes of the RecordingInfo that follows the header
///  16  4  CRC-32C of those info bytes
///  20  4  CRC-32C of bytes 0..19
struct FileHeader {
  std::uint16_t version_major = kVersionMajor;
  std::uint16_t version_minor = kVersionMinor;
  std::uint32_t info_length = 0;
  std::uint32_t info_crc = 0;
  bool operator==(const FileHeader&) const = default;
};

/// The fixed part at the start of every chunk:
///   0  4  magic (kChunkMagic)
///   4  4  flags: 0 in version 1 (a set bit means an encoding this reader does not know)
///   8  4  payload_length, bytes (<= kMaxChunkPayloadBytes)
///  12  4  record_count (>= 1)
///  16  8  first_record_index: records in this file before this chunk
///  24  8  min_receive_time_ns over the chunk's records
///  32  8  max_receive_time_ns over the chunk's records
///  40  4  CRC-32C of the payload
///  44  4  CRC-32C of bytes 0..43
struct ChunkHeader {
  std::uint32_t flags = 0;
  std::uint32_t payload_length = 0;
  std::uint32_t record_count = 0;
  std::uint64_t first_record_index = 0;
  std::int64_t min_receive_time_ns = 0;
  std::int64_t max_receive_time_ns = 0;
  std::uint32_t payload_crc = 0;
  bool operator==(const ChunkHeader&) const = default;
};

/// Writes the 24 bytes of `h`, computing the header CRC (`h.info_crc` is the caller's).
void encodeFileHeader(const FileHeader& h, unsigned char* out);
/// Writes the 48 bytes of `h`, computing the header CRC.
void encodeChunkHeader(const ChunkHeader& h, unsigned char* out);

/// Why a file header was refused.
enum class FileHeaderCheck : std::uint8_t { Ok, BadMagic, UnsupportedVersion, BadHeaderCrc };

/// Reads 24 bytes. Checks magic, then the major version, then the header CRC, in that order
/// (a later major version may lay out the rest differently). `out` is set when Ok, and
/// `out->version_*` whenever the magic matched.
FileHeaderCheck decodeFileHeader(const unsigned char* in, FileHeader& out);

/// Why a chunk header was refused.
enum class ChunkHeaderCheck : std::uint8_t {
  Ok,
  BadMagic,
  BadHeaderCrc,
  UnsupportedFlags,
  LengthBeyondLimit,  ///< payload_length > limit, or record_count 0 or > payload_length
};

/// Reads 48 bytes: magic, header CRC, flags, then lengths against `max_payload_bytes`.
ChunkHeaderCheck decodeChunkHeader(const unsigned char* in, std::uint32_t max_payload_bytes,
                                   ChunkHeader& out);

/// Protobuf base-128 varints (protobuf encoding guide, "Base 128 Varints"). Inline: they run
/// for every record and every envelope field.
inline constexpr std::size_t kMaxVarintBytes = 10;

/// Bytes `value` takes as a varint (1..10).
inline std::size_t varintSize(std::uint64_t value) {
  std::size_t n = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++n;
  }
  return n;
}

/// Writes `value`; returns the byte after it.
inline unsigned char* writeVarint(std::uint64_t value, unsigned char* out) {
  while (value >= 0x80) {
    *out++ = static_cast<unsigned char>(value | 0x80);
    value >>= 7;
  }
  *out++ = static_cast<unsigned char>(value);
  return out;
}

/// Reads a varint from [p, end); nullopt when it runs past `end` or over 10 bytes. Advances p.
inline std::optional<std::uint64_t> readVarint(const unsigned char*& p, const unsigned char* end) {
  if (p < end && *p < 0x80) return *p++;  // one byte: record lengths < 128, tags, small values
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < kMaxVarintBytes && p < end; ++i) {
    const unsigned char byte = *p++;
    value |= static_cast<std::uint64_t>(byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) return value;
  }
  return std::nullopt;
}

/// A UTC instant split into calendar fields (proleptic Gregorian, no leap seconds).
struct CivilTime {
  int year = 1970;
  unsigned month = 1;  ///< 1..12
  unsigned day = 1;    ///< 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  std::int64_t nanosecond = 0;  ///< 0..999,999,999
};

/// Calendar fields of `ns` since the Unix epoch; exact over the whole int64 range
/// (1677-09-21 .. 2262-04-11), including the values an untrusted file may hold.
CivilTime civilTime(std::int64_t ns);

/// "20260301T120000.000Z": the time part of a rotating file's name (milliseconds, truncated).
std::string fileNameTime(std::int64_t ns);

/// Little-endian stores and loads, byte by byte (no alignment or host-order assumptions).
void storeLe32(std::uint32_t v, unsigned char* out);
void storeLe64(std::uint64_t v, unsigned char* out);
std::uint32_t loadLe32(const unsigned char* in);
std::uint64_t loadLe64(const unsigned char* in);

}  // namespace picket::io::recording
