// ais-gateway as a real process: a real NMEA log -> ais-gateway -> fusiond -> the track
// stream carries the vessels' MMSIs and names; --json against gpsd's expected output; UDP
// input; argument errors. Loopback only, ephemeral ports, synchronised by READY lines,
// heartbeats and end-of-stream messages, never by sleeping.

#include <filesystem>
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "io/recording_reader.hpp"
#include "io/transport.hpp"
#include "picket/v1/recording.pb.h"
#include "picket/v1/tracks.pb.h"
#include "support/process.hpp"

namespace {

using picket::testing::ChildProcess;
using picket::testing::TempDir;
using namespace std::chrono_literals;

const std::string kBin = PICKET_BIN_DIR;
const std::string kSource = PICKET_SOURCE_DIR;
const std::string kData = kSource + "/tests/data/ais/";

std::map<std::string, std::string> parseKeyValues(const std::string& line) {
  std::map<std::string, std::string> out;
  std::istringstream is(line);
  std::string word;
  while (is >> word) {
    const auto eq = word.find('=');
    if (eq != std::string::npos) out[word.substr(0, eq)] = word.substr(eq + 1);
  }
  return out;
}

/// The demo config with one AIS sensor for the gateway and a 10 s reorder window (a real
/// receiver's reports arrive up to a few seconds after their fix time).
std::string writeConfig(const TempDir& dir, const std::string& sensor_id) {
  std::string yaml = picket::testing::readFile(kSource + "/config/demo.yaml");
  const std::string sensors = "sensors:\n";
  const auto at = yaml.find(sensors);
  EXPECT_NE(at, std::string::npos);
  yaml.insert(at + sensors.size(), "  - {id: " + sensor_id + ", kind: ais, max_range_m: 74000}\n");
  const std::string window = "reorder_window_s: 2.0";
  const auto w = yaml.find(window);
  EXPECT_NE(w, std::string::npos);
  yaml.replace(w, window.size(), "reorder_window_s: 10.0");
  const std::string path = dir.file("fusiond.yaml");
  picket::testing::writeFile(path, yaml);
  // demo.yaml names its geography files relative to its own directory.
  std::filesystem::create_directory_symlink(kSource + "/config/geo", dir.file("geo"));
  return path;
}

bool awaitHeartbeat(zmq::socket_t& sub) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto m = picket::io::receiveMessage(sub, 1000ms);
    if (m && m->topic.rfind("hb", 0) == 0) return true;
  }
  return false;
}

TEST(AisGateway, RealNmeaLogBecomesTracksWithMmsisAndNames) {
  // GIVEN fusiond with an AIS sensor, this test subscribed to its track stream
  TempDir dir;
  const std::string config = writeConfig(dir, "ais-merrimac");
  ChildProcess fusiond({kBin + "/fusiond", "--config", config, "--exit-after-eos", "1"},
                       dir.file("fusiond.stderr"));
  const auto ready = fusiond.waitForLinePrefix("READY ", 30s);
  ASSERT_TRUE(ready) << picket::testing::readFile(dir.file("fusiond.stderr"));
  auto endpoints = parseKeyValues(*ready);
  zmq::context_t context(1);
  picket::io::SocketFactory sockets(context);
  auto alerts = sockets.connectStreamInput({endpoints["alerts"]}, {"hb"});
  auto tracks = sockets.connectStreamInput({endpoints["tracks"]}, {"track/", "end"});
  ASSERT_TRUE(awaitHeartbeat(alerts));

  // WHEN a real log (SignalK's gofree-merrimac.log: a boat's NMEA multiplexer near Harlingen,
  // 2014-04-16, 2 min 21 s, 1,507 AIS sentences among GPS and instrument sentences, timed by
  // its $GPRMC/$GPZDA) is played through ais-gateway, which also records what it publishes
  ChildProcess gateway({kBin + "/ais-gateway", "--file", kData + "gofree-merrimac.log",
                        "--connect", endpoints["feeds"], "--source-id", "ais-merrimac",
                        "--record", dir.file("ais.pkrec")},
                       dir.file("gateway.stderr"));

  std::map<unsigned, std::string> names;
  std::map<unsigned, int> confirmed_updates;
  bool end = false;
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (!end && std::chrono::steady_clock::now() < deadline) {
    auto m = picket::io::receiveMessage(tracks, 1000ms);
    if (!m) continue;
    picket::v1::TrackStreamMessage msg;
    ASSERT_TRUE(msg.ParseFromArray(m->payload.data(), static_cast<int>(m->payload.size())));
    if (msg.has_end_of_stream()) end = true;
    if (!msg.has_track() || msg.track().identity().mmsi() == 0) continue;
    const auto& t = msg.track();
    if (!t.identity().name().empty()) names[t.identity().mmsi()] = t.identity().name();
    if (t.status() == picket::v1::TRACK_STATUS_CONFIRMED) ++confirmed_updates[t.identity().mmsi()];
  }
  ASSERT_TRUE(end) << picket::testing::readFile(dir.file("fusiond.stderr"));
  ASSERT_EQ(gateway.wait(30s), 0) << picket::testing::readFile(dir.file("gateway.stderr"));
  ASSERT_EQ(fusiond.wait(30s), 0) << picket::testing::readFile(dir.file("fusiond.stderr"));

  // THEN confirmed tracks carry the MMSIs and the names from the vessels' type 5 messages
  // (checked by hand against the log; each vessel sent 14-22 position reports in the log)
  const std::map<unsigned, std::string> expected = {
      {370320000, "COSCO NAGOYA"}, {432665000, "ADRIATIC HIGHWAY"}, {244700923, "ALIDA"},
      {244798000, "YE-79 ANNA-TRIJNTJE"}, {244770808, "VERTROUWEN"},
      {244740354, "HA 19 POLARIS"}, {244572000, "HA4 TINA"}};
  for (const auto& [mmsi, name] : expected) {
    EXPECT_EQ(names[mmsi], name) << "MMSI " << mmsi;
    EXPECT_GT(confirmed_updates[mmsi], 0) << "no confirmed track for MMSI " << mmsi;
  }
  EXPECT_GE(names.size(), 25u);

  // AND fusiond refused nothing the gateway sent, and the gateway counted its input
  const auto summary = fusiond.waitForLinePrefix("SUMMARY ", 5s);
  ASSERT_TRUE(summary);
  const auto counters = parseKeyValues(*summary);
  EXPECT_EQ(counters.at("rejected"), "0") << *summary;
  const std::string gw = picket::testing::readFile(dir.file("gateway.stderr"));
  EXPECT_NE(gw.find("sentences=1507 "), std::string::npos) << gw;
  EXPECT_NE(gw.find("type5=48 "), std::string::npos) << gw;
  std::smatch published;
  ASSERT_TRUE(std::regex_search(gw, published, std::regex(R"(published=(\d+))"))) << gw;
  EXPECT_EQ(counters.at("messages_received"), std::to_string(std::stoul(published[1]) + 1))
      << "every published report plus the end of stream";

  // AND the recording holds the same feed messages
  picket::io::RecordingReader reader({dir.file("ais.pkrec")});
  picket::v1::RecordedMessage record;
  std::size_t recorded = 0;
  while (reader.next(record)) {
    ASSERT_TRUE(record.has_feed());
    EXPECT_EQ(record.topic(), "feed/ais/ais-merrimac");
    ++recorded;
  }
  EXPECT_EQ(std::to_string(recorded), published[1].str());
}

TEST(AisGateway, JsonOutputIsGpsdecodes) {
  // gpsd's sample.aivdm on stdin: for the types ais-gateway decodes, its --json output is
  // gpsdecode -j's (sample.aivdm.js.chk) byte for byte, all fields.
  TempDir dir;
  ChildProcess gateway({"/bin/sh", "-c",
                        "exec '" + kBin + "/ais-gateway' --file - --json < '" + kData + "sample.aivdm'"},
                       dir.file("gateway.stderr"));
  ASSERT_EQ(gateway.wait(30s), 0) << picket::testing::readFile(dir.file("gateway.stderr"));
  std::vector<std::string> expected;
  std::ifstream chk(kData + "sample.aivdm.js.chk");
  std::string line;
  const std::regex supported(R"("type":(1|2|3|4|5|9|18|19|21|24|27),)");
  while (std::getline(chk, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (std::regex_search(line, supported)) expected.push_back(line);
  }
  std::vector<std::string> actual;
  while (auto l = gateway.readLine(1s)) {
    if (!l->empty() && l->back() == '\r') l->pop_back();
    actual.push_back(*l);
  }
  ASSERT_EQ(expected.size(), 25u);
  EXPECT_EQ(actual, expected);
}

TEST(AisGateway, UdpDatagramsAreDecodedAndCountedUntilInterrupted) {
  // GIVEN the gateway listening on an ephemeral loopback UDP port, recording
  TempDir dir;
  ChildProcess gateway({kBin + "/ais-gateway", "--udp", "127.0.0.1:0", "--record",
                        dir.file("udp.pkrec"), "--source-id", "ais-udp", "--stats-interval-s", "0"},
                       dir.file("gateway.stderr"));
  const auto ready = gateway.waitForLinePrefix("READY ", 30s);
  ASSERT_TRUE(ready) << picket::testing::readFile(dir.file("gateway.stderr"));
  const std::string where = parseKeyValues(*ready)["udp"];
  const auto port = static_cast<std::uint16_t>(std::stoi(where.substr(where.rfind(':') + 1)));

  // WHEN gpsd's sample is sent one sentence per datagram (as AIS-catcher sends), with one
  // datagram of garbage and one holding two sentences
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  auto send = [&](const std::string& d) {
    ASSERT_EQ(::sendto(fd, d.data(), d.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to),
              static_cast<ssize_t>(d.size()));
  };
  std::ifstream in(kData + "sample.aivdm");
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] == '!') send(line + "\r\n");
  }
  send(std::string(3000, '\x7f'));
  send("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\r\n!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B\r\n");
  ::close(fd);
  gateway.signal(SIGINT);

  // THEN it drains the socket, writes its counters and exits 130; nothing was lost
  ASSERT_EQ(gateway.wait(30s), 130) << picket::testing::readFile(dir.file("gateway.stderr"));
  const std::string gw = picket::testing::readFile(dir.file("gateway.stderr"));
  // The sample's 118 sentences + 2; 30 messages decoded from the sample + 1.
  EXPECT_NE(gw.find("messages=31 "), std::string::npos) << gw;
  EXPECT_NE(gw.find("rejected.bad_checksum=1"), std::string::npos) << gw;
  EXPECT_NE(gw.find("rejected.line_too_long=1"), std::string::npos) << gw;
  picket::io::RecordingReader reader({dir.file("udp.pkrec")});
  picket::v1::RecordedMessage record;
  std::size_t recorded = 0;
  while (reader.next(record)) ++recorded;
  EXPECT_GT(recorded, 20u);
}

TEST(AisGateway, BadArgumentsExitTwoWithAReason) {
  TempDir dir;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--json"}, {"--file", "x", "--udp", "1"},
        {"--file", "x", "--connect", "tcp://127.0.0.1:1"}, {"--file", "x", "--json", "--time", "gps"}}) {
    std::vector<std::string> argv = {kBin + "/ais-gateway"};
    argv.insert(argv.end(), args.begin(), args.end());
    ChildProcess p(argv, dir.file("err"));
    EXPECT_EQ(p.wait(10s), 2) << args.front();
  }
  ChildProcess missing({kBin + "/ais-gateway", "--file", dir.file("nope.nmea"), "--json"},
                       dir.file("err2"));
  EXPECT_EQ(missing.wait(10s), 1);
}

}  // namespace
