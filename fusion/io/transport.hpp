#pragma once
// Every ZeroMQ socket in Picket is built here, so that security (CURVE keys), high-water marks
// and linger are set in one place. Thread rule: a socket is used only by the thread that
// created it (ZeroMQ sockets are not thread-safe); the context is shared.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>
#include <zmq.hpp>

namespace google::protobuf {
class MessageLite;
}

namespace picket::io {

/// Where and how a socket connects or binds. `address` is a ZeroMQ endpoint such as
/// "tcp://127.0.0.1:5550", or "tcp://127.0.0.1:*" for an ephemeral port when binding.
struct EndpointConfig {
  std::string address;
  int send_high_water_mark = 100000;   ///< messages queued per peer before PUB drops
  int receive_high_water_mark = 100000;
  std::chrono::milliseconds linger{2000};  ///< how long close() keeps flushing unsent messages
  bool operator==(const EndpointConfig&) const = default;
};

/// Builds configured sockets. One per process, owned by app/ with the context.
class SocketFactory {
 public:
  explicit SocketFactory(zmq::context_t& context) : context_(context) {}

  /// Feed input of fusiond: a SUB socket bound to the endpoint, subscribed to everything.
  zmq::socket_t bindFeedInput(const EndpointConfig& endpoint);
  /// A sensor's or tool's feed output: an XPUB connected to a feed input. XPUB (not PUB) so
  /// the sender sees the subscription arrive and can wait for it before sending (no slow
  /// joiner loss).
  zmq::socket_t connectFeedOutput(const EndpointConfig& endpoint);
  /// A fusiond output stream (tracks, alerts): a PUB bound to the endpoint.
  zmq::socket_t bindStreamOutput(const EndpointConfig& endpoint);
  /// A subscriber to a fusiond output stream, subscribed to the given topic prefixes.
  zmq::socket_t connectStreamInput(const EndpointConfig& endpoint,
                                   const std::vector<std::string>& topic_prefixes);
  /// An in-process PAIR pair for waking a thread (e.g. on a signal).
  std::pair<zmq::socket_t, zmq::socket_t> makeWakePair(const std::string& name);

  /// The endpoint a bound socket actually listens on (resolves "tcp://127.0.0.1:*").
  static std::string boundEndpoint(zmq::socket_t& socket);

  // --- AIS NMEA inputs (ais-gateway). Plain Asio sockets for the line-oriented NMEA feeds
  // that AIS receivers and decoders (AIS-catcher, rtl-ais, OpenCPN, dAISy, shore-station
  // concentrators) send; the gateway's ZeroMQ output is connectFeedOutput(). ---

  /// A UDP socket bound to `host`:`port` for NMEA datagrams (one or more CR/LF-terminated
  /// sentences each). `host` is an IPv4/IPv6 literal or a name; port 0 = ephemeral (read it
  /// back with local_endpoint()). The receive buffer is enlarged to 4 MiB (bursts from a busy
  /// shore station), where the kernel allows. Throws boost::system::system_error on failure.
  static boost::asio::ip::udp::socket bindNmeaUdp(boost::asio::io_context& io,
                                                  const std::string& host, std::uint16_t port);
  /// Resolves `host`:`port` for an NMEA-over-TCP client (a receiver's or concentrator's
  /// server). The caller connects asynchronously and reconnects on loss. Throws
  /// boost::system::system_error when the name does not resolve.
  static boost::asio::ip::tcp::resolver::results_type resolveNmeaTcp(
      boost::asio::io_context& io, const std::string& host, const std::string& port);
  /// A fresh, unconnected TCP socket for that client.
  static boost::asio::ip::tcp::socket makeNmeaTcpSocket(boost::asio::io_context& io);
  /// Options of a connected NMEA client socket: TCP keep-alive on (a receiver that vanishes
  /// without a FIN is noticed). Best effort: errors are ignored.
  static void configureNmeaTcp(boost::asio::ip::tcp::socket& socket);
  // --- end of AIS NMEA inputs ---

 private:
  void applyCommon(zmq::socket_t& socket, const EndpointConfig& endpoint);
  zmq::context_t& context_;
};

/// Sends a two-frame message: topic, then the serialised protobuf. Returns false when the
/// message could not be queued (would block).
bool sendMessage(zmq::socket_t& socket, const std::string& topic,
                 const google::protobuf::MessageLite& message);

/// One received two-frame message.
struct ReceivedMessage {
  std::string topic;
  zmq::message_t payload;
  bool well_formed = true;  ///< false when the frame count was not 2
};

/// Receives one message; nullopt when none arrives within `timeout` (-1 = wait forever).
std::optional<ReceivedMessage> receiveMessage(zmq::socket_t& socket,
                                              std::chrono::milliseconds timeout);

/// Waits until `xpub` has seen at least one subscription. Returns false on timeout.
bool waitForSubscriber(zmq::socket_t& xpub, std::chrono::milliseconds timeout);

}  // namespace picket::io
