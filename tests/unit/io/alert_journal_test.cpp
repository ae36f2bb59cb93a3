// The alert journal: sequence numbering per channel, journal entries and their channel
// copies, writing and reading back, restart (sequences continue, open alerts found, a new
// file per run), torn tails and another instance's journal.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/alert_channels.hpp"
#include "io/alert_journal.hpp"
#include "io/config.hpp"
#include "support/process.hpp"

namespace picket::io {
namespace {

using picket::testing::TempDir;

// 2026-03-01T12:00:00Z.
constexpr std::int64_t kT0Ns = 1'772'366'400LL * 1'000'000'000LL;

v1::Alert event(const std::string& id, v1::AlertState state, std::vector<std::string> releasable,
                std::int64_t time_ns = kT0Ns) {
  v1::Alert a;
  a.mutable_header()->set_source_id("test");
  a.mutable_header()->set_time_ns(time_ns);
  a.set_alert_id(id);
  a.set_rule("dark_target");
  a.set_severity(v1::SEVERITY_HIGH);
  a.set_state(state);
  a.set_reason("because");
  a.mutable_track()->set_track_id(7);
  for (auto& r : releasable) a.add_releasable_to(r);
  return a;
}

/// Stamps and journals `a` with `book`; returns the entry.
v1::Alert journalled(SequenceBook& book, AlertJournal& journal, v1::Alert a) {
  const auto stamp = book.next({a.releasable_to().begin(), a.releasable_to().end()});
  stampEntry(stamp, a);
  journal.append(a, core::Timestamp{kT0Ns});
  journal.flush();
  return a;
}

AlertJournalOptions options(const std::string& dir) {
  AlertJournalOptions o;
  o.directory = dir;
  o.instance_id = "unit";
  return o;
}

TEST(AlertChannels, PartnerIdsNameChannelsAndStarIsTheFullStream) {
  EXPECT_TRUE(validChannelId("USCG-LEDET"));
  EXPECT_TRUE(validChannelId("DCCG_2.a"));
  EXPECT_FALSE(validChannelId(""));
  EXPECT_FALSE(validChannelId("*"));
  EXPECT_FALSE(validChannelId("a/b"));
  EXPECT_FALSE(validChannelId("a b"));
  EXPECT_FALSE(validChannelId(std::string(65, 'a')));
  EXPECT_TRUE(validChannel("*"));
  EXPECT_EQ(alertTopic("DCCG", "high"), "alert/DCCG/high");
  EXPECT_EQ(heartbeatTopic("*"), "hb/*/");
  // A subscription to one partner's prefix does not match a longer partner ID.
  EXPECT_FALSE(alertTopic("DCCG2", "high").starts_with(alertTopicPrefix("DCCG")));
  EXPECT_FALSE(heartbeatTopic("DCCG2").starts_with(heartbeatTopic("DCCG")));
}

TEST(SequenceBook, NumbersEachChannelWithoutGapsFromOne) {
  SequenceBook book;
  const auto s1 = book.next({"B", "A", "A", "bad/id"});
  EXPECT_EQ(s1.journal, 1u);
  ASSERT_EQ(s1.channels.size(), 2u);
  EXPECT_EQ(s1.channels[0], (std::pair<std::string, std::uint64_t>{"A", 1}));
  EXPECT_EQ(s1.channels[1], (std::pair<std::string, std::uint64_t>{"B", 1}));
  EXPECT_EQ(s1.rejected, std::vector<std::string>{"bad/id"});
  const auto s2 = book.next({});  // released to nobody: journal only
  EXPECT_EQ(s2.journal, 2u);
  EXPECT_TRUE(s2.channels.empty());
  const auto s3 = book.next({"A"});
  EXPECT_EQ(s3.journal, 3u);
  EXPECT_EQ(s3.channels[0].second, 2u);  // A's second event: no gap for the one it did not get
  EXPECT_EQ(book.last("*"), 3u);
  EXPECT_EQ(book.last("A"), 2u);
  EXPECT_EQ(book.last("B"), 1u);
  EXPECT_EQ(book.last("C"), 0u);
}

TEST(JournalEntry, ChannelCopiesCarryTheirOwnSequenceOnly) {
  SequenceBook book;
  (void)book.next({"A"});
  v1::Alert a = event("x-1", v1::ALERT_STATE_OPEN, {"A", "B"});
  stampEntry(book.next({"A", "B"}), a);
  EXPECT_EQ(a.journal_sequence(), 2u);
  EXPECT_EQ(a.stream_sequence(), 2u);
  EXPECT_EQ(a.channel(), "*");
  EXPECT_EQ(sequenceOn(a, "A"), 2u);
  EXPECT_EQ(sequenceOn(a, "B"), 1u);
  EXPECT_EQ(sequenceOn(a, "C"), 0u);
  const auto b = channelCopy(a, "B");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->stream_sequence(), 1u);
  EXPECT_EQ(b->header().sequence(), 1u);
  EXPECT_EQ(b->journal_sequence(), 2u);
  EXPECT_EQ(b->channel(), "B");
  EXPECT_EQ(b->channel_sequences_size(), 0);  // B does not learn A's numbering
  EXPECT_EQ(b->alert_id(), "x-1");
  EXPECT_FALSE(channelCopy(a, "C").has_value());
  const auto all = channelCopy(a, "*");
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->channel_sequences_size(), 2);
}

TEST(JournalEntry, RestartClosureClosesWithTheSameReleasability) {
  v1::Alert last = event("x-1", v1::ALERT_STATE_UPDATED, {"A", "B"});
  SequenceBook book;
  stampEntry(book.next({"A", "B"}), last);
  last.add_predicted()->set_time_ns(kT0Ns + 1);
  const v1::Alert c = restartClosure(last, kT0Ns + 5);
  EXPECT_EQ(c.state(), v1::ALERT_STATE_CLOSED);
  EXPECT_EQ(c.reason(), kRestartClosureReason);
  EXPECT_EQ(c.alert_id(), "x-1");
  EXPECT_EQ(c.header().time_ns(), kT0Ns + 5);
  EXPECT_EQ(c.releasable_to_size(), 2);
  EXPECT_EQ(c.predicted_size(), 0);
  EXPECT_EQ(c.journal_sequence(), 0u);  // stamped when journalled
  EXPECT_EQ(c.channel_sequences_size(), 0);
}

TEST(AlertJournal, EmptyDirectoryStartsRunOneAtSequenceZero) {
  TempDir dir;
  const JournalRestore r = readJournal(dir.file("journal"), "unit");
  EXPECT_EQ(r.run, 1u);
  EXPECT_EQ(r.entries, 0u);
  EXPECT_EQ(r.sequences.journalSequence(), 0u);
  EXPECT_TRUE(std::filesystem::is_directory(dir.file("journal")));
}

TEST(AlertJournal, RestartContinuesEverySequenceAndFindsOpenAlerts) {
  // GIVEN a first run that journalled five events of three alerts, one of them closed
  TempDir dir;
  const std::string path = dir.file("journal");
  {
    JournalRestore r = readJournal(path, "unit");
    SequenceBook book = r.sequences;
    AlertJournal journal(options(path), r.run);
    journalled(book, journal, event("a", v1::ALERT_STATE_OPEN, {"A"}));
    journalled(book, journal, event("b", v1::ALERT_STATE_OPEN, {"A", "B"}));
    journalled(book, journal, event("a", v1::ALERT_STATE_CLOSED, {"A"}));
    journalled(book, journal, event("c", v1::ALERT_STATE_OPEN, {}));
    journalled(book, journal, event("b", v1::ALERT_STATE_UPDATED, {"B"}));
    // No close(): the process dies; every flushed event is on disk.
  }
  // WHEN the journal is read again
  JournalRestore r = readJournal(path, "unit");
  // THEN every sequence continues, and the open alerts are b (its last event) and c
  EXPECT_EQ(r.run, 2u);
  EXPECT_EQ(r.entries, 5u);
  EXPECT_TRUE(r.report.clean());
  EXPECT_EQ(r.sequences.journalSequence(), 5u);
  EXPECT_EQ(r.sequences.last("A"), 3u);
  EXPECT_EQ(r.sequences.last("B"), 2u);
  ASSERT_EQ(r.open_alerts.size(), 2u);
  EXPECT_EQ(r.open_alerts[0].alert_id(), "b");
  EXPECT_EQ(r.open_alerts[0].state(), v1::ALERT_STATE_UPDATED);
  EXPECT_EQ(r.open_alerts[0].journal_sequence(), 5u);
  // b's last event went to B only, but A had its opening: the closure must reach both.
  ASSERT_EQ(r.open_alerts[0].releasable_to_size(), 2);
  EXPECT_EQ(r.open_alerts[0].releasable_to(0), "A");
  EXPECT_EQ(r.open_alerts[0].releasable_to(1), "B");
  EXPECT_EQ(r.open_alerts[1].alert_id(), "c");

  // AND a second run writes a new file and numbers on
  SequenceBook book = r.sequences;
  {
    AlertJournal journal(options(path), r.run);
    const v1::Alert e = journalled(book, journal, event("d", v1::ALERT_STATE_OPEN, {"B", "A"}));
    EXPECT_EQ(e.journal_sequence(), 6u);
    EXPECT_EQ(sequenceOn(e, "A"), 4u);
    EXPECT_EQ(sequenceOn(e, "B"), 3u);
    journal.close();
  }
  const JournalRestore r3 = readJournal(path, "unit");
  EXPECT_EQ(r3.run, 3u);
  EXPECT_EQ(r3.files.size(), 2u);
  EXPECT_NE(r3.files[0].find("alerts-r000001-"), std::string::npos) << r3.files[0];
  EXPECT_NE(r3.files[1].find("alerts-r000002-"), std::string::npos) << r3.files[1];
  EXPECT_EQ(r3.sequences.journalSequence(), 6u);
  EXPECT_EQ(r3.open_alerts.size(), 3u);
}

TEST(AlertJournal, TornTailIsReportedAndTheNextRunStartsANewFile) {
  // GIVEN a journal whose last write was cut short (the process died inside write())
  TempDir dir;
  const std::string path = dir.file("journal");
  std::string file;
  {
    SequenceBook book;
    AlertJournal journal(options(path), 1);
    journalled(book, journal, event("a", v1::ALERT_STATE_OPEN, {"A"}));
    journalled(book, journal, event("b", v1::ALERT_STATE_OPEN, {"A"}));
    file = journal.files().at(0);
  }
  std::filesystem::resize_file(file, std::filesystem::file_size(file) - 10);
  // WHEN it is read
  JournalRestore r = readJournal(path, "unit");
  // THEN the torn event is reported and not counted (it was never published); the rest is
  EXPECT_EQ(r.entries, 1u);
  EXPECT_EQ(r.report.torn_tails.size(), 1u);
  EXPECT_EQ(r.sequences.journalSequence(), 1u);
  EXPECT_EQ(r.sequences.last("A"), 1u);
  // AND the next run numbers on from the last whole entry, in a new file
  SequenceBook book = r.sequences;
  {
    AlertJournal journal(options(path), r.run);
    const v1::Alert e = journalled(book, journal, event("c", v1::ALERT_STATE_OPEN, {"A"}));
    EXPECT_EQ(e.journal_sequence(), 2u);
    EXPECT_EQ(sequenceOn(e, "A"), 2u);
    EXPECT_NE(journal.files().at(0), file);
  }
  const JournalRestore again = readJournal(path, "unit");
  EXPECT_EQ(again.entries, 2u);
  EXPECT_EQ(again.sequences.journalSequence(), 2u);
}

TEST(AlertJournal, AnotherInstancesJournalIsRefused) {
  TempDir dir;
  const std::string path = dir.file("journal");
  {
    SequenceBook book;
    AlertJournal journal(options(path), 1);
    journalled(book, journal, event("a", v1::ALERT_STATE_OPEN, {"A"}));
  }
  EXPECT_THROW((void)readJournal(path, "other"), std::runtime_error);
}

TEST(AlertJournal, RotatesFilesAtTheSizeLimit) {
  TempDir dir;
  const std::string path = dir.file("journal");
  AlertJournalOptions o = options(path);
  o.max_file_bytes = 600;  // a few events per file
  SequenceBook book;
  {
    AlertJournal journal(o, 1);
    for (int i = 0; i < 12; ++i) {
      journalled(book, journal, event(std::string("a").append(std::to_string(i)), v1::ALERT_STATE_OPEN, {"A"}));
    }
    EXPECT_GT(journal.files().size(), 2u);
  }
  const JournalRestore r = readJournal(path, "unit");
  EXPECT_EQ(r.entries, 12u);
  EXPECT_EQ(r.sequences.last("A"), 12u);
}

const std::string kMinimalConfig =
    "instance_id: unit\n"
    "sensors: [{id: r, kind: coastal_radar, max_range_m: 50000}]\n";

std::string allErrors(const std::string& yaml) {
  try {
    (void)parseConfig(yaml);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(AlertJournalConfig, KeysAreReadWithDefaultsAndChecked) {
  const FusiondConfig d = parseConfig(kMinimalConfig + "partners: {default: {id: P, name: p}}\n");
  EXPECT_TRUE(d.journal.directory.empty());
  EXPECT_FALSE(d.journal.fsync);
  EXPECT_EQ(d.journal.max_file_bytes, 64ull << 20);
  EXPECT_EQ(d.journal.recovery_max_events, 1000u);
  EXPECT_EQ(d.endpoints.alert_recovery.address, "tcp://127.0.0.1:5553");

  const FusiondConfig c = parseConfig(
      kMinimalConfig +
      "partners: {default: {id: P, name: p}}\n"
      "endpoints: {alert_recovery: 'tcp://127.0.0.1:*'}\n"
      "journal: {directory: /tmp/j, fsync: true, max_file_bytes: 1048576, "
      "recovery_max_events: 50}\n");
  EXPECT_EQ(c.journal.directory, "/tmp/j");
  EXPECT_TRUE(c.journal.fsync);
  EXPECT_EQ(c.journal.max_file_bytes, 1048576u);
  EXPECT_EQ(c.journal.recovery_max_events, 50u);
  EXPECT_EQ(c.endpoints.alert_recovery.address, "tcp://127.0.0.1:*");
  EXPECT_NE(describeConfig(c).find("alert_recovery"), std::string::npos);
  EXPECT_NE(describeConfig(c).find("/tmp/j"), std::string::npos);

  const std::string errors = allErrors(
      kMinimalConfig +
      "partners: {default: {id: 'bad/id', name: p}}\n"
      "endpoints: {alert_recovery: 'nowhere'}\n"
      "journal: {fsync: maybe, max_file_bytes: 10, recovery_max_events: 0, sync: true}\n");
  EXPECT_NE(errors.find("endpoints.alert_recovery: 'nowhere' is not a ZeroMQ endpoint"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("journal.fsync: expected true or false"), std::string::npos) << errors;
  EXPECT_NE(errors.find("journal.max_file_bytes: 10 is outside"), std::string::npos) << errors;
  EXPECT_NE(errors.find("journal.recovery_max_events: 0 is outside"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("journal.sync: unknown key"), std::string::npos) << errors;
  EXPECT_NE(errors.find("'bad/id' cannot name an alert channel"),
            std::string::npos)
      << errors;
}

}  // namespace
}  // namespace picket::io
