// The alert stream loses nothing: fusiond with a journal is killed with SIGKILL while input
// is flowing, restarted on the same journal and ports, and alert-tail followers (real
// processes, one per partner channel, plus a late joiner on the full stream) end up with
// exactly the journal's events: no gap, no duplicate, nothing lost, per channel.
// Synchronisation is by READY lines, heartbeats and the followers' output lines; no sleeps.

#include <filesystem>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "io/alert_journal.hpp"
#include "io/recording_reader.hpp"
#include "io/transport.hpp"
#include "picket/v1/recording.pb.h"
#include "picket/v1/sensors.pb.h"
#include "picket/v1/tracks.pb.h"
#include "support/key_values.hpp"
#include "support/process.hpp"

namespace {

using picket::testing::ChildProcess;
using picket::testing::parseKeyValues;
using picket::testing::TempDir;
using namespace std::chrono_literals;

const std::string kBin = PICKET_BIN_DIR;
const std::string kSource = PICKET_SOURCE_DIR;
constexpr long long kStartNs = 1'772'366'400LL * 1'000'000'000LL;  // 2026-03-01T12:00:00Z
constexpr long long kScanPeriodNs = 10'000'000'000LL;

struct Daemon {
  std::unique_ptr<ChildProcess> process;
  std::map<std::string, std::string> endpoints;
};

Daemon startDaemon(const std::string& config, const std::string& journal,
                   const std::string& stderr_path) {
  Daemon d;
  d.process = std::make_unique<ChildProcess>(
      std::vector<std::string>{kBin + "/fusiond", "--config", config, "--journal-dir", journal,
                               "--exit-after-eos", "1"},
      stderr_path);
  const auto ready = d.process->waitForLinePrefix("READY ", 30s);
  if (!ready) {
    ADD_FAILURE() << "fusiond did not start:\n" << picket::testing::readFile(stderr_path);
    return d;
  }
  d.endpoints = parseKeyValues(*ready);
  return d;
}

/// The test's radar feed: two dark targets seen by radar-aruba every 10 s of data time, both
/// fast enough (29 and 27 kn) to be dark-target cues anywhere. Target 1 runs north-east out of
/// Aruba's territorial sea, target 2 heads in from the north and stays outside it (both in the
/// Aruban EEZ: cued to DCCG; JIATFS-JOC receives everything).
class Feed {
 public:
  Feed(picket::io::SocketFactory& sockets, const std::string& endpoint)
      : socket_(sockets.connectFeedOutput({endpoint})) {}
  bool ready() { return picket::io::waitForSubscriber(socket_, 30s); }

  bool sendScan(int k) {
    picket::v1::FeedMessage m;
    auto* scan = m.mutable_radar_scan();
    scan->mutable_header()->set_source_id("radar-aruba");
    scan->mutable_header()->set_sequence(static_cast<std::uint64_t>(k) + 1);
    scan->mutable_header()->set_time_ns(kStartNs + k * kScanPeriodNs);
    auto* site = scan->mutable_platform()->mutable_fixed_site();
    site->set_lat_deg(12.5167);
    site->set_lon_deg(-69.9667);
    site->set_alt_m(165);
    const double t_s = k * 10.0;
    addPlot(*scan, 20'000 + 15.0 * t_s, 40.0);
    addPlot(*scan, 54'000 - 14.0 * t_s, 335.0);
    return picket::io::sendMessage(socket_, "feed/radar/radar-aruba", m);
  }

  bool sendEnd() {
    picket::v1::FeedMessage end;
    end.mutable_end_of_stream()->mutable_header()->set_source_id("test-feed");
    end.mutable_end_of_stream()->mutable_header()->set_sequence(1);
    end.mutable_end_of_stream()->mutable_header()->set_time_ns(kStartNs);
    return picket::io::sendMessage(socket_, "feed/eos/test-feed", end);
  }

 private:
  static void addPlot(picket::v1::RadarScan& scan, double range_m, double bearing_deg) {
    auto* p = scan.add_plots();
    p->set_range_m(range_m);
    p->set_range_sigma_m(25);
    p->set_bearing_deg(bearing_deg);
    p->set_bearing_sigma_deg(0.3);
  }
  zmq::socket_t socket_;
};

/// An alert-tail process following one channel from the beginning, and what it printed.
struct Follower {
  std::string channel;
  std::unique_ptr<ChildProcess> process;
  std::vector<picket::v1::Alert> received;
  std::string stderr_path;

  Follower(const std::string& ch, const std::string& alerts, const TempDir& dir)
      : channel(ch), stderr_path(dir.file("tail-" + (ch == "*" ? std::string("all") : ch) + ".stderr")) {
    std::vector<std::string> args = {kBin + "/alert-tail", "--connect", alerts, "--since", "0",
                                     "--json", "--until-end", "--timeout-s", "120"};
    if (ch != "*") {
      args.push_back("--partner");
      args.push_back(ch);
    }
    process = std::make_unique<ChildProcess>(args, stderr_path);
  }

  /// Reads output lines until `count` alerts were printed; false on timeout or exit.
  bool awaitCount(std::size_t count, std::chrono::seconds timeout = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (received.size() < count) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      const auto line = process->readLine(left);
      if (!line) return false;
      picket::v1::Alert a;
      if (!google::protobuf::util::JsonStringToMessage(*line, &a).ok()) {
        ADD_FAILURE() << channel << ": not an alert: " << *line;
        continue;
      }
      received.push_back(a);
    }
    return true;
  }

  /// Reads the rest of the output after the process ended.
  void drain() {
    while (auto line = process->readLine(5s)) {
      picket::v1::Alert a;
      if (google::protobuf::util::JsonStringToMessage(*line, &a).ok()) received.push_back(a);
    }
  }
};

/// Every journal entry, in journal order.
std::vector<picket::v1::Alert> readJournalEntries(const std::string& dir) {
  std::vector<picket::v1::Alert> out;
  const auto files = picket::io::listRecordingFiles(dir, "alerts");
  if (files.empty()) return out;
  picket::io::RecordingReader reader(files);
  picket::v1::RecordedMessage record;
  while (reader.next(record)) {
    if (record.has_alert() && record.alert().has_alert()) out.push_back(record.alert().alert());
  }
  return out;
}

/// The channel's copies of the journal's entries.
std::vector<picket::v1::Alert> channelOf(const std::vector<picket::v1::Alert>& journal,
                                         const std::string& channel) {
  std::vector<picket::v1::Alert> out;
  for (const auto& e : journal) {
    if (auto c = picket::io::channelCopy(e, channel)) out.push_back(*c);
  }
  return out;
}

/// The demo config with the endpoints this run got, so that a restart binds the same ports.
std::string fixedPortConfig(const std::map<std::string, std::string>& ep) {
  std::string text = picket::testing::readFile(kSource + "/config/demo.yaml");
  const std::map<std::string, std::string> keys = {{"feeds", "feeds"},
                                                   {"tracks", "tracks"},
                                                   {"alerts", "alerts"},
                                                   {"alert_recovery", "recovery"}};
  for (const auto& [key, ready_key] : keys) {
    const std::string from = "  " + key + ": tcp://127.0.0.1:*";
    const auto at = text.find(from);
    if (at == std::string::npos) {
      ADD_FAILURE() << "demo.yaml has no '" << from << "'";
      continue;
    }
    text.replace(at, from.size(), "  " + key + ": " + ep.at(ready_key));
  }
  return text;
}

TEST(AlertStream, FollowersCatchUpAcrossASigkilledDaemonWithNoGapDuplicateOrLoss) {
  TempDir dir;
  const std::string journal = dir.file("journal");
  zmq::context_t context(1);
  picket::io::SocketFactory sockets(context);

  // GIVEN fusiond with a journal, and one follower per partner channel from sequence 0
  Daemon first = startDaemon(kSource + "/config/demo.yaml", journal, dir.file("fusiond-1.stderr"));
  ASSERT_FALSE(first.endpoints.empty());
  picket::testing::writeFile(dir.file("restart.yaml"), fixedPortConfig(first.endpoints));
  // demo.yaml names its geography files relative to its own directory.
  std::filesystem::create_directory_symlink(kSource + "/config/geo", dir.file("geo"));
  std::vector<std::unique_ptr<Follower>> followers;
  for (const char* partner : {"DCCG", "JIATFS-JOC"}) {
    followers.push_back(std::make_unique<Follower>(partner, first.endpoints["alerts"], dir));
  }

  // This test's own view of the full stream, to know when the first run has published.
  auto stream = sockets.connectStreamInput({first.endpoints["alerts"]}, {"alert/*/", "hb/*/"});
  ASSERT_TRUE(picket::io::receiveMessage(stream, 30000ms).has_value()) << "no heartbeat";
  // Bounded: heartbeats arrive every second, so the loop must also end on a deadline.
  const auto awaitJournalSequence = [&](std::uint64_t n) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto m = picket::io::receiveMessage(stream, 30000ms);
      if (!m) return false;
      picket::v1::AlertStreamMessage msg;
      if (!msg.ParseFromArray(m->payload.data(), static_cast<int>(m->payload.size()))) continue;
      if (msg.has_alert() && msg.alert().journal_sequence() >= n) return true;
    }
    return false;
  };
  const auto awaitFollowers = [&](const std::vector<picket::v1::Alert>& journalled) {
    for (auto& f : followers) {
      const auto want = channelOf(journalled, f->channel).size();
      ASSERT_TRUE(f->awaitCount(want)) << f->channel << " stuck at " << f->received.size()
                                       << " of " << want << "\n"
                                       << picket::testing::readFile(f->stderr_path);
    }
  };

  // WHEN radar data makes alerts: an open per target, then an update per target...
  {
    Feed feed(sockets, first.endpoints["feeds"]);
    ASSERT_TRUE(feed.ready());
    for (int k = 0; k < 50; ++k) ASSERT_TRUE(feed.sendScan(k));
    ASSERT_TRUE(awaitJournalSequence(2));
    ASSERT_NO_FATAL_FAILURE(awaitFollowers(readJournalEntries(journal)));
    for (int k = 50; k < 90; ++k) ASSERT_TRUE(feed.sendScan(k));
    ASSERT_TRUE(awaitJournalSequence(4));
    ASSERT_NO_FATAL_FAILURE(awaitFollowers(readJournalEntries(journal)));
    // ...and fusiond is killed while the scans of the next updates are on their way
    for (int k = 90; k < 145; ++k) ASSERT_TRUE(feed.sendScan(k));
    first.process->signal(SIGKILL);
    ASSERT_EQ(first.process->wait(30s), 128 + SIGKILL);
  }
  const auto before_restart = readJournalEntries(journal);
  ASSERT_FALSE(before_restart.empty());

  // AND it is restarted on the same journal and ports
  Daemon second =
      startDaemon(dir.file("restart.yaml"), journal, dir.file("fusiond-2.stderr"));
  ASSERT_FALSE(second.endpoints.empty());
  EXPECT_EQ(second.endpoints["alerts"], first.endpoints["alerts"]);
  {
    // Its first heartbeat comes after it closed the alerts the first run left open.
    auto hb = sockets.connectStreamInput({second.endpoints["alerts"]}, {"hb/*/"});
    ASSERT_TRUE(picket::io::receiveMessage(hb, 30000ms).has_value()) << "no heartbeat";
  }
  const auto after_restart = readJournalEntries(journal);
  ASSERT_GT(after_restart.size(), before_restart.size()) << "no restart closure";
  // The followers catch up with everything journalled so far (the closures are published as
  // the daemon starts, usually before the followers have reconnected: recovery fills that in).
  ASSERT_NO_FATAL_FAILURE(awaitFollowers(after_restart));
  // AND a late joiner follows the full stream from the beginning
  followers.push_back(std::make_unique<Follower>("*", second.endpoints["alerts"], dir));
  ASSERT_TRUE(followers.back()->awaitCount(after_restart.size()))
      << picket::testing::readFile(followers.back()->stderr_path);

  // AND the targets keep going, so that the new run raises alerts of its own
  {
    Feed feed(sockets, second.endpoints["feeds"]);
    ASSERT_TRUE(feed.ready());
    for (int k = 145; k < 200; ++k) ASSERT_TRUE(feed.sendScan(k));
    ASSERT_TRUE(feed.sendEnd());
    ASSERT_EQ(second.process->wait(60s), 0) << picket::testing::readFile(dir.file("fusiond-2.stderr"));
  }
  for (auto& f : followers) {
    ASSERT_EQ(f->process->wait(60s), 0) << f->channel << "\n"
                                        << picket::testing::readFile(f->stderr_path);
    f->drain();
  }

  // THEN each follower printed exactly its channel's journalled events, in order, once
  const auto all = readJournalEntries(journal);
  bool closed_on_restart = false;
  bool opened_by_second_run = false;
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].journal_sequence(), i + 1) << "journal sequence gap";
    if (all[i].state() == picket::v1::ALERT_STATE_CLOSED &&
        all[i].reason() == picket::io::kRestartClosureReason) {
      closed_on_restart = true;
    }
    if (all[i].state() == picket::v1::ALERT_STATE_OPEN &&
        all[i].alert_id().find("-r2-") != std::string::npos) {
      opened_by_second_run = true;
    }
  }
  EXPECT_TRUE(closed_on_restart) << "the alert open at the kill was not closed on restart";
  EXPECT_TRUE(opened_by_second_run) << "the second run raised no alert";
  for (const auto& f : followers) {
    const auto want = channelOf(all, f->channel);
    ASSERT_FALSE(want.empty()) << f->channel;
    ASSERT_EQ(f->received.size(), want.size()) << f->channel << "\n"
                                                << picket::testing::readFile(f->stderr_path);
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(f->received[i].stream_sequence(), i + 1) << f->channel;
      EXPECT_EQ(f->received[i].journal_sequence(), want[i].journal_sequence()) << f->channel;
      EXPECT_EQ(f->received[i].alert_id(), want[i].alert_id()) << f->channel;
      EXPECT_EQ(f->received[i].state(), want[i].state()) << f->channel;
      EXPECT_EQ(f->received[i].channel(), f->channel);
    }
  }
  // JIATFS-JOC receives everything, DCCG what is cued in Dutch waters. With the shipped zones
  // both targets are in the Aruban EEZ, so the two channels may carry the same events; that
  // a channel numbers only its own events is the unit tests' (alert_journal_test).
  EXPECT_LE(channelOf(all, "DCCG").size(), channelOf(all, "JIATFS-JOC").size());
}

TEST(AlertStream, MalformedRecoveryRequestsAreAnsweredAndCounted) {
  TempDir dir;
  Daemon d = startDaemon(kSource + "/config/demo.yaml", dir.file("journal"),
                         dir.file("fusiond.stderr"));
  ASSERT_FALSE(d.endpoints.empty());
  zmq::context_t context(1);
  picket::io::SocketFactory sockets(context);
  auto client = sockets.connectRecoveryClient({d.endpoints["recovery"]});
  // Garbage bytes, a bad channel, then a good request: every one gets an answer.
  const auto answer = [&]() {
    picket::v1::AlertRecoveryReply r;
    auto reply = picket::io::receiveReply(client, 30000ms);
    EXPECT_TRUE(reply.has_value());
    if (reply) {
      EXPECT_TRUE(r.ParseFromArray(reply->payload.data(), static_cast<int>(reply->payload.size())));
    }
    return r;
  };
  zmq::pollitem_t out{client.handle(), 0, ZMQ_POLLOUT, 0};
  ASSERT_EQ(zmq::poll(&out, 1, std::chrono::milliseconds(30000)), 1);
  ASSERT_TRUE(client.send(zmq::message_t(), zmq::send_flags::sndmore));
  ASSERT_TRUE(client.send(zmq::str_buffer("\xff\xff not a request"), zmq::send_flags::none));
  EXPECT_TRUE(answer().has_error());
  picket::v1::AlertRecoveryRequest req;
  req.set_channel("no/such");
  ASSERT_TRUE(picket::io::sendRequest(client, req));
  EXPECT_TRUE(answer().has_error());
  req.set_channel("DCCG");
  ASSERT_TRUE(picket::io::sendRequest(client, req));
  const auto end = answer();
  ASSERT_TRUE(end.has_end());
  EXPECT_EQ(end.end().last_sequence(), 0u);

  d.process->signal(SIGTERM);
  ASSERT_EQ(d.process->wait(30s), 0);
  const std::string log = picket::testing::readFile(dir.file("fusiond.stderr"));
  EXPECT_NE(log.find("alerts.recovery_requests=3"), std::string::npos) << log;
  EXPECT_NE(log.find("alerts.recovery_bad_requests=2"), std::string::npos) << log;
}

}  // namespace
