#include "sim/satellite_ais.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "geo/wgs84.hpp"

namespace picket::sim {

namespace {

// Static data (message 5 or 24) every 6 min, ITU-R M.1371-5 Annex 1 Table 1 and 2.
constexpr core::Duration kStaticInterval = core::Duration::fromSeconds(360.0);
// Distances on the sphere (geodetic latitude taken as spherical) and geodesic distances on the
// ellipsoid differ by less than the ratio of the mean radius to the smallest radius of
// curvature, 6371.0 / 6335.4 km (0.6 %): reaches and radii are scaled by this to stay
// conservative when moving between the two.
constexpr double kSphereSlack = 1.01;
constexpr double kSphereSlackM = 10.0;
// Pass start jitter, as a fraction of the revisit time.
constexpr double kRevisitJitter = 0.1;
// No position report kept yet.
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min();

}  // namespace

double sphericalDistanceM(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) {
  // Haversine (well conditioned for small distances).
  const double p1 = lat1_deg * geo::kDegToRad;
  const double p2 = lat2_deg * geo::kDegToRad;
  const double s_dlat = std::sin(0.5 * (p2 - p1));
  const double s_dlon = std::sin(0.5 * (lon2_deg - lon1_deg) * geo::kDegToRad);
  const double a = s_dlat * s_dlat + std::cos(p1) * std::cos(p2) * s_dlon * s_dlon;
  return 2.0 * kMeanEarthRadiusM * std::asin(std::min(1.0, std::sqrt(a)));
}

core::GeoPoint SatellitePass::centreAt(core::Timestamp t) const {
  const core::Timestamp mid = start + duration / 2;
  double lat = mid_lat_deg +
               (t - mid).seconds() * kSatelliteGroundSpeedMps / kMeanEarthRadiusM * geo::kRadToDeg;
  double lon = track_lon_deg;
  // Over a pole the track carries on down the opposite meridian.
  lat = std::remainder(lat, 360.0);
  if (lat > 90.0 || lat < -90.0) {
    lat = (lat > 0.0 ? 180.0 : -180.0) - lat;
    lon = std::remainder(lon + 180.0, 360.0);
  }
  return {lat, lon, 0.0};
}

bool SatelliteAisSource::Later::operator()(const Pending& a, const Pending& b) const {
  if (a.delivered_ns != b.delivered_ns) return a.delivered_ns > b.delivered_ns;
  if (a.fix_ns != b.fix_ns) return a.fix_ns > b.fix_ns;
  if (a.platform != b.platform) return a.platform > b.platform;
  return a.kind > b.kind;
}

SatelliteAisSource::SatelliteAisSource(const SatelliteAisConfig& config, const Scenario& scenario,
                                       TrafficIndex& index, core::Timestamp start,
                                       core::Timestamp end, std::uint64_t seed)
    : config_(config),
      scenario_(&scenario),
      index_(&index),
      timetable_(seed, start),
      start_(start),
      end_(end),
      rng_(Rng::forStream(seed, config.source_id)),
      last_position_ns_(scenario.platforms.size(), kNever),
      position_phase_(scenario.platforms.size(), 0),
      static_phase_(scenario.platforms.size(), 0),
      has_phase_(scenario.platforms.size(), false) {
  const std::string what = "satellite AIS " + config_.source_id + ": ";
  if (config_.revisit.ns <= 0 || config_.pass_duration.ns <= 0) {
    throw std::invalid_argument(what + "revisit and pass duration must be > 0");
  }
  if (config_.latency_min.ns < 0 || config_.latency_max < config_.latency_min) {
    throw std::invalid_argument(what + "need 0 <= latency_min <= latency_max");
  }
  if (!(config_.footprint_radius_m > 0.0) || !(config_.ships_at_half_probability > 0.0)) {
    throw std::invalid_argument(what +
                                "footprint radius and ships_at_half_probability must be > 0");
  }
  if (config_.min_report_spacing.ns < 0) {
    throw std::invalid_argument(what + "min_report_spacing must be >= 0");
  }
  revisit_phase_ = core::Duration{static_cast<std::int64_t>(
      std::floor(rng_.uniform(0.0, static_cast<double>(config_.revisit.ns))))};
  const Area& area = scenario.area;
  first_track_lon_deg_ = rng_.uniform(area.lon_min_deg, area.lon_max_deg);
  next_pass_ = makePass(0);
}

SatellitePass SatelliteAisSource::makePass(std::int64_t k) {
  const double jitter_ns =
      rng_.uniform(-kRevisitJitter, kRevisitJitter) * static_cast<double>(config_.revisit.ns);
  SatellitePass pass;
  pass.start = start_ + revisit_phase_ + core::Duration{k * config_.revisit.ns} +
               core::Duration{static_cast<std::int64_t>(std::llround(jitter_ns))};
  pass.duration = config_.pass_duration;
  const Area& area = scenario_->area;
  const double width = area.lon_max_deg - area.lon_min_deg;
  // The Earth turns east under the orbit, so each track lies west of the previous one.
  const double step_deg = 360.0 * config_.revisit.seconds() / kSiderealDayS;
  double offset = first_track_lon_deg_ - area.lon_min_deg - static_cast<double>(k) * step_deg;
  if (width > 0.0) {
    offset = std::fmod(offset, width);
    if (offset < 0.0) offset += width;
  } else {
    offset = 0.0;
  }
  pass.track_lon_deg = area.lon_min_deg + offset;
  pass.mid_lat_deg = 0.5 * (area.lat_min_deg + area.lat_max_deg);
  return pass;
}

std::optional<core::Timestamp> SatelliteAisSource::nextDelivery() const {
  if (pending_.empty()) return std::nullopt;
  return core::Timestamp{pending_.top().delivered_ns};
}

std::optional<core::Timestamp> SatelliteAisSource::nextWake() const {
  if (!pending_.empty() || next_pass_.start >= end_) return std::nullopt;
  return next_pass_.start + config_.latency_min;
}

void SatelliteAisSource::generateNextPass() {
  generatePass(next_pass_);
  passes_.push_back(next_pass_);
  next_pass_ = makePass(++pass_count_);
}

void SatelliteAisSource::wake() {
  generateNextPass();
  fill();
}

void SatelliteAisSource::fill() {
  // A pass delivers nothing before its start + latency_min: generate the passes that could
  // deliver before the earliest pending message. With nothing pending, the next pass waits
  // for its wake, so that passes are generated as the feed reaches them.
  while (next_pass_.start < end_ && !pending_.empty() &&
         (next_pass_.start + config_.latency_min).ns <= pending_.top().delivered_ns) {
    generateNextPass();
  }
}

void SatelliteAisSource::generatePass(const SatellitePass& pass) {
  const core::Timestamp p0 = std::max(pass.start, start_);
  const core::Timestamp p1 = std::min(pass.start + pass.duration, end_);
  const double radius_m = config_.footprint_radius_m;
  const auto& platforms = scenario_->platforms;
  for (core::Timestamp b = index_->bucketStart(p0); b < p1; b = b + index_->bucketLength()) {
    // One window per index bucket, clipped to the pass.
    const core::Timestamp w0 = std::max(b, p0);
    const core::Timestamp w1 = std::min(b + index_->bucketLength(), p1);
    if (w0 >= w1) continue;
    const core::Timestamp mid = w0 + (w1 - w0) / 2;
    const core::GeoPoint c_mid = pass.centreAt(mid);
    // The footprint centre moves at most this far (on the sphere) from c_mid within the window.
    const double half_motion_m = kSatelliteGroundSpeedMps * 0.5 * (w1 - w0).seconds();
    const auto candidates =
        index_->candidates(w0, c_mid, (radius_m + half_motion_m) * kSphereSlack + kSphereSlackM,
                           TrafficLayer::Surface);

    // Footprint load at mid-window: the AIS ships transmitting inside it.
    std::size_t load = 0;
    for (const TrafficIndex::Candidate* c : candidates) {
      const Platform& p = platforms[c->platform];
      if (!p.ais || !p.activeAt(mid - start_) || !aisTransmissionAt(p, mid - start_)) continue;
      if (sphericalDistanceM(c->state.position.lat_deg, c->state.position.lon_deg, c_mid.lat_deg,
                             c_mid.lon_deg) <= radius_m) {
        ++load;
      }
    }
    const double p_heard = config_.detection_probability /
                           (1.0 + static_cast<double>(load) / config_.ships_at_half_probability);

    for (const TrafficIndex::Candidate* c : candidates) {
      const std::uint32_t i = c->platform;
      const Platform& p = platforms[i];
      if (!p.ais) continue;
      const double reach_m = c->reach_m * kSphereSlack + kSphereSlackM;
      const double d_mid_m = sphericalDistanceM(
          c->state.position.lat_deg, c->state.position.lon_deg, c_mid.lat_deg, c_mid.lon_deg);
      if (d_mid_m > radius_m + half_motion_m + reach_m) continue;  // never inside in the window
      if (!has_phase_[i]) {
        const AisTimetable::Phase ph = timetable_.phase(p);
        position_phase_[i] = ph.position;
        static_phase_[i] = ph.static_data;
        has_phase_[i] = true;
      }
      const double speed_mps = index_->maxSpeedMps(i);

      auto hear = [&](core::Timestamp t, Kind kind) {
        const core::Duration elapsed = t - start_;
        if (!p.activeAt(elapsed)) return;
        const auto tx = aisTransmissionAt(p, elapsed);
        if (!tx) return;
        if (kind == Kind::Position && last_position_ns_[i] != kNever &&
            t.ns - last_position_ns_[i] < config_.min_report_spacing.ns) {
          return;
        }
        // Inside the footprint? The candidate's reach bounds where the ship can be; only near
        // the edge is its route evaluated.
        const core::GeoPoint centre = pass.centreAt(t);
        const double reach_t_m =
            (speed_mps * std::abs((t - c->time).seconds()) + index_->marginM()) * kSphereSlack +
            kSphereSlackM;
        const double d_m = sphericalDistanceM(c->state.position.lat_deg, c->state.position.lon_deg,
                                              centre.lat_deg, centre.lon_deg);
        if (d_m > radius_m + reach_t_m) return;
        std::optional<PlatformState> state;
        if (d_m >= radius_m - reach_t_m) {
          state = p.stateAt(elapsed);
          if (sphericalDistanceM(state->position.lat_deg, state->position.lon_deg, centre.lat_deg,
                                 centre.lon_deg) > radius_m) {
            return;
          }
        }
        if (!rng_.bernoulli(p_heard)) return;
        if (!state) state = p.stateAt(elapsed);
        const std::int64_t span_ms = (config_.latency_max.ns - config_.latency_min.ns) / 1'000'000;
        const std::int64_t latency_ns =
            config_.latency_min.ns +
            static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(span_ms) + 1)) *
                1'000'000;
        Pending m;
        m.delivered_ns = t.ns + latency_ns;
        m.fix_ns = t.ns;
        m.platform = i;
        m.kind = kind;
        m.state = *state;
        m.tx = *tx;
        if (kind == Kind::Position) {
          const double sigma_m = tx->unit_class == AisClass::B ? config_.class_b_position_sigma_m
                                                               : config_.position_sigma_m;
          m.reported = aisReportedPosition(*tx, *state, sigma_m, rng_);
          last_position_ns_[i] = t.ns;
        }
        if (m.delivered_ns >= end_.ns) return;  // reaches the ground after the run
        pending_.push(m);
      };

      const core::Duration interval = aisReportInterval(p.ais->ais_class, c->state);
      for (core::Timestamp t = timetable_.nextSlot(position_phase_[i], interval, w0); t < w1;
           t = t + interval) {
        hear(t, Kind::Position);
      }
      for (core::Timestamp t = timetable_.nextSlot(static_phase_[i], kStaticInterval, w0); t < w1;
           t = t + kStaticInterval) {
        hear(t, Kind::Static);
      }
    }
  }
}

SimMessage SatelliteAisSource::emit() {
  const Pending m = pending_.top();
  pending_.pop();
  const Platform& p = scenario_->platforms[m.platform];
  const core::Timestamp fix{m.fix_ns};
  const core::Timestamp delivered{m.delivered_ns};
  SimMessage out = makeEnvelope("feed/ais/", config_.source_id, ++sequence_, fix);
  out.delivered = delivered;
  out.origins.push_back(p.id);
  if (m.kind == Kind::Position) {
    pb::AisPositionReport& r = *out.message.mutable_ais_position();
    setHeader(*r.mutable_header(), out.source_id, out.sequence, fix);
    fillAisPosition(r, m.tx, m.state, m.reported, delivered);
  } else {
    pb::AisStaticData& d = *out.message.mutable_ais_static();
    setHeader(*d.mutable_header(), out.source_id, out.sequence, fix);
    fillAisStatic(d, m.tx);
  }
  fill();
  return out;
}

}  // namespace picket::sim
