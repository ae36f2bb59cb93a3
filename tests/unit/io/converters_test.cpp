#include "io/converters.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "geo/wgs84.hpp"
#include "picket/v1/tracks.pb.h"

namespace picket::io {
namespace {

constexpr std::int64_t kT0Ns = 1'709'294'400LL * 1'000'000'000LL;

const std::vector<tracking::SensorInfo> kSensors = {
    {"radar-aruba", core::SensorKind::CoastalRadar, core::Domain::Surface, 56'000.0},
    {"ais-aruba", core::SensorKind::Ais, core::Domain::Surface, 74'000.0},
};

/// A track at a geodetic point with an east/north/up velocity and an ENU covariance.
core::Track trackAt(const core::GeoPoint& where, const core::Vec3& vel_enu,
                    const core::Mat6& cov_enu) {
  const core::Mat3 r = geo::enuToEcefRotation(where.lat_deg, where.lon_deg);
  core::Mat6 t = core::Mat6::Zero();
  t.topLeftCorner<3, 3>() = r;
  t.bottomRightCorner<3, 3>() = r;
  core::Track track;
  track.id = 42;
  track.x << geo::geodeticToEcef(where), r * vel_enu;
  track.P = t * cov_enu * t.transpose();
  track.time = core::Timestamp{kT0Ns};
  return track;
}

/// A full, symmetric positive-definite ENU covariance with distinct entries.
core::Mat6 exampleCovEnu() {
  core::Mat6 a;
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 6; ++j) a(i, j) = 0.1 * (i + 1) - 0.05 * j + (i == j ? 1.0 : 0.0);
  }
  core::Mat6 p = a * a.transpose();
  p.topLeftCorner<3, 3>() *= 400.0;
  return p;
}

TEST(TrackToProto, CarriesPositionVelocityAndDerivedCourseAndSpeed) {
  const core::GeoPoint where{12.6, -70.1, 0.0};
  core::Track track = trackAt(where, {5.0, 5.0, 0.0}, exampleCovEnu());
  track.status = core::TrackStatus::Confirmed;
  track.updates = 17;

  v1::Track out;
  toProto(track, kSensors, "fusiond-1", 99, out);
  EXPECT_EQ(out.header().source_id(), "fusiond-1");
  EXPECT_EQ(out.header().sequence(), 99u);
  EXPECT_EQ(out.header().time_ns(), kT0Ns);
  EXPECT_EQ(out.track_id(), 42u);
  EXPECT_NEAR(out.position().lat_deg(), 12.6, 1e-9);
  EXPECT_NEAR(out.position().lon_deg(), -70.1, 1e-9);
  EXPECT_NEAR(out.position().alt_m(), 0.0, 1e-6);
  EXPECT_NEAR(out.vel_east_mps(), 5.0, 1e-9);
  EXPECT_NEAR(out.vel_north_mps(), 5.0, 1e-9);
  EXPECT_NEAR(out.vel_up_mps(), 0.0, 1e-9);
  EXPECT_NEAR(out.speed_kn(), std::sqrt(50.0) / geo::kKnotToMps, 1e-9);
  EXPECT_NEAR(out.course_deg(), 45.0, 1e-9);
  EXPECT_EQ(out.status(), v1::TRACK_STATUS_CONFIRMED);
  EXPECT_EQ(out.domain(), v1::DOMAIN_SURFACE);
  EXPECT_EQ(out.updates(), 17u);
  EXPECT_FALSE(out.has_identity());  // no MMSI: no identity
}

TEST(TrackToProto, CourseIsClockwiseFromNorthInZeroTo360) {
  struct Case {
    core::Vec3 vel_enu;
    double course_deg;
  };
  for (const Case& c : {Case{{0, 3, 0}, 0.0}, Case{{3, 0, 0}, 90.0}, Case{{0, -3, 0}, 180.0},
                        Case{{-3, 0, 0}, 270.0}, Case{{-1, 1, 0}, 315.0}}) {
    v1::Track out;
    toProto(trackAt({12.6, -70.1, 0.0}, c.vel_enu, core::Mat6::Identity()), kSensors, "f", 1, out);
    EXPECT_NEAR(out.course_deg(), c.course_deg, 1e-9) << c.vel_enu.transpose();
  }
}

TEST(TrackToProto, SurfaceTrackIsReportedOnTheEllipsoidAndAirTrackAtItsHeight) {
  const core::Track surface = trackAt({12.6, -70.1, 30.0}, {0, 0, 0}, core::Mat6::Identity());
  v1::Track out;
  toProto(surface, kSensors, "f", 1, out);
  EXPECT_DOUBLE_EQ(out.position().alt_m(), 0.0);

  core::Track air = trackAt({12.6, -70.1, 3000.0}, {100, 0, 2}, core::Mat6::Identity());
  air.domain = core::Domain::Air;
  toProto(air, kSensors, "f", 1, out);
  EXPECT_EQ(out.domain(), v1::DOMAIN_AIR);
  EXPECT_NEAR(out.position().alt_m(), 3000.0, 1e-6);
  EXPECT_NEAR(out.vel_up_mps(), 2.0, 1e-9);
}

TEST(TrackToProto, CovarianceIsThe36ElementSymmetricEnuMatrix) {
  const core::Mat6 cov = exampleCovEnu();
  v1::Track out;
  toProto(trackAt({-33.9, 151.2, 0.0}, {1, 2, 0}, cov), kSensors, "f", 1, out);
  ASSERT_EQ(out.covariance_enu_size(), 36);
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 6; ++j) {
      EXPECT_NEAR(out.covariance_enu(6 * i + j), cov(i, j), 1e-8 * cov.norm()) << i << "," << j;
      EXPECT_EQ(out.covariance_enu(6 * i + j), out.covariance_enu(6 * j + i)) << i << "," << j;
    }
  }
}

TEST(TrackToProto, StatusIdentityAndSensorNames) {
  core::Track track = trackAt({12.6, -70.1, 0.0}, {0, 0, 0}, core::Mat6::Identity());
  track.identity = {244'123'456, 9'876'543, 70, "SEA BREEZE", "PJ1234"};
  track.sensors = {{0, core::Timestamp{kT0Ns - 6}, 12},
                   {1, core::Timestamp{kT0Ns}, 3},
                   {7, core::Timestamp{kT0Ns}, 1}};
  const std::pair<core::TrackStatus, v1::TrackStatus> statuses[] = {
      {core::TrackStatus::Tentative, v1::TRACK_STATUS_TENTATIVE},
      {core::TrackStatus::Confirmed, v1::TRACK_STATUS_CONFIRMED},
      {core::TrackStatus::Coasting, v1::TRACK_STATUS_COASTING},
      {core::TrackStatus::Deleted, v1::TRACK_STATUS_DELETED}};
  for (const auto& [core_status, wire_status] : statuses) {
    track.status = core_status;
    v1::Track out;
    toProto(track, kSensors, "f", 1, out);
    EXPECT_EQ(out.status(), wire_status);
  }
  v1::Track out;
  out.add_covariance_enu(1.0);  // toProto starts from a clear message
  toProto(track, kSensors, "f", 1, out);
  EXPECT_EQ(out.covariance_enu_size(), 36);
  ASSERT_TRUE(out.has_identity());
  EXPECT_EQ(out.identity().mmsi(), 244'123'456u);
  EXPECT_EQ(out.identity().imo(), 9'876'543u);
  EXPECT_EQ(out.identity().ship_type(), 70u);
  EXPECT_EQ(out.identity().name(), "SEA BREEZE");
  EXPECT_EQ(out.identity().call_sign(), "PJ1234");
  ASSERT_EQ(out.sensors_size(), 3);
  EXPECT_EQ(out.sensors(0).sensor_id(), "radar-aruba");
  EXPECT_EQ(out.sensors(0).last_update_ns(), kT0Ns - 6);
  EXPECT_EQ(out.sensors(0).updates(), 12u);
  EXPECT_EQ(out.sensors(1).sensor_id(), "ais-aruba");
  EXPECT_EQ(out.sensors(2).sensor_id(), "?");  // an index outside the table is not a crash
}

TEST(AlertToProto, CarriesEveryField) {
  cueing::AlertEvent e;
  e.alert_id = "fusiond-1-dark_target-42-1709294400";
  e.rule = "dark_target";
  e.severity = cueing::Severity::High;
  e.state = cueing::AlertState::Updated;
  e.confidence = 0.75;
  e.time = core::Timestamp{kT0Ns + 1'000};
  e.track = trackAt({12.6, -70.1, 0.0}, {0, 8, 0}, core::Mat6::Identity());
  e.track.status = core::TrackStatus::Confirmed;
  e.predicted = {
      {core::Timestamp{kT0Ns + 1'800'000'000'000LL},
       {12.73, -70.1, 0.0},
       900.0,
       300.0,
       geo::kPi / 2},
      {core::Timestamp{kT0Ns + 3'600'000'000'000LL}, {12.86, -70.1, 0.0}, 1800.0, 500.0, 0.25}};
  e.partners = {{"DCCG", "Dutch Caribbean Coast Guard", "territorial sea of Aruba"},
                {"USCG-LEDET", "US Coast Guard", "high seas"}};
  e.reason = "Surface track 42 with no AIS.";
  e.evidence = {{"track_id", "42"}, {"speed_kn", "15.6"}};

  v1::Alert out;
  toProto(e, kSensors, "fusiond-1", 7, out);
  EXPECT_EQ(out.header().source_id(), "fusiond-1");
  EXPECT_EQ(out.header().sequence(), 7u);
  EXPECT_EQ(out.header().time_ns(), kT0Ns + 1'000);
  EXPECT_EQ(out.stream_sequence(), 7u);
  EXPECT_EQ(out.alert_id(), e.alert_id);
  EXPECT_EQ(out.rule(), "dark_target");
  EXPECT_EQ(out.severity(), v1::SEVERITY_HIGH);
  EXPECT_EQ(out.state(), v1::ALERT_STATE_UPDATED);
  EXPECT_DOUBLE_EQ(out.confidence(), 0.75);
  EXPECT_EQ(out.track().track_id(), 42u);
  EXPECT_EQ(out.track().status(), v1::TRACK_STATUS_CONFIRMED);
  EXPECT_NEAR(out.track().vel_north_mps(), 8.0, 1e-9);

  ASSERT_EQ(out.predicted_size(), 2);
  EXPECT_EQ(out.predicted(0).time_ns(), kT0Ns + 1'800'000'000'000LL);
  EXPECT_DOUBLE_EQ(out.predicted(0).position().lat_deg(), 12.73);
  EXPECT_DOUBLE_EQ(out.predicted(0).position().lon_deg(), -70.1);
  EXPECT_DOUBLE_EQ(out.predicted(0).semi_major_95_m(), 900.0);
  EXPECT_DOUBLE_EQ(out.predicted(0).semi_minor_95_m(), 300.0);
  EXPECT_NEAR(out.predicted(0).orientation_deg(), 90.0, 1e-12);  // radians in, degrees out
  EXPECT_NEAR(out.predicted(1).orientation_deg(), 0.25 * geo::kRadToDeg, 1e-12);

  ASSERT_EQ(out.partners_size(), 2);
  EXPECT_EQ(out.partners(0).partner_id(), "DCCG");
  EXPECT_EQ(out.partners(0).name(), "Dutch Caribbean Coast Guard");
  EXPECT_EQ(out.partners(0).basis(), "territorial sea of Aruba");
  EXPECT_EQ(out.partners(1).basis(), "high seas");

  EXPECT_EQ(out.reason(), e.reason);
  ASSERT_EQ(out.evidence_size(), 2);
  EXPECT_EQ(out.evidence().at("track_id"), "42");
  EXPECT_EQ(out.evidence().at("speed_kn"), "15.6");
}

TEST(AlertToProto, MapsEverySeverityAndState) {
  cueing::AlertEvent e;
  e.track = trackAt({12.6, -70.1, 0.0}, {0, 0, 0}, core::Mat6::Identity());
  const std::pair<cueing::Severity, v1::Severity> severities[] = {
      {cueing::Severity::Info, v1::SEVERITY_INFO},
      {cueing::Severity::Low, v1::SEVERITY_LOW},
      {cueing::Severity::Medium, v1::SEVERITY_MEDIUM},
      {cueing::Severity::High, v1::SEVERITY_HIGH},
      {cueing::Severity::Critical, v1::SEVERITY_CRITICAL}};
  const std::pair<cueing::AlertState, v1::AlertState> states[] = {
      {cueing::AlertState::Open, v1::ALERT_STATE_OPEN},
      {cueing::AlertState::Updated, v1::ALERT_STATE_UPDATED},
      {cueing::AlertState::Escalated, v1::ALERT_STATE_ESCALATED},
      {cueing::AlertState::Closed, v1::ALERT_STATE_CLOSED}};
  v1::Alert out;
  for (const auto& [core_severity, wire_severity] : severities) {
    e.severity = core_severity;
    toProto(e, kSensors, "f", 1, out);
    EXPECT_EQ(out.severity(), wire_severity);
  }
  for (const auto& [core_state, wire_state] : states) {
    e.state = core_state;
    toProto(e, kSensors, "f", 1, out);
    EXPECT_EQ(out.state(), wire_state);
  }
}

}  // namespace
}  // namespace picket::io
