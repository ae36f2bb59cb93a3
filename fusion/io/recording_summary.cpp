#include "io/recording_summary.hpp"

#include <google/protobuf/arena.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <sstream>

#include "picket/v1/recording.pb.h"

namespace picket::io {
namespace {

using v1::RecordedMessage;

// The Header of the innermost message, or null.
const v1::Header* innerHeader(const RecordedMessage& r) {
  switch (r.body_case()) {
    case RecordedMessage::kFeed: {
      const v1::FeedMessage& f = r.feed();
      switch (f.body_case()) {
        case v1::FeedMessage::kRadarScan:
          return &f.radar_scan().header();
        case v1::FeedMessage::kAisPosition:
          return &f.ais_position().header();
        case v1::FeedMessage::kAisStatic:
          return &f.ais_static().header();
        case v1::FeedMessage::kAircraftContacts:
          return &f.aircraft_contacts().header();
        case v1::FeedMessage::kEndOfStream:
          return &f.end_of_stream().header();
        case v1::FeedMessage::BODY_NOT_SET:
          break;
      }
      return nullptr;
    }
    case RecordedMessage::kTrack: {
      const v1::TrackStreamMessage& t = r.track();
      switch (t.body_case()) {
        case v1::TrackStreamMessage::kTrack:
          return &t.track().header();
        case v1::TrackStreamMessage::kEndOfStream:
          return &t.end_of_stream().header();
        case v1::TrackStreamMessage::BODY_NOT_SET:
          break;
      }
      return nullptr;
    }
    case RecordedMessage::kAlert: {
      const v1::AlertStreamMessage& a = r.alert();
      switch (a.body_case()) {
        case v1::AlertStreamMessage::kAlert:
          return &a.alert().header();
        case v1::AlertStreamMessage::kHeartbeat:
          return &a.heartbeat().header();
        case v1::AlertStreamMessage::kEndOfStream:
          return &a.end_of_stream().header();
        case v1::AlertStreamMessage::BODY_NOT_SET:
          break;
      }
      return nullptr;
    }
    case RecordedMessage::BODY_NOT_SET:
      break;
  }
  return nullptr;
}

// Records parsed into one arena between resets: parsing then allocates by bumping a pointer,
// and the whole batch is freed at once, instead of a malloc/free per submessage per record
// (a set oneof is deleted by Clear() off an arena, so plain reuse does not avoid that).
constexpr std::uint64_t kRecordsPerArena = 4096;

}  // namespace

const char* toString(RecordKind kind) {
  switch (kind) {
    case RecordKind::FeedRadarScan:
      return "feed.radar_scan";
    case RecordKind::FeedAisPosition:
      return "feed.ais_position";
    case RecordKind::FeedAisStatic:
      return "feed.ais_static";
    case RecordKind::FeedAircraftContacts:
      return "feed.aircraft_contacts";
    case RecordKind::FeedEndOfStream:
      return "feed.end_of_stream";
    case RecordKind::FeedEmpty:
      return "feed.empty";
    case RecordKind::Track:
      return "track.track";
    case RecordKind::TrackEndOfStream:
      return "track.end_of_stream";
    case RecordKind::TrackEmpty:
      return "track.empty";
    case RecordKind::Alert:
      return "alert.alert";
    case RecordKind::AlertHeartbeat:
      return "alert.heartbeat";
    case RecordKind::AlertEndOfStream:
      return "alert.end_of_stream";
    case RecordKind::AlertEmpty:
      return "alert.empty";
    case RecordKind::NoBody:
      return "none";
    case RecordKind::kCount:
      break;
  }
  return "?";
}

RecordKind recordKind(const RecordedMessage& r) {
  switch (r.body_case()) {
    case RecordedMessage::kFeed:
      switch (r.feed().body_case()) {
        case v1::FeedMessage::kRadarScan:
          return RecordKind::FeedRadarScan;
        case v1::FeedMessage::kAisPosition:
          return RecordKind::FeedAisPosition;
        case v1::FeedMessage::kAisStatic:
          return RecordKind::FeedAisStatic;
        case v1::FeedMessage::kAircraftContacts:
          return RecordKind::FeedAircraftContacts;
        case v1::FeedMessage::kEndOfStream:
          return RecordKind::FeedEndOfStream;
        case v1::FeedMessage::BODY_NOT_SET:
          break;
      }
      return RecordKind::FeedEmpty;
    case RecordedMessage::kTrack:
      switch (r.track().body_case()) {
        case v1::TrackStreamMessage::kTrack:
          return RecordKind::Track;
        case v1::TrackStreamMessage::kEndOfStream:
          return RecordKind::TrackEndOfStream;
        case v1::TrackStreamMessage::BODY_NOT_SET:
          break;
      }
      return RecordKind::TrackEmpty;
    case RecordedMessage::kAlert:
      switch (r.alert().body_case()) {
        case v1::AlertStreamMessage::kAlert:
          return RecordKind::Alert;
        case v1::AlertStreamMessage::kHeartbeat:
          return RecordKind::AlertHeartbeat;
        case v1::AlertStreamMessage::kEndOfStream:
          return RecordKind::AlertEndOfStream;
        case v1::AlertStreamMessage::BODY_NOT_SET:
          break;
      }
      return RecordKind::AlertEmpty;
    case RecordedMessage::BODY_NOT_SET:
      break;
  }
  return RecordKind::NoBody;
}

const std::string& recordSourceId(const RecordedMessage& record) {
  static const std::string kNone;
  const v1::Header* h = innerHeader(record);
  return h != nullptr ? h->source_id() : kNone;
}

std::optional<core::Timestamp> recordDataTime(const RecordedMessage& record) {
  const v1::Header* h = innerHeader(record);
  // A body without a header message reads as a default Header; only a present one counts.
  if (h == nullptr || h == &v1::Header::default_instance()) return std::nullopt;
  return core::Timestamp{h->time_ns()};
}

double RecordingSummary::receiveSpanSeconds() const {
  if (!earliest_receive || !latest_receive) return 0.0;
  // In doubles: an untrusted file's extreme times must not overflow an int64 difference.
  return (static_cast<double>(latest_receive->ns) - static_cast<double>(earliest_receive->ns)) *
         1e-9;
}

RecordingSummary summarizeRecording(RecordingReader& reader) {
  RecordingSummary s;
  s.files = reader.files();
  const auto widen = [](std::optional<core::Timestamp>& lo, std::optional<core::Timestamp>& hi,
                        core::Timestamp t) {
    lo = lo ? std::min(*lo, t) : t;
    hi = hi ? std::max(*hi, t) : t;
  };
  google::protobuf::Arena arena;
  auto* record = google::protobuf::Arena::CreateMessage<RecordedMessage>(&arena);
  while (reader.next(*record)) {
    const core::Timestamp t{record->receive_time_ns()};
    ++s.records;
    widen(s.earliest_receive, s.latest_receive, t);
    if (const auto data_time = recordDataTime(*record)) {
      widen(s.earliest_data, s.latest_data, *data_time);
    }
    ++s.per_kind[static_cast<std::size_t>(recordKind(*record))];

    const std::string& source = recordSourceId(*record);
    auto it = s.per_source.find(source);
    if (it == s.per_source.end()) it = s.per_source.emplace(source, SourceSummary{0, t, t}).first;
    SourceSummary& src = it->second;
    ++src.records;
    src.earliest_receive = std::min(src.earliest_receive, t);
    src.latest_receive = std::max(src.latest_receive, t);

    auto topic = s.per_topic.find(record->topic());
    if (topic == s.per_topic.end()) topic = s.per_topic.emplace(record->topic(), 0).first;
    ++topic->second;

    if (s.records % kRecordsPerArena == 0) {
      arena.Reset();
      record = google::protobuf::Arena::CreateMessage<RecordedMessage>(&arena);
    }
  }
  s.report = reader.report();
  return s;
}

std::string formatUtc(core::Timestamp t) {
  const recording::CivilTime c = recording::civilTime(t.ns);
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%09lldZ", c.year, c.month, c.day,
                c.hour, c.minute, c.second, static_cast<long long>(c.nanosecond));
  return text;
}

std::string formatSummary(const RecordingSummary& s) {
  std::ostringstream out;
  const auto time = [](const std::optional<core::Timestamp>& t) {
    return t ? formatUtc(*t) : std::string("-");
  };
  out << "files: " << s.files.size() << "\n";
  for (const auto& f : s.files) {
    out << "  " << f.path << " (format " << f.version_major << "." << f.version_minor
        << ", sequence " << f.file_sequence;
    if (!f.writer.empty()) out << ", writer " << f.writer;
    out << ")\n";
    for (const auto& [key, value] : f.metadata) out << "    " << key << " = " << value << "\n";
  }
  out << "records: " << s.records << "\n";
  out << "receive time: " << time(s.earliest_receive) << " .. " << time(s.latest_receive) << " ("
      << s.receiveSpanSeconds() << " s)\n";
  out << "data time: " << time(s.earliest_data) << " .. " << time(s.latest_data) << "\n";
  out << "per type:\n";
  for (std::size_t k = 0; k < s.per_kind.size(); ++k) {
    if (s.per_kind[k] != 0) {
      out << "  " << toString(static_cast<RecordKind>(k)) << ": " << s.per_kind[k] << "\n";
    }
  }
  out << "per source:\n";
  for (const auto& [source, src] : s.per_source) {
    out << "  " << (source.empty() ? "(none)" : source) << ": " << src.records << " ("
        << formatUtc(src.earliest_receive) << " .. " << formatUtc(src.latest_receive) << ")\n";
  }
  out << "per topic:\n";
  for (const auto& [topic, n] : s.per_topic) {
    out << "  " << (topic.empty() ? "(none)" : topic) << ": " << n << "\n";
  }
  const ReadReport& r = s.report;
  out << "chunks: " << r.chunks_ok << " ok (" << r.bytes_ok << " bytes), " << r.corrupt_chunks
      << " corrupt (" << r.corrupt_bytes << " bytes)\n";
  out << "torn tail bytes: " << r.torn_tail_bytes << "\n";
  out << "records lost: " << r.records_lost << ", unparseable: " << r.records_unparseable << "\n";
  for (const auto& e : r.file_errors) out << "error: " << e << "\n";
  for (const auto& c : r.corrupt) out << "corrupt: " << c << "\n";
  for (const auto& t : r.torn_tails) out << "torn: " << t << "\n";
  for (const auto& b : r.bad_records) out << "unparseable: " << b << "\n";
  return out.str();
}

}  // namespace picket::io

namespace picket::io {

namespace {

// A JSON string literal (RFC 8259 section 7): quote, backslash and control characters escaped.
std::string jsonString(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

template <typename T>
std::string toText(const T& value) {
  std::ostringstream os;
  os << value;
  return os.str();
}

// {"utc": "...", "ns": N} or null.
std::string jsonTime(const std::optional<core::Timestamp>& t) {
  if (!t) return "null";
  return "{\"utc\": " + jsonString(formatUtc(*t)) + ", \"ns\": " + std::to_string(t->ns) + "}";
}

template <typename List>
std::string jsonTexts(const List& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += jsonString(toText(items[i]));
  }
  return out + "]";
}

}  // namespace

std::string formatSummaryJson(const RecordingSummary& s) {
  std::ostringstream out;
  out << "{\"files\": [";
  for (std::size_t i = 0; i < s.files.size(); ++i) {
    const auto& f = s.files[i];
    out << (i > 0 ? ", " : "") << "{\"path\": " << jsonString(f.path) << ", \"version\": \""
        << f.version_major << "." << f.version_minor << "\", \"file_sequence\": "
        << f.file_sequence << ", \"writer\": " << jsonString(f.writer) << ", \"metadata\": {";
    bool first = true;
    for (const auto& [key, value] : f.metadata) {
      out << (first ? "" : ", ") << jsonString(key) << ": " << jsonString(value);
      first = false;
    }
    out << "}}";
  }
  out << "], \"records\": " << s.records
      << ", \"receive_time\": {\"earliest\": " << jsonTime(s.earliest_receive)
      << ", \"latest\": " << jsonTime(s.latest_receive)
      << ", \"span_s\": " << toText(s.receiveSpanSeconds()) << "}"
      << ", \"data_time\": {\"earliest\": " << jsonTime(s.earliest_data)
      << ", \"latest\": " << jsonTime(s.latest_data) << "}, \"per_type\": {";
  bool first = true;
  for (std::size_t k = 0; k < s.per_kind.size(); ++k) {
    if (s.per_kind[k] == 0) continue;
    out << (first ? "" : ", ") << jsonString(toString(static_cast<RecordKind>(k))) << ": "
        << s.per_kind[k];
    first = false;
  }
  out << "}, \"per_source\": {";
  first = true;
  for (const auto& [source, src] : s.per_source) {
    out << (first ? "" : ", ") << jsonString(source) << ": {\"records\": " << src.records
        << ", \"earliest_receive\": " << jsonTime(src.earliest_receive)
        << ", \"latest_receive\": " << jsonTime(src.latest_receive) << "}";
    first = false;
  }
  out << "}, \"per_topic\": {";
  first = true;
  for (const auto& [topic, n] : s.per_topic) {
    out << (first ? "" : ", ") << jsonString(topic) << ": " << n;
    first = false;
  }
  const ReadReport& r = s.report;
  out << "}, \"chunks_ok\": " << r.chunks_ok << ", \"bytes_ok\": " << r.bytes_ok
      << ", \"corrupt_chunks\": " << r.corrupt_chunks << ", \"corrupt_bytes\": " << r.corrupt_bytes
      << ", \"torn_tail_bytes\": " << r.torn_tail_bytes << ", \"records_lost\": " << r.records_lost
      << ", \"records_unparseable\": " << r.records_unparseable
      << ", \"clean\": " << (r.clean() ? "true" : "false")
      << ", \"file_errors\": " << jsonTexts(r.file_errors) << ", \"corrupt\": " << jsonTexts(r.corrupt)
      << ", \"torn_tails\": " << jsonTexts(r.torn_tails)
      << ", \"unparseable\": " << jsonTexts(r.bad_records) << "}";
  return out.str();
}

std::optional<core::Timestamp> parseUtc(std::string_view text) {
  // Fixed layout "YYYY-MM-DDTHH:MM:SS", then an optional fraction and the zone.
  constexpr std::string_view kLayout = "dddd-dd-ddTdd:dd:dd";
  if (text.size() < kLayout.size() + 1) return std::nullopt;
  std::array<int, 6> f{};  // year, month, day, hour, minute, second
  std::size_t field = 0;
  int value = 0;
  for (std::size_t i = 0; i < kLayout.size(); ++i) {
    const char c = text[i];
    if (kLayout[i] == 'd') {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
      continue;
    }
    if (kLayout[i] == 'T' ? (c != 'T' && c != 't') : c != kLayout[i]) return std::nullopt;
    f[field++] = value;
    value = 0;
  }
  f[field] = value;
  std::size_t pos = kLayout.size();
  std::int64_t fraction_ns = 0;
  if (text[pos] == '.') {
    const std::size_t begin = ++pos;
    std::int64_t scale = 100'000'000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - begin < 9) {
      fraction_ns += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == begin) return std::nullopt;
  }
  const std::string_view zone = text.substr(pos);
  if (zone != "Z" && zone != "z" && zone != "+00:00") return std::nullopt;
  using namespace std::chrono;
  const year_month_day date{year{f[0]}, month{static_cast<unsigned>(f[1])},
                            day{static_cast<unsigned>(f[2])}};
  if (f[0] < 1970 || f[0] > 2200 || !date.ok() || f[3] > 23 || f[4] > 59 || f[5] > 59) {
    return std::nullopt;
  }
  const std::int64_t days = sys_days(date).time_since_epoch().count();
  const std::int64_t s = days * 86400 + f[3] * 3600 + f[4] * 60 + f[5];
  return core::Timestamp{s * 1'000'000'000 + fraction_ns};
}

}  // namespace picket::io
