#include "association/spatial_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "geo/wgs84.hpp"
#include "support/seeded_random.hpp"

namespace picket::association {
namespace {

using core::GeoPoint;
using core::Vec3;

struct Ball {
  Vec3 center_m;
  double radius_m;
};

bool intersects(const Ball& a, const Ball& b) {
  return (a.center_m - b.center_m).norm() <= a.radius_m + b.radius_m;
}

std::vector<std::uint32_t> queryAll(const SpatialIndex& index, const Ball& q) {
  std::vector<std::uint32_t> out;
  index.query(q.center_m, q.radius_m, [&](std::uint32_t item) { out.push_back(item); });
  return out;
}

/// Checks one query against brute force over the live balls: no miss, no duplicate. Stale
/// entries may add candidates, but only items that exist.
void expectSupersetOnce(const SpatialIndex& index, const std::vector<Ball>& live, const Ball& q) {
  const auto got = queryAll(index, q);
  std::vector<int> seen(live.size(), 0);
  for (const std::uint32_t item : got) {
    ASSERT_LT(item, live.size());
    ++seen[item];
  }
  for (std::size_t i = 0; i < live.size(); ++i) {
    EXPECT_LE(seen[i], 1) << "item " << i << " visited " << seen[i] << " times";
    if (intersects(live[i], q)) {
      EXPECT_EQ(seen[i], 1) << "missed item " << i << " at distance "
                            << (live[i].center_m - q.center_m).norm() << " m, radii "
                            << live[i].radius_m << " + " << q.radius_m;
    }
  }
}

/// A point on or near the ellipsoid, biased to the places where grids and projections break:
/// the antimeridian, the poles, the equator and the prime meridian, plus anywhere at all.
GeoPoint awkwardPoint(test::SeededRandom& rng) {
  const double kind = rng.uniform();
  GeoPoint p;
  p.alt_m = rng.uniform(-100.0, 12'000.0);
  if (kind < 0.2) {  // antimeridian, both sides
    p.lat_deg = rng.uniform(-80.0, 80.0);
    p.lon_deg = rng.uniform() < 0.5 ? rng.uniform(179.9, 180.0) : rng.uniform(-180.0, -179.9);
  } else if (kind < 0.4) {  // within ~10 km of a pole
    p.lat_deg = (rng.uniform() < 0.5 ? 1.0 : -1.0) * rng.uniform(89.9, 90.0);
    p.lon_deg = rng.uniform(-180.0, 180.0);
  } else if (kind < 0.55) {  // equator
    p.lat_deg = rng.uniform(-0.05, 0.05);
    p.lon_deg = rng.uniform(-180.0, 180.0);
  } else if (kind < 0.65) {  // prime meridian (ECEF y changes sign)
    p.lat_deg = rng.uniform(-60.0, 60.0);
    p.lon_deg = rng.uniform(-0.05, 0.05);
  } else {
    p.lat_deg = std::asin(rng.uniform(-1.0, 1.0)) * geo::kRadToDeg;
    p.lon_deg = rng.uniform(-180.0, 180.0);
  }
  return p;
}

Ball randomBall(test::SeededRandom& rng, double max_radius_m) {
  return Ball{geo::geodeticToEcef(awkwardPoint(rng)), rng.uniform(0.0, max_radius_m)};
}

/// A center within a few metres of a cell corner, on either side of each boundary.
Vec3 nearCellCorner(test::SeededRandom& rng, const Vec3& p, double cell_m) {
  Vec3 c;
  for (int a = 0; a < 3; ++a) {
    c[a] = std::round(p[a] / cell_m) * cell_m + rng.uniform(-2.0, 2.0);
  }
  return c;
}

TEST(SpatialIndex, RejectsSmallOrNonFiniteCellSize) {
  EXPECT_THROW(SpatialIndex(99.0), std::invalid_argument);
  EXPECT_THROW(SpatialIndex(0.0), std::invalid_argument);
  EXPECT_THROW(SpatialIndex(-20'000.0), std::invalid_argument);
  EXPECT_THROW(SpatialIndex(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  EXPECT_THROW(SpatialIndex(std::numeric_limits<double>::infinity()), std::invalid_argument);
  EXPECT_NO_THROW(SpatialIndex(100.0));
  EXPECT_DOUBLE_EQ(SpatialIndex(15'000.0).cellSize(), 15'000.0);
}

TEST(SpatialIndex, RejectsNonFiniteOrNegativeInsert) {
  SpatialIndex index(10'000.0);
  const Vec3 p(6.4e6, 0.0, 0.0);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(index.insert(0, Vec3(nan, 0.0, 0.0), 1.0), std::invalid_argument);
  EXPECT_THROW(index.insert(0, p, nan), std::invalid_argument);
  EXPECT_THROW(index.insert(0, p, -1.0), std::invalid_argument);
  EXPECT_THROW(index.insert(0, p, std::numeric_limits<double>::infinity()), std::invalid_argument);
  EXPECT_THROW(index.insert(0, p, 1e12), std::invalid_argument);  // ~ 2^63 cells
  EXPECT_EQ(index.entries(), 0u);
}

TEST(SpatialIndex, EmptyIndexVisitsNothing) {
  const SpatialIndex index;
  EXPECT_TRUE(queryAll(index, Ball{Vec3(6.4e6, 0.0, 0.0), 1e6}).empty());
}

TEST(SpatialIndex, NanOrNegativeQueryVisitsNothing) {
  SpatialIndex index(1'000.0);
  index.insert(0, Vec3(6.4e6, 0.0, 0.0), 10.0);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(queryAll(index, Ball{Vec3(nan, 0.0, 0.0), 10.0}).empty());
  EXPECT_TRUE(queryAll(index, Ball{Vec3(6.4e6, 0.0, 0.0), nan}).empty());
  EXPECT_TRUE(queryAll(index, Ball{Vec3(6.4e6, 0.0, 0.0), -1.0}).empty());
}

TEST(SpatialIndex, PrefetchAcceptsAnyBallAndChangesNoQuery) {
  // Prefetching is a hint: on an empty index, for NaN, negative, huge and infinite balls, and
  // at the coordinate clamps, it reads nothing out of bounds and leaves every query's answer
  // (items and their order) as it was.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<Ball> balls = {{Vec3(6.4e6, 0.0, 0.0), 10.0},   {Vec3(nan, 0.0, 0.0), 10.0},
                                   {Vec3(6.4e6, 0.0, 0.0), nan},    {Vec3(6.4e6, 0.0, 0.0), -1.0},
                                   {Vec3(6.4e6, 0.0, 0.0), 5e6},    {Vec3::Zero(), inf},
                                   {Vec3(1e300, -1e300, 0.0), 1.0}, {Vec3(6.4e6, 2e3, -3e3), 4e3}};
  SpatialIndex empty(1'000.0);
  for (const Ball& b : balls) empty.prefetch(b.center_m, b.radius_m);
  EXPECT_TRUE(queryAll(empty, balls[0]).empty());

  SpatialIndex index(1'000.0);
  test::SeededRandom rng(5);
  for (std::uint32_t i = 0; i < 300; ++i) index.insert(i, randomBall(rng, 5'000.0).center_m, 2e3);
  std::vector<std::vector<std::uint32_t>> before;
  for (const Ball& b : balls) before.push_back(queryAll(index, b));
  for (const Ball& b : balls) index.prefetch(b.center_m, b.radius_m);
  for (std::size_t k = 0; k < balls.size(); ++k) EXPECT_EQ(queryAll(index, balls[k]), before[k]);
}

TEST(SpatialIndex, InfiniteQueryRadiusVisitsEverythingOnce) {
  SpatialIndex index(1'000.0);
  test::SeededRandom rng(11);
  for (std::uint32_t i = 0; i < 200; ++i) index.insert(i, randomBall(rng, 5'000.0).center_m, 5e3);
  auto got = queryAll(index, Ball{Vec3::Zero(), std::numeric_limits<double>::infinity()});
  std::sort(got.begin(), got.end());
  ASSERT_EQ(got.size(), 200u);
  for (std::uint32_t i = 0; i < 200; ++i) EXPECT_EQ(got[i], i);
}

TEST(SpatialIndex, NeverMissesAndVisitsOnceAllOverTheEarth) {
  for (const double cell_m : {100.0, 2'500.0, 10'000.0, 20'000.0, 150'000.0}) {
    SCOPED_TRACE(cell_m);
    test::SeededRandom rng(20240611);
    SpatialIndex index(cell_m);
    std::vector<Ball> live;
    const double max_r = std::min(30'000.0, 4.0 * cell_m);
    for (std::uint32_t i = 0; i < 2'000; ++i) {
      Ball b = randomBall(rng, max_r);
      if (i % 5 == 0) b.center_m = nearCellCorner(rng, b.center_m, cell_m);
      index.insert(i, b.center_m, b.radius_m);
      live.push_back(b);
    }
    for (int q = 0; q < 300; ++q) {
      Ball query = randomBall(rng, max_r);
      if (q % 3 == 0) {
        // Near an item, so that many queries do have neighbours.
        const auto& target = live[static_cast<std::size_t>(rng.uniform(0.0, 2'000.0))];
        query.center_m = target.center_m + rng.normalVector<3>() * (0.5 * max_r);
      }
      if (q % 5 == 0) query.center_m = nearCellCorner(rng, query.center_m, cell_m);
      expectSupersetOnce(index, live, query);
    }
  }
}

TEST(SpatialIndex, BallsTouchingAcrossACellBoundaryAreFound) {
  // Exactly representable values: the item's ball ends on the boundary x = 20 km where the
  // query's ball starts, in negative and positive coordinates.
  SpatialIndex index(20'000.0);
  for (const double sign : {1.0, -1.0}) {
    index.clear();
    index.insert(7, Vec3(sign * 19'000.0, -6'000'000.0, sign * 40'000.0), 1'000.0);
    const auto got =
        queryAll(index, Ball{Vec3(sign * 21'000.0, -6'000'000.0, sign * 40'000.0), 1'000.0});
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], 7u);
  }
}

TEST(SpatialIndex, ZeroRadiusUsesOneCellAndFindsCoincidentPoints) {
  SpatialIndex index(10'000.0);
  const Vec3 p = geo::geodeticToEcef(GeoPoint{0.0, 180.0, 0.0});
  index.insert(3, p, 0.0);
  EXPECT_EQ(index.entries(), 1u);
  EXPECT_EQ(index.cellsTouched(0.0), 1u);
  const auto got = queryAll(index, Ball{p, 0.0});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], 3u);
  // A zero-radius point on a cell boundary on the other side is in a different cell.
  index.clear();
  index.insert(1, Vec3(-10'000.0, 0.0, 0.0), 0.0);
  EXPECT_EQ(queryAll(index, Ball{Vec3(-10'000.0, 0.0, 0.0), 0.0}).size(), 1u);
  EXPECT_TRUE(queryAll(index, Ball{Vec3(-10'000.5, 0.0, 0.0), 0.0}).empty());
}

TEST(SpatialIndex, CellsTouchedBoundsEveryInsert) {
  test::SeededRandom rng(5);
  for (const double cell_m : {100.0, 7'000.0, 20'000.0}) {
    SpatialIndex index(cell_m);
    for (int i = 0; i < 500; ++i) {
      index.clear();
      // Radii include exact multiples of half a cell, where the bound is tightest.
      const double r = i % 4 == 0 ? 0.5 * cell_m * std::floor(rng.uniform(0.0, 6.0))
                                  : rng.uniform(0.0, 5.0 * cell_m);
      Vec3 c = randomBall(rng, 0.0).center_m;
      if (i % 2 == 0) c = nearCellCorner(rng, c, cell_m);
      index.insert(0, c, r);
      EXPECT_LE(index.entries(), index.cellsTouched(r)) << "cell " << cell_m << " r " << r;
    }
  }
  const SpatialIndex index(20'000.0);
  EXPECT_EQ(index.cellsTouched(2'500.0), 8u);    // 2 r / s = 0.25: at most 2 cells per axis
  EXPECT_EQ(index.cellsTouched(25'000.0), 64u);  // 2.5: 4 per axis
  EXPECT_GE(index.cellsTouched(1e30), std::uint64_t{1} << 62);  // capped, no overflow
}

TEST(SpatialIndex, SameInsertSequenceGivesSameVisitOrder) {
  auto build = [](SpatialIndex& index) {
    test::SeededRandom rng(77);
    for (std::uint32_t i = 0; i < 3'000; ++i) {
      const Ball b = randomBall(rng, 40'000.0);
      index.insert(i % 1'000, b.center_m, b.radius_m);  // with re-inserts
    }
  };
  SpatialIndex a(10'000.0);
  SpatialIndex b(10'000.0);
  build(a);
  build(b);
  // A cleared-and-rebuilt index keeps its larger table but must still agree for cube-sized
  // queries, which follow the cell order.
  SpatialIndex c(10'000.0);
  build(c);
  c.clear();
  build(c);
  test::SeededRandom rng(78);
  std::size_t total = 0;
  for (int q = 0; q < 200; ++q) {
    const Ball query = randomBall(rng, 60'000.0);
    const auto va = queryAll(a, query);
    EXPECT_EQ(va, queryAll(b, query));
    EXPECT_EQ(va, queryAll(c, query));
    total += va.size();
  }
  EXPECT_GT(total, 0u);
  // Within one cell, items come in insertion order.
  SpatialIndex d(10'000.0);
  const Vec3 p(6.4e6 + 5'000.0, 5'000.0, 5'000.0);
  for (const std::uint32_t item : {9u, 2u, 5u, 0u}) d.insert(item, p, 1.0);
  EXPECT_EQ(queryAll(d, Ball{p, 1.0}), (std::vector<std::uint32_t>{9, 2, 5, 0}));
}

TEST(SpatialIndex, StaleEntriesAfterAMoveDoNotDuplicate) {
  SpatialIndex index(10'000.0);
  test::SeededRandom rng(3);
  std::vector<Ball> live;
  for (std::uint32_t i = 0; i < 300; ++i) {
    live.push_back(randomBall(rng, 5'000.0));
    index.insert(i, live.back().center_m, live.back().radius_m);
  }
  // Every item moves a few times (small steps, same cell or the next; and a few long jumps)
  // and is inserted again without removal.
  for (int round = 0; round < 5; ++round) {
    for (std::uint32_t i = 0; i < 300; ++i) {
      Ball& b = live[i];
      b.center_m += rng.normalVector<3>() * (i % 10 == 0 ? 200'000.0 : 3'000.0);
      index.insert(i, b.center_m, b.radius_m);
    }
  }
  for (int q = 0; q < 300; ++q) {
    Ball query = randomBall(rng, 20'000.0);
    if (q % 2 == 0) query.center_m = live[static_cast<std::size_t>(q)].center_m;
    expectSupersetOnce(index, live, query);
  }
  // The old position of a moved item may still return it (conservative), exactly once.
  SpatialIndex one(10'000.0);
  const Vec3 a(6.4e6, 0.0, 0.0);
  const Vec3 b(6.4e6, 1e6, 0.0);
  one.insert(4, a, 100.0);
  one.insert(4, a + Vec3(10.0, 0.0, 0.0), 100.0);
  one.insert(4, b, 100.0);
  EXPECT_EQ(queryAll(one, Ball{a, 100.0}), (std::vector<std::uint32_t>{4}));
  EXPECT_EQ(queryAll(one, Ball{b, 100.0}), (std::vector<std::uint32_t>{4}));
  one.clear();
  one.insert(4, b, 100.0);
  EXPECT_TRUE(queryAll(one, Ball{a, 100.0}).empty());
}

TEST(SpatialIndex, ClearKeepsMemoryAndAllowsReuse) {
  SpatialIndex index(20'000.0);
  test::SeededRandom rng(9);
  std::vector<Ball> first;
  for (std::uint32_t i = 0; i < 5'000; ++i) {
    first.push_back(randomBall(rng, 10'000.0));
    index.insert(i, first.back().center_m, first.back().radius_m);
  }
  const std::size_t bytes = index.memoryBytes();
  EXPECT_GT(bytes, index.entries() * 8);
  index.clear();
  EXPECT_EQ(index.entries(), 0u);
  EXPECT_EQ(index.memoryBytes(), bytes);
  for (const Ball& b : first) EXPECT_TRUE(queryAll(index, b).empty());

  std::vector<Ball> second;
  for (std::uint32_t i = 0; i < 1'000; ++i) {
    second.push_back(randomBall(rng, 10'000.0));
    index.insert(i, second.back().center_m, second.back().radius_m);
  }
  EXPECT_EQ(index.memoryBytes(), bytes);  // a smaller rebuild allocates nothing
  for (int q = 0; q < 200; ++q) expectSupersetOnce(index, second, randomBall(rng, 20'000.0));
}

TEST(SpatialIndex, GrowsThroughManyTableResizes) {
  // 100 m cells and 1 km balls: ~ 11^3 cells each, hundreds of thousands of distinct cells,
  // so the table (64 slots at first) doubles a dozen times.
  SpatialIndex index(100.0);
  test::SeededRandom rng(13);
  std::vector<Ball> live;
  const std::size_t bytes0 = index.memoryBytes();
  for (std::uint32_t i = 0; i < 400; ++i) {
    live.push_back(Ball{randomBall(rng, 0.0).center_m, rng.uniform(500.0, 1'000.0)});
    index.insert(i, live.back().center_m, live.back().radius_m);
  }
  EXPECT_GT(index.entries(), 100'000u);
  EXPECT_GT(index.memoryBytes(), 1'000 * bytes0);
  for (std::uint32_t i = 0; i < 400; ++i) {
    expectSupersetOnce(index, live, live[i]);
    expectSupersetOnce(index, live, Ball{nearCellCorner(rng, live[i].center_m, 100.0), 50.0});
  }
}

TEST(SpatialIndex, LargeQueryRadiusSpanningManyCells) {
  // 300 km and 3,000 km queries over 10 km cells: 61^3 cells (cell loop) and 601^3 cells
  // (more than the table holds: the table-scan path).
  SpatialIndex index(10'000.0);
  test::SeededRandom rng(17);
  std::vector<Ball> live;
  for (std::uint32_t i = 0; i < 3'000; ++i) {
    live.push_back(randomBall(rng, 3'000.0));
    index.insert(i, live.back().center_m, live.back().radius_m);
  }
  for (int q = 0; q < 20; ++q) {
    const Vec3 c = live[static_cast<std::size_t>(q) * 97].center_m;
    expectSupersetOnce(index, live, Ball{c, 300'000.0});
    expectSupersetOnce(index, live, Ball{c, 3'000'000.0});
  }
  // The table-scan path is deterministic too.
  const Ball big{live[0].center_m, 3'000'000.0};
  EXPECT_EQ(queryAll(index, big), queryAll(index, big));
}

TEST(SpatialIndex, ItemIdsNeedNotBeDense) {
  SpatialIndex index(20'000.0);
  const Vec3 p = geo::geodeticToEcef(GeoPoint{-89.99, 45.0, 0.0});
  index.insert(1'000'000, p, 10.0);
  index.insert(0, p, 10.0);
  EXPECT_EQ(queryAll(index, Ball{p, 1.0}), (std::vector<std::uint32_t>{1'000'000, 0}));
}

TEST(SpatialIndex, VisitsOncePerQueryOverManyQueries) {
  // Stamps are per query: the same item is visited again by the next query.
  SpatialIndex index(20'000.0);
  const Vec3 p(0.0, 0.0, 6.356e6);  // north pole
  index.insert(0, p, 30'000.0);     // 4 cells per axis
  for (int q = 0; q < 10'000; ++q) ASSERT_EQ(queryAll(index, Ball{p, 30'000.0}).size(), 1u);
}

std::vector<std::uint32_t> queryListedAll(const SpatialIndex& index,
                                          const SpatialIndex::Listing& listing, const Ball& q) {
  std::vector<std::uint32_t> out;
  index.queryListed(listing, q.center_m, q.radius_m, [&](std::uint32_t item) { out.push_back(item); });
  return out;
}

TEST(SpatialIndex, QueryListedVisitsWhatQueryVisits) {
  // Items listed with their cells, then many more inserts (the table grows several times, so
  // the cells' table positions move; their first entries do not). Balls inside an item's
  // entry, partly outside it and far from it: queryListed() answers as query() does, items
  // and order. After clear() the listings are stale and it still answers as query() does.
  SpatialIndex index(20'000.0);
  test::SeededRandom rng(17);
  std::vector<Ball> entries;
  std::vector<SpatialIndex::Listing> listings;
  for (std::uint32_t i = 0; i < 3'000; ++i) {
    // Dense enough that cells hold several items: a 2,000 km square on the equator.
    const Vec3 c(6.378e6, rng.uniform(-1e6, 1e6), rng.uniform(-1e6, 1e6));
    entries.push_back(Ball{c, rng.uniform(0.0, 15'000.0)});
    listings.emplace_back();
    index.insert(i, c, entries.back().radius_m, &listings.back());
  }
  int listed = 0;
  for (std::uint32_t i = 0; i < entries.size(); ++i) {
    const SpatialIndex::Listing& l = listings[i];
    if (l.cells == 0) continue;
    ++listed;
    EXPECT_EQ(l.cells, l.n[0] * l.n[1] * l.n[2]);
    const Ball& e = entries[i];
    const Ball inside{e.center_m + rng.normalVector<3>() * 0.2 * e.radius_m, 0.5 * e.radius_m};
    const Ball around{e.center_m, e.radius_m + 30'000.0};
    const Ball far{e.center_m + Vec3(0.0, 3e6, 0.0), 1'000.0};
    for (const Ball& q : {inside, around, far, e}) {
      EXPECT_EQ(queryListedAll(index, l, q), queryAll(index, q)) << "item " << i;
    }
  }
  EXPECT_GT(listed, 2'000);  // balls up to 15 km in 20 km cells: most touch <= 8 cells
  EXPECT_EQ(queryListedAll(index, SpatialIndex::Listing{}, entries[0]), queryAll(index, entries[0]));

  index.clear();
  for (std::uint32_t i = 0; i < 500; ++i) index.insert(i, entries[i + 7].center_m, 5'000.0);
  for (std::uint32_t i = 0; i < 500; ++i) {
    EXPECT_EQ(queryListedAll(index, listings[i], entries[i]), queryAll(index, entries[i]));
  }
}

TEST(SpatialIndex, QueryListedReadsTheRecordedCells) {
  // The listed path really is taken: a listing whose head is swapped for another cell's walks
  // that cell instead (callers never do this; it shows the table is not consulted).
  SpatialIndex index(20'000.0);
  const Vec3 a(6.378e6, 10'000.0, 10'000.0);  // mid-cell: one cell each
  const Vec3 b(6.378e6, 210'000.0, 10'000.0);
  SpatialIndex::Listing la;
  SpatialIndex::Listing lb;
  index.insert(1, a, 100.0, &la);
  index.insert(2, b, 100.0, &lb);
  ASSERT_EQ(la.cells, 1);
  ASSERT_EQ(lb.cells, 1);
  EXPECT_EQ(queryListedAll(index, la, Ball{a, 50.0}), (std::vector<std::uint32_t>{1}));
  SpatialIndex::Listing swapped = la;
  swapped.heads[0] = lb.heads[0];
  EXPECT_EQ(queryListedAll(index, swapped, Ball{a, 50.0}), (std::vector<std::uint32_t>{2}));
  // An insert over more than Listing::kMaxCells cells records nothing.
  SpatialIndex::Listing big = la;
  index.insert(3, a, 25'000.0, &big);
  EXPECT_EQ(big.cells, 0);
  EXPECT_EQ(queryListedAll(index, big, Ball{a, 50.0}), queryAll(index, Ball{a, 50.0}));
}

}  // namespace
}  // namespace picket::association
