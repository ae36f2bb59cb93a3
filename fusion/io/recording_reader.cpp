#include "io/recording_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <sstream>
#include <utility>

#include "io/crc32c.hpp"
#include "picket/v1/recording.pb.h"

namespace picket::io {
namespace {

namespace fmt = recording;

// Read size for large files; the buffer also grows to hold the largest chunk met.
constexpr std::size_t kMaxReadBytes = 1u << 20;
// Bytes examined per step while scanning for the next chunk magic.
constexpr std::size_t kScanWindowBytes = 64u << 10;

// A forward-only buffered view of one file: ensure() makes a byte range contiguous in memory
// with as few, as large read() calls as possible; bytes before the range are dropped.
class BufferedFile {
 public:
  BufferedFile() = default;
  ~BufferedFile() { close(); }
  BufferedFile(const BufferedFile&) = delete;
  BufferedFile& operator=(const BufferedFile&) = delete;

  /// Returns 0 or an errno.
  int open(const std::string& path) {
    close();
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return errno;
    // A directory opens fine but fails to read; say so up front.
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return errno;
    if (S_ISDIR(st.st_mode)) return EISDIR;
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    base_ = 0;
    length_ = 0;
    eof_ = false;
    error_ = 0;
    // Large reads for large files; small files (tests, short recordings) need no megabyte.
    const auto size = static_cast<std::uint64_t>(std::max<off_t>(st.st_size, 0));
    const std::size_t wanted =
        static_cast<std::size_t>(std::clamp<std::uint64_t>(size, kScanWindowBytes, kMaxReadBytes));
    if (buffer_.size() < wanted) buffer_.resize(wanted);
    return 0;
  }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  /// Makes [offset, offset + n) available if the file is that long; returns how many of those
  /// bytes are available (less than n only at the end of the file or after a read error).
  /// `offset` must not be before the previous call's. Invalidates earlier pointers.
  std::size_t ensure(std::uint64_t offset, std::size_t n) {
    const std::uint64_t end = base_ + length_;
    if (offset + n <= end) return n;
    if (offset >= end) {
      if (offset > end && ::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) {
        error_ = errno;
        return 0;
      }
      length_ = 0;
    } else {
      const auto keep = static_cast<std::size_t>(end - offset);
      std::memmove(buffer_.data(), buffer_.data() + (offset - base_), keep);
      length_ = keep;
    }
    base_ = offset;
    if (buffer_.size() < n) buffer_.resize(n);
    while (length_ < n && !eof_ && error_ == 0) {
      const ssize_t got = ::read(fd_, buffer_.data() + length_, buffer_.size() - length_);
      if (got < 0) {
        if (errno != EINTR) error_ = errno;
      } else if (got == 0) {
        eof_ = true;
      } else {
        length_ += static_cast<std::size_t>(got);
      }
    }
    return std::min(n, length_);
  }

  [[nodiscard]] const unsigned char* at(std::uint64_t offset) const {
    return buffer_.data() + (offset - base_);
  }
  [[nodiscard]] int error() const { return error_; }

 private:
  int fd_ = -1;
  std::vector<unsigned char> buffer_;
  std::uint64_t base_ = 0;  // file offset of buffer_[0]
  std::size_t length_ = 0;  // valid bytes in buffer_
  bool eof_ = false;
  int error_ = 0;
};

FileProblem fileProblem(fmt::FileHeaderCheck check) {
  switch (check) {
    case fmt::FileHeaderCheck::BadMagic:
      return FileProblem::BadMagic;
    case fmt::FileHeaderCheck::UnsupportedVersion:
      return FileProblem::UnsupportedVersion;
    case fmt::FileHeaderCheck::BadHeaderCrc:
    case fmt::FileHeaderCheck::Ok:
      break;
  }
  return FileProblem::BadHeaderCrc;
}

ChunkProblem chunkProblem(fmt::ChunkHeaderCheck check) {
  switch (check) {
    case fmt::ChunkHeaderCheck::BadMagic:
      return ChunkProblem::BadMagic;
    case fmt::ChunkHeaderCheck::BadHeaderCrc:
      return ChunkProblem::BadHeaderCrc;
    case fmt::ChunkHeaderCheck::UnsupportedFlags:
      return ChunkProblem::UnsupportedFlags;
    case fmt::ChunkHeaderCheck::LengthBeyondLimit:
    case fmt::ChunkHeaderCheck::Ok:
      break;
  }
  return ChunkProblem::LengthBeyondLimit;
}

// Reads and checks the file header and RecordingInfo of an opened file. Returns the problem,
// or fills `info` (and leaves the buffer positioned before the first chunk).
std::optional<FileError> readFileHeader(BufferedFile& file, const std::string& path,
                                        RecordingFileInfo& info) {
  const auto error = [&](FileProblem p, std::string detail = {}) {
    return FileError{path, p, std::move(detail)};
  };
  const std::size_t got = file.ensure(0, fmt::kFileHeaderBytes);
  if (file.error() != 0) return error(FileProblem::ReadError, std::strerror(file.error()));
  if (got == 0) return error(FileProblem::Empty);
  // Recognise a foreign file by its first bytes even when it is shorter than our header.
  if (std::memcmp(file.at(0), fmt::kFileMagic.data(), std::min(got, fmt::kFileMagic.size())) != 0) {
    return error(FileProblem::BadMagic);
  }
  if (got < fmt::kFileHeaderBytes) {
    return error(FileProblem::TruncatedHeader, std::to_string(got) + " bytes");
  }
  fmt::FileHeader header;
  const fmt::FileHeaderCheck check = fmt::decodeFileHeader(file.at(0), header);
  if (check != fmt::FileHeaderCheck::Ok) {
    std::string detail;
    if (check == fmt::FileHeaderCheck::UnsupportedVersion) {
      detail = "version " + std::to_string(header.version_major) + "." +
               std::to_string(header.version_minor) + ", this reader reads " +
               std::to_string(fmt::kVersionMajor) + ".x";
    }
    return error(fileProblem(check), detail);
  }
  if (header.info_length > fmt::kMaxInfoBytes) {
    return error(FileProblem::InfoBeyondLimit, std::to_string(header.info_length) + " bytes");
  }
  const std::size_t total = fmt::kFileHeaderBytes + header.info_length;
  if (file.ensure(0, total) < total) {
    if (file.error() != 0) return error(FileProblem::ReadError, std::strerror(file.error()));
    return error(FileProblem::TruncatedHeader, "recording info incomplete");
  }
  const unsigned char* info_bytes = file.at(fmt::kFileHeaderBytes);
  if (crc32c(info_bytes, header.info_length) != header.info_crc) {
    return error(FileProblem::BadInfo, "checksum mismatch");
  }
  v1::RecordingInfo message;
  if (!message.ParseFromArray(info_bytes, static_cast<int>(header.info_length))) {
    return error(FileProblem::BadInfo, "unparseable");
  }
  info.path = path;
  info.version_major = header.version_major;
  info.version_minor = header.version_minor;
  info.writer = message.writer();
  info.file_sequence = message.file_sequence();
  info.first_receive_time_ns = message.first_receive_time_ns();
  info.metadata =
      std::map<std::string, std::string>(message.metadata().begin(), message.metadata().end());
  info.chunks_offset = total;
  return std::nullopt;
}

std::optional<FileError> openRecording(BufferedFile& file, const std::string& path,
                                       RecordingFileInfo& info) {
  if (const int err = file.open(path); err != 0) {
    return FileError{path, FileProblem::CannotOpen, std::strerror(err)};
  }
  return readFileHeader(file, path, info);
}

// The envelope of a RecordedMessage, decoded by hand (protobuf encoding guide: a key varint
// (field << 3 | wire type), then a varint, 8 bytes, a length-delimited run or 4 bytes).
// Unknown fields are skipped as protobuf would; groups (wire types 3 and 4) are refused.
bool decodeEnvelope(std::string_view record, RecordView& view) {
  const auto* p = reinterpret_cast<const unsigned char*>(record.data());
  const unsigned char* const end = p + record.size();
  view = RecordView{};
  view.record_bytes = record;
  bool body_seen[4] = {false, false, false, false};
  while (p < end) {
    const auto key = fmt::readVarint(p, end);
    if (!key || (*key >> 3) == 0 || (*key >> 3) > 0x1FFFFFFF) return false;
    const std::uint64_t field = *key >> 3;
    switch (*key & 7) {
      case 0: {
        const auto value = fmt::readVarint(p, end);
        if (!value) return false;
        if (field == v1::RecordedMessage::kReceiveTimeNsFieldNumber) {
          view.receive_time = core::Timestamp{static_cast<std::int64_t>(*value)};
        }
        break;
      }
      case 1:
        if (end - p < 8) return false;
        p += 8;
        break;
      case 2: {
        const auto length = fmt::readVarint(p, end);
        if (!length || *length > static_cast<std::uint64_t>(end - p)) return false;
        const std::string_view bytes(reinterpret_cast<const char*>(p), *length);
        p += *length;
        RecordBody body = RecordBody::None;
        if (field == v1::RecordedMessage::kTopicFieldNumber) {
          view.topic = bytes;
        } else if (field == v1::RecordedMessage::kFeedFieldNumber) {
          body = RecordBody::Feed;
        } else if (field == v1::RecordedMessage::kTrackFieldNumber) {
          body = RecordBody::Track;
        } else if (field == v1::RecordedMessage::kAlertFieldNumber) {
          body = RecordBody::Alert;
        }
        if (body != RecordBody::None) {
          // A repeated message field would have to be merged; no writer produces one.
          bool& seen = body_seen[static_cast<int>(body)];
          if (seen) return false;
          seen = true;
          view.body = body;  // oneof: the last body field wins
          view.body_bytes = bytes;
        }
        break;
      }
      case 5:
        if (end - p < 4) return false;
        p += 4;
        break;
      default:
        return false;
    }
  }
  return true;
}

// Checks that `count` length-prefixed records tile [p, p + size) exactly.
bool framingOk(const unsigned char* p, std::size_t size, std::uint32_t count) {
  const unsigned char* const end = p + size;
  std::uint32_t n = 0;
  while (p < end) {
    const auto length = fmt::readVarint(p, end);
    if (!length || *length > static_cast<std::uint64_t>(end - p) || n == count) return false;
    p += *length;
    ++n;
  }
  return n == count;
}

}  // namespace

const char* toString(FileProblem problem) {
  switch (problem) {
    case FileProblem::CannotOpen:
      return "cannot open";
    case FileProblem::Empty:
      return "empty file";
    case FileProblem::TruncatedHeader:
      return "truncated file header";
    case FileProblem::BadMagic:
      return "not a Picket recording (bad magic)";
    case FileProblem::UnsupportedVersion:
      return "unsupported format version";
    case FileProblem::BadHeaderCrc:
      return "file header checksum mismatch";
    case FileProblem::InfoBeyondLimit:
      return "recording info length beyond limit";
    case FileProblem::BadInfo:
      return "bad recording info";
    case FileProblem::ReadError:
      return "read error";
  }
  return "?";
}

const char* toString(ChunkProblem problem) {
  switch (problem) {
    case ChunkProblem::BadMagic:
      return "bad chunk magic";
    case ChunkProblem::BadHeaderCrc:
      return "chunk header checksum mismatch";
    case ChunkProblem::UnsupportedFlags:
      return "unsupported chunk flags";
    case ChunkProblem::LengthBeyondLimit:
      return "chunk length beyond limit";
    case ChunkProblem::BadPayloadCrc:
      return "chunk payload checksum mismatch";
    case ChunkProblem::BadFraming:
      return "bad record framing";
  }
  return "?";
}

const char* toString(TailKind kind) {
  switch (kind) {
    case TailKind::PartialHeader:
      return "partial chunk header";
    case TailKind::PartialPayload:
      return "partial chunk payload";
    case TailKind::NoValidChunk:
      return "no valid chunk";
  }
  return "?";
}

bool ReadReport::clean() const {
  return records_unparseable == 0 && records_lost == 0 && corrupt_chunks == 0 &&
         torn_tail_bytes == 0 && file_errors.empty();
}

std::ostream& operator<<(std::ostream& os, const FileError& e) {
  os << e.path << ": " << toString(e.problem);
  if (!e.detail.empty()) os << " (" << e.detail << ")";
  return os;
}

std::ostream& operator<<(std::ostream& os, const CorruptChunk& c) {
  return os << c.path << " @" << c.offset << ": " << toString(c.problem) << ", " << c.bytes
            << " bytes skipped";
}

std::ostream& operator<<(std::ostream& os, const TornTail& t) {
  return os << t.path << " @" << t.offset << ": torn tail (" << toString(t.kind) << "), " << t.bytes
            << " bytes";
}

std::ostream& operator<<(std::ostream& os, const BadRecord& r) {
  return os << r.path << " @" << r.chunk_offset << ": record " << r.index_in_chunk
            << " of the chunk does not parse";
}

std::vector<std::string> listRecordingFiles(const std::string& directory,
                                            const std::string& prefix) {
  std::error_code ec;
  std::filesystem::directory_iterator it(directory, ec);
  if (ec) throw RecordingError(directory + ": cannot list recordings: " + ec.message());
  std::vector<std::string> names;
  const std::string head = prefix + "-";
  const std::string tail = ".pkrec";
  for (const auto& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.size() > head.size() + tail.size() && name.starts_with(head) && name.ends_with(tail) &&
        entry.is_regular_file(ec)) {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> paths;
  paths.reserve(names.size());
  for (const auto& name : names)
    paths.push_back((std::filesystem::path(directory) / name).string());
  return paths;
}

struct RecordingReader::Impl {
  RecordingReaderOptions options;
  std::vector<RecordingFileInfo> files;
  ReadReport report;

  BufferedFile file;
  std::size_t next_file = 0;
  bool file_open = false;
  const std::string* path = nullptr;  // of the open file
  std::uint64_t offset = 0;           // where the next chunk header should start
  std::uint64_t expected_index = 0;   // first_record_index the next chunk should have

  // The chunk being served, in place in the file buffer.
  const unsigned char* record_next = nullptr;
  const unsigned char* record_end = nullptr;
  std::uint64_t chunk_offset = 0;
  std::uint32_t record_index = 0;

  template <typename T>
  void list(std::vector<T>& v, T item) const {
    if (v.size() < options.max_listed_problems) v.push_back(std::move(item));
  }

  void closeFile() {
    file.close();
    file_open = false;
    record_next = record_end = nullptr;
  }

  void fileError(FileError e) { list(report.file_errors, std::move(e)); }

  void readError() {
    fileError({*path, FileProblem::ReadError, std::strerror(file.error())});
    closeFile();
  }

  void tornTail(std::uint64_t at, std::uint64_t bytes, TailKind kind) {
    report.torn_tail_bytes += bytes;
    list(report.torn_tails, TornTail{*path, at, bytes, kind});
    closeFile();
  }

  void corrupt(std::uint64_t at, std::uint64_t bytes, ChunkProblem problem) {
    ++report.corrupt_chunks;
    report.corrupt_bytes += bytes;
    list(report.corrupt, CorruptChunk{*path, at, bytes, problem});
  }

  // A chunk header passed its checksum: its record index tells how many records went missing
  // since the last one delivered.
  void trustHeader(const fmt::ChunkHeader& h, bool delivered) {
    if (h.first_record_index > expected_index) {
      report.records_lost += h.first_record_index - expected_index;
    }
    if (!delivered) report.records_lost += h.record_count;
    expected_index = h.first_record_index + h.record_count;
  }

  bool openNextFile() {
    while (next_file < files.size()) {
      const RecordingFileInfo& expected = files[next_file++];
      RecordingFileInfo info;
      if (auto error = openRecording(file, expected.path, info)) {
        // Checked by the constructor; it changed since.
        file.close();
        fileError(std::move(*error));
        continue;
      }
      file_open = true;
      path = &expected.path;
      offset = info.chunks_offset;
      expected_index = 0;
      ++report.files_read;
      return true;
    }
    return false;
  }

  // Scans from `start` + 1 for a valid chunk header. Found: the stretch before it is one
  // corrupt chunk and reading resumes there. Not found: the rest of the file is a torn tail.
  void resynchronise(std::uint64_t start, ChunkProblem problem) {
    std::uint64_t pos = start + 1;
    fmt::ChunkHeader header;
    for (;;) {
      const std::size_t got = file.ensure(pos, kScanWindowBytes);
      if (file.error() != 0) return readError();
      const unsigned char* const base = file.at(pos);
      const unsigned char* p = base;
      const unsigned char* const end = base + got;
      while (p < end) {
        const void* hit = std::memchr(p, fmt::kChunkMagic[0], static_cast<std::size_t>(end - p));
        if (hit == nullptr) {
          p = end;
          break;
        }
        p = static_cast<const unsigned char*>(hit);
        if (static_cast<std::size_t>(end - p) < fmt::kChunkHeaderBytes) break;
        if (fmt::decodeChunkHeader(p, options.max_chunk_payload_bytes, header) ==
            fmt::ChunkHeaderCheck::Ok) {
          const std::uint64_t found = pos + static_cast<std::uint64_t>(p - base);
          corrupt(start, found - start, problem);
          offset = found;
          return;
        }
        ++p;
      }
      if (got < kScanWindowBytes) {
        // The window reached the end of the file: a candidate left over (p < end) is too
        // short to be a header, so there is no valid chunk in [start, end of file).
        return tornTail(start, pos + got - start, TailKind::NoValidChunk);
      }
      // Continue after what was scanned, or from a candidate that straddled the window.
      pos += static_cast<std::uint64_t>(p - base);
    }
  }

  // Positions the record cursor on the next valid chunk. Returns false after the last file.
  bool loadNextChunk() {
    for (;;) {
      if (!file_open && !openNextFile()) return false;
      const std::size_t got = file.ensure(offset, fmt::kChunkHeaderBytes);
      if (file.error() != 0) {
        readError();
        continue;
      }
      if (got == 0) {
        closeFile();  // clean end of file
        continue;
      }
      if (got < fmt::kChunkHeaderBytes) {
        tornTail(offset, got, TailKind::PartialHeader);
        continue;
      }
      fmt::ChunkHeader header;
      const fmt::ChunkHeaderCheck check =
          fmt::decodeChunkHeader(file.at(offset), options.max_chunk_payload_bytes, header);
      if (check != fmt::ChunkHeaderCheck::Ok) {
        resynchronise(offset, chunkProblem(check));
        continue;
      }
      const std::size_t total = fmt::kChunkHeaderBytes + header.payload_length;
      const std::size_t have = file.ensure(offset, total);
      if (file.error() != 0) {
        readError();
        continue;
      }
      if (have < total) {
        trustHeader(header, false);
        tornTail(offset, have, TailKind::PartialPayload);
        continue;
      }
      const unsigned char* payload = file.at(offset) + fmt::kChunkHeaderBytes;
      // The header is trusted (its checksum held), so a bad payload is skipped by its length.
      if (crc32c(payload, header.payload_length) != header.payload_crc) {
        trustHeader(header, false);
        corrupt(offset, total, ChunkProblem::BadPayloadCrc);
        offset += total;
        continue;
      }
      if (!framingOk(payload, header.payload_length, header.record_count)) {
        trustHeader(header, false);
        corrupt(offset, total, ChunkProblem::BadFraming);
        offset += total;
        continue;
      }
      trustHeader(header, true);
      ++report.chunks_ok;
      report.bytes_ok += total;
      record_next = payload;
      record_end = payload + header.payload_length;
      chunk_offset = offset;
      record_index = 0;
      offset += total;
      return true;
    }
  }

  // The next record's bytes, framing already checked by loadNextChunk().
  bool nextRecord(std::string_view& record) {
    while (record_next == record_end) {
      if (!loadNextChunk()) return false;
    }
    const auto length = fmt::readVarint(record_next, record_end);
    record = std::string_view(reinterpret_cast<const char*>(record_next), *length);
    record_next += *length;
    ++record_index;
    return true;
  }

  void badRecord() {
    ++report.records_unparseable;
    list(report.bad_records, BadRecord{*path, chunk_offset, record_index - 1});
  }
};

RecordingReader::RecordingReader(const std::vector<std::string>& paths,
                                 RecordingReaderOptions options)
    : impl_(std::make_unique<Impl>()) {
  if (options.max_chunk_payload_bytes == 0 ||
      options.max_chunk_payload_bytes > fmt::kMaxChunkPayloadBytes) {
    throw std::invalid_argument("recording reader: max_chunk_payload_bytes must be in [1, " +
                                std::to_string(fmt::kMaxChunkPayloadBytes) + "]");
  }
  impl_->options = options;
  std::vector<FileError> errors;
  for (const auto& path : paths) {
    RecordingFileInfo info;
    if (auto error = openRecording(impl_->file, path, info)) {
      errors.push_back(std::move(*error));
    } else {
      impl_->files.push_back(std::move(info));
    }
    impl_->file.close();
  }
  if (!errors.empty() && !options.skip_bad_files) {
    std::ostringstream text;
    text << (errors.size() == 1 ? "unusable recording file: " : "unusable recording files:");
    for (const auto& e : errors) text << (errors.size() == 1 ? "" : "\n  ") << e;
    throw RecordingError(text.str());
  }
  for (auto& e : errors) impl_->fileError(std::move(e));
}

RecordingReader::~RecordingReader() = default;
RecordingReader::RecordingReader(RecordingReader&&) noexcept = default;
RecordingReader& RecordingReader::operator=(RecordingReader&&) noexcept = default;

bool RecordingReader::next(v1::RecordedMessage& out) {
  std::string_view record;
  while (impl_->nextRecord(record)) {
    if (out.ParseFromArray(record.data(), static_cast<int>(record.size()))) {
      ++impl_->report.records_read;
      return true;
    }
    impl_->badRecord();
  }
  return false;
}

bool RecordingReader::nextView(RecordView& out) {
  std::string_view record;
  while (impl_->nextRecord(record)) {
    if (decodeEnvelope(record, out)) {
      ++impl_->report.records_read;
      return true;
    }
    impl_->badRecord();
  }
  return false;
}

const ReadReport& RecordingReader::report() const { return impl_->report; }

const std::vector<RecordingFileInfo>& RecordingReader::files() const { return impl_->files; }

}  // namespace picket::io
