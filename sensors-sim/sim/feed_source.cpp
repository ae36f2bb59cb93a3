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

}  // namespace picket::sim
