#include "io/reorder_buffer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

namespace picket::io {
namespace {

constexpr std::int64_t kT0Ns = 1'709'294'400LL * 1'000'000'000LL;

core::Timestamp at(double seconds) {
  return core::Timestamp{kT0Ns} + core::Duration::fromSeconds(seconds);
}

InputItem scan(double seconds, core::SensorIndex sensor, std::uint64_t sequence) {
  core::Scan s;
  s.time = at(seconds);
  s.sensor = sensor;
  s.sequence = sequence;
  return s;
}

InputItem identity(double seconds, core::SensorIndex sensor) {
  core::IdentityReport r;
  r.time = at(seconds);
  r.sensor = sensor;
  r.mmsi = 244'000'001;
  return r;
}

InputItem endOfStream(double seconds) {
  return EndOfStreamItem{"radar-a", at(seconds), 10, "done"};
}

/// (time, sensor, sequence, kind) of each item, for readable comparisons.
using Key = std::tuple<std::int64_t, std::uint32_t, std::uint64_t, std::string>;

std::vector<Key> keys(const std::vector<InputItem>& items) {
  std::vector<Key> out;
  for (const auto& item : items) {
    if (const auto* s = std::get_if<core::Scan>(&item)) {
      out.emplace_back(s->time.ns, s->sensor, s->sequence, "scan");
    } else if (const auto* r = std::get_if<core::IdentityReport>(&item)) {
      out.emplace_back(r->time.ns, r->sensor, 0, "identity");
    } else {
      out.emplace_back(itemTime(item).ns, 0, 0, "end");
    }
  }
  return out;
}

TEST(ReorderBuffer, ReleasesInTimeSensorSequenceOrderWhateverThePushOrder) {
  const std::vector<InputItem> items = {scan(10, 1, 2), scan(10, 0, 5), scan(5, 3, 9),
                                        scan(10, 0, 3), scan(7, 2, 1)};
  // Every permutation of the arrival order gives the same release order.
  std::vector<std::size_t> order = {0, 1, 2, 3, 4};
  const std::vector<Key> expected = {{at(5).ns, 3, 9, "scan"},
                                     {at(7).ns, 2, 1, "scan"},
                                     {at(10).ns, 0, 3, "scan"},
                                     {at(10).ns, 0, 5, "scan"},
                                     {at(10).ns, 1, 2, "scan"}};
  do {
    ReorderBuffer buffer(core::Duration::fromSeconds(2));
    for (const std::size_t i : order) EXPECT_TRUE(buffer.push(items[i]));
    EXPECT_TRUE(buffer.push(scan(20, 0, 100)));  // moves the data clock to 20 s
    const auto released = buffer.release();
    EXPECT_EQ(keys(released), expected);
    EXPECT_EQ(buffer.size(), 1u);  // the item at 20 s is still inside the window
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST(ReorderBuffer, HoldsItemsUntilTheWindowHasPassed) {
  ReorderBuffer buffer(core::Duration::fromSeconds(2));
  buffer.push(scan(10, 0, 1));
  buffer.push(scan(11, 0, 2));
  EXPECT_TRUE(buffer.release().empty());  // newest 11 s: nothing at or before 9 s
  EXPECT_EQ(buffer.size(), 2u);

  buffer.push(scan(12, 0, 3));  // frontier 10 s: releases exactly the item at 10 s
  auto released = buffer.release();
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(itemTime(released[0]), at(10));
  EXPECT_EQ(buffer.size(), 2u);
}

TEST(ReorderBuffer, ZeroWindowReleasesEverythingUpToTheNewest) {
  ReorderBuffer buffer(core::Duration{0});
  buffer.push(scan(3, 0, 2));
  buffer.push(scan(1, 0, 1));
  const auto released = buffer.release();
  ASSERT_EQ(released.size(), 2u);
  EXPECT_EQ(itemTime(released[0]), at(1));
  EXPECT_EQ(itemTime(released[1]), at(3));
}

TEST(ReorderBuffer, WallClockFloorReleasesAQuietStream) {
  ReorderBuffer buffer(core::Duration::fromSeconds(2));
  buffer.push(scan(10, 0, 1));
  EXPECT_TRUE(buffer.release(at(11)).empty());
  const auto released = buffer.release(at(12));
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(buffer.size(), 0u);
}

TEST(ReorderBuffer, FlushReleasesEverythingInOrder) {
  ReorderBuffer buffer(core::Duration::fromSeconds(60));
  buffer.push(endOfStream(30));
  buffer.push(scan(30, 1, 4));
  buffer.push(identity(30, 1));
  buffer.push(scan(20, 0, 8));
  EXPECT_TRUE(buffer.release().empty());
  const auto flushed = buffer.flush();
  EXPECT_EQ(keys(flushed), (std::vector<Key>{{at(20).ns, 0, 8, "scan"},
                                             {at(30).ns, 1, 0, "identity"},
                                             {at(30).ns, 1, 4, "scan"},
                                             {at(30).ns, 0, 0, "end"}}));
  EXPECT_EQ(buffer.size(), 0u);
  EXPECT_TRUE(buffer.flush().empty());
}

TEST(ReorderBuffer, EndOfStreamSortsAfterDataOfTheSameTime) {
  ReorderBuffer buffer(core::Duration{0});
  buffer.push(endOfStream(5));
  buffer.push(scan(5, 7, 1));
  const auto released = buffer.release();
  ASSERT_EQ(released.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<core::Scan>(released[0]));
  EXPECT_TRUE(std::holds_alternative<EndOfStreamItem>(released[1]));
}

TEST(ReorderBuffer, IdenticalKeysAreBothKeptInArrivalOrder) {
  ReorderBuffer buffer(core::Duration{0});
  core::Scan a = std::get<core::Scan>(scan(5, 0, 1));
  core::Scan b = a;
  b.measurements.resize(2);
  buffer.push(a);
  buffer.push(b);
  const auto released = buffer.release();
  ASSERT_EQ(released.size(), 2u);
  EXPECT_EQ(std::get<core::Scan>(released[0]), a);
  EXPECT_EQ(std::get<core::Scan>(released[1]), b);
}

TEST(ReorderBuffer, ItemOlderThanWhatWasReleasedIsReportedLateButStillReleased) {
  ReorderBuffer buffer(core::Duration::fromSeconds(2));
  buffer.push(scan(10, 0, 1));
  buffer.push(scan(20, 0, 2));
  ASSERT_EQ(buffer.release().size(), 1u);  // released up to 18 s

  EXPECT_FALSE(buffer.push(scan(15, 1, 1)));  // its window closed at 17 s
  EXPECT_TRUE(buffer.push(scan(19, 1, 2)));   // still inside the window
  const auto released = buffer.release();
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(itemTime(released[0]), at(15));
  EXPECT_EQ(buffer.size(), 2u);
}

TEST(ReorderBuffer, ItemOlderThanAFlushIsReportedLate) {
  ReorderBuffer buffer(core::Duration::fromSeconds(2));
  buffer.push(scan(10, 0, 1));
  ASSERT_EQ(buffer.flush().size(), 1u);
  EXPECT_FALSE(buffer.push(scan(9, 0, 2)));
  EXPECT_TRUE(buffer.push(scan(11, 0, 3)));
}

}  // namespace
}  // namespace picket::io
