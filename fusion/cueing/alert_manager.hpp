#pragma once
// Alert lifecycle: runs the suspicion rules after each tracker step and turns their findings
// into alert events (OPEN, UPDATED, ESCALATED, CLOSED), each with a full cue.
//
// Subject of an alert: (rule, the set of its tracks, tag). The first finding on a subject
// opens an alert; later findings refresh it (UPDATED at most every update_interval, at once
// ESCALATED when the severity rises); the rule's clear(), the loss of its primary track, or
// close_after of the track's updates with no finding close it. Merges hand alerts over to the
// surviving track. See cueing/README.md for the whole lifecycle.
//
// Threading: owned by the thread that owns the tracker; raise()/clear() are for the rules it
// runs, during onStep() only.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "cueing/alert.hpp"
#include "cueing/cueing_config.hpp"
#include "cueing/partner_table.hpp"
#include "cueing/rule.hpp"
#include "tracking/tracker.hpp"

namespace picket::cueing {

/// Counters of the manager, for the daemon's report.
struct AlertCounters {
  std::uint64_t opened = 0;
  std::uint64_t updated = 0;
  std::uint64_t escalated = 0;
  std::uint64_t closed = 0;
  /// Findings refused as malformed (no track and no last-known state, a primary track that
  /// is not live, a track listed twice, a non-finite confidence): a rule's bug, never an alert.
  std::uint64_t rejected_findings = 0;
  bool operator==(const AlertCounters&) const = default;
};

class AlertManager final : public FindingSink, public SuspectRegistry {
 public:
  /// The rules of makeRules(config).
  AlertManager(CueingConfig config, PartnerTable partners, Geography geography = {});
  /// Given rules, run in the given order (tests; a daemon with a custom rule set).
  AlertManager(CueingConfig config, PartnerTable partners, Geography geography,
               std::vector<std::unique_ptr<Rule>> rules);
  ~AlertManager() override;
  AlertManager(AlertManager&&) noexcept;
  AlertManager& operator=(AlertManager&&) noexcept;
  AlertManager(const AlertManager&) = delete;
  AlertManager& operator=(const AlertManager&) = delete;

  /// Evaluates the rules after one tracker step; returns the alert events it caused, in a
  /// deterministic order: closes caused by the step's deleted tracks, then each rule's events
  /// in rule order and in the order the rule raised them, then hand-over notices of merges,
  /// then closes for lack of support.
  /// `tracks` is the picture after the step (TrackPicture::apply of its delta); `views` the
  /// delta's views (TrackDelta::views after that apply: the changed tracks rulesRead(), by
  /// ascending ID, pointing into `tracks`).
  std::vector<AlertEvent> onStep(const TrackPicture& tracks, const tracking::StepResult& step,
                                 std::span<const TrackView> views);
  /// The same on the thread of the tracker that made the step: the manager keeps its own
  /// picture of `tracker`, brought up to date by each step given here (give it every step).
  std::vector<AlertEvent> onStep(const tracking::Tracker& tracker,
                                 const tracking::StepResult& step);

  [[nodiscard]] std::size_t openAlerts() const { return alerts_.size(); }
  [[nodiscard]] const AlertCounters& counters() const { return counters_; }
  /// The rules' names, in running order.
  [[nodiscard]] std::vector<std::string> ruleNames() const;
  /// What the rules make of the geography (missing areas, no land mask), for the start-up log.
  [[nodiscard]] std::vector<std::string> geographyNotes() const;

  // FindingSink: for the rules, during onStep().
  void raise(Finding finding) override;
  void clear(std::vector<core::TrackId> tracks, std::string tag, std::string reason) override;

  // SuspectRegistry.
  using SuspectRegistry::isSuspect;
  [[nodiscard]] bool isSuspect(core::TrackId track,
                               std::span<const std::string_view> except_rules) const override;

 private:
  /// (rule, sorted track IDs, tag).
  using SubjectKey = std::tuple<std::string, std::vector<core::TrackId>, std::string>;

  struct Alert {
    std::string id;
    SubjectKey key;
    Finding finding;                     ///< the latest; tracks[0] is the primary
    Severity severity = Severity::Info;  ///< the highest raised while open
    core::Timestamp opened;
    core::Timestamp last_event;
    core::Timestamp last_raised;
    /// A hand-over (merge) or a related track's loss, told by the alert's next event of this
    /// step (an UPDATED one at the end of the step if nothing else happens to it).
    std::string note;
  };

  struct Pending {
    bool raise = true;
    Finding finding;  ///< for a raise; for a clear: tracks, tag and reason (in finding.reason)
  };

  void handleDeleted(const tracking::DeletedTrack& deleted, std::vector<AlertEvent>& events);
  void applyPending(std::string_view rule, std::vector<AlertEvent>& events);
  void applyRaise(std::string_view rule, Finding finding, std::vector<AlertEvent>& events);
  void expireUnsupported(std::span<const TrackView> changed, std::vector<AlertEvent>& events);
  void closeAlert(std::uint64_t serial, std::string reason, const core::Track* snapshot,
                  std::vector<AlertEvent>& events);
  AlertEvent makeEvent(const Alert& alert, AlertState state, std::string reason,
                       const core::Track& snapshot) const;
  /// The primary track's state now: live, or the finding's last-known one.
  [[nodiscard]] const core::Track* snapshotOf(const Alert& alert) const;
  void index(std::uint64_t serial);
  void unindex(std::uint64_t serial);
  std::string newAlertId(std::string_view rule, const Finding& finding);
  [[nodiscard]] bool validFinding(const Finding& finding) const;

  CueingConfig config_;
  PartnerTable partners_;
  Geography geography_;
  std::vector<std::unique_ptr<Rule>> rules_;

  std::map<std::uint64_t, Alert> alerts_;  ///< open alerts by serial (opening order)
  std::map<SubjectKey, std::uint64_t> by_subject_;
  std::map<core::TrackId, std::set<std::uint64_t>> by_track_;
  std::set<std::uint64_t> trackless_;  ///< alerts on a vessel no longer tracked
  /// No trackless alert can be due for closing before this (it may err early, never late).
  core::Timestamp next_trackless_check_ = core::Timestamp::max();
  /// Alerts with a hand-over note (Alert::note) not yet sent; a superset, checked on use.
  std::set<std::uint64_t> noted_;
  std::uint64_t next_serial_ = 1;
  /// Alert IDs issued in the current second of open time (the ID's last part), to keep IDs
  /// unique when one rule opens two alerts on one primary track in one second.
  std::int64_t id_second_ = 0;
  std::map<std::string, int> ids_this_second_;

  // The step being evaluated (valid during onStep only).
  const TrackPicture* tracker_ = nullptr;
  /// For onStep(Tracker, ...): created on its first call.
  std::unique_ptr<TrackPicture> own_picture_;
  std::vector<Pending> pending_;
  bool in_rule_ = false;

  AlertCounters counters_;
};

}  // namespace picket::cueing
