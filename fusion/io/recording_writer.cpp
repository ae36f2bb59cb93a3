#include "io/recording_writer.hpp"

#include <fcntl.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <utility>

#include "io/crc32c.hpp"
#include "picket/v1/recording.pb.h"

namespace picket::io {
namespace {

namespace fmt = recording;
using v1::RecordedMessage;

// Single-byte protobuf tags of the envelope fields: (field number << 3) | wire type
// (protobuf encoding guide, "Message Structure"). Field numbers come from the generated code.
constexpr unsigned char tagOf(int field, int wire_type) {
  return static_cast<unsigned char>((field << 3) | wire_type);
}
constexpr int kVarint = 0;
constexpr int kLengthDelimited = 2;
static_assert(RecordedMessage::kAlertFieldNumber < 16, "envelope tags must fit one byte");
constexpr unsigned char kTimeTag = tagOf(RecordedMessage::kReceiveTimeNsFieldNumber, kVarint);
constexpr unsigned char kTopicTag = tagOf(RecordedMessage::kTopicFieldNumber, kLengthDelimited);

unsigned char bodyTag(RecordBody body) {
  switch (body) {
    case RecordBody::Feed:
      return tagOf(RecordedMessage::kFeedFieldNumber, kLengthDelimited);
    case RecordBody::Track:
      return tagOf(RecordedMessage::kTrackFieldNumber, kLengthDelimited);
    case RecordBody::Alert:
      return tagOf(RecordedMessage::kAlertFieldNumber, kLengthDelimited);
    case RecordBody::None:
      break;
  }
  throw std::invalid_argument("recording: a record body kind is required");
}

std::string errnoText(int err) { return std::strerror(err); }

// Serializes `m` (whose cached sizes are fresh: ByteSizeLong() was just called and returned
// `size`) into exactly `size` bytes at `out`. Deterministic, so that map fields (Alert
// evidence) come out in key order and a recording of the same input is the same bytes.
void serializeExactly(const google::protobuf::MessageLite& m, std::size_t size,
                      unsigned char* out) {
  google::protobuf::io::ArrayOutputStream array(out, static_cast<int>(size));
  google::protobuf::io::CodedOutputStream coded(&array);
  coded.SetSerializationDeterministic(true);
  m.SerializeWithCachedSizes(&coded);
  coded.Trim();
  if (coded.HadError() || static_cast<std::size_t>(coded.ByteCount()) != size) {
    throw std::logic_error("recording: a message serialized to a size other than its ByteSize");
  }
}

}  // namespace

bool validRecordingPrefix(const std::string& prefix) {
  return !prefix.empty() && std::all_of(prefix.begin(), prefix.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

namespace {

// "<prefix>-20260301T120000.000Z-000003.pkrec": fixed-width UTC time, then the sequence, so
// that byte order of names is time order.
std::string rotatingFileName(const std::string& prefix, std::int64_t time_ns,
                             std::uint64_t sequence) {
  char text[16];
  std::snprintf(text, sizeof text, "-%06llu.pkrec", static_cast<unsigned long long>(sequence));
  return prefix + "-" + fmt::fileNameTime(time_ns) + text;
}

v1::RecordingInfo makeInfo(const RecordingWriterOptions& options, std::uint64_t file_sequence,
                           std::int64_t first_receive_time_ns) {
  v1::RecordingInfo info;
  info.set_writer(options.writer);
  info.set_file_sequence(file_sequence);
  info.set_first_receive_time_ns(first_receive_time_ns);
  for (const auto& [key, value] : options.metadata) (*info.mutable_metadata())[key] = value;
  return info;
}

}  // namespace

std::vector<std::string> validate(const RecordingWriterOptions& options) {
  std::vector<std::string> errors;
  const bool single = !options.path.empty();
  const bool rotating = !options.directory.empty();
  if (single == rotating) errors.emplace_back("exactly one of path and directory must be set");
  if (rotating && !validRecordingPrefix(options.prefix)) {
    errors.emplace_back("prefix must be non-empty letters, digits, '-', '_' or '.'");
  }
  if (options.chunk_target_bytes < 1 || options.chunk_target_bytes > fmt::kMaxChunkPayloadBytes) {
    errors.emplace_back("chunk_target_bytes must be in [1, " +
                        std::to_string(fmt::kMaxChunkPayloadBytes) + "]");
  }
  if (options.chunk_max_span.ns <= 0) errors.emplace_back("chunk_max_span must be positive");
  if (options.rotate_max_span.ns < 0) errors.emplace_back("rotate_max_span must not be negative");
  if (single && (options.rotate_max_bytes != 0 || options.rotate_max_span.ns != 0)) {
    errors.emplace_back("rotation (rotate_max_bytes, rotate_max_span) needs directory, not path");
  }
  if (makeInfo(options, 0, 0).ByteSizeLong() > fmt::kMaxInfoBytes) {
    errors.emplace_back("writer and metadata must serialize to at most " +
                        std::to_string(fmt::kMaxInfoBytes) + " bytes");
  }
  return errors;
}

struct RecordingWriter::Impl {
  RecordingWriterOptions options;
  bool rotating = false;
  bool closed = false;
  std::string failure;  // the I/O error that closed the writer, if any
  std::vector<std::string> files;
  RecordingWriterStats stats;

  // The open file.
  int fd = -1;
  std::string path;
  std::uint64_t file_bytes = 0;    // written to it so far
  std::uint64_t file_records = 0;  // appended to it, the unwritten chunk included
  std::int64_t file_min_ns = 0;
  std::int64_t file_max_ns = 0;
  std::uint64_t next_file_sequence = 0;
  std::int64_t last_name_time_ns = std::numeric_limits<std::int64_t>::min();

  // The chunk being filled: header space, then payload, in one buffer so that a chunk is one
  // write(). `used` counts header and payload bytes.
  std::vector<unsigned char> buffer;
  std::size_t used = fmt::kChunkHeaderBytes;
  std::uint32_t chunk_records = 0;
  std::uint64_t chunk_first_index = 0;
  std::int64_t chunk_min_ns = 0;
  std::int64_t chunk_max_ns = 0;

  explicit Impl(RecordingWriterOptions o) : options(std::move(o)) {
    next_file_sequence = options.first_file_sequence;
    if (const auto errors = validate(options); !errors.empty()) {
      std::string text = "recording writer options:";
      for (const auto& e : errors) text += "\n  " + e;
      throw std::invalid_argument(text);
    }
    rotating = !options.directory.empty();
    buffer.resize(fmt::kChunkHeaderBytes + options.chunk_target_bytes);
    if (rotating) {
      std::error_code ec;
      std::filesystem::create_directories(options.directory, ec);
      if (ec || !std::filesystem::is_directory(options.directory)) {
        throw RecordingError(options.directory + ": cannot create the recording directory" +
                             (ec ? ": " + ec.message() : ""));
      }
    } else {
      openFile(0);
    }
  }

  ~Impl() {
    if (fd >= 0) ::close(fd);
  }

  [[noreturn]] void fail(const std::string& what, int err) {
    closed = true;  // a half-written chunk may be on disk; the reader will skip it
    if (fd >= 0) ::close(fd);
    fd = -1;
    failure = path + ": " + what + ": " + errnoText(err);
    throw RecordingError(failure);
  }

  void writeAll(const unsigned char* data, std::size_t size) {
    while (size > 0) {
      const ssize_t n = ::write(fd, data, size);
      if (n < 0) {
        if (errno == EINTR) continue;
        fail("write failed", errno);
      }
      data += n;
      size -= static_cast<std::size_t>(n);
    }
  }

  void openFile(std::int64_t first_receive_time_ns) {
    const std::uint64_t sequence = next_file_sequence;
    if (rotating) {
      // Never decreasing, so that a clock step back cannot sort a later file first.
      last_name_time_ns = std::max(last_name_time_ns, first_receive_time_ns);
      path = (std::filesystem::path(options.directory) /
              rotatingFileName(options.prefix, last_name_time_ns, sequence))
                 .string();
    } else {
      path = options.path;
    }
    const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (options.overwrite ? O_TRUNC : O_EXCL);
    fd = ::open(path.c_str(), flags, 0644);
    if (fd < 0) {
      const int err = errno;
      throw RecordingError(path + ": cannot create recording file: " + errnoText(err) +
                           (err == EEXIST ? " (set overwrite to replace it)" : ""));
    }
    ++next_file_sequence;
    files.push_back(path);

    const v1::RecordingInfo info = makeInfo(options, sequence, first_receive_time_ns);
    const std::size_t info_size = info.ByteSizeLong();
    std::vector<unsigned char> head(fmt::kFileHeaderBytes + info_size);
    serializeExactly(info, info_size, head.data() + fmt::kFileHeaderBytes);
    fmt::FileHeader header;
    header.info_length = static_cast<std::uint32_t>(info_size);
    header.info_crc = crc32c(head.data() + fmt::kFileHeaderBytes, info_size);
    fmt::encodeFileHeader(header, head.data());
    writeAll(head.data(), head.size());
    file_bytes = head.size();
    file_records = 0;
    stats.bytes += head.size();
  }

  void closeFile() {
    if (fd < 0) return;
    const int f = fd;
    fd = -1;
    if (::close(f) != 0) {
      const int err = errno;
      closed = true;
      throw RecordingError(path + ": close failed: " + errnoText(err));
    }
  }

  void finishChunk() {
    if (chunk_records == 0) return;
    fmt::ChunkHeader header;
    header.payload_length = static_cast<std::uint32_t>(used - fmt::kChunkHeaderBytes);
    header.record_count = chunk_records;
    header.first_record_index = chunk_first_index;
    header.min_receive_time_ns = chunk_min_ns;
    header.max_receive_time_ns = chunk_max_ns;
    header.payload_crc = crc32c(buffer.data() + fmt::kChunkHeaderBytes, header.payload_length);
    fmt::encodeChunkHeader(header, buffer.data());
    writeAll(buffer.data(), used);
    if (options.sync_each_chunk && ::fdatasync(fd) != 0) fail("fdatasync failed", errno);
    file_bytes += used;
    stats.bytes += used;
    stats.records_written += chunk_records;
    ++stats.chunks;
    used = fmt::kChunkHeaderBytes;
    chunk_records = 0;
    // A large record may have grown the buffer; give the memory back.
    if (buffer.size() > 2 * (fmt::kChunkHeaderBytes + options.chunk_target_bytes)) {
      buffer.resize(fmt::kChunkHeaderBytes + options.chunk_target_bytes);
      buffer.shrink_to_fit();
    }
  }

  static bool spans(std::int64_t lo, std::int64_t hi, std::int64_t t, core::Duration limit) {
    // Spans of out-of-order receive times are measured over min..max; computed in unsigned
    // arithmetic so that extreme timestamps cannot overflow.
    const std::int64_t a = std::min(lo, t);
    const std::int64_t b = std::max(hi, t);
    return static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a) >=
           static_cast<std::uint64_t>(limit.ns);
  }

  // Makes room for a record of `framed` bytes (length prefix included) received at `t`:
  // ends the chunk and rotates the file first when the record would break a limit. Returns
  // where the record's bytes go; commitRecord() accounts for them.
  unsigned char* beginRecord(std::int64_t t, std::size_t framed) {
    if (closed) {
      throw RecordingError(failure.empty() ? path + ": append after close"
                                           : "recording stopped by an earlier error: " + failure);
    }
    const std::size_t payload = used - fmt::kChunkHeaderBytes;
    const bool chunk_open = chunk_records > 0;
    const bool chunk_break =
        chunk_open && (payload + framed > options.chunk_target_bytes ||
                       spans(chunk_min_ns, chunk_max_ns, t, options.chunk_max_span));
    bool file_break = false;
    if (rotating && fd >= 0 && file_records > 0) {
      const std::uint64_t pending = chunk_open ? fmt::kChunkHeaderBytes + payload : 0;
      const std::uint64_t new_header = chunk_open && !chunk_break ? 0 : fmt::kChunkHeaderBytes;
      const std::uint64_t projected = file_bytes + pending + new_header + framed;
      file_break = (options.rotate_max_bytes != 0 && projected > options.rotate_max_bytes) ||
                   (options.rotate_max_span.ns != 0 &&
                    spans(file_min_ns, file_max_ns, t, options.rotate_max_span));
    }
    if (chunk_break || file_break) finishChunk();
    if (file_break) closeFile();
    if (fd < 0) openFile(t);
    if (chunk_records == 0) {
      chunk_first_index = file_records;
      chunk_min_ns = chunk_max_ns = t;
    }
    if (used + framed > buffer.size()) buffer.resize(used + framed);
    return buffer.data() + used;
  }

  void commitRecord(std::int64_t t, std::size_t framed) {
    used += framed;
    ++chunk_records;
    chunk_min_ns = std::min(chunk_min_ns, t);
    chunk_max_ns = std::max(chunk_max_ns, t);
    if (file_records == 0) {
      file_min_ns = file_max_ns = t;
    } else {
      file_min_ns = std::min(file_min_ns, t);
      file_max_ns = std::max(file_max_ns, t);
    }
    ++file_records;
    ++stats.records;
  }

  static void checkRecordSize(std::size_t size) {
    if (size > fmt::kMaxRecordBytes) {
      throw std::length_error("recording: a record of " + std::to_string(size) +
                              " bytes exceeds the limit of " +
                              std::to_string(fmt::kMaxRecordBytes));
    }
  }

  void appendEnvelope(std::int64_t t, std::string_view topic, RecordBody body,
                      const google::protobuf::MessageLite* message, std::string_view bytes) {
    const unsigned char tag = bodyTag(body);
    const std::size_t body_size = message != nullptr ? message->ByteSizeLong() : bytes.size();
    checkRecordSize(body_size);
    // proto3 leaves zero scalars and empty strings off the wire; so do we, so that the
    // bytes equal the generated serializer's for the same RecordedMessage.
    const auto time_bits = static_cast<std::uint64_t>(t);
    std::size_t size = 1 + fmt::varintSize(body_size) + body_size;
    if (t != 0) size += 1 + fmt::varintSize(time_bits);
    if (!topic.empty()) size += 1 + fmt::varintSize(topic.size()) + topic.size();
    checkRecordSize(size);
    const std::size_t framed = fmt::varintSize(size) + size;
    unsigned char* p = beginRecord(t, framed);
    p = fmt::writeVarint(size, p);
    if (t != 0) {
      *p++ = kTimeTag;
      p = fmt::writeVarint(time_bits, p);
    }
    if (!topic.empty()) {
      *p++ = kTopicTag;
      p = fmt::writeVarint(topic.size(), p);
      std::memcpy(p, topic.data(), topic.size());
      p += topic.size();
    }
    *p++ = tag;
    p = fmt::writeVarint(body_size, p);
    if (message != nullptr) {
      serializeExactly(*message, body_size, p);
    } else if (body_size > 0) {
      std::memcpy(p, bytes.data(), body_size);
    }
    commitRecord(t, framed);
  }
};

RecordingWriter::RecordingWriter(RecordingWriterOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

RecordingWriter::~RecordingWriter() {
  if (!impl_) return;
  try {
    close();
  } catch (...) {  // NOLINT(bugprone-empty-catch): documented; close() reports errors
  }
}

RecordingWriter::RecordingWriter(RecordingWriter&&) noexcept = default;
RecordingWriter& RecordingWriter::operator=(RecordingWriter&& other) noexcept {
  if (this != &other) {
    if (impl_) {
      try {
        close();
      } catch (...) {  // NOLINT(bugprone-empty-catch): as in the destructor
      }
    }
    impl_ = std::move(other.impl_);
  }
  return *this;
}

void RecordingWriter::append(const v1::RecordedMessage& record) {
  const std::size_t size = record.ByteSizeLong();
  Impl::checkRecordSize(size);
  const std::size_t framed = recording::varintSize(size) + size;
  const std::int64_t t = record.receive_time_ns();
  unsigned char* p = impl_->beginRecord(t, framed);
  p = recording::writeVarint(size, p);
  serializeExactly(record, size, p);
  impl_->commitRecord(t, framed);
}

void RecordingWriter::appendFeed(core::Timestamp receive_time, std::string_view topic,
                                 const v1::FeedMessage& feed) {
  impl_->appendEnvelope(receive_time.ns, topic, RecordBody::Feed, &feed, {});
}

void RecordingWriter::appendTrack(core::Timestamp receive_time, std::string_view topic,
                                  const v1::TrackStreamMessage& track) {
  impl_->appendEnvelope(receive_time.ns, topic, RecordBody::Track, &track, {});
}

void RecordingWriter::appendAlert(core::Timestamp receive_time, std::string_view topic,
                                  const v1::AlertStreamMessage& alert) {
  impl_->appendEnvelope(receive_time.ns, topic, RecordBody::Alert, &alert, {});
}

void RecordingWriter::appendSerialized(core::Timestamp receive_time, std::string_view topic,
                                       RecordBody body, std::string_view body_bytes) {
  impl_->appendEnvelope(receive_time.ns, topic, body, nullptr, body_bytes);
}

void RecordingWriter::flush() {
  if (impl_->closed) return;
  impl_->finishChunk();
}

bool RecordingWriter::flushIfDue(core::Timestamp now) {
  Impl& w = *impl_;
  if (w.closed || w.chunk_records == 0 || now.ns < w.chunk_min_ns ||
      !Impl::spans(w.chunk_min_ns, w.chunk_min_ns, now.ns, w.options.chunk_max_span)) {
    return false;
  }
  w.finishChunk();
  return true;
}

void RecordingWriter::close() {
  Impl& w = *impl_;
  if (w.closed) return;
  w.finishChunk();
  w.closeFile();
  w.closed = true;
}

const std::vector<std::string>& RecordingWriter::files() const { return impl_->files; }

RecordingWriterStats RecordingWriter::stats() const { return impl_->stats; }

std::uint64_t RecordingWriter::nextFileSequence() const { return impl_->next_file_sequence; }

// ---- LiveRecorder ----

LiveRecorder::LiveRecorder(RecordingWriterOptions options, core::Duration retry_after, Log log)
    : options_(std::move(options)), retry_after_(retry_after), log_(std::move(log)) {
  if (options_.directory.empty()) {
    throw std::invalid_argument("recording: a live recorder needs a directory (rotation)");
  }
  // Start-up errors (bad options, a directory that cannot be made) are thrown from here.
  writer_ = std::make_unique<RecordingWriter>(options_);
}

LiveRecorder::~LiveRecorder() { close(); }

void LiveRecorder::syncCounters() {
  if (!writer_) return;
  const RecordingWriterStats s = writer_->stats();
  counters_.records.store(records_before_ + s.records, std::memory_order_relaxed);
  counters_.bytes.store(bytes_before_ + s.bytes, std::memory_order_relaxed);
  mergeFiles();
}

void LiveRecorder::mergeFiles() {
  const auto& mine = writer_->files();
  for (; writer_files_listed_ < mine.size(); ++writer_files_listed_) {
    files_.push_back(mine[writer_files_listed_]);
  }
  counters_.files.store(files_.size(), std::memory_order_relaxed);
}

void LiveRecorder::failed(const std::exception& e, std::uint64_t lost) {
  counters_.write_errors.fetch_add(1, std::memory_order_relaxed);
  counters_.records_lost.fetch_add(lost, std::memory_order_relaxed);
  const RecordingWriterStats s = writer_->stats();
  // The unwritten records are lost with the writer; keep the totals of what was written.
  records_before_ += s.records_written;
  bytes_before_ += s.bytes;
  options_.first_file_sequence = writer_->nextFileSequence();
  mergeFiles();
  writer_.reset();
  writer_files_listed_ = 0;
  counters_.records.store(records_before_, std::memory_order_relaxed);
  counters_.bytes.store(bytes_before_, std::memory_order_relaxed);
  counters_.files.store(files_.size(), std::memory_order_relaxed);
  if (log_) {
    log_(std::string("RECORDING WRITE FAILED, ") + std::to_string(lost) +
         " records lost, retrying in " + std::to_string(retry_after_.seconds()) + " s: " +
         e.what());
  }
}

bool LiveRecorder::ensureWriter(core::Timestamp now) {
  if (writer_) return true;
  if (closed_ || now.ns < retry_at_ns_) return false;
  try {
    writer_ = std::make_unique<RecordingWriter>(options_);
    counters_.reopens.fetch_add(1, std::memory_order_relaxed);
    if (log_) log_("recording resumed in " + options_.directory);
    return true;
  } catch (const std::exception& e) {
    retry_at_ns_ = now.ns + retry_after_.ns;
    counters_.write_errors.fetch_add(1, std::memory_order_relaxed);
    if (log_) log_(std::string("recording still failing: ") + e.what());
    return false;
  }
}

template <typename Append>
void LiveRecorder::guarded(core::Timestamp receive_time, Append&& append) {
  if (!ensureWriter(receive_time)) {
    counters_.records_lost.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  try {
    append(*writer_);
  } catch (const std::length_error&) {
    counters_.records_lost.fetch_add(1, std::memory_order_relaxed);  // refused, writer fine
    return;
  } catch (const std::exception& e) {
    const RecordingWriterStats s = writer_->stats();
    // The offered record and every appended one not yet in a written chunk.
    retry_at_ns_ = receive_time.ns + retry_after_.ns;
    failed(e, s.records - s.records_written + 1);
    return;
  }
  syncCounters();
}

void LiveRecorder::appendSerialized(core::Timestamp receive_time, std::string_view topic,
                                    RecordBody body, std::string_view body_bytes) {
  guarded(receive_time, [&](RecordingWriter& w) {
    w.appendSerialized(receive_time, topic, body, body_bytes);
  });
}

void LiveRecorder::appendTrack(core::Timestamp receive_time, std::string_view topic,
                               const v1::TrackStreamMessage& track) {
  guarded(receive_time, [&](RecordingWriter& w) { w.appendTrack(receive_time, topic, track); });
}

void LiveRecorder::appendAlert(core::Timestamp receive_time, std::string_view topic,
                               const v1::AlertStreamMessage& alert) {
  guarded(receive_time, [&](RecordingWriter& w) { w.appendAlert(receive_time, topic, alert); });
}

void LiveRecorder::poll(core::Timestamp now) {
  if (!writer_) {
    if (ensureWriter(now)) syncCounters();
    return;
  }
  try {
    writer_->flushIfDue(now);
  } catch (const std::exception& e) {
    retry_at_ns_ = now.ns + retry_after_.ns;
    const RecordingWriterStats s = writer_->stats();
    failed(e, s.records - s.records_written);
    return;
  }
  syncCounters();
}

void LiveRecorder::close() {
  closed_ = true;
  if (!writer_) return;
  try {
    writer_->close();
  } catch (const std::exception& e) {
    const RecordingWriterStats s = writer_->stats();
    failed(e, s.records - s.records_written);
    return;
  }
  syncCounters();
  writer_.reset();
}

}  // namespace picket::io
