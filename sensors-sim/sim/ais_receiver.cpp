#include "sim/ais_receiver.hpp"

#include <cmath>
#include <stdexcept>

#include "geo/wgs84.hpp"

namespace picket::sim {

namespace {

// ITU-R M.1371 messages 1 and 18 carry latitude and longitude in 1/10000 minute.
double quantiseAisAngle(double angle_deg) { return std::round(angle_deg * 600000.0) / 600000.0; }

bool atAnchor(const PlatformState& s) { return s.speed_mps <= 0.0; }

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

core::Duration classAReportInterval(double speed_kn, bool at_anchor) {
  if (at_anchor) return core::Duration::fromMillis(180'000);
  if (speed_kn <= 14.0) return core::Duration::fromMillis(10'000);
  if (speed_kn <= 23.0) return core::Duration::fromMillis(6'000);
  return core::Duration::fromMillis(2'000);
}

core::Duration classBReportInterval(double speed_kn) {
  return core::Duration::fromMillis(speed_kn <= 2.0 ? 180'000 : 30'000);
}

core::Duration aisReportInterval(AisClass unit_class, const PlatformState& s) {
  const double speed_kn = s.speed_mps / geo::kKnotToMps;
  return unit_class == AisClass::B ? classBReportInterval(speed_kn)
                                   : classAReportInterval(speed_kn, atAnchor(s));
}

std::optional<AisTransmission> aisTransmissionAt(const Platform& p, core::Duration elapsed) {
  if (!p.ais) return std::nullopt;
  AisTransmission tx;
  tx.identity = &*p.ais;
  tx.unit_class = p.ais->ais_class;
  for (const AisBehaviour& b : p.ais_behaviour) {
    if (elapsed < b.from || (b.until && elapsed >= *b.until)) continue;
    switch (b.kind) {
      case AisBehaviour::Kind::Silent:
        return std::nullopt;
      case AisBehaviour::Kind::SpoofedPosition:
        if (b.fake_position) tx.fake_position = &*b.fake_position;
        break;
      case AisBehaviour::Kind::SpoofedMmsi:
      case AisBehaviour::Kind::IdentityChange:
        if (b.identity) tx.identity = &*b.identity;
        break;
    }
    break;  // the first behaviour that covers the instant applies
  }
  return tx;
}

AisTimetable::Phase AisTimetable::phase(const Platform& p) const {
  Rng rng = Rng::forStream(seed_, "ais-slots/" + p.id);
  Phase ph;
  ph.position = rng.nextU64();
  ph.static_data = rng.nextU64();
  return ph;
}

core::Timestamp AisTimetable::nextSlot(std::uint64_t phase, core::Duration interval,
                                       core::Timestamp t) const {
  const std::int64_t interval_ms = interval.ns / 1'000'000;
  if (interval_ms <= 0) throw std::invalid_argument("AIS interval must be >= 1 ms");
  // Whole milliseconds keep the timestamps readable in logs.
  const std::int64_t offset_ns =
      static_cast<std::int64_t>(phase % static_cast<std::uint64_t>(interval_ms)) * 1'000'000;
  const std::int64_t step_ns = interval_ms * 1'000'000;
  const std::int64_t from_ns = (t - origin_).ns - offset_ns;
  // The smallest k with offset + k * step >= t - origin.
  const std::int64_t k = -floorDiv(-from_ns, step_ns);
  return origin_ + core::Duration{offset_ns + k * step_ns};
}

core::GeoPoint aisReportedPosition(const AisTransmission& tx, const PlatformState& truth,
                                   double sigma_m, Rng& rng) {
  if (tx.fake_position != nullptr) return *tx.fake_position;
  // GNSS error: independent Gaussian east and north components.
  const double de_m = rng.normal(0.0, sigma_m);
  const double dn_m = rng.normal(0.0, sigma_m);
  return offsetLocal(truth.position, de_m, dn_m);
}

void fillAisPosition(pb::AisPositionReport& r, const AisTransmission& tx,
                     const PlatformState& truth, const core::GeoPoint& reported,
                     core::Timestamp received) {
  const bool class_a = tx.unit_class == AisClass::A;
  r.set_mmsi(tx.identity->mmsi);
  r.set_lat_deg(quantiseAisAngle(reported.lat_deg));
  r.set_lon_deg(quantiseAisAngle(reported.lon_deg));
  r.set_sog_kn(std::round(truth.speed_mps / geo::kKnotToMps * 10.0) / 10.0);
  r.set_cog_deg(wrapDeg360(std::round(truth.course_deg * 10.0) / 10.0));
  if (class_a) {
    r.set_heading_deg(wrapDeg360(std::round(truth.course_deg)));  // no current: heading = COG
    r.set_nav_status(atAnchor(truth) ? 1U : 0U);  // 0 under way using engine, 1 at anchor
    r.set_ais_class(pb::AIS_CLASS_A);
    r.set_position_accuracy_high(true);
  } else {
    // Message 18 has no navigational status; most class B units have no heading sensor (511).
    r.set_nav_status(15U);
    r.set_ais_class(pb::AIS_CLASS_B);
    r.set_position_accuracy_high(false);
  }
  r.set_received_time_ns(received.ns);
}

void fillAisStatic(pb::AisStaticData& d, const AisTransmission& tx) {
  const AisIdentity& id = *tx.identity;
  d.set_mmsi(id.mmsi);
  d.set_call_sign(id.call_sign);
  d.set_name(id.name);
  d.set_ship_type(id.ship_type);
  d.set_to_bow_m(id.to_bow_m);
  d.set_to_stern_m(id.to_stern_m);
  d.set_to_port_m(id.to_port_m);
  d.set_to_starboard_m(id.to_starboard_m);
  if (tx.unit_class == AisClass::A) {
    // Message 5 also carries the IMO number and the voyage data.
    d.set_imo(id.imo);
    d.set_destination(id.destination);
    d.set_draught_m(id.draught_m);
    d.set_ais_class(pb::AIS_CLASS_A);
  } else {
    d.set_ais_class(pb::AIS_CLASS_B);
  }
}

AisReceiverSource::AisReceiverSource(const AisReceiverConfig& config, const Scenario& scenario,
                                     TrafficIndex& index, core::Timestamp start,
                                     core::Timestamp end, std::uint64_t seed)
    : config_(config),
      scenario_(&scenario),
      index_(&index),
      timetable_(seed, start),
      site_distance_(config.site),
      start_(start),
      end_(end),
      rng_(Rng::forStream(seed, config.source_id)),
      ships_(scenario.platforms.size()),
      next_bucket_(index.bucketStart(start)) {
  if (config_.static_interval.ns < 1'000'000) {
    throw std::invalid_argument("AIS receiver " + config_.source_id +
                                ": static interval must be >= 1 ms");
  }
  advance();
}

std::optional<core::Timestamp> AisReceiverSource::nextDelivery() const {
  if (events_.empty() || events_.begin()->time_ns >= end_.ns) return std::nullopt;
  return core::Timestamp{events_.begin()->time_ns};
}

std::optional<core::Timestamp> AisReceiverSource::nextWake() const {
  if (nextDelivery() || next_bucket_ >= end_) return std::nullopt;
  return next_bucket_;
}

void AisReceiverSource::wake() {
  openBucket(next_bucket_);
  next_bucket_ = next_bucket_ + index_->bucketLength();
  advance();
}

void AisReceiverSource::schedule(std::uint32_t platform, Kind kind, core::Timestamp at_or_after,
                                 const PlatformState& state) {
  Ship& ship = ships_[platform];
  if (kind == Kind::Position) {
    const AisClass unit = scenario_->platforms[platform].ais->ais_class;
    ship.position_ns =
        timetable_.nextSlot(ship.phase.position, aisReportInterval(unit, state), at_or_after).ns;
    events_.insert(Event{ship.position_ns, platform, Kind::Position});
  } else {
    ship.static_ns =
        timetable_.nextSlot(ship.phase.static_data, config_.static_interval, at_or_after).ns;
    events_.insert(Event{ship.static_ns, platform, Kind::Static});
  }
}

void AisReceiverSource::drop(std::uint32_t platform) {
  Ship& ship = ships_[platform];
  events_.erase(Event{ship.position_ns, platform, Kind::Position});
  events_.erase(Event{ship.static_ns, platform, Kind::Static});
  ship.followed = false;
}

void AisReceiverSource::openBucket(core::Timestamp bucket_start) {
  for (const TrafficIndex::Candidate* c :
       index_->candidates(bucket_start, config_.site, config_.range_m, TrafficLayer::Surface)) {
    const Platform& p = scenario_->platforms[c->platform];
    Ship& ship = ships_[c->platform];
    if (!p.ais || ship.followed) continue;
    if (!ship.has_phase) {
      ship.phase = timetable_.phase(p);
      ship.has_phase = true;
    }
    ship.followed = true;
    schedule(c->platform, Kind::Position, bucket_start, c->state);
    schedule(c->platform, Kind::Static, bucket_start, c->state);
  }
}

AisReceiverSource::Outcome AisReceiverSource::consider(const Event& e, PlatformState& state) {
  const Platform& p = scenario_->platforms[e.platform];
  const core::Timestamp t{e.time_ns};
  const core::Duration elapsed = t - start_;
  if (!p.activeAt(elapsed)) {
    // Not yet in the theatre: keep following it if it arrives before the next bucket opens
    // (after that the bucket's candidates take it up again), at its first state's rate; gone:
    // drop it.
    const core::Timestamp arrival = start_ + p.active_from;
    if (t < arrival && arrival < next_bucket_) {
      state = p.stateAt(p.active_from);
      return Outcome::Wait;
    }
    return Outcome::Drop;
  }
  state = p.stateAt(elapsed);
  if (!site_distance_.within(state.position, config_.range_m)) {
    // Out of range: keep following it only if it can come back before the next bucket opens.
    const double closing_m =
        index_->maxSpeedMps(e.platform) * (next_bucket_ - t).seconds() + index_->marginM();
    return site_distance_.within(state.position, config_.range_m + closing_m) ? Outcome::Wait
                                                                              : Outcome::Drop;
  }
  const auto tx = aisTransmissionAt(p, elapsed);
  if (!tx) return Outcome::Wait;  // silent: nothing on the air
  if (rng_.bernoulli(config_.loss_probability)) return Outcome::Wait;
  received_ = Received{state, *tx};
  return Outcome::Receive;
}

void AisReceiverSource::advance() {
  const core::Duration bucket = index_->bucketLength();
  for (;;) {
    if (events_.empty() || events_.begin()->time_ns >= end_.ns) return;  // wait for a wake
    if (next_bucket_ < end_ && next_bucket_.ns <= events_.begin()->time_ns) {
      openBucket(next_bucket_);
      next_bucket_ = next_bucket_ + bucket;
      continue;
    }
    const Event e = *events_.begin();
    PlatformState state;
    const Outcome outcome = consider(e, state);
    if (outcome == Outcome::Receive) return;
    events_.erase(events_.begin());
    if (outcome == Outcome::Drop) {
      drop(e.platform);
    } else {
      schedule(e.platform, e.kind, core::Timestamp{e.time_ns + 1}, state);
    }
  }
}

SimMessage AisReceiverSource::emit() {
  const Event e = *events_.begin();
  events_.erase(events_.begin());
  const Platform& p = scenario_->platforms[e.platform];
  const core::Timestamp t{e.time_ns};
  SimMessage out = makeEnvelope("feed/ais/", config_.source_id, ++sequence_, t);
  out.origins.push_back(p.id);
  if (e.kind == Kind::Position) {
    const double sigma_m = received_.tx.unit_class == AisClass::B ? config_.class_b_position_sigma_m
                                                                  : config_.position_sigma_m;
    const core::GeoPoint fix = aisReportedPosition(received_.tx, received_.state, sigma_m, rng_);
    pb::AisPositionReport& r = *out.message.mutable_ais_position();
    setHeader(*r.mutable_header(), out.source_id, out.sequence, t);
    fillAisPosition(r, received_.tx, received_.state, fix, t);
  } else {
    pb::AisStaticData& d = *out.message.mutable_ais_static();
    setHeader(*d.mutable_header(), out.source_id, out.sequence, t);
    fillAisStatic(d, received_.tx);
  }
  schedule(e.platform, e.kind, core::Timestamp{e.time_ns + 1}, received_.state);
  advance();
  return out;
}

}  // namespace picket::sim
