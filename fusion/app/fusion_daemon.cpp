#include "app/fusion_daemon.hpp"

#include <chrono>
#include <sstream>

#include "app/log.hpp"
#include "io/converters.hpp"
#include "picket/v1/tracks.pb.h"

namespace picket::app {

namespace {

std::vector<tracking::SensorInfo> sensorInfos(const io::FusiondConfig& c) {
  std::vector<tracking::SensorInfo> out;
  for (const auto& s : c.sensors) out.push_back(s.info);
  return out;
}

// Every n-th rejection of a reason is logged (the first always): a flood of bad input must
// not become a flood of log lines.
constexpr std::uint64_t kRejectionLogEvery = 1000;

}  // namespace

FusionDaemon::FusionDaemon(io::FusiondConfig config, zmq::context_t& context,
                           const io::Clock& clock, DaemonOptions options)
    : config_(std::move(config)),
      clock_(clock),
      options_(options),
      sockets_(context),
      tracker_(config_.tracker, sensorInfos(config_)),
      alerts_(config_.cueing, cueing::PartnerTable(config_.partners, config_.default_partner)),
      reorder_(core::Duration::fromSeconds(config_.input.reorder_window_s)),
      queue_(config_.input.queue_capacity) {
  zmq::socket_t feed = sockets_.bindFeedInput(config_.endpoints.feeds);
  track_out_ = sockets_.bindStreamOutput(config_.endpoints.tracks);
  alert_out_ = sockets_.bindStreamOutput(config_.endpoints.alerts);
  auto [wake_rx, wake_tx] = sockets_.makeWakePair("fusiond-wake-" + config_.instance_id);
  wake_sender_ = std::move(wake_tx);
  bound_ = {io::SocketFactory::boundEndpoint(feed), io::SocketFactory::boundEndpoint(track_out_),
            io::SocketFactory::boundEndpoint(alert_out_)};
  ingest_ = std::thread(&FusionDaemon::ingestLoop, this, std::move(feed), std::move(wake_rx));
}

FusionDaemon::~FusionDaemon() {
  requestStop();
  if (ingest_.joinable()) ingest_.join();
}

void FusionDaemon::requestStop() {
  if (stop_.exchange(true)) return;
  {
    std::lock_guard lock(wake_mutex_);
    (void)wake_sender_.send(zmq::str_buffer("stop"), zmq::send_flags::dontwait);
  }
  queue_.wake();
}

void FusionDaemon::ingestLoop(zmq::socket_t feed, zmq::socket_t wake) {
  io::FeedValidator validator(config_, counters_);
  std::array<std::uint64_t, static_cast<std::size_t>(io::Rejection::kCount)> logged{};
  zmq::pollitem_t items[] = {{feed.handle(), 0, ZMQ_POLLIN, 0}, {wake.handle(), 0, ZMQ_POLLIN, 0}};
  while (!stop_.load()) {
    zmq::poll(items, 2, std::chrono::milliseconds(-1));
    if (items[1].revents & ZMQ_POLLIN) break;
    if (!(items[0].revents & ZMQ_POLLIN)) continue;
    // Drain what is ready without polling again for each message.
    while (!stop_.load()) {
      auto msg = io::receiveMessage(feed, std::chrono::milliseconds(0));
      if (!msg) break;
      std::optional<io::InputItem> item;
      if (!msg->well_formed) {
        counters_.messages_received.fetch_add(1, std::memory_order_relaxed);
        counters_.reject(io::Rejection::BadFrame);
      } else {
        item = validator.decode(msg->payload.data(), msg->payload.size(), clock_.now());
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
      // Back-pressure: wait for room rather than drop accepted data.
      while (!queue_.push(std::move(*item), std::chrono::milliseconds(100))) {
        if (stop_.load()) return;
      }
    }
  }
}

void FusionDaemon::run() {
  using namespace std::chrono;
  const auto heartbeat = duration_cast<milliseconds>(duration<double>(config_.heartbeat_interval_s));
  const auto stats = duration_cast<milliseconds>(duration<double>(config_.stats_interval_s));
  auto next_heartbeat = steady_clock::now();
  auto next_stats = steady_clock::now() + stats;
  const bool live = config_.input.time_reference == io::TimeReference::Wall;

  while (!stop_.load()) {
    const auto now = steady_clock::now();
    if (now >= next_heartbeat) {
      publishHeartbeat();
      next_heartbeat = now + heartbeat;
    }
    if (stats.count() > 0 && now >= next_stats) {
      logLine("fusiond", "counters: " + report());
      next_stats = now + stats;
    }
    auto item = queue_.pop(duration_cast<milliseconds>(next_heartbeat - steady_clock::now()));
    if (item) {
      handle(*item);
    } else if (live) {
      // Live: the wall clock moves the reorder window and track ageing even with no data.
      const core::Timestamp wall = clock_.now();
      processReleased(reorder_.release(wall));
      const auto step = tracker_.advanceTo(
          wall - core::Duration::fromSeconds(config_.input.reorder_window_s));
      publishStep(step);
      publishAlerts(alerts_.onStep(tracker_, step));
    }
  }
  // Stop: no more input; what was accepted is still processed.
  queue_.close();
  if (ingest_.joinable()) ingest_.join();
  while (auto item = queue_.pop(std::chrono::milliseconds(0))) handle(*item);
  processReleased(reorder_.flush());
  refreshGauges();
  publishEndOfStream();
}

void FusionDaemon::handle(const io::InputItem& item) {
  if (std::holds_alternative<io::EndOfStreamItem>(item)) {
    // Everything the source sent came before its end-of-stream: release the whole window
    // (whatever its time) so that it is processed before the end is acted on.
    std::vector<io::InputItem> items = reorder_.flush();
    items.push_back(item);
    processReleased(std::move(items));
    return;
  }
  if (!reorder_.push(item)) counters_.late_after_reorder.fetch_add(1);
  const core::Timestamp floor =
      config_.input.time_reference == io::TimeReference::Wall ? clock_.now() : core::Timestamp{};
  processReleased(reorder_.release(floor));
}

void FusionDaemon::processReleased(std::vector<io::InputItem> items) {
  for (auto& item : items) {
    if (const auto* scan = std::get_if<core::Scan>(&item)) {
      const auto step = tracker_.processScan(*scan);
      counters_.scans_processed.fetch_add(1, std::memory_order_relaxed);
      publishStep(step);
      publishAlerts(alerts_.onStep(tracker_, step));
    } else if (const auto* id = std::get_if<core::IdentityReport>(&item)) {
      for (const core::TrackId t : tracker_.applyIdentity(*id)) {
        if (const auto* track = tracker_.find(t)) publishTrack(*track);
      }
    } else {
      const auto& eos = std::get<io::EndOfStreamItem>(item);
      logLine("fusiond", "end of stream from '" + eos.source_id + "' (" +
                             std::to_string(eos.messages_sent) + " messages sent" +
                             (eos.reason.empty() ? "" : ": " + eos.reason) + ")");
      ++end_of_streams_seen_;
      if (options_.exit_after_end_of_streams > 0 &&
          end_of_streams_seen_ >= options_.exit_after_end_of_streams) {
        requestStop();
      }
    }
  }
  refreshGauges();
}

void FusionDaemon::refreshGauges() {
  counters_.live_tracks.store(tracker_.trackCount());
  counters_.confirmed_tracks.store(tracker_.confirmedTrackCount());
  counters_.open_alerts.store(alerts_.openAlerts());
}

void FusionDaemon::publishStep(const tracking::StepResult& step) {
  for (const core::Track* t : tracking::changedTracks(tracker_, step)) publishTrack(*t);
}

void FusionDaemon::publishTrack(const core::Track& track) {
  v1::TrackStreamMessage msg;
  io::toProto(track, tracker_.sensors(), config_.instance_id, ++track_sequence_,
              *msg.mutable_track());
  const std::string topic = std::string("track/") + core::toString(track.domain);
  if (io::sendMessage(track_out_, topic, msg)) counters_.tracks_published.fetch_add(1);
}

void FusionDaemon::publishAlerts(const std::vector<cueing::AlertEvent>& events) {
  for (const auto& e : events) {
    v1::AlertStreamMessage msg;
    io::toProto(e, tracker_.sensors(), config_.instance_id, ++alert_sequence_,
                *msg.mutable_alert());
    // Topic by severity; partner-specific topics arrive with releasability (issue 5).
    const std::string topic = std::string("alert/") + cueing::toString(e.severity);
    io::sendMessage(alert_out_, topic, msg);
    counters_.alerts_published.fetch_add(1);
    logLine("fusiond", std::string("alert #") + std::to_string(alert_sequence_) + " " +
                           cueing::toString(e.state) + " " + e.rule + " track " +
                           std::to_string(e.track.id) + ": " + e.reason);
  }
}

void FusionDaemon::publishHeartbeat() {
  v1::AlertStreamMessage msg;
  auto* hb = msg.mutable_heartbeat();
  hb->mutable_header()->set_source_id(config_.instance_id);
  hb->mutable_header()->set_sequence(alert_sequence_);
  hb->mutable_header()->set_time_ns(clock_.now().ns);
  hb->set_last_stream_sequence(alert_sequence_);
  io::sendMessage(alert_out_, "hb", msg);
}

void FusionDaemon::publishEndOfStream() {
  const auto fill = [&](v1::EndOfStream& e, std::uint64_t sent) {
    e.mutable_header()->set_source_id(config_.instance_id);
    e.mutable_header()->set_sequence(++end_sequence_);
    e.mutable_header()->set_time_ns(clock_.now().ns);
    e.set_reason("fusiond shutting down");
    e.set_messages_sent(sent);
  };
  v1::AlertStreamMessage a;
  fill(*a.mutable_end_of_stream(), alert_sequence_);
  io::sendMessage(alert_out_, "end", a);
  v1::TrackStreamMessage t;
  fill(*t.mutable_end_of_stream(), track_sequence_);
  io::sendMessage(track_out_, "end", t);
}

std::string FusionDaemon::report() const {
  std::ostringstream os;
  os << counters_.report();
  const auto& t = tracker_.counters();
  os << "tracker.scans=" << t.scans << "\n"
     << "tracker.measurements=" << t.measurements << "\n"
     << "tracker.associated=" << t.associated << "\n"
     << "tracker.initiated=" << t.initiated << "\n"
     << "tracker.confirmed=" << t.confirmed << "\n"
     << "tracker.merged=" << t.merged << "\n"
     << "tracker.deleted=" << t.deleted << "\n"
     << "tracker.numerical_failures=" << t.numerical_failures << "\n"
     << "tracker.implausible_updates=" << t.implausible_updates << "\n"
     << "tracker.identity_gate_failures=" << t.identity_gate_failures << "\n"
     << "tracker.lagged_pairs_skipped=" << t.lagged_pairs_skipped << "\n"
     << "tracker.out_of_order_scans=" << t.out_of_order_scans << "\n";
  return os.str();
}

}  // namespace picket::app
