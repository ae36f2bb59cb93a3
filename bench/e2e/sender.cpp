#include "e2e/sender.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "e2e/feed_stream.hpp"
#include "io/transport.hpp"
#include "picket/v1/sensors.pb.h"

namespace picket::bench {

namespace {

std::int64_t steadyNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool sendFrames(zmq::socket_t& socket, const std::string& topic, const std::string& payload) {
  if (!socket.send(zmq::buffer(topic), zmq::send_flags::sndmore)) return false;
  return socket.send(zmq::buffer(payload), zmq::send_flags::none).has_value();
}

}  // namespace

int runSender(const SenderOptions& o) {
  FeedStream stream(o.load, o.plots_per_message, o.source_id);
  zmq::context_t context(1);
  io::SocketFactory factory(context);
  io::EndpointConfig endpoint;
  endpoint.address = o.endpoint;
  // A whole phase fits in the queue: an unpaced burst is never dropped at the sender (fusiond's
  // own high-water mark is set as high in the configuration fusion-bench writes).
  endpoint.send_high_water_mark = 10'000'000;
  endpoint.linger = std::chrono::milliseconds(30'000);
  zmq::socket_t xpub = factory.connectFeedOutput(endpoint);
  if (!io::waitForSubscriber(xpub, std::chrono::milliseconds(30'000))) {
    std::fprintf(stderr, "fusion-bench --sender: no subscriber at %s\n", o.endpoint.c_str());
    return 1;
  }
  const std::string topic = "feed/aircraft/" + o.source_id;
  std::printf("READY\n");
  std::fflush(stdout);

  std::uint64_t messages_sent = 0;
  int phase = 0;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string command;
    in >> command;
    if (command == "END") break;
    double amount = 0.0, rate = 0.0;
    if ((command != "SWEEPS" && command != "MEAS") || !(in >> amount >> rate) || amount < 0 ||
        rate < 0) {
      std::fprintf(stderr, "fusion-bench --sender: bad command '%s'\n", line.c_str());
      return 2;
    }
    // Prepare the phase's messages first (not timed).
    std::vector<EncodedMessage> batch;
    if (command == "SWEEPS") {
      for (std::size_t sweeps = 0; sweeps < static_cast<std::size_t>(amount);) {
        EncodedMessage m = stream.next();
        if (m.last_of_sweep) ++sweeps;
        batch.push_back(std::move(m));
      }
    } else {
      double carried = 0.0;
      while (carried < amount) {
        EncodedMessage m = stream.next();
        carried += m.measurements;
        batch.push_back(std::move(m));
      }
    }
    std::vector<std::int64_t> log;
    log.reserve(batch.size() * 2);
    std::uint64_t measurements = 0, failed = 0;
    const std::int64_t start = steadyNs();
    for (const EncodedMessage& m : batch) {
      if (rate > 0.0) {
        const auto due =
            start + static_cast<std::int64_t>(static_cast<double>(measurements) / rate * 1e9);
        // Sleep, never spin: on a 2-core machine a spinning sender takes the core fusiond
        // needs. A late wake-up sends the messages that fell due meanwhile back to back; each
        // message's latency is timed from its own send, so that costs no accuracy.
        const std::int64_t now = steadyNs();
        if (now < due) std::this_thread::sleep_for(std::chrono::nanoseconds(due - now));
      }
      const std::int64_t sent_at = steadyNs();
      if (!sendFrames(xpub, topic, m.bytes)) ++failed;
      log.push_back(m.time_ns);
      log.push_back(sent_at);
      measurements += m.measurements;
    }
    messages_sent += batch.size();
    ++phase;
    const std::string path = o.send_log_dir + "/send-" + std::to_string(phase) + ".bin";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(log.data()),
              static_cast<std::streamsize>(log.size() * sizeof(std::int64_t)));
    out.close();
    if (!out) {
      std::fprintf(stderr, "fusion-bench --sender: cannot write %s\n", path.c_str());
      return 1;
    }
    std::printf("SENT %d %zu %llu %lld %lld %llu\n", phase, batch.size(),
                static_cast<unsigned long long>(measurements),
                static_cast<long long>(batch.empty() ? 0 : log[1]),
                static_cast<long long>(batch.empty() ? 0 : log.back()),
                static_cast<unsigned long long>(failed));
    std::fflush(stdout);
  }
  v1::FeedMessage eos;
  auto* e = eos.mutable_end_of_stream();
  e->mutable_header()->set_source_id(o.source_id);
  e->mutable_header()->set_sequence(stream.sequence() + 1);
  e->set_reason("fusion-bench sender done");
  e->set_messages_sent(messages_sent);
  io::sendMessage(xpub, "feed/eos/" + o.source_id, eos);
  xpub.close();  // linger: waits until the queue is flushed
  std::printf("DONE\n");
  std::fflush(stdout);
  return 0;
}

}  // namespace picket::bench
