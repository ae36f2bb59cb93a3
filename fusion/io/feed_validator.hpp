#pragma once
// Untrusted input stops here: a FeedMessage is parsed, checked field by field and converted
// into core value types, or refused with a counted reason. Nothing past this point sees a
// generated protobuf type, a NaN or an unknown sensor.
//
// Threading: used by the ingest thread only (it keeps per-source sequence state).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/measurement.hpp"
#include "io/config.hpp"
#include "io/counters.hpp"

namespace picket::v1 {
class FeedMessage;
}

namespace picket::io {

/// A source said it has sent everything.
struct EndOfStreamItem {
  std::string source_id;
  core::Timestamp time;
  std::uint64_t messages_sent = 0;
  std::string reason;
  bool operator==(const EndOfStreamItem&) const = default;
};

/// A fixed sensor site: its antenna position and local east-north-up frame (bearing reference).
struct FixedSite {
  core::Vec3 ecef_m = core::Vec3::Zero();
  core::Mat3 enu_to_ecef = core::Mat3::Identity();
  bool operator==(const FixedSite&) const = default;
};

/// The site at a geodetic point (lat/lon in degrees, WGS 84; alt_m above the ellipsoid).
FixedSite fixedSite(const core::GeoPoint& site);

/// A range/bearing plot from a fixed site, exactly as FeedValidator builds it from a radar
/// scan of a fixed site: zero site covariance and velocity, no range rate.
/// `range_m` > 0 and `range_sigma_m` > 0, metres; `bearing_deg` clockwise from true north,
/// any turn (wrapped to [0, 360)); `bearing_sigma_deg` > 0, degrees. The caller validates.
core::PolarMeasurement polarFromFixedSite(const FixedSite& site, double range_m,
                                          double range_sigma_m, double bearing_deg,
                                          double bearing_sigma_deg);

/// What the ingest thread hands the tracker thread.
using InputItem = std::variant<core::Scan, core::IdentityReport, EndOfStreamItem>;

/// Time of an input item, for ordering.
core::Timestamp itemTime(const InputItem& item);

class FeedValidator {
 public:
  /// `counters` must outlive the validator.
  FeedValidator(const FusiondConfig& config, Counters& counters);

  /// Parses and validates one payload. Returns nullopt when the whole message was refused
  /// (the reason is counted); individual bad plots inside a good message are dropped and
  /// counted, the rest kept. `reference` is the wall clock now (TimeReference::Wall) and is
  /// ignored in TimeReference::Data mode.
  std::optional<InputItem> decode(const void* data, std::size_t size, core::Timestamp reference);

  /// Validates an already-parsed message (same rules as decode).
  std::optional<InputItem> validate(const v1::FeedMessage& message, core::Timestamp reference);

  /// Index of a configured sensor, or nullopt.
  [[nodiscard]] std::optional<core::SensorIndex> sensorIndex(const std::string& id) const;

 private:
  struct SourceState {
    std::uint64_t last_sequence = 0;
  };
  bool checkSequence(const std::string& source, std::uint64_t sequence);
  bool checkTime(std::int64_t time_ns, core::Timestamp reference);
  void noteAccepted(std::int64_t time_ns);

  const FusiondConfig& config_;
  Counters& counters_;
  std::map<std::string, core::SensorIndex> sensor_index_;
  std::map<std::string, SourceState> sources_;
  std::optional<core::Timestamp> newest_data_;
};

}  // namespace picket::io
