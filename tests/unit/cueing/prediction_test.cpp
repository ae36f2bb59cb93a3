#include "cueing/prediction.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "filters/kalman.hpp"
#include "geo/wgs84.hpp"
#include "support/synthetic_sensors.hpp"

namespace picket::cueing {
namespace {

using geo::kPi;
using test::at;

constexpr double kChi2Two95 = 5.991464547107979;  // chi-square, 2 dof, 95 %

/// A surface track at a point with an east/north velocity and isotropic uncertainty.
core::Track trackAt(const core::GeoPoint& where, const core::Vec2& vel_en, double pos_sigma_m,
                    double vel_sigma_mps) {
  const core::Mat3 r = geo::enuToEcefRotation(where.lat_deg, where.lon_deg);
  core::Track t;
  t.id = 3;
  t.time = at(0);
  t.x << geo::geodeticToEcef(where), r * core::Vec3(vel_en.x(), vel_en.y(), 0.0);
  t.P.setZero();
  t.P.topLeftCorner<3, 3>() = core::Mat3::Identity() * pos_sigma_m * pos_sigma_m;
  t.P.bottomRightCorner<3, 3>() = core::Mat3::Identity() * vel_sigma_mps * vel_sigma_mps;
  return t;
}

TEST(Ellipse95, DiagonalCovarianceGivesAxesAlongEastAndNorth) {
  double major = 0, minor = 0, orientation = 0;
  ellipse95(core::Vec2(400.0, 100.0).asDiagonal(), major, minor, orientation);
  EXPECT_NEAR(major, std::sqrt(kChi2Two95 * 400.0), 1e-6);
  EXPECT_NEAR(minor, std::sqrt(kChi2Two95 * 100.0), 1e-6);
  EXPECT_NEAR(orientation, kPi / 2, 1e-9);  // major axis east

  ellipse95(core::Vec2(100.0, 900.0).asDiagonal(), major, minor, orientation);
  EXPECT_NEAR(major, std::sqrt(kChi2Two95 * 900.0), 1e-6);
  EXPECT_NEAR(minor, std::sqrt(kChi2Two95 * 100.0), 1e-6);
  EXPECT_NEAR(std::fmod(orientation + kPi, kPi), 0.0, 1e-9);  // major axis north
}

TEST(Ellipse95, RotatedCovarianceGivesTheOrientationOfItsMajorAxis) {
  for (const double axis_deg : {10.0, 30.0, 75.0, 120.0, 165.0, 210.0, 300.0}) {
    const double a = axis_deg * geo::kDegToRad;
    core::Mat2 rot;  // columns: major axis, minor axis, in (east, north)
    rot << std::sin(a), std::cos(a), std::cos(a), -std::sin(a);
    const core::Mat2 cov = rot * core::Vec2(2500.0, 400.0).asDiagonal() * rot.transpose();
    double major = 0, minor = 0, orientation = 0;
    ellipse95(cov, major, minor, orientation);
    EXPECT_NEAR(major, std::sqrt(kChi2Two95 * 2500.0), 1e-6) << axis_deg;
    EXPECT_NEAR(minor, std::sqrt(kChi2Two95 * 400.0), 1e-6) << axis_deg;
    // An axis, not a direction: reported in [0, 180) degrees.
    EXPECT_GE(orientation, 0.0);
    EXPECT_LT(orientation, kPi);
    EXPECT_NEAR(orientation, std::fmod(a, kPi), 1e-9) << axis_deg;
  }
}

TEST(Ellipse95, CircleHasEqualAxes) {
  double major = 0, minor = 0, orientation = 0;
  ellipse95(core::Mat2::Identity() * 100.0, major, minor, orientation);
  EXPECT_NEAR(major, minor, 1e-9);
  EXPECT_NEAR(major, std::sqrt(kChi2Two95) * 10.0, 1e-9);
}

TEST(TrackGeometry, PositionVelocityAndEnuCovarianceOfATrack) {
  const core::GeoPoint where{12.6, -70.1, 0.0};
  core::Track t = trackAt(where, {3.0, -4.0}, 20.0, 1.0);
  t.x.head<3>() += geo::enuToEcefRotation(12.6, -70.1).col(2) * 25.0;  // 25 m above the sea
  const core::GeoPoint p = trackPosition(t);
  EXPECT_NEAR(p.lat_deg, 12.6, 1e-9);
  EXPECT_NEAR(p.lon_deg, -70.1, 1e-9);
  EXPECT_DOUBLE_EQ(p.alt_m, 0.0);  // surface tracks are reported on the ellipsoid
  t.domain = core::Domain::Air;
  EXPECT_NEAR(trackPosition(t).alt_m, 25.0, 1e-6);

  const core::Vec2 v = trackVelocityEn(t);
  EXPECT_NEAR(v.x(), 3.0, 1e-9);
  EXPECT_NEAR(v.y(), -4.0, 1e-9);

  // A covariance built in ENU comes back unchanged.
  core::Mat6 cov_enu = core::Mat6::Identity();
  cov_enu.topLeftCorner<2, 2>() << 400.0, 120.0, 120.0, 100.0;
  cov_enu(3, 4) = cov_enu(4, 3) = 0.3;
  const core::Mat3 r = geo::enuToEcefRotation(where.lat_deg, where.lon_deg);
  core::Mat6 t6 = core::Mat6::Zero();
  t6.topLeftCorner<3, 3>() = r;
  t6.bottomRightCorner<3, 3>() = r;
  const core::Vec6 x = trackAt(where, {0, 0}, 1, 1).x;
  const core::Mat6 back = covarianceEnu(x, t6 * cov_enu * t6.transpose());
  EXPECT_TRUE(back.isApprox(cov_enu, 1e-9)) << back;
  EXPECT_EQ(back, back.transpose());
}

TEST(PredictAhead, MovesATrackAlongItsVelocity) {
  // GIVEN a track moving north at 10 m/s
  const core::GeoPoint start{12.6, -70.1, 0.0};
  const core::Track t = trackAt(start, {0.0, 10.0}, 30.0, 0.5);
  const std::vector<core::Duration> look_ahead = {core::Duration::fromSeconds(1800),
                                                  core::Duration::fromSeconds(3600)};
  // WHEN it is predicted 30 and 60 minutes ahead
  const models::CvNoise noise{0.001, 1e-6};
  const std::vector<Prediction> p = predictAhead(t, at(0), look_ahead, noise);
  ASSERT_EQ(p.size(), 2u);
  // THEN it is about 18 and 36 km north, on the surface, with growing uncertainty
  EXPECT_EQ(p[0].time, at(1800));
  EXPECT_EQ(p[1].time, at(3600));
  const geo::GeodesicInverse d30 = geo::geodesicInverse(start, p[0].position);
  const geo::GeodesicInverse d60 = geo::geodesicInverse(start, p[1].position);
  EXPECT_NEAR(d30.distance_m, 18'000.0, 20.0);
  EXPECT_NEAR(d60.distance_m, 36'000.0, 40.0);
  EXPECT_NEAR(d30.azimuth1_deg, 0.0, 0.01);
  EXPECT_NEAR(p[0].position.lon_deg, -70.1, 1e-3);
  EXPECT_DOUBLE_EQ(p[0].position.alt_m, 0.0);
  EXPECT_GT(p[0].semi_major_95_m, std::sqrt(kChi2Two95) * 30.0);
  EXPECT_GT(p[1].semi_major_95_m, p[0].semi_major_95_m);
  EXPECT_GE(p[0].semi_major_95_m, p[0].semi_minor_95_m);
  // The nearly-constant-velocity model's variance per horizontal axis after dt, with the
  // prediction's own process noise q (not the tracker's): sigma_p^2 + sigma_v^2 dt^2 +
  // q dt^3 / 3 (Bar-Shalom et al. 2001, sec. 6.2.2), the same on both axes for an isotropic
  // start.
  const double q = noise.accel_psd_horizontal_m2ps3;
  for (std::size_t i = 0; i < 2; ++i) {
    const double dt = i == 0 ? 1800.0 : 3600.0;
    const double var = 30.0 * 30.0 + 0.25 * dt * dt + q * dt * dt * dt / 3.0;
    EXPECT_NEAR(p[i].semi_major_95_m, std::sqrt(kChi2Two95 * var), 1e-3 * std::sqrt(var)) << i;
    EXPECT_NEAR(p[i].semi_minor_95_m, std::sqrt(kChi2Two95 * var), 1e-3 * std::sqrt(var)) << i;
  }
}

TEST(PredictAhead, PredictsFromTheGivenTimeNotTheTrackTime) {
  const core::GeoPoint start{12.6, -70.1, 0.0};
  const core::Track t = trackAt(start, {10.0, 0.0}, 30.0, 0.5);
  const std::vector<Prediction> p =
      predictAhead(t, at(60), {core::Duration::fromSeconds(1800)}, models::CvNoise{});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].time, at(1860));
  const geo::GeodesicInverse d = geo::geodesicInverse(start, p[0].position);
  EXPECT_NEAR(d.distance_m, 18'600.0, 20.0);
  EXPECT_NEAR(d.azimuth1_deg, 90.0, 0.1);
}

TEST(PredictAhead, NoLookAheadTimesGiveNoPredictions) {
  const core::Track t = trackAt({0.0, 0.0, 0.0}, {1.0, 1.0}, 10.0, 1.0);
  EXPECT_TRUE(predictAhead(t, at(0), {}, models::CvNoise{}).empty());
}

}  // namespace
}  // namespace picket::cueing
