#include "io/cot.hpp"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <numbers>

namespace picket::io {

namespace {

constexpr std::int64_t kNsPerSecond = 1'000'000'000;
constexpr std::int64_t kNsPerMs = 1'000'000;
// 1970-01-01 .. 2200-01-01: a generous window that every valid Picket time lies in.
constexpr std::int64_t kMaxTimeNs = 7'258'118'400LL * kNsPerSecond;
// sqrt of the chi-square 95 % quantile with 2 degrees of freedom (5.9915): turns a 95 %
// semi-axis back into a 1-sigma one.
constexpr double kSigmaPer95 = 1.0 / 2.447746830680816;
constexpr double kMpsPerKnot = 1852.0 / 3600.0;

/// Fixed-point, locale-independent; "-0.0" becomes "0.0".
std::string fixed(double v, int decimals) {
  if (v == 0.0) v = 0.0;
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  return std::string(buf, r.ptr);
}

void attr(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  out += xmlEscape(value);
  out += '"';
}

std::int64_t secondsToNs(double s) { return std::llround(s * 1e9); }

/// <event ...> with the seven required attributes [XSD].
void openEvent(std::string& out, std::string_view uid, std::string_view type,
               std::string_view how, std::int64_t time_ns, std::int64_t stale_ns) {
  out += "<event";
  attr(out, "version", "2.0");
  attr(out, "uid", uid);
  attr(out, "type", type);
  attr(out, "how", how);
  attr(out, "time", cotTime(time_ns));
  attr(out, "start", cotTime(time_ns));
  attr(out, "stale", cotTime(stale_ns));
  out += '>';
}

struct CotPoint {
  double lat_deg = 0;
  double lon_deg = 0;
  double hae_m = kCotUnknown;
  double ce_m = kCotUnknown;
  double le_m = kCotUnknown;
};

void writePoint(std::string& out, const CotPoint& p) {
  out += "<point";
  attr(out, "lat", fixed(p.lat_deg, 7));
  attr(out, "lon", fixed(p.lon_deg, 7));
  attr(out, "hae", fixed(p.hae_m, 1));
  attr(out, "ce", fixed(p.ce_m, 1));
  attr(out, "le", fixed(p.le_m, 1));
  out += "/>";
}

double boundedError(double sigma_m) {
  if (!std::isfinite(sigma_m) || sigma_m < 0) return kCotUnknown;
  return std::min(sigma_m, kCotUnknown);
}

/// ce: the 1-sigma of the horizontal covariance along its major axis (the square root of the
/// larger eigenvalue of the east-north block), so the circle holds the 1-sigma ellipse. le:
/// the 1-sigma of the up component, for air tracks. Unknown (9999999) when the covariance is
/// missing or not finite.
CotPoint trackPoint(const v1::Track& t) {
  CotPoint p;
  p.lat_deg = t.position().lat_deg();
  p.lon_deg = t.position().lon_deg();
  const auto& c = t.covariance_enu();
  if (c.size() == 36) {
    const double ee = c[0];
    const double en = 0.5 * (c[1] + c[6]);
    const double nn = c[7];
    const double half_trace = 0.5 * (ee + nn);
    const double root = std::hypot(0.5 * (ee - nn), en);
    p.ce_m = boundedError(std::sqrt(half_trace + root));
  }
  if (t.domain() == v1::DOMAIN_AIR) {
    p.hae_m = std::isfinite(t.position().alt_m()) ? t.position().alt_m() : kCotUnknown;
    if (c.size() == 36) p.le_m = boundedError(std::sqrt(c[14]));
  }
  return p;
}

double speedMps(const v1::Track& t) { return std::hypot(t.vel_east_mps(), t.vel_north_mps()); }

/// Degrees true in [0, 360); 0 for a track at rest.
double courseDeg(const v1::Track& t) {
  if (speedMps(t) == 0.0) return 0.0;
  double deg = std::atan2(t.vel_east_mps(), t.vel_north_mps()) * 180.0 / std::numbers::pi;
  if (deg < 0) deg += 360.0;
  return deg >= 360.0 ? 0.0 : deg;
}

/// AIS names are padded with spaces or '@' (ITU-R M.1371: '@' is "not available").
std::string trimmedName(const std::string& name) {
  std::size_t end = name.size();
  while (end > 0 && (name[end - 1] == ' ' || name[end - 1] == '@')) --end;
  std::size_t begin = 0;
  while (begin < end && name[begin] == ' ') ++begin;
  return name.substr(begin, end - begin);
}

std::string trackLabel(std::uint64_t id) { return "TRK-" + std::to_string(id); }

std::string callsign(const v1::Track& t) {
  const std::string name = trimmedName(t.identity().name());
  if (!name.empty()) return name;
  if (t.identity().mmsi() != 0) return "MMSI " + std::to_string(t.identity().mmsi());
  return trackLabel(t.track_id());
}

std::string upper(const char* name) {
  std::string out(name);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string latLonText(const v1::GeoPoint& p) {
  std::string s = fixed(std::abs(p.lat_deg()), 4);
  s += p.lat_deg() >= 0 ? "N " : "S ";
  s += fixed(std::abs(p.lon_deg()), 4);
  s += p.lon_deg() >= 0 ? "E" : "W";
  return s;
}

std::string trackRemarks(const v1::Track& t) {
  std::string r = "Picket " + trackLabel(t.track_id()) + " (" + trackStatusName(t.status()) + ", " +
                  (t.domain() == v1::DOMAIN_AIR ? "air" : "surface") + "), " +
                  fixed(speedMps(t) / kMpsPerKnot, 1) + " kn, course " + fixed(courseDeg(t), 0);
  const auto& id = t.identity();
  if (id.mmsi() != 0) {
    r += "; MMSI " + std::to_string(id.mmsi());
    if (id.imo() != 0) r += ", IMO " + std::to_string(id.imo());
    if (!trimmedName(id.call_sign()).empty()) r += ", call sign " + trimmedName(id.call_sign());
  }
  if (t.sensors_size() > 0) {
    r += "; sensors";
    for (int i = 0; i < t.sensors_size(); ++i) r += (i == 0 ? " " : ", ") + t.sensors(i).sensor_id();
  }
  return r;
}

void writeTrackDetail(std::string& out, const v1::Track& t) {
  out += "<track";
  attr(out, "course", fixed(courseDeg(t), 1));
  attr(out, "speed", fixed(speedMps(t), 2));
  out += "/>";
}

void writeRemarks(std::string& out, std::string_view text) {
  out += "<remarks>";
  out += xmlEscape(text);
  out += "</remarks>";
}

void writeContact(std::string& out, std::string_view callsign_text) {
  out += "<contact";
  attr(out, "callsign", callsign_text);
  out += "/>";
}

void writeLink(std::string& out, std::string_view uid, std::string_view type,
               std::string_view relation) {
  out += "<link";
  attr(out, "uid", uid);
  attr(out, "type", type);
  attr(out, "relation", relation);
  out += "/>";
}

std::int64_t trackStaleNs(const v1::Track& t, const CotOptions& o) {
  double s = t.domain() == v1::DOMAIN_AIR ? o.stale_air_s : o.stale_surface_s;
  if (t.status() == v1::TRACK_STATUS_COASTING) s *= 0.5;
  return t.header().time_ns() + secondsToNs(s);
}

/// The track event with the given stale time (a retraction passes one before start).
std::string trackEvent(const v1::Track& t, bool suspect, const CotOptions& o,
                       std::int64_t stale_ns, std::string_view remarks_suffix) {
  const std::string uid = cotTrackUid(t.header().source_id(), t.track_id());
  std::string out;
  out.reserve(768);
  openEvent(out, uid, cotTrackType(t, suspect, o), "m-f", t.header().time_ns(), stale_ns);
  writePoint(out, trackPoint(t));
  out += "<detail>";
  writeContact(out, callsign(t));
  writeTrackDetail(out, t);
  writeRemarks(out, trackRemarks(t) + std::string(remarks_suffix));
  out += "</detail></event>";
  return out;
}

bool finite(double v) { return std::isfinite(v); }

bool validPoint(const v1::GeoPoint& p) {
  return finite(p.lat_deg()) && finite(p.lon_deg()) && finite(p.alt_m());
}

bool inRange(const v1::GeoPoint& p) {
  return std::abs(p.lat_deg()) <= 90.0 && std::abs(p.lon_deg()) <= 180.0;
}

std::string alertRemarks(const v1::Alert& a) {
  const auto& t = a.track();
  std::string r = "ALERT " + a.rule() + " " + upper(severityName(a.severity())) + " " +
                  upper(alertStateName(a.state())) + ", confidence " + fixed(a.confidence(), 2) + "\n";
  if (!a.reason().empty()) r += a.reason() + "\n";
  r += trackLabel(t.track_id()) + " at " + latLonText(t.position()) + ", " +
       fixed(speedMps(t) / kMpsPerKnot, 1) + " kn, course " + fixed(courseDeg(t), 0) + "\n";
  for (const auto& p : a.predicted()) {
    const double minutes = static_cast<double>(p.time_ns() - a.header().time_ns()) / 60e9;
    r += '+';
    r += fixed(minutes, 0) + " min (" + cotTime(p.time_ns()) + "): " +
         latLonText(p.position()) + ", 95 % ellipse " + fixed(p.semi_major_95_m() / 1000.0, 1) +
         " x " + fixed(p.semi_minor_95_m() / 1000.0, 1) + " km, major axis " +
         fixed(p.orientation_deg(), 0) + "\n";
  }
  if (a.partners_size() > 0) {
    r += "Cue:";
    for (int i = 0; i < a.partners_size(); ++i) {
      const auto& p = a.partners(i);
      r += (i == 0 ? " " : "; ") + p.partner_id();
      if (!p.name().empty()) r += " " + p.name();
      if (!p.basis().empty()) r += " (" + p.basis() + ")";
    }
    r += "\n";
  }
  if (a.jurisdiction_size() > 0) {
    // One entry per position (the track's, then each prediction's): say which is which.
    r += "Jurisdiction:";
    for (int i = 0; i < a.jurisdiction_size(); ++i) {
      const auto& j = a.jurisdiction(i);
      const double minutes = static_cast<double>(j.time_ns() - a.header().time_ns()) / 60e9;
      r += i == 0 ? " " : "; ";
      if (std::abs(minutes) < 0.5) {
        r += "now";
      } else {
        r += '+';
        r += fixed(minutes, 0) + " min";
      }
      r += " " + j.description();
    }
    r += "\n";
  }
  if (!a.flag_state().empty()) r += "Flag state: " + a.flag_state() + "\n";
  if (a.related_track_ids_size() > 0) {
    r += "Related tracks:";
    for (int i = 0; i < a.related_track_ids_size(); ++i) {
      r += (i == 0 ? " " : ", ") + trackLabel(a.related_track_ids(i));
    }
    r += "\n";
  }
  r += "Alert " + a.alert_id() + ", stream sequence " + std::to_string(a.stream_sequence());
  return r;
}

std::string predictionEvent(const v1::Alert& a, int k, const CotOptions& o) {
  const auto& p = a.predicted(k - 1);
  const std::string& instance = a.header().source_id();
  const std::int64_t time_ns = a.header().time_ns();
  std::string out;
  out.reserve(768);
  openEvent(out, cotPredictionUid(instance, a.alert_id(), k), "u-d-c-e", "m-p", time_ns,
            time_ns + secondsToNs(o.stale_alert_s));
  CotPoint point;
  point.lat_deg = p.position().lat_deg();
  point.lon_deg = p.position().lon_deg();
  if (a.track().domain() == v1::DOMAIN_AIR) point.hae_m = p.position().alt_m();
  point.ce_m = boundedError(p.semi_major_95_m() * kSigmaPer95);
  writePoint(out, point);
  out += "<detail><shape><ellipse";
  attr(out, "major", fixed(p.semi_major_95_m(), 1));
  attr(out, "minor", fixed(p.semi_minor_95_m(), 1));
  attr(out, "angle", fixed(p.orientation_deg(), 1));
  out += "/></shape>";
  const double minutes = static_cast<double>(p.time_ns() - time_ns) / 60e9;
  const std::string label = trackLabel(a.track().track_id()) + " +" + fixed(minutes, 0) + " min";
  writeContact(out, label);
  // ATAK drawing styles: signed 32-bit ARGB (opaque red outline, 25 % red fill).
  out += R"(<strokeColor value="-65536"/><fillColor value="1090453504"/>)"
         R"(<strokeWeight value="2.0"/><labels_on value="true"/>)";
  writeLink(out, cotAlertUid(instance, a.alert_id()), cotTrackType(a.track(), true, o), "p-p");
  writeRemarks(out, "Predicted position of " + trackLabel(a.track().track_id()) + " at " +
                        cotTime(p.time_ns()) + " (95 % ellipse) for alert " + a.alert_id() +
                        " (" + a.rule() + ")");
  out += "</detail></event>";
  return out;
}

}  // namespace

std::string cotTrackUid(std::string_view instance, std::uint64_t track_id) {
  std::string s = "picket.";
  s += instance;
  s += ".track.";
  s += std::to_string(track_id);
  return s;
}

std::string cotAlertUid(std::string_view instance, std::string_view alert_id) {
  std::string s = "picket.";
  s += instance;
  s += ".alert.";
  s += alert_id;
  return s;
}

std::string cotPredictionUid(std::string_view instance, std::string_view alert_id, int k) {
  return cotAlertUid(instance, alert_id) + ".pred." + std::to_string(k);
}

std::string cotTrackType(const v1::Track& track, bool suspect, const CotOptions& options) {
  char affiliation = 'u';
  if (suspect) {
    affiliation = 's';
  } else if (track.status() == v1::TRACK_STATUS_TENTATIVE) {
    affiliation = 'p';
  } else if (track.domain() != v1::DOMAIN_AIR && track.identity().mmsi() != 0) {
    affiliation = options.ais_affiliation;
  }
  std::string type = "a-";
  type += affiliation;
  type += track.domain() == v1::DOMAIN_AIR ? "-A" : "-S";
  return type;
}

std::optional<std::string> cotRejectReason(const v1::Track& track) {
  if (!track.has_header() || track.header().source_id().empty()) return "no_header";
  if (track.track_id() == 0) return "no_track_id";
  if (track.header().time_ns() < 0 || track.header().time_ns() >= kMaxTimeNs) {
    return "time_out_of_range";
  }
  if (!track.has_position() || !validPoint(track.position()) || !finite(track.vel_east_mps()) ||
      !finite(track.vel_north_mps()) || !finite(track.vel_up_mps())) {
    return "non_finite";
  }
  if (!inRange(track.position())) return "position_out_of_range";
  return std::nullopt;
}

std::optional<std::string> cotRejectReason(const v1::Alert& alert) {
  if (!alert.has_header() || alert.header().source_id().empty()) return "no_header";
  if (alert.alert_id().empty()) return "no_alert_id";
  if (alert.header().time_ns() < 0 || alert.header().time_ns() >= kMaxTimeNs) {
    return "time_out_of_range";
  }
  if (!alert.has_track()) return "no_track";
  if (auto r = cotRejectReason(alert.track())) return r;
  if (!finite(alert.confidence())) return "non_finite";
  for (const auto& p : alert.predicted()) {
    if (!validPoint(p.position()) || !finite(p.semi_major_95_m()) ||
        !finite(p.semi_minor_95_m()) || !finite(p.orientation_deg())) {
      return "non_finite";
    }
    if (!inRange(p.position())) return "position_out_of_range";
    if (p.time_ns() < 0 || p.time_ns() >= kMaxTimeNs) return "time_out_of_range";
  }
  return std::nullopt;
}

std::string cotTime(std::int64_t time_ns) {
  std::int64_t seconds = time_ns / kNsPerSecond;
  std::int64_t rest = time_ns % kNsPerSecond;
  if (rest < 0) {
    rest += kNsPerSecond;
    --seconds;
  }
  const std::time_t s = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out(buf, n);
  const int ms = static_cast<int>(rest / kNsPerMs);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", ms);
  out += frac;
  return out;
}

std::string cotTrackEvent(const v1::Track& track, bool suspect, const CotOptions& options) {
  return trackEvent(track, suspect, options, trackStaleNs(track, options), "");
}

std::vector<std::string> cotTrackRetraction(const v1::Track& track, bool suspect,
                                            const CotOptions& options) {
  const std::int64_t t = track.header().time_ns();
  std::vector<std::string> out;
  out.push_back(trackEvent(track, suspect, options, t - kNsPerMs, "; track deleted"));
  out.push_back(cotDeleteEvent(cotTrackUid(track.header().source_id(), track.track_id()),
                               cotTrackType(track, suspect, options), t, false));
  return out;
}

std::vector<std::string> cotAlertEvents(const v1::Alert& alert, const CotOptions& options) {
  const auto& t = alert.track();
  const std::string& instance = alert.header().source_id();
  const std::string uid = cotAlertUid(instance, alert.alert_id());
  const std::string type = cotTrackType(t, true, options);
  const std::int64_t time_ns = alert.header().time_ns();
  const bool closed = alert.state() == v1::ALERT_STATE_CLOSED;
  const std::int64_t stale_ns =
      closed ? time_ns - kNsPerMs : time_ns + secondsToNs(options.stale_alert_s);

  std::string event;
  event.reserve(1536);
  openEvent(event, uid, type, "m-f", time_ns, stale_ns);
  writePoint(event, trackPoint(t));
  event += "<detail>";
  writeContact(event, "ALERT " + alert.rule() + " " + trackLabel(t.track_id()));
  writeTrackDetail(event, t);
  writeLink(event, cotTrackUid(t.header().source_id(), t.track_id()), type, "p-p");
  writeRemarks(event, alertRemarks(alert));
  event += "</detail></event>";

  std::vector<std::string> out;
  out.push_back(std::move(event));
  if (closed) {
    out.push_back(cotDeleteEvent(uid, type, time_ns, true));
    for (int k = 1; k <= alert.predicted_size(); ++k) {
      out.push_back(cotDeleteEvent(cotPredictionUid(instance, alert.alert_id(), k), "u-d-c-e",
                                   time_ns, true));
    }
  } else if (options.prediction_ellipses) {
    for (int k = 1; k <= alert.predicted_size(); ++k) out.push_back(predictionEvent(alert, k, options));
  }
  return out;
}

std::string cotDeleteEvent(std::string_view uid, std::string_view type, std::int64_t time_ns,
                           bool force) {
  std::string out;
  out.reserve(512);
  // The task itself stays valid for a minute, long enough to cross a TAK server.
  openEvent(out, std::string(uid) + ".delete", "t-x-d-d", "m-f", time_ns,
            time_ns + 60 * kNsPerSecond);
  writePoint(out, CotPoint{});
  out += "<detail>";
  writeLink(out, uid, type, "none");
  if (force) out += "<__forcedelete/>";
  out += "</detail></event>";
  return out;
}

const char* trackStatusName(v1::TrackStatus status) {
  switch (status) {
    case v1::TRACK_STATUS_TENTATIVE: return "tentative";
    case v1::TRACK_STATUS_CONFIRMED: return "confirmed";
    case v1::TRACK_STATUS_COASTING: return "coasting";
    case v1::TRACK_STATUS_DELETED: return "deleted";
    default: return "unspecified";
  }
}

const char* severityName(v1::Severity severity) {
  switch (severity) {
    case v1::SEVERITY_INFO: return "info";
    case v1::SEVERITY_LOW: return "low";
    case v1::SEVERITY_MEDIUM: return "medium";
    case v1::SEVERITY_HIGH: return "high";
    case v1::SEVERITY_CRITICAL: return "critical";
    default: return "unspecified";
  }
}

const char* alertStateName(v1::AlertState state) {
  switch (state) {
    case v1::ALERT_STATE_OPEN: return "open";
    case v1::ALERT_STATE_UPDATED: return "updated";
    case v1::ALERT_STATE_ESCALATED: return "escalated";
    case v1::ALERT_STATE_CLOSED: return "closed";
    default: return "unspecified";
  }
}

std::string xmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: {
        const auto u = static_cast<unsigned char>(c);
        // XML 1.0 section 2.2: no control characters but tab, LF and CR, not even escaped.
        // Kept in text content (the remarks' line breaks); in attributes a parser normalises
        // them to spaces anyway [XML 1.0 section 3.3.3].
        if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += ' ';
        } else if (u == 0x7f) {
          out += ' ';
        } else {
          out += c;
        }
      }
    }
  }
  return out;
}

}  // namespace picket::io
