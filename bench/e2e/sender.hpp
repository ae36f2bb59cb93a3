#pragma once
// fusion-bench --sender: the feed side of the end-to-end benchmark, run as its own process
// (fusion-bench starts itself in this mode). It connects to fusiond's feed input through
// io::SocketFactory, waits for the subscription, prints "READY", then obeys commands read
// from stdin, one per line:
//
//   SWEEPS K RATE   send the next K whole sweeps
//   MEAS M RATE     send the next messages until they carry at least M measurements
//   END             send an end-of-stream message, flush, print "DONE", exit 0
//
// RATE is measurements per second (0 = as fast as the socket takes them). Before a phase's
// clock starts, its messages are generated and serialised (so generation is never timed).
// Message i of a phase is sent at start + (measurements before it) / RATE. After a phase it
// writes DIR/send-<phase>.bin (pairs of little-endian int64: message time_ns, steady_clock
// send time ns, one per message) and prints
//   "SENT <phase> <messages> <measurements> <first_send_ns> <last_send_ns> <failed_sends>".
// steady_clock is CLOCK_MONOTONIC, one clock for every process of the machine, so the
// receiver compares these times with its own.

#include <cstddef>
#include <string>

#include "load/synthetic_load.hpp"

namespace picket::bench {

struct SenderOptions {
  std::string endpoint;           ///< fusiond's feed input, tcp://127.0.0.1:PORT
  LoadConfig load;
  std::size_t plots_per_message = 1;
  std::string source_id = "plots";
  std::string send_log_dir;       ///< where send-<phase>.bin files go
};

/// Runs the sender until END or end of stdin. Returns the exit status.
int runSender(const SenderOptions& options);

}  // namespace picket::bench
