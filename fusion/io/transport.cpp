#include "io/transport.hpp"

#include <google/protobuf/message_lite.h>

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

}  // namespace picket::io
