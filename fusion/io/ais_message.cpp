#include "io/ais_message.hpp"

namespace picket::io::ais {

namespace {

/// ITU-R M.1371-5 Annex 8, Table 47: 6-bit ASCII. Value 0 is '@', 1..31 are 'A'..'_'
/// (ASCII 65..95), 32..63 are ' '..'?' (ASCII 32..63).
char sixbitAscii(std::uint32_t v) {
  return static_cast<char>(v < 32 ? v + 64 : v);
}

/// `count` characters from bit `start`, as transmitters pad them: text ends at the first '@'
/// and trailing spaces are padding too. (gpsd and libais read text the same way.) Appends to
/// `out` after its current content; characters beyond N are dropped.
template <std::size_t N>
void appendText(const Bits& b, std::size_t start, std::size_t count, Text<N>& out) {
  for (std::size_t i = 0; i < count && out.size < N; ++i) {
    const std::size_t bit = start + 6 * i;
    if (bit + 6 > b.size()) break;
    const char c = sixbitAscii(b.u(bit, 6));
    if (c == '@') break;
    out.chars[out.size++] = c;
  }
}

template <std::size_t N>
void trimRight(Text<N>& t) {
  while (t.size > 0 && t.chars[t.size - 1] == ' ') --t.size;
}

template <std::size_t N>
Text<N> text(const Bits& b, std::size_t start, std::size_t count) {
  Text<N> t;
  appendText(b, start, count, t);
  trimRight(t);
  return t;
}

template <typename T>
T narrow(std::uint32_t v) {
  return static_cast<T>(v);
}

// Minimum lengths, bits. Messages shorter than the standard's length are accepted when every
// field the decoder reads is present: several transmitters drop trailing spare bits (message
// 5 is often sent as 420 bits, message 24 part B without its spare).
constexpr std::size_t kMinBits[28] = {
    0,   // 0: none
    149, 149, 149,  // 1-3: Table 45 is 168 bits; accepted without (part of) the radio status
    168,  // 4: Table 46
    0, 0, 0, 0,  // 5 handled below; 6-8 unsupported
    168,  // 9: Table 54
    0, 0, 0, 0, 0, 0, 0, 0,  // 10-17 unsupported
    168,  // 18: Table 67
    312,  // 19: Table 68
    0,    // 20 unsupported
    272,  // 21: Table 72 (without name extension)
    0, 0,  // 22-23 unsupported
    160,  // 24 part A: Table 76; part B checked below
    0, 0,  // 25-26 unsupported
    96,   // 27: Table 81
};
constexpr std::size_t kMinBitsType5 = 420;   // Table 48 is 424 bits; DTE and spare are often cut
constexpr std::size_t kMinBitsType24B = 162;  // Table 77 is 168 bits; the last 6 are spare

PositionReportA decode123(const Bits& b) {
  PositionReportA m;  // Table 45
  m.status = narrow<std::uint8_t>(b.u(38, 4));
  m.turn = narrow<std::int8_t>(b.s(42, 8));
  m.speed = narrow<std::uint16_t>(b.u(50, 10));
  m.accuracy = b.flag(60);
  m.lon = b.s(61, 28);
  m.lat = b.s(89, 27);
  m.course = narrow<std::uint16_t>(b.u(116, 12));
  m.heading = narrow<std::uint16_t>(b.u(128, 9));
  m.second = narrow<std::uint8_t>(b.u(137, 6));
  m.maneuver = narrow<std::uint8_t>(b.u(143, 2));
  m.raim = b.flag(148);
  m.radio = b.u(149, 19);
  return m;
}

BaseStationReport decode4(const Bits& b) {
  BaseStationReport m;  // Table 46
  m.year = narrow<std::uint16_t>(b.u(38, 14));
  m.month = narrow<std::uint8_t>(b.u(52, 4));
  m.day = narrow<std::uint8_t>(b.u(56, 5));
  m.hour = narrow<std::uint8_t>(b.u(61, 5));
  m.minute = narrow<std::uint8_t>(b.u(66, 6));
  m.second = narrow<std::uint8_t>(b.u(72, 6));
  m.accuracy = b.flag(78);
  m.lon = b.s(79, 28);
  m.lat = b.s(107, 27);
  m.epfd = narrow<std::uint8_t>(b.u(134, 4));
  m.raim = b.flag(148);
  m.radio = b.u(149, 19);
  return m;
}

StaticVoyageData decode5(const Bits& b) {
  StaticVoyageData m;  // Table 48
  m.ais_version = narrow<std::uint8_t>(b.u(38, 2));
  m.imo = b.u(40, 30);
  m.callsign = text<7>(b, 70, 7);
  m.shipname = text<20>(b, 112, 20);
  m.shiptype = narrow<std::uint8_t>(b.u(232, 8));
  m.to_bow = narrow<std::uint16_t>(b.u(240, 9));
  m.to_stern = narrow<std::uint16_t>(b.u(249, 9));
  m.to_port = narrow<std::uint8_t>(b.u(258, 6));
  m.to_starboard = narrow<std::uint8_t>(b.u(264, 6));
  m.epfd = narrow<std::uint8_t>(b.u(270, 4));
  m.month = narrow<std::uint8_t>(b.u(274, 4));
  m.day = narrow<std::uint8_t>(b.u(278, 5));
  m.hour = narrow<std::uint8_t>(b.u(283, 5));
  m.minute = narrow<std::uint8_t>(b.u(288, 6));
  m.draught = narrow<std::uint8_t>(b.u(294, 8));
  m.destination = text<20>(b, 302, 20);
  m.dte = b.flag(422);
  return m;
}

SarAircraftReport decode9(const Bits& b) {
  SarAircraftReport m;  // Table 54
  m.alt = narrow<std::uint16_t>(b.u(38, 12));
  m.speed = narrow<std::uint16_t>(b.u(50, 10));
  m.accuracy = b.flag(60);
  m.lon = b.s(61, 28);
  m.lat = b.s(89, 27);
  m.course = narrow<std::uint16_t>(b.u(116, 12));
  m.second = narrow<std::uint8_t>(b.u(128, 6));
  m.regional = narrow<std::uint8_t>(b.u(134, 8));
  m.dte = b.flag(142);
  m.assigned = b.flag(146);
  m.raim = b.flag(147);
  m.radio = b.u(148, 20);
  return m;
}

/// Bits 38-138 (plus the regional field) of messages 18 and 19 (Tables 67 and 68).
void decodeClassBPosition(const Bits& b, unsigned regional_bits, ClassBPosition& m) {
  m.reserved = narrow<std::uint8_t>(b.u(38, 8));
  m.speed = narrow<std::uint16_t>(b.u(46, 10));
  m.accuracy = b.flag(56);
  m.lon = b.s(57, 28);
  m.lat = b.s(85, 27);
  m.course = narrow<std::uint16_t>(b.u(112, 12));
  m.heading = narrow<std::uint16_t>(b.u(124, 9));
  m.second = narrow<std::uint8_t>(b.u(133, 6));
  m.regional = narrow<std::uint8_t>(b.u(139, regional_bits));
}

PositionReportB decode18(const Bits& b) {
  PositionReportB m;  // Table 67
  decodeClassBPosition(b, 2, m);
  m.cs = b.flag(141);
  m.display = b.flag(142);
  m.dsc = b.flag(143);
  m.band = b.flag(144);
  m.msg22 = b.flag(145);
  m.assigned = b.flag(146);
  m.raim = b.flag(147);
  m.radio = b.u(148, 20);
  return m;
}

ExtendedPositionReportB decode19(const Bits& b) {
  ExtendedPositionReportB m;  // Table 68
  decodeClassBPosition(b, 4, m);
  m.shipname = text<20>(b, 143, 20);
  m.shiptype = narrow<std::uint8_t>(b.u(263, 8));
  m.to_bow = narrow<std::uint16_t>(b.u(271, 9));
  m.to_stern = narrow<std::uint16_t>(b.u(280, 9));
  m.to_port = narrow<std::uint8_t>(b.u(289, 6));
  m.to_starboard = narrow<std::uint8_t>(b.u(295, 6));
  m.epfd = narrow<std::uint8_t>(b.u(301, 4));
  m.raim = b.flag(305);
  m.dte = b.flag(306);
  m.assigned = b.flag(307);
  return m;
}

AidToNavigationReport decode21(const Bits& b) {
  AidToNavigationReport m;  // Table 72
  m.aid_type = narrow<std::uint8_t>(b.u(38, 5));
  appendText(b, 43, 20, m.name);
  m.accuracy = b.flag(163);
  m.lon = b.s(164, 28);
  m.lat = b.s(192, 27);
  m.to_bow = narrow<std::uint16_t>(b.u(219, 9));
  m.to_stern = narrow<std::uint16_t>(b.u(228, 9));
  m.to_port = narrow<std::uint8_t>(b.u(237, 6));
  m.to_starboard = narrow<std::uint8_t>(b.u(243, 6));
  m.epfd = narrow<std::uint8_t>(b.u(249, 4));
  m.second = narrow<std::uint8_t>(b.u(253, 6));
  m.off_position = b.flag(259);
  m.regional = narrow<std::uint8_t>(b.u(260, 8));
  m.raim = b.flag(268);
  m.virtual_aid = b.flag(269);
  m.assigned = b.flag(270);
  // The name extension (0..84 bits, whole characters) follows the spare bit at 271.
  if (b.size() >= 272 + 6) appendText(b, 272, (b.size() - 272) / 6, m.name);
  trimRight(m.name);
  return m;
}

StaticDataReport decode24(const Bits& b, std::uint32_t mmsi) {
  StaticDataReport m;  // Table 76 (part A) and Table 77 (part B)
  m.part = narrow<std::uint8_t>(b.u(38, 2));
  if (m.part == 0) {
    m.shipname = text<20>(b, 40, 20);
    return m;
  }
  m.shiptype = narrow<std::uint8_t>(b.u(40, 8));
  m.vendorid = text<7>(b, 48, 7);
  m.model = narrow<std::uint8_t>(b.u(66, 4));
  m.serial = b.u(70, 20);
  m.callsign = text<7>(b, 90, 7);
  // Auxiliary craft (MMSI 98MIDxxxx) send their mother ship's MMSI instead of dimensions.
  if (mmsi / 10'000'000 == 98) {
    m.mothership_mmsi = b.u(132, 30);
  } else {
    m.to_bow = narrow<std::uint16_t>(b.u(132, 9));
    m.to_stern = narrow<std::uint16_t>(b.u(141, 9));
    m.to_port = narrow<std::uint8_t>(b.u(150, 6));
    m.to_starboard = narrow<std::uint8_t>(b.u(156, 6));
  }
  return m;
}

LongRangePositionReport decode27(const Bits& b) {
  LongRangePositionReport m;  // Table 81
  m.accuracy = b.flag(38);
  m.raim = b.flag(39);
  m.status = narrow<std::uint8_t>(b.u(40, 4));
  m.lon = b.s(44, 18);
  m.lat = b.s(62, 17);
  m.speed = narrow<std::uint8_t>(b.u(79, 6));
  m.course = narrow<std::uint16_t>(b.u(85, 9));
  m.gnss = b.flag(94);
  return m;
}

}  // namespace

bool isSupportedType(unsigned type) {
  switch (type) {
    case 1: case 2: case 3: case 4: case 5: case 9: case 18: case 19: case 21: case 24: case 27:
      return true;
    default: return false;
  }
}

std::optional<Reject> decodeMessage(const Bits& bits, Message& out) {
  if (bits.size() < 38) return Reject::ShortPayload;  // type, repeat and MMSI: 38 bits
  out.type = static_cast<std::uint8_t>(bits.u(0, 6));
  out.repeat = static_cast<std::uint8_t>(bits.u(6, 2));
  out.mmsi = bits.u(8, 30);
  if (!isSupportedType(out.type)) return Reject::UnsupportedType;
  std::size_t min_bits = kMinBits[out.type];
  if (out.type == 5) min_bits = kMinBitsType5;
  if (out.type == 24) {
    if (bits.size() < 40) return Reject::ShortPayload;
    const auto part = bits.u(38, 2);
    if (part > 1) return Reject::UnsupportedType;  // parts 2 and 3 are not defined
    if (part == 1) min_bits = kMinBitsType24B;
  }
  if (bits.size() < min_bits) return Reject::ShortPayload;
  switch (out.type) {
    case 1: case 2: case 3: out.body = decode123(bits); break;
    case 4: out.body = decode4(bits); break;
    case 5: out.body = decode5(bits); break;
    case 9: out.body = decode9(bits); break;
    case 18: out.body = decode18(bits); break;
    case 19: out.body = decode19(bits); break;
    case 21: out.body = decode21(bits); break;
    case 24: out.body = decode24(bits, out.mmsi); break;
    case 27: out.body = decode27(bits); break;
    default: return Reject::UnsupportedType;
  }
  return std::nullopt;
}

}  // namespace picket::io::ais
