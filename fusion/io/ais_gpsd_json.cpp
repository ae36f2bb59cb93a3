#include "io/ais_gpsd_json.hpp"

#include <cstdarg>
#include <cstdio>

namespace picket::io::ais {

namespace {

// Code table texts: the values are ITU-R M.1371-5's; the wording is gpsd's, so that tools
// matching on gpsd's *_text fields keep working.
constexpr const char* kNavStatus[16] = {
    "Under way using engine", "At anchor", "Not under command", "Restricted maneuverability",
    "Constrained by her draught", "Moored", "Aground", "Engaged in fishing",
    "Under way sailing", "Reserved for HSC", "Reserved for WIG", "Reserved", "Reserved",
    "Reserved", "Reserved", "Not defined"};

constexpr const char* kEpfd[16] = {
    "Undefined", "GPS", "GLONASS", "Combined GPS/GLONASS", "Loran-C", "Chayka",
    "Integrated navigation system", "Surveyed", "Galileo", "Reserved (9)", "Reserved (10)",
    "Reserved (11)", "Reserved (12)", "Reserved (13)", "Reserved (14)", "Internal GNSS"};

constexpr const char* kAidType[32] = {
    "Unspecified", "Reference point", "RACON", "Fixed offshore structure",
    "Spare, Reserved for future use.", "Light, without sectors", "Light, with sectors",
    "Leading Light Front", "Leading Light Rear", "Beacon, Cardinal N", "Beacon, Cardinal E",
    "Beacon, Cardinal S", "Beacon, Cardinal W", "Beacon, Port hand", "Beacon, Starboard hand",
    "Beacon, Preferred Channel port hand", "Beacon, Preferred Channel starboard hand",
    "Beacon, Isolated danger", "Beacon, Safe water", "Beacon, Special mark", "Cardinal Mark N",
    "Cardinal Mark E", "Cardinal Mark S", "Cardinal Mark W", "Port hand Mark",
    "Starboard hand Mark", "Preferred Channel Port hand", "Preferred Channel Starboard hand",
    "Isolated danger", "Safe Water", "Special Mark", "Light Vessel / LANBY / Rigs"};

// Ship and cargo types (ITU-R M.1371-5 Table 53): first digit the kind, second the category.
const char* categoryText(unsigned second_digit) {
  switch (second_digit) {
    case 0: return "all ships of this type";
    case 1: return "Hazardous category A";
    case 2: return "Hazardous category B";
    case 3: return "Hazardous category C";
    case 4: return "Hazardous category D";
    case 9: return "No additional information";
    default: return "Reserved for future use";
  }
}

/// snprintf appended to a string (the formats are ours and the values bounded).
void appendf(std::string& out, const char* format, ...) __attribute__((format(printf, 2, 3)));
void appendf(std::string& out, const char* format, ...) {
  char buf[256];
  va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  if (n > 0) out.append(buf, static_cast<std::size_t>(n) < sizeof buf ? static_cast<std::size_t>(n) : sizeof buf - 1);
}

/// A JSON string field "key":"value" with '"' and '\' escaped (6-bit ASCII has both).
void appendString(std::string& out, const char* key, std::string_view value) {
  out += '"';
  out += key;
  out += "\":\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += "\",";
}

const char* boolText(bool b) { return b ? "true" : "false"; }

double degrees(std::int32_t ten_thousandths_of_minute) {
  return ten_thousandths_of_minute / 600000.0;
}

/// gpsd's scaled turn: the special values as words, else ROT_sensor = (ROT_AIS / 4.733)^2
/// deg/min with ROT_AIS's sign (ITU-R M.1371-5 Table 45, rate of turn).
void appendTurn(std::string& out, std::int8_t turn) {
  if (turn == kRotNotAvailable) {
    out += "\"turn\":\"n/a\",";
  } else if (turn == -127) {
    out += "\"turn\":\"fastleft\",";
  } else if (turn == 127) {
    out += "\"turn\":\"fastright\",";
  } else {
    const double r = turn / 4.733;
    appendf(out, "\"turn\":\"%.2f\",", turn < 0 ? -r * r : r * r);
  }
}

/// Scaled SOG in 1/10 kn: "n/a" (1023), "fast" (1022 = 102.2 kn or more), else knots.
void appendSpeed(std::string& out, std::uint16_t speed) {
  if (speed == kSogNotAvailable) {
    out += "\"speed\":\"n/a\",";
  } else if (speed == 1022) {
    out += "\"speed\":\"fast\",";
  } else {
    appendf(out, "\"speed\":%.1f,", speed / 10.0);
  }
}

void appendDimensions(std::string& out, unsigned bow, unsigned stern, unsigned port,
                      unsigned starboard) {
  appendf(out, "\"to_bow\":%u,\"to_stern\":%u,\"to_port\":%u,\"to_starboard\":%u,", bow, stern,
          port, starboard);
}

void appendShipType(std::string& out, unsigned type) {
  appendf(out, "\"shiptype\":%u,\"shiptype_text\":\"%s\",", type, shipTypeText(type));
}

void appendEpfd(std::string& out, unsigned epfd) {
  appendf(out, "\"epfd\":%u,\"epfd_text\":\"%s\",", epfd, epfdText(epfd));
}

}  // namespace

const char* navStatusText(unsigned status) { return status < 16 ? kNavStatus[status] : "?"; }
const char* epfdText(unsigned epfd) { return epfd < 16 ? kEpfd[epfd] : "?"; }
const char* aidTypeText(unsigned type) { return type < 32 ? kAidType[type] : "?"; }

const char* shipTypeText(unsigned type) {
  if (type == 0) return "Not available";
  if (type < 20 || type > 99) return "Reserved for future use";
  const unsigned kind = type / 10;
  const unsigned category = type % 10;
  switch (kind) {
    case 2: {
      static constexpr const char* k[10] = {
          "Wing in ground (WIG) - all ships of this type",
          "Wing in ground (WIG) - Hazardous category A",
          "Wing in ground (WIG) - Hazardous category B",
          "Wing in ground (WIG) - Hazardous category C",
          "Wing in ground (WIG) - Hazardous category D",
          "Wing in ground (WIG) - Reserved for future use",
          "Wing in ground (WIG) - Reserved for future use",
          "Wing in ground (WIG) - Reserved for future use",
          "Wing in ground (WIG) - Reserved for future use",
          "Wing in ground (WIG) - Reserved for future use"};
      return k[category];
    }
    case 3: {
      static constexpr const char* k[10] = {
          "Fishing", "Towing", "Towing: length exceeds 200m or breadth exceeds 25m",
          "Dredging or underwater ops", "Diving ops", "Military ops", "Sailing",
          "Pleasure Craft", "Reserved", "Reserved"};
      return k[category];
    }
    case 5: {
      static constexpr const char* k[10] = {
          "Pilot Vessel", "Search and Rescue vessel", "Tug", "Port Tender",
          "Anti-pollution equipment", "Law Enforcement", "Spare - Local Vessel",
          "Spare - Local Vessel", "Medical Transport", "Ship according to RR Resolution No. 18"};
      return k[category];
    }
    default: break;
  }
  // 4x high-speed craft, 6x passenger, 7x cargo, 8x tanker, 9x other: "<kind> - <category>".
  static constexpr const char* kPrefix[10] = {
      "", "", "", "", "High speed craft (HSC)", "", "Passenger", "Cargo", "Tanker", "Other Type"};
  // The texts are built once per (kind, category): 50 combinations.
  static const auto kTable = [] {
    std::array<std::array<std::string, 10>, 10> t;
    for (unsigned kk : {4U, 6U, 7U, 8U, 9U}) {
      for (unsigned c = 0; c < 10; ++c) {
        std::string s = kPrefix[kk];
        s += " - ";
        // gpsd writes type 99 with a lower-case "no".
        s += (kk == 9 && c == 9) ? "no additional information" : categoryText(c);
        t[kk][c] = s;
      }
    }
    return t;
  }();
  return kTable[kind][category].c_str();
}

GpsdJsonWriter::GpsdJsonWriter(std::string device, bool scaled)
    : device_(std::move(device)), scaled_(scaled) {}

bool GpsdJsonWriter::write(const Message& m, std::string& out) {
  const std::size_t start = out.size();
  Text<20> merged_name;
  if (const auto* r = std::get_if<StaticDataReport>(&m.body)) {
    if (r->part == 0) {
      // Hold part A until its part B: replace an older name of the same MMSI, else take the
      // oldest entry.
      PendingName* slot = nullptr;
      for (auto& p : pending_) {
        if (p.mmsi == m.mmsi) slot = &p;
      }
      if (slot == nullptr) {
        slot = &pending_[next_pending_];
        next_pending_ = (next_pending_ + 1) % pending_.size();
      }
      slot->mmsi = m.mmsi;
      slot->name = r->shipname;
      return false;
    }
    PendingName* found = nullptr;
    for (auto& p : pending_) {
      if (p.mmsi == m.mmsi && m.mmsi != 0) found = &p;
    }
    if (found == nullptr) return false;
    merged_name = found->name;
    found->mmsi = 0;
  }

  out += "{\"class\":\"AIS\",";
  if (!device_.empty()) appendString(out, "device", device_);
  appendf(out, "\"type\":%u,\"repeat\":%u,\"mmsi\":%u,\"scaled\":%s,", m.type, m.repeat, m.mmsi,
          boolText(scaled_));
  const bool scaled = scaled_;
  std::visit(
      [&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, PositionReportA>) {
          appendf(out, "\"status\":%u,\"status_text\":\"%s\",", b.status, navStatusText(b.status));
          if (scaled) {
            appendTurn(out, b.turn);
            appendSpeed(out, b.speed);
            appendf(out, "\"accuracy\":%s,\"lon\":%.7f,\"lat\":%.7f,\"course\":%.1f,",
                    boolText(b.accuracy), degrees(b.lon), degrees(b.lat), b.course / 10.0);
          } else {
            appendf(out, "\"turn\":%d,\"speed\":%u,\"accuracy\":%s,\"lon\":%d,\"lat\":%d,\"course\":%u,",
                    b.turn, b.speed, boolText(b.accuracy), b.lon, b.lat, b.course);
          }
          appendf(out, "\"heading\":%u,\"second\":%u,\"maneuver\":%u,\"raim\":%s,\"radio\":%u",
                  b.heading, b.second, b.maneuver, boolText(b.raim), b.radio);
        } else if constexpr (std::is_same_v<T, BaseStationReport>) {
          appendf(out, "\"timestamp\":\"%04u-%02u-%02uT%02u:%02u:%02uZ\",\"accuracy\":%s,", b.year,
                  b.month, b.day, b.hour, b.minute, b.second, boolText(b.accuracy));
          if (scaled) {
            appendf(out, "\"lon\":%.7f,\"lat\":%.7f,", degrees(b.lon), degrees(b.lat));
          } else {
            appendf(out, "\"lon\":%d,\"lat\":%d,", b.lon, b.lat);
          }
          appendEpfd(out, b.epfd);
          appendf(out, "\"raim\":%s,\"radio\":%u", boolText(b.raim), b.radio);
        } else if constexpr (std::is_same_v<T, StaticVoyageData>) {
          appendf(out, "\"imo\":%u,\"ais_version\":%u,", b.imo, b.ais_version);
          appendString(out, "callsign", b.callsign.view());
          appendString(out, "shipname", b.shipname.view());
          appendShipType(out, b.shiptype);
          appendDimensions(out, b.to_bow, b.to_stern, b.to_port, b.to_starboard);
          appendEpfd(out, b.epfd);
          appendf(out, "\"eta\":\"%02u-%02uT%02u:%02uZ\",", b.month, b.day, b.hour, b.minute);
          if (scaled) {
            appendf(out, "\"draught\":%.1f,", b.draught / 10.0);
          } else {
            appendf(out, "\"draught\":%u,", b.draught);
          }
          appendString(out, "destination", b.destination.view());
          appendf(out, "\"dte\":%u", b.dte ? 1U : 0U);
        } else if constexpr (std::is_same_v<T, SarAircraftReport>) {
          appendf(out, "\"alt\":%u,\"speed\":%u,\"accuracy\":%s,", b.alt, b.speed,
                  boolText(b.accuracy));
          if (scaled) {
            appendf(out, "\"lon\":%.7f,\"lat\":%.7f,\"course\":%.1f,", degrees(b.lon),
                    degrees(b.lat), b.course / 10.0);
          } else {
            appendf(out, "\"lon\":%d,\"lat\":%d,\"course\":%u,", b.lon, b.lat, b.course);
          }
          appendf(out, "\"second\":%u,\"regional\":%u,\"dte\":%u,\"raim\":%s,\"radio\":%u",
                  b.second, b.regional, b.dte ? 1U : 0U, boolText(b.raim), b.radio);
        } else if constexpr (std::is_same_v<T, PositionReportB> ||
                             std::is_same_v<T, ExtendedPositionReportB>) {
          appendf(out, "\"reserved\":%u,", b.reserved);
          if (scaled) {
            appendSpeed(out, b.speed);
            appendf(out, "\"accuracy\":%s,\"lon\":%.7f,\"lat\":%.7f,\"course\":%.1f,",
                    boolText(b.accuracy), degrees(b.lon), degrees(b.lat), b.course / 10.0);
          } else {
            appendf(out, "\"speed\":%u,\"accuracy\":%s,\"lon\":%d,\"lat\":%d,\"course\":%u,",
                    b.speed, boolText(b.accuracy), b.lon, b.lat, b.course);
          }
          appendf(out, "\"heading\":%u,\"second\":%u,\"regional\":%u,", b.heading, b.second,
                  b.regional);
          if constexpr (std::is_same_v<T, PositionReportB>) {
            appendf(out,
                    "\"cs\":%s,\"display\":%s,\"dsc\":%s,\"band\":%s,\"msg22\":%s,\"raim\":%s,"
                    "\"radio\":%u",
                    boolText(b.cs), boolText(b.display), boolText(b.dsc), boolText(b.band),
                    boolText(b.msg22), boolText(b.raim), b.radio);
          } else {
            appendString(out, "shipname", b.shipname.view());
            appendShipType(out, b.shiptype);
            appendDimensions(out, b.to_bow, b.to_stern, b.to_port, b.to_starboard);
            appendEpfd(out, b.epfd);
            appendf(out, "\"raim\":%s,\"dte\":%u,\"assigned\":%s", boolText(b.raim),
                    b.dte ? 1U : 0U, boolText(b.assigned));
          }
        } else if constexpr (std::is_same_v<T, AidToNavigationReport>) {
          appendf(out, "\"aid_type\":%u,\"aid_type_text\":\"%s\",", b.aid_type,
                  aidTypeText(b.aid_type));
          appendString(out, "name", b.name.view());
          // gpsd writes the accuracy flag after the position when scaled, before it when not.
          if (scaled) {
            appendf(out, "\"lon\":%.7f,\"lat\":%.7f,\"accuracy\":%s,", degrees(b.lon),
                    degrees(b.lat), boolText(b.accuracy));
          } else {
            appendf(out, "\"accuracy\":%s,\"lon\":%d,\"lat\":%d,", boolText(b.accuracy), b.lon,
                    b.lat);
          }
          appendDimensions(out, b.to_bow, b.to_stern, b.to_port, b.to_starboard);
          appendEpfd(out, b.epfd);
          appendf(out,
                  "\"second\":%u,\"regional\":%u,\"off_position\":%s,\"raim\":%s,"
                  "\"virtual_aid\":%s",
                  b.second, b.regional, boolText(b.off_position), boolText(b.raim),
                  boolText(b.virtual_aid));
        } else if constexpr (std::is_same_v<T, StaticDataReport>) {
          appendString(out, "shipname", merged_name.view());
          appendShipType(out, b.shiptype);
          appendString(out, "vendorid", b.vendorid.view());
          appendf(out, "\"model\":%u,\"serial\":%u,", b.model, b.serial);
          appendString(out, "callsign", b.callsign.view());
          if (m.mmsi / 10'000'000 == 98) {
            appendf(out, "\"mothership_mmsi\":%u", b.mothership_mmsi);
          } else {
            appendDimensions(out, b.to_bow, b.to_stern, b.to_port, b.to_starboard);
            out.pop_back();  // the trailing comma
          }
        } else if constexpr (std::is_same_v<T, LongRangePositionReport>) {
          appendf(out, "\"status\":%u,", b.status);
          if (scaled) {
            appendf(out, "\"status_text\":\"%s\",\"accuracy\":%s,\"lon\":%.4f,\"lat\":%.4f,",
                    navStatusText(b.status), boolText(b.accuracy), b.lon / 600.0, b.lat / 600.0);
          } else {
            appendf(out, "\"accuracy\":%s,\"lon\":%d,\"lat\":%d,", boolText(b.accuracy), b.lon,
                    b.lat);
          }
          appendf(out, "\"speed\":%u,\"course\":%u,\"raim\":%s,\"gnss\":%s", b.speed, b.course,
                  boolText(b.raim), boolText(b.gnss));
        }
      },
      m.body);
  out += "}\r\n";
  return out.size() > start;
}

}  // namespace picket::io::ais
