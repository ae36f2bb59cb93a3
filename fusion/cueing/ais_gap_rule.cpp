#include "cueing/ais_gap_rule.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "cueing/identity_rules_util.hpp"
#include "cueing/prediction.hpp"
#include "geo/wgs84.hpp"

namespace picket::cueing {

using detail::fixed;
using detail::put;

namespace {

constexpr double kKn = geo::kKnotToMps;
// Class B "CS" never reports faster than every 30 s (ITU-R M.1371-5 Annex 2 Table 2): a
// median interval well under that is a class A transponder.
constexpr core::Duration kClassAIntervalBelow = core::Duration::fromSeconds(25);

std::string tagOf(std::uint32_t mmsi) { return "mmsi:" + std::to_string(mmsi); }

const char* stageName(AisGapRule::Stage s) {
  switch (s) {
    case AisGapRule::Stage::None: return "none";
    case AisGapRule::Stage::Fast: return "fast_cue";
    case AisGapRule::Stage::Naive: return "naive_gap";
    case AisGapRule::Stage::Deliberate: return "likely_deliberate";
  }
  return "?";
}

std::string hoursText(core::Duration d) { return fixed(d.seconds() / 3600.0, 2); }

}  // namespace

core::Duration nominalReportInterval(bool class_a, double speed_mps) {
  const double kn = speed_mps / kKn;
  if (class_a) {
    if (kn <= 3.0) return core::Duration::fromSeconds(180);
    if (kn <= 14.0) return core::Duration::fromSeconds(10);
    if (kn <= 23.0) return core::Duration::fromSeconds(6);
    return core::Duration::fromSeconds(2);
  }
  return kn <= 2.0 ? core::Duration::fromSeconds(180) : core::Duration::fromSeconds(30);
}

AisGapRule::AisGapRule(AisGapConfig config)
    : config_(std::move(config)),
      reception_(config_.reception_cell_deg, config_.reception_slot,
                 config_.reception_learning_max_interval, config_.reception_min_samples) {
  report_history_ = static_cast<std::size_t>(
      std::max({config_.deliberate_min_reports, config_.fast_cue_min_observed_intervals + 1, 9}));
}

void AisGapRule::onStep(const RuleContext& context, FindingSink& sink) {
  if (!config_.enabled) return;
  for (const auto& d : context.step.deleted) dropped(d, context.tracker, sink);

  for (const TrackView& view : context.changed) {
    const core::Track& t = *view.track;
    if (t.identity.mmsi == 0 || !t.last_cooperative_update) continue;
    auto [it, inserted] = vessels_.try_emplace(t.identity.mmsi);
    Vessel& v = it->second;
    if (inserted) v.mmsi = t.identity.mmsi;
    if (!t.identity.name.empty()) v.name = t.identity.name;
    if (inserted || *t.last_cooperative_update > v.last_heard) {
      heard(v, view, *t.last_cooperative_update, context.geography, sink);
    }
  }
  // The fast cue must be fast: a vessel whose live track a radar just updated is evaluated now.
  for (const TrackView& view : context.changed) {
    const core::Track& t = *view.track;
    if (t.identity.mmsi == 0) continue;
    const auto it = vessels_.find(t.identity.mmsi);
    if (it != vessels_.end() && it->second.carrier == t.id) evaluate(it->second, context, sink);
  }
  if (context.now >= next_evaluation_) {
    for (auto& [mmsi, v] : vessels_) evaluate(v, context, sink);
    forgetAndCap(context, sink);
    next_evaluation_ = context.now + config_.evaluation_interval;
  }
}

AisReceptionMap::AisReceptionMap(double cell_deg, core::Duration slot,
                                 core::Duration max_interval, int min_samples)
    : cell_deg_(std::max(cell_deg, 1e-3)),
      slot_(core::Duration{std::max<std::int64_t>(slot.ns, 1)}),
      max_interval_(max_interval),
      min_samples_(min_samples) {}

std::int64_t AisReceptionMap::cellOf(const core::GeoPoint& p) const {
  const auto i = static_cast<std::int64_t>(std::floor((p.lat_deg + 90.0) / cell_deg_));
  const auto j = static_cast<std::int64_t>(std::floor((p.lon_deg + 180.0) / cell_deg_));
  return i * 1'000'000 + j;
}

double AisReceptionMap::quality(const core::GeoPoint& p) const {
  const auto it = cells_.find(cellOf(p));
  if (it == cells_.end() || it->second.slots < min_samples_) return 0.0;
  return it->second.heard / it->second.slots;
}

double AisReceptionMap::quality(const History& vessel, const core::GeoPoint& p) const {
  const double q = quality(p);
  if (q <= 0.0) return 0.0;
  const double factor = (vessel.heard + 1.0) / (vessel.predicted + 1.0);
  return std::clamp(factor * q, 0.0, 1.0);
}

void AisReceptionMap::learn(History& vessel, core::Timestamp t0, const core::GeoPoint& p0,
                            core::Timestamp t1, const core::GeoPoint& p1) {
  if (t1 <= t0 || t1 - t0 > max_interval_) return;
  const std::int64_t slot = slot_.ns;
  const std::int64_t k0 = t0.ns / slot;
  const std::int64_t k1 = t1.ns / slot;
  if (k1 == k0) return;  // the common case: heard again within the slot
  const auto count = [&](const core::GeoPoint& at, bool heard) {
    const double q = quality(at);
    Cell& c = cells_[cellOf(at)];
    c.slots += 1.0;
    vessel.slots += 1.0;
    vessel.predicted += q;
    if (heard) {
      c.heard += 1.0;
      vessel.heard += 1.0;
    }
  };
  // Lat/lon linear interpolation: cells are a degree wide, a vessel sails tens of km a slot.
  const double span_ns = static_cast<double>((t1 - t0).ns);
  for (std::int64_t k = k0 + 1; k < k1; ++k) {
    const double f = std::clamp((static_cast<double>(k * slot) + 0.5 * static_cast<double>(slot) -
                                 static_cast<double>(t0.ns)) /
                                    span_ns,
                                0.0, 1.0);
    core::GeoPoint at = p0;
    at.lat_deg += f * (p1.lat_deg - p0.lat_deg);
    at.lon_deg += f * (p1.lon_deg - p0.lon_deg);
    count(at, false);
  }
  count(p1, true);
}

bool AisGapRule::terrestrial(CoverageCache& cache, const Geography& g,
                             const core::GeoPoint& p) const {
  if (cache.known) {
    // Equirectangular distance: a cache test, not a measurement.
    const double dn = (p.lat_deg - cache.at.lat_deg) * 110'574.0;
    const double de = (p.lon_deg - cache.at.lon_deg) * 111'320.0 *
                      std::cos(p.lat_deg * geo::kDegToRad);
    if (std::hypot(dn, de) <= config_.coverage_recheck_m) return cache.inside;
  }
  cache.at = p;
  cache.known = true;
  cache.receiver.clear();
  cache.inside = detail::inTerrestrialCoverage(g, p, config_.coverage_margin_m, &cache.receiver);
  return cache.inside;
}

void AisGapRule::heard(Vessel& v, const TrackView& view, core::Timestamp t, const Geography& g,
                       FindingSink& sink) {
  if (config_.reception_quality && !v.reports.empty()) {
    reception_.learn(v.reception, v.last_heard, v.last_fix, t, view.position);
  }
  if (v.raised != Stage::None) {
    clearRaised(v, sink,
                "AIS heard again from MMSI " + std::to_string(v.mmsi) + " after " +
                    hoursText(t - v.last_heard) + " h (track " +
                    std::to_string(view.track->id) + ").");
  }
  v.last_heard = t;
  v.last_fix = view.position;
  v.carrier = view.track->id;
  v.last_known.reset();
  v.covered = core::Duration{};
  v.missed_slots = 0.0;
  v.accounted = t;
  v.landed = false;
  terrestrial(v.fix_coverage, g, v.last_fix);
  if (v.reports.empty() || t - v.reports.back() >= core::Duration::fromSeconds(1)) {
    v.reports.push_back(t);
    while (v.reports.size() > report_history_) v.reports.pop_front();
  }
}

void AisGapRule::dropped(const tracking::DeletedTrack& d, const tracking::Tracker& tracker,
                         FindingSink& sink) {
  const std::uint32_t mmsi = d.track.identity.mmsi;
  if (mmsi == 0) return;
  const auto it = vessels_.find(mmsi);
  if (it == vessels_.end() || it->second.carrier != d.track.id) return;
  Vessel& v = it->second;
  if (d.reason == tracking::DeletionReason::Merged) {
    const core::Track* survivor = tracker.find(d.merged_into);
    if (survivor != nullptr && survivor->identity.mmsi == mmsi) {
      v.carrier = survivor->id;
      return;
    }
  }
  v.carrier = 0;
  v.last_known = d.track;
  // The alert on the dropped track closes with it; a gap that goes on is raised again on the
  // vessel, without a track, once it qualifies as a gap without radar (the fast cue needs one).
  if (v.raised != Stage::None && v.raised_track == d.track.id) {
    clearRaised(v, sink,
                "Track " + std::to_string(d.track.id) + " of MMSI " + std::to_string(mmsi) +
                    " dropped (" + tracking::toString(d.reason) + ").");
  }
}

core::GeoPoint AisGapRule::whereNow(const Vessel& v, const RuleContext& context,
                                    const core::Track** live) const {
  *live = v.carrier != 0 ? context.tracker.find(v.carrier) : nullptr;
  if (*live != nullptr) return trackPosition(**live);
  if (v.last_known) {
    return detail::deadReckon(trackPosition(*v.last_known), trackVelocityEn(*v.last_known),
                              (context.now - v.last_known->time).seconds());
  }
  return v.last_fix;
}

bool AisGapRule::covered(Vessel& v, const Geography& g, const core::GeoPoint& p) const {
  if (g.satellite_ais && config_.satellite_area.contains(p.lat_deg, p.lon_deg)) return true;
  return terrestrial(v.now_coverage, g, p);
}

void AisGapRule::account(Vessel& v, const RuleContext& context) {
  if (context.now <= v.accounted) return;
  const core::Duration dt = context.now - v.accounted;
  const core::Track* live = nullptr;
  const core::GeoPoint p = whereNow(v, context, &live);
  const Geography& g = context.geography;
  if (live == nullptr && !v.landed && g.land && v.last_known) {
    // Dead reckoning into land within the horizon: the vessel was arriving (a harbour, an
    // anchorage behind a headland). Farther ahead dead reckoning says nothing about land.
    const double horizon_s =
        std::min((context.now - v.last_known->time).seconds(), config_.landfall_horizon.seconds());
    const core::GeoPoint q = detail::deadReckon(trackPosition(*v.last_known),
                                                trackVelocityEn(*v.last_known), horizon_s);
    if (g.land->isLand(q.lat_deg, q.lon_deg)) v.landed = true;
  }
  if (!v.landed && covered(v, g, p)) v.covered = v.covered + dt;
  if (!v.landed && config_.reception_quality) {
    v.missed_slots += reception_.quality(v.reception, p) * dt.seconds() /
                      reception_.slot().seconds();
  }
  v.accounted = context.now;
}

int AisGapRule::reportsBefore(const Vessel& v) const {
  int n = 0;
  for (const core::Timestamp t : v.reports) {
    if (v.last_heard - t <= config_.deliberate_report_window) ++n;
  }
  return n;
}

std::optional<core::Duration> AisGapRule::observedInterval(const Vessel& v) const {
  std::vector<std::int64_t> gaps;
  for (std::size_t i = 1; i < v.reports.size(); ++i) {
    gaps.push_back((v.reports[i] - v.reports[i - 1]).ns);
  }
  // The most recent intervals only: the vessel's current rate.
  const std::size_t keep = static_cast<std::size_t>(config_.fast_cue_min_observed_intervals) + 3;
  if (gaps.size() > keep) gaps.erase(gaps.begin(), gaps.end() - static_cast<std::ptrdiff_t>(keep));
  if (gaps.empty() || static_cast<int>(gaps.size()) < config_.fast_cue_min_observed_intervals) {
    return std::nullopt;
  }
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2),
                   gaps.end());
  return core::Duration{gaps[gaps.size() / 2]};
}

AisGapRule::Stage AisGapRule::stageOf(Vessel& v, const RuleContext& context,
                                      const core::Track* live, const core::GeoPoint& now_position,
                                      core::Duration& expected_interval) const {
  const Geography& g = context.geography;
  const core::Duration silent = context.now - v.last_heard;
  Stage stage = Stage::None;
  if (config_.fast_cue && live != nullptr && live->status == core::TrackStatus::Confirmed &&
      live->last_noncooperative_update && *live->last_noncooperative_update > v.last_heard &&
      context.now - *live->last_noncooperative_update <= config_.fast_cue_radar_recent) {
    const double speed = trackVelocityEn(*live).norm();
    const auto observed = observedInterval(v);
    if (observed) {
      const bool class_a = *observed < kClassAIntervalBelow;
      expected_interval = std::max(nominalReportInterval(class_a, speed), *observed);
    } else {
      expected_interval = speed > 2.0 * kKn ? config_.fast_cue_fallback_interval
                                            : config_.fast_cue_fallback_slow_interval;
    }
    // The coverage tests last (cached per vessel): most radar updates come well within the
    // missed intervals.
    std::int64_t longest_ns = 0;
    for (std::size_t i = 1; i < v.reports.size(); ++i) {
      longest_ns = std::max(longest_ns, (v.reports[i] - v.reports[i - 1]).ns);
    }
    const bool beyond_history =
        static_cast<double>(silent.ns) >=
        config_.fast_cue_history_factor * static_cast<double>(longest_ns);
    if (silent.ns >= expected_interval.ns * config_.fast_cue_missed_reports && beyond_history &&
        terrestrial(v.fix_coverage, g, v.last_fix) && terrestrial(v.now_coverage, g, now_position)) {
      stage = Stage::Fast;
    }
  }
  // With satellite coverage a silence shorter than a revisit plus the delivery latency is
  // what the passes produce, whatever the thresholds say.
  const bool beyond_passes =
      !g.satellite_ais || silent >= config_.satellite_revisit + config_.satellite_latency;
  if (!beyond_passes) return stage;
  const auto missed = [&](double min_slots) {
    return !config_.reception_quality || v.missed_slots >= min_slots;
  };
  if (v.covered >= config_.naive_gap && missed(config_.naive_min_missed_slots)) {
    stage = Stage::Naive;
  }
  if (v.covered >= config_.deliberate_gap && missed(config_.deliberate_min_missed_slots)) {
    const bool regular = config_.deliberate_min_reports <= 0 ||
                         reportsBefore(v) >= config_.deliberate_min_reports;
    const bool offshore =
        !g.land || config_.deliberate_min_shore_distance_m <= 0.0 ||
        g.land->distanceToCoastM(v.last_fix.lat_deg, v.last_fix.lon_deg,
                                 config_.deliberate_min_shore_distance_m + 1.0) >=
            config_.deliberate_min_shore_distance_m;
    if (regular && offshore) stage = Stage::Deliberate;
  }
  return stage;
}

void AisGapRule::evaluate(Vessel& v, const RuleContext& context, FindingSink& sink) {
  account(v, context);
  const core::Track* live = nullptr;
  const core::GeoPoint now_position = whereNow(v, context, &live);
  core::Duration expected{};
  const Stage stage = stageOf(v, context, live, now_position, expected);
  if (stage == Stage::None) return;
  if (live == nullptr && !v.last_known) return;  // nothing to cue from
  const core::TrackId subject = live != nullptr ? live->id : 0;
  if (v.raised != Stage::None && v.raised_track != subject) {
    clearRaised(v, sink, "AIS gap of MMSI " + std::to_string(v.mmsi) + " continues on " +
                             (subject != 0 ? "track " + std::to_string(subject)
                                           : std::string("the vessel's last known state")) +
                             ".");
  }

  const Geography& g = context.geography;
  const core::Duration silent = context.now - v.last_heard;
  Finding f;
  if (live != nullptr) {
    f.tracks = {live->id};
  } else {
    f.last_known = v.last_known;
  }
  f.tag = tagOf(v.mmsi);
  f.severity = stage == Stage::Fast    ? config_.fast_cue_severity
               : stage == Stage::Naive ? config_.naive_severity
                                       : config_.deliberate_severity;
  const bool radar_holds = live != nullptr && live->last_noncooperative_update &&
                           *live->last_noncooperative_update > v.last_heard;
  const int before = reportsBefore(v);
  const bool regular = config_.deliberate_min_reports > 0 && before >= config_.deliberate_min_reports;
  // Heuristic documented in RULES-identity.md: the stage sets the base; a radar that still
  // holds the silent vessel and a history of regular reports (reception was good) add to it.
  double confidence = stage == Stage::Fast ? 0.4 : stage == Stage::Naive ? 0.5 : 0.7;
  if (radar_holds) confidence += 0.15;
  if (regular) confidence += 0.1;
  f.confidence = std::min(0.95, confidence);

  std::string coverage;
  if (terrestrial(v.fix_coverage, g, v.last_fix)) {
    coverage = "terrestrial:" + v.fix_coverage.receiver;
  } else if (g.satellite_ais) {
    coverage = "satellite";
  } else {
    coverage = "terrestrial (along its way)";
  }
  const std::string who =
      "MMSI " + std::to_string(v.mmsi) + (v.name.empty() ? "" : " (" + v.name + ")");
  if (stage == Stage::Fast) {
    f.reason = who + " has sent no AIS for " + fixed(silent.seconds(), 0) + " s (" +
               std::to_string(static_cast<long long>(silent.ns / std::max<std::int64_t>(1, expected.ns))) +
               " report intervals) inside AIS coverage while radar still holds it as track " +
               std::to_string(live->id) + ".";
  } else {
    f.reason = who + " silent for " + hoursText(silent) + " h (" + hoursText(v.covered) +
               " h of it inside AIS coverage)" +
               (stage == Stage::Deliberate ? ": likely deliberate" : "") + "; last heard " +
               detail::utcText(v.last_heard) + " at " + detail::latLonText(v.last_fix) + ".";
  }
  put(f.evidence, "mmsi", std::to_string(v.mmsi));
  put(f.evidence, "stage", stageName(stage));
  if (live != nullptr) put(f.evidence, "track_id", std::to_string(live->id));
  if (v.last_known) put(f.evidence, "last_track_id", std::to_string(v.last_known->id));
  put(f.evidence, "last_ais_time", detail::utcText(v.last_heard));
  put(f.evidence, "last_ais_position", detail::latLonText(v.last_fix));
  put(f.evidence, "silent_h", hoursText(silent));
  put(f.evidence, "silent_in_coverage_h", hoursText(v.covered));
  put(f.evidence, "coverage", coverage);
  if (config_.reception_quality) {
    put(f.evidence, "missed_slots", fixed(v.missed_slots, 1));
    put(f.evidence, "reception_quality_last_fix", fixed(reception_.quality(v.last_fix), 2));
    put(f.evidence, "vessel_reception_quality_last_fix",
        fixed(reception_.quality(v.reception, v.last_fix), 2));
    put(f.evidence, "vessel_slots_heard",
        fixed(v.reception.heard, 0) + "/" + fixed(v.reception.slots, 0));
  }
  put(f.evidence, "radar_holds", radar_holds ? "yes" : "no");
  if (radar_holds) {
    put(f.evidence, "last_radar_time", detail::utcText(*live->last_noncooperative_update));
    put(f.evidence, "position_now", detail::latLonText(now_position));
  }
  if (stage == Stage::Fast) put(f.evidence, "expected_interval_s", fixed(expected.seconds(), 0));
  put(f.evidence, "reports_in_window_before", std::to_string(before));
  put(f.evidence, "param.naive_gap_h", hoursText(config_.naive_gap));
  put(f.evidence, "param.deliberate_gap_h", hoursText(config_.deliberate_gap));
  put(f.evidence, "param.deliberate_min_shore_distance_nm",
      fixed(config_.deliberate_min_shore_distance_m / geo::kNauticalMileM, 1));
  put(f.evidence, "param.deliberate_min_reports", std::to_string(config_.deliberate_min_reports));
  put(f.evidence, "param.coverage_margin_nm",
      fixed(config_.coverage_margin_m / geo::kNauticalMileM, 1));
  if (g.satellite_ais) {
    put(f.evidence, "param.satellite_revisit_min", fixed(config_.satellite_revisit.seconds() / 60.0, 0));
    put(f.evidence, "param.satellite_latency_min", fixed(config_.satellite_latency.seconds() / 60.0, 0));
  }
  if (stage == Stage::Fast) {
    put(f.evidence, "param.fast_cue_missed_reports", std::to_string(config_.fast_cue_missed_reports));
  }
  if (config_.reception_quality) {
    put(f.evidence, "param.naive_min_missed_slots", fixed(config_.naive_min_missed_slots, 1));
    put(f.evidence, "param.deliberate_min_missed_slots",
        fixed(config_.deliberate_min_missed_slots, 1));
    put(f.evidence, "param.reception_slot_min", fixed(config_.reception_slot.seconds() / 60.0, 0));
    put(f.evidence, "param.reception_cell_deg", fixed(config_.reception_cell_deg, 2));
  }
  sink.raise(std::move(f));
  v.raised = std::max(v.raised, stage);
  v.raised_track = subject;
}

void AisGapRule::clearRaised(Vessel& v, FindingSink& sink, const std::string& reason) {
  if (v.raised == Stage::None) return;
  std::vector<core::TrackId> tracks;
  if (v.raised_track != 0) tracks.push_back(v.raised_track);
  sink.clear(std::move(tracks), tagOf(v.mmsi), reason);
  v.raised = Stage::None;
  v.raised_track = 0;
}

void AisGapRule::forgetAndCap(const RuleContext& context, FindingSink& sink) {
  const auto untracked = [&](const Vessel& v) {
    return v.carrier == 0 || context.tracker.find(v.carrier) == nullptr;
  };
  for (auto it = vessels_.begin(); it != vessels_.end();) {
    Vessel& v = it->second;
    if (untracked(v) && context.now - v.last_heard >= config_.forget_after) {
      clearRaised(v, sink,
                  "MMSI " + std::to_string(v.mmsi) + " silent for " +
                      hoursText(context.now - v.last_heard) + " h: no longer followed.");
      it = vessels_.erase(it);
    } else {
      ++it;
    }
  }
  detail::capOldest(
      vessels_, config_.max_vessels, untracked, [](const Vessel& v) { return v.last_heard; },
      [&](Vessel& v) {
        clearRaised(v, sink,
                    "MMSI " + std::to_string(v.mmsi) + " no longer followed (vessel table full).");
      });
}

}  // namespace picket::cueing
