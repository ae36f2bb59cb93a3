// sensors-sim: generates the simulated sensor feed and sends it to fusiond, paced against a
// steady clock. All modelling lives in the picket::sim library; this file only wires it to
// the transport.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "io/recording_writer.hpp"
#include "io/transport.hpp"
#include "sim/cli.hpp"
#include "sim/feed_generator.hpp"
#include "sim/fusiond_sensors.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_yaml.hpp"
#include "sim/truth.hpp"

namespace {

namespace core = picket::core;
namespace io = picket::io;
namespace sim = picket::sim;
using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void onSignal(int /*signal*/) { g_interrupted = 1; }

// The linger covers the tail of a fast run (--speed max queues thousands of messages at once)
// so that close() does not drop the end of the stream or the EndOfStream itself.
constexpr std::chrono::milliseconds kLinger{10'000};
// Wake up at least this often while pacing, to notice an interrupt.
constexpr std::chrono::milliseconds kMaxSleep{200};
constexpr core::Duration kProgressEvery = core::Duration::fromMillis(15 * 60'000);

core::Timestamp nowRoundedDownToSecond() {
  const std::int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
  return core::Timestamp{ns - ns % 1'000'000'000};
}

std::string formatNumber(double x) {
  std::ostringstream o;
  o << x;  // shortest natural form: 60, 0.5, 1e+06
  return o.str();
}

std::string formatSeconds(double s) {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(1);
  o << s << " s";
  return o.str();
}

// The config directory: --config-dir, else the source tree's config/ (compiled in).
std::filesystem::path configDir(const sim::CliOptions& options) {
  return options.config_dir ? std::filesystem::path(*options.config_dir)
                            : std::filesystem::path(PICKET_CONFIG_DIR);
}

int listScenarios(const sim::CliOptions& options) {
  const std::filesystem::path dir = configDir(options) / "scenarios";
  for (const auto& name : sim::builtInScenarioNames()) std::cout << name << "\tbuilt-in\n";
  for (const auto& name : sim::scenarioFileNames(dir)) {
    std::cout << name << '\t' << (dir / (name + ".yaml")).string() << '\n';
  }
  return 0;
}

// Writes one CSV through `write`; false (after a message) when the file cannot be written.
template <typename F>
bool writeCsv(const std::string& path, const char* what, F&& write) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) {
    std::cerr << "sensors-sim: cannot write " << what << " file '" << path << "'\n";
    return false;
  }
  write(file);
  file.close();
  if (!file) {
    std::cerr << "sensors-sim: failed writing " << what << " file '" << path << "'\n";
    return false;
  }
  return true;
}

// Writes the whole run to a recording as fast as possible: each message's receive time is its
// delivery time (satellite AIS arrives minutes after its fix), as fusiond would have recorded it.
int record(sim::FeedGenerator& generator, const std::string& path, const std::string& scenario_name,
           std::uint64_t seed, bool quiet) {
  const Clock::time_point wall_start = Clock::now();
  io::RecordingWriterOptions options;
  options.path = path;
  options.overwrite = true;
  // Offline: chunks fill by size, not by a live recorder's loss bound.
  options.chunk_max_span = core::Duration::fromSeconds(3600.0);
  options.writer = "sensors-sim";
  options.metadata = {{"scenario", scenario_name}, {"seed", std::to_string(seed)}};
  io::RecordingWriter writer(options);
  std::map<std::string, std::uint64_t> per_source;
  std::uint64_t written = 0;
  while (auto m = generator.next()) {
    writer.appendFeed(m->delivered, m->topic, m->message);
    ++per_source[m->source_id];
    ++written;
  }
  writer.close();
  const double wall_s = std::chrono::duration<double>(Clock::now() - wall_start).count();
  if (!quiet) {
    std::ostringstream summary;
    summary << "sensors-sim: recorded " << written << " messages (";
    bool first = true;
    for (const auto& [source, count] : per_source) {
      if (!first) summary << ", ";
      summary << source << ' ' << count;
      first = false;
    }
    summary << ") covering " << formatSeconds((generator.endTime() - generator.startTime()).seconds())
            << " simulated in " << formatSeconds(wall_s) << " wall, " << writer.stats().bytes
            << " bytes to " << path;
    std::cerr << summary.str() << '\n';
  }
  return 0;
}

int run(const sim::CliOptions& options) {
  const auto ref = sim::resolveScenario(options.scenario, configDir(options) / "scenarios");
  if (!ref) {
    std::cerr << "sensors-sim: unknown scenario '" << options.scenario
              << "' (not built in, no such file in " << (configDir(options) / "scenarios").string()
              << "; see --list-scenarios)\n";
    return 2;
  }
  sim::Scenario scenario;
  if (ref->built_in) {
    scenario = *sim::builtInScenario(ref->name);
    if (options.seed) scenario.seed = *options.seed;
  } else {
    sim::ScenarioLoadOptions load;
    if (options.config_dir) load.config_dir = std::filesystem::path(*options.config_dir);
    load.seed = options.seed;
    if (options.duration_s) load.duration = core::Duration::fromSeconds(*options.duration_s);
    scenario = sim::loadScenarioFile(ref->file, load);
  }
  if (options.duration_s) {
    scenario.duration = core::Duration::fromSeconds(*options.duration_s);
    // A shortened run holds only the events that begin in it, cut at its end.
    std::erase_if(scenario.events,
                  [&](const sim::PlantedEvent& e) { return e.start >= scenario.duration; });
    for (auto& e : scenario.events) e.end = std::min(e.end, scenario.duration);
  }
  const core::Timestamp start{options.start_time_ns.value_or(
      scenario.start.value_or(nowRoundedDownToSecond()).ns)};
  const std::uint64_t seed = scenario.seed;

  const core::Duration truth_interval = options.truth_interval_s
                                            ? core::Duration::fromSeconds(*options.truth_interval_s)
                                            : scenario.truth_interval;
  if (options.truth_csv &&
      !writeCsv(*options.truth_csv, "truth", [&](std::ostream& out) {
        if (options.truth_event_platforms_only) {
          sim::writeTruthCsv(out, scenario, start, truth_interval, sim::eventPlatformIds(scenario));
        } else {
          sim::writeTruthCsv(out, scenario, start, truth_interval);
        }
      })) {
    return 1;
  }
  if (options.events_csv &&
      !writeCsv(*options.events_csv, "events", [&](std::ostream& out) {
        sim::writeEventsCsv(out, scenario, start);
      })) {
    return 1;
  }

  if (options.fusiond_sensors &&
      !writeCsv(*options.fusiond_sensors, "fusiond sensors", [&](std::ostream& out) {
        sim::writeFusiondSensors(out, scenario);
      })) {
    return 1;
  }
  if (sim::filesOnly(options)) return 0;

  const std::string scenario_name = scenario.name;
  sim::FeedGenerator generator(std::move(scenario), seed, start);
  if (options.record) return record(generator, *options.record, scenario_name, seed, options.quiet);

  zmq::context_t context(1);
  io::SocketFactory factory(context);
  io::EndpointConfig endpoint;
  endpoint.address = options.connect;
  endpoint.linger = kLinger;
  zmq::socket_t socket;
  try {
    socket = factory.connectFeedOutput(endpoint);
  } catch (const zmq::error_t& e) {
    std::cerr << "sensors-sim: cannot connect to '" << options.connect << "': " << e.what()
              << "\n\n"
              << sim::usageText();
    return 2;
  }

  if (!options.quiet) {
    // Streamed piecewise: GCC 12 at -O3 reports a false -Wrestrict on "x" + std::string&&.
    std::cerr << "sensors-sim: scenario " << scenario_name << ", seed " << seed
              << ", start " << start.ns << " ns, "
              << formatSeconds((generator.endTime() - start).seconds()) << " simulated at ";
    if (options.as_fast_as_possible) {
      std::cerr << "max speed";
    } else {
      std::cerr << 'x' << formatNumber(options.speed_factor);
    }
    std::cerr << "; waiting for fusiond's subscription on " << options.connect << '\n';
  }
  const auto wait = std::chrono::milliseconds(
      static_cast<std::int64_t>(std::llround(options.wait_subscriber_s * 1000.0)));
  if (!io::waitForSubscriber(socket, wait)) {
    std::cerr << "sensors-sim: no subscriber on " << options.connect << " within "
              << formatSeconds(options.wait_subscriber_s)
              << " (is fusiond running with its feed input bound there?)\n";
    return 2;
  }

  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);

  const Clock::time_point wall_start = Clock::now();
  // Sleeps until the wall time at which `t` is due; false when interrupted first.
  auto waitUntilDue = [&](core::Timestamp t) {
    if (options.as_fast_as_possible) return g_interrupted == 0;
    // Clamped: --speed 0.001 over a year-long run would overflow int64 nanoseconds.
    const double offset_ns =
        std::min(1e18, static_cast<double>((t - start).ns) / options.speed_factor);
    const Clock::time_point due =
        wall_start + std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(
                         static_cast<std::int64_t>(std::llround(offset_ns))));
    while (g_interrupted == 0) {
      const Clock::time_point now = Clock::now();
      if (now >= due) return true;
      std::this_thread::sleep_until(std::min(due, now + kMaxSleep));
    }
    return false;
  };

  std::map<std::string, std::uint64_t> sent_per_source;
  std::uint64_t sent = 0;
  std::uint64_t send_failures = 0;
  core::Timestamp last_time = start;
  core::Timestamp next_progress = start + kProgressEvery;
  auto send = [&](sim::SimMessage& m) {
    if (io::sendMessage(socket, m.topic, m.message)) {
      ++sent_per_source[m.source_id];
      ++sent;
    } else {
      ++send_failures;
    }
    last_time = m.delivered;
  };

  bool interrupted = false;
  while (auto m = generator.next()) {
    if (!waitUntilDue(m->delivered)) {
      interrupted = true;
      break;
    }
    if (m->message.has_end_of_stream()) {
      // Count what actually left, not what was generated.
      m->message.mutable_end_of_stream()->set_messages_sent(sent);
    }
    send(*m);
    if (!options.quiet && !options.as_fast_as_possible && m->delivered >= next_progress) {
      std::cerr << "sensors-sim: " << formatSeconds((m->delivered - start).seconds()) << " simulated, "
                << sent << " messages sent\n";
      next_progress = next_progress + kProgressEvery;
    }
  }
  if (interrupted) {
    sim::SimMessage eos = sim::makeEndOfStream(last_time, sent, "interrupted");
    send(eos);
  }
  const double wall_s = std::chrono::duration<double>(Clock::now() - wall_start).count();
  socket.close();  // blocks for up to the linger while the queue drains

  if (!options.quiet) {
    std::ostringstream summary;
    summary << "sensors-sim: " << (interrupted ? "interrupted, " : "") << "sent " << sent
            << " messages (";
    bool first = true;
    for (const auto& [source, count] : sent_per_source) {
      summary << (first ? "" : ", ") << source << ' ' << count;
      first = false;
    }
    summary << ") covering " << formatSeconds((last_time - start).seconds()) << " simulated in "
            << formatSeconds(wall_s) << " wall";
    if (send_failures > 0) summary << "; " << send_failures << " could not be queued";
    std::cerr << summary.str() << '\n';
  }
  if (interrupted) return 130;
  return send_failures > 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const sim::CliParseResult parsed = sim::parseCli(args);
  if (parsed.options.help) {
    std::cout << sim::usageText();
    return 0;
  }
  if (!parsed.ok()) {
    std::cerr << "sensors-sim: " << parsed.error << "\n\n" << sim::usageText();
    return 2;
  }
  if (parsed.options.list_scenarios) return listScenarios(parsed.options);
  try {
    return run(parsed.options);
  } catch (const std::exception& e) {
    std::cerr << "sensors-sim: " << e.what() << '\n';
    return 1;
  }
}
