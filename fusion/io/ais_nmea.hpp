#pragma once
// NMEA 0183 AIS sentences (!AIVDM / !AIVDO, IEC 61162-1 and ITU-R M.1371-5 Annex 8) with an
// optional NMEA 4.0 tag block in front and receiver metadata behind the checksum.
//
//   \g:1-2-1604,s:rORBCOMM008,c:1418169601*37\!AIVDM,2,1,6,A,53@o0E00...,0*63,r003669946,1152921693
//   `-------------- tag block ---------------'`--------- sentence ---------'`--- trailer ---'
//
// parseSentence() is allocation-free: every text field of the result is a view into the line,
// so the line must outlive the Sentence. Nothing here throws on bad input: a refusal is a
// Reject reason, which the caller counts.
//
// Threading: free functions, no state; safe from any thread.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace picket::io::ais {

/// Why a line, a fragment or a message was refused. Every reason has a counter
/// (AisCounters) and a stable name (toString) that appears in ais-gateway's reports.
enum class Reject : std::uint8_t {
  NotAis,            ///< another NMEA sentence ($GPRMC, $PGHP, !AIPWR...) or text: ignored, counted
  LineTooLong,       ///< longer than kMaxLineBytes (a broken stream or binary junk)
  NonAscii,          ///< a byte outside printable ASCII in the tag block or sentence
  MissingChecksum,   ///< no "*hh" after the sentence
  BadChecksum,       ///< "*hh" does not match the XOR of the sentence
  BadTagBlock,       ///< tag block unterminated, malformed or with a wrong checksum
  BadField,          ///< wrong field count, fragment numbers, channel, fill bits...
  BadPayload,        ///< a payload character outside the 6-bit armouring alphabet
  PayloadTooLong,    ///< reassembled payload beyond kMaxPayloadChars (more than 5 slots)
  OrphanFragment,    ///< a fragment n > 1 with no message in progress expecting it
  IncompleteMessage, ///< a multi-fragment message dropped unfinished (timeout, restart, eviction)
  UnsupportedType,   ///< a well-formed message of a type this decoder does not decode
  ShortPayload,      ///< fewer bits than the message type needs (ITU-R M.1371-5 tables)
  kCount,
};

/// Stable snake_case name of a reason ("bad_checksum").
const char* toString(Reject r);

/// Longest line accepted, bytes (tag block + sentence + trailer). NMEA allows 82 characters
/// per sentence; tag blocks, receiver trailers and over-long single-sentence messages seen in
/// the wild stay well below this.
inline constexpr std::size_t kMaxLineBytes = 1024;

/// NMEA 4.0 tag block fields (IEC 61162-1:2016 section 7.9) that the gateway uses.
struct TagBlock {
  bool present = false;
  /// c: receiver time, seconds since the Unix epoch (integer; values above 1e11 are taken as
  /// milliseconds, which some receivers send).
  std::optional<std::int64_t> unix_time_ms;
  std::string_view source;  ///< s: source / station identifier; empty when absent
  /// g: sentence grouping "n-m-id" (sentence n of m of group id); m == 0 when absent.
  std::uint8_t group_number = 0;
  std::uint8_t group_count = 0;
  std::uint32_t group_id = 0;
};

/// One parsed AIS sentence. Views point into the parsed line.
struct Sentence {
  TagBlock tag;
  std::string_view talker;   ///< "AI", "AB", "BS", ... (two characters)
  bool own_ship = false;     ///< VDO (own vessel) rather than VDM
  std::uint8_t fragment_count = 1;   ///< 1..9
  std::uint8_t fragment_number = 1;  ///< 1..fragment_count
  std::int8_t sequence_id = -1;      ///< sequential message identifier 0..9; -1 = empty field
  char channel = '\0';               ///< 'A', 'B', '1', '2'... ; '\0' = empty field
  std::string_view payload;          ///< 6-bit armoured characters, validated
  std::uint8_t fill_bits = 0;        ///< 0..5
  /// Receiver time from a USCG-style trailer (",r<station>,<unix seconds>" after the
  /// checksum), milliseconds since the Unix epoch; absent when there is none.
  std::optional<std::int64_t> trailer_time_ms;
};

/// Parses one line (without or with its trailing CR/LF). Returns the reason on refusal.
/// Accepted: optional leading whitespace, optional tag block, "!ccVDM" or "!ccVDO" with at
/// least 7 comma-separated fields (Navico's extra field before the checksum is tolerated),
/// "*hh" checksum, anything after it (receiver metadata). `out` is only meaningful on success.
std::optional<Reject> parseSentence(std::string_view line, Sentence& out);

/// The receiver's own GNSS clock, from a $--RMC (UTC time and date) or $--ZDA (UTC time, day,
/// month, year) sentence interleaved with the AIS sentences, as shipborne NMEA multiplexers
/// and receivers with a GNSS output send it; ms since the Unix epoch. nullopt for any other
/// line, a bad checksum, a void fix (RMC status 'V') or an impossible date. A two-digit year
/// (RMC always; some ZDA senders) is 1980-2079. A tag block in front is skipped.
std::optional<std::int64_t> parseClockSentence(std::string_view line);

/// Value 0..63 of a 6-bit armoured payload character (ITU-R M.1371-5 Annex 8, Table 44's
/// encoding: '0'..'W' = 0..39, '`'..'w' = 40..63), or 0xFF for any other byte.
inline std::uint8_t sixbitValue(unsigned char c) {
  constexpr auto kTable = [] {
    std::array<std::uint8_t, 256> t{};
    for (auto& v : t) v = 0xFF;
    for (int ch = '0'; ch <= 'W'; ++ch) t[static_cast<std::size_t>(ch)] = static_cast<std::uint8_t>(ch - 48);
    for (int ch = '`'; ch <= 'w'; ++ch) t[static_cast<std::size_t>(ch)] = static_cast<std::uint8_t>(ch - 56);
    return t;
  }();
  return kTable[c];
}

/// XOR of the bytes, as NMEA checksums are computed.
std::uint8_t nmeaChecksum(std::string_view bytes);

}  // namespace picket::io::ais
