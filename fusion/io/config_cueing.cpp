#include "io/config_cueing.hpp"

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "io/config_identity_rules.hpp"

namespace picket::io {

namespace {

constexpr double kDay = 86400.0;

void readLookAhead(MapReader& q, cueing::CueingConfig& cc) {
  const YAML::Node la = q.child("look_ahead_min");
  if (!la) return;
  auto& errors = q.errors();
  cc.look_ahead.clear();
  if (!la.IsSequence()) {
    errors.push_back(q.at("look_ahead_min") + ": expected a list of minutes");
    return;
  }
  for (std::size_t i = 0; i < la.size(); ++i) {
    try {
      const double m = la[i].as<double>();
      if (!(m > 0 && m <= 24 * 60)) throw YAML::Exception(YAML::Mark(), "range");
      cc.look_ahead.push_back(core::Duration::fromSeconds(m * 60));
    } catch (const YAML::Exception&) {
      errors.push_back(q.at("look_ahead_min") + "[" + std::to_string(i) +
                       "]: expected minutes in (0, 1440]");
    }
  }
  if (la.size() == 0) {
    errors.push_back(q.at("look_ahead_min") + ": at least one look-ahead time is needed");
  }
}

/// A duration in (0, hi] seconds.
void readPositiveSeconds(MapReader& r, const std::string& key, core::Duration& out, double hi) {
  double s = out.seconds();
  readPositiveNumber(r, key, s, hi);
  out = core::Duration::fromSeconds(s);
}

void requireOrdered(MapReader& r, const std::string& lo_key, double lo, const std::string& hi_key,
                    double hi) {
  if (lo > hi) r.errors().push_back(r.at(lo_key) + ": must not exceed " + hi_key);
}

void readSeverity(MapReader& r, const std::string& key, cueing::Severity& out) {
  r.choice<cueing::Severity>(key, out, severityNames());
}

/// The keys every sustained-condition rule has: the gap a run survives, the speed sigma beyond
/// which an update is not used, and the AIS silence that makes a track dark.
void readRunKeys(MapReader& r, core::Duration& max_gap, double& max_speed_sigma_kn,
                 core::Duration& max_ais_silence) {
  r.seconds("max_gap_s", max_gap, 0, kDay);
  readPositiveNumber(r, "max_speed_sigma_kn", max_speed_sigma_kn, 100);
  r.seconds("max_ais_silence_s", max_ais_silence, 0, 30 * kDay);
}

void readDarkTarget(MapReader& d, cueing::DarkTargetConfig& c) {
  d.boolean("enabled", c.enabled);
  d.integer("min_noncooperative_updates", c.min_noncooperative_updates, 1, 10000);
  d.seconds("min_track_age_s", c.min_track_age, 0, kDay);
  readPositiveNumber(d, "fast_speed_kn", c.fast_speed_kn, 200);
  readPositiveNumber(d, "max_speed_sigma_kn", c.max_speed_sigma_kn, 100);
  d.seconds("fast_min_duration_s", c.fast_min_duration, 0, kDay);
  readPositiveSeconds(d, "fast_max_gap_s", c.fast_max_gap, kDay);
  d.number("offshore_min_shore_distance_nm", c.offshore_min_shore_distance_nm, 0, 1000);
  d.number("offshore_min_speed_kn", c.offshore_min_speed_kn, 0, 200);
  auto& a = c.ais_correlation;
  d.boolean("ais_correlation", a.enabled);
  d.seconds("ais_correlation_horizon_s", a.horizon, 0, kDay);
  d.number("ais_correlation_gate_m", a.gate_m, 0, 100'000);
  d.number("ais_correlation_drift_fraction", a.drift_fraction, 0, 1);
  d.number("ais_correlation_speed_tolerance_kn", a.speed_tolerance_kn, 0, 100);
  d.boolean("ais_correlation_reach", a.reach);
  d.number("min_reception_quality", c.min_reception_quality, 0, 1);
  d.number("reception_cell_deg", c.reception_cell_deg, 0.01, 10);
  d.seconds("reception_slot_s", c.reception_slot, 60, kDay);
  d.integer("reception_min_samples", c.reception_min_samples, 1, 1'000'000);
  readSeverity(d, "severity", c.severity);
}

void readGoFast(MapReader& g, cueing::GoFastConfig& c) {
  g.boolean("enabled", c.enabled);
  readPositiveNumber(g, "min_speed_kn", c.min_speed_kn, 200);
  readPositiveSeconds(g, "min_duration_s", c.min_duration, kDay);
  readRunKeys(g, c.max_gap, c.max_speed_sigma_kn, c.max_ais_silence);
  g.text("area", c.area);
  readSeverity(g, "severity", c.severity);
}

void readLowProfileVessel(MapReader& l, cueing::LowProfileVesselConfig& c) {
  l.boolean("enabled", c.enabled);
  l.number("min_speed_kn", c.min_speed_kn, 0, 100);
  readPositiveNumber(l, "max_speed_kn", c.max_speed_kn, 100);
  requireOrdered(l, "min_speed_kn", c.min_speed_kn, "max_speed_kn", c.max_speed_kn);
  l.number("min_detection_fraction", c.min_detection_fraction, 0, 1);
  l.number("max_detection_fraction", c.max_detection_fraction, 0, 1);
  requireOrdered(l, "min_detection_fraction", c.min_detection_fraction, "max_detection_fraction",
                 c.max_detection_fraction);
  // The tracker keeps the last 32 opportunities (core::Track::hit_history).
  l.integer("min_opportunities", c.min_opportunities, 1, 32);
  readPositiveSeconds(l, "min_duration_s", c.min_duration, 30 * kDay);
  readRunKeys(l, c.max_gap, c.max_speed_sigma_kn, c.max_ais_silence);
  l.text("area", c.area);
  l.number("min_shore_distance_nm", c.min_shore_distance_nm, 0, 1000);
  l.seconds("link_max_gap_s", c.link_max_gap, 0, 86'400);
  l.number("link_gate_m", c.link_gate_m, 0, 100'000);
  l.number("link_drift_fraction", c.link_drift_fraction, 0, 2);
  readSeverity(l, "severity", c.severity);
}

void readLoitering(MapReader& l, cueing::LoiteringConfig& c) {
  l.boolean("enabled", c.enabled);
  readPositiveNumber(l, "max_speed_kn", c.max_speed_kn, 100);
  readPositiveSeconds(l, "min_duration_s", c.min_duration, 30 * kDay);
  l.number("min_shore_distance_nm", c.min_shore_distance_nm, 0, 1000);
  l.number("min_port_distance_nm", c.min_port_distance_nm, 0, 1000);
  readRunKeys(l, c.max_gap, c.max_speed_sigma_kn, c.max_ais_silence);
  l.seconds("max_sighting_gap_s", c.max_sighting_gap, 0, kDay);
  l.number("sighting_gate_m", c.sighting_gate_m, 0, 100'000);
  l.seconds("min_sighting_s", c.min_sighting, 0, kDay);
  readSeverity(l, "severity", c.severity);
  readSeverity(l, "severity_dark", c.severity_dark);
}

void readPairThresholds(MapReader& p, cueing::PairThresholds& t) {
  readPositiveNumber(p, "max_distance_m", t.max_distance_m, 100'000);
  readPositiveSeconds(p, "min_duration_s", t.min_duration, 30 * kDay);
  readPositiveNumber(p, "max_speed_kn", t.max_speed_kn, 100);
  p.number("min_port_distance_m", t.min_port_distance_m, 0, 1e6);
  p.number("min_shore_distance_m", t.min_shore_distance_m, 0, 1e6);
  readRunKeys(p, t.max_gap, t.max_speed_sigma_kn, t.max_ais_silence);
  p.integer("min_two_vessel_observations", t.min_two_vessel_observations, 0, 1'000'000);
  p.seconds("co_detection_window_s", t.co_detection_window, 0, 3600);
}

void readRendezvous(MapReader& r, cueing::RendezvousConfig& c) {
  r.boolean("enabled", c.enabled);
  readPairThresholds(r, c.thresholds);
  readSeverity(r, "severity", c.severity);
  readSeverity(r, "severity_with_dark", c.severity_with_dark);
}

void readSmallCraftMeeting(MapReader& m, cueing::SmallCraftMeetingConfig& c) {
  m.boolean("enabled", c.enabled);
  readPairThresholds(m, c.thresholds);
  m.boolean("require_suspect", c.require_suspect);
  m.number("offshore_min_shore_distance_nm", c.offshore_min_shore_distance_nm, 0, 1000);
  readPositiveSeconds(m, "max_duration_s", c.max_duration, 30 * kDay);
  readShipTypes(m, "small_ship_types", c.small_ship_types);
  readSeverity(m, "severity", c.severity);
  readSeverity(m, "severity_with_suspect", c.severity_with_suspect);
}

/// Reads one rule's block `cueing.<name>` with `read`.
template <typename Config, typename Read>
void readRule(MapReader& q, const std::string& name, Config& config, Read read) {
  MapReader r(q.child(name), q.at(name), q.errors());
  read(r, config);
}

}  // namespace

const std::map<std::string, cueing::Severity>& severityNames() {
  static const std::map<std::string, cueing::Severity> kNames = {
      {"info", cueing::Severity::Info},         {"low", cueing::Severity::Low},
      {"medium", cueing::Severity::Medium},     {"high", cueing::Severity::High},
      {"critical", cueing::Severity::Critical},
  };
  return kNames;
}

void readCueingConfig(MapReader& root, const std::string& instance_id, cueing::CueingConfig& cc) {
  MapReader q(root.child("cueing"), root.at("cueing"), root.errors());
  cc.alert_id_prefix = instance_id;
  readLookAhead(q, cc);
  q.seconds("update_interval_s", cc.update_interval, 1, kDay);
  q.seconds("close_after_s", cc.close_after, 0, 30 * kDay);
  q.number("prediction_accel_psd_m2ps3", cc.prediction_noise.accel_psd_horizontal_m2ps3, 1e-9, 1e3);
  readRule(q, "dark_target", cc.dark_target, readDarkTarget);
  readRule(q, "go_fast", cc.go_fast, readGoFast);
  readRule(q, "low_profile_vessel", cc.low_profile_vessel, readLowProfileVessel);
  readRule(q, "loitering", cc.loitering, readLoitering);
  readRule(q, "rendezvous", cc.rendezvous, readRendezvous);
  readRule(q, "small_craft_meeting", cc.small_craft_meeting, readSmallCraftMeeting);
  readIdentityRules(q, cc.identity);
}

void describeCueingConfig(YAML::Emitter& out, const cueing::CueingConfig& c) {
  const auto flow = [&](const char* name,
                        const std::vector<std::pair<const char*, std::string>>& kv) {
    out << YAML::Key << name << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [k, v] : kv) out << YAML::Key << k << YAML::Value << v;
    out << YAML::EndMap;
  };
  const auto num = [](double v) {
    std::ostringstream os;
    os << v;
    return os.str();
  };
  const auto secs = [&](core::Duration d) { return num(d.seconds()); };
  const auto on = [](bool b) { return std::string(b ? "true" : "false"); };
  const auto sev = [](cueing::Severity s) { return std::string(cueing::toString(s)); };
  const auto pair =
      [&](const cueing::PairThresholds& t) -> std::vector<std::pair<const char*, std::string>> {
    return {{"max_distance_m", num(t.max_distance_m)},
            {"min_duration_s", secs(t.min_duration)},
            {"max_speed_kn", num(t.max_speed_kn)},
            {"min_port_distance_m", num(t.min_port_distance_m)},
            {"min_shore_distance_m", num(t.min_shore_distance_m)},
            {"max_gap_s", secs(t.max_gap)},
            {"min_two_vessel_observations", std::to_string(t.min_two_vessel_observations)}};
  };

  out << YAML::Key << "cueing" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "look_ahead_min" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto d : c.look_ahead) out << d.seconds() / 60.0;
  out << YAML::EndSeq;
  out << YAML::Key << "update_interval_s" << YAML::Value << c.update_interval.seconds();
  out << YAML::Key << "close_after_s" << YAML::Value << c.close_after.seconds();
  flow("dark_target",
       {{"enabled", on(c.dark_target.enabled)},
        {"min_noncooperative_updates", std::to_string(c.dark_target.min_noncooperative_updates)},
        {"min_track_age_s", secs(c.dark_target.min_track_age)},
        {"fast_speed_kn", num(c.dark_target.fast_speed_kn)},
        {"fast_min_duration_s", secs(c.dark_target.fast_min_duration)},
        {"offshore_min_shore_distance_nm", num(c.dark_target.offshore_min_shore_distance_nm)},
        {"offshore_min_speed_kn", num(c.dark_target.offshore_min_speed_kn)},
        {"ais_correlation", on(c.dark_target.ais_correlation.enabled)},
        {"ais_correlation_horizon_s", secs(c.dark_target.ais_correlation.horizon)},
        {"ais_correlation_reach", on(c.dark_target.ais_correlation.reach)},
        {"min_reception_quality", num(c.dark_target.min_reception_quality)},
        {"severity", sev(c.dark_target.severity)}});
  flow("go_fast", {{"enabled", on(c.go_fast.enabled)},
                   {"min_speed_kn", num(c.go_fast.min_speed_kn)},
                   {"min_duration_s", secs(c.go_fast.min_duration)},
                   {"area", c.go_fast.area},
                   {"severity", sev(c.go_fast.severity)}});
  flow("low_profile_vessel",
       {{"enabled", on(c.low_profile_vessel.enabled)},
        {"speed_kn",
         num(c.low_profile_vessel.min_speed_kn) + "-" + num(c.low_profile_vessel.max_speed_kn)},
        {"detection_fraction", num(c.low_profile_vessel.min_detection_fraction) + "-" +
                                   num(c.low_profile_vessel.max_detection_fraction)},
        {"min_duration_s", secs(c.low_profile_vessel.min_duration)},
        {"area", c.low_profile_vessel.area},
        {"severity", sev(c.low_profile_vessel.severity)}});
  flow("loitering", {{"enabled", on(c.loitering.enabled)},
                     {"max_speed_kn", num(c.loitering.max_speed_kn)},
                     {"min_duration_s", secs(c.loitering.min_duration)},
                     {"min_shore_distance_nm", num(c.loitering.min_shore_distance_nm)},
                     {"min_port_distance_nm", num(c.loitering.min_port_distance_nm)},
                     {"max_sighting_gap_s", secs(c.loitering.max_sighting_gap)},
                     {"severity", sev(c.loitering.severity)}});
  auto rendezvous = pair(c.rendezvous.thresholds);
  rendezvous.insert(rendezvous.begin(), {"enabled", on(c.rendezvous.enabled)});
  flow("rendezvous", rendezvous);
  auto meeting = pair(c.small_craft_meeting.thresholds);
  meeting.insert(meeting.begin(), {"enabled", on(c.small_craft_meeting.enabled)});
  meeting.emplace_back("require_suspect", on(c.small_craft_meeting.require_suspect));
  meeting.emplace_back("offshore_min_shore_distance_nm",
                       num(c.small_craft_meeting.offshore_min_shore_distance_nm));
  meeting.emplace_back("max_duration_s", secs(c.small_craft_meeting.max_duration));
  flow("small_craft_meeting", meeting);
  writeIdentityRules(out, c.identity);
  out << YAML::EndMap;
}

}  // namespace picket::io
