#include "io/ais_feed.hpp"

#include <stdexcept>

#include "picket/v1/sensors.pb.h"

namespace picket::io::ais {

namespace {

constexpr std::int64_t kSecondNs = 1'000'000'000LL;
constexpr std::int64_t kMinuteNs = 60 * kSecondNs;
// A terrestrial (and satellite) AIS report reaches the receiver within a second or two of
// its fix (ITU-R M.1371-5: the time stamp is the second of the fix, the report goes out in
// the next slots).
constexpr std::int64_t kMaxFixAgeNs = 10 * kSecondNs;

bool validMmsi(std::uint32_t mmsi) { return mmsi >= 100'000'000u && mmsi <= 999'999'999u; }

/// Position from 1/10,000 minute (messages 1-3, 4, 9, 18, 19, 21); nullopt when "not
/// available" (91 / 181 deg) or outside the globe.
std::optional<std::pair<double, double>> position(std::int32_t lat, std::int32_t lon,
                                                  double units_per_degree) {
  const double lat_deg = lat / units_per_degree;
  const double lon_deg = lon / units_per_degree;
  if (lat_deg < -90.0 || lat_deg > 90.0 || lon_deg < -180.0 || lon_deg > 180.0) {
    return std::nullopt;
  }
  return std::pair{lat_deg, lon_deg};
}

/// Fields common to every position report.
struct Position {
  double lat_deg = 0, lon_deg = 0;
  std::optional<double> sog_kn, cog_deg, heading_deg;
  unsigned nav_status = 15;
  bool accuracy = false;
  unsigned second = 60;
  v1::AisClass ais_class = v1::AIS_CLASS_UNSPECIFIED;
};

/// SOG in 1/10 kn: 1023 = not available; 1022 = 102.2 kn or more (kept as 102.2).
std::optional<double> sogTenths(std::uint16_t v) {
  if (v >= kSogNotAvailable) return std::nullopt;
  return v / 10.0;
}
/// COG in 1/10 degree: 3600 = not available, above = invalid.
std::optional<double> cogTenths(std::uint16_t v) {
  if (v >= kCogNotAvailable) return std::nullopt;
  return v / 10.0;
}
/// True heading, degrees: 511 = not available, 360-510 invalid.
std::optional<double> heading(std::uint16_t v) {
  if (v >= 360) return std::nullopt;
  return static_cast<double>(v);
}

void fillIdentity(v1::AisStaticData& d, std::uint32_t mmsi, const auto& id) {
  d.set_mmsi(mmsi);
  d.set_imo(id.imo);
  d.set_call_sign(id.call_sign);
  d.set_name(id.name);
  d.set_ship_type(id.ship_type);
  d.set_to_bow_m(id.to_bow);
  d.set_to_stern_m(id.to_stern);
  d.set_to_port_m(id.to_port);
  d.set_to_starboard_m(id.to_starboard);
  d.set_destination(id.destination);
  d.set_draught_m(id.draught_m);
  d.set_ais_class(id.class_a ? v1::AIS_CLASS_A : v1::AIS_CLASS_B);
}

/// Dimensions from the position reference point (messages 5, 19, 24 B), metres.
void takeDimensions(auto& id, const auto& m) {
  id.to_bow = m.to_bow;
  id.to_stern = m.to_stern;
  id.to_port = m.to_port;
  id.to_starboard = m.to_starboard;
}

void setHeader(v1::Header& h, const std::string& source, std::uint64_t sequence,
               core::Timestamp t) {
  h.set_source_id(source);
  h.set_sequence(sequence);
  h.set_time_ns(t.ns);
}

}  // namespace

const char* toString(Skip s) {
  switch (s) {
    case Skip::BaseStation: return "base_station";
    case Skip::AidToNavigation: return "aid_to_navigation";
    case Skip::InvalidMmsi: return "invalid_mmsi";
    case Skip::PositionUnavailable: return "position_unavailable";
    case Skip::kCount: break;
  }
  return "?";
}

FeedConverter::FeedConverter(std::string source_id, std::size_t max_vessels)
    : source_id_(std::move(source_id)), max_vessels_(max_vessels) {
  if (source_id_.empty()) throw std::invalid_argument("AIS feed source id must not be empty");
  if (max_vessels_ < 1) throw std::invalid_argument("AIS identity cache must hold >= 1 vessel");
}

core::Timestamp FeedConverter::fixTime(core::Timestamp receive_time, unsigned second) {
  if (second > 59) return receive_time;
  // The latest instant at or before receive + 2 s whose UTC second is `second`.
  const std::int64_t limit = receive_time.ns + 2 * kSecondNs;
  std::int64_t minute = limit / kMinuteNs * kMinuteNs;
  if (limit < 0 && limit % kMinuteNs != 0) minute -= kMinuteNs;
  std::int64_t t = minute + static_cast<std::int64_t>(second) * kSecondNs;
  if (t > limit) t -= kMinuteNs;
  // An older "fix" means the transmitter's or receiver's clock is off, not a 50 s old
  // report: the receive time is then the better estimate.
  if (receive_time.ns - t > kMaxFixAgeNs) return receive_time;
  return core::Timestamp{t};
}

FeedConverter::Identity& FeedConverter::identity(std::uint32_t mmsi) {
  auto it = identities_.find(mmsi);
  if (it != identities_.end()) return it->second;
  if (identities_.size() >= max_vessels_) {
    identities_.erase(insertion_order_.front());
    insertion_order_.pop_front();
  }
  insertion_order_.push_back(mmsi);
  return identities_[mmsi];
}

FeedOutput FeedConverter::convert(const DecodedMessage& dm, core::Timestamp receive_time,
                                  std::uint64_t& next_sequence, v1::FeedMessage out[2]) {
  const Message& m = dm.message;
  FeedOutput result;
  if (m.type == 4) {
    result.skipped = Skip::BaseStation;
    return result;
  }
  if (m.type == 21) {
    result.skipped = Skip::AidToNavigation;
    return result;
  }
  if (!validMmsi(m.mmsi)) {
    result.skipped = Skip::InvalidMmsi;
    return result;
  }

  std::optional<Position> pos;
  bool position_missing = false;
  auto take = [&](std::int32_t lat, std::int32_t lon, double units_per_degree, auto&& fill) {
    const auto p = position(lat, lon, units_per_degree);
    if (!p) {
      position_missing = true;
      return;
    }
    Position q;
    q.lat_deg = p->first;
    q.lon_deg = p->second;
    fill(q);
    pos = q;
  };
  auto publishIdentity = [&](const Identity& id) {
    out[result.count].Clear();
    v1::AisStaticData& d = *out[result.count].mutable_ais_static();
    setHeader(*d.mutable_header(), source_id_, next_sequence++, receive_time);
    fillIdentity(d, m.mmsi, id);
    ++result.count;
  };

  std::visit(
      [&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, PositionReportA> || std::is_base_of_v<ClassBPosition, T>) {
          take(b.lat, b.lon, 600000.0, [&](Position& q) {
            q.sog_kn = sogTenths(b.speed);
            q.cog_deg = cogTenths(b.course);
            q.heading_deg = heading(b.heading);
            q.accuracy = b.accuracy;
            q.second = b.second;
            if constexpr (std::is_same_v<T, PositionReportA>) {
              q.nav_status = b.status;
              q.ais_class = v1::AIS_CLASS_A;
            } else {
              q.ais_class = v1::AIS_CLASS_B;  // no navigational status in 18 and 19
            }
          });
        } else if constexpr (std::is_same_v<T, SarAircraftReport>) {
          // Whole knots; the altitude has no field in AisPositionReport.
          take(b.lat, b.lon, 600000.0, [&](Position& q) {
            if (b.speed < 1023) q.sog_kn = static_cast<double>(b.speed);
            q.cog_deg = cogTenths(b.course);
            q.accuracy = b.accuracy;
            q.second = b.second;
          });
        } else if constexpr (std::is_same_v<T, LongRangePositionReport>) {
          // 1/10 minute, whole knots (63 = n/a), whole degrees (511 = n/a); no time stamp.
          take(b.lat, b.lon, 600.0, [&](Position& q) {
            if (b.speed < 63) q.sog_kn = static_cast<double>(b.speed);
            if (b.course < 360) q.cog_deg = static_cast<double>(b.course);
            q.nav_status = b.status;
            q.accuracy = b.accuracy;
          });
        }
      },
      m.body);

  if (pos) {
    out[result.count].Clear();
    v1::AisPositionReport& r = *out[result.count].mutable_ais_position();
    setHeader(*r.mutable_header(), source_id_, next_sequence++, fixTime(receive_time, pos->second));
    r.set_mmsi(m.mmsi);
    r.set_lat_deg(pos->lat_deg);
    r.set_lon_deg(pos->lon_deg);
    if (pos->sog_kn) r.set_sog_kn(*pos->sog_kn);
    if (pos->cog_deg) r.set_cog_deg(*pos->cog_deg);
    if (pos->heading_deg) r.set_heading_deg(*pos->heading_deg);
    r.set_nav_status(pos->nav_status);
    r.set_ais_class(pos->ais_class);
    r.set_position_accuracy_high(pos->accuracy);
    r.set_received_time_ns(receive_time.ns);
    ++result.count;
  }

  if (const auto* b = std::get_if<StaticVoyageData>(&m.body)) {
    Identity& id = identity(m.mmsi);
    id.imo = b->imo;
    id.call_sign = std::string(b->callsign.view());
    id.name = std::string(b->shipname.view());
    id.ship_type = b->shiptype;
    takeDimensions(id, *b);
    id.destination = std::string(b->destination.view());
    id.draught_m = b->draught / 10.0;
    id.class_a = true;
    publishIdentity(id);
  } else if (const auto* e = std::get_if<ExtendedPositionReportB>(&m.body)) {
    Identity& id = identity(m.mmsi);
    id.name = std::string(e->shipname.view());
    id.ship_type = e->shiptype;
    takeDimensions(id, *e);
    publishIdentity(id);
  } else if (const auto* s = std::get_if<StaticDataReport>(&m.body)) {
    Identity& id = identity(m.mmsi);
    if (s->part == 0) {
      id.name = std::string(s->shipname.view());
    } else {
      id.ship_type = s->shiptype;
      id.call_sign = std::string(s->callsign.view());
      if (s->mothership_mmsi == 0) takeDimensions(id, *s);
    }
    publishIdentity(id);
  }
  if (result.count == 0 && position_missing) result.skipped = Skip::PositionUnavailable;
  return result;
}

}  // namespace picket::io::ais
