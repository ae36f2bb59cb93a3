#pragma once
// The alert journal and its sequence numbers (docs/alert-stream.md).
//
// Every alert event gets a journal sequence (gap-free over all events of the instance) and one
// sequence per partner channel it is releasable to (gap-free over that partner's events). The
// event, with all its sequences, is a journal entry: a picket.v1.Alert as published on the
// full stream ("*"), with `channel_sequences` filled. Entries are appended to a rotating set of
// Picket recording files (docs/recording-format.md; RecordingWriter/RecordingReader, no second
// format) in one directory; a restarted fusiond reads them back, continues every sequence and
// starts a new file (never appending after a torn tail). A partner's copy of an entry is
// derived from it (channelCopy), live and in recovery alike, so both are byte-identical.
//
// Threading: SequenceBook and AlertJournal belong to the thread that publishes alerts (the
// tracker thread); a JournalSource to the recovery thread. They share only the files: an entry
// is written (flush) before it is published, so a reader sees every published entry.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "io/recording_reader.hpp"
#include "io/recording_writer.hpp"
#include "picket/v1/tracks.pb.h"

namespace picket::io {

/// The sequences of every channel: pure bookkeeping, no I/O.
class SequenceBook {
 public:
  struct Stamp {
    std::uint64_t journal = 0;
    /// (channel, sequence) in channel order, one per distinct valid partner ID.
    std::vector<std::pair<std::string, std::uint64_t>> channels;
    /// Partner IDs of `releasable_to` that cannot name a channel (not released).
    std::vector<std::string> rejected;
  };

  /// Takes the next journal sequence and the next sequence of each distinct channel in
  /// `releasable_to` (duplicates once, invalid IDs rejected).
  Stamp next(const std::vector<std::string>& releasable_to);
  /// Raises the journal sequence and `channel`'s to at least the given values (restore).
  void restore(std::uint64_t journal, const std::string& channel, std::uint64_t sequence);
  void restoreJournal(std::uint64_t journal);

  [[nodiscard]] std::uint64_t journalSequence() const { return journal_; }
  /// The newest sequence of `channel` (0: none); "*" is the journal sequence.
  [[nodiscard]] std::uint64_t last(std::string_view channel) const;
  /// Every partner channel that has had an event, with its newest sequence.
  [[nodiscard]] const std::map<std::string, std::uint64_t, std::less<>>& channels() const {
    return channels_;
  }

 private:
  std::uint64_t journal_ = 0;
  std::map<std::string, std::uint64_t, std::less<>> channels_;
};

/// Writes `stamp` into `alert`, making it a journal entry: journal_sequence, stream_sequence
/// and header.sequence = the journal sequence, channel "*", channel_sequences.
void stampEntry(const SequenceBook::Stamp& stamp, v1::Alert& alert);

/// The sequence `entry` has on `channel` (0: not on it). "*": the journal sequence.
std::uint64_t sequenceOn(const v1::Alert& entry, std::string_view channel);

/// The copy of a journal entry published on `channel`: stream_sequence and header.sequence
/// are the channel's, `channel` set, channel_sequences cleared (a partner does not learn the
/// others' numbering). The full stream ("*") gets the entry itself. nullopt: not on `channel`.
std::optional<v1::Alert> channelCopy(const v1::Alert& entry, std::string_view channel);

/// The CLOSED event for an alert whose last journalled event is `last` (as in
/// JournalRestore::open_alerts), when a restarted fusiond lost the track behind it: same ID,
/// rule, severity, track snapshot and releasability; `time_ns` as the event time; sequences
/// to be stamped.
v1::Alert restartClosure(const v1::Alert& last, std::int64_t time_ns);

/// The reason restartClosure() gives.
inline constexpr std::string_view kRestartClosureReason = "fusiond restarted: track state lost";

struct AlertJournalOptions {
  std::string directory;
  /// Stored in each file; a journal of another instance is refused.
  std::string instance_id;
  bool fsync = false;
  std::uint64_t max_file_bytes = 64ull << 20;
  /// Program and version for the files' RecordingInfo.
  std::string writer = "fusiond";
};

/// What the journal held when it was opened.
struct JournalRestore {
  SequenceBook sequences;
  /// The last event of every alert that was not closed, in alert ID order, with
  /// `releasable_to` widened to every partner that received any event of the alert.
  std::vector<v1::Alert> open_alerts;
  std::uint64_t entries = 0;  ///< entries read
  /// This process's run number: one more than the newest run in the directory (1 when empty).
  std::uint64_t run = 1;
  ReadReport report;  ///< damage found (torn tails, corrupt chunks), never fatal
  std::vector<std::string> files;
};

/// The journal's file name prefix: files are "alerts-r<run, 6 digits>-<time>-<seq>.pkrec", so
/// that name order is run order whatever the clock did between runs.
inline constexpr std::string_view kJournalFilePrefix = "alerts";

/// Reads the journal in `directory` (created when missing). RecordingError when the directory
/// cannot be listed; std::runtime_error when it holds another instance's journal.
JournalRestore readJournal(const std::string& directory, const std::string& instance_id);

/// Appends journal entries. Owned by the publishing thread.
class AlertJournal {
 public:
  /// Prepares this run's files (created with the first entry) for run `run`.
  AlertJournal(AlertJournalOptions options, std::uint64_t run);

  /// Appends an entry (stamped: stampEntry) to the current chunk; nothing is written yet.
  /// RecordingError on an I/O failure.
  void append(const v1::Alert& entry, core::Timestamp now);
  /// Writes the appended entries with one write(), and fdatasync() when `fsync`: call before
  /// publishing them. RecordingError on failure.
  void flush();
  void close();

  [[nodiscard]] const std::vector<std::string>& files() const { return writer_.files(); }

 private:
  RecordingWriter writer_;
};

/// A recovery reply in the making: the events of one channel after a sequence.
struct RecoverySelection {
  std::vector<v1::Alert> events;  ///< channel copies, in sequence order
  std::uint64_t last_sequence = 0;  ///< the channel's newest journalled sequence
  bool complete = true;  ///< false: more events than the limit
};

/// Reads the journal files for recovery. Owned by the recovery thread; it caches a summary of
/// every file but the newest (which may still grow), so a request reads only the files that
/// hold events it needs.
class JournalSource {
 public:
  explicit JournalSource(std::string directory);

  /// The events of `channel` with a sequence > `since`, at most `max_events` of them.
  RecoverySelection select(std::string_view channel, std::uint64_t since,
                           std::uint32_t max_events);

 private:
  struct FileSummary {
    std::map<std::string, std::uint64_t, std::less<>> last;  ///< newest sequence per channel
    std::uint64_t last_journal = 0;
  };
  std::string directory_;
  std::map<std::string, FileSummary> closed_;
};

/// What to send back for one recovery request.
struct RecoveryAnswer {
  std::vector<v1::AlertRecoveryReply> replies;  ///< in order: events, then end (or one error)
  bool bad_request = false;  ///< malformed or an invalid channel: count it
};

/// Answers the serialized request `payload` (untrusted bytes). `source` null: no journal.
/// `max_events` bounds the reply (a request may ask for fewer).
RecoveryAnswer answerRecovery(std::string_view payload, JournalSource* source,
                              std::uint32_t max_events);

}  // namespace picket::io
