#pragma once
// Spoofing: AIS identity and kinematics that cannot be true (rule "spoofing").
//
// Findings, each its own subject (tag):
//  - "twin:mmsi:<n>": two live tracks carry one MMSI farther apart than one vessel of its type
//    could be (the tracker never forces a report onto a track it does not gate with: a second
//    track with the same MMSI appears, TrackerCounters::identity_gate_failures). Tracks: the
//    newer track, then the older one (related).
//  - "jump:mmsi:<n>": the MMSI is heard again, on a new track, farther from where it was last
//    heard than its speed envelope allows (spoofed position, or a second vessel using it).
//  - "invalid_mmsi:<n>": the MMSI is not a ship station's (9 digits, MID 2xx-7xx) or its MID is
//    not allocated (ITU-R M.585-9; cueing/mid.hpp).
//  - "frozen_position:mmsi:<n>": the MMSI's fixes stand still while its own velocity (the
//    SOG/COG it reports, which the track's velocity follows) says it is under way: a fixed false
//    position (GNSS spoofing, a replayed or typed-in fix).
//  - "kinematics": an AIS-identified surface track faster than its type's envelope, beyond its
//    own velocity uncertainty, for a while.
//  - "identity_change:mmsi:<old>": an MMSI falls silent and, where its vessel would be, a new
//    MMSI starts reporting with the same course and speed and the old one stays silent (renamed
//    and reflagged at sea). "identity_change:static": a track's MMSI keeps reporting but its
//    name, call sign or IMO number changes.
// Speed envelopes by ITU-R M.1371-5 ship type (Table 53): see SpoofingConfig.
//
// Threading: owned by the tracker's thread (rule.hpp).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "core/track.hpp"
#include "cueing/rule.hpp"

namespace picket::cueing {

struct SpoofingConfig {
  bool enabled = true;
  /// Top speed of a vessel of unknown or other type (pleasure craft, tugs, law enforcement).
  double max_speed_mps = 50.0 * (1852.0 / 3600.0);
  /// Cargo ships and tankers (ship types 70-89): the fastest container ships make ~25 kn.
  double max_speed_merchant_mps = 30.0 * (1852.0 / 3600.0);
  /// Fishing vessels (type 30).
  double max_speed_fishing_mps = 30.0 * (1852.0 / 3600.0);
  /// Wing-in-ground craft (20-29) and high-speed craft (40-49).
  double max_speed_high_speed_mps = 70.0 * (1852.0 / 3600.0);
  /// Allowance for GNSS error and time-stamp jitter in every position comparison: a vessel
  /// whose fix is this much off is not a jump.
  double position_tolerance_m = 2.0 * 1852.0;
  /// Implied speeds divide by at least this interval (reports of one instant by two receivers).
  core::Duration min_interval = core::Duration::fromSeconds(10);
  bool check_mmsi = true;
  /// A vessel's own envelope: once it has been heard at least own_speed_min_fixes times, a
  /// jump is judged against the fastest speed it was heard at (or reports now) plus this,
  /// at most its type's envelope: a tanker at 12 kn does not make 25 kn between two passes.
  double own_speed_margin_mps = 10.0 * (1852.0 / 3600.0);
  int own_speed_min_fixes = 3;
  /// Kinematics: the track's speed must exceed its envelope by this many sigma of its speed
  /// estimate...
  double kinematic_sigmas = 3.0;
  /// ... continuously for this long.
  core::Duration kinematic_min_duration = core::Duration::fromSeconds(60);
  /// ... while AIS updates the track (its last AIS report at most this old): a speed that
  /// radar plots alone gave an identified track (a coasting track gating a far plot) says
  /// nothing about the transponder's identity.
  core::Duration kinematic_max_ais_age = core::Duration::fromSeconds(60);
  /// Frozen position: consecutive AIS fixes of one MMSI at least frozen_min_interval apart
  /// that moved at most frozen_max_fraction of what the track's speed (the smaller at the two
  /// fixes, at least frozen_min_speed_mps) covers in the interval, and frozen_min_shortfall_m
  /// short of it, frozen_min_intervals times in a row. A vessel at anchor reports no speed; a
  /// vessel under way moves; a fix that stands still while SOG says 12 kn was not measured.
  bool frozen_position = true;
  double frozen_min_speed_mps = 3.0 * (1852.0 / 3600.0);
  double frozen_max_fraction = 0.2;
  double frozen_min_shortfall_m = 250.0;
  /// ... and moved at most this in absolute terms: a typed-in position does not move at all
  /// (the track's estimate at a fix is within metres of it), a vessel under way that comes
  /// back near where it was (a fishing boat working a ground) is hundreds of metres off.
  double frozen_max_moved_m = 100.0;
  core::Duration frozen_min_interval = core::Duration::fromSeconds(30);
  int frozen_min_intervals = 2;
  Severity frozen_severity = Severity::Medium;
  bool identity_change = true;
  /// A new MMSI may take over a silent one heard at most this long before (covers a satellite
  /// revisit when only satellite AIS hears the area).
  core::Duration handover_window = core::Duration::fromSeconds(2 * 3600.0);
  /// The new MMSI must be within position_tolerance_m plus this fraction of the distance the old
  /// one's vessel would have sailed, of its dead-reckoned position...
  double handover_drift_fraction = 0.05;
  /// The new MMSI's first report must be within this of the old one's dead-reckoned position
  /// (plus the drift allowance): one transponder's GNSS does not move; two boats of one marina
  /// or fishing ground, one arriving and one leaving, are kilometres apart.
  double handover_position_tolerance_m = 0.5 * 1852.0;
  /// ... with a speed within this of the old one's ...
  double handover_speed_tolerance_mps = 3.0 * (1852.0 / 3600.0);
  /// ... and the new MMSI must keep reporting for this long after the old one's last report,
  /// with the old one silent (longer than a satellite pass, 12 min, so that two vessels heard
  /// together in one pass never pass for one).
  core::Duration handover_confirm = core::Duration::fromSeconds(15 * 60.0);
  /// ... reporting at least this many times after that while the old one stays silent (two
  /// vessels heard at the start of one pass are told apart within a few reports).
  int handover_confirm_reports = 3;
  /// Confirmation from evidence, without the delay: the new MMSI's first
  /// handover_fast_reports reports, spanning at least handover_fast_span, each continue the
  /// old one's dead reckoning (position within the allowance above, velocity within the
  /// speed tolerance), and the old one had been silent at least handover_fast_min_silence
  /// when the new one was first heard (not heard at the end of the last pass: two vessels
  /// heard together are heard together). 0 reports: no fast confirmation. One report (the
  /// default) decides: a vessel heard only on satellite passes is heard once or twice a pass,
  /// ~100 min apart, so a second report would delay the cue by a pass; and a second report
  /// of the same hull continues the reckoning exactly when the first does, so it adds little
  /// (transit-zone-24h: one identity change more found, 90 min earlier; with the settling
  /// time below no false one; fusion/cueing/README.md, "Integrator, session 10").
  int handover_fast_reports = 1;
  core::Duration handover_fast_span = core::Duration::fromSeconds(0);
  core::Duration handover_fast_min_silence = core::Duration::fromSeconds(30 * 60.0);
  /// ... and decided only this long after the new MMSI's first report, with the old one
  /// still silent: one satellite pass (12 min) hears both vessels of a pair in either order,
  /// and the old one's reports of the pass must not arrive after the decision.
  core::Duration handover_fast_settle = core::Duration::fromSeconds(12 * 60.0);
  Severity twin_severity = Severity::High;
  Severity jump_severity = Severity::Medium;
  Severity invalid_mmsi_severity = Severity::Medium;
  Severity kinematics_severity = Severity::Medium;
  Severity identity_change_severity = Severity::Medium;
  /// MMSIs silent this long with no live track are forgotten.
  core::Duration forget_after = core::Duration::fromSeconds(24 * 3600.0);
  /// At most this many MMSIs are remembered; past it the longest-silent untracked one goes.
  std::size_t max_vessels = 100'000;
  bool operator==(const SpoofingConfig&) const = default;
};

/// The speed envelope (m/s) of a vessel of ITU-R M.1371 ship type `ship_type` (0 = unknown).
double maxVesselSpeedMps(const SpoofingConfig& config, std::uint32_t ship_type);

class SpoofingRule final : public Rule {
 public:
  explicit SpoofingRule(SpoofingConfig config);
  [[nodiscard]] std::string_view name() const override { return "spoofing"; }
  void onStep(const RuleContext& context, FindingSink& sink) override;

  /// MMSIs and tracks followed now (for tests and memory reports).
  [[nodiscard]] std::size_t vessels() const { return vessels_.size(); }
  [[nodiscard]] std::size_t tracks() const { return tracks_.size(); }

 private:
  struct Fix {
    core::Timestamp time;
    core::GeoPoint position;
    core::Vec2 velocity_en = core::Vec2::Zero();
    core::TrackId track = 0;
  };
  struct Vessel {
    Fix last;             ///< the latest AIS fix of the MMSI, any track
    core::Timestamp first;  ///< when it was first heard
    std::uint32_t reports = 0;
    double max_speed_mps = 0.0;  ///< the fastest it was heard at (its tracks' speed at a fix)
    std::vector<core::TrackId> carriers;  ///< live tracks carrying it, ascending
    std::uint32_t imo = 0;
    std::string name;
    // Frozen position, over the MMSI's fixes on any of its tracks (a fixed false position
    // fails its own track's gate and may start several): the fix that opened the interval
    // being judged (an interval closes at the first fix at least frozen_min_interval after
    // it), and the run of frozen intervals.
    bool anchored = false;
    core::Timestamp anchor_time;
    core::GeoPoint anchor_fix;
    core::Vec2 anchor_velocity = core::Vec2::Zero();
    int frozen_intervals = 0;      ///< consecutive intervals that stood still under way
    core::Timestamp frozen_since;  ///< the first fix of that run
    bool frozen_raised = false;
  };
  struct TrackInfo {
    std::uint32_t mmsi = 0;
    core::Timestamp last_cooperative;
    core::GeoPoint last_fix;  ///< the track's estimate at its last AIS update
    std::optional<core::Timestamp> fast_since;
    bool kinematics_raised = false;
    core::Identity identity;  ///< static data last seen on the track
  };
  struct Handover {
    std::uint32_t old_mmsi = 0;
    std::uint32_t new_mmsi = 0;
    core::Timestamp first;  ///< the new MMSI's first report
    double offset_m = 0.0;  ///< from the old one's dead-reckoned position
    double drift_allowed_m = 0.0;
    Fix old_fix;
    Fix new_fix;
    core::Timestamp counted;  ///< the new MMSI's latest report counted toward confirmation
    int confirming = 0;       ///< its reports since the confirmation delay, old one silent
    core::Timestamp checked;  ///< the new MMSI's latest report checked against the reckoning
    int continuing = 1;       ///< its reports on the old one's dead reckoning (the first is)
    bool diverged = false;    ///< one of them was not
  };

  void forget(const tracking::DeletedTrack& d);
  void onFix(const TrackView& view, const RuleContext& context, FindingSink& sink);
  /// A report the tracker re-seeded a held track with, or refused into a separate track
  /// (tracking::IdentityJump), judged against the vessel's own envelope.
  void onJump(const tracking::IdentityJump& jump, const RuleContext& context, FindingSink& sink);
  /// The speed (m/s) beyond which a jump of this vessel is not its own motion.
  double ownEnvelope(const Vessel& v, std::uint32_t ship_type, double speed_now_mps) const;
  void checkMmsi(const core::Track& track, FindingSink& sink) const;
  void checkKinematics(const TrackView& view, TrackInfo& info, const RuleContext& context,
                       FindingSink& sink) const;
  /// The MMSI's new AIS fix (view) against the anchor fix of the interval being judged.
  void checkFrozen(const TrackView& view, Vessel& vessel, FindingSink& sink) const;
  void checkStatic(const core::Track& track, TrackInfo& info, FindingSink& sink) const;
  void proposeHandover(std::uint32_t new_mmsi, const Fix& fix);
  /// Where the old MMSI's vessel would be at the new fix's time, and the allowed offset; true
  /// when the fix continues it (position and velocity).
  bool continues(const Fix& old_fix, const Fix& new_fix, double* offset_m, double* allowed_m) const;
  /// How far `at` lies from `from` dead-reckoned to its time, and the offset one vessel is
  /// allowed there (the position tolerance plus the drift fraction of the distance sailed).
  struct ReckoningOffset {
    double offset_m = 0.0;
    double allowed_m = 0.0;
  };
  [[nodiscard]] ReckoningOffset reckoningOffset(const Fix& from, const Fix& at) const;
  [[nodiscard]] double driftAllowanceM(double sailed_m) const {
    return config_.handover_position_tolerance_m + config_.handover_drift_fraction * sailed_m;
  }
  void resolveHandovers(const RuleContext& context, FindingSink& sink);
  void prune(const RuleContext& context);
  /// How far apart two fixes are, and what one vessel would need to be at both.
  struct Motion {
    double distance_m = 0.0;
    double interval_s = 0.0;
    double implied_mps = 0.0;
    double envelope_mps = 0.0;
  };
  /// Appends the motion and the rule's parameters to a finding's evidence.
  void addMotion(Finding& f, const Motion& m, std::uint32_t ship_type) const;

  SpoofingConfig config_;
  std::map<std::uint32_t, Vessel> vessels_;     ///< by MMSI
  std::map<core::TrackId, TrackInfo> tracks_;   ///< tracks that carry an MMSI
  std::vector<Handover> handovers_;             ///< proposed, awaiting confirmation
  /// A raised identity change, watched for handover_window after it: the old MMSI heard
  /// again away from the new one's vessel means two vessels, and the alert is withdrawn (heard
  /// again where the new one is, the hull switched back: a spoofed MMSI, and it stands).
  struct RaisedHandover {
    std::uint32_t old_mmsi = 0;
    std::uint32_t new_mmsi = 0;
    core::Timestamp old_last;  ///< the old MMSI's last report when the change was raised
    core::Timestamp raised;
    core::TrackId track = 0;   ///< the finding's track (the new MMSI's)
    std::string tag;
  };
  std::vector<RaisedHandover> raised_handovers_;
  core::Timestamp next_prune_{0};
};

}  // namespace picket::cueing
