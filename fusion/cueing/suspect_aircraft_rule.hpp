#pragma once
// Suspect aircraft (rule "suspect_aircraft"): an air track that flies like a trafficking light
// aircraft: no transponder, or a transponder that went silent mid-flight; light-aircraft
// speed; low altitude; coming from or heading toward configured areas of interest (the
// clandestine-strip regions, NamedArea ids).
//
// Transponder data: the tracker records, per track, the updates of sensors declared
// `secondary: true` and the Mode 3/A replies among them (transponderObservations()); a track
// no secondary radar ever updated is Unknown and is judged on its flight profile (speed
// envelope and area, or measured low altitude). The decision for every transponder status is
// assessAircraft (RULES-identity.md).
//
// Threading: owned by the tracker's thread (rule.hpp).

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "core/track.hpp"
#include "cueing/identity_rules_util.hpp"
#include "cueing/rule.hpp"

namespace picket::cueing {

struct SuspectAircraftConfig {
  bool enabled = true;
  /// Evidence that the track is a real aircraft before it is judged.
  int min_updates = 5;
  core::Duration min_track_age = core::Duration::fromSeconds(120);
  /// Light-aircraft speed envelope: twin pistons and turboprops cruise at 150-280 kn; jet
  /// airliners at 430-500 kn. The speed plus `speed_sigmas` of its uncertainty must stay under
  /// the maximum, so a poorly known speed does not pass for slow.
  double min_speed_mps = 60.0 * (1852.0 / 3600.0);
  double max_speed_mps = 300.0 * (1852.0 / 3600.0);
  double speed_sigmas = 2.0;
  /// Low altitude: below this height (10,000 ft: light aircraft without oxygen stay below it;
  /// jets cruise far above), when the altitude is measured (1-sigma below altitude_max_sigma_m;
  /// a 2-D radar's track has only the tracker's assumed height).
  double low_altitude_ceiling_m = 3048.0;
  double altitude_max_sigma_m = 300.0;
  /// Areas of interest (NamedArea ids of the geography): where suspect flights depart from
  /// (course traced back `look_back`) and arrive (course followed `look_ahead`). A course
  /// passing within `area_distance_m` of an area counts.
  std::vector<std::string> departure_areas;
  std::vector<std::string> arrival_areas;
  double area_distance_m = 50'000.0;
  core::Duration look_ahead = core::Duration::fromSeconds(3 * 3600.0);
  core::Duration look_back = core::Duration::fromSeconds(3 * 3600.0);
  /// Course samples for the area tests.
  double course_step_m = 10'000.0;
  /// A transponder silent this long while a secondary radar still sees the aircraft is lost.
  core::Duration transponder_timeout = core::Duration::fromSeconds(60);
  /// "No reply" (primary-only, or lost mid-flight) counts only once a secondary radar has kept
  /// updating the track without a reply this long, with a new update at every judgement: a
  /// stray uncoded plot (clutter, another aircraft's primary return) taken by a wide-gated
  /// track is no silence. Until then the track keeps the status its replies gave it (Replying
  /// if it ever replied, else Unknown). 0 = the first unanswered interrogation counts. 5 min:
  /// on transit-zone-24h five of eight "lost mid-flight" false alarms were airliner tracks
  /// that the radar stopped painting 1.5-5.5 min into the silence (the aircraft leaving its
  /// coverage: a track about to end, not a transponder switched off); the three planted
  /// transponder-off aircraft were painted for 20 min.
  core::Duration silence_confirm = core::Duration::fromSeconds(300);
  /// A track faster than this is broken (fragments of over-the-horizon tracks reach thousands
  /// of knots), not an aircraft: it is not judged.
  double max_plausible_speed_mps = 700.0 * (1852.0 / 3600.0);
  /// Each air track is judged at most this often (data time).
  core::Duration evaluation_interval = core::Duration::fromSeconds(30);
  /// Ground speed and course over a long baseline: the straight line from the track's
  /// position this long ago (sampled at each judgement) to its position now, once the track
  /// is that old. Wide-area air radars (over-the-horizon: kilometres in range, 0.5 deg in
  /// bearing, 13 km across at 1,500 km) leave the filter's velocity tens of m/s uncertain,
  /// too vague for the speed envelope, while 20 min of a 180 kn flight spans 110 km against
  /// ~15 km of position error. The measure with the smaller speed sigma is used; 0 = the
  /// filter's velocity only.
  core::Duration speed_baseline = core::Duration::fromSeconds(20 * 60.0);
  /// The baseline is used only while it agrees with the filter's speed within this many
  /// sigmas of their difference: a track whose own velocity disagrees with where it was a
  /// baseline ago has changed aircraft (a swap or a fragment of wide-gated tracks; an
  /// airliner's track measured "106 kn" over its baseline), and its baseline measures no
  /// one's speed. 0 = no check.
  double baseline_consistency_sigmas = 3.0;
  /// A track that no secondary radar ever saw (TransponderStatus::Unknown) has a light
  /// aircraft's speed only when that speed held for light_sustain, on a course that stayed
  /// within light_course_tolerance_deg of where the run began, and the track was never
  /// measured faster than max_speed_mps by speed_sigmas: an over-the-horizon fragment of an
  /// airliner passes through light-aircraft speeds for a few minutes when it turns or hops
  /// onto another aircraft's plots (9 of the 23 false alarms on transit-zone-24h, airliners
  /// over Mexico measured at 430-480 kn over most of their life).
  core::Duration light_sustain = core::Duration::fromSeconds(10 * 60.0);
  double light_course_tolerance_deg = 30.0;
  /// Own forces: a track within the gate of where an airborne sensor's carrier is
  /// (Tracker::sensorPlatforms(), the fix at most friendly_max_age old, dead-reckoned to the
  /// track's time) is that patrol aircraft, not a suspect. Gate: friendly_gate_sigmas times
  /// the track's largest horizontal position sigma, within [friendly_gate_min_m,
  /// friendly_gate_max_m]. An over-the-horizon radar paints the patrol aircraft flying low
  /// and slow over the smuggling corridors (15 false alarms a day on transit-zone-24h).
  /// While a track is inside that gate it is not judged (nothing raised, nothing cleared);
  /// once it has stayed inside for friendly_confirm (at every judgement) it is the carrier and
  /// a finding raised on it is cleared. A stranger crossing a patrol aircraft's path is inside
  /// for a minute or two and only pauses. friendly_gate_max_m = 0 disables the test.
  core::Duration friendly_max_age = core::Duration::fromSeconds(60);
  core::Duration friendly_confirm = core::Duration::fromSeconds(300);
  double friendly_gate_sigmas = 3.0;
  double friendly_gate_min_m = 5'000.0;
  double friendly_gate_max_m = 30'000.0;
  /// A track lost mid-flight whose Mode 3/A code answers on another live air track within
  /// this distance, within transponder_timeout, is a duplicate track of an aircraft whose
  /// transponder works (an over-the-horizon fragment of an airliner the secondary radar
  /// tracks), not a lost transponder. 0 disables the test.
  double duplicate_code_distance_m = 60'000.0;
  Severity severity = Severity::Medium;
  /// For a transponder lost mid-flight, or three indicators or more.
  Severity high_severity = Severity::High;
  bool operator==(const SuspectAircraftConfig&) const = default;
};

/// What the tracker knows of an air track's transponder.
enum class TransponderStatus : std::uint8_t {
  Unknown,        ///< never seen by a radar that interrogates transponders
  Replying,       ///< its latest interrogations were answered
  NotReplying,    ///< interrogated, never answered: primary-only
  LostMidFlight,  ///< answered earlier, silent for longer than the timeout since
};
const char* toString(TransponderStatus s);

/// Secondary-radar observations of a track.
struct TransponderObservations {
  std::optional<core::Timestamp> last_interrogated;  ///< latest update by a secondary radar
  std::optional<core::Timestamp> last_reply;          ///< latest update carrying a Mode 3/A code
  std::optional<std::uint32_t> mode_a_code;           ///< that code (octal digits as decimal)
};

/// The status from the observations (see TransponderStatus).
TransponderStatus transponderStatus(const TransponderObservations& obs, core::Duration timeout);

/// The observations the track carries (filled by the tracker from sensors declared
/// `secondary: true`).
TransponderObservations transponderObservations(const core::Track& track);

/// What the rule weighs about one air track.
struct AircraftProfile {
  double speed_mps = 0.0;
  double speed_sigma_mps = 0.0;
  /// Where speed and course come from: "filter" or "baseline" (SuspectAircraftConfig).
  std::string speed_source = "filter";
  std::optional<double> altitude_m;  ///< only when measured
  TransponderStatus transponder = TransponderStatus::Unknown;
  std::optional<detail::CourseApproach> from_area;    ///< within area_distance_m
  std::optional<detail::CourseApproach> toward_area;  ///< within area_distance_m
  double course_deg = 0.0;  ///< of the speed used (filter or baseline), clockwise from north
  /// Unknown transponder: the light speed held long enough and the track never flew faster
  /// (SuspectAircraftConfig::light_sustain); always true for the other statuses.
  bool light_sustained = true;
};

struct AircraftAssessment {
  bool suspect = false;
  Severity severity = Severity::Medium;
  double confidence = 0.0;
  std::vector<std::string> indicators;  ///< e.g. "light_aircraft_speed", "toward:peten"
};

/// Light-aircraft speed: at least min_speed_mps, and under max_speed_mps by speed_sigmas of
/// the speed's uncertainty (a poorly known speed does not pass for slow).
bool lightAircraftSpeed(const AircraftProfile& profile, const SuspectAircraftConfig& config);

/// The decision, documented in RULES-identity.md: a replying transponder clears; a transponder
/// lost mid-flight is suspect; a primary-only track is suspect with any other indicator (light
/// aircraft speed, low altitude, an area); with no transponder data the light-aircraft speed
/// and an area or a low altitude are needed.
AircraftAssessment assessAircraft(const AircraftProfile& profile,
                                  const SuspectAircraftConfig& config);

class SuspectAircraftRule final : public Rule {
 public:
  explicit SuspectAircraftRule(SuspectAircraftConfig config);
  [[nodiscard]] std::string_view name() const override { return "suspect_aircraft"; }
  void onStep(const RuleContext& context, FindingSink& sink) override;

  [[nodiscard]] std::size_t tracks() const { return state_.size(); }

 private:
  /// A judged position: where the track was, and its largest horizontal position variance.
  struct Fix {
    core::Timestamp time;
    core::GeoPoint position;
    double variance_m2 = 0.0;
  };
  struct State {
    core::Timestamp next_evaluation;
    bool raised = false;
    /// The track's last_interrogated_update at the previous judgement.
    std::optional<core::Timestamp> seen_interrogated;
    /// First judgement of the current run of unanswered interrogations.
    std::optional<core::Timestamp> silent_since;
    /// First judgement of the current run inside an own-forces carrier's gate.
    std::optional<core::Timestamp> friendly_since;
    std::optional<core::Timestamp> light_since;  ///< light speed without a break since
    double light_course_deg = 0.0;               ///< the course when that run began
    std::optional<core::Timestamp> airliner_at;  ///< latest time it flew faster than light
    std::deque<Fix> fixes;  ///< ascending time, spanning at most speed_baseline + one interval
  };
  /// The latest reply of a Mode 3/A code on one track.
  struct Reply {
    core::TrackId track = 0;
    core::Timestamp time;
    core::Vec3 ecef_m = core::Vec3::Zero();
  };
  /// Ground velocity over the baseline.
  struct Baseline {
    double speed_mps = 0.0;
    double speed_sigma_mps = 0.0;
    double course_deg = 0.0;
    core::Duration span;
  };

  /// Records the fix and returns the baseline velocity when the fixes span the baseline.
  std::optional<Baseline> baselineOf(State& state, const TrackView& view) const;
  /// The transponder status with silence_confirm applied (updates the state's silence run).
  TransponderStatus confirmedStatus(State& state, const TransponderObservations& obs,
                                    core::Timestamp now) const;
  /// The airborne sensor whose carrier the track is (SuspectAircraftConfig::friendly_*), if any.
  std::optional<core::SensorIndex> friendlyCarrier(const TrackView& view,
                                                   const TrackPicture& tracker) const;
  /// Another live track answering with the track's code (duplicate_code_distance_m), if any.
  std::optional<core::TrackId> codeAnswersElsewhere(const core::Track& track,
                                                    core::Timestamp now) const;
  /// Records the replies of the step's air tracks and forgets deleted tracks.
  void noteReplies(const RuleContext& context);
  /// Unknown transponder: whether the light speed is the track's (light_sustain), updating
  /// the run and the airliner memory.
  bool lightSustained(State& state, const AircraftProfile& profile, core::Timestamp now) const;
  AircraftProfile profileOf(const TrackView& view, const Geography& geography,
                            const std::optional<Baseline>& baseline,
                            TransponderStatus transponder) const;

  SuspectAircraftConfig config_;
  std::map<core::TrackId, State> state_;
  /// Mode 3/A code -> its latest reply per track (a few tracks per code).
  std::map<std::uint32_t, std::vector<Reply>> replies_;
};

}  // namespace picket::cueing
