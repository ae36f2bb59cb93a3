#include "io/config_partners.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "io/yaml_map.hpp"
#include "io/zones.hpp"

namespace picket::io {

namespace {

using cueing::Partner;

std::map<std::string, cueing::Severity> severities() {
  std::map<std::string, cueing::Severity> out;
  for (auto s : {cueing::Severity::Info, cueing::Severity::Low, cueing::Severity::Medium,
                 cueing::Severity::High, cueing::Severity::Critical}) {
    out.emplace(cueing::toString(s), s);
  }
  return out;
}

/// A list of strings at `key` (absent: left empty).
std::vector<std::string> readList(MapReader& r, const std::string& key) {
  std::vector<std::string> out;
  const YAML::Node n = r.child(key);
  if (!n) return out;
  if (!n.IsSequence()) {
    r.errors().push_back(r.at(key) + ": expected a list");
    return out;
  }
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (!n[i].IsScalar()) {
      r.errors().push_back(r.at(key) + "[" + std::to_string(i) + "]: expected a string");
      continue;
    }
    out.push_back(n[i].Scalar());
  }
  return out;
}

/// A list of ISO 3166-1 alpha-3 codes; "*" too when `wildcard`.
std::vector<std::string> readCodes(MapReader& r, const std::string& key, bool wildcard) {
  auto codes = readList(r, key);
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (isIso3166Alpha3(codes[i]) || (wildcard && codes[i] == "*")) continue;
    r.errors().push_back(r.at(key) + "[" + std::to_string(i) + "]: '" + codes[i] +
                         "' is not an ISO 3166-1 alpha-3 code (three capital letters)" +
                         (wildcard ? " or *" : ""));
  }
  return codes;
}

/// `true`, the only value that makes sense for the flag keys high_seas and fallback.
void readTrue(MapReader& r, const std::string& key, bool& out) {
  r.boolean(key, out);
  if (r.child(key) && !out) r.errors().push_back(r.at(key) + ": only true makes sense here (leave the authority out)");
}

void readAuthority(const YAML::Node& n, const std::string& path, std::vector<std::string>& errors,
                   Partner& p) {
  MapReader r(n, path, errors);
  if (!n || !n.IsMap()) {
    if (!n || n.IsNull()) errors.push_back(path + ": expected a mapping");
    return;
  }
  const bool coastal = r.child("states") || r.child("territories") || r.child("zones");
  const bool high_seas = static_cast<bool>(r.child("high_seas"));
  const bool flag = static_cast<bool>(r.child("flag_states"));
  const bool area = r.child("polygon") || r.child("basis");
  const bool fallback = static_cast<bool>(r.child("fallback"));
  const int kinds = int{coastal} + int{high_seas} + int{flag} + int{area} + int{fallback};
  if (kinds != 1) {
    errors.push_back(path +
                     ": expected exactly one kind of authority: {states/territories, zones}, "
                     "{high_seas: true}, {flag_states}, {basis, polygon} or {fallback: true}");
    return;
  }
  if (coastal) {
    cueing::CoastalAuthority a;
    a.states = readCodes(r, "states", true);
    a.territories = readCodes(r, "territories", false);
    if (a.states.empty() && a.territories.empty()) {
      errors.push_back(path + ": a coastal authority needs states or territories");
    }
    for (const auto& z : readList(r, "zones")) {
      const auto type = zoneTypeFromName(z);
      if (!type) {
        errors.push_back(r.at("zones") + ": '" + z +
                         "' is not one of: territorial_sea, contiguous_zone, eez");
      } else {
        a.zones.push_back(*type);
      }
    }
    if (!r.child("zones")) {
      errors.push_back(r.at("zones") +
                       ": required (territorial_sea, contiguous_zone and/or eez)");
    }
    p.coastal.push_back(std::move(a));
  } else if (high_seas) {
    readTrue(r, "high_seas", p.high_seas);
  } else if (flag) {
    auto codes = readCodes(r, "flag_states", false);
    if (codes.empty()) errors.push_back(r.at("flag_states") + ": expected at least one code");
    p.flag_states.insert(p.flag_states.end(), codes.begin(), codes.end());
  } else if (area) {
    cueing::PartnerArea a;
    r.text("basis", a.basis, true);
    readPolygon(r.child("polygon"), r.at("polygon"), errors, a.polygon);
    p.areas.push_back(std::move(a));
  } else {
    readTrue(r, "fallback", p.fallback);
  }
}

void readPartner(const YAML::Node& n, const std::string& path, std::vector<std::string>& errors,
                 Partner& p) {
  MapReader r(n, path, errors);
  r.text("id", p.id, true);
  r.text("name", p.name, true);
  for (const char c : p.id) {
    // The id is a topic level (alert/<id>/<severity>) and a CURVE identity label.
    if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.')) {
      errors.push_back(r.at("id") + ": '" + p.id +
                       "' may hold only letters, digits, '-', '_' and '.' (it is a topic level)");
      break;
    }
  }
  r.choice<cueing::Receives>("receives", p.receives,
                             {{"cued", cueing::Receives::Cued},
                              {"all", cueing::Receives::All},
                              {"none", cueing::Receives::None}});
  r.choice<cueing::Severity>("min_severity", p.min_severity, severities());
  p.rules = readList(r, "rules");
  const YAML::Node list = r.child("authorities");
  if (list && !list.IsSequence()) {
    errors.push_back(r.at("authorities") + ": expected a list");
  } else if (list) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      readAuthority(list[i], r.at("authorities") + "[" + std::to_string(i) + "]", errors, p);
    }
  }
  const bool has_authority = !p.coastal.empty() || p.high_seas || !p.flag_states.empty() ||
                             !p.areas.empty() || p.fallback;
  if (!has_authority && p.receives != cueing::Receives::All) {
    errors.push_back(path +
                     ": a partner without authorities is never cued; give it authorities or "
                     "receives: all");
  }
}

/// The first form: {default: {id, name}, areas: [{id, name, areas: [{basis, polygon}]}]}.
void readFirstForm(const YAML::Node& node, std::vector<std::string>& errors,
                   std::vector<Partner>& out) {
  MapReader r(node, "partners", errors);
  const YAML::Node list = r.child("areas");
  if (list && !list.IsSequence()) errors.push_back("partners.areas: expected a list");
  if (list && list.IsSequence()) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string path = "partners.areas[" + std::to_string(i) + "]";
      MapReader pr(list[i], path, errors);
      Partner p;
      pr.text("id", p.id, true);
      pr.text("name", p.name, true);
      const YAML::Node areas = pr.child("areas");
      if (!areas || !areas.IsSequence() || areas.size() == 0) {
        errors.push_back(pr.at("areas") + ": expected a non-empty list of areas");
        continue;
      }
      for (std::size_t k = 0; k < areas.size(); ++k) {
        const std::string apath = pr.at("areas") + "[" + std::to_string(k) + "]";
        MapReader ar(areas[k], apath, errors);
        cueing::PartnerArea area;
        ar.text("basis", area.basis, true);
        readPolygon(ar.child("polygon"), ar.at("polygon"), errors, area.polygon);
        p.areas.push_back(std::move(area));
      }
      out.push_back(std::move(p));
    }
  }
  const YAML::Node def = r.child("default");
  if (!def) {
    errors.push_back("partners.default: required (the high-seas partner of the first form; "
                     "or write partners as a list, see fusiond.example.yaml)");
    return;
  }
  MapReader dr(def, "partners.default", errors);
  Partner p;
  dr.text("id", p.id, true);
  dr.text("name", p.name, true);
  p.high_seas = true;
  out.push_back(std::move(p));
}

}  // namespace

void readPartnersConfig(const YAML::Node& node, std::vector<std::string>& errors,
                        std::vector<Partner>& out) {
  out.clear();
  if (!node || node.IsNull()) {
    errors.push_back("partners: required: a list of partners (see fusiond.example.yaml)");
    return;
  }
  if (node.IsMap()) {
    readFirstForm(node, errors, out);
  } else if (!node.IsSequence() || node.size() == 0) {
    errors.push_back("partners: expected a non-empty list of partners");
    return;
  } else {
    for (std::size_t i = 0; i < node.size(); ++i) {
      Partner p;
      readPartner(node[i], "partners[" + std::to_string(i) + "]", errors, p);
      out.push_back(std::move(p));
    }
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!out[i].id.empty() && !ids.insert(out[i].id).second) {
      errors.push_back("partners[" + std::to_string(i) + "].id: duplicate partner id '" +
                       out[i].id + "'");
    }
  }
}

std::vector<std::string> describePartners(const std::vector<Partner>& partners) {
  std::vector<std::string> lines;
  for (const Partner& p : partners) {
    std::string s = p.id + " (" + p.name + "):";
    for (const auto& a : p.coastal) {
      std::vector<std::string> who = a.states;
      who.insert(who.end(), a.territories.begin(), a.territories.end());
      s += " coastal " + cueing::joinStates(who) + " [";
      for (std::size_t i = 0; i < a.zones.size(); ++i) {
        s += std::string(i > 0 ? ", " : "") + cueing::toString(a.zones[i]);
      }
      s += a.zones.empty() ? "every zone];" : "];";
    }
    if (p.high_seas) s += " high seas;";
    if (!p.flag_states.empty()) s += " flag " + cueing::joinStates(p.flag_states) + ";";
    for (const auto& a : p.areas) s += " area '" + a.basis + "';";
    if (p.fallback) s += " fallback;";
    s += std::string(" receives ") + cueing::toString(p.receives);
    if (p.min_severity != cueing::Severity::Info) {
      s += std::string(" from ") + cueing::toString(p.min_severity);
    }
    if (!p.rules.empty()) {
      s += " of rules";
      for (const auto& rule : p.rules) s += " " + rule;
    }
    lines.push_back(std::move(s));
  }
  return lines;
}

}  // namespace picket::io
