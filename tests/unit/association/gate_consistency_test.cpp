// A chi-square gate chiSquareQuantile(dim, p) on the NIS of innovationStats must accept the
// fraction p of measurements of a target distributed as the track says (Bar-Shalom, Li,
// Kirubarajan 2001, sec. 5.4 and 7.3). Seeded Monte Carlo over the full chain: geo, the
// measurement models (including the platform-position noise), innovationStats and the gate.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "association/gating.hpp"
#include "filters/kalman.hpp"
#include "geo/wgs84.hpp"
#include "models/measurement_models.hpp"
#include "support/seeded_random.hpp"

namespace picket::association {
namespace {

using core::GeoPoint;
using core::Mat2;
using core::Mat3;
using core::Mat6;
using core::Vec2;
using core::Vec3;
using core::Vec6;

constexpr int kTrials = 20000;

/// Makes one linearised measurement of a true state drawn around the track.
using MeasureFn = bool (*)(test::SeededRandom&, const filters::TrackState&, const Vec6& truth,
                           models::Linearized&);

struct GateCase {
  std::string name;
  int dim;
  MeasureFn measure;
};

std::ostream& operator<<(std::ostream& os, const GateCase& c) { return os << c.name; }

const GeoPoint kSite{43.0, 5.0, 30.0};

filters::TrackState trackNearSite() {
  const Mat3 r = geo::enuToEcefRotation(kSite.lat_deg, kSite.lon_deg);
  filters::TrackState s;
  s.x << geo::geodeticToEcef(kSite) + r * Vec3(6000.0, 9000.0, -36.0), r * Vec3(5.0, -2.0, 0.0);
  Mat6 a = Mat6::Identity();
  a(0, 3) = 0.3;
  a(1, 0) = -0.4;
  a(4, 2) = 0.2;
  s.P = a * Vec6(400.0, 300.0, 50.0, 4.0, 2.0, 0.5).asDiagonal() * a.transpose();
  return s;
}

bool measurePosition(test::SeededRandom& rnd, const filters::TrackState&, const Vec6& truth,
                     models::Linearized& out, bool with_velocity) {
  const GeoPoint at = geo::ecefToGeodetic(truth.head<3>());
  const Mat3 r = geo::enuToEcefRotation(at.lat_deg, at.lon_deg);
  core::PositionMeasurement m;
  m.cov_en_m2 << 150.0, -40.0, -40.0, 90.0;
  const Vec2 e = rnd.gaussian<2>(m.cov_en_m2);
  const GeoPoint measured = geo::ecefToGeodetic(truth.head<3>() + r.leftCols<2>() * e);
  m.position = {measured.lat_deg, measured.lon_deg, 0.0};
  if (with_velocity) {
    m.velocity_cov_en_m2ps2 << 0.5, 0.1, 0.1, 0.3;
    m.velocity_en_mps = Vec2(r.leftCols<2>().transpose() * truth.tail<3>()) +
                        rnd.gaussian<2>(m.velocity_cov_en_m2ps2);
  }
  // The model is linearised at the track's estimate, not at the truth.
  models::linearizePosition(trackNearSite().x, m, out);
  return true;
}

bool measurePositionOnly(test::SeededRandom& rnd, const filters::TrackState& s, const Vec6& truth,
                         models::Linearized& out) {
  return measurePosition(rnd, s, truth, out, false);
}

bool measurePositionAndVelocity(test::SeededRandom& rnd, const filters::TrackState& s,
                                const Vec6& truth, models::Linearized& out) {
  return measurePosition(rnd, s, truth, out, true);
}

bool measurePolar(test::SeededRandom& rnd, const filters::TrackState& s, const Vec6& truth,
                  models::Linearized& out) {
  // A ship-borne radar: the antenna is really somewhere around its reported position.
  core::PolarMeasurement m;
  m.sensor_ecef_m = geo::geodeticToEcef(kSite);
  m.sensor_enu_to_ecef = geo::enuToEcefRotation(kSite.lat_deg, kSite.lon_deg);
  m.sensor_vel_ecef_mps = m.sensor_enu_to_ecef * Vec3(3.0, 4.0, 0.0);
  m.sensor_cov_ecef_m2 = Vec3(400.0, 300.0, 100.0).asDiagonal();  // degraded navigation
  m.range_sigma_m = 15.0;
  m.bearing_sigma_rad = 0.002;
  m.range_rate_sigma_mps = 0.3;
  const Vec3 antenna = m.sensor_ecef_m + rnd.gaussian<3>(m.sensor_cov_ecef_m2);
  const Vec2 rb = models::predictPolar(truth.head<3>(), antenna, m.sensor_enu_to_ecef);
  const Vec3 d = truth.head<3>() - antenna;
  const double rr = d.dot(truth.tail<3>() - m.sensor_vel_ecef_mps) / d.norm();
  m.range_m = rb(0) + m.range_sigma_m * rnd.normal();
  m.bearing_rad = geo::wrapTwoPi(rb(1) + m.bearing_sigma_rad * rnd.normal());
  m.range_rate_mps = rr + m.range_rate_sigma_mps * rnd.normal();
  return models::linearizePolar(s.x, m, out);
}

class ChiSquareGate : public ::testing::TestWithParam<GateCase> {};

TEST_P(ChiSquareGate, AcceptsTheExpectedFractionOfConsistentMeasurements) {
  // GIVEN a track and targets drawn from its own distribution, measured with the stated noise
  const GateCase& c = GetParam();
  test::SeededRandom rnd(1234567);
  const filters::TrackState s = trackNearSite();
  const double gate50 = chiSquareQuantile(c.dim, 0.50);
  const double gate90 = chiSquareQuantile(c.dim, 0.90);
  const double gate99 = chiSquareQuantile(c.dim, 0.99);
  int in50 = 0;
  int in90 = 0;
  int in99 = 0;
  double nis_sum = 0.0;
  for (int i = 0; i < kTrials; ++i) {
    const Vec6 truth = s.x + rnd.gaussian<6>(s.P);
    models::Linearized lin;
    ASSERT_TRUE(c.measure(rnd, s, truth, lin));
    ASSERT_EQ(lin.innovation.size(), c.dim);
    const filters::InnovationStats st = filters::innovationStats(s, lin);
    ASSERT_TRUE(st.ok);
    in50 += st.nis <= gate50 ? 1 : 0;
    in90 += st.nis <= gate90 ? 1 : 0;
    in99 += st.nis <= gate99 ? 1 : 0;
    nis_sum += st.nis;
  }
  // THEN each gate passes its probability, within 4 binomial sigmas
  const auto expectFraction = [](int count, double p) {
    const double sigma = std::sqrt(p * (1.0 - p) / kTrials);
    EXPECT_NEAR(static_cast<double>(count) / kTrials, p, 4.0 * sigma) << "gate " << p;
  };
  expectFraction(in50, 0.50);
  expectFraction(in90, 0.90);
  expectFraction(in99, 0.99);
  // AND the mean NIS is the dimension (chi2(dim) mean), within 4 sigmas
  EXPECT_NEAR(nis_sum / kTrials, c.dim, 4.0 * std::sqrt(2.0 * c.dim / kTrials));
}

INSTANTIATE_TEST_SUITE_P(
    Measurements, ChiSquareGate,
    ::testing::Values(GateCase{"Position", 2, &measurePositionOnly},
                      GateCase{"PolarWithRangeRateFromAMovingPlatform", 3, &measurePolar},
                      GateCase{"PositionAndVelocity", 4, &measurePositionAndVelocity}),
    [](const ::testing::TestParamInfo<GateCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace picket::association
