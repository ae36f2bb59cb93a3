#include "cueing/spoofing_rule.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "cueing/identity_rules_util.hpp"
#include "cueing/mid.hpp"
#include "cueing/prediction.hpp"
#include "geo/wgs84.hpp"

namespace picket::cueing {

using detail::fixed;
using detail::put;

namespace {

constexpr double kKn = geo::kKnotToMps;
constexpr double kMPerDegLat = 110'574.0;
const core::Duration kPrunePeriod = core::Duration::fromSeconds(600);

std::string knots(double mps) { return fixed(mps / kKn, 1); }
std::string km(double m) { return fixed(m / 1000.0, 2); }

std::string flagOf(std::uint32_t mmsi) {
  const auto mid = lookupMid(mmsi);
  return mid ? std::string(mid->flag_state) : std::string("unknown");
}

}  // namespace

double maxVesselSpeedMps(const SpoofingConfig& config, std::uint32_t ship_type) {
  // ITU-R M.1371-5 Table 53: 20-29 wing in ground, 30 fishing, 40-49 high-speed craft,
  // 70-79 cargo, 80-89 tanker.
  if ((ship_type >= 20 && ship_type <= 29) || (ship_type >= 40 && ship_type <= 49)) {
    return config.max_speed_high_speed_mps;
  }
  if (ship_type == 30) return config.max_speed_fishing_mps;
  if (ship_type >= 70 && ship_type <= 89) return config.max_speed_merchant_mps;
  return config.max_speed_mps;
}

SpoofingRule::SpoofingRule(SpoofingConfig config) : config_(std::move(config)) {}

void SpoofingRule::addMotion(Finding& f, const Motion& m, std::uint32_t ship_type) const {
  put(f.evidence, "distance_km", km(m.distance_m));
  put(f.evidence, "interval_s", fixed(m.interval_s, 0));
  put(f.evidence, "implied_speed_kn", knots(m.implied_mps));
  put(f.evidence, "ship_type", std::to_string(ship_type));
  put(f.evidence, "param.speed_envelope_kn", knots(m.envelope_mps));
  put(f.evidence, "param.position_tolerance_nm",
      fixed(config_.position_tolerance_m / geo::kNauticalMileM, 2));
  put(f.evidence, "param.min_interval_s", fixed(config_.min_interval.seconds(), 0));
}

void SpoofingRule::onStep(const RuleContext& context, FindingSink& sink) {
  if (!config_.enabled) return;
  for (const auto& d : context.step.deleted) forget(d);
  // Before the changed tracks: a re-seeded track's info still holds its previous AIS fix.
  for (const auto& j : context.step.identity_jumps) onJump(j, context, sink);
  for (const TrackView& view : context.changed) {
    const core::Track& t = *view.track;
    if (t.identity.mmsi == 0) continue;
    auto [it, inserted] = tracks_.try_emplace(t.id);
    TrackInfo& info = it->second;
    if (inserted) {
      info.mmsi = t.identity.mmsi;
      info.identity = t.identity;
      if (config_.check_mmsi) checkMmsi(t, sink);
    }
    if (t.last_cooperative_update && (inserted || *t.last_cooperative_update > info.last_cooperative)) {
      info.last_cooperative = *t.last_cooperative_update;
      info.last_fix = view.position;
      onFix(view, context, sink);
    }
    if (t.domain == core::Domain::Surface) checkKinematics(view, info, context, sink);
    if (config_.identity_change) checkStatic(t, info, sink);
  }
  if (config_.identity_change) resolveHandovers(context, sink);
  if (context.now >= next_prune_) {
    prune(context);
    next_prune_ = context.now + kPrunePeriod;
  }
}

void SpoofingRule::forget(const tracking::DeletedTrack& d) {
  const auto it = tracks_.find(d.track.id);
  if (it == tracks_.end()) return;
  const auto v = vessels_.find(it->second.mmsi);
  if (v != vessels_.end()) {
    auto& c = v->second.carriers;
    c.erase(std::remove(c.begin(), c.end(), d.track.id), c.end());
  }
  tracks_.erase(it);
}

void SpoofingRule::checkMmsi(const core::Track& track, FindingSink& sink) const {
  const std::uint32_t mmsi = track.identity.mmsi;
  const MmsiForm form = mmsiForm(mmsi);
  std::string problem;
  switch (form.kind) {
    case MmsiKind::Ship:
      if (!midInfo(form.mid)) problem = "its MID " + std::to_string(form.mid) + " is not allocated";
      break;
    case MmsiKind::Invalid:
      problem = mmsi > 999'999'999U ? "it has more than 9 digits"
                                    : "no ITU-R M.585 format starts with these digits";
      break;
    case MmsiKind::GroupShip:
    case MmsiKind::CoastStation:
    case MmsiKind::Handheld:
    case MmsiKind::SarAircraft:
      problem = std::string("it is a ") + toString(form.kind) + " identity, not a ship's";
      break;
    default:
      // Distress beacons, daughter craft and aids to navigation are legitimate non-ship
      // stations: not spoofing.
      return;
  }
  if (problem.empty()) return;
  Finding f;
  f.tracks = {track.id};
  f.tag = "invalid_mmsi:" + std::to_string(mmsi);
  f.severity = config_.invalid_mmsi_severity;
  // An impossible identity is certain; whether it hides a vessel or is a misconfigured
  // transponder is not (class B units leave the factory with placeholder MMSIs).
  f.confidence = 0.6;
  f.reason = "Track " + std::to_string(track.id) + " reports MMSI " + std::to_string(mmsi) +
             ", which no vessel may carry: " + problem + ".";
  put(f.evidence, "track_id", std::to_string(track.id));
  put(f.evidence, "mmsi", std::to_string(mmsi));
  put(f.evidence, "mmsi_kind", toString(form.kind));
  if (form.mid != 0) put(f.evidence, "mid", std::to_string(form.mid));
  put(f.evidence, "problem", problem);
  if (!track.identity.name.empty()) put(f.evidence, "name", track.identity.name);
  put(f.evidence, "param.check_mmsi", "true");
  sink.raise(std::move(f));
}

void SpoofingRule::onFix(const TrackView& view, const RuleContext& context, FindingSink& sink) {
  const core::Track& t = *view.track;
  const std::uint32_t mmsi = t.identity.mmsi;
  Fix fix{t.time, view.position, view.velocity_en, t.id};
  auto [vit, new_vessel] = vessels_.try_emplace(mmsi);
  Vessel& v = vit->second;
  if (new_vessel) v.first = *t.last_cooperative_update;
  if (std::find(v.carriers.begin(), v.carriers.end(), t.id) == v.carriers.end()) {
    v.carriers.insert(std::upper_bound(v.carriers.begin(), v.carriers.end(), t.id), t.id);
  }
  if (config_.frozen_position) checkFrozen(view, v, sink);
  const double envelope = maxVesselSpeedMps(config_, t.identity.ship_type);
  const double min_dt = config_.min_interval.seconds();

  // Two live tracks on one MMSI: where each was at its own last AIS update, compared at those
  // times. A track silent for a while holds a prediction, and one that radar plots kept
  // alive may have taken another object's plots and sailed off with them (a coasting AIS
  // track 25 km from its vessel: false twins on transit-zone-24h).
  bool live_other = false;
  for (const core::TrackId c : v.carriers) {
    if (c == t.id) continue;
    const core::Track* other = context.tracker.find(c);
    if (other == nullptr) continue;
    if (c == v.last.track) live_other = true;
    const auto oit = tracks_.find(c);
    const core::GeoPoint op = oit != tracks_.end() && other->last_cooperative_update
                                  ? oit->second.last_fix
                                  : trackPosition(*other);
    const double d = detail::distanceM(view.position, op);
    // One vessel could have sailed from the older of the two tracks' last AIS fixes to the
    // other: a track silent for a while holds a prediction, not a fix (a ship that turned
    // after its last report fails its own track's gate and starts a second one).
    double dt = std::max(std::abs((t.time - other->time).seconds()), min_dt);
    if (t.last_cooperative_update && other->last_cooperative_update) {
      dt = std::max(dt, std::abs((*t.last_cooperative_update - *other->last_cooperative_update)
                                     .seconds()));
    }
    const double implied = std::max(0.0, d - config_.position_tolerance_m) / dt;
    if (implied <= envelope) continue;
    const core::TrackId newer = std::max(t.id, c);
    const core::TrackId older = std::min(t.id, c);
    const core::Track& tn = newer == t.id ? t : *other;
    const core::Track& to = newer == t.id ? *other : t;
    Finding f;
    f.tracks = {newer, older};
    f.tag = "twin:mmsi:" + std::to_string(mmsi);
    f.severity = config_.twin_severity;
    // Farther apart than the envelope allows by a wide margin is near certain; just beyond it
    // could still be a bad fix of one vessel.
    f.confidence = std::min(0.95, 0.5 + 0.1 * std::log2(implied / envelope));
    f.reason = "Two live tracks carry MMSI " + std::to_string(mmsi) + " " + km(d) +
               " km apart (tracks " + std::to_string(newer) + " and " + std::to_string(older) +
               "; one vessel would need " + knots(implied) + " kn): a copied or spoofed MMSI.";
    put(f.evidence, "mmsi", std::to_string(mmsi));
    put(f.evidence, "track_id", std::to_string(newer));
    put(f.evidence, "track_time", detail::utcText(tn.time));
    put(f.evidence, "track_position", detail::latLonText(trackPosition(tn)));
    put(f.evidence, "other_track_id", std::to_string(older));
    put(f.evidence, "other_track_time", detail::utcText(to.time));
    put(f.evidence, "other_track_position", detail::latLonText(trackPosition(to)));
    put(f.evidence, "other_last_ais_fix", detail::latLonText(op));
    addMotion(f, {d, dt, implied, envelope}, t.identity.ship_type);
    sink.raise(std::move(f));
  }

  // Heard again, on a new track, impossibly far from its last fix (whose track is gone).
  if (!new_vessel && !live_other && v.last.track != t.id) {
    const double d = detail::distanceM(view.position, v.last.position);
    const double dt = std::max(std::abs((fix.time - v.last.time).seconds()), min_dt);
    const double implied = std::max(0.0, d - config_.position_tolerance_m) / dt;
    if (implied > envelope) {
      Finding f;
      f.tracks = {t.id};
      f.tag = "jump:mmsi:" + std::to_string(mmsi);
      f.severity = config_.jump_severity;
      f.confidence = std::min(0.9, 0.45 + 0.1 * std::log2(implied / envelope));
      f.reason = "MMSI " + std::to_string(mmsi) + " reported " + km(d) + " km from its last fix " +
                 fixed(dt / 60.0, 1) + " min earlier (track " + std::to_string(v.last.track) +
                 "): " + knots(implied) + " kn would be needed; spoofed position or a second vessel.";
      put(f.evidence, "mmsi", std::to_string(mmsi));
      put(f.evidence, "track_id", std::to_string(t.id));
      put(f.evidence, "fix_time", detail::utcText(fix.time));
      put(f.evidence, "fix_position", detail::latLonText(fix.position));
      put(f.evidence, "previous_track_id", std::to_string(v.last.track));
      put(f.evidence, "previous_fix_time", detail::utcText(v.last.time));
      put(f.evidence, "previous_fix_position", detail::latLonText(v.last.position));
      addMotion(f, {d, dt, implied, envelope}, t.identity.ship_type);
      sink.raise(std::move(f));
    }
  }

  v.max_speed_mps = std::max(v.max_speed_mps, view.speed_mps);
  if (new_vessel && config_.identity_change) proposeHandover(mmsi, fix);
  if (new_vessel || fix.time >= v.last.time) v.last = fix;
  ++v.reports;
  if (t.identity.imo != 0) v.imo = t.identity.imo;
  if (!t.identity.name.empty()) v.name = t.identity.name;
}

double SpoofingRule::ownEnvelope(const Vessel& v, std::uint32_t ship_type,
                                 double speed_now_mps) const {
  const double type = maxVesselSpeedMps(config_, ship_type);
  if (v.reports < static_cast<std::uint32_t>(config_.own_speed_min_fixes)) return type;
  return std::min(type, std::max(v.max_speed_mps, speed_now_mps) + config_.own_speed_margin_mps);
}

void SpoofingRule::onJump(const tracking::IdentityJump& j, const RuleContext& context,
                          FindingSink& sink) {
  const auto vit = vessels_.find(j.mmsi);
  const auto iit = tracks_.find(j.track);
  if (vit == vessels_.end() || iit == tracks_.end()) return;
  const Vessel& v = vit->second;
  const TrackInfo& info = iit->second;
  const core::TrackId subject = j.reseeded ? j.track : j.started;
  const core::Track* now = context.tracker.find(subject);
  if (now == nullptr) return;
  // From the track's last AIS fix (a coasting track that took radar plots of another object
  // may have sailed off with them), to the report.
  const core::GeoPoint to = geo::ecefToGeodetic(j.report_ecef_m);
  const core::GeoPoint from = info.last_fix;
  const double d = detail::distanceM(from, to);
  const double dt = std::max((j.time - info.last_cooperative).seconds(), config_.min_interval.seconds());
  const double implied = std::max(0.0, d - config_.position_tolerance_m) / dt;
  const double speed_now = now->x.tail<3>().norm();
  const double envelope = ownEnvelope(v, now->identity.ship_type, speed_now);
  if (implied <= envelope) return;
  // Beyond even the type's envelope, a refused report is the twin test's (below, with both
  // tracks' positions): this test adds the jumps only the vessel's own speed shows.
  if (!j.reseeded && implied > maxVesselSpeedMps(config_, now->identity.ship_type)) return;
  Finding f;
  f.tracks = {subject};
  if (!j.reseeded) f.tracks.push_back(j.track);
  // A refused report leaves two live tracks on the MMSI: the twin finding's subject (one
  // alert whichever test sees it first); a re-seeded held track is a jump.
  f.tag = (j.reseeded ? "jump:mmsi:" : "twin:mmsi:") + std::to_string(j.mmsi);
  f.severity = j.reseeded ? config_.jump_severity : config_.twin_severity;
  f.confidence = std::min(0.9, 0.45 + 0.1 * std::log2(implied / envelope));
  f.reason = "MMSI " + std::to_string(j.mmsi) + " reported " + km(d) + " km from its last fix " +
             fixed(dt / 60.0, 1) + " min earlier (track " + std::to_string(j.track) + "): " +
             knots(implied) + " kn would be needed, beyond what this vessel has sailed at (" +
             knots(v.max_speed_mps) + " kn); spoofed position or a second vessel" +
             (j.reseeded ? " (the tracker re-seeded the track there)." : ".");
  put(f.evidence, "mmsi", std::to_string(j.mmsi));
  put(f.evidence, "track_id", std::to_string(subject));
  put(f.evidence, "fix_time", detail::utcText(j.time));
  put(f.evidence, "fix_position", detail::latLonText(to));
  put(f.evidence, "previous_track_id", std::to_string(j.track));
  put(f.evidence, "previous_fix_time", detail::utcText(info.last_cooperative));
  put(f.evidence, "previous_fix_position", detail::latLonText(from));
  put(f.evidence, "tracker", j.reseeded ? "held track re-seeded" : "refused: separate track");
  put(f.evidence, "vessel_max_speed_kn", knots(v.max_speed_mps));
  put(f.evidence, "speed_now_kn", knots(speed_now));
  put(f.evidence, "param.own_speed_margin_kn", knots(config_.own_speed_margin_mps));
  put(f.evidence, "param.own_speed_min_fixes", std::to_string(config_.own_speed_min_fixes));
  addMotion(f, {d, dt, implied, envelope}, now->identity.ship_type);
  sink.raise(std::move(f));
}

void SpoofingRule::checkKinematics(const TrackView& view, TrackInfo& info,
                                   const RuleContext& context, FindingSink& sink) const {
  const core::Track& t = *view.track;
  const bool confirmed = t.status == core::TrackStatus::Confirmed;
  const bool ais_now = t.last_cooperative_update &&
                       t.time - *t.last_cooperative_update <= config_.kinematic_max_ais_age;
  const double envelope = maxVesselSpeedMps(config_, t.identity.ship_type);
  const double sigma = view.speed_sigma_mps;
  if (!confirmed || !ais_now || view.speed_mps - config_.kinematic_sigmas * sigma <= envelope) {
    info.fast_since.reset();
    return;
  }
  if (!info.fast_since) info.fast_since = context.now;
  if (info.kinematics_raised || context.now - *info.fast_since < config_.kinematic_min_duration) {
    return;
  }
  info.kinematics_raised = true;
  Finding f;
  f.tracks = {t.id};
  f.tag = "kinematics";
  f.severity = config_.kinematics_severity;
  f.confidence = std::min(0.9, 0.5 + 0.1 * (view.speed_mps - envelope) / std::max(sigma, 0.1));
  f.reason = "Track " + std::to_string(t.id) + " (MMSI " + std::to_string(t.identity.mmsi) +
             ") moves at " + knots(view.speed_mps) + " kn, faster than any vessel of type " +
             std::to_string(t.identity.ship_type) + " (" + knots(envelope) +
             " kn): its AIS identity does not match the target.";
  put(f.evidence, "track_id", std::to_string(t.id));
  put(f.evidence, "mmsi", std::to_string(t.identity.mmsi));
  put(f.evidence, "speed_kn", knots(view.speed_mps));
  put(f.evidence, "speed_sigma_kn", knots(sigma));
  put(f.evidence, "fast_since", detail::utcText(*info.fast_since));
  put(f.evidence, "position", detail::latLonText(view.position));
  put(f.evidence, "ship_type", std::to_string(t.identity.ship_type));
  put(f.evidence, "param.speed_envelope_kn", knots(envelope));
  put(f.evidence, "param.kinematic_sigmas", fixed(config_.kinematic_sigmas, 1));
  put(f.evidence, "param.kinematic_min_duration_s",
      fixed(config_.kinematic_min_duration.seconds(), 0));
  sink.raise(std::move(f));
}

void SpoofingRule::checkFrozen(const TrackView& view, Vessel& info, FindingSink& sink) const {
  // An AIS report carries the vessel's GNSS position and its SOG/COG, which the track's
  // velocity follows. A spoofer who types in (or replays) a fixed position leaves SOG/COG to the
  // real receiver: the fixes stand still while the speed says the vessel is under way. This is
  // the position/SOG consistency check of AIS integrity assessment (Iphar, Napoli and Ray,
  // "Detection of false AIS messages for the improvement of maritime situational awareness",
  // OCEANS 2015): a fix is judged against the motion the same transponder declares.
  const core::Track& t = *view.track;
  const core::Timestamp now = *t.last_cooperative_update;
  const bool first = !info.anchored;
  const double dt = (now - info.anchor_time).seconds();
  // Reports a few seconds apart (class A under way) are judged over the first fix at least
  // frozen_min_interval after the anchor: GNSS noise is then small beside the distance sailed.
  if (!first && dt < config_.frozen_min_interval.seconds()) return;
  const core::GeoPoint from = info.anchor_fix;
  const double speed = std::min(view.velocity_en.norm(), info.anchor_velocity.norm());
  info.anchor_time = now;
  info.anchor_fix = view.position;
  info.anchor_velocity = view.velocity_en;
  info.anchored = true;
  if (first) return;
  const double expected = speed * dt;
  const double moved = detail::distanceM(from, view.position);
  const bool frozen = speed >= config_.frozen_min_speed_mps &&
                      moved <= config_.frozen_max_fraction * expected &&
                      moved <= config_.frozen_max_moved_m &&
                      expected - moved >= config_.frozen_min_shortfall_m;
  if (!frozen) {
    info.frozen_intervals = 0;
    return;
  }
  if (info.frozen_intervals++ == 0) info.frozen_since = now - core::Duration::fromSeconds(dt);
  if (info.frozen_raised || info.frozen_intervals < config_.frozen_min_intervals) return;
  info.frozen_raised = true;
  const std::uint32_t mmsi = t.identity.mmsi;
  Finding f;
  f.tracks = {t.id};
  f.tag = "frozen_position:mmsi:" + std::to_string(mmsi);
  f.severity = config_.frozen_severity;
  // Each interval that stood still is independent evidence; one is a glitch (a receiver
  // repeating a stale fix), several are not.
  f.confidence = std::min(0.9, 0.5 + 0.1 * (info.frozen_intervals - 1));
  f.reason = "MMSI " + std::to_string(mmsi) + " (track " + std::to_string(t.id) +
             ") reports a position that stands still (" + fixed(moved, 0) + " m in " +
             fixed(dt, 0) + " s, " + std::to_string(info.frozen_intervals) +
             " intervals in a row) while its speed is " + knots(speed) +
             " kn: a false fixed position.";
  put(f.evidence, "track_id", std::to_string(t.id));
  put(f.evidence, "mmsi", std::to_string(mmsi));
  put(f.evidence, "position", detail::latLonText(view.position));
  put(f.evidence, "frozen_since", detail::utcText(info.frozen_since));
  put(f.evidence, "fix_time", detail::utcText(now));
  put(f.evidence, "frozen_intervals", std::to_string(info.frozen_intervals));
  put(f.evidence, "moved_m", fixed(moved, 0));
  put(f.evidence, "expected_m", fixed(expected, 0));
  put(f.evidence, "interval_s", fixed(dt, 0));
  put(f.evidence, "speed_kn", knots(speed));
  if (!t.identity.name.empty()) put(f.evidence, "name", t.identity.name);
  put(f.evidence, "param.frozen_min_speed_kn", knots(config_.frozen_min_speed_mps));
  put(f.evidence, "param.frozen_max_fraction", fixed(config_.frozen_max_fraction, 2));
  put(f.evidence, "param.frozen_min_shortfall_m", fixed(config_.frozen_min_shortfall_m, 0));
  put(f.evidence, "param.frozen_max_moved_m", fixed(config_.frozen_max_moved_m, 0));
  put(f.evidence, "param.frozen_min_interval_s", fixed(config_.frozen_min_interval.seconds(), 0));
  put(f.evidence, "param.frozen_min_intervals", std::to_string(config_.frozen_min_intervals));
  sink.raise(std::move(f));
}

void SpoofingRule::checkStatic(const core::Track& track, TrackInfo& info, FindingSink& sink) const {
  const core::Identity& now = track.identity;
  const core::Identity& before = info.identity;
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> changes;
  if (!before.name.empty() && !now.name.empty() && before.name != now.name) {
    changes.push_back({"name", {before.name, now.name}});
  }
  if (!before.call_sign.empty() && !now.call_sign.empty() && before.call_sign != now.call_sign) {
    changes.push_back({"call_sign", {before.call_sign, now.call_sign}});
  }
  if (before.imo != 0 && now.imo != 0 && before.imo != now.imo) {
    changes.push_back({"imo", {std::to_string(before.imo), std::to_string(now.imo)}});
  }
  info.identity = now;
  if (changes.empty()) return;
  Finding f;
  f.tracks = {track.id};
  f.tag = "identity_change:static";
  f.severity = config_.identity_change_severity;
  f.confidence = 0.5;
  std::string what;
  for (const auto& [field, values] : changes) {
    what += (what.empty() ? "" : ", ") + field + " " + values.first + " -> " + values.second;
    put(f.evidence, "old_" + field, values.first);
    put(f.evidence, "new_" + field, values.second);
  }
  f.reason = "MMSI " + std::to_string(now.mmsi) + " (track " + std::to_string(track.id) +
             ") changed its static data at sea: " + what + ".";
  f.evidence.insert(f.evidence.begin(), {"mmsi", std::to_string(now.mmsi)});
  f.evidence.insert(f.evidence.begin(), {"track_id", std::to_string(track.id)});
  sink.raise(std::move(f));
}

bool SpoofingRule::continues(const Fix& old_fix, const Fix& new_fix, double* offset_m,
                             double* allowed_m) const {
  const double sailed = old_fix.velocity_en.norm() * (new_fix.time - old_fix.time).seconds();
  // Cheap rejection before any geodesic.
  if (std::abs(old_fix.position.lat_deg - new_fix.position.lat_deg) * kMPerDegLat >
      sailed + driftAllowanceM(sailed) + 1000.0) {
    return false;
  }
  if ((old_fix.velocity_en - new_fix.velocity_en).norm() > config_.handover_speed_tolerance_mps) {
    return false;
  }
  const ReckoningOffset r = reckoningOffset(old_fix, new_fix);
  *offset_m = r.offset_m;
  *allowed_m = r.allowed_m;
  return r.offset_m <= r.allowed_m;
}

SpoofingRule::ReckoningOffset SpoofingRule::reckoningOffset(const Fix& from, const Fix& at) const {
  const double dt = (at.time - from.time).seconds();
  const core::GeoPoint predicted = detail::deadReckon(from.position, from.velocity_en, dt);
  return {detail::distanceM(predicted, at.position),
          driftAllowanceM(from.velocity_en.norm() * std::abs(dt))};
}

void SpoofingRule::proposeHandover(std::uint32_t new_mmsi, const Fix& fix) {
  std::optional<Handover> best;
  for (const auto& [mmsi, old] : vessels_) {
    if (mmsi == new_mmsi || old.reports < 2) continue;
    if (!(old.last.time < fix.time) || fix.time - old.last.time > config_.handover_window) continue;
    double offset = 0.0;
    double allowed = 0.0;
    if (!continues(old.last, fix, &offset, &allowed)) continue;
    if (best && offset >= best->offset_m) continue;
    best = Handover{mmsi, new_mmsi, fix.time, offset, allowed, old.last, fix, fix.time, 0, fix.time};
  }
  if (best) handovers_.push_back(*best);
}

void SpoofingRule::resolveHandovers(const RuleContext& context, FindingSink& sink) {
  for (auto it = handovers_.begin(); it != handovers_.end();) {
    Handover& h = *it;
    const auto old_it = vessels_.find(h.old_mmsi);
    const auto new_it = vessels_.find(h.new_mmsi);
    bool done = old_it == vessels_.end() || new_it == vessels_.end() ||
                old_it->second.last.time > h.old_fix.time ||  // the old MMSI spoke again
                context.now - h.first > config_.handover_window;
    if (!done) {
      const Vessel& o = old_it->second;
      const Vessel& n = new_it->second;
      if (n.last.time > h.counted && n.last.time - o.last.time >= config_.handover_confirm) {
        h.counted = n.last.time;
        ++h.confirming;
      }
      // Each new report after the first: does it go on where the old vessel would be?
      if (n.last.time > h.checked) {
        h.checked = n.last.time;
        double offset = 0.0;
        double allowed = 0.0;
        if (continues(h.old_fix, n.last, &offset, &allowed)) {
          ++h.continuing;
        } else {
          h.diverged = true;
        }
      }
      const bool fast = config_.handover_fast_reports > 0 && !h.diverged &&
                        h.continuing >= config_.handover_fast_reports &&
                        n.last.time - h.first >= config_.handover_fast_span &&
                        h.first - h.old_fix.time >= config_.handover_fast_min_silence &&
                        context.now - h.first >= config_.handover_fast_settle;
      if (o.imo != 0 && n.imo != 0 && o.imo != n.imo) {
        done = true;  // two hulls: the IMO number follows the hull for life
      } else if ((fast || h.confirming >= config_.handover_confirm_reports) &&
                 context.tracker.find(n.last.track) != nullptr) {
        done = true;
        Finding f;
        f.tracks = {n.last.track};
        f.tag = "identity_change:mmsi:" + std::to_string(h.old_mmsi);
        f.severity = config_.identity_change_severity;
        const bool same_imo = o.imo != 0 && o.imo == n.imo;
        f.confidence = same_imo ? 0.85 : std::max(0.4, 0.7 - 0.3 * h.offset_m / h.drift_allowed_m);
        f.reason = "MMSI " + std::to_string(h.old_mmsi) + (o.name.empty() ? "" : " (" + o.name + ")") +
                   " fell silent and MMSI " + std::to_string(h.new_mmsi) +
                   (n.name.empty() ? "" : " (" + n.name + ")") + " appeared " + km(h.offset_m) +
                   " km from where it would be, on its course and speed: identity changed at sea" +
                   (same_imo ? " (same IMO number)" : "") + ".";
        put(f.evidence, "track_id", std::to_string(n.last.track));
        // One side of the handover: the old MMSI's last fix, the new one's first.
        const auto side = [&](const std::string& p, std::uint32_t mmsi, const Vessel& v,
                              const Fix& fx, const char* when) {
          put(f.evidence, p + "mmsi", std::to_string(mmsi));
          put(f.evidence, p + "name", v.name);
          put(f.evidence, p + "flag", flagOf(mmsi));
          put(f.evidence, p + when + "_time", detail::utcText(fx.time));
          put(f.evidence, p + when + "_position", detail::latLonText(fx.position));
          put(f.evidence, p + "track_id", std::to_string(fx.track));
        };
        side("old_", h.old_mmsi, o, h.old_fix, "last");
        side("new_", h.new_mmsi, n, h.new_fix, "first");
        put(f.evidence, "offset_from_dead_reckoning_km", km(h.offset_m));
        put(f.evidence, "confirmed_by",
            h.confirming >= config_.handover_confirm_reports
                ? "old MMSI silent through the confirmation delay"
                : "new MMSI's reports continue the old one's dead reckoning");
        put(f.evidence, "reports_continuing", std::to_string(h.continuing));
        if (o.imo != 0) put(f.evidence, "old_imo", std::to_string(o.imo));
        if (n.imo != 0) put(f.evidence, "new_imo", std::to_string(n.imo));
        put(f.evidence, "param.handover_window_min",
            fixed(config_.handover_window.seconds() / 60.0, 0));
        put(f.evidence, "param.handover_confirm_min",
            fixed(config_.handover_confirm.seconds() / 60.0, 0));
        put(f.evidence, "param.handover_drift_fraction", fixed(config_.handover_drift_fraction, 2));
        put(f.evidence, "param.handover_confirm_reports",
            std::to_string(config_.handover_confirm_reports));
        put(f.evidence, "param.handover_position_tolerance_nm",
            fixed(config_.handover_position_tolerance_m / geo::kNauticalMileM, 2));
        put(f.evidence, "param.handover_fast_reports", std::to_string(config_.handover_fast_reports));
        put(f.evidence, "param.handover_fast_span_s", fixed(config_.handover_fast_span.seconds(), 0));
        put(f.evidence, "param.handover_fast_min_silence_min",
            fixed(config_.handover_fast_min_silence.seconds() / 60.0, 0));
        put(f.evidence, "param.handover_fast_settle_min",
            fixed(config_.handover_fast_settle.seconds() / 60.0, 0));
        raised_handovers_.push_back(
            {h.old_mmsi, h.new_mmsi, o.last.time, context.now, n.last.track, f.tag});
        sink.raise(std::move(f));
      }
    }
    it = done ? handovers_.erase(it) : it + 1;
  }
  // A raised change whose old MMSI speaks again while the new one is still heard, away from
  // it, was two vessels after all: withdrawn. Heard again after the new one fell silent, the
  // hull may well have switched back (a spoofed MMSI used for a while): the finding stands.
  std::erase_if(raised_handovers_, [&](const RaisedHandover& r) {
    const auto old_it = vessels_.find(r.old_mmsi);
    const auto new_it = vessels_.find(r.new_mmsi);
    if (old_it == vessels_.end() || new_it == vessels_.end()) return true;
    const Fix& old_fix = old_it->second.last;
    const Fix& new_fix = new_it->second.last;
    const double dt = (old_fix.time - new_fix.time).seconds();
    if (old_fix.time > r.old_last && std::abs(dt) <= config_.handover_fast_settle.seconds()) {
      const ReckoningOffset apart = reckoningOffset(new_fix, old_fix);
      if (apart.offset_m > apart.allowed_m) {
        sink.clear({r.track}, r.tag,
                   "MMSI " + std::to_string(r.old_mmsi) + " reported again at " +
                       detail::utcText(old_fix.time) + ", " + km(apart.offset_m) +
                       " km from MMSI " + std::to_string(r.new_mmsi) +
                       ": two vessels, not a change of identity");
        return true;
      }
    }
    return context.now - r.raised > config_.handover_window;
  });
}

void SpoofingRule::prune(const RuleContext& context) {
  for (auto it = vessels_.begin(); it != vessels_.end();) {
    if (it->second.carriers.empty() && context.now - it->second.last.time >= config_.forget_after) {
      it = vessels_.erase(it);
    } else {
      ++it;
    }
  }
  detail::capOldest(
      vessels_, config_.max_vessels, [](const Vessel& v) { return v.carriers.empty(); },
      [](const Vessel& v) { return v.last.time; }, [](Vessel&) {});
}

}  // namespace picket::cueing
