#include "cueing/ais_gap_rule.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
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
    case AisGapRule::Stage::Passes: return "missed_passes";
    case AisGapRule::Stage::Naive: return "naive_gap";
    case AisGapRule::Stage::Deliberate: return "likely_deliberate";
  }
  return "?";
}

std::string hoursText(core::Duration d) { return fixed(d.seconds() / 3600.0, 2); }

}  // namespace

// SatellitePassModel (declared in ais_satellite_passes.hpp; defined here so that the module's
// source list in fusion/CMakeLists.txt need not change).

core::GeoPoint sailFlat(const core::GeoPoint& from, const core::Vec2& velocity_en, double dt_s) {
  constexpr double kMPerDegLat = 110'574.0;
  constexpr double kMPerDegLonEquator = 111'320.0;
  core::GeoPoint p = from;
  p.lat_deg = std::clamp(from.lat_deg + velocity_en.y() * dt_s / kMPerDegLat, -89.9, 89.9);
  const double c = std::max(0.01, std::cos(from.lat_deg * geo::kDegToRad));
  p.lon_deg = from.lon_deg + velocity_en.x() * dt_s / (kMPerDegLonEquator * c);
  return p;
}

SatellitePassModel::SatellitePassModel(SatellitePassConfig config) : config_(config) {
  config_.cell_deg = std::max(config_.cell_deg, 0.01);
}

std::int64_t SatellitePassModel::cellOf(const core::GeoPoint& p) const {
  const auto i = static_cast<std::int64_t>(std::floor((p.lat_deg + 90.0) / config_.cell_deg));
  const auto j = static_cast<std::int64_t>(std::floor((p.lon_deg + 180.0) / config_.cell_deg));
  return i * kCellRow + j;
}

std::pair<int, int> SatellitePassModel::subcellOf(const core::GeoPoint& p) const {
  const double fi = (p.lat_deg + 90.0) / config_.cell_deg;
  const double fj = (p.lon_deg + 180.0) / config_.cell_deg;
  const auto sub = [](double f) {
    return std::clamp(static_cast<int>(std::floor((f - std::floor(f)) * kSubcells)), 0,
                      kSubcells - 1);
  };
  return {sub(fi), sub(fj)};
}

std::uint8_t SatellitePassModel::quadrants(const Pass& pass, int di, int dj, int row, int col) {
  // Bit masks: NE 1, NW 2, SE 4, SW 8. A neighbouring cell lies wholly to one side in each
  // direction it is offset in; the vessel's own cell is split at its subcell (included on
  // both sides).
  const auto east_of = static_cast<std::uint16_t>(0xFFFFu << col);
  const auto west_of = static_cast<std::uint16_t>(0xFFFFu >> (kSubcells - 1 - col));
  std::uint8_t found = 0;
  for (int r = 0; r < kSubcells && found != 0xF; ++r) {
    const std::uint16_t bits = pass.rows[static_cast<std::size_t>(r)];
    if (bits == 0) continue;
    const bool north = di > 0 || (di == 0 && r >= row);
    const bool south = di < 0 || (di == 0 && r <= row);
    const bool east = dj > 0 || (dj == 0 && (bits & east_of) != 0);
    const bool west = dj < 0 || (dj == 0 && (bits & west_of) != 0);
    if (north && east) found |= 1;
    if (north && west) found |= 2;
    if (south && east) found |= 4;
    if (south && west) found |= 8;
  }
  return found;
}

bool SatellitePassModel::surrounds(std::int64_t cell, const Pass& pass, int row, int col) const {
  std::uint8_t found = quadrants(pass, 0, 0, row, col);
  if (found == 0xF) return true;
  // The neighbouring cells' passes that overlap this one in time (one satellite pass over a
  // region opens a pass in each cell it hears): a vessel near its cell's edge is surrounded by
  // vessels across it.
  const std::int64_t i = cell / kCellRow;
  const std::int64_t j = cell % kCellRow;
  for (int di = -1; di <= 1 && found != 0xF; ++di) {
    for (int dj = -1; dj <= 1 && found != 0xF; ++dj) {
      if (di == 0 && dj == 0) continue;
      const auto it = cells_.find((i + di) * kCellRow + (j + dj));
      if (it == cells_.end()) continue;
      for (const Pass& other : it->second.passes) {
        if (other.last + config_.pass_gap < pass.first) continue;
        if (other.first > pass.last + config_.pass_gap) break;
        found = static_cast<std::uint8_t>(found | quadrants(other, di, dj, row, col));
      }
    }
  }
  return found == 0xF;
}

int SatellitePassModel::count(std::int64_t cell, core::Timestamp from, core::Timestamp to,
                              core::Timestamp now, core::Timestamp since,
                              const core::GeoPoint& origin, const core::Vec2& velocity_en) const {
  const auto it = cells_.find(cell);
  if (it == cells_.end()) return 0;
  int n = 0;
  for (const Pass& pass : it->second.passes) {
    if (pass.first <= from || pass.first > to) continue;
    if (now - pass.last < config_.settle) continue;
    if (config_.surround) {
      // Where the vessel was when the pass began (dead reckoning).
      const auto [row, col] =
          subcellOf(sailFlat(origin, velocity_en, std::max(0.0, (pass.first - since).seconds())));
      if (!surrounds(cell, pass, row, col)) continue;
    }
    ++n;
  }
  return n;
}

void SatellitePassModel::report(History& vessel, core::Timestamp fix, const core::GeoPoint& p) {
  const std::int64_t id = cellOf(p);
  Cell& cell = cells_[id];
  // The cell's passes: extend the one within pass_gap of the fix, or open one (fixes arrive
  // out of order: merge neighbours that the fix joins).
  auto& passes = cell.passes;
  auto it = std::lower_bound(passes.begin(), passes.end(), fix,
                             [](const Pass& a, core::Timestamp t) { return a.first < t; });
  bool joined = false;
  if (it != passes.begin()) {
    auto prev = std::prev(it);
    if (fix - prev->last < config_.pass_gap) {
      prev->last = std::max(prev->last, fix);
      it = prev;
      joined = true;
    }
  }
  if (!joined && it != passes.end() && it->first - fix < config_.pass_gap) {
    it->first = fix;
    joined = true;
  }
  if (!joined) {
    it = passes.insert(it, Pass{fix, fix, {}});
    ++version_;
  }
  const auto next = std::next(it);
  if (next != passes.end() && next->first - it->last < config_.pass_gap) {
    it->last = std::max(it->last, next->last);
    for (std::size_t r = 0; r < it->rows.size(); ++r) {
      it->rows[r] = static_cast<std::uint16_t>(it->rows[r] | next->rows[r]);
    }
    passes.erase(next);
  }
  {
    const auto [row, col] = subcellOf(p);
    auto& bits = it->rows[static_cast<std::size_t>(row)];
    bits = static_cast<std::uint16_t>(bits | (1u << col));
  }

  // The vessel's detection per pass: a new burst of its own after at most
  // learning_max_interval; the passes in between over its way (the cell's own pass, which
  // it was heard in, is the last one counted).
  if (vessel.any && fix > vessel.last_burst) {
    const core::Duration since = fix - vessel.last_burst;
    if (since >= config_.pass_gap && since <= config_.learning_max_interval) {
      const double dt = since.seconds();
      core::Vec2 v_en{(p.lon_deg - vessel.last_position.lon_deg) * 111'320.0 *
                          std::cos(p.lat_deg * geo::kDegToRad) / dt,
                      (p.lat_deg - vessel.last_position.lat_deg) * 110'574.0 / dt};
      // Passes that began between the two bursts (all settled by now: the later burst proves
      // time went on), the later burst's own pass excluded.
      const int missed = passesSince(vessel.last_burst, vessel.last_position, v_en,
                                     fix - config_.pass_gap, fix + config_.settle);
      const double m = std::max(0, missed);
      vessel.passes += m + 1.0;
      vessel.heard += 1.0;
      const auto g = static_cast<std::size_t>(std::clamp(vessel.group, 0, kGroups - 1));
      cell.passes_counted[g] += m + 1.0;
      cell.heard[g] += 1.0;
    }
  }
  if (!vessel.any || fix >= vessel.last_burst) {
    vessel.last_burst = fix;
    vessel.last_position = p;
    vessel.any = true;
  }
}

double SatellitePassModel::detection(const History& vessel, const core::GeoPoint& p) const {
  // The share of the vessel's group in the cell: the class A ships that dominate a cell are
  // heard on nearly every pass, a class B set far less.
  double prior = config_.prior_detection;
  const auto it = cells_.find(cellOf(p));
  const auto g = static_cast<std::size_t>(std::clamp(vessel.group, 0, kGroups - 1));
  if (it != cells_.end() && it->second.passes_counted[g] >= config_.cell_min_passes) {
    prior = it->second.heard[g] / it->second.passes_counted[g];
  }
  const double w = std::max(config_.prior_weight, 1e-6);
  return std::clamp((vessel.heard + w * prior) / (vessel.passes + w), 0.0, 0.999);
}

int SatellitePassModel::passesSince(core::Timestamp since, const core::GeoPoint& from,
                                    const core::Vec2& velocity_en, core::Timestamp until,
                                    core::Timestamp now) const {
  if (until <= since) return 0;
  // The pass the vessel was last heard in is not a miss.
  const core::Timestamp after = since + config_.pass_gap;
  if (until <= after) return 0;
  // Sample the dead reckoning every half pass_gap: each cell owns the passes that began while
  // the vessel was in it (a pass is counted in one cell only).
  const double step_s = std::max(60.0, 0.5 * config_.pass_gap.seconds());
  const double total_s = (until - since).seconds();
  int n = 0;
  std::int64_t cell = cellOf(from);
  core::Timestamp stretch_from = after;
  for (double t = step_s;; t += step_s) {
    const bool last = t >= total_s;
    const core::Timestamp at = last ? until : since + core::Duration::fromSeconds(t);
    const std::int64_t c = last ? cell : cellOf(sailFlat(from, velocity_en, t));
    if (c != cell || last) {
      if (at > stretch_from) {
        n += count(cell, stretch_from, at, now, since, from, velocity_en);
      }
      stretch_from = std::max(stretch_from, at);
      cell = c;
    }
    if (last) break;
  }
  return n;
}

void SatellitePassModel::prune(core::Timestamp now) {
  for (auto it = cells_.begin(); it != cells_.end();) {
    auto& passes = it->second.passes;
    passes.erase(std::remove_if(passes.begin(), passes.end(),
                                [&](const Pass& p) { return now - p.last > config_.keep; }),
                 passes.end());
    if (passes.empty() && it->second.passes_counted[0] == 0.0 &&
        it->second.passes_counted[1] == 0.0) {
      it = cells_.erase(it);
    } else {
      ++it;
    }
  }
}

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
                 config_.reception_learning_max_interval, config_.reception_min_samples),
      receiver_loss_(config_.fast_cue_band_m, static_cast<double>(config_.fast_cue_missed_reports)),
      passes_([this] {
        SatellitePassConfig c = config_.satellite_passes;
        c.keep = config_.forget_after;
        return c;
      }()) {
  report_history_ = static_cast<std::size_t>(
      std::max({config_.deliberate_min_reports, config_.fast_cue_min_observed_intervals + 1, 9}));
}

void AisGapRule::onStep(const RuleContext& context, FindingSink& sink) {
  if (!config_.enabled) return;
  if (!started_) started_ = context.now;
  for (const auto& d : context.step.deleted) dropped(d, context.tracker, sink);

  for (const TrackView& view : context.changed) {
    const core::Track& t = *view.track;
    if (t.identity.mmsi == 0 || !t.last_cooperative_update) continue;
    auto [it, inserted] = vessels_.try_emplace(t.identity.mmsi);
    Vessel& v = it->second;
    if (inserted) {
      v.mmsi = t.identity.mmsi;
      learnHarbour(view.position, context.now);
    }
    if (!t.identity.name.empty()) v.name = t.identity.name;
    if (t.identity.ship_type != 0) v.ship_type = t.identity.ship_type;
    if (inserted || *t.last_cooperative_update > v.last_heard) {
      heard(v, view, *t.last_cooperative_update, context, sink);
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

ReceiverLossModel::ReceiverLossModel(double band_m, double max_expected)
    : band_m_(std::max(1.0, band_m)), max_expected_(std::max(1.0, max_expected)) {}

std::size_t ReceiverLossModel::bandOf(double range_m) const {
  return static_cast<std::size_t>(std::clamp(std::floor(range_m / band_m_), 0.0, 1000.0));
}

void ReceiverLossModel::learn(std::size_t receiver, double range_m, core::Duration gap,
                              core::Duration interval) {
  if (interval.ns <= 0 || gap.ns <= 0) return;
  // Reports come on the interval's grid; a gap a little longer than one interval is one.
  const double expected =
      std::max(1.0, std::round(static_cast<double>(gap.ns) / static_cast<double>(interval.ns)));
  if (expected > max_expected_) return;
  if (bands_.size() <= receiver) bands_.resize(receiver + 1);
  auto& bands = bands_[receiver];
  const std::size_t b = bandOf(range_m);
  if (bands.size() <= b) bands.resize(b + 1);
  bands[b].expected += expected;
  bands[b].lost += expected - 1.0;
}

ReceiverLossModel::Band ReceiverLossModel::band(std::size_t receiver, double range_m) const {
  if (receiver >= bands_.size()) return {};
  const std::size_t b = bandOf(range_m);
  return b < bands_[receiver].size() ? bands_[receiver][b] : Band{};
}

const std::vector<int>& AisGapRule::receiverIndex(const RuleContext& context) {
  if (receiver_index_built_) return receiver_index_;
  const auto& sensors = context.tracker.sensors();
  const auto& circles = context.geography.ais_coverage;
  receiver_index_.assign(sensors.size(), -1);
  for (std::size_t i = 0; i < sensors.size(); ++i) {
    for (std::size_t c = 0; c < circles.size(); ++c) {
      if (circles[c].sensor_id == sensors[i].id) receiver_index_[i] = static_cast<int>(c);
    }
  }
  receiver_index_built_ = true;
  return receiver_index_;
}

void AisGapRule::learnReceivers(Vessel& v, const TrackView& view, const RuleContext& context) {
  const auto& index = receiverIndex(context);
  const auto& circles = context.geography.ais_coverage;
  const auto interval = observedInterval(v);
  for (const core::SensorContribution& c : view.track->sensors) {
    if (c.sensor >= index.size() || index[c.sensor] < 0) continue;
    const auto r = static_cast<std::uint32_t>(index[c.sensor]);
    auto it = std::find_if(v.receiver_reports.begin(), v.receiver_reports.end(),
                           [&](const auto& e) { return e.first == r; });
    if (it == v.receiver_reports.end()) {
      v.receiver_reports.emplace_back(r, c.last_update);
      continue;
    }
    if (c.last_update <= it->second) continue;
    // The gap since this receiver's previous report of the vessel, in the vessel's own
    // interval (known only once enough reports were seen).
    if (interval) {
      const double range_m = detail::distanceM(circles[r].site, view.position);
      receiver_loss_.learn(r, range_m, c.last_update - it->second, *interval);
    }
    it->second = c.last_update;
  }
}

bool AisGapRule::fastCueImprobable(const core::GeoPoint& p, double missed, const Geography& g,
                                   double& probability) const {
  probability = 1.0;
  bool reliable = false;
  const double margin = config_.coverage_margin_m;
  for (std::size_t r = 0; r < g.ais_coverage.size(); ++r) {
    const CoverageCircle& c = g.ais_coverage[r];
    const double range_m = detail::distanceM(c.site, p);
    if (range_m > c.range_m - margin) continue;
    const ReceiverLossModel::Band band = receiver_loss_.band(r, range_m);
    if (band.expected < config_.fast_cue_min_band_reports) continue;  // says nothing yet
    const double loss = band.loss();
    if (loss <= config_.fast_cue_max_band_loss) reliable = true;
    probability *= std::pow(loss, missed);
  }
  return reliable && probability <= config_.fast_cue_max_probability;
}

void AisGapRule::learnHarbour(const core::GeoPoint& p, core::Timestamp now) {
  if (config_.harbour_min_vessels <= 0 || !started_ || now - *started_ < config_.harbour_warmup) {
    return;
  }
  const double c = std::max(config_.harbour_cell_deg, 1e-4);
  const auto i = static_cast<std::int64_t>(std::floor((p.lat_deg + 90.0) / c));
  const auto j = static_cast<std::int64_t>(std::floor((p.lon_deg + 180.0) / c));
  const std::int64_t id = i * 100'000'000 + j;
  if (++first_heard_[id] != config_.harbour_min_vessels) return;
  ++harbours_version_;
  const core::GeoPoint centre{(static_cast<double>(i) + 0.5) * c - 90.0,
                              (static_cast<double>(j) + 0.5) * c - 180.0, 0.0};
  harbours_[harbourBucket(centre)].emplace_back(id, centre);
}

std::int64_t AisGapRule::harbourBucket(const core::GeoPoint& p) {
  const auto i = static_cast<std::int64_t>(std::floor((p.lat_deg + 90.0) / kHarbourBucketDeg));
  const auto j = static_cast<std::int64_t>(std::floor((p.lon_deg + 180.0) / kHarbourBucketDeg));
  return i * 100'000 + j;
}

std::optional<std::pair<std::int64_t, core::GeoPoint>> AisGapRule::nearestHarbour(
    const core::GeoPoint& p, double within_m) const {
  if (harbours_.empty() || within_m <= 0.0) return std::nullopt;
  const double m_per_lon = 111'320.0 * std::max(0.01, std::cos(p.lat_deg * geo::kDegToRad));
  const auto i0 = static_cast<std::int64_t>(std::floor((p.lat_deg + 90.0) / kHarbourBucketDeg));
  const auto j0 = static_cast<std::int64_t>(std::floor((p.lon_deg + 180.0) / kHarbourBucketDeg));
  const auto si = static_cast<std::int64_t>(std::ceil(within_m / (110'574.0 * kHarbourBucketDeg)));
  const auto sj = static_cast<std::int64_t>(std::ceil(within_m / (m_per_lon * kHarbourBucketDeg)));
  std::optional<std::pair<std::int64_t, core::GeoPoint>> best;
  double best_m = within_m;
  for (std::int64_t i = i0 - si; i <= i0 + si; ++i) {
    for (std::int64_t j = j0 - sj; j <= j0 + sj; ++j) {
      const auto it = harbours_.find(i * 100'000 + j);
      if (it == harbours_.end()) continue;
      for (const auto& [id, centre] : it->second) {
        const double d = std::hypot((centre.lat_deg - p.lat_deg) * 110'574.0,
                                    (centre.lon_deg - p.lon_deg) * m_per_lon);
        if (d <= best_m) {
          best_m = d;
          best = std::make_pair(id, centre);
        }
      }
    }
  }
  return best;
}

bool AisGapRule::inPort(Vessel& v, const Geography& g) const {
  if (config_.in_port_distance_m <= 0.0) return false;
  if (!g.ports && harbours_version_ == 0) return false;  // no port known yet
  if (!v.in_port || (!*v.in_port && v.in_port_harbours != harbours_version_)) {
    v.in_port_harbours = harbours_version_;
    v.in_port = (g.ports && g.ports->nearest(v.last_fix.lat_deg, v.last_fix.lon_deg,
                                             config_.in_port_distance_m)) ||
                nearestHarbour(v.last_fix, config_.in_port_distance_m).has_value();
    if (!*v.in_port && config_.arrival_distance_m > 0.0 && v.fix_velocity_en.norm() > 2.0 * kKn) {
      // Arriving: near a port (listed or learned) and sailing towards it.
      std::optional<core::GeoPoint> port;
      if (g.ports) {
        if (const auto hit = g.ports->nearest(v.last_fix.lat_deg, v.last_fix.lon_deg,
                                              config_.arrival_distance_m)) {
          port = g.ports->place(*hit).position;
        }
      }
      if (!port) {
        if (const auto h = nearestHarbour(v.last_fix, config_.arrival_distance_m)) {
          port = h->second;
        }
      }
      if (port) {
        const double dn = (port->lat_deg - v.last_fix.lat_deg) * 110'574.0;
        const double de = (port->lon_deg - v.last_fix.lon_deg) * 111'320.0 *
                          std::cos(v.last_fix.lat_deg * geo::kDegToRad);
        const double bearing = std::atan2(de, dn);
        const double course = std::atan2(v.fix_velocity_en.x(), v.fix_velocity_en.y());
        const double off = std::abs(std::remainder(bearing - course, 2.0 * std::numbers::pi));
        v.in_port = off <= config_.arrival_max_off_course_deg * geo::kDegToRad;
      }
    }
  }
  return *v.in_port;
}

void AisGapRule::judgeRadar(Vessel& v, const core::Track& live) {
  if (!live.last_noncooperative_update || *live.last_noncooperative_update <= v.last_heard ||
      *live.last_noncooperative_update <= v.radar_counted) {
    return;
  }
  v.radar_counted = *live.last_noncooperative_update;
  // Where the vessel would be had it held its course and speed since the last AIS report.
  const double dt = (live.time - v.fix_time).seconds();
  const core::GeoPoint expected =
      detail::deadReckon(v.last_fix, v.fix_velocity_en, std::max(0.0, dt));
  const double fix_speed = v.fix_velocity_en.norm();
  const double gate =
      config_.fast_cue_gate_m + config_.fast_cue_gate_drift_fraction * fix_speed * std::max(0.0, dt);
  const TrackFrame f = trackFrame(live);
  const double off_m = detail::distanceM(expected, f.position);
  const double dv = std::abs(f.velocityEnu(live).head<2>().norm() - fix_speed);
  if (off_m <= gate && dv <= config_.fast_cue_speed_tolerance_kn * kKn) {
    ++v.radar_run;
  } else {
    v.radar_run = 0;
    v.diverged = true;
  }
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

void AisGapRule::heard(Vessel& v, const TrackView& view, core::Timestamp t,
                       const RuleContext& context, FindingSink& sink) {
  const Geography& g = context.geography;
  if (config_.fast_cue && config_.fast_cue_receiver_model) learnReceivers(v, view, context);
  if (config_.reception_quality && !v.reports.empty()) {
    reception_.learn(v.reception, v.last_heard, v.last_fix, t, view.position);
  }
  if (config_.satellite_pass_model && g.satellite_ais) {
    // SOLAS ship types (passenger 60-69, cargo 70-79, tanker 80-89: class A) form one
    // reception group, everything else (fishing, small craft, unknown) the other.
    v.satellite.group = v.ship_type >= 60 && v.ship_type <= 89 ? 0 : 1;
    const auto& sensors = context.tracker.sensors();
    for (const core::SensorContribution& c : view.track->sensors) {
      if (c.sensor < sensors.size() && sensors[c.sensor].satellite_ais &&
          (!v.satellite.any || c.last_update > v.satellite.last_burst)) {
        passes_.report(v.satellite, c.last_update, view.position);
      }
    }
  }
  if (v.raised != Stage::None) {
    clearRaised(v, sink,
                "AIS heard again from MMSI " + std::to_string(v.mmsi) + " after " +
                    hoursText(t - v.last_heard) + " h (track " +
                    std::to_string(view.track->id) + ").");
  }
  std::optional<core::Timestamp> previous;
  const core::GeoPoint previous_fix = v.last_fix;
  const core::Vec2 previous_velocity = v.fix_velocity_en;
  if (v.reports.empty()) {
    v.first_heard = t;
    v.first_fix = view.position;
  } else {
    previous = v.last_heard;
  }
  v.handed_to = 0;
  v.last_heard = t;
  v.last_fix = view.position;
  v.carrier = view.track->id;
  v.last_known.reset();
  v.covered = core::Duration{};
  v.missed_slots = 0.0;
  v.accounted = t;
  v.landed = false;
  v.fix_x = view.track->x;
  v.fix_time = view.track->time;
  v.fix_velocity_en = view.velocity_en;
  v.radar_counted = t;
  v.radar_run = 0;
  v.diverged = false;
  v.log_silence_probability = 0.0;
  v.missed_passes = 0;
  v.passes_known = false;
  v.silence_end.reset();
  v.silence_end_known = false;
  v.in_port.reset();
  terrestrial(v.fix_coverage, g, v.last_fix);
  if (v.reports.empty() || t - v.reports.back() >= core::Duration::fromSeconds(1)) {
    v.reports.push_back(t);
    while (v.reports.size() > report_history_) v.reports.pop_front();
  }
  // A new identity, or one heard again after a silence (not the next report of a pass).
  if (config_.handover_window.ns > 0 &&
      (!previous || t - *previous >= passes_.config().pass_gap)) {
    handover(v, previous, previous_fix, previous_velocity, sink);
  }
}

void AisGapRule::handover(const Vessel& b, std::optional<core::Timestamp> previous,
                          const core::GeoPoint& previous_fix,
                          const core::Vec2& previous_velocity_en, FindingSink& sink) {
  const core::Timestamp t = b.last_heard;
  for (auto& [mmsi, a] : vessels_) {
    if (&a == &b || a.handed_to != 0 || a.reports.empty()) continue;
    if (a.last_heard >= t || t - a.last_heard > config_.handover_window) continue;
    // The two identities took turns: `b` silent since before `a` was first heard.
    if (previous && *previous > a.first_heard) continue;
    const double dt = (t - a.last_heard).seconds();
    const double sailed = a.fix_velocity_en.norm() * dt;
    const double gate = config_.handover_gate_m + config_.handover_gate_drift_fraction * sailed;
    // Equirectangular prefilter (the dead-reckoned point lies `sailed` from the fix); the
    // geodesic test below is the measurement.
    const double reach_m = 1.01 * (sailed + gate) + 1'000.0;
    const double dn_m = (b.last_fix.lat_deg - a.last_fix.lat_deg) * 110'574.0;
    if (std::abs(dn_m) > reach_m) continue;
    const double de_m = (b.last_fix.lon_deg - a.last_fix.lon_deg) * 111'320.0 *
                        std::cos(a.last_fix.lat_deg * geo::kDegToRad);
    if (std::hypot(dn_m, de_m) > reach_m) continue;
    const core::GeoPoint expected = detail::deadReckon(a.last_fix, a.fix_velocity_en, dt);
    // A vessel working at low speed (fishing, drifting) may be anywhere around its last fix:
    // the gate is also centred there.
    const bool working = a.fix_velocity_en.norm() <= config_.handover_working_speed_kn * kKn;
    if (detail::distanceM(expected, b.last_fix) > gate &&
        !(working && detail::distanceM(a.last_fix, b.last_fix) <= gate)) {
      continue;
    }
    if (previous) {
      // ...and `b` was last heard where `a` began.
      const double before = (a.first_heard - *previous).seconds();
      const core::GeoPoint b_then = detail::deadReckon(previous_fix, previous_velocity_en, before);
      if (detail::distanceM(b_then, a.first_fix) >
          config_.handover_gate_m +
              config_.handover_gate_drift_fraction * previous_velocity_en.norm() * before) {
        continue;
      }
    }
    a.handed_to = b.mmsi;
    clearRaised(a, sink,
                "MMSI " + std::to_string(b.mmsi) + " reports where MMSI " +
                    std::to_string(a.mmsi) + "'s vessel is: it transmits under another identity.");
  }
}

void AisGapRule::dropped(const tracking::DeletedTrack& d, const TrackPicture& tracker,
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
  if (v.diverged) {
    // The track went on with another object's plots after the vessel's last report: the
    // vessel is where its last fix says, not where the track ended.
    v.last_known->x = v.fix_x;
    v.last_known->time = v.fix_time;
  }
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
    return detail::deadReckon(*v.last_known, (context.now - v.last_known->time).seconds());
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
    const core::GeoPoint q = detail::deadReckon(*v.last_known, horizon_s);
    if (g.land->isLand(q.lat_deg, q.lon_deg)) v.landed = true;
  }
  if (!v.landed && config_.destination_horizon.ns > 0 && context.now - v.last_heard >= config_.satellite_revisit) {
    // Where the vessel was going (computed once the silence is longer than a revisit).
    const auto end = silenceEnd(v, g);
    if (end && context.now > *end) v.landed = true;
  }
  if (!v.landed && covered(v, g, p)) v.covered = v.covered + dt;
  if (!v.landed && config_.reception_quality) {
    // Inside a terrestrial receiver's circle the vessel is heard at least as well as where it
    // was last heard: a 1-degree cell's quality averages covered and uncovered water, and a
    // slow vessel's dead reckoning drifts across cell edges over hours (a fishing boat gone
    // dark 20 nm off Key West, ais-switched-off-8 on transit-zone-24h).
    double q = reception_.quality(v.reception, p);
    if (v.fix_coverage.inside && terrestrial(v.now_coverage, g, p)) {
      q = std::max(q, reception_.quality(v.reception, v.last_fix));
    }
    const double slots = dt.seconds() / reception_.slot().seconds();
    v.missed_slots += q * slots;
    // Slots treated as independent: P(none heard) = prod (1 - q); q capped so that one slot
    // of a perfect cell never makes a silence impossible by itself.
    v.log_silence_probability += std::log(1.0 - std::min(q, 0.999)) * slots;
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
  if (v.handed_to != 0) return stage;
  if (v.ship_type != 0 && std::find(config_.voluntary_ship_types.begin(),
                                    config_.voluntary_ship_types.end(),
                                    v.ship_type) != config_.voluntary_ship_types.end()) {
    return stage;
  }
  if (config_.fast_cue && live != nullptr && live->status == core::TrackStatus::Confirmed &&
      live->last_noncooperative_update && *live->last_noncooperative_update > v.last_heard &&
      context.now - *live->last_noncooperative_update <= config_.fast_cue_radar_recent) {
    // The slowest speed the track allows (two speed sigmas below its estimate): a vessel
    // slowing down to stop or anchor reports every 3 min (ITU-R M.1371-5 Table 1) while its
    // filtered speed still lags above 3 kn (transit-zone-24h: two fishing boats stopping on
    // the Gulf of Panama ground were "10 intervals" silent after 103 s).
    const core::Vec2 velocity = trackVelocityEn(*live);
    const double estimate = velocity.norm();
    double sigma = 0.0;
    if (estimate > 1e-6) {
      // Variance along the velocity (ENU covariance, east-north velocity block).
      const core::Vec2 u = velocity / estimate;
      const core::Mat6 p_enu = covarianceEnu(live->x, live->P);
      sigma = std::sqrt(std::max(0.0, u.dot(p_enu.block<2, 2>(3, 3) * u)));
    }
    const double speed = std::max(0.0, estimate - 2.0 * sigma);
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
    const double missed =
        static_cast<double>(silent.ns) / static_cast<double>(std::max<std::int64_t>(1, expected_interval.ns));
    if (missed >= config_.fast_cue_missed_reports && beyond_history &&
        v.radar_run >= config_.fast_cue_min_radar_updates && !inPort(v, g) &&
        terrestrial(v.fix_coverage, g, v.last_fix) && terrestrial(v.now_coverage, g, now_position)) {
      if (!config_.fast_cue_receiver_model ||
          fastCueImprobable(now_position, missed, g, v.fast_cue_probability)) {
        stage = Stage::Fast;
      }
    }
  }
  // With satellite coverage a silence shorter than a revisit plus the delivery latency is
  // what the passes produce, whatever the thresholds say.
  const bool beyond_passes =
      !g.satellite_ais || silent >= config_.satellite_revisit + config_.satellite_latency;
  if (!beyond_passes) return stage;
  if (inPort(v, g)) return stage;
  if (bySatellitePasses(v, g)) {
    if (v.landed) return stage;
    const int k = missedPasses(v, context.now, g);
    if (k < config_.satellite_min_missed_passes) return stage;
    const double p = passes_.detection(v.satellite, now_position);
    const double log_p = static_cast<double>(k) * std::log(1.0 - p);
    if (log_p <= std::log(config_.satellite_max_silence_probability)) stage = Stage::Passes;
    if (v.covered >= config_.naive_gap && log_p <= std::log(config_.naive_max_silence_probability)) {
      stage = Stage::Naive;
    }
    if (v.covered >= config_.deliberate_gap &&
        log_p <= std::log(config_.deliberate_max_silence_probability) && deliberateFilters(v, g)) {
      stage = Stage::Deliberate;
    }
    return stage;
  }
  const auto missed = [&](double min_slots, double max_probability) {
    return !config_.reception_quality ||
           (v.missed_slots >= min_slots && v.log_silence_probability <= std::log(max_probability));
  };
  if (v.covered >= config_.naive_gap && missed(config_.naive_min_missed_slots, config_.naive_max_silence_probability)) {
    stage = Stage::Naive;
  }
  if (v.covered >= config_.deliberate_gap && missed(config_.deliberate_min_missed_slots,
                                                      config_.deliberate_max_silence_probability)) {
    if (deliberateFilters(v, g)) stage = Stage::Deliberate;
  }
  return stage;
}

bool AisGapRule::deliberateFilters(const Vessel& v, const Geography& g) const {
  const bool regular =
      config_.deliberate_min_reports <= 0 || reportsBefore(v) >= config_.deliberate_min_reports;
  const bool offshore =
      !g.land || config_.deliberate_min_shore_distance_m <= 0.0 ||
      g.land->distanceToCoastM(v.last_fix.lat_deg, v.last_fix.lon_deg,
                               config_.deliberate_min_shore_distance_m + 1.0) >=
          config_.deliberate_min_shore_distance_m;
  return regular && offshore;
}

bool AisGapRule::bySatellitePasses(const Vessel& v, const Geography& g) const {
  return config_.satellite_pass_model && g.satellite_ais && v.satellite.any &&
         v.fix_coverage.known && !v.fix_coverage.inside;
}

std::optional<core::Timestamp> AisGapRule::silenceEnd(Vessel& v, const Geography& g) const {
  if (v.silence_end_known) return v.silence_end;
  v.silence_end_known = true;
  v.silence_end.reset();
  const double speed = v.fix_velocity_en.norm();
  const double horizon_s = config_.destination_horizon.seconds();
  if (horizon_s <= 0.0 || speed < 1.0 * kKn) return v.silence_end;
  // A port the vessel was already near at its last fix (leaving it, or judged by inPort).
  std::optional<std::size_t> start_port;
  const bool ports = g.ports && config_.arrival_distance_m > 0.0;
  if (ports) {
    if (const auto hit = g.ports->nearest(v.last_fix.lat_deg, v.last_fix.lon_deg,
                                          config_.arrival_distance_m)) {
      start_port = hit->index;
    }
  }
  // ...and a learned harbour.
  std::optional<std::int64_t> start_harbour;
  if (config_.arrival_distance_m > 0.0) {
    if (const auto h = nearestHarbour(v.last_fix, config_.arrival_distance_m)) {
      start_harbour = h->first;
    }
  }
  // The theatre less its exit margin (degrees, at the fix's latitude).
  geo::LatLonBox inner = config_.satellite_area;
  const bool exits = g.satellite_ais && config_.theatre_exit_margin_m > 0.0;
  if (exits) {
    const double dlat = config_.theatre_exit_margin_m / 110'574.0;
    const double dlon = config_.theatre_exit_margin_m /
                        (111'320.0 * std::max(0.1, std::cos(v.last_fix.lat_deg * geo::kDegToRad)));
    inner.min_lat_deg += dlat;
    inner.max_lat_deg -= dlat;
    inner.min_lon_deg += dlon;
    inner.max_lon_deg -= dlon;
  }
  // How far into the margin a point lies (degrees; 0 inside the inner box).
  const auto depth = [&](const core::GeoPoint& p) {
    return std::max({0.0, inner.min_lat_deg - p.lat_deg, p.lat_deg - inner.max_lat_deg,
                     inner.min_lon_deg - p.lon_deg, p.lon_deg - inner.max_lon_deg});
  };
  const double fix_depth = depth(v.last_fix);
  // ...and only a course that reaches the edge within the horizon leaves: a ship sailing along
  // the edge inside the margin goes deeper into it at every step without ever leaving the area
  // the passes cover (CAPE NAVIGATOR off Baja on a provisional transit-zone-24h recording,
  // 4 degrees off due south 0.25 degrees inside the western margin: its silence "ended" 10 min
  // after its last report). The dead reckoning is a straight line in latitude/longitude and
  // the area a box, so it is outside at the horizon if it ever leaves.
  const core::GeoPoint at_horizon = sailFlat(v.last_fix, v.fix_velocity_en, horizon_s);
  const bool leaves =
      exits && !config_.satellite_area.contains(at_horizon.lat_deg, at_horizon.lon_deg);
  // Steps of about 5 km (a port's arrival circle is 15 km across).
  const double step_s = std::clamp(5'000.0 / speed, 60.0, 1800.0);
  for (double t = step_s; t <= horizon_s; t += step_s) {
    const core::GeoPoint p = sailFlat(v.last_fix, v.fix_velocity_en, t);
    bool ends = leaves && !inner.contains(p.lat_deg, p.lon_deg) && depth(p) > fix_depth;
    if (!ends && ports) {
      const auto hit = g.ports->nearest(p.lat_deg, p.lon_deg, config_.arrival_distance_m);
      ends = hit && (!start_port || hit->index != *start_port);
    }
    if (!ends && config_.arrival_distance_m > 0.0) {
      const auto h = nearestHarbour(p, config_.arrival_distance_m);
      ends = h && (!start_harbour || h->first != *start_harbour);
    }
    if (!ends && g.land) ends = g.land->isLand(p.lat_deg, p.lon_deg);
    if (ends) {
      v.silence_end = v.last_heard + core::Duration::fromSeconds(t);
      break;
    }
  }
  return v.silence_end;
}

int AisGapRule::missedPasses(Vessel& v, core::Timestamp now, const Geography& g) const {
  // Passes settle as time goes on: recount when one opens, else every few minutes.
  constexpr auto kRecount = core::Duration::fromSeconds(300);
  if (!v.passes_known || v.passes_version != passes_.version() ||
      now - v.passes_checked >= kRecount) {
    const auto end = silenceEnd(v, g);
    const core::Timestamp until = end && *end < now ? *end : now;
    v.missed_passes = passes_.passesSince(v.last_heard, v.last_fix, v.fix_velocity_en, until, now);
    v.passes_version = passes_.version();
    v.passes_checked = now;
    v.passes_known = true;
  }
  return v.missed_passes;
}

void AisGapRule::evaluate(Vessel& v, const RuleContext& context, FindingSink& sink) {
  account(v, context);
  const core::Track* live = nullptr;
  const core::GeoPoint now_position = whereNow(v, context, &live);
  if (live != nullptr && config_.fast_cue) judgeRadar(v, *live);
  core::Duration expected{};
  const Stage stage = stageOf(v, context, live, now_position, expected);
  if (stage == Stage::None) return;
  if (live == nullptr && !v.last_known) return;  // nothing to cue from
  // A gap judged by satellite passes is about the vessel, not the held track: the tracker
  // drops a held track after its hold while the gap goes on, and the watch floor should see
  // one alert through it (cued from the track while it is held, then from its last state).
  const bool by_passes = stage != Stage::Fast && bySatellitePasses(v, context.geography);
  const core::TrackId subject = live != nullptr && !by_passes ? live->id : 0;
  if (v.raised != Stage::None && v.raised_track != subject) {
    clearRaised(v, sink, "AIS gap of MMSI " + std::to_string(v.mmsi) + " continues on " +
                             (subject != 0 ? "track " + std::to_string(subject)
                                           : std::string("the vessel's last known state")) +
                             ".");
  }

  const Geography& g = context.geography;
  const core::Duration silent = context.now - v.last_heard;
  Finding f;
  if (subject != 0) {
    f.tracks = {live->id};
  } else if (live != nullptr) {
    f.last_known = *live;
  } else {
    f.last_known = v.last_known;
  }
  f.tag = tagOf(v.mmsi);
  f.severity = stage == Stage::Fast     ? config_.fast_cue_severity
               : stage == Stage::Passes ? config_.satellite_severity
               : stage == Stage::Naive  ? config_.naive_severity
                                        : config_.deliberate_severity;
  const bool radar_holds = live != nullptr && live->last_noncooperative_update &&
                           *live->last_noncooperative_update > v.last_heard;
  const int before = reportsBefore(v);
  const bool regular = config_.deliberate_min_reports > 0 && before >= config_.deliberate_min_reports;
  // Heuristic documented in RULES-identity.md: the stage sets the base; a radar that still
  // holds the silent vessel and a history of regular reports (reception was good) add to it.
  double confidence = stage == Stage::Fast || stage == Stage::Passes ? 0.4
                      : stage == Stage::Naive                        ? 0.5
                                                                     : 0.7;
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
  } else if (by_passes) {
    f.reason = who + " silent for " + hoursText(silent) + " h: missed " +
               std::to_string(v.missed_passes) +
               " satellite AIS passes that heard other vessels around it" +
               (stage == Stage::Deliberate ? ": likely deliberate" : "") + "; last heard " +
               detail::utcText(v.last_heard) + " at " + detail::latLonText(v.last_fix) + ".";
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
    put(f.evidence, "silence_probability", detail::sci(std::exp(v.log_silence_probability)));
    put(f.evidence, "reception_quality_last_fix", fixed(reception_.quality(v.last_fix), 2));
    put(f.evidence, "vessel_reception_quality_last_fix",
        fixed(reception_.quality(v.reception, v.last_fix), 2));
    put(f.evidence, "vessel_slots_heard",
        fixed(v.reception.heard, 0) + "/" + fixed(v.reception.slots, 0));
  }
  if (by_passes) {
    const double p = passes_.detection(v.satellite, now_position);
    put(f.evidence, "missed_passes", std::to_string(v.missed_passes));
    put(f.evidence, "detection_per_pass", fixed(p, 2));
    put(f.evidence, "vessel_passes_heard",
        fixed(v.satellite.heard, 0) + "/" + fixed(v.satellite.passes, 0));
    put(f.evidence, "passes_silence_probability",
        detail::sci(std::pow(1.0 - p, static_cast<double>(v.missed_passes))));
    put(f.evidence, "param.satellite_min_missed_passes",
        std::to_string(config_.satellite_min_missed_passes));
    put(f.evidence, "param.satellite_max_silence_probability",
        detail::sci(config_.satellite_max_silence_probability));
    put(f.evidence, "param.satellite_cell_deg", fixed(config_.satellite_passes.cell_deg, 1));
  }
  put(f.evidence, "radar_holds", radar_holds ? "yes" : "no");
  if (radar_holds) {
    put(f.evidence, "last_radar_time", detail::utcText(*live->last_noncooperative_update));
    put(f.evidence, "position_now", detail::latLonText(now_position));
  }
  if (stage == Stage::Fast) {
    put(f.evidence, "expected_interval_s", fixed(expected.seconds(), 0));
    put(f.evidence, "radar_updates_consistent", std::to_string(v.radar_run));
    if (config_.fast_cue_receiver_model) {
      put(f.evidence, "missed_reports_probability", detail::sci(v.fast_cue_probability));
    }
  }
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
    put(f.evidence, "param.fast_cue_min_radar_updates",
        std::to_string(config_.fast_cue_min_radar_updates));
    put(f.evidence, "param.fast_cue_gate_m", fixed(config_.fast_cue_gate_m, 0));
    if (config_.fast_cue_receiver_model) {
      put(f.evidence, "param.fast_cue_max_probability", detail::sci(config_.fast_cue_max_probability));
      put(f.evidence, "param.fast_cue_max_band_loss", fixed(config_.fast_cue_max_band_loss, 2));
    }
  }
  put(f.evidence, "param.in_port_distance_km", fixed(config_.in_port_distance_m / 1000.0, 1));
  if (config_.reception_quality) {
    put(f.evidence, "param.naive_min_missed_slots", fixed(config_.naive_min_missed_slots, 1));
    put(f.evidence, "param.deliberate_min_missed_slots",
        fixed(config_.deliberate_min_missed_slots, 1));
    put(f.evidence, "param.naive_max_silence_probability",
        detail::sci(config_.naive_max_silence_probability));
    put(f.evidence, "param.deliberate_max_silence_probability",
        detail::sci(config_.deliberate_max_silence_probability));
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
  passes_.prune(context.now);
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
