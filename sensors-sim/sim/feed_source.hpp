#pragma once
// One simulated sensor as a stream of feed messages in time order.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "picket/v1/sensors.pb.h"

namespace picket::sim {

namespace pb = picket::v1;

/// One message ready to send, with the ground truth behind it (never sent).
struct SimMessage {
  std::string topic;  ///< "feed/radar/radar-aruba", "feed/ais/ais-aruba", ...
  pb::FeedMessage message;
  core::Timestamp time;   ///< header.time_ns
  std::string source_id;  ///< header.source_id
  std::uint64_t sequence = 0;
  /// For each plot or contact (radar) or for the report (AIS), in message order: the id of the
  /// platform that produced it, or "" for a false plot. For tests and scoring only.
  std::vector<std::string> origins;
};

/// A sensor that produces messages in non-decreasing header time, numbered 1, 2, 3... Used by
/// one thread (the generator's).
class FeedSource {
 public:
  virtual ~FeedSource() = default;
  [[nodiscard]] virtual const std::string& sourceId() const = 0;
  /// Header time of the next message; nullopt when the source has nothing more before the end.
  [[nodiscard]] virtual std::optional<core::Timestamp> nextTime() const = 0;
  /// Builds the next message and advances. Precondition: nextTime() has a value.
  virtual SimMessage emit() = 0;
};

/// Fills a header.
void setHeader(pb::Header& header, const std::string& source_id, std::uint64_t sequence,
               core::Timestamp time);

}  // namespace picket::sim
