#include "cueing/dark_target_rule.hpp"

#include <algorithm>
#include <cmath>

#include "cueing/prediction.hpp"
#include "geo/wgs84.hpp"

namespace picket::cueing {

namespace {

// Metres per degree of latitude, and of longitude at the equator (mean WGS-84 values): the
// AIS picture dead-reckons and gates in an equirectangular plane at the contact, which is
// within 0.5 % over the ~150 km a vessel sails in the horizon; the gate's drift allowance is
// far wider than that.
constexpr double kMPerDegLat = 110'574.0;
constexpr double kMPerDegLon = 111'320.0;
// Grid cell of the AIS picture, degrees.
constexpr double kCellDeg = 1.0;
// Fastest vessel the picture dead-reckons (m/s, 40 kn): bounds the cells searched.
constexpr double kMaxVesselSpeedMps = 40.0 * geo::kKnotToMps;

}  // namespace

bool isDarkTarget(const core::Track& track, core::Timestamp now, const DarkTargetConfig& config) {
  if (!config.enabled) return false;
  const bool confirmed =
      track.status == core::TrackStatus::Confirmed || track.status == core::TrackStatus::Coasting;
  return confirmed && track.domain == core::Domain::Surface && track.identity.mmsi == 0 &&
         track.cooperative_updates == 0 &&
         static_cast<int>(track.noncooperative_updates) >= config.min_noncooperative_updates &&
         (now - track.created) >= config.min_track_age;
}

double darkTargetConfidence(const core::Track& track) {
  // Each update is weak evidence (clutter can persist for a few scans); a second sensor is
  // strong evidence (independent clutter does not correlate across sensors).
  const double from_updates =
      1.0 - std::exp(-static_cast<double>(track.noncooperative_updates) / 8.0);
  const double sensor_factor = track.sensors.size() >= 2 ? 1.0 : 0.8;
  return std::min(0.99, from_updates * sensor_factor);
}

std::int64_t AisPicture::cellOf(double lat_deg, double lon_deg) {
  const auto i = static_cast<std::int64_t>(std::floor((lat_deg + 90.0) / kCellDeg));
  const auto j = static_cast<std::int64_t>(std::floor((lon_deg + 180.0) / kCellDeg));
  return i * 1000 + j;
}

// Reports further apart than this teach the reception map nothing (the vessel may really
// have been silent), and a vessel is remembered this long for learning.
constexpr core::Duration kLearningMaxInterval = core::Duration::fromSeconds(12 * 3600.0);

DarkTargetRule::DarkTargetRule(DarkTargetConfig config)
    : config_(std::move(config)),
      picture_(AisReceptionMap(config_.reception_cell_deg, config_.reception_slot,
                               kLearningMaxInterval, config_.reception_min_samples)) {}

void AisPicture::observe(const RuleContext& context, const AisCorrelationConfig& config) {
  for (const TrackView& v : context.changed) {
    const core::Track& t = *v.track;
    if (t.identity.mmsi == 0 || t.domain != core::Domain::Surface) continue;
    if (t.status == core::TrackStatus::Deleted) continue;
    auto [it, inserted] = vessels_.try_emplace(t.identity.mmsi);
    Vessel& s = it->second;
    if (t.last_cooperative_update && (inserted || *t.last_cooperative_update > s.last_report)) {
      if (!inserted) {
        reception_.learn(s.reception, s.last_report, s.report_position,
                         *t.last_cooperative_update, v.position);
      }
      s.last_report = *t.last_cooperative_update;
      s.report_position = v.position;
    }
    if (!inserted && s.time > t.time) continue;
    const std::int64_t cell = cellOf(v.position.lat_deg, v.position.lon_deg);
    if (inserted || cell != s.cell) {
      if (!inserted) std::erase(cells_[s.cell], it->first);
      cells_[cell].push_back(it->first);
    }
    s.track = t.id;
    s.position = v.position;
    s.velocity_en = v.velocity_en;
    s.time = t.time;
    s.cell = cell;
  }
  if (context.now < next_prune_) return;
  next_prune_ = context.now + core::Duration::fromSeconds(60);
  for (auto it = vessels_.begin(); it != vessels_.end();) {
    if (context.now - it->second.time > std::max(config.horizon, kLearningMaxInterval)) {
      auto& list = cells_[it->second.cell];
      std::erase(list, it->first);
      if (list.empty()) cells_.erase(it->second.cell);
      it = vessels_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<AisPicture::Match> AisPicture::explain(const TrackView& contact, core::Timestamp now,
                                                     const AisCorrelationConfig& config,
                                                     bool reach) const {
  if (!config.enabled || vessels_.empty()) return std::nullopt;
  const double lat = contact.position.lat_deg;
  const double lon = contact.position.lon_deg;
  const double m_per_deg_lon = std::max(1.0, kMPerDegLon * std::cos(lat * geo::kDegToRad));
  const double reach_m = kMaxVesselSpeedMps * config.horizon.seconds() + config.gate_m;
  const auto span_lat = static_cast<std::int64_t>(std::ceil(reach_m / kMPerDegLat / kCellDeg));
  const auto span_lon = static_cast<std::int64_t>(std::ceil(reach_m / m_per_deg_lon / kCellDeg));
  const std::int64_t c0 = cellOf(lat, lon);
  const double speed_tol_mps =
      config.speed_tolerance_kn * geo::kKnotToMps + 2.0 * contact.speed_sigma_mps;
  std::optional<Match> best;
  std::optional<Match> best_reach;
  const bool by_reach = reach && config.reach;
  for (std::int64_t di = -span_lat; di <= span_lat; ++di) {
    for (std::int64_t dj = -std::min<std::int64_t>(span_lon, 180); dj <= std::min<std::int64_t>(span_lon, 180); ++dj) {
      const auto cit = cells_.find(c0 + di * 1000 + dj);
      if (cit == cells_.end()) continue;
      for (const std::uint32_t mmsi : cit->second) {
        const Vessel& s = vessels_.at(mmsi);
        const double age_s = (now - s.time).seconds();
        if (age_s > config.horizon.seconds()) continue;
        if (std::abs(s.velocity_en.norm() - contact.speed_mps) > speed_tol_mps) continue;
        const double dt = std::max(0.0, age_s);
        const double east_m = (s.position.lon_deg - lon) * m_per_deg_lon + s.velocity_en.x() * dt;
        const double north_m = (s.position.lat_deg - lat) * kMPerDegLat + s.velocity_en.y() * dt;
        const double d = std::hypot(east_m, north_m);
        const double gate = config.gate_m + config.drift_fraction * s.velocity_en.norm() * dt;
        if (d <= gate) {
          if (!best || d < best->distance_m) best = Match{mmsi, s.track, d, age_s, false};
          continue;
        }
        if (!by_reach || best) continue;
        // Reach: anywhere the vessel could have sailed since its last report, at the larger
        // of its speed and the contact's (a ship that turned at a waypoint, a fishing boat
        // that got under way).
        const double report_age_s = (now - s.last_report).seconds();
        if (report_age_s < 0.0 || report_age_s > config.horizon.seconds()) continue;
        const double v = std::max(s.velocity_en.norm(), contact.speed_mps);
        const double within_m = config.gate_m + (1.0 + config.drift_fraction) * v * report_age_s;
        const double from_fix_m =
            std::hypot((s.report_position.lon_deg - lon) * m_per_deg_lon,
                       (s.report_position.lat_deg - lat) * kMPerDegLat);
        if (from_fix_m > within_m) continue;
        if (!best_reach || from_fix_m < best_reach->distance_m) {
          best_reach = Match{mmsi, s.track, from_fix_m, report_age_s, true};
        }
      }
    }
  }
  return best ? best : best_reach;
}

std::vector<std::string> DarkTargetRule::geographyNotes(const Geography& geography) const {
  if (geography.land || config_.offshore_min_shore_distance_nm <= 0.0) return {};
  return {"dark_target: no land mask; every dark contact under way counts as offshore"};
}

void DarkTargetRule::clearRaised(core::TrackId id, FindingSink& sink, const std::string& reason) {
  if (raised_.erase(id) == 0) return;
  sink.clear({id}, "", reason);
}

void DarkTargetRule::onStep(const RuleContext& context, FindingSink& sink) {
  picture_.observe(context, config_.ais_correlation);
  // A merge hands the alert over to the survivor (the AlertManager rewrites its subject);
  // the survivor is judged at once, so that a merge into an identified track closes it.
  for (const auto& d : context.step.deleted) {
    offshore_.erase(d.track.id);
    fast_runs_.erase(d.track.id);
    if (raised_.erase(d.track.id) == 0) continue;
    if (d.reason != tracking::DeletionReason::Merged) continue;
    const core::Track* survivor = context.tracker.find(d.merged_into);
    if (survivor == nullptr) continue;
    raised_.insert(survivor->id);
    evaluate(context, viewOf(*survivor), sink,
             "merged into track " + std::to_string(survivor->id) + ", ");
  }
  for (const TrackView& v : context.changed) evaluate(context, v, sink, "");
}

void DarkTargetRule::evaluate(const RuleContext& context, const TrackView& v, FindingSink& sink,
                              const std::string& merge_note) {
  const core::Track& t = *v.track;
  const core::Timestamp now = context.now;
  const double speed_kn = v.speed_mps / geo::kKnotToMps;
  const double sigma_kn = v.speed_sigma_mps / geo::kKnotToMps;
  const bool speed_known = sigma_kn <= config_.max_speed_sigma_kn;
  // The fast run is followed from the track's first confirmed update, before it is old enough
  // to be a dark contact: a go-fast is cued at once when it becomes one.
  const bool candidate = config_.enabled && t.domain == core::Domain::Surface &&
                         t.identity.mmsi == 0 && t.cooperative_updates == 0 &&
                         t.status == core::TrackStatus::Confirmed;
  SustainedRun* fast_run = nullptr;
  if (candidate && speed_known) {
    fast_run = &fast_runs_[t.id];
    fast_run->observe(now, speed_kn >= config_.fast_speed_kn, speed_kn, config_.fast_max_gap);
  } else if (const auto it = fast_runs_.find(t.id); it != fast_runs_.end()) {
    if (t.identity.mmsi != 0 || t.cooperative_updates != 0) {
      fast_runs_.erase(it);
    } else {
      fast_run = &it->second;
      fast_run->expire(now, config_.fast_max_gap);
    }
  }
  if (!isDarkTarget(t, now, config_)) {
    if (t.identity.mmsi != 0) {
      clearRaised(t.id, sink,
                  "Dark target closed: " + merge_note + "correlated with AIS MMSI " +
                      std::to_string(t.identity.mmsi) + ".");
    }
    return;
  }
  const bool fast = speed_known && speed_kn >= config_.fast_speed_kn && fast_run != nullptr &&
                    fast_run->active() && fast_run->length() >= config_.fast_min_duration &&
                    fast_run->mean() >= config_.fast_speed_kn;
  const double offshore_m = config_.offshore_min_shore_distance_nm * kMetresPerNm;
  bool offshore = false;
  if (speed_known && speed_kn >= config_.offshore_min_speed_kn) {
    const geo::LandMask* land = context.geography.land.get();
    offshore = land == nullptr || offshore_m <= 0.0 ||
               offshore_.get(t.id, t.x.head<3>(), [&] {
                 return !land->nearLand(v.position.lat_deg, v.position.lon_deg, offshore_m);
               });
  }
  // Neither fast nor offshore: a boat of the coastal belt (or a speed not yet known). An alert
  // already open stays until the AlertManager closes it for lack of support.
  if (!fast && !offshore) return;
  // Where AIS is seldom heard, silence says nothing: a contact under way offshore there is
  // unidentified, not dark. A go-fast's speed is a cue whatever AIS hears.
  const double reception = picture_.reception().quality(v.position);
  if (!fast && config_.min_reception_quality > 0.0 && reception < config_.min_reception_quality) {
    return;
  }
  if (const auto match = picture_.explain(v, now, config_.ais_correlation, !fast)) {
    clearRaised(t.id, sink,
                "Dark target closed: " + merge_note + "track " + std::to_string(t.id) +
                    (match->by_reach
                         ? " is within reach of MMSI " + std::to_string(match->mmsi) + " (" +
                               fixed(match->distance_m / 1000.0, 1) +
                               " km from its last AIS fix, " + fixed(match->age_s / 60.0, 0) +
                               " min old)."
                         : " is where MMSI " + std::to_string(match->mmsi) + " should be (" +
                               fixed(match->distance_m, 0) +
                               " m from its position dead-reckoned over " +
                               fixed(match->age_s / 60.0, 0) + " min)."));
    return;
  }
  raised_.insert(t.id);
  Finding f;
  f.tracks = {t.id};
  f.severity = config_.severity;
  f.confidence = darkTargetConfidence(t);
  const std::string why =
      fast ? "at " + fixed(speed_kn, 1) + " kn"
           : "under way at " + fixed(speed_kn, 1) + " kn at least " +
                 fixed(config_.offshore_min_shore_distance_nm, 0) + " nm from shore";
  f.reason = "Surface track " + std::to_string(t.id) + " " + why + ", seen " +
             std::to_string(t.noncooperative_updates) + " times by " +
             std::to_string(t.sensors.size()) +
             " sensor(s), with no AIS and no known vessel where it is.";
  f.evidence = {
      {"track_id", std::to_string(t.id)},
      {"criterion", fast ? "fast" : "offshore"},
      {"noncooperative_updates", std::to_string(t.noncooperative_updates)},
      {"cooperative_updates", std::to_string(t.cooperative_updates)},
      {"sensors", sensorList(t, context.tracker)},
      {"track_age_s", secondsText(now - t.created)},
      {"speed_kn", fixed(speed_kn, 1)},
      {"speed_sigma_kn", fixed(sigma_kn, 1)},
      {"fast_run_s", fast ? secondsText(fast_run->length()) : "0"},
      {"fast_run_mean_kn", fast ? fixed(fast_run->mean(), 1) : "-"},
      {"ais_reception_quality", fixed(reception, 2)},
      {"param.min_noncooperative_updates", std::to_string(config_.min_noncooperative_updates)},
      {"param.min_track_age_s", secondsText(config_.min_track_age)},
      {"param.fast_speed_kn", fixed(config_.fast_speed_kn, 1)},
      {"param.fast_min_duration_s", secondsText(config_.fast_min_duration)},
      {"param.fast_max_gap_s", secondsText(config_.fast_max_gap)},
      {"param.offshore_min_shore_distance_nm", fixed(config_.offshore_min_shore_distance_nm, 1)},
      {"param.offshore_min_speed_kn", fixed(config_.offshore_min_speed_kn, 1)},
      {"param.min_reception_quality", fixed(config_.min_reception_quality, 2)},
      {"param.ais_correlation_horizon_min",
       fixed(config_.ais_correlation.horizon.seconds() / 60.0, 0)},
  };
  sink.raise(std::move(f));
}

}  // namespace picket::cueing
