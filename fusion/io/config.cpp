#include "io/config.hpp"

#include "io/config_cueing.hpp"
#include "io/config_partners.hpp"
#include "io/yaml_map.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace picket::io {

namespace {

std::string joinLines(const std::vector<std::string>& problems) {
  std::string s = "invalid configuration:";
  for (const auto& p : problems) s += "\n  - " + p;
  return s;
}

constexpr double kHuge = 1e12;

void readEndpoint(MapReader& r, const std::string& key, EndpointConfig& out, int hwm) {
  out.send_high_water_mark = hwm;
  out.receive_high_water_mark = hwm;
  r.text(key, out.address);
  const std::string& a = out.address;
  if (a.rfind("tcp://", 0) != 0 && a.rfind("ipc://", 0) != 0 && a.rfind("inproc://", 0) != 0) {
    r.errors().push_back(r.at(key) + ": '" + a +
                         "' is not a ZeroMQ endpoint (tcp://host:port, ipc://path)");
  }
}

const std::map<std::string, core::SensorKind> kSensorKinds = {
    {"coastal_radar", core::SensorKind::CoastalRadar},
    {"ship_radar", core::SensorKind::ShipRadar},
    {"airborne_radar", core::SensorKind::AirborneRadar},
    {"airborne_eo_ir", core::SensorKind::AirborneEoIr},
    {"ais", core::SensorKind::Ais},
};

/// Optional `site: {lat_deg, lon_deg, alt_m}`; lat_deg and lon_deg are required inside it.
void readSite(MapReader& r, std::optional<core::GeoPoint>& out) {
  const YAML::Node n = r.child("site");
  if (!n) return;
  MapReader s(n, r.at("site"), r.errors());
  core::GeoPoint g;
  if (!s.child("lat_deg")) s.errors().push_back(s.at("lat_deg") + ": required");
  if (!s.child("lon_deg")) s.errors().push_back(s.at("lon_deg") + ": required");
  s.number("lat_deg", g.lat_deg, -90, 90);
  s.number("lon_deg", g.lon_deg, -180, 180);
  s.number("alt_m", g.alt_m, -10'000, 10'000);
  out = g;
}

}  // namespace

ConfigError::ConfigError(const std::vector<std::string>& problems)
    : std::runtime_error(joinLines(problems)), problems_(problems) {}

FusiondConfig parseConfig(const std::string& yaml_text) {
  std::vector<std::string> errors;
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw ConfigError({std::string("not valid YAML: ") + e.what()});
  }
  if (!root || !root.IsMap()) throw ConfigError({"the configuration must be a YAML mapping"});

  FusiondConfig c;
  {
    MapReader r(root, "", errors);
    r.text("instance_id", c.instance_id, true);
    r.number("heartbeat_interval_s", c.heartbeat_interval_s, 0.01, 3600);
    r.number("stats_interval_s", c.stats_interval_s, 0, 86400);

    {
      MapReader e(r.child("endpoints"), "endpoints", errors);
      int hwm = 100000;
      e.integer("high_water_mark", hwm, 1, 10'000'000);
      readEndpoint(e, "feeds", c.endpoints.feeds, hwm);
      readEndpoint(e, "tracks", c.endpoints.tracks, hwm);
      readEndpoint(e, "alerts", c.endpoints.alerts, hwm);
      readEndpoint(e, "alert_recovery", c.endpoints.alert_recovery, hwm);
    }
    readJournalConfig(r, c.journal);
    readRecordingConfig(r, c.instance_id, c.recording);
    {
      MapReader in(r.child("input"), "input", errors);
      in.integer("queue_capacity", c.input.queue_capacity, 16, 100'000'000);
      in.number("reorder_window_s", c.input.reorder_window_s, 0, 3600);
      in.choice<TimeReference>("time_reference", c.input.time_reference,
                               {{"wall", TimeReference::Wall}, {"data", TimeReference::Data}});
      in.number("max_future_s", c.input.max_future_s, 0, 86400);
      in.number("max_age_s", c.input.max_age_s, 1, 30 * 86400.0);
    }

    const YAML::Node sensors = r.child("sensors");
    if (!sensors || !sensors.IsSequence() || sensors.size() == 0) {
      errors.push_back("sensors: expected a non-empty list of sensors");
    } else {
      std::set<std::string> ids;
      for (std::size_t i = 0; i < sensors.size(); ++i) {
        const std::string path = "sensors[" + std::to_string(i) + "]";
        MapReader s(sensors[i], path, errors);
        SensorConfig sc;
        s.text("id", sc.info.id, true);
        if (!sc.info.id.empty() && !ids.insert(sc.info.id).second) {
          errors.push_back(s.at("id") + ": duplicate sensor id '" + sc.info.id + "'");
        }
        s.choice<core::SensorKind>("kind", sc.info.kind, kSensorKinds);
        if (!s.child("kind")) errors.push_back(s.at("kind") + ": required");
        s.choice<core::Domain>("domain", sc.info.domain,
                               {{"surface", core::Domain::Surface}, {"air", core::Domain::Air}});
        s.number("max_range_m", sc.info.max_range_m, 1, 5'000'000);
        s.number("ais_position_sigma_high_m", sc.ais_position_sigma_high_m, 0.1, 10'000);
        s.number("ais_position_sigma_low_m", sc.ais_position_sigma_low_m, 0.1, 10'000);
        s.number("ais_sog_sigma_kn", sc.ais_sog_sigma_kn, 0.01, 100);
        s.number("ais_cog_sigma_deg", sc.ais_cog_sigma_deg, 0.01, 180);
        s.number("default_position_sigma_m", sc.default_position_sigma_m, 0.1, 100'000);
        readPositiveNumber(s, "range_sigma_m", sc.range_sigma_m, 10'000);
        readPositiveNumber(s, "bearing_sigma_deg", sc.bearing_sigma_deg, 45);
        readSite(s, sc.site);
        s.boolean("satellite", sc.satellite);
        s.boolean("secondary", sc.info.interrogates_transponders);
        if (sc.info.interrogates_transponders && sc.info.kind == core::SensorKind::Ais) {
          errors.push_back(s.at("secondary") + ": only a radar can interrogate transponders");
        }
        if (sc.satellite && sc.info.kind != core::SensorKind::Ais) {
          errors.push_back(s.at("satellite") + ": only an ais sensor can be satellite AIS");
        }
        c.sensors.push_back(std::move(sc));
      }
    }

    {
      MapReader t(r.child("tracker"), "tracker", errors);
      auto& tc = c.tracker;
      t.number("gate_probability", tc.gate_probability, 0.5, 0.999999);
      const auto read_motion = [](MapReader& m, tracking::DomainMotion& d) {
        auto& n = d.imm.noise;
        m.number("cv_accel_psd_m2ps3", n.cv_accel_psd_m2ps3, 1e-6, 1e4);
        m.number("ct_accel_psd_m2ps3", n.ct_accel_psd_m2ps3, 1e-6, 1e4);
        m.number("turn_rate_psd_rad2ps3", n.turn_rate_psd_rad2ps3, 1e-10, 1);
        m.number("cv_mean_sojourn_s", d.imm.mean_sojourn_s[0], 1, 86400);
        m.number("ct_mean_sojourn_s", d.imm.mean_sojourn_s[1], 1, 86400);
        m.number("max_speed_mps", d.max_speed_mps, 1, 3000);
        m.number("initial_speed_sigma_mps", d.initial_speed_sigma_mps, 0.1, 1000);
        m.number("max_position_sigma_m", d.max_position_sigma_m, 1, 1e7);
      };
      {
        MapReader m(t.child("surface"), "tracker.surface", errors);
        read_motion(m, tc.surface);
      }
      {
        MapReader a(t.child("air"), "tracker.air", errors);
        read_motion(a, tc.air);
        a.number("vertical_accel_psd_m2ps3", tc.air_vertical.accel_psd_m2ps3, 1e-6, 1e4);
        a.number("initial_height_m", tc.air_initial_height_m, 0, 30'000);
        a.number("initial_height_sigma_m", tc.air_initial_height_sigma_m, 1, 30'000);
      }
      t.number("surface_height_sigma_m", tc.surface_height_sigma_m, 0.1, 1000);
      t.number("surface_vertical_speed_sigma_mps", tc.surface_vertical_speed_sigma_mps, 0.001, 100);
      {
        MapReader cm(t.child("confirmation"), "tracker.confirmation", errors);
        for (const auto& [name, kind] : kSensorKinds) {
          if (kind == core::SensorKind::Ais) continue;
          auto& rule = tc.confirm_by_kind[static_cast<std::size_t>(kind)];
          MapReader m(cm.child(name), "tracker.confirmation." + name, errors);
          m.integer("m", rule.m, 1, 32);
          m.integer("n", rule.n, 1, 32);
          if (rule.m > rule.n) {
            errors.push_back("tracker.confirmation." + name + ": m must not exceed n");
          }
        }
      }
      t.integer("confirm_cooperative_reports", tc.confirm_cooperative_reports, 1, 100);
      t.seconds("coast_after_s", tc.coast_after, 1, 86400);
      t.seconds("delete_tentative_after_s", tc.delete_tentative_after, 1, 86400);
      t.seconds("delete_after_s", tc.delete_after, 1, 7 * 86400.0);
      if (t.child("max_position_sigma_m")) {
        errors.push_back(
            "tracker.max_position_sigma_m: now per domain, tracker.surface.max_position_sigma_m "
            "and tracker.air.max_position_sigma_m");
      }
      t.seconds("satellite_hold_s", tc.satellite_hold, 0, 7 * 86400.0);
      t.number("satellite_hold_speed_margin_mps", tc.satellite_hold_speed_margin_mps, 0, 300);
      t.number("identity_match_bonus", tc.identity_match_bonus, 0, 1000);
      t.number("identity_recapture_m", tc.identity_recapture_m, 0, 100'000);
      t.number("merge_gate_probability", tc.merge_gate_probability, 0.5, 0.999999);
      t.integer("merge_after_checks", tc.merge_after_checks, 1, 1000);
      t.seconds("max_measurement_lag_s", tc.max_measurement_lag, 0, 3600);
      t.seconds("max_cooperative_lag_s", tc.max_cooperative_lag, 0, 86400);
      t.seconds("max_retrodiction_s", tc.max_retrodiction, 0, 86400);
      t.number("reanchor_distance_m", tc.reanchor_distance_m, 100, 50'000);
      t.number("index_cell_size_m", tc.index_cell_size_m, 1'000, 1'000'000);
      t.seconds("index_rebuild_period_s", tc.index_rebuild_period, 0.1, 3600);
      t.boolean("candidate_stage", tc.candidate_stage);
      if (tc.coast_after > tc.delete_after) {
        errors.push_back("tracker: coast_after_s must not exceed delete_after_s");
      }
    }

    readCueingConfig(r, c.instance_id, c.cueing);

    readPartnersConfig(r.child("partners"), errors, c.partners);
    readGeographyConfig(r.child("geography"), errors, c.geography);
  }
  validateAlertChannels(c, errors);
  if (!errors.empty()) throw ConfigError(errors);
  return c;
}

FusiondConfig loadConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError({"cannot read configuration file '" + path + "'"});
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    FusiondConfig c = parseConfig(ss.str());
    c.config_dir = std::filesystem::path(path).parent_path().string();
    return c;
  } catch (const ConfigError& e) {
    std::vector<std::string> problems;
    for (const auto& p : e.problems()) problems.push_back(path + ": " + p);
    throw ConfigError(problems);
  }
}

std::string describeConfig(const FusiondConfig& c) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "instance_id" << YAML::Value << c.instance_id;
  out << YAML::Key << "endpoints" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "feeds" << YAML::Value << c.endpoints.feeds.address;
  out << YAML::Key << "tracks" << YAML::Value << c.endpoints.tracks.address;
  out << YAML::Key << "alerts" << YAML::Value << c.endpoints.alerts.address;
  out << YAML::Key << "alert_recovery" << YAML::Value << c.endpoints.alert_recovery.address;
  out << YAML::Key << "high_water_mark" << YAML::Value << c.endpoints.feeds.send_high_water_mark;
  out << YAML::EndMap;
  out << YAML::Key << "journal" << YAML::Value << YAML::Load(describeJournalConfig(c.journal));
  out << YAML::Key << "recording" << YAML::Value << YAML::Load(describeRecordingConfig(c.recording));
  out << YAML::Key << "heartbeat_interval_s" << YAML::Value << c.heartbeat_interval_s;
  out << YAML::Key << "stats_interval_s" << YAML::Value << c.stats_interval_s;
  out << YAML::Key << "input" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "queue_capacity" << YAML::Value << c.input.queue_capacity;
  out << YAML::Key << "reorder_window_s" << YAML::Value << c.input.reorder_window_s;
  out << YAML::Key << "time_reference" << YAML::Value
      << (c.input.time_reference == TimeReference::Wall ? "wall" : "data");
  out << YAML::Key << "max_future_s" << YAML::Value << c.input.max_future_s;
  out << YAML::Key << "max_age_s" << YAML::Value << c.input.max_age_s;
  out << YAML::EndMap;
  out << YAML::Key << "sensors" << YAML::Value << YAML::BeginSeq;
  for (const auto& s : c.sensors) {
    out << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "id" << YAML::Value << s.info.id;
    out << YAML::Key << "kind" << YAML::Value << core::toString(s.info.kind);
    out << YAML::Key << "max_range_m" << YAML::Value << s.info.max_range_m;
    if (s.site) {
      out << YAML::Key << "site" << YAML::Value << YAML::BeginMap << YAML::Key << "lat_deg"
          << YAML::Value << s.site->lat_deg << YAML::Key << "lon_deg" << YAML::Value
          << s.site->lon_deg << YAML::Key << "alt_m" << YAML::Value << s.site->alt_m
          << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  const auto& t = c.tracker;
  out << YAML::Key << "tracker" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "gate_probability" << YAML::Value << t.gate_probability;
  for (const auto* key : {"surface", "air"}) {
    const auto& d = std::string(key) == "air" ? t.air : t.surface;
    out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
        << "cv_accel_psd_m2ps3" << YAML::Value << d.imm.noise.cv_accel_psd_m2ps3 << YAML::Key
        << "ct_accel_psd_m2ps3" << YAML::Value << d.imm.noise.ct_accel_psd_m2ps3 << YAML::Key
        << "turn_rate_psd_rad2ps3" << YAML::Value << d.imm.noise.turn_rate_psd_rad2ps3
        << YAML::Key << "cv_mean_sojourn_s" << YAML::Value << d.imm.mean_sojourn_s[0]
        << YAML::Key << "ct_mean_sojourn_s" << YAML::Value << d.imm.mean_sojourn_s[1]
        << YAML::Key << "max_position_sigma_m" << YAML::Value << d.max_position_sigma_m
        << YAML::EndMap;
  }
  out << YAML::Key << "confirmation" << YAML::Value << YAML::Flow << YAML::BeginMap;
  for (const auto& [name, kind] : kSensorKinds) {
    if (kind == core::SensorKind::Ais) continue;
    const auto& rule = t.confirm_by_kind[static_cast<std::size_t>(kind)];
    out << YAML::Key << name << YAML::Value
        << (std::to_string(rule.m) + " of " + std::to_string(rule.n));
  }
  out << YAML::EndMap;
  out << YAML::Key << "confirm_cooperative_reports" << YAML::Value << t.confirm_cooperative_reports;
  out << YAML::Key << "coast_after_s" << YAML::Value << t.coast_after.seconds();
  out << YAML::Key << "delete_after_s" << YAML::Value << t.delete_after.seconds();
  out << YAML::Key << "satellite_hold_s" << YAML::Value << t.satellite_hold.seconds();
  out << YAML::Key << "satellite_hold_speed_margin_mps" << YAML::Value
      << t.satellite_hold_speed_margin_mps;
  out << YAML::EndMap;
  describeCueingConfig(out, c.cueing);
  out << YAML::Key << "partners" << YAML::Value << YAML::BeginSeq;
  for (const auto& line : describePartners(c.partners)) out << line;
  out << YAML::EndSeq;
  out << YAML::Key << "geography" << YAML::Value << describeGeographyConfig(c.geography);
  out << YAML::EndMap;
  return out.c_str();
}

}  // namespace picket::io
