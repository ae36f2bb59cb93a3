#pragma once
// fusion-bench --e2e: the correlator end to end through ZeroMQ and protobuf. For each number
// of targets and each batch size (plots per feed message) it starts the real fusiond on
// 127.0.0.1 with ephemeral ports, a sender process (fusion-bench --sender, e2e/sender.hpp)
// and, in this process, a subscriber on the track and alert streams, then runs phases:
//
//  1. warm-up: whole sweeps, one at a time, each sent unpaced and waited for, so tracks
//     confirm; then resident memory per live track (fusiond's VmRSS growth since READY);
//  2. burst: whole sweeps (at least burst_sweeps and burst_measurements) sent unpaced into
//     queues sized to hold them (no drop): fusiond works flat out; measurements / (receipt
//     of the last track update - first send) is its saturated rate; fusiond's CPU time per
//     measurement;
//  3. sustained rate: paced phases from the saturated rate down (each next rate 0.9 x what
//     fusiond processed while overloaded) until fusiond keeps up, i.e. finishes within 5 %
//     (+20 ms) of the sending time: the highest rate it keeps up with, the "maximum";
//  4. latency: paced at 10 %, 50 % and 90 % of that rate; per message, its send time to the
//     receipt of the first track update carrying its time (both CLOCK_MONOTONIC);
//  5. soak (one size): paced at 50 % for a long run; fusiond's VmRSS sampled over time.
//
// fusiond's progress is read from its counter reports on stderr (stats_interval_s): a phase
// is complete when tracker.measurements reaches what was sent and the subscriber has every
// track update fusiond counted as published. Losses anywhere show: fusiond's sequence_gaps
// and messages_received (feed side), the track stream's header sequence (publish side).
//
// Threading: runEndToEnd is called by one thread; it starts reader and subscriber threads
// and joins them before returning.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "load/synthetic_load.hpp"

namespace picket::bench {

struct E2eOptions {
  std::string fusiond_path;   ///< the fusiond binary
  std::string self_path;      ///< this fusion-bench binary (started with --sender)
  LoadConfig load;            ///< targets is set per run
  std::size_t warmup_sweeps = 6;
  std::size_t burst_sweeps = 4;
  /// The burst also carries at least this many measurements (whole sweeps), so that it lasts
  /// long enough to be timed at small sizes.
  std::size_t burst_measurements = 300'000;
  std::vector<double> latency_fractions{0.1, 0.5, 0.9};
  double latency_phase_s = 10.0;  ///< paced seconds per latency level
  double search_phase_s = 3.0;    ///< paced seconds per step of the sustained-rate search
  std::size_t search_steps = 6;   ///< at most this many steps
  double soak_s = 0.0;            ///< 0 = no soak in this run
  double soak_fraction = 0.5;
  double soak_chunk_s = 5.0;      ///< the soak is sent in chunks of this length
  double rss_sample_period_s = 0.5;
};

/// Latency percentiles of one phase, microseconds.
struct LatencyStats {
  std::size_t messages = 0;  ///< messages sent
  std::size_t matched = 0;   ///< messages with a track update carrying their time
  double p50_us = 0.0;
  double p99_us = 0.0;
  double p999_us = 0.0;
  double max_us = 0.0;
  double mean_us = 0.0;
};

struct LatencyPhase {
  double fraction = 0.0;        ///< of the maximum (sustained) rate
  double target_rate = 0.0;     ///< measurements per second asked of the sender
  double send_rate = 0.0;       ///< measurements per second it achieved
  std::uint64_t messages = 0;
  std::uint64_t measurements = 0;
  bool complete = false;        ///< every measurement processed, every update received
  /// fusiond finished within 5 % (+20 ms) of the sending time; false: it fell behind (the
  /// machine or the rate), and the latencies include a growing backlog.
  bool kept_up = false;
  LatencyStats latency;
};

/// One step of the sustained-rate search.
struct RateStep {
  double target_rate = 0.0;     ///< measurements per second asked
  double send_rate = 0.0;       ///< achieved by the sender
  double processed_rate = 0.0;  ///< measurements / (last update received - first send)
  bool kept_up = false;
};

struct RssSample {
  double t_s = 0.0;             ///< since the soak started
  std::size_t rss_bytes = 0;
  std::uint64_t live_tracks = 0;
  std::uint64_t measurements = 0;  ///< fusiond's tracker.measurements
};

struct E2eResult {
  std::size_t targets = 0;
  std::size_t plots_per_message = 0;
  bool ok = false;
  std::string error;  ///< why not ok
  // warm-up
  std::uint64_t warmup_measurements = 0;
  std::uint64_t live_tracks = 0;
  std::uint64_t confirmed_tracks = 0;
  std::size_t rss_ready_bytes = 0;
  std::size_t rss_warm_bytes = 0;
  double bytes_per_track = 0.0;
  // burst
  std::uint64_t burst_sweeps = 0;
  std::uint64_t burst_messages = 0;
  std::uint64_t burst_measurements = 0;
  double burst_send_s = 0.0;     ///< sender: first to last send
  double burst_elapsed_s = 0.0;  ///< first send to receipt of the last track update
  double burst_rate = 0.0;       ///< saturated: measurements per second, unpaced burst
  std::vector<RateStep> search;
  double max_rate = 0.0;         ///< sustained: the highest paced rate fusiond kept up with
  bool max_rate_verified = true; ///< false: no search step kept up; max_rate is the last
                                 ///< step's processed rate
  double sender_rate = 0.0;      ///< measurements per second the sender managed
  double fusiond_cpu_s = 0.0;    ///< fusiond's CPU (all threads) during the burst
  double cpu_us_per_measurement = 0.0;
  bool burst_complete = false;
  std::vector<LatencyPhase> latency;
  // soak
  double soak_rate = 0.0;
  std::vector<RssSample> soak;
  double soak_growth_bytes_per_hour = 0.0;  ///< least-squares slope of VmRSS, 2nd half
  double soak_growth_fraction = 0.0;        ///< (last - first of the 2nd half) / first
  // totals
  std::uint64_t messages_sent = 0;
  std::uint64_t measurements_sent = 0;
  std::uint64_t messages_received = 0;   ///< fusiond's count
  std::uint64_t measurements_processed = 0;
  std::uint64_t sequence_gaps = 0;       ///< fusiond: feed messages lost
  std::uint64_t rejected = 0;
  std::uint64_t tracks_published = 0;
  std::uint64_t tracks_received = 0;
  std::uint64_t track_stream_gaps = 0;   ///< track updates lost between fusiond and us
  std::uint64_t alerts_received = 0;
  std::uint64_t heartbeats_received = 0;
  int fusiond_exit = -1;
};

/// One run: fusiond + sender + subscriber for `targets` targets and `plots_per_message`.
/// Never throws for a failure of the run itself: it is reported in E2eResult::error.
E2eResult runEndToEnd(const E2eOptions& options, zmq::context_t& context, std::size_t targets,
                      std::size_t plots_per_message);

/// Percentiles of latencies (nearest rank), microseconds; sorts `us`.
LatencyStats latencyStats(std::vector<double>& us, std::size_t messages);

}  // namespace picket::bench
