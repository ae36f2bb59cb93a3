#include "sim/cli.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <sstream>

#include "sim/scenario.hpp"

namespace picket::sim {

namespace {

template <typename T>
bool parseNumber(const std::string& text, T& out) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto result = std::from_chars(first, last, out);
  return result.ec == std::errc() && result.ptr == last && !text.empty();
}

bool parsePositive(const std::string& text, double& out) {
  return parseNumber(text, out) && std::isfinite(out) && out > 0.0;
}

}  // namespace

std::string usageText() {
  std::ostringstream u;
  u << "usage: sensors-sim --connect ENDPOINT [--speed FACTOR|max] [--seed N]\n"
       "                   [--scenario NAME] [--duration-s S] [--start-time-ns NS]\n"
       "                   [--wait-subscriber-s S] [--truth-csv FILE] [--quiet]\n"
       "\n"
       "Simulates coastal radar, AIS and patrol-aircraft feeds and sends them to fusiond.\n"
       "\n"
       "  --connect ENDPOINT       fusiond's feed endpoint, e.g. tcp://127.0.0.1:41234 "
       "(required)\n"
       "  --speed FACTOR|max       simulated seconds per wall second (default 1 = real time);\n"
       "                           max = as fast as possible\n"
       "  --seed N                 random seed, 0..2^64-1 (default 1); same scenario, seed and\n"
       "                           start time give byte-identical messages\n"
       "  --scenario NAME          built-in scenario (default caribbean-demo); one of:";
  for (const auto& name : builtInScenarioNames()) u << ' ' << name;
  u << "\n"
       "  --duration-s S           simulated duration in seconds (default: the scenario's,\n"
       "                           90 min for caribbean-demo)\n"
       "  --start-time-ns NS       scenario start, ns since the Unix epoch UTC\n"
       "                           (default: now, rounded down to the second)\n"
       "  --wait-subscriber-s S    wait this long for fusiond's subscription before sending\n"
       "                           (default 10); exit 2 if none arrives\n"
       "  --truth-csv FILE         write ground truth, one row per platform per 10 s\n"
       "  --quiet                  print errors only\n"
       "  -h, --help               this text\n"
       "\n"
       "Exit status: 0 scenario sent, 1 runtime failure, 2 bad arguments or no subscriber,\n"
       "130 interrupted (an EndOfStream is still sent).\n";
  return u.str();
}

CliParseResult parseCli(const std::vector<std::string>& args) {
  CliParseResult r;
  CliOptions& o = r.options;
  static const std::set<std::string> kWithValue = {
      "--connect",           "--speed",      "--seed",
      "--scenario",          "--duration-s", "--start-time-ns",
      "--wait-subscriber-s", "--truth-csv"};
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      o.help = true;
      return r;
    }
  }
  auto fail = [&](std::string message) {
    r.error = std::move(message);
    return r;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::optional<std::string> value;
    if (const auto eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (name == "--quiet") {
      if (value) return fail("--quiet takes no value");
      o.quiet = true;
      continue;
    }
    if (kWithValue.count(name) == 0) return fail("unknown argument '" + args[i] + "'");
    if (!value) {
      if (i + 1 >= args.size()) return fail(name + " needs a value");
      value = args[++i];
    }
    const std::string& v = *value;
    if (name == "--connect") {
      if (v.empty()) return fail("--connect needs an endpoint");
      o.connect = v;
    } else if (name == "--speed") {
      if (v == "max") {
        o.as_fast_as_possible = true;
      } else if (parsePositive(v, o.speed_factor) && o.speed_factor >= 1e-3 &&
                 o.speed_factor <= 1e6) {
        o.as_fast_as_possible = false;
      } else {
        return fail("--speed must be a number in [0.001, 1e6] or 'max', got '" + v + "'");
      }
    } else if (name == "--seed") {
      if (!parseNumber(v, o.seed))
        return fail("--seed must be an integer 0..2^64-1, got '" + v + "'");
    } else if (name == "--scenario") {
      const auto names = builtInScenarioNames();
      if (std::find(names.begin(), names.end(), v) == names.end()) {
        return fail("unknown scenario '" + v + "'");
      }
      o.scenario = v;
    } else if (name == "--duration-s") {
      double d = 0.0;
      // A year bounds the run and keeps every time in int64 nanoseconds.
      if (!parsePositive(v, d) || d > 366.0 * 86400.0) {
        return fail("--duration-s must be a number of seconds in (0, 31622400], got '" + v + "'");
      }
      o.duration_s = d;
    } else if (name == "--start-time-ns") {
      std::int64_t t = 0;
      // 2^62 ns is in the year 2116: far enough, and start + duration cannot overflow.
      if (!parseNumber(v, t) || t < 0 || t > (std::int64_t{1} << 62)) {
        return fail("--start-time-ns must be an integer in [0, 2^62], got '" + v + "'");
      }
      o.start_time_ns = t;
    } else if (name == "--wait-subscriber-s") {
      double w = 0.0;
      if (!parsePositive(v, w) || w > 86400.0) {
        return fail("--wait-subscriber-s must be in (0, 86400], got '" + v + "'");
      }
      o.wait_subscriber_s = w;
    } else if (name == "--truth-csv") {
      if (v.empty()) return fail("--truth-csv needs a file name");
      o.truth_csv = v;
    }
  }
  if (o.connect.empty()) return fail("--connect ENDPOINT is required");
  return r;
}

}  // namespace picket::sim
