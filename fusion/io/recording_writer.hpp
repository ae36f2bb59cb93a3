#pragma once
// RecordingWriter: appends recorded messages to a Picket recording file, or to a rotating set
// of them (format: docs/recording-format.md; design: fusion/io/README.md, "Recording").
//
// Records are serialized straight into an in-memory chunk; a chunk is written with one
// writev() when it reaches `chunk_target_bytes`, when its receive times span
// `chunk_max_span`, on flush() and on close(). A crash therefore loses at most the unfinished
// chunk, and the reader reports that torn tail instead of failing.
//
// Threading: one thread owns a writer; nothing in it is synchronised.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "io/recording_format.hpp"

namespace picket::v1 {
class RecordedMessage;
class FeedMessage;
class TrackStreamMessage;
class AlertStreamMessage;
}  // namespace picket::v1

namespace picket::io {

struct RecordingWriterOptions {
  /// Single-file mode: the file to write. No rotation. Exactly one of `path` and `directory`.
  std::string path;
  /// Rotating mode: files `<directory>/<prefix>-<YYYYMMDD>T<HHMMSS.mmm>Z-<NNNNNN>.pkrec`, named
  /// after the receive time (UTC, never decreasing within one writer) of their first record and
  /// a 6-digit file sequence number, so that names sort in time order. The directory is created
  /// if missing; a file is created when its first record is appended.
  std::string directory;
  std::string prefix = "picket";  ///< rotating mode; letters, digits, '-', '_', '.' only
  /// A chunk is written when the next record would take its payload past this, bytes; a
  /// larger record gets a chunk of its own. Range [1, 64 MiB].
  std::size_t chunk_target_bytes = 256 * 1024;
  /// A chunk is written before a record would make its receive times span this or more; the
  /// loss bound of a live recorder that also calls flushIfDue(). Must be > 0.
  core::Duration chunk_max_span = core::Duration::fromSeconds(1.0);
  /// Rotating mode: start a new file before one would grow past this many bytes (a file holds
  /// at least one record). 0 = no size limit.
  std::uint64_t rotate_max_bytes = 0;
  /// Rotating mode: start a new file before a record would make the file's receive times span
  /// this or more. 0 = no time limit.
  core::Duration rotate_max_span{};
  /// Replace existing files of the same name instead of refusing to open them.
  bool overwrite = false;
  /// fdatasync() every chunk: survives an operating-system crash, not only a process crash,
  /// at the cost of one disk flush per chunk.
  bool sync_each_chunk = false;
  /// Stored in each file's RecordingInfo: program and version, and free key/value pairs.
  std::string writer;
  std::map<std::string, std::string> metadata;
};

/// Every problem with `options`, one sentence each; empty when they are usable.
std::vector<std::string> validate(const RecordingWriterOptions& options);

struct RecordingWriterStats {
  std::uint64_t records = 0;
  std::uint64_t chunks = 0;
  std::uint64_t bytes = 0;  ///< written to files, headers included
  bool operator==(const RecordingWriterStats&) const = default;
};

class RecordingWriter {
 public:
  /// Validates `options` (std::invalid_argument listing every problem) and, in single-file
  /// mode, creates the file and writes its header (RecordingError on failure, or when it
  /// exists and `overwrite` is false). In rotating mode, creates the directory.
  explicit RecordingWriter(RecordingWriterOptions options);
  /// Closes, ignoring errors: call close() to see them.
  ~RecordingWriter();
  RecordingWriter(RecordingWriter&&) noexcept;
  RecordingWriter& operator=(RecordingWriter&&) noexcept;
  RecordingWriter(const RecordingWriter&) = delete;
  RecordingWriter& operator=(const RecordingWriter&) = delete;

  /// Appends a copy of `record` (serialized deterministically; its receive_time_ns orders the
  /// chunk and file limits). Throws std::length_error when it serializes to more than
  /// recording::kMaxRecordBytes, RecordingError on an I/O failure or after close().
  void append(const v1::RecordedMessage& record);

  /// Appends the record {receive_time, topic, feed} without building a RecordedMessage: the
  /// envelope is encoded by hand around `feed`'s own serialization, byte-identical to append()
  /// of the equivalent RecordedMessage. Same errors as append().
  void appendFeed(core::Timestamp receive_time, std::string_view topic,
                  const v1::FeedMessage& feed);
  void appendTrack(core::Timestamp receive_time, std::string_view topic,
                   const v1::TrackStreamMessage& track);
  void appendAlert(core::Timestamp receive_time, std::string_view topic,
                   const v1::AlertStreamMessage& alert);

  /// Appends an already serialized body (e.g. the payload frame a feed arrived in), copied
  /// verbatim: no parse, no re-serialization. The writer does not check `body_bytes`; a reader
  /// reports a record whose body does not parse. `body` must not be None. Same errors as append().
  void appendSerialized(core::Timestamp receive_time, std::string_view topic, RecordBody body,
                        std::string_view body_bytes);

  /// Ends the current chunk and writes it (nothing when it is empty); fdatasync() too when
  /// `sync_each_chunk`. RecordingError on failure.
  void flush();

  /// Flushes when the current chunk holds a record received at or before now - chunk_max_span:
  /// a live recorder calls this from a timer so that quiet periods keep the loss bound.
  /// Returns whether it wrote a chunk.
  bool flushIfDue(core::Timestamp now);

  /// Flushes and closes the file. Idempotent; RecordingError on failure. Appending afterwards
  /// is an error.
  void close();

  /// Every file created so far, in creation (and name) order.
  [[nodiscard]] const std::vector<std::string>& files() const;
  [[nodiscard]] RecordingWriterStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace picket::io
