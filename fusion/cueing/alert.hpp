#pragma once
// Alert events as values: what the cueing stage emits and the I/O layer publishes.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "core/track.hpp"
#include "cueing/jurisdiction.hpp"

namespace picket::cueing {

enum class Severity : std::uint8_t { Info, Low, Medium, High, Critical };
enum class AlertState : std::uint8_t { Open, Updated, Escalated, Closed };

const char* toString(Severity s);
const char* toString(AlertState s);

/// Where a track is predicted to be, with its 95 % horizontal uncertainty ellipse.
struct Prediction {
  core::Timestamp time;
  core::GeoPoint position;
  double semi_major_95_m = 0.0;
  double semi_minor_95_m = 0.0;
  double orientation_rad = 0.0;  ///< major axis, clockwise from true north
  bool operator==(const Prediction&) const = default;
};

/// A partner with authority at a place, and the basis for it.
struct PartnerCue {
  std::string partner_id;
  std::string name;
  std::string basis;
  bool operator==(const PartnerCue&) const = default;
};

/// The jurisdiction at one of the cue's positions.
struct JurisdictionCue {
  core::Timestamp time;        ///< the track's time, or a prediction's
  core::GeoPoint position;
  Jurisdiction jurisdiction;
  bool operator==(const JurisdictionCue&) const = default;
};

/// One event in an alert's life. The stream sequence number is assigned by the publisher.
struct AlertEvent {
  std::string alert_id;
  std::string rule;
  Severity severity = Severity::Medium;
  AlertState state = AlertState::Open;
  double confidence = 0.0;
  core::Timestamp time;
  core::Track track;                    ///< snapshot at `time`
  core::GeoPoint track_position;        ///< geodetic position of the snapshot
  std::vector<Prediction> predicted;
  /// Other tracks of the finding (the other vessel of a rendezvous, a twin on one MMSI).
  std::vector<core::TrackId> related_tracks;
  /// Jurisdiction at the track's position, then at each predicted position.
  std::vector<JurisdictionCue> jurisdiction;
  /// Flag state (ISO 3166-1 alpha-3) from the MMSI's MID, when the track has an MMSI.
  std::string flag_state;
  std::vector<PartnerCue> partners;
  /// IDs of the partners this event may be released to (each receives only these).
  std::vector<std::string> releasable_to;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> evidence;  ///< ordered key/value pairs
  bool operator==(const AlertEvent&) const = default;
};

}  // namespace picket::cueing
