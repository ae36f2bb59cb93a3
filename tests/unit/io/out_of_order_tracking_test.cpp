// Out-of-order input inside the reorder window gives the same tracks as in-order input:
// the reorder buffer restores the defined processing order before the tracker sees anything.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

#include "io/reorder_buffer.hpp"
#include "support/seeded_random.hpp"
#include "support/synthetic_sensors.hpp"
#include "tracking/tracker.hpp"

namespace picket::io {
namespace {

using test::at;

/// Radar scans of three vessels and clutter, AIS reports of one of them, and its static data,
/// in time order.
std::vector<InputItem> scenario() {
  const test::CoastalRadar radar;
  const test::StraightTarget a{test::fromSite(radar, 30.0, 20'000.0), 120.0, 8.0};
  const test::StraightTarget b{test::fromSite(radar, 150.0, 35'000.0), 10.0, 12.0};
  const test::StraightTarget c{test::fromSite(radar, 270.0, 15'000.0), 200.0, 5.0};
  constexpr std::uint32_t kMmsi = 244'000'777;
  test::Rng rng(17);
  std::vector<InputItem> items;
  std::uint64_t ais_seq = 0;
  for (int k = 0; k < 50; ++k) {
    const double t = 4.0 * k;
    std::vector<core::Measurement> plots;
    for (const auto* v : {&a, &b, &c}) {
      if (rng.uniform(0.0, 1.0) < 0.9) plots.push_back(radar.measure(v->ecef(t), at(t), &rng));
    }
    for (int i = 0; i < 3; ++i) plots.push_back(radar.clutter(at(t), rng, 5'000.0, 50'000.0));
    items.emplace_back(radar.scan(at(t), static_cast<std::uint64_t>(k + 1), plots));
    if (k % 3 == 1) {
      const double ta = t + 1.5;
      items.emplace_back(test::aisScan(
          test::aisReport(kMmsi, b.position(ta), b.velocityEn(ta), at(ta), &rng), ++ais_seq));
    }
    if (k == 10) {
      items.emplace_back(core::IdentityReport{at(t + 0.5), test::kAisIndex, kMmsi, 0, 70,
                                              "CARGO B", "ABCD"});
    }
  }
  return items;
}

/// Runs items through a reorder buffer of `window` into a tracker; returns the final tracks.
std::map<core::TrackId, core::Track> run(const std::vector<InputItem>& items,
                                         core::Duration window) {
  ReorderBuffer buffer(window);
  tracking::Tracker tracker({}, test::sensorTable());
  const auto process = [&](std::vector<InputItem> released) {
    for (auto& item : released) {
      if (const auto* s = std::get_if<core::Scan>(&item)) {
        tracker.processScan(*s);
      } else if (const auto* id = std::get_if<core::IdentityReport>(&item)) {
        tracker.applyIdentity(*id);
      }
    }
  };
  for (const auto& item : items) {
    EXPECT_TRUE(buffer.push(item)) << "an item arrived after its window closed";
    process(buffer.release());
  }
  process(buffer.flush());
  std::map<core::TrackId, core::Track> out;
  for (const auto& [id, t] : tracker.tracks()) out.emplace(id, t);
  return out;
}

TEST(OutOfOrderTracking, ShuffledArrivalInsideTheWindowGivesTheSameTracksAsInOrder) {
  const std::vector<InputItem> in_order = scenario();
  const core::Duration window = core::Duration::fromSeconds(10.0);
  const auto expected = run(in_order, window);
  ASSERT_GE(expected.size(), 3u);
  // GIVEN arrival orders shuffled within less than the window (each item delayed by a random
  // 0-9 s, then sorted by arrival), over several seeds
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    test::Rng rng(seed);
    std::vector<std::pair<double, std::size_t>> arrival;
    for (std::size_t i = 0; i < in_order.size(); ++i) {
      arrival.emplace_back((itemTime(in_order[i]) - at(0)).seconds() + rng.uniform(0.0, 9.0), i);
    }
    std::sort(arrival.begin(), arrival.end());
    std::vector<InputItem> shuffled;
    for (const auto& [when, i] : arrival) shuffled.push_back(in_order[i]);
    ASSERT_NE(shuffled.size(), 0u);
    // THEN the tracks are identical, bit for bit
    EXPECT_EQ(run(shuffled, window), expected) << "seed " << seed;
  }
}

}  // namespace
}  // namespace picket::io
