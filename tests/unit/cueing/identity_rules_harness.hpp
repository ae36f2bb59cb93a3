#pragma once
// Test harness for the identity, AIS-behaviour, air and zone-entry rules: a FindingSink that
// records, a SuspectRegistry with a fixed set, and a runner that builds the RuleContext the
// AlertManager would (changed tracks as TrackViews) after each tracker step.

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cueing/identity_rules_util.hpp"
#include "cueing/rule_support.hpp"
#include "cueing/rule.hpp"
#include "tracking/tracker.hpp"

namespace picket::test {

/// Records every raise and clear, in order.
class RecordingSink final : public cueing::FindingSink {
 public:
  struct Clear {
    std::vector<core::TrackId> tracks;
    std::string tag;
    std::string reason;
  };
  void raise(cueing::Finding finding) override { raised.push_back(std::move(finding)); }
  void clear(std::vector<core::TrackId> tracks, std::string tag, std::string reason) override {
    cleared.push_back({std::move(tracks), std::move(tag), std::move(reason)});
  }
  /// Raised findings whose tag starts with `prefix`.
  [[nodiscard]] std::vector<cueing::Finding> withTag(std::string_view prefix) const {
    std::vector<cueing::Finding> out;
    for (const auto& f : raised) {
      if (f.tag.rfind(prefix, 0) == 0) out.push_back(f);
    }
    return out;
  }
  void reset() {
    raised.clear();
    cleared.clear();
  }
  std::vector<cueing::Finding> raised;
  std::vector<Clear> cleared;
};

/// The value of an evidence key ("" when absent).
inline std::string evidence(const cueing::Finding& f, const std::string& key) {
  for (const auto& [k, v] : f.evidence) {
    if (k == key) return v;
  }
  return "";
}

/// True when some evidence key starts with "param.".
inline bool hasParams(const cueing::Finding& f) {
  return std::any_of(f.evidence.begin(), f.evidence.end(),
                     [](const auto& kv) { return kv.first.rfind("param.", 0) == 0; });
}

/// Suspects are the tracks in the set.
class FixedSuspects final : public cueing::SuspectRegistry {
 public:
  using cueing::SuspectRegistry::isSuspect;
  [[nodiscard]] bool isSuspect(core::TrackId track,
                               std::span<const std::string_view>) const override {
    return ids.contains(track);
  }
  std::set<core::TrackId> ids;
};

/// Runs one rule after each tracker step, as the AlertManager would.
struct RuleRunner {
  tracking::Tracker& tracker;
  cueing::Rule& rule;
  cueing::Geography geography;
  FixedSuspects suspects;
  RecordingSink sink;

  void run(const tracking::StepResult& step) {
    std::vector<core::TrackId> ids = step.updated;
    ids.insert(ids.end(), step.status_changed.begin(), step.status_changed.end());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<cueing::TrackView> views;
    for (const core::TrackId id : ids) {
      if (const core::Track* t = tracker.find(id)) views.push_back(cueing::viewOf(*t));
    }
    const cueing::TrackPicture picture(tracker);  // the rules' copy of the tracks
    const cueing::RuleContext context{picture, step, tracker.now(), geography, views, suspects};
    rule.onStep(context, sink);
  }
  void scan(const core::Scan& s) { run(tracker.processScan(s)); }
  void advanceTo(core::Timestamp t) { run(tracker.advanceTo(t)); }
};

}  // namespace picket::test
