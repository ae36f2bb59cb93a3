#pragma once
// One simulated sensor as a stream of feed messages in delivery order.

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
  core::Timestamp time;  ///< header.time_ns: when it was measured (AIS: the position fix)
  /// When it reaches fusiond. Equal to `time` for sensors that deliver at once (radars,
  /// terrestrial AIS); later for store-and-forward sensors (satellite AIS). The generator
  /// orders its output by this.
  core::Timestamp delivered;
  std::string source_id;  ///< header.source_id
  std::uint64_t sequence = 0;
  /// For each plot or contact (radar) or for the report (AIS), in message order: the id of the
  /// platform that produced it, or "" for a false plot. For tests and scoring only.
  std::vector<std::string> origins;
};

/// A sensor that produces messages in non-decreasing delivery time, numbered 1, 2, 3... in
/// that order. A source that has to look at the traffic to find its next message (one that
/// follows ships as they come near) also asks to be woken at set times; a wake produces no
/// message. Used by one thread (the generator's), which calls emit() or wake(), whichever is
/// due first (emit() on a tie).
class FeedSource {
 public:
  virtual ~FeedSource() = default;
  [[nodiscard]] virtual const std::string& sourceId() const = 0;
  /// Delivery time of the next message; nullopt when the source has nothing more before the
  /// end of the run.
  [[nodiscard]] virtual std::optional<core::Timestamp> nextDelivery() const = 0;
  /// Builds the next message and advances. Precondition: nextDelivery() has a value.
  virtual SimMessage emit() = 0;
  /// When the source must run although no message is due (nullopt: never). Not earlier than
  /// the last delivery. A source with a message due may report no wake.
  [[nodiscard]] virtual std::optional<core::Timestamp> nextWake() const { return std::nullopt; }
  /// Runs the source at its wake time; it may then have a message due. Precondition:
  /// nextWake() has a value.
  virtual void wake() {}
};

/// Fills a header.
void setHeader(pb::Header& header, const std::string& source_id, std::uint64_t sequence,
               core::Timestamp time);

/// Fills a plot's polar measurement and its reported 1-sigma errors (every radar model).
void setPolarPlot(pb::RadarPlot& plot, double range_m, double range_sigma_m, double bearing_deg,
                  double bearing_sigma_deg);

/// A message of `source_id` with topic `topic_prefix + source_id`, measured and delivered at
/// `time` (set `delivered` afterwards for a late delivery); the body is left empty.
SimMessage makeEnvelope(const char* topic_prefix, const std::string& source_id,
                        std::uint64_t sequence, core::Timestamp time);

}  // namespace picket::sim
