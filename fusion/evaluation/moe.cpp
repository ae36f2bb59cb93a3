#include "evaluation/moe.hpp"

#include <algorithm>
#include <cmath>
#include <istream>
#include <stdexcept>
#include <string_view>
#include <variant>

#include "geo/wgs84.hpp"

namespace picket::evaluation {

namespace {

[[noreturn]] void fail(const char* what_file, std::size_t line, const std::string& what) {
  throw std::runtime_error(std::string(what_file) + " line " + std::to_string(line) + ": " + what);
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

double distanceM(const core::GeoPoint& a, const core::GeoPoint& b) {
  return geo::geodesicInverse(a, b).distance_m;
}

// A cheap lower bound on the distance, metres (for pruning before the geodesic): the
// latitude difference alone, on a sphere of the ellipsoid's polar radius of curvature floor.
double latitudeGapM(const core::GeoPoint& a, const core::GeoPoint& b) {
  return std::abs(a.lat_deg - b.lat_deg) * 110'000.0;
}

// A platform this high (truth alt_m) is in the air: the air association gate applies.
constexpr double kAirborneAboveM = 100.0;

}  // namespace

// ---------------------------------------------------------------------------------------------

std::optional<core::GeoPoint> measurementPoint(const core::Measurement& m) {
  if (const auto* pos = std::get_if<core::PositionMeasurement>(&m.data)) return pos->position;
  const auto& polar = std::get<core::PolarMeasurement>(m.data);
  const core::GeoPoint site = geo::ecefToGeodetic(polar.sensor_ecef_m);
  core::GeoPoint ground = site;
  ground.alt_m = 0.0;
  const double height_m = std::max(site.alt_m, 0.0);
  if (!(polar.range_m > height_m)) return std::nullopt;
  const double azimuth_deg = polar.bearing_rad * geo::kRadToDeg;
  // Ground distance s with |ecef(direct(site, azimuth, s)) - antenna| = range: a chord is
  // shorter than its arc by s^3 / (24 R^2) and the antenna height adds h^2 / (2 s), both
  // small against s, so the fixed-point step s += range - chord(s) converges in a few steps.
  double s_m = std::sqrt(polar.range_m * polar.range_m - height_m * height_m);
  core::GeoPoint p = ground;
  for (int i = 0; i < 6; ++i) {
    p = geo::geodesicDirect(ground, azimuth_deg, s_m);
    const double chord_m = (geo::geodeticToEcef(p) - polar.sensor_ecef_m).norm();
    const double step_m = polar.range_m - chord_m;
    s_m = std::max(s_m + step_m, 0.0);
    if (std::abs(step_m) < 1.0) break;
  }
  return geo::geodesicDirect(ground, azimuth_deg, s_m);
}

RuleTable RuleTable::defaults() {
  // README.md, "Which rules answer which event": the rule names of fusion/cueing.
  RuleTable t;
  t.set("dark-go-fast-run", {"go_fast", "dark_target"});
  // Two vessels stopped together at sea, observed for hours (rendezvous) or minutes
  // (small-craft meeting): either rule's cue names the pair, where and when.
  t.set("rendezvous", {"rendezvous", "small_craft_meeting"});
  t.set("small-craft-meeting", {"small_craft_meeting", "rendezvous"});
  t.set("ais-switched-off", {"ais_gap"});
  t.set("spoofed-position", {"spoofing"});
  t.set("spoofed-mmsi", {"spoofing"});
  t.set("identity-change", {"spoofing"});
  t.set("semi-submersible-run", {"low_profile_vessel", "dark_target"});
  t.set("suspect-flight", {"suspect_aircraft"});
  t.set("transponder-off", {"suspect_aircraft"});
  t.set("loitering", {"loitering"});
  return t;
}

RuleTable RuleTable::parse(std::istream& in) {
  RuleTable t;
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    if (trim(line).empty()) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) fail("rules file", n, "expected 'kind: rule[, rule...]'");
    const std::string kind = trim(std::string_view(line).substr(0, colon));
    if (kind.empty()) fail("rules file", n, "empty event kind");
    if (t.rules_by_kind_.count(kind) != 0) fail("rules file", n, "kind '" + kind + "' given twice");
    std::vector<std::string> rules;
    std::string_view rest = std::string_view(line).substr(colon + 1);
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const std::string rule = trim(rest.substr(0, comma));
      if (!rule.empty()) rules.push_back(rule);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    if (rules.empty()) fail("rules file", n, "kind '" + kind + "' has no rule");
    t.set(kind, std::move(rules));
  }
  if (t.rules_by_kind_.empty()) throw std::runtime_error("rules file: no 'kind: rule' line");
  return t;
}

void RuleTable::set(const std::string& kind, std::vector<std::string> rules) {
  rules_by_kind_[kind] = std::move(rules);
}

bool RuleTable::fits(const std::string& kind, const std::string& rule) const {
  const auto it = rules_by_kind_.find(kind);
  return it != rules_by_kind_.end() &&
         std::find(it->second.begin(), it->second.end(), rule) != it->second.end();
}

std::set<std::string> RuleTable::scoredRules() const {
  std::set<std::string> out;
  for (const auto& [kind, rules] : rules_by_kind_) out.insert(rules.begin(), rules.end());
  return out;
}

// ---------------------------------------------------------------------------------------------

double MoeResult::recall() const {
  return planted == 0 ? 0.0 : static_cast<double>(matched) / static_cast<double>(planted);
}

double MoeResult::precision() const {
  return scored_alerts == 0 ? 0.0
                            : static_cast<double>(true_alerts) / static_cast<double>(scored_alerts);
}

std::optional<double> MoeResult::timeToCueQuantile(double q) const {
  if (time_to_cue_s.empty()) return std::nullopt;
  // Nearest rank: the smallest value with at least q of the sample at or below it.
  const double rank = std::ceil(q * static_cast<double>(time_to_cue_s.size()));
  const std::size_t i = rank < 1.0 ? 0 : static_cast<std::size_t>(rank) - 1;
  return time_to_cue_s[std::min(i, time_to_cue_s.size() - 1)];
}

double MoeResult::observableRecall() const {
  return observable == 0 ? 0.0
                         : static_cast<double>(observable_matched) / static_cast<double>(observable);
}

double MoeResult::custodyShare() const {
  std::size_t samples = 0;
  std::size_t held = 0;
  for (const auto& [id, c] : custody_by_platform) {
    samples += c.first;
    held += c.second;
  }
  return samples == 0 ? 0.0 : static_cast<double>(held) / static_cast<double>(samples);
}

// ---------------------------------------------------------------------------------------------

MoeScorer::MoeScorer(std::vector<PlantedEventRecord> events, MoeConfig config)
    : events_(std::move(events)), config_(std::move(config)) {
  if (!(config_.grace_s >= 0.0) || !(config_.association_gate_m > 0.0) ||
      !(config_.position_gate_m > 0.0) || !(config_.air_association_gate_m > 0.0) ||
      !(config_.lookback_s >= 0.0) ||
      !(config_.custody_max_age_s > 0.0)) {
    throw std::invalid_argument(
        "MoE config: grace_s and lookback_s must be >= 0, the gates and custody_max_age_s > 0");
  }
  if (config_.min_detections < 1) throw std::invalid_argument("MoE config: min_detections >= 1");
  for (const auto* margins : {&config_.observation_lead_s, &config_.observation_trail_s}) {
    for (const auto& [kind, s] : *margins) {
      if (!(s >= 0.0)) {
        throw std::invalid_argument("MoE config: observation lead/trail of '" + kind +
                                    "' must be >= 0");
      }
    }
  }
  for (const auto& e : events_) {
    for (const auto& id : e.platform_ids) {
      if (platform_index_.count(id) != 0) continue;
      platform_index_[id] = static_cast<std::uint32_t>(platforms_.size());
      platforms_.push_back(Platform{id, 0, {}, {}, {}, {}});
    }
  }
}

void MoeScorer::addTruth(const TruthSample& row) {
  if (prepared_) throw std::logic_error("MoeScorer: truth added after the first track row");
  const auto it = platform_index_.find(row.platform_id);
  if (it == platform_index_.end()) return;
  Platform& p = platforms_[it->second];
  if (row.mmsi != 0) p.mmsi = row.mmsi;
  p.truth.push_back({row.time, row.position});
}

void MoeScorer::prepare() {
  prepared_ = true;
  std::optional<core::Timestamp> first;
  std::optional<core::Timestamp> last;
  std::int64_t step = INT64_MAX;
  for (std::uint32_t i = 0; i < platforms_.size(); ++i) {
    Platform& p = platforms_[i];
    std::sort(p.truth.begin(), p.truth.end(),
              [](const TruthPoint& a, const TruthPoint& b) { return a.time < b.time; });
    for (std::size_t k = 1; k < p.truth.size(); ++k) {
      const std::int64_t d = (p.truth[k].time - p.truth[k - 1].time).ns;
      if (d > 0) step = std::min(step, d);
    }
    if (!p.truth.empty()) {
      if (!first || p.truth.front().time < *first) first = p.truth.front().time;
      if (!last || p.truth.back().time > *last) last = p.truth.back().time;
    }
    if (p.mmsi != 0) platforms_by_mmsi_[p.mmsi].push_back(i);
  }
  if (!first) return;  // no truth of any event platform: nothing can be associated
  if (step == INT64_MAX) step = 1'000'000'000;  // one sample per platform
  truth_step_ = core::Duration{step};
  truth_origin_ = *first;
  // Buckets of the truth step (at most a few million: a coarser bucket for very long runs).
  const std::int64_t span = (*last - *first).ns;
  const std::int64_t bucket = std::max(step, span / 4'000'000 + 1);
  truth_step_ = core::Duration{step};
  bucket_platforms_.assign(static_cast<std::size_t>(span / bucket) + 1, {});
  for (std::uint32_t i = 0; i < platforms_.size(); ++i) {
    for (const TruthPoint& tp : platforms_[i].truth) {
      auto& b = bucket_platforms_[static_cast<std::size_t>((tp.time - truth_origin_).ns / bucket)];
      if (b.empty() || b.back() != i) b.push_back(i);
    }
  }
  bucket_ns_ = bucket;
}

std::optional<core::GeoPoint> MoeScorer::positionAt(const Platform& p, core::Timestamp t) const {
  const auto next = std::upper_bound(
      p.truth.begin(), p.truth.end(), t,
      [](core::Timestamp v, const TruthPoint& tp) { return v < tp.time; });
  const std::int64_t step = truth_step_.ns;
  if (next != p.truth.begin() && next != p.truth.end()) {
    const TruthPoint& a = *(next - 1);
    const TruthPoint& b = *next;
    const std::int64_t gap = (b.time - a.time).ns;
    if (gap <= 2 * step) {
      // Linear between the two samples (a 60 s step moves a 45 kn go-fast 1.4 km).
      const double f = static_cast<double>((t - a.time).ns) / static_cast<double>(gap);
      double dlon = b.position.lon_deg - a.position.lon_deg;
      if (dlon > 180.0) dlon -= 360.0;
      if (dlon < -180.0) dlon += 360.0;
      core::GeoPoint out = a.position;
      out.lat_deg += f * (b.position.lat_deg - a.position.lat_deg);
      out.lon_deg += f * dlon;
      out.alt_m += f * (b.position.alt_m - a.position.alt_m);
      return out;
    }
  }
  // Outside the samples (or across a gap): the nearest sample within half a step.
  const TruthPoint* nearest = nullptr;
  std::int64_t best = INT64_MAX;
  for (auto it : {next, next == p.truth.begin() ? p.truth.end() : next - 1}) {
    if (it == p.truth.end()) continue;
    const std::int64_t d = std::abs((it->time - t).ns);
    if (d < best) {
      best = d;
      nearest = &*it;
    }
  }
  if (nearest != nullptr && best <= step / 2) return nearest->position;
  return std::nullopt;
}

void MoeScorer::associate(core::TrackId track, core::Timestamp t, std::uint32_t platform) {
  platforms_[platform].held.push_back(t);
  hits_by_track_[track].push_back({t, platform});
}

std::optional<std::uint32_t> MoeScorer::nearestPlatform(core::Timestamp t,
                                                       const core::GeoPoint& position,
                                                       std::optional<core::Domain> domain) {
  if (bucket_platforms_.empty()) return std::nullopt;
  const std::int64_t offset = (t - truth_origin_).ns;
  if (offset < -truth_step_.ns) return std::nullopt;
  const auto k = static_cast<std::int64_t>(offset < 0 ? -1 : offset / bucket_ns_);
  // Candidates: the platforms with samples in this bucket and the next (interpolation needs
  // both ends; the nearest-sample rule either).
  candidates_.clear();
  for (const std::int64_t b : {k, k + 1}) {
    if (b < 0 || b >= static_cast<std::int64_t>(bucket_platforms_.size())) continue;
    const auto& v = bucket_platforms_[static_cast<std::size_t>(b)];
    candidates_.insert(candidates_.end(), v.begin(), v.end());
  }
  std::sort(candidates_.begin(), candidates_.end());
  candidates_.erase(std::unique(candidates_.begin(), candidates_.end()), candidates_.end());

  std::optional<std::uint32_t> nearest;
  double best_m = std::max(config_.association_gate_m, config_.air_association_gate_m);
  for (const std::uint32_t i : candidates_) {
    const auto pos = positionAt(platforms_[i], t);
    if (!pos || latitudeGapM(*pos, position) > best_m) continue;
    const bool air = pos->alt_m > kAirborneAboveM;
    if (domain && air != (*domain == core::Domain::Air)) continue;
    const double gate = air ? config_.air_association_gate_m : config_.association_gate_m;
    const double d = distanceM(*pos, position);
    if (d <= gate && d <= best_m) {
      best_m = d;
      nearest = i;
    }
  }
  return nearest;
}

void MoeScorer::addTrack(const TrackSample& row) {
  if (!prepared_) prepare();
  ++track_rows_;
  tracks_seen_.insert(row.track_id);
  if (row.status == core::TrackStatus::Tentative || row.status == core::TrackStatus::Deleted) {
    return;
  }
  bool associated = false;
  const std::optional<std::uint32_t> nearest = nearestPlatform(row.time, row.position, std::nullopt);
  if (nearest) {
    associate(row.track_id, row.time, *nearest);
    associated = true;
  }
  // By identity: a track reporting a platform's own MMSI is that platform wherever it says
  // it is (a spoofed position is exactly a track away from its vessel).
  if (row.mmsi != 0) {
    if (const auto it = platforms_by_mmsi_.find(row.mmsi); it != platforms_by_mmsi_.end()) {
      for (const std::uint32_t i : it->second) {
        if (nearest && *nearest == i) continue;
        if (!positionAt(platforms_[i], row.time)) continue;  // not in the theatre then
        associate(row.track_id, row.time, i);
        associated = true;
      }
    }
  }
  if (associated) ++track_rows_associated_;
}

void MoeScorer::addDetection(const DetectionSample& d) {
  if (!prepared_) prepare();
  ++detection_rows_;
  std::uint32_t sensor = 0;
  if (const auto it = sensor_index_.find(d.sensor); it != sensor_index_.end()) {
    sensor = it->second;
  } else {
    sensor = static_cast<std::uint32_t>(sensor_names_.size());
    sensor_names_.emplace_back(d.sensor);
    sensor_interrogates_.push_back(d.interrogates_transponders);
    sensor_index_.emplace(std::string(d.sensor), sensor);
  }
  bool associated = false;
  const auto observe = [&](Platform& p) {
    p.detected.emplace_back(d.time, sensor);
    if (d.mmsi != 0) p.reported.push_back(d.time);
    associated = true;
  };
  const std::optional<std::uint32_t> nearest = nearestPlatform(d.time, d.position, d.domain);
  if (nearest) observe(platforms_[*nearest]);
  // A report carrying the platform's own MMSI observes it wherever it puts it (a spoofed
  // position is still the vessel speaking).
  if (d.mmsi != 0) {
    if (const auto it = platforms_by_mmsi_.find(d.mmsi); it != platforms_by_mmsi_.end()) {
      for (const std::uint32_t i : it->second) {
        if (nearest && *nearest == i) continue;
        if (!positionAt(platforms_[i], d.time)) continue;
        observe(platforms_[i]);
      }
    }
  }
  if (associated) ++detection_rows_associated_;
}

void MoeScorer::scoreDetections(MoeResult& r,
                                const std::vector<std::vector<std::uint32_t>>& event_platforms,
                                const std::vector<std::optional<core::Timestamp>>& revealed) const {
  r.detections_given = detection_rows_ > 0;
  r.detection_rows = detection_rows_;
  r.detection_rows_associated = detection_rows_associated_;
  if (!r.detections_given) return;
  const auto margin = [](const std::map<std::string, double>& m, const std::string& kind) {
    const auto it = m.find(kind);
    return core::Duration::fromSeconds(it == m.end() ? 0.0 : it->second);
  };
  for (std::size_t e = 0; e < events_.size(); ++e) {
    const PlantedEventRecord& ev = events_[e];
    EventOutcome& o = r.events[e];
    const core::Timestamp from = ev.start - margin(config_.observation_lead_s, ev.kind);
    const core::Timestamp to = std::max(ev.end, revealed[e].value_or(ev.end)) +
                               margin(config_.observation_trail_s, ev.kind);
    const bool secondary_only = config_.secondary_radar_kinds.count(ev.kind) != 0;
    for (const std::uint32_t p : event_platforms[e]) {
      const auto& det = platforms_[p].detected;
      for (auto it = std::lower_bound(det.begin(), det.end(), std::make_pair(from, 0u));
           it != det.end() && it->first <= to; ++it) {
        if (secondary_only && !sensor_interrogates_[it->second]) continue;
        ++o.detections;
        ++o.detections_by_sensor[sensor_names_[it->second]];
        if (!o.first_detected || it->first < *o.first_detected) o.first_detected = it->first;
        if (!o.last_detected || it->first > *o.last_detected) o.last_detected = it->first;
      }
    }
    // A silence shows only in what was heard: the vessel must have spoken before it (a radar
    // seeing a vessel that never transmitted shows no AIS gap).
    bool heard_before = true;
    if (config_.heard_before_kinds.count(ev.kind) != 0) {
      heard_before = false;
      for (const std::uint32_t p : event_platforms[e]) {
        const auto& rep = platforms_[p].reported;
        const auto it = std::lower_bound(rep.begin(), rep.end(), from);
        if (it != rep.end() && *it <= ev.start) heard_before = true;
      }
    }
    o.heard_before = heard_before;
    o.observable = o.detections >= config_.min_detections && heard_before;
    if (ev.near_miss || !o.observable) continue;
    KindScore& ks = r.by_kind[ev.kind];
    ++r.observable;
    ++ks.observable;
    if (o.alerted) {
      ++r.observable_matched;
      ++ks.observable_matched;
    }
  }
}

std::optional<core::Timestamp> MoeScorer::revealedAt(
    std::size_t e, const std::vector<std::vector<std::uint32_t>>& event_platforms) const {
  const PlantedEventRecord& ev = events_[e];
  if (config_.report_revealed_kinds.count(ev.kind) == 0) return std::nullopt;
  std::optional<core::Timestamp> first;
  for (const std::uint32_t p : event_platforms[e]) {
    const auto& rep = platforms_[p].reported;
    const auto it = std::lower_bound(rep.begin(), rep.end(), ev.end);
    if (it != rep.end() && (!first || *it < *first)) first = *it;
  }
  return first;
}

MoeResult MoeScorer::score(const std::vector<AlertRecord>& alerts) {
  if (!prepared_) prepare();
  for (auto& p : platforms_) {
    std::sort(p.held.begin(), p.held.end());
    std::sort(p.detected.begin(), p.detected.end());
    std::sort(p.reported.begin(), p.reported.end());
  }
  for (auto& [id, hits] : hits_by_track_) std::sort(hits.begin(), hits.end());

  const auto grace = core::Duration::fromSeconds(config_.grace_s);
  const auto lookback = core::Duration::fromSeconds(config_.lookback_s);
  const auto max_age = core::Duration::fromSeconds(config_.custody_max_age_s);
  const std::set<std::string> scored = config_.rules.scoredRules();

  // Platform indices of each event (platforms without truth are still indexed, never held).
  std::vector<std::vector<std::uint32_t>> event_platforms(events_.size());
  for (std::size_t e = 0; e < events_.size(); ++e) {
    for (const auto& id : events_[e].platform_ids) event_platforms[e].push_back(platform_index_.at(id));
  }

  // A track's hits count from the lookback before an event's start, or from the event's
  // observation lead when that is longer: the lead says how long before the event its
  // platform may have been last heard (an AIS gap of a vessel heard only by satellite, last
  // reported hours before it switched off), and an alert on the track it was held by then is
  // about that platform.
  const auto lookbackOf = [&](const PlantedEventRecord& ev) {
    const auto it = config_.observation_lead_s.find(ev.kind);
    return it == config_.observation_lead_s.end() || it->second <= config_.lookback_s
               ? lookback
               : core::Duration::fromSeconds(it->second);
  };
  const auto subjectMatches = [&](const AlertRecord& a, std::size_t e) {
    const PlantedEventRecord& ev = events_[e];
    std::vector<core::TrackId> tracks = a.related_tracks;
    if (a.track_id != 0) tracks.push_back(a.track_id);
    bool any_known = false;
    for (const core::TrackId x : tracks) {
      if (tracks_seen_.count(x) != 0) any_known = true;
      const auto it = hits_by_track_.find(x);
      if (it == hits_by_track_.end()) continue;
      const core::Timestamp from = ev.start - lookbackOf(ev);
      const core::Timestamp to = a.time + max_age;
      for (auto h = std::lower_bound(it->second.begin(), it->second.end(), Hit{from, 0});
           h != it->second.end() && h->time <= to; ++h) {
        const auto& ps = event_platforms[e];
        if (std::find(ps.begin(), ps.end(), h->platform) != ps.end()) return true;
      }
    }
    if (any_known) return false;
    // No track the tracks file knows: where the alert says it is, against the truth then.
    for (const std::uint32_t p : event_platforms[e]) {
      const auto pos = positionAt(platforms_[p], a.time);
      if (pos && distanceM(*pos, a.position) <= config_.position_gate_m) return true;
    }
    return false;
  };

  // Alerts count from an event's start to the grace after its end, or after the report that
  // revealed it (report-revealed kinds).
  std::vector<core::Timestamp> alert_until(events_.size());
  std::vector<std::optional<core::Timestamp>> revealed(events_.size());
  for (std::size_t e = 0; e < events_.size(); ++e) {
    revealed[e] = revealedAt(e, event_platforms);
    alert_until[e] = std::max(events_[e].end, revealed[e].value_or(events_[e].end)) + grace;
  }

  MoeResult r;
  r.events.resize(events_.size());
  struct AlertOutcome {
    std::string rule;
    bool planted = false;
    bool near_miss = false;
  };
  std::map<std::string, AlertOutcome> by_alert;
  for (const AlertRecord& a : alerts) {
    auto& outcome = by_alert[a.alert_id];
    outcome.rule = a.rule;
    if (scored.count(a.rule) == 0) continue;
    for (std::size_t e = 0; e < events_.size(); ++e) {
      const PlantedEventRecord& ev = events_[e];
      if (!config_.rules.fits(ev.kind, a.rule)) continue;
      if (a.time < ev.start || a.time > alert_until[e]) continue;
      if (!subjectMatches(a, e)) continue;
      (ev.near_miss ? outcome.near_miss : outcome.planted) = true;
      EventOutcome& o = r.events[e];
      if (!o.first_cue || a.time < *o.first_cue ||
          (a.time == *o.first_cue && a.alert_id < o.first_alert_id)) {
        o.first_cue = a.time;
        o.first_alert_id = a.alert_id;
      }
    }
  }
  for (const auto& [id, o] : by_alert) {
    if (scored.count(o.rule) == 0) {
      ++r.unscored_alerts[o.rule];
      continue;
    }
    RuleScore& rs = r.by_rule[o.rule];
    ++rs.alerts;
    ++r.scored_alerts;
    if (o.planted) {
      ++rs.true_alerts;
      ++r.true_alerts;
    } else if (o.near_miss) {
      ++rs.near_miss_false;
      ++r.near_miss_false_alerts;
    }
  }
  for (const std::string& rule : scored) r.by_rule[rule];  // every scored rule listed

  // Per event: outcome, first detection, custody.
  std::map<std::uint32_t, std::vector<std::pair<core::Timestamp, core::Timestamp>>> windows;
  const auto heldAt = [&](const Platform& p, core::Timestamp t) {
    const auto it = std::lower_bound(p.held.begin(), p.held.end(), t - max_age);
    return it != p.held.end() && *it <= t;
  };
  for (std::size_t e = 0; e < events_.size(); ++e) {
    const PlantedEventRecord& ev = events_[e];
    EventOutcome& o = r.events[e];
    o.event_id = ev.id;
    o.kind = ev.kind;
    o.near_miss = ev.near_miss;
    o.alerted = o.first_cue.has_value();
    KindScore& ks = r.by_kind[ev.kind];
    if (ev.near_miss) {
      ++r.near_misses;
      ++ks.near_misses;
      if (o.alerted) {
        ++r.near_misses_alerted;
        ++ks.near_misses_alerted;
      }
      continue;
    }
    ++r.planted;
    ++ks.planted;
    for (const std::uint32_t p : event_platforms[e]) {
      const Platform& pl = platforms_[p];
      windows[p].emplace_back(ev.start, ev.end);
      for (const TruthPoint& tp : pl.truth) {
        if (tp.time < ev.start || tp.time > ev.end) continue;
        ++o.custody_samples;
        if (heldAt(pl, tp.time)) ++o.custody_held;
      }
    }
    ks.custody_samples += o.custody_samples;
    ks.custody_held += o.custody_held;
    if (!o.alerted) continue;
    ++r.matched;
    ++ks.matched;
    std::optional<core::Timestamp> held_first;
    for (const std::uint32_t p : event_platforms[e]) {
      const auto& h = platforms_[p].held;
      if (!h.empty() && h.front() <= *o.first_cue && (!held_first || h.front() < *held_first)) {
        held_first = h.front();
      }
    }
    if (!held_first) {
      ++r.cued_without_detection;
      continue;
    }
    o.first_detection = std::max(ev.start, *held_first);
    // A report-revealed event is detectable from its revealing report (a cue before it, on
    // other evidence, counts from the plain detection).
    if (revealed[e] && *revealed[e] <= *o.first_cue) {
      o.first_detection = std::max(*o.first_detection, *revealed[e]);
    }
    r.time_to_cue_s.push_back((*o.first_cue - *o.first_detection).seconds());
  }
  std::sort(r.time_to_cue_s.begin(), r.time_to_cue_s.end());

  // Custody per suspect platform over the union of its planted events' windows.
  for (const auto& [p, w] : windows) {
    const Platform& pl = platforms_[p];
    auto& c = r.custody_by_platform[pl.id];
    for (const TruthPoint& tp : pl.truth) {
      const bool inside = std::any_of(w.begin(), w.end(), [&](const auto& iv) {
        return tp.time >= iv.first && tp.time <= iv.second;
      });
      if (!inside) continue;
      ++c.first;
      if (heldAt(pl, tp.time)) ++c.second;
    }
  }
  r.track_rows = track_rows_;
  r.track_rows_associated = track_rows_associated_;
  scoreDetections(r, event_platforms, revealed);
  return r;
}

}  // namespace picket::evaluation
