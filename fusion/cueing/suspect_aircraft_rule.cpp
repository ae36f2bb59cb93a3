#include "cueing/suspect_aircraft_rule.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "cueing/prediction.hpp"
#include "geo/wgs84.hpp"

namespace picket::cueing {

using detail::fixed;
using detail::put;

namespace {

std::string knots(double mps) { return fixed(mps / geo::kKnotToMps, 0); }

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

/// The largest eigenvalue of a track's horizontal position covariance (the worst direction).
double largestHorizontalVariance(const core::Track& t) {
  const core::Mat6 c = covarianceEnu(t.x, t.P);
  const double a = c(0, 0);
  const double b = c(1, 1);
  const double cross = c(0, 1);
  return std::max(
      0.0, 0.5 * (a + b) + std::sqrt(std::max(0.0, 0.25 * (a - b) * (a - b) + cross * cross)));
}

}  // namespace

const char* toString(TransponderStatus s) {
  switch (s) {
    case TransponderStatus::Unknown: return "unknown";
    case TransponderStatus::Replying: return "replying";
    case TransponderStatus::NotReplying: return "not_replying";
    case TransponderStatus::LostMidFlight: return "lost_mid_flight";
  }
  return "?";
}

TransponderStatus transponderStatus(const TransponderObservations& obs, core::Duration timeout) {
  if (!obs.last_interrogated) return TransponderStatus::Unknown;
  if (!obs.last_reply) return TransponderStatus::NotReplying;
  return *obs.last_interrogated - *obs.last_reply > timeout ? TransponderStatus::LostMidFlight
                                                            : TransponderStatus::Replying;
}

TransponderObservations transponderObservations(const core::Track& track) {
  return {track.last_interrogated_update, track.last_transponder_update, track.mode_a_code};
}

bool lightAircraftSpeed(const AircraftProfile& p, const SuspectAircraftConfig& config) {
  return p.speed_mps >= config.min_speed_mps &&
         p.speed_mps + config.speed_sigmas * p.speed_sigma_mps <= config.max_speed_mps;
}

AircraftAssessment assessAircraft(const AircraftProfile& p, const SuspectAircraftConfig& config) {
  AircraftAssessment a;
  if (p.transponder == TransponderStatus::Replying) return a;
  const bool light = lightAircraftSpeed(p, config) && p.light_sustained;
  const bool low = p.altitude_m && *p.altitude_m <= config.low_altitude_ceiling_m;
  const bool area = p.from_area || p.toward_area;
  if (p.transponder == TransponderStatus::LostMidFlight) a.indicators.push_back("transponder_lost");
  if (p.transponder == TransponderStatus::NotReplying) a.indicators.push_back("no_transponder");
  if (light) a.indicators.push_back("light_aircraft_speed");
  if (low) a.indicators.push_back("low_altitude");
  if (p.from_area) a.indicators.push_back("from:" + p.from_area->area_id);
  if (p.toward_area) a.indicators.push_back("toward:" + p.toward_area->area_id);
  switch (p.transponder) {
    case TransponderStatus::LostMidFlight: a.suspect = true; break;
    case TransponderStatus::NotReplying: a.suspect = light || low || area; break;
    case TransponderStatus::Unknown: a.suspect = light && (area || low); break;
    case TransponderStatus::Replying: break;
  }
  const auto n = static_cast<double>(a.indicators.size());
  a.severity = p.transponder == TransponderStatus::LostMidFlight || a.indicators.size() >= 3
                   ? config.high_severity
                   : config.severity;
  // Heuristic (RULES-identity.md): each independent indicator adds the same weight.
  a.confidence = std::min(0.95, 0.3 + 0.15 * n);
  return a;
}

SuspectAircraftRule::SuspectAircraftRule(SuspectAircraftConfig config)
    : config_(std::move(config)) {}

std::optional<SuspectAircraftRule::Baseline> SuspectAircraftRule::baselineOf(
    State& s, const TrackView& view) const {
  if (config_.speed_baseline <= core::Duration{0}) return std::nullopt;
  const core::Track& t = *view.track;
  // The error along the baseline is not known in advance, so the worst direction is assumed.
  s.fixes.push_back({t.time, view.position, largestHorizontalVariance(t)});
  const core::Timestamp now = s.fixes.back().time;
  // Keep one fix at least a baseline old, and nothing older than it.
  while (s.fixes.size() >= 2 && now - s.fixes[1].time >= config_.speed_baseline) {
    s.fixes.pop_front();
  }
  const Fix& then = s.fixes.front();
  const core::Duration span = now - then.time;
  if (span < config_.speed_baseline) return std::nullopt;
  const auto inv = geo::geodesicInverse(then.position, view.position);
  Baseline out;
  out.span = span;
  out.speed_mps = inv.distance_m / span.seconds();
  out.speed_sigma_mps = std::sqrt(then.variance_m2 + s.fixes.back().variance_m2) / span.seconds();
  out.course_deg = inv.azimuth2_deg;
  return out;
}

TransponderStatus SuspectAircraftRule::confirmedStatus(State& s,
                                                       const TransponderObservations& obs,
                                                       core::Timestamp now) const {
  const TransponderStatus raw = transponderStatus(obs, config_.transponder_timeout);
  const bool advanced = obs.last_interrogated &&
                        (!s.seen_interrogated || *obs.last_interrogated > *s.seen_interrogated);
  s.seen_interrogated = obs.last_interrogated;
  const bool unanswered =
      raw == TransponderStatus::NotReplying || raw == TransponderStatus::LostMidFlight;
  if (!unanswered || !advanced) {
    s.silent_since.reset();
  } else if (!s.silent_since) {
    s.silent_since = now;
  }
  if (!unanswered) return raw;
  if (s.silent_since && now - *s.silent_since >= config_.silence_confirm) return raw;
  return obs.last_reply ? TransponderStatus::Replying : TransponderStatus::Unknown;
}

std::optional<core::SensorIndex> SuspectAircraftRule::friendlyCarrier(
    const TrackView& view, const TrackPicture& tracker) const {
  if (config_.friendly_gate_max_m <= 0.0) return std::nullopt;
  const core::Track& t = *view.track;
  // min(max(...)), not std::clamp: a minimum above the maximum (rejected by the config
  // reader) must not be undefined behaviour here.
  const double gate = std::min(
      std::max(config_.friendly_gate_sigmas * std::sqrt(largestHorizontalVariance(t)),
               config_.friendly_gate_min_m),
      config_.friendly_gate_max_m);
  for (const tracking::SensorPlatformFix& f : tracker.sensorPlatforms()) {
    const core::Duration age = t.time - f.time;
    if (age > config_.friendly_max_age || f.time - t.time > config_.friendly_max_age) continue;
    const core::Vec3 there = f.ecef_m + f.velocity_ecef_mps * age.seconds();
    if ((there - t.x.head<3>()).norm() <= gate) return f.sensor;
  }
  return std::nullopt;
}

std::optional<core::TrackId> SuspectAircraftRule::codeAnswersElsewhere(
    const core::Track& t, core::Timestamp now) const {
  if (config_.duplicate_code_distance_m <= 0.0 || !t.mode_a_code) return std::nullopt;
  const auto it = replies_.find(*t.mode_a_code);
  if (it == replies_.end()) return std::nullopt;
  for (const Reply& r : it->second) {
    if (r.track == t.id || now - r.time > config_.transponder_timeout) continue;
    if ((r.ecef_m - t.x.head<3>()).norm() <= config_.duplicate_code_distance_m) return r.track;
  }
  return std::nullopt;
}

void SuspectAircraftRule::noteReplies(const RuleContext& context) {
  for (const auto& d : context.step.deleted) {
    if (!d.track.mode_a_code) continue;
    const auto it = replies_.find(*d.track.mode_a_code);
    if (it == replies_.end()) continue;
    std::erase_if(it->second, [&](const Reply& r) { return r.track == d.track.id; });
    if (it->second.empty()) replies_.erase(it);
  }
  for (const TrackView& view : context.changed) {
    const core::Track& t = *view.track;
    if (t.domain != core::Domain::Air || !t.mode_a_code || !t.last_transponder_update ||
        *t.last_transponder_update != t.time) {
      continue;
    }
    auto& list = replies_[*t.mode_a_code];
    Reply reply;
    reply.track = t.id;
    reply.time = t.time;
    reply.ecef_m = t.x.head<3>();
    const auto r =
        std::find_if(list.begin(), list.end(), [&](const Reply& x) { return x.track == t.id; });
    if (r == list.end()) {
      list.push_back(reply);
    } else {
      *r = reply;
    }
  }
}

AircraftProfile SuspectAircraftRule::profileOf(const TrackView& view, const Geography& geography,
                                               const std::optional<Baseline>& baseline,
                                               TransponderStatus transponder) const {
  const core::Track& t = *view.track;
  AircraftProfile p;
  p.speed_mps = view.speed_mps;
  p.speed_sigma_mps = view.speed_sigma_mps;
  double course_deg = std::atan2(view.velocity_en.x(), view.velocity_en.y()) * geo::kRadToDeg;
  if (baseline && baseline->speed_sigma_mps < p.speed_sigma_mps) {
    const double gap = std::abs(p.speed_mps - baseline->speed_mps);
    const double sigma = std::hypot(p.speed_sigma_mps, baseline->speed_sigma_mps);
    if (config_.baseline_consistency_sigmas <= 0.0 ||
        gap <= config_.baseline_consistency_sigmas * sigma) {
      p.speed_mps = baseline->speed_mps;
      p.speed_sigma_mps = baseline->speed_sigma_mps;
      p.speed_source = "baseline";
      course_deg = baseline->course_deg;
    } else {
      p.speed_source = "filter (baseline disagrees)";
    }
  }
  if (detail::heightSigmaM(t) <= config_.altitude_max_sigma_m) p.altitude_m = view.position.alt_m;
  p.transponder = transponder;
  p.course_deg = geo::wrapTwoPi(course_deg * geo::kDegToRad) * geo::kRadToDeg;
  if (p.speed_mps < 1.0) return p;
  // The area tests walk the course against every area; skip them where they cannot change
  // the decision (assessAircraft): a replying transponder clears, and without transponder
  // data only a light aircraft can be suspect. Every airliner in secondary coverage is the
  // first case, most airliners out of it the second.
  if (p.transponder == TransponderStatus::Replying ||
      (p.transponder == TransponderStatus::Unknown && !lightAircraftSpeed(p, config_))) {
    return p;
  }
  const auto departures = detail::areasWithIds(geography, config_.departure_areas);
  const auto arrivals = detail::areasWithIds(geography, config_.arrival_areas);
  if (!departures.empty()) {
    const auto c = detail::closestApproach(view.position, course_deg + 180.0,
                                           p.speed_mps * config_.look_back.seconds(),
                                           config_.course_step_m, departures);
    if (c.distance_m <= config_.area_distance_m) p.from_area = c;
  }
  if (!arrivals.empty()) {
    const auto c = detail::closestApproach(view.position, course_deg,
                                           p.speed_mps * config_.look_ahead.seconds(),
                                           config_.course_step_m, arrivals);
    if (c.distance_m <= config_.area_distance_m) p.toward_area = c;
  }
  return p;
}

bool SuspectAircraftRule::lightSustained(State& s, const AircraftProfile& p,
                                         core::Timestamp now) const {
  if (p.speed_mps <= config_.max_plausible_speed_mps &&
      p.speed_mps - config_.speed_sigmas * p.speed_sigma_mps > config_.max_speed_mps) {
    s.airliner_at = now;
  }
  const auto turned = [&] {
    const double d = std::fmod(std::abs(p.course_deg - s.light_course_deg), 360.0);
    return std::min(d, 360.0 - d) > config_.light_course_tolerance_deg;
  };
  if (!lightAircraftSpeed(p, config_) || (s.light_since && turned())) s.light_since.reset();
  if (lightAircraftSpeed(p, config_) && !s.light_since) {
    s.light_since = now;
    s.light_course_deg = p.course_deg;
  }
  return s.light_since && now - *s.light_since >= config_.light_sustain && !s.airliner_at;
}

void SuspectAircraftRule::onStep(const RuleContext& context, FindingSink& sink) {
  if (!config_.enabled) return;
  for (const auto& d : context.step.deleted) state_.erase(d.track.id);
  noteReplies(context);
  for (const TrackView& view : context.changed) {
    const core::Track& t = *view.track;
    if (t.domain != core::Domain::Air) continue;
    const bool confirmed =
        t.status == core::TrackStatus::Confirmed || t.status == core::TrackStatus::Coasting;
    if (!confirmed || static_cast<int>(t.updates) < config_.min_updates ||
        context.now - t.created < config_.min_track_age) {
      continue;
    }
    State& s = state_[t.id];
    if (context.now < s.next_evaluation) continue;
    s.next_evaluation = context.now + config_.evaluation_interval;
    const std::optional<Baseline> baseline = baselineOf(s, view);
    const TransponderStatus status = confirmedStatus(s, transponderObservations(t), context.now);
    // Own forces and duplicates of a replying aircraft are not judged (config comments).
    std::string cleared;
    const auto carrier = friendlyCarrier(view, context.tracker);
    if (!carrier) s.friendly_since.reset();
    if (carrier) {
      if (!s.friendly_since) s.friendly_since = context.now;
      if (context.now - *s.friendly_since < config_.friendly_confirm) continue;
      cleared = "Track " + std::to_string(t.id) + " is the carrier of sensor " +
                context.tracker.sensors()[*carrier].id + " (own forces).";
    } else if (status == TransponderStatus::LostMidFlight) {
      if (const auto other = codeAnswersElsewhere(t, context.now)) {
        cleared = "Track " + std::to_string(t.id) + "'s code " + std::to_string(*t.mode_a_code) +
                  " still answers on track " + std::to_string(*other) + ": a duplicate track.";
      }
    }
    if (!cleared.empty()) {
      if (s.raised) {
        sink.clear({t.id}, "", cleared);
        s.raised = false;
      }
      continue;
    }
    AircraftProfile p = profileOf(view, context.geography, baseline, status);
    if (p.transponder == TransponderStatus::Unknown) {
      p.light_sustained = lightSustained(s, p, context.now);
    }
    if (p.speed_mps > config_.max_plausible_speed_mps) continue;
    const AircraftAssessment a = assessAircraft(p, config_);
    if (!a.suspect) {
      if (s.raised && p.transponder == TransponderStatus::Replying) {
        const auto obs = transponderObservations(t);
        sink.clear({t.id}, "",
                   "Track " + std::to_string(t.id) + " now answers its transponder" +
                       (obs.mode_a_code ? " (code " + std::to_string(*obs.mode_a_code) + ")" : "") +
                       ".");
        s.raised = false;
      }
      continue;
    }
    Finding f;
    f.tracks = {t.id};
    f.severity = a.severity;
    f.confidence = a.confidence;
    std::string where;
    if (p.from_area) where += " from " + p.from_area->area_id;
    if (p.toward_area) where += " toward " + p.toward_area->area_id;
    f.reason = "Air track " + std::to_string(t.id) + " at " + knots(p.speed_mps) + " kn" +
               (p.altitude_m ? ", " + fixed(*p.altitude_m, 0) + " m" : "") +
               (where.empty() ? "" : "," + where) + "; transponder " +
               toString(p.transponder) + " (" + joined(a.indicators) + ").";
    put(f.evidence, "track_id", std::to_string(t.id));
    put(f.evidence, "time", detail::utcText(t.time));
    put(f.evidence, "position", detail::latLonText(view.position));
    put(f.evidence, "speed_kn", knots(p.speed_mps));
    put(f.evidence, "speed_sigma_kn", knots(p.speed_sigma_mps));
    put(f.evidence, "speed_source",
        p.speed_source == "baseline"
            ? "baseline " + fixed(baseline->span.seconds() / 60.0, 0) + " min"
            : p.speed_source);
    put(f.evidence, "course_deg",
        fixed(p.speed_source == "baseline"
                  ? geo::wrapTwoPi(baseline->course_deg * geo::kDegToRad) * geo::kRadToDeg
                  : geo::wrapTwoPi(std::atan2(view.velocity_en.x(), view.velocity_en.y())) *
                        geo::kRadToDeg,
              0));
    put(f.evidence, "altitude_m", p.altitude_m ? fixed(*p.altitude_m, 0) : "not measured");
    put(f.evidence, "transponder", toString(p.transponder));
    put(f.evidence, "indicators", joined(a.indicators));
    if (p.from_area) {
      put(f.evidence, "departure_area", p.from_area->area_id);
      put(f.evidence, "departure_area_distance_km", fixed(p.from_area->distance_m / 1000.0, 1));
      put(f.evidence, "departure_area_behind_km", fixed(p.from_area->along_m / 1000.0, 0));
    }
    if (p.toward_area) {
      put(f.evidence, "arrival_area", p.toward_area->area_id);
      put(f.evidence, "arrival_area_distance_km", fixed(p.toward_area->distance_m / 1000.0, 1));
      put(f.evidence, "arrival_area_ahead_km", fixed(p.toward_area->along_m / 1000.0, 0));
      put(f.evidence, "arrival_area_eta_min",
          fixed(p.toward_area->along_m / std::max(p.speed_mps, 1.0) / 60.0, 0));
    }
    put(f.evidence, "param.min_speed_kn", knots(config_.min_speed_mps));
    put(f.evidence, "param.max_speed_kn", knots(config_.max_speed_mps));
    put(f.evidence, "param.low_altitude_ceiling_m", fixed(config_.low_altitude_ceiling_m, 0));
    put(f.evidence, "param.area_distance_km", fixed(config_.area_distance_m / 1000.0, 0));
    put(f.evidence, "param.look_ahead_h", fixed(config_.look_ahead.seconds() / 3600.0, 1));
    put(f.evidence, "param.look_back_h", fixed(config_.look_back.seconds() / 3600.0, 1));
    put(f.evidence, "param.speed_baseline_min", fixed(config_.speed_baseline.seconds() / 60.0, 0));
    put(f.evidence, "param.silence_confirm_s", fixed(config_.silence_confirm.seconds(), 0));
    put(f.evidence, "param.baseline_consistency_sigmas",
        fixed(config_.baseline_consistency_sigmas, 1));
    put(f.evidence, "param.friendly_gate_max_km", fixed(config_.friendly_gate_max_m / 1000.0, 0));
    if (p.transponder == TransponderStatus::Unknown && s.light_since) {
      put(f.evidence, "light_speed_since", detail::utcText(*s.light_since));
    }
    put(f.evidence, "param.light_sustain_min", fixed(config_.light_sustain.seconds() / 60.0, 0));
    put(f.evidence, "param.light_course_tolerance_deg",
        fixed(config_.light_course_tolerance_deg, 0));
    sink.raise(std::move(f));
    s.raised = true;
  }
}

}  // namespace picket::cueing
