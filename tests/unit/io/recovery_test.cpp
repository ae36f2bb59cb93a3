// Alert recovery: "since N" selection from the journal files (across files and runs, bounded
// replies), the request/reply encoding, bad requests, and the ROUTER/DEALER framing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/alert_journal.hpp"
#include "io/transport.hpp"
#include "support/process.hpp"

namespace picket::io {
namespace {

using picket::testing::TempDir;

constexpr std::int64_t kT0Ns = 1'772'366'400LL * 1'000'000'000LL;

/// Journals `n` events; event i is releasable to A when i is even, to B when i % 3 == 0.
void writeEvents(const std::string& dir, SequenceBook& book, std::uint64_t run, int from, int n,
                 std::uint64_t max_file_bytes = 64ull << 20) {
  AlertJournalOptions o;
  o.directory = dir;
  o.instance_id = "unit";
  o.max_file_bytes = max_file_bytes;
  AlertJournal journal(o, run);
  for (int i = from; i < from + n; ++i) {
    v1::Alert a;
    a.set_alert_id("alert-" + std::to_string(i));
    a.set_state(v1::ALERT_STATE_OPEN);
    if (i % 2 == 0) a.add_releasable_to("A");
    if (i % 3 == 0) a.add_releasable_to("B");
    stampEntry(book.next({a.releasable_to().begin(), a.releasable_to().end()}), a);
    journal.append(a, core::Timestamp{kT0Ns + i});
    journal.flush();
  }
}

std::string request(const std::string& channel, std::uint64_t since, std::uint32_t max = 0,
                    std::uint64_t sequence = 9) {
  v1::AlertRecoveryRequest r;
  r.mutable_header()->set_source_id("test");
  r.mutable_header()->set_sequence(sequence);
  r.set_channel(channel);
  r.set_since_sequence(since);
  r.set_max_events(max);
  return r.SerializeAsString();
}

std::vector<std::uint64_t> sequences(const RecoveryAnswer& a) {
  std::vector<std::uint64_t> out;
  for (const auto& r : a.replies) {
    if (r.has_alert()) out.push_back(r.alert().stream_sequence());
  }
  return out;
}

TEST(Recovery, SinceNGivesEveryLaterEventOfTheChannelThenAnEnd) {
  TempDir dir;
  SequenceBook book;
  writeEvents(dir.path(), book, 1, 0, 12);  // A: events 0,2,..,10 (6); B: 0,3,6,9 (4)
  JournalSource source(dir.path());
  const RecoveryAnswer a = answerRecovery(request("A", 2), &source, 1000);
  EXPECT_FALSE(a.bad_request);
  EXPECT_EQ(sequences(a), (std::vector<std::uint64_t>{3, 4, 5, 6}));
  for (const auto& r : a.replies) {
    EXPECT_EQ(r.request_sequence(), 9u);
    if (!r.has_alert()) continue;
    EXPECT_EQ(r.alert().channel(), "A");
    EXPECT_EQ(r.alert().channel_sequences_size(), 0);
  }
  // Event i = 2 * (sequence - 1) for A: the right events, in order.
  EXPECT_EQ(a.replies[0].alert().alert_id(), "alert-4");
  ASSERT_TRUE(a.replies.back().has_end());
  EXPECT_EQ(a.replies.back().end().last_sequence(), 6u);
  EXPECT_EQ(a.replies.back().end().events(), 4u);
  EXPECT_TRUE(a.replies.back().end().complete());

  const RecoveryAnswer b = answerRecovery(request("B", 0), &source, 1000);
  EXPECT_EQ(sequences(b), (std::vector<std::uint64_t>{1, 2, 3, 4}));
  const RecoveryAnswer all = answerRecovery(request("*", 10), &source, 1000);
  EXPECT_EQ(sequences(all), (std::vector<std::uint64_t>{11, 12}));
  EXPECT_EQ(all.replies[0].alert().channel_sequences_size(), 1);  // event 10: A only
  // Up to date: just the end.
  const RecoveryAnswer none = answerRecovery(request("A", 6), &source, 1000);
  EXPECT_TRUE(sequences(none).empty());
  EXPECT_EQ(none.replies.back().end().last_sequence(), 6u);
  // A partner with no events yet: an empty, complete reply (it may be new).
  const RecoveryAnswer c = answerRecovery(request("C", 0), &source, 1000);
  EXPECT_EQ(c.replies.size(), 1u);
  EXPECT_EQ(c.replies[0].end().last_sequence(), 0u);
}

TEST(Recovery, RepliesAreBoundedAndTheClientAsksAgain) {
  TempDir dir;
  SequenceBook book;
  writeEvents(dir.path(), book, 1, 0, 20);
  JournalSource source(dir.path());
  // The server's limit...
  RecoveryAnswer a = answerRecovery(request("*", 0), &source, 8);
  EXPECT_EQ(sequences(a).size(), 8u);
  EXPECT_FALSE(a.replies.back().end().complete());
  EXPECT_EQ(a.replies.back().end().last_sequence(), 20u);
  // ...or the request's smaller one.
  a = answerRecovery(request("*", 8, 5), &source, 8);
  EXPECT_EQ(sequences(a), (std::vector<std::uint64_t>{9, 10, 11, 12, 13}));
  a = answerRecovery(request("*", 13, 50), &source, 8);
  EXPECT_EQ(sequences(a), (std::vector<std::uint64_t>{14, 15, 16, 17, 18, 19, 20}));
  EXPECT_TRUE(a.replies.back().end().complete());
}

TEST(Recovery, SelectionSpansFilesAndRunsAndSeesNewEvents) {
  // GIVEN two runs, the first rotating through several small files
  TempDir dir;
  SequenceBook book;
  writeEvents(dir.path(), book, 1, 0, 15, 700);
  JournalSource source(dir.path());
  EXPECT_EQ(sequences(answerRecovery(request("A", 0), &source, 1000)).size(), 8u);
  writeEvents(dir.path(), book, 2, 15, 6);
  // WHEN asked again (closed files now come from the source's summaries)
  const RecoveryAnswer a = answerRecovery(request("A", 6), &source, 1000);
  // THEN the events of both runs after 6 come back in order, gap-free
  EXPECT_EQ(sequences(a), (std::vector<std::uint64_t>{7, 8, 9, 10, 11}));
  EXPECT_EQ(a.replies.back().end().last_sequence(), 11u);
  const RecoveryAnswer all = answerRecovery(request("*", 0), &source, 1000);
  ASSERT_EQ(sequences(all).size(), 21u);
  for (std::size_t i = 0; i < 21; ++i) EXPECT_EQ(sequences(all)[i], i + 1);
}

TEST(Recovery, BadRequestsGetAnErrorReplyAndAreCounted) {
  TempDir dir;
  JournalSource source(dir.path());
  RecoveryAnswer a = answerRecovery("\xff\xff\xff garbage", &source, 10);
  EXPECT_TRUE(a.bad_request);
  ASSERT_EQ(a.replies.size(), 1u);
  EXPECT_TRUE(a.replies[0].has_error());
  a = answerRecovery(request("a/b", 0), &source, 10);
  EXPECT_TRUE(a.bad_request);
  EXPECT_NE(a.replies[0].error().find("bad channel"), std::string::npos);
  EXPECT_EQ(a.replies[0].request_sequence(), 9u);
  a = answerRecovery(request("", 0), &source, 10);
  EXPECT_TRUE(a.bad_request);
  // No journal: refused, but the request itself was fine.
  a = answerRecovery(request("A", 0), nullptr, 10);
  EXPECT_FALSE(a.bad_request);
  EXPECT_NE(a.replies[0].error().find("no alert journal"), std::string::npos);
}

TEST(Recovery, RouterAndDealerFramesCarryRequestAndReplies) {
  zmq::context_t context(1);
  SocketFactory sockets(context);
  auto server = sockets.bindRecoveryServer({"inproc://recovery-test"});
  auto client = sockets.connectRecoveryClient({"inproc://recovery-test"});
  v1::AlertRecoveryRequest r;
  r.set_channel("A");
  r.set_since_sequence(3);
  ASSERT_TRUE(sendRequest(client, r));
  auto got = receiveRequest(server, std::chrono::milliseconds(5000));
  ASSERT_TRUE(got.has_value());
  ASSERT_TRUE(got->well_formed);
  v1::AlertRecoveryRequest parsed;
  ASSERT_TRUE(parsed.ParseFromArray(got->payload.data(), static_cast<int>(got->payload.size())));
  EXPECT_EQ(parsed.since_sequence(), 3u);
  v1::AlertRecoveryReply reply;
  reply.mutable_end()->set_last_sequence(4);
  ASSERT_TRUE(sendReply(server, got->identity, reply));
  auto back = receiveReply(client, std::chrono::milliseconds(5000));
  ASSERT_TRUE(back.has_value());
  ASSERT_TRUE(back->well_formed);
  v1::AlertRecoveryReply parsed_reply;
  ASSERT_TRUE(parsed_reply.ParseFromArray(back->payload.data(),
                                          static_cast<int>(back->payload.size())));
  EXPECT_EQ(parsed_reply.end().last_sequence(), 4u);

  // A request without the empty delimiter frame is recognised as malformed.
  ASSERT_TRUE(client.send(zmq::str_buffer("no delimiter"), zmq::send_flags::none));
  got = receiveRequest(server, std::chrono::milliseconds(5000));
  ASSERT_TRUE(got.has_value());
  EXPECT_FALSE(got->well_formed);
}

}  // namespace
}  // namespace picket::io
