#pragma once
// Drives one suspicion rule with hand-made tracks, for rules that need no tracker: the rule
// sees exactly the tracks, speeds and detection histories the test writes.

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "cueing/prediction.hpp"
#include "cueing/rule.hpp"
#include "cueing/rule_support.hpp"
#include "geo/wgs84.hpp"
#include "support/synthetic_sensors.hpp"

namespace picket::cueing::test {

using picket::test::at;

/// What a rule reported in one step.
class RecordingSink : public FindingSink {
 public:
  struct Cleared {
    std::vector<core::TrackId> tracks;
    std::string tag;
    std::string reason;
  };
  void raise(Finding finding) override { raised.push_back(std::move(finding)); }
  void clear(std::vector<core::TrackId> tracks, std::string tag, std::string reason) override {
    cleared.push_back({std::move(tracks), std::move(tag), std::move(reason)});
  }
  std::vector<Finding> raised;
  std::vector<Cleared> cleared;
};

class SuspectSet : public SuspectRegistry {
 public:
  using SuspectRegistry::isSuspect;
  [[nodiscard]] bool isSuspect(core::TrackId track,
                               std::span<const std::string_view> /*except_rules*/) const override {
    return ids.contains(track);
  }
  std::set<core::TrackId> ids;
};

/// A confirmed dark surface track at `p`, `speed_kn` on `course_deg`, valid at `t`, with
/// position and velocity 1-sigmas per horizontal axis, seen by the radar on every opportunity.
inline core::Track surfaceTrack(core::TrackId id, const core::GeoPoint& p, double speed_kn,
                                double course_deg, core::Timestamp t,
                                double velocity_sigma_mps = 0.3, double position_sigma_m = 30.0) {
  core::Track tr;
  tr.id = id;
  const core::Mat3 r = geo::enuToEcefRotation(p.lat_deg, p.lon_deg);
  const double v = speed_kn * geo::kKnotToMps;
  const double c = course_deg * geo::kDegToRad;
  tr.x.head<3>() = geo::geodeticToEcef({p.lat_deg, p.lon_deg, 0.0});
  tr.x.tail<3>() = r * core::Vec3(v * std::sin(c), v * std::cos(c), 0.0);
  core::Mat6 p_enu = core::Mat6::Zero();
  p_enu.diagonal() << position_sigma_m * position_sigma_m, position_sigma_m * position_sigma_m, 1.0,
      velocity_sigma_mps * velocity_sigma_mps, velocity_sigma_mps * velocity_sigma_mps, 0.01;
  core::Mat6 rot = core::Mat6::Zero();
  rot.topLeftCorner<3, 3>() = r;
  rot.bottomRightCorner<3, 3>() = r;
  tr.P = rot * p_enu * rot.transpose();
  tr.time = t;
  tr.status = core::TrackStatus::Confirmed;
  tr.domain = core::Domain::Surface;
  tr.created = t - core::Duration::fromSeconds(3600);
  tr.last_update = t;
  tr.last_noncooperative_update = t;
  tr.updates = 100;
  tr.noncooperative_updates = 100;
  tr.sensors = {{picket::test::kRadarIndex, t, 100}};
  tr.hit_history = ~0u;
  tr.opportunities = 32;
  return tr;
}

/// Gives a track an AIS identity last heard `ago_s` before its time.
inline void identify(core::Track& t, std::uint32_t mmsi, double ago_s,
                     std::uint32_t ship_type = 70) {
  t.identity.mmsi = mmsi;
  t.identity.ship_type = ship_type;
  t.cooperative_updates = 50;
  t.last_cooperative_update = t.time - core::Duration::fromSeconds(ago_s);
}

/// Runs a rule over hand-made tracks, one step at a time.
struct RuleDriver {
  TrackPicture tracker{{}, picket::test::sensorTable()};  ///< no live tracks
  Geography geography;
  SuspectSet suspects;
  RecordingSink sink;

  /// One step at `now` in which `changed` were updated; returns what the rule raised.
  std::vector<Finding> step(Rule& rule, core::Timestamp now, std::vector<core::Track> changed,
                            std::vector<tracking::DeletedTrack> deleted = {}) {
    std::sort(changed.begin(), changed.end(),
              [](const core::Track& a, const core::Track& b) { return a.id < b.id; });
    tracking::StepResult result;
    for (const auto& t : changed) result.updated.push_back(t.id);
    result.deleted = std::move(deleted);
    std::vector<TrackView> views;
    for (const auto& t : changed) views.push_back(viewOf(t));
    const RuleContext context{tracker, result, now, geography, views, suspects};
    sink.raised.clear();
    sink.cleared.clear();
    rule.onStep(context, sink);
    return sink.raised;
  }
};

/// The evidence of a finding as a lookup (keys are unique within a finding).
inline std::string evidence(const Finding& f, const std::string& key) {
  for (const auto& [k, v] : f.evidence) {
    if (k == key) return v;
  }
  return "<missing " + key + ">";
}

/// A lat/lon box as a polygon.
inline geo::GeoPolygon box(double lat0, double lon0, double lat1, double lon1) {
  return geo::GeoPolygon({{lat0, lon0, 0}, {lat0, lon1, 0}, {lat1, lon1, 0}, {lat1, lon0, 0}});
}

}  // namespace picket::cueing::test
