#include "io/track_csv.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace picket::io {
namespace {

TrackRow sampleRow() {
  TrackRow r;
  r.time_s = 1772366400.125;
  r.track_id = 42;
  r.status = core::TrackStatus::Coasting;
  r.lat_deg = 12.5012345;
  r.lon_deg = -70.4012345;
  r.alt_m = 0.0;
  r.vel_east_mps = 11.5;
  r.vel_north_mps = -3.25;
  r.cov_ee_m2 = 900.5;
  r.cov_en_m2 = -12.25;
  r.cov_nn_m2 = 400.125;
  r.mmsi = 355417000;
  return r;
}

TEST(TrackCsv, WrittenRowsReadBackEqualAtThePrintedPrecision) {
  std::stringstream ss;
  writeTrackCsvHeader(ss);
  writeTrackCsvRow(ss, sampleRow());
  const std::vector<TrackRow> rows = readTrackCsv(ss);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], sampleRow());
}

TEST(TrackCsv, OutputIsByteIdenticalForTheSameRows) {
  std::stringstream a;
  std::stringstream b;
  for (auto* s : {&a, &b}) {
    writeTrackCsvHeader(*s);
    writeTrackCsvRow(*s, sampleRow());
  }
  EXPECT_EQ(a.str(), b.str());
}

TEST(TrackCsv, MalformedInputIsRefusedNamingTheLine) {
  const auto message = [](const std::string& text) {
    std::stringstream ss(text);
    try {
      readTrackCsv(ss);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::stringstream header;
  writeTrackCsvHeader(header);
  EXPECT_NE(message("").find("no header row"), std::string::npos);
  EXPECT_NE(message("a,b,c\n").find("no 'time_s' column"), std::string::npos);
  EXPECT_NE(message(header.str() + "1,2,3\n").find("line 2: expected 12 fields"), std::string::npos);
  EXPECT_NE(message(header.str() + "1,2,0,0,0,0,sunk,0,0,0,0,0\n").find("line 2: unknown status"),
            std::string::npos);
  EXPECT_NE(message(header.str() + "x,2,0,0,0,0,confirmed,0,0,0,0,0\n").find("line 2: not a number"),
            std::string::npos);
  EXPECT_NE(message(header.str() + "nan,2,0,0,0,0,confirmed,0,0,0,0,0\n").find("line 2"),
            std::string::npos);
  EXPECT_NE(message(header.str() + "1,2,95,0,0,0,confirmed,0,0,0,0,0\n").find("line 2"),
            std::string::npos);
}

TEST(TrackCsv, TheSixInterchangeColumnsAloneAreReadInAnyOrder) {
  // Another tracker's output, with only the required columns, in another order.
  std::stringstream ss(
      "track_id,time_s,vel_north_mps,vel_east_mps,lon_deg,lat_deg\n"
      "7,100.5,-1.5,2.5,-70.25,12.75\n");
  const std::vector<TrackRow> rows = readTrackCsv(ss);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].track_id, 7u);
  EXPECT_DOUBLE_EQ(rows[0].time_s, 100.5);
  EXPECT_DOUBLE_EQ(rows[0].lat_deg, 12.75);
  EXPECT_DOUBLE_EQ(rows[0].lon_deg, -70.25);
  EXPECT_DOUBLE_EQ(rows[0].vel_east_mps, 2.5);
  EXPECT_DOUBLE_EQ(rows[0].vel_north_mps, -1.5);
  EXPECT_EQ(rows[0].status, core::TrackStatus::Confirmed);
  EXPECT_TRUE(std::isnan(rows[0].cov_ee_m2));
}

}  // namespace
}  // namespace picket::io
