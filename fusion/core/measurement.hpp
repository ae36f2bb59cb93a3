#pragma once
// Measurements as plain values: what the I/O layer hands the tracker after validation.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"

namespace picket::core {

/// A range/bearing detection from a sensor whose position is known.
/// Fixed sites have zero platform covariance; moving platforms carry their navigation
/// uncertainty, which the measurement model folds into the measurement noise.
struct PolarMeasurement {
  Vec3 sensor_ecef_m = Vec3::Zero();           ///< antenna position, ECEF metres
  Mat3 sensor_enu_to_ecef = Mat3::Identity();  ///< local frame at the antenna (bearing reference)
  Mat3 sensor_cov_ecef_m2 = Mat3::Zero();      ///< antenna position covariance, ECEF
  Vec3 sensor_vel_ecef_mps = Vec3::Zero();     ///< platform velocity, ECEF (for range rate)
  double range_m = 0.0;                        ///< slant range, > 0
  double range_sigma_m = 0.0;                  ///< 1-sigma, > 0
  double bearing_rad = 0.0;                    ///< clockwise from true north, [0, 2 pi)
  double bearing_sigma_rad = 0.0;              ///< 1-sigma, > 0
  std::optional<double> range_rate_mps;        ///< positive opening
  double range_rate_sigma_mps = 0.0;
  bool operator==(const PolarMeasurement&) const = default;
};

/// A geolocated detection or self-reported position (AIS), with horizontal covariance in the
/// local east-north frame at the point. An optional velocity (AIS SOG/COG) is a second
/// measurement of the same instant.
struct PositionMeasurement {
  GeoPoint position;  ///< alt_m is a measurement only when altitude_sigma_m is set
  /// Set when the altitude is measured too (geolocated air contacts, ADS-B, Mode C): 1-sigma.
  std::optional<double> altitude_sigma_m;
  Mat2 cov_en_m2 = Mat2::Identity();           ///< east/north covariance, m^2
  std::optional<Vec2> velocity_en_mps;         ///< east/north velocity, m/s
  Mat2 velocity_cov_en_m2ps2 = Mat2::Identity();
  bool operator==(const PositionMeasurement&) const = default;
};

/// One measurement of one target by one sensor.
struct Measurement {
  Timestamp time;
  SensorIndex sensor = 0;
  SensorKind sensor_kind = SensorKind::CoastalRadar;
  std::uint32_t mmsi = 0;  ///< cooperative identity carried by the measurement; 0 = none
  /// Mode 3/A code of a secondary-radar reply correlated with the plot (octal digits written
  /// as a decimal number, 0..7777); none = no reply or a primary-only sensor.
  std::optional<std::uint32_t> mode_a_code;
  std::variant<PolarMeasurement, PositionMeasurement> data;
  bool operator==(const Measurement&) const = default;
};

/// Measurements of one sensor at (nearly) one time: the unit the tracker associates together.
/// Within a scan each target produces at most one measurement.
struct Scan {
  Timestamp time;            ///< the scan's reference time; plots may carry their own
  SensorIndex sensor = 0;
  SensorKind sensor_kind = SensorKind::CoastalRadar;
  std::uint64_t sequence = 0;  ///< source sequence number, for the defined processing order
  /// Where the sensor was (ECEF), for non-cooperative sensors: tracks within its coverage that
  /// get no measurement from this scan count a missed detection. Absent for AIS.
  std::optional<Vec3> sensor_ecef_m;
  std::vector<Measurement> measurements;
  bool operator==(const Scan&) const = default;
};

/// Cooperative identity data (AIS static and voyage data) for an MMSI.
struct IdentityReport {
  Timestamp time;
  SensorIndex sensor = 0;
  std::uint32_t mmsi = 0;
  std::uint32_t imo = 0;
  std::uint32_t ship_type = 0;
  std::string name;
  std::string call_sign;
  bool operator==(const IdentityReport&) const = default;
};

}  // namespace picket::core
