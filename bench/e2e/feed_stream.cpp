#include "e2e/feed_stream.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>
#include <variant>

#include "picket/v1/sensors.pb.h"

namespace picket::bench {

void toFeedMessage(const core::Scan& scan, std::size_t begin, std::size_t end,
                   std::int64_t time_ns, const std::string& source_id, std::uint64_t sequence,
                   v1::FeedMessage& out) {
  out.Clear();
  auto* report = out.mutable_aircraft_contacts();
  auto* header = report->mutable_header();
  header->set_source_id(source_id);
  header->set_sequence(sequence);
  header->set_time_ns(time_ns);
  // A patrol aircraft over the middle of the load's area, 3,000 m up, 120 m/s east.
  auto* nav = report->mutable_navigation();
  nav->mutable_position()->set_lat_deg(12.5);
  nav->mutable_position()->set_lon_deg(-87.5);
  nav->mutable_position()->set_alt_m(3'000.0);
  nav->set_vel_east_mps(120.0);
  nav->set_position_sigma_m(10.0);
  nav->set_altitude_sigma_m(15.0);
  nav->set_velocity_sigma_mps(0.5);
  nav->set_heading_deg(90.0);
  report->set_sensor_kind(v1::CONTACT_SENSOR_KIND_EO_IR);
  for (std::size_t i = begin; i < end; ++i) {
    const auto& pm = std::get<core::PositionMeasurement>(scan.measurements[i].data);
    auto* geo = report->add_contacts()->mutable_geo();
    geo->mutable_position()->set_lat_deg(pm.position.lat_deg);
    geo->mutable_position()->set_lon_deg(pm.position.lon_deg);
    const double east = std::sqrt(pm.cov_en_m2(0, 0));
    const double north = std::sqrt(pm.cov_en_m2(1, 1));
    // Major axis along north when north is the larger sigma (orientation clockwise from north).
    geo->set_semi_major_sigma_m(std::max(east, north));
    geo->set_semi_minor_sigma_m(std::min(east, north));
    geo->set_orientation_deg(north >= east ? 0.0 : 90.0);
  }
}

FeedStream::FeedStream(LoadConfig load, std::size_t plots_per_message, std::string source_id)
    : generator_(std::move(load)),
      plots_per_message_(plots_per_message),
      source_id_(std::move(source_id)) {
  if (plots_per_message_ == 0) throw std::invalid_argument("plots per message must be >= 1");
}

EncodedMessage FeedStream::next() {
  // Skip exhausted and empty scans; a new sweep when this one is used up.
  while (!have_sweep_ || scan_ >= sweep_.scans.size() ||
         plot_ >= sweep_.scans[scan_].measurements.size()) {
    if (have_sweep_ && scan_ < sweep_.scans.size()) {
      ++scan_;
      plot_ = 0;
      continue;
    }
    sweep_ = generator_.next();
    have_sweep_ = true;
    scan_ = 0;
    plot_ = 0;
    k_ = 0;
  }
  const core::Scan& scan = sweep_.scans[scan_];
  const std::size_t end = std::min(plot_ + plots_per_message_, scan.measurements.size());
  EncodedMessage m;
  m.time_ns = scan.time.ns + static_cast<std::int64_t>(k_) * kMessageSpacingNs;
  m.measurements = static_cast<std::uint32_t>(end - plot_);
  v1::FeedMessage msg;
  toFeedMessage(scan, plot_, end, m.time_ns, source_id_, ++sequence_, msg);
  m.bytes = msg.SerializeAsString();
  plot_ = end;
  ++k_;
  // Last of the sweep: no plot left in this scan nor in a later one.
  bool more = plot_ < scan.measurements.size();
  for (std::size_t s = scan_ + 1; !more && s < sweep_.scans.size(); ++s) {
    more = !sweep_.scans[s].measurements.empty();
  }
  m.last_of_sweep = !more;
  return m;
}

}  // namespace picket::bench
