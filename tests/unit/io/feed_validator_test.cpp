#include "io/feed_validator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "geo/wgs84.hpp"
#include "picket/v1/sensors.pb.h"

namespace picket::io {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// 2024-03-01T12:00:00Z.
constexpr std::int64_t kT0Ns = 1'709'294'400LL * 1'000'000'000LL;
constexpr std::int64_t kSecondNs = 1'000'000'000LL;
constexpr core::Timestamp kNow{kT0Ns};

constexpr double kSiteLatDeg = 12.5167;
constexpr double kSiteLonDeg = -69.9667;
constexpr double kSiteAltM = 165.0;
constexpr std::uint32_t kMmsi = 244'123'456;

FusiondConfig testConfig(TimeReference reference) {
  FusiondConfig c;
  c.instance_id = "test";
  c.input.time_reference = reference;
  c.input.max_future_s = 60.0;
  c.input.max_age_s = 3600.0;
  SensorConfig radar;
  radar.info = {"radar-aruba", core::SensorKind::CoastalRadar, core::Domain::Surface, 56'000.0};
  SensorConfig ais;
  ais.info = {"ais-aruba", core::SensorKind::Ais, core::Domain::Surface, 74'000.0};
  ais.ais_position_sigma_high_m = 10.0;
  ais.ais_position_sigma_low_m = 30.0;
  ais.ais_sog_sigma_kn = 0.5;
  ais.ais_cog_sigma_deg = 3.0;
  SensorConfig mpa;
  mpa.info = {"mpa-1", core::SensorKind::AirborneRadar, core::Domain::Surface, 90'000.0};
  mpa.default_position_sigma_m = 100.0;
  c.sensors = {radar, ais, mpa};
  return c;
}

void setHeader(v1::Header& h, const std::string& source, std::uint64_t sequence,
               std::int64_t time_ns) {
  h.set_source_id(source);
  h.set_sequence(sequence);
  h.set_time_ns(time_ns);
}

void addPlot(v1::RadarScan& scan, double range_m, double bearing_deg) {
  auto* p = scan.add_plots();
  p->set_range_m(range_m);
  p->set_range_sigma_m(25.0);
  p->set_bearing_deg(bearing_deg);
  p->set_bearing_sigma_deg(0.2);
}

/// A scan from the coastal radar with one good plot at 20 km, bearing 45 degrees.
v1::FeedMessage radarScan(std::uint64_t sequence, std::int64_t time_ns = kT0Ns,
                          const std::string& source = "radar-aruba") {
  v1::FeedMessage m;
  auto* s = m.mutable_radar_scan();
  setHeader(*s->mutable_header(), source, sequence, time_ns);
  auto* site = s->mutable_platform()->mutable_fixed_site();
  site->set_lat_deg(kSiteLatDeg);
  site->set_lon_deg(kSiteLonDeg);
  site->set_alt_m(kSiteAltM);
  addPlot(*s, 20'000.0, 45.0);
  return m;
}

v1::FeedMessage aisPosition(std::uint64_t sequence, std::int64_t time_ns = kT0Ns,
                            const std::string& source = "ais-aruba") {
  v1::FeedMessage m;
  auto* a = m.mutable_ais_position();
  setHeader(*a->mutable_header(), source, sequence, time_ns);
  a->set_mmsi(kMmsi);
  a->set_lat_deg(12.6);
  a->set_lon_deg(-70.1);
  a->set_position_accuracy_high(true);
  return m;
}

v1::FeedMessage endOfStream(const std::string& source, std::uint64_t sequence) {
  v1::FeedMessage m;
  auto* e = m.mutable_end_of_stream();
  setHeader(*e->mutable_header(), source, sequence, kT0Ns);
  e->set_reason("scenario complete");
  e->set_messages_sent(sequence - 1);
  return m;
}

class FeedValidatorTest : public ::testing::Test {
 protected:
  explicit FeedValidatorTest(TimeReference reference = TimeReference::Wall)
      : config_(testConfig(reference)), validator_(config_, counters_) {}

  std::optional<InputItem> check(const v1::FeedMessage& m, core::Timestamp ref = kNow) {
    const std::string bytes = m.SerializeAsString();
    return validator_.decode(bytes.data(), bytes.size(), ref);
  }
  /// The scan inside an accepted item.
  static const core::Scan& scanOf(const std::optional<InputItem>& item) {
    return std::get<core::Scan>(*item);
  }
  std::uint64_t rejected(Rejection r) const { return counters_.rejectedFor(r); }

  FusiondConfig config_;
  Counters counters_;
  FeedValidator validator_;
};

class FeedValidatorDataTimeTest : public FeedValidatorTest {
 protected:
  FeedValidatorDataTimeTest() : FeedValidatorTest(TimeReference::Data) {}
};

// --- accepted content -------------------------------------------------------------------------

TEST_F(FeedValidatorTest, ValidRadarScanBecomesScanWithSiteInEcefAndBearingInRadians) {
  const auto item = check(radarScan(1));
  ASSERT_TRUE(item.has_value());
  ASSERT_TRUE(std::holds_alternative<core::Scan>(*item));
  const core::Scan& scan = scanOf(item);
  EXPECT_EQ(scan.time, kNow);
  EXPECT_EQ(scan.sensor, 0u);
  EXPECT_EQ(scan.sensor_kind, core::SensorKind::CoastalRadar);
  EXPECT_EQ(scan.sequence, 1u);
  const core::Vec3 site = geo::geodeticToEcef({kSiteLatDeg, kSiteLonDeg, kSiteAltM});
  ASSERT_TRUE(scan.sensor_ecef_m.has_value());
  EXPECT_LT((*scan.sensor_ecef_m - site).norm(), 1e-6);

  ASSERT_THAT(scan.measurements, SizeIs(1));
  const core::Measurement& m = scan.measurements[0];
  EXPECT_EQ(m.time, kNow);  // plot time 0 = the scan's time
  EXPECT_EQ(m.sensor, 0u);
  EXPECT_EQ(m.mmsi, 0u);
  const auto& p = std::get<core::PolarMeasurement>(m.data);
  EXPECT_LT((p.sensor_ecef_m - site).norm(), 1e-6);
  EXPECT_TRUE(p.sensor_enu_to_ecef.isApprox(geo::enuToEcefRotation(kSiteLatDeg, kSiteLonDeg)));
  EXPECT_TRUE(p.sensor_cov_ecef_m2.isZero());
  EXPECT_DOUBLE_EQ(p.range_m, 20'000.0);
  EXPECT_DOUBLE_EQ(p.range_sigma_m, 25.0);
  EXPECT_NEAR(p.bearing_rad, geo::kPi / 4.0, 1e-12);
  EXPECT_NEAR(p.bearing_sigma_rad, 0.2 * geo::kDegToRad, 1e-15);
  EXPECT_FALSE(p.range_rate_mps.has_value());

  EXPECT_EQ(counters_.messages_received.load(), 1u);
  EXPECT_EQ(counters_.messages_accepted.load(), 1u);
  EXPECT_EQ(counters_.measurements_accepted.load(), 1u);
  EXPECT_EQ(counters_.items_rejected.load(), 0u);
}

TEST_F(FeedValidatorTest, NegativeBearingIsWrappedIntoZeroToTwoPi) {
  v1::FeedMessage m = radarScan(1);
  m.mutable_radar_scan()->mutable_plots(0)->set_bearing_deg(-10.0);
  const auto item = check(m);
  ASSERT_TRUE(item.has_value());
  const auto& p = std::get<core::PolarMeasurement>(scanOf(item).measurements[0].data);
  EXPECT_NEAR(p.bearing_rad, 350.0 * geo::kDegToRad, 1e-12);
}

TEST_F(FeedValidatorTest, PlotKeepsItsOwnTimeAndRangeRate) {
  v1::FeedMessage m = radarScan(1);
  auto* plot = m.mutable_radar_scan()->mutable_plots(0);
  plot->set_time_ns(kT0Ns - 2 * kSecondNs);
  plot->set_range_rate_mps(-4.5);
  plot->set_range_rate_sigma_mps(0.5);
  const auto item = check(m);
  ASSERT_TRUE(item.has_value());
  const core::Measurement& meas = scanOf(item).measurements[0];
  EXPECT_EQ(meas.time, core::Timestamp{kT0Ns - 2 * kSecondNs});
  const auto& p = std::get<core::PolarMeasurement>(meas.data);
  ASSERT_TRUE(p.range_rate_mps.has_value());
  EXPECT_DOUBLE_EQ(*p.range_rate_mps, -4.5);
  EXPECT_DOUBLE_EQ(p.range_rate_sigma_mps, 0.5);
}

TEST_F(FeedValidatorTest, SecondaryRadarReplyKeepsItsModeACode) {
  v1::FeedMessage m = radarScan(1);
  m.mutable_radar_scan()->mutable_plots(0)->set_mode_a_code(7500);
  addPlot(*m.mutable_radar_scan(), 30'000.0, 90.0);  // no reply
  const auto item = check(m);
  ASSERT_TRUE(item.has_value());
  ASSERT_THAT(scanOf(item).measurements, SizeIs(2));
  EXPECT_EQ(scanOf(item).measurements[0].mode_a_code, std::optional<std::uint32_t>(7500));
  EXPECT_FALSE(scanOf(item).measurements[1].mode_a_code.has_value());
}

TEST_F(FeedValidatorTest, ModeACodeWithANonOctalDigitOrAbove7777IsOutOfRange) {
  v1::FeedMessage m = radarScan(1);
  m.mutable_radar_scan()->mutable_plots(0)->set_mode_a_code(7780);  // digit 8
  addPlot(*m.mutable_radar_scan(), 30'000.0, 90.0);
  m.mutable_radar_scan()->mutable_plots(1)->set_mode_a_code(10000);
  addPlot(*m.mutable_radar_scan(), 31'000.0, 91.0);
  m.mutable_radar_scan()->mutable_plots(2)->set_mode_a_code(0);  // 0000 is a valid code
  const auto item = check(m);
  ASSERT_TRUE(item.has_value());
  ASSERT_THAT(scanOf(item).measurements, SizeIs(1));
  EXPECT_EQ(scanOf(item).measurements[0].mode_a_code, std::optional<std::uint32_t>(0));
  EXPECT_EQ(rejected(Rejection::OutOfRange), 2u);
}

TEST_F(FeedValidatorTest, AisCourseNinetyGivesEastwardVelocity) {
  v1::FeedMessage m = aisPosition(1);
  m.mutable_ais_position()->set_sog_kn(10.0);
  m.mutable_ais_position()->set_cog_deg(90.0);
  const auto item = check(m);
  ASSERT_TRUE(item.has_value());
  const core::Scan& scan = scanOf(item);
  EXPECT_EQ(scan.sensor, 1u);
  EXPECT_EQ(scan.sensor_kind, core::SensorKind::Ais);
  EXPECT_FALSE(scan.sensor_ecef_m.has_value());  // AIS gives no detection opportunity
  ASSERT_THAT(scan.measurements, SizeIs(1));
  const core::Measurement& meas = scan.measurements[0];
  EXPECT_EQ(meas.mmsi, kMmsi);
  const auto& p = std::get<core::PositionMeasurement>(meas.data);
  EXPECT_DOUBLE_EQ(p.position.lat_deg, 12.6);
  EXPECT_DOUBLE_EQ(p.position.lon_deg, -70.1);
  EXPECT_DOUBLE_EQ(p.position.alt_m, 0.0);
  EXPECT_TRUE(p.cov_en_m2.isApprox(core::Mat2::Identity() * 100.0));  // PA high: 10 m
  ASSERT_TRUE(p.velocity_en_mps.has_value());
  EXPECT_NEAR(p.velocity_en_mps->x(), 10.0 * geo::kKnotToMps, 1e-9);
  EXPECT_NEAR(p.velocity_en_mps->y(), 0.0, 1e-9);
  // Along-track (east) variance from SOG, cross-track (north) from COG.
  const double sog_var = std::pow(0.5 * geo::kKnotToMps, 2);
  const double cog_var = std::pow(10.0 * geo::kKnotToMps * 3.0 * geo::kDegToRad, 2);
  EXPECT_NEAR(p.velocity_cov_en_m2ps2(0, 0), sog_var, 1e-9);
  EXPECT_NEAR(p.velocity_cov_en_m2ps2(1, 1), cog_var, 1e-9);
  EXPECT_NEAR(p.velocity_cov_en_m2ps2(0, 1), 0.0, 1e-9);
}

TEST_F(FeedValidatorTest, AisCourseZeroGivesNorthwardAndCourse225GivesSouthWest) {
  {
    v1::FeedMessage m = aisPosition(1);
    m.mutable_ais_position()->set_sog_kn(12.0);
    m.mutable_ais_position()->set_cog_deg(0.0);
    const auto item = check(m);
    ASSERT_TRUE(item.has_value());
    const auto& p = std::get<core::PositionMeasurement>(scanOf(item).measurements[0].data);
    EXPECT_NEAR(p.velocity_en_mps->x(), 0.0, 1e-9);
    EXPECT_NEAR(p.velocity_en_mps->y(), 12.0 * geo::kKnotToMps, 1e-9);
  }
  {
    v1::FeedMessage m = aisPosition(2);
    m.mutable_ais_position()->set_sog_kn(10.0);
    m.mutable_ais_position()->set_cog_deg(225.0);
    const auto item = check(m);
    ASSERT_TRUE(item.has_value());
    const auto& p = std::get<core::PositionMeasurement>(scanOf(item).measurements[0].data);
    const double c = 10.0 * geo::kKnotToMps / std::sqrt(2.0);
    EXPECT_NEAR(p.velocity_en_mps->x(), -c, 1e-9);
    EXPECT_NEAR(p.velocity_en_mps->y(), -c, 1e-9);
  }
}

TEST_F(FeedValidatorTest, AisWithoutSogOrCogHasNoVelocityAndLowAccuracySigma) {
  v1::FeedMessage m = aisPosition(1);
  m.mutable_ais_position()->set_position_accuracy_high(false);
  m.mutable_ais_position()->set_cog_deg(90.0);  // course without speed: not a velocity
  const auto item = check(m);
  ASSERT_TRUE(item.has_value());
  const auto& p = std::get<core::PositionMeasurement>(scanOf(item).measurements[0].data);
  EXPECT_FALSE(p.velocity_en_mps.has_value());
  EXPECT_TRUE(p.cov_en_m2.isApprox(core::Mat2::Identity() * 900.0));  // PA low: 30 m
}

TEST_F(FeedValidatorTest, AisBelowOneKnotGetsIsotropicVelocityCovariance) {
  v1::FeedMessage m = aisPosition(1);
  m.mutable_ais_position()->set_sog_kn(0.3);
  m.mutable_ais_position()->set_cog_deg(123.0);
  const auto item = check(m);
  ASSERT_TRUE(item.has_value());
  const auto& p = std::get<core::PositionMeasurement>(scanOf(item).measurements[0].data);
  ASSERT_TRUE(p.velocity_en_mps.has_value());
  const core::Mat2& cov = p.velocity_cov_en_m2ps2;
  EXPECT_DOUBLE_EQ(cov(0, 0), cov(1, 1));
  EXPECT_DOUBLE_EQ(cov(0, 1), 0.0);
  EXPECT_GT(cov(0, 0), 0.25);
}

TEST_F(FeedValidatorTest, AisStaticDataBecomesIdentityReport) {
  v1::FeedMessage m;
  auto* s = m.mutable_ais_static();
  setHeader(*s->mutable_header(), "ais-aruba", 1, kT0Ns);
  s->set_mmsi(kMmsi);
  s->set_imo(9'876'543);
  s->set_name("SEA BREEZE");
  s->set_call_sign("PJ1234");
  s->set_ship_type(70);
  const auto item = check(m);
  ASSERT_TRUE(item.has_value());
  const auto& r = std::get<core::IdentityReport>(*item);
  EXPECT_EQ(r, (core::IdentityReport{kNow, 1, kMmsi, 9'876'543, 70, "SEA BREEZE", "PJ1234"}));
  EXPECT_EQ(itemTime(*item), kNow);
  EXPECT_EQ(counters_.messages_accepted.load(), 1u);
}

TEST_F(FeedValidatorTest, GeolocatedAircraftContactGetsItsErrorEllipse) {
  v1::FeedMessage m;
  auto* a = m.mutable_aircraft_contacts();
  setHeader(*a->mutable_header(), "mpa-1", 1, kT0Ns);
  auto* nav = a->mutable_navigation();
  nav->mutable_position()->set_lat_deg(12.9);
  nav->mutable_position()->set_lon_deg(-70.3);
  nav->mutable_position()->set_alt_m(1500.0);
  nav->set_position_sigma_m(10.0);
  nav->set_altitude_sigma_m(20.0);
  nav->set_velocity_sigma_mps(0.5);
  auto* geo_contact = a->add_contacts()->mutable_geo();
  geo_contact->mutable_position()->set_lat_deg(12.8);
  geo_contact->mutable_position()->set_lon_deg(-70.2);
  geo_contact->set_semi_major_sigma_m(200.0);
  geo_contact->set_semi_minor_sigma_m(50.0);
  geo_contact->set_orientation_deg(0.0);               // major axis north
  auto* defaulted = a->add_contacts()->mutable_geo();  // no sigma: the sensor's default
  defaulted->mutable_position()->set_lat_deg(12.7);
  defaulted->mutable_position()->set_lon_deg(-70.2);

  const auto item = check(m);
  ASSERT_TRUE(item.has_value());
  const core::Scan& scan = scanOf(item);
  EXPECT_EQ(scan.sensor_kind, core::SensorKind::AirborneRadar);
  ASSERT_TRUE(scan.sensor_ecef_m.has_value());
  ASSERT_THAT(scan.measurements, SizeIs(2));
  const auto& p = std::get<core::PositionMeasurement>(scan.measurements[0].data);
  EXPECT_NEAR(p.cov_en_m2(0, 0), 50.0 * 50.0, 1e-6);
  EXPECT_NEAR(p.cov_en_m2(1, 1), 200.0 * 200.0, 1e-6);
  EXPECT_NEAR(p.cov_en_m2(0, 1), 0.0, 1e-6);
  const auto& q = std::get<core::PositionMeasurement>(scan.measurements[1].data);
  EXPECT_TRUE(q.cov_en_m2.isApprox(core::Mat2::Identity() * 100.0 * 100.0));
}

// --- refused messages -------------------------------------------------------------------------

TEST_F(FeedValidatorTest, MalformedBytesAreRefused) {
  const std::string garbage = "\x0f\xff\xff\xff not a protobuf";
  EXPECT_FALSE(validator_.decode(garbage.data(), garbage.size(), kNow).has_value());
  EXPECT_EQ(rejected(Rejection::Malformed), 1u);
  EXPECT_EQ(counters_.messages_received.load(), 1u);
  EXPECT_EQ(counters_.messages_accepted.load(), 0u);
  EXPECT_EQ(counters_.items_rejected.load(), 1u);
}

TEST_F(FeedValidatorTest, EmptyBodyIsRefused) {
  EXPECT_FALSE(validator_.decode("", 0, kNow).has_value());
  EXPECT_FALSE(check(v1::FeedMessage{}).has_value());
  EXPECT_EQ(rejected(Rejection::EmptyBody), 2u);
}

TEST_F(FeedValidatorTest, MissingHeaderOrZeroSequenceIsRefused) {
  v1::FeedMessage no_header = radarScan(1);
  no_header.mutable_radar_scan()->clear_header();
  EXPECT_FALSE(check(no_header).has_value());
  EXPECT_FALSE(check(radarScan(0)).has_value());
  EXPECT_FALSE(check(radarScan(1, kT0Ns, "")).has_value());
  EXPECT_EQ(rejected(Rejection::MissingHeader), 3u);
}

TEST_F(FeedValidatorTest, UnknownSourceIsRefused) {
  EXPECT_FALSE(check(radarScan(1, kT0Ns, "radar-curacao")).has_value());
  EXPECT_EQ(rejected(Rejection::UnknownSource), 1u);
}

TEST_F(FeedValidatorTest, WrongSensorKindIsRefused) {
  EXPECT_FALSE(check(aisPosition(1, kT0Ns, "radar-aruba")).has_value());
  EXPECT_FALSE(check(radarScan(1, kT0Ns, "ais-aruba")).has_value());
  EXPECT_FALSE(check(radarScan(1, kT0Ns, "mpa-1")).has_value());
  EXPECT_EQ(rejected(Rejection::WrongSensorKind), 3u);
  EXPECT_EQ(counters_.messages_accepted.load(), 0u);
}

TEST_F(FeedValidatorTest, RadarScanWithoutPlatformIsRefused) {
  v1::FeedMessage m = radarScan(1);
  m.mutable_radar_scan()->clear_platform();
  EXPECT_FALSE(check(m).has_value());
  EXPECT_EQ(rejected(Rejection::MissingPlatform), 1u);
}

TEST_F(FeedValidatorTest, NonFiniteSiteIsRefused) {
  v1::FeedMessage m = radarScan(1);
  m.mutable_radar_scan()->mutable_platform()->mutable_fixed_site()->set_lat_deg(kNaN);
  EXPECT_FALSE(check(m).has_value());
  EXPECT_EQ(rejected(Rejection::NonFinite), 1u);
}

TEST_F(FeedValidatorTest, NaNRangeDropsThePlotAndCountsIt) {
  v1::FeedMessage m = radarScan(1);
  m.mutable_radar_scan()->mutable_plots(0)->set_range_m(kNaN);
  const auto item = check(m);
  ASSERT_TRUE(item.has_value());  // the scan itself is good: an empty scan (misses count)
  EXPECT_TRUE(scanOf(item).measurements.empty());
  EXPECT_EQ(rejected(Rejection::NonFinite), 1u);
  EXPECT_EQ(counters_.measurements_accepted.load(), 0u);
}

TEST_F(FeedValidatorTest, NegativeOrZeroSigmaIsOutOfRange) {
  v1::FeedMessage m = radarScan(1);
  m.mutable_radar_scan()->mutable_plots(0)->set_range_sigma_m(-1.0);
  addPlot(*m.mutable_radar_scan(), 10'000.0, 10.0);
  m.mutable_radar_scan()->mutable_plots(1)->set_bearing_sigma_deg(0.0);
  const auto item = check(m);
  ASSERT_TRUE(item.has_value());
  EXPECT_TRUE(scanOf(item).measurements.empty());
  EXPECT_EQ(rejected(Rejection::OutOfRange), 2u);
}

TEST_F(FeedValidatorTest, OneBadPlotAmongGoodOnesIsDroppedAndCounted) {
  v1::FeedMessage m = radarScan(1);
  addPlot(*m.mutable_radar_scan(), 30'000.0, std::numeric_limits<double>::infinity());
  addPlot(*m.mutable_radar_scan(), 12'000.0, 300.0);
  const auto item = check(m);
  ASSERT_TRUE(item.has_value());
  const core::Scan& scan = scanOf(item);
  ASSERT_THAT(scan.measurements, SizeIs(2));
  EXPECT_DOUBLE_EQ(std::get<core::PolarMeasurement>(scan.measurements[0].data).range_m, 20'000.0);
  EXPECT_DOUBLE_EQ(std::get<core::PolarMeasurement>(scan.measurements[1].data).range_m, 12'000.0);
  EXPECT_EQ(rejected(Rejection::NonFinite), 1u);
  EXPECT_EQ(counters_.items_rejected.load(), 1u);
  EXPECT_EQ(counters_.measurements_accepted.load(), 2u);
  EXPECT_EQ(counters_.messages_accepted.load(), 1u);
}

TEST_F(FeedValidatorTest, PlotTimeFarFromScanTimeIsOutOfRange) {
  v1::FeedMessage m = radarScan(1);
  m.mutable_radar_scan()->mutable_plots(0)->set_time_ns(kT0Ns - 121 * kSecondNs);
  const auto item = check(m);
  ASSERT_TRUE(item.has_value());
  EXPECT_TRUE(scanOf(item).measurements.empty());
  EXPECT_EQ(rejected(Rejection::OutOfRange), 1u);
}

TEST_F(FeedValidatorTest, ExtremePlotTimesAreOutOfRangeWithoutOverflow) {
  // plot time - scan time would overflow int64 for these (undefined behaviour under UBSan).
  v1::FeedMessage m = radarScan(1);
  m.mutable_radar_scan()->mutable_plots(0)->set_time_ns(std::numeric_limits<std::int64_t>::min());
  addPlot(*m.mutable_radar_scan(), 10'000.0, 10.0);
  m.mutable_radar_scan()->mutable_plots(1)->set_time_ns(std::numeric_limits<std::int64_t>::max());
  addPlot(*m.mutable_radar_scan(), 10'000.0, 20.0);
  m.mutable_radar_scan()->mutable_plots(2)->set_time_ns(kT0Ns + 120 * kSecondNs);  // the limit
  const auto item = check(m);
  ASSERT_TRUE(item.has_value());
  ASSERT_THAT(scanOf(item).measurements, SizeIs(1));
  EXPECT_EQ(scanOf(item).measurements[0].time, core::Timestamp{kT0Ns + 120 * kSecondNs});
  EXPECT_EQ(rejected(Rejection::OutOfRange), 2u);
}

TEST_F(FeedValidatorTest, AisLatitude91MeansNotAvailableAndIsRefused) {
  v1::FeedMessage m = aisPosition(1);
  m.mutable_ais_position()->set_lat_deg(91.0);
  m.mutable_ais_position()->set_lon_deg(181.0);
  EXPECT_FALSE(check(m).has_value());
  EXPECT_EQ(rejected(Rejection::OutOfRange), 1u);
}

TEST_F(FeedValidatorTest, AisSpeedNotAvailableIsRefused) {
  // ITU-R M.1371: SOG 102.3 kn means "not available"; it must be left unset instead.
  v1::FeedMessage m = aisPosition(1);
  m.mutable_ais_position()->set_sog_kn(102.3);
  m.mutable_ais_position()->set_cog_deg(360.0);
  EXPECT_FALSE(check(m).has_value());
  EXPECT_EQ(rejected(Rejection::OutOfRange), 1u);
}

TEST_F(FeedValidatorTest, AisNaNCourseIsRefused) {
  v1::FeedMessage m = aisPosition(1);
  m.mutable_ais_position()->set_sog_kn(5.0);
  m.mutable_ais_position()->set_cog_deg(kNaN);
  EXPECT_FALSE(check(m).has_value());
  EXPECT_EQ(rejected(Rejection::NonFinite), 1u);
}

TEST_F(FeedValidatorTest, InvalidMmsiIsRefused) {
  v1::FeedMessage short_mmsi = aisPosition(1);
  short_mmsi.mutable_ais_position()->set_mmsi(12345);
  v1::FeedMessage ten_digits = aisPosition(2);
  ten_digits.mutable_ais_position()->set_mmsi(1'000'000'000u);
  EXPECT_FALSE(check(short_mmsi).has_value());
  EXPECT_FALSE(check(ten_digits).has_value());
  EXPECT_EQ(rejected(Rejection::InvalidMmsi), 2u);
}

TEST_F(FeedValidatorTest, AbsurdTimeIsRefused) {
  EXPECT_FALSE(check(radarScan(1, 1'000 * kSecondNs)).has_value());  // 1970
  EXPECT_FALSE(check(radarScan(2, 0)).has_value());
  EXPECT_EQ(rejected(Rejection::AbsurdTime), 2u);
}

TEST_F(FeedValidatorTest, WallReferenceRefusesTooNewAndTooOld) {
  EXPECT_TRUE(check(radarScan(1, kT0Ns + 59 * kSecondNs)).has_value());
  EXPECT_FALSE(check(radarScan(2, kT0Ns + 61 * kSecondNs)).has_value());
  EXPECT_EQ(rejected(Rejection::TooNew), 1u);
  EXPECT_TRUE(check(radarScan(3, kT0Ns - 3599 * kSecondNs)).has_value());
  EXPECT_FALSE(check(radarScan(4, kT0Ns - 3601 * kSecondNs)).has_value());
  EXPECT_EQ(rejected(Rejection::TooOld), 1u);
  // The reference is what the caller passes: the same data is fine an hour later.
  EXPECT_TRUE(check(radarScan(5, kT0Ns + 61 * kSecondNs), kNow + core::Duration::fromSeconds(3600))
                  .has_value());
}

TEST_F(FeedValidatorDataTimeTest, DataReferenceJudgesAgainstNewestAcceptedData) {
  // The wall-clock argument is ignored: any sane first time is accepted.
  const core::Timestamp ignored{0};
  EXPECT_TRUE(check(radarScan(1, kT0Ns), ignored).has_value());
  EXPECT_FALSE(check(radarScan(2, kT0Ns + 61 * kSecondNs), ignored).has_value());
  EXPECT_EQ(rejected(Rejection::TooNew), 1u);
  EXPECT_FALSE(check(radarScan(3, kT0Ns - 3601 * kSecondNs), ignored).has_value());
  EXPECT_EQ(rejected(Rejection::TooOld), 1u);
  // Data moving forward in steps moves the reference with it.
  EXPECT_TRUE(check(radarScan(4, kT0Ns + 50 * kSecondNs), ignored).has_value());
  EXPECT_TRUE(check(radarScan(5, kT0Ns + 100 * kSecondNs), ignored).has_value());
  EXPECT_TRUE(check(aisPosition(1, kT0Ns + 150 * kSecondNs), ignored).has_value());
  EXPECT_EQ(counters_.messages_accepted.load(), 4u);
}

TEST_F(FeedValidatorTest, DuplicateSequenceIsRefused) {
  EXPECT_TRUE(check(radarScan(5)).has_value());
  EXPECT_FALSE(check(radarScan(5)).has_value());
  EXPECT_FALSE(check(radarScan(4)).has_value());
  EXPECT_EQ(rejected(Rejection::DuplicateSequence), 2u);
  EXPECT_TRUE(check(radarScan(6)).has_value());
  EXPECT_EQ(counters_.sequence_gaps.load(), 0u);
}

TEST_F(FeedValidatorTest, SequenceGapsAreCountedAndTheMessageKept) {
  EXPECT_TRUE(check(radarScan(1)).has_value());
  EXPECT_TRUE(check(radarScan(4)).has_value());   // 2 and 3 lost
  EXPECT_TRUE(check(radarScan(10)).has_value());  // 5..9 lost
  EXPECT_EQ(counters_.sequence_gaps.load(), 7u);
  EXPECT_EQ(counters_.source_restarts.load(), 0u);
}

TEST_F(FeedValidatorTest, SequencesAreTrackedPerSource) {
  EXPECT_TRUE(check(radarScan(7)).has_value());
  EXPECT_TRUE(check(aisPosition(7)).has_value());  // same number, other source: no duplicate
  EXPECT_TRUE(check(aisPosition(8)).has_value());
  EXPECT_EQ(rejected(Rejection::DuplicateSequence), 0u);
  EXPECT_EQ(counters_.sequence_gaps.load(), 0u);
}

TEST_F(FeedValidatorTest, RestartAtSequenceOneIsCountedAndAccepted) {
  for (std::uint64_t s = 1; s <= 3; ++s) EXPECT_TRUE(check(radarScan(s)).has_value());
  EXPECT_TRUE(check(radarScan(1)).has_value());
  EXPECT_TRUE(check(radarScan(2)).has_value());
  EXPECT_EQ(counters_.source_restarts.load(), 1u);
  EXPECT_EQ(rejected(Rejection::DuplicateSequence), 0u);
  EXPECT_EQ(counters_.sequence_gaps.load(), 0u);
}

TEST_F(FeedValidatorTest, EndOfStreamIsAcceptedFromAnySource) {
  const auto from_sensor = check(endOfStream("radar-aruba", 12));
  ASSERT_TRUE(from_sensor.has_value());
  const auto& e = std::get<EndOfStreamItem>(*from_sensor);
  EXPECT_EQ(e, (EndOfStreamItem{"radar-aruba", kNow, 11, "scenario complete"}));
  // A source that is not a configured sensor (the simulator itself) may end too.
  EXPECT_TRUE(check(endOfStream("sensors-sim", 1)).has_value());
  EXPECT_EQ(counters_.end_of_streams.load(), 2u);
  EXPECT_EQ(counters_.messages_accepted.load(), 2u);
  EXPECT_EQ(counters_.items_rejected.load(), 0u);
}

TEST_F(FeedValidatorTest, EndOfStreamTakesPartInTheSequence) {
  EXPECT_TRUE(check(radarScan(1)).has_value());
  EXPECT_TRUE(check(endOfStream("radar-aruba", 3)).has_value());
  EXPECT_EQ(counters_.sequence_gaps.load(), 1u);
  EXPECT_FALSE(check(endOfStream("radar-aruba", 3)).has_value());
  EXPECT_EQ(rejected(Rejection::DuplicateSequence), 1u);
}

TEST_F(FeedValidatorTest, SensorIndexFollowsTheConfiguredOrder) {
  EXPECT_EQ(validator_.sensorIndex("radar-aruba"), 0u);
  EXPECT_EQ(validator_.sensorIndex("ais-aruba"), 1u);
  EXPECT_EQ(validator_.sensorIndex("mpa-1"), 2u);
  EXPECT_FALSE(validator_.sensorIndex("nobody").has_value());
}

TEST_F(FeedValidatorTest, ReportNamesEveryNonZeroRejection) {
  (void)check(radarScan(1, kT0Ns, "nobody"));
  (void)check(radarScan(1, kT0Ns + 3600 * kSecondNs));
  const std::string report = counters_.report();
  EXPECT_THAT(report, HasSubstr("rejected.unknown_source=1\n"));
  EXPECT_THAT(report, HasSubstr("rejected.too_new=1\n"));
  EXPECT_THAT(report, HasSubstr("rejected_total=2\n"));
  EXPECT_THAT(report, HasSubstr("messages_received=2\n"));
  EXPECT_THAT(report, ::testing::Not(HasSubstr("rejected.malformed")));
}

}  // namespace
}  // namespace picket::io
