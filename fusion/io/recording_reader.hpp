#pragma once
// RecordingReader: reads the records of one or more Picket recording files in order
// (format: docs/recording-format.md). Damage is reported, never fatal: a chunk whose header or
// checksum is wrong is skipped and reading resumes at the next valid chunk header found by
// scanning for the chunk magic; an unfinished last chunk (a crash while writing) is a torn
// tail; a record that does not parse is skipped. Everything skipped is counted in ReadReport.
// Only a file that is not a usable recording at all (missing, empty, wrong magic or version)
// is an error, raised by the constructor.
//
// Reading is buffered (large read() calls into one reused buffer) and records are served from
// that buffer in place: no copy per record, no allocation per record in nextView().
//
// Threading: one thread owns a reader.

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "io/recording_format.hpp"

namespace picket::v1 {
class RecordedMessage;
}

namespace picket::io {

struct RecordingReaderOptions {
  /// Chunks with a longer payload are treated as corrupt (a memory guard), bytes; at most
  /// recording::kMaxChunkPayloadBytes.
  std::uint32_t max_chunk_payload_bytes = recording::kMaxChunkPayloadBytes;
  /// false: the constructor throws when any file is unusable. true: such files are listed in
  /// ReadReport::file_errors and skipped.
  bool skip_bad_files = false;
  /// At most this many entries in each list of ReadReport (the counts are always complete).
  std::size_t max_listed_problems = 1000;
};

/// Why a whole file could not be read.
enum class FileProblem : std::uint8_t {
  CannotOpen,          ///< missing, unreadable, a directory...
  Empty,               ///< zero bytes
  TruncatedHeader,     ///< shorter than the file header and its RecordingInfo
  BadMagic,            ///< not a Picket recording
  UnsupportedVersion,  ///< another major format version
  BadHeaderCrc,        ///< file header checksum mismatch
  InfoBeyondLimit,     ///< RecordingInfo length over recording::kMaxInfoBytes
  BadInfo,             ///< RecordingInfo checksum mismatch or unparseable
  ReadError,           ///< read() failed part way (the records before were delivered)
};

/// Why a stretch of a file was skipped.
enum class ChunkProblem : std::uint8_t {
  BadMagic,           ///< no chunk magic where a chunk should start
  BadHeaderCrc,       ///< chunk header checksum mismatch
  UnsupportedFlags,   ///< a chunk encoding this reader does not know
  LengthBeyondLimit,  ///< payload length over the limit, or an impossible record count
  BadPayloadCrc,      ///< payload checksum mismatch
  BadFraming,         ///< checksum fine but the length prefixes do not tile the payload
};

/// What a torn tail looks like.
enum class TailKind : std::uint8_t {
  PartialHeader,   ///< the file ends inside a chunk header
  PartialPayload,  ///< a valid chunk header whose payload the file does not hold entirely
  NoValidChunk,    ///< bytes with no valid chunk header in them up to the end of the file
};

const char* toString(FileProblem problem);
const char* toString(ChunkProblem problem);
const char* toString(TailKind kind);

struct FileError {
  std::string path;
  FileProblem problem = FileProblem::CannotOpen;
  std::string detail;  ///< e.g. the system error, or the version found
  bool operator==(const FileError&) const = default;
};

/// A skipped stretch [offset, offset + bytes) that is followed by a valid chunk, or a whole
/// chunk with a valid header and a bad payload.
struct CorruptChunk {
  std::string path;
  std::uint64_t offset = 0;
  std::uint64_t bytes = 0;
  ChunkProblem problem = ChunkProblem::BadMagic;
  bool operator==(const CorruptChunk&) const = default;
};

/// The bytes after the last valid chunk of a file, [offset, end of file).
struct TornTail {
  std::string path;
  std::uint64_t offset = 0;
  std::uint64_t bytes = 0;
  TailKind kind = TailKind::PartialHeader;
  bool operator==(const TornTail&) const = default;
};

/// A record in a valid chunk that does not parse.
struct BadRecord {
  std::string path;
  std::uint64_t chunk_offset = 0;
  std::uint32_t index_in_chunk = 0;
  bool operator==(const BadRecord&) const = default;
};

/// What a reader delivered and what it skipped, cumulative over its files.
struct ReadReport {
  std::uint64_t files_read = 0;  ///< files whose header was valid
  std::uint64_t chunks_ok = 0;
  /// Bytes of good chunks, headers included. With corrupt_bytes and torn_tail_bytes this
  /// accounts for every byte after each file's header exactly once.
  std::uint64_t bytes_ok = 0;
  std::uint64_t records_read = 0;         ///< delivered by next() / nextView()
  std::uint64_t records_unparseable = 0;  ///< in valid chunks, but not parseable
  /// Records known to be lost: counted from the headers of skipped chunks and from gaps in
  /// the chunks' record indices. A tail without a valid header loses an unknown number more.
  std::uint64_t records_lost = 0;
  std::uint64_t corrupt_chunks = 0;
  std::uint64_t corrupt_bytes = 0;
  std::uint64_t torn_tail_bytes = 0;
  std::vector<FileError> file_errors;
  std::vector<CorruptChunk> corrupt;   ///< the first max_listed_problems
  std::vector<TornTail> torn_tails;    ///< the first max_listed_problems
  std::vector<BadRecord> bad_records;  ///< the first max_listed_problems

  /// Nothing skipped, lost, torn or unreadable.
  [[nodiscard]] bool clean() const;
};

std::ostream& operator<<(std::ostream& os, const FileError& e);
std::ostream& operator<<(std::ostream& os, const CorruptChunk& c);
std::ostream& operator<<(std::ostream& os, const TornTail& t);
std::ostream& operator<<(std::ostream& os, const BadRecord& r);

/// A record as it lies in the file, without parsing the body. Valid until the next call on
/// the reader that produced it.
struct RecordView {
  core::Timestamp receive_time;
  std::string_view topic;
  RecordBody body = RecordBody::None;
  std::string_view
      body_bytes;  ///< serialized FeedMessage, TrackStreamMessage or AlertStreamMessage
  std::string_view record_bytes;  ///< the whole serialized RecordedMessage
};

/// A file's header and RecordingInfo.
struct RecordingFileInfo {
  std::string path;
  std::uint16_t version_major = 0;
  std::uint16_t version_minor = 0;
  std::string writer;
  std::uint64_t file_sequence = 0;
  std::int64_t first_receive_time_ns = 0;
  std::map<std::string, std::string> metadata;
  std::uint64_t chunks_offset = 0;  ///< where the first chunk starts
  bool operator==(const RecordingFileInfo&) const = default;
};

/// The files `<prefix>-*.pkrec` in `directory` (as RecordingWriter names them), sorted by name,
/// i.e. in time order. RecordingError when the directory cannot be listed.
std::vector<std::string> listRecordingFiles(const std::string& directory,
                                            const std::string& prefix);

class RecordingReader {
 public:
  /// Opens `paths` in the given order and checks every file header now. Throws RecordingError
  /// naming each unusable file unless `options.skip_bad_files`; std::invalid_argument for bad
  /// options.
  explicit RecordingReader(const std::vector<std::string>& paths,
                           RecordingReaderOptions options = {});
  ~RecordingReader();
  RecordingReader(RecordingReader&&) noexcept;
  RecordingReader& operator=(RecordingReader&&) noexcept;
  RecordingReader(const RecordingReader&) = delete;
  RecordingReader& operator=(const RecordingReader&) = delete;

  /// Parses the next record into `out` (reusing its memory where protobuf can). Returns false
  /// at the end of the last file. Records that do not parse are skipped and counted.
  bool next(v1::RecordedMessage& out);

  /// The next record without parsing its body: the envelope (receive time, topic, body field)
  /// is decoded by hand, the body handed over as bytes, e.g. to FeedValidator::decode(). A
  /// record whose envelope does not decode, or which carries a body field twice, is skipped
  /// and counted; the body bytes themselves are not checked. Returns false at the end.
  bool nextView(RecordView& out);

  [[nodiscard]] const ReadReport& report() const;
  /// The usable files, in reading order.
  [[nodiscard]] const std::vector<RecordingFileInfo>& files() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace picket::io
