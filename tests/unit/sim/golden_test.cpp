// Golden output: the first minute of caribbean-demo with seed 1, as reviewed text. A change to
// any model, figure or random draw shows up here as a diff. Regenerate deliberately with
//   PICKET_UPDATE_GOLDEN=1 build/bin/unit_sim_tests --gtest_filter='Golden.*'
// and review the diff of tests/unit/sim/golden/ before committing.

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/caribbean_demo.hpp"
#include "sim/feed_generator.hpp"

namespace picket::sim {
namespace {

const std::string kGoldenPath =
    std::string(PICKET_SOURCE_DIR) + "/tests/unit/sim/golden/caribbean_demo_seed1_60s.txt";

std::string renderRun() {
  Scenario s = makeCaribbeanDemo();
  s.duration = core::Duration::fromSeconds(60.0);
  std::ostringstream out;
  for (const SimMessage& m : generateAll(s, 1, core::Timestamp{1'700'000'000'000'000'000})) {
    std::string text;
    google::protobuf::TextFormat::PrintToString(m.message, &text);
    out << "# topic " << m.topic << "\n# origins";
    for (const auto& o : m.origins) out << ' ' << (o.empty() ? "-" : o);
    out << '\n' << text << '\n';
  }
  return out.str();
}

TEST(Golden, FirstMinuteOfTheDemoMatchesTheReviewedText) {
  const std::string actual = renderRun();
  if (std::getenv("PICKET_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(kGoldenPath, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << kGoldenPath;
  }
  std::ifstream in(kGoldenPath, std::ios::binary);
  ASSERT_TRUE(in) << "missing " << kGoldenPath;
  std::stringstream expected;
  expected << in.rdbuf();
  // Compare line by line to report the first difference rather than two whole files.
  std::istringstream a(actual);
  std::istringstream e(expected.str());
  std::string la;
  std::string le;
  int line = 0;
  while (true) {
    const bool more_a = static_cast<bool>(std::getline(a, la));
    const bool more_e = static_cast<bool>(std::getline(e, le));
    ++line;
    if (!more_a && !more_e) break;
    ASSERT_EQ(more_a, more_e) << "length differs at line " << line;
    ASSERT_EQ(la, le) << "first difference at line " << line << " of " << kGoldenPath;
  }
}

}  // namespace
}  // namespace picket::sim
