// cot-bridge: follows fusiond's track and alert streams, keeps the current picture (live
// tracks, open alerts) and sends it as Cursor-on-Target events to TAK clients (UDP multicast
// or unicast) or a TAK server (TCP streaming input), and as a GeoJSON snapshot file.
//
//   cot-bridge --tracks ENDPOINT --alerts ENDPOINT [--cot URL] [options]   (--help lists them)
//
// Threads: the main thread owns the ZeroMQ subscribers and the picture and formats events; a
// sender thread owns the UDP or TCP socket and takes events from a bounded queue. The main
// thread never waits on the network: a full queue drops the event and counts it.
//
// stdout: "READY ..." once the alert stream's heartbeat shows the subscription is live, then
// "SUMMARY ..." with the counters at exit. Logs go to stderr.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/bounded_queue.hpp"
#include "app/log.hpp"
#include "io/cot.hpp"
#include "io/geojson_snapshot.hpp"
#include "io/transport.hpp"
#include "picket/v1/tracks.pb.h"

namespace {

using namespace std::chrono_literals;
using picket::app::logLine;
using Clock = std::chrono::steady_clock;
namespace io = picket::io;
namespace v1 = picket::v1;

constexpr const char* kProgram = "cot-bridge";

std::atomic<bool> g_stop{false};  // set by SIGINT/SIGTERM only
extern "C" void onSignal(int) { g_stop.store(true); }

struct Options {
  std::string tracks;
  std::string alerts;
  std::string cot = "udp://239.2.3.1:6969";
  int multicast_ttl = 1;
  std::string multicast_interface;
  double min_interval_s = 1.0;
  double republish_s = 60.0;
  bool include_tentative = false;
  std::string partner;
  std::string geojson;
  double geojson_interval_s = 10.0;
  std::size_t queue = 10000;
  bool until_end = false;
  double timeout_s = 0.0;
  double drain_s = 5.0;
  io::CotOptions cot_options;
};

void usage() {
  std::fprintf(
      stderr,
      "usage: cot-bridge --tracks ENDPOINT --alerts ENDPOINT [options]\n"
      "  --tracks ENDPOINT         fusiond's track stream, e.g. tcp://127.0.0.1:5551\n"
      "  --alerts ENDPOINT         fusiond's alert stream, e.g. tcp://127.0.0.1:5552\n"
      "  --cot URL                 udp://GROUP:PORT (multicast), udp://HOST:PORT (unicast) or\n"
      "                            tcp://HOST:PORT (TAK server streaming input, plain XML);\n"
      "                            default udp://239.2.3.1:6969 (TAK mesh SA)\n"
      "  --multicast-ttl N         hops for multicast, 0..255 (default 1: local network)\n"
      "  --multicast-interface IP  IPv4 address of the interface to send multicast from\n"
      "  --min-interval-s S        at most one event per track per S seconds (default 1;\n"
      "                            a change of type, e.g. to suspect, goes at once)\n"
      "  --republish-s S           resend tracks and open alerts not sent for S seconds, for\n"
      "                            clients that join late (default 60; 0 = never)\n"
      "  --stale-surface-s S       validity of a surface track event (default 300)\n"
      "  --stale-air-s S           validity of an air track event (default 60)\n"
      "  --stale-alert-s S         validity of an alert event (default 900)\n"
      "  --ais-affiliation n|u     CoT affiliation of AIS-identified surface tracks not under\n"
      "                            an alert: n neutral (default), u unknown\n"
      "  --no-ellipses             no 95 %% prediction ellipse events for alerts\n"
      "  --include-tentative       also send tentative tracks (as pending, a-p-*)\n"
      "  --partner ID              only alerts releasable to partner ID\n"
      "  --geojson FILE            write a GeoJSON snapshot (replaced atomically)\n"
      "  --geojson-interval-s S    how often (default 10); also written at exit\n"
      "  --queue N                 events queued for the sender before drops (default 10000)\n"
      "  --until-end               exit when fusiond has ended both streams\n"
      "  --timeout-s S             exit with status 3 if nothing arrives for S seconds\n"
      "  --drain-s S               at exit, how long to keep sending what is queued (default 5)\n");
}

double parseNumber(const std::string& flag, const std::string& text, double min, double max) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(v >= min && v <= max)) {
    throw std::invalid_argument(flag + ": expected a number in [" + std::to_string(min) + ", " +
                                std::to_string(max) + "], got '" + text + "'");
  }
  return v;
}

Options parseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + ": missing value");
      return argv[++i];
    };
    if (a == "--tracks") {
      o.tracks = value();
    } else if (a == "--alerts") {
      o.alerts = value();
    } else if (a == "--cot") {
      o.cot = value();
    } else if (a == "--multicast-ttl") {
      o.multicast_ttl = static_cast<int>(parseNumber(a, value(), 0, 255));
    } else if (a == "--multicast-interface") {
      o.multicast_interface = value();
    } else if (a == "--min-interval-s") {
      o.min_interval_s = parseNumber(a, value(), 0, 86400);
    } else if (a == "--republish-s") {
      o.republish_s = parseNumber(a, value(), 0, 86400);
    } else if (a == "--stale-surface-s") {
      o.cot_options.stale_surface_s = parseNumber(a, value(), 1, 86400);
    } else if (a == "--stale-air-s") {
      o.cot_options.stale_air_s = parseNumber(a, value(), 1, 86400);
    } else if (a == "--stale-alert-s") {
      o.cot_options.stale_alert_s = parseNumber(a, value(), 1, 86400);
    } else if (a == "--ais-affiliation") {
      const std::string v = value();
      if (v != "n" && v != "u") throw std::invalid_argument(a + ": expected n or u, got '" + v + "'");
      o.cot_options.ais_affiliation = v[0];
    } else if (a == "--no-ellipses") {
      o.cot_options.prediction_ellipses = false;
    } else if (a == "--include-tentative") {
      o.include_tentative = true;
    } else if (a == "--partner") {
      o.partner = value();
    } else if (a == "--geojson") {
      o.geojson = value();
    } else if (a == "--geojson-interval-s") {
      o.geojson_interval_s = parseNumber(a, value(), 0.1, 86400);
    } else if (a == "--queue") {
      o.queue = static_cast<std::size_t>(parseNumber(a, value(), 1, 1e7));
    } else if (a == "--until-end") {
      o.until_end = true;
    } else if (a == "--timeout-s") {
      o.timeout_s = parseNumber(a, value(), 0, 1e6);
    } else if (a == "--drain-s") {
      o.drain_s = parseNumber(a, value(), 0, 3600);
    } else {
      throw std::invalid_argument("unknown argument '" + a + "'");
    }
  }
  if (o.tracks.empty() || o.alerts.empty()) {
    throw std::invalid_argument("--tracks and --alerts are required");
  }
  return o;
}

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

std::int64_t wallNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Owns the UDP or TCP socket on its own thread; the main thread only enqueues.
class CotSender {
 public:
  CotSender(io::SocketFactory& sockets, const io::CotEndpoint& endpoint, const Options& o)
      : endpoint_(endpoint), queue_(o.queue) {
    if (endpoint.protocol == io::CotEndpoint::Protocol::Udp) {
      udp_.emplace(sockets.openCotUdp(endpoint.host, endpoint.port, o.multicast_ttl,
                                      o.multicast_interface));
    } else {
      tcp_.emplace(sockets.makeCotTcp(endpoint.host, endpoint.port));
    }
    thread_ = std::thread([this] { run(); });
  }
  ~CotSender() { finish(0s); }
  CotSender(const CotSender&) = delete;
  CotSender& operator=(const CotSender&) = delete;

  /// Never waits: false (and counted) when the queue is full.
  bool enqueue(std::string event) {
    if (queue_.push(std::move(event), 0ms)) return true;
    queue_full_.fetch_add(1);
    return false;
  }

  /// Sends what is queued for at most `drain`, then stops the thread.
  void finish(std::chrono::milliseconds drain) {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      stop_deadline_ = Clock::now() + drain;
      stopping_ = true;
    }
    wake_.notify_all();
    queue_.close();
    thread_.join();
  }

  [[nodiscard]] std::string report() const {
    std::ostringstream os;
    os << "cot_sent=" << sent_.load() << " cot_queue_full=" << queue_full_.load()
       << " cot_send_errors=" << send_errors_.load() << " cot_unsent=" << unsent_.load();
    if (tcp_) {
      os << " tcp_connects=" << connects_.load() << " tcp_connect_failures="
         << connect_failures_.load();
    }
    return os.str();
  }

 private:
  void run() {
    while (true) {
      auto item = queue_.pop(200ms);
      if (!item) {
        if (stopping()) return;
        continue;
      }
      if (udp_) {
        sendUdp(*item);
      } else {
        sendTcp(*item);
      }
    }
  }

  bool stopping() {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

  void sendUdp(const std::string& event) {
    std::string datagram(io::kCotXmlDeclaration);
    datagram += event;
    std::string error;
    if (udp_->send(datagram, error)) {
      sent_.fetch_add(1);
    } else {
      noteError("UDP send failed: " + error);
    }
  }

  void sendTcp(const std::string& event) {
    // A TAK server's streaming input reads consecutive <event> documents; a newline after each
    // keeps the stream readable in a capture.
    const std::string data = event + "\n";
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (!tcp_->connected() && !connectWithBackoff()) break;
      std::string error;
      if (tcp_->write(data, 5s, error)) {
        sent_.fetch_add(1);
        return;
      }
      noteError("TCP write to " + endpoint_.host + ":" + std::to_string(endpoint_.port) +
                " failed: " + error + "; reconnecting");
    }
    unsent_.fetch_add(1);
  }

  /// Dials until connected, waiting 0.5 s, 1 s, 2 s ... 30 s between attempts; gives up (false)
  /// once stopping and past the drain deadline.
  bool connectWithBackoff() {
    while (true) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait_until(lock, next_attempt_, [&] { return stopping_; });
        if (stopping_ && Clock::now() >= stop_deadline_) return false;
      }
      std::string error;
      if (tcp_->connect(2s, error)) {
        connects_.fetch_add(1);
        backoff_ = 500ms;
        logLine(kProgram, "connected to tcp://" + endpoint_.host + ":" +
                              std::to_string(endpoint_.port));
        return true;
      }
      connect_failures_.fetch_add(1);
      if (connect_failures_.load() == 1 || backoff_ >= 30s) {
        logLine(kProgram, "cannot connect to tcp://" + endpoint_.host + ":" +
                              std::to_string(endpoint_.port) + ": " + error + " (retrying)");
      }
      next_attempt_ = Clock::now() + backoff_;
      backoff_ = std::min<Clock::duration>(backoff_ * 2, 30s);
      std::lock_guard lock(mutex_);
      if (stopping_ && Clock::now() >= stop_deadline_) return false;
    }
  }

  /// Counts every error; logs the first and then every 1000th, so a dead link cannot flood.
  void noteError(const std::string& what) {
    const auto n = send_errors_.fetch_add(1) + 1;
    if (n == 1 || n % 1000 == 0) logLine(kProgram, what + " (" + std::to_string(n) + " errors)");
  }

  const io::CotEndpoint endpoint_;
  picket::app::BoundedQueue<std::string> queue_;
  std::optional<io::SocketFactory::CotUdpSocket> udp_;
  std::optional<io::SocketFactory::CotTcpSocket> tcp_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  Clock::time_point stop_deadline_{};
  Clock::time_point next_attempt_{};  // sender thread only
  Clock::duration backoff_ = 500ms;    // sender thread only
  std::atomic<std::uint64_t> sent_{0}, queue_full_{0}, send_errors_{0}, unsent_{0}, connects_{0},
      connect_failures_{0};
};

/// The current picture and the rules that turn stream messages into CoT events. Main thread.
class Bridge {
 public:
  Bridge(const Options& o, CotSender& sender) : o_(o), sender_(sender) {}

  void onTrack(const v1::Track& t, Clock::time_point now) {
    ++counters_["tracks_in"];
    if (const auto reason = io::cotRejectReason(t)) {
      reject("track", *reason);
      return;
    }
    const auto it = tracks_.find(t.track_id());
    if (t.status() == v1::TRACK_STATUS_DELETED) {
      if (it != tracks_.end()) {
        if (it->second.sent) {
          const bool suspect = suspects_.count(t.track_id()) > 0;
          for (auto& e : io::cotTrackRetraction(t, suspect, o_.cot_options)) emit(std::move(e));
        }
        tracks_.erase(it);
        ++counters_["tracks_deleted"];
      }
      return;
    }
    if (t.status() == v1::TRACK_STATUS_TENTATIVE && !o_.include_tentative) {
      ++counters_["tentative_skipped"];
      return;
    }
    TrackEntry& e = tracks_[t.track_id()];
    e.track = t;
    const std::string type = io::cotTrackType(t, suspects_.count(t.track_id()) > 0, o_.cot_options);
    if (!e.sent || type != e.type || now - e.last_sent >= seconds(o_.min_interval_s)) {
      sendTrack(e, now);
    } else {
      e.pending = true;
      ++counters_["rate_limited"];
    }
  }

  void onAlert(const v1::Alert& a, Clock::time_point now) {
    ++counters_["alerts_in"];
    if (last_sequence_ != 0 && a.stream_sequence() > last_sequence_ + 1) {
      counters_["alerts_missed"] += a.stream_sequence() - last_sequence_ - 1;
      logLine(kProgram, "missed alerts " + std::to_string(last_sequence_ + 1) + ".." +
                            std::to_string(a.stream_sequence() - 1));
    }
    last_sequence_ = std::max(last_sequence_, a.stream_sequence());
    if (const auto reason = io::cotRejectReason(a)) {
      reject("alert", *reason);
      return;
    }
    if (!o_.partner.empty() && !releasableTo(a, o_.partner)) {
      ++counters_["alerts_not_releasable"];
      return;
    }
    // The same alert event can arrive on several topics (one per partner it is released to);
    // it is handled once. Two events of one alert with the same time and state are one.
    const auto last = last_event_.find(a.alert_id());
    if (last != last_event_.end() && last->second.first == a.header().time_ns() &&
        last->second.second == a.state()) {
      ++counters_["alerts_duplicate"];
      return;
    }
    last_event_[a.alert_id()] = {a.header().time_ns(), a.state()};
    const int previous = alerts_.count(a.alert_id()) ? alerts_[a.alert_id()].ellipses : 0;
    std::vector<std::string> events = io::cotAlertEvents(a, o_.cot_options);
    // Ellipses of an earlier event of this alert that this one no longer has.
    const int now_ellipses =
        a.state() != v1::ALERT_STATE_CLOSED && o_.cot_options.prediction_ellipses
            ? a.predicted_size()
            : 0;
    const int first_extra = a.state() == v1::ALERT_STATE_CLOSED ? a.predicted_size() + 1
                                                                 : now_ellipses + 1;
    for (int k = first_extra; k <= previous; ++k) {
      events.push_back(io::cotDeleteEvent(
          io::cotPredictionUid(a.header().source_id(), a.alert_id(), k), "u-d-c-e",
          a.header().time_ns(), true));
    }
    for (auto& e : events) emit(std::move(e));
    if (a.state() == v1::ALERT_STATE_CLOSED) {
      alerts_.erase(a.alert_id());
      ++counters_["alerts_closed"];
    } else {
      alerts_[a.alert_id()] = AlertEntry{a, now_ellipses, now};
    }
    updateSuspects(now);
  }

  /// Sends rate-limited updates that are due and republishes what has not gone out lately.
  void tick(Clock::time_point now) {
    for (auto& [id, e] : tracks_) {
      if (e.pending && now - e.last_sent >= seconds(o_.min_interval_s)) sendTrack(e, now);
      if (o_.republish_s > 0 && now - e.last_sent >= seconds(o_.republish_s)) {
        sendTrack(e, now);
        ++counters_["republished"];
      }
    }
    if (o_.republish_s <= 0) return;
    for (auto& [id, e] : alerts_) {
      if (now - e.last_sent < seconds(o_.republish_s)) continue;
      for (auto& ev : io::cotAlertEvents(e.alert, o_.cot_options)) emit(std::move(ev));
      e.last_sent = now;
      ++counters_["republished"];
    }
  }

  /// Writes the GeoJSON snapshot to a temporary file beside `path`, then renames it over
  /// `path` (atomic on POSIX), so a reader never sees half a file.
  void writeGeoJson(const std::string& path) {
    std::vector<v1::Track> tracks;
    tracks.reserve(tracks_.size());
    for (const auto& [id, e] : tracks_) tracks.push_back(e.track);
    std::vector<v1::Alert> alerts;
    for (const auto& [id, e] : alerts_) alerts.push_back(e.alert);
    const std::string text = io::geoJsonSnapshot(tracks, alerts, wallNs());
    const std::string tmp = path + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << text << '\n';
      out.flush();
      if (!out) {
        geoJsonError("cannot write " + tmp);
        return;
      }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
      geoJsonError("cannot rename " + tmp + " to " + path + ": " + ec.message());
      return;
    }
    ++counters_["geojson_writes"];
  }

  void count(const std::string& name) { ++counters_[name]; }

  [[nodiscard]] std::string report() const {
    std::ostringstream os;
    for (const auto& [name, n] : counters_) os << name << "=" << n << " ";
    os << "live_tracks=" << tracks_.size() << " open_alerts=" << alerts_.size();
    return os.str();
  }

 private:
  struct TrackEntry {
    v1::Track track;
    std::string type;  // as last sent
    Clock::time_point last_sent{};
    bool sent = false;
    bool pending = false;
  };
  struct AlertEntry {
    v1::Alert alert;
    int ellipses = 0;  // prediction ellipse events sent for it
    Clock::time_point last_sent{};
  };

  static bool releasableTo(const v1::Alert& a, const std::string& partner) {
    for (const auto& p : a.releasable_to()) {
      if (p == partner) return true;
    }
    return false;
  }

  void sendTrack(TrackEntry& e, Clock::time_point now) {
    const bool suspect = suspects_.count(e.track.track_id()) > 0;
    e.type = io::cotTrackType(e.track, suspect, o_.cot_options);
    emit(io::cotTrackEvent(e.track, suspect, o_.cot_options));
    e.sent = true;
    e.pending = false;
    e.last_sent = now;
  }

  /// Recomputes which tracks an open alert names; a track whose type changes goes out at once.
  void updateSuspects(Clock::time_point now) {
    std::set<std::uint64_t> next;
    for (const auto& [id, e] : alerts_) {
      next.insert(e.alert.track().track_id());
      for (const auto r : e.alert.related_track_ids()) next.insert(r);
    }
    std::set<std::uint64_t> changed;
    for (const auto id : next) {
      if (!suspects_.count(id)) changed.insert(id);
    }
    for (const auto id : suspects_) {
      if (!next.count(id)) changed.insert(id);
    }
    suspects_ = std::move(next);
    for (const auto id : changed) {
      const auto it = tracks_.find(id);
      if (it != tracks_.end()) sendTrack(it->second, now);
    }
  }

  void emit(std::string event) {
    ++counters_["cot_events"];
    sender_.enqueue(std::move(event));
  }

  void reject(const std::string& what, const std::string& reason) {
    const auto n = ++counters_["rejected"];
    ++counters_["rejected." + what + "." + reason];
    if (n == 1 || n % 1000 == 0) {
      logLine(kProgram, "rejected a " + what + " (" + reason + "); " + std::to_string(n) +
                            " rejected so far");
    }
  }

  void geoJsonError(const std::string& what) {
    const auto n = ++counters_["geojson_errors"];
    if (n == 1 || n % 100 == 0) logLine(kProgram, what);
  }

  const Options& o_;
  CotSender& sender_;
  std::map<std::uint64_t, TrackEntry> tracks_;
  std::map<std::string, AlertEntry> alerts_;
  std::set<std::uint64_t> suspects_;
  // Per alert id, the time and state of the last event handled (a few dozen bytes per alert
  // over the bridge's life).
  std::map<std::string, std::pair<std::int64_t, v1::AlertState>> last_event_;
  std::uint64_t last_sequence_ = 0;
  std::map<std::string, std::uint64_t> counters_;
};

/// Receives up to 1000 waiting messages of one stream, parses each as `Message` and hands it
/// to `handle`; malformed ones are counted. Returns how many arrived.
template <typename Message, typename Handler>
int drainStream(zmq::socket_t& socket, Bridge& bridge, const Handler& handle) {
  int n = 0;
  for (; n < 1000; ++n) {
    auto msg = io::receiveMessage(socket, std::chrono::milliseconds(0));
    if (!msg) break;
    Message m;
    if (!msg->well_formed ||
        !m.ParseFromArray(msg->payload.data(), static_cast<int>(msg->payload.size()))) {
      bridge.count("malformed");
      continue;
    }
    handle(m);
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      usage();
      return 0;
    }
  }
  Options o;
  io::CotEndpoint endpoint;
  try {
    o = parseOptions(argc, argv);
    endpoint = io::parseCotEndpoint(o.cot);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", kProgram, e.what());
    usage();
    return 2;
  }
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);

  zmq::context_t context(1);
  io::SocketFactory sockets(context);
  zmq::socket_t track_sub;
  zmq::socket_t alert_sub;
  std::unique_ptr<CotSender> sender;
  try {
    track_sub = sockets.connectStreamInput(io::EndpointConfig{o.tracks}, {"track/", "end"});
    // "alert/" covers alert/<severity> and alert/<partner>/<severity>; "hb" covers hb/<partner>.
    alert_sub = sockets.connectStreamInput(io::EndpointConfig{o.alerts}, {"alert/", "hb", "end"});
    sender = std::make_unique<CotSender>(sockets, endpoint, o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", kProgram, e.what());
    return 1;
  }
  Bridge bridge(o, *sender);

  bool ready = false;
  bool tracks_ended = false;
  bool alerts_ended = false;
  int exit_code = 0;
  auto last_message = Clock::now();
  auto next_geojson = Clock::now() + seconds(o.geojson_interval_s);
  zmq::pollitem_t items[] = {{track_sub.handle(), 0, ZMQ_POLLIN, 0},
                             {alert_sub.handle(), 0, ZMQ_POLLIN, 0}};
  while (!g_stop.load()) {
    if (o.until_end && tracks_ended && alerts_ended) break;
    try {
      zmq::poll(items, 2, 100ms);
    } catch (const zmq::error_t& e) {
      if (e.num() != EINTR) throw;
    }
    const auto now = Clock::now();
    // Bounded batches so that neither stream starves the other or the timers.
    const auto onTrackMessage = [&](const v1::TrackStreamMessage& m) {
      if (m.has_end_of_stream()) {
        tracks_ended = true;
        logLine(kProgram, "fusiond ended its track stream");
      } else if (m.has_track()) {
        bridge.onTrack(m.track(), now);
      }
    };
    const auto onAlertMessage = [&](const v1::AlertStreamMessage& m) {
      if (!ready && (m.has_heartbeat() || m.has_alert())) {
        ready = true;
        std::printf("READY tracks=%s alerts=%s cot=%s\n", o.tracks.c_str(), o.alerts.c_str(),
                    o.cot.c_str());
        std::fflush(stdout);
      }
      if (m.has_heartbeat()) {
        bridge.count("heartbeats");
      } else if (m.has_end_of_stream()) {
        alerts_ended = true;
        logLine(kProgram, "fusiond ended its alert stream");
      } else if (m.has_alert()) {
        bridge.onAlert(m.alert(), now);
      }
    };
    if (drainStream<v1::TrackStreamMessage>(track_sub, bridge, onTrackMessage) +
            drainStream<v1::AlertStreamMessage>(alert_sub, bridge, onAlertMessage) >
        0) {
      last_message = now;
    }
    bridge.tick(now);
    if (!o.geojson.empty() && now >= next_geojson) {
      bridge.writeGeoJson(o.geojson);
      next_geojson = now + seconds(o.geojson_interval_s);
    }
    if (o.timeout_s > 0 && now - last_message > seconds(o.timeout_s)) {
      logLine(kProgram, "nothing received for " + std::to_string(o.timeout_s) + " s; giving up");
      exit_code = 3;
      break;
    }
  }
  // Pending rate-limited updates go out before the end.
  bridge.tick(Clock::now() + seconds(o.min_interval_s));
  if (!o.geojson.empty()) bridge.writeGeoJson(o.geojson);
  sender->finish(std::chrono::duration_cast<std::chrono::milliseconds>(seconds(o.drain_s)));
  std::printf("SUMMARY %s %s\n", bridge.report().c_str(), sender->report().c_str());
  std::fflush(stdout);
  return exit_code;
}
