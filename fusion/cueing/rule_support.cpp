#include "cueing/rule_support.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "cueing/prediction.hpp"

namespace picket::cueing {

void SustainedRun::observe(core::Timestamp t, bool holds, double value, core::Duration max_gap) {
  expire(t, max_gap);
  if (!active_) {
    if (!holds) return;
    active_ = true;
    start_ = t;
    last_held_ = t;
    last_seen_ = t;
    first_value_ = value;
    last_value_ = value;
    weighted_sum_ = 0.0;
    weight_s_ = 0.0;
    observations_ = 1;
    return;
  }
  // Trapezoids between consecutive observations: irregular update times weigh as they should.
  const double dt_s = (t - last_seen_).seconds();
  if (dt_s > 0.0) {
    weighted_sum_ += 0.5 * (value + last_value_) * dt_s;
    weight_s_ += dt_s;
  }
  last_seen_ = std::max(last_seen_, t);
  last_value_ = value;
  ++observations_;
  if (holds) last_held_ = std::max(last_held_, t);
}

void SustainedRun::expire(core::Timestamp now, core::Duration max_gap) {
  if (active_ && now - last_held_ > max_gap) active_ = false;
}

double SustainedRun::mean() const {
  return weight_s_ > 0.0 ? weighted_sum_ / weight_s_ : first_value_;
}

bool isDark(const core::Track& track, core::Timestamp now, core::Duration max_ais_silence) {
  return !track.last_cooperative_update || now - *track.last_cooperative_update > max_ais_silence;
}

std::string aisEvidence(const core::Track& track, core::Timestamp now) {
  if (track.identity.mmsi == 0 && !track.last_cooperative_update) return "none";
  std::string s = "MMSI " + std::to_string(track.identity.mmsi);
  if (track.last_cooperative_update) {
    s += ", last heard " + secondsText(now - *track.last_cooperative_update) + " s ago";
  }
  return s;
}

TrackView viewOf(const core::Track& track) {
  const TrackFrame f = trackFrame(track);
  TrackView v;
  v.track = &track;
  v.position = f.position;
  v.velocity_en = f.velocityEnu(track).head<2>();
  v.speed_mps = v.velocity_en.norm();
  // The speed's sigma from the velocity block only, rotated to east/north at the track (this
  // runs on every changed track). Below ~0.1 m/s the direction is noise: the worst axis.
  const Eigen::Matrix<double, 2, 3> en = f.enu_to_ecef.transpose().topRows<2>();
  const core::Mat2 pv = en * track.P.block<3, 3>(3, 3) * en.transpose();
  if (v.speed_mps < 0.1) {
    v.speed_sigma_mps = std::sqrt(std::max(pv.diagonal().maxCoeff(), 0.0));
  } else {
    const core::Vec2 u = v.velocity_en / v.speed_mps;
    v.speed_sigma_mps = std::sqrt(std::max(u.dot(pv * u), 0.0));
  }
  return v;
}

std::size_t noncooperativeSensors(const core::Track& track, const TrackPicture& tracker) {
  std::size_t n = 0;
  for (const auto& c : track.sensors) {
    if (c.sensor < tracker.sensors().size() &&
        !core::isCooperative(tracker.sensors()[c.sensor].kind)) {
      ++n;
    }
  }
  return n;
}

std::string sensorList(const core::Track& track, const TrackPicture& tracker) {
  std::string s;
  for (const auto& c : track.sensors) {
    if (!s.empty()) s += ",";
    if (c.sensor < tracker.sensors().size()) {
      s += tracker.sensors()[c.sensor].id;
    } else {
      s += '#';
      s += std::to_string(c.sensor);
    }
  }
  return s;
}

double normalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

AreaFilter::AreaFilter(const Geography& geography, const std::string& area_id)
    : area_(area_id.empty() ? nullptr : geography.area(area_id)) {}

bool AreaFilter::contains(const core::GeoPoint& p) const {
  return area_ == nullptr || area_->polygon.contains(p.lat_deg, p.lon_deg);
}

std::string AreaFilter::describe() const { return area_ != nullptr ? area_->id : "anywhere"; }

std::vector<std::string> areaNotes(std::string_view rule, const Geography& geography,
                                   const std::string& area_id) {
  if (area_id.empty() || geography.area(area_id) != nullptr) return {};
  std::string note(rule);
  note += ": area '";
  note += area_id;
  note += "' is not in the geography; the rule applies everywhere";
  return {note};
}

std::optional<double> portWithin(const Geography& geography, const core::GeoPoint& p, double max_m,
                                 std::string* port_name) {
  if (!geography.ports || geography.ports->empty()) return std::nullopt;
  const auto hit = geography.ports->nearest(p.lat_deg, p.lon_deg, max_m);
  if (!hit) return std::nullopt;
  if (port_name != nullptr) *port_name = hit->place->name;
  return hit->distance_m;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string utcText(core::Timestamp t) {
  // Floor division: instants before 1970 still name the right second.
  std::int64_t s = t.ns / 1'000'000'000;
  if (t.ns < 0 && t.ns % 1'000'000'000 != 0) --s;
  const std::time_t tt = static_cast<std::time_t>(s);
  std::tm tm{};
  if (gmtime_r(&tt, &tm) == nullptr) return std::to_string(s) + " s";
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string secondsText(core::Duration d) { return fixed(d.seconds(), 0); }

}  // namespace picket::cueing
