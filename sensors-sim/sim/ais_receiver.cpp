#include "sim/ais_receiver.hpp"

#include <cmath>

#include "geo/wgs84.hpp"

namespace picket::sim {

namespace {

// ITU-R M.1371 message 1 carries latitude and longitude in 1/10000 minute.
double quantiseAisAngle(double angle_deg) { return std::round(angle_deg * 600000.0) / 600000.0; }

core::Duration randomOffset(Rng& rng, core::Duration interval) {
  // Whole milliseconds keep the timestamps readable in logs.
  const double ms = std::floor(rng.uniform(0.0, interval.seconds() * 1000.0));
  return core::Duration::fromMillis(static_cast<std::int64_t>(ms));
}

bool atAnchor(const PlatformState& s) { return s.speed_mps <= 0.0; }

}  // namespace

core::Duration classAReportInterval(double speed_kn, bool at_anchor) {
  if (at_anchor) return core::Duration::fromMillis(180'000);
  if (speed_kn <= 14.0) return core::Duration::fromMillis(10'000);
  if (speed_kn <= 23.0) return core::Duration::fromMillis(6'000);
  return core::Duration::fromMillis(2'000);
}

AisReceiverSource::AisReceiverSource(const AisReceiverConfig& config, const Scenario& scenario,
                                     core::Timestamp start, core::Timestamp end, std::uint64_t seed)
    : config_(config),
      scenario_(&scenario),
      start_(start),
      end_(end),
      rng_(Rng::forStream(seed, config.source_id)) {
  for (std::size_t i = 0; i < scenario.platforms.size(); ++i) {
    const Platform& p = scenario.platforms[i];
    if (!p.ais) continue;
    const PlatformState s = p.stateAt(core::Duration{});
    const core::Duration interval =
        classAReportInterval(s.speed_mps / geo::kKnotToMps, atAnchor(s));
    events_.insert(Event{(start_ + randomOffset(rng_, interval)).ns, i, Kind::Position});
    events_.insert(
        Event{(start_ + randomOffset(rng_, config_.static_interval)).ns, i, Kind::Static});
  }
  skipUnreceivable();
}

std::optional<core::Timestamp> AisReceiverSource::nextTime() const {
  if (events_.empty() || events_.begin()->time_ns >= end_.ns) return std::nullopt;
  return core::Timestamp{events_.begin()->time_ns};
}

bool AisReceiverSource::inRange(const Event& e) const {
  const Platform& p = scenario_->platforms[e.platform];
  if (!p.activeAt(core::Timestamp{e.time_ns} - start_)) return false;
  const PlatformState s = p.stateAt(core::Timestamp{e.time_ns} - start_);
  return geo::geodesicInverse(config_.site, s.position).distance_m <= config_.range_m;
}

void AisReceiverSource::reschedule(const Event& e) {
  core::Duration interval = config_.static_interval;
  if (e.kind == Kind::Position) {
    const Platform& p = scenario_->platforms[e.platform];
    const PlatformState s = p.stateAt(core::Timestamp{e.time_ns} - start_);
    interval = classAReportInterval(s.speed_mps / geo::kKnotToMps, atAnchor(s));
  }
  events_.insert(Event{e.time_ns + interval.ns, e.platform, e.kind});
}

void AisReceiverSource::skipUnreceivable() {
  while (!events_.empty()) {
    const Event e = *events_.begin();
    if (e.time_ns >= end_.ns) return;
    if (inRange(e)) return;
    events_.erase(events_.begin());
    reschedule(e);
  }
}

SimMessage AisReceiverSource::emit() {
  const Event e = *events_.begin();
  events_.erase(events_.begin());
  SimMessage out = e.kind == Kind::Position ? positionReport(e) : staticData(e);
  reschedule(e);
  skipUnreceivable();
  return out;
}

SimMessage AisReceiverSource::envelope(core::Timestamp t, const std::string& origin) {
  SimMessage out;
  out.source_id = config_.source_id;
  out.sequence = ++sequence_;
  out.time = t;
  out.topic = "feed/ais/" + config_.source_id;
  out.origins.push_back(origin);
  return out;
}

SimMessage AisReceiverSource::positionReport(const Event& e) {
  const Platform& p = scenario_->platforms[e.platform];
  const core::Timestamp t{e.time_ns};
  const PlatformState s = p.stateAt(t - start_);

  // GNSS error: independent Gaussian east and north components, applied along a geodesic.
  const double de_m = rng_.normal(0.0, config_.position_sigma_m);
  const double dn_m = rng_.normal(0.0, config_.position_sigma_m);
  const core::GeoPoint fix = geo::geodesicDirect(
      s.position, std::atan2(de_m, dn_m) * geo::kRadToDeg, std::hypot(de_m, dn_m));

  SimMessage out = envelope(t, p.id);
  pb::AisPositionReport& r = *out.message.mutable_ais_position();
  setHeader(*r.mutable_header(), out.source_id, out.sequence, t);
  r.set_mmsi(p.ais->mmsi);
  r.set_lat_deg(quantiseAisAngle(fix.lat_deg));
  r.set_lon_deg(quantiseAisAngle(fix.lon_deg));
  r.set_sog_kn(std::round(s.speed_mps / geo::kKnotToMps * 10.0) / 10.0);
  r.set_cog_deg(wrapDeg360(std::round(s.course_deg * 10.0) / 10.0));
  r.set_heading_deg(wrapDeg360(std::round(s.course_deg)));  // no drift or current: heading = COG
  r.set_nav_status(atAnchor(s) ? 1U : 0U);                  // 0 under way using engine, 1 at anchor
  r.set_ais_class(pb::AIS_CLASS_A);
  r.set_position_accuracy_high(true);
  r.set_received_time_ns(t.ns);
  return out;
}

SimMessage AisReceiverSource::staticData(const Event& e) {
  const Platform& p = scenario_->platforms[e.platform];
  const AisIdentity& id = *p.ais;
  const core::Timestamp t{e.time_ns};

  SimMessage out = envelope(t, p.id);
  pb::AisStaticData& d = *out.message.mutable_ais_static();
  setHeader(*d.mutable_header(), out.source_id, out.sequence, t);
  d.set_mmsi(id.mmsi);
  d.set_imo(id.imo);
  d.set_call_sign(id.call_sign);
  d.set_name(id.name);
  d.set_ship_type(id.ship_type);
  d.set_to_bow_m(id.to_bow_m);
  d.set_to_stern_m(id.to_stern_m);
  d.set_to_port_m(id.to_port_m);
  d.set_to_starboard_m(id.to_starboard_m);
  d.set_destination(id.destination);
  d.set_draught_m(id.draught_m);
  d.set_ais_class(pb::AIS_CLASS_A);
  return out;
}

}  // namespace picket::sim
