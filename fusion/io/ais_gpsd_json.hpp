#pragma once
// gpsd-compatible AIS JSON: one object per decoded message, with the field names, order,
// scaling and number formats of gpsd's AIS reports (gpsd_json(5), "AIS"; the reference is
// gpsd's regression output `gpsdecode -j` (scaled) and `gpsdecode -u -j` (unscaled) for
// test/sample.aivdm, which tests/unit/io/ais_gpsd_json_test.cpp compares byte for byte).
// Each object ends with "\r\n", as gpsd's do.
//
// Scaled: lat/lon in degrees with 7 decimals (message 27: 4), speed in knots and course in
// degrees with one decimal (message 9's speed is whole knots, message 27's speed and course
// are whole units), turn as a string: "n/a", "fastleft", "fastright" or deg/min with two
// decimals; draught in metres. Unscaled: the raw integers (1/10,000 minute, 1/10 kn, ...).
//
// Message 24 follows gpsd: part A is held back (by MMSI, the last kMaxPendingType24 names)
// and one merged record is written when its part B arrives; a part B with no part A before
// it writes nothing.
//
// Threading: one owner thread.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "io/ais_message.hpp"

namespace picket::io::ais {

/// Text of ITU-R M.1371-5 code tables, as gpsd prints them.
const char* navStatusText(unsigned status);  ///< navigational status 0..15
const char* shipTypeText(unsigned type);     ///< type of ship and cargo 0..255
const char* epfdText(unsigned epfd);         ///< position fixing device 0..15
const char* aidTypeText(unsigned type);      ///< aid-to-navigation type 0..31 (Table 73)

class GpsdJsonWriter {
 public:
  static constexpr std::size_t kMaxPendingType24 = 64;

  /// `device` is printed as the "device" field (gpsdecode prints "stdin"); empty = omitted.
  /// `scaled` selects gpsdecode -j (true) or -u -j (false) output.
  explicit GpsdJsonWriter(std::string device = "stdin", bool scaled = true);

  /// Appends the object for `m` to `out`. Returns false, appending nothing, when gpsd would
  /// print nothing for it (message 24 part A held back; part B without part A).
  bool write(const Message& m, std::string& out);

 private:
  struct PendingName {
    std::uint32_t mmsi = 0;
    Text<20> name;
  };
  std::string device_;
  bool scaled_;
  std::array<PendingName, kMaxPendingType24> pending_{};
  std::size_t next_pending_ = 0;
};

}  // namespace picket::io::ais
