#pragma once
// Core value types to and from the wire schema. The only place that knows both.

#include <string>
#include <vector>

#include "core/track.hpp"
#include "cueing/alert.hpp"
#include "tracking/tracker_config.hpp"

namespace picket::v1 {
class Track;
class Alert;
}  // namespace picket::v1

namespace picket::io {

/// Fills a wire Track from a core track. `sensors` names the sensor indices; `source_id` and
/// `sequence` go in the header, the track's time of validity in header.time_ns.
void toProto(const core::Track& track, const std::vector<tracking::SensorInfo>& sensors,
             const std::string& source_id, std::uint64_t sequence, v1::Track& out);

/// Fills a wire Alert from an alert event. `stream_sequence` is the alert stream's number.
void toProto(const cueing::AlertEvent& event, const std::vector<tracking::SensorInfo>& sensors,
             const std::string& source_id, std::uint64_t stream_sequence, v1::Alert& out);

}  // namespace picket::io
