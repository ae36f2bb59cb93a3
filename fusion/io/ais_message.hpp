#pragma once
// Decoded AIS messages (ITU-R M.1371-5, Annex 8, section 3): plain value types holding each
// field as transmitted (raw integers in the standard's units), with the standard's
// "not available" sentinels kept as they are (longitude 181 deg = 108,600,000 in 1/10,000
// minute, SOG 1023, COG 3600, heading 511, ...). Scaling is left to the consumer (the gpsd
// JSON writer, the feed converter), so nothing is lost or rounded here.
//
// decodeMessage() is allocation-free: text fields are fixed-size arrays.
// Threading: free functions and value types.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "io/ais_bits.hpp"
#include "io/ais_nmea.hpp"

namespace picket::io::ais {

/// Fixed-capacity text decoded from 6-bit ASCII (ITU-R M.1371-5 Annex 8, Table 47).
template <std::size_t N>
struct Text {
  std::array<char, N> chars{};
  std::uint8_t size = 0;
  [[nodiscard]] std::string_view view() const { return {chars.data(), size}; }
  bool operator==(const Text& o) const { return view() == o.view(); }
};

// "Not available" values defined by ITU-R M.1371-5 (Table 45 and others).
inline constexpr std::int32_t kLonNotAvailable = 181 * 600000;  ///< 1/10,000 minute
inline constexpr std::int32_t kLatNotAvailable = 91 * 600000;
inline constexpr std::uint16_t kSogNotAvailable = 1023;         ///< 1/10 knot
inline constexpr std::uint16_t kCogNotAvailable = 3600;         ///< 1/10 degree
inline constexpr std::uint16_t kHeadingNotAvailable = 511;      ///< degrees
inline constexpr std::int8_t kRotNotAvailable = -128;

/// Messages 1, 2, 3: position report, class A (Table 45).
struct PositionReportA {
  std::uint8_t status = 15;     ///< navigational status 0..15 (15 = not defined)
  std::int8_t turn = kRotNotAvailable;  ///< ROT_AIS = 4.733 sqrt(deg/min), signed; +-127 fast
  std::uint16_t speed = kSogNotAvailable;  ///< SOG, 1/10 kn; 1022 = 102.2 kn or more
  bool accuracy = false;        ///< position accuracy flag: true = better than 10 m
  std::int32_t lon = kLonNotAvailable;  ///< 1/10,000 minute, east positive
  std::int32_t lat = kLatNotAvailable;  ///< 1/10,000 minute, north positive
  std::uint16_t course = kCogNotAvailable;  ///< COG, 1/10 degree
  std::uint16_t heading = kHeadingNotAvailable;  ///< true heading, degrees
  std::uint8_t second = 60;     ///< UTC second of the fix; 60 = not available, 61-63 special
  std::uint8_t maneuver = 0;    ///< special manoeuvre indicator
  bool raim = false;
  std::uint32_t radio = 0;      ///< communication state, 19 bits
  bool operator==(const PositionReportA&) const = default;
};

/// Message 4: base station report (Table 46). Also the layout of message 11.
struct BaseStationReport {
  std::uint16_t year = 0;  ///< 1..9999, 0 = not available
  std::uint8_t month = 0, day = 0, hour = 24, minute = 60, second = 60;
  bool accuracy = false;
  std::int32_t lon = kLonNotAvailable;
  std::int32_t lat = kLatNotAvailable;
  std::uint8_t epfd = 0;   ///< type of electronic position fixing device (7 = surveyed)
  bool raim = false;
  std::uint32_t radio = 0;
  bool operator==(const BaseStationReport&) const = default;
};

/// Message 5: static and voyage related data, class A (Table 48).
struct StaticVoyageData {
  std::uint8_t ais_version = 0;
  std::uint32_t imo = 0;       ///< 0 = not available
  Text<7> callsign;
  Text<20> shipname;
  std::uint8_t shiptype = 0;   ///< type of ship and cargo, 0..99 (0 = not available)
  std::uint16_t to_bow = 0, to_stern = 0;  ///< metres from the position reference point
  std::uint8_t to_port = 0, to_starboard = 0;
  std::uint8_t epfd = 0;
  std::uint8_t month = 0, day = 0, hour = 24, minute = 60;  ///< ETA
  std::uint8_t draught = 0;    ///< 1/10 m
  Text<20> destination;
  bool dte = false;            ///< data terminal equipment ready = false (0)
  bool operator==(const StaticVoyageData&) const = default;
};

/// Message 9: standard SAR aircraft position report (Table 54).
struct SarAircraftReport {
  std::uint16_t alt = 4095;    ///< altitude (GNSS), metres; 4095 = not available
  std::uint16_t speed = kSogNotAvailable;  ///< SOG, whole knots (not tenths); 1023 = n/a
  bool accuracy = false;
  std::int32_t lon = kLonNotAvailable;
  std::int32_t lat = kLatNotAvailable;
  std::uint16_t course = kCogNotAvailable;  ///< 1/10 degree
  std::uint8_t second = 60;
  std::uint8_t regional = 0;   ///< altitude sensor / regional application, 8 bits
  bool dte = false;
  bool assigned = false;
  bool raim = false;
  std::uint32_t radio = 0;     ///< 20 bits
  bool operator==(const SarAircraftReport&) const = default;
};

/// The position fields that messages 18 and 19 share, at the same bit offsets (Tables 67, 68).
struct ClassBPosition {
  std::uint8_t reserved = 0;   ///< regional reserved, 8 bits
  std::uint16_t speed = kSogNotAvailable;  ///< 1/10 kn
  bool accuracy = false;
  std::int32_t lon = kLonNotAvailable;
  std::int32_t lat = kLatNotAvailable;
  std::uint16_t course = kCogNotAvailable;
  std::uint16_t heading = kHeadingNotAvailable;
  std::uint8_t second = 60;
  std::uint8_t regional = 0;   ///< 2 bits (message 18), 4 bits (message 19)
  bool operator==(const ClassBPosition&) const = default;
};

/// Message 18: standard class B position report (Table 67).
struct PositionReportB : ClassBPosition {
  bool cs = false, display = false, dsc = false, band = false, msg22 = false, assigned = false;
  bool raim = false;
  std::uint32_t radio = 0;     ///< 20 bits
  bool operator==(const PositionReportB&) const = default;
};

/// Message 19: extended class B position report (Table 68).
struct ExtendedPositionReportB : ClassBPosition {
  Text<20> shipname;
  std::uint8_t shiptype = 0;
  std::uint16_t to_bow = 0, to_stern = 0;
  std::uint8_t to_port = 0, to_starboard = 0;
  std::uint8_t epfd = 0;
  bool raim = false, dte = false, assigned = false;
  bool operator==(const ExtendedPositionReportB&) const = default;
};

/// Message 21: aid-to-navigation report (Table 72), name and name extension joined.
struct AidToNavigationReport {
  std::uint8_t aid_type = 0;   ///< 0..31 (Table 73)
  Text<34> name;               ///< 20 characters plus up to 14 of extension
  bool accuracy = false;
  std::int32_t lon = kLonNotAvailable;
  std::int32_t lat = kLatNotAvailable;
  std::uint16_t to_bow = 0, to_stern = 0;
  std::uint8_t to_port = 0, to_starboard = 0;
  std::uint8_t epfd = 0;
  std::uint8_t second = 60;
  bool off_position = false;
  std::uint8_t regional = 0;   ///< AtoN status, 8 bits
  bool raim = false, virtual_aid = false, assigned = false;
  bool operator==(const AidToNavigationReport&) const = default;
};

/// Message 24: static data report, class B; part A (Table 76) or part B (Table 77).
struct StaticDataReport {
  std::uint8_t part = 0;       ///< 0 = part A (name), 1 = part B (type, vendor, call sign, size)
  Text<20> shipname;           ///< part A
  std::uint8_t shiptype = 0;   ///< part B onwards
  Text<7> vendorid;            ///< 42-bit vendor ID as 7 characters (as gpsd prints it)
  std::uint8_t model = 0;      ///< unit model code, 4 bits (ITU-R M.1371-4 and later)
  std::uint32_t serial = 0;    ///< unit serial number, 20 bits
  Text<7> callsign;
  std::uint16_t to_bow = 0, to_stern = 0;
  std::uint8_t to_port = 0, to_starboard = 0;
  std::uint32_t mothership_mmsi = 0;  ///< instead of dimensions, for auxiliary craft (98xxxxxxx)
  bool operator==(const StaticDataReport&) const = default;
};

/// Message 27: long-range AIS broadcast (Table 81).
struct LongRangePositionReport {
  bool accuracy = false;
  bool raim = false;
  std::uint8_t status = 15;
  std::int32_t lon = 181 * 600;  ///< 1/10 minute; 181 deg = not available
  std::int32_t lat = 91 * 600;
  std::uint8_t speed = 63;       ///< whole knots, 63 = not available
  std::uint16_t course = 511;    ///< whole degrees, 511 = not available
  bool gnss = false;             ///< position latency bit: false = < 5 s, true = > 5 s
  bool operator==(const LongRangePositionReport&) const = default;
};

/// A decoded message: the common header (type, repeat indicator, MMSI) and its body.
struct Message {
  std::uint8_t type = 0;      ///< 1..27
  std::uint8_t repeat = 0;    ///< repeat indicator 0..3
  std::uint32_t mmsi = 0;     ///< 30-bit source identifier (MMSI)
  std::variant<PositionReportA, BaseStationReport, StaticVoyageData, SarAircraftReport,
               PositionReportB, ExtendedPositionReportB, AidToNavigationReport,
               StaticDataReport, LongRangePositionReport>
      body;
};

/// Whether decodeMessage() decodes this message type (1, 2, 3, 4, 5, 9, 18, 19, 21, 24, 27).
bool isSupportedType(unsigned type);

/// Decodes a complete message from its bits. Refusals: UnsupportedType (a type not listed
/// above, or message 24 with part number 2 or 3), ShortPayload (fewer bits than the type's
/// fixed fields).
std::optional<Reject> decodeMessage(const Bits& bits, Message& out);

}  // namespace picket::io::ais
