#include "tracking/tracker.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "association/assignment.hpp"
#include "association/gating.hpp"
#include "geo/wgs84.hpp"
#include "models/motion_models.hpp"
#include "tracking/track_init.hpp"

namespace picket::tracking {

using core::Timestamp;
using core::Track;
using core::TrackId;
using core::Vec3;

const char* toString(DeletionReason r) {
  switch (r) {
    case DeletionReason::Stale: return "stale";
    case DeletionReason::Uncertain: return "uncertain";
    case DeletionReason::NotConfirmed: return "not_confirmed";
    case DeletionReason::Merged: return "merged";
  }
  return "?";
}

namespace {

// Pre-gate slack: how far (m) a target may have moved beyond its 3-sigma region between
// updates before the exact chi-square gate is even evaluated. Generous on purpose: it only
// saves work, the chi-square gate decides.
constexpr double kPreGateSlackM = 2'000.0;

double positionSigma3(const core::Mat6& p) { return 3.0 * std::sqrt(p.topLeftCorner<3, 3>().trace()); }

double measurementExtent3(const core::Measurement& m) {
  if (const auto* p = std::get_if<core::PolarMeasurement>(&m.data)) {
    return 3.0 * (p->range_sigma_m + p->range_m * p->bearing_sigma_rad +
                  std::sqrt(p->sensor_cov_ecef_m2.trace()));
  }
  const auto& pos = std::get<core::PositionMeasurement>(m.data);
  return 3.0 * std::sqrt(pos.cov_en_m2.trace());
}

int hitsInLast(const Track& t, int n) {
  const int bits = std::min<int>(n, t.opportunities);
  const std::uint32_t mask = bits >= 32 ? 0xffffffffu : ((1u << bits) - 1u);
  return std::popcount(t.hit_history & mask);
}

void addContribution(Track& t, core::SensorIndex sensor, Timestamp time, std::uint64_t n) {
  auto it = std::lower_bound(t.sensors.begin(), t.sensors.end(), sensor,
                             [](const core::SensorContribution& c, core::SensorIndex s) {
                               return c.sensor < s;
                             });
  if (it == t.sensors.end() || it->sensor != sensor) {
    it = t.sensors.insert(it, core::SensorContribution{sensor, time, 0});
  }
  it->last_update = std::max(it->last_update, time);
  it->updates += n;
}

std::optional<Timestamp> laterOf(std::optional<Timestamp> a, std::optional<Timestamp> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

}  // namespace

std::vector<const Track*> changedTracks(const Tracker& tracker, const StepResult& step) {
  std::vector<const Track*> out;
  for (const TrackId id : step.updated) {
    if (const Track* t = tracker.find(id)) out.push_back(t);
  }
  for (const TrackId id : step.status_changed) {
    if (std::binary_search(step.updated.begin(), step.updated.end(), id)) continue;
    if (const Track* t = tracker.find(id)) out.push_back(t);
  }
  for (const auto& d : step.deleted) out.push_back(&d.track);
  return out;
}

Tracker::Tracker(TrackerConfig config, std::vector<SensorInfo> sensors)
    : config_(std::move(config)), sensors_(std::move(sensors)) {
  if (!(config_.gate_probability > 0.0 && config_.gate_probability < 1.0)) {
    throw std::invalid_argument("gate_probability must be in (0, 1)");
  }
  for (int d = 1; d <= models::kMaxMeasurementDim; ++d) {
    gate_by_dim_[d] = association::chiSquareQuantile(d, config_.gate_probability);
  }
  merge_gate_ = association::chiSquareQuantile(6, config_.merge_gate_probability);
}

const Track* Tracker::find(TrackId id) const {
  const auto it = tracks_.find(id);
  return it == tracks_.end() ? nullptr : &it->second;
}

double Tracker::gateThreshold(long dim) const { return gate_by_dim_[dim]; }

double Tracker::predictedPositionSigma(const Track& track, Timestamp t) const {
  // sqrt(trace / 2) of the predicted position covariance, from traces alone (a trace is
  // invariant under the ENU rotation, so no geodetic conversion is needed):
  // tr(Pp + dt (Ppv + Pvp) + dt^2 Pv) + tr(Q_pos), tr(Q_pos) = (2 q_h + q_v) dt^3 / 3.
  const double dt = std::max(0.0, (t - track.time).seconds());
  const auto& n = config_.surface_noise;
  const double trace = track.P.topLeftCorner<3, 3>().trace() +
                       2.0 * dt * track.P.topRightCorner<3, 3>().trace() +
                       dt * dt * track.P.bottomRightCorner<3, 3>().trace() +
                       (2.0 * n.accel_psd_horizontal_m2ps3 + n.accel_psd_vertical_m2ps3) * dt *
                           dt * dt / 3.0;
  return std::sqrt(0.5 * trace);
}

filters::TrackState Tracker::predictTrack(const Track& track, Timestamp t) const {
  return predictTrack(track, t, config_.surface_noise);
}

filters::TrackState Tracker::predictTrack(const Track& track, Timestamp t,
                                          const models::CvNoise& noise) const {
  const filters::TrackState s{track.x, track.P, track.time};
  if (t == track.time) return s;
  // Backwards (a measurement slightly older than the track, e.g. a plot of a rotating radar
  // whose scan started earlier) uses F(-|dt|) with the forward process noise Q(|dt|): a
  // conservative approximate retrodiction. Exact out-of-sequence updates come with the
  // correlator issue.
  const double dt = (t - track.time).seconds();
  const core::GeoPoint g = geo::ecefToGeodetic(track.x.head<3>());
  const Vec3 up = geo::enuToEcefRotation(g.lat_deg, g.lon_deg).col(2);
  return filters::predict(s, models::cvTransition(dt),
                          models::cvProcessNoise(std::abs(dt), up, noise), t);
}

bool Tracker::linearize(const filters::TrackState& s, const core::Measurement& m,
                        models::Linearized& out) const {
  if (const auto* p = std::get_if<core::PolarMeasurement>(&m.data)) {
    return models::linearizePolar(s.x, *p, out);
  }
  models::linearizePosition(s.x, std::get<core::PositionMeasurement>(m.data), out);
  return true;
}

void Tracker::applySurfaceConstraint(filters::TrackState& s) {
  models::Linearized c;
  models::linearizeSurfaceConstraint(s.x, config_.surface_height_sigma_m,
                                     config_.surface_vertical_speed_sigma_mps, c);
  const auto r = filters::update(s, c);
  if (r.status == filters::UpdateStatus::Ok) {
    s = r.state;
  } else {
    ++counters_.numerical_failures;
  }
}

std::vector<Tracker::GatedPair> Tracker::gate(const core::Scan& scan,
                                              const std::vector<Vec3>& measured_ecef) {
  std::vector<GatedPair> pairs;
  const core::Domain domain = sensors_[scan.sensor].domain;
  std::vector<double> extent(scan.measurements.size());
  for (std::size_t j = 0; j < scan.measurements.size(); ++j) {
    extent[j] = measurementExtent3(scan.measurements[j]);
  }
  // MMSIs that a track already carries: a report with one of them may update only that track.
  std::vector<std::uint32_t> held;
  for (const auto& m : scan.measurements) {
    if (m.mmsi == 0) continue;
    const bool carried = std::any_of(tracks_.begin(), tracks_.end(), [&](const auto& kv) {
      return kv.second.identity.mmsi == m.mmsi;
    });
    if (carried) held.push_back(m.mmsi);
  }
  std::sort(held.begin(), held.end());
  for (const auto& [id, track] : tracks_) {
    if (track.domain != domain) continue;
    const double track_extent = positionSigma3(track.P) + kPreGateSlackM;
    for (std::size_t j = 0; j < scan.measurements.size(); ++j) {
      const core::Measurement& m = scan.measurements[j];
      // Identity is strong evidence but never blind: a report never joins a track of another
      // MMSI, and a report whose MMSI is already carried never gives it to a second track
      // (a cloned MMSI must not "identify" and so clear a dark target).
      if (m.mmsi != 0 && m.mmsi != track.identity.mmsi &&
          (track.identity.mmsi != 0 || std::binary_search(held.begin(), held.end(), m.mmsi))) {
        continue;
      }
      if (m.time < track.time && (track.time - m.time) > config_.max_measurement_lag) {
        ++counters_.lagged_pairs_skipped;
        continue;
      }
      const double dt = std::max(0.0, (m.time - track.time).seconds());
      const Vec3 moved = track.x.head<3>() + track.x.tail<3>() * dt;
      const double speed_extent = 3.0 * std::sqrt(track.P.bottomRightCorner<3, 3>().trace()) * dt;
      if ((moved - measured_ecef[j]).norm() > track_extent + extent[j] + speed_extent) continue;

      GatedPair pair;
      pair.track = id;
      pair.measurement = j;
      pair.predicted = predictTrack(track, m.time);
      if (!linearize(pair.predicted, m, pair.linearized)) continue;
      const auto stats = filters::innovationStats(pair.predicted, pair.linearized);
      if (!stats.ok) {
        ++counters_.numerical_failures;
        continue;
      }
      if (stats.nis > gateThreshold(pair.linearized.innovation.size())) continue;
      pair.log_det_s = stats.log_det_s;
      pair.cost = stats.nis + stats.log_det_s;
      if (m.mmsi != 0 && m.mmsi == track.identity.mmsi) pair.cost -= config_.identity_match_bonus;
      pairs.push_back(std::move(pair));
    }
  }
  return pairs;
}

std::vector<const Tracker::GatedPair*> Tracker::associate(const std::vector<GatedPair>& pairs) const {
  // Independent clusters (connected components of the gating graph), each solved optimally.
  // Nodes: tracks then measurements, in a union-find over pair endpoints.
  std::map<TrackId, std::size_t> track_node;
  std::map<std::size_t, std::size_t> meas_node;
  for (const auto& p : pairs) {
    track_node.emplace(p.track, 0);
    meas_node.emplace(p.measurement, 0);
  }
  std::size_t n = 0;
  for (auto& [id, node] : track_node) node = n++;
  for (auto& [j, node] : meas_node) node = n++;
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  auto find_root = [&](std::size_t a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  };
  for (const auto& p : pairs) {
    const std::size_t a = find_root(track_node[p.track]);
    const std::size_t b = find_root(meas_node[p.measurement]);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  std::map<std::size_t, std::vector<const GatedPair*>> clusters;
  for (const auto& p : pairs) clusters[find_root(track_node[p.track])].push_back(&p);

  std::vector<const GatedPair*> chosen;
  for (const auto& [root, members] : clusters) {
    std::vector<TrackId> rows;
    std::vector<std::size_t> cols;
    for (const auto* p : members) {
      rows.push_back(p->track);
      cols.push_back(p->measurement);
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    const auto nr = static_cast<Eigen::Index>(rows.size());
    const auto nc = static_cast<Eigen::Index>(cols.size());
    // Columns: the measurements, then one "not detected" column per track whose cost exceeds
    // that of every gated pair of the track, so any gated assignment is preferred to a miss
    // unless another track needs the measurement more.
    Eigen::MatrixXd cost = Eigen::MatrixXd::Constant(nr, nc + nr, association::kForbidden);
    std::vector<const GatedPair*> lookup(static_cast<std::size_t>(nr * nc), nullptr);
    std::vector<double> miss(rows.size(), -association::kForbidden);
    for (const auto* p : members) {
      const auto r = std::lower_bound(rows.begin(), rows.end(), p->track) - rows.begin();
      const auto c = std::lower_bound(cols.begin(), cols.end(), p->measurement) - cols.begin();
      cost(r, c) = p->cost;
      lookup[static_cast<std::size_t>(r * nc + c)] = p;
      // Every gated pair costs at most gate + ln|S| (NIS is below the gate, bonuses lower it).
      const double bound = gateThreshold(p->linearized.innovation.size()) + p->log_det_s;
      miss[static_cast<std::size_t>(r)] = std::max(miss[static_cast<std::size_t>(r)], bound);
    }
    for (Eigen::Index r = 0; r < nr; ++r) cost(r, nc + r) = miss[static_cast<std::size_t>(r)];
    const std::vector<int> assignment = association::solveAssignment(cost);
    for (Eigen::Index r = 0; r < nr; ++r) {
      const int c = assignment[static_cast<std::size_t>(r)];
      if (c >= 0 && c < nc) chosen.push_back(lookup[static_cast<std::size_t>(r * nc + c)]);
    }
  }
  std::sort(chosen.begin(), chosen.end(),
            [](const GatedPair* a, const GatedPair* b) { return a->track < b->track; });
  return chosen;
}

void Tracker::updateTrack(Track& track, const GatedPair& pair, const core::Measurement& m) {
  const auto r = filters::update(pair.predicted, pair.linearized);
  if (r.status != filters::UpdateStatus::Ok) {
    ++counters_.numerical_failures;
    return;
  }
  filters::TrackState s = r.state;
  if (track.domain == core::Domain::Surface) applySurfaceConstraint(s);
  // A measurement older than the track updated it at its own time; bring the state back to
  // the track's latest time so published track times never go backwards.
  if (s.time < track.time) {
    core::Track at_measurement = track;
    at_measurement.x = s.x;
    at_measurement.P = s.P;
    at_measurement.time = s.time;
    s = predictTrack(at_measurement, track.time);
  }
  track.x = s.x;
  track.P = s.P;
  track.time = s.time;
  track.last_update = std::max(track.last_update, m.time);
  ++track.updates;
  if (core::isCooperative(m.sensor_kind)) {
    ++track.cooperative_updates;
    track.last_cooperative_update = laterOf(track.last_cooperative_update, m.time);
    if (track.identity.mmsi == 0 && m.mmsi != 0) identify(track, m.mmsi);
  } else {
    ++track.noncooperative_updates;
    track.last_noncooperative_update = laterOf(track.last_noncooperative_update, m.time);
  }
  addContribution(track, m.sensor, m.time, 1);
  if (track.status == core::TrackStatus::Coasting) track.status = core::TrackStatus::Confirmed;
  ++counters_.associated;
}

TrackId Tracker::initiate(const core::Measurement& m) {
  const filters::TrackState s = initialSurfaceState(m, config_);
  Track t;
  t.id = next_id_++;
  t.x = s.x;
  t.P = s.P;
  t.time = s.time;
  t.domain = core::Domain::Surface;
  t.created = m.time;
  t.last_update = m.time;
  t.updates = 1;
  if (core::isCooperative(m.sensor_kind)) {
    t.cooperative_updates = 1;
    t.last_cooperative_update = m.time;
    identify(t, m.mmsi);
  } else {
    t.noncooperative_updates = 1;
    t.last_noncooperative_update = m.time;
    t.hit_history = 1;
    t.opportunities = 1;
  }
  addContribution(t, m.sensor, m.time, 1);
  ++counters_.initiated;
  tracks_.emplace(t.id, std::move(t));
  return next_id_ - 1;
}

StepResult Tracker::processScan(const core::Scan& scan) {
  StepResult result;
  if (scan.sensor >= sensors_.size()) throw std::out_of_range("processScan: unknown sensor index");
  if (scan.time < now_ && (now_ - scan.time) > config_.max_measurement_lag) {
    ++counters_.out_of_order_scans;
    return result;
  }
  ++counters_.scans;
  counters_.measurements += scan.measurements.size();
  now_ = std::max(now_, scan.time);

  std::vector<Vec3> measured(scan.measurements.size());
  for (std::size_t j = 0; j < scan.measurements.size(); ++j) {
    measured[j] = measuredPositionEcef(scan.measurements[j]);
  }

  // 1-2. Predict and gate.
  const std::vector<GatedPair> pairs = gate(scan, measured);
  // 3. Associate.
  const std::vector<const GatedPair*> chosen = associate(pairs);
  // 4. Update.
  std::vector<char> used(scan.measurements.size(), 0);
  std::vector<char> in_some_gate(scan.measurements.size(), 0);
  for (const auto& p : pairs) in_some_gate[p.measurement] = 1;
  for (const GatedPair* p : chosen) {
    const core::Measurement& m = scan.measurements[p->measurement];
    updateTrack(tracks_.at(p->track), *p, m);
    used[p->measurement] = 1;
    result.updated.push_back(p->track);
  }
  // Birth: measurements inside no gate start tentative tracks. A measurement that fell inside
  // some track's gate but lost the assignment does not, so that one target does not spawn
  // duplicates. A cooperative report whose MMSI belongs to a track it failed to gate with
  // starts a separate track and is counted: that is spoofing or a shared MMSI, never forced.
  for (std::size_t j = 0; j < scan.measurements.size(); ++j) {
    const core::Measurement& m = scan.measurements[j];
    if (used[j] || in_some_gate[j]) continue;
    if (m.mmsi != 0) {
      const bool known = std::any_of(tracks_.begin(), tracks_.end(), [&](const auto& kv) {
        return kv.second.identity.mmsi == m.mmsi;
      });
      if (known) ++counters_.identity_gate_failures;
    }
    const TrackId id = initiate(m);
    result.initiated.push_back(id);
    result.updated.push_back(id);
  }
  std::sort(result.updated.begin(), result.updated.end());
  // 5. Manage.
  manage(&scan, result.updated, result);
  return result;
}

void Tracker::identify(Track& track, std::uint32_t mmsi) const {
  const auto it = identities_.find(mmsi);
  if (it != identities_.end()) {
    track.identity = it->second;
  } else {
    track.identity = core::Identity{};
    track.identity.mmsi = mmsi;
  }
}

std::vector<TrackId> Tracker::applyIdentity(const core::IdentityReport& report) {
  core::Identity identity;
  identity.mmsi = report.mmsi;
  identity.imo = report.imo;
  identity.ship_type = report.ship_type;
  identity.name = report.name;
  identity.call_sign = report.call_sign;
  identities_[report.mmsi] = identity;
  std::vector<TrackId> changed;
  for (auto& [id, track] : tracks_) {
    if (track.identity.mmsi != report.mmsi || track.identity == identity) continue;
    track.identity = identity;
    changed.push_back(id);
  }
  return changed;
}

StepResult Tracker::advanceTo(Timestamp now) {
  StepResult result;
  now_ = std::max(now_, now);
  manage(nullptr, {}, result);
  return result;
}

void Tracker::manage(const core::Scan* scan, const std::vector<TrackId>& hit, StepResult& result) {
  const auto was_hit = [&](TrackId id) { return std::binary_search(hit.begin(), hit.end(), id); };
  const bool noncooperative_scan =
      scan != nullptr && !core::isCooperative(sensors_[scan->sensor].kind);
  const double range = scan != nullptr ? sensors_[scan->sensor].max_range_m : 0.0;
  const auto& cfg = config_;

  for (auto it = tracks_.begin(); it != tracks_.end();) {
    Track& t = it->second;
    const bool born_now = t.created == t.last_update && t.updates == 1 && was_hit(t.id);
    // A non-cooperative scan is a detection opportunity for the tracks inside the sensor's
    // coverage; when the scan does not say where the sensor was (e.g. geolocated plots), only
    // the tracks it detected are known to have been covered.
    const bool covered =
        noncooperative_scan && !born_now &&
        (scan->sensor_ecef_m ? (t.x.head<3>() - *scan->sensor_ecef_m).norm() <= range
                             : was_hit(t.id));
    if (covered) {
      t.hit_history = (t.hit_history << 1) | (was_hit(t.id) ? 1u : 0u);
      t.opportunities = static_cast<std::uint8_t>(std::min<int>(t.opportunities + 1, 32));
    }
    // Confirmation.
    if (t.status == core::TrackStatus::Tentative &&
        (hitsInLast(t, cfg.confirm_noncooperative.n) >= cfg.confirm_noncooperative.m ||
         static_cast<int>(t.cooperative_updates) >= cfg.confirm_cooperative_reports)) {
      t.status = core::TrackStatus::Confirmed;
      ++counters_.confirmed;
      result.status_changed.push_back(t.id);
    }
    // Deletion and coasting.
    std::optional<DeletionReason> reason;
    const core::Duration silent = now_ - t.last_update;
    if (t.status == core::TrackStatus::Tentative) {
      if (silent > cfg.delete_tentative_after) {
        reason = DeletionReason::Stale;
      } else if (t.cooperative_updates == 0 &&
                 t.opportunities >= cfg.confirm_noncooperative.n &&
                 hitsInLast(t, cfg.confirm_noncooperative.n) < cfg.confirm_noncooperative.m) {
        reason = DeletionReason::NotConfirmed;
      }
    } else if (silent > cfg.delete_after) {
      reason = DeletionReason::Stale;
    } else if (silent > cfg.coast_after && t.status == core::TrackStatus::Confirmed) {
      t.status = core::TrackStatus::Coasting;
      result.status_changed.push_back(t.id);
    }
    if (!reason && !was_hit(t.id) && now_ > t.time) {
      if (predictedPositionSigma(t, now_) > cfg.max_position_sigma_m) {
        reason = DeletionReason::Uncertain;
      }
    }
    if (reason) {
      t.status = core::TrackStatus::Deleted;
      result.deleted.push_back({t, *reason, 0});
      ++counters_.deleted;
      it = tracks_.erase(it);
    } else {
      ++it;
    }
  }
  std::sort(result.status_changed.begin(), result.status_changed.end());
  result.status_changed.erase(
      std::unique(result.status_changed.begin(), result.status_changed.end()),
      result.status_changed.end());
  if (!hit.empty()) mergeDuplicates(hit, result);
}

void Tracker::mergeDuplicates(const std::vector<TrackId>& candidates, StepResult& result) {
  // An MMSI carried by two tracks is contested (spoofing or a shared MMSI): neither track may
  // absorb an unidentified one, or the contested identity would clear a dark target.
  std::map<std::uint32_t, int> carriers;
  for (const auto& [id, t] : tracks_) {
    if (t.identity.mmsi != 0) ++carriers[t.identity.mmsi];
  }
  const auto contested = [&](std::uint32_t mmsi) {
    return mmsi != 0 && carriers[mmsi] > 1;
  };
  for (const TrackId cid : candidates) {
    auto cit = tracks_.find(cid);
    if (cit == tracks_.end()) continue;
    for (auto oit = tracks_.begin(); oit != tracks_.end(); ++oit) {
      if (oit->first == cid) continue;
      Track& a = cit->second;
      Track& b = oit->second;
      const auto key = std::minmax(a.id, b.id);
      // Two tracks fed by the same scan are two targets, and two MMSIs are two vessels.
      const bool distinct =
          a.domain != b.domain ||
          std::binary_search(candidates.begin(), candidates.end(), b.id) ||
          (a.identity.mmsi != 0 && b.identity.mmsi != 0 && a.identity.mmsi != b.identity.mmsi) ||
          contested(a.identity.mmsi) || contested(b.identity.mmsi);
      if (distinct) {
        merge_streaks_.erase(key);
        continue;
      }
      const Timestamp t = std::max(a.time, b.time);
      if ((a.x.head<3>() - b.x.head<3>()).norm() >
          positionSigma3(a.P) + positionSigma3(b.P) + kPreGateSlackM) {
        merge_streaks_.erase(key);
        continue;
      }
      const filters::TrackState sa = predictTrack(a, t);
      const filters::TrackState sb = predictTrack(b, t);
      const core::Vec6 d = sa.x - sb.x;
      const core::Mat6 s = sa.P + sb.P;
      Eigen::LLT<core::Mat6> llt(s);
      if (llt.info() != Eigen::Success || d.dot(llt.solve(d)) > merge_gate_) {
        merge_streaks_.erase(key);
        continue;
      }
      if (++merge_streaks_[key] < config_.merge_after_checks) continue;
      merge_streaks_.erase(key);
      // Survivor: the identified track, else the older (lower ID).
      const bool keep_a = (a.identity.mmsi != 0) != (b.identity.mmsi != 0)
                              ? a.identity.mmsi != 0
                              : a.id < b.id;
      Track& keep = keep_a ? a : b;
      Track& drop = keep_a ? b : a;
      for (const auto& c : drop.sensors) addContribution(keep, c.sensor, c.last_update, c.updates);
      keep.updates += drop.updates;
      keep.cooperative_updates += drop.cooperative_updates;
      keep.noncooperative_updates += drop.noncooperative_updates;
      keep.last_cooperative_update =
          laterOf(keep.last_cooperative_update, drop.last_cooperative_update);
      keep.last_noncooperative_update =
          laterOf(keep.last_noncooperative_update, drop.last_noncooperative_update);
      keep.created = std::min(keep.created, drop.created);
      keep.hit_history |= drop.hit_history;
      keep.opportunities = std::max(keep.opportunities, drop.opportunities);
      if (keep.identity.mmsi == 0) keep.identity = drop.identity;
      if (keep.status == core::TrackStatus::Tentative &&
          drop.status != core::TrackStatus::Tentative) {
        keep.status = core::TrackStatus::Confirmed;
      }
      const TrackId keep_id = keep.id;
      const TrackId drop_id = drop.id;
      drop.status = core::TrackStatus::Deleted;
      result.deleted.push_back({drop, DeletionReason::Merged, keep_id});
      result.updated.push_back(keep_id);
      ++counters_.merged;
      ++counters_.deleted;
      tracks_.erase(drop_id);
      break;  // iterators into tracks_ are stale; this candidate is done for this scan
    }
  }
  std::sort(result.updated.begin(), result.updated.end());
  result.updated.erase(std::unique(result.updated.begin(), result.updated.end()),
                       result.updated.end());
  // A track deleted by a merge is no longer "updated".
  for (const auto& d : result.deleted) {
    result.updated.erase(std::remove(result.updated.begin(), result.updated.end(), d.track.id),
                         result.updated.end());
  }
}

}  // namespace picket::tracking
