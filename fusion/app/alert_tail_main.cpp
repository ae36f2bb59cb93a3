// alert-tail: follows fusiond's alert stream and prints one line per alert event.
//
//   alert-tail --connect ENDPOINT [--json] [--partner ID] [--until-end] [--max-alerts N]
//              [--timeout-s S]
//
// Status lines ("connected", sequence gaps, end of stream) go to stderr, alerts to stdout.

#include <google/protobuf/util/json_util.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>

#include "app/log.hpp"
#include "io/transport.hpp"
#include "picket/v1/tracks.pb.h"

namespace {

void usage() {
  std::fprintf(stderr,
               "usage: alert-tail --connect ENDPOINT [--json] [--partner ID] [--until-end]\n"
               "                  [--max-alerts N] [--timeout-s S]\n"
               "  --connect ENDPOINT  fusiond's alert endpoint, e.g. tcp://127.0.0.1:5552\n"
               "  --json              one JSON object per alert (protobuf JSON mapping,\n"
               "                      field names as in the .proto)\n"
               "  --partner ID        only alerts that cue this partner\n"
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

}  // namespace

int main(int argc, char** argv) {
  using picket::app::logLine;
  std::string endpoint;
  std::string partner;
  bool json = false;
  bool until_end = false;
  long max_alerts = 0;
  double timeout_s = 0;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (a == "--connect" && i + 1 < argc) {
        endpoint = argv[++i];
      } else if (a == "--partner" && i + 1 < argc) {
        partner = argv[++i];
      } else if (a == "--json") {
        json = true;
      } else if (a == "--until-end") {
        until_end = true;
      } else if (a == "--max-alerts" && i + 1 < argc) {
        max_alerts = std::stol(argv[++i]);
      } else if (a == "--timeout-s" && i + 1 < argc) {
        timeout_s = std::stod(argv[++i]);
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
  if (endpoint.empty()) {
    usage();
    return 2;
  }

  zmq::context_t context(1);
  picket::io::SocketFactory sockets(context);
  zmq::socket_t sub;
  try {
    sub = sockets.connectStreamInput(picket::io::EndpointConfig{endpoint},
                                     {"alert/", "hb", "end"});
  } catch (const zmq::error_t& e) {
    std::fprintf(stderr, "alert-tail: cannot connect to '%s': %s\n", endpoint.c_str(), e.what());
    return 1;
  }
  const auto wait = timeout_s > 0 ? std::chrono::milliseconds(static_cast<long>(timeout_s * 1000))
                                  : std::chrono::milliseconds(-1);
  bool connected = false;
  std::uint64_t last_sequence = 0;
  long alerts = 0;
  google::protobuf::util::JsonPrintOptions json_options;
  json_options.preserve_proto_field_names = true;

  while (true) {
    auto msg = picket::io::receiveMessage(sub, wait);
    if (!msg) {
      logLine("alert-tail", "no message for " + std::to_string(timeout_s) + " s; giving up");
      return 3;
    }
    picket::v1::AlertStreamMessage m;
    if (!msg->well_formed ||
        !m.ParseFromArray(msg->payload.data(), static_cast<int>(msg->payload.size()))) {
      logLine("alert-tail", "ignored a malformed message on topic '" + msg->topic + "'");
      continue;
    }
    if (!connected) {
      connected = true;
      const std::uint64_t at = m.has_heartbeat() ? m.heartbeat().last_stream_sequence()
                                                 : m.alert().stream_sequence();
      logLine("alert-tail", "connected to " + endpoint + " (stream at sequence " +
                                std::to_string(at) + ")");
      if (m.has_heartbeat()) last_sequence = at;
    }
    if (m.has_heartbeat()) {
      const std::uint64_t s = m.heartbeat().last_stream_sequence();
      if (s > last_sequence) {
        logLine("alert-tail", "missed alerts " + std::to_string(last_sequence + 1) + ".." +
                                  std::to_string(s));
        last_sequence = s;
      }
      continue;
    }
    if (m.has_end_of_stream()) {
      logLine("alert-tail", "fusiond ended its stream after " +
                                std::to_string(m.end_of_stream().messages_sent()) + " alerts");
      if (until_end) return 0;
      continue;
    }
    if (!m.has_alert()) continue;
    const auto& a = m.alert();
    if (last_sequence != 0 && a.stream_sequence() > last_sequence + 1) {
      logLine("alert-tail", "missed alerts " + std::to_string(last_sequence + 1) + ".." +
                                std::to_string(a.stream_sequence() - 1));
    }
    last_sequence = std::max(last_sequence, a.stream_sequence());
    if (!partner.empty()) {
      bool cues = false;
      for (const auto& p : a.partners()) cues = cues || p.partner_id() == partner;
      if (!cues) continue;
    }
    if (json) {
      std::string out;
      (void)google::protobuf::util::MessageToJsonString(a, &out, json_options);
      std::printf("%s\n", out.c_str());
    } else {
      std::printf("%s\n", readable(a).c_str());
    }
    std::fflush(stdout);
    if (max_alerts > 0 && ++alerts >= max_alerts) return 0;
  }
}
