#include "io/counters.hpp"

#include <sstream>

namespace picket::io {

const char* toString(Rejection r) {
  switch (r) {
    case Rejection::BadFrame: return "bad_frame";
    case Rejection::Malformed: return "malformed";
    case Rejection::EmptyBody: return "empty_body";
    case Rejection::MissingHeader: return "missing_header";
    case Rejection::UnknownSource: return "unknown_source";
    case Rejection::WrongSensorKind: return "wrong_sensor_kind";
    case Rejection::DuplicateSequence: return "duplicate_sequence";
    case Rejection::AbsurdTime: return "absurd_time";
    case Rejection::TooOld: return "too_old";
    case Rejection::TooNew: return "too_new";
    case Rejection::MissingPlatform: return "missing_platform";
    case Rejection::NonFinite: return "non_finite";
    case Rejection::OutOfRange: return "out_of_range";
    case Rejection::InvalidMmsi: return "invalid_mmsi";
    case Rejection::kCount: break;
  }
  return "?";
}

std::string Counters::report() const {
  std::ostringstream os;
  auto line = [&](const char* k, const std::atomic<std::uint64_t>& v) {
    os << k << "=" << v.load(std::memory_order_relaxed) << "\n";
  };
  line("messages_received", messages_received);
  line("messages_accepted", messages_accepted);
  line("measurements_accepted", measurements_accepted);
  line("rejected_total", items_rejected);
  for (std::size_t i = 0; i < rejected.size(); ++i) {
    const auto v = rejected[i].load(std::memory_order_relaxed);
    if (v != 0) os << "rejected." << toString(static_cast<Rejection>(i)) << "=" << v << "\n";
  }
  line("sequence_gaps", sequence_gaps);
  line("source_restarts", source_restarts);
  line("end_of_streams", end_of_streams);
  line("late_after_reorder", late_after_reorder);
  line("scans_processed", scans_processed);
  line("live_tracks", live_tracks);
  line("confirmed_tracks", confirmed_tracks);
  line("tracks_published", tracks_published);
  line("alerts_published", alerts_published);
  line("open_alerts", open_alerts);
  return os.str();
}

}  // namespace picket::io
