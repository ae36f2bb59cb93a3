#include "sim/scenario_yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <utility>

#include "geo/land_mask.hpp"
#include "geo/named_place.hpp"
#include "geo/wgs84.hpp"
#include "io/geojson.hpp"
#include "io/places_csv.hpp"
#include "sim/traffic.hpp"

namespace picket::sim {

ScenarioFileError::ScenarioFileError(std::vector<std::string> problems)
    : std::runtime_error([&] {
        std::string s = "invalid scenario:";
        for (const auto& p : problems) s += "\n  " + p;
        return s;
      }()),
      problems_(std::move(problems)) {}

namespace {

// ---------------------------------------------------------------------------------------------
// Units. A quantity key is a base name and a unit suffix; each family lists the suffixes it
// accepts and their factor to the SI unit (metre, metre per second, second, degree).

struct Unit {
  const char* suffix;
  double factor;
};
using Family = std::vector<Unit>;
const Family kLength = {{"m", 1.0}, {"km", 1000.0}, {"nm", geo::kNauticalMileM}, {"ft", 0.3048}};
const Family kSpeed = {{"kn", geo::kKnotToMps}, {"mps", 1.0}, {"kmh", 1.0 / 3.6}};
const Family kTime = {{"s", 1.0}, {"min", 60.0}, {"h", 3600.0}};
const Family kAngle = {{"deg", 1.0}};

std::string suffixList(const std::string& base, const Family& family) {
  std::string s;
  for (std::size_t i = 0; i < family.size(); ++i) {
    s += (i == 0 ? "" : (i + 1 == family.size() ? " or " : ", ")) + base + "_" + family[i].suffix;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Scalars, parsed from the text so that YAML's loose conversions (yes/no, 0x, .inf) do not
// slip through.

bool parseDouble(const std::string& text, double& out) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  const auto r = std::from_chars(first, last, out);
  return r.ec == std::errc() && r.ptr == last && first != last && std::isfinite(out);
}

template <typename Int>
bool parseInteger(const std::string& text, Int& out) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto r = std::from_chars(first, last, out);
  return r.ec == std::errc() && r.ptr == last && first != last;
}

std::string formatNumber(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

/// Collected problems and the file they are in.
struct Context {
  std::string source;
  std::vector<std::string> errors;
  [[nodiscard]] std::string loc(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    if (m.line < 0) return source;
    return source + ":" + std::to_string(m.line + 1);
  }
};

/// Reads one YAML mapping: typed values with ranges and units, and on destruction reports
/// every key that was never asked for (a typo, or a unit the key's family does not have).
class Map {
 public:
  Map(Context& ctx, YAML::Node node, std::string path)
      : ctx_(ctx), node_(std::move(node)), path_(std::move(path)) {
    if (node_ && !node_.IsNull() && !node_.IsMap()) {
      ctx_.errors.push_back(ctx_.loc(node_) + ": " + label() + ": expected a mapping");
      valid_ = false;
    }
  }
  ~Map() {
    if (!valid_ || !node_ || !node_.IsMap()) return;
    std::set<std::string> seen;
    for (const auto& kv : node_) {
      if (!kv.first.IsScalar()) {
        ctx_.errors.push_back(ctx_.loc(kv.first) + ": " + label() + ": a key must be a plain name");
        continue;
      }
      const std::string& key = kv.first.Scalar();
      if (!seen.insert(key).second) {
        // yaml-cpp keeps duplicates and a lookup sees only the first.
        ctx_.errors.push_back(ctx_.loc(kv.first) + ": " + at(key) + ": duplicate key");
        continue;
      }
      if (used_.contains(key)) continue;
      std::string message = "unknown key";
      for (const auto& [base, family] : families_) {
        if (key == base) {
          message = "needs a unit: " + suffixList(base, *family);
        } else if (key.rfind(base + "_", 0) == 0) {
          message = "unknown unit '" + key.substr(base.size() + 1) + "': use " +
                    suffixList(base, *family);
        }
      }
      ctx_.errors.push_back(ctx_.loc(kv.first) + ": " + at(key) + ": " + message);
    }
  }
  Map(const Map&) = delete;
  Map& operator=(const Map&) = delete;

  [[nodiscard]] bool valid() const { return valid_ && node_ && node_.IsMap(); }
  [[nodiscard]] std::string at(const std::string& key) const {
    return path_.empty() ? key : path_ + "." + key;
  }
  [[nodiscard]] std::string label() const { return path_.empty() ? "top level" : path_; }
  Context& ctx() { return ctx_; }
  [[nodiscard]] const YAML::Node& node() const { return node_; }

  /// The value of `key` (undefined when absent), marked as used.
  YAML::Node get(const std::string& key) {
    used_.insert(key);
    if (!valid()) return YAML::Node(YAML::NodeType::Undefined);
    return node_[key];
  }
  bool has(const std::string& key) {
    if (!valid()) return false;
    const YAML::Node n = node_[key];
    return n.IsDefined();
  }

  void problem(const YAML::Node& n, const std::string& key, const std::string& message) {
    ctx_.errors.push_back(ctx_.loc(n.IsDefined() ? n : node_) + ": " + at(key) + ": " + message);
  }
  void missing(const std::string& key) { problem(node_, key, "required"); }

  bool number(const std::string& key, double& out, double lo, double hi, bool required = false) {
    const YAML::Node n = get(key);
    if (!n.IsDefined()) {
      if (required) missing(key);
      return false;
    }
    return numberAt(n, key, out, lo, hi);
  }

  bool numberAt(const YAML::Node& n, const std::string& key, double& out, double lo, double hi) {
    double v = 0.0;
    if (!n.IsScalar() || !parseDouble(n.Scalar(), v)) {
      problem(n, key, "expected a number");
      return false;
    }
    if (v < lo || v > hi) {
      problem(n, key,
              formatNumber(v) + " is outside [" + formatNumber(lo) + ", " + formatNumber(hi) + "]");
      return false;
    }
    out = v;
    return true;
  }

  template <typename Int>
  bool integer(const std::string& key, Int& out, Int lo, Int hi, bool required = false) {
    const YAML::Node n = get(key);
    if (!n.IsDefined()) {
      if (required) missing(key);
      return false;
    }
    Int v{};
    if (!n.IsScalar() || !parseInteger(n.Scalar(), v)) {
      problem(n, key, "expected a whole number");
      return false;
    }
    if (v < lo || v > hi) {
      problem(n, key,
              std::to_string(v) + " is outside [" + std::to_string(lo) + ", " + std::to_string(hi) +
                  "]");
      return false;
    }
    out = v;
    return true;
  }

  bool count(const std::string& key, std::size_t& out, std::size_t hi = 1'000'000) {
    return integer<std::size_t>(key, out, 0, hi);
  }

  bool boolean(const std::string& key, bool& out) {
    const YAML::Node n = get(key);
    if (!n.IsDefined()) return false;
    if (n.IsScalar() && (n.Scalar() == "true" || n.Scalar() == "false")) {
      out = n.Scalar() == "true";
      return true;
    }
    problem(n, key, "expected true or false");
    return false;
  }

  bool text(const std::string& key, std::string& out, bool required = false) {
    const YAML::Node n = get(key);
    if (!n.IsDefined()) {
      if (required) missing(key);
      return false;
    }
    if (!n.IsScalar()) {
      problem(n, key, "expected text");
      return false;
    }
    out = n.Scalar();
    if (required && out.empty()) {
      problem(n, key, "must not be empty");
      return false;
    }
    return true;
  }

  /// The key of `base` present with a unit of `family` (its node and factor), or nothing.
  struct Found {
    std::string key;
    YAML::Node node;
    double factor = 1.0;
  };
  std::optional<Found> findQuantity(const std::string& base, const Family& family) {
    families_.emplace_back(base, &family);
    std::optional<Found> found;
    for (const Unit& u : family) {
      const std::string key = base + "_" + u.suffix;
      const YAML::Node n = get(key);
      if (!n.IsDefined()) continue;
      if (found) {
        problem(n, key, "given twice (also as " + found->key + ")");
        continue;
      }
      found = Found{key, n, u.factor};
    }
    return found;
  }

  /// A quantity in SI units (m, m/s, s, deg), within [lo, hi] in SI.
  bool quantity(const std::string& base, const Family& family, double& out_si, double lo_si,
                double hi_si, bool required = false) {
    const auto f = findQuantity(base, family);
    if (!f) {
      if (required) problem(node_, base, "required (" + suffixList(base, family) + ")");
      return false;
    }
    double v = 0.0;
    if (!numberAt(f->node, f->key, v, -1e300, 1e300)) return false;
    const double si = v * f->factor;
    if (si < lo_si || si > hi_si) {
      problem(f->node, f->key,
              formatNumber(v) + " is outside [" + formatNumber(lo_si / f->factor) + ", " +
                  formatNumber(hi_si / f->factor) + "]");
      return false;
    }
    out_si = si;
    return true;
  }

  bool duration(const std::string& base, core::Duration& out, double lo_s, double hi_s,
                bool required = false) {
    double s = 0.0;
    if (!quantity(base, kTime, s, lo_s, hi_s, required)) return false;
    out = core::Duration::fromSeconds(s);
    return true;
  }

  /// A range [min, max] of a quantity, or one value for both; stored in `out_unit` (SI units
  /// per stored unit, e.g. 3600 to store hours).
  bool span(const std::string& base, const Family& family, Span& out, double out_unit, double lo_si,
            double hi_si) {
    const auto f = findQuantity(base, family);
    if (!f) return false;
    std::vector<YAML::Node> items;
    if (f->node.IsSequence()) {
      if (f->node.size() != 2) {
        problem(f->node, f->key, "expected [min, max] or one number");
        return false;
      }
      items = {f->node[0], f->node[1]};
    } else {
      items = {f->node, f->node};
    }
    double v[2] = {0.0, 0.0};
    for (std::size_t i = 0; i < 2; ++i) {
      if (!numberAt(items[i], f->key, v[i], lo_si / f->factor, hi_si / f->factor)) return false;
    }
    if (v[0] > v[1]) {
      problem(f->node, f->key, "min " + formatNumber(v[0]) + " > max " + formatNumber(v[1]));
      return false;
    }
    out = Span{v[0] * f->factor / out_unit, v[1] * f->factor / out_unit};
    return true;
  }

  /// A plain [min, max] of a dimensionless number (a share, a count of points).
  bool plainSpan(const std::string& key, Span& out, double lo, double hi) {
    const YAML::Node n = get(key);
    if (!n.IsDefined()) return false;
    std::vector<YAML::Node> items = n.IsSequence() && n.size() == 2
                                        ? std::vector<YAML::Node>{n[0], n[1]}
                                        : std::vector<YAML::Node>{n, n};
    double v[2] = {0.0, 0.0};
    for (std::size_t i = 0; i < 2; ++i) {
      if (!numberAt(items[i], key, v[i], lo, hi)) return false;
    }
    if (v[0] > v[1]) {
      problem(n, key, "min > max");
      return false;
    }
    out = Span{v[0], v[1]};
    return true;
  }

 private:
  Context& ctx_;
  YAML::Node node_;
  std::string path_;
  std::set<std::string> used_;
  std::vector<std::pair<std::string, const Family*>> families_;
  bool valid_ = true;
};

/// Calls f(item, path) for each element of a list under `key` (absent: nothing).
template <typename F>
void forEachItem(Map& m, const std::string& key, F&& f) {
  const YAML::Node n = m.get(key);
  if (!n.IsDefined() || n.IsNull()) return;
  if (!n.IsSequence()) {
    m.problem(n, key, "expected a list");
    return;
  }
  for (std::size_t i = 0; i < n.size(); ++i) f(n[i], m.at(key) + "[" + std::to_string(i) + "]");
}

// ---------------------------------------------------------------------------------------------
// Places and points.

/// Named points a scenario can refer to: traffic nodes, the file's own places, the notable
/// places and the World Port Index ports ("wpi:11110").
class PlaceBook {
 public:
  void add(const std::string& id, const core::GeoPoint& p) { points_.emplace(id, p); }
  void addPorts(const std::vector<geo::NamedPlace>& ports) {
    for (const auto& port : ports) ports_.emplace("wpi:" + port.id, port.position);
  }
  [[nodiscard]] std::optional<core::GeoPoint> find(const std::string& id) const {
    if (const auto it = points_.find(id); it != points_.end()) return it->second;
    if (const auto it = ports_.find(id); it != ports_.end()) return it->second;
    return std::nullopt;
  }
  [[nodiscard]] bool contains(const std::string& id) const { return find(id).has_value(); }

 private:
  std::map<std::string, core::GeoPoint> points_;
  std::map<std::string, core::GeoPoint> ports_;
};

bool inLatLon(double lat, double lon) {
  return lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0;
}

/// A point: [lat, lon], [lat, lon, alt], {lat_deg, lon_deg, alt_m}, {place, alt_m} or a
/// name. Reports the problem and returns nullopt when it is none of these.
std::optional<core::GeoPoint> readPoint(Context& ctx, const YAML::Node& n, const std::string& path,
                                        const PlaceBook& places) {
  auto fail = [&](const std::string& why) {
    ctx.errors.push_back(ctx.loc(n) + ": " + path + ": " + why);
    return std::nullopt;
  };
  if (n.IsScalar()) {
    const auto p = places.find(n.Scalar());
    if (!p) return fail("unknown place '" + n.Scalar() + "'");
    return p;
  }
  if (n.IsSequence()) {
    if (n.size() != 2 && n.size() != 3)
      return fail("expected [lat_deg, lon_deg] or [lat_deg, lon_deg, alt_m]");
    double v[3] = {0.0, 0.0, 0.0};
    for (std::size_t i = 0; i < n.size(); ++i) {
      if (!n[i].IsScalar() || !parseDouble(n[i].Scalar(), v[i])) return fail("expected numbers");
    }
    if (!inLatLon(v[0], v[1]))
      return fail("latitude or longitude out of range (is it [lat, lon]?)");
    return core::GeoPoint{v[0], v[1], v[2]};
  }
  if (n.IsMap()) {
    Map m(ctx, n, path);
    core::GeoPoint p;
    std::string place;
    if (m.text("place", place)) {
      const auto found = places.find(place);
      if (!found) {
        m.problem(m.get("place"), "place", "unknown place '" + place + "'");
        m.quantity("alt", kLength, p.alt_m, -1000.0, 30000.0);
        return std::nullopt;
      }
      p = *found;
      m.quantity("alt", kLength, p.alt_m, -1000.0, 30000.0);
      return p;
    }
    const bool ok = m.number("lat_deg", p.lat_deg, -90.0, 90.0, true) &
                    m.number("lon_deg", p.lon_deg, -180.0, 180.0, true);
    m.quantity("alt", kLength, p.alt_m, -1000.0, 30000.0);
    if (!ok) return std::nullopt;
    return p;
  }
  return fail("expected a position: [lat_deg, lon_deg], {lat_deg, lon_deg} or a place name");
}

std::optional<core::GeoPoint> pointKey(Map& m, const std::string& key, const PlaceBook& places,
                                       bool required) {
  const YAML::Node n = m.get(key);
  if (!n.IsDefined()) {
    if (required) m.missing(key);
    return std::nullopt;
  }
  return readPoint(m.ctx(), n, m.at(key), places);
}

std::vector<core::GeoPoint> pointList(Map& m, const std::string& key, const PlaceBook& places) {
  std::vector<core::GeoPoint> out;
  forEachItem(m, key, [&](const YAML::Node& n, const std::string& path) {
    if (auto p = readPoint(m.ctx(), n, path, places)) out.push_back(*p);
  });
  return out;
}

void readArea(Map& m, const std::string& key, Area& area) {
  Map a(m.ctx(), m.get(key), m.at(key));
  a.number("lat_min_deg", area.lat_min_deg, -90.0, 90.0, true);
  a.number("lat_max_deg", area.lat_max_deg, -90.0, 90.0, true);
  a.number("lon_min_deg", area.lon_min_deg, -180.0, 180.0, true);
  a.number("lon_max_deg", area.lon_max_deg, -180.0, 180.0, true);
  if (a.valid() && !(area.lat_min_deg < area.lat_max_deg && area.lon_min_deg < area.lon_max_deg)) {
    a.problem(a.node(), "", "min must be below max");
  }
}

// ---------------------------------------------------------------------------------------------
// Sensors.

constexpr double kMaxRangeM = 5'000'000.0;

void readDetection(Map& m, RadarDetectionModel& d) {
  Map r(m.ctx(), m.get("detection"), m.at("detection"));
  r.number("reference_rcs_m2", d.reference_rcs_m2, 1e-4, 1e6);
  r.quantity("reference_range", kLength, d.reference_range_m, 1.0, kMaxRangeM);
  r.number("reference_pd", d.reference_pd, 1e-6, 0.999999);
  r.number("pfa", d.pfa, 1e-15, 0.1);
  if (d.reference_pd <= d.pfa) r.problem(r.node(), "reference_pd", "must be above pfa");
}

void readSensors(Map& top, Scenario& s, const PlaceBook& places) {
  Map sensors(top.ctx(), top.get("sensors"), "sensors");
  Context& ctx = top.ctx();
  forEachItem(sensors, "surface_radars", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    SurfaceRadarConfig c;
    m.text("source_id", c.source_id, true);
    std::string carrier;
    if (m.text("carrier", carrier)) {
      c.carrier_platform_id = carrier;
    } else if (auto site = pointKey(m, "site", places, true)) {
      c.site = *site;
    }
    m.quantity("antenna_height", kLength, c.antenna_height_m, 0.0, 1000.0);
    m.quantity("nav_position_sigma", kLength, c.nav_position_sigma_m, 0.0, 1000.0);
    m.quantity("nav_velocity_sigma", kSpeed, c.nav_velocity_sigma_mps, 0.0, 50.0);
    m.duration("scan_period", c.scan_period, 0.1, 600.0);
    m.quantity("range_sigma", kLength, c.range_sigma_m, 0.1, 10000.0);
    m.quantity("bearing_sigma", kAngle, c.bearing_sigma_deg, 0.001, 20.0);
    m.quantity("min_range", kLength, c.min_range_m, 0.0, kMaxRangeM);
    m.quantity("max_range", kLength, c.max_range_m, 1.0, kMaxRangeM);
    readDetection(m, c.detection);
    m.number("clutter_mean_per_scan", c.clutter_mean_per_scan, 0.0, 1000.0);
    m.quantity("clutter_max_range", kLength, c.clutter_max_range_m, 0.0, kMaxRangeM);
    if (c.min_range_m >= c.max_range_m) m.problem(n, "min_range", "must be below max_range");
    s.surface_radars.push_back(std::move(c));
  });
  forEachItem(sensors, "ais_receivers", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    AisReceiverConfig c;
    m.text("source_id", c.source_id, true);
    if (auto site = pointKey(m, "site", places, true)) c.site = *site;
    m.quantity("range", kLength, c.range_m, 1.0, kMaxRangeM);
    m.quantity("position_sigma", kLength, c.position_sigma_m, 0.0, 1000.0);
    m.quantity("class_b_position_sigma", kLength, c.class_b_position_sigma_m, 0.0, 1000.0);
    m.number("loss_probability", c.loss_probability, 0.0, 1.0);
    m.duration("static_interval", c.static_interval, 1.0, 86400.0);
    s.ais_receivers.push_back(std::move(c));
  });
  forEachItem(sensors, "satellite_ais", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    SatelliteAisConfig c;
    m.text("source_id", c.source_id, true);
    m.quantity("footprint_radius", kLength, c.footprint_radius_m, 1000.0, 1e7);
    m.duration("revisit", c.revisit, 60.0, 86400.0);
    m.duration("pass_duration", c.pass_duration, 1.0, 86400.0);
    m.number("detection_probability", c.detection_probability, 0.0, 1.0);
    m.number("ships_at_half_probability", c.ships_at_half_probability, 1.0, 1e7);
    m.duration("latency_min", c.latency_min, 0.0, 86400.0);
    m.duration("latency_max", c.latency_max, 0.0, 86400.0);
    m.quantity("position_sigma", kLength, c.position_sigma_m, 0.0, 10000.0);
    m.quantity("class_b_position_sigma", kLength, c.class_b_position_sigma_m, 0.0, 10000.0);
    m.duration("min_report_spacing", c.min_report_spacing, 0.0, 86400.0);
    if (c.latency_max < c.latency_min) m.problem(n, "latency_max", "must not be below latency_min");
    if (c.pass_duration > c.revisit) m.problem(n, "pass_duration", "must not exceed revisit");
    s.satellite_ais.push_back(std::move(c));
  });
  forEachItem(sensors, "airborne_radars", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    AirborneRadarConfig c;
    m.text("source_id", c.source_id, true);
    m.text("carrier", c.carrier_platform_id, true);
    m.duration("scan_period", c.scan_period, 0.1, 600.0);
    m.quantity("max_range", kLength, c.max_range_m, 1.0, kMaxRangeM);
    m.quantity("range_sigma", kLength, c.range_sigma_m, 0.1, 10000.0);
    m.quantity("bearing_sigma", kAngle, c.bearing_sigma_deg, 0.001, 20.0);
    readDetection(m, c.detection);
    m.number("clutter_mean_per_scan", c.clutter_mean_per_scan, 0.0, 1000.0);
    m.quantity("clutter_min_ground_range", kLength, c.clutter_min_ground_range_m, 0.0, kMaxRangeM);
    m.quantity("nav_position_sigma", kLength, c.nav_position_sigma_m, 0.0, 1000.0);
    m.quantity("nav_altitude_sigma", kLength, c.nav_altitude_sigma_m, 0.0, 1000.0);
    m.quantity("nav_velocity_sigma", kSpeed, c.nav_velocity_sigma_mps, 0.0, 50.0);
    s.airborne_radars.push_back(std::move(c));
  });
  forEachItem(sensors, "air_radars", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    AirSurveillanceRadarConfig c;
    m.text("source_id", c.source_id, true);
    if (auto site = pointKey(m, "site", places, true)) c.site = *site;
    m.duration("scan_period", c.scan_period, 0.1, 600.0);
    m.quantity("min_range", kLength, c.min_range_m, 0.0, 1e7);
    m.quantity("max_range", kLength, c.max_range_m, 1.0, 1e7);
    m.quantity("range_sigma", kLength, c.range_sigma_m, 0.1, 100000.0);
    m.quantity("bearing_sigma", kAngle, c.bearing_sigma_deg, 0.001, 20.0);
    m.number("detection_probability", c.detection_probability, 0.0, 1.0);
    m.number("clutter_mean_per_scan", c.clutter_mean_per_scan, 0.0, 1000.0);
    m.boolean("secondary", c.secondary);
    m.boolean("line_of_sight", c.line_of_sight);
    if (c.min_range_m >= c.max_range_m) m.problem(n, "min_range", "must be below max_range");
    s.air_radars.push_back(std::move(c));
  });
}

// ---------------------------------------------------------------------------------------------
// Explicit platforms and events.

std::optional<AisIdentity> readIdentity(Map& parent, const std::string& key) {
  const YAML::Node n = parent.get(key);
  if (!n.IsDefined()) return std::nullopt;
  Map m(parent.ctx(), n, parent.at(key));
  AisIdentity id;
  m.integer<std::uint32_t>("mmsi", id.mmsi, 0, 999'999'999, true);
  m.integer<std::uint32_t>("imo", id.imo, 0, 9'999'999);
  m.text("name", id.name);
  m.text("call_sign", id.call_sign);
  m.integer<std::uint32_t>("ship_type", id.ship_type, 0, 99);
  double v = 0.0;
  auto dim = [&](const char* base, std::uint32_t& out) {
    if (m.quantity(base, kLength, v, 0.0, 511.0)) out = static_cast<std::uint32_t>(std::lround(v));
  };
  dim("to_bow", id.to_bow_m);
  dim("to_stern", id.to_stern_m);
  dim("to_port", id.to_port_m);
  dim("to_starboard", id.to_starboard_m);
  m.quantity("draught", kLength, id.draught_m, 0.0, 25.5);
  m.text("destination", id.destination);
  std::string cls;
  if (m.text("class", cls)) {
    if (cls == "A") {
      id.ais_class = AisClass::A;
    } else if (cls == "B") {
      id.ais_class = AisClass::B;
    } else {
      m.problem(m.get("class"), "class", "'" + cls + "' is not A or B");
    }
  }
  if (id.name.size() > 20) m.problem(m.get("name"), "name", "longer than 20 characters");
  if (id.call_sign.size() > 7)
    m.problem(m.get("call_sign"), "call_sign", "longer than 7 characters");
  if (id.destination.size() > 20) {
    m.problem(m.get("destination"), "destination", "longer than 20 characters");
  }
  if (id.imo != 0 && !isValidImo(id.imo)) {
    m.problem(m.get("imo"), "imo", std::to_string(id.imo) + " has a wrong check digit");
  }
  return id;
}

const std::map<std::string, AisBehaviour::Kind> kBehaviourKinds = {
    {"silent", AisBehaviour::Kind::Silent},
    {"spoofed-position", AisBehaviour::Kind::SpoofedPosition},
    {"spoofed-mmsi", AisBehaviour::Kind::SpoofedMmsi},
    {"identity-change", AisBehaviour::Kind::IdentityChange},
};

constexpr double kMaxOffsetS = 400.0 * 86400.0;

void readPlatforms(Map& top, Scenario& s, const PlaceBook& places) {
  Context& ctx = top.ctx();
  forEachItem(top, "platforms", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    Platform p;
    m.text("id", p.id, true);
    std::string cls;
    if (m.text("class", cls, true)) {
      if (const auto c = platformClassFromString(cls)) {
        p.platform_class = *c;
      } else {
        m.problem(m.get("class"), "class", "unknown platform class '" + cls + "'");
      }
    }
    p.illicit = p.platform_class == PlatformClass::GoFast ||
                p.platform_class == PlatformClass::SemiSubmersible ||
                p.platform_class == PlatformClass::LogisticsVessel ||
                p.platform_class == PlatformClass::SuspectAircraft;
    m.boolean("illicit", p.illicit);
    m.duration("active_from", p.active_from, 0.0, kMaxOffsetS);
    core::Duration active_until;
    if (m.duration("active_until", active_until, 0.0, kMaxOffsetS)) p.active_until = active_until;
    m.quantity("radar_height", kLength, p.radar_height_m, 0.0, 200.0);
    m.number("rcs_m2", p.rcs_m2, 1e-4, 1e7);
    double speed_mps = 0.0;
    m.quantity("speed", kSpeed, speed_mps, 0.0, 1000.0);
    double alt_m = 0.0;
    const bool has_alt = m.quantity("alt", kLength, alt_m, -100.0, 30000.0);
    RouteEnd end = RouteEnd::Stop;
    std::string end_text;
    if (m.text("route_end", end_text)) {
      if (end_text == "loop") {
        end = RouteEnd::Loop;
      } else if (end_text != "stop") {
        m.problem(m.get("route_end"), "route_end", "'" + end_text + "' is not stop or loop");
      }
    }
    std::vector<Waypoint> waypoints;
    forEachItem(m, "waypoints", [&](const YAML::Node& w, const std::string& wpath) {
      Waypoint wp;
      wp.speed_mps = speed_mps;
      if (w.IsMap()) {
        Map wm(ctx, w, wpath);
        bool ok = true;
        if (wm.has("place")) {
          const auto q = pointKey(wm, "place", places, true);
          ok = q.has_value();
          if (ok) wp.position = *q;
        } else {
          ok = wm.number("lat_deg", wp.position.lat_deg, -90.0, 90.0, true) &
               wm.number("lon_deg", wp.position.lon_deg, -180.0, 180.0, true);
        }
        if (!ok) return;
        if (has_alt) wp.position.alt_m = alt_m;
        wm.quantity("alt", kLength, wp.position.alt_m, -100.0, 30000.0);
        wm.quantity("speed", kSpeed, wp.speed_mps, 0.0, 1000.0);
        wm.duration("hold", wp.hold, 0.0, kMaxOffsetS);
      } else if (auto q = readPoint(ctx, w, wpath, places)) {
        wp.position = *q;
        if (has_alt && !(w.IsSequence() && w.size() == 3)) wp.position.alt_m = alt_m;
      } else {
        return;
      }
      waypoints.push_back(wp);
    });
    const YAML::Node rt = m.get("racetrack");
    if (rt.IsDefined()) {
      Map r(ctx, rt, m.at("racetrack"));
      const auto centre = pointKey(r, "centre", places, true);
      double axis = 90.0, leg = 0.0, radius = 0.0;
      int chords = 6;
      r.quantity("axis", kAngle, axis, -360.0, 360.0);
      const bool ok = r.quantity("leg_length", kLength, leg, 1.0, 1e6, true) &
                      r.quantity("turn_radius", kLength, radius, 1.0, 1e6, true);
      r.integer("chords_per_turn", chords, 1, 64);
      if (centre && ok) {
        core::GeoPoint c = *centre;
        if (has_alt) c.alt_m = alt_m;
        for (const auto& q : racetrackWaypoints(c, axis, leg, radius, chords)) {
          waypoints.push_back(Waypoint{q, speed_mps, {}});
        }
        end = RouteEnd::Loop;
      }
    }
    if (waypoints.empty()) {
      m.problem(n, "waypoints", "a platform needs waypoints or a racetrack");
    } else {
      try {
        p.route = Route(std::move(waypoints), end);
      } catch (const std::invalid_argument& e) {
        m.problem(n, "waypoints", e.what());
      }
    }
    p.ais = readIdentity(m, "ais");
    forEachItem(m, "ais_behaviour", [&](const YAML::Node& b, const std::string& bpath) {
      Map bm(ctx, b, bpath);
      AisBehaviour beh;
      std::string kind;
      if (bm.text("kind", kind, true)) {
        if (const auto it = kBehaviourKinds.find(kind); it != kBehaviourKinds.end()) {
          beh.kind = it->second;
        } else {
          bm.problem(
              bm.get("kind"), "kind",
              "'" + kind + "' is not silent, spoofed-position, spoofed-mmsi or identity-change");
        }
      }
      bm.duration("from", beh.from, 0.0, kMaxOffsetS, true);
      core::Duration until;
      if (bm.duration("until", until, 0.0, kMaxOffsetS)) beh.until = until;
      beh.fake_position = pointKey(bm, "fake_position", places, false);
      beh.identity = readIdentity(bm, "identity");
      p.ais_behaviour.push_back(std::move(beh));
    });
    std::uint32_t squawk = 0;
    if (m.integer<std::uint32_t>("transponder_code", squawk, 0, 7777)) p.transponder_code = squawk;
    forEachItem(m, "transponder_off", [&](const YAML::Node& t, const std::string& tpath) {
      Map tm(ctx, t, tpath);
      core::Duration from;
      core::Duration until;
      if (tm.duration("from", from, 0.0, kMaxOffsetS, true) &
          tm.duration("until", until, 0.0, kMaxOffsetS, true)) {
        p.transponder_off.emplace_back(from, until);
      }
    });
    s.platforms.push_back(std::move(p));
  });
}

void readEvents(Map& top, Scenario& s, const PlaceBook& places) {
  Context& ctx = top.ctx();
  forEachItem(top, "events", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    PlantedEvent e;
    m.text("id", e.id, true);
    std::string kind;
    if (m.text("kind", kind, true)) {
      if (const auto k = eventKindFromString(kind)) {
        e.kind = *k;
      } else {
        m.problem(m.get("kind"), "kind", "unknown event kind '" + kind + "'");
      }
    }
    m.duration("start", e.start, 0.0, kMaxOffsetS, true);
    m.duration("end", e.end, 0.0, kMaxOffsetS, true);
    forEachItem(m, "platforms", [&](const YAML::Node& id, const std::string& ipath) {
      if (!id.IsScalar()) {
        ctx.errors.push_back(ctx.loc(id) + ": " + ipath + ": expected a platform id");
        return;
      }
      e.platform_ids.push_back(id.Scalar());
    });
    if (auto q = pointKey(m, "position", places, true)) e.position = *q;
    m.text("description", e.description);
    m.boolean("near_miss", e.near_miss);
    s.events.push_back(std::move(e));
  });
}

// ---------------------------------------------------------------------------------------------
// Traffic.

void readFlags(Map& m, std::vector<FlagShare>& out) {
  const YAML::Node n = m.get("flags");
  if (!n.IsDefined()) return;
  if (!n.IsMap()) {
    m.problem(n, "flags", "expected a mapping of flag: weight");
    return;
  }
  Map f(m.ctx(), n, m.at("flags"));
  for (const auto& kv : n) {
    if (!kv.first.IsScalar()) continue;
    const std::string flag = kv.first.Scalar();
    if (findFlagState(flag) == nullptr) {
      std::string known;
      for (const auto& fs : flagStates())
        known += (known.empty() ? "" : ", ") + std::string(fs.key);
      f.problem(kv.second, flag, "unknown flag state (known: " + known + ")");
      f.get(flag);
      continue;
    }
    double w = 0.0;
    if (f.number(flag, w, 0.0, 1e6)) out.push_back(FlagShare{flag, w});
  }
}

void readFlagKey(Map& m, std::string& out) {
  if (m.text("flag", out) && findFlagState(out) == nullptr) {
    m.problem(m.get("flag"), "flag", "unknown flag state '" + out + "'");
  }
}

void readShipping(Map& t, const std::string& key, ShippingSpec& s) {
  Map m(t.ctx(), t.get(key), t.at(key));
  m.count("count", s.count);
  m.boolean("departures", s.departures);
  m.span("speed", kSpeed, s.speed_kn, geo::kKnotToMps, 0.5, 40.0);
  m.span("length", kLength, s.length_m, 1.0, 10.0, 460.0);
  readFlags(m, s.flags);
  m.number("stop_share", s.stop_share, 0.0, 1.0);
  m.span("stop", kTime, s.stop_h, 3600.0, 0.0, 86400.0);
  if (s.count > 0 && s.flags.empty()) m.missing("flags");
}

void readTraffic(Map& top, TrafficSpec& t, PlaceBook& places) {
  Map tr(top.ctx(), top.get("traffic"), "traffic");
  Context& ctx = top.ctx();
  // Nodes first: everything after may refer to them by name.
  forEachItem(tr, "nodes", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    LaneNode node;
    node.where = ctx.loc(n);
    m.text("id", node.id, true);
    if (auto p = pointKey(m, "at", places, true)) node.position = *p;
    m.text("destination", node.destination);
    if (node.destination.size() > 20)
      m.problem(m.get("destination"), "destination", "longer than 20 characters");
    const YAML::Node w = m.get("weight");
    if (w.IsDefined()) {
      Map wm(ctx, w, m.at("weight"));
      wm.number("merchant", node.merchant_weight, 0.0, 1e6);
      wm.number("tanker", node.tanker_weight, 0.0, 1e6);
    }
    if (!node.id.empty()) {
      if (places.contains(node.id))
        m.problem(m.get("id"), "id", "'" + node.id + "' is already a place or node");
      places.add(node.id, node.position);
    }
    t.nodes.push_back(std::move(node));
  });
  std::set<std::string> node_ids;
  for (const auto& n : t.nodes) node_ids.insert(n.id);
  forEachItem(tr, "lanes", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    Lane lane;
    lane.where = ctx.loc(n);
    m.text("id", lane.id, true);
    for (auto* end : {&lane.from, &lane.to}) {
      const std::string key = end == &lane.from ? "from" : "to";
      if (m.text(key, *end, true) && !node_ids.contains(*end)) {
        m.problem(m.get(key), key, "unknown node '" + *end + "'");
      }
    }
    lane.via = pointList(m, "via", places);
    m.quantity("half_width", kLength, lane.half_width_m, 0.0, 100'000.0);
    t.lanes.push_back(std::move(lane));
  });
  readShipping(tr, "merchant", t.merchant);
  readShipping(tr, "tanker", t.tanker);
  {
    Map m(ctx, tr.get("behaviour"), tr.at("behaviour"));
    BehaviourSpec& b = t.behaviour;
    m.number("dark_share", b.dark_share, 0.0, 1.0);
    m.span("dark", kTime, b.dark_h, 3600.0, 60.0, 30.0 * 86400.0);
    m.number("spoof_position_share", b.spoof_position_share, 0.0, 1.0);
    m.span("spoof", kTime, b.spoof_h, 3600.0, 60.0, 30.0 * 86400.0);
    m.span("spoof_offset", kLength, b.spoof_offset_km, 1000.0, 1000.0, 2'000'000.0);
    m.number("spoof_mmsi_share", b.spoof_mmsi_share, 0.0, 1.0);
    m.number("invalid_mmsi_share", b.invalid_mmsi_share, 0.0, 1.0);
    m.number("identity_change_share", b.identity_change_share, 0.0, 1.0);
  }
  {
    Map m(ctx, tr.get("fishing"), tr.at("fishing"));
    FishingSpec& f = t.fishing;
    m.span("trawl", kSpeed, f.trawl_kn, geo::kKnotToMps, 0.2, 20.0);
    m.span("stop", kTime, f.stop_h, 3600.0, 0.0, 86400.0);
    m.number("ais_share", f.ais_share, 0.0, 1.0);
    m.number("class_b_share", f.class_b_share, 0.0, 1.0);
    m.number("long_stop_share", f.long_stop_share, 0.0, 1.0);
    m.span("long_stop", kTime, f.long_stop_h, 3600.0, 0.0, 86400.0);
    forEachItem(m, "grounds", [&](const YAML::Node& n, const std::string& path) {
      Map g(ctx, n, path);
      FishingGround ground;
      ground.where = ctx.loc(n);
      g.text("id", ground.id, true);
      if (auto p = pointKey(g, "at", places, true)) ground.centre = *p;
      g.quantity("radius", kLength, ground.radius_m, 100.0, 1'000'000.0, true);
      g.count("count", ground.count);
      readFlagKey(g, ground.flag);
      if (ground.flag.empty()) g.missing("flag");
      g.boolean("near_shore", ground.near_shore);
      f.grounds.push_back(std::move(ground));
    });
  }
  {
    Map m(ctx, tr.get("pleasure"), tr.at("pleasure"));
    PleasureSpec& p = t.pleasure;
    m.span("speed", kSpeed, p.speed_kn, geo::kKnotToMps, 0.5, 30.0);
    m.span("stop", kTime, p.stop_h, 3600.0, 0.0, 86400.0);
    m.number("ais_share", p.ais_share, 0.0, 1.0);
    m.number("fast_share", p.fast_share, 0.0, 1.0);
    m.span("fast", kSpeed, p.fast_kn, geo::kKnotToMps, 5.0, 60.0);
    forEachItem(m, "areas", [&](const YAML::Node& n, const std::string& path) {
      Map a(ctx, n, path);
      PleasureArea area;
      area.where = ctx.loc(n);
      a.text("id", area.id, true);
      if (auto q = pointKey(a, "at", places, true)) area.centre = *q;
      a.quantity("radius", kLength, area.radius_m, 100.0, 500'000.0, true);
      a.count("count", area.count);
      readFlagKey(a, area.flag);
      if (area.flag.empty()) a.missing("flag");
      p.areas.push_back(std::move(area));
    });
  }
  forEachItem(tr, "patrol_ships", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    PatrolShipSpec p;
    p.where = ctx.loc(n);
    m.text("id", p.id, true);
    m.text("name", p.name);
    readFlagKey(m, p.flag);
    if (p.flag.empty()) m.missing("flag");
    readArea(m, "box", p.box);
    if (auto q = pointKey(m, "start", places, true)) p.start = *q;
    m.span("speed", kSpeed, p.speed_kn, geo::kKnotToMps, 1.0, 40.0);
    m.span("hold", kTime, p.hold_h, 3600.0, 0.0, 86400.0);
    m.number("hold_share", p.hold_share, 0.0, 1.0);
    m.boolean("ais", p.ais);
    m.number("rcs_m2", p.rcs_m2, 1e-4, 1e7);
    m.quantity("radar_height", kLength, p.radar_height_m, 0.0, 200.0);
    if (p.name.size() > 20) m.problem(m.get("name"), "name", "longer than 20 characters");
    t.patrol_ships.push_back(std::move(p));
  });
  forEachItem(tr, "patrol_aircraft", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    PatrolAircraftSpec a;
    a.where = ctx.loc(n);
    m.text("id", a.id, true);
    if (auto q = pointKey(m, "base", places, true)) a.base = *q;
    if (auto q = pointKey(m, "centre", places, true)) a.centre = *q;
    std::string pattern;
    if (m.text("pattern", pattern)) {
      if (pattern == "box") {
        a.pattern = PatrolAircraftSpec::Pattern::Box;
      } else if (pattern != "racetrack") {
        m.problem(m.get("pattern"), "pattern", "'" + pattern + "' is not racetrack or box");
      }
    }
    m.quantity("axis", kAngle, a.axis_deg, -360.0, 360.0);
    m.quantity("leg_length", kLength, a.leg_length_m, 1000.0, 2e6);
    m.quantity("width", kLength, a.width_m, 1000.0, 1e6);
    m.quantity("altitude", kLength, a.altitude_m, 30.0, 15000.0);
    m.quantity("transit_altitude", kLength, a.transit_altitude_m, 30.0, 15000.0);
    double speed_mps = a.speed_kn * geo::kKnotToMps;
    if (m.quantity("speed", kSpeed, speed_mps, 20.0, 400.0))
      a.speed_kn = speed_mps / geo::kKnotToMps;
    m.duration("takeoff", a.takeoff, 0.0, kMaxOffsetS, true);
    m.duration("on_station", a.on_station, 60.0, 7.0 * 86400.0, true);
    m.number("rcs_m2", a.rcs_m2, 1e-4, 1e6);
    t.patrol_aircraft.push_back(std::move(a));
  });
  {
    Map m(ctx, tr.get("commercial_air"), tr.at("commercial_air"));
    CommercialAirSpec& c = t.commercial_air;
    m.count("airborne_at_start", c.airborne_at_start);
    m.span("speed", kSpeed, c.speed_kn, geo::kKnotToMps, 50.0, 700.0);
    m.span("cruise_alt", kLength, c.cruise_alt_m, 1.0, 300.0, 15000.0);
    m.count("transponder_off_count", c.transponder_off_count);
    m.span("transponder_off", kTime, c.transponder_off_min, 60.0, 60.0, 86400.0);
    m.number("rcs_m2", c.rcs_m2, 1e-4, 1e6);
    forEachItem(m, "airports", [&](const YAML::Node& n, const std::string& path) {
      Map a(ctx, n, path);
      Airport airport;
      a.text("id", airport.id, true);
      if (auto q = pointKey(a, "at", places, true)) airport.position = *q;
      a.number("weight", airport.weight, 0.0, 1e6);
      c.airports.push_back(std::move(airport));
    });
    if (c.airborne_at_start > 0 && c.airports.size() < 2) m.missing("airports");
  }
  std::set<std::string> route_ids;
  forEachItem(tr, "illicit_routes", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    IllicitRoute r;
    r.where = ctx.loc(n);
    m.text("id", r.id, true);
    m.boolean("airborne", r.airborne);
    r.points = pointList(m, "points", places);
    if (r.points.size() < 2)
      m.problem(m.get("points"), "points", "a route needs at least two points");
    m.quantity("half_width", kLength, r.half_width_m, 0.0, 200'000.0);
    if (!route_ids.insert(r.id).second)
      m.problem(m.get("id"), "id", "route '" + r.id + "' is defined twice");
    t.illicit_routes.push_back(std::move(r));
  });
  auto routeKey = [&](Map& m, const std::string& key, std::string& out) {
    if (m.text(key, out, true) && !route_ids.contains(out)) {
      m.problem(m.get(key), key, "unknown illicit route '" + out + "'");
    }
  };
  forEachItem(tr, "go_fasts", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    GoFastSpec g;
    g.where = ctx.loc(n);
    routeKey(m, "route", g.route);
    m.count("count", g.count, 10'000);
    // Negative: the run started before the scenario (under way at the start).
    m.span("depart", kTime, g.depart_h, 3600.0, -7.0 * 86400.0, kMaxOffsetS);
    m.span("speed", kSpeed, g.speed_kn, geo::kKnotToMps, 10.0, 80.0);
    const YAML::Node mt = m.get("meeting");
    if (mt.IsDefined()) {
      Map mm(ctx, mt, m.at("meeting"));
      MeetingSpec meeting;
      mm.count("at_point", meeting.at_point, 1000);
      if (auto q = pointKey(mm, "local_base", places, true)) meeting.local_base = *q;
      mm.span("duration", kTime, meeting.duration_min, 60.0, 60.0, 86400.0);
      mm.number("share", meeting.share, 0.0, 1.0);
      g.meeting = meeting;
    }
    t.go_fasts.push_back(std::move(g));
  });
  forEachItem(tr, "semi_submersibles", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    SemiSubmersibleSpec ss;
    ss.where = ctx.loc(n);
    routeKey(m, "route", ss.route);
    m.count("count", ss.count, 10'000);
    m.span("speed", kSpeed, ss.speed_kn, geo::kKnotToMps, 1.0, 20.0);
    m.plainSpan("progress_at_start", ss.progress_at_start, 0.0, 0.99);
    t.semi_submersibles.push_back(std::move(ss));
  });
  forEachItem(tr, "rendezvous", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    RendezvousSpec r;
    r.where = ctx.loc(n);
    routeKey(m, "logistics_route", r.logistics_route);
    routeKey(m, "go_fast_route", r.go_fast_route);
    m.count("meet_point", r.meet_point, 1000);
    m.count("count", r.count, 1000);
    m.span("arrive", kTime, r.arrive_h, 3600.0, 0.0, kMaxOffsetS);
    m.span("meet", kTime, r.meet_h, 3600.0, 60.0, 86400.0);
    m.span("wait", kTime, r.wait_h, 3600.0, 0.0, 7.0 * 86400.0);
    m.span("logistics_speed", kSpeed, r.logistics_kn, geo::kKnotToMps, 1.0, 30.0);
    m.span("go_fast_speed", kSpeed, r.go_fast_kn, geo::kKnotToMps, 10.0, 80.0);
    m.boolean("logistics_goes_dark", r.logistics_goes_dark);
    readFlagKey(m, r.flag);
    t.rendezvous.push_back(std::move(r));
  });
  forEachItem(tr, "suspect_flights", [&](const YAML::Node& n, const std::string& path) {
    Map m(ctx, n, path);
    SuspectFlightSpec f;
    f.where = ctx.loc(n);
    routeKey(m, "route", f.route);
    m.count("count", f.count, 10'000);
    m.span("depart", kTime, f.depart_h, 3600.0, 0.0, kMaxOffsetS);
    m.span("speed", kSpeed, f.speed_kn, geo::kKnotToMps, 50.0, 400.0);
    m.span("altitude", kLength, f.altitude_m, 1.0, 30.0, 12000.0);
    t.suspect_flights.push_back(std::move(f));
  });
}

// ---------------------------------------------------------------------------------------------
// Geography.

struct Geography {
  std::shared_ptr<const geo::LandMask> land;
  std::vector<geo::GeoPolygon> outlines;
};

std::filesystem::path resolve(const std::filesystem::path& config_dir, const std::string& p) {
  const std::filesystem::path path(p);
  return path.is_absolute() ? path : config_dir / path;
}

Geography readGeography(Map& top, PlaceBook& places, const std::filesystem::path& config_dir) {
  Map g(top.ctx(), top.get("geography"), "geography");
  Context& ctx = top.ctx();
  Geography out;
  std::string file;
  if (g.text("land", file)) {
    try {
      out.land = std::make_shared<const geo::LandMask>(io::loadLandMask(resolve(config_dir, file)));
    } catch (const std::exception& e) {
      g.problem(g.get("land"), "land", e.what());
    }
  }
  if (g.text("places", file)) {
    try {
      for (const auto& p : io::readPlacesCsv(resolve(config_dir, file)))
        places.add(p.id, p.position);
    } catch (const std::exception& e) {
      g.problem(g.get("places"), "places", e.what());
    }
  }
  if (g.text("ports", file)) {
    try {
      places.addPorts(io::readPortsCsv(resolve(config_dir, file)));
    } catch (const std::exception& e) {
      g.problem(g.get("ports"), "ports", e.what());
    }
  }
  forEachItem(g, "land_outlines", [&](const YAML::Node& n, const std::string& path) {
    if (!n.IsSequence() || n.size() < 3) {
      ctx.errors.push_back(ctx.loc(n) + ": " + path + ": an outline needs at least 3 points");
      return;
    }
    std::vector<core::GeoPoint> ring;
    for (std::size_t i = 0; i < n.size(); ++i) {
      if (auto p = readPoint(ctx, n[i], path + "[" + std::to_string(i) + "]", places))
        ring.push_back(*p);
    }
    if (ring.size() == n.size()) out.outlines.emplace_back(std::move(ring));
  });
  return out;
}

}  // namespace

Scenario parseScenarioYaml(const std::string& text, const std::string& source_name,
                           const ScenarioLoadOptions& options) {
  const std::filesystem::path config_dir = options.config_dir.value_or(".");
  Context ctx{source_name, {}};
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ScenarioFileError(
        {source_name + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg});
  }
  if (!root || !root.IsMap()) throw ScenarioFileError({source_name + ": expected a YAML mapping"});

  Scenario s;
  TrafficSpec traffic;
  Geography geography;
  {
    Map top(ctx, root, "");
    top.text("name", s.name, true);
    top.text("description", s.description);
    std::string start;
    if (top.text("start", start)) {
      s.start = parseUtcTimestamp(start);
      if (!s.start) {
        top.problem(top.get("start"), "start",
                    "'" + start + "' is not an ISO-8601 UTC time like 2026-03-01T00:00:00Z");
      }
    }
    top.duration("duration", s.duration, 1.0, 366.0 * 86400.0, true);
    top.integer<std::uint64_t>("seed", s.seed, 0, UINT64_MAX);
    if (top.has("area")) readArea(top, "area", s.area);
    top.duration("truth_interval", s.truth_interval, 0.1, 86400.0);

    PlaceBook places;
    geography = readGeography(top, places, config_dir);
    forEachItem(top, "places", [&](const YAML::Node& n, const std::string& path) {
      Map m(ctx, n, path);
      std::string id;
      core::GeoPoint p;
      const bool ok = m.text("id", id, true) & m.number("lat_deg", p.lat_deg, -90.0, 90.0, true) &
                      m.number("lon_deg", p.lon_deg, -180.0, 180.0, true);
      m.quantity("alt", kLength, p.alt_m, -1000.0, 30000.0);
      std::string ignored;
      m.text("note", ignored);
      if (ok) {
        if (places.contains(id)) m.problem(m.get("id"), "id", "'" + id + "' is already a place");
        places.add(id, p);
      }
    });
    readTraffic(top, traffic, places);
    readSensors(top, s, places);
    readPlatforms(top, s, places);
    readEvents(top, s, places);
  }
  if (!ctx.errors.empty()) throw ScenarioFileError(std::move(ctx.errors));
  if (options.seed) s.seed = *options.seed;
  if (options.duration) s.duration = *options.duration;

  s.land = std::move(geography.outlines);
  s.land_mask = geography.land;
  try {
    buildTraffic(traffic, geography.land.get(), s);
  } catch (const TrafficError& e) {
    throw ScenarioFileError({source_name + ": traffic: " + e.what()});
  }
  std::vector<std::string> problems = validateScenario(s);
  if (!problems.empty()) {
    for (auto& p : problems) p = source_name + ": " + p;
    throw ScenarioFileError(std::move(problems));
  }
  return s;
}

Scenario loadScenarioFile(const std::filesystem::path& file, const ScenarioLoadOptions& options) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ScenarioFileError({file.string() + ": cannot read the file"});
  std::ostringstream text;
  text << in.rdbuf();
  ScenarioLoadOptions resolved = options;
  if (!resolved.config_dir) resolved.config_dir = file.parent_path().parent_path();
  return parseScenarioYaml(text.str(), file.filename().string(), resolved);
}

std::vector<std::string> scenarioFileNames(const std::filesystem::path& directory) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace picket::sim
