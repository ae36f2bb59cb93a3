#pragma once
// Parameters of the tracker. Defaults are the documented defaults of
// config/fusiond.example.yaml.

#include <string>
#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"
#include "models/motion_models.hpp"

namespace picket::tracking {

/// A configured sensor as the tracker sees it.
struct SensorInfo {
  std::string id;
  core::SensorKind kind = core::SensorKind::CoastalRadar;
  core::Domain domain = core::Domain::Surface;  ///< the domain of the tracks it initiates
  double max_range_m = 50'000.0;                ///< coverage radius, for detection opportunities
  bool operator==(const SensorInfo&) const = default;
};

/// M detections out of the last N opportunities.
struct MOfN {
  int m = 3;
  int n = 5;
  bool operator==(const MOfN&) const = default;
};

struct TrackerConfig {
  /// Probability that the true measurement falls inside the gate (chi-square gate).
  double gate_probability = 0.9995;
  /// Process noise of surface tracks.
  models::CvNoise surface_noise{0.3, 1e-4};
  /// Surface constraint pseudo-measurement 1-sigmas.
  double surface_height_sigma_m = 50.0;
  double surface_vertical_speed_sigma_mps = 0.5;
  /// 1-sigma horizontal speed assumed at track birth when nothing measures velocity.
  double initial_speed_sigma_mps = 15.0;
  /// Confirmation from non-cooperative detections (per scan opportunity).
  MOfN confirm_noncooperative{3, 5};
  /// Confirmation from cooperative (AIS) reports: this many reports confirm.
  int confirm_cooperative_reports = 2;
  /// A confirmed track with no update for this long is coasting.
  core::Duration coast_after = core::Duration::fromSeconds(60);
  /// Deletion: tentative tracks after this long without update...
  core::Duration delete_tentative_after = core::Duration::fromSeconds(60);
  /// ... confirmed/coasting tracks after this long without update...
  core::Duration delete_after = core::Duration::fromSeconds(600);
  /// ... or any track whose horizontal position 1-sigma exceeds this.
  double max_position_sigma_m = 5'000.0;
  /// Cost bonus (in NIS units) for a cooperative report whose MMSI matches the track's.
  double identity_match_bonus = 20.0;
  /// Two tracks whose states agree within this chi-square probability for
  /// `merge_after_checks` consecutive checks are merged (duplicate suppression).
  double merge_gate_probability = 0.99;
  int merge_after_checks = 3;
  /// Measurements at most this much older than a track's state are applied by approximate
  /// retrodiction (a rotating radar's plots span its scan period); older ones are skipped for
  /// that track and counted. Scans older than the newest scan by more are skipped whole.
  core::Duration max_measurement_lag = core::Duration::fromSeconds(10);
  bool operator==(const TrackerConfig&) const = default;
};

}  // namespace picket::tracking
