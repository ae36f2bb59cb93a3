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

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
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
  /// Rotating mode: the sequence number of the first file (a writer that replaces a failed
  /// one continues its numbering).
  std::uint64_t first_file_sequence = 0;
  /// Replace existing files of the same name instead of refusing to open them.
  bool overwrite = false;
  /// fdatasync() every chunk: survives an operating-system crash, not only a process crash,
  /// at the cost of one disk flush per chunk.
  bool sync_each_chunk = false;
  /// Stored in each file's RecordingInfo: program and version, and free key/value pairs.
  std::string writer;
  std::map<std::string, std::string> metadata;
};

/// Whether `prefix` can start a rotating file name: non-empty letters, digits, '-', '_', '.'.
bool validRecordingPrefix(const std::string& prefix);

/// Every problem with `options`, one sentence each; empty when they are usable.
std::vector<std::string> validate(const RecordingWriterOptions& options);

struct RecordingWriterStats {
  std::uint64_t records = 0;          ///< appended, the unwritten chunk included
  std::uint64_t records_written = 0;  ///< in chunks written to the file
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
  /// The sequence number the next file would get.
  [[nodiscard]] std::uint64_t nextFileSequence() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// What a LiveRecorder did. Written by its owner thread, readable from any thread.
struct LiveRecorderCounters {
  std::atomic<std::uint64_t> records{0};  ///< accepted by the writer
  /// Not recorded: offered while the writer was down, refused (over the record size limit),
  /// or in the unwritten chunk when a write failed (that chunk's count is known exactly).
  std::atomic<std::uint64_t> records_lost{0};
  std::atomic<std::uint64_t> write_errors{0};  ///< I/O failures; each stops the writer
  std::atomic<std::uint64_t> reopens{0};       ///< writers started again after a failure
  std::atomic<std::uint64_t> bytes{0};         ///< written to files, headers included
  std::atomic<std::uint64_t> files{0};         ///< files created
};

/// A rotating RecordingWriter for a process that must keep running (fusiond's recorder): an
/// I/O failure (disk full, a removed directory...) is counted and logged, never thrown; the
/// records offered while the writer is down are counted as lost, and a new writer (new file,
/// file numbering continued) is tried `retry_after` later, by the receive times offered.
/// The constructor still throws (std::invalid_argument, RecordingError) when the options are
/// wrong or the directory cannot be created: that is a start-up error.
///
/// Threading: one thread owns a recorder; counters() may be read from any thread.
class LiveRecorder {
 public:
  using Log = std::function<void(const std::string&)>;

  /// `options` must be rotating (directory set). `log` gets one line per failure and per
  /// reopening.
  LiveRecorder(RecordingWriterOptions options, core::Duration retry_after, Log log);
  ~LiveRecorder();
  LiveRecorder(const LiveRecorder&) = delete;
  LiveRecorder& operator=(const LiveRecorder&) = delete;

  /// RecordingWriter::appendSerialized, guarded. `receive_time` is the wall clock.
  void appendSerialized(core::Timestamp receive_time, std::string_view topic, RecordBody body,
                        std::string_view body_bytes);
  void appendTrack(core::Timestamp receive_time, std::string_view topic,
                   const v1::TrackStreamMessage& track);
  void appendAlert(core::Timestamp receive_time, std::string_view topic,
                   const v1::AlertStreamMessage& alert);

  /// From a timer: writes a chunk that has waited chunk_max_span (the loss bound in quiet
  /// periods) and, when the writer is down and `retry_after` has passed, starts a new one.
  void poll(core::Timestamp now);

  /// Writes what is pending and closes the file (errors counted and logged).
  void close();

  [[nodiscard]] const LiveRecorderCounters& counters() const { return counters_; }
  /// Files created so far, over every writer, in creation order.
  [[nodiscard]] const std::vector<std::string>& files() const { return files_; }

 private:
  template <typename Append>
  void guarded(core::Timestamp receive_time, Append&& append);
  void failed(const std::exception& e, std::uint64_t lost);
  bool ensureWriter(core::Timestamp now);
  void syncCounters();
  void mergeFiles();

  RecordingWriterOptions options_;
  core::Duration retry_after_;
  Log log_;
  std::unique_ptr<RecordingWriter> writer_;
  std::uint64_t records_before_ = 0;  ///< records of earlier writers
  std::uint64_t bytes_before_ = 0;
  std::int64_t retry_at_ns_ = 0;
  bool closed_ = false;
  std::vector<std::string> files_;
  std::size_t writer_files_listed_ = 0;  ///< of writer_->files(), already in files_
  LiveRecorderCounters counters_;
};

}  // namespace picket::io
