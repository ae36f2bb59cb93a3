// The correlator's whole per-message path on one core, without sockets: decode and validate
// the wire bytes of the caribbean-demo scenario (90 simulated minutes, 4,147 messages, 9,409
// measurements), reorder, track, cue. Throughput is reported in measurements per second.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "cueing/alert_manager.hpp"
#include "io/config.hpp"
#include "io/counters.hpp"
#include "io/feed_validator.hpp"
#include "io/reorder_buffer.hpp"
#include "sim/caribbean_demo.hpp"
#include "sim/feed_generator.hpp"
#include "tracking/tracker.hpp"

namespace {

using namespace picket;

// 2026-03-01T12:00:00Z.
constexpr std::int64_t kStartNs = 1'772'366'400LL * 1'000'000'000LL;

std::vector<std::string> demoPayloads() {
  std::vector<std::string> out;
  for (const auto& m : sim::generateAll(sim::makeCaribbeanDemo(), 1, core::Timestamp{kStartNs})) {
    out.push_back(m.message.SerializeAsString());
  }
  return out;
}

void BM_DemoScenarioEndToEndInProcess(benchmark::State& state) {
  const std::vector<std::string> payloads = demoPayloads();
  const io::FusiondConfig config = io::loadConfig(std::string(PICKET_SOURCE_DIR) + "/config/demo.yaml");
  std::vector<tracking::SensorInfo> sensors;
  for (const auto& s : config.sensors) sensors.push_back(s.info);
  std::uint64_t measurements = 0;
  std::uint64_t alerts = 0;
  for (auto _ : state) {
    io::Counters counters;
    io::FeedValidator validator(config, counters);
    io::ReorderBuffer reorder(core::Duration::fromSeconds(config.input.reorder_window_s));
    tracking::Tracker tracker(config.tracker, sensors);
    cueing::AlertManager manager(config.cueing,
                                 cueing::PartnerTable(config.partners, config.default_partner));
    auto process = [&](std::vector<io::InputItem> items) {
      for (const auto& item : items) {
        if (const auto* scan = std::get_if<core::Scan>(&item)) {
          alerts += manager.onStep(tracker, tracker.processScan(*scan)).size();
        } else if (const auto* id = std::get_if<core::IdentityReport>(&item)) {
          benchmark::DoNotOptimize(tracker.applyIdentity(*id));
        }
      }
    };
    for (const auto& p : payloads) {
      if (auto item = validator.decode(p.data(), p.size(), core::Timestamp{})) {
        reorder.push(std::move(*item));
        process(reorder.release());
      }
    }
    process(reorder.flush());
    measurements += counters.measurements_accepted.load();
  }
  state.counters["measurements_per_s"] =
      benchmark::Counter(static_cast<double>(measurements), benchmark::Counter::kIsRate);
  state.counters["alerts_per_run"] =
      static_cast<double>(alerts) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_DemoScenarioEndToEndInProcess)->Unit(benchmark::kMillisecond);

}  // namespace
