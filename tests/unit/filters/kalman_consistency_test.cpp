// Statistical consistency of the CV Kalman filter (Bar-Shalom, Li, Kirubarajan 2001, sec. 5.4):
// over seeded Monte-Carlo runs where the truth follows the filter's own model, the normalised
// innovation squared (NIS) and normalised estimation error squared (NEES) must be chi-square
// distributed. The chi-square quantiles below are hard-coded (this target does not link the
// association module that computes them).

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <cmath>
#include <cstdint>
#include <vector>

#include "filters/kalman.hpp"
#include "geo/wgs84.hpp"
#include "models/measurement_models.hpp"
#include "models/motion_models.hpp"
#include "support/seeded_random.hpp"

namespace picket::filters {
namespace {

using core::GeoPoint;
using core::Mat2;
using core::Mat3;
using core::Vec2;
using core::Vec3;

constexpr int kRuns = 50;
constexpr int kSteps = 60;
constexpr double kDtS = 5.0;

// chi2(2 * kRuns = 100): 2.5 % and 97.5 % quantiles.
constexpr double kChi2_100_Lo95 = 74.2219;
constexpr double kChi2_100_Hi95 = 129.5612;
// chi2(2 * kRuns * kSteps = 6000): 0.5 % and 99.5 % quantiles (Wilson-Hilferty, error < 0.1).
constexpr double kChi2_6000_Lo99 = 5721.6;
constexpr double kChi2_6000_Hi99 = 6285.9;
// chi2(6 * kRuns = 300): 0.5 % and 99.5 % quantiles.
constexpr double kChi2_300_Lo99 = 240.66;
constexpr double kChi2_300_Hi99 = 366.84;
// chi2(4 * kRuns = 200): 0.5 % and 99.5 % quantiles.
constexpr double kChi2_200_Lo99 = 152.24;
constexpr double kChi2_200_Hi99 = 255.26;

struct ConsistencyStats {
  std::vector<double> mean_nis_per_step;  ///< averaged over runs
  double mean_nis = 0.0;                  ///< averaged over runs and steps
  double mean_final_nees = 0.0;           ///< averaged over runs at the last step
  int failures = 0;
};

/// Runs kRuns seeded trials of a CV target on the sea near `start`, measured every kDtS by a
/// horizontal position fix (and velocity when `with_velocity`), filtered by predict/update.
ConsistencyStats runPositionMonteCarlo(std::uint64_t seed, const GeoPoint& start,
                                       bool with_velocity) {
  test::SeededRandom rnd(seed);
  const models::CvNoise noise{0.05, 0.0005};
  Mat2 r_pos;
  r_pos << 100.0, 30.0, 30.0, 64.0;
  const Mat2 r_vel = 0.25 * Mat2::Identity();
  const Mat6 f = models::cvTransition(kDtS);

  ConsistencyStats stats;
  stats.mean_nis_per_step.assign(kSteps, 0.0);
  double nis_total = 0.0;
  double nees_total = 0.0;
  for (int run = 0; run < kRuns; ++run) {
    const Mat3 r0 = geo::enuToEcefRotation(start.lat_deg, start.lon_deg);
    Vec6 truth;
    truth << geo::geodeticToEcef(start), r0 * Vec3(6.0, 8.0, 0.0);
    TrackState est;
    est.P.setZero();
    est.P.block<3, 3>(0, 0) = 2500.0 * Mat3::Identity();
    est.P.block<3, 3>(3, 3) = 4.0 * Mat3::Identity();
    est.x = truth + rnd.gaussian<6>(est.P);
    for (int k = 0; k < kSteps; ++k) {
      // Truth and filter share the model: x' = F x + w, w ~ N(0, Q).
      const GeoPoint here = geo::ecefToGeodetic(truth.head<3>());
      const Mat3 r = geo::enuToEcefRotation(here.lat_deg, here.lon_deg);
      const Mat6 q = models::cvProcessNoise(kDtS, r.col(2), noise);
      truth = f * truth + rnd.gaussian<6>(q);
      est = predict(est, f, q, est.time + core::Duration::fromSeconds(kDtS));

      // Measurement: truth plus east/north noise, reported as a geodetic point.
      const GeoPoint at = geo::ecefToGeodetic(truth.head<3>());
      const Mat3 rt = geo::enuToEcefRotation(at.lat_deg, at.lon_deg);
      const Vec2 e = rnd.gaussian<2>(r_pos);
      core::PositionMeasurement m;
      const GeoPoint measured = geo::ecefToGeodetic(truth.head<3>() + rt.leftCols<2>() * e);
      m.position = {measured.lat_deg, measured.lon_deg, 0.0};
      m.cov_en_m2 = r_pos;
      if (with_velocity) {
        const Vec2 v_en = rt.leftCols<2>().transpose() * truth.tail<3>();
        m.velocity_en_mps = v_en + rnd.gaussian<2>(r_vel);
        m.velocity_cov_en_m2ps2 = r_vel;
      }
      models::Linearized lin;
      models::linearizePosition(est.x, m, lin);
      const UpdateResult out = update(est, lin);
      if (out.status != UpdateStatus::Ok) {
        ++stats.failures;
        continue;
      }
      est = out.state;
      stats.mean_nis_per_step[static_cast<std::size_t>(k)] += out.nis / kRuns;
      nis_total += out.nis;
    }
    const Vec6 err = est.x - truth;
    nees_total += err.dot(est.P.llt().solve(err));
  }
  stats.mean_nis = nis_total / (kRuns * kSteps);
  stats.mean_final_nees = nees_total / kRuns;
  return stats;
}

TEST(KalmanConsistency, PositionOnlyNisIsChiSquareWithTwoDegreesOfFreedom) {
  // GIVEN 50 seeded runs of a CV target measured by 2-D position fixes
  const ConsistencyStats s = runPositionMonteCarlo(424242, {43.0, 5.0, 0.0}, false);
  ASSERT_EQ(s.failures, 0);
  // THEN the NIS averaged over everything lies in the 99 % interval of chi2(6000) / 3000
  EXPECT_GT(s.mean_nis, kChi2_6000_Lo99 / (kRuns * kSteps));
  EXPECT_LT(s.mean_nis, kChi2_6000_Hi99 / (kRuns * kSteps));
  // AND at most steps the run-averaged NIS lies in the 95 % interval of chi2(100) / 50
  int inside = 0;
  for (const double m : s.mean_nis_per_step) {
    if (m > kChi2_100_Lo95 / kRuns && m < kChi2_100_Hi95 / kRuns) ++inside;
  }
  EXPECT_GE(inside, static_cast<int>(0.88 * kSteps)) << "of " << kSteps;
  // AND the final estimation error is consistent with P (NEES ~ chi2(6))
  EXPECT_GT(s.mean_final_nees, kChi2_300_Lo99 / kRuns);
  EXPECT_LT(s.mean_final_nees, kChi2_300_Hi99 / kRuns);
}

TEST(KalmanConsistency, PositionAndVelocityNisIsChiSquareWithFourDegreesOfFreedom) {
  // Same at a high latitude across the antimeridian, with AIS-like velocity reports.
  const ConsistencyStats s = runPositionMonteCarlo(777, {71.0, 179.99, 0.0}, true);
  ASSERT_EQ(s.failures, 0);
  // NIS ~ chi2(4): the per-step mean over 50 runs is chi2(200) / 50.
  int inside = 0;
  for (const double m : s.mean_nis_per_step) {
    if (m > kChi2_200_Lo99 / kRuns && m < kChi2_200_Hi99 / kRuns) ++inside;
  }
  EXPECT_GE(inside, static_cast<int>(0.95 * kSteps)) << "of " << kSteps;
  EXPECT_NEAR(s.mean_nis, 4.0, 4.0 * 3.0 * std::sqrt(2.0 / (4.0 * kRuns * kSteps)));
  EXPECT_GT(s.mean_final_nees, kChi2_300_Lo99 / kRuns);
  EXPECT_LT(s.mean_final_nees, kChi2_300_Hi99 / kRuns);
}

}  // namespace
}  // namespace picket::filters
