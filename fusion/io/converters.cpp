#include "io/converters.hpp"

#include <cmath>

#include "cueing/prediction.hpp"
#include "geo/wgs84.hpp"
#include "picket/v1/tracks.pb.h"

namespace picket::io {

namespace {

v1::TrackStatus statusToProto(core::TrackStatus s) {
  switch (s) {
    case core::TrackStatus::Tentative: return v1::TRACK_STATUS_TENTATIVE;
    case core::TrackStatus::Confirmed: return v1::TRACK_STATUS_CONFIRMED;
    case core::TrackStatus::Coasting: return v1::TRACK_STATUS_COASTING;
    case core::TrackStatus::Deleted: return v1::TRACK_STATUS_DELETED;
  }
  return v1::TRACK_STATUS_UNSPECIFIED;
}

v1::Severity severityToProto(cueing::Severity s) {
  switch (s) {
    case cueing::Severity::Info: return v1::SEVERITY_INFO;
    case cueing::Severity::Low: return v1::SEVERITY_LOW;
    case cueing::Severity::Medium: return v1::SEVERITY_MEDIUM;
    case cueing::Severity::High: return v1::SEVERITY_HIGH;
    case cueing::Severity::Critical: return v1::SEVERITY_CRITICAL;
  }
  return v1::SEVERITY_UNSPECIFIED;
}

v1::AlertState stateToProto(cueing::AlertState s) {
  switch (s) {
    case cueing::AlertState::Open: return v1::ALERT_STATE_OPEN;
    case cueing::AlertState::Updated: return v1::ALERT_STATE_UPDATED;
    case cueing::AlertState::Escalated: return v1::ALERT_STATE_ESCALATED;
    case cueing::AlertState::Closed: return v1::ALERT_STATE_CLOSED;
  }
  return v1::ALERT_STATE_UNSPECIFIED;
}

void setPoint(const core::GeoPoint& p, v1::GeoPoint& out) {
  out.set_lat_deg(p.lat_deg);
  out.set_lon_deg(p.lon_deg);
  out.set_alt_m(p.alt_m);
}

}  // namespace

void toProto(const core::Track& track, const std::vector<tracking::SensorInfo>& sensors,
             const std::string& source_id, std::uint64_t sequence, v1::Track& out) {
  out.Clear();
  auto* h = out.mutable_header();
  h->set_source_id(source_id);
  h->set_sequence(sequence);
  h->set_time_ns(track.time.ns);
  out.set_track_id(track.id);
  const cueing::TrackFrame f = cueing::trackFrame(track);
  setPoint(f.position, *out.mutable_position());
  const core::Vec3 v = f.velocityEnu(track);
  out.set_vel_east_mps(v.x());
  out.set_vel_north_mps(v.y());
  out.set_vel_up_mps(v.z());
  const core::Mat6 cov = f.covarianceEnu(track.P);
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 6; ++j) out.add_covariance_enu(cov(i, j));
  }
  out.set_status(statusToProto(track.status));
  out.set_domain(track.domain == core::Domain::Air ? v1::DOMAIN_AIR : v1::DOMAIN_SURFACE);
  if (track.identity.mmsi != 0) {
    auto* id = out.mutable_identity();
    id->set_mmsi(track.identity.mmsi);
    id->set_name(track.identity.name);
    id->set_call_sign(track.identity.call_sign);
    id->set_imo(track.identity.imo);
    id->set_ship_type(track.identity.ship_type);
  }
  for (const auto& c : track.sensors) {
    auto* s = out.add_sensors();
    s->set_sensor_id(c.sensor < sensors.size() ? sensors[c.sensor].id : "?");
    s->set_last_update_ns(c.last_update.ns);
    s->set_updates(c.updates);
  }
  const double speed = std::hypot(v.x(), v.y());
  out.set_speed_kn(speed / geo::kKnotToMps);
  out.set_course_deg(geo::wrapTwoPi(std::atan2(v.x(), v.y())) * geo::kRadToDeg);
  out.set_updates(track.updates);
  if (track.last_interrogated_update) out.set_last_interrogated_ns(track.last_interrogated_update->ns);
  if (track.last_transponder_update) {
    out.set_last_transponder_reply_ns(track.last_transponder_update->ns);
    if (track.mode_a_code) out.set_mode_a_code(*track.mode_a_code);
  }
}

namespace {

v1::ZoneType zoneTypeToProto(cueing::ZoneType t) {
  switch (t) {
    case cueing::ZoneType::TerritorialSea: return v1::ZONE_TYPE_TERRITORIAL_SEA;
    case cueing::ZoneType::ContiguousZone: return v1::ZONE_TYPE_CONTIGUOUS_ZONE;
    case cueing::ZoneType::Eez: return v1::ZONE_TYPE_EEZ;
    case cueing::ZoneType::HighSeas: return v1::ZONE_TYPE_HIGH_SEAS;
  }
  return v1::ZONE_TYPE_UNSPECIFIED;
}

}  // namespace

void toProto(const cueing::AlertEvent& event, const std::vector<tracking::SensorInfo>& sensors,
             const std::string& source_id, std::uint64_t stream_sequence, v1::Alert& out) {
  out.Clear();
  auto* h = out.mutable_header();
  h->set_source_id(source_id);
  h->set_sequence(stream_sequence);
  h->set_time_ns(event.time.ns);
  out.set_stream_sequence(stream_sequence);
  out.set_alert_id(event.alert_id);
  out.set_rule(event.rule);
  out.set_severity(severityToProto(event.severity));
  out.set_state(stateToProto(event.state));
  out.set_confidence(event.confidence);
  toProto(event.track, sensors, source_id, stream_sequence, *out.mutable_track());
  for (const auto& p : event.predicted) {
    auto* pp = out.add_predicted();
    pp->set_time_ns(p.time.ns);
    setPoint(p.position, *pp->mutable_position());
    pp->set_semi_major_95_m(p.semi_major_95_m);
    pp->set_semi_minor_95_m(p.semi_minor_95_m);
    pp->set_orientation_deg(p.orientation_rad * geo::kRadToDeg);
  }
  for (const auto& c : event.partners) {
    auto* pc = out.add_partners();
    pc->set_partner_id(c.partner_id);
    pc->set_name(c.name);
    pc->set_basis(c.basis);
  }
  out.set_reason(event.reason);
  for (const auto& [k, v] : event.evidence) (*out.mutable_evidence())[k] = v;
  for (const core::TrackId t : event.related_tracks) out.add_related_track_ids(t);
  for (const auto& j : event.jurisdiction) {
    auto* pj = out.add_jurisdiction();
    pj->set_time_ns(j.time.ns);
    setPoint(j.position, *pj->mutable_position());
    pj->set_zone_type(zoneTypeToProto(j.jurisdiction.type));
    for (const auto& st : j.jurisdiction.states) pj->add_states(st);
    pj->set_joint_regime(j.jurisdiction.joint_regime);
    pj->set_overlapping_claim(j.jurisdiction.overlapping_claim);
    pj->set_description(j.jurisdiction.description);
  }
  out.set_flag_state(event.flag_state);
  for (const auto& r : event.releasable_to) out.add_releasable_to(r);
}

}  // namespace picket::io
