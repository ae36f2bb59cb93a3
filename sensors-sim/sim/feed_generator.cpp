#include "sim/feed_generator.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "sim/air_radar.hpp"
#include "sim/airborne_radar.hpp"
#include "sim/ais_receiver.hpp"
#include "sim/satellite_ais.hpp"
#include "sim/surface_radar.hpp"

namespace picket::sim {

SimMessage makeEndOfStream(core::Timestamp time, std::uint64_t messages_sent,
                           const std::string& reason) {
  SimMessage out = makeEnvelope("feed/eos/", kEndOfStreamSourceId, 1, time);
  pb::EndOfStream& eos = *out.message.mutable_end_of_stream();
  setHeader(*eos.mutable_header(), out.source_id, out.sequence, time);
  eos.set_reason(reason);
  eos.set_messages_sent(messages_sent);
  return out;
}

FeedGenerator::FeedGenerator(Scenario scenario, std::uint64_t seed, core::Timestamp start)
    : scenario_(std::make_unique<const Scenario>(std::move(scenario))),
      start_(start),
      end_(start + scenario_->duration) {
  if (scenario_->duration.ns <= 0) throw std::invalid_argument("scenario duration must be > 0");
  const Scenario& s = *scenario_;
  for (const Platform& p : s.platforms) {
    // A platform without a waypoint is nowhere: Platform::stateAt has nothing to evaluate.
    if (p.route.waypoints().empty()) {
      throw std::invalid_argument("platform '" + p.id + "' has no route");
    }
  }
  index_ = std::make_unique<TrafficIndex>(s, start_);
  TrafficIndex& index = *index_;
  for (const auto& c : s.surface_radars) {
    sources_.push_back(std::make_unique<SurfaceRadarSource>(c, s, index, start_, end_, seed));
  }
  for (const auto& c : s.ais_receivers) {
    sources_.push_back(std::make_unique<AisReceiverSource>(c, s, index, start_, end_, seed));
  }
  for (const auto& c : s.satellite_ais) {
    sources_.push_back(std::make_unique<SatelliteAisSource>(c, s, index, start_, end_, seed));
    index_lookback_ = std::max(index_lookback_, c.latency_min);
  }
  for (const auto& c : s.airborne_radars) {
    sources_.push_back(std::make_unique<AirborneRadarSource>(c, s, index, start_, end_, seed));
  }
  for (const auto& c : s.air_radars) {
    sources_.push_back(
        std::make_unique<AirSurveillanceRadarSource>(c, s, index, start_, end_, seed));
  }
  std::sort(sources_.begin(), sources_.end(),
            [](const auto& a, const auto& b) { return a->sourceId() < b->sourceId(); });
  std::set<std::string> ids;
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    const std::string& id = sources_[i]->sourceId();
    if (id == kEndOfStreamSourceId || !ids.insert(id).second) {
      throw std::invalid_argument("duplicate or reserved source id: " + id);
    }
    schedule(i);
  }
}

void FeedGenerator::schedule(std::size_t source) {
  const auto delivery = sources_[source]->nextDelivery();
  const auto wake = sources_[source]->nextWake();
  if (delivery && (!wake || *delivery <= *wake)) {
    due_.emplace(delivery->ns, source);
  } else if (wake) {
    due_.emplace(wake->ns, source);
  }
}

FeedGenerator::~FeedGenerator() = default;
FeedGenerator::FeedGenerator(FeedGenerator&&) noexcept = default;
FeedGenerator& FeedGenerator::operator=(FeedGenerator&&) noexcept = default;

std::optional<SimMessage> FeedGenerator::next() {
  // Each source delivers in non-decreasing time, so the heap's minimum (time, then the
  // smaller source id) is the next message overall; within a source the sequence rises. A
  // source that is due for a wake runs and goes back into the heap.
  while (!due_.empty()) {
    const auto [t_ns, i] = due_.top();
    due_.pop();
    const auto delivery = sources_[i]->nextDelivery();
    if (!delivery || delivery->ns != t_ns) {
      sources_[i]->wake();
      schedule(i);
      continue;
    }
    SimMessage m = sources_[i]->emit();
    schedule(i);
    index_->releaseBefore(m.delivered - index_lookback_);
    ++per_source_[m.source_id];
    ++produced_;
    return m;
  }
  if (end_of_stream_sent_) return std::nullopt;
  end_of_stream_sent_ = true;
  ++per_source_[kEndOfStreamSourceId];
  return makeEndOfStream(end_, produced_, "scenario complete");
}

std::vector<SimMessage> generateAll(const Scenario& scenario, std::uint64_t seed,
                                    core::Timestamp start) {
  FeedGenerator generator(scenario, seed, start);
  std::vector<SimMessage> out;
  while (auto m = generator.next()) out.push_back(std::move(*m));
  return out;
}

}  // namespace picket::sim
