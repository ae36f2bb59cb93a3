#pragma once
// Alert events as values: what the cueing stage emits and the I/O layer publishes.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "core/track.hpp"

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
  std::vector<PartnerCue> partners;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> evidence;  ///< ordered key/value pairs
  bool operator==(const AlertEvent&) const = default;
};

}  // namespace picket::cueing
