// alert-tail: follows one channel of fusiond's alert stream and prints each alert event once,
// in sequence order, recovering what it missed from fusiond's journal (docs/alert-stream.md).
//
//   alert-tail --connect ENDPOINT [--partner ID] [--since N] [--recovery ENDPOINT]
//              [--json] [--until-end] [--max-alerts N] [--timeout-s S]
//
// Status lines ("connected", recoveries, losses, end of stream) go to stderr, alerts to stdout.
// The first stderr line is "connected ..." once the first message of the channel arrived.

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <string>

#include "app/log.hpp"
#include "io/alert_channels.hpp"
#include "io/transport.hpp"
#include "picket/v1/tracks.pb.h"

namespace {

void usage() {
  std::fprintf(
      stderr,
      "usage: alert-tail --connect ENDPOINT [--partner ID] [--since N] [--recovery ENDPOINT]\n"
      "                  [--json] [--until-end] [--max-alerts N] [--timeout-s S]\n"
      "  --connect ENDPOINT  fusiond's alert endpoint, e.g. tcp://127.0.0.1:5552\n"
      "  --partner ID        follow this partner's channel (the alerts releasable to it, with\n"
      "                      its own sequence numbers); default: the full stream \"*\" (every\n"
      "                      alert, numbered by fusiond's journal sequence)\n"
      "  --since N           start after sequence N of the channel: recover N+1.. from the\n"
      "                      journal first (0 = from the beginning); default: from now on\n"
      "  --recovery ENDPOINT fusiond's recovery endpoint; default: the one its heartbeats\n"
      "                      advertise (none: gaps are reported, not filled)\n"
      "  --json              one JSON object per alert (protobuf JSON mapping,\n"
      "                      field names as in the .proto)\n"
      "  --until-end         exit when fusiond announces the end of its stream\n"
      "  --max-alerts N      exit after N alerts\n"
      "  --timeout-s S       exit with status 3 if nothing arrives for S seconds\n");
}

std::string utc(std::int64_t ns) {
  const std::time_t s = static_cast<std::time_t>(ns / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string latLon(const picket::v1::GeoPoint& p) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f%c %.4f%c", std::abs(p.lat_deg()), p.lat_deg() >= 0 ? 'N' : 'S',
                std::abs(p.lon_deg()), p.lon_deg() >= 0 ? 'E' : 'W');
  return buf;
}

const char* stateName(picket::v1::AlertState s) {
  switch (s) {
    case picket::v1::ALERT_STATE_OPEN: return "OPEN";
    case picket::v1::ALERT_STATE_UPDATED: return "UPDATE";
    case picket::v1::ALERT_STATE_ESCALATED: return "ESCALATE";
    case picket::v1::ALERT_STATE_CLOSED: return "CLOSED";
    default: return "?";
  }
}

const char* severityName(picket::v1::Severity s) {
  switch (s) {
    case picket::v1::SEVERITY_INFO: return "INFO";
    case picket::v1::SEVERITY_LOW: return "LOW";
    case picket::v1::SEVERITY_MEDIUM: return "MEDIUM";
    case picket::v1::SEVERITY_HIGH: return "HIGH";
    case picket::v1::SEVERITY_CRITICAL: return "CRITICAL";
    default: return "?";
  }
}

std::string readable(const picket::v1::Alert& a) {
  const auto& t = a.track();
  char head[256];
  std::snprintf(head, sizeof head, "%s #%llu %-8s %s %s track %llu at %s %.1f kn %03.0f deg conf %.2f",
                utc(a.header().time_ns()).c_str(),
                static_cast<unsigned long long>(a.stream_sequence()), stateName(a.state()),
                a.rule().c_str(), severityName(a.severity()),
                static_cast<unsigned long long>(t.track_id()), latLon(t.position()).c_str(),
                t.speed_kn(), t.course_deg(), a.confidence());
  std::string line = head;
  std::string cue;
  for (const auto& p : a.partners()) {
    cue += (cue.empty() ? "" : ", ") + p.partner_id() + " (" + p.basis() + ")";
  }
  line += " | cue " + (cue.empty() ? std::string("none") : cue);
  for (const auto& p : a.predicted()) {
    const double minutes = static_cast<double>(p.time_ns() - a.header().time_ns()) / 60e9;
    char buf[128];
    std::snprintf(buf, sizeof buf, " | +%.0f min %s +/-%.1f km", minutes,
                  latLon(p.position()).c_str(), p.semi_major_95_m() / 1000.0);
    line += buf;
  }
  line += " | " + a.reason();
  return line;
}

/// "tcp://0.0.0.0:5553" advertised by a daemon bound to every interface: connect to the host
/// the alert stream was reached on instead.
std::string reachable(const std::string& advertised, const std::string& stream_endpoint) {
  const std::string tcp = "tcp://";
  if (!advertised.starts_with(tcp) || !stream_endpoint.starts_with(tcp)) return advertised;
  const auto port_at = advertised.rfind(':');
  const std::string host = advertised.substr(tcp.size(), port_at - tcp.size());
  if (host != "0.0.0.0" && host != "*" && host != "[::]" && host != "::") return advertised;
  const auto stream_port_at = stream_endpoint.rfind(':');
  return stream_endpoint.substr(0, stream_port_at) + advertised.substr(port_at);
}

std::string range(std::uint64_t from, std::uint64_t to) {
  return from == to ? std::to_string(from) : std::to_string(from) + ".." + std::to_string(to);
}

struct Options {
  std::string endpoint;
  std::string channel = std::string(picket::io::kFullStreamChannel);
  std::optional<std::uint64_t> since;
  std::string recovery;
  bool json = false;
  bool until_end = false;
  long max_alerts = 0;
  double timeout_s = 0;
};

/// Follows one channel: live events, heartbeats and recovery replies go in, each event comes
/// out once in sequence order. Duplicates (sequence <= last applied) are dropped; a gap seen
/// in an alert or a heartbeat starts a recovery request since the last applied sequence.
class Follower {
 public:
  Follower(const Options& options, picket::io::SocketFactory& sockets)
      : o_(options), sockets_(sockets) {
    json_options_.preserve_proto_field_names = true;
    if (o_.since) {
      applied_ = *o_.since;
      positioned_ = true;
      known_last_ = applied_;
    }
    if (!o_.recovery.empty()) connectRecovery(o_.recovery);
  }

  /// Returns an exit code when the follower is done.
  std::optional<int> onStream(const picket::io::ReceivedMessage& msg) {
    picket::v1::AlertStreamMessage m;
    if (!msg.well_formed ||
        !m.ParseFromArray(msg.payload.data(), static_cast<int>(msg.payload.size()))) {
      say("ignored a malformed message on topic '" + msg.topic + "'");
      return std::nullopt;
    }
    if (m.has_end_of_stream()) return onEnd(m.end_of_stream());
    if (m.has_heartbeat()) return onHeartbeat(m.heartbeat());
    if (m.has_alert()) return onLive(m.alert());
    return std::nullopt;
  }

  std::optional<int> onRecovery(const picket::io::ReceivedMessage& msg) {
    picket::v1::AlertRecoveryReply r;
    if (!msg.well_formed ||
        !r.ParseFromArray(msg.payload.data(), static_cast<int>(msg.payload.size()))) {
      say("ignored a malformed recovery reply");
      return std::nullopt;
    }
    if (!in_flight_ || r.request_sequence() != request_sequence_) return std::nullopt;  // stale
    if (r.has_alert()) {
      const std::uint64_t s = r.alert().stream_sequence();
      if (s <= applied_) return std::nullopt;
      if (s > applied_ + 1) {
        say("alerts " + range(applied_ + 1, s - 1) + " are not in fusiond's journal: lost");
        applied_ = s - 1;
      }
      ++recovered_;
      if (auto done = apply(r.alert())) return done;
      return deliverPending();
    }
    in_flight_ = false;
    if (r.has_error()) {
      say("recovery refused: " + r.error());
      if (r.error().find("no alert journal") != std::string::npos) {
        recovery_.reset();  // nothing to recover from: report gaps instead
        return skipGap();
      }
      return std::nullopt;  // the next heartbeat tries again
    }
    const auto& end = r.end();
    say("recovered " + std::to_string(recovered_) + " alerts (channel at " +
        std::to_string(end.last_sequence()) + ")");
    recovered_ = 0;
    known_last_ = std::max(known_last_, end.last_sequence());
    if (auto done = deliverPending()) return done;
    const std::uint64_t target = pending_.empty() ? known_last_ : pending_.begin()->first - 1;
    if (applied_ >= target) return std::nullopt;
    if (!end.complete()) {
      requestRecovery();
      return std::nullopt;
    }
    // Stalled: the same gap after several complete replies (fusiond failed to journal them).
    stalled_ = applied_ == applied_at_last_end_ ? stalled_ + 1 : 0;
    applied_at_last_end_ = applied_;
    if (end.last_sequence() >= target || stalled_ >= kMaxStalledReplies) {
      // The journal sent all it holds of the range: the rest is lost for good.
      say("alerts " + range(applied_ + 1, target) + " are not in fusiond's journal: lost");
      applied_ = target;
      stalled_ = 0;
      return deliverPending();
    }
    // Otherwise they were published after the journal was read: the next heartbeat asks again.
    return std::nullopt;
  }

  /// Called on every wake-up: a request that got no reply is given up, to be asked again.
  void tick() {
    if (in_flight_ && std::chrono::steady_clock::now() > request_deadline_) {
      in_flight_ = false;
      say("no reply from the recovery endpoint; asking again when the stream shows a gap");
    }
  }

  zmq::socket_t* recoverySocket() { return recovery_ ? &*recovery_ : nullptr; }

 private:
  std::optional<int> onHeartbeat(const picket::v1::Heartbeat& hb) {
    if (hb.channel() != o_.channel) return std::nullopt;
    heard_heartbeat_ = true;
    if (o_.recovery.empty() && !hb.recovery_endpoint().empty()) {
      const std::string endpoint = reachable(hb.recovery_endpoint(), o_.endpoint);
      if (endpoint != recovery_endpoint_) connectRecovery(endpoint);
    }
    const std::uint64_t last = hb.last_stream_sequence();
    if (!positioned_) {
      positioned_ = true;
      applied_ = last;
    }
    connected(last);
    if (last < applied_ && pending_.empty()) {
      say("the channel went back from sequence " + std::to_string(applied_) + " to " +
          std::to_string(last) + ": fusiond restarted without its journal");
      applied_ = last;
      known_last_ = last;
      return std::nullopt;
    }
    known_last_ = std::max(known_last_, last);
    return fillGap();
  }

  std::optional<int> onLive(const picket::v1::Alert& a) {
    if (a.channel() != o_.channel) return std::nullopt;
    const std::uint64_t s = a.stream_sequence();
    if (!positioned_) {
      positioned_ = true;
      applied_ = s - 1;
    }
    connected(s);
    known_last_ = std::max(known_last_, s);
    if (s <= applied_) return std::nullopt;  // seen already (recovered, or sent twice)
    pending_.emplace(s, a);
    if (auto done = deliverPending()) return done;
    return fillGap();
  }

  std::optional<int> onEnd(const picket::v1::EndOfStream& e) {
    connected(applied_);
    if (applied_ < known_last_) {
      say("fusiond ended its stream with alerts " + range(applied_ + 1, known_last_) +
          " not received");
    }
    say("fusiond ended its stream (journal at " + std::to_string(e.messages_sent()) + ")");
    if (o_.until_end) return 0;
    return std::nullopt;
  }

  /// After new knowledge: a gap either starts a recovery or, without one, is reported.
  std::optional<int> fillGap() {
    const std::uint64_t target = pending_.empty() ? known_last_ : pending_.begin()->first - 1;
    if (applied_ >= target) return std::nullopt;
    if (recovery_) {
      if (!in_flight_) requestRecovery();
      return std::nullopt;
    }
    // The first heartbeat says where to recover from: until then a gap waits.
    if (!heard_heartbeat_) return std::nullopt;
    return skipGap();
  }

  std::optional<int> skipGap() {
    const std::uint64_t target = pending_.empty() ? known_last_ : pending_.begin()->first - 1;
    if (applied_ >= target) return std::nullopt;
    say("missed alerts " + range(applied_ + 1, target) + " (no recovery endpoint)");
    applied_ = target;
    return deliverPending();
  }

  std::optional<int> deliverPending() {
    while (!pending_.empty() && pending_.begin()->first <= applied_ + 1) {
      auto node = pending_.extract(pending_.begin());
      if (node.key() <= applied_) continue;
      if (auto done = apply(node.mapped())) return done;
    }
    return std::nullopt;
  }

  std::optional<int> apply(const picket::v1::Alert& a) {
    applied_ = a.stream_sequence();
    if (o_.json) {
      std::string out;
      (void)google::protobuf::util::MessageToJsonString(a, &out, json_options_);
      std::printf("%s\n", out.c_str());
    } else {
      std::printf("%s\n", readable(a).c_str());
    }
    std::fflush(stdout);
    if (o_.max_alerts > 0 && ++printed_ >= o_.max_alerts) return 0;
    return std::nullopt;
  }

  void requestRecovery() {
    if (!recovery_) return;
    picket::v1::AlertRecoveryRequest r;
    r.mutable_header()->set_source_id("alert-tail");
    r.mutable_header()->set_sequence(++request_sequence_);
    r.mutable_header()->set_time_ns(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
    r.set_channel(o_.channel);
    r.set_since_sequence(applied_);
    if (!picket::io::sendRequest(*recovery_, r)) return;  // not connected yet: next heartbeat
    in_flight_ = true;
    request_deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  }

  void connectRecovery(const std::string& endpoint) {
    recovery_ = sockets_.connectRecoveryClient(picket::io::EndpointConfig{endpoint});
    recovery_endpoint_ = endpoint;
    in_flight_ = false;
  }

  void connected(std::uint64_t at) {
    if (connected_) return;
    connected_ = true;
    say("connected to " + o_.endpoint + " channel " + o_.channel + " (stream at sequence " +
        std::to_string(at) + (o_.since ? ", following from " + std::to_string(*o_.since) : "") +
        ")");
  }

  static void say(const std::string& text) { picket::app::logLine("alert-tail", text); }

  const Options& o_;
  picket::io::SocketFactory& sockets_;
  google::protobuf::util::JsonPrintOptions json_options_;
  std::optional<zmq::socket_t> recovery_;
  std::string recovery_endpoint_;
  bool connected_ = false;
  bool heard_heartbeat_ = false;
  bool positioned_ = false;
  std::uint64_t applied_ = 0;     ///< the last sequence printed (or skipped as lost)
  std::uint64_t known_last_ = 0;  ///< the newest sequence known to exist
  std::map<std::uint64_t, picket::v1::Alert> pending_;  ///< live events after a gap
  bool in_flight_ = false;
  std::uint64_t request_sequence_ = 0;
  std::chrono::steady_clock::time_point request_deadline_;
  std::uint64_t recovered_ = 0;
  static constexpr int kMaxStalledReplies = 5;
  int stalled_ = 0;
  std::uint64_t applied_at_last_end_ = 0;
  long printed_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  using picket::app::logLine;
  Options o;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (a == "--connect" && i + 1 < argc) {
        o.endpoint = argv[++i];
      } else if (a == "--partner" && i + 1 < argc) {
        o.channel = argv[++i];
      } else if (a == "--since" && i + 1 < argc) {
        const std::string v = argv[++i];
        if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos) {
          throw std::invalid_argument("--since");
        }
        o.since = std::stoull(v);
      } else if (a == "--recovery" && i + 1 < argc) {
        o.recovery = argv[++i];
      } else if (a == "--json") {
        o.json = true;
      } else if (a == "--until-end") {
        o.until_end = true;
      } else if (a == "--max-alerts" && i + 1 < argc) {
        o.max_alerts = std::stol(argv[++i]);
      } else if (a == "--timeout-s" && i + 1 < argc) {
        o.timeout_s = std::stod(argv[++i]);
      } else if (a == "--help" || a == "-h") {
        usage();
        return 0;
      } else {
        std::fprintf(stderr, "alert-tail: unknown argument '%s'\n", a.c_str());
        usage();
        return 2;
      }
    }
  } catch (const std::exception&) {
    usage();
    return 2;
  }
  if (o.endpoint.empty()) {
    usage();
    return 2;
  }
  if (!picket::io::validChannel(o.channel)) {
    std::fprintf(stderr, "alert-tail: --partner '%s' is not a partner ID (%s)\n",
                 o.channel.c_str(), picket::io::kChannelIdRule);
    return 2;
  }

  zmq::context_t context(1);
  picket::io::SocketFactory sockets(context);
  zmq::socket_t sub;
  std::optional<Follower> follower;
  try {
    // Subscribed before any recovery request, so that nothing published after the request
    // falls between the two (the ZeroMQ guide's Clone pattern).
    sub = sockets.connectStreamInput(
        picket::io::EndpointConfig{o.endpoint},
        {picket::io::alertTopicPrefix(o.channel), picket::io::heartbeatTopic(o.channel),
         std::string(picket::io::kEndTopic)});
    follower.emplace(o, sockets);
  } catch (const zmq::error_t& e) {
    std::fprintf(stderr, "alert-tail: cannot connect to '%s': %s\n", o.endpoint.c_str(), e.what());
    return 1;
  }
  using Clock = std::chrono::steady_clock;
  const auto idle_limit = std::chrono::milliseconds(static_cast<long>(o.timeout_s * 1000));
  auto last_message = Clock::now();

  while (true) {
    zmq::socket_t* recovery = follower->recoverySocket();
    zmq::pollitem_t items[] = {{sub.handle(), 0, ZMQ_POLLIN, 0},
                               {recovery ? recovery->handle() : nullptr, 0, ZMQ_POLLIN, 0}};
    // Wake at least every 200 ms to time out unanswered recovery requests.
    zmq::poll(items, recovery ? 2 : 1, std::chrono::milliseconds(200));
    follower->tick();
    bool any = false;
    while (auto msg = picket::io::receiveMessage(sub, std::chrono::milliseconds(0))) {
      any = true;
      if (auto code = follower->onStream(*msg)) return *code;
    }
    // The socket may have been replaced while handling the stream (a new endpoint advertised).
    if (recovery == follower->recoverySocket() && recovery != nullptr) {
      while (auto msg = picket::io::receiveReply(*recovery, std::chrono::milliseconds(0))) {
        any = true;
        if (auto code = follower->onRecovery(*msg)) return *code;
      }
    }
    if (any) {
      last_message = Clock::now();
    } else if (o.timeout_s > 0 && Clock::now() - last_message > idle_limit) {
      logLine("alert-tail", "no message for " + std::to_string(o.timeout_s) + " s; giving up");
      return 3;
    }
  }
}
