#pragma once
// A checked reader for one YAML mapping, shared by every configuration section of fusiond
// (each section may live in its own file): unknown and duplicate keys, wrong types and
// out-of-range values are all collected as "path.key: reason" lines, never thrown one by one.

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "geo/polygon.hpp"

namespace picket::io {

/// Reads one YAML mapping, remembering which keys were used so that unknown keys (typos) are
/// reported, and checking each value's type and range.
class MapReader {
 public:
  MapReader(const YAML::Node& node, std::string path, std::vector<std::string>& errors)
      : node_(node), path_(std::move(path)), errors_(errors) {
    if (node_ && !node_.IsNull() && !node_.IsMap()) {
      errors_.push_back(path_ + ": expected a mapping");
      valid_ = false;
    }
  }
  ~MapReader() {
    if (!valid_ || !node_ || !node_.IsMap()) return;
    // Runs in a destructor: nothing here may throw (as<std::string>() throws on a key that is
    // a list or a mapping, which would terminate the process instead of reporting it).
    std::set<std::string> seen;
    for (const auto& kv : node_) {
      if (!kv.first.IsScalar()) {
        errors_.push_back((path_.empty() ? std::string("top level") : path_) +
                          ": a key must be a plain name");
        continue;
      }
      const std::string& key = kv.first.Scalar();
      // yaml-cpp keeps duplicate keys and lookups see only the first: the rest would be
      // silently ignored.
      if (!seen.insert(key).second) {
        errors_.push_back(at(key) + ": duplicate key");
      } else if (!used_.contains(key)) {
        errors_.push_back(at(key) + ": unknown key");
      }
    }
  }
  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;

  [[nodiscard]] std::string at(const std::string& key) const {
    return path_.empty() ? key : path_ + "." + key;
  }

  YAML::Node child(const std::string& key) {
    used_.insert(key);
    // An absent key of an absent or empty section: an *undefined* node, so that the caller
    // sees "absent" and keeps the default. (A default-constructed YAML::Node is a defined
    // null, which every reader would report as a wrong type.)
    if (!valid_ || !node_ || !node_.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    return node_[key];
  }

  void number(const std::string& key, double& out, double lo, double hi) {
    const YAML::Node n = child(key);
    if (!n) return;
    try {
      const double v = n.as<double>();
      if (!std::isfinite(v) || v < lo || v > hi) {
        std::ostringstream os;
        os << at(key) << ": " << v << " is outside [" << lo << ", " << hi << "]";
        errors_.push_back(os.str());
        return;
      }
      out = v;
    } catch (const YAML::Exception&) {
      errors_.push_back(at(key) + ": expected a number");
    }
  }

  template <typename Int>
  void integer(const std::string& key, Int& out, long long lo, long long hi) {
    const YAML::Node n = child(key);
    if (!n) return;
    try {
      const long long v = n.as<long long>();
      if (v < lo || v > hi) {
        errors_.push_back(at(key) + ": " + std::to_string(v) + " is outside [" +
                          std::to_string(lo) + ", " + std::to_string(hi) + "]");
        return;
      }
      out = static_cast<Int>(v);
    } catch (const YAML::Exception&) {
      errors_.push_back(at(key) + ": expected an integer");
    }
  }

  void boolean(const std::string& key, bool& out) {
    const YAML::Node n = child(key);
    if (!n) return;
    try {
      out = n.as<bool>();
    } catch (const YAML::Exception&) {
      errors_.push_back(at(key) + ": expected true or false");
    }
  }

  void text(const std::string& key, std::string& out, bool required = false) {
    const YAML::Node n = child(key);
    if (!n) {
      if (required) errors_.push_back(at(key) + ": required");
      return;
    }
    if (!n.IsScalar()) {
      errors_.push_back(at(key) + ": expected a string");
      return;
    }
    out = n.as<std::string>();
    if (required && out.empty()) errors_.push_back(at(key) + ": must not be empty");
  }

  template <typename E>
  void choice(const std::string& key, E& out, const std::map<std::string, E>& options) {
    std::string s;
    text(key, s);
    if (s.empty()) return;
    const auto it = options.find(s);
    if (it == options.end()) {
      std::string list;
      for (const auto& [name, value] : options) list += (list.empty() ? "" : ", ") + name;
      errors_.push_back(at(key) + ": '" + s + "' is not one of: " + list);
      return;
    }
    out = it->second;
  }

  void seconds(const std::string& key, core::Duration& out, double lo, double hi) {
    double s = out.seconds();
    number(key, s, lo, hi);
    out = core::Duration::fromSeconds(s);
  }

  std::vector<std::string>& errors() { return errors_; }

 private:
  YAML::Node node_;
  std::string path_;
  std::vector<std::string>& errors_;
  std::set<std::string> used_;
  bool valid_ = true;
};

/// A number in (0, hi]: MapReader's ranges are closed, so zero is refused here.
inline void readPositiveNumber(MapReader& r, const std::string& key, double& out, double hi) {
  double v = out;
  r.number(key, v, 0, hi);
  if (v <= 0) {
    std::ostringstream os;
    os << r.at(key) << ": " << v << " is outside (0, " << hi << "]";
    r.errors().push_back(os.str());
    return;
  }
  out = v;
}

/// A list of AIS ship types (ITU-R M.1371 message 5, 1..99); absent keeps `out`, present
/// replaces it (an empty list is valid: no types).
inline void readShipTypes(MapReader& r, const std::string& key, std::vector<std::uint32_t>& out) {
  const YAML::Node types = r.child(key);
  if (!types) return;
  if (!types.IsSequence()) {
    r.errors().push_back(r.at(key) + ": expected a list of AIS ship types");
    return;
  }
  out.clear();
  for (std::size_t i = 0; i < types.size(); ++i) {
    try {
      const long long t = types[i].as<long long>();
      if (t < 1 || t > 99) throw YAML::Exception(YAML::Mark(), "range");
      out.push_back(static_cast<std::uint32_t>(t));
    } catch (const YAML::Exception&) {
      r.errors().push_back(r.at(key) + "[" + std::to_string(i) +
                           "]: expected an AIS ship type in [1, 99]");
    }
  }
}

/// A polygon as a YAML list of at least 3 [lat_deg, lon_deg] points.
inline void readPolygon(const YAML::Node& n, const std::string& path, std::vector<std::string>& errors,
                 geo::GeoPolygon& out) {
  if (!n || !n.IsSequence() || n.size() < 3) {
    errors.push_back(path + ": expected a list of at least 3 [lat_deg, lon_deg] points");
    return;
  }
  std::vector<core::GeoPoint> ring;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const YAML::Node p = n[i];
    try {
      if (!p.IsSequence() || p.size() != 2) throw YAML::Exception(YAML::Mark(), "shape");
      const double lat = p[0].as<double>();
      const double lon = p[1].as<double>();
      if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
        throw YAML::Exception(YAML::Mark(), "range");
      }
      ring.push_back({lat, lon, 0.0});
    } catch (const YAML::Exception&) {
      errors.push_back(path + "[" + std::to_string(i) +
                       "]: expected [lat_deg, lon_deg] with lat in [-90, 90], lon in [-180, 180]");
      return;
    }
  }
  out = geo::GeoPolygon(std::move(ring));
}

}  // namespace picket::io
