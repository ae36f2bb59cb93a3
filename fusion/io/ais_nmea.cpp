#include "io/ais_nmea.hpp"

namespace picket::io::ais {

namespace {

bool printable(unsigned char c) { return c >= 0x20 && c < 0x7F; }

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/// Two hex digits at s[0], s[1], or -1.
int hexByte(std::string_view s) {
  if (s.size() < 2) return -1;
  const int hi = hexValue(s[0]);
  const int lo = hexValue(s[1]);
  return (hi < 0 || lo < 0) ? -1 : hi * 16 + lo;
}

/// Unsigned decimal of at most `max_digits` digits; nullopt if empty, not digits or too long.
std::optional<std::uint64_t> parseUnsigned(std::string_view s, std::size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return std::nullopt;
  std::uint64_t v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

/// Splits off the text up to the next `sep` (or the end); advances `s` past the separator.
std::string_view nextField(std::string_view& s, char sep) {
  const std::size_t p = s.find(sep);
  std::string_view f = s.substr(0, p);
  s = (p == std::string_view::npos) ? std::string_view{} : s.substr(p + 1);
  return f;
}

/// Receiver time in ms from a c: value in seconds (or ms when implausibly large for seconds).
std::int64_t unixTimeMs(std::uint64_t v) {
  // 1e11 s is the year 5138: anything larger is a millisecond count.
  return v >= 100'000'000'000ULL ? static_cast<std::int64_t>(v)
                                 : static_cast<std::int64_t>(v) * 1000;
}

/// NMEA 4.0 tag block content between the backslashes: "k:v,k:v*hh" (IEC 61162-1:2016 7.9).
/// Unknown parameters (d:, n:, r:, t:, q:, T: ...) are skipped.
std::optional<Reject> parseTagBlock(std::string_view body, TagBlock& tag) {
  const std::size_t star = body.rfind('*');
  if (star == std::string_view::npos || star + 3 != body.size()) return Reject::BadTagBlock;
  const int want = hexByte(body.substr(star + 1));
  std::string_view fields = body.substr(0, star);
  if (want < 0 || nmeaChecksum(fields) != want) return Reject::BadTagBlock;
  tag.present = true;
  while (!fields.empty()) {
    const std::string_view f = nextField(fields, ',');
    if (f.size() < 2 || f[1] != ':') return Reject::BadTagBlock;
    const std::string_view v = f.substr(2);
    switch (f[0]) {
      case 'c': {
        const auto t = parseUnsigned(v, 14);
        if (!t) return Reject::BadTagBlock;
        tag.unix_time_ms = unixTimeMs(*t);
        break;
      }
      case 's': tag.source = v; break;
      case 'g':
      case 'G': {
        std::string_view rest = v;
        const auto n = parseUnsigned(nextField(rest, '-'), 2);
        const auto m = parseUnsigned(nextField(rest, '-'), 2);
        const auto id = parseUnsigned(rest, 9);
        if (!n || !m || !id || *n < 1 || *m < 1 || *n > *m) return Reject::BadTagBlock;
        tag.group_number = static_cast<std::uint8_t>(*n);
        tag.group_count = static_cast<std::uint8_t>(*m);
        tag.group_id = static_cast<std::uint32_t>(*id);
        break;
      }
      default: break;
    }
  }
  return std::nullopt;
}

/// USCG N-AIS trailer: ",...,r<station>,<unix seconds>[,...]" (noaadata's format); the first
/// all-digit field after an r-field is the station's receive time.
std::optional<std::int64_t> trailerTime(std::string_view trailer) {
  bool after_station = false;
  while (!trailer.empty()) {
    const std::string_view f = nextField(trailer, ',');
    if (after_station) {
      const auto t = parseUnsigned(f, 11);
      if (t && *t >= 100'000'000ULL) return static_cast<std::int64_t>(*t) * 1000;
      return std::nullopt;
    }
    if (!f.empty() && f[0] == 'r') after_station = true;
  }
  return std::nullopt;
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the usual era-based day count).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                  // [0, 399]
  const std::int64_t mp = (m + 9) % 12;                                    // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + d - 1;                     // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          // [0, 146096]
  return era * 146097 + doe - 719468;
}

bool leapYear(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/// "hhmmss[.sss]" -> ms of the day.
std::optional<std::int64_t> timeOfDayMs(std::string_view t) {
  if (t.size() < 6) return std::nullopt;
  const auto hh = parseUnsigned(t.substr(0, 2), 2);
  const auto mm = parseUnsigned(t.substr(2, 2), 2);
  const auto ss = parseUnsigned(t.substr(4, 2), 2);
  if (!hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 60) return std::nullopt;
  std::int64_t ms = static_cast<std::int64_t>((*hh * 3600 + *mm * 60 + *ss) * 1000);
  if (t.size() > 6) {
    if (t[6] != '.') return std::nullopt;
    std::int64_t scale = 100;
    for (const char c : t.substr(7)) {
      if (c < '0' || c > '9') return std::nullopt;
      ms += (c - '0') * scale;
      scale /= 10;
    }
  }
  return ms;
}

std::optional<std::int64_t> civilMs(std::int64_t year, std::uint64_t month, std::uint64_t day,
                                    std::int64_t ms_of_day) {
  constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return std::nullopt;
  const unsigned dim = kDays[month - 1] + (month == 2 && leapYear(year) ? 1 : 0);
  if (day > dim) return std::nullopt;
  return daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) *
             86'400'000 +
         ms_of_day;
}

std::int64_t fullYear(std::uint64_t y, std::size_t digits) {
  if (digits > 2) return static_cast<std::int64_t>(y);
  return static_cast<std::int64_t>(y) + (y >= 80 ? 1900 : 2000);
}

}  // namespace

std::optional<std::int64_t> parseClockSentence(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) {
    line.remove_suffix(1);
  }
  if (!line.empty() && line.front() == '\\') {
    const std::size_t end = line.find('\\', 1);
    if (end == std::string_view::npos) return std::nullopt;
    line.remove_prefix(end + 1);
  }
  if (line.size() < 7 || line[0] != '$' || line[6] != ',') return std::nullopt;
  const std::string_view kind = line.substr(3, 3);
  if (kind != "RMC" && kind != "ZDA") return std::nullopt;
  const std::size_t star = line.find('*');
  if (star == std::string_view::npos) return std::nullopt;
  const int want = hexByte(line.substr(star + 1));
  std::string_view body = line.substr(1, star - 1);
  if (want < 0 || nmeaChecksum(body) != want) return std::nullopt;
  body.remove_prefix(6);
  std::array<std::string_view, 9> f;
  std::size_t n = 0;
  while (n < f.size()) {
    f[n++] = nextField(body, ',');
    if (body.empty()) break;
  }
  if (kind == "ZDA") {
    // hhmmss.ss,dd,mm,yyyy,zh,zm
    if (n < 4) return std::nullopt;
    const auto tod = timeOfDayMs(f[0]);
    const auto day = parseUnsigned(f[1], 2);
    const auto month = parseUnsigned(f[2], 2);
    const auto year = parseUnsigned(f[3], 4);
    if (!tod || !day || !month || !year) return std::nullopt;
    return civilMs(fullYear(*year, f[3].size()), *month, *day, *tod);
  }
  // RMC: hhmmss.ss,A|V,lat,N,lon,E,sog,cog,ddmmyy,...
  if (n < 9 || f[1] != "A" || f[8].size() != 6) return std::nullopt;
  const auto tod = timeOfDayMs(f[0]);
  const auto day = parseUnsigned(f[8].substr(0, 2), 2);
  const auto month = parseUnsigned(f[8].substr(2, 2), 2);
  const auto year = parseUnsigned(f[8].substr(4, 2), 2);
  if (!tod || !day || !month || !year) return std::nullopt;
  return civilMs(fullYear(*year, 2), *month, *day, *tod);
}

const char* toString(Reject r) {
  switch (r) {
    case Reject::NotAis: return "not_ais";
    case Reject::LineTooLong: return "line_too_long";
    case Reject::NonAscii: return "non_ascii";
    case Reject::MissingChecksum: return "missing_checksum";
    case Reject::BadChecksum: return "bad_checksum";
    case Reject::BadTagBlock: return "bad_tag_block";
    case Reject::BadField: return "bad_field";
    case Reject::BadPayload: return "bad_payload";
    case Reject::PayloadTooLong: return "payload_too_long";
    case Reject::OrphanFragment: return "orphan_fragment";
    case Reject::IncompleteMessage: return "incomplete_message";
    case Reject::UnsupportedType: return "unsupported_type";
    case Reject::ShortPayload: return "short_payload";
    case Reject::kCount: break;
  }
  return "?";
}

std::uint8_t nmeaChecksum(std::string_view bytes) {
  std::uint8_t x = 0;
  for (const char c : bytes) x = static_cast<std::uint8_t>(x ^ static_cast<std::uint8_t>(c));
  return x;
}

std::optional<Reject> parseSentence(std::string_view line, Sentence& out) {
  if (line.size() > kMaxLineBytes) return Reject::LineTooLong;
  // Trailing CR/LF and surrounding blanks are framing, not content.
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ' ||
                           line.back() == '\t')) {
    line.remove_suffix(1);
  }
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);

  out = Sentence{};
  if (!line.empty() && line.front() == '\\') {
    const std::size_t end = line.find('\\', 1);
    if (end == std::string_view::npos) return Reject::BadTagBlock;
    for (const char c : line.substr(1, end - 1)) {
      if (!printable(static_cast<unsigned char>(c))) return Reject::NonAscii;
    }
    if (const auto why = parseTagBlock(line.substr(1, end - 1), out.tag)) return why;
    line.remove_prefix(end + 1);
  }
  // "!ccVDM," at least; anything else ($-sentences, !AIPWR, text) is not an AIS sentence.
  if (line.size() < 7 || line[0] != '!' || line[3] != 'V' || line[4] != 'D' ||
      (line[5] != 'M' && line[5] != 'O') || line[6] != ',') {
    return Reject::NotAis;
  }
  const std::size_t star = line.find('*');
  if (star == std::string_view::npos) return Reject::MissingChecksum;
  const std::string_view body = line.substr(1, star - 1);
  // One pass: the checksum and the printable-ASCII check together (the hot loop).
  std::uint8_t sum = 0;
  bool ascii = true;
  for (const char c : body) {
    const auto u = static_cast<unsigned char>(c);
    sum = static_cast<std::uint8_t>(sum ^ u);
    ascii &= printable(u);
  }
  if (!ascii) return Reject::NonAscii;
  const int want = hexByte(line.substr(star + 1));
  if (want < 0) return Reject::MissingChecksum;
  if (sum != want) return Reject::BadChecksum;
  std::string_view trailer = line.substr(star + 3);
  if (!trailer.empty() && trailer.front() == ',') out.trailer_time_ms = trailerTime(trailer.substr(1));

  out.talker = body.substr(0, 2);
  out.own_ship = body[4] == 'O';
  std::string_view rest = body.substr(6);
  std::array<std::string_view, 6> f;  // count, number, sequence id, channel, payload, fill bits
  std::size_t n = 0;
  for (;;) {
    const std::size_t comma = rest.find(',');
    if (n < f.size()) f[n] = rest.substr(0, comma);
    ++n;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (n < f.size()) return Reject::BadField;
  // Fields beyond the fill bits (Navico GoFree adds one) are tolerated and ignored.
  const auto count = parseUnsigned(f[0], 1);
  const auto number = parseUnsigned(f[1], 1);
  if (!count || !number || *count < 1 || *number < 1 || *number > *count) return Reject::BadField;
  out.fragment_count = static_cast<std::uint8_t>(*count);
  out.fragment_number = static_cast<std::uint8_t>(*number);
  if (!f[2].empty()) {
    const auto seq = parseUnsigned(f[2], 1);
    if (!seq) return Reject::BadField;
    out.sequence_id = static_cast<std::int8_t>(*seq);
  }
  if (f[3].size() > 1) return Reject::BadField;
  out.channel = f[3].empty() ? '\0' : f[3][0];
  const auto fill = parseUnsigned(f[5], 1);
  if (!fill || *fill > 5) return Reject::BadField;
  out.fill_bits = static_cast<std::uint8_t>(*fill);
  if (f[4].empty()) return Reject::BadField;
  for (const char c : f[4]) {
    if (sixbitValue(static_cast<unsigned char>(c)) == 0xFF) return Reject::BadPayload;
  }
  out.payload = f[4];
  if (out.payload.size() * 6 < out.fill_bits) return Reject::BadField;
  return std::nullopt;
}

}  // namespace picket::io::ais
