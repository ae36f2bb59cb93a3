#include "sim/feed_source.hpp"

namespace picket::sim {

void setHeader(pb::Header& header, const std::string& source_id, std::uint64_t sequence,
               core::Timestamp time) {
  header.set_source_id(source_id);
  header.set_sequence(sequence);
  header.set_time_ns(time.ns);
}

SimMessage makeEnvelope(const char* topic_prefix, const std::string& source_id,
                        std::uint64_t sequence, core::Timestamp time) {
  SimMessage out;
  out.topic = topic_prefix;
  out.topic += source_id;
  out.source_id = source_id;
  out.sequence = sequence;
  out.time = time;
  out.delivered = time;
  return out;
}

void setPolarPlot(pb::RadarPlot& plot, double range_m, double range_sigma_m, double bearing_deg,
                  double bearing_sigma_deg) {
  plot.set_range_m(range_m);
  plot.set_range_sigma_m(range_sigma_m);
  plot.set_bearing_deg(bearing_deg);
  plot.set_bearing_sigma_deg(bearing_sigma_deg);
}

}  // namespace picket::sim
