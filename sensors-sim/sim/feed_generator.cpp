#include "sim/feed_generator.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "sim/airborne_radar.hpp"
#include "sim/ais_receiver.hpp"
#include "sim/coastal_radar.hpp"

namespace picket::sim {

SimMessage makeEndOfStream(core::Timestamp time, std::uint64_t messages_sent,
                           const std::string& reason) {
  SimMessage out;
  out.source_id = kEndOfStreamSourceId;
  out.sequence = 1;
  out.time = time;
  out.topic = std::string("feed/eos/") + kEndOfStreamSourceId;
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
  for (const auto& c : s.surface_radars) {
    sources_.push_back(std::make_unique<CoastalRadarSource>(c, s, start_, end_, seed));
  }
  for (const auto& c : s.ais_receivers) {
    sources_.push_back(std::make_unique<AisReceiverSource>(c, s, start_, end_, seed));
  }
  for (const auto& c : s.airborne_radars) {
    sources_.push_back(std::make_unique<AirborneRadarSource>(c, s, start_, end_, seed));
  }
  std::sort(sources_.begin(), sources_.end(),
            [](const auto& a, const auto& b) { return a->sourceId() < b->sourceId(); });
  std::set<std::string> ids;
  for (const auto& src : sources_) {
    if (src->sourceId() == kEndOfStreamSourceId || !ids.insert(src->sourceId()).second) {
      throw std::invalid_argument("duplicate or reserved source id: " + src->sourceId());
    }
  }
}

FeedGenerator::~FeedGenerator() = default;
FeedGenerator::FeedGenerator(FeedGenerator&&) noexcept = default;
FeedGenerator& FeedGenerator::operator=(FeedGenerator&&) noexcept = default;

std::optional<SimMessage> FeedGenerator::next() {
  // A handful of sources: a linear scan for the earliest beats a heap. Sources are sorted by
  // id and the comparison is strict, so a time tie goes to the smaller id; within a source the
  // sequence rises with time.
  FeedSource* earliest = nullptr;
  core::Timestamp earliest_time;
  for (const auto& src : sources_) {
    const auto t = src->nextTime();
    if (t && (earliest == nullptr || *t < earliest_time)) {
      earliest = src.get();
      earliest_time = *t;
    }
  }
  if (earliest != nullptr) {
    SimMessage m = earliest->emit();
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
