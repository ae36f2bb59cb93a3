#include "io/transport.hpp"

#include <google/protobuf/message_lite.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/multicast.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/write.hpp>

#include <stdexcept>

namespace picket::io {

void SocketFactory::applyCommon(zmq::socket_t& socket, const EndpointConfig& endpoint) {
  socket.set(zmq::sockopt::linger, static_cast<int>(endpoint.linger.count()));
  socket.set(zmq::sockopt::sndhwm, endpoint.send_high_water_mark);
  socket.set(zmq::sockopt::rcvhwm, endpoint.receive_high_water_mark);
  // CURVE authentication will be configured here (one place for every socket).
}

zmq::socket_t SocketFactory::bindFeedInput(const EndpointConfig& endpoint) {
  zmq::socket_t s(context_, zmq::socket_type::sub);
  applyCommon(s, endpoint);
  s.set(zmq::sockopt::subscribe, "");
  s.bind(endpoint.address);
  return s;
}

zmq::socket_t SocketFactory::connectFeedOutput(const EndpointConfig& endpoint) {
  zmq::socket_t s(context_, zmq::socket_type::xpub);
  applyCommon(s, endpoint);
  if (endpoint.wait_at_high_water_mark) s.set(zmq::sockopt::xpub_nodrop, 1);
  s.connect(endpoint.address);
  return s;
}

zmq::socket_t SocketFactory::bindStreamOutput(const EndpointConfig& endpoint) {
  zmq::socket_t s(context_, zmq::socket_type::pub);
  applyCommon(s, endpoint);
  s.bind(endpoint.address);
  return s;
}

zmq::socket_t SocketFactory::connectStreamInput(const EndpointConfig& endpoint,
                                                const std::vector<std::string>& topic_prefixes) {
  zmq::socket_t s(context_, zmq::socket_type::sub);
  applyCommon(s, endpoint);
  for (const auto& t : topic_prefixes) s.set(zmq::sockopt::subscribe, t);
  s.connect(endpoint.address);
  return s;
}

zmq::socket_t SocketFactory::bindRecoveryServer(const EndpointConfig& endpoint) {
  zmq::socket_t s(context_, zmq::socket_type::router);
  applyCommon(s, endpoint);
  s.bind(endpoint.address);
  return s;
}

zmq::socket_t SocketFactory::connectRecoveryClient(const EndpointConfig& endpoint) {
  zmq::socket_t s(context_, zmq::socket_type::dealer);
  applyCommon(s, endpoint);
  // A request queued for a server that is not there (restarting) is not kept: the client asks
  // again after its timeout, and stale requests must not pile up.
  s.set(zmq::sockopt::immediate, 1);
  s.connect(endpoint.address);
  return s;
}

std::pair<zmq::socket_t, zmq::socket_t> SocketFactory::makeWakePair(const std::string& name) {
  zmq::socket_t a(context_, zmq::socket_type::pair);
  zmq::socket_t b(context_, zmq::socket_type::pair);
  const std::string address = "inproc://" + name;
  a.bind(address);
  b.connect(address);
  return {std::move(a), std::move(b)};
}

std::string SocketFactory::boundEndpoint(zmq::socket_t& socket) {
  return socket.get(zmq::sockopt::last_endpoint);
}

// --- AIS NMEA inputs (ais-gateway) ---

boost::asio::ip::udp::socket SocketFactory::bindNmeaUdp(boost::asio::io_context& io,
                                                        const std::string& host,
                                                        std::uint16_t port) {
  namespace ip = boost::asio::ip;
  ip::udp::resolver resolver(io);
  const auto results =
      resolver.resolve(host, std::to_string(port), ip::udp::resolver::passive |
                                                        ip::udp::resolver::numeric_service);
  const ip::udp::endpoint endpoint = results.begin()->endpoint();
  ip::udp::socket socket(io, endpoint.protocol());
  // Best effort: the kernel caps it at net.core.rmem_max.
  boost::system::error_code ignored;
  socket.set_option(boost::asio::socket_base::receive_buffer_size(4 << 20), ignored);
  socket.bind(endpoint);
  return socket;
}

boost::asio::ip::tcp::resolver::results_type SocketFactory::resolveNmeaTcp(
    boost::asio::io_context& io, const std::string& host, const std::string& port) {
  boost::asio::ip::tcp::resolver resolver(io);
  return resolver.resolve(host, port);
}

boost::asio::ip::tcp::socket SocketFactory::makeNmeaTcpSocket(boost::asio::io_context& io) {
  return boost::asio::ip::tcp::socket(io);
}

void SocketFactory::configureNmeaTcp(boost::asio::ip::tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.set_option(boost::asio::socket_base::keep_alive(true), ignored);
}

// --- end of AIS NMEA inputs ---

bool sendMessage(zmq::socket_t& socket, const std::string& topic,
                 const google::protobuf::MessageLite& message) {
  const std::string payload = message.SerializeAsString();
  if (!socket.send(zmq::buffer(topic), zmq::send_flags::sndmore)) return false;
  return socket.send(zmq::buffer(payload), zmq::send_flags::none).has_value();
}

std::optional<ReceivedMessage> receiveMessage(zmq::socket_t& socket,
                                              std::chrono::milliseconds timeout) {
  zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, timeout) == 0) return std::nullopt;
  ReceivedMessage out;
  zmq::message_t topic;
  if (!socket.recv(topic, zmq::recv_flags::none)) return std::nullopt;
  out.topic = topic.to_string();
  if (!topic.more()) {
    out.well_formed = false;
    return out;
  }
  (void)socket.recv(out.payload, zmq::recv_flags::none);
  // Drain any extra frames: a message with more than two frames is malformed.
  while (out.payload.more()) {
    zmq::message_t extra;
    (void)socket.recv(extra, zmq::recv_flags::none);
    out.well_formed = false;
    if (!extra.more()) break;
  }
  return out;
}

namespace {

/// Reads and drops the rest of a multi-frame message.
void drainFrames(zmq::socket_t& socket, const zmq::message_t& last) {
  bool more = last.more();
  while (more) {
    zmq::message_t extra;
    if (!socket.recv(extra, zmq::recv_flags::none)) return;
    more = extra.more();
  }
}

/// Reads the rest of a message as [empty, payload]; false (the frames drained) otherwise.
bool receiveDelimited(zmq::socket_t& socket, zmq::message_t& payload) {
  zmq::message_t delimiter;
  if (!socket.recv(delimiter, zmq::recv_flags::none)) return false;
  if (delimiter.size() != 0 || !delimiter.more()) {
    drainFrames(socket, delimiter);
    return false;
  }
  (void)socket.recv(payload, zmq::recv_flags::none);
  if (payload.more()) {
    drainFrames(socket, payload);
    return false;
  }
  return true;
}

}  // namespace

std::optional<RoutedRequest> receiveRequest(zmq::socket_t& router,
                                            std::chrono::milliseconds timeout) {
  zmq::pollitem_t item{router.handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, timeout) == 0) return std::nullopt;
  RoutedRequest out;
  if (!router.recv(out.identity, zmq::recv_flags::none)) return std::nullopt;
  // A ROUTER always prefixes the peer's identity, so a single frame cannot arrive here.
  out.well_formed = out.identity.more() && receiveDelimited(router, out.payload);
  return out;
}

bool sendReply(zmq::socket_t& router, const zmq::message_t& identity,
               const google::protobuf::MessageLite& message) {
  const std::string payload = message.SerializeAsString();
  if (!router.send(zmq::buffer(identity.data(), identity.size()),
                   zmq::send_flags::sndmore | zmq::send_flags::dontwait)) {
    return false;
  }
  (void)router.send(zmq::message_t(), zmq::send_flags::sndmore);
  return router.send(zmq::buffer(payload), zmq::send_flags::none).has_value();
}

bool sendRequest(zmq::socket_t& dealer, const google::protobuf::MessageLite& message) {
  const std::string payload = message.SerializeAsString();
  if (!dealer.send(zmq::message_t(), zmq::send_flags::sndmore | zmq::send_flags::dontwait)) {
    return false;
  }
  return dealer.send(zmq::buffer(payload), zmq::send_flags::none).has_value();
}

std::optional<ReceivedMessage> receiveReply(zmq::socket_t& dealer,
                                            std::chrono::milliseconds timeout) {
  zmq::pollitem_t item{dealer.handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, timeout) == 0) return std::nullopt;
  ReceivedMessage out;
  out.well_formed = receiveDelimited(dealer, out.payload);
  return out;
}

bool waitForSubscriber(zmq::socket_t& xpub, std::chrono::milliseconds timeout) {
  zmq::pollitem_t item{xpub.handle(), 0, ZMQ_POLLIN, 0};
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    if (zmq::poll(&item, 1, left) == 0) return false;
    zmq::message_t m;
    if (!xpub.recv(m, zmq::recv_flags::none)) continue;
    // Subscription messages start with 1; unsubscriptions with 0.
    if (m.size() >= 1 && static_cast<const unsigned char*>(m.data())[0] == 1) return true;
  }
}

// ---- Cursor-on-Target output (cot-bridge) ----

namespace asio = boost::asio;

CotEndpoint parseCotEndpoint(const std::string& text) {
  CotEndpoint out;
  std::string rest;
  if (text.rfind("udp://", 0) == 0) {
    out.protocol = CotEndpoint::Protocol::Udp;
    rest = text.substr(6);
  } else if (text.rfind("tcp://", 0) == 0) {
    out.protocol = CotEndpoint::Protocol::Tcp;
    rest = text.substr(6);
  } else {
    throw std::invalid_argument("'" + text + "': expected udp://HOST:PORT or tcp://HOST:PORT");
  }
  std::string port;
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
      throw std::invalid_argument("'" + text + "': an IPv6 address is written [ADDRESS]:PORT");
    }
    out.host = rest.substr(1, close - 1);
    port = rest.substr(close + 2);
  } else {
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos || rest.find(':') != colon) {
      throw std::invalid_argument("'" + text + "': expected HOST:PORT");
    }
    out.host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (out.host.empty()) throw std::invalid_argument("'" + text + "': empty host");
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) == 0 ||
      std::stoul(port) > 65535) {
    throw std::invalid_argument("'" + text + "': port must be 1..65535");
  }
  out.port = static_cast<std::uint16_t>(std::stoul(port));
  return out;
}

struct SocketFactory::CotUdpSocket::Impl {
  asio::io_context io;
  asio::ip::udp::socket socket{io};
  asio::ip::udp::endpoint destination;
};

SocketFactory::CotUdpSocket::CotUdpSocket(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SocketFactory::CotUdpSocket::CotUdpSocket(CotUdpSocket&&) noexcept = default;
SocketFactory::CotUdpSocket& SocketFactory::CotUdpSocket::operator=(CotUdpSocket&&) noexcept =
    default;
SocketFactory::CotUdpSocket::~CotUdpSocket() = default;

bool SocketFactory::CotUdpSocket::send(std::string_view datagram, std::string& error) {
  boost::system::error_code ec;
  impl_->socket.send_to(asio::buffer(datagram.data(), datagram.size()), impl_->destination, 0, ec);
  if (ec) {
    error = ec.message();
    return false;
  }
  return true;
}

bool SocketFactory::CotUdpSocket::multicast() const {
  return impl_->destination.address().is_multicast();
}

SocketFactory::CotUdpSocket SocketFactory::openCotUdp(const std::string& host, std::uint16_t port,
                                                      int multicast_ttl,
                                                      const std::string& multicast_interface) {
  auto impl = std::make_unique<CotUdpSocket::Impl>();
  boost::system::error_code ec;
  asio::ip::udp::resolver resolver(impl->io);
  const auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty()) {
    throw std::runtime_error("cannot resolve '" + host + "': " + ec.message());
  }
  impl->destination = *results.begin();
  auto& s = impl->socket;
  s.open(impl->destination.protocol());
  const auto address = impl->destination.address();
  if (address.is_multicast()) {
    if (multicast_ttl < 0 || multicast_ttl > 255) {
      throw std::runtime_error("multicast TTL must be 0..255, not " + std::to_string(multicast_ttl));
    }
    s.set_option(asio::ip::multicast::hops(multicast_ttl));
    s.set_option(asio::ip::multicast::enable_loopback(true));
    if (!multicast_interface.empty()) {
      if (!address.is_v4()) {
        throw std::runtime_error("--multicast-interface takes an IPv4 address (IPv4 groups only)");
      }
      const auto iface = asio::ip::make_address_v4(multicast_interface, ec);
      if (ec) throw std::runtime_error("bad multicast interface '" + multicast_interface + "'");
      s.set_option(asio::ip::multicast::outbound_interface(iface));
    }
  }
  s.non_blocking(true);
  return CotUdpSocket(std::move(impl));
}

struct SocketFactory::CotTcpSocket::Impl {
  asio::io_context io;
  asio::ip::tcp::socket socket{io};
  std::string host;
  std::uint16_t port = 0;
  std::uint64_t discarded = 0;

  /// Runs the queued asynchronous operations for at most `timeout`; on expiry closes the
  /// socket (cancelling them) and returns false.
  bool runFor(std::chrono::milliseconds timeout) {
    io.restart();
    io.run_for(timeout);
    if (io.stopped()) return true;
    boost::system::error_code ignored;
    socket.close(ignored);
    io.restart();
    io.run();
    return false;
  }
};

SocketFactory::CotTcpSocket::CotTcpSocket(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SocketFactory::CotTcpSocket::CotTcpSocket(CotTcpSocket&&) noexcept = default;
SocketFactory::CotTcpSocket& SocketFactory::CotTcpSocket::operator=(CotTcpSocket&&) noexcept =
    default;
SocketFactory::CotTcpSocket::~CotTcpSocket() = default;

bool SocketFactory::CotTcpSocket::connect(std::chrono::milliseconds timeout, std::string& error) {
  close();
  auto& m = *impl_;
  boost::system::error_code result = asio::error::would_block;
  asio::ip::tcp::resolver resolver(m.io);
  asio::ip::tcp::resolver::results_type endpoints;
  resolver.async_resolve(m.host, std::to_string(m.port),
                         [&](const boost::system::error_code& ec,
                             asio::ip::tcp::resolver::results_type r) {
                           result = ec;
                           endpoints = std::move(r);
                         });
  const bool resolve_finished = m.runFor(timeout);
  if (!resolve_finished || result) {
    error = resolve_finished ? result.message() : "resolve timed out";
    return false;
  }
  result = asio::error::would_block;
  asio::async_connect(m.socket, endpoints,
                      [&](const boost::system::error_code& ec, const asio::ip::tcp::endpoint&) {
                        result = ec;
                      });
  const bool connect_finished = m.runFor(timeout);
  if (!connect_finished || result) {
    error = connect_finished ? result.message() : "connect timed out";
    close();
    return false;
  }
  boost::system::error_code ec;
  m.socket.set_option(asio::ip::tcp::no_delay(true), ec);
  m.socket.set_option(asio::socket_base::keep_alive(true), ec);
  m.socket.non_blocking(true, ec);
  return true;
}

bool SocketFactory::CotTcpSocket::write(std::string_view data, std::chrono::milliseconds timeout,
                                        std::string& error) {
  auto& m = *impl_;
  if (!m.socket.is_open()) {
    error = "not connected";
    return false;
  }
  // Drain what the peer sent; a read of 0 bytes with eof means it closed the connection.
  char sink[4096];
  while (true) {
    boost::system::error_code ec;
    const std::size_t n = m.socket.read_some(asio::buffer(sink), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) break;
    if (ec) {
      error = ec == asio::error::eof ? "peer closed the connection" : ec.message();
      close();
      return false;
    }
    m.discarded += n;
  }
  boost::system::error_code result = asio::error::would_block;
  asio::async_write(m.socket, asio::buffer(data.data(), data.size()),
                    [&](const boost::system::error_code& ec, std::size_t) { result = ec; });
  const bool write_finished = m.runFor(timeout);
  if (!write_finished || result) {
    error = write_finished ? result.message() : "write timed out";
    close();
    return false;
  }
  return true;
}

bool SocketFactory::CotTcpSocket::connected() const { return impl_->socket.is_open(); }

void SocketFactory::CotTcpSocket::close() {
  boost::system::error_code ignored;
  impl_->socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  impl_->socket.close(ignored);
}

std::uint64_t SocketFactory::CotTcpSocket::bytesDiscarded() const { return impl_->discarded; }

SocketFactory::CotTcpSocket SocketFactory::makeCotTcp(const std::string& host, std::uint16_t port) {
  auto impl = std::make_unique<CotTcpSocket::Impl>();
  impl->host = host;
  impl->port = port;
  return CotTcpSocket(std::move(impl));
}

}  // namespace picket::io
