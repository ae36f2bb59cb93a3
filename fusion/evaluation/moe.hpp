#pragma once
// Measures of effectiveness of cueing: alerts scored against a scenario's planted events
// (`sensors-sim --events-csv`): recall, precision, near-miss false alarms, time from first
// detection to first cue, and track custody of the suspects. Definitions in README.md
// ("Measures of effectiveness"). Pure computation on value types; the caller reads the files.

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/measurement.hpp"
#include "core/time.hpp"
#include "core/types.hpp"
#include "evaluation/evaluator.hpp"
#include "evaluation/truth.hpp"

namespace picket::evaluation {

/// One planted event (a row of the events CSV, `sensors-sim --events-csv`, converted by the
/// caller).
struct PlantedEventRecord {
  std::string id;
  std::string kind;  ///< e.g. dark-go-fast-run, rendezvous, ais-switched-off
  bool near_miss = false;
  core::Timestamp start;
  core::Timestamp end;
  std::vector<std::string> platform_ids;
  core::GeoPoint position;
  std::string description;
  bool operator==(const PlantedEventRecord&) const = default;
};

/// One alert event (a row of the alerts CSV, converted by the caller).
struct AlertRecord {
  core::Timestamp time;
  std::string alert_id;
  std::string rule;
  core::TrackId track_id = 0;  ///< 0: the finding has no live track
  std::vector<core::TrackId> related_tracks;
  core::GeoPoint position;
  bool operator==(const AlertRecord&) const = default;
};

/// One measurement as a point, for the detection opportunity of the planted events: a plot
/// of the recording or of a detections file, located by the caller (fusion-eval turns a
/// range/bearing plot into the point at that range and bearing from the antenna).
struct DetectionSample {
  core::Timestamp time;
  std::string_view sensor;  ///< sensor id; the caller keeps the characters alive for the call
  core::GeoPoint position;
  std::uint32_t mmsi = 0;   ///< identity the measurement carries (AIS), 0 = none
  /// The sensor's domain: a surface radar's plot near an aircraft's ground track is a boat,
  /// an air radar's plot over a vessel an aircraft. Only platforms of this domain (in the air:
  /// truth alt_m above 100 m) are observed by position; an MMSI observes in any domain.
  core::Domain domain = core::Domain::Surface;
  /// The sensor interrogates transponders (secondary radar): its plots say whether one replied.
  bool interrogates_transponders = false;
};

/// Where a measurement puts its target, for DetectionSample: a position measurement's own
/// point; a range/bearing plot's point on the ellipsoid (height 0) at that bearing from the
/// antenna (geodesic azimuth) whose straight-line distance from the antenna is the measured
/// slant range, so an antenna's height and the Earth's curvature (3.5 km at 1,500 km) do not
/// bias it. An air target's unknown height is ignored (a few km at OTH ranges, inside the air
/// gate). Nullopt when no such point exists (a slant range shorter than the antenna height).
std::optional<core::GeoPoint> measurementPoint(const core::Measurement& m);

/// Which cueing rules answer which event kind. Data, not code: `defaults()` is the table of
/// README.md; a file (`fusion-eval --rules FILE`) replaces it, one line per kind:
///   kind: rule[, rule...]      # comment
class RuleTable {
 public:
  static RuleTable defaults();
  /// Parses the file format above. Throws std::runtime_error naming the line.
  static RuleTable parse(std::istream& in);

  /// True when an alert of `rule` counts for an event of `kind`.
  [[nodiscard]] bool fits(const std::string& kind, const std::string& rule) const;
  /// Every rule of the table: the rules whose alerts are scored (precision's denominator).
  [[nodiscard]] std::set<std::string> scoredRules() const;
  [[nodiscard]] const std::map<std::string, std::vector<std::string>>& entries() const {
    return rules_by_kind_;
  }
  void set(const std::string& kind, std::vector<std::string> rules);

 private:
  std::map<std::string, std::vector<std::string>> rules_by_kind_;
};

struct MoeConfig {
  RuleTable rules = RuleTable::defaults();
  /// An alert up to this long after an event's end still counts for it, seconds >= 0.
  double grace_s = 1800.0;
  /// A track row is associated with the nearest event platform within this distance of the
  /// platform's true position at the row's time (linear between truth samples), metres > 0.
  /// A row whose MMSI is a platform's own is associated with it wherever it is.
  double association_gate_m = 1000.0;
  /// The gate for platforms in the air (truth alt_m above 100 m), metres > 0: air
  /// surveillance radars measure range to ~4 km and bearing to ~0.5 deg (26 km across at
  /// 3,000 km), so an air track of a light aircraft is often kilometres off.
  double air_association_gate_m = 30000.0;
  /// Alerts without a track the tracks file knows (track 0, or one never written) match an
  /// event platform whose true position at the alert time is within this, metres > 0.
  double position_gate_m = 10000.0;
  /// A track's association counts from this long before an event's start (the AIS track of a
  /// vessel that then goes dark), or from the event kind's observation lead when that is
  /// longer (observation_lead_s), seconds >= 0.
  double lookback_s = 3600.0;
  /// A platform is in custody at time t when a confirmed or coasting track row associated
  /// with it lies in [t - this, t], seconds > 0. Must cover the tracks file's row interval.
  double custody_max_age_s = 120.0;
  /// Detection opportunity (addDetection): an event is observable when at least this many
  /// measurements of its platforms lie in its observation window, >= 1. A measurement is of
  /// a platform when it lies within the association gate (air gate for a platform in the
  /// air) of the platform's true position at its time, or carries the platform's MMSI.
  std::size_t min_detections = 3;
  /// The observation window of an event is [start - lead, end + trail]: the event itself,
  /// opened earlier or held later by kind where the finding needs it, seconds >= 0. An AIS
  /// gap is noticed only on a vessel heard before it: the naive gap of issue 5 (6 h of
  /// silence, Global Fishing Watch) fires inside the alert window for a vessel last heard up
  /// to 6 h before it switched off. An identity change is an instant: the vessel must be
  /// heard around it (the grace before and after).
  std::map<std::string, double> observation_lead_s = {{"ais-switched-off", 6 * 3600.0},
                                                      {"identity-change", 1800.0}};
  std::map<std::string, double> observation_trail_s = {{"identity-change", 1800.0}};
  /// Kinds observable only through a secondary radar: a transponder falling silent changes
  /// nothing a primary radar sees, so only an interrogator's measurements count.
  std::set<std::string> secondary_radar_kinds = {"transponder-off"};
  /// Kinds that only the platform's own reports can reveal: an identity change is seen when
  /// the vessel next speaks under its new identity, which for a vessel heard only on
  /// satellite passes is often an hour or more after the change. For these the alert window
  /// and the observation window end the grace (trail) after the platform's first report (a
  /// measurement carrying an MMSI) at or after the event's end, when that is later; and the
  /// time to first cue counts from that report (the issue's "time from first detection to
  /// first cue"). Without detections (no addDetection) the windows are the plain ones.
  std::set<std::string> report_revealed_kinds = {"identity-change"};
  /// Kinds observable only when the platform was heard (a measurement carrying an MMSI) in
  /// [start - lead, start]: an AIS gap is a silence in what a vessel transmitted, which a
  /// radar alone cannot show. (An identity change is not listed: its 30 min lead is the
  /// window of its detections, shorter than a satellite-only vessel's silences, and the
  /// rule looks back two hours for the old identity.)
  std::set<std::string> heard_before_kinds = {"ais-switched-off"};
};

/// Scores of one event kind.
struct KindScore {
  std::size_t planted = 0;     ///< events that are not near misses
  std::size_t matched = 0;     ///< of those, alerted by a fitting rule
  std::size_t near_misses = 0;
  std::size_t near_misses_alerted = 0;
  std::size_t custody_samples = 0;  ///< truth samples of planted events' platforms in the events
  std::size_t custody_held = 0;
  std::size_t observable = 0;          ///< planted events with a detection opportunity
  std::size_t observable_matched = 0;  ///< of those, alerted
  bool operator==(const KindScore&) const = default;
};

/// Alert IDs of one rule, by outcome.
struct RuleScore {
  std::size_t alerts = 0;          ///< distinct alert IDs
  std::size_t true_alerts = 0;     ///< matching at least one planted event
  std::size_t near_miss_false = 0; ///< matching only near-miss events
  bool operator==(const RuleScore&) const = default;
};

/// One planted event's outcome.
struct EventOutcome {
  std::string event_id;
  std::string kind;
  bool near_miss = false;
  bool alerted = false;
  std::optional<core::Timestamp> first_detection;  ///< max(start, first held) before the cue
  std::optional<core::Timestamp> first_cue;        ///< first matching alert event
  std::string first_alert_id;
  std::size_t custody_samples = 0;
  std::size_t custody_held = 0;
  /// Measurements of its platforms in its observation window (only with detections given).
  std::size_t detections = 0;
  bool observable = false;  ///< detections >= min_detections, and heard before for heard_before_kinds
  bool heard_before = true;  ///< false: a heard_before_kinds event whose platform was not heard before it
  std::map<std::string, std::size_t> detections_by_sensor;
  std::optional<core::Timestamp> first_detected;  ///< first such measurement
  std::optional<core::Timestamp> last_detected;   ///< last such measurement
  bool operator==(const EventOutcome&) const = default;
};

struct MoeResult {
  std::size_t planted = 0;
  std::size_t matched = 0;
  std::size_t near_misses = 0;
  std::size_t near_misses_alerted = 0;
  std::size_t scored_alerts = 0;  ///< distinct alert IDs of the table's rules
  std::size_t true_alerts = 0;
  std::size_t near_miss_false_alerts = 0;
  std::map<std::string, std::size_t> unscored_alerts;  ///< alert IDs of rules not in the table
  [[nodiscard]] double recall() const;     ///< matched / planted; 0 with none planted
  [[nodiscard]] double precision() const;  ///< true_alerts / scored_alerts; 0 with none
  /// first cue - first detection, seconds, per alerted event with a detection before its cue
  /// (ascending).
  std::vector<double> time_to_cue_s;
  std::size_t cued_without_detection = 0;  ///< alerted events no track held before the cue
  [[nodiscard]] std::optional<double> timeToCueQuantile(double q) const;  ///< nearest rank
  /// Per suspect platform (platforms of planted events): truth samples in its events and
  /// those in custody.
  std::map<std::string, std::pair<std::size_t, std::size_t>> custody_by_platform;
  [[nodiscard]] double custodyShare() const;  ///< all held / all samples; 0 with none
  std::map<std::string, KindScore> by_kind;
  std::map<std::string, RuleScore> by_rule;
  std::vector<EventOutcome> events;  ///< in events-file order
  std::size_t track_rows = 0;
  std::size_t track_rows_associated = 0;
  /// Detection opportunity: only meaningful with `detections_given` (some addDetection()).
  bool detections_given = false;
  std::size_t observable = 0;          ///< planted events with a detection opportunity
  std::size_t observable_matched = 0;  ///< of those, alerted
  /// matched observable / observable planted events; 0 with none.
  [[nodiscard]] double observableRecall() const;
  std::size_t detection_rows = 0;             ///< measurements given
  std::size_t detection_rows_associated = 0;  ///< of those, of an event platform
};

/// Streams truth and track rows, then scores alerts. Use: every addTruth(), then every
/// addTrack(), then score(). Keeps only the truth of event platforms and the associations,
/// so a 24 h theatre's tracks file need not fit in memory.
class MoeScorer {
 public:
  /// Throws std::invalid_argument on a bad config.
  MoeScorer(std::vector<PlantedEventRecord> events, MoeConfig config);

  /// A truth row; rows of platforms that are in no event are ignored. Any order.
  void addTruth(const TruthSample& row);
  /// A track row (confirmed or coasting rows count; tentative and deleted ones do not).
  /// Throws std::logic_error when called before any truth of an event platform.
  void addTrack(const TrackSample& row);
  /// A measurement (any order, after the truth; with or between the track rows). Optional:
  /// without any, no detection opportunity is reported.
  void addDetection(const DetectionSample& detection);
  /// Scores alerts (any order).
  [[nodiscard]] MoeResult score(const std::vector<AlertRecord>& alerts);

 private:
  struct TruthPoint {
    core::Timestamp time;
    core::GeoPoint position;
  };
  struct Platform {
    std::string id;
    std::uint32_t mmsi = 0;
    std::vector<TruthPoint> truth;           ///< ascending time after prepare()
    std::vector<core::Timestamp> held;       ///< associated row times
    /// Measurements of it: time and sensor (index into sensor_names_).
    std::vector<std::pair<core::Timestamp, std::uint32_t>> detected;
    /// Times of those that carry an MMSI: the platform's own reports.
    std::vector<core::Timestamp> reported;
  };
  struct Hit {
    core::Timestamp time;
    std::uint32_t platform = 0;
    bool operator<(const Hit& o) const {
      return time < o.time || (time == o.time && platform < o.platform);
    }
  };

  void prepare();
  [[nodiscard]] std::optional<core::GeoPoint> positionAt(const Platform& p,
                                                         core::Timestamp t) const;
  void associate(core::TrackId track, core::Timestamp t, std::uint32_t platform);
  /// The event platform nearest `position` at `t` within its gate, if any (the truth buckets).
  /// `domain`: only platforms in that domain at `t` (nullopt: any).
  [[nodiscard]] std::optional<std::uint32_t> nearestPlatform(
      core::Timestamp t, const core::GeoPoint& position, std::optional<core::Domain> domain);
  /// `revealed`: revealedAt() of each event.
  void scoreDetections(MoeResult& r, const std::vector<std::vector<std::uint32_t>>& event_platforms,
                       const std::vector<std::optional<core::Timestamp>>& revealed) const;
  /// For a report-revealed kind: the first report of the event's platforms at or after its
  /// end (nullopt for other kinds, or when none was given). Needs `reported` sorted.
  [[nodiscard]] std::optional<core::Timestamp> revealedAt(
      std::size_t e, const std::vector<std::vector<std::uint32_t>>& event_platforms) const;

  std::vector<PlantedEventRecord> events_;
  MoeConfig config_;
  std::vector<Platform> platforms_;
  std::map<std::string, std::uint32_t> platform_index_;
  std::map<std::uint32_t, std::vector<std::uint32_t>> platforms_by_mmsi_;
  bool prepared_ = false;
  core::Duration truth_step_{0};
  core::Timestamp truth_origin_{};
  /// Platforms with a truth sample in each truth-step bucket since truth_origin_.
  std::vector<std::vector<std::uint32_t>> bucket_platforms_;
  std::int64_t bucket_ns_ = 1;
  std::vector<std::uint32_t> candidates_;  ///< scratch of addTrack()
  std::map<core::TrackId, std::vector<Hit>> hits_by_track_;
  std::set<core::TrackId> tracks_seen_;
  std::size_t track_rows_ = 0;
  std::size_t track_rows_associated_ = 0;
  std::map<std::string, std::uint32_t, std::less<>> sensor_index_;
  std::vector<std::string> sensor_names_;
  std::vector<bool> sensor_interrogates_;  ///< by sensor index (the first sample's flag)
  std::size_t detection_rows_ = 0;
  std::size_t detection_rows_associated_ = 0;
};

}  // namespace picket::evaluation
