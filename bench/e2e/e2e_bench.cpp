#include "e2e/e2e_bench.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "e2e/bench_config.hpp"
#include "e2e/child_process.hpp"
#include "io/transport.hpp"
#include "picket/v1/tracks.pb.h"

namespace picket::bench {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::int64_t steadyNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

/// fusiond's counter reports, read from its stderr ("fusiond: counters: k=v" then one k=v per
/// line, the last being alerts.recovery_events_sent; the same after "final counters:").
class CounterBoard {
 public:
  struct Snapshot {
    std::uint64_t serial = 0;
    std::map<std::string, std::uint64_t> values;
    [[nodiscard]] std::uint64_t get(const std::string& key) const {
      const auto it = values.find(key);
      return it == values.end() ? 0 : it->second;
    }
  };

  void onLine(const std::string& line) {
    static const std::string kReport = "fusiond: counters: ";
    static const std::string kFinal = "fusiond: final counters:";
    std::lock_guard lock(mutex_);
    if (line.rfind(kReport, 0) == 0) {
      building_.clear();
      in_report_ = true;
      addPair(line.substr(kReport.size()));
      return;
    }
    if (line.rfind(kFinal, 0) == 0) {
      building_.clear();
      in_report_ = true;
      return;
    }
    if (in_report_ && addPair(line)) {
      if (line.rfind("alerts.recovery_events_sent=", 0) == 0) {
        latest_.values = building_;
        ++latest_.serial;
        in_report_ = false;
        cv_.notify_all();
      }
      return;
    }
    in_report_ = false;
    tail_.push_back(line);
    if (tail_.size() > 30) tail_.pop_front();
  }

  Snapshot latest() {
    std::lock_guard lock(mutex_);
    return latest_;
  }

  /// Waits up to `timeout` for a report newer than `serial`.
  Snapshot waitNewer(std::uint64_t serial, milliseconds timeout) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return latest_.serial > serial; });
    return latest_;
  }

  std::string tail() {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& l : tail_) out += "  " + l + "\n";
    return out;
  }

 private:
  bool addPair(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || text.find(' ') != std::string::npos) return false;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(text.c_str() + eq + 1, &end, 10);
    if (end == text.c_str() + eq + 1) return false;
    building_[text.substr(0, eq)] = v;
    return true;
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::string, std::uint64_t> building_;
  bool in_report_ = false;
  Snapshot latest_;
  std::deque<std::string> tail_;
};

/// The track and alert subscriber: records (track time, receipt time) of every track update.
class StreamSubscriber {
 public:
  struct Record {
    std::int64_t time_ns;
    std::int64_t received_ns;
  };

  StreamSubscriber(zmq::context_t& context, std::string tracks, std::string alerts)
      : context_(context), tracks_(std::move(tracks)), alerts_(std::move(alerts)) {
    thread_ = std::thread(&StreamSubscriber::loop, this);
  }
  ~StreamSubscriber() { stop(); }
  StreamSubscriber(const StreamSubscriber&) = delete;
  StreamSubscriber& operator=(const StreamSubscriber&) = delete;

  void stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
  }

  bool waitHeartbeat(milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return heartbeats_ > 0; });
  }
  /// Waits until `count` track updates have arrived; false on timeout.
  bool waitTracks(std::uint64_t count, milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return tracks_received_ >= count; });
  }
  /// Waits for the end-of-stream message on both streams.
  bool waitEnds(milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return track_end_ && alert_end_; });
  }
  std::size_t recordCount() {
    std::lock_guard lock(mutex_);
    return records_.size();
  }
  std::vector<Record> recordsFrom(std::size_t begin) {
    std::lock_guard lock(mutex_);
    if (begin >= records_.size()) return {};
    return {records_.begin() + static_cast<std::ptrdiff_t>(begin), records_.end()};
  }
  std::int64_t lastReceiptNs() {
    std::lock_guard lock(mutex_);
    return records_.empty() ? 0 : records_.back().received_ns;
  }
  struct Totals {
    std::uint64_t tracks = 0, gaps = 0, alerts = 0, heartbeats = 0;
    std::string error;
  };
  Totals totals() {
    std::lock_guard lock(mutex_);
    return {tracks_received_, track_gaps_, alerts_received_, heartbeats_, error_};
  }

 private:
  void loop() {
    try {
      io::SocketFactory factory(context_);
      io::EndpointConfig t;
      t.address = tracks_;
      t.receive_high_water_mark = 10'000'000;
      t.linger = milliseconds(0);
      io::EndpointConfig a = t;
      a.address = alerts_;
      zmq::socket_t tracks = factory.connectStreamInput(t, {"track/", "end"});
      zmq::socket_t alerts = factory.connectStreamInput(a, {"alert/*/", "hb/*/", "end"});
      zmq::pollitem_t items[] = {{tracks.handle(), 0, ZMQ_POLLIN, 0},
                                 {alerts.handle(), 0, ZMQ_POLLIN, 0}};
      v1::TrackStreamMessage tm;
      v1::AlertStreamMessage am;
      while (!stop_.load()) {
        zmq::poll(items, 2, milliseconds(20));
        while (items[0].revents & ZMQ_POLLIN) {
          auto msg = io::receiveMessage(tracks, milliseconds(0));
          if (!msg) break;
          const std::int64_t at = steadyNs();
          if (!tm.ParseFromArray(msg->payload.data(), static_cast<int>(msg->payload.size()))) {
            continue;
          }
          std::lock_guard lock(mutex_);
          if (tm.has_track()) {
            const std::uint64_t seq = tm.track().header().sequence();
            if (last_sequence_ != 0 && seq > last_sequence_ + 1) {
              track_gaps_ += seq - last_sequence_ - 1;
            }
            last_sequence_ = std::max(last_sequence_, seq);
            records_.push_back({tm.track().header().time_ns(), at});
            ++tracks_received_;
          } else if (tm.has_end_of_stream()) {
            track_end_ = true;
          }
          cv_.notify_all();
        }
        while (items[1].revents & ZMQ_POLLIN) {
          auto msg = io::receiveMessage(alerts, milliseconds(0));
          if (!msg) break;
          if (!am.ParseFromArray(msg->payload.data(), static_cast<int>(msg->payload.size()))) {
            continue;
          }
          std::lock_guard lock(mutex_);
          if (am.has_heartbeat()) ++heartbeats_;
          if (am.has_alert()) ++alerts_received_;
          if (am.has_end_of_stream()) alert_end_ = true;
          cv_.notify_all();
        }
      }
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex_);
      error_ = e.what();
      cv_.notify_all();
    }
  }

  zmq::context_t& context_;
  std::string tracks_, alerts_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Record> records_;
  std::uint64_t last_sequence_ = 0;
  std::uint64_t tracks_received_ = 0, track_gaps_ = 0, alerts_received_ = 0, heartbeats_ = 0;
  bool track_end_ = false, alert_end_ = false;
  std::string error_;
};

/// "key=value" from a READY line.
std::string field(const std::string& line, const std::string& key) {
  std::istringstream in(line);
  std::string word;
  while (in >> word) {
    if (word.rfind(key + "=", 0) == 0) return word.substr(key.size() + 1);
  }
  return {};
}

struct Sent {
  int phase = 0;
  std::uint64_t messages = 0, measurements = 0, failed = 0;
  std::int64_t first_ns = 0, last_ns = 0;
};

std::vector<std::pair<std::int64_t, std::int64_t>> readSendLog(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::int64_t> raw;
  std::int64_t v = 0;
  while (in.read(reinterpret_cast<char*>(&v), sizeof v)) raw.push_back(v);
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (std::size_t i = 0; i + 1 < raw.size(); i += 2) out.emplace_back(raw[i], raw[i + 1]);
  return out;
}

class RunFailed : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// One run's processes and bookkeeping.
class Run {
 public:
  Run(const E2eOptions& o, zmq::context_t& context, std::size_t targets, std::size_t batch,
      E2eResult& r)
      : o_(o), context_(context), targets_(targets), batch_(batch), r_(r) {}

  void execute() {
    namespace fs = std::filesystem;
    char tmpl[] = "/tmp/fusion-bench-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) throw RunFailed("cannot create a temporary directory");
    dir_ = tmpl;
    struct Cleanup {
      std::string d;
      ~Cleanup() {
        std::error_code ec;
        fs::remove_all(d, ec);
      }
    } cleanup{dir_};

    LoadConfig load = o_.load;
    load.targets = targets_;
    load.record_truth = false;
    const DaemonSettings daemon;
    {
      std::ofstream cfg(dir_ + "/config.yaml");
      cfg << benchConfigYaml(load, &daemon);
      if (!cfg) throw RunFailed("cannot write " + dir_ + "/config.yaml");
    }
    fusiond_.emplace(std::vector<std::string>{o_.fusiond_path, "--config", dir_ + "/config.yaml",
                                              "--exit-after-eos", "1"},
                     [this](const std::string& l) { board_.onLine(l); });
    std::string ready;
    while (auto line = fusiond_->readLine(milliseconds(30'000))) {
      if (line->rfind("READY ", 0) == 0) {
        ready = *line;
        break;
      }
    }
    if (ready.empty()) throw RunFailed("fusiond printed no READY line:\n" + board_.tail());
    subscriber_.emplace(context_, field(ready, "tracks"), field(ready, "alerts"));
    r_.rss_ready_bytes = residentBytesOf(fusiond_->pid());

    std::vector<std::string> sender_args = {o_.self_path,
                                            "--sender",
                                            field(ready, "feeds"),
                                            "--tracks",
                                            std::to_string(targets_),
                                            "--batch",
                                            std::to_string(batch_),
                                            "--send-log",
                                            dir_};
    appendLoadArgs(load, sender_args);
    sender_.emplace(sender_args, [](const std::string& l) {
      std::fprintf(stderr, "  sender: %s\n", l.c_str());
    });
    const auto sready = sender_->readLine(milliseconds(120'000));
    if (!sready || *sready != "READY") throw RunFailed("the sender did not start");
    // The first heartbeat: the alert subscription is in place. (The track stream has no
    // heartbeat; its sequence numbers show any update missed.)
    if (!subscriber_->waitHeartbeat(milliseconds(10'000))) {
      throw RunFailed("no heartbeat on the alert stream");
    }

    // 1. Warm-up, a sweep at a time.
    for (std::size_t w = 0; w < o_.warmup_sweeps; ++w) {
      const Sent s = send("SWEEPS 1 0");
      r_.warmup_measurements += s.measurements;
      if (!waitProcessed(nullptr)) throw RunFailed("warm-up sweep not processed (lost input)");
    }
    const auto warm = board_.latest();
    r_.live_tracks = warm.get("live_tracks");
    r_.confirmed_tracks = warm.get("confirmed_tracks");
    r_.rss_warm_bytes = residentBytesOf(fusiond_->pid());
    if (r_.live_tracks > 0 && r_.rss_warm_bytes > r_.rss_ready_bytes) {
      r_.bytes_per_track = static_cast<double>(r_.rss_warm_bytes - r_.rss_ready_bytes) /
                           static_cast<double>(r_.live_tracks);
    }

    // 2. Burst.
    const double cpu0 = cpuSecondsOf(fusiond_->pid());
    const double per_sweep = static_cast<double>(std::max<std::uint64_t>(r_.warmup_measurements, 1)) /
                             static_cast<double>(std::max<std::size_t>(o_.warmup_sweeps, 1));
    r_.burst_sweeps = std::max<std::uint64_t>(
        o_.burst_sweeps,
        static_cast<std::uint64_t>(std::ceil(static_cast<double>(o_.burst_measurements) / per_sweep)));
    const Sent burst = send("SWEEPS " + std::to_string(r_.burst_sweeps) + " 0");
    std::int64_t last_receipt = 0;
    r_.burst_complete = waitProcessed(&last_receipt);
    const double cpu1 = cpuSecondsOf(fusiond_->pid());
    r_.burst_messages = burst.messages;
    r_.burst_measurements = burst.measurements;
    r_.burst_send_s = static_cast<double>(burst.last_ns - burst.first_ns) * 1e-9;
    r_.burst_elapsed_s = static_cast<double>(last_receipt - burst.first_ns) * 1e-9;
    if (!r_.burst_complete || r_.burst_elapsed_s <= 0.0) {
      throw RunFailed("burst not processed completely (lost input or updates)");
    }
    r_.burst_rate = static_cast<double>(burst.measurements) / r_.burst_elapsed_s;
    r_.sender_rate = r_.burst_send_s > 0.0
                         ? static_cast<double>(burst.measurements) / r_.burst_send_s
                         : 0.0;
    if (cpu0 >= 0.0 && cpu1 >= cpu0) {
      r_.fusiond_cpu_s = cpu1 - cpu0;
      r_.cpu_us_per_measurement = r_.fusiond_cpu_s * 1e6 / static_cast<double>(burst.measurements);
    }

    // 3. The highest paced rate fusiond keeps up with, from the saturated rate down.
    double trial = r_.burst_rate;
    for (std::size_t step = 0; step < o_.search_steps && r_.max_rate == 0.0; ++step) {
      RateStep st;
      st.target_rate = trial;
      char cmd[96];
      std::snprintf(cmd, sizeof cmd, "MEAS %.0f %.3f",
                    std::max(1.0, std::round(trial * o_.search_phase_s)), trial);
      const Sent s = send(cmd);
      std::int64_t done_at = 0;
      if (!waitProcessed(&done_at)) throw RunFailed("rate search phase not processed (lost input)");
      const double send_s = static_cast<double>(s.last_ns - s.first_ns) * 1e-9;
      const double done_s = static_cast<double>(done_at - s.first_ns) * 1e-9;
      st.send_rate = send_s > 0.0 ? static_cast<double>(s.measurements) / send_s : 0.0;
      st.processed_rate = done_s > 0.0 ? static_cast<double>(s.measurements) / done_s : 0.0;
      st.kept_up = keptUp(s, done_at);
      r_.search.push_back(st);
      if (st.kept_up) {
        // What was really sent (a sender short of CPU may fall behind its schedule).
        r_.max_rate = std::min(trial, st.send_rate > 0.0 ? st.send_rate : trial);
      } else {
        trial = 0.9 * std::min(st.processed_rate, trial);
      }
    }
    if (r_.max_rate == 0.0) {
      // No step kept up (a machine too loaded to hold any pace steady): the last step's
      // processed rate stands in, flagged, so that the latency levels still run.
      r_.max_rate = r_.search.back().processed_rate;
      r_.max_rate_verified = false;
    }

    // 4. Latency at fractions of the maximum.
    for (const double f : o_.latency_fractions) {
      LatencyPhase p;
      p.fraction = f;
      p.target_rate = f * r_.max_rate;
      const double amount = std::max(1.0, std::round(p.target_rate * o_.latency_phase_s));
      const std::size_t first_record = subscriber_->recordCount();
      char cmd[96];
      std::snprintf(cmd, sizeof cmd, "MEAS %.0f %.3f", amount, p.target_rate);
      const Sent s = send(cmd);
      p.messages = s.messages;
      p.measurements = s.measurements;
      const double send_s = static_cast<double>(s.last_ns - s.first_ns) * 1e-9;
      p.send_rate = send_s > 0.0 ? static_cast<double>(s.measurements) / send_s : 0.0;
      std::int64_t done_at = 0;
      p.complete = waitProcessed(&done_at);
      p.kept_up = p.complete && keptUp(s, done_at);
      p.latency = phaseLatency(s.phase, first_record);
      r_.latency.push_back(p);
    }

    // 5. Soak: constant load, resident memory sampled.
    if (o_.soak_s > 0.0) {
      r_.soak_rate = o_.soak_fraction * r_.max_rate;
      const std::int64_t t0 = steadyNs();
      next_sample_ns_ = t0;
      soak_t0_ns_ = t0;
      sampling_ = true;
      while (static_cast<double>(steadyNs() - t0) * 1e-9 < o_.soak_s) {
        const double amount = std::max(1.0, std::round(r_.soak_rate * o_.soak_chunk_s));
        char cmd[96];
        std::snprintf(cmd, sizeof cmd, "MEAS %.0f %.3f", amount, r_.soak_rate);
        send(cmd);
        if (!waitProcessed(nullptr)) throw RunFailed("soak chunk not processed (lost input)");
      }
      sampling_ = false;
      soakGrowth();
    }

    // End: the sender's end of stream makes fusiond finish, publish `end` and exit.
    sender_->writeLine("END");
    const auto done = sender_->readLine(milliseconds(60'000));
    if (!done || *done != "DONE") throw RunFailed("the sender did not finish");
    sender_->wait(milliseconds(60'000));
    const auto code = fusiond_->wait(milliseconds(120'000));
    r_.fusiond_exit = code ? *code : -1;
    subscriber_->waitEnds(milliseconds(10'000));
    subscriber_->stop();
    const auto final_counters = board_.latest();
    r_.messages_received = final_counters.get("messages_received");
    r_.measurements_processed = final_counters.get("tracker.measurements");
    r_.sequence_gaps = final_counters.get("sequence_gaps");
    r_.rejected = final_counters.get("rejected_total");
    r_.tracks_published = final_counters.get("tracks_published");
    const auto totals = subscriber_->totals();
    r_.tracks_received = totals.tracks;
    r_.track_stream_gaps = totals.gaps;
    r_.alerts_received = totals.alerts;
    r_.heartbeats_received = totals.heartbeats;
    if (r_.fusiond_exit != 0) throw RunFailed("fusiond exited with " + std::to_string(r_.fusiond_exit));
    if (r_.sequence_gaps != 0 || r_.messages_received != r_.messages_sent + 1) {
      throw RunFailed("fusiond lost feed messages: sent " + std::to_string(r_.messages_sent) +
                      " + end of stream, received " + std::to_string(r_.messages_received) +
                      ", sequence gaps " + std::to_string(r_.sequence_gaps));
    }
    r_.ok = true;
  }

 private:
  static void appendLoadArgs(const LoadConfig& l, std::vector<std::string>& args) {
    char buf[64];
    const auto add = [&](const char* name, const char* f, double v) {
      std::snprintf(buf, sizeof buf, f, v);
      args.emplace_back(name);
      args.emplace_back(buf);
    };
    add("--pd", "%.17g", l.pd);
    add("--clutter", "%.0f", static_cast<double>(l.clutter_per_scan));
    add("--noise-m", "%.17g", l.noise_sigma_m);
    add("--scan-period-s", "%.17g", l.scan_period_s);
    add("--manoeuvring", "%.17g", l.manoeuvring_fraction);
    add("--seed", "%.0f", static_cast<double>(l.seed));
  }

  Sent send(const std::string& command) {
    if (!sender_->writeLine(command)) throw RunFailed("the sender is gone");
    // Generation comes first (untimed), so allow for a large phase; sample memory meanwhile.
    const auto deadline = Clock::now() + std::chrono::seconds(900);
    for (;;) {
      const auto line = sender_->readLine(milliseconds(100));
      sample();
      if (!line) {
        if (sender_->finished()) throw RunFailed("the sender exited during '" + command + "'");
        if (Clock::now() > deadline) throw RunFailed("the sender did not answer '" + command + "'");
        continue;
      }
      if (line->rfind("SENT ", 0) != 0) continue;
      Sent s;
      std::istringstream in(line->substr(5));
      long long first = 0, last = 0;
      unsigned long long msgs = 0, meas = 0, failed = 0;
      in >> s.phase >> msgs >> meas >> first >> last >> failed;
      s.messages = msgs;
      s.measurements = meas;
      s.first_ns = first;
      s.last_ns = last;
      s.failed = failed;
      r_.messages_sent += msgs;
      r_.measurements_sent += meas;
      if (failed != 0) throw RunFailed("the sender could not queue " + std::to_string(failed) + " messages");
      return s;
    }
  }

  /// Waits until fusiond has processed every measurement sent so far and the subscriber has
  /// every track update fusiond published by then. False when fusiond stops making progress
  /// for 10 s short of that (input lost), or updates are missing. `last_receipt`: the receipt
  /// time of the last of those updates.
  bool waitProcessed(std::int64_t* last_receipt) {
    auto snap = board_.latest();
    std::uint64_t progress = snap.get("tracker.measurements");
    auto progress_at = Clock::now();
    while (snap.get("tracker.measurements") < r_.measurements_sent) {
      sample();
      snap = board_.waitNewer(snap.serial, milliseconds(200));
      const std::uint64_t now_done = snap.get("tracker.measurements");
      if (now_done != progress) {
        progress = now_done;
        progress_at = Clock::now();
      } else if (Clock::now() - progress_at > std::chrono::seconds(10)) {
        return false;
      }
    }
    if (!subscriber_->waitTracks(snap.get("tracks_published"), milliseconds(10'000))) {
      return false;
    }
    if (last_receipt != nullptr) *last_receipt = subscriber_->lastReceiptNs();
    sample();
    return true;
  }

  /// fusiond kept up with a paced phase: it finished within 5 % (+20 ms) of the sending time.
  static bool keptUp(const Sent& s, std::int64_t done_at) {
    const double send_s = static_cast<double>(s.last_ns - s.first_ns) * 1e-9;
    const double done_s = static_cast<double>(done_at - s.first_ns) * 1e-9;
    return done_s <= 1.05 * send_s + 0.020;
  }

  void sample() {
    if (!sampling_) return;
    const std::int64_t now = steadyNs();
    if (now < next_sample_ns_) return;
    next_sample_ns_ = now + static_cast<std::int64_t>(o_.rss_sample_period_s * 1e9);
    const auto snap = board_.latest();
    r_.soak.push_back({static_cast<double>(now - soak_t0_ns_) * 1e-9,
                       residentBytesOf(fusiond_->pid()), snap.get("live_tracks"),
                       snap.get("tracker.measurements")});
  }

  void soakGrowth() {
    // The second half: the first includes the allocator reaching its working set.
    const std::size_t n = r_.soak.size();
    if (n < 4) return;
    const std::size_t from = n / 2;
    double st = 0, sr = 0, stt = 0, str = 0;
    const auto m = static_cast<double>(n - from);
    for (std::size_t i = from; i < n; ++i) {
      const double t = r_.soak[i].t_s, v = static_cast<double>(r_.soak[i].rss_bytes);
      st += t;
      sr += v;
      stt += t * t;
      str += t * v;
    }
    const double den = m * stt - st * st;
    if (den > 0.0) r_.soak_growth_bytes_per_hour = (m * str - st * sr) / den * 3600.0;
    const double first = static_cast<double>(r_.soak[from].rss_bytes);
    if (first > 0.0) {
      r_.soak_growth_fraction = (static_cast<double>(r_.soak.back().rss_bytes) - first) / first;
    }
  }

  LatencyStats phaseLatency(int phase, std::size_t first_record) {
    const auto log = readSendLog(dir_ + "/send-" + std::to_string(phase) + ".bin");
    std::unordered_map<std::int64_t, std::int64_t> sent_at;
    sent_at.reserve(log.size() * 2);
    for (const auto& [time_ns, at] : log) sent_at.emplace(time_ns, at);
    std::vector<double> us;
    us.reserve(log.size());
    for (const auto& rec : subscriber_->recordsFrom(first_record)) {
      const auto it = sent_at.find(rec.time_ns);
      if (it == sent_at.end()) continue;
      // The first update carrying the message's time; later ones (a status change of the
      // same track state) do not count again.
      us.push_back(static_cast<double>(rec.received_ns - it->second) * 1e-3);
      sent_at.erase(it);
    }
    return latencyStats(us, log.size());
  }

  const E2eOptions& o_;
  zmq::context_t& context_;
  std::size_t targets_, batch_;
  E2eResult& r_;
  std::string dir_;
  CounterBoard board_;
  // Destroyed in reverse: sender, subscriber, then fusiond (killed if still running).
  std::optional<ChildProcess> fusiond_;
  std::optional<StreamSubscriber> subscriber_;
  std::optional<ChildProcess> sender_;
  bool sampling_ = false;
  std::int64_t next_sample_ns_ = 0;
  std::int64_t soak_t0_ns_ = 0;
};

}  // namespace

LatencyStats latencyStats(std::vector<double>& us, std::size_t messages) {
  LatencyStats s;
  s.messages = messages;
  s.matched = us.size();
  if (us.empty()) return s;
  std::sort(us.begin(), us.end());
  // Nearest rank: the smallest value with at least q of the samples at or below it.
  const auto rank = [&](double q) {
    const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(us.size())));
    return us[std::min(us.size() - 1, k == 0 ? 0 : k - 1)];
  };
  s.p50_us = rank(0.5);
  s.p99_us = rank(0.99);
  s.p999_us = rank(0.999);
  s.max_us = us.back();
  double sum = 0.0;
  for (const double v : us) sum += v;
  s.mean_us = sum / static_cast<double>(us.size());
  return s;
}

E2eResult runEndToEnd(const E2eOptions& options, zmq::context_t& context, std::size_t targets,
                      std::size_t plots_per_message) {
  E2eResult r;
  r.targets = targets;
  r.plots_per_message = plots_per_message;
  try {
    Run run(options, context, targets, plots_per_message, r);
    run.execute();
  } catch (const std::exception& e) {
    r.ok = false;
    r.error = e.what();
  }
  return r;
}

}  // namespace picket::bench
