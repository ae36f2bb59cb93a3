#pragma once
// The fused track as a value type.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"

namespace picket::core {

/// Cooperative identity learnt from AIS.
struct Identity {
  std::uint32_t mmsi = 0;  ///< 0 = none
  std::uint32_t imo = 0;
  std::uint32_t ship_type = 0;
  std::string name;
  std::string call_sign;
  bool operator==(const Identity&) const = default;
};

/// What one sensor has contributed to a track.
struct SensorContribution {
  SensorIndex sensor = 0;
  Timestamp last_update;
  std::uint64_t updates = 0;
  bool operator==(const SensorContribution&) const = default;
};

/// Everything the tracker knows about one target, including its state estimate.
struct Track {
  TrackId id = 0;
  Vec6 x = Vec6::Zero();     ///< ECEF position (m) and velocity (m/s)
  Mat6 P = Mat6::Identity();
  Timestamp time;            ///< time of validity of x and P
  TrackStatus status = TrackStatus::Tentative;
  Domain domain = Domain::Surface;
  Identity identity;
  Timestamp created;
  Timestamp last_update;
  std::optional<Timestamp> last_cooperative_update;     ///< last AIS update, if any
  std::optional<Timestamp> last_noncooperative_update;  ///< last radar/EO-IR update, if any
  /// Secondary radar: the latest update by a sensor that interrogates transponders, the latest
  /// update that carried a reply, and that reply's Mode 3/A code.
  std::optional<Timestamp> last_interrogated_update;
  std::optional<Timestamp> last_transponder_update;
  std::optional<std::uint32_t> mode_a_code;
  std::uint32_t updates = 0;
  std::uint32_t noncooperative_updates = 0;
  std::uint32_t cooperative_updates = 0;
  /// Detection history over non-cooperative scan opportunities, newest in bit 0.
  std::uint32_t hit_history = 0;
  std::uint8_t opportunities = 0;  ///< how many bits of hit_history are meaningful (<= 32)
  std::vector<SensorContribution> sensors;  ///< sorted by sensor index
  bool operator==(const Track&) const = default;
};

}  // namespace picket::core
