// fusion-eval as a process: exit codes and the JSON summary on small hand-made files.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace {

using picket::testing::ChildProcess;
using picket::testing::TempDir;
using namespace std::chrono_literals;

const std::string kBin = PICKET_BIN_DIR;

// Two platforms at three times (ns), 10 s apart.
const char* kTruth =
    "time_ns,platform_id,class,illicit,lat_deg,lon_deg,alt_m,speed_mps,course_deg,mmsi\n"
    "1772366400000000000,ship-a,merchant,0,12.8000000,-70.4000000,0.00,0.0,0.0,355417000\n"
    "1772366400000000000,ship-b,go-fast,1,12.5000000,-70.6000000,0.00,0.0,0.0,0\n"
    "1772366410000000000,ship-a,merchant,0,12.8000000,-70.4000000,0.00,0.0,0.0,355417000\n"
    "1772366410000000000,ship-b,go-fast,1,12.5000000,-70.6000000,0.00,0.0,0.0,0\n"
    "1772366420000000000,ship-a,merchant,0,12.8000000,-70.4000000,0.00,0.0,0.0,355417000\n"
    "1772366420000000000,ship-b,go-fast,1,12.5000000,-70.6000000,0.00,0.0,0.0,0\n";

const char* kHeader =
    "time_s,track_id,lat_deg,lon_deg,vel_east_mps,vel_north_mps,status,alt_m,cov_ee_m2,"
    "cov_en_m2,cov_nn_m2,mmsi\n";

std::string row(double t, int id, double lat, double lon) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%.3f,%d,%.7f,%.7f,0.000,0.000,confirmed,0.0,100.0,0.0,100.0,0\n",
                t, id, lat, lon);
  return buf;
}

struct EvalRun {
  std::optional<int> code;
  std::string out;
  std::string err;
};

EvalRun runEval(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), kBin + "/fusion-eval");
  ChildProcess p(args, dir.file("stderr"));
  EvalRun r;
  while (auto line = p.readLine(30s)) r.out += *line + "\n";
  r.code = p.wait(30s);
  r.err = picket::testing::readFile(dir.file("stderr"));
  return r;
}

TEST(FusionEval, PerfectTracksScoreZeroAndAnIdChangeIsOneSwitch) {
  TempDir dir;
  picket::testing::writeFile(dir.file("truth.csv"), kTruth);
  std::string perfect = kHeader;
  std::string switched = kHeader;
  for (int k = 0; k < 3; ++k) {
    const double t = 1772366400.0 + 10.0 * k;
    perfect += row(t, 1, 12.8, -70.4) + row(t, 2, 12.5, -70.6);
    // The go-fast's track changes ID at the last time.
    switched += row(t, 1, 12.8, -70.4) + row(t, k < 2 ? 2 : 7, 12.5, -70.6);
  }
  picket::testing::writeFile(dir.file("perfect.csv"), perfect);
  picket::testing::writeFile(dir.file("switched.csv"), switched);

  const EvalRun a = runEval(dir, {"--tracks", dir.file("perfect.csv"), "--truth", dir.file("truth.csv"),
                              "--json", "--max-track-age-s", "5"});
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_NE(a.out.find("\"mean_ospa_m\":0.000"), std::string::npos) << a.out;
  EXPECT_NE(a.out.find("\"id_switches\":0"), std::string::npos) << a.out;
  EXPECT_NE(a.out.find("\"coverage\":1.0000"), std::string::npos) << a.out;

  const EvalRun b = runEval(dir, {"--tracks", dir.file("switched.csv"), "--truth", dir.file("truth.csv"),
                              "--json", "--max-track-age-s", "5"});
  ASSERT_EQ(b.code, 0) << b.err;
  EXPECT_NE(b.out.find("\"id_switches\":1"), std::string::npos) << b.out;
}

TEST(FusionEval, UnreadableOrMalformedInputExitsOneNamingTheFile) {
  TempDir dir;
  picket::testing::writeFile(dir.file("truth.csv"), kTruth);
  picket::testing::writeFile(dir.file("bad.csv"), std::string(kHeader) + "1,2,3\n");
  const EvalRun missing =
      runEval(dir, {"--tracks", dir.file("nope.csv"), "--truth", dir.file("truth.csv")});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("nope.csv"), std::string::npos) << missing.err;
  const EvalRun bad = runEval(dir, {"--tracks", dir.file("bad.csv"), "--truth", dir.file("truth.csv")});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("line 2"), std::string::npos) << bad.err;
}

TEST(FusionEval, BadArgumentsExitTwo) {
  TempDir dir;
  EXPECT_EQ(runEval(dir, {"--bogus"}).code, 2);
  EXPECT_EQ(runEval(dir, {"--tracks", "x.csv"}).code, 2);
  EXPECT_EQ(runEval(dir, {"--tracks", "x.csv", "--truth", "y.csv", "--alpha", "1"}).code, 2);
}

}  // namespace
