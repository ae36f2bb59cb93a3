#pragma once
// Parameters of the tracker. Defaults are the documented defaults of
// config/fusiond.example.yaml.

#include <array>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"
#include "filters/imm.hpp"
#include "models/horizontal_models.hpp"

namespace picket::tracking {

/// A configured sensor as the tracker sees it.
struct SensorInfo {
  std::string id;
  core::SensorKind kind = core::SensorKind::CoastalRadar;
  core::Domain domain = core::Domain::Surface;  ///< the domain of the tracks it initiates
  double max_range_m = 50'000.0;                ///< coverage radius, for detection opportunities
  /// A radar with a secondary (SSR) interrogator: its plots carry the Mode 3/A code of a
  /// transponder that replies, and a plot without one says "no reply".
  bool interrogates_transponders = false;
  /// A satellite AIS feed (sensor config `satellite: true`): it hears a vessel once or a few
  /// times per pass, passes an hour or two apart, so an identified track it updated last is
  /// held between passes (TrackerConfig::satellite_hold).
  bool satellite_ais = false;
  bool operator==(const SensorInfo&) const = default;
};

/// M detections out of the last N opportunities.
struct MOfN {
  int m = 3;
  int n = 5;
  bool operator==(const MOfN&) const = default;
};

/// Motion of one domain's tracks: the IMM (CV + coordinated turn) and the speed bound used
/// to search for late data.
struct DomainMotion {
  filters::ImmConfig imm;
  /// Fastest plausible target of the domain: bounds how far a track can have moved from a
  /// late (out-of-sequence) report.
  double max_speed_mps = 30.0;
  /// 1-sigma horizontal speed assumed at track birth when nothing measures velocity.
  double initial_speed_sigma_mps = 15.0;
  /// A track whose predicted horizontal position 1-sigma exceeds this is deleted
  /// (`Uncertain`), metres. Per domain: an over-the-horizon air radar's cross-range error
  /// (13-26 km at 1,500-3,000 km) is far above any surface sensor's.
  double max_position_sigma_m = 5'000.0;
  bool operator==(const DomainMotion&) const = default;
};

inline DomainMotion defaultSurfaceMotion() {
  DomainMotion d;
  // Tuned on fusion-bench's 1,000-target scenario (bench/README.md): a quiet CV for straight
  // legs, a CT whose turn rate can follow a 3 deg/s turn within a scan or two, and rare
  // switches (a long CV sojourn), so that the noisier CT estimate seldom mixes into CV.
  d.imm.noise = {0.002, 0.2, 1e-3, 1e-8};
  d.imm.mean_sojourn_s[0] = 1200.0;
  d.imm.mean_sojourn_s[1] = 30.0;
  d.max_speed_mps = 30.0;  // 58 kn: faster than any go-fast
  return d;
}

inline DomainMotion defaultAirMotion() {
  DomainMotion d;
  d.imm.noise = {0.5, 5.0, 2e-3, 1e-8};
  d.imm.mean_sojourn_s[0] = 120.0;
  d.imm.mean_sojourn_s[1] = 30.0;
  d.max_speed_mps = 300.0;
  d.initial_speed_sigma_mps = 150.0;
  // Above an over-the-horizon radar's cross-range error (a 0.5 deg bearing sigma is 13-26 km
  // at 1,500-3,000 km), so that its air tracks are not deleted as uncertain at birth.
  d.max_position_sigma_m = 30'000.0;
  return d;
}

/// Number of non-cooperative sensor kinds (every SensorKind but Ais), indexing
/// TrackerConfig::confirm_by_kind.
constexpr std::size_t kNonCooperativeKinds = 4;

struct TrackerConfig {
  /// Probability that the true measurement falls inside the gate (chi-square gate).
  double gate_probability = 0.9995;
  DomainMotion surface = defaultSurfaceMotion();
  DomainMotion air = defaultAirMotion();
  /// Vertical channel of air tracks (height, vertical rate).
  models::VerticalNoise air_vertical{1.0};
  /// Height assumed for an air track born from a 2-D radar (no altitude), and its 1-sigma.
  double air_initial_height_m = 3'000.0;
  double air_initial_height_sigma_m = 3'000.0;
  /// Surface tracks sit on the ellipsoid; these 1-sigmas (geoid, tide, antenna height) are
  /// folded into radar measurement noise and reported in the published covariance.
  double surface_height_sigma_m = 50.0;
  double surface_vertical_speed_sigma_mps = 0.5;
  /// Confirmation from non-cooperative detections (per scan opportunity), per sensor kind:
  /// coastal radar, ship radar, airborne radar, airborne EO/IR (SensorKind order).
  std::array<MOfN, kNonCooperativeKinds> confirm_by_kind{MOfN{3, 5}, MOfN{3, 5}, MOfN{2, 3},
                                                         MOfN{2, 3}};
  /// Confirmation from cooperative (AIS) reports: this many reports confirm.
  int confirm_cooperative_reports = 2;
  /// A confirmed track with no update for this long is coasting.
  core::Duration coast_after = core::Duration::fromSeconds(60);
  /// Deletion: tentative tracks after this long without update...
  core::Duration delete_tentative_after = core::Duration::fromSeconds(60);
  /// ... confirmed/coasting tracks after this long without update...
  core::Duration delete_after = core::Duration::fromSeconds(600);
  /// (... or by the predicted position sigma: DomainMotion::max_position_sigma_m.)
  /// Satellite AIS hold: an identified track whose latest update came from a satellite AIS
  /// sensor (SensorInfo::satellite_ais) is kept this long after that update, exempt from
  /// deletion by silence and by position uncertainty, coasting once silent for coast_after.
  /// While held and silent for more than coast_after it takes only reports carrying its
  /// MMSI (never another sensor's plots: its grown covariance would steal them), re-seeded
  /// by one outside its gate that its top speed could have reached since. A tentative held
  /// track confirms with confirm_cooperative_reports reports within the hold. 0: no hold.
  core::Duration satellite_hold = core::Duration::fromSeconds(6 * 3600.0);
  /// A held track is re-seeded by a report outside its gate only when the track could have
  /// got there at its own speed (at its last fix) plus this margin, at most the domain's top
  /// speed, since that fix (plus both 3-sigma extents): a vessel may turn or speed up a
  /// little between passes; a fix beyond that starts a separate track (spoofing or a shared
  /// MMSI), never a teleport. m/s.
  double satellite_hold_speed_margin_mps = 5.0;
  /// Cost bonus (in NIS units) for a cooperative report whose MMSI matches the track's.
  double identity_match_bonus = 20.0;
  /// A cooperative report outside every gate, within this distance of where the track that
  /// carries its MMSI predicts itself, re-seeds that track instead of starting a twin: a
  /// vessel's own GNSS fix after a manoeuvre the filter did not expect. Farther away it
  /// starts a separate track (spoofing or a shared MMSI). Metres; 0 disables.
  double identity_recapture_m = 1'000.0;
  /// Two tracks whose states agree within this chi-square probability for
  /// `merge_after_checks` consecutive checks are merged (duplicate suppression).
  double merge_gate_probability = 0.99;
  int merge_after_checks = 3;
  /// Out-of-sequence policy. Non-cooperative measurements at most this much older than the
  /// newest processed scan (a rotating radar's plots span its scan period) are applied by
  /// approximate retrodiction; older ones are rejected and counted.
  core::Duration max_measurement_lag = core::Duration::fromSeconds(10);
  /// The same bound for cooperative (AIS) reports, which satellite AIS delivers minutes late.
  core::Duration max_cooperative_lag = core::Duration::fromSeconds(1800);
  /// A measurement older than its track's state by more than this is associated (it gives
  /// the track its identity, sensor and report times) but leaves the state alone: predicting
  /// an old fix forward over the lag adds more process noise than the fix removes, so
  /// retrodicting it would make the track less certain than it already is.
  core::Duration max_retrodiction = core::Duration::fromSeconds(60);
  /// A track is re-anchored (its tangent plane moved under it) once it is this far from the
  /// anchor; keeps the plane's sag below 2 m.
  double reanchor_distance_m = 5'000.0;
  /// Lightweight tentative stage: a non-cooperative measurement inside no gate starts a
  /// candidate (the plot alone: no tangent plane, no IMM, not published), and becomes a
  /// tentative track only when a later measurement gates with it. Off: every such
  /// measurement starts a tentative track at once (the behaviour before the stage).
  bool candidate_stage = true;
  /// Spatial index for gating: cell size and how often (data time) it is rebuilt.
  double index_cell_size_m = 20'000.0;
  core::Duration index_rebuild_period = core::Duration::fromSeconds(10);
  bool operator==(const TrackerConfig&) const = default;
};

}  // namespace picket::tracking
