#include "io/alert_journal.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "io/alert_channels.hpp"
#include "picket/v1/recording.pb.h"

namespace picket::io {

namespace {

constexpr std::string_view kJournalTopic = "journal";

/// The run number in a journal file name ("alerts-r000003-..."), 0 when it has none.
std::uint64_t runOfFile(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  const std::string head = std::string(kJournalFilePrefix) + "-r";
  if (!name.starts_with(head)) return 0;
  std::uint64_t run = 0;
  std::size_t i = head.size();
  for (; i < name.size() && name[i] >= '0' && name[i] <= '9' && i < head.size() + 12; ++i) {
    run = run * 10 + static_cast<std::uint64_t>(name[i] - '0');
  }
  return i < name.size() && name[i] == '-' ? run : 0;
}

std::string runPrefix(std::uint64_t run) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "-r%06llu", static_cast<unsigned long long>(run));
  return std::string(kJournalFilePrefix) + buf;
}

/// Whether a recorded message is a journal entry; points `entry` at it.
bool journalEntry(const v1::RecordedMessage& record, const v1::Alert*& entry) {
  if (!record.has_alert() || !record.alert().has_alert()) return false;
  entry = &record.alert().alert();
  return entry->journal_sequence() != 0;
}

RecordingReader openReader(const std::vector<std::string>& files) {
  RecordingReaderOptions options;
  options.skip_bad_files = true;  // a damaged file costs its own entries, not the journal
  return RecordingReader(files, options);
}

}  // namespace

SequenceBook::Stamp SequenceBook::next(const std::vector<std::string>& releasable_to) {
  Stamp s;
  s.journal = ++journal_;
  std::set<std::string_view> distinct;
  for (const auto& id : releasable_to) {
    if (!validChannelId(id)) {
      s.rejected.push_back(id);
    } else {
      distinct.insert(id);
    }
  }
  for (const std::string_view id : distinct) {
    auto it = channels_.find(id);
    if (it == channels_.end()) it = channels_.emplace(std::string(id), 0).first;
    s.channels.emplace_back(it->first, ++it->second);
  }
  return s;
}

void SequenceBook::restore(std::uint64_t journal, const std::string& channel,
                           std::uint64_t sequence) {
  restoreJournal(journal);
  auto& last = channels_[channel];
  last = std::max(last, sequence);
}

void SequenceBook::restoreJournal(std::uint64_t journal) { journal_ = std::max(journal_, journal); }

std::uint64_t SequenceBook::last(std::string_view channel) const {
  if (channel == kFullStreamChannel) return journal_;
  const auto it = channels_.find(channel);
  return it == channels_.end() ? 0 : it->second;
}

void stampEntry(const SequenceBook::Stamp& stamp, v1::Alert& alert) {
  alert.set_journal_sequence(stamp.journal);
  alert.set_stream_sequence(stamp.journal);
  alert.mutable_header()->set_sequence(stamp.journal);
  alert.set_channel(std::string(kFullStreamChannel));
  alert.clear_channel_sequences();
  for (const auto& [channel, sequence] : stamp.channels) {
    auto* c = alert.add_channel_sequences();
    c->set_channel(channel);
    c->set_sequence(sequence);
  }
}

std::uint64_t sequenceOn(const v1::Alert& entry, std::string_view channel) {
  if (channel == kFullStreamChannel) return entry.journal_sequence();
  for (const auto& c : entry.channel_sequences()) {
    if (c.channel() == channel) return c.sequence();
  }
  return 0;
}

std::optional<v1::Alert> channelCopy(const v1::Alert& entry, std::string_view channel) {
  const std::uint64_t sequence = sequenceOn(entry, channel);
  if (sequence == 0) return std::nullopt;
  v1::Alert copy = entry;
  if (channel == kFullStreamChannel) return copy;
  copy.set_stream_sequence(sequence);
  copy.mutable_header()->set_sequence(sequence);
  copy.set_channel(std::string(channel));
  copy.clear_channel_sequences();
  return copy;
}

v1::Alert restartClosure(const v1::Alert& last, std::int64_t time_ns) {
  v1::Alert closed = last;
  closed.set_state(v1::ALERT_STATE_CLOSED);
  closed.set_reason(std::string(kRestartClosureReason));
  closed.mutable_header()->set_time_ns(time_ns);
  closed.clear_predicted();
  closed.clear_channel_sequences();
  closed.set_journal_sequence(0);
  closed.set_stream_sequence(0);
  closed.mutable_header()->set_sequence(0);
  (*closed.mutable_evidence())["closed_by"] = "restart";
  return closed;
}

JournalRestore readJournal(const std::string& directory, const std::string& instance_id) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) throw RecordingError(directory + ": cannot create the journal directory: " + ec.message());
  JournalRestore out;
  out.files = listRecordingFiles(directory, std::string(kJournalFilePrefix));
  std::uint64_t newest_run = 0;
  for (const auto& f : out.files) newest_run = std::max(newest_run, runOfFile(f));
  out.run = newest_run + 1;
  if (out.files.empty()) return out;

  RecordingReader reader = openReader(out.files);
  for (const auto& info : reader.files()) {
    const auto it = info.metadata.find("instance_id");
    if (it != info.metadata.end() && it->second != instance_id) {
      throw std::runtime_error(directory + " holds the alert journal of instance '" + it->second +
                               "', not '" + instance_id + "' (" + info.path + ")");
    }
  }
  std::map<std::string, v1::Alert> open;
  // Every partner that received some event of an open alert: its closure goes to all of them,
  // not only to those of its last event (a cue's partners change as the track moves).
  std::map<std::string, std::set<std::string>> released;
  v1::RecordedMessage record;
  while (reader.next(record)) {
    const v1::Alert* entry = nullptr;
    if (!journalEntry(record, entry)) continue;
    ++out.entries;
    out.sequences.restoreJournal(entry->journal_sequence());
    for (const auto& c : entry->channel_sequences()) {
      if (validChannelId(c.channel())) {
        out.sequences.restore(entry->journal_sequence(), c.channel(), c.sequence());
      }
    }
    if (entry->state() == v1::ALERT_STATE_CLOSED) {
      open.erase(entry->alert_id());
      released.erase(entry->alert_id());
    } else {
      open[entry->alert_id()] = *entry;
      auto& to = released[entry->alert_id()];
      for (const auto& c : entry->channel_sequences()) to.insert(c.channel());
    }
  }
  out.report = reader.report();
  for (auto& [id, last] : open) {
    last.clear_releasable_to();
    for (const auto& partner : released[id]) last.add_releasable_to(partner);
    out.open_alerts.push_back(std::move(last));
  }
  return out;
}

namespace {

RecordingWriterOptions writerOptions(const AlertJournalOptions& o, std::uint64_t run) {
  RecordingWriterOptions w;
  w.directory = o.directory;
  w.prefix = runPrefix(run);
  w.rotate_max_bytes = o.max_file_bytes;
  w.sync_each_chunk = o.fsync;
  // flush() writes every batch at once; the size bound only splits a huge batch.
  w.chunk_target_bytes = 4u << 20;
  w.chunk_max_span = core::Duration::fromSeconds(3600);
  w.writer = o.writer;
  w.metadata = {{"instance_id", o.instance_id}, {"content", "alert journal"},
                {"run", std::to_string(run)}};
  return w;
}

}  // namespace

AlertJournal::AlertJournal(AlertJournalOptions options, std::uint64_t run)
    : writer_(writerOptions(options, run)) {}

void AlertJournal::append(const v1::Alert& entry, core::Timestamp now) {
  v1::AlertStreamMessage m;
  *m.mutable_alert() = entry;
  writer_.appendAlert(now, kJournalTopic, m);
}

void AlertJournal::flush() { writer_.flush(); }

void AlertJournal::close() { writer_.close(); }

JournalSource::JournalSource(std::string directory) : directory_(std::move(directory)) {}

RecoverySelection JournalSource::select(std::string_view channel, std::uint64_t since,
                                        std::uint32_t max_events) {
  RecoverySelection out;
  const std::vector<std::string> files =
      listRecordingFiles(directory_, std::string(kJournalFilePrefix));
  // Summaries of files other than the newest let whole files be skipped.
  std::vector<std::string> to_read;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto it = closed_.find(files[i]);
    const bool newest = i + 1 == files.size();
    if (!newest && it != closed_.end()) {
      std::uint64_t last = it->second.last_journal;
      if (channel != kFullStreamChannel) {
        const auto c = it->second.last.find(channel);
        last = c == it->second.last.end() ? 0 : c->second;
      }
      out.last_sequence = std::max(out.last_sequence, last);
      if (last <= since) continue;
    }
    to_read.push_back(files[i]);
  }
  for (const auto& path : to_read) {
    const bool newest = path == files.back();
    FileSummary summary;
    RecordingReader reader = openReader({path});
    v1::RecordedMessage record;
    while (reader.next(record)) {
      const v1::Alert* entry = nullptr;
      if (!journalEntry(record, entry)) continue;
      summary.last_journal = std::max(summary.last_journal, entry->journal_sequence());
      for (const auto& c : entry->channel_sequences()) {
        auto& l = summary.last[c.channel()];
        l = std::max(l, c.sequence());
      }
      const std::uint64_t s = sequenceOn(*entry, channel);
      if (s == 0) continue;
      out.last_sequence = std::max(out.last_sequence, s);
      if (s <= since) continue;
      if (out.events.size() >= max_events) {
        out.complete = false;
        continue;
      }
      // Entries are in journal order, hence in each channel's order; a repeated or older
      // number (a damaged journal) is not sent twice.
      if (!out.events.empty() && s <= out.events.back().stream_sequence()) continue;
      out.events.push_back(*channelCopy(*entry, channel));
    }
    if (!newest) closed_[path] = std::move(summary);
  }
  return out;
}

RecoveryAnswer answerRecovery(std::string_view payload, JournalSource* source,
                              std::uint32_t max_events) {
  RecoveryAnswer out;
  v1::AlertRecoveryRequest request;
  const auto error = [&](std::string text, bool bad) {
    v1::AlertRecoveryReply r;
    r.set_request_sequence(request.header().sequence());
    r.set_error(std::move(text));
    out.replies.push_back(std::move(r));
    out.bad_request = bad;
    return out;
  };
  if (!request.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    request.Clear();
    return error("malformed request: not a picket.v1.AlertRecoveryRequest", true);
  }
  if (!validChannel(request.channel())) {
    return error("bad channel '" + request.channel().substr(0, 80) + "': a partner ID (" +
                     kChannelIdRule + ") or \"*\"",
                 true);
  }
  if (source == nullptr) return error("this fusiond keeps no alert journal", false);
  const std::uint32_t limit =
      request.max_events() == 0 ? max_events : std::min(max_events, request.max_events());
  RecoverySelection selection;
  try {
    selection = source->select(request.channel(), request.since_sequence(), limit);
  } catch (const std::exception& e) {
    return error(std::string("journal unreadable: ") + e.what(), false);
  }
  for (auto& e : selection.events) {
    v1::AlertRecoveryReply r;
    r.set_request_sequence(request.header().sequence());
    *r.mutable_alert() = std::move(e);
    out.replies.push_back(std::move(r));
  }
  v1::AlertRecoveryReply end;
  end.set_request_sequence(request.header().sequence());
  auto* e = end.mutable_end();
  e->set_channel(request.channel());
  e->set_last_sequence(selection.last_sequence);
  e->set_events(selection.events.size());
  e->set_complete(selection.complete);
  out.replies.push_back(std::move(end));
  return out;
}

}  // namespace picket::io
