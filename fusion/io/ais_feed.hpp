#pragma once
// Decoded AIS messages -> Picket feed messages (proto/picket/v1/sensors.proto), exactly what
// fusiond's FeedValidator accepts from an AIS sensor (the same fields sensors-sim's AIS
// receiver fills):
//
//   1, 2, 3 (class A), 18 (class B), 19 (class B), 27 (long range), 9 (SAR aircraft)
//       -> AisPositionReport: position, SOG, COG, heading (absent when "not available"),
//          navigational status, the position-accuracy flag, receive time.
//   5 (class A), 19, 24 A and B (class B)
//       -> AisStaticData: name, call sign, IMO, ship type, dimensions (5: destination,
//          draught). fusiond replaces a vessel's whole identity on each report, so the
//          converter merges the parts it has seen per MMSI (24 A carries the name, 24 B the
//          call sign and type) and always publishes the merged record.
//   4 (base station), 21 (aid to navigation)
//       -> nothing: they are fixed shore and sea-mark stations, not vessels; publishing them as
//          AIS position reports would make fusiond hold tracks on buoys and towers. They are
//          counted (Skip::BaseStation, Skip::AidToNavigation).
//
// Times: header.time_ns is the time of the fix: the receive time moved back to the message's
// UTC second field (ITU-R M.1371-5 "time stamp", 0-59) when it has one (a fix is usually a
// second or two older than its reception, satellite AIS much more); received_time_ns is the
// receive time. Static data carry the receive time.
//
// Threading: one owner thread.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/time.hpp"
#include "io/ais_decoder.hpp"

namespace picket::v1 {
class FeedMessage;
}

namespace picket::io::ais {

/// Why a decoded message produced no feed message.
enum class Skip : std::uint8_t {
  BaseStation,          ///< message 4
  AidToNavigation,      ///< message 21
  InvalidMmsi,          ///< not a 9-digit MMSI (fusiond refuses them)
  PositionUnavailable,  ///< lat 91 / lon 181 or outside [-90, 90] x [-180, 180]
  kCount,
};
const char* toString(Skip s);

/// What one decoded message becomes: up to two feed messages (19 is both a position report
/// and static data).
struct FeedOutput {
  int count = 0;
  std::optional<Skip> skipped;
};

class FeedConverter {
 public:
  /// `source_id` must be an AIS sensor configured in fusiond. `max_vessels` bounds the
  /// per-MMSI static-data cache (oldest forgotten first), >= 1.
  explicit FeedConverter(std::string source_id, std::size_t max_vessels = 100'000);

  /// Converts `m`, received at `receive_time`. Fills out[0] (and out[1]) with complete feed
  /// messages, headers included; sequence numbers are taken from `next_sequence`, which is
  /// advanced by the number of messages produced.
  FeedOutput convert(const DecodedMessage& m, core::Timestamp receive_time,
                     std::uint64_t& next_sequence, v1::FeedMessage out[2]);

  /// The time of a position fix received at `receive_time` with UTC second `second`
  /// (0..59; anything else = no time stamp: the receive time itself): the latest instant
  /// with that second at or before receive + 2 s (the receiver's clock may lag the
  /// transmitter's). When that is more than 10 s before the reception, one of the clocks is
  /// wrong and the receive time is returned instead.
  static core::Timestamp fixTime(core::Timestamp receive_time, unsigned second);

 private:
  struct Identity {
    std::uint32_t imo = 0;
    std::uint32_t ship_type = 0;
    std::string name, call_sign, destination;
    std::uint32_t to_bow = 0, to_stern = 0, to_port = 0, to_starboard = 0;
    double draught_m = 0;
    bool class_a = false;
  };
  Identity& identity(std::uint32_t mmsi);

  std::string source_id_;
  std::size_t max_vessels_;
  std::unordered_map<std::uint32_t, Identity> identities_;
  std::deque<std::uint32_t> insertion_order_;
};

}  // namespace picket::io::ais
