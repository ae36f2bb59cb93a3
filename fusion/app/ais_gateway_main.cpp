// ais-gateway: real AIS into Picket. Reads AIS NMEA 0183 (!AIVDM / !AIVDO, NMEA 4.0 tag
// blocks, receiver trailers) from a file, stdin, UDP or a TCP server, decodes it
// (io/ais_*.hpp) and publishes position reports and static data to fusiond's feed input,
// writes them to a recording, and/or prints gpsd-compatible JSON. Bad input is counted by
// reason, never fatal. Usage: ais-gateway --help; docs/ais-gateway.md.
//
// One thread: the input loop (a blocking file read, or an Asio io_context for UDP/TCP with
// its signal set and timers) owns the decoder, the converter and every output.

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "app/log.hpp"
#include "io/ais_decoder.hpp"
#include "io/ais_feed.hpp"
#include "io/ais_gpsd_json.hpp"
#include "io/ais_lines.hpp"
#include "io/recording_writer.hpp"
#include "io/transport.hpp"
#include "picket/v1/sensors.pb.h"

namespace {

namespace ais = picket::io::ais;
namespace core = picket::core;
namespace io = picket::io;
namespace v1 = picket::v1;
namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kProgram = "ais-gateway";
constexpr std::uint16_t kDefaultNmeaPort = 10110;  // the NMEA-over-IP port OpenCPN, AIS-catcher use

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void onSignal(int /*signal*/) { g_interrupted = 1; }

enum class TimeSource { Tag, Wall };

struct Options {
  std::optional<std::string> file;  // "-" = stdin
  std::optional<std::string> udp_host;
  std::uint16_t udp_port = kDefaultNmeaPort;
  std::optional<std::string> tcp_host;
  std::string tcp_port;
  std::optional<std::string> connect;
  std::string source_id;
  std::optional<std::string> record;
  bool json = false;
  bool json_unscaled = false;
  TimeSource time = TimeSource::Tag;
  double speed = 0;  // 0 = as fast as possible (file input only)
  double stats_interval_s = 60;
  double wait_subscriber_s = 30;
  double fragment_timeout_s = 10;
  bool quiet = false;
};

void usage(std::ostream& os) {
  os << "usage: ais-gateway INPUT OUTPUT... [options]\n"
        "inputs (exactly one):\n"
        "  --file F                 NMEA log; '-' = stdin\n"
        "  --udp [HOST:]PORT        NMEA datagrams (AIS-catcher, rtl-ais, OpenCPN). HOST\n"
        "                           defaults to 127.0.0.1 (loopback only: NMEA is\n"
        "                           unauthenticated); give 0.0.0.0 or :: to listen on every\n"
        "                           interface. PORT defaults to 10110; 0 = ephemeral\n"
        "  --tcp HOST:PORT          connect to an NMEA TCP server; reconnects after loss\n"
        "outputs (at least one):\n"
        "  --connect ENDPOINT       publish to fusiond's feed input (e.g. tcp://127.0.0.1:5550)\n"
        "  --record FILE            write the published feed messages to a Picket recording\n"
        "  --json                   gpsd-compatible JSON on stdout, one object per message\n"
        "                           (as gpsdecode -j); --json-unscaled: as gpsdecode -u -j\n"
        "options:\n"
        "  --source-id ID           the AIS sensor id configured in fusiond (required with\n"
        "                           --connect and --record)\n"
        "  --time tag|wall          receive time: the receiver's own time stamp when there\n"
        "                           is one (tag block c:, USCG trailer, else the stream's\n"
        "                           latest $--RMC/$--ZDA), else the wall clock (tag,\n"
        "                           default); or always the wall clock (wall)\n"
        "  --speed X                file input: replay at X times the receivers' time stamps\n"
        "                           (default: as fast as possible)\n"
        "  --stats-interval-s S     counters on stderr every S s (default 60; 0 = at exit only)\n"
        "  --wait-subscriber-s S    with --connect: wait this long for fusiond (default 30)\n"
        "  --fragment-timeout-s S   drop a multi-sentence message unfinished after S s\n"
        "                           (default 10)\n"
        "  --quiet                  no periodic counters\n"
        "exit: 0 done, 1 runtime error (no subscriber, file unreadable), 2 bad arguments,\n"
        "130 interrupted (counters and EndOfStream are still written)\n";
}

double parseDouble(const std::string& flag, const std::string& v, double lo, double hi) {
  std::size_t used = 0;
  double x = 0;
  try {
    x = std::stod(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || !(x >= lo && x <= hi)) {
    throw std::invalid_argument(flag + ": expected a number in [" + std::to_string(lo) + ", " +
                                std::to_string(hi) + "], got '" + v + "'");
  }
  return x;
}

std::uint16_t parsePort(const std::string& flag, const std::string& v) {
  return static_cast<std::uint16_t>(parseDouble(flag, v, 0, 65535));
}

/// "[HOST:]PORT", "[v6]:PORT". Returns {host, port}; host empty when absent.
std::pair<std::string, std::string> splitHostPort(const std::string& v) {
  if (!v.empty() && v.front() == '[') {
    const auto close = v.find(']');
    if (close == std::string::npos || close + 1 >= v.size() || v[close + 1] != ':') return {"", ""};
    return {v.substr(1, close - 1), v.substr(close + 2)};
  }
  const auto colon = v.rfind(':');
  if (colon == std::string::npos) return {"", v};
  return {v.substr(0, colon), v.substr(colon + 1)};
}

Options parseArgs(int argc, char** argv) {
  Options o;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto value = [&](std::size_t& i) -> const std::string& {
    if (i + 1 >= args.size()) throw std::invalid_argument(args[i] + ": missing value");
    return args[++i];
  };
  int inputs = 0;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      usage(std::cout);
      std::exit(0);
    } else if (a == "--file") {
      o.file = value(i);
      ++inputs;
    } else if (a == "--udp") {
      ++inputs;
      o.udp_host = "127.0.0.1";
      if (i + 1 < args.size() && !args[i + 1].starts_with("--")) {
        const auto [host, port] = splitHostPort(value(i));
        if (!host.empty()) o.udp_host = host;
        o.udp_port = parsePort("--udp", port);
      }
    } else if (a == "--tcp") {
      ++inputs;
      const auto [host, port] = splitHostPort(value(i));
      if (host.empty() || port.empty()) throw std::invalid_argument("--tcp: expected HOST:PORT");
      parsePort("--tcp", port);
      o.tcp_host = host;
      o.tcp_port = port;
    } else if (a == "--connect") {
      o.connect = value(i);
    } else if (a == "--source-id") {
      o.source_id = value(i);
    } else if (a == "--record") {
      o.record = value(i);
    } else if (a == "--json") {
      o.json = true;
    } else if (a == "--json-unscaled") {
      o.json = true;
      o.json_unscaled = true;
    } else if (a == "--time") {
      const std::string& v = value(i);
      if (v == "tag") {
        o.time = TimeSource::Tag;
      } else if (v == "wall") {
        o.time = TimeSource::Wall;
      } else {
        throw std::invalid_argument("--time: expected tag or wall, got '" + v + "'");
      }
    } else if (a == "--speed") {
      o.speed = parseDouble(a, value(i), 1e-3, 1e6);
    } else if (a == "--stats-interval-s") {
      o.stats_interval_s = parseDouble(a, value(i), 0, 86400);
    } else if (a == "--wait-subscriber-s") {
      o.wait_subscriber_s = parseDouble(a, value(i), 0, 3600);
    } else if (a == "--fragment-timeout-s") {
      o.fragment_timeout_s = parseDouble(a, value(i), 0.001, 3600);
    } else if (a == "--quiet") {
      o.quiet = true;
    } else {
      throw std::invalid_argument("unknown argument '" + a + "'");
    }
  }
  if (inputs != 1) throw std::invalid_argument("give exactly one of --file, --udp, --tcp");
  if (!o.connect && !o.record && !o.json) {
    throw std::invalid_argument("give at least one output: --connect, --record or --json");
  }
  if ((o.connect || o.record) && o.source_id.empty()) {
    throw std::invalid_argument("--connect and --record need --source-id");
  }
  if (o.speed > 0 && !o.file) throw std::invalid_argument("--speed applies to --file only");
  return o;
}

std::int64_t wallNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Decoder, converter and outputs: everything after the bytes arrive.
class Gateway {
 public:
  Gateway(const Options& options, zmq::context_t& context, std::string device)
      : options_(options),
        decoder_(decoderOptions(options)),
        json_(std::move(device), !options.json_unscaled) {
    if (!options.source_id.empty()) {
      converter_.emplace(options.source_id);
      topic_ = "feed/ais/" + options.source_id;
    }
    if (options.connect) {
      io::SocketFactory factory(context);
      io::EndpointConfig endpoint{*options.connect};
      endpoint.linger = std::chrono::milliseconds(10'000);  // flush the tail of a fast replay
      socket_.emplace(factory.connectFeedOutput(endpoint));
    }
    if (options.record) {
      io::RecordingWriterOptions ro;
      ro.path = *options.record;
      ro.overwrite = true;
      ro.writer = kProgram;
      ro.metadata = {{"source_id", options.source_id}};
      recorder_.emplace(ro);
    }
    json_buffer_.reserve(1 << 16);
  }

  /// Waits for fusiond's subscription; false on timeout.
  bool waitForSubscriber() {
    if (!socket_) return true;
    const auto wait =
        std::chrono::milliseconds(static_cast<std::int64_t>(options_.wait_subscriber_s * 1000));
    return io::waitForSubscriber(*socket_, wait);
  }

  /// One line received at wall time `wall_ns`. Returns the receive time of the message it
  /// completed, if any.
  std::optional<core::Timestamp> line(std::string_view text, std::int64_t wall_ns) {
    const ais::DecodedMessage* m = decoder_.feedLine(text, wall_ns / 1'000'000);
    if (m == nullptr) return std::nullopt;
    const bool tag_time = options_.time == TimeSource::Tag;
    if (tag_time && m->receiver_time_ms) {
      const core::Timestamp rx{*m->receiver_time_ms * 1'000'000};
      if (pace_) pace_(rx);
      releaseHeld(rx);
      output(*m, rx);
      return rx;
    }
    if (tag_time && hold_until_clock_ && !clock_seen_) {
      // A file's first messages may precede its first time stamp (a GNSS sentence comes
      // once a second): they get that first time stamp rather than today's wall clock.
      held_.push_back(*m);
      if (held_.size() >= kMaxHeld) releaseHeld(core::Timestamp{wall_ns});
      return std::nullopt;
    }
    output(*m, core::Timestamp{wall_ns});
    return core::Timestamp{wall_ns};
  }

  /// File input: hold messages without a receiver time until the stream's first one.
  void holdUntilClock() { hold_until_clock_ = true; }

  /// Called with each receiver time stamp before its message is output (file pacing).
  void setPacer(std::function<void(core::Timestamp)> pace) { pace_ = std::move(pace); }

  /// Bytes from a stream or datagram.
  void bytes(std::string_view data, std::int64_t wall_ns) {
    const std::uint64_t before = splitter_.overlong();
    splitter_.feed(data, [&](std::string_view l) { line(l, wall_ns); });
    for (std::uint64_t i = before; i < splitter_.overlong(); ++i) {
      decoder_.count(ais::Reject::LineTooLong);
    }
  }

  /// A datagram is complete in itself: no line continues into the next one.
  void datagram(std::string_view data, std::int64_t wall_ns) {
    bytes(data, wall_ns);
    splitter_.flush([&](std::string_view l) { line(l, wall_ns); });
  }

  /// End of input: unfinished messages are counted, EndOfStream sent, files closed.
  void finish(const std::string& reason, std::int64_t wall_ns) {
    splitter_.flush([&](std::string_view l) { line(l, wall_ns); });
    decoder_.finish();
    releaseHeld(core::Timestamp{wall_ns});  // a file with no time stamp at all
    flushJson();
    if (socket_ && !options_.source_id.empty()) {
      v1::FeedMessage eos;
      auto& e = *eos.mutable_end_of_stream();
      e.mutable_header()->set_source_id(options_.source_id);
      e.mutable_header()->set_sequence(next_sequence_++);
      e.mutable_header()->set_time_ns(last_time_ ? last_time_->ns : wall_ns);
      e.set_reason(reason);
      e.set_messages_sent(sent_);
      if (!io::sendMessage(*socket_, "feed/eos/" + options_.source_id, eos)) ++send_failures_;
      socket_->close();  // blocks up to the linger while the queue drains
    }
    if (recorder_) recorder_->close();
  }

  /// Live input: what a read or datagram produced goes out now, not at the next tick.
  void flushOutput() { flushJson(); }

  void periodic(std::int64_t wall_ns) {
    flushJson();
    if (recorder_) recorder_->flushIfDue(core::Timestamp{wall_ns});
  }

  [[nodiscard]] std::string report() const {
    const ais::AisCounters& c = decoder_.counters();
    std::ostringstream os;
    os << "lines=" << c.lines << " sentences=" << c.sentences << " tag_blocks=" << c.tag_blocks
       << " clock_sentences=" << c.clock_sentences << " messages=" << c.messages;
    for (std::size_t t = 0; t < c.by_type.size(); ++t) {
      if (c.by_type[t] > 0) os << " type" << t << "=" << c.by_type[t];
    }
    for (std::size_t r = 0; r < c.rejected.size(); ++r) {
      if (c.rejected[r] > 0) {
        os << " rejected." << ais::toString(static_cast<ais::Reject>(r)) << "=" << c.rejected[r];
      }
    }
    for (std::size_t s = 0; s < skipped_.size(); ++s) {
      if (skipped_[s] > 0) {
        os << " skipped." << ais::toString(static_cast<ais::Skip>(s)) << "=" << skipped_[s];
      }
    }
    if (converter_) os << " published=" << sent_;
    if (recorder_) os << " recorded=" << recorded_;
    if (send_failures_ > 0) os << " send_failures=" << send_failures_;
    return os.str();
  }

  [[nodiscard]] bool sendFailed() const { return send_failures_ > 0; }

 private:
  static ais::DecoderOptions decoderOptions(const Options& o) {
    ais::DecoderOptions d;
    d.fragment_timeout_ms = static_cast<std::int64_t>(o.fragment_timeout_s * 1000.0);
    return d;
  }

  void output(const ais::DecodedMessage& m, core::Timestamp rx) {
    if (options_.json && json_.write(m.message, json_buffer_) && json_buffer_.size() > (1 << 15)) {
      flushJson();
    }
    if (converter_) {
      const ais::FeedOutput out = converter_->convert(m, rx, next_sequence_, feed_);
      if (out.skipped) ++skipped_[static_cast<std::size_t>(*out.skipped)];
      for (int i = 0; i < out.count; ++i) publish(feed_[i], rx);
    }
  }

  void releaseHeld(core::Timestamp rx) {
    clock_seen_ = true;
    for (const auto& h : held_) output(h, rx);
    held_.clear();
    held_.shrink_to_fit();
  }

  void publish(const v1::FeedMessage& message, core::Timestamp rx) {
    last_time_ = rx;
    if (socket_) {
      if (io::sendMessage(*socket_, topic_, message)) {
        ++sent_;
      } else {
        ++send_failures_;
      }
    } else {
      ++sent_;
    }
    if (recorder_) {
      recorder_->appendFeed(rx, topic_, message);
      ++recorded_;
    }
  }

  void flushJson() {
    if (json_buffer_.empty()) return;
    std::fwrite(json_buffer_.data(), 1, json_buffer_.size(), stdout);
    std::fflush(stdout);
    json_buffer_.clear();
  }

  const Options& options_;
  ais::Decoder decoder_;
  ais::LineSplitter splitter_;
  ais::GpsdJsonWriter json_;
  std::string json_buffer_;
  std::optional<ais::FeedConverter> converter_;
  std::string topic_;
  std::optional<zmq::socket_t> socket_;
  std::optional<io::RecordingWriter> recorder_;
  v1::FeedMessage feed_[2];
  std::uint64_t next_sequence_ = 1;
  std::uint64_t sent_ = 0;
  std::uint64_t recorded_ = 0;
  std::uint64_t send_failures_ = 0;
  std::optional<core::Timestamp> last_time_;
  std::array<std::uint64_t, static_cast<std::size_t>(ais::Skip::kCount)> skipped_{};
  std::function<void(core::Timestamp)> pace_;
  static constexpr std::size_t kMaxHeld = 10'000;
  bool hold_until_clock_ = false;
  bool clock_seen_ = false;
  std::vector<ais::DecodedMessage> held_;
};

void logReport(const Gateway& g, const char* when) {
  picket::app::logLine(kProgram, std::string(when) + " " + g.report());
}

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0));
}

/// File or stdin: read, decode, optionally pace by the receivers' time stamps.
int runFile(const Options& o, Gateway& g) {
  std::FILE* f = *o.file == "-" ? stdin : std::fopen(o.file->c_str(), "rb");
  if (f == nullptr) {
    picket::app::logLine(kProgram, "cannot open '" + *o.file + "': " + std::strerror(errno));
    return 1;
  }
  // No SA_RESTART: a read blocked on a quiet stdin returns on SIGINT.
  struct sigaction action {};
  action.sa_handler = onSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  const SteadyClock::time_point wall_start = SteadyClock::now();
  SteadyClock::time_point next_stats = wall_start + millis(o.stats_interval_s);
  if (o.speed > 0) {
    std::optional<core::Timestamp> first;
    g.setPacer([&o, wall_start, first](core::Timestamp rx) mutable {
      if (!first) first = rx;
      // Due (rx - first) / speed after the start; receivers' clocks step back sometimes:
      // such lines are simply not delayed.
      const auto due = wall_start + std::chrono::nanoseconds(static_cast<std::int64_t>(
                                        static_cast<double>((rx - *first).ns) / o.speed));
      while (g_interrupted == 0 && SteadyClock::now() < due) {
        std::this_thread::sleep_until(std::min(due, SteadyClock::now() + millis(0.2)));
      }
    });
  }
  std::vector<char> buffer(1 << 16);
  bool read_error = false;
  while (g_interrupted == 0) {
    const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), f);
    if (n > 0) g.bytes(std::string_view(buffer.data(), n), wallNowNs());
    if (n < buffer.size()) {
      read_error = std::ferror(f) != 0 && !(errno == EINTR && g_interrupted != 0);
      if (std::feof(f) || std::ferror(f) != 0) break;
    }
    if (!o.quiet && o.stats_interval_s > 0 && SteadyClock::now() >= next_stats) {
      logReport(g, "progress");
      next_stats += millis(o.stats_interval_s);
    }
    g.periodic(wallNowNs());
  }
  if (f != stdin) std::fclose(f);
  const bool interrupted = g_interrupted != 0;
  g.finish(interrupted ? "interrupted" : "end of file", wallNowNs());
  logReport(g, interrupted ? "interrupted" : "done");
  if (read_error) {
    picket::app::logLine(kProgram, "read error on '" + *o.file + "'");
    return 1;
  }
  if (interrupted) return 130;
  return g.sendFailed() ? 1 : 0;
}

/// UDP and TCP: an Asio loop with a signal set and a stats/flush timer.
class LiveInput {
 public:
  LiveInput(const Options& o, Gateway& g) : o_(o), g_(g), signals_(io_, SIGINT, SIGTERM), timer_(io_) {}

  int run() {
    if (o_.udp_host) {
      udp_.emplace(io::SocketFactory::bindNmeaUdp(io_, *o_.udp_host, o_.udp_port));
      const auto local = udp_->local_endpoint();
      ready("udp=" + local.address().to_string() + ":" + std::to_string(local.port()));
      receiveDatagram();
    } else {
      tcp_endpoints_ = io::SocketFactory::resolveNmeaTcp(io_, *o_.tcp_host, o_.tcp_port);
      ready("tcp=" + *o_.tcp_host + ":" + o_.tcp_port);
      connect();
    }
    signals_.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) stop();
    });
    tick();
    io_.run();
    g_.finish("interrupted", wallNowNs());
    logReport(g_, "stopped");
    return 130;
  }

 private:
  void ready(const std::string& what) {
    // stdout carries JSON with --json: the READY line then goes to stderr.
    const std::string line = "READY " + what;
    if (o_.json) {
      picket::app::logLine(kProgram, line);
    } else {
      std::cout << line << std::endl;
    }
  }

  // A signal ends the run. UDP: the pending receive is cancelled; its handler (which may
  // already hold a datagram) processes what it has, then reads what the kernel still holds
  // (it was received) and closes, so nothing is lost and the order is kept. TCP: the socket
  // is closed. With no work left, io_.run() returns.
  void stop() {
    stopping_ = true;
    boost::system::error_code ignored;
    if (udp_) udp_->cancel(ignored);
    if (tcp_) tcp_->close(ignored);
    timer_.cancel();
    if (reconnect_timer_) reconnect_timer_->cancel();
  }

  void drainAndClose() {
    boost::system::error_code ec;
    udp_->non_blocking(true, ec);
    while (!ec) {
      asio::ip::udp::endpoint from;
      const std::size_t n = udp_->receive_from(asio::buffer(datagram_), from, 0, ec);
      if (!ec) g_.datagram(std::string_view(datagram_.data(), n), wallNowNs());
    }
    udp_->close(ec);
  }

  void tick() {
    timer_.expires_after(millis(o_.stats_interval_s > 0 ? std::min(o_.stats_interval_s, 1.0) : 1.0));
    timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopping_) return;
      g_.periodic(wallNowNs());
      if (!o_.quiet && o_.stats_interval_s > 0 && SteadyClock::now() >= next_stats_) {
        logReport(g_, "progress");
        next_stats_ = SteadyClock::now() + millis(o_.stats_interval_s);
      }
      tick();
    });
  }

  void receiveDatagram() {
    udp_->async_receive_from(asio::buffer(datagram_), sender_,
                             [this](const boost::system::error_code& ec, std::size_t n) {
                               if (!ec) {
                                 g_.datagram(std::string_view(datagram_.data(), n), wallNowNs());
                                 g_.flushOutput();
                               }
                               if (stopping_) {
                                 drainAndClose();
                                 return;
                               }
                               if (ec == asio::error::operation_aborted) return;
                               receiveDatagram();
                             });
  }

  void connect() {
    tcp_.emplace(io::SocketFactory::makeNmeaTcpSocket(io_));
    asio::async_connect(*tcp_, tcp_endpoints_,
                        [this](const boost::system::error_code& ec, const asio::ip::tcp::endpoint& ep) {
                          if (stopping_) return;
                          if (ec) {
                            retry("cannot connect to " + *o_.tcp_host + ":" + o_.tcp_port + ": " +
                                  ec.message());
                            return;
                          }
                          io::SocketFactory::configureNmeaTcp(*tcp_);
                          backoff_s_ = 1;
                          picket::app::logLine(kProgram, "connected to " + ep.address().to_string() +
                                                             ":" + std::to_string(ep.port()));
                          readStream();
                        });
  }

  void retry(const std::string& why) {
    picket::app::logLine(kProgram, why + "; retrying in " + std::to_string(backoff_s_) + " s");
    reconnect_timer_.emplace(io_);
    reconnect_timer_->expires_after(std::chrono::seconds(backoff_s_));
    backoff_s_ = std::min(backoff_s_ * 2, 30);
    reconnect_timer_->async_wait([this](const boost::system::error_code& ec) {
      if (!ec && !stopping_) connect();
    });
  }

  void readStream() {
    tcp_->async_read_some(asio::buffer(datagram_),
                          [this](const boost::system::error_code& ec, std::size_t n) {
                            if (stopping_) return;
                            if (n > 0) {
                              g_.bytes(std::string_view(datagram_.data(), n), wallNowNs());
                              g_.flushOutput();
                            }
                            if (ec) {
                              boost::system::error_code ignored;
                              tcp_->close(ignored);
                              retry("connection lost: " + ec.message());
                              return;
                            }
                            readStream();
                          });
  }

  const Options& o_;
  Gateway& g_;
  asio::io_context io_;
  asio::signal_set signals_;
  asio::steady_timer timer_;
  std::optional<asio::steady_timer> reconnect_timer_;
  std::optional<asio::ip::udp::socket> udp_;
  asio::ip::udp::endpoint sender_;
  std::optional<asio::ip::tcp::socket> tcp_;
  asio::ip::tcp::resolver::results_type tcp_endpoints_;
  std::array<char, 65536> datagram_{};
  SteadyClock::time_point next_stats_ = SteadyClock::now();
  int backoff_s_ = 1;
  bool stopping_ = false;
};

std::string deviceName(const Options& o) {
  if (o.file) return *o.file == "-" ? "stdin" : *o.file;
  if (o.udp_host) return "udp://" + *o.udp_host + ":" + std::to_string(o.udp_port);
  return "tcp://" + *o.tcp_host + ":" + o.tcp_port;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parseArgs(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << kProgram << ": " << e.what() << "\n";
    usage(std::cerr);
    return 2;
  }
  try {
    zmq::context_t context(1);
    Gateway gateway(options, context, deviceName(options));
    if (!gateway.waitForSubscriber()) {
      std::ostringstream why;
      why << "no subscriber on " << *options.connect << " within " << options.wait_subscriber_s
          << " s (is fusiond running with its feed input bound there?)";
      picket::app::logLine(kProgram, why.str());
      if (options.file) return 1;
      picket::app::logLine(kProgram, "continuing: reports are dropped until fusiond subscribes");
    }
    if (options.file) {
      gateway.holdUntilClock();
      return runFile(options, gateway);
    }
    LiveInput live(options, gateway);
    return live.run();
  } catch (const std::exception& e) {
    picket::app::logLine(kProgram, e.what());
    return 1;
  }
}
