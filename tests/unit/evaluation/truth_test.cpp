#include "evaluation/truth.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <string>

namespace picket::evaluation {
namespace {

const std::string kHeader =
    "time_ns,platform_id,class,illicit,lat_deg,lon_deg,alt_m,speed_mps,course_deg,mmsi\n";

std::string errorOf(const std::string& text) {
  std::istringstream in(text);
  try {
    readTruthCsv(in);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(ReadTruthCsv, ParsesRowsAsWritten) {
  std::istringstream in(kHeader +
                        "1000000000,merchant-1,merchant,0,12.8400000,-69.5500000,0.00,6.688,"
                        "270.00,355417000\n"
                        "1000000000,go-fast-1,go-fast,1,12.3000000,-70.8000000,0.00,23.150,"
                        "45.10,0\n");
  const std::vector<TruthSample> rows = readTruthCsv(in);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].time.ns, 1'000'000'000);
  EXPECT_EQ(rows[0].platform_id, "merchant-1");
  EXPECT_EQ(rows[0].platform_class, "merchant");
  EXPECT_FALSE(rows[0].illicit);
  EXPECT_DOUBLE_EQ(rows[0].position.lon_deg, -69.55);
  EXPECT_EQ(rows[0].mmsi, 355417000u);
  EXPECT_TRUE(rows[1].illicit);
  EXPECT_DOUBLE_EQ(rows[1].course_deg, 45.1);
}

TEST(ReadTruthCsv, NamesTheLineOfAMalformedRow) {
  EXPECT_NE(errorOf(kHeader + "1,a,merchant,0,12,-70,0,1,2,0\n2,b,merchant,0,x,-70,0,1,2,0\n")
                .find("line 3"),
            std::string::npos);
  EXPECT_NE(errorOf(kHeader + "1,a,merchant,0,12,-70\n").find("line 2: expected 10 fields"),
            std::string::npos);
  EXPECT_NE(errorOf(kHeader + "1,a,merchant,yes,12,-70,0,1,2,0\n").find("line 2"),
            std::string::npos);
}

TEST(ReadTruthCsv, RejectsAMissingHeader) {
  EXPECT_NE(errorOf("").find("line 1"), std::string::npos);
  EXPECT_NE(errorOf("time_s,track_id\n").find("expected header"), std::string::npos);
}

}  // namespace
}  // namespace picket::evaluation
