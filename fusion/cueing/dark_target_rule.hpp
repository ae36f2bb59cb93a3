#pragma once
// Dark target: a confirmed surface track built from non-cooperative detections (radar,
// EO/IR) that no AIS report correlates with, and that behaves like something a partner should
// act on: fast anywhere, or under way far beyond the coastal fishing belt.
//
// Most vessels without AIS are lawful: AIS is required only of ships of 300 GT and more on
// international voyages, cargo ships of 500 GT and more and passenger ships (SOLAS chapter V,
// regulation 19.2.4), so the Caribbean's artisanal fishing boats and pleasure craft carry
// none. They work the shelf within a day's run of their landing site. A dark contact there is
// the normal picture, not a cue. And a radar contact is "dark" only after the analyst has
// checked the AIS picture: satellite AIS hears a ship every hour or two, so a patrol
// aircraft's radar contact on a merchant ship has usually no AIS report on its short track,
// while the ship's last satellite fix, dead-reckoned, says who it is.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "core/track.hpp"
#include "cueing/ais_gap_rule.hpp"
#include "cueing/alert.hpp"
#include "cueing/rule.hpp"
#include "cueing/rule_support.hpp"

namespace picket::cueing {

/// How a radar contact is matched against the identified vessels' latest known states.
struct AisCorrelationConfig {
  bool enabled = true;
  /// An identified vessel's state is used this long after it was last updated: as long as
  /// the tracker holds a satellite-AIS track (TrackerConfig::satellite_hold). Satellite AIS
  /// revisits every 1-2 h and delivers up to ~30 min late, and a pass that misses the ship
  /// makes a 3 h gap: on transit-zone-24h 11 of the 26 false dark targets were merchant
  /// ships a patrol aircraft's radar saw 800 m or less from their last fix dead-reckoned,
  /// made exactly 3 h before (the previous horizon).
  core::Duration horizon = core::Duration::fromSeconds(6 * 3600.0);
  /// The contact must lie this close to the vessel's dead-reckoned position...
  double gate_m = 2'000.0;
  /// ...plus this fraction of the distance dead-reckoned (course and speed drift).
  double drift_fraction = 0.15;
  /// The speeds may differ by this much plus two 1-sigma of the contact's speed, knots.
  double speed_tolerance_kn = 5.0;
  /// Reach (offshore contacts only, not fast ones): a known vessel also explains a contact
  /// it could have sailed to since its last AIS report, the distance from that report at
  /// most `gate_m` plus (1 + `drift_fraction`) times the larger of its speed and the
  /// contact's, times the time since (speeds matching as above). Satellite AIS hears a
  /// merchant every one to three hours, and a ship that turned at a waypoint since is tens of
  /// kilometres from its dead reckoning: on transit-zone-24h 7 of 13 false dark targets were
  /// such ships, 15-120 km off their dead-reckoned fixes and well within reach; 4 were fishing
  /// boats that stopped or turned since their last report 0.2-2 h before. false: dead
  /// reckoning only.
  bool reach = true;
  bool operator==(const AisCorrelationConfig&) const = default;
};

struct DarkTargetConfig {
  bool enabled = true;
  /// Non-cooperative updates the track must have (evidence it is a real target; the
  /// tracker's M-of-N confirmation over scan opportunities comes first).
  int min_noncooperative_updates = 6;
  /// Age the track must reach without any AIS correlation (time for AIS to have been heard:
  /// class A reports every 2-10 s underway, class B every 30 s; ITU-R M.1371-5 table 1).
  core::Duration min_track_age = core::Duration::fromSeconds(180);
  /// Fast: a dark contact at or above this speed is a cue wherever it is (a go-fast's speed;
  /// the go_fast rule confirms it after minutes, this cue comes at once).
  double fast_speed_kn = 25.0;
  /// Updates whose speed 1-sigma exceeds this say nothing about speed, knots.
  double max_speed_sigma_kn = 5.0;
  /// The fast speed must be sustained (SustainedRun: rule_support.hpp) for this long, the
  /// run's time-weighted mean speed at least `fast_speed_kn` too, with holding updates at most
  /// `fast_max_gap` apart: a track that takes a foreign plot or a clutter detection jumps to
  /// tens of knots for an update or two before the tracker drops it, a go-fast runs for hours.
  core::Duration fast_min_duration = core::Duration::fromSeconds(60);
  core::Duration fast_max_gap = core::Duration::fromSeconds(60);
  /// Offshore: a dark contact under way at least this far from the coast is a cue at any
  /// speed of at least `offshore_min_speed_kn`. Without a land mask every contact counts as
  /// offshore (and the start-up log says so).
  double offshore_min_shore_distance_nm = 50.0;
  double offshore_min_speed_kn = 3.0;
  AisCorrelationConfig ais_correlation;
  /// "Dark" means something only where AIS is heard: an offshore contact's (not a fast one's)
  /// cell of the reception map
  /// (AisReceptionMap, learned from the identified vessels' reports) must hear transmitting
  /// vessels in at least this share of its `reception_slot`s. Elsewhere a contact without AIS
  /// is unidentified, not dark. 0: not tested.
  double min_reception_quality = 0.5;
  double reception_cell_deg = 1.0;
  core::Duration reception_slot = core::Duration::fromSeconds(3600);
  int reception_min_samples = 20;
  Severity severity = Severity::Medium;
  bool operator==(const DarkTargetConfig&) const = default;
};

/// Whether the track is a dark contact at `now`: confirmed or coasting surface track, no MMSI
/// and no AIS update ever, enough non-cooperative updates and age.
bool isDarkTarget(const core::Track& track, core::Timestamp now, const DarkTargetConfig& config);

/// Confidence that the track is a real, uncooperative target: grows with independent
/// non-cooperative evidence (updates, and more so distinct sensors). A heuristic in [0, 0.99],
/// documented in cueing/README.md.
double darkTargetConfidence(const core::Track& track);

/// The latest state of every identified vessel (a track with an MMSI) within a horizon, kept
/// after its track is dropped, in a lat/lon grid: "which known vessel could this contact be?"
/// Memory: one entry per MMSI heard within the horizon.
class AisPicture {
 public:
  struct Match {
    std::uint32_t mmsi = 0;
    core::TrackId track = 0;
    double distance_m = 0.0;  ///< contact to the vessel's dead-reckoned position (by reach:
                              ///< to its last AIS fix)
    double age_s = 0.0;       ///< how old the vessel's state (by reach: its last report) is
    bool by_reach = false;    ///< explained by reach, not by dead reckoning
  };
  explicit AisPicture(AisReceptionMap reception) : reception_(std::move(reception)) {}
  /// Records the step's identified tracks (their latest states), teaches the reception map
  /// from their AIS reports, and forgets states older than the horizon and the map's longest
  /// learning interval (at most once a minute of data time).
  void observe(const RuleContext& context, const AisCorrelationConfig& config);
  [[nodiscard]] const AisReceptionMap& reception() const { return reception_; }
  /// The closest known vessel whose dead-reckoned position and speed fit the contact, if any;
  /// else, with `reach` (and `config.reach`), the closest one that could have sailed to it.
  [[nodiscard]] std::optional<Match> explain(const TrackView& contact, core::Timestamp now,
                                             const AisCorrelationConfig& config,
                                             bool reach = false) const;
  [[nodiscard]] std::size_t vessels() const { return vessels_.size(); }

 private:
  struct Vessel {
    core::TrackId track = 0;
    core::GeoPoint position;
    core::Vec2 velocity_en = core::Vec2::Zero();
    core::Timestamp time;
    std::int64_t cell = 0;
    core::Timestamp last_report;  ///< latest AIS report and where it was
    core::GeoPoint report_position;
    AisReceptionMap::History reception;
  };
  static std::int64_t cellOf(double lat_deg, double lon_deg);

  AisReceptionMap reception_;
  std::map<std::uint32_t, Vessel> vessels_;  ///< by MMSI
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> cells_;
  core::Timestamp next_prune_{0};
};

/// The rule: raises subject {track} while a dark contact is fast or under way offshore and the
/// AIS picture does not explain it; clears it when the track correlates with AIS (gains an
/// MMSI, also through a merge into an identified track) or the AIS picture explains it.
class DarkTargetRule final : public Rule {
 public:
  explicit DarkTargetRule(DarkTargetConfig config);
  [[nodiscard]] std::string_view name() const override { return "dark_target"; }
  void onStep(const RuleContext& context, FindingSink& sink) override;
  [[nodiscard]] std::vector<std::string> geographyNotes(const Geography& geography) const override;

  /// Tracks the rule has raised and not cleared (for tests and memory reports).
  [[nodiscard]] std::size_t raisedTracks() const { return raised_.size(); }

 private:
  void evaluate(const RuleContext& context, const TrackView& view, FindingSink& sink,
                const std::string& merge_note);
  void clearRaised(core::TrackId id, FindingSink& sink, const std::string& reason);

  DarkTargetConfig config_;
  AisPicture picture_;
  GeoTestCache offshore_{1'000.0};
  std::set<core::TrackId> raised_;
  /// Per dark candidate track: its run at the fast speed (dropped with the track).
  std::unordered_map<core::TrackId, SustainedRun> fast_runs_;
};

}  // namespace picket::cueing
