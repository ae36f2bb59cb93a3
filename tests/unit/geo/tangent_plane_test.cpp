#include "geo/tangent_plane.hpp"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <cmath>
#include <vector>

#include "geo/wgs84.hpp"

namespace picket::geo {
namespace {

using core::GeoPoint;
using core::Mat2;
using core::Vec2;
using core::Vec3;

const std::vector<GeoPoint>& anchors() {
  static const std::vector<GeoPoint> kAnchors = {
      {-10.0, -120.0, 0.0}, {0.0, -55.0, 0.0},   {35.0, 179.9, 0.0}, {60.0, -120.0, 0.0},
      {35.0, -55.0, 0.0},   {-10.0, 179.9, 0.0}, {60.0, 179.9, 0.0}, {0.0, -120.0, 0.0}};
  return kAnchors;
}

std::vector<Vec2> offsets() {
  std::vector<Vec2> out;
  for (const double e : {-10000.0, -3000.0, 0.0, 2500.0, 7071.0}) {
    for (const double n : {-7071.0, -1000.0, 0.0, 4000.0, 10000.0}) {
      if (std::hypot(e, n) <= 10000.0) out.emplace_back(e, n);
    }
  }
  return out;
}

TEST(TangentPlane, AnchorIsOnTheEllipsoidBelowTheGivenPoint) {
  const TangentPlane plane({35.0, -55.0, 1234.0});
  EXPECT_EQ(plane.anchor(), (GeoPoint{35.0, -55.0, 0.0}));
  EXPECT_NEAR((plane.anchorEcef() - geodeticToEcef({35.0, -55.0, 0.0})).norm(), 0.0, 1e-6);
  EXPECT_NEAR(plane.horizontal(plane.anchorEcef()).norm(), 0.0, 1e-9);
  const TangentPlane same = TangentPlane::atEcef(geodeticToEcef({35.0, -55.0, 500.0}));
  EXPECT_NEAR((same.anchorEcef() - plane.anchorEcef()).norm(), 0.0, 1e-6);
}

TEST(TangentPlane, RadiiOfCurvatureMatchTheEllipsoid) {
  // At the equator N = a and M = a (1 - e^2); at the pole N = M = a / sqrt(1 - e^2).
  const double a = 6378137.0;
  const double f = 1.0 / 298.257223563;
  const double e2 = f * (2.0 - f);
  const TangentPlane eq({0.0, 10.0, 0.0});
  EXPECT_NEAR(1.0 / eq.inverseRadiusEast(), a, 1e-6);
  EXPECT_NEAR(1.0 / eq.inverseRadiusNorth(), a * (1.0 - e2), 1e-6);
  const TangentPlane pole({90.0, 0.0, 0.0});
  EXPECT_NEAR(1.0 / pole.inverseRadiusEast(), a / std::sqrt(1.0 - e2), 1e-6);
  EXPECT_NEAR(1.0 / pole.inverseRadiusNorth(), a / std::sqrt(1.0 - e2), 1e-6);
}

TEST(TangentPlane, GroundPointsLieOnTheEllipsoidWithinTenKilometres) {
  for (const GeoPoint& a : anchors()) {
    const TangentPlane plane(a);
    for (const Vec2& en : offsets()) {
      const GeoPoint g = ecefToGeodetic(plane.toEcef(en, 0.0));
      EXPECT_LT(std::abs(g.alt_m), 0.05) << a << " en " << en.transpose();
      // And the point is where a geodesic of about that length would take us.
      const double d = geodesicInverse(a, g).distance_m;
      EXPECT_NEAR(d, en.norm(), 1e-4 * en.norm() + 1e-6) << a << " en " << en.transpose();
    }
  }
}

TEST(TangentPlane, HeightIsMeasuredAlongTheNormal) {
  for (const GeoPoint& a : anchors()) {
    const TangentPlane plane(a);
    for (const Vec2& en : offsets()) {
      for (const double h : {-50.0, 150.0, 11000.0}) {
        const GeoPoint g = ecefToGeodetic(plane.toEcef(en, h));
        EXPECT_NEAR(g.alt_m, h, 0.05) << a << " en " << en.transpose();
      }
    }
  }
}

TEST(TangentPlane, HorizontalInvertsToEcef) {
  for (const GeoPoint& a : anchors()) {
    const TangentPlane plane(a);
    for (const Vec2& en : offsets()) {
      EXPECT_NEAR((plane.horizontal(plane.toEcef(en, 0.0)) - en).norm(), 0.0, 1e-8);
      // Off the surface the point moves along its own normal, which is tilted by (e / N, n / M)
      // from the anchor's: the projection moves by the height times that tilt.
      const Vec2 back = plane.horizontal(plane.toEcef(en, 300.0));
      const Vec2 tilt(en.x() * plane.inverseRadiusEast(), en.y() * plane.inverseRadiusNorth());
      EXPECT_NEAR((back - en - 300.0 * tilt).norm(), 0.0, 1e-6) << en.transpose();
    }
  }
}

TEST(TangentPlane, UpIsTheEllipsoidNormal) {
  for (const GeoPoint& a : anchors()) {
    const TangentPlane plane(a);
    EXPECT_NEAR((plane.upAt(Vec2::Zero()) - plane.enuToEcef().col(2)).norm(), 0.0, 1e-15);
    for (const Vec2& en : offsets()) {
      const GeoPoint g = ecefToGeodetic(plane.toEcef(en, 0.0));
      const Vec3 truth = enuToEcefRotation(g.lat_deg, g.lon_deg).col(2);
      // Second order: the first neglected term is ~ e^2 (d / R)^2 ~ 2e-8 rad at 10 km.
      EXPECT_LT((plane.upAt(en) - truth).norm(), 3e-8) << a << " en " << en.transpose();
    }
  }
}

TEST(TangentPlane, ToEcefJacobianMatchesCentralDifferences) {
  for (const GeoPoint& a : anchors()) {
    const TangentPlane plane(a);
    for (const Vec2& en : offsets()) {
      for (const double h : {0.0, 9000.0}) {
        const Mat32 j = plane.toEcefJacobian(en, h);
        for (int k = 0; k < 2; ++k) {
          const double step = 1.0;
          Vec2 ep = en;
          Vec2 em = en;
          ep(k) += step;
          em(k) -= step;
          const Vec3 num = (plane.toEcef(ep, h) - plane.toEcef(em, h)) / (2.0 * step);
          EXPECT_LT((j.col(k) - num).norm(), 1e-7) << a << " en " << en.transpose();
        }
      }
    }
  }
}

TEST(TangentPlane, VelocityIsTheTimeDerivativeOfPosition) {
  const TangentPlane plane({35.0, 179.9, 0.0});
  const Vec2 en(-6000.0, 4000.0);
  const Vec2 v(120.0, -230.0);
  const double v_up = -8.0;
  for (const double h : {0.0, 10000.0}) {
    const double dt = 0.01;
    const Vec3 num =
        (plane.toEcef(en + dt * v, h + dt * v_up) - plane.toEcef(en - dt * v, h - dt * v_up)) /
        (2.0 * dt);
    EXPECT_LT((plane.velocityToEcef(en, v, v_up, h) - num).norm(), 1e-6);
    if (h == 0.0) {
      EXPECT_LT((plane.velocityToEcef(en, v, v_up) - num).norm(), 1e-6);
    }
  }
}

TEST(TangentPlane, VelocityJacobianMatchesCentralDifferences) {
  const TangentPlane plane({60.0, -120.0, 0.0});
  const Vec2 v(12.0, -7.0);
  for (const Vec2& en : offsets()) {
    const Mat32 j = plane.velocityToEcefJacobian(en, v, 3.0);
    for (int k = 0; k < 2; ++k) {
      Vec2 ep = en;
      Vec2 em = en;
      ep(k) += 10.0;
      em(k) -= 10.0;
      const Vec3 num = (plane.velocityToEcef(ep, v, 3.0) - plane.velocityToEcef(em, v, 3.0)) / 20.0;
      EXPECT_LT((j.col(k) - num).norm(), 1e-12) << en.transpose();
    }
  }
}

TEST(TangentPlane, HorizontalJacobianToTheSamePlaneIsTheIdentity) {
  const TangentPlane plane({-10.0, -55.0, 0.0});
  for (const Vec2& en : offsets()) {
    EXPECT_LT((plane.horizontalJacobianTo(plane, en) - Mat2::Identity()).norm(), 1e-12);
  }
}

TEST(TangentPlane, HorizontalJacobianBetweenNearbyPlanesIsNearlyARotation) {
  for (const GeoPoint& a : anchors()) {
    const TangentPlane from(a);
    // A second plane anchored 10 km to the north-east, near the antimeridian for one anchor.
    const GeoPoint b = geodesicDirect(a, 45.0, 10000.0);
    const TangentPlane to(b);
    const Vec2 en = from.horizontal(to.anchorEcef());
    const Mat2 j = from.horizontalJacobianTo(to, en);
    // Orthogonal to ~(d / R)^2 (the tilt between the planes), with determinant ~1.
    EXPECT_LT((j.transpose() * j - Mat2::Identity()).norm(), 1e-5) << a;
    EXPECT_NEAR(j.determinant(), 1.0, 1e-5) << a;
    // The rotation is the meridian convergence sin(lat) dlon: north at a point east of the
    // anchor leans west (northern hemisphere), so coordinates turn the other way.
    const double dlon = wrapPi((b.lon_deg - a.lon_deg) * kDegToRad);
    const double expected = -std::sin(0.5 * (a.lat_deg + b.lat_deg) * kDegToRad) * dlon;
    EXPECT_NEAR(std::atan2(j(1, 0), j(0, 0)), expected, 1e-6) << a;
    // And it matches central differences of the composed map.
    for (int k = 0; k < 2; ++k) {
      Vec2 ep = en;
      Vec2 em = en;
      ep(k) += 1.0;
      em(k) -= 1.0;
      const Vec2 num =
          (to.horizontal(from.toEcef(ep, 0.0)) - to.horizontal(from.toEcef(em, 0.0))) / 2.0;
      EXPECT_LT((j.col(k) - num).norm(), 1e-8) << a;
    }
  }
}

}  // namespace
}  // namespace picket::geo
