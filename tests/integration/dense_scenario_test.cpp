// A dense synthetic scenario end to end, as processes: fusion-bench --write-scenario (1,000
// targets over an ocean basin, pd 0.9, 50 clutter plots per sweep, 50 m noise, 10 s sweeps),
// fusion-replay --offline, fusion-eval --json. Asserts tracking quality after the confirmation
// period: errors below the raw plot error, nearly every target held by one track, few false
// tracks. One case with straight-running targets (the current tracker's guard), one with a
// fifth of them manoeuvring (the correlator rewrite's target; disabled until it lands).
// Deterministic (seeded), no timing assertions.

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace {

using picket::testing::ChildProcess;
using picket::testing::TempDir;
using namespace std::chrono_literals;

const std::string kBin = PICKET_BIN_DIR;

constexpr int kTargets = 1000;
constexpr double kNoiseM = 50.0;
constexpr double kDurationS = 1200.0;  // 20 minutes, 121 sweeps
// Tracks confirm 3 of 5 sweeps after birth; clutter-born tentatives die 60 s after their
// last plot. Scoring starts after both, so cut-off penalties of the start-up do not count.
constexpr double kScoreFromS = 120.0;
// Truth every 120 s: fusion-eval computes truths x tracks geodesics per truth time (about
// 1.6 s of CPU for 1,000 x 1,000), which would dominate the test at every sweep.
constexpr double kTruthPeriodS = 120.0;
// Mean distance of a plot from its target for a circular Gaussian of sigma per axis (a
// Rayleigh mean): sigma * sqrt(pi / 2), about 62.7 m.
const double kRawPlotErrorM = kNoiseM * std::sqrt(3.14159265358979323846 / 2.0);

struct ProcessRun {
  std::optional<int> code;
  std::string out;
  std::string err;
};

ProcessRun runProcess(const TempDir& dir, const std::string& name, std::vector<std::string> argv) {
  ChildProcess p(std::move(argv), dir.file(name + ".stderr"));
  ProcessRun r;
  while (auto line = p.readLine(600s)) r.out += *line + "\n";
  r.code = p.wait(60s);
  r.err = picket::testing::readFile(dir.file(name + ".stderr"));
  return r;
}

/// A number after "key": in a flat JSON object (fusion-eval --json), or nullopt.
std::optional<double> jsonNumber(const std::string& json, const std::string& key) {
  const std::string pattern = "\"" + key + "\":";
  const auto at = json.find(pattern);
  if (at == std::string::npos) return std::nullopt;
  const char* begin = json.c_str() + at + pattern.size();
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  if (end == begin) return std::nullopt;
  return v;
}

/// Keeps the header and the rows at or after `from_ns`.
std::size_t keepTruthFrom(const std::string& path, long long from_ns) {
  std::ifstream in(path);
  std::string header;
  std::getline(in, header);
  std::ostringstream out;
  out << header << "\n";
  std::size_t kept = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (std::stoll(line.substr(0, line.find(','))) < from_ns) continue;
    out << line << "\n";
    ++kept;
  }
  in.close();
  picket::testing::writeFile(path, out.str());
  return kept;
}

struct Scores {
  double frames = 0, ospa_m = 0, mean_error_m = 0, missed = 0, false_tracks = 0;
  double id_switches = 0, breaks = 0, coverage = 0;
};

/// Writes, tracks and scores one 1,000-target scenario; the scores are printed.
std::optional<Scores> trackAndScore(double manoeuvring_fraction) {
  // GIVEN a written 1,000-target scenario
  TempDir dir;
  const std::string scenario = dir.file("scenario");
  char fraction[32];
  std::snprintf(fraction, sizeof fraction, "%.3f", manoeuvring_fraction);
  const ProcessRun bench = runProcess(
      dir, "bench",
      {kBin + "/fusion-bench", "--write-scenario", scenario, "--tracks", std::to_string(kTargets),
       "--pd", "0.9", "--clutter", "50", "--noise-m", "50", "--scan-period-s", "10",
       "--duration-s", std::to_string(kDurationS), "--truth-period-s",
       std::to_string(kTruthPeriodS), "--manoeuvring", fraction, "--seed", "2026"});
  EXPECT_EQ(bench.code, 0) << bench.err;
  if (bench.code != 0) return std::nullopt;
  std::printf("%s", bench.out.c_str());

  // WHEN Picket tracks it offline
  const ProcessRun replay =
      runProcess(dir, "replay",
                 {kBin + "/fusion-replay", "--offline", "--config", scenario + "/config.yaml",
                  "--detections-csv", scenario + "/detections.csv", "--tracks-csv",
                  dir.file("tracks.csv")});
  EXPECT_EQ(replay.code, 0) << replay.err;
  if (replay.code != 0) return std::nullopt;
  EXPECT_EQ(replay.err.find("rejected."), std::string::npos) << replay.err;
  std::printf("%s", replay.err.c_str());

  // AND it is scored from kScoreFromS on (2026-01-01T00:00:00Z is the scenario's start)
  const long long start_ns = 1'767'225'600'000'000'000LL;
  const std::size_t truth_rows = keepTruthFrom(
      scenario + "/truth.csv", start_ns + static_cast<long long>(kScoreFromS * 1e9));
  EXPECT_GT(truth_rows, 0u);
  const ProcessRun eval = runProcess(
      dir, "eval",
      {kBin + "/fusion-eval", "--tracks", dir.file("tracks.csv"), "--truth",
       scenario + "/truth.csv", "--cutoff-m", "1000", "--order", "1", "--confirmed-only",
       "--json"});
  EXPECT_EQ(eval.code, 0) << eval.err;
  if (eval.code != 0) return std::nullopt;
  std::printf("fusion-eval: %s", eval.out.c_str());

  const auto get = [&](const char* key) {
    const auto v = jsonNumber(eval.out, key);
    EXPECT_TRUE(v.has_value()) << key << " missing in " << eval.out;
    return v.value_or(std::nan(""));
  };
  Scores s;
  s.frames = get("frames");
  s.ospa_m = get("mean_ospa_m");
  s.missed = get("mean_missed");
  s.false_tracks = get("mean_false_tracks");
  s.id_switches = get("id_switches");
  s.breaks = get("breaks");
  s.coverage = get("coverage");
  // With p = 1 the localisation part is the summed distance of the assigned pairs.
  s.mean_error_m = get("mean_gospa_localisation_mp") / (kTargets - s.missed);
  std::printf(
      "dense scenario, %.0f %% manoeuvring: %.0f scored times, raw plot error %.1f m, mean "
      "OSPA %.1f m, mean error of assigned tracks %.1f m, missed %.2f and false %.2f per time, "
      "ID switches %.0f, breaks %.0f, coverage %.4f\n",
      100.0 * manoeuvring_fraction, s.frames, kRawPlotErrorM, s.ospa_m, s.mean_error_m,
      s.missed, s.false_tracks, s.id_switches, s.breaks, s.coverage);
  EXPECT_EQ(s.frames, std::floor((kDurationS - kScoreFromS) / kTruthPeriodS) + 1);
  return s;
}

TEST(DenseScenario, ThousandStraightRunningTargetsWithClutterAreEachHeldByOneTrack) {
  const auto s = trackAndScore(0.0);
  ASSERT_TRUE(s.has_value());
  // THEN the tracks are far better than the plots: a CV filter with the IMM's straight-line
  // noise (0.002 m^2/s^3) on 50 m plots every 10 s settles at 23 m per axis, a mean error of
  // 29 m (Riccati steady state); the IMM's turn model costs a little on top. Measured 33.9 m
  // against 62.7 m for the plots (the CV tracker this replaced: 45.7 m).
  EXPECT_LT(s->mean_error_m, 0.65 * kRawPlotErrorM);
  // OSPA (c = 1000 m, p = 1): each missed or false track adds c / 1000 = 1 m.
  EXPECT_LT(s->ospa_m, 40.0);
  // Every target held by one track throughout (measured: no switch, no break) ...
  EXPECT_LT(s->id_switches + s->breaks, 0.02 * kTargets);
  EXPECT_GT(s->coverage, 0.99);
  EXPECT_LT(s->missed, 0.01 * kTargets);
  // ... and clutter never makes a confirmed track that lasts (measured: 0 per time).
  EXPECT_LT(s->false_tracks, 0.01 * kTargets);
}

// One target in five makes turns of 1-3 deg/s for 20-60 s (up to 180 degrees of course
// change between two scored times). Measured with the IMM tracker (this seed): OSPA 38.6 m,
// mean error of assigned tracks 35.5 m, 4 ID switches, no break, 3.3 false tracks per scored
// time (duplicates after turns, until merged), coverage 1.0. The single-model CV tracker it
// replaced scored OSPA 51.4 m with 150 switches and 10 breaks on the same scenario.
TEST(DenseScenario, ThousandTargetsOneFifthManoeuvringAreEachHeldByOneTrack) {
  const auto s = trackAndScore(0.2);
  ASSERT_TRUE(s.has_value());
  // THEN OSPA is well below the raw plot error, ...
  EXPECT_LT(s->ospa_m, 40.0);
  // ... turns of 1-3 deg/s for 20-60 s do not break tracks ...
  EXPECT_LT(s->id_switches + s->breaks, 0.02 * kTargets);
  EXPECT_GT(s->coverage, 0.99);
  EXPECT_LT(s->missed, 0.01 * kTargets);
  // ... and few false tracks.
  EXPECT_LT(s->false_tracks, 0.01 * kTargets);
}

}  // namespace
