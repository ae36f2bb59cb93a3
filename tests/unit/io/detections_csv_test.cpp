#include "io/detections_csv.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "geo/wgs84.hpp"

namespace picket::io {
namespace {

const std::string kConfig = R"(
instance_id: test-1
sensors:
  - id: radar-a
    kind: coastal_radar
    site: {lat_deg: 12.5, lon_deg: -70.0, alt_m: 30}
    range_sigma_m: 40
    bearing_sigma_deg: 0.5
  - id: eo-b
    kind: airborne_eo_ir
    default_position_sigma_m: 80
partners:
  default: {id: HS, name: High seas authority}
)";

struct Result {
  std::vector<core::Scan> scans;
  DetectionsCsvStats stats;
  std::vector<std::string> log;
};

Result read(const std::string& csv, const std::string& yaml = kConfig) {
  const FusiondConfig config = parseConfig(yaml);
  std::istringstream in(csv);
  Result r;
  r.scans = readDetectionsCsv(in, config, &r.stats,
                              [&](const std::string& line) { r.log.push_back(line); });
  return r;
}

const core::PositionMeasurement& position(const core::Measurement& m) {
  return std::get<core::PositionMeasurement>(m.data);
}

TEST(DetectionsCsv, PositionRowUsesTheSensorsDefaultSigma) {
  const Result r = read("time_s,sensor,lat_deg,lon_deg\n10.5,eo-b,12.6,-70.1\n");
  ASSERT_EQ(r.scans.size(), 1u);
  const core::Scan& s = r.scans[0];
  EXPECT_EQ(s.time.ns, 10'500'000'000LL);
  EXPECT_EQ(s.sensor, 1u);
  EXPECT_EQ(s.sensor_kind, core::SensorKind::AirborneEoIr);
  EXPECT_EQ(s.sequence, 1u);
  EXPECT_FALSE(s.sensor_ecef_m.has_value());
  ASSERT_EQ(s.measurements.size(), 1u);
  const auto& pm = position(s.measurements[0]);
  EXPECT_EQ(pm.position, (core::GeoPoint{12.6, -70.1, 0.0}));
  EXPECT_EQ(pm.cov_en_m2, core::Mat2::Identity() * 80.0 * 80.0);
  EXPECT_EQ(s.measurements[0].time, s.time);
  EXPECT_EQ(r.stats.rows_read, 1u);
  EXPECT_EQ(r.stats.rows_accepted, 1u);
  EXPECT_EQ(r.stats.scans, 1u);
}

TEST(DetectionsCsv, SigmaColumnOverridesTheDefaultAndEmptyKeepsIt) {
  const Result r = read("time_s,sensor,lat_deg,lon_deg,sigma_m\n1,eo-b,12.6,-70.1,15\n"
                        "2,eo-b,12.6,-70.1,\n");
  ASSERT_EQ(r.scans.size(), 2u);
  EXPECT_EQ(position(r.scans[0].measurements[0]).cov_en_m2, core::Mat2::Identity() * 225.0);
  EXPECT_EQ(position(r.scans[1].measurements[0]).cov_en_m2, core::Mat2::Identity() * 6400.0);
}

TEST(DetectionsCsv, PolarRowMatchesTheFeedValidatorsFixedSitePlot) {
  const Result r = read("time_s,sensor,range_m,bearing_deg\n6,radar-a,12000,370\n");
  ASSERT_EQ(r.scans.size(), 1u);
  const core::Scan& s = r.scans[0];
  const FixedSite site = fixedSite({12.5, -70.0, 30.0});
  ASSERT_TRUE(s.sensor_ecef_m.has_value());
  EXPECT_EQ(*s.sensor_ecef_m, site.ecef_m);
  const auto& pm = std::get<core::PolarMeasurement>(s.measurements[0].data);
  EXPECT_EQ(pm, polarFromFixedSite(site, 12000, 40, 370, 0.5));
  EXPECT_DOUBLE_EQ(pm.range_m, 12000.0);
  EXPECT_DOUBLE_EQ(pm.range_sigma_m, 40.0);
  EXPECT_NEAR(pm.bearing_rad, 10.0 * geo::kDegToRad, 1e-12);
  EXPECT_NEAR(pm.bearing_sigma_rad, 0.5 * geo::kDegToRad, 1e-15);
  EXPECT_EQ(pm.sensor_cov_ecef_m2, core::Mat3::Zero());
}

TEST(DetectionsCsv, ExtraColumnsAnyOrderAndQuotingAreAccepted) {
  const Result r = read(
      "id,bearing_deg,\"note\",sensor,range_m,time_s\n"
      "7,90,\"a, quoted \"\"note\"\"\",radar-a,5000,3\r\n");
  ASSERT_EQ(r.scans.size(), 1u);
  const auto& pm = std::get<core::PolarMeasurement>(r.scans[0].measurements[0].data);
  EXPECT_DOUBLE_EQ(pm.range_m, 5000.0);
  EXPECT_EQ(r.scans[0].time.ns, 3'000'000'000LL);
  EXPECT_EQ(r.stats.rowsRejected(), 0u);
}

TEST(DetectionsCsv, RowsOfOneSensorAndTimeFormOneScanInSensorOrder) {
  const Result r = read(
      "time_s,sensor,lat_deg,lon_deg,range_m,bearing_deg\n"
      "0,eo-b,12.6,-70.1,,\n"
      "0,radar-a,,,1000,10\n"
      "0,eo-b,12.7,-70.1,,\n"
      "0,radar-a,,,2000,20\n"
      "6,radar-a,,,1100,11\n"
      "\n"
      "6.0,radar-a,,,2100,21\n"
      "12,eo-b,12.8,-70.1,,\n");
  ASSERT_EQ(r.scans.size(), 4u);
  EXPECT_EQ(r.scans[0].sensor, 0u);  // radar-a first: configuration order at equal time
  EXPECT_EQ(r.scans[0].measurements.size(), 2u);
  EXPECT_EQ(r.scans[0].sequence, 1u);
  EXPECT_EQ(r.scans[1].sensor, 1u);
  EXPECT_EQ(r.scans[1].measurements.size(), 2u);
  EXPECT_EQ(r.scans[1].time.ns, 0);
  EXPECT_EQ(r.scans[2].sensor, 0u);
  EXPECT_EQ(r.scans[2].time.ns, 6'000'000'000LL);
  EXPECT_EQ(r.scans[2].measurements.size(), 2u);
  EXPECT_EQ(r.scans[2].sequence, 2u);
  EXPECT_EQ(r.scans[3].sensor, 1u);
  EXPECT_EQ(r.scans[3].sequence, 2u);
  EXPECT_EQ(r.stats.rows_read, 7u);
  EXPECT_EQ(r.stats.scans, 4u);
}

TEST(DetectionsCsv, EveryRejectionReasonIsCountedWithItsLine) {
  const Result r = read(
      "time_s,sensor,lat_deg,lon_deg,range_m,bearing_deg\n"  // line 1
      "10,eo-b,12.6,-70.1,,\n"                               // 2 ok
      "11,eo-b,12.6,-70.1\n"                                 // 3 wrong_columns (count)
      "11,eo-b,12.6,-70.1,1000,10\n"                         // 4 wrong_columns (both)
      "11,eo-b,,,,\n"                                        // 5 wrong_columns (neither)
      "11,eo-b,12.6,,,\n"                                    // 6 wrong_columns (half)
      "abc,eo-b,12.6,-70.1,,\n"                              // 7 not_a_number
      "11,eo-b,12.6x,-70.1,,\n"                              // 8 not_a_number
      "11,eo-b,nan,-70.1,,\n"                                // 9 non_finite
      "inf,eo-b,12.6,-70.1,,\n"                              // 10 non_finite
      "11,eo-b,91,-70.1,,\n"                                 // 11 out_of_range
      "11,radar-a,,,0,10\n"                                  // 12 out_of_range (range 0)
      "-1,eo-b,12.6,-70.1,,\n"                               // 13 out_of_range (time)
      "11,radar-x,12.6,-70.1,,\n"                            // 14 unknown_sensor
      "9,eo-b,12.6,-70.1,,\n"                                // 15 non_monotonic_time
      "12,eo-b,12.6,-70.1,,\n");                             // 16 ok
  EXPECT_EQ(r.scans.size(), 2u);
  const auto& s = r.stats;
  EXPECT_EQ(s.rows_read, 15u);
  EXPECT_EQ(s.rows_accepted, 2u);
  EXPECT_EQ(s.rejectedFor(DetectionRejection::WrongColumns), 4u);
  EXPECT_EQ(s.rejectedFor(DetectionRejection::NotANumber), 2u);
  EXPECT_EQ(s.rejectedFor(DetectionRejection::NonFinite), 2u);
  EXPECT_EQ(s.rejectedFor(DetectionRejection::OutOfRange), 3u);
  EXPECT_EQ(s.rejectedFor(DetectionRejection::UnknownSensor), 1u);
  EXPECT_EQ(s.rejectedFor(DetectionRejection::NonMonotonicTime), 1u);
  EXPECT_EQ(s.rowsRejected(), 13u);
  ASSERT_EQ(r.log.size(), 13u);
  EXPECT_EQ(r.log[0].rfind("detections CSV line 3: wrong_columns", 0), 0u) << r.log[0];
  EXPECT_EQ(r.log[11].rfind("detections CSV line 14: unknown_sensor: 'radar-x'", 0), 0u)
      << r.log[11];
  EXPECT_EQ(r.log[12].rfind("detections CSV line 15: non_monotonic_time", 0), 0u) << r.log[12];
}

TEST(DetectionsCsv, RejectionLogIsRateLimitedPerReason) {
  std::string csv = "time_s,sensor,lat_deg,lon_deg\n";
  for (int i = 0; i < 25; ++i) csv += "1,nobody,12,-70\n";
  const Result r = read(csv);
  EXPECT_EQ(r.stats.rejectedFor(DetectionRejection::UnknownSensor), 25u);
  ASSERT_EQ(r.log.size(), DetectionsCsvReader::kMaxLoggedPerReason + 1);
  EXPECT_NE(r.log.back().find("not logged"), std::string::npos);
}

TEST(DetectionsCsv, MalformedHeaderThrowsAClearError) {
  const auto header_error = [](const std::string& csv) -> std::string {
    try {
      (void)read(csv);
    } catch (const DetectionsCsvError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(header_error("").find("empty"), std::string::npos);
  EXPECT_NE(header_error("sensor,lat_deg,lon_deg\n").find("time_s"), std::string::npos);
  EXPECT_NE(header_error("time_s,sensor,note\n").find("range_m,bearing_deg"), std::string::npos);
  EXPECT_NE(header_error("time_s,sensor,lat_deg\n").find("lat_deg and lon_deg"),
            std::string::npos);
  EXPECT_NE(header_error("time_s,sensor,range_m\n").find("range_m and bearing_deg"),
            std::string::npos);
  EXPECT_NE(header_error("time_s,sensor,lat_deg,lon_deg,time_s\n").find("twice"),
            std::string::npos);
}

TEST(DetectionsCsv, PolarRowFromASensorWithoutSiteNamesTheSensor) {
  try {
    (void)read("time_s,sensor,range_m,bearing_deg\n1,eo-b,1000,10\n");
    ADD_FAILURE() << "accepted";
  } catch (const DetectionsCsvError& e) {
    EXPECT_NE(std::string(e.what()).find("'eo-b' has no site"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
}

TEST(DetectionsCsvConfig, SiteAndPolarSigmasParseWithDefaults) {
  const FusiondConfig c = parseConfig(kConfig);
  ASSERT_TRUE(c.sensors[0].site.has_value());
  EXPECT_EQ(*c.sensors[0].site, (core::GeoPoint{12.5, -70.0, 30.0}));
  EXPECT_DOUBLE_EQ(c.sensors[0].range_sigma_m, 40.0);
  EXPECT_DOUBLE_EQ(c.sensors[0].bearing_sigma_deg, 0.5);
  EXPECT_FALSE(c.sensors[1].site.has_value());
  EXPECT_DOUBLE_EQ(c.sensors[1].range_sigma_m, 25.0);
  EXPECT_DOUBLE_EQ(c.sensors[1].bearing_sigma_deg, 0.3);
}

TEST(DetectionsCsvConfig, BadSiteAndSigmasAreReportedByKey) {
  const std::string yaml = R"(
instance_id: t
sensors:
  - id: r
    kind: coastal_radar
    site: {lat_deg: 95, alt_m: 0, height: 3}
    range_sigma_m: 0
    bearing_sigma_deg: 46
partners:
  default: {id: HS, name: H}
)";
  std::vector<std::string> problems;
  try {
    (void)parseConfig(yaml);
  } catch (const ConfigError& e) {
    problems = e.problems();
  }
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  EXPECT_NE(all.find("sensors[0].site.lon_deg: required"), std::string::npos) << all;
  EXPECT_NE(all.find("sensors[0].site.lat_deg: 95 is outside"), std::string::npos) << all;
  EXPECT_NE(all.find("sensors[0].site.height: unknown key"), std::string::npos) << all;
  EXPECT_NE(all.find("sensors[0].range_sigma_m: 0 is outside (0, 10000]"), std::string::npos)
      << all;
  EXPECT_NE(all.find("sensors[0].bearing_sigma_deg: 46 is outside"), std::string::npos) << all;
}

}  // namespace
}  // namespace picket::io
