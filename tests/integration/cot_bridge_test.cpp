// cot-bridge end to end: fusiond and sensors-sim (or a scripted fusiond) -> cot-bridge -> a UDP
// or TCP listener in this test on 127.0.0.1. Every event that arrives is parsed as XML and
// checked against the CoT 2.0 schema's required attributes; the GeoJSON snapshot is parsed
// back. Traffic goes to loopback only, never to a multicast group. No sleeps: the test waits on
// READY lines, exits and the events it counts.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "io/transport.hpp"
#include "picket/v1/tracks.pb.h"
#include "support/process.hpp"

namespace {

using picket::testing::ChildProcess;
using picket::testing::TempDir;
using namespace std::chrono_literals;

const std::string kBin = PICKET_BIN_DIR;
const std::string kSource = PICKET_SOURCE_DIR;
constexpr long long kStartNs = 1'772'366'400LL * 1'000'000'000LL;  // 2026-03-01T12:00:00Z

/// The value of `key` in a "WORD key=value key=value ..." line ("" when absent).
std::string valueOf(const std::string& line, const std::string& key) {
  const std::string needle = " " + key + "=";
  const auto at = line.find(needle);
  if (at == std::string::npos) return "";
  const auto begin = at + needle.size();
  return line.substr(begin, line.find(' ', begin) - begin);
}

/// Receives CoT on 127.0.0.1: UDP datagrams (one event each) or TCP streams (events back to
/// back, over any number of successive connections). A thread collects until stop().
class Listener {
 public:
  enum class Kind { Udp, Tcp };
  explicit Listener(Kind kind) : kind_(kind) {
    fd_ = ::socket(AF_INET, kind == Kind::Udp ? SOCK_DGRAM : SOCK_STREAM, 0);
    const int big = 8 << 20;
    // Room for a burst of datagrams (FORCE needs privileges; the plain option is the fallback).
    if (::setsockopt(fd_, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big) != 0) {
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    }
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("bind");
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    if (kind == Kind::Tcp && ::listen(fd_, 4) != 0) throw std::runtime_error("listen");
    thread_ = std::thread([this] { kind_ == Kind::Udp ? runUdp() : runTcp(); });
  }
  ~Listener() {
    stop();
    ::close(fd_);
  }

  [[nodiscard]] std::string url() const {
    return std::string(kind_ == Kind::Udp ? "udp" : "tcp") + "://127.0.0.1:" + std::to_string(port_);
  }

  /// Closes the first TCP connection as soon as one event has arrived on it.
  void dropFirstConnectionAfterOneEvent() { drop_first_ = true; }

  /// Waits until at least `n` events have arrived; false on timeout.
  bool waitForEvents(std::size_t n, std::chrono::seconds timeout) {
    std::unique_lock lock(mutex_);
    return arrived_.wait_for(lock, timeout, [&] { return events_.size() >= n; });
  }

  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
  }

  /// Events in arrival order, with the index (from 0) of the TCP connection that carried each.
  [[nodiscard]] std::vector<std::pair<std::string, int>> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }
  [[nodiscard]] int connections() const { return connections_; }

 private:
  void add(std::string event, int connection) {
    std::lock_guard lock(mutex_);
    events_.emplace_back(std::move(event), connection);
    arrived_.notify_all();
  }

  void runUdp() {
    std::vector<char> buf(65536);
    while (true) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) {
        if (stopping_) return;
        continue;
      }
      const ssize_t n = ::recv(fd_, buf.data(), buf.size(), 0);
      if (n > 0) add(std::string(buf.data(), static_cast<std::size_t>(n)), 0);
    }
  }

  void runTcp() {
    while (!stopping_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      const int index = connections_++;
      std::string pending;
      char buf[8192];
      bool open = true;
      while (open) {
        pollfd q{c, POLLIN, 0};
        if (::poll(&q, 1, 50) <= 0) {
          if (stopping_) break;
          continue;
        }
        const ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        pending.append(buf, static_cast<std::size_t>(n));
        // Split the stream after each </event>.
        for (auto end = pending.find("</event>"); end != std::string::npos;
             end = pending.find("</event>")) {
          std::string event = pending.substr(0, end + 8);
          pending.erase(0, end + 8);
          const auto first = event.find_first_not_of(" \r\n\t");
          event = event.substr(first == std::string::npos ? 0 : first);
          if (drop_first_ && index == 0) {
            // Closed before the event is counted, so a test that waits for it knows the
            // connection is gone.
            ::close(c);
            c = -1;
            add(std::move(event), index);
            open = false;
            break;
          }
          add(std::move(event), index);
        }
      }
      if (c >= 0) ::close(c);
    }
  }

  Kind kind_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> drop_first_{false};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<std::pair<std::string, int>> events_;
};

struct ParsedEvent {
  std::string uid, type, how, time, start, stale, remarks, link_uid;
  double lat = 0, lon = 0;
};

/// Parses one event and checks the CoT 2.0 required attributes (Event-PUBLIC.xsd) and their
/// formats; a failure names the event.
ParsedEvent parseEvent(const std::string& xml) {
  ParsedEvent out;
  pugi::xml_document doc;
  const auto r = doc.load_string(xml.c_str());
  EXPECT_TRUE(r) << r.description() << ":\n" << xml;
  if (!r) return out;
  const auto e = doc.child("event");
  EXPECT_TRUE(e) << xml;
  static const std::regex kTime(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)");
  static const std::regex kNumber(R"(-?\d+(\.\d+)?)");
  for (const char* a : {"version", "uid", "type", "time", "start", "stale", "how"}) {
    EXPECT_TRUE(e.attribute(a)) << "no " << a << " in " << xml;
  }
  EXPECT_STREQ(e.attribute("version").value(), "2.0");
  for (const char* a : {"time", "start", "stale"}) {
    EXPECT_TRUE(std::regex_match(e.attribute(a).value(), kTime)) << a << " in " << xml;
  }
  EXPECT_TRUE(std::regex_match(e.attribute("type").value(), std::regex(R"(\w+(-\w+)*)"))) << xml;
  const auto p = e.child("point");
  for (const char* a : {"lat", "lon", "hae", "ce", "le"}) {
    EXPECT_TRUE(std::regex_match(p.attribute(a).value(), kNumber)) << a << " in " << xml;
  }
  EXPECT_LE(std::abs(p.attribute("lat").as_double()), 90.0);
  EXPECT_LE(std::abs(p.attribute("lon").as_double()), 180.0);
  out.uid = e.attribute("uid").value();
  out.type = e.attribute("type").value();
  out.how = e.attribute("how").value();
  out.time = e.attribute("time").value();
  out.start = e.attribute("start").value();
  out.stale = e.attribute("stale").value();
  out.remarks = e.child("detail").child_value("remarks");
  out.link_uid = e.child("detail").child("link").attribute("uid").value();
  out.lat = p.attribute("lat").as_double();
  out.lon = p.attribute("lon").as_double();
  return out;
}

/// The XML declaration a UDP datagram starts with, removed.
std::string withoutDeclaration(const std::string& datagram) {
  if (datagram.rfind("<?xml", 0) != 0) return datagram;
  return datagram.substr(datagram.find("?>") + 2);
}

class CotBridgeOverFusiond : public ::testing::TestWithParam<Listener::Kind> {};

TEST_P(CotBridgeOverFusiond, DemoScenarioArrivesAsValidCotAndGeoJson) {
  // GIVEN fusiond on the demo config, a listener on loopback and cot-bridge between them
  TempDir dir;
  ChildProcess fusiond({kBin + "/fusiond", "--config", kSource + "/config/demo.yaml",
                        "--exit-after-eos", "1"},
                       dir.file("fusiond.stderr"));
  const auto ready = fusiond.waitForLinePrefix("READY ", 30s);
  ASSERT_TRUE(ready) << picket::testing::readFile(dir.file("fusiond.stderr"));
  Listener listener(GetParam());
  const std::string geojson = dir.file("picture.geojson");
  ChildProcess bridge({kBin + "/cot-bridge", "--tracks", valueOf(*ready, "tracks"), "--alerts",
                       valueOf(*ready, "alerts"), "--cot", listener.url(), "--geojson", geojson,
                       "--geojson-interval-s", "0.5", "--until-end", "--timeout-s", "120"},
                      dir.file("bridge.stderr"));
  ASSERT_TRUE(bridge.waitForLinePrefix("READY ", 30s))
      << picket::testing::readFile(dir.file("bridge.stderr"));

  // WHEN the built-in scenario is played as fast as possible
  ChildProcess sim({kBin + "/sensors-sim", "--connect", valueOf(*ready, "feeds"), "--speed", "max",
                    "--seed", "1", "--start-time-ns", std::to_string(kStartNs), "--quiet"},
                   dir.file("sim.stderr"));
  ASSERT_EQ(sim.wait(240s), 0) << picket::testing::readFile(dir.file("sim.stderr"));
  ASSERT_EQ(fusiond.wait(60s), 0) << picket::testing::readFile(dir.file("fusiond.stderr"));
  ASSERT_EQ(bridge.wait(60s), 0) << picket::testing::readFile(dir.file("bridge.stderr"));
  const auto summary = bridge.waitForLinePrefix("SUMMARY ", 5s);
  ASSERT_TRUE(summary);
  const auto sent = std::stoul(valueOf(*summary, "cot_sent"));
  ASSERT_GT(sent, 0u);
  // Every event sent arrives (loopback, a large receive buffer, a TCP connection that stayed up).
  ASSERT_TRUE(listener.waitForEvents(sent, 30s)) << *summary;
  listener.stop();

  // THEN every event is well-formed CoT with every required attribute
  const auto events = listener.events();
  EXPECT_EQ(events.size(), sent);
  EXPECT_EQ(valueOf(*summary, "cot_queue_full"), "0");
  EXPECT_EQ(valueOf(*summary, "cot_send_errors"), "0");
  EXPECT_EQ(valueOf(*summary, "rejected"), "") << *summary;
  std::map<std::string, int> types;
  int dark_target_alerts = 0;
  for (const auto& [raw, connection] : events) {
    const std::string xml =
        GetParam() == Listener::Kind::Udp ? withoutDeclaration(raw) : raw;
    if (GetParam() == Listener::Kind::Udp) {
      EXPECT_EQ(raw.rfind("<?xml", 0), 0u);
    }
    const ParsedEvent e = parseEvent(xml);
    ++types[e.type];
    if (e.uid.find(".alert.") != std::string::npos && e.type == "a-s-S") {
      // The demo's go-fast is cued by dark_target, go_fast and zone_entry.
      EXPECT_TRUE(e.remarks.find("ALERT dark_target") != std::string::npos ||
                  e.remarks.find("ALERT go_fast") != std::string::npos ||
                  e.remarks.find("ALERT zone_entry") != std::string::npos)
          << e.remarks;
      EXPECT_FALSE(e.link_uid.empty());
      if (e.remarks.find("ALERT dark_target") != std::string::npos) ++dark_target_alerts;
    }
    if (e.type.rfind("a-", 0) == 0) {
      EXPECT_EQ(e.how, "m-f");
    }
  }
  // AND the go-fast is a suspect with its alert and predicted ellipses, the AIS merchants are
  // neutral, nothing unexpected
  EXPECT_GE(dark_target_alerts, 1);
  EXPECT_GE(types["u-d-c-e"], 3);
  EXPECT_GE(types["a-n-S"], 3) << "AIS merchants";
  for (const auto& [type, n] : types) {
    EXPECT_TRUE(type == "a-n-S" || type == "a-u-S" || type == "a-s-S" || type == "a-u-A" ||
                type == "a-s-A" || type == "u-d-c-e" || type == "t-x-d-d")
        << type;
  }

  // AND the GeoJSON snapshot exists and parses, with the tracks as [lon, lat] points
  const auto doc = nlohmann::json::parse(picket::testing::readFile(geojson));
  EXPECT_EQ(doc["type"], "FeatureCollection");
  int track_features = 0;
  for (const auto& f : doc["features"]) {
    EXPECT_EQ(f["type"], "Feature");
    if (f["properties"]["kind"] == "track") {
      ++track_features;
      const auto& c = f["geometry"]["coordinates"];
      // The demo is off Aruba: longitude about -70, latitude about 12.5.
      EXPECT_LT(c[0].get<double>(), -60.0);
      EXPECT_GT(c[1].get<double>(), 5.0);
    }
  }
  EXPECT_GE(track_features, 3);
  EXPECT_GE(std::stoul(valueOf(*summary, "geojson_writes")), 1u);
  EXPECT_FALSE(std::filesystem::exists(geojson + ".tmp"));
}

INSTANTIATE_TEST_SUITE_P(Transports, CotBridgeOverFusiond,
                         ::testing::Values(Listener::Kind::Udp, Listener::Kind::Tcp),
                         [](const auto& param_info) {
                           return param_info.param == Listener::Kind::Udp ? "Udp" : "Tcp";
                         });

/// A scripted fusiond: XPUB sockets (so the test sees cot-bridge subscribe) on loopback.
struct ScriptedFusiond {
  zmq::context_t context{1};
  zmq::socket_t tracks{context, zmq::socket_type::xpub};
  zmq::socket_t alerts{context, zmq::socket_type::xpub};
  std::uint64_t alert_sequence = 0;
  ScriptedFusiond() {
    tracks.set(zmq::sockopt::linger, 2000);
    alerts.set(zmq::sockopt::linger, 2000);
    tracks.bind("tcp://127.0.0.1:*");
    alerts.bind("tcp://127.0.0.1:*");
  }
  void send(zmq::socket_t& s, const std::string& topic, const google::protobuf::MessageLite& m) {
    ASSERT_TRUE(picket::io::sendMessage(s, topic, m));
  }
  void track(const picket::v1::Track& t) {
    picket::v1::TrackStreamMessage m;
    *m.mutable_track() = t;
    send(tracks, "track/surface", m);
  }
  void alert(picket::v1::Alert a) {
    a.set_stream_sequence(++alert_sequence);
    picket::v1::AlertStreamMessage m;
    *m.mutable_alert() = a;
    send(alerts, "alert/high", m);
  }
  void heartbeat() {
    picket::v1::AlertStreamMessage m;
    m.mutable_heartbeat()->mutable_header()->set_source_id("scripted");
    m.mutable_heartbeat()->set_last_stream_sequence(alert_sequence);
    send(alerts, "hb", m);
  }
  void end() {
    picket::v1::TrackStreamMessage t;
    t.mutable_end_of_stream()->mutable_header()->set_source_id("scripted");
    send(tracks, "end", t);
    picket::v1::AlertStreamMessage a;
    a.mutable_end_of_stream()->mutable_header()->set_source_id("scripted");
    send(alerts, "end", a);
  }
};

picket::v1::Track scriptedTrack(std::uint64_t id, long long t_s, picket::v1::TrackStatus status) {
  picket::v1::Track t;
  t.mutable_header()->set_source_id("scripted");
  t.mutable_header()->set_time_ns(kStartNs + t_s * 1'000'000'000LL);
  t.set_track_id(id);
  t.mutable_position()->set_lat_deg(12.6);
  t.mutable_position()->set_lon_deg(-70.1 + 0.01 * static_cast<double>(id));
  t.set_vel_north_mps(10.0);
  t.set_status(status);
  t.set_domain(picket::v1::DOMAIN_SURFACE);
  return t;
}

TEST(CotBridge, ReconnectsToTakServerAndCountsBadInputWithoutDying) {
  // GIVEN a scripted fusiond, a TCP listener that drops the first connection after one event,
  // and cot-bridge sending every update (no rate limit)
  TempDir dir;
  ScriptedFusiond fusiond;
  Listener listener(Listener::Kind::Tcp);
  listener.dropFirstConnectionAfterOneEvent();
  ChildProcess bridge(
      {kBin + "/cot-bridge", "--tracks", picket::io::SocketFactory::boundEndpoint(fusiond.tracks),
       "--alerts", picket::io::SocketFactory::boundEndpoint(fusiond.alerts), "--cot", listener.url(),
       "--min-interval-s", "0", "--republish-s", "0", "--until-end", "--timeout-s", "60"},
      dir.file("bridge.stderr"));
  ASSERT_TRUE(picket::io::waitForSubscriber(fusiond.tracks, 30s));
  ASSERT_TRUE(picket::io::waitForSubscriber(fusiond.alerts, 30s));
  fusiond.heartbeat();
  ASSERT_TRUE(bridge.waitForLinePrefix("READY ", 30s))
      << picket::testing::readFile(dir.file("bridge.stderr"));

  // WHEN an AIS ship with a hostile name is published, the server drops the connection,
  picket::v1::Track ship = scriptedTrack(1, 0, picket::v1::TRACK_STATUS_CONFIRMED);
  ship.mutable_identity()->set_mmsi(244123456);
  ship.mutable_identity()->set_name("<M/V \"Fish & Chips\">");
  fusiond.track(ship);
  ASSERT_TRUE(listener.waitForEvents(1, 30s));
  // garbage, a one-frame message and a non-finite track arrive,
  ASSERT_TRUE(fusiond.tracks.send(zmq::str_buffer("track/surface"), zmq::send_flags::sndmore));
  ASSERT_TRUE(fusiond.tracks.send(zmq::str_buffer("\xff\xfe not protobuf"), zmq::send_flags::none));
  ASSERT_TRUE(fusiond.alerts.send(zmq::str_buffer("alert/lonely"), zmq::send_flags::none));
  picket::v1::Track bad = scriptedTrack(3, 1, picket::v1::TRACK_STATUS_CONFIRMED);
  bad.mutable_position()->set_lat_deg(std::nan(""));
  fusiond.track(bad);
  // a dark track appears, an alert opens on it and closes, and the ship's track is deleted
  const picket::v1::Track dark = scriptedTrack(2, 2, picket::v1::TRACK_STATUS_CONFIRMED);
  fusiond.track(dark);
  ASSERT_TRUE(listener.waitForEvents(2, 30s));
  picket::v1::Alert alert;
  alert.mutable_header()->set_source_id("scripted");
  alert.mutable_header()->set_time_ns(kStartNs + 3'000'000'000LL);
  alert.set_alert_id("dark_target-7");
  alert.set_rule("dark_target");
  alert.set_severity(picket::v1::SEVERITY_HIGH);
  alert.set_state(picket::v1::ALERT_STATE_OPEN);
  alert.set_confidence(0.7);
  *alert.mutable_track() = dark;
  auto* p = alert.add_predicted();
  p->set_time_ns(kStartNs + 1803'000'000'000LL);
  p->mutable_position()->set_lat_deg(12.75);
  p->mutable_position()->set_lon_deg(-70.09);
  p->set_semi_major_95_m(2000);
  p->set_semi_minor_95_m(800);
  fusiond.alert(alert);
  ASSERT_TRUE(listener.waitForEvents(5, 30s));  // alert, ellipse, the track as suspect
  // The same event again, as on a second partner's topic: handled once.
  {
    picket::v1::AlertStreamMessage again;
    *again.mutable_alert() = alert;
    again.mutable_alert()->set_stream_sequence(fusiond.alert_sequence);
    fusiond.send(fusiond.alerts, "alert/OTHER-PARTNER/high", again);
  }
  alert.set_state(picket::v1::ALERT_STATE_CLOSED);
  alert.mutable_header()->set_time_ns(kStartNs + 4'000'000'000LL);
  fusiond.alert(alert);
  ASSERT_TRUE(listener.waitForEvents(9, 30s));  // drop, two deletes, the track unknown again
  picket::v1::Track deleted = scriptedTrack(1, 5, picket::v1::TRACK_STATUS_DELETED);
  *deleted.mutable_identity() = ship.identity();
  fusiond.track(deleted);
  ASSERT_TRUE(listener.waitForEvents(11, 30s));  // drop and delete of the ship
  fusiond.end();
  ASSERT_EQ(bridge.wait(30s), 0) << picket::testing::readFile(dir.file("bridge.stderr"));
  listener.stop();

  // THEN it reconnected and delivered everything after the drop, in order, as valid CoT
  const auto events = listener.events();
  ASSERT_EQ(events.size(), 11u);
  EXPECT_EQ(listener.connections(), 2);
  EXPECT_EQ(events[0].second, 0);
  for (std::size_t i = 1; i < events.size(); ++i) EXPECT_EQ(events[i].second, 1) << i;
  std::vector<std::string> got;
  std::vector<ParsedEvent> parsed;
  for (const auto& [xml, connection] : events) {
    parsed.push_back(parseEvent(xml));
    got.push_back(parsed.back().type + " " + parsed.back().uid);
  }
  const std::vector<std::string> want = {
      "a-n-S picket.scripted.track.1",
      "a-u-S picket.scripted.track.2",
      "a-s-S picket.scripted.alert.dark_target-7",
      "u-d-c-e picket.scripted.alert.dark_target-7.pred.1",
      "a-s-S picket.scripted.track.2",
      "a-s-S picket.scripted.alert.dark_target-7",
      "t-x-d-d picket.scripted.alert.dark_target-7.delete",
      "t-x-d-d picket.scripted.alert.dark_target-7.pred.1.delete",
      "a-u-S picket.scripted.track.2",
      "a-n-S picket.scripted.track.1",
      "t-x-d-d picket.scripted.track.1.delete",
  };
  EXPECT_EQ(got, want);
  // The hostile name survived escaping; the closed alert and the deleted track are dropped
  // (stale before start).
  pugi::xml_document first;
  ASSERT_TRUE(first.load_string(events[0].first.c_str()));
  EXPECT_STREQ(first.child("event").child("detail").child("contact").attribute("callsign").value(),
               "<M/V \"Fish & Chips\">");
  EXPECT_LT(parsed[5].stale, parsed[5].start);
  EXPECT_LT(parsed[9].stale, parsed[9].start);
  EXPECT_EQ(parsed[6].link_uid, "picket.scripted.alert.dark_target-7");

  const auto summary = bridge.waitForLinePrefix("SUMMARY ", 5s);
  ASSERT_TRUE(summary);
  for (const auto& [key, want_value] : std::map<std::string, std::string>{
           {"malformed", "2"}, {"rejected", "1"}, {"rejected.track.non_finite", "1"},
           {"tcp_connects", "2"}, {"live_tracks", "1"}, {"open_alerts", "0"},
           {"alerts_duplicate", "1"}, {"alerts_in", "3"}}) {
    EXPECT_EQ(valueOf(*summary, key), want_value) << key << " in " << *summary;
  }
}

TEST(CotBridge, RefusesBadArgumentsWithAClearMessage) {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--cot=http://127.0.0.1:1", "expected udp://HOST:PORT"},
      {"--min-interval-s=-1", "--min-interval-s: expected a number"},
      {"--ais-affiliation=h", "--ais-affiliation: expected n or u"},
      {"--multicast-ttl=300", "--multicast-ttl: expected a number"}};
  for (const auto& [flag, message] : cases) {
    const auto eq = flag.find('=');
    ChildProcess p({kBin + "/cot-bridge", "--tracks", "tcp://127.0.0.1:1", "--alerts",
                    "tcp://127.0.0.1:2", flag.substr(0, eq), flag.substr(eq + 1)},
                   dir.file("stderr"));
    EXPECT_EQ(p.wait(30s), 2) << flag;
    EXPECT_NE(picket::testing::readFile(dir.file("stderr")).find(message), std::string::npos)
        << flag;
  }
}

}  // namespace
