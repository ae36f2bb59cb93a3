#include "io/feed_validator.hpp"

#include <cmath>

#include "geo/wgs84.hpp"
#include "picket/v1/sensors.pb.h"

namespace picket::io {

namespace {

// 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z: anything outside is a broken clock.
constexpr std::int64_t kMinSaneTimeNs = 946'684'800LL * 1'000'000'000LL;
constexpr std::int64_t kMaxSaneTimeNs = 4'102'444'800LL * 1'000'000'000LL;
// A plot's own time may differ from its scan's by at most this (a slow rotating radar).
constexpr std::int64_t kMaxPlotSkewNs = 120LL * 1'000'000'000LL;
// Upper limits of plausible radar values: a range beyond any radar horizon, an absurd sigma.
constexpr double kMaxRangeM = 5'000'000.0;
constexpr double kMaxBearingSigmaDeg = 45.0;
constexpr double kMaxRangeRateMps = 3'000.0;

bool finite(std::initializer_list<double> values) {
  for (const double v : values) {
    if (!std::isfinite(v)) return false;
  }
  return true;
}

bool validLatLon(double lat, double lon) {
  return lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0;
}

bool isRadar(core::SensorKind k) {
  return k == core::SensorKind::CoastalRadar || k == core::SensorKind::ShipRadar;
}

bool isAirborne(core::SensorKind k) {
  return k == core::SensorKind::AirborneRadar || k == core::SensorKind::AirborneEoIr;
}

struct Platform {
  core::Vec3 ecef;
  core::Mat3 enu_to_ecef;
  core::Mat3 cov_ecef;
  core::Vec3 vel_ecef;
};

std::optional<Rejection> checkNavigation(const v1::NavigationSolution& n) {
  const auto& p = n.position();
  if (!finite({p.lat_deg(), p.lon_deg(), p.alt_m(), n.vel_east_mps(), n.vel_north_mps(),
               n.vel_up_mps(), n.position_sigma_m(), n.altitude_sigma_m(),
               n.velocity_sigma_mps()})) {
    return Rejection::NonFinite;
  }
  if (!validLatLon(p.lat_deg(), p.lon_deg()) || p.alt_m() < -1000 || p.alt_m() > 100'000 ||
      n.position_sigma_m() < 0 || n.altitude_sigma_m() < 0 || n.velocity_sigma_mps() < 0 ||
      std::hypot(n.vel_east_mps(), n.vel_north_mps()) > 1000) {
    return Rejection::OutOfRange;
  }
  return std::nullopt;
}

Platform platformFrom(const FixedSite& site) {
  return {site.ecef_m, site.enu_to_ecef, core::Mat3::Zero(), core::Vec3::Zero()};
}

Platform platformFrom(const v1::GeoPoint& site) {
  return platformFrom(fixedSite({site.lat_deg(), site.lon_deg(), site.alt_m()}));
}

Platform platformFrom(const v1::NavigationSolution& n) {
  Platform p = platformFrom(n.position());
  const core::Vec3 var{n.position_sigma_m() * n.position_sigma_m(),
                       n.position_sigma_m() * n.position_sigma_m(),
                       n.altitude_sigma_m() * n.altitude_sigma_m()};
  p.cov_ecef = p.enu_to_ecef * var.asDiagonal() * p.enu_to_ecef.transpose();
  p.vel_ecef = p.enu_to_ecef * core::Vec3(n.vel_east_mps(), n.vel_north_mps(), n.vel_up_mps());
  return p;
}

/// A Mode 3/A code: four octal digits (0..7) written as a decimal number, 0000..7777.
bool validModeACode(std::uint32_t code) {
  if (code > 7777) return false;
  for (; code != 0; code /= 10) {
    if (code % 10 > 7) return false;
  }
  return true;
}

std::optional<Rejection> checkPlot(const v1::RadarPlot& r) {
  if (!finite({r.range_m(), r.range_sigma_m(), r.bearing_deg(), r.bearing_sigma_deg(),
               r.range_rate_sigma_mps()}) ||
      (r.has_range_rate_mps() && !std::isfinite(r.range_rate_mps()))) {
    return Rejection::NonFinite;
  }
  if (r.range_m() <= 0 || r.range_m() > kMaxRangeM || r.range_sigma_m() <= 0 ||
      r.bearing_deg() < -360 || r.bearing_deg() > 720 || r.bearing_sigma_deg() <= 0 ||
      r.bearing_sigma_deg() > kMaxBearingSigmaDeg ||
      (r.has_range_rate_mps() &&
       (std::abs(r.range_rate_mps()) > kMaxRangeRateMps || r.range_rate_sigma_mps() <= 0)) ||
      (r.has_mode_a_code() && !validModeACode(r.mode_a_code()))) {
    return Rejection::OutOfRange;
  }
  return std::nullopt;
}

core::PolarMeasurement polarFrom(const Platform& p, double range_m, double range_sigma_m,
                                 double bearing_deg, double bearing_sigma_deg) {
  core::PolarMeasurement m;
  m.sensor_ecef_m = p.ecef;
  m.sensor_enu_to_ecef = p.enu_to_ecef;
  m.sensor_cov_ecef_m2 = p.cov_ecef;
  m.sensor_vel_ecef_mps = p.vel_ecef;
  m.range_m = range_m;
  m.range_sigma_m = range_sigma_m;
  m.bearing_rad = geo::wrapTwoPi(bearing_deg * geo::kDegToRad);
  m.bearing_sigma_rad = bearing_sigma_deg * geo::kDegToRad;
  return m;
}

core::PolarMeasurement polarFrom(const v1::RadarPlot& r, const Platform& p) {
  core::PolarMeasurement m =
      polarFrom(p, r.range_m(), r.range_sigma_m(), r.bearing_deg(), r.bearing_sigma_deg());
  if (r.has_range_rate_mps()) {
    m.range_rate_mps = r.range_rate_mps();
    m.range_rate_sigma_mps = r.range_rate_sigma_mps();
  }
  return m;
}

bool validMmsi(std::uint32_t mmsi) { return mmsi >= 100'000'000u && mmsi <= 999'999'999u; }

}  // namespace

FixedSite fixedSite(const core::GeoPoint& site) {
  return {geo::geodeticToEcef(site), geo::enuToEcefRotation(site.lat_deg, site.lon_deg)};
}

core::PolarMeasurement polarFromFixedSite(const FixedSite& site, double range_m,
                                          double range_sigma_m, double bearing_deg,
                                          double bearing_sigma_deg) {
  return polarFrom(platformFrom(site), range_m, range_sigma_m, bearing_deg, bearing_sigma_deg);
}

core::Timestamp itemTime(const InputItem& item) {
  return std::visit([](const auto& v) { return v.time; }, item);
}

FeedValidator::FeedValidator(const FusiondConfig& config, Counters& counters)
    : config_(config), counters_(counters) {
  for (std::size_t i = 0; i < config_.sensors.size(); ++i) {
    sensor_index_.emplace(config_.sensors[i].info.id, static_cast<core::SensorIndex>(i));
  }
}

std::optional<core::SensorIndex> FeedValidator::sensorIndex(const std::string& id) const {
  const auto it = sensor_index_.find(id);
  if (it == sensor_index_.end()) return std::nullopt;
  return it->second;
}

bool FeedValidator::checkSequence(const std::string& source, std::uint64_t sequence) {
  SourceState& s = sources_[source];
  if (s.last_sequence != 0) {
    if (sequence == 1) {
      counters_.source_restarts.fetch_add(1, std::memory_order_relaxed);
    } else if (sequence <= s.last_sequence) {
      counters_.reject(Rejection::DuplicateSequence);
      return false;
    } else if (sequence > s.last_sequence + 1) {
      counters_.sequence_gaps.fetch_add(sequence - s.last_sequence - 1, std::memory_order_relaxed);
    }
  }
  s.last_sequence = sequence;
  return true;
}

bool FeedValidator::checkTime(std::int64_t time_ns, core::Timestamp reference) {
  if (time_ns < kMinSaneTimeNs || time_ns > kMaxSaneTimeNs) {
    counters_.reject(Rejection::AbsurdTime);
    return false;
  }
  std::optional<core::Timestamp> ref;
  if (config_.input.time_reference == TimeReference::Wall) {
    ref = reference;
  } else {
    ref = newest_data_;
  }
  if (ref) {
    const double ahead_s = (core::Timestamp{time_ns} - *ref).seconds();
    if (ahead_s > config_.input.max_future_s) {
      counters_.reject(Rejection::TooNew);
      return false;
    }
    if (-ahead_s > config_.input.max_age_s) {
      counters_.reject(Rejection::TooOld);
      return false;
    }
  }
  return true;
}

void FeedValidator::noteAccepted(std::int64_t time_ns) {
  if (!newest_data_ || newest_data_->ns < time_ns) newest_data_ = core::Timestamp{time_ns};
  counters_.messages_accepted.fetch_add(1, std::memory_order_relaxed);
}

std::optional<InputItem> FeedValidator::decode(const void* data, std::size_t size,
                                               core::Timestamp reference) {
  counters_.messages_received.fetch_add(1, std::memory_order_relaxed);
  v1::FeedMessage message;
  if (size > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
      !message.ParseFromArray(data, static_cast<int>(size))) {
    counters_.reject(Rejection::Malformed);
    return std::nullopt;
  }
  return validate(message, reference);
}

std::optional<InputItem> FeedValidator::validate(const v1::FeedMessage& message,
                                                 core::Timestamp reference) {
  const v1::Header* header = nullptr;
  switch (message.body_case()) {
    case v1::FeedMessage::kRadarScan: header = &message.radar_scan().header(); break;
    case v1::FeedMessage::kAisPosition: header = &message.ais_position().header(); break;
    case v1::FeedMessage::kAisStatic: header = &message.ais_static().header(); break;
    case v1::FeedMessage::kAircraftContacts: header = &message.aircraft_contacts().header(); break;
    case v1::FeedMessage::kEndOfStream: header = &message.end_of_stream().header(); break;
    case v1::FeedMessage::BODY_NOT_SET: counters_.reject(Rejection::EmptyBody); return std::nullopt;
  }
  if (header->source_id().empty() || header->sequence() == 0) {
    counters_.reject(Rejection::MissingHeader);
    return std::nullopt;
  }
  const std::int64_t t = header->time_ns();

  if (message.body_case() == v1::FeedMessage::kEndOfStream) {
    // Any process may end its stream (a simulator or gateway is not a configured sensor), but
    // sequence state is kept for configured sensors only, so arbitrary names cannot grow it.
    if (sensorIndex(header->source_id()) &&
        !checkSequence(header->source_id(), header->sequence())) {
      return std::nullopt;
    }
    counters_.end_of_streams.fetch_add(1, std::memory_order_relaxed);
    counters_.messages_accepted.fetch_add(1, std::memory_order_relaxed);
    return EndOfStreamItem{header->source_id(), core::Timestamp{t},
                           message.end_of_stream().messages_sent(),
                           message.end_of_stream().reason()};
  }

  const auto index = sensorIndex(header->source_id());
  if (!index) {
    counters_.reject(Rejection::UnknownSource);
    return std::nullopt;
  }
  const SensorConfig& sensor = config_.sensors[*index];
  const core::SensorKind kind = sensor.info.kind;
  const bool kind_ok = [&] {
    switch (message.body_case()) {
      case v1::FeedMessage::kRadarScan: return isRadar(kind);
      case v1::FeedMessage::kAisPosition:
      case v1::FeedMessage::kAisStatic: return kind == core::SensorKind::Ais;
      case v1::FeedMessage::kAircraftContacts: return isAirborne(kind);
      default: return false;
    }
  }();
  if (!kind_ok) {
    counters_.reject(Rejection::WrongSensorKind);
    return std::nullopt;
  }
  // Sequence first: gaps then measure transport loss, whatever the content.
  if (!checkSequence(header->source_id(), header->sequence())) return std::nullopt;
  if (!checkTime(t, reference)) return std::nullopt;

  core::Scan scan;
  scan.time = core::Timestamp{t};
  scan.sensor = *index;
  scan.sensor_kind = kind;
  scan.sequence = header->sequence();

  auto add_polar = [&](const v1::RadarPlot& r, const Platform& p) {
    if (const auto why = checkPlot(r)) {
      counters_.reject(*why);
      return;
    }
    const std::int64_t plot_t = r.time_ns() == 0 ? t : r.time_ns();
    // Compared without subtracting: plot_t is untrusted and plot_t - t can overflow int64
    // (undefined behaviour); t has passed checkTime, so t +/- the skew cannot.
    if (plot_t < t - kMaxPlotSkewNs || plot_t > t + kMaxPlotSkewNs) {
      counters_.reject(Rejection::OutOfRange);
      return;
    }
    core::Measurement m;
    m.time = core::Timestamp{plot_t};
    m.sensor = *index;
    m.sensor_kind = kind;
    m.data = polarFrom(r, p);
    if (r.has_mode_a_code()) m.mode_a_code = r.mode_a_code();
    scan.measurements.push_back(std::move(m));
  };

  switch (message.body_case()) {
    case v1::FeedMessage::kRadarScan: {
      const auto& rs = message.radar_scan();
      Platform platform;
      if (rs.platform().has_fixed_site()) {
        const auto& s = rs.platform().fixed_site();
        if (!finite({s.lat_deg(), s.lon_deg(), s.alt_m()})) {
          counters_.reject(Rejection::NonFinite);
          return std::nullopt;
        }
        if (!validLatLon(s.lat_deg(), s.lon_deg()) || std::abs(s.alt_m()) > 10'000) {
          counters_.reject(Rejection::OutOfRange);
          return std::nullopt;
        }
        platform = platformFrom(s);
      } else if (rs.platform().has_moving()) {
        if (const auto why = checkNavigation(rs.platform().moving())) {
          counters_.reject(*why);
          return std::nullopt;
        }
        platform = platformFrom(rs.platform().moving());
      } else {
        counters_.reject(Rejection::MissingPlatform);
        return std::nullopt;
      }
      scan.sensor_ecef_m = platform.ecef;
      for (const auto& r : rs.plots()) add_polar(r, platform);
      break;
    }
    case v1::FeedMessage::kAircraftContacts: {
      const auto& ac = message.aircraft_contacts();
      if (!ac.has_navigation()) {
        counters_.reject(Rejection::MissingPlatform);
        return std::nullopt;
      }
      if (const auto why = checkNavigation(ac.navigation())) {
        counters_.reject(*why);
        return std::nullopt;
      }
      const Platform platform = platformFrom(ac.navigation());
      scan.sensor_ecef_m = platform.ecef;
      for (const auto& c : ac.contacts()) {
        if (c.has_polar()) {
          add_polar(c.polar(), platform);
        } else if (c.has_geo()) {
          const auto& g = c.geo();
          const auto& p = g.position();
          if (!finite({p.lat_deg(), p.lon_deg(), g.semi_major_sigma_m(), g.semi_minor_sigma_m(),
                       g.orientation_deg()})) {
            counters_.reject(Rejection::NonFinite);
            continue;
          }
          if (!validLatLon(p.lat_deg(), p.lon_deg()) || g.semi_major_sigma_m() < 0 ||
              g.semi_minor_sigma_m() < 0 || g.semi_minor_sigma_m() > g.semi_major_sigma_m()) {
            counters_.reject(Rejection::OutOfRange);
            continue;
          }
          core::PositionMeasurement pm;
          pm.position = {p.lat_deg(), p.lon_deg(), 0.0};
          const double major = g.semi_major_sigma_m() > 0 ? g.semi_major_sigma_m()
                                                          : sensor.default_position_sigma_m;
          const double minor = g.semi_minor_sigma_m() > 0 ? g.semi_minor_sigma_m() : major;
          const double a = g.orientation_deg() * geo::kDegToRad;
          core::Mat2 rot;  // columns: major axis, minor axis, in east/north
          rot << std::sin(a), std::cos(a), std::cos(a), -std::sin(a);
          pm.cov_en_m2 = rot * core::Vec2(major * major, minor * minor).asDiagonal() * rot.transpose();
          core::Measurement m;
          m.time = scan.time;
          m.sensor = *index;
          m.sensor_kind = kind;
          m.data = pm;
          scan.measurements.push_back(std::move(m));
        } else {
          counters_.reject(Rejection::EmptyBody);
        }
      }
      break;
    }
    case v1::FeedMessage::kAisPosition: {
      const auto& a = message.ais_position();
      if (!validMmsi(a.mmsi())) {
        counters_.reject(Rejection::InvalidMmsi);
        return std::nullopt;
      }
      if (!finite({a.lat_deg(), a.lon_deg()}) || (a.has_sog_kn() && !std::isfinite(a.sog_kn())) ||
          (a.has_cog_deg() && !std::isfinite(a.cog_deg()))) {
        counters_.reject(Rejection::NonFinite);
        return std::nullopt;
      }
      // ITU-R M.1371 uses lat 91 / lon 181 for "not available": not a position.
      if (!validLatLon(a.lat_deg(), a.lon_deg()) ||
          (a.has_sog_kn() && (a.sog_kn() < 0 || a.sog_kn() > 102.2)) ||
          (a.has_cog_deg() && (a.cog_deg() < 0 || a.cog_deg() >= 360))) {
        counters_.reject(Rejection::OutOfRange);
        return std::nullopt;
      }
      core::PositionMeasurement pm;
      pm.position = {a.lat_deg(), a.lon_deg(), 0.0};
      const double sigma = a.position_accuracy_high() ? sensor.ais_position_sigma_high_m
                                                      : sensor.ais_position_sigma_low_m;
      pm.cov_en_m2 = core::Mat2::Identity() * sigma * sigma;
      if (a.has_sog_kn() && a.has_cog_deg()) {
        // v = sog (sin cog, cos cog); covariance by first-order propagation of the SOG and COG
        // sigmas. Below 1 kn the course is noise, so the velocity gets an isotropic sigma.
        const double s = a.sog_kn() * geo::kKnotToMps;
        const double c = a.cog_deg() * geo::kDegToRad;
        const double ss = sensor.ais_sog_sigma_kn * geo::kKnotToMps;
        pm.velocity_en_mps = core::Vec2(s * std::sin(c), s * std::cos(c));
        if (a.sog_kn() < 1.0) {
          pm.velocity_cov_en_m2ps2 = core::Mat2::Identity() * (ss * ss + 0.25);
        } else {
          const double sc = sensor.ais_cog_sigma_deg * geo::kDegToRad;
          core::Mat2 j;
          j << std::sin(c), s * std::cos(c), std::cos(c), -s * std::sin(c);
          pm.velocity_cov_en_m2ps2 = j * core::Vec2(ss * ss, sc * sc).asDiagonal() * j.transpose();
        }
      }
      core::Measurement m;
      m.time = scan.time;
      m.sensor = *index;
      m.sensor_kind = kind;
      m.mmsi = a.mmsi();
      m.data = pm;
      scan.measurements.push_back(std::move(m));
      break;
    }
    case v1::FeedMessage::kAisStatic: {
      const auto& s = message.ais_static();
      if (!validMmsi(s.mmsi())) {
        counters_.reject(Rejection::InvalidMmsi);
        return std::nullopt;
      }
      if (s.name().size() > 120 || s.call_sign().size() > 32 || s.ship_type() > 99) {
        counters_.reject(Rejection::OutOfRange);
        return std::nullopt;
      }
      noteAccepted(t);
      return core::IdentityReport{core::Timestamp{t}, *index, s.mmsi(), s.imo(),
                                  s.ship_type(), s.name(), s.call_sign()};
    }
    default: break;
  }
  noteAccepted(t);
  counters_.measurements_accepted.fetch_add(scan.measurements.size(), std::memory_order_relaxed);
  return scan;
}

}  // namespace picket::io
