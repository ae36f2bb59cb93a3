#pragma once
// Cursor-on-Target (CoT 2.0) events from fusiond's wire messages: pure functions, no sockets,
// no clock. cot-bridge sends what they return to TAK clients and servers.
//
// Sources (docs/interop.md has the full mapping table):
//  [XSD]   MITRE "CoT Event data model (Version 2.0)", Event-PUBLIC.xsd, MITRE Case #11-3895:
//          <event> requires version, uid, type, time, start, stale, how; <point> requires lat,
//          lon, hae, ce, le; ce is "circular 1-sigma or a circular area about the point in
//          meters", le the same vertically; times are xs:dateTime in UTC.
//  [GUIDE] Butler, "The Developer's Guide to Cursor on Target", MITRE Case #06-0249 (2005):
//          9999999 m as the error (and height) a producer cannot bound; stale before start is
//          the "drop track" convention; how "m-f" fused, "m-p" predicted.
//  [TAK]   TAK detail conventions (ATAK-CIV takcot/xsd/details): <contact callsign>, <track
//          course speed> (degrees true, m/s), <remarks>, <link uid type relation>,
//          <shape><ellipse major minor angle/></shape> on a "u-d-c-e" drawing, and the delete
//          task "t-x-d-d" whose <link uid> names the event to retract (<__forcedelete/> removes
//          it rather than marking it stale).
//
// Every text and attribute value is XML-escaped (& < > " ') and characters XML 1.0 forbids
// (controls other than tab, LF, CR) become spaces, so AIS names cannot break an event.
// Numbers are written locale-independently.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "picket/v1/tracks.pb.h"

namespace picket::io {

/// How tracks and alerts become CoT. Defaults are what docs/interop.md documents.
struct CotOptions {
  /// Validity of a surface track event after its time, seconds (> 0).
  double stale_surface_s = 300.0;
  /// Validity of an air track event after its time, seconds (> 0).
  double stale_air_s = 60.0;
  /// Validity of an alert event (and its prediction ellipses) after its time, seconds (> 0):
  /// about 1.5 x fusiond's `cueing.update_interval_s`, so an open alert stays live until the
  /// next refresh is due.
  double stale_alert_s = 900.0;
  /// Affiliation letter of a surface track identified by AIS and not under an alert:
  /// 'n' (neutral, default) or 'u' (unknown).
  char ais_affiliation = 'n';
  /// Alerts also produce one "u-d-c-e" ellipse event per predicted position (95 %).
  bool prediction_ellipses = true;
  bool operator==(const CotOptions&) const = default;
};

/// Sentinel for a height or error that is not known [GUIDE].
inline constexpr double kCotUnknown = 9999999.0;

/// "picket.<instance>.track.<id>": stable for the track's life. `instance` is the fusiond
/// instance (the message header's source_id).
std::string cotTrackUid(std::string_view instance, std::uint64_t track_id);
/// "picket.<instance>.alert.<alert_id>".
std::string cotAlertUid(std::string_view instance, std::string_view alert_id);
/// "picket.<instance>.alert.<alert_id>.pred.<k>" for the k-th (from 1) predicted position.
std::string cotPredictionUid(std::string_view instance, std::string_view alert_id, int k);

/// The CoT type of a track: "a-<affiliation>-<dimension>" with dimension S (surface) or A
/// (air). Affiliation: 's' (suspect) when `suspect` (an open alert names the track); otherwise
/// 'p' (pending) for a tentative track, `options.ais_affiliation` for a surface track with an
/// MMSI, 'u' (unknown) for the rest.
std::string cotTrackType(const v1::Track& track, bool suspect, const CotOptions& options);

/// Why a track cannot become a CoT event (missing id or header, non-finite or out-of-range
/// position, time before 1970 or after 2200); nullopt when it can. The reason is a short
/// counter name ("non_finite", "position_out_of_range", ...).
std::optional<std::string> cotRejectReason(const v1::Track& track);
/// The same for an alert: its track, an empty alert_id, non-finite predictions or confidence.
std::optional<std::string> cotRejectReason(const v1::Alert& alert);

/// ISO 8601 UTC with milliseconds and "Z" ("2026-03-01T12:00:00.000Z"), from ns since the
/// Unix epoch (the fraction is truncated toward the past).
std::string cotTime(std::int64_t time_ns);

/// One <event> for a track (no XML declaration): time = start = the track's time, stale by
/// domain (coasting tracks half of it), how "m-f", point with ce from the horizontal
/// covariance (1-sigma along the major axis), hae and le for air tracks (9999999 for surface
/// tracks, whose height is not estimated), detail: contact callsign (AIS name, else
/// "MMSI <n>", else "TRK-<id>"), track course/speed, remarks. Precondition: no reject reason.
std::string cotTrackEvent(const v1::Track& track, bool suspect, const CotOptions& options);

/// The events of one alert event, in sending order. Open/updated/escalated: the alert at the
/// track's position (type a-s-S or a-s-A, remarks with rule, severity, state, confidence,
/// reason, predictions, partners, jurisdiction; link to the track), then one ellipse per
/// prediction when enabled. Closed: the alert event with stale one millisecond before start
/// (MITRE's drop-track), then a t-x-d-d delete (with <__forcedelete/>) for the alert and for
/// each prediction ellipse. Precondition: no reject reason.
std::vector<std::string> cotAlertEvents(const v1::Alert& alert, const CotOptions& options);

/// The retraction of a deleted track: the track event (of the type it had: `suspect` as for
/// cotTrackEvent) with stale one millisecond before start (MITRE drop-track), then a t-x-d-d
/// delete without <__forcedelete/> (TAK clients mark the marker stale and age it out as for
/// any stale track).
std::vector<std::string> cotTrackRetraction(const v1::Track& track, bool suspect,
                                            const CotOptions& options);

/// A TAK delete task ("t-x-d-d") for the event `uid` of type `type` at `time_ns`.
std::string cotDeleteEvent(std::string_view uid, std::string_view type, std::int64_t time_ns,
                           bool force);

/// Lower-case names of the wire enums ("confirmed", "high", "open", ...; "unspecified" for
/// anything else), shared by the CoT remarks and the GeoJSON properties.
const char* trackStatusName(v1::TrackStatus status);
const char* severityName(v1::Severity severity);
const char* alertStateName(v1::AlertState state);

/// `text` with & < > " ' escaped and XML-forbidden characters replaced by spaces.
std::string xmlEscape(std::string_view text);

/// The XML declaration cot-bridge puts before an event sent alone in a UDP datagram.
inline constexpr std::string_view kCotXmlDeclaration =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";

}  // namespace picket::io
