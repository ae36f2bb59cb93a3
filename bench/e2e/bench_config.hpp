#pragma once
// The fusiond configuration of a synthetic load (load/synthetic_load.hpp): one sensor `plots`
// of geolocated plots, the tracker's defaults. fusion-bench --offline builds its tracker from
// it, --write-scenario writes it for fusion-replay, and the end-to-end mode starts fusiond
// with it (plus the daemon settings below).

#include <string>

#include "load/synthetic_load.hpp"

namespace picket::bench {

/// The sensor ID of the synthetic load's plots.
inline constexpr const char* kSensorId = "plots";

/// What the end-to-end mode changes in fusiond's configuration (none for the offline modes).
struct DaemonSettings {
  /// ZeroMQ high-water mark of fusiond's sockets, messages: a burst phase must fit.
  int high_water_mark = 10'000'000;
  /// Parsed messages queued between fusiond's ingest and tracker threads.
  int queue_capacity = 1'000'000;
  /// Counter reports on stderr (the benchmark's view of fusiond's progress), seconds.
  double stats_interval_s = 0.1;
  /// Alert heartbeats (the first one tells the subscriber it is connected), seconds.
  double heartbeat_interval_s = 0.05;
};

/// YAML text for fusiond / io::parseConfig. With `daemon`: ephemeral ports on 127.0.0.1, data
/// time as the time reference (the load's clock is not the wall clock), a reorder window of
/// 0 s (the benchmark times processing, not the configured hold), no alert journal.
std::string benchConfigYaml(const LoadConfig& load, const DaemonSettings* daemon = nullptr);

}  // namespace picket::bench
