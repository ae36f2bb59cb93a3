#include "models/plane_state.hpp"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <utility>

#include "geo/wgs84.hpp"

namespace picket::models {
namespace {

using core::GeoPoint;
using core::Mat2;
using core::Mat3;
using core::Mat6;
using core::Vec2;
using core::Vec3;
using core::Vec6;

HMat someCovariance() {
  // A correlated, well-conditioned covariance: position ~100 m, velocity ~1 m/s, turn rate.
  HMat l = HMat::Zero();
  l.diagonal() << 120.0, 80.0, 1.5, 0.8, 0.01;
  l(1, 0) = 40.0;
  l(2, 0) = 0.5;
  l(3, 1) = -0.3;
  l(3, 2) = 0.4;
  l(4, 2) = 0.002;
  return l * l.transpose();
}

/// Largest element-wise difference of two covariances relative to sqrt(P_ii P_jj).
double relativeDifference(const Mat6& a, const Mat6& b) {
  double worst = 0.0;
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 6; ++j) {
      const double scale = std::sqrt(a(i, i) * a(j, j));
      worst = std::max(worst, std::abs(a(i, j) - b(i, j)) / scale);
    }
  }
  return worst;
}

TEST(PlaneState, EcefViewAgreesWithGeodeticTruth) {
  for (const GeoPoint& anchor :
       {GeoPoint{12.3, -69.8, 0}, GeoPoint{60.0, 179.95, 0}, GeoPoint{-10.0, -120.0, 0}}) {
    const geo::TangentPlane plane(anchor);
    // GIVEN a target 7 km from the anchor, at 3000 m, moving 80 m/s east, 50 m/s south and
    // climbing 4 m/s in its local frame
    const GeoPoint at = geo::geodesicDirect(anchor, 130.0, 7000.0);
    const Mat3 r = geo::enuToEcefRotation(at.lat_deg, at.lon_deg);
    const double height = 3000.0;
    const Vec3 truth_pos = geo::geodeticToEcef({at.lat_deg, at.lon_deg, height});
    const Vec3 v_local(80.0, -50.0, 4.0);
    // The ground track (the foot of the normal) moves at v N / (N + h); the ECEF velocity of
    // the target itself is R v.
    const Vec3 truth_vel = r * v_local;
    HVec x;
    x.head<2>() = plane.horizontal(geo::geodeticToEcef({at.lat_deg, at.lon_deg, 0.0}));
    const double scale = 1.0 / (1.0 + height * plane.inverseRadiusEast());
    x.segment<2>(2) =
        plane.enuToEcef().leftCols<2>().transpose() * (r.leftCols<2>() * v_local.head<2>()) * scale;
    x(4) = 0.01;
    // WHEN viewed in ECEF
    Vec6 x_ecef;
    Mat6 p_ecef;
    Mat2 p_vertical;
    p_vertical << 400.0, 2.0, 2.0, 1.0;
    toEcefState(plane, x, someCovariance(), Vec2(height, v_local.z()), p_vertical, x_ecef, p_ecef);
    // THEN position and velocity match the geodetic truth
    EXPECT_LT((x_ecef.head<3>() - truth_pos).norm(), 0.01) << anchor;
    EXPECT_LT((x_ecef.tail<3>() - truth_vel).norm(), 0.002) << anchor;
    // AND the covariance is symmetric, positive definite, and puts the vertical variance on
    // the local up axis
    EXPECT_EQ((p_ecef - p_ecef.transpose()).norm(), 0.0);
    EXPECT_EQ(Eigen::LLT<Mat6>(p_ecef).info(), Eigen::Success);
    EXPECT_NEAR(r.col(2).dot(p_ecef.topLeftCorner<3, 3>() * r.col(2)), 400.0, 0.1);
  }
}

TEST(PlaneState, EcefCovarianceIsTheFirstOrderPropagation) {
  // Surface track: exact to round-off. Air track at 9 km: the neglected second derivative of
  // the normal (h |v| / R^2 per metre) shows at the 1e-6 level.
  for (const auto& [height, tolerance] : {std::pair{0.0, 1e-8}, std::pair{9000.0, 1e-5}}) {
    const geo::TangentPlane plane({35.0, -55.0, 0.0});
    HVec x;
    x << 6000.0, -4000.0, 200.0, 120.0, 0.02;
    const Vec2 vertical(height, -6.0);
    Mat2 p_vertical;
    p_vertical << 900.0, 10.0, 10.0, 4.0;
    const HMat p = someCovariance();
    Vec6 x_ecef;
    Mat6 p_ecef;
    toEcefState(plane, x, p, vertical, p_vertical, x_ecef, p_ecef);
    // Numerical Jacobian of (e, n, ve, vn, h, vh) -> (position, velocity).
    const auto view = [&](const Eigen::Matrix<double, 6, 1>& s) {
      Vec6 out;
      out << plane.toEcef(s.head<2>(), s(4)),
          plane.velocityToEcef(s.head<2>(), s.segment<2>(2), s(5), s(4));
      return out;
    };
    Eigen::Matrix<double, 6, 1> s0;
    s0 << x.head<4>(), vertical;
    Mat6 j;
    for (int k = 0; k < 6; ++k) {
      const double h = (k < 2 || k == 4) ? 1.0 : 1e-3;
      Eigen::Matrix<double, 6, 1> sp = s0;
      Eigen::Matrix<double, 6, 1> sm = s0;
      sp(k) += h;
      sm(k) -= h;
      j.col(k) = (view(sp) - view(sm)) / (2.0 * h);
    }
    Mat6 p_in = Mat6::Zero();
    p_in.topLeftCorner<4, 4>() = p.topLeftCorner<4, 4>();
    p_in.bottomRightCorner<2, 2>() = p_vertical;
    const Mat6 expected = j * p_in * j.transpose();
    EXPECT_LT(relativeDifference(p_ecef, expected), tolerance) << height;
    EXPECT_LT((x_ecef - view(s0)).norm(), 1e-9);
  }
}

TEST(PlaneState, MeanAndCovarianceAloneAreBitForBitTheWholeView) {
  // GIVEN surface and air states (the tracker publishes the mean at once and the covariance
  // when read)
  const geo::TangentPlane plane({12.3, -69.8, 0.0});
  HVec x;
  x << 6000.0, -4000.0, 12.0, -7.0, 0.02;
  Mat2 p_vertical;
  p_vertical << 900.0, 10.0, 10.0, 4.0;
  for (const Vec2& vertical : {Vec2(0.0, 0.0), Vec2(9000.0, -6.0)}) {
    Vec6 x_whole;
    Mat6 p_whole;
    toEcefState(plane, x, someCovariance(), vertical, p_vertical, x_whole, p_whole);
    // WHEN computed apart
    Vec6 x_apart;
    Mat6 p_apart;
    toEcefMean(plane, x, vertical, x_apart);
    toEcefCovariance(plane, x, someCovariance(), vertical, p_vertical, p_apart);
    // THEN every bit agrees
    EXPECT_EQ(x_apart, x_whole);
    EXPECT_EQ(p_apart, p_whole);
  }
}

TEST(PlaneState, ReanchorKeepsTheEcefView) {
  for (const double distance : {5000.0, 7500.0, 10000.0}) {
    for (const GeoPoint& anchor :
         {GeoPoint{12.3, -69.8, 0}, GeoPoint{60.0, 179.99, 0}, GeoPoint{-10.0, -120.0, 0}}) {
      // GIVEN a track `distance` from its anchor, north-west, crossing the antimeridian for one
      const geo::TangentPlane from(anchor);
      const GeoPoint at = geo::geodesicDirect(anchor, 300.0, distance);
      HVec x;
      x.head<2>() = from.horizontal(geo::geodeticToEcef(at));
      x(2) = -9.0;
      x(3) = 14.0;
      x(4) = -0.03;
      HMat p = someCovariance();
      const Vec2 vertical(0.0, 0.0);
      const Mat2 p_vertical = Vec2(25.0, 0.01).asDiagonal();
      Vec6 before;
      Mat6 p_before;
      toEcefState(from, x, p, vertical, p_vertical, before, p_before);
      // WHEN re-anchored at the track's position
      const geo::TangentPlane to(at);
      const HVec x_from = x;
      reanchor(from, to, x, p);
      // THEN the track is at the new anchor, with the same ECEF position, velocity, covariance
      EXPECT_LT(x.head<2>().norm(), 0.01);
      EXPECT_EQ(x(4), x_from(4));
      Vec6 after;
      Mat6 p_after;
      toEcefState(to, x, p, vertical, p_vertical, after, p_after);
      EXPECT_LT((after.head<3>() - before.head<3>()).norm(), 0.01) << anchor << distance;
      EXPECT_LT((after.tail<3>() - before.tail<3>()).norm(), 0.001) << anchor << distance;
      EXPECT_LT(relativeDifference(p_after, p_before), 1e-6) << anchor << distance;
      // AND the speed is the same, the heading turned by the meridian convergence only
      EXPECT_NEAR(x.segment<2>(2).norm(), x_from.segment<2>(2).norm(), 1e-3);
      EXPECT_EQ((p - p.transpose()).norm(), 0.0);
      EXPECT_NEAR(p(4, 4), someCovariance()(4, 4), 1e-18);
    }
  }
}

TEST(PlaneState, ReanchorOntoTheSamePlaneChangesNothing) {
  const geo::TangentPlane plane({12.3, -69.8, 0});
  HVec x;
  x << 3000.0, -2000.0, 5.0, 6.0, 0.01;
  HMat p = someCovariance();
  const HVec x0 = x;
  const HMat p0 = p;
  reanchor(plane, plane, x, p);
  EXPECT_LT((x - x0).norm(), 1e-8);
  EXPECT_LT((p - p0).norm(), 1e-8 * p0.norm());
}

}  // namespace
}  // namespace picket::models
