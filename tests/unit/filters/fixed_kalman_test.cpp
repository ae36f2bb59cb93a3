// Fixed-size tangent-plane Kalman update: analytic cases, rejection of bad inputs, long-run
// covariance health, and statistical consistency (NEES/NIS) over seeded Monte-Carlo runs for
// position plots and for radar range/bearing plots.

#include "filters/fixed_kalman.hpp"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <cmath>
#include <limits>
#include <vector>

#include "geo/tangent_plane.hpp"
#include "geo/wgs84.hpp"
#include "models/horizontal_models.hpp"
#include "models/measurement_models.hpp"
#include "support/seeded_random.hpp"
#include "unit/filters/plane_consistency.hpp"

namespace picket::filters {
namespace {

using core::GeoPoint;
using core::Mat2;
using core::Vec2;
using core::Vec3;
using models::HMat;
using models::HVec;
using models::PlaneLinearized;

HMat diagonalCovariance(double pos, double vel, double omega) {
  HMat p = HMat::Zero();
  p.diagonal() << pos, pos, vel, vel, omega;
  return p;
}

PlaneLinearized<2> positionPlot(const HVec& x, const Vec2& z, const Mat2& r) {
  models::PlanePosition p;
  p.en_m = z;
  p.cov_m2 = r;
  PlaneLinearized<2> lin;
  models::linearizePosition(p, x, lin);
  return lin;
}

TEST(FixedKalman, PositionUpdateMatchesTheTextbookForm) {
  HVec x;
  x << 100.0, 200.0, 5.0, -3.0, 0.01;
  HMat p = diagonalCovariance(400.0, 4.0, 1e-4);
  p(0, 2) = p(2, 0) = 20.0;
  Mat2 r;
  r << 100.0, 10.0, 10.0, 64.0;
  const PlaneLinearized<2> z = positionPlot(x, Vec2(130.0, 190.0), r);
  // Standard form: K = P H^T S^-1, x' = x + K y, P' = (I - K H) P.
  const Eigen::Matrix<double, 2, 5> h = z.jacobian;
  const Mat2 s = h * p * h.transpose() + r;
  const Eigen::Matrix<double, 5, 2> k = p * h.transpose() * s.inverse();
  const HVec x_expected = x + k * z.innovation;
  const HMat p_expected = (HMat::Identity() - k * h) * p;

  PlaneInnovation<2> inn = planeInnovation(p, z);
  ASSERT_TRUE(inn.ok);
  EXPECT_NEAR(inn.nis, z.innovation.dot(s.inverse() * z.innovation), 1e-12);
  EXPECT_NEAR(inn.log_det_s, std::log(s.determinant()), 1e-12);
  EXPECT_LT((inn.S - s).norm(), 1e-12);

  PlaneInnovation<2> from_update;
  ASSERT_TRUE(planeUpdate(x, p, z, from_update));
  EXPECT_LT((x - x_expected).norm(), 1e-10);
  EXPECT_LT((p - p_expected).norm(), 1e-9);
  EXPECT_EQ((p - p.transpose()).norm(), 0.0);  // symmetrised exactly
  EXPECT_NEAR(from_update.nis, inn.nis, 1e-12);
  EXPECT_NEAR(from_update.log_det_s, inn.log_det_s, 1e-12);
  EXPECT_TRUE(isCovarianceValid(p));
}

TEST(FixedKalman, UpdateWithVelocityReducesTheVelocityVariance) {
  HVec x = HVec::Zero();
  HMat p = diagonalCovariance(2500.0, 25.0, 1e-3);
  PlaneLinearized<4> z;
  z.innovation << 10.0, -5.0, 1.0, 0.5;
  z.jacobian.setZero();
  z.jacobian.leftCols<4>().setIdentity();
  z.noise = Eigen::Vector4d(100.0, 100.0, 0.25, 0.25).asDiagonal();
  PlaneInnovation<4> inn;
  ASSERT_TRUE(planeUpdate(x, p, z, inn));
  EXPECT_NEAR(p(2, 2), 25.0 * 0.25 / 25.25, 1e-12);
  EXPECT_NEAR(x(2), 25.0 / 25.25 * 1.0, 1e-12);
  EXPECT_NEAR(p(4, 4), 1e-3, 1e-15);  // unobserved, uncorrelated
}

TEST(FixedKalman, RejectsANonPositiveDefiniteOrNonFiniteInnovationLeavingTheStateUntouched) {
  HVec x;
  x << 1.0, 2.0, 3.0, 4.0, 0.0;
  HMat p = diagonalCovariance(100.0, 1.0, 1e-4);
  const HVec x0 = x;
  const HMat p0 = p;
  Mat2 bad_r;
  bad_r << -500.0, 0.0, 0.0, 10.0;  // S = P + R is indefinite
  PlaneInnovation<2> inn;
  EXPECT_FALSE(planeUpdate(x, p, positionPlot(x, Vec2(5.0, 5.0), bad_r), inn));
  EXPECT_FALSE(inn.ok);
  EXPECT_FALSE(planeInnovation(p, positionPlot(x, Vec2(5.0, 5.0), bad_r)).ok);
  PlaneLinearized<2> nan_plot = positionPlot(x, Vec2(5.0, 5.0), Mat2::Identity());
  nan_plot.innovation(1) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(planeUpdate(x, p, nan_plot, inn));
  EXPECT_FALSE(planeInnovation(p, nan_plot).ok);
  PlaneLinearized<2> inf_noise = positionPlot(x, Vec2(5.0, 5.0), Mat2::Identity());
  inf_noise.noise(0, 0) = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(planeUpdate(x, p, inf_noise, inn));
  EXPECT_EQ(x, x0);
  EXPECT_EQ(p, p0);
}

TEST(FixedKalman, GateStatisticsAreBitForBitThoseOfTheInnovation) {
  // GIVEN correlated priors and plots of each dimension the tracker gates, good and bad
  HVec x;
  x << 100.0, 200.0, 5.0, -3.0, 0.01;
  HMat p = diagonalCovariance(400.0, 4.0, 1e-4);
  p(0, 2) = p(2, 0) = 20.0;
  p(1, 3) = p(3, 1) = -7.5;
  Mat2 r;
  r << 100.0, 10.0, 10.0, 64.0;
  Mat2 bad_r;
  bad_r << -500.0, 0.0, 0.0, 10.0;
  PlaneLinearized<2> nan_plot = positionPlot(x, Vec2(5.0, 5.0), Mat2::Identity());
  nan_plot.innovation(1) = std::numeric_limits<double>::quiet_NaN();
  for (const PlaneLinearized<2>& z :
       {positionPlot(x, Vec2(130.0, 190.0), r), positionPlot(x, Vec2(-3e4, 1e5), r * 1e-6),
        positionPlot(x, Vec2(5.0, 5.0), bad_r), nan_plot}) {
    // WHEN gated without the logarithm
    const PlaneGate g = planeGate(p, z);
    const PlaneInnovation<2> inn = planeInnovation(p, z);
    // THEN the NIS, ln|S| and the verdict are exactly the innovation's
    EXPECT_EQ(g.ok, inn.ok);
    if (!inn.ok) continue;
    EXPECT_EQ(g.nis, inn.nis);
    EXPECT_EQ(logDetFromRoot(g.det_root), inn.log_det_s);
  }
  PlaneLinearized<4> z4;
  z4.innovation << 10.0, -5.0, 1.0, 0.5;
  z4.jacobian.setZero();
  z4.jacobian.leftCols<4>().setIdentity();
  z4.jacobian(0, 2) = 3.0;
  z4.noise = Eigen::Vector4d(100.0, 90.0, 0.25, 0.3).asDiagonal();
  PlaneLinearized<4> identity4 = z4;  // H = [I 0]: the gate's shortcut
  identity4.jacobian(0, 2) = 0.0;
  for (const PlaneLinearized<4>& z : {z4, identity4}) {
    const PlaneGate g4 = planeGate(p, z);
    const PlaneInnovation<4> inn4 = planeInnovation(p, z);
    ASSERT_TRUE(inn4.ok);
    EXPECT_TRUE(g4.ok);
    EXPECT_EQ(g4.nis, inn4.nis);
    EXPECT_EQ(logDetFromRoot(g4.det_root), inn4.log_det_s);
  }
  // AND a non-finite prior entry outside H's block is rejected as the full product rejects it
  HMat p_inf = p;
  p_inf(4, 4) = std::numeric_limits<double>::infinity();
  EXPECT_EQ(planeGate(p_inf, identity4).ok, planeInnovation(p_inf, identity4).ok);
  // AND the verdict agrees at the edge of the double range (a tiny S)
  PlaneLinearized<2> tiny = positionPlot(x, Vec2(100.0, 200.0), Mat2::Identity() * 1e-300);
  const HMat p_tiny = diagonalCovariance(1e-300, 1.0, 1.0);
  EXPECT_EQ(planeGate(p_tiny, tiny).ok, planeInnovation(p_tiny, tiny).ok);
}

TEST(FixedKalman, CovarianceValidityCheck) {
  HMat p = diagonalCovariance(100.0, 1.0, 1e-4);
  EXPECT_TRUE(isCovarianceValid(p));
  HMat asym = p;
  asym(0, 1) = 1e-3;
  EXPECT_FALSE(isCovarianceValid(asym));
  HMat indefinite = p;
  indefinite(3, 3) = -1.0;
  EXPECT_FALSE(isCovarianceValid(indefinite));
  HMat nan = p;
  nan(2, 2) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(isCovarianceValid(nan));
}

TEST(FixedKalman, CovarianceStaysSymmetricPositiveDefiniteOverManyCycles) {
  // Random CT predictions and badly conditioned position/velocity updates.
  picket::test::SeededRandom rnd(99);
  HVec x;
  x << 0.0, 0.0, 10.0, 0.0, 0.02;
  HMat p = diagonalCovariance(1e4, 100.0, 1e-3);
  models::HorizontalNoise noise;
  for (int k = 0; k < 1000; ++k) {
    HVec xp;
    HMat f;
    HMat q;
    const double dt = rnd.uniform(0.1, 20.0);
    models::propagate(k % 2 ? models::Motion::CoordinatedTurn : models::Motion::ConstantVelocity, x,
                      dt, noise, xp, f, q);
    x = xp;
    p = (f * p * f.transpose() + q).eval();
    p = (0.5 * (p + p.transpose())).eval();
    Mat2 r;
    const double a = rnd.uniform(0.1, 1e4);
    const double b = rnd.uniform(0.1, 1e4);
    r << a, 0.9 * std::sqrt(a * b), 0.9 * std::sqrt(a * b), b;
    const Vec2 z = x.head<2>() + rnd.gaussian<2>(r);
    PlaneInnovation<2> inn;
    ASSERT_TRUE(planeUpdate(x, p, positionPlot(x, z, r), inn)) << k;
    ASSERT_TRUE(isCovarianceValid(p)) << k << "\n" << p;
  }
}

TEST(FixedKalman, JosephFormSurvivesVeryPreciseMeasurementsOfAVagueState) {
  // The regime where the standard form (I - K H) P loses positive definiteness: a prior of
  // 1e8 m^2 and sub-millimetre position and velocity measurements, repeatedly, with CT
  // predictions in between.
  HVec x;
  x << 0.0, 0.0, 10.0, 0.0, 0.01;
  HMat p = diagonalCovariance(1e8, 1e4, 1e-2);
  p(0, 2) = p(2, 0) = 5e5;
  const models::HorizontalNoise noise;
  for (int i = 0; i < 50; ++i) {
    PlaneLinearized<4> z;
    z.innovation = Eigen::Vector4d(1e-3, -1e-3, 1e-4, 0.0);
    z.jacobian.setZero();
    z.jacobian.leftCols<4>().setIdentity();
    z.noise = Eigen::Vector4d(1e-8, 1e-8, 1e-10, 1e-10).asDiagonal();
    PlaneInnovation<4> inn;
    ASSERT_TRUE(planeUpdate(x, p, z, inn)) << i;
    ASSERT_TRUE(isCovarianceValid(p)) << i << "\n" << p;
    HVec xp;
    HMat f;
    HMat q;
    models::propagate(models::Motion::CoordinatedTurn, x, 1.0, noise, xp, f, q);
    x = xp;
    p = (f * p * f.transpose() + q).eval();
    p = (0.5 * (p + p.transpose())).eval();
  }
}

// ---------------------------------------------------------------------------------------------
// Statistical consistency over seeded Monte-Carlo runs. The truth follows the filter's own CV
// model in the tangent plane (so the test isolates the filter from the plane's approximation).

constexpr int kRuns = 200;
constexpr int kSteps = 40;
constexpr double kDtS = 2.0;

struct Consistency {
  std::vector<double> mean_nees;  ///< per step, over runs: (e, n, ve, vn)
  std::vector<double> mean_nis;   ///< per step, over runs
  int failures = 0;
  int invalid_covariances = 0;
};

double nees4(const HVec& x, const HMat& p, const HVec& truth) {
  const Eigen::Vector4d err = (x - truth).head<4>();
  return err.dot(p.topLeftCorner<4, 4>().llt().solve(err));
}

/// `plot(truth, x, rnd, lin)` draws a measurement of the truth and linearises it at x.
template <int M, class Plot>
Consistency runCvMonteCarlo(std::uint64_t seed, const models::HorizontalNoise& noise,
                            const HMat& p0, Plot&& plot) {
  picket::test::SeededRandom rnd(seed);
  Consistency c;
  c.mean_nees.assign(kSteps, 0.0);
  c.mean_nis.assign(kSteps, 0.0);
  for (int run = 0; run < kRuns; ++run) {
    HVec truth;
    truth << rnd.uniform(-500.0, 500.0), rnd.uniform(-500.0, 500.0), rnd.uniform(-10.0, 10.0),
        rnd.uniform(-10.0, 10.0), 0.0;
    HVec x = truth + rnd.gaussian<5>(p0);
    x(4) = 0.0;
    HMat p = p0;
    for (int k = 0; k < kSteps; ++k) {
      HVec xp;
      HMat f;
      HMat q;
      models::propagate(models::Motion::ConstantVelocity, x, kDtS, noise, xp, f, q);
      x = xp;
      p = (f * p * f.transpose() + q).eval();
      p = (0.5 * (p + p.transpose())).eval();
      HVec next;
      models::propagate(models::Motion::ConstantVelocity, truth, kDtS, noise, next, f, q);
      truth = next;
      truth.head<4>() += rnd.gaussian<4>(Eigen::Matrix4d(q.topLeftCorner<4, 4>()));
      PlaneLinearized<M> lin;
      if (!plot(truth, x, rnd, lin)) {
        ++c.failures;
        continue;
      }
      PlaneInnovation<M> inn;
      if (!planeUpdate(x, p, lin, inn)) {
        ++c.failures;
        continue;
      }
      if (!isCovarianceValid(p)) ++c.invalid_covariances;
      const auto ku = static_cast<std::size_t>(k);
      c.mean_nis[ku] += inn.nis / kRuns;
      c.mean_nees[ku] += nees4(x, p, truth) / kRuns;
    }
  }
  return c;
}

/// Checks the per-step averages against the 95 % chi-square interval: all but a few steps
/// inside (the expected 5 % outside, plus correlation between neighbouring steps), and the
/// grand mean inside too.
void expectConsistent(const std::vector<double>& per_step, int dim, const char* what) {
  const consistency::Chi2Interval bounds = consistency::chi2Interval95(dim, kRuns);
  int inside = 0;
  double total = 0.0;
  for (const double m : per_step) {
    if (bounds.contains(m)) ++inside;
    total += m;
  }
  EXPECT_GE(inside, static_cast<int>(0.85 * static_cast<double>(per_step.size())))
      << what << ": steps inside [" << bounds.lo << ", " << bounds.hi << "]";
  // The grand mean, against the per-step interval too: neighbouring steps are strongly
  // correlated, so the interval of kRuns * kSteps independent samples would be too narrow.
  const double mean = total / static_cast<double>(per_step.size());
  EXPECT_TRUE(bounds.contains(mean))
      << what << ": mean " << mean << " not in [" << bounds.lo << ", " << bounds.hi << "]";
}

TEST(FixedKalmanConsistency, CvFilterWithPositionPlotsHasChiSquareNeesAndNis) {
  // GIVEN 200 seeded runs of a CV target, 0.5 m^2/s^3, with position plots every 2 s
  models::HorizontalNoise noise;
  noise.cv_accel_psd_m2ps3 = 0.5;
  Mat2 r;
  r << 900.0, 300.0, 300.0, 400.0;
  const Consistency c =
      runCvMonteCarlo<2>(20240611, noise, diagonalCovariance(2500.0, 16.0, 1e-6),
                         [&](const HVec& truth, const HVec& x, picket::test::SeededRandom& rnd,
                             PlaneLinearized<2>& lin) {
                           lin = positionPlot(x, truth.head<2>() + rnd.gaussian<2>(r), r);
                           return true;
                         });
  ASSERT_EQ(c.failures, 0);
  EXPECT_EQ(c.invalid_covariances, 0);
  // THEN the NIS is chi2(2) and the NEES chi2(4), step by step
  expectConsistent(c.mean_nis, 2, "NIS");
  expectConsistent(c.mean_nees, 4, "NEES");
}

TEST(FixedKalmanConsistency, CvFilterWithRadarPlotsHasChiSquareNeesAndNis) {
  // GIVEN a coastal radar 30 km west of the plane's anchor, 20 m / 0.2 deg, and a CV target
  const GeoPoint anchor{12.3, -69.8, 0.0};
  const geo::TangentPlane plane(anchor);
  const GeoPoint site_geo =
      geo::geodesicDirect({anchor.lat_deg, anchor.lon_deg, 45.0}, 265.0, 30000.0);
  core::PolarMeasurement site;
  site.sensor_ecef_m = geo::geodeticToEcef(site_geo);
  site.sensor_enu_to_ecef = geo::enuToEcefRotation(site_geo.lat_deg, site_geo.lon_deg);
  site.range_sigma_m = 20.0;
  site.bearing_sigma_rad = 0.2 * geo::kDegToRad;
  models::HorizontalNoise noise;
  noise.cv_accel_psd_m2ps3 = 0.2;
  const Consistency c = runCvMonteCarlo<2>(
      777, noise, diagonalCovariance(200.0 * 200.0, 9.0, 1e-6),
      [&](const HVec& truth, const HVec& x, picket::test::SeededRandom& rnd,
          PlaneLinearized<2>& lin) {
        core::PolarMeasurement m = site;
        const Vec2 rb = models::predictPolar(plane.toEcef(truth.head<2>(), 0.0), m.sensor_ecef_m,
                                             m.sensor_enu_to_ecef);
        m.range_m = rb(0) + m.range_sigma_m * rnd.normal();
        m.bearing_rad = geo::wrapTwoPi(rb(1) + m.bearing_sigma_rad * rnd.normal());
        return models::linearizePolar(plane, m, x, models::TargetHeight{}, lin);
      });
  ASSERT_EQ(c.failures, 0);
  EXPECT_EQ(c.invalid_covariances, 0);
  // THEN the NIS is chi2(2) and the NEES chi2(4), step by step
  expectConsistent(c.mean_nis, 2, "NIS");
  expectConsistent(c.mean_nees, 4, "NEES");
}

}  // namespace
}  // namespace picket::filters
