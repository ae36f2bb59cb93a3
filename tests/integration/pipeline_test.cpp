// End-to-end: fusiond, sensors-sim and the alert stream as real processes over loopback
// ZeroMQ with ephemeral ports. Synchronisation is by explicit messages only (fusiond's READY
// line, the alert stream's heartbeat, end-of-stream), never by sleeping.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "geo/wgs84.hpp"
#include "io/transport.hpp"
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
// A fixed scenario start (2026-03-01T12:00:00Z) so every run is the same.
constexpr long long kStartNs = 1'772'366'400LL * 1'000'000'000LL;

struct TruthSample {
  long long time_ns;
  std::string platform;
  std::string klass;
  bool illicit;
  double lat_deg;
  double lon_deg;
  unsigned mmsi;
};

std::vector<TruthSample> readTruth(const std::string& path) {
  std::vector<TruthSample> out;
  std::istringstream in(picket::testing::readFile(path));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(cell);
    if (f.size() < 10) continue;
    out.push_back({std::stoll(f[0]), f[1], f[2], f[3] == "1", std::stod(f[4]), std::stod(f[5]),
                   static_cast<unsigned>(std::stoul(f[9].empty() ? "0" : f[9]))});
  }
  return out;
}

/// Distance from a point to the nearest truth sample of a platform within 30 s of `time_ns`.
double distanceToPlatform(const std::vector<TruthSample>& truth, const std::string& platform,
                          long long time_ns, double lat, double lon) {
  double best = 1e12;
  for (const auto& s : truth) {
    if (s.platform != platform || std::llabs(s.time_ns - time_ns) > 30'000'000'000LL) continue;
    best = std::min(best, picket::geo::geodesicInverse({lat, lon, 0}, {s.lat_deg, s.lon_deg, 0})
                              .distance_m);
  }
  return best;
}

/// fusiond started on the demo config, with its endpoints.
struct Daemon {
  std::unique_ptr<ChildProcess> process;
  std::map<std::string, std::string> endpoints;
};

Daemon startDaemon(const TempDir& dir, const std::vector<std::string>& extra_args) {
  std::vector<std::string> args = {kBin + "/fusiond", "--config", kSource + "/config/demo.yaml"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  Daemon d;
  d.process = std::make_unique<ChildProcess>(args, dir.file("fusiond.stderr"));
  const auto ready = d.process->waitForLinePrefix("READY ", 30s);
  if (!ready) {
    ADD_FAILURE() << "fusiond did not start:\n" << picket::testing::readFile(dir.file("fusiond.stderr"));
    return d;
  }
  d.endpoints = parseKeyValues(*ready);
  return d;
}

/// Waits for a heartbeat on the alert stream: after it, the subscription is live.
bool awaitHeartbeat(zmq::socket_t& sub) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto m = picket::io::receiveMessage(sub, 1000ms);
    if (m && m->topic.rfind("hb/", 0) == 0) return true;
  }
  return false;
}

class PipelineSeed : public ::testing::TestWithParam<int> {};

TEST_P(PipelineSeed, DarkGoFastRaisesDarkTargetAlertAndAisShipsDoNot) {
  // GIVEN fusiond on the demo config, with this test subscribed to its alert and track streams
  TempDir dir;
  Daemon daemon = startDaemon(dir, {"--exit-after-eos", "1"});
  ASSERT_TRUE(daemon.process);
  ASSERT_FALSE(daemon.endpoints.empty());
  zmq::context_t context(1);
  picket::io::SocketFactory sockets(context);
  // The full stream ("*"): every alert once, numbered by the journal sequence.
  auto alerts = sockets.connectStreamInput({daemon.endpoints["alerts"]}, {"alert/*/", "hb/*/", "end"});
  auto tracks = sockets.connectStreamInput({daemon.endpoints["tracks"]}, {"track/", "end"});
  ASSERT_TRUE(awaitHeartbeat(alerts)) << "no heartbeat from fusiond";

  // WHEN the built-in scenario is played as fast as possible
  ChildProcess sim({kBin + "/sensors-sim", "--connect", daemon.endpoints["feeds"], "--speed", "max",
                    "--seed", std::to_string(GetParam()), "--start-time-ns", std::to_string(kStartNs), "--truth-csv",
                    dir.file("truth.csv"), "--quiet"},
                   dir.file("sim.stderr"));

  std::vector<picket::v1::Alert> received;
  std::map<unsigned, int> track_messages_by_mmsi;
  std::map<unsigned, std::string> names_by_mmsi;
  bool alert_end = false;
  bool track_end = false;
  const auto deadline = std::chrono::steady_clock::now() + 240s;
  zmq::pollitem_t items[] = {{alerts.handle(), 0, ZMQ_POLLIN, 0}, {tracks.handle(), 0, ZMQ_POLLIN, 0}};
  while (!(alert_end && track_end) && std::chrono::steady_clock::now() < deadline) {
    zmq::poll(items, 2, 1000ms);
    while (auto m = picket::io::receiveMessage(alerts, 0ms)) {
      picket::v1::AlertStreamMessage msg;
      ASSERT_TRUE(msg.ParseFromArray(m->payload.data(), static_cast<int>(m->payload.size())));
      if (msg.has_alert()) received.push_back(msg.alert());
      if (msg.has_end_of_stream()) alert_end = true;
    }
    while (auto m = picket::io::receiveMessage(tracks, 0ms)) {
      picket::v1::TrackStreamMessage msg;
      ASSERT_TRUE(msg.ParseFromArray(m->payload.data(), static_cast<int>(m->payload.size())));
      if (msg.has_end_of_stream()) track_end = true;
      if (msg.has_track() && msg.track().identity().mmsi() != 0) {
        ++track_messages_by_mmsi[msg.track().identity().mmsi()];
        if (!msg.track().identity().name().empty()) {
          names_by_mmsi[msg.track().identity().mmsi()] = msg.track().identity().name();
        }
      }
    }
  }
  ASSERT_TRUE(alert_end && track_end) << "fusiond did not end its streams\n"
                                      << picket::testing::readFile(dir.file("fusiond.stderr"));
  ASSERT_EQ(sim.wait(60s), 0) << picket::testing::readFile(dir.file("sim.stderr"));
  ASSERT_EQ(daemon.process->wait(60s), 0) << picket::testing::readFile(dir.file("fusiond.stderr"));
  const auto summary = daemon.process->waitForLinePrefix("SUMMARY ", 5s);

  // THEN the go-fast raised a dark-target alert near its true position
  const auto truth = readTruth(dir.file("truth.csv"));
  ASSERT_FALSE(truth.empty());
  std::set<std::string> illicit;
  std::map<std::string, unsigned> merchants;
  for (const auto& s : truth) {
    if (s.illicit) illicit.insert(s.platform);
    if (s.mmsi != 0) merchants[s.platform] = s.mmsi;
  }
  ASSERT_EQ(illicit.size(), 1u);
  ASSERT_GE(merchants.size(), 3u);
  const std::string gofast = *illicit.begin();

  int gofast_opens = 0;
  int gofast_rule_opens = 0;
  for (const auto& a : received) {
    // The go-fast is dark (dark_target), runs at 45 kn (go_fast) and, a suspect, enters the
    // Aruban EEZ and territorial sea (zone_entry); nothing else is suspect.
    ASSERT_TRUE(a.rule() == "dark_target" || a.rule() == "go_fast" || a.rule() == "zone_entry")
        << a.rule();
    const auto& p = a.track().position();
    const double to_gofast =
        distanceToPlatform(truth, gofast, a.header().time_ns(), p.lat_deg(), p.lon_deg());
    if (a.state() == picket::v1::ALERT_STATE_OPEN) {
      if (to_gofast < 1500.0 && a.rule() == "dark_target") ++gofast_opens;
      if (to_gofast < 1500.0 && a.rule() == "go_fast") ++gofast_rule_opens;
      // AND no alert points at an AIS ship
      for (const auto& [platform, mmsi] : merchants) {
        EXPECT_GT(distanceToPlatform(truth, platform, a.header().time_ns(), p.lat_deg(), p.lon_deg()),
                  1500.0)
            << "dark-target alert " << a.alert_id() << " is on AIS ship " << platform;
      }
      EXPECT_FALSE(a.partners().empty());
      EXPECT_EQ(a.predicted_size(), 3);
      EXPECT_GT(a.confidence(), 0.0);
    }
  }
  EXPECT_EQ(gofast_opens, 1) << "expected exactly one dark-target alert for the go-fast";
  EXPECT_EQ(gofast_rule_opens, 1) << "expected exactly one go-fast alert for the go-fast";
  // Alert stream sequence numbers are gap-free from 1 (no journal: each run starts at 1).
  for (std::size_t i = 0; i < received.size(); ++i) {
    EXPECT_EQ(received[i].stream_sequence(), i + 1);
  }
  // AND the AIS ships are tracked under their MMSIs, with their names from static data.
  for (const auto& [platform, mmsi] : merchants) {
    EXPECT_GT(track_messages_by_mmsi[mmsi], 10) << platform << " MMSI " << mmsi;
    EXPECT_FALSE(names_by_mmsi[mmsi].empty()) << platform << " MMSI " << mmsi;
  }
  ASSERT_TRUE(summary.has_value());
  const auto kv = parseKeyValues(*summary);
  EXPECT_EQ(kv.at("rejected"), "0");
  EXPECT_GT(std::stoll(kv.at("messages_accepted")), 100);
}

// Three seeds: different noise, detections and clutter, the same verdict.
INSTANTIATE_TEST_SUITE_P(Seeds, PipelineSeed, ::testing::Values(1, 7, 9));

TEST(Pipeline, MalformedAndOutOfRangeInputIsCountedNotFatal) {
  // GIVEN fusiond
  TempDir dir;
  Daemon daemon = startDaemon(dir, {"--exit-after-eos", "1"});
  ASSERT_FALSE(daemon.endpoints.empty());
  zmq::context_t context(1);
  picket::io::SocketFactory sockets(context);
  auto feed = sockets.connectFeedOutput({daemon.endpoints["feeds"]});
  ASSERT_TRUE(picket::io::waitForSubscriber(feed, 30s));

  // WHEN it is sent garbage, a one-frame message, NaNs, an unknown sender and an absurd time
  ASSERT_TRUE(feed.send(zmq::str_buffer("feed/radar/x"), zmq::send_flags::sndmore));
  ASSERT_TRUE(feed.send(zmq::str_buffer("\xff\xff\xff not protobuf"), zmq::send_flags::none));
  ASSERT_TRUE(feed.send(zmq::str_buffer("lonely-frame"), zmq::send_flags::none));
  std::uint64_t seq = 0;
  auto radar = [&](double range_m, long long time_ns, const std::string& source) {
    picket::v1::FeedMessage m;
    auto* scan = m.mutable_radar_scan();
    scan->mutable_header()->set_source_id(source);
    scan->mutable_header()->set_sequence(++seq);
    scan->mutable_header()->set_time_ns(time_ns);
    auto* site = scan->mutable_platform()->mutable_fixed_site();
    site->set_lat_deg(12.5167);
    site->set_lon_deg(-69.9667);
    site->set_alt_m(165);
    auto* plot = scan->add_plots();
    plot->set_range_m(range_m);
    plot->set_range_sigma_m(25);
    plot->set_bearing_deg(300);
    plot->set_bearing_sigma_deg(0.3);
    return m;
  };
  ASSERT_TRUE(picket::io::sendMessage(feed, "feed/radar/radar-aruba", radar(std::nan(""), kStartNs, "radar-aruba")));
  ASSERT_TRUE(picket::io::sendMessage(feed, "feed/radar/ghost", radar(1000, kStartNs, "ghost")));
  ASSERT_TRUE(picket::io::sendMessage(feed, "feed/radar/radar-aruba", radar(1000, 5, "radar-aruba")));
  ASSERT_TRUE(picket::io::sendMessage(feed, "feed/radar/radar-aruba", radar(-4, kStartNs, "radar-aruba")));
  ASSERT_TRUE(picket::io::sendMessage(feed, "feed/radar/radar-aruba", radar(20000, kStartNs, "radar-aruba")));
  picket::v1::FeedMessage end;
  end.mutable_end_of_stream()->mutable_header()->set_source_id("test");
  end.mutable_end_of_stream()->mutable_header()->set_sequence(1);
  end.mutable_end_of_stream()->mutable_header()->set_time_ns(kStartNs);
  ASSERT_TRUE(picket::io::sendMessage(feed, "feed/eos/test", end));

  // THEN it survives, counts each rejection by reason, and exits cleanly
  ASSERT_EQ(daemon.process->wait(60s), 0) << picket::testing::readFile(dir.file("fusiond.stderr"));
  const auto summary = daemon.process->waitForLinePrefix("SUMMARY ", 5s);
  ASSERT_TRUE(summary.has_value());
  const auto kv = parseKeyValues(*summary);
  EXPECT_EQ(kv.at("rejected"), "6");
  EXPECT_EQ(kv.at("scans"), "3");  // scans whose only plot was refused still count
  const std::string log = picket::testing::readFile(dir.file("fusiond.stderr"));
  for (const char* reason : {"rejected.malformed=1", "rejected.bad_frame=1", "rejected.non_finite=1",
                             "rejected.unknown_source=1", "rejected.absurd_time=1",
                             "rejected.out_of_range=1"}) {
    EXPECT_NE(log.find(reason), std::string::npos) << reason << " not in\n" << log;
  }
}

TEST(Pipeline, SigtermShutsDownCleanlyWithCounters) {
  TempDir dir;
  Daemon daemon = startDaemon(dir, {});
  ASSERT_FALSE(daemon.endpoints.empty());
  daemon.process->signal(SIGTERM);
  ASSERT_EQ(daemon.process->wait(30s), 0);
  EXPECT_TRUE(daemon.process->waitForLinePrefix("SUMMARY ", 5s).has_value());
  const std::string log = picket::testing::readFile(dir.file("fusiond.stderr"));
  EXPECT_NE(log.find("received SIGTERM"), std::string::npos);
  EXPECT_NE(log.find("final counters"), std::string::npos);
}

TEST(Pipeline, BadConfigIsRefusedWithAClearMessage) {
  TempDir dir;
  picket::testing::writeFile(dir.file("bad.yaml"),
                             "instance_id: x\nsensors: []\ntracker: {gate_probability: 2}\n"
                             "trakcer: {}\n");
  ChildProcess p({kBin + "/fusiond", "--config", dir.file("bad.yaml")}, dir.file("stderr"));
  EXPECT_EQ(p.wait(30s), 1);
  const std::string err = picket::testing::readFile(dir.file("stderr"));
  EXPECT_NE(err.find("sensors: expected a non-empty list"), std::string::npos) << err;
  EXPECT_NE(err.find("tracker.gate_probability"), std::string::npos) << err;
  EXPECT_NE(err.find("trakcer: unknown key"), std::string::npos) << err;
  EXPECT_NE(err.find("partners: required"), std::string::npos) << err;
}

}  // namespace
