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

}  // namespace picket::io
