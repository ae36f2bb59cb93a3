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
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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
  /// Feed outputs (XPUB) only: at the high-water mark a send waits instead of dropping
  /// (ZMQ_XPUB_NODROP), for senders that must lose nothing (fusion-replay).
  bool wait_at_high_water_mark = false;
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
  /// fusiond's alert recovery server: a ROUTER bound to the endpoint. Requests arrive as
  /// [peer identity, empty, request]; replies go out the same way (receiveRequest/sendReply).
  /// Later: the ZAP user ID of a CURVE client names the partner it may recover.
  zmq::socket_t bindRecoveryServer(const EndpointConfig& endpoint);
  /// A recovery client: a DEALER connected to the endpoint, sending [empty, request] and
  /// receiving [empty, reply] (sendRequest/receiveReply), several replies per request.
  zmq::socket_t connectRecoveryClient(const EndpointConfig& endpoint);
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

  // ---- Cursor-on-Target output for cot-bridge: UDP and TCP sockets (Boost.Asio) ----
  // Asio stays out of this header: the sockets below hide it behind a pointer to their
  // implementation in transport.cpp.
  class CotUdpSocket;
  class CotTcpSocket;
  /// A UDP socket for CoT datagrams to `host`:`port` (a unicast or multicast IPv4/IPv6 address
  /// or a name). For a multicast group: hops `multicast_ttl` (1 = the local network), outgoing
  /// interface `multicast_interface` (an IPv4 address of a local interface; "" = the system's
  /// choice), loopback on so clients on this host hear it too. Non-blocking: a full send
  /// buffer is a failed send, never a wait. Throws std::runtime_error on a bad address or
  /// option.
  CotUdpSocket openCotUdp(const std::string& host, std::uint16_t port, int multicast_ttl,
                          const std::string& multicast_interface);
  /// A TCP connection to `host`:`port`, a TAK server's streaming input (plain XML events), not
  /// yet connected: CotTcpSocket::connect() dials it; TCP_NODELAY and keep-alive are set on
  /// every connection.
  CotTcpSocket makeCotTcp(const std::string& host, std::uint16_t port);

 private:
  void applyCommon(zmq::socket_t& socket, const EndpointConfig& endpoint);
  zmq::context_t& context_;
};

// ---- Cursor-on-Target output (cot-bridge) ----

/// Where cot-bridge sends CoT: "udp://HOST:PORT" or "tcp://HOST:PORT"; HOST an IPv4 address,
/// a bracketed IPv6 address ("[::1]") or a name resolved when the socket is made.
struct CotEndpoint {
  enum class Protocol { Udp, Tcp };
  Protocol protocol = Protocol::Udp;
  std::string host;
  std::uint16_t port = 0;
  bool operator==(const CotEndpoint&) const = default;
};

/// Parses a CoT endpoint; throws std::invalid_argument with the reason on anything else.
CotEndpoint parseCotEndpoint(const std::string& text);

/// A UDP socket made by SocketFactory::openCotUdp. Used by one thread.
class SocketFactory::CotUdpSocket {
 public:
  CotUdpSocket(CotUdpSocket&&) noexcept;
  CotUdpSocket& operator=(CotUdpSocket&&) noexcept;
  ~CotUdpSocket();
  /// Sends one datagram; false (with `error` set) when it was not sent.
  bool send(std::string_view datagram, std::string& error);
  /// True when the destination is a multicast group.
  [[nodiscard]] bool multicast() const;

 private:
  friend class SocketFactory;
  struct Impl;
  explicit CotUdpSocket(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// A TCP connection made by SocketFactory::makeCotTcp. Used by one thread; every call returns
/// within its timeout.
class SocketFactory::CotTcpSocket {
 public:
  CotTcpSocket(CotTcpSocket&&) noexcept;
  CotTcpSocket& operator=(CotTcpSocket&&) noexcept;
  ~CotTcpSocket();
  /// Resolves and connects (closing any previous connection); false with `error` on failure.
  bool connect(std::chrono::milliseconds timeout, std::string& error);
  /// Writes all of `data`; false with `error` (and the connection closed) on failure or when
  /// the peer does not take it within `timeout`. Anything the peer sent is read and discarded
  /// first (a TAK server relays other clients' events to its streaming inputs), and a peer
  /// that closed is noticed here.
  bool write(std::string_view data, std::chrono::milliseconds timeout, std::string& error);
  [[nodiscard]] bool connected() const;
  void close();
  /// Bytes received from the peer and discarded.
  [[nodiscard]] std::uint64_t bytesDiscarded() const;

 private:
  friend class SocketFactory;
  struct Impl;
  explicit CotTcpSocket(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
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

/// A request received on a ROUTER socket.
struct RoutedRequest {
  zmq::message_t identity;
  zmq::message_t payload;
  bool well_formed = true;  ///< false when the frames were not [identity, empty, payload]
};

/// Receives one request on a ROUTER; nullopt when none arrives within `timeout`.
std::optional<RoutedRequest> receiveRequest(zmq::socket_t& router,
                                            std::chrono::milliseconds timeout);
/// Sends [identity, empty, message] on a ROUTER. False when it could not be queued (the peer
/// is gone, or past its high-water mark).
bool sendReply(zmq::socket_t& router, const zmq::message_t& identity,
               const google::protobuf::MessageLite& message);
/// Sends [empty, message] on a DEALER.
bool sendRequest(zmq::socket_t& dealer, const google::protobuf::MessageLite& message);
/// Receives one [empty, reply] on a DEALER: the reply frame, or nullopt on timeout. A reply
/// without the empty delimiter is returned with well_formed false.
std::optional<ReceivedMessage> receiveReply(zmq::socket_t& dealer,
                                            std::chrono::milliseconds timeout);

/// Waits until `xpub` has seen at least one subscription. Returns false on timeout.
bool waitForSubscriber(zmq::socket_t& xpub, std::chrono::milliseconds timeout);

}  // namespace picket::io
