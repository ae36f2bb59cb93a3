#pragma once
// What a recording holds, for `fusion-replay --info`: time span, records per message type and
// per source, chunks, and what was corrupt or torn. A pure function over a reader.

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "io/recording_reader.hpp"

namespace picket::v1 {
class RecordedMessage;
}

namespace picket::io {

/// The message type of a record: its body field, then that message's own body case.
enum class RecordKind : std::uint8_t {
  FeedRadarScan,
  FeedAisPosition,
  FeedAisStatic,
  FeedAircraftContacts,
  FeedEndOfStream,
  FeedEmpty,  ///< a FeedMessage with no body set
  Track,
  TrackEndOfStream,
  TrackEmpty,
  Alert,
  AlertHeartbeat,
  AlertEndOfStream,
  AlertEmpty,
  NoBody,  ///< RecordedMessage.body not set
  kCount,
};

/// "feed.radar_scan", "track.end_of_stream", "alert.heartbeat", "none", ...
const char* toString(RecordKind kind);

RecordKind recordKind(const v1::RecordedMessage& record);

/// header.source_id of the innermost message, or "" when it has none.
const std::string& recordSourceId(const v1::RecordedMessage& record);

/// header.time_ns of the innermost message, or nullopt when it has no header.
std::optional<core::Timestamp> recordDataTime(const v1::RecordedMessage& record);

struct SourceSummary {
  std::uint64_t records = 0;
  core::Timestamp earliest_receive;
  core::Timestamp latest_receive;
  bool operator==(const SourceSummary&) const = default;
};

struct RecordingSummary {
  std::vector<RecordingFileInfo> files;
  std::uint64_t records = 0;
  /// Over the records read; receive times may be out of order, so these are min and max.
  std::optional<core::Timestamp> earliest_receive;
  std::optional<core::Timestamp> latest_receive;
  /// header.time_ns over the records that have one.
  std::optional<core::Timestamp> earliest_data;
  std::optional<core::Timestamp> latest_data;
  std::array<std::uint64_t, static_cast<std::size_t>(RecordKind::kCount)> per_kind{};
  std::map<std::string, SourceSummary> per_source;  ///< by header.source_id ("" = none)
  std::map<std::string, std::uint64_t> per_topic;
  ReadReport report;  ///< chunks, corrupt chunks, torn tails, unparseable records

  [[nodiscard]] std::uint64_t count(RecordKind kind) const {
    return per_kind[static_cast<std::size_t>(kind)];
  }
  /// Seconds between the earliest and the latest receive time (0 without records).
  [[nodiscard]] double receiveSpanSeconds() const;
};

/// Reads `reader` to its end (from wherever it is) and summarises what it read.
RecordingSummary summarizeRecording(RecordingReader& reader);

/// The summary as stable, human-readable text: one "key: value" per line, tables sorted by
/// name, times as ISO 8601 UTC with nanoseconds, then every listed problem.
std::string formatSummary(const RecordingSummary& summary);

/// The summary as one JSON object (the same content as formatSummary; times as ISO 8601 UTC
/// strings and as integer nanoseconds; tables as objects keyed by name; problems as arrays of
/// their readable text). Field names: docs/replay.md.
std::string formatSummaryJson(const RecordingSummary& summary);

/// ISO 8601 UTC with nanoseconds: "2026-03-01T12:00:00.000000000Z".
std::string formatUtc(core::Timestamp t);

/// Parses "YYYY-MM-DDTHH:MM:SS[.fraction]Z" (UTC; up to 9 fraction digits; "+00:00" for Z
/// accepted) between years 1970 and 2200; nullopt for anything else.
std::optional<core::Timestamp> parseUtc(std::string_view text);

}  // namespace picket::io
