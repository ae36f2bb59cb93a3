#include "geo/polygon.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace picket::geo {
namespace {

using core::GeoPoint;
using Ring = std::vector<GeoPoint>;

/// Ring from (lat, lon) pairs in degrees.
Ring ring(std::initializer_list<std::pair<double, double>> lat_lon) {
  Ring r;
  for (const auto& [lat, lon] : lat_lon) r.push_back({lat, lon, 0.0});
  return r;
}

// 1-degree square with corners (43, 5) and (44, 6).
Ring square() { return ring({{43.0, 5.0}, {43.0, 6.0}, {44.0, 6.0}, {44.0, 5.0}}); }

TEST(GeoPolygon, SquareContainsItsInteriorAndNotItsExterior) {
  const GeoPolygon p(square());
  EXPECT_FALSE(p.empty());
  EXPECT_TRUE(p.contains(43.5, 5.5));
  EXPECT_TRUE(p.contains(43.001, 5.001));
  EXPECT_TRUE(p.contains(43.999, 5.999));
  EXPECT_FALSE(p.contains(42.999, 5.5));
  EXPECT_FALSE(p.contains(44.001, 5.5));
  EXPECT_FALSE(p.contains(43.5, 4.999));
  EXPECT_FALSE(p.contains(43.5, 6.001));
}

TEST(GeoPolygon, BoundingBoxRejectsFarAwayPoints) {
  const GeoPolygon p(square());
  EXPECT_FALSE(p.contains(-43.5, 5.5));
  EXPECT_FALSE(p.contains(43.5, -5.5));
  EXPECT_FALSE(p.contains(43.5, 185.5));
  EXPECT_FALSE(p.contains(90.0, 0.0));
}

TEST(GeoPolygon, PointsOutsideTheBoundingBoxButLevelWithAnEdgeAreOutside) {
  // Points to the left of the square on the same latitude as its inside would count one
  // crossing in a bare PNPOLY ray to +lon; they must still be outside.
  const GeoPolygon p(square());
  EXPECT_FALSE(p.contains(43.5, 4.0));
  EXPECT_FALSE(p.contains(43.5, 7.0));
}

TEST(GeoPolygon, OrientationDoesNotMatter) {
  Ring cw = square();
  std::reverse(cw.begin(), cw.end());
  const GeoPolygon ccw_poly(square());
  const GeoPolygon cw_poly(cw);
  for (double lat = 42.55; lat < 44.5; lat += 0.1) {
    for (double lon = 4.55; lon < 6.5; lon += 0.1) {
      EXPECT_EQ(ccw_poly.contains(lat, lon), cw_poly.contains(lat, lon)) << lat << ", " << lon;
    }
  }
}

TEST(GeoPolygon, ExplicitlyClosedRingBehavesLikeImplicitlyClosedRing) {
  Ring closed = square();
  closed.push_back(closed.front());
  const GeoPolygon open_poly(square());
  const GeoPolygon closed_poly(closed);
  for (double lat = 42.55; lat < 44.5; lat += 0.1) {
    for (double lon = 4.55; lon < 6.5; lon += 0.1) {
      EXPECT_EQ(open_poly.contains(lat, lon), closed_poly.contains(lat, lon)) << lat << ", " << lon;
    }
  }
}

TEST(GeoPolygon, ConcaveNotchIsOutside) {
  // A "U": lat 0..3, lon 0..3 with the notch lat 1..3, lon 1..2 cut out of the top.
  const GeoPolygon u(ring({{0, 0}, {0, 3}, {3, 3}, {3, 2}, {1, 2}, {1, 1}, {3, 1}, {3, 0}}));
  EXPECT_TRUE(u.contains(0.5, 1.5));   // the base of the U
  EXPECT_TRUE(u.contains(2.5, 0.5));   // left arm
  EXPECT_TRUE(u.contains(2.5, 2.5));   // right arm
  EXPECT_FALSE(u.contains(2.0, 1.5));  // inside the notch, within the bounding box
  EXPECT_FALSE(u.contains(1.1, 1.5));
}

TEST(GeoPolygon, HoleIsExcludedAndTheRingAroundItIsIncluded) {
  const Ring hole = ring({{43.4, 5.4}, {43.4, 5.6}, {43.6, 5.6}, {43.6, 5.4}});
  const GeoPolygon p(square(), {hole});
  EXPECT_FALSE(p.contains(43.5, 5.5));  // in the hole
  EXPECT_TRUE(p.contains(43.2, 5.5));   // between the outer ring and the hole
  EXPECT_TRUE(p.contains(43.5, 5.8));
  EXPECT_FALSE(p.contains(45.0, 5.5));  // outside everything
}

TEST(GeoPolygon, EveryHoleIsExcluded) {
  const Ring hole_a = ring({{43.1, 5.1}, {43.1, 5.3}, {43.3, 5.3}, {43.3, 5.1}});
  const Ring hole_b = ring({{43.7, 5.7}, {43.7, 5.9}, {43.9, 5.9}, {43.9, 5.7}});
  const GeoPolygon p(square(), {hole_a, hole_b});
  EXPECT_FALSE(p.contains(43.2, 5.2));
  EXPECT_FALSE(p.contains(43.8, 5.8));
  EXPECT_TRUE(p.contains(43.5, 5.5));
}

TEST(GeoPolygon, SouthernAndWesternHemispheresWork) {
  // A triangle entirely at negative latitude and longitude, near the antimeridian.
  const GeoPolygon t(ring({{-10.0, -179.9}, {-10.0, -170.0}, {-20.0, -175.0}}));
  EXPECT_TRUE(t.contains(-12.0, -175.0));
  EXPECT_FALSE(t.contains(-19.0, -179.0));
  EXPECT_FALSE(t.contains(-12.0, 179.0));
}

TEST(GeoPolygon, FewerThanThreeVerticesContainsNothing) {
  EXPECT_TRUE(GeoPolygon().empty());
  EXPECT_FALSE(GeoPolygon().contains(0.0, 0.0));
  const GeoPolygon two(ring({{0.0, 0.0}, {1.0, 1.0}}));
  EXPECT_TRUE(two.empty());
  EXPECT_FALSE(two.contains(0.5, 0.5));
}

TEST(GeoPolygon, VerticesAndEdgesGiveAnAnswerWithoutFailing) {
  // Boundary points may fall on either side (documented as unspecified); just check that the
  // answer is deterministic and points a hair inside/outside are classified correctly.
  const GeoPolygon p(square());
  for (const auto& v : square()) {
    const bool first = p.contains(v.lat_deg, v.lon_deg);
    EXPECT_EQ(first, p.contains(v.lat_deg, v.lon_deg));
  }
  (void)p.contains(43.0, 5.5);
  (void)p.contains(43.5, 6.0);
  EXPECT_TRUE(p.contains(43.0 + 1e-9, 5.5));
  EXPECT_FALSE(p.contains(43.0 - 1e-9, 5.5));
  EXPECT_TRUE(p.contains(43.5, 6.0 - 1e-9));
  EXPECT_FALSE(p.contains(43.5, 6.0 + 1e-9));
}

TEST(GeoPolygon, OuterRingIsKeptAsGiven) {
  const GeoPolygon p(square());
  EXPECT_EQ(p.outer(), square());
}

// The banded edge index must give exactly the plain crossing test's answer, on a ring of
// many vertices with long and short, steep and flat edges, its holes included.
bool plainCrossingTest(const Ring& r, double lat, double lon) {
  bool inside = false;
  for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
    if ((r[i].lat_deg > lat) != (r[j].lat_deg > lat) &&
        lon < r[i].lon_deg + (lat - r[i].lat_deg) * (r[j].lon_deg - r[i].lon_deg) /
                                 (r[j].lat_deg - r[i].lat_deg)) {
      inside = !inside;
    }
  }
  return inside;
}

TEST(GeoPolygon, BandedEdgeIndexAgreesWithThePlainCrossingTestOnAJaggedRing) {
  // A star of 2,000 vertices around (10, -70) whose radius jumps between 0.2 and 3 degrees,
  // with a square hole, and vertices repeated on band boundaries (flat runs).
  Ring star;
  for (int k = 0; k < 2000; ++k) {
    const double a = 2.0 * 3.14159265358979 * k / 2000.0;
    const double r = (k % 7 == 0) ? 0.2 : 1.0 + 2.0 * ((k * 7919) % 101) / 100.0;
    star.push_back({10.0 + r * std::sin(a), -70.0 + r * std::cos(a), 0.0});
    if (k % 250 == 0) star.push_back({10.0 + r * std::sin(a), -69.9 + r * std::cos(a), 0.0});
  }
  const Ring hole = ring({{9.9, -70.1}, {9.9, -69.9}, {10.1, -69.9}, {10.1, -70.1}});
  const GeoPolygon p(star, {hole});
  int inside = 0;
  for (double lat = 6.5; lat <= 13.5; lat += 0.0137) {
    for (double lon = -73.5; lon <= -66.5; lon += 0.0411) {
      const bool expected = plainCrossingTest(star, lat, lon) && !plainCrossingTest(hole, lat, lon);
      ASSERT_EQ(p.contains(lat, lon), expected) << lat << ", " << lon;
      inside += expected ? 1 : 0;
    }
  }
  EXPECT_GT(inside, 10000);  // the grid does sample the inside
  for (const auto& v : star) {  // on the boundary itself: the same tie-breaking
    const bool expected = plainCrossingTest(star, v.lat_deg, v.lon_deg) &&
                          !plainCrossingTest(hole, v.lat_deg, v.lon_deg);
    EXPECT_EQ(p.contains(v.lat_deg, v.lon_deg), expected);
  }
}

}  // namespace
}  // namespace picket::geo
