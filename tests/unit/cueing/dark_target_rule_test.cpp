#include "cueing/dark_target_rule.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace picket::cueing {
namespace {

constexpr std::int64_t kT0Ns = 1'709'294'400LL * 1'000'000'000LL;
const core::Timestamp kNow{kT0Ns};

/// A track that meets every condition of the default rule, with no margin to spare.
core::Track darkTrack() {
  core::Track t;
  t.id = 7;
  t.status = core::TrackStatus::Confirmed;
  t.domain = core::Domain::Surface;
  t.created = kNow - core::Duration::fromSeconds(180);
  t.noncooperative_updates = 6;
  t.sensors = {{0, kNow, 6}};
  return t;
}

TEST(DarkTargetRule, TruthTable) {
  const DarkTargetConfig config;  // 6 updates, 180 s, enabled
  struct Case {
    std::string name;
    std::function<void(core::Track&, DarkTargetConfig&)> change;
    bool dark;
  };
  const std::vector<Case> cases = {
      {"meets every condition", [](core::Track&, DarkTargetConfig&) {}, true},
      {"coasting still counts",
       [](core::Track& t, DarkTargetConfig&) { t.status = core::TrackStatus::Coasting; }, true},
      {"tentative",
       [](core::Track& t, DarkTargetConfig&) { t.status = core::TrackStatus::Tentative; }, false},
      {"deleted", [](core::Track& t, DarkTargetConfig&) { t.status = core::TrackStatus::Deleted; },
       false},
      {"has an MMSI", [](core::Track& t, DarkTargetConfig&) { t.identity.mmsi = 244'123'456; },
       false},
      {"had a cooperative update",
       [](core::Track& t, DarkTargetConfig&) { t.cooperative_updates = 1; }, false},
      {"one update short", [](core::Track& t, DarkTargetConfig&) { t.noncooperative_updates = 5; },
       false},
      {"many updates", [](core::Track& t, DarkTargetConfig&) { t.noncooperative_updates = 600; },
       true},
      {"one nanosecond too young",
       [](core::Track& t, DarkTargetConfig&) { t.created = t.created + core::Duration{1}; }, false},
      {"old",
       [](core::Track& t, DarkTargetConfig&) {
         t.created = kNow - core::Duration::fromSeconds(86400);
       },
       true},
      {"air track", [](core::Track& t, DarkTargetConfig&) { t.domain = core::Domain::Air; }, false},
      {"rule disabled", [](core::Track&, DarkTargetConfig& c) { c.enabled = false; }, false},
      {"lower thresholds",
       [](core::Track& t, DarkTargetConfig& c) {
         c.min_noncooperative_updates = 1;
         c.min_track_age = core::Duration{0};
         t.noncooperative_updates = 1;
         t.created = kNow;
       },
       true},
  };
  for (const Case& c : cases) {
    core::Track track = darkTrack();
    DarkTargetConfig cfg = config;
    c.change(track, cfg);
    EXPECT_EQ(isDarkTarget(track, kNow, cfg), c.dark) << c.name;
  }
}

TEST(DarkTargetRule, ConfidenceGrowsWithEvidenceAndStaysBelowOne) {
  core::Track t = darkTrack();
  double previous = 0.0;
  for (std::uint32_t n : {1u, 3u, 6u, 12u, 24u, 1000u}) {
    t.noncooperative_updates = n;
    const double c = darkTargetConfidence(t);
    EXPECT_GT(c, previous) << n;
    EXPECT_GE(c, 0.0);
    EXPECT_LE(c, 0.99);
    previous = c;
  }
  // A second, independent sensor is stronger evidence than more of the same.
  t.noncooperative_updates = 12;
  const double one_sensor = darkTargetConfidence(t);
  t.sensors.push_back({2, kNow, 1});
  EXPECT_GT(darkTargetConfidence(t), one_sensor);
  t.noncooperative_updates = 0;
  EXPECT_DOUBLE_EQ(darkTargetConfidence(t), 0.0);
}

}  // namespace
}  // namespace picket::cueing
