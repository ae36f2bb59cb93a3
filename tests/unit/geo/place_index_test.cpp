#include "geo/place_index.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "geo/wgs84.hpp"

namespace picket::geo {
namespace {

double uniform(std::mt19937_64& rng, double lo, double hi) {
  return lo + (hi - lo) * (static_cast<double>(rng() >> 11) * 0x1.0p-53);
}

NamedPlace place(std::string id, double lat, double lon) {
  return {id, "Place " + id, "port", {lat, lon, 0.0}, ""};
}

/// The nearest place by GeographicLib over all places (lowest index on ties).
std::optional<PlaceHit> bruteNearest(const std::vector<NamedPlace>& places, double lat, double lon,
                                     double max_m) {
  std::optional<PlaceHit> best;
  for (std::size_t i = 0; i < places.size(); ++i) {
    const double d = geodesicInverse({lat, lon, 0}, places[i].position).distance_m;
    if (d <= max_m && (!best || d < best->distance_m)) best = PlaceHit{&places[i], i, d};
  }
  return best;
}

TEST(PlaceIndex, EmptyIndexFindsNothing) {
  const PlaceIndex index;
  EXPECT_TRUE(index.empty());
  EXPECT_FALSE(index.nearest(10.0, -80.0, 1e7).has_value());
}

TEST(PlaceIndex, FindsTheNearestWithItsGeodesicDistance) {
  const PlaceIndex index(
      {place("a", 10.0, -80.0), place("b", 10.5, -80.0), place("c", 12.0, -75.0)});
  const auto hit = index.nearest(10.2, -80.0, 100'000.0);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(index.place(*hit).id, "a");
  EXPECT_EQ(hit->place, &index.places()[0]);
  EXPECT_EQ(hit->place->name, "Place a");
  EXPECT_DOUBLE_EQ(hit->distance_m, geodesicInverse({10.2, -80.0, 0}, {10.0, -80.0, 0}).distance_m);
  EXPECT_EQ(index.place(*index.nearest(10.3, -80.0, 100'000.0)).id, "b");
  EXPECT_EQ(index.place(*index.nearest(11.9, -75.2, 100'000.0)).id, "c");
}

TEST(PlaceIndex, NothingWithinTheBoundGivesNullopt) {
  const PlaceIndex index({place("a", 10.0, -80.0)});
  const double d = geodesicInverse({10.0, -79.0, 0}, {10.0, -80.0, 0}).distance_m;  // ~109.6 km
  EXPECT_FALSE(index.nearest(10.0, -79.0, d - 1.0).has_value());
  ASSERT_TRUE(index.nearest(10.0, -79.0, d + 1.0).has_value());
  EXPECT_FALSE(index.nearest(std::nan(""), -79.0, 1e6).has_value());
  EXPECT_FALSE(index.nearest(10.0, -79.0, -1.0).has_value());
}

TEST(PlaceIndex, TiesGoToTheLowerIndex) {
  const PlaceIndex index(
      {place("x", 10.0, -80.0), place("first", 10.0, -79.0), place("second", 10.0, -79.0)});
  const auto hit = index.nearest(10.0, -79.0, 1'000.0);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->index, 1u);
  EXPECT_EQ(hit->distance_m, 0.0);
}

TEST(PlaceIndex, AgreesWithBruteForceOverRandomPlacesAndQueries) {
  // GIVEN 400 places clustered like ports along a few coasts, and the theatre-wide spread
  std::mt19937_64 rng(17);
  std::vector<NamedPlace> places;
  for (int i = 0; i < 400; ++i) {
    const bool clustered = i % 4 != 0;
    const double lat = clustered ? uniform(rng, 9.0, 11.0) : uniform(rng, -10.0, 35.0);
    const double lon = clustered ? uniform(rng, -80.0, -74.0) : uniform(rng, -120.0, -55.0);
    places.push_back(place(std::to_string(i), lat, lon));
  }
  for (const double cell : {0.1, 0.5, 3.0}) {
    const PlaceIndex index(places, cell);
    for (int q = 0; q < 500; ++q) {
      // WHEN queried anywhere in and around the box, with bounds from 10 km to 5,000 km
      const double lat = uniform(rng, -15.0, 40.0);
      const double lon = uniform(rng, -125.0, -50.0);
      const double max_m = q % 3 == 0 ? 10'000.0 : (q % 3 == 1 ? 300'000.0 : 5'000'000.0);
      const auto got = index.nearest(lat, lon, max_m);
      const auto want = bruteNearest(places, lat, lon, max_m);
      // THEN the same place at the same distance
      ASSERT_EQ(got.has_value(), want.has_value()) << cell << " " << lat << ", " << lon;
      if (got) {
        EXPECT_EQ(got->index, want->index) << cell << " " << lat << ", " << lon;
        EXPECT_DOUBLE_EQ(got->distance_m, want->distance_m);
      }
    }
  }
}

TEST(PlaceIndex, RejectsBadInput) {
  EXPECT_THROW(PlaceIndex({place("a", 10.0, -80.0)}, 0.0), std::invalid_argument);
  EXPECT_THROW(PlaceIndex({place("a", std::nan(""), -80.0)}), std::invalid_argument);
  EXPECT_THROW(PlaceIndex({place("a", 10.0, 200.0)}), std::invalid_argument);
  EXPECT_THROW(PlaceIndex({place("a", -89.0, -179.0), place("b", 89.0, 179.0)}, 0.01),
               std::invalid_argument);
}

}  // namespace
}  // namespace picket::geo
