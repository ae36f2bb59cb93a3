#include "io/config_identity_rules.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace picket::io {

namespace {

using cueing::Severity;

constexpr double kNm = 1852.0;
constexpr double kKn = 1852.0 / 3600.0;
constexpr double kMin = 60.0;
constexpr double kHour = 3600.0;

const std::map<std::string, Severity>& severities() {
  static const std::map<std::string, Severity> kByName = [] {
    std::map<std::string, Severity> m;
    for (const Severity s : {Severity::Info, Severity::Low, Severity::Medium, Severity::High,
                             Severity::Critical}) {
      m.emplace(cueing::toString(s), s);
    }
    return m;
  }();
  return kByName;
}

const std::map<std::string, cueing::ZoneType> kZoneTypes = {
    {"territorial_sea", cueing::ZoneType::TerritorialSea},
    {"contiguous_zone", cueing::ZoneType::ContiguousZone},
    {"eez", cueing::ZoneType::Eez}};

/// One scalar key: its value in the key's unit is `scale` times smaller than the SI value kept
/// in the config (nautical miles and metres, hours and durations).
struct Field {
  const char* key;
  std::variant<double*, core::Duration*, int*, bool*, Severity*, std::size_t*> target;
  double scale = 1.0;
  double lo = 0.0;
  double hi = 0.0;
};

void readFields(MapReader& r, const std::vector<Field>& fields) {
  for (const Field& f : fields) {
    if (auto* const* d = std::get_if<double*>(&f.target)) {
      double v = **d / f.scale;
      r.number(f.key, v, f.lo, f.hi);
      **d = v * f.scale;
    } else if (auto* const* t = std::get_if<core::Duration*>(&f.target)) {
      double v = (*t)->seconds() / f.scale;
      r.number(f.key, v, f.lo, f.hi);
      **t = core::Duration::fromSeconds(v * f.scale);
    } else if (auto* const* i = std::get_if<int*>(&f.target)) {
      r.integer(f.key, **i, static_cast<long long>(f.lo), static_cast<long long>(f.hi));
    } else if (auto* const* b = std::get_if<bool*>(&f.target)) {
      r.boolean(f.key, **b);
    } else if (auto* const* s = std::get_if<Severity*>(&f.target)) {
      r.choice<Severity>(f.key, **s, severities());
    } else if (auto* const* z = std::get_if<std::size_t*>(&f.target)) {
      r.integer(f.key, **z, static_cast<long long>(f.lo), static_cast<long long>(f.hi));
    }
  }
}

void writeFields(YAML::Emitter& out, const std::vector<Field>& fields) {
  for (const Field& f : fields) {
    out << YAML::Key << f.key << YAML::Value;
    if (auto* const* d = std::get_if<double*>(&f.target)) {
      out << **d / f.scale;
    } else if (auto* const* t = std::get_if<core::Duration*>(&f.target)) {
      out << (*t)->seconds() / f.scale;
    } else if (auto* const* i = std::get_if<int*>(&f.target)) {
      out << **i;
    } else if (auto* const* b = std::get_if<bool*>(&f.target)) {
      out << **b;
    } else if (auto* const* s = std::get_if<Severity*>(&f.target)) {
      out << cueing::toString(**s);
    } else if (auto* const* z = std::get_if<std::size_t*>(&f.target)) {
      out << **z;
    }
  }
}

std::vector<Field> aisGapFields(cueing::AisGapConfig& c) {
  return {
      {"enabled", &c.enabled},
      {"naive_gap_h", &c.naive_gap, kHour, 0.1, 240},
      {"deliberate_gap_h", &c.deliberate_gap, kHour, 0.1, 480},
      {"deliberate_min_shore_distance_nm", &c.deliberate_min_shore_distance_m, kNm, 0, 1000},
      {"deliberate_min_reports", &c.deliberate_min_reports, 1, 0, 1000},
      {"deliberate_report_window_h", &c.deliberate_report_window, kHour, 0.1, 240},
      {"coverage_margin_nm", &c.coverage_margin_m, kNm, 0, 100},
      {"satellite_revisit_min", &c.satellite_revisit, kMin, 0, 1440},
      {"satellite_latency_min", &c.satellite_latency, kMin, 0, 1440},
      {"landfall_horizon_h", &c.landfall_horizon, kHour, 0, 24},
      {"reception_quality", &c.reception_quality},
      {"reception_cell_deg", &c.reception_cell_deg, 1, 0.01, 10},
      {"reception_slot_min", &c.reception_slot, kMin, 1, 1440},
      {"reception_learning_max_interval_h", &c.reception_learning_max_interval, kHour, 0.1, 240},
      {"reception_min_samples", &c.reception_min_samples, 1, 1, 1'000'000},
      {"naive_min_missed_slots", &c.naive_min_missed_slots, 1, 0, 1000},
      {"deliberate_min_missed_slots", &c.deliberate_min_missed_slots, 1, 0, 1000},
      {"coverage_recheck_m", &c.coverage_recheck_m, 1, 0, 100'000},
      {"in_port_distance_km", &c.in_port_distance_m, 1000, 0, 100},
      {"arrival_distance_km", &c.arrival_distance_m, 1000, 0, 100},
      {"arrival_max_off_course_deg", &c.arrival_max_off_course_deg, 1, 0, 180},
      {"destination_horizon_h", &c.destination_horizon, kHour, 0, 72},
      {"theatre_exit_margin_nm", &c.theatre_exit_margin_m, kNm, 0, 1000},
      {"harbour_min_vessels", &c.harbour_min_vessels, 1, 0, 1'000'000},
      {"harbour_cell_deg", &c.harbour_cell_deg, 1, 0.001, 1},
      {"harbour_warmup_h", &c.harbour_warmup, kHour, 0, 240},
      {"handover_window_h", &c.handover_window, kHour, 0, 48},
      {"handover_gate_m", &c.handover_gate_m, 1, 0, 100'000},
      {"handover_gate_drift_fraction", &c.handover_gate_drift_fraction, 1, 0, 1},
      {"handover_working_speed_kn", &c.handover_working_speed_kn, 1, 0, 50},
      {"naive_max_silence_probability", &c.naive_max_silence_probability, 1, 1e-12, 1},
      {"deliberate_max_silence_probability", &c.deliberate_max_silence_probability, 1, 1e-12, 1},
      {"satellite_pass_model", &c.satellite_pass_model},
      {"satellite_cell_deg", &c.satellite_passes.cell_deg, 1, 0.1, 30},
      {"satellite_pass_gap_min", &c.satellite_passes.pass_gap, kMin, 1, 600},
      {"satellite_pass_settle_min", &c.satellite_passes.settle, kMin, 0, 600},
      {"satellite_learning_max_interval_h", &c.satellite_passes.learning_max_interval, kHour, 0.1, 48},
      {"satellite_prior_detection", &c.satellite_passes.prior_detection, 1, 0.01, 0.99},
      {"satellite_prior_weight", &c.satellite_passes.prior_weight, 1, 0.01, 1000},
      {"satellite_cell_min_passes", &c.satellite_passes.cell_min_passes, 1, 0, 1'000'000},
      {"satellite_surround", &c.satellite_passes.surround},
      {"satellite_min_missed_passes", &c.satellite_min_missed_passes, 1, 1, 1000},
      {"satellite_max_silence_probability", &c.satellite_max_silence_probability, 1, 1e-12, 1},
      {"satellite_severity", &c.satellite_severity},
      {"fast_cue", &c.fast_cue},
      {"fast_cue_missed_reports", &c.fast_cue_missed_reports, 1, 1, 1000},
      {"fast_cue_fallback_interval_s", &c.fast_cue_fallback_interval, 1, 1, 3600},
      {"fast_cue_fallback_slow_interval_s", &c.fast_cue_fallback_slow_interval, 1, 1, 3600},
      {"fast_cue_min_observed_intervals", &c.fast_cue_min_observed_intervals, 1, 1, 100},
      {"fast_cue_radar_recent_s", &c.fast_cue_radar_recent, 1, 1, 3600},
      {"fast_cue_history_factor", &c.fast_cue_history_factor, 1, 0, 100},
      {"fast_cue_gate_m", &c.fast_cue_gate_m, 1, 0, 100'000},
      {"fast_cue_gate_drift_fraction", &c.fast_cue_gate_drift_fraction, 1, 0, 1},
      {"fast_cue_speed_tolerance_kn", &c.fast_cue_speed_tolerance_kn, 1, 0, 100},
      {"fast_cue_min_radar_updates", &c.fast_cue_min_radar_updates, 1, 0, 1000},
      {"fast_cue_receiver_model", &c.fast_cue_receiver_model},
      {"fast_cue_band_nm", &c.fast_cue_band_m, kNm, 0.1, 100},
      {"fast_cue_max_probability", &c.fast_cue_max_probability, 1, 1e-15, 1},
      {"fast_cue_max_band_loss", &c.fast_cue_max_band_loss, 1, 0, 1},
      {"fast_cue_min_band_reports", &c.fast_cue_min_band_reports, 1, 0, 100'000'000},
      {"fast_cue_severity", &c.fast_cue_severity},
      {"naive_severity", &c.naive_severity},
      {"deliberate_severity", &c.deliberate_severity},
      {"evaluation_interval_s", &c.evaluation_interval, 1, 1, 3600},
      {"forget_after_h", &c.forget_after, kHour, 1, 720},
      {"max_vessels", &c.max_vessels, 1, 1, 10'000'000},
  };
}

std::vector<Field> spoofingFields(cueing::SpoofingConfig& c) {
  return {
      {"enabled", &c.enabled},
      {"max_speed_kn", &c.max_speed_mps, kKn, 1, 200},
      {"max_speed_merchant_kn", &c.max_speed_merchant_mps, kKn, 1, 200},
      {"max_speed_fishing_kn", &c.max_speed_fishing_mps, kKn, 1, 200},
      {"max_speed_high_speed_kn", &c.max_speed_high_speed_mps, kKn, 1, 300},
      {"position_tolerance_nm", &c.position_tolerance_m, kNm, 0, 100},
      {"min_interval_s", &c.min_interval, 1, 1, 3600},
      {"check_mmsi", &c.check_mmsi},
      {"own_speed_margin_kn", &c.own_speed_margin_mps, kKn, 0, 100},
      {"own_speed_min_fixes", &c.own_speed_min_fixes, 1, 1, 1000},
      {"kinematic_sigmas", &c.kinematic_sigmas, 1, 0, 10},
      {"kinematic_min_duration_s", &c.kinematic_min_duration, 1, 0, 3600},
      {"kinematic_max_ais_age_s", &c.kinematic_max_ais_age, 1, 1, 86400},
      {"frozen_position", &c.frozen_position},
      {"frozen_min_speed_kn", &c.frozen_min_speed_mps, kKn, 0.1, 100},
      {"frozen_max_fraction", &c.frozen_max_fraction, 1, 0, 1},
      {"frozen_min_shortfall_m", &c.frozen_min_shortfall_m, 1, 0, 100'000},
      {"frozen_max_moved_m", &c.frozen_max_moved_m, 1, 0, 100'000},
      {"frozen_min_interval_s", &c.frozen_min_interval, 1, 1, 86'400},
      {"frozen_min_intervals", &c.frozen_min_intervals, 1, 1, 1000},
      {"frozen_severity", &c.frozen_severity},
      {"identity_change", &c.identity_change},
      {"handover_window_min", &c.handover_window, kMin, 1, 1440},
      {"handover_drift_fraction", &c.handover_drift_fraction, 1, 0, 1},
      {"handover_position_tolerance_nm", &c.handover_position_tolerance_m, kNm, 0, 100},
      {"handover_speed_tolerance_kn", &c.handover_speed_tolerance_mps, kKn, 0, 50},
      {"handover_confirm_min", &c.handover_confirm, kMin, 0, 1440},
      {"handover_confirm_reports", &c.handover_confirm_reports, 1, 1, 1000},
      {"handover_fast_reports", &c.handover_fast_reports, 1, 0, 1000},
      {"handover_fast_span_s", &c.handover_fast_span, 1, 0, 3600},
      {"handover_fast_min_silence_min", &c.handover_fast_min_silence, kMin, 0, 1440},
      {"handover_fast_settle_min", &c.handover_fast_settle, kMin, 0, 1440},
      {"twin_severity", &c.twin_severity},
      {"jump_severity", &c.jump_severity},
      {"invalid_mmsi_severity", &c.invalid_mmsi_severity},
      {"kinematics_severity", &c.kinematics_severity},
      {"identity_change_severity", &c.identity_change_severity},
      {"forget_after_h", &c.forget_after, kHour, 1, 720},
      {"max_vessels", &c.max_vessels, 1, 1, 10'000'000},
  };
}

std::vector<Field> aircraftFields(cueing::SuspectAircraftConfig& c) {
  return {
      {"enabled", &c.enabled},
      {"min_updates", &c.min_updates, 1, 1, 10'000},
      {"min_track_age_s", &c.min_track_age, 1, 0, 86'400},
      {"min_speed_kn", &c.min_speed_mps, kKn, 0, 1000},
      {"max_speed_kn", &c.max_speed_mps, kKn, 1, 2000},
      {"speed_sigmas", &c.speed_sigmas, 1, 0, 10},
      {"low_altitude_ceiling_m", &c.low_altitude_ceiling_m, 1, 0, 20'000},
      {"altitude_max_sigma_m", &c.altitude_max_sigma_m, 1, 0, 10'000},
      {"area_distance_km", &c.area_distance_m, 1000, 0, 2000},
      {"look_ahead_h", &c.look_ahead, kHour, 0, 24},
      {"look_back_h", &c.look_back, kHour, 0, 24},
      {"speed_baseline_min", &c.speed_baseline, kMin, 0, 180},
      {"baseline_consistency_sigmas", &c.baseline_consistency_sigmas, 1, 0, 100},
      {"light_sustain_min", &c.light_sustain, kMin, 0, 180},
      {"light_course_tolerance_deg", &c.light_course_tolerance_deg, 1, 0, 180},
      {"friendly_max_age_s", &c.friendly_max_age, 1, 1, 3600},
      {"friendly_confirm_s", &c.friendly_confirm, 1, 0, 3600},
      {"friendly_gate_sigmas", &c.friendly_gate_sigmas, 1, 0, 100},
      {"friendly_gate_min_km", &c.friendly_gate_min_m, 1000, 0, 500},
      {"friendly_gate_max_km", &c.friendly_gate_max_m, 1000, 0, 500},
      {"duplicate_code_distance_km", &c.duplicate_code_distance_m, 1000, 0, 1000},
      {"course_step_km", &c.course_step_m, 1000, 0.5, 200},
      {"transponder_timeout_s", &c.transponder_timeout, 1, 1, 3600},
      {"silence_confirm_s", &c.silence_confirm, 1, 0, 3600},
      {"max_plausible_speed_kn", &c.max_plausible_speed_mps, kKn, 1, 5000},
      {"evaluation_interval_s", &c.evaluation_interval, 1, 0, 3600},
      {"severity", &c.severity},
      {"high_severity", &c.high_severity},
  };
}

std::vector<Field> zoneEntryFields(cueing::ZoneEntryConfig& c) {
  return {
      {"enabled", &c.enabled},
      {"state_change_counts", &c.state_change_counts},
      {"confirm_positions", &c.confirm_positions, 1, 1, 100},
      {"territorial_sea_severity", &c.territorial_sea_severity},
      {"contiguous_zone_severity", &c.contiguous_zone_severity},
      {"eez_severity", &c.eez_severity},
  };
}

/// A list of non-empty strings; `absent` keeps the default.
void readStrings(MapReader& r, const std::string& key, std::vector<std::string>& out) {
  const YAML::Node n = r.child(key);
  if (!n) return;
  if (!n.IsSequence()) {
    r.errors().push_back(r.at(key) + ": expected a list of names");
    return;
  }
  std::vector<std::string> values;
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (!n[i].IsScalar() || n[i].Scalar().empty()) {
      r.errors().push_back(r.at(key) + "[" + std::to_string(i) + "]: expected a non-empty name");
      return;
    }
    values.push_back(n[i].Scalar());
  }
  out = std::move(values);
}

void writeStrings(YAML::Emitter& out, const char* key, const std::vector<std::string>& values) {
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& v : values) out << v;
  out << YAML::EndSeq;
}

}  // namespace

void readIdentityRules(MapReader& cueing_section, cueing::IdentityRulesConfig& config) {
  std::vector<std::string>& errors = cueing_section.errors();
  {
    auto& c = config.ais_gap;
    MapReader r(cueing_section.child("ais_gap"), cueing_section.at("ais_gap"), errors);
    readFields(r, aisGapFields(c));
    const YAML::Node area = r.child("satellite_area");
    if (area) {
      MapReader a(area, r.at("satellite_area"), errors);
      geo::LatLonBox box = c.satellite_area;
      a.number("lat_min_deg", box.min_lat_deg, -90, 90);
      a.number("lat_max_deg", box.max_lat_deg, -90, 90);
      a.number("lon_min_deg", box.min_lon_deg, -180, 180);
      a.number("lon_max_deg", box.max_lon_deg, -180, 180);
      if (box.min_lat_deg >= box.max_lat_deg || box.min_lon_deg >= box.max_lon_deg) {
        errors.push_back(r.at("satellite_area") + ": needs lat_min_deg < lat_max_deg and " +
                         "lon_min_deg < lon_max_deg");
      } else {
        c.satellite_area = box;
      }
    }
    readShipTypes(r, "voluntary_ship_types", c.voluntary_ship_types);
    if (c.deliberate_gap < c.naive_gap) {
      errors.push_back(r.at("deliberate_gap_h") + ": must not be shorter than naive_gap_h");
    }
  }
  {
    auto& c = config.spoofing;
    MapReader r(cueing_section.child("spoofing"), cueing_section.at("spoofing"), errors);
    readFields(r, spoofingFields(c));
  }
  {
    auto& c = config.suspect_aircraft;
    MapReader r(cueing_section.child("suspect_aircraft"), cueing_section.at("suspect_aircraft"),
                errors);
    readFields(r, aircraftFields(c));
    readStrings(r, "departure_areas", c.departure_areas);
    readStrings(r, "arrival_areas", c.arrival_areas);
    if (c.min_speed_mps >= c.max_speed_mps) {
      errors.push_back(r.at("min_speed_kn") + ": must be below max_speed_kn");
    }
    if (c.friendly_gate_max_m > 0.0 && c.friendly_gate_min_m > c.friendly_gate_max_m) {
      errors.push_back(r.at("friendly_gate_min_km") +
                       ": must not exceed friendly_gate_max_km (0 there disables the test)");
    }
  }
  {
    auto& c = config.zone_entry;
    MapReader r(cueing_section.child("zone_entry"), cueing_section.at("zone_entry"), errors);
    readFields(r, zoneEntryFields(c));
    readStrings(r, "states", c.states);
    for (const auto& s : c.states) {
      const bool iso3 = s.size() == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' &&
                        s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z';
      if (!iso3) {
        errors.push_back(r.at("states") + ": '" + s + "' is not an ISO 3166-1 alpha-3 code");
      }
    }
    std::vector<std::string> types;
    const bool given = static_cast<bool>(r.child("zone_types"));
    readStrings(r, "zone_types", types);
    if (given && !types.empty()) {
      std::vector<cueing::ZoneType> parsed;
      for (const auto& t : types) {
        const auto it = kZoneTypes.find(t);
        if (it == kZoneTypes.end()) {
          errors.push_back(r.at("zone_types") + ": '" + t +
                           "' is not one of: contiguous_zone, eez, territorial_sea");
        } else {
          parsed.push_back(it->second);
        }
      }
      c.territorial_sea = std::find(parsed.begin(), parsed.end(),
                                    cueing::ZoneType::TerritorialSea) != parsed.end();
      c.contiguous_zone = std::find(parsed.begin(), parsed.end(),
                                    cueing::ZoneType::ContiguousZone) != parsed.end();
      c.eez = std::find(parsed.begin(), parsed.end(), cueing::ZoneType::Eez) != parsed.end();
    } else if (given) {
      errors.push_back(r.at("zone_types") + ": at least one zone type is needed");
    }
  }
}

void writeIdentityRules(YAML::Emitter& out, const cueing::IdentityRulesConfig& config) {
  // The field tables take mutable references; a copy serves for writing.
  cueing::IdentityRulesConfig c = config;
  out << YAML::Key << "ais_gap" << YAML::Value << YAML::Flow << YAML::BeginMap;
  writeFields(out, aisGapFields(c.ais_gap));
  out << YAML::Key << "voluntary_ship_types" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const std::uint32_t t : c.ais_gap.voluntary_ship_types) out << t;
  out << YAML::EndSeq;
  out << YAML::EndMap;
  out << YAML::Key << "spoofing" << YAML::Value << YAML::Flow << YAML::BeginMap;
  writeFields(out, spoofingFields(c.spoofing));
  out << YAML::EndMap;
  out << YAML::Key << "suspect_aircraft" << YAML::Value << YAML::Flow << YAML::BeginMap;
  writeFields(out, aircraftFields(c.suspect_aircraft));
  writeStrings(out, "departure_areas", c.suspect_aircraft.departure_areas);
  writeStrings(out, "arrival_areas", c.suspect_aircraft.arrival_areas);
  out << YAML::EndMap;
  out << YAML::Key << "zone_entry" << YAML::Value << YAML::Flow << YAML::BeginMap;
  writeFields(out, zoneEntryFields(c.zone_entry));
  std::vector<std::string> types;
  if (c.zone_entry.territorial_sea) types.emplace_back("territorial_sea");
  if (c.zone_entry.contiguous_zone) types.emplace_back("contiguous_zone");
  if (c.zone_entry.eez) types.emplace_back("eez");
  writeStrings(out, "zone_types", types);
  writeStrings(out, "states", c.zone_entry.states);
  out << YAML::EndMap;
}

}  // namespace picket::io
