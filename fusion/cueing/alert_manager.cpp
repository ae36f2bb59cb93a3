#include "cueing/alert_manager.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "cueing/cue.hpp"
#include "cueing/mid.hpp"
#include "cueing/prediction.hpp"
#include "cueing/rule_support.hpp"
#include "cueing/rules.hpp"

namespace picket::cueing {

const char* toString(Severity s) {
  switch (s) {
    case Severity::Info:
      return "info";
    case Severity::Low:
      return "low";
    case Severity::Medium:
      return "medium";
    case Severity::High:
      return "high";
    case Severity::Critical:
      return "critical";
  }
  return "?";
}

const char* toString(AlertState s) {
  switch (s) {
    case AlertState::Open:
      return "open";
    case AlertState::Updated:
      return "updated";
    case AlertState::Escalated:
      return "escalated";
    case AlertState::Closed:
      return "closed";
  }
  return "?";
}

namespace {

/// The subject's track IDs: sorted, as a set.
std::vector<core::TrackId> subjectTracks(const std::vector<core::TrackId>& tracks) {
  std::vector<core::TrackId> sorted = tracks;
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

/// A tag as it may appear in an alert ID: letters, digits and ._: only.
std::string idSafe(const std::string& tag) {
  std::string out;
  out.reserve(tag.size());
  for (const char c : tag) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':';
    out.push_back(ok ? c : '_');
  }
  return out;
}

std::int64_t floorSeconds(core::Timestamp t) {
  std::int64_t s = t.ns / 1'000'000'000;
  if (t.ns < 0 && t.ns % 1'000'000'000 != 0) --s;
  return s;
}

}  // namespace

AlertManager::AlertManager(CueingConfig config, PartnerTable partners, Geography geography)
    : AlertManager(config, std::move(partners), std::move(geography), makeRules(config)) {}

AlertManager::AlertManager(CueingConfig config, PartnerTable partners, Geography geography,
                           std::vector<std::unique_ptr<Rule>> rules)
    : config_(std::move(config)),
      partners_(std::move(partners)),
      geography_(std::move(geography)),
      rules_(std::move(rules)) {
  for (const auto& r : rules_) {
    if (!r) throw std::invalid_argument("AlertManager: null rule");
  }
}

AlertManager::~AlertManager() = default;
AlertManager::AlertManager(AlertManager&&) noexcept = default;
AlertManager& AlertManager::operator=(AlertManager&&) noexcept = default;

std::vector<std::string> AlertManager::ruleNames() const {
  std::vector<std::string> names;
  for (const auto& r : rules_) names.emplace_back(r->name());
  return names;
}

std::vector<std::string> AlertManager::geographyNotes() const {
  std::vector<std::string> notes;
  for (const auto& r : rules_) {
    for (auto& n : r->geographyNotes(geography_)) notes.push_back(std::move(n));
  }
  return notes;
}

std::vector<AlertEvent> AlertManager::onStep(const tracking::Tracker& tracker,
                                             const tracking::StepResult& step) {
  // The same path as a pipeline's cueing stage: the step's delta, applied to the picture.
  if (!own_picture_) own_picture_ = std::make_unique<TrackPicture>(tracker);
  TrackDelta delta = captureDelta(tracker, step);
  own_picture_->apply(delta);
  return onStep(*own_picture_, delta.step, delta.views);
}

std::vector<AlertEvent> AlertManager::onStep(const TrackPicture& tracker,
                                             const tracking::StepResult& step,
                                             std::span<const TrackView> views) {
  std::vector<AlertEvent> events;
  tracker_ = &tracker;
  const core::Timestamp now = tracker.now();

  for (const auto& d : step.deleted) handleDeleted(d, events);

  const RuleContext context{tracker, step, now, geography_, views, *this};
  for (const auto& rule : rules_) {
    in_rule_ = true;
    try {
      rule->onStep(context, *this);
    } catch (...) {
      in_rule_ = false;
      pending_.clear();
      tracker_ = nullptr;
      throw;
    }
    in_rule_ = false;
    applyPending(rule->name(), events);
  }

  // Hand-overs no rule has spoken about in this step (in serial order, as alerts_ is).
  for (auto it = noted_.begin(); it != noted_.end();) {
    const auto ait = alerts_.find(*it);
    if (ait == alerts_.end() || ait->second.note.empty()) {
      it = noted_.erase(it);  // closed, or the note went out with a rule's event
      continue;
    }
    Alert& alert = ait->second;
    const core::Track* snapshot = snapshotOf(alert);
    if (snapshot == nullptr) {
      ++it;  // kept for a later step
      continue;
    }
    std::string reason = std::move(alert.note);
    alert.note.clear();
    alert.last_event = now;
    events.push_back(makeEvent(alert, AlertState::Updated, std::move(reason), *snapshot));
    ++counters_.updated;
    it = noted_.erase(it);
  }

  expireUnsupported(views, events);
  tracker_ = nullptr;
  return events;
}

void AlertManager::raise(Finding finding) {
  if (!in_rule_) throw std::logic_error("AlertManager::raise outside a rule's onStep");
  pending_.push_back({true, std::move(finding)});
}

void AlertManager::clear(std::vector<core::TrackId> tracks, std::string tag, std::string reason) {
  if (!in_rule_) throw std::logic_error("AlertManager::clear outside a rule's onStep");
  Finding f;
  f.tracks = std::move(tracks);
  f.tag = std::move(tag);
  f.reason = std::move(reason);
  pending_.push_back({false, std::move(f)});
}

bool AlertManager::isSuspect(core::TrackId track,
                             std::span<const std::string_view> except_rules) const {
  const auto it = by_track_.find(track);
  if (it == by_track_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(), [&](std::uint64_t serial) {
    const std::string& rule = std::get<0>(alerts_.at(serial).key);
    return std::find(except_rules.begin(), except_rules.end(), rule) == except_rules.end();
  });
}

bool AlertManager::validFinding(const Finding& f) const {
  if (!std::isfinite(f.confidence)) return false;
  if (f.tracks.empty()) return f.last_known.has_value() && !f.tag.empty();
  const std::vector<core::TrackId> sorted = subjectTracks(f.tracks);
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) return false;
  // Every track live: a dead ID in a subject would never be cleaned up by a deletion.
  return std::all_of(f.tracks.begin(), f.tracks.end(),
                     [&](core::TrackId id) { return tracker_->find(id) != nullptr; });
}

void AlertManager::applyPending(std::string_view rule, std::vector<AlertEvent>& events) {
  std::vector<Pending> pending = std::move(pending_);
  pending_.clear();
  for (auto& p : pending) {
    if (p.raise) {
      applyRaise(rule, std::move(p.finding), events);
      continue;
    }
    const SubjectKey key{std::string(rule), subjectTracks(p.finding.tracks), p.finding.tag};
    const auto it = by_subject_.find(key);
    if (it != by_subject_.end())
      closeAlert(it->second, std::move(p.finding.reason), nullptr, events);
  }
}

void AlertManager::applyRaise(std::string_view rule, Finding f, std::vector<AlertEvent>& events) {
  if (!validFinding(f)) {
    ++counters_.rejected_findings;
    return;
  }
  const core::Timestamp now = tracker_->now();
  f.confidence = std::clamp(f.confidence, 0.0, 1.0);
  SubjectKey key{std::string(rule), subjectTracks(f.tracks), f.tag};
  const auto it = by_subject_.find(key);
  if (it == by_subject_.end()) {
    const std::uint64_t serial = next_serial_++;
    Alert a;
    a.id = newAlertId(rule, f);
    a.key = std::move(key);
    a.severity = f.severity;
    a.opened = now;
    a.last_event = now;
    a.last_raised = now;
    a.finding = std::move(f);
    Alert& stored = alerts_.emplace(serial, std::move(a)).first->second;
    index(serial);
    events.push_back(
        makeEvent(stored, AlertState::Open, stored.finding.reason, *snapshotOf(stored)));
    ++counters_.opened;
    return;
  }
  Alert& a = alerts_.at(it->second);
  a.finding = std::move(f);
  a.last_raised = now;
  AlertState state = AlertState::Updated;
  if (a.finding.severity > a.severity) {
    a.severity = a.finding.severity;
    state = AlertState::Escalated;
  } else if (a.note.empty() && now - a.last_event < config_.update_interval) {
    return;  // de-duplicated: the finding is kept for the next event
  }
  std::string reason = a.note.empty() ? a.finding.reason : a.note + " " + a.finding.reason;
  a.note.clear();
  a.last_event = now;
  events.push_back(makeEvent(a, state, std::move(reason), *snapshotOf(a)));
  ++(state == AlertState::Escalated ? counters_.escalated : counters_.updated);
}

void AlertManager::handleDeleted(const tracking::DeletedTrack& d, std::vector<AlertEvent>& events) {
  const auto it = by_track_.find(d.track.id);
  if (it == by_track_.end()) return;
  const std::set<std::uint64_t> serials = std::move(it->second);
  by_track_.erase(it);
  const core::Track* survivor =
      d.reason == tracking::DeletionReason::Merged ? tracker_->find(d.merged_into) : nullptr;
  const std::string id = std::to_string(d.track.id);
  for (const std::uint64_t serial : serials) {
    const auto ait = alerts_.find(serial);
    if (ait == alerts_.end()) continue;  // closed as a duplicate of an earlier one
    Alert& a = ait->second;
    if (survivor == nullptr) {
      std::string why = "track " + id + " dropped (" + tracking::toString(d.reason) + ").";
      if (a.finding.tracks.front() == d.track.id) {
        closeAlert(serial, "Alert closed: " + why, &d.track, events);
      } else {
        // The other vessel of a pair is gone; the alert stays with its primary track.
        a.note = "Related " + why;
        noted_.insert(serial);
      }
      continue;
    }
    const std::string merged = "Track " + id + " merged into track " + std::to_string(survivor->id);
    std::vector<core::TrackId> tracks;
    for (core::TrackId t : a.finding.tracks) {
      if (t == d.track.id) t = survivor->id;
      if (std::find(tracks.begin(), tracks.end(), t) == tracks.end()) tracks.push_back(t);
    }
    if (tracks.size() < a.finding.tracks.size()) {
      closeAlert(serial, merged + ": the two tracks were one vessel.", survivor, events);
      continue;
    }
    unindex(serial);
    a.finding.tracks = std::move(tracks);
    std::get<1>(a.key) = subjectTracks(a.finding.tracks);
    const auto dup = by_subject_.find(a.key);
    if (dup != by_subject_.end()) {
      // Two alerts of one rule now share a subject: the older one carries on.
      const std::uint64_t older = std::min(dup->second, serial);
      const std::uint64_t younger = std::max(dup->second, serial);
      if (older == serial) index(serial);
      closeAlert(younger, merged + "; duplicate of alert " + alerts_.at(older).id + ".", survivor,
                 events);
      if (older != serial) continue;
    } else {
      index(serial);
    }
    a.note = merged + "; the alert follows it.";
    noted_.insert(serial);
  }
}

void AlertManager::expireUnsupported(std::span<const TrackView> changed,
                                     std::vector<AlertEvent>& events) {
  if (config_.close_after.ns <= 0) return;
  const core::Timestamp now = tracker_->now();
  const auto reason = [&](const Alert& a) {
    return std::get<0>(a.key) + " no longer observed: not found for " +
           fixed(config_.close_after.seconds() / 60.0, 0) + " min of new data.";
  };
  for (const TrackView& v : changed) {
    const auto it = by_track_.find(v.track->id);
    if (it == by_track_.end()) continue;
    const std::set<std::uint64_t> serials = it->second;
    for (const std::uint64_t serial : serials) {
      const Alert& a = alerts_.at(serial);
      if (a.finding.tracks.front() != v.track->id) continue;
      if (v.track->last_update - a.last_raised >= config_.close_after) {
        closeAlert(serial, reason(a), nullptr, events);
      }
    }
  }
  // Alerts on vessels no longer tracked: looked at only when the earliest may be due (a
  // theatre keeps hundreds of them open; the check time only errs early, when one is raised
  // again).
  if (now < next_trackless_check_) return;
  next_trackless_check_ = core::Timestamp::max();
  const std::vector<std::uint64_t> trackless(trackless_.begin(), trackless_.end());
  for (const std::uint64_t serial : trackless) {
    const Alert& a = alerts_.at(serial);
    if (now - a.last_raised >= config_.close_after) {
      closeAlert(serial, reason(a), nullptr, events);
    } else {
      next_trackless_check_ = std::min(next_trackless_check_, a.last_raised + config_.close_after);
    }
  }
}

void AlertManager::closeAlert(std::uint64_t serial, std::string reason, const core::Track* snapshot,
                              std::vector<AlertEvent>& events) {
  const auto it = alerts_.find(serial);
  if (it == alerts_.end()) return;
  unindex(serial);
  const Alert a = std::move(it->second);
  alerts_.erase(it);
  if (snapshot == nullptr) snapshot = snapshotOf(a);
  static const core::Track kUnknown;
  if (!a.note.empty()) reason = a.note + " " + reason;
  events.push_back(makeEvent(a, AlertState::Closed, std::move(reason),
                             snapshot != nullptr ? *snapshot : kUnknown));
  ++counters_.closed;
}

const core::Track* AlertManager::snapshotOf(const Alert& alert) const {
  if (!alert.finding.tracks.empty()) {
    if (const core::Track* t = tracker_->find(alert.finding.tracks.front())) return t;
  }
  return alert.finding.last_known ? &*alert.finding.last_known : nullptr;
}

AlertEvent AlertManager::makeEvent(const Alert& alert, AlertState state, std::string reason,
                                   const core::Track& snapshot) const {
  const core::Timestamp now = tracker_->now();
  AlertEvent e;
  e.alert_id = alert.id;
  e.rule = std::get<0>(alert.key);
  e.severity = alert.severity;
  e.state = state;
  e.confidence = alert.finding.confidence;
  e.time = now;
  e.track = snapshot;
  e.track_position = trackPosition(snapshot);
  if (state != AlertState::Closed) {
    e.predicted = predictAhead(snapshot, now, config_.look_ahead, config_.prediction_noise);
  }
  if (alert.finding.tracks.size() > 1) {
    e.related_tracks.assign(alert.finding.tracks.begin() + 1, alert.finding.tracks.end());
  }
  // The flag state (whose consent a boarding on the high seas needs) from the MMSI's MID.
  if (const auto mid = lookupMid(snapshot.identity.mmsi))
    e.flag_state = std::string(mid->flag_state);
  completeCue(e, geography_, partners_);
  e.reason = std::move(reason);
  e.evidence = alert.finding.evidence;
  return e;
}

void AlertManager::index(std::uint64_t serial) {
  const Alert& a = alerts_.at(serial);
  by_subject_[a.key] = serial;
  if (a.finding.tracks.empty()) {
    trackless_.insert(serial);
    next_trackless_check_ = std::min(next_trackless_check_, a.last_raised + config_.close_after);
    return;
  }
  for (const core::TrackId t : a.finding.tracks) by_track_[t].insert(serial);
}

void AlertManager::unindex(std::uint64_t serial) {
  const Alert& a = alerts_.at(serial);
  const auto sit = by_subject_.find(a.key);
  if (sit != by_subject_.end() && sit->second == serial) by_subject_.erase(sit);
  trackless_.erase(serial);
  for (const core::TrackId t : a.finding.tracks) {
    const auto it = by_track_.find(t);
    if (it == by_track_.end()) continue;
    it->second.erase(serial);
    if (it->second.empty()) by_track_.erase(it);
  }
}

std::string AlertManager::newAlertId(std::string_view rule, const Finding& finding) {
  const std::int64_t second = floorSeconds(tracker_->now());
  if (second != id_second_) {
    id_second_ = second;
    ids_this_second_.clear();
  }
  std::string id = config_.alert_id_prefix;
  id += '-';
  id += rule;
  id += '-';
  id += finding.tracks.empty() ? idSafe(finding.tag) : std::to_string(finding.tracks.front());
  id += '-';
  id += std::to_string(second);
  const int n = ++ids_this_second_[id];
  if (n > 1) {
    id += '-';
    id += std::to_string(n);
  }
  return id;
}

}  // namespace picket::cueing
