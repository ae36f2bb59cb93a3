#include "e2e/bench_config.hpp"

#include <cstdio>
#include <sstream>

namespace picket::bench {

std::string benchConfigYaml(const LoadConfig& load, const DaemonSettings* daemon) {
  char sigma[32];
  std::snprintf(sigma, sizeof sigma, "%.3f", load.noise_sigma_m);
  std::ostringstream y;
  y << "# Written by fusion-bench: a synthetic load of geolocated plots\n"
    << "# (bench/load/synthetic_load.hpp). Keys as in config/fusiond.example.yaml.\n"
    << "instance_id: fusion-bench\n";
  if (daemon != nullptr) {
    y << "endpoints:\n"
      << "  feeds: tcp://127.0.0.1:*\n"
      << "  tracks: tcp://127.0.0.1:*\n"
      << "  alerts: tcp://127.0.0.1:*\n"
      << "  alert_recovery: tcp://127.0.0.1:*\n"
      << "  high_water_mark: " << daemon->high_water_mark << "\n"
      << "journal:\n"
      << "  directory: \"\"\n"
      << "heartbeat_interval_s: " << daemon->heartbeat_interval_s << "\n"
      << "stats_interval_s: " << daemon->stats_interval_s << "\n"
      << "input:\n"
      << "  queue_capacity: " << daemon->queue_capacity << "\n"
      << "  # Processing latency is measured, not the configured hold of the reorder window.\n"
      << "  reorder_window_s: 0\n"
      << "  # The load's clock starts 2026-01-01 and runs faster than real time.\n"
      << "  time_reference: data\n";
  }
  y << "sensors:\n"
    << "  - id: " << kSensorId << "\n"
    << "    # Non-cooperative geolocated contacts (lat_deg,lon_deg,sigma_m rows).\n"
    << "    kind: airborne_eo_ir\n"
    << "    domain: surface\n"
    // Geolocated plots carry no sensor position, so coverage is not used for misses; the key
    // is required to be in range, and the largest value documents "the whole area". Feed
    // messages (the end-to-end mode) carry the aircraft's navigation position, which would
    // make each message a detection opportunity for every track within max_range_m: 1 m keeps
    // the offline meaning (only the tracks a scan detected had an opportunity).
    << "    max_range_m: " << (daemon != nullptr ? "1" : "5000000") << "\n"
    << "    # Rows carry sigma_m; this is the same value, for rows without one.\n"
    << "    default_position_sigma_m: " << sigma << "\n"
    << "# tracker: defaults (config/fusiond.example.yaml).\n"
    << "cueing:\n"
    << "  dark_target:\n"
    << "    # Every synthetic target is non-cooperative: each track would raise an alert.\n"
    << "    enabled: false\n"
    << "partners:\n"
    << "  default: {id: HS, name: High seas authority}\n";
  return y.str();
}

}  // namespace picket::bench
