#include "evaluation/evaluator.hpp"

#include <gtest/gtest.h>

#include "geo/wgs84.hpp"

namespace picket::evaluation {
namespace {

constexpr std::int64_t kSecond = 1'000'000'000;
const core::GeoPoint kOrigin{12.8, -70.0, 0.0};

TrackSample sample(std::int64_t t_s, core::TrackId id, core::TrackStatus status,
                   core::GeoPoint p = kOrigin, double ve = 0.0, double vn = 0.0) {
  TrackSample s;
  s.time.ns = t_s * kSecond;
  s.track_id = id;
  s.status = status;
  s.position = p;
  s.vel_east_mps = ve;
  s.vel_north_mps = vn;
  s.cov_ee_m2 = 100.0;
  s.cov_nn_m2 = 100.0;
  return s;
}

TruthSample truth(std::int64_t t_s, const std::string& id, core::GeoPoint p,
                  const std::string& cls = "merchant") {
  TruthSample s;
  s.time.ns = t_s * kSecond;
  s.platform_id = id;
  s.platform_class = cls;
  s.position = p;
  return s;
}

TEST(EstimatesAt, PropagatesAlongTheVelocity) {
  const std::vector<TrackSample> samples = {
      sample(0, 1, core::TrackStatus::Confirmed, kOrigin, 0.0, 10.0)};
  const auto e = estimatesAt(samples, core::Timestamp{50 * kSecond}, {});
  ASSERT_EQ(e.size(), 1u);
  const geo::GeodesicInverse g = geo::geodesicInverse(kOrigin, e[0].position);
  EXPECT_NEAR(g.distance_m, 500.0, 1e-6);
  EXPECT_NEAR(g.azimuth1_deg, 0.0, 1e-9);
  EXPECT_EQ(e[0].time.ns, 50 * kSecond);
}

TEST(EstimatesAt, UsesTheLatestRowAtOrBeforeTheTime) {
  const core::GeoPoint later{12.9, -70.0, 0.0};
  const std::vector<TrackSample> samples = {sample(0, 1, core::TrackStatus::Confirmed),
                                            sample(10, 1, core::TrackStatus::Confirmed, later),
                                            sample(20, 1, core::TrackStatus::Deleted)};
  EXPECT_EQ(estimatesAt(samples, core::Timestamp{5 * kSecond}, {})[0].position, kOrigin);
  EXPECT_EQ(estimatesAt(samples, core::Timestamp{10 * kSecond}, {})[0].position, later);
  EXPECT_TRUE(estimatesAt(samples, core::Timestamp{20 * kSecond}, {}).empty());
}

TEST(EstimatesAt, AcceptsRowsOutOfTimeOrder) {
  // A deleted row carries the time of the track's last state but is written after later rows.
  const std::vector<TrackSample> samples = {sample(0, 1, core::TrackStatus::Confirmed),
                                            sample(10, 2, core::TrackStatus::Confirmed),
                                            sample(0, 1, core::TrackStatus::Deleted)};
  const auto e = estimatesAt(samples, core::Timestamp{10 * kSecond}, {});
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].track_id, 2u);
  EvaluationResult r = evaluate({truth(10, "A", kOrigin)}, samples, {});
  EXPECT_EQ(r.frames[0].estimates, 1u);
}

TEST(EstimatesAt, DropsStaleAndTentativeTracksWhenAsked) {
  const std::vector<TrackSample> samples = {sample(0, 1, core::TrackStatus::Tentative),
                                            sample(0, 2, core::TrackStatus::Coasting)};
  EvaluationConfig config;
  EXPECT_EQ(estimatesAt(samples, core::Timestamp{60 * kSecond}, config).size(), 2u);
  EXPECT_TRUE(estimatesAt(samples, core::Timestamp{61 * kSecond}, config).empty());
  config.confirmed_only = true;
  const auto e = estimatesAt(samples, core::Timestamp{0}, config);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].track_id, 2u);
}

TEST(Evaluate, PerfectTrackScoresZero) {
  const core::GeoPoint p1 = geo::geodesicDirect(kOrigin, 90.0, 100.0);
  const std::vector<TruthSample> t = {truth(0, "A", kOrigin), truth(10, "A", p1),
                                      truth(10, "plane", kOrigin, "patrol-aircraft")};
  const std::vector<TrackSample> tracks = {
      sample(0, 7, core::TrackStatus::Confirmed, kOrigin, 10.0, 0.0)};
  EvaluationConfig config;
  config.excluded_classes = {"patrol-aircraft"};
  const EvaluationResult r = evaluate(t, tracks, config);
  ASSERT_EQ(r.frames.size(), 2u);
  EXPECT_NEAR(r.summary.mean_ospa_m, 0.0, 1e-6);
  EXPECT_NEAR(r.summary.mean_gospa_m, 0.0, 1e-6);
  EXPECT_EQ(r.summary.continuity.assigned_samples, 2u);
  EXPECT_DOUBLE_EQ(r.summary.continuity.coverage(), 1.0);
  EXPECT_EQ(r.summary.nees_count, 2u);
  EXPECT_NEAR(r.summary.nees_mean, 0.0, 1e-9);
}

TEST(Evaluate, CountsMissedTruthAndKnownNees) {
  // Track 10 m east of A (NEES = 100 / 100 = 1); B has no track.
  const core::GeoPoint b{13.5, -70.0, 0.0};
  const std::vector<TruthSample> t = {truth(0, "A", kOrigin), truth(0, "B", b)};
  const std::vector<TrackSample> tracks = {
      sample(0, 1, core::TrackStatus::Confirmed, geo::geodesicDirect(kOrigin, 90.0, 10.0))};
  const EvaluationResult r = evaluate(t, tracks, {});
  ASSERT_EQ(r.frames.size(), 1u);
  EXPECT_EQ(r.frames[0].gospa.missed, 1u);
  EXPECT_EQ(r.frames[0].gospa.false_tracks, 0u);
  EXPECT_NEAR(r.frames[0].gospa.distance_m, 10.0 + 500.0, 1e-6);
  EXPECT_NEAR(r.frames[0].ospa_m, (10.0 + 1000.0) / 2.0, 1e-6);
  EXPECT_NEAR(r.summary.nees_mean, 1.0, 1e-9);
  EXPECT_DOUBLE_EQ(r.summary.continuity.coverage(), 0.5);
}

TEST(Evaluate, IsDeterministicWhateverTheInputOrder) {
  const std::vector<TruthSample> t = {truth(0, "B", {12.81, -70.0, 0.0}), truth(0, "A", kOrigin)};
  const std::vector<TrackSample> a = {
      sample(0, 1, core::TrackStatus::Confirmed),
      sample(0, 2, core::TrackStatus::Confirmed, {12.81, -70.0, 0.0})};
  const std::vector<TrackSample> b = {a[1], a[0]};
  EXPECT_EQ(evaluate(t, a, {}).summary, evaluate(t, b, {}).summary);
}

}  // namespace
}  // namespace picket::evaluation
