// A chi-square gate chiSquareQuantile(dim, p) on the NIS of planeInnovation must accept the
// fraction p of measurements of a target distributed as the track says (Bar-Shalom, Li,
// Kirubarajan 2001, sec. 5.4 and 7.3). Seeded Monte Carlo over the full chain: geo and the
// tangent plane, the plane measurement models (including the platform-position noise),
// planeInnovation and the gate.

#include <gtest/gtest.h>

#include <cmath>

#include "association/gating.hpp"
#include "filters/fixed_kalman.hpp"
#include "geo/tangent_plane.hpp"
#include "geo/wgs84.hpp"
#include "models/horizontal_models.hpp"
#include "models/measurement_models.hpp"
#include "models/plane_measurements.hpp"
#include "support/seeded_random.hpp"

namespace picket::association {
namespace {

using core::GeoPoint;
using core::Mat3;
using core::Vec2;
using core::Vec3;
using models::HMat;
using models::HVec;
using models::PlaneLinearized;

constexpr int kTrials = 20000;

/// The radar site, and the anchor of the track's tangent plane about 10 km north-east of it.
const GeoPoint kSite{43.0, 5.0, 30.0};
const GeoPoint kAnchor{43.08, 5.07, 0.0};

/// A surface track (height 0) in its plane, with a correlated covariance.
struct Track {
  geo::TangentPlane plane{kAnchor};
  HVec x;
  HMat P;
};

Track trackNearSite() {
  Track t;
  t.x << 500.0, -300.0, 5.0, -2.0, 0.001;
  HMat a = HMat::Identity();
  a(0, 2) = 0.3;
  a(1, 0) = -0.4;
  a(3, 1) = 0.02;
  HVec d;
  d << 400.0, 300.0, 4.0, 2.0, 1e-6;
  t.P = a * d.asDiagonal() * a.transpose();
  return t;
}

/// A position fix (and velocity when `with_velocity`) of the true state, reported as a
/// geodetic point with an east/north covariance at that point, expressed in the track's plane.
models::PlanePosition measurePosition(test::SeededRandom& rnd, const Track& t, const HVec& truth,
                                      bool with_velocity) {
  const Vec3 truth_ecef = t.plane.toEcef(truth.head<2>(), 0.0);
  const GeoPoint at = geo::ecefToGeodetic(truth_ecef);
  const Mat3 r = geo::enuToEcefRotation(at.lat_deg, at.lon_deg);
  core::PositionMeasurement m;
  m.cov_en_m2 << 150.0, -40.0, -40.0, 90.0;
  const Vec2 e = rnd.gaussian<2>(m.cov_en_m2);
  const GeoPoint measured = geo::ecefToGeodetic(truth_ecef + r.leftCols<2>() * e);
  m.position = {measured.lat_deg, measured.lon_deg, 0.0};
  if (with_velocity) {
    m.velocity_cov_en_m2ps2 << 0.5, 0.1, 0.1, 0.3;
    const Vec3 v_ecef = t.plane.velocityToEcef(truth.head<2>(), truth.segment<2>(2), 0.0);
    m.velocity_en_mps =
        Vec2(r.leftCols<2>().transpose() * v_ecef) + rnd.gaussian<2>(m.velocity_cov_en_m2ps2);
  }
  return models::toPlane(t.plane, m, geo::geodeticToEcef(m.position));
}

/// Range, bearing and range rate of the true state from a ship-borne radar whose antenna is
/// really somewhere around its reported position (degraded navigation).
core::PolarMeasurement measurePolar(test::SeededRandom& rnd, const Track& t, const HVec& truth) {
  core::PolarMeasurement m;
  m.sensor_ecef_m = geo::geodeticToEcef(kSite);
  m.sensor_enu_to_ecef = geo::enuToEcefRotation(kSite.lat_deg, kSite.lon_deg);
  m.sensor_vel_ecef_mps = m.sensor_enu_to_ecef * Vec3(3.0, 4.0, 0.0);
  m.sensor_cov_ecef_m2 = Vec3(400.0, 300.0, 100.0).asDiagonal();
  m.range_sigma_m = 15.0;
  m.bearing_sigma_rad = 0.002;
  m.range_rate_sigma_mps = 0.3;
  const Vec3 antenna = m.sensor_ecef_m + rnd.gaussian<3>(m.sensor_cov_ecef_m2);
  const Vec3 target = t.plane.toEcef(truth.head<2>(), 0.0);
  const Vec3 target_vel = t.plane.velocityToEcef(truth.head<2>(), truth.segment<2>(2), 0.0);
  const Vec2 rb = models::predictPolar(target, antenna, m.sensor_enu_to_ecef);
  const Vec3 d = target - antenna;
  const double rr = d.dot(target_vel - m.sensor_vel_ecef_mps) / d.norm();
  m.range_m = rb(0) + m.range_sigma_m * rnd.normal();
  m.bearing_rad = geo::wrapTwoPi(rb(1) + m.bearing_sigma_rad * rnd.normal());
  m.range_rate_mps = rr + m.range_rate_sigma_mps * rnd.normal();
  return m;
}

/// GIVEN a track and targets drawn from its own distribution, measured with the stated noise
/// and linearised at the track's estimate by `linearize(rnd, track, truth, lin)`
/// THEN each gate passes its probability and the mean NIS is the dimension.
template <int M, typename Linearize>
void expectGateConsistent(Linearize&& linearize) {
  test::SeededRandom rnd(1234567);
  const Track t = trackNearSite();
  const double gate50 = chiSquareQuantile(M, 0.50);
  const double gate90 = chiSquareQuantile(M, 0.90);
  const double gate99 = chiSquareQuantile(M, 0.99);
  int in50 = 0;
  int in90 = 0;
  int in99 = 0;
  double nis_sum = 0.0;
  for (int i = 0; i < kTrials; ++i) {
    const HVec truth = t.x + rnd.gaussian<models::kHorizontalStates>(t.P);
    PlaneLinearized<M> lin;
    ASSERT_TRUE(linearize(rnd, t, truth, lin));
    const filters::PlaneInnovation<M> st = filters::planeInnovation<M>(t.P, lin);
    ASSERT_TRUE(st.ok);
    in50 += st.nis <= gate50 ? 1 : 0;
    in90 += st.nis <= gate90 ? 1 : 0;
    in99 += st.nis <= gate99 ? 1 : 0;
    nis_sum += st.nis;
  }
  // Each gate passes its probability, within 4 binomial sigmas
  const auto expectFraction = [](int count, double p) {
    const double sigma = std::sqrt(p * (1.0 - p) / kTrials);
    EXPECT_NEAR(static_cast<double>(count) / kTrials, p, 4.0 * sigma) << "gate " << p;
  };
  expectFraction(in50, 0.50);
  expectFraction(in90, 0.90);
  expectFraction(in99, 0.99);
  // AND the mean NIS is the dimension (chi2(M) mean), within 4 sigmas
  EXPECT_NEAR(nis_sum / kTrials, M, 4.0 * std::sqrt(2.0 * M / kTrials));
}

TEST(ChiSquareGate, AcceptsTheExpectedFractionOfConsistentPositionFixes) {
  expectGateConsistent<2>(
      [](test::SeededRandom& rnd, const Track& t, const HVec& truth, PlaneLinearized<2>& lin) {
        models::linearizePosition(measurePosition(rnd, t, truth, false), t.x, lin);
        return true;
      });
}

TEST(ChiSquareGate, AcceptsTheExpectedFractionOfConsistentPolarPlotsFromAMovingPlatform) {
  expectGateConsistent<2>(
      [](test::SeededRandom& rnd, const Track& t, const HVec& truth, PlaneLinearized<2>& lin) {
        return models::linearizePolar(t.plane, measurePolar(rnd, t, truth), t.x,
                                      models::TargetHeight{}, lin);
      });
}

TEST(ChiSquareGate, AcceptsTheExpectedFractionOfConsistentPolarPlotsWithRangeRate) {
  expectGateConsistent<3>(
      [](test::SeededRandom& rnd, const Track& t, const HVec& truth, PlaneLinearized<3>& lin) {
        return models::linearizePolarRangeRate(t.plane, measurePolar(rnd, t, truth), t.x,
                                               models::TargetHeight{}, lin);
      });
}

TEST(ChiSquareGate, AcceptsTheExpectedFractionOfConsistentPositionAndVelocityFixes) {
  expectGateConsistent<4>(
      [](test::SeededRandom& rnd, const Track& t, const HVec& truth, PlaneLinearized<4>& lin) {
        models::linearizePositionVelocity(measurePosition(rnd, t, truth, true), t.x, lin);
        return true;
      });
}

}  // namespace
}  // namespace picket::association
