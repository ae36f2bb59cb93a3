#include "geo/land_mask.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "geo/polygon.hpp"
#include "geo/wgs84.hpp"

namespace picket::geo {
namespace {

using core::GeoPoint;
using Ring = std::vector<GeoPoint>;

/// Seeded uniform draws from our own conversion (STYLE.md 5).
class Draw {
 public:
  explicit Draw(std::uint64_t seed) : rng_(seed) {}
  double uniform(double lo, double hi) {
    return lo + (hi - lo) * (static_cast<double>(rng_() >> 11) * 0x1.0p-53);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }

 private:
  std::mt19937_64 rng_;
};

/// Rounds to the 1e-5 deg lattice of the config/geo files.
double lattice(double deg) { return std::round(deg * 1e5) / 1e5; }

/// A star-shaped ring around (lat, lon): n vertices at increasing angles, radii (deg) drawn in
/// [r_min, r_max], on the 1e-5 deg lattice. Some vertices are forced level with their
/// neighbour (horizontal edges), as the quantised coastline has many.
Ring starRing(Draw& d, double lat, double lon, double r_min, double r_max, int n) {
  Ring ring;
  for (int i = 0; i < n; ++i) {
    const double angle = (i + d.uniform(0.1, 0.9)) * 2.0 * kPi / n;
    const double r = d.uniform(r_min, r_max);
    GeoPoint p{lattice(lat + r * std::sin(angle)), lattice(lon + r * std::cos(angle)), 0.0};
    if (!ring.empty() && d.uniform(0, 1) < 0.2) p.lat_deg = ring.back().lat_deg;
    ring.push_back(p);
  }
  return ring;
}

/// Islands on a 3x3 deg lattice around (15 N, 80 W), some with a lagoon (hole); they do not
/// overlap (outer radius <= 1.2 deg, centres 3 deg apart).
std::vector<GeoPolygon> archipelago(std::uint64_t seed, int n_side = 4) {
  Draw d(seed);
  std::vector<GeoPolygon> out;
  for (int i = 0; i < n_side; ++i) {
    for (int j = 0; j < n_side; ++j) {
      const double lat = 10.0 + 3.0 * i + d.uniform(-0.3, 0.3);
      const double lon = -85.0 + 3.0 * j + d.uniform(-0.3, 0.3);
      Ring outer = starRing(d, lat, lon, 0.6, 1.2, 40 + static_cast<int>(d.below(80)));
      std::vector<Ring> holes;
      if ((i + j) % 2 == 0) holes.push_back(starRing(d, lat, lon, 0.05, 0.2, 12));
      out.emplace_back(std::move(outer), std::move(holes));
    }
  }
  return out;
}

bool bruteIsLand(const std::vector<GeoPolygon>& polygons, double lat, double lon) {
  return std::any_of(polygons.begin(), polygons.end(),
                     [&](const GeoPolygon& p) { return p.contains(lat, lon); });
}

struct Seg {
  GeoPoint a, b;
};
std::vector<Seg> allEdges(const std::vector<GeoPolygon>& polygons) {
  std::vector<Seg> out;
  auto add = [&](const Ring& r) {
    for (std::size_t i = 0; i < r.size(); ++i) out.push_back({r[i], r[(i + 1) % r.size()]});
  };
  for (const auto& p : polygons) {
    add(p.outer());
    for (const auto& h : p.holes()) add(h);
  }
  return out;
}

/// Closed segment intersection in (lon, lat), written independently of the mask's.
bool touches(const GeoPoint& p, const GeoPoint& q, const GeoPoint& a, const GeoPoint& b) {
  auto cross = [](const GeoPoint& o, const GeoPoint& u, const GeoPoint& v) {
    return (u.lon_deg - o.lon_deg) * (v.lat_deg - o.lat_deg) -
           (u.lat_deg - o.lat_deg) * (v.lon_deg - o.lon_deg);
  };
  auto sign = [](double v) { return (v > 0) - (v < 0); };
  auto onSeg = [](const GeoPoint& u, const GeoPoint& v, const GeoPoint& w) {
    return std::min(u.lon_deg, v.lon_deg) <= w.lon_deg &&
           w.lon_deg <= std::max(u.lon_deg, v.lon_deg) &&
           std::min(u.lat_deg, v.lat_deg) <= w.lat_deg &&
           w.lat_deg <= std::max(u.lat_deg, v.lat_deg);
  };
  const int s1 = sign(cross(a, b, p)), s2 = sign(cross(a, b, q));
  const int s3 = sign(cross(p, q, a)), s4 = sign(cross(p, q, b));
  if (s1 * s2 < 0 && s3 * s4 < 0) return true;
  return (s1 == 0 && onSeg(a, b, p)) || (s2 == 0 && onSeg(a, b, q)) ||
         (s3 == 0 && onSeg(p, q, a)) || (s4 == 0 && onSeg(p, q, b));
}

/// Geodesic distance (GeographicLib) from p to the straight lon/lat segment a-b: golden-section
/// search over the segment parameter (the distance is unimodal along a short segment).
double geodesicToSegment(const GeoPoint& p, const GeoPoint& a, const GeoPoint& b) {
  auto at = [&](double t) {
    const GeoPoint q{a.lat_deg + t * (b.lat_deg - a.lat_deg),
                     a.lon_deg + t * (b.lon_deg - a.lon_deg), 0};
    return geodesicInverse(p, q).distance_m;
  };
  const double g = (std::sqrt(5.0) - 1.0) / 2.0;
  double lo = 0.0, hi = 1.0;
  double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
  double f1 = at(x1), f2 = at(x2);
  for (int i = 0; i < 60; ++i) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = at(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = at(x2);
    }
  }
  return std::min({at(0.0), at(1.0), f1, f2});
}

/// Brute force over every edge: the nearest coastline by GeographicLib, with edges whose
/// bounding box is already farther than the best skipped (a cheap, safe bound).
double bruteDistance(const std::vector<Seg>& edges, const GeoPoint& p, double max_m) {
  double best = max_m;
  for (const auto& e : edges) {
    const double dlat = std::max({0.0, std::min(e.a.lat_deg, e.b.lat_deg) - p.lat_deg,
                                  p.lat_deg - std::max(e.a.lat_deg, e.b.lat_deg)});
    const double dlon = std::max({0.0, std::min(e.a.lon_deg, e.b.lon_deg) - p.lon_deg,
                                  p.lon_deg - std::max(e.a.lon_deg, e.b.lon_deg)});
    const double lower = std::max(dlat * 110'000.0, dlon * 111'000.0 * std::cos(40.0 * kDegToRad));
    if (lower > best) continue;
    best = std::min(best, geodesicToSegment(p, e.a, e.b));
  }
  return best;
}

// ---------------------------------------------------------------------------------------------

TEST(LandMask, EmptyMaskIsAllSea) {
  const LandMask mask;
  EXPECT_FALSE(mask.isLand(10.0, -80.0));
  EXPECT_FALSE(mask.segmentCrossesLand({10, -80, 0}, {11, -81, 0}));
  EXPECT_EQ(mask.distanceToCoastM(10.0, -80.0, 5'000.0), 5'000.0);
  EXPECT_FALSE(mask.nearLand(10.0, -80.0, 5'000.0));
  const LandMask from_nothing(std::vector<GeoPolygon>{});
  EXPECT_FALSE(from_nothing.isLand(10.0, -80.0));
  EXPECT_EQ(from_nothing.stats().edges, 0u);
}

TEST(LandMask, IslandWithLagoon) {
  // A 1-degree square island with a 0.2-degree square lagoon in its middle.
  const GeoPolygon island(
      {{10.0, -80.0, 0}, {10.0, -79.0, 0}, {11.0, -79.0, 0}, {11.0, -80.0, 0}},
      {{{10.4, -79.6, 0}, {10.4, -79.4, 0}, {10.6, -79.4, 0}, {10.6, -79.6, 0}}});
  const LandMask mask({island}, {0.05, std::nullopt});
  EXPECT_TRUE(mask.isLand(10.2, -79.8));
  EXPECT_TRUE(mask.isLand(10.9, -79.1));
  EXPECT_FALSE(mask.isLand(10.5, -79.5));  // lagoon
  EXPECT_FALSE(mask.isLand(9.9, -79.5));
  EXPECT_FALSE(mask.isLand(10.5, -78.9));
  EXPECT_FALSE(mask.isLand(std::nan(""), -79.5));
  EXPECT_EQ(mask.stats().polygons, 1u);
  EXPECT_EQ(mask.stats().edges, 8u);
  EXPECT_GT(mask.stats().land_cells, 0u);
  EXPECT_GT(mask.stats().sea_cells, 0u);
}

TEST(LandMask, GridAgreesWithThePolygonTestEverywhere) {
  // GIVEN islands with lagoons on the data's 1e-5 deg lattice, and grids from fine to coarse
  const auto polygons = archipelago(7);
  Ring vertices;
  for (const auto& e : allEdges(polygons)) vertices.push_back(e.a);
  for (const double cell : {0.01, 0.05, 0.3, 2.0}) {
    const LandMask mask(polygons, {cell, std::nullopt});
    const LatLonBox box = mask.extent();
    Draw d(11);
    int land = 0, checked = 0;
    auto check = [&](double lat, double lon) {
      const bool expected = bruteIsLand(polygons, lat, lon);
      land += expected;
      ++checked;
      ASSERT_EQ(mask.isLand(lat, lon), expected) << "cell " << cell << " at " << lat << ", " << lon;
    };
    // WHEN queried at random points, at vertex latitudes, on vertices, on cell sides
    for (int i = 0; i < 20'000; ++i) {
      check(d.uniform(box.min_lat_deg - 0.5, box.max_lat_deg + 0.5),
            d.uniform(box.min_lon_deg - 0.5, box.max_lon_deg + 0.5));
    }
    for (int i = 0; i < 5'000; ++i) {
      const GeoPoint& v = vertices[d.below(vertices.size())];
      check(v.lat_deg, v.lon_deg + d.uniform(-0.3, 0.3));
      check(v.lat_deg, v.lon_deg);
      check(v.lat_deg + d.uniform(-1e-9, 1e-9), v.lon_deg + d.uniform(-1e-9, 1e-9));
    }
    for (int i = 0; i < 5'000; ++i) {
      const double side_lat =
          box.min_lat_deg + static_cast<double>(d.below(static_cast<std::size_t>(
                                (box.max_lat_deg - box.min_lat_deg) / cell))) *
                                cell;
      const double side_lon =
          box.min_lon_deg + static_cast<double>(d.below(static_cast<std::size_t>(
                                (box.max_lon_deg - box.min_lon_deg) / cell))) *
                                cell;
      check(side_lat, d.uniform(box.min_lon_deg, box.max_lon_deg));
      check(d.uniform(box.min_lat_deg, box.max_lat_deg), side_lon);
    }
    // THEN every answer is the brute-force one, and both land and sea were probed
    EXPECT_GT(land, checked / 10) << cell;
    EXPECT_LT(land, checked * 9 / 10) << cell;
  }
}

TEST(LandMask, RejectsBadOptionsAndVertices) {
  const GeoPolygon square({{10, -80, 0}, {10, -79, 0}, {11, -79, 0}, {11, -80, 0}});
  EXPECT_THROW(LandMask({square}, {0.0, std::nullopt}), std::invalid_argument);
  EXPECT_THROW(LandMask({square}, {std::nan(""), std::nullopt}), std::invalid_argument);
  EXPECT_THROW(LandMask({square}, {6.0, std::nullopt}), std::invalid_argument);
  const GeoPolygon bad({{10, -80, 0}, {std::nan(""), -79, 0}, {11, -79, 0}});
  EXPECT_THROW(LandMask({bad}), std::invalid_argument);
  const GeoPolygon off_globe({{10, -80, 0}, {95, -79, 0}, {11, -79, 0}});
  EXPECT_THROW(LandMask({off_globe}), std::invalid_argument);
}

TEST(LandMask, LegsAcrossPastAndAlongAnIsland) {
  const GeoPolygon island({{10.0, -80.0, 0}, {10.0, -79.0, 0}, {11.0, -79.0, 0}, {11.0, -80.0, 0}});
  const LandMask mask({island}, {0.05, std::nullopt});
  // Across: both ends at sea, the middle on land.
  EXPECT_TRUE(mask.segmentCrossesLand({10.5, -80.2, 0}, {10.5, -78.8, 0}));
  // Past: parallel to the south coast, 1 km off.
  EXPECT_FALSE(mask.segmentCrossesLand({9.99, -80.2, 0}, {9.99, -78.8, 0}));
  // Clipping a corner.
  EXPECT_TRUE(mask.segmentCrossesLand({9.95, -79.1, 0}, {10.1, -78.95, 0}));
  // Touching the coast at one point (a vertex) counts.
  EXPECT_TRUE(mask.segmentCrossesLand({9.9, -80.1, 0}, {10.0, -80.0, 0}));
  // Ending on land.
  EXPECT_TRUE(mask.segmentCrossesLand({9.9, -79.5, 0}, {10.05, -79.5, 0}));
  // Entirely outside the grid.
  EXPECT_FALSE(mask.segmentCrossesLand({20.0, -80.0, 0}, {20.5, -79.0, 0}));
  // A leg over the island with both ends outside the grid.
  EXPECT_TRUE(mask.segmentCrossesLand({10.5, -85.0, 0}, {10.5, -75.0, 0}));
  EXPECT_FALSE(mask.segmentCrossesLand({std::nan(""), -80.0, 0}, {10.5, -75.0, 0}));
}

TEST(LandMask, LegsAgreeWithBruteForceOverEveryEdge) {
  const auto polygons = archipelago(21);
  const auto edges = allEdges(polygons);
  const LandMask mask(polygons, {0.05, std::nullopt});
  const LatLonBox box = mask.extent();
  Draw d(5);
  int crossing = 0;
  for (int i = 0; i < 3'000; ++i) {
    const GeoPoint a{d.uniform(box.min_lat_deg, box.max_lat_deg),
                     d.uniform(box.min_lon_deg, box.max_lon_deg), 0};
    // Legs of up to ~40 km: one straight piece (chordDeviationBoundM < 50 m below 26 deg).
    const GeoPoint b{a.lat_deg + d.uniform(-0.25, 0.25), a.lon_deg + d.uniform(-0.25, 0.25), 0};
    ASSERT_LE(LandMask::chordDeviationBoundM(a, b), LandMask::kMaxLegDeviationM);
    bool expected =
        bruteIsLand(polygons, a.lat_deg, a.lon_deg) || bruteIsLand(polygons, b.lat_deg, b.lon_deg);
    for (const auto& e : edges) expected = expected || touches(a, b, e.a, e.b);
    crossing += expected;
    ASSERT_EQ(mask.segmentCrossesLand(a, b), expected) << a << " -> " << b;
  }
  EXPECT_GT(crossing, 300);
  EXPECT_LT(crossing, 2'700);
}

TEST(LandMask, ChordDeviationBoundHoldsOnTheEllipsoid) {
  // The distance from points of the GeographicLib geodesic to the straight lon/lat chord never
  // exceeds the bound, over latitudes -10..40, all headings, 20..400 km.
  double worst_ratio = 0.0;
  for (double lat = -10.0; lat <= 40.0; lat += 5.0) {
    for (double azimuth = 0.0; azimuth < 180.0; azimuth += 7.5) {
      for (const double length_m : {20e3, 100e3, 400e3}) {
        const GeoPoint mid{lat, -80.0, 0};
        const GeoPoint a = geodesicDirect(mid, azimuth + 180.0, length_m / 2);
        const GeoPoint b = geodesicDirect(mid, azimuth, length_m / 2);
        const auto g = geodesicInverse(a, b);
        double deviation = 0.0;
        for (int k = 1; k < 32; ++k) {
          const GeoPoint p = geodesicDirect(a, g.azimuth1_deg, g.distance_m * k / 32.0);
          // Distance from p to the chord, in the plane tangent at p (ample at these sizes).
          const double ky = 110'600.0, kx = 111'320.0 * std::cos(p.lat_deg * kDegToRad);
          const double ax = (a.lon_deg - p.lon_deg) * kx, ay = (a.lat_deg - p.lat_deg) * ky;
          const double dx = (b.lon_deg - a.lon_deg) * kx, dy = (b.lat_deg - a.lat_deg) * ky;
          const double t = std::clamp(-(ax * dx + ay * dy) / (dx * dx + dy * dy), 0.0, 1.0);
          deviation = std::max(deviation, std::hypot(ax + t * dx, ay + t * dy));
        }
        const double bound = LandMask::chordDeviationBoundM(a, b);
        ASSERT_LE(deviation, bound) << lat << " " << azimuth << " " << length_m;
        worst_ratio = std::max(worst_ratio, deviation / bound);
      }
    }
  }
  // And the bound is not wildly loose (it decides how often GeographicLib is called).
  EXPECT_GT(worst_ratio, 0.4);
}

TEST(LandMask, LongLegsFollowTheGeodesicNotTheChord) {
  // GIVEN a 580 km east-west leg at 30 N, whose geodesic bulges ~3.8 km north of the chord
  const GeoPoint a{30.0, -100.0, 0}, b{30.0, -94.0, 0};
  const auto g = geodesicInverse(a, b);
  const GeoPoint top = geodesicDirect(a, g.azimuth1_deg, g.distance_m / 2);
  ASSERT_GT(top.lat_deg - 30.0, 0.03);
  auto islet = [](double lat, double lon) {
    return GeoPolygon({{lat - 0.005, lon - 0.01, 0},
                       {lat - 0.005, lon + 0.01, 0},
                       {lat + 0.005, lon + 0.01, 0},
                       {lat + 0.005, lon - 0.01, 0}});
  };
  // WHEN an islet sits on the geodesic (north of the chord) THEN the leg crosses land
  const LandMask on_geodesic({islet(top.lat_deg, top.lon_deg)}, {0.05, std::nullopt});
  EXPECT_TRUE(on_geodesic.segmentCrossesLand(a, b));
  // WHEN an islet sits on the chord (south of the geodesic) THEN it does not
  const LandMask on_chord({islet(30.0, top.lon_deg)}, {0.05, std::nullopt});
  EXPECT_FALSE(on_chord.segmentCrossesLand(a, b));
  EXPECT_TRUE(on_chord.segmentCrossesLand({30.0, -97.1, 0}, {30.0, -96.9, 0}));  // short leg: chord
}

TEST(LandMask, DistanceAgreesWithGeographicLibBruteForce) {
  const auto polygons = archipelago(3, 3);
  const auto edges = allEdges(polygons);
  const LandMask mask(polygons, {0.05, std::nullopt});
  const LatLonBox box = mask.extent();
  Draw d(9);
  double worst_rel = 0.0;
  int at_sea_within = 0;
  for (int i = 0; i < 300; ++i) {
    const double lat = d.uniform(box.min_lat_deg - 0.5, box.max_lat_deg + 0.5);
    const double lon = d.uniform(box.min_lon_deg - 0.5, box.max_lon_deg + 0.5);
    constexpr double kMax = 100'000.0;
    const double got = mask.distanceToCoastM(lat, lon, kMax);
    if (bruteIsLand(polygons, lat, lon)) {
      EXPECT_EQ(got, 0.0);
      continue;
    }
    const double want = bruteDistance(edges, {lat, lon, 0}, kMax);
    if (want < kMax) ++at_sea_within;
    ASSERT_NEAR(got, want, 2e-5 * want + 0.01) << lat << ", " << lon;
    if (want > 0) worst_rel = std::max(worst_rel, std::abs(got - want) / want);
  }
  EXPECT_GT(at_sea_within, 50);
  std::cout << "worst relative distance error " << worst_rel << "\n";
}

TEST(LandMask, DistanceStopsAtTheBoundAndHandlesEdgeCases) {
  const GeoPolygon island({{10.0, -80.0, 0}, {10.0, -79.0, 0}, {11.0, -79.0, 0}, {11.0, -80.0, 0}});
  const LandMask mask({island}, {0.05, std::nullopt});
  // 0.5 deg south of the island: ~55.3 km.
  const double d = geodesicToSegment({9.5, -79.5, 0}, {10.0, -80.0, 0}, {10.0, -79.0, 0});
  EXPECT_NEAR(mask.distanceToCoastM(9.5, -79.5, 100'000.0), d, 1e-4 * d);
  EXPECT_EQ(mask.distanceToCoastM(9.5, -79.5, 50'000.0), 50'000.0);
  EXPECT_EQ(mask.distanceToCoastM(9.5, -79.5, 0.0), 0.0);
  EXPECT_EQ(mask.distanceToCoastM(10.5, -79.5, 100'000.0), 0.0);  // on land
  EXPECT_TRUE(std::isnan(mask.distanceToCoastM(std::nan(""), -79.5, 1'000.0)));
  // Far outside the grid: nothing within the bound.
  EXPECT_EQ(mask.distanceToCoastM(30.0, -79.5, 100'000.0), 100'000.0);
  // Just outside the grid (north of it), the island's north coast is ~0.4 deg away.
  const double north = geodesicToSegment({11.4, -79.5, 0}, {11.0, -80.0, 0}, {11.0, -79.0, 0});
  EXPECT_NEAR(mask.distanceToCoastM(11.4, -79.5, 100'000.0), north, 1e-4 * north);
  EXPECT_TRUE(mask.nearLand(9.5, -79.5, 60'000.0));
  EXPECT_FALSE(mask.nearLand(9.5, -79.5, 50'000.0));
  EXPECT_TRUE(mask.nearLand(10.5, -79.5, 0.0));
}

TEST(LandMask, ClipBoxEdgesAreNotCoastline) {
  // GIVEN land cut by a clip box along lon -55 (its east side is a cut line, not a coast)
  const LatLonBox box{-10.0, 35.0, -120.0, -55.0};
  const GeoPolygon cut({{5.0, -56.0, 0}, {5.0, -55.0, 0}, {6.0, -55.0, 0}, {6.0, -56.0, 0}});
  const LandMask clipped({cut}, {0.05, box});
  const LandMask unclipped({cut}, {0.05, std::nullopt});
  EXPECT_EQ(clipped.stats().coast_edges, 3u);
  EXPECT_EQ(unclipped.stats().coast_edges, 4u);
  // WHEN a point lies just east of the cut line
  const double lat = 5.5, lon = -54.95;
  // THEN the clipped mask measures to the real coasts (south and north sides, 0.5 deg away)
  const double to_south = geodesicToSegment({lat, lon, 0}, {5.0, -56.0, 0}, {5.0, -55.0, 0});
  EXPECT_NEAR(clipped.distanceToCoastM(lat, lon, 200'000.0), to_south, 1e-4 * to_south);
  EXPECT_LT(unclipped.distanceToCoastM(lat, lon, 200'000.0), 6'000.0);
  // The cut still bounds the land.
  EXPECT_TRUE(clipped.isLand(5.5, -55.01));
  EXPECT_TRUE(clipped.segmentCrossesLand({5.5, -54.9, 0}, {5.5, -55.1, 0}));
}

}  // namespace
}  // namespace picket::geo
