#include "io/zones.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

namespace picket::io {

namespace {

using cueing::ZoneType;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

/// A Marine Regions attribute by its upper-case name, or its lower-case twin; "" if absent.
std::string attribute(const GeoFeature& f, const std::string& name) {
  auto it = f.properties.find(name);
  if (it == f.properties.end()) it = f.properties.find(lower(name));
  return it == f.properties.end() ? std::string() : trimmed(it->second);
}

struct PolType {
  std::optional<ZoneType> type;  ///< nullopt: the file's type
  bool internal_waters = false;
  bool joint_regime = false;
  bool overlapping_claim = false;
};

const std::map<std::string, PolType>& polTypes() {
  static const std::map<std::string, PolType> kTypes = {
      {"12nm", {ZoneType::TerritorialSea}},
      {"12nm enclave", {ZoneType::TerritorialSea}},
      {"territorial sea", {ZoneType::TerritorialSea}},
      {"internal waters", {ZoneType::TerritorialSea, true}},
      {"24nm", {ZoneType::ContiguousZone}},
      {"contiguous zone", {ZoneType::ContiguousZone}},
      {"200nm", {ZoneType::Eez}},
      {"eez", {ZoneType::Eez}},
      {"joint regime", {std::nullopt, false, true, false}},
      {"overlapping claim", {std::nullopt, false, false, true}},
  };
  return kTypes;
}

std::string knownPolTypes() {
  return "12NM, 12NM enclave, Territorial sea, Internal waters, 24NM, Contiguous zone, 200NM, "
         "EEZ, Joint regime, Overlapping claim";
}

/// ISO codes of attributes PREFIX1..PREFIX3, in order, without repeats.
std::vector<std::string> codes(const GeoFeature& f, const std::string& prefix,
                               const std::string& where) {
  std::vector<std::string> out;
  for (int i = 1; i <= 3; ++i) {
    const std::string key = prefix + std::to_string(i);
    std::string v = attribute(f, key);
    if (v.empty()) continue;
    std::transform(v.begin(), v.end(), v.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (!isIso3166Alpha3(v)) {
      throw ZoneFileError(where + ": " + key + " '" + v +
                          "' is not an ISO 3166-1 alpha-3 code (three letters)");
    }
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out;
}

}  // namespace

bool isIso3166Alpha3(const std::string& code) {
  return code.size() == 3 && std::all_of(code.begin(), code.end(), [](unsigned char c) {
           return c >= 'A' && c <= 'Z';
         });
}

std::optional<cueing::ZoneType> zoneTypeFromName(const std::string& name) {
  if (name == "territorial_sea") return ZoneType::TerritorialSea;
  if (name == "contiguous_zone") return ZoneType::ContiguousZone;
  if (name == "eez") return ZoneType::Eez;
  return std::nullopt;
}

std::vector<cueing::Zone> zonesFromFeatures(const std::vector<GeoFeature>& features,
                                            const std::string& source,
                                            const ZoneFileOptions& options) {
  // First pass: each feature's POL_TYPE, and the file's plain type for joint regimes and
  // overlapping claims.
  std::vector<PolType> kinds;
  kinds.reserve(features.size());
  std::set<ZoneType> plain;
  for (std::size_t i = 0; i < features.size(); ++i) {
    const std::string where = source + ": feature " + std::to_string(i);
    const std::string pol = attribute(features[i], "POL_TYPE");
    PolType k;
    if (!pol.empty()) {
      const auto it = polTypes().find(lower(pol));
      if (it != polTypes().end()) {
        k = it->second;
      } else if (!options.type) {
        throw ZoneFileError(where + ": POL_TYPE '" + pol + "' is not one of " + knownPolTypes() +
                            " (or give the file's zone type in the configuration)");
      }
    } else if (!options.type) {
      throw ZoneFileError(where +
                          ": no POL_TYPE (give the file's zone type in the configuration)");
    }
    if (k.type) plain.insert(*k.type);
    kinds.push_back(k);
  }
  const ZoneType file_type = plain.size() == 1 ? *plain.begin() : ZoneType::Eez;

  std::vector<cueing::Zone> out;
  for (std::size_t i = 0; i < features.size(); ++i) {
    const GeoFeature& f = features[i];
    const std::string where = source + ": feature " + std::to_string(i);
    cueing::Zone z;
    z.sovereigns = codes(f, "ISO_SOV", where);
    if (z.sovereigns.empty()) {
      throw ZoneFileError(where + ": no sovereign (ISO_SOV1..ISO_SOV3 all absent)");
    }
    z.territories = codes(f, "ISO_TER", where);
    z.type = options.type ? *options.type : kinds[i].type.value_or(file_type);
    z.internal_waters = kinds[i].internal_waters && z.type == ZoneType::TerritorialSea;
    z.joint_regime = kinds[i].joint_regime;
    z.overlapping_claim = kinds[i].overlapping_claim;
    z.name = attribute(f, "GEONAME");
    if (z.name.empty()) z.name = attribute(f, "TERRITORY1");
    if (z.name.empty()) z.name = cueing::joinStates(z.sovereigns);
    if (f.polygons.empty()) throw ZoneFileError(where + ": no polygon");
    for (std::size_t p = 0; p < f.polygons.size(); ++p) {
      if (f.polygons[p].empty()) {
        throw ZoneFileError(where + ": polygon " + std::to_string(p) +
                            " has fewer than 3 distinct vertices");
      }
      cueing::Zone part = z;
      part.polygon = f.polygons[p];
      out.push_back(std::move(part));
    }
  }
  return out;
}

std::vector<cueing::Zone> loadZones(const std::filesystem::path& path,
                                    const ZoneFileOptions& options) {
  std::vector<GeoFeature> features;
  try {
    features = readGeoJsonFeatures(path);
  } catch (const GeoJsonError& e) {
    throw ZoneFileError(e.what());
  }
  return zonesFromFeatures(features, path.string(), options);
}

std::vector<cueing::Zone> loadZones(const std::string& path) {
  return loadZones(std::filesystem::path(path), ZoneFileOptions{});
}

}  // namespace picket::io
