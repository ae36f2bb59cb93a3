#pragma once
// AIS gap ("going dark"): an identified vessel stops reporting where it should be heard.
//
// Stages of one gap, one alert subject (rule "ais_gap", tag "mmsi:<n>"):
//  - fast cue (severity Low): a radar still holds the vessel inside terrestrial AIS coverage
//    and it has missed `fast_cue_missed_reports` nominal report intervals;
//  - naive gap (Medium): `naive_gap` of silence in coverage (Global Fishing Watch's 6 h "AIS gap
//    events");
//  - likely deliberate (High): `deliberate_gap` (GFW's 12 h "intentional disabling"), begun at
//    least `deliberate_min_shore_distance` from shore by a vessel heard at least
//    `deliberate_min_reports` times in the `deliberate_report_window` before it (GFW's filters
//    against poor reception and vessels in port; Welch et al. 2022, Science Advances 8,
//    eabq2109; GFW technical documentation, chapter "Gaps").
// The subject's tracks are [the live track] while one carries the MMSI, else empty with
// Finding::last_known set (the vessel's last state). See RULES-identity.md.
//
// Threading: owned by the tracker's thread (rule.hpp).

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "core/track.hpp"
#include "cueing/ais_satellite_passes.hpp"
#include "cueing/rule.hpp"
#include "geo/land_mask.hpp"
#include "geo/polygon.hpp"

namespace picket::cueing {

struct AisGapConfig {
  bool enabled = true;
  /// Silence in coverage that makes a gap (GFW: 6 h gap events).
  core::Duration naive_gap = core::Duration::fromSeconds(6 * 3600.0);
  /// Silence in coverage that makes a gap likely deliberate (GFW: 12 h).
  core::Duration deliberate_gap = core::Duration::fromSeconds(12 * 3600.0);
  /// The gap must begin at least this far from shore to count as deliberate (GFW: 50 nm).
  /// Ignored without a land mask in the geography.
  double deliberate_min_shore_distance_m = 50.0 * 1852.0;
  /// Reports the vessel must have sent in the window before the gap to count as deliberate
  /// (GFW: 14 positions in the 12 h before), 0 to disable.
  int deliberate_min_reports = 14;
  core::Duration deliberate_report_window = core::Duration::fromSeconds(12 * 3600.0);
  /// A position counts as inside a terrestrial receiver's coverage only this far inside its
  /// circle: reception fades near the edge.
  double coverage_margin_m = 5.0 * 1852.0;
  /// The area a satellite AIS feed covers (when Geography::satellite_ais is set).
  geo::LatLonBox satellite_area = geo::kTheatreBox;
  /// Mean time between satellite passes, and the delivery latency of its reports: with
  /// satellite-only coverage a silence shorter than their sum is what the passes produce.
  core::Duration satellite_revisit = core::Duration::fromSeconds(95 * 60.0);
  core::Duration satellite_latency = core::Duration::fromSeconds(30 * 60.0);
  /// A vessel whose dead-reckoned track reaches land within this time of its last state is
  /// taken to have arrived (in port): its silence does not count.
  core::Duration landfall_horizon = core::Duration::fromSeconds(3600.0);
  /// Reception quality learned online (cueing/RULES-identity.md, "Reception quality"): the
  /// share of `reception_slot`-long slots in which vessels known to be transmitting (heard
  /// before and after, at most `reception_learning_max_interval` apart) were heard at least
  /// once, per `reception_cell_deg` lat/lon cell, scaled per vessel by how often it was heard
  /// against what its cells predicted. A silence counts as a gap only when the vessel has
  /// missed at least `naive_min_missed_slots` (deliberate: `deliberate_min_missed_slots`)
  /// slots' worth of expected reception (a floor), and the silence is improbable for a
  /// transmitting vessel (`*_max_silence_probability`, below). A cell with fewer than
  /// `reception_min_samples` slots says nothing (quality 0). false: the naive coverage test
  /// alone.
  bool reception_quality = true;
  double reception_cell_deg = 1.0;
  core::Duration reception_slot = core::Duration::fromSeconds(3600);
  core::Duration reception_learning_max_interval = core::Duration::fromSeconds(12 * 3600.0);
  int reception_min_samples = 20;
  double naive_min_missed_slots = 6.0;
  double deliberate_min_missed_slots = 10.0;
  /// Coverage of a vessel's position is recomputed only after it moved this far.
  double coverage_recheck_m = 2'000.0;
  /// A silence that begins this close to a port is a vessel in port (berthed, at its marina
  /// or landing site), not one going dark: it never counts. Global Fishing Watch leaves
  /// vessels in port out of its gaps; 4 km is the radius at which its port-visit algorithm
  /// has a vessel leave an anchorage. 0: off; needs Geography::ports.
  double in_port_distance_m = 4'000.0;
  /// A silence that begins within this distance of a port while the vessel sails towards it
  /// (its course within `arrival_max_off_course_deg` of the bearing to the port, at more than
  /// 2 kn) is an arrival: the vessel went on into the harbour, where terrain hides it from the
  /// receivers or it moored and switched off (pleasure craft often do). 0: off; needs
  /// Geography::ports.
  double arrival_distance_m = 15'000.0;
  double arrival_max_off_course_deg = 90.0;
  /// AIS ship types that carry AIS voluntarily (ITU-R M.1371-5 table 53: 36 sailing, 37
  /// pleasure craft; SOLAS V/19 requires AIS of ships of 300 GT and more on international
  /// voyages, not of yachts): their silence is never a gap (a yacht switches its set off at
  /// its berth or mooring lawfully). Empty: every vessel is judged.
  std::vector<std::uint32_t> voluntary_ship_types{36, 37};
  /// Where a silent vessel was going: its course from the last fix, dead-reckoned up to
  /// `destination_horizon`, ends the silence that counts when it comes within
  /// `arrival_distance_m` of a port (other than one it was already that close to), reaches
  /// land, or comes within `theatre_exit_margin_m` of the edge of `satellite_area` (with a
  /// satellite feed: the vessel left the picture). A vessel heard last at sea heading into a
  /// port 4 h away that is silent 7 h later has most likely arrived. 0 horizon: off.
  core::Duration destination_horizon = core::Duration::fromSeconds(24 * 3600.0);
  /// Only a vessel sailing out counts as leaving: the dead reckoning must move deeper into
  /// the margin than the last fix (a ship that entered the theatre and was heard inside the
  /// margin while sailing in is still followed) and cross the edge of `satellite_area` within
  /// `destination_horizon` (a ship sailing along the edge inside the margin is still followed).
  double theatre_exit_margin_m = 100.0 * 1852.0;
  /// Harbours learned from the traffic (Global Fishing Watch builds its anchorage list from AIS
  /// positions the same way): a `harbour_cell_deg` lat/lon cell where at least
  /// `harbour_min_vessels` distinct identified vessels were first heard, once the rule has run
  /// `harbour_warmup` (before that every vessel is first heard wherever it happens to be), is
  /// a harbour, marina or anchorage: AIS sets are switched on at the berth, and the World
  /// Port Index lists neither marinas nor anchorages. Learned harbours count as ports for the
  /// in-port, arrival and destination tests. 0 vessels: off.
  int harbour_min_vessels = 3;
  double harbour_cell_deg = 0.02;
  core::Duration harbour_warmup = core::Duration::fromSeconds(3600);
  /// Identity handover: the silence of an MMSI is no gap when another MMSI starts reporting
  /// where its vessel is (an identity change, or a spoofed MMSI dropped or taken up: the
  /// spoofing rule's finding; the vessel never stopped transmitting). Another MMSI heard for
  /// the first time within `handover_window` after the silent one's last report, or heard
  /// again after a silence that began before the silent MMSI was first heard (the two
  /// identities took turns), at most `handover_gate_m` plus `handover_gate_drift_fraction` of
  /// the distance sailed from where the silent MMSI's last fix puts the vessel by dead
  /// reckoning (and, when it resumes, last heard within the same gate of the silent MMSI's
  /// first fix). The window is the tracker's satellite hold (6 h): a weak transmitter may go
  /// unheard for passes before it changes identity. 0 window: off.
  core::Duration handover_window = core::Duration::fromSeconds(6 * 3600.0);
  double handover_gate_m = 2'000.0;
  double handover_gate_drift_fraction = 0.2;
  /// A silent vessel at or below this speed at its last fix was working (fishing, drifting),
  /// not on passage: its course says little about where it is hours later, so the handover
  /// gate is also centred on its last fix (transit-zone-24h: identity-change-2's fishing boat
  /// circled its ground at 3 kn; its new MMSI was first heard 3.1 h later 2.2 km from the old
  /// fix and 14 km from its dead reckoning). Knots; 0: the dead reckoning only.
  double handover_working_speed_kn = 5.0;
  /// Naive and deliberate stages: the silence must also be improbable for a vessel that is
  /// transmitting, under the learned reception quality: the product over the slots it spent
  /// silent of (1 - the vessel's expected reception there) at most this probability (the
  /// binomial tail of no slot heard). Only with `reception_quality`.
  double naive_max_silence_probability = 0.01;
  double deliberate_max_silence_probability = 0.001;
  /// Satellite pass model (ais_satellite_passes.hpp) for a vessel last heard outside
  /// terrestrial coverage by a satellite AIS feed (a sensor with `satellite: true`): its
  /// silence counts the passes that heard other vessels in the cells its dead reckoning
  /// crossed (`satellite_cell_deg` cells; reports less than `satellite_pass_gap` apart are one
  /// pass; a pass counts `satellite_pass_settle` after its last report), against the vessel's
  /// learned detection per pass (prior `satellite_prior_detection` weighing
  /// `satellite_prior_weight` passes, replaced by the cell's share once it has
  /// `satellite_cell_min_passes`; learned between bursts at most
  /// `satellite_learning_max_interval` apart). With at least `satellite_min_missed_passes`
  /// passes missed and P(all missed | transmitting) = (1 - p)^k at most
  /// `satellite_max_silence_probability` the rule cues (`satellite_severity`) before the GFW
  /// thresholds; the naive and deliberate stages then need the same count with
  /// `naive_max_silence_probability` / `deliberate_max_silence_probability` (the slot model
  /// is not used for such a vessel). false: the slot model for every vessel.
  bool satellite_pass_model = true;
  /// The model's cells, pass grouping, learning and prior (SatellitePassConfig; its `keep` is
  /// set from forget_after).
  SatellitePassConfig satellite_passes;
  int satellite_min_missed_passes = 3;
  double satellite_max_silence_probability = 1e-3;
  Severity satellite_severity = Severity::Low;
  /// Fast cue: missed nominal report intervals while a radar holds the vessel.
  bool fast_cue = true;
  int fast_cue_missed_reports = 10;
  /// The report interval assumed when too few reports were observed: class B "CS"
  /// (ITU-R M.1371-5 Annex 2 Table 2): 30 s above 2 kn, 3 min at or below.
  core::Duration fast_cue_fallback_interval = core::Duration::fromSeconds(30);
  core::Duration fast_cue_fallback_slow_interval = core::Duration::fromSeconds(180);
  /// Observed report intervals needed before they are trusted.
  int fast_cue_min_observed_intervals = 5;
  /// The silence must also exceed this multiple of the longest interval between the
  /// vessel's recent reports (its own reception: a vessel at the edge of a receiver's range
  /// or in a crowded channel loses reports for minutes and then is heard again). 0: off.
  double fast_cue_history_factor = 2.0;
  /// The radar must have updated the track at most this long ago.
  core::Duration fast_cue_radar_recent = core::Duration::fromSeconds(60);
  /// "Radar still holds it" means the radar updates since the last AIS report are the same
  /// vessel: the track is within `fast_cue_gate_m` plus `fast_cue_gate_drift_fraction` of the
  /// distance sailed from the last AIS fix dead-reckoned, at a speed within
  /// `fast_cue_speed_tolerance_kn` of the speed at that fix, for at least
  /// `fast_cue_min_radar_updates` radar updates in a row (a coasting AIS track that gates a
  /// passing boat or clutter after the vessel vanished is not held).
  double fast_cue_gate_m = 1'500.0;
  double fast_cue_gate_drift_fraction = 0.2;
  double fast_cue_speed_tolerance_kn = 5.0;
  int fast_cue_min_radar_updates = 3;
  /// Short-interval reception per terrestrial receiver and range band
  /// (`ReceiverLossModel`): the fast cue needs the missed intervals to be improbable under the
  /// learned loss (loss^missed, over every receiver that covers the vessel, at most
  /// `fast_cue_max_probability`) and the vessel inside a reliable band of at least one
  /// receiver (learned from at least `fast_cue_min_band_reports` expected reports, loss at
  /// most `fast_cue_max_band_loss`). false: the coverage circles alone.
  bool fast_cue_receiver_model = true;
  double fast_cue_band_m = 5.0 * 1852.0;
  double fast_cue_max_probability = 1e-4;
  double fast_cue_max_band_loss = 0.5;
  int fast_cue_min_band_reports = 200;
  Severity fast_cue_severity = Severity::Low;
  Severity naive_severity = Severity::Medium;
  Severity deliberate_severity = Severity::High;
  /// Every vessel's gap is re-evaluated at least this often (data time).
  core::Duration evaluation_interval = core::Duration::fromSeconds(60);
  /// A vessel silent this long with no live track is forgotten (its alert closes).
  core::Duration forget_after = core::Duration::fromSeconds(48 * 3600.0);
  /// At most this many vessels are followed; past it the longest-silent untracked one goes.
  std::size_t max_vessels = 100'000;
  bool operator==(const AisGapConfig&) const = default;
};

/// Nominal reporting interval of an AIS transponder moving at `speed_mps` (ITU-R M.1371-5
/// Annex 1 Table 1 for class A, not changing course: 3 min at or below 3 kn (at anchor),
/// 10 s to 14 kn, 6 s to 23 kn, 2 s above; class B "CS", Annex 2 Table 2: 3 min at or below
/// 2 kn, 30 s above).
core::Duration nominalReportInterval(bool class_a, double speed_mps);

/// AIS reception quality learned online from the reports actually received, per lat/lon cell:
/// the share of `slot`-long time slots in which vessels known to be transmitting (heard before
/// and after, at most `max_interval` apart) were heard at least once. The honest, online
/// counterpart of Global Fishing Watch's reception-quality raster (Welch et al. 2022, Science
/// Advances 8, eabq2109): where transmitting vessels are seldom heard, silence means little.
/// One instance per rule that needs it (no shared state).
class AisReceptionMap {
 public:
  /// A vessel's reception history: slots observed while it transmitted, those heard, and the
  /// sum of its cells' quality over them (what the map predicted).
  struct History {
    double slots = 0.0;
    double heard = 0.0;
    double predicted = 0.0;
  };
  AisReceptionMap(double cell_deg, core::Duration slot, core::Duration max_interval,
                  int min_samples);
  /// One vessel heard at `t1` at `p1`, last heard at `t0` at `p0`: counts the slots it went
  /// through unheard (at its interpolated position) and the slot it was heard in.
  void learn(History& vessel, core::Timestamp t0, const core::GeoPoint& p0, core::Timestamp t1,
             const core::GeoPoint& p1);
  /// The cell's quality in [0, 1]; 0 while it has fewer than `min_samples` slots.
  [[nodiscard]] double quality(const core::GeoPoint& p) const;
  /// A vessel's expected reception in [0, 1] at `p`: the cell's quality scaled by how the
  /// vessel was heard against its cells' prediction (one pseudo-slot each way).
  [[nodiscard]] double quality(const History& vessel, const core::GeoPoint& p) const;
  [[nodiscard]] core::Duration slot() const { return slot_; }
  [[nodiscard]] std::size_t cells() const { return cells_.size(); }

 private:
  struct Cell {
    double slots = 0.0;
    double heard = 0.0;
  };
  [[nodiscard]] std::int64_t cellOf(const core::GeoPoint& p) const;

  double cell_deg_;
  core::Duration slot_;
  core::Duration max_interval_;
  int min_samples_;
  std::unordered_map<std::int64_t, Cell> cells_;
};

/// Short-interval AIS reception per terrestrial receiver and range band, learned online from
/// the reports actually received: between two consecutive reports of one vessel by one
/// receiver, `gap / interval` reports were expected (the vessel's own report interval) and one
/// was received, the others lost. Only gaps of at most `max_expected` intervals are learned: a
/// longer silence may be the vessel going dark or leaving the receiver's range, which is what
/// the rule judges. The loss estimate is (lost + 1) / (expected + 2) (a uniform prior). One
/// instance per rule (no shared state).
class ReceiverLossModel {
 public:
  ReceiverLossModel(double band_m, double max_expected);
  void learn(std::size_t receiver, double range_m, core::Duration gap, core::Duration interval);
  /// Expected reports learned in the band, and the loss estimate there.
  struct Band {
    double expected = 0.0;
    double lost = 0.0;
    [[nodiscard]] double loss() const { return (lost + 1.0) / (expected + 2.0); }
  };
  [[nodiscard]] Band band(std::size_t receiver, double range_m) const;

 private:
  [[nodiscard]] std::size_t bandOf(double range_m) const;
  double band_m_;
  double max_expected_;
  std::vector<std::vector<Band>> bands_;  ///< [receiver][band]
};

class AisGapRule final : public Rule {
 public:
  explicit AisGapRule(AisGapConfig config);
  [[nodiscard]] std::string_view name() const override { return "ais_gap"; }
  void onStep(const RuleContext& context, FindingSink& sink) override;

  /// Vessels followed now (for tests and memory reports).
  [[nodiscard]] std::size_t vessels() const { return vessels_.size(); }

  enum class Stage : std::uint8_t { None, Fast, Passes, Naive, Deliberate };

 private:
  /// A terrestrial coverage test remembered until the position moves `coverage_recheck_m`.
  struct CoverageCache {
    core::GeoPoint at;
    bool known = false;
    bool inside = false;
    std::string receiver;
  };
  struct Vessel {
    std::uint32_t mmsi = 0;
    std::string name;
    std::uint32_t ship_type = 0;  ///< AIS ship type, 0 unknown
    core::Timestamp first_heard;  ///< first report followed (identity handover)
    core::GeoPoint first_fix;
    std::uint32_t handed_to = 0;  ///< MMSI now reporting where this vessel is; 0: none
    core::Timestamp last_heard;
    core::GeoPoint last_fix;
    core::TrackId carrier = 0;              ///< live track last heard with the MMSI; 0: none
    std::optional<core::Track> last_known;  ///< the carrier as it was dropped
    core::Vec6 fix_x = core::Vec6::Zero();  ///< the carrier's ECEF state at the last AIS report
    core::Timestamp fix_time;               ///< ... valid at this time
    core::Vec2 fix_velocity_en = core::Vec2::Zero();
    /// Per terrestrial receiver (index into Geography::ais_coverage): its latest report.
    std::vector<std::pair<std::uint32_t, core::Timestamp>> receiver_reports;
    core::Timestamp radar_counted;          ///< latest radar update judged for the fast cue
    int radar_run = 0;                      ///< consistent radar updates in a row since heard
    bool diverged = false;                  ///< the carrier left the vessel's dead reckoning
    double log_silence_probability = 0.0;   ///< ln P(unheard so long | transmitting)
    double fast_cue_probability = 1.0;      ///< P(missed so many reports), last judged
    std::optional<bool> in_port;            ///< last_fix near a port (computed once per fix...)
    std::uint64_t in_port_harbours = 0;     ///< ...and again when a harbour is learned
    core::Duration covered;                 ///< silence spent in coverage since last_heard
    core::Timestamp accounted;              ///< `covered` is counted up to here
    bool landed = false;                    ///< dead reckoning reached land: arrived
    std::deque<core::Timestamp> reports;    ///< latest report times, oldest first
    double missed_slots = 0.0;              ///< expected heard slots missed since last_heard
    AisReceptionMap::History reception;
    SatellitePassModel::History satellite;  ///< detection per pass; the latest burst
    int missed_passes = 0;                  ///< passes missed since last_heard (cached)
    std::uint64_t passes_version = 0;       ///< ... at this model version
    core::Timestamp passes_checked;         ///< ... and this time (passes settle)
    bool passes_known = false;
    std::optional<core::Timestamp> silence_end;  ///< arrival or departure by dead reckoning
    bool silence_end_known = false;
    CoverageCache fix_coverage;             ///< terrestrial coverage at last_fix
    CoverageCache now_coverage;             ///< ... at the latest position believed
    Stage raised = Stage::None;
    core::TrackId raised_track = 0;  ///< subject raised: [raised_track], or [] when 0
  };

  /// Whether `p` is inside terrestrial coverage, through the cache.
  bool terrestrial(CoverageCache& cache, const Geography& g, const core::GeoPoint& p) const;

  void heard(Vessel& v, const TrackView& view, core::Timestamp t, const RuleContext& context,
             FindingSink& sink);
  /// Another MMSI `b` heard at `t` (first report if `previous` is empty, else its previous
  /// report time, fix and velocity): marks the silent vessels whose identity it took over.
  void handover(const Vessel& b, std::optional<core::Timestamp> previous,
                const core::GeoPoint& previous_fix, const core::Vec2& previous_velocity_en,
                FindingSink& sink);
  /// Learns the receivers that heard the carrier's latest report(s).
  void learnReceivers(Vessel& v, const TrackView& view, const RuleContext& context);
  /// Judges the carrier's radar updates since the last report: the same vessel or not.
  void judgeRadar(Vessel& v, const core::Track& live);
  /// Whether the fast cue's silence is improbable where the vessel is (receiver model), and
  /// the probability.
  [[nodiscard]] bool fastCueImprobable(const core::GeoPoint& p, double missed,
                                       const Geography& g, double& probability) const;
  [[nodiscard]] bool inPort(Vessel& v, const Geography& g) const;
  /// The nearest learned harbour within `within_m` of `p` (its cell id and centre), if any.
  [[nodiscard]] std::optional<std::pair<std::int64_t, core::GeoPoint>> nearestHarbour(
      const core::GeoPoint& p, double within_m) const;
  /// Counts a vessel first heard at `p` towards the harbour there.
  void learnHarbour(const core::GeoPoint& p, core::Timestamp now);
  /// Sensor index -> index into Geography::ais_coverage (-1: not a terrestrial receiver).
  const std::vector<int>& receiverIndex(const RuleContext& context);
  /// Whether the satellite pass model judges this vessel, and its missed passes (cached).
  [[nodiscard]] bool bySatellitePasses(const Vessel& v, const Geography& g) const;
  /// GFW's filters for the deliberate stage: regular reports before, offshore.
  [[nodiscard]] bool deliberateFilters(const Vessel& v, const Geography& g) const;
  int missedPasses(Vessel& v, core::Timestamp now, const Geography& g) const;
  /// When the vessel's dead reckoning from its last fix arrives (port, land) or leaves the
  /// theatre, if it does within destination_horizon (computed once per silence).
  std::optional<core::Timestamp> silenceEnd(Vessel& v, const Geography& g) const;
  void dropped(const tracking::DeletedTrack& d, const TrackPicture& tracker,
               FindingSink& sink);
  void account(Vessel& v, const RuleContext& context);
  /// Where the vessel is believed to be now, and whether that is a live track's estimate.
  core::GeoPoint whereNow(const Vessel& v, const RuleContext& context, const core::Track** live) const;
  [[nodiscard]] bool covered(Vessel& v, const Geography& g, const core::GeoPoint& p) const;
  Stage stageOf(Vessel& v, const RuleContext& context, const core::Track* live,
                const core::GeoPoint& now_position, core::Duration& expected_interval) const;
  void evaluate(Vessel& v, const RuleContext& context, FindingSink& sink);
  void clearRaised(Vessel& v, FindingSink& sink, const std::string& reason);
  [[nodiscard]] int reportsBefore(const Vessel& v) const;
  [[nodiscard]] std::optional<core::Duration> observedInterval(const Vessel& v) const;
  void forgetAndCap(const RuleContext& context, FindingSink& sink);

  AisGapConfig config_;
  AisReceptionMap reception_;
  ReceiverLossModel receiver_loss_;
  SatellitePassModel passes_;
  std::vector<int> receiver_index_;
  bool receiver_index_built_ = false;
  std::map<std::uint32_t, Vessel> vessels_;  ///< by MMSI: ordered for deterministic output
  core::Timestamp next_evaluation_{0};
  std::size_t report_history_ = 0;
  /// Learned harbours: vessels first heard per harbour cell (after the warm-up).
  std::unordered_map<std::int64_t, int> first_heard_;
  std::uint64_t harbours_version_ = 0;  ///< learned harbours so far
  /// Learned harbours (cell id, centre) by kHarbourBucketDeg bucket: a few lookups per test.
  std::unordered_map<std::int64_t, std::vector<std::pair<std::int64_t, core::GeoPoint>>>
      harbours_;
  static constexpr double kHarbourBucketDeg = 0.25;
  static std::int64_t harbourBucket(const core::GeoPoint& p);
  std::optional<core::Timestamp> started_;
};

}  // namespace picket::cueing
