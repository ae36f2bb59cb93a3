#include "app/fusion_daemon.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "app/log.hpp"
#include "io/geography.hpp"
#include "io/alert_channels.hpp"
#include "io/converters.hpp"
#include "io/cot.hpp"
#include "picket/v1/tracks.pb.h"

namespace picket::app {

namespace {

// Every n-th rejection of a reason is logged (the first always): a flood of bad input must
// not become a flood of log lines.
constexpr std::uint64_t kRejectionLogEvery = 1000;

std::optional<io::JournalRestore> readJournalIfAny(const io::FusiondConfig& c) {
  if (c.journal.directory.empty()) return std::nullopt;
  return io::readJournal(c.journal.directory, c.instance_id);
}

/// Alert IDs carry the journal's run number: a restarted daemon's new tracker numbers its
/// tracks from 1 again, and an ID must never name two alerts.
io::FusiondConfig withRun(io::FusiondConfig c, const std::optional<io::JournalRestore>& r) {
  if (r) c.cueing.alert_id_prefix += "-r" + std::to_string(r->run);
  return c;
}

/// The previous run's damage, one line each (the counts are in ReadReport).
void logJournalDamage(const io::ReadReport& report) {
  for (const auto& e : report.file_errors) {
    std::ostringstream os;
    os << "journal file skipped: " << e;
    logLine("fusiond", os.str());
  }
  for (const auto& t : report.torn_tails) {
    std::ostringstream os;
    os << "journal torn tail (events never published, so never missed): " << t;
    logLine("fusiond", os.str());
  }
  for (const auto& c : report.corrupt) {
    std::ostringstream os;
    os << "journal corrupt chunk (its events cannot be recovered): " << c;
    logLine("fusiond", os.str());
  }
}

}  // namespace

FusionDaemon::FusionDaemon(io::FusiondConfig config, zmq::context_t& context,
                           const io::Clock& clock, DaemonOptions options)
    : restored_(readJournalIfAny(config)),
      config_(withRun(std::move(config), restored_)),
      clock_(clock),
      options_(options),
      sockets_(context),
      stamper_(config_.instance_id, restored_ ? restored_->sequences : io::SequenceBook{}),
      pipeline_(config_, counters_, pipelineCallbacks(), "fusiond"),
      queue_(config_.input.queue_capacity) {
  if (restored_) {
    const auto& r = *restored_;
    left_open_ = r.open_alerts;
    run_ = r.run;
    stream_counters_.journal_restored.store(r.entries);
    logJournalDamage(r.report);
    logLine("fusiond", "alert journal " + config_.journal.directory + ": run " +
                           std::to_string(r.run) + ", " + std::to_string(r.entries) +
                           " events in " + std::to_string(r.files.size()) +
                           " files, journal sequence " +
                           std::to_string(stamper_.sequences().journalSequence()) +
                           ", " + std::to_string(r.open_alerts.size()) + " alerts left open");
    journal_.emplace(io::AlertJournalOptions{config_.journal.directory, config_.instance_id,
                                             config_.journal.fsync,
                                             config_.journal.max_file_bytes, "fusiond"},
                     r.run);
    restored_.reset();
  } else {
    logLine("fusiond", "no alert journal (journal.directory is empty): alert sequences start "
                       "at 1 and missed alerts cannot be recovered");
  }
  makeRecorders();
  zmq::socket_t feed = sockets_.bindFeedInput(config_.endpoints.feeds);
  track_out_ = sockets_.bindStreamOutput(config_.endpoints.tracks);
  alert_out_ = sockets_.bindStreamOutput(config_.endpoints.alerts);
  zmq::socket_t recovery = sockets_.bindRecoveryServer(config_.endpoints.alert_recovery);
  auto [wake_rx, wake_tx] = sockets_.makeWakePair("fusiond-wake-" + config_.instance_id);
  wake_sender_ = std::move(wake_tx);
  auto [rwake_rx, rwake_tx] =
      sockets_.makeWakePair("fusiond-recovery-wake-" + config_.instance_id);
  recovery_wake_sender_ = std::move(rwake_tx);
  bound_ = {io::SocketFactory::boundEndpoint(feed), io::SocketFactory::boundEndpoint(track_out_),
            io::SocketFactory::boundEndpoint(alert_out_),
            io::SocketFactory::boundEndpoint(recovery)};
  ingest_ = std::thread(&FusionDaemon::ingestLoop, this, std::move(feed), std::move(wake_rx));
  recovery_ = std::thread(&FusionDaemon::recoveryLoop, this, std::move(recovery),
                          std::move(rwake_rx));
}

FusionDaemon::~FusionDaemon() {
  requestStop();
  if (ingest_.joinable()) ingest_.join();
  if (recovery_.joinable()) recovery_.join();
}

void FusionDaemon::requestStop() {
  if (stop_.exchange(true)) return;
  {
    std::lock_guard lock(wake_mutex_);
    (void)wake_sender_.send(zmq::str_buffer("stop"), zmq::send_flags::dontwait);
    (void)recovery_wake_sender_.send(zmq::str_buffer("stop"), zmq::send_flags::dontwait);
  }
  queue_.wake();
}

void FusionDaemon::recoveryLoop(zmq::socket_t router, zmq::socket_t wake) {
  std::optional<io::JournalSource> source;
  if (journal_) source.emplace(config_.journal.directory);
  zmq::pollitem_t items[] = {{router.handle(), 0, ZMQ_POLLIN, 0},
                             {wake.handle(), 0, ZMQ_POLLIN, 0}};
  std::uint64_t logged_bad = 0;
  while (!stop_.load()) {
    zmq::poll(items, 2, std::chrono::milliseconds(-1));
    if (items[1].revents & ZMQ_POLLIN) break;
    if (!(items[0].revents & ZMQ_POLLIN)) continue;
    auto request = io::receiveRequest(router, std::chrono::milliseconds(0));
    if (!request) continue;
    stream_counters_.recovery_requests.fetch_add(1, std::memory_order_relaxed);
    io::RecoveryAnswer answer;
    if (request->well_formed) {
      answer = io::answerRecovery(
          std::string_view(static_cast<const char*>(request->payload.data()),
                           request->payload.size()),
          source ? &*source : nullptr, config_.journal.recovery_max_events);
    } else {
      v1::AlertRecoveryReply r;
      r.set_error("malformed request: expected the frames [empty, AlertRecoveryRequest]");
      answer.replies.push_back(std::move(r));
      answer.bad_request = true;
    }
    if (answer.bad_request) {
      const auto n = stream_counters_.recovery_bad_requests.fetch_add(1) + 1;
      if (logged_bad == 0 || n / kRejectionLogEvery > logged_bad / kRejectionLogEvery) {
        logLine("fusiond", "bad recovery request (" + std::to_string(n) + " so far): " +
                               answer.replies.back().error());
        logged_bad = n;
      }
    }
    for (const auto& reply : answer.replies) {
      if (!io::sendReply(router, request->identity, reply)) break;  // the peer is gone
      if (reply.has_alert()) stream_counters_.recovery_events_sent.fetch_add(1);
    }
  }
}

void FusionDaemon::ingestLoop(zmq::socket_t feed, zmq::socket_t wake) {
  io::FeedValidator validator(config_, counters_);
  std::array<std::uint64_t, static_cast<std::size_t>(io::Rejection::kCount)> logged{};
  zmq::pollitem_t items[] = {{feed.handle(), 0, ZMQ_POLLIN, 0}, {wake.handle(), 0, ZMQ_POLLIN, 0}};
  // With a recorder, wake at least every flush interval: a quiet feed must not hold a chunk
  // (and what a crash would lose) longer than that.
  const auto poll_timeout =
      input_recorder_ ? std::chrono::milliseconds(std::max<std::int64_t>(
                            1, std::llround(config_.recording.flush_interval_s * 1000.0 / 2)))
                      : std::chrono::milliseconds(-1);
  while (!stop_.load()) {
    zmq::poll(items, 2, poll_timeout);
    if (input_recorder_) input_recorder_->poll(clock_.now());
    if (items[1].revents & ZMQ_POLLIN) break;
    if (!(items[0].revents & ZMQ_POLLIN)) continue;
    // Drain what is ready without polling again for each message.
    while (!stop_.load()) {
      auto msg = io::receiveMessage(feed, std::chrono::milliseconds(0));
      if (!msg) break;
      std::optional<io::InputItem> item;
      const core::Timestamp received = clock_.now();
      if (!msg->well_formed) {
        counters_.messages_received.fetch_add(1, std::memory_order_relaxed);
        counters_.reject(io::Rejection::BadFrame);
      } else {
        item = validator.decode(msg->payload.data(), msg->payload.size(), received);
      }
      for (std::size_t r = 0; r < logged.size(); ++r) {
        const auto n = counters_.rejected[r].load(std::memory_order_relaxed);
        if (n > logged[r] && (logged[r] == 0 || n / kRejectionLogEvery > logged[r] / kRejectionLogEvery)) {
          logLine("fusiond", std::string("rejected input: ") +
                                 io::toString(static_cast<io::Rejection>(r)) + " (" +
                                 std::to_string(n) + " so far) on topic '" + msg->topic + "'");
        }
        logged[r] = n;
      }
      if (!item) continue;
      if (input_recorder_) {
        // The accepted payload as it arrived (no re-serialization), with its receive time:
        // what fusion-replay plays back.
        input_recorder_->appendSerialized(
            received, msg->topic, io::RecordBody::Feed,
            std::string_view(static_cast<const char*>(msg->payload.data()), msg->payload.size()));
      }
      // Back-pressure: wait for room rather than drop accepted data.
      while (!queue_.push(std::move(*item), std::chrono::milliseconds(100))) {
        if (stop_.load()) return;
      }
    }
  }
}

void FusionDaemon::makeRecorders() {
  const io::RecordingConfig& rc = config_.recording;
  if (rc.directory.empty()) {
    logLine("fusiond", "recording off (recording.directory is empty): inputs are not recorded "
                       "and cannot be replayed");
    return;
  }
  io::RecordingWriterOptions w;
  w.directory = rc.directory;
  w.prefix = rc.prefix;
  w.chunk_max_span = core::Duration::fromSeconds(rc.flush_interval_s);
  w.rotate_max_bytes = rc.rotate_bytes;
  w.rotate_max_span = core::Duration::fromSeconds(rc.rotate_seconds);
  w.sync_each_chunk = rc.fsync;
  w.writer = "fusiond";
  w.metadata = {{"instance_id", config_.instance_id}, {"content", "inputs"}};
  const auto log = [](const std::string& line) { logLine("fusiond", line); };
  // After a write failure (disk full...), a new file is tried this much later.
  const core::Duration retry = core::Duration::fromSeconds(10.0);
  input_recorder_ = std::make_unique<io::LiveRecorder>(w, retry, log);
  std::string what = "recording inputs to " + rc.directory + "/" + rc.prefix + "-*.pkrec";
  if (rc.outputs) {
    w.directory = (std::filesystem::path(rc.directory) / "outputs").string();
    w.metadata["content"] = "outputs";
    output_recorder_ = std::make_unique<io::LiveRecorder>(w, retry, log);
    what += ", outputs to " + w.directory + "/" + rc.prefix + "-*.pkrec";
  }
  logLine("fusiond", what);
}

void FusionDaemon::run() {
  using namespace std::chrono;
  const auto heartbeat = duration_cast<milliseconds>(duration<double>(config_.heartbeat_interval_s));
  const auto stats = duration_cast<milliseconds>(duration<double>(config_.stats_interval_s));
  auto next_heartbeat = steady_clock::now();
  auto next_stats = steady_clock::now() + stats;
  const bool live = config_.input.time_reference == io::TimeReference::Wall;
  closeAlertsOfPreviousRun();

  while (!stop_.load()) {
    const auto now = steady_clock::now();
    if (now >= next_heartbeat) {
      publishHeartbeat();
      if (output_recorder_) output_recorder_->poll(clock_.now());
      next_heartbeat = now + heartbeat;
    }
    if (stats.count() > 0 && now >= next_stats) {
      logLine("fusiond", "counters: " + report());
      next_stats = now + stats;
    }
    auto item = queue_.pop(duration_cast<milliseconds>(next_heartbeat - steady_clock::now()));
    if (item) {
      // The wall clock floors the reorder window's release only with the wall reference.
      pipeline_.push(*item, live ? clock_.now() : core::Timestamp{});
    } else if (live) {
      // Live: the wall clock moves the reorder window and track ageing even with no data.
      pipeline_.tick(clock_.now());
    }
  }
  // Stop: no more input; what was accepted is still processed.
  queue_.close();
  if (ingest_.joinable()) ingest_.join();
  if (input_recorder_) input_recorder_->close();  // the ingest thread is gone
  while (auto item = queue_.pop(std::chrono::milliseconds(0))) {
    pipeline_.push(*item, live ? clock_.now() : core::Timestamp{});
  }
  pipeline_.flush();
  publishEndOfStream();
}

PipelineCallbacks FusionDaemon::pipelineCallbacks() {
  PipelineCallbacks c;
  c.track = [this](const core::Track& t) { publishTrack(t); };
  c.alerts = [this](const std::vector<cueing::AlertEvent>& events) { publishAlerts(events); };
  c.end_of_stream = [this](const io::EndOfStreamItem& eos) { onEndOfStream(eos); };
  return c;
}

void FusionDaemon::onEndOfStream(const io::EndOfStreamItem& eos) {
  logLine("fusiond", "end of stream from '" + eos.source_id + "' (" +
                         std::to_string(eos.messages_sent) + " messages sent" +
                         (eos.reason.empty() ? "" : ": " + eos.reason) + ")");
  ++end_of_streams_seen_;
  const bool count_reached = options_.exit_after_end_of_streams > 0 &&
                             end_of_streams_seen_ >= options_.exit_after_end_of_streams;
  const bool source_ended = !options_.exit_after_end_of_stream_from.empty() &&
                            eos.source_id == options_.exit_after_end_of_stream_from;
  if (count_reached || source_ended) requestStop();
}

void FusionDaemon::publishTrack(const core::Track& track) {
  const v1::TrackStreamMessage msg = stamper_.track(track, pipeline_.tracker().sensors());
  const std::string topic = StreamStamper::trackTopic(track);
  if (output_recorder_) output_recorder_->appendTrack(clock_.now(), topic, msg);
  if (io::sendMessage(track_out_, topic, msg)) counters_.tracks_published.fetch_add(1);
}

void FusionDaemon::publishAlerts(const std::vector<cueing::AlertEvent>& events) {
  if (events.empty()) return;
  std::vector<v1::Alert> entries;
  entries.reserve(events.size());
  for (const auto& e : events) entries.push_back(stamper_.entry(e, pipeline_.tracker().sensors()));
  journalAndPublish(std::move(entries));
}

void FusionDaemon::closeAlertsOfPreviousRun() {
  if (left_open_.empty()) return;
  // The event time: the wall clock when live; with data time, the alert's own last time
  // (this process has seen no data yet, and a wall time would be from another epoch).
  const bool wall = config_.input.time_reference == io::TimeReference::Wall;
  std::vector<v1::Alert> closures;
  for (const auto& last : left_open_) {
    closures.push_back(io::restartClosure(last, wall ? clock_.now().ns : last.header().time_ns()));
  }
  stream_counters_.restart_closures.fetch_add(closures.size());
  logLine("fusiond", "closing " + std::to_string(closures.size()) +
                         " alerts the previous run left open");
  left_open_.clear();
  journalAndPublish(std::move(closures));
}

void FusionDaemon::journalAndPublish(std::vector<v1::Alert> entries) {
  for (auto& entry : entries) {
    const auto stamp = stamper_.stamp(entry);
    if (stamp.channels.empty()) stream_counters_.events_without_partner.fetch_add(1);
    if (!stamp.rejected.empty()) {
      stream_counters_.invalid_partner_ids.fetch_add(stamp.rejected.size());
      logLine("fusiond", "alert " + entry.alert_id() + ": partner ID '" + stamp.rejected.front() +
                             "' cannot name a channel; not released to it");
    }
  }
  if (journal_) {
    // Written before anything is sent: whatever a subscriber has seen is in the journal.
    try {
      const core::Timestamp now = clock_.now();
      for (const auto& entry : entries) journal_->append(entry, now);
      journal_->flush();
      stream_counters_.journal_entries.fetch_add(entries.size());
    } catch (const std::exception& e) {
      // The watch floor still gets the alerts; the loss of durability is loud.
      stream_counters_.journal_write_failures.fetch_add(entries.size());
      logLine("fusiond", std::string("ALERT JOURNAL WRITE FAILED, alerts not recoverable: ") +
                             e.what());
    }
  }
  for (const auto& entry : entries) {
    if (output_recorder_) {
      // The full stream's message, as a subscriber to "alert/*/" receives it.
      v1::AlertStreamMessage msg;
      *msg.mutable_alert() = entry;
      output_recorder_->appendAlert(clock_.now(), StreamStamper::alertTopic(entry), msg);
    }
    publishEntry(entry);
    counters_.alerts_published.fetch_add(1);
    logLine("fusiond", "alert #" + std::to_string(entry.journal_sequence()) + " " +
                           io::alertStateName(entry.state()) + " " + entry.rule() + " track " +
                           std::to_string(entry.track().track_id()) + ": " + entry.reason());
  }
}

void FusionDaemon::publishEntry(const v1::Alert& entry) {
  const std::string severity = io::severityName(entry.severity());
  v1::AlertStreamMessage msg;
  *msg.mutable_alert() = entry;
  sendOnChannel(io::kFullStreamChannel, io::alertTopic(io::kFullStreamChannel, severity), msg);
  for (const auto& c : entry.channel_sequences()) {
    auto copy = io::channelCopy(entry, c.channel());
    if (!copy) continue;
    *msg.mutable_alert() = std::move(*copy);
    sendOnChannel(c.channel(), io::alertTopic(c.channel(), severity), msg);
    stream_counters_.channel_copies.fetch_add(1);
  }
}

void FusionDaemon::sendOnChannel(std::string_view /*channel*/, const std::string& topic,
                                 const v1::AlertStreamMessage& message) {
  // Releasability is enforced by topic today: every subscriber could subscribe to any
  // channel. With CURVE, this picks the partner's own socket (or the ROUTER-side check of the
  // ZAP user ID), and nothing else changes.
  io::sendMessage(alert_out_, topic, message);
}

void FusionDaemon::publishHeartbeat() {
  // Every configured partner gets a heartbeat, with or without events so far, so a quiet
  // subscriber knows its channel's newest sequence; so does any other channel that had events.
  std::vector<std::string> channels = {std::string(io::kFullStreamChannel)};
  for (const auto& p : config_.partners) channels.push_back(p.id);
  channels.push_back(config_.default_partner.id);
  for (const auto& [channel, last] : stamper_.sequences().channels()) channels.push_back(channel);
  std::sort(channels.begin(), channels.end());
  channels.erase(std::unique(channels.begin(), channels.end()), channels.end());
  const std::string recovery = journal_ ? bound_.alert_recovery : std::string();
  const auto now = clock_.now().ns;
  ++heartbeat_sequence_;
  for (const auto& channel : channels) {
    if (!io::validChannel(channel)) continue;
    v1::AlertStreamMessage msg;
    auto* hb = msg.mutable_heartbeat();
    hb->mutable_header()->set_source_id(config_.instance_id);
    hb->mutable_header()->set_sequence(heartbeat_sequence_);
    hb->mutable_header()->set_time_ns(now);
    hb->set_last_stream_sequence(stamper_.sequences().last(channel));
    hb->set_channel(channel);
    hb->set_recovery_endpoint(recovery);
    sendOnChannel(channel, io::heartbeatTopic(channel), msg);
  }
}

void FusionDaemon::publishEndOfStream() {
  const auto fill = [&](v1::EndOfStream& e, std::uint64_t sent) {
    e.mutable_header()->set_source_id(config_.instance_id);
    e.mutable_header()->set_sequence(++end_sequence_);
    e.mutable_header()->set_time_ns(clock_.now().ns);
    e.set_reason("fusiond shutting down");
    e.set_messages_sent(sent);
  };
  // A last heartbeat round first: a subscriber learns every channel's final sequence.
  publishHeartbeat();
  if (journal_) {
    try {
      journal_->close();
    } catch (const std::exception& e) {
      logLine("fusiond", std::string("closing the alert journal failed: ") + e.what());
    }
  }
  v1::AlertStreamMessage a;
  fill(*a.mutable_end_of_stream(), stamper_.sequences().journalSequence());
  io::sendMessage(alert_out_, std::string(io::kEndTopic), a);
  v1::TrackStreamMessage t;
  fill(*t.mutable_end_of_stream(), stamper_.trackSequence());
  io::sendMessage(track_out_, "end", t);
  if (output_recorder_) output_recorder_->close();
}

std::string FusionDaemon::report() const {
  std::ostringstream os;
  os << counters_.report();
  const auto& t = pipeline_.tracker().counters();
  for (const auto& [name, value] : tracking::namedCounters(t)) {
    os << "tracker." << name << "=" << value << "\n";
  }
  const auto& a = stream_counters_;
  os << "alerts.journal_sequence=" << stamper_.sequences().journalSequence() << "\n"
     << "alerts.journal_run=" << run_ << "\n"
     << "alerts.journal_entries=" << a.journal_entries.load() << "\n"
     << "alerts.journal_restored=" << a.journal_restored.load() << "\n"
     << "alerts.journal_write_failures=" << a.journal_write_failures.load() << "\n"
     << "alerts.restart_closures=" << a.restart_closures.load() << "\n"
     << "alerts.channel_copies=" << a.channel_copies.load() << "\n"
     << "alerts.without_partner=" << a.events_without_partner.load() << "\n"
     << "alerts.invalid_partner_ids=" << a.invalid_partner_ids.load() << "\n"
     << "alerts.recovery_requests=" << a.recovery_requests.load() << "\n"
     << "alerts.recovery_bad_requests=" << a.recovery_bad_requests.load() << "\n"
     << "alerts.recovery_events_sent=" << a.recovery_events_sent.load() << "\n";
  const auto recorder = [&os](const char* name, const io::LiveRecorder* r) {
    if (r == nullptr) return;
    const auto& c = r->counters();
    os << "recording." << name << ".records=" << c.records.load() << "\n"
       << "recording." << name << ".records_lost=" << c.records_lost.load() << "\n"
       << "recording." << name << ".write_errors=" << c.write_errors.load() << "\n"
       << "recording." << name << ".bytes=" << c.bytes.load() << "\n"
       << "recording." << name << ".files=" << c.files.load() << "\n";
  };
  recorder("inputs", input_recorder_.get());
  recorder("outputs", output_recorder_.get());
  return os.str();
}

}  // namespace picket::app
