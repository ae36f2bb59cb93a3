#pragma once
// The caribbean-demo run shared by the generator tests: generated once per test binary.

#include <vector>

#include "sim/caribbean_demo.hpp"
#include "sim/feed_generator.hpp"

namespace picket::sim::testing {

inline constexpr core::Timestamp kDemoStart{1'700'000'000'000'000'000};
inline constexpr std::uint64_t kDemoSeed = 1;

inline const Scenario& demoScenario() {
  static const Scenario scenario = makeCaribbeanDemo();
  return scenario;
}

inline const std::vector<SimMessage>& demoRun() {
  static const std::vector<SimMessage> run = generateAll(demoScenario(), kDemoSeed, kDemoStart);
  return run;
}

}  // namespace picket::sim::testing
