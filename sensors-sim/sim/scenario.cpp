#include "sim/scenario.hpp"

#include <cmath>
#include <cstdio>
#include <set>

#include "sim/caribbean_demo.hpp"

namespace picket::sim {

namespace {

struct ClassName {
  PlatformClass c;
  const char* name;
};
constexpr ClassName kClassNames[] = {
    {PlatformClass::Merchant, "merchant"},
    {PlatformClass::Tanker, "tanker"},
    {PlatformClass::Fishing, "fishing"},
    {PlatformClass::Pleasure, "pleasure"},
    {PlatformClass::GoFast, "go-fast"},
    {PlatformClass::SemiSubmersible, "semi-submersible"},
    {PlatformClass::LogisticsVessel, "logistics"},
    {PlatformClass::PatrolShip, "patrol-ship"},
    {PlatformClass::SuspectAircraft, "suspect-aircraft"},
    {PlatformClass::CommercialAircraft, "commercial-aircraft"},
    {PlatformClass::PatrolAircraft, "patrol-aircraft"},
};

}  // namespace

const char* toString(PlatformClass c) {
  for (const ClassName& n : kClassNames) {
    if (n.c == c) return n.name;
  }
  return "unknown";
}

std::optional<PlatformClass> platformClassFromString(std::string_view name) {
  for (const ClassName& n : kClassNames) {
    if (name == n.name) return n.c;
  }
  return std::nullopt;
}

bool isAircraft(PlatformClass c) {
  return c == PlatformClass::SuspectAircraft || c == PlatformClass::CommercialAircraft ||
         c == PlatformClass::PatrolAircraft;
}

const char* toString(EventKind k) {
  switch (k) {
    case EventKind::DarkGoFastRun: return "dark-go-fast-run";
    case EventKind::Rendezvous: return "rendezvous";
    case EventKind::SmallCraftMeeting: return "small-craft-meeting";
    case EventKind::AisSwitchedOff: return "ais-switched-off";
    case EventKind::SpoofedPosition: return "spoofed-position";
    case EventKind::SpoofedMmsi: return "spoofed-mmsi";
    case EventKind::IdentityChange: return "identity-change";
    case EventKind::SemiSubmersibleRun: return "semi-submersible-run";
    case EventKind::SuspectFlight: return "suspect-flight";
    case EventKind::TransponderOff: return "transponder-off";
    case EventKind::Loitering: return "loitering";
  }
  return "unknown";
}

std::optional<EventKind> eventKindFromString(std::string_view name) {
  for (int k = 0; k <= static_cast<int>(EventKind::Loitering); ++k) {
    const auto kind = static_cast<EventKind>(k);
    if (name == toString(kind)) return kind;
  }
  return std::nullopt;
}

bool Platform::activeAt(core::Duration elapsed) const {
  return elapsed >= active_from && (!active_until || elapsed < *active_until);
}

PlatformState Platform::stateAt(core::Duration elapsed) const {
  return route.stateAt(elapsed - active_from);
}

double RadarDetectionModel::pd(double rcs_m2, double range_m) const {
  if (!(range_m > 0.0) || !(rcs_m2 > 0.0)) return 0.0;
  // Swerling I: Pd = Pfa^(1 / (1 + SNR)); the reference point fixes SNR_ref.
  const double log_pfa = std::log(pfa);
  const double snr_ref = log_pfa / std::log(reference_pd) - 1.0;
  const double r = reference_range_m / range_m;
  const double snr = snr_ref * (rcs_m2 / reference_rcs_m2) * r * r * r * r;
  return std::exp(log_pfa / (1.0 + snr));
}

const Platform* Scenario::findPlatform(std::string_view id) const {
  for (const Platform& p : platforms) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

bool Scenario::isOverLand(double lat_deg, double lon_deg) const {
  if (land_mask && land_mask->isLand(lat_deg, lon_deg)) return true;
  for (const geo::GeoPolygon& polygon : land) {
    if (polygon.contains(lat_deg, lon_deg)) return true;
  }
  return false;
}

std::vector<std::string> validateScenario(const Scenario& s) {
  std::vector<std::string> problems;
  if (s.duration.ns <= 0) problems.emplace_back("the duration must be > 0");
  if (s.truth_interval.ns <= 0) problems.emplace_back("the truth interval must be > 0");
  if (!(s.area.lat_min_deg < s.area.lat_max_deg && s.area.lon_min_deg < s.area.lon_max_deg)) {
    problems.emplace_back("the area is empty");
  }
  std::set<std::string> ids;
  for (const Platform& p : s.platforms) {
    if (p.id.empty()) problems.emplace_back("a platform has an empty id");
    if (!ids.insert(p.id).second) problems.push_back("platform id '" + p.id + "' is used twice");
    if (p.route.waypoints().empty()) problems.push_back("platform '" + p.id + "' has no route");
    if (p.active_until && *p.active_until <= p.active_from) {
      problems.push_back("platform '" + p.id + "' leaves before it arrives");
    }
    if (!(p.rcs_m2 > 0.0) || !(p.radar_height_m >= 0.0)) {
      problems.push_back("platform '" + p.id + "' needs rcs_m2 > 0 and radar_height_m >= 0");
    }
    if (p.ais && (p.ais->mmsi < 100'000'000U || p.ais->mmsi > 999'999'999U)) {
      problems.push_back("platform '" + p.id + "' has an MMSI that is not 9 digits");
    }
    for (const AisBehaviour& b : p.ais_behaviour) {
      if (!p.ais) problems.push_back("platform '" + p.id + "' has AIS behaviour but no AIS");
      if (b.until && *b.until <= b.from) {
        problems.push_back("platform '" + p.id +
                           "' has an AIS behaviour that ends before it starts");
      }
      if (b.kind == AisBehaviour::Kind::SpoofedPosition && !b.fake_position) {
        problems.push_back("platform '" + p.id + "' spoofs its position without a fake position");
      }
      if ((b.kind == AisBehaviour::Kind::SpoofedMmsi ||
           b.kind == AisBehaviour::Kind::IdentityChange) &&
          !b.identity) {
        problems.push_back("platform '" + p.id + "' changes identity without a new identity");
      }
    }
    if (p.transponder_code) {
      std::uint32_t c = *p.transponder_code;
      bool octal = c <= 7777;
      for (int i = 0; i < 4; ++i, c /= 10) octal = octal && c % 10 <= 7;
      if (!octal)
        problems.push_back("platform '" + p.id + "' has a squawk that is not 4 octal digits");
    }
  }
  std::set<std::string> sources;
  auto source = [&](const std::string& id) {
    if (id.empty()) problems.emplace_back("a sensor has an empty source id");
    if (!sources.insert(id).second) problems.push_back("source id '" + id + "' is used twice");
  };
  auto carrier = [&](const std::string& sensor, const std::string& platform) {
    if (s.findPlatform(platform) == nullptr) {
      problems.push_back("sensor '" + sensor + "' is carried by unknown platform '" + platform +
                         "'");
    }
  };
  for (const auto& c : s.surface_radars) {
    source(c.source_id);
    if (c.carrier_platform_id) carrier(c.source_id, *c.carrier_platform_id);
  }
  for (const auto& c : s.ais_receivers) source(c.source_id);
  for (const auto& c : s.satellite_ais) source(c.source_id);
  for (const auto& c : s.airborne_radars) {
    source(c.source_id);
    carrier(c.source_id, c.carrier_platform_id);
  }
  for (const auto& c : s.air_radars) source(c.source_id);
  std::set<std::string> event_ids;
  for (const PlantedEvent& e : s.events) {
    if (!event_ids.insert(e.id).second) problems.push_back("event id '" + e.id + "' is used twice");
    if (e.end < e.start) problems.push_back("event '" + e.id + "' ends before it starts");
    for (const std::string& id : e.platform_ids) {
      if (s.findPlatform(id) == nullptr) {
        problems.push_back("event '" + e.id + "' names unknown platform '" + id + "'");
      }
    }
  }
  return problems;
}

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level
// Date Algorithms", days_from_civil; public domain).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The inverse, civil_from_days, from the same paper.
void civilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

bool digits(std::string_view text, std::size_t pos, std::size_t count, unsigned& out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + static_cast<unsigned>(text[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<core::Timestamp> parseUtcTimestamp(std::string_view t) {
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(t, 0, 4, year) || t.size() < 20 || t[4] != '-' || !digits(t, 5, 2, month) ||
      t[7] != '-' || !digits(t, 8, 2, day) || (t[10] != 'T' && t[10] != 't') ||
      !digits(t, 11, 2, hour) || t[13] != ':' || !digits(t, 14, 2, minute) || t[16] != ':' ||
      !digits(t, 17, 2, second)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t fraction_ns = 0;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    std::int64_t scale = 100'000'000;
    const std::size_t first = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      fraction_ns += (t[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == first || pos - first > 9) return std::nullopt;
  }
  const std::string_view zone = t.substr(pos);
  if (zone != "Z" && zone != "z" && zone != "+00:00") return std::nullopt;
  static constexpr unsigned kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < 1970 || year > 2200 || month < 1 || month > 12 || day < 1 ||
      day > kDays[month - 1] || (month == 2 && day == 29 && !leap) || hour > 23 || minute > 59 ||
      second > 59) {
    return std::nullopt;
  }
  const std::int64_t days = daysFromCivil(year, month, day);
  const std::int64_t s = days * 86400 + hour * 3600 + minute * 60 + second;
  return core::Timestamp{s * 1'000'000'000 + fraction_ns};
}

std::string formatUtcTimestamp(core::Timestamp t) {
  const std::int64_t s = t.ns / 1'000'000'000;
  const std::int64_t ms = (t.ns % 1'000'000'000) / 1'000'000;
  std::int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  civilFromDays(s / 86400, y, m, d);
  const std::int64_t sod = s % 86400;
  char buffer[40];
  int n = 0;
  if (t.ns % 1'000'000'000 == 0) {
    n = std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                      static_cast<long long>(y), m, d, static_cast<long long>(sod / 3600),
                      static_cast<long long>(sod / 60 % 60), static_cast<long long>(sod % 60));
  } else {
    n = std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                      static_cast<long long>(y), m, d, static_cast<long long>(sod / 3600),
                      static_cast<long long>(sod / 60 % 60), static_cast<long long>(sod % 60),
                      static_cast<long long>(ms));
  }
  return std::string(buffer, static_cast<std::size_t>(n));
}

std::vector<std::string> builtInScenarioNames() { return {std::string(kCaribbeanDemoName)}; }

std::optional<Scenario> builtInScenario(std::string_view name) {
  if (name == kCaribbeanDemoName) return makeCaribbeanDemo();
  return std::nullopt;
}

}  // namespace picket::sim
