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
  u << "usage: sensors-sim (--connect ENDPOINT [--speed FACTOR|max] | --record FILE) [--seed N]\n"
       "                   [--scenario NAME|FILE.yaml] [--duration-s S]\n"
       "                   [--start ISO8601 | --start-time-ns NS] [--wait-subscriber-s S]\n"
       "                   [--truth-csv FILE] [--truth-platforms all|events]\n"
       "                   [--truth-interval-s S] [--events-csv FILE]\n"
       "                   [--fusiond-sensors FILE] [--config-dir DIR] [--quiet]\n"
       "       sensors-sim --scenario NAME (--truth-csv|--events-csv|--fusiond-sensors) FILE...\n"
       "       sensors-sim --list-scenarios [--config-dir DIR]\n"
       "\n"
       "Simulates radar, AIS and patrol-aircraft feeds and sends them to fusiond.\n"
       "\n"
       "  --connect ENDPOINT       fusiond's feed endpoint, e.g. tcp://127.0.0.1:41234 "
       "(required)\n"
       "  --record FILE            write the run to a recording file (receive time = delivery\n"
       "                           time) as fast as possible, instead of sending it\n"
       "  --speed FACTOR|max       simulated seconds per wall second (default 1 = real time);\n"
       "                           max = as fast as possible\n"
       "  --seed N                 random seed, 0..2^64-1 (default: the scenario's, 1 for\n"
       "                           caribbean-demo); same scenario, seed and start time give\n"
       "                           byte-identical messages, truth and events\n"
       "  --scenario NAME|FILE     built-in scenario (";
  const auto names = builtInScenarioNames();
  for (std::size_t i = 0; i < names.size(); ++i) u << (i == 0 ? "" : ", ") << names[i];
  u << "; default caribbean-demo),\n"
       "                           a scenario file (a path, or FILE.yaml), or the name of a file\n"
       "                           in CONFIG_DIR/scenarios/ (see --list-scenarios)\n"
       "  --duration-s S           simulated duration in seconds (default: the scenario's,\n"
       "                           90 min for caribbean-demo)\n"
       "  --start ISO8601          scenario start, e.g. 2026-03-01T00:00:00Z\n"
       "  --start-time-ns NS       scenario start, ns since the Unix epoch UTC\n"
       "                           (default: the scenario's start, else now rounded down to the\n"
       "                           second)\n"
       "  --wait-subscriber-s S    wait this long for fusiond's subscription before sending\n"
       "                           (default 10); exit 2 if none arrives\n"
       "  --truth-csv FILE         write ground truth, one row per active platform per truth\n"
       "                           interval (the scenario's; 10 s for caribbean-demo)\n"
       "  --truth-platforms all|events  truth rows for every platform (default) or only for\n"
       "                           the platforms of planted events, near misses included (a\n"
       "                           24 h theatre's full truth is ~400 MB, its events' a few MB)\n"
       "  --truth-interval-s S     truth row interval, seconds in [0.1, 86400] (default: the\n"
       "                           scenario's truth_interval)\n"
       "  --events-csv FILE        write the planted events (rendezvous, dark runs, spoofing...)\n"
       "  --fusiond-sensors FILE   write fusiond's sensors: section for the scenario (every\n"
       "                           feed's source ID with its kind, domain, range, site, sigmas)\n"
       "  --config-dir DIR         directory with scenarios/ and geo/ (default: the source\n"
       "                           tree's config/)\n"
       "  --list-scenarios         print the built-in and file scenarios and exit\n"
       "  --quiet                  print errors only\n"
       "  -h, --help               this text\n"
       "\n"
       "Without --connect or --record, the files asked for are written and nothing is run.\n"
       "\n"
       "Exit status: 0 scenario sent, 1 runtime failure (e.g. a bad scenario file), 2 bad\n"
       "arguments or no subscriber, 130 interrupted (an EndOfStream is still sent).\n";
  return u.str();
}

bool filesOnly(const CliOptions& o) {
  return o.connect.empty() && !o.record &&
         (o.truth_csv || o.events_csv || o.fusiond_sensors);
}

CliParseResult parseCli(const std::vector<std::string>& args) {
  CliParseResult r;
  CliOptions& o = r.options;
  static const std::set<std::string> kWithValue = {
      "--connect",         "--speed",      "--seed",       "--scenario",   "--duration-s",
      "--start-time-ns",   "--start",      "--wait-subscriber-s",          "--truth-csv",
      "--events-csv",      "--config-dir", "--record",     "--truth-platforms",
      "--truth-interval-s", "--fusiond-sensors"};
  static const std::set<std::string> kFlags = {"--quiet", "--list-scenarios"};
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
  bool start_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::optional<std::string> value;
    if (const auto eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (kFlags.count(name) != 0) {
      if (value) return fail(name + " takes no value");
      if (name == "--quiet") o.quiet = true;
      if (name == "--list-scenarios") o.list_scenarios = true;
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
      std::uint64_t seed = 0;
      if (!parseNumber(v, seed))
        return fail("--seed must be an integer 0..2^64-1, got '" + v + "'");
      o.seed = seed;
    } else if (name == "--scenario") {
      if (v.empty()) return fail("--scenario needs a name or a file");
      o.scenario = v;
    } else if (name == "--duration-s") {
      double d = 0.0;
      // A year bounds the run and keeps every time in int64 nanoseconds.
      if (!parsePositive(v, d) || d > 366.0 * 86400.0) {
        return fail("--duration-s must be a number of seconds in (0, 31622400], got '" + v + "'");
      }
      o.duration_s = d;
    } else if (name == "--start-time-ns" || name == "--start") {
      if (start_given) return fail("give the start once, with --start or --start-time-ns");
      start_given = true;
      std::int64_t t = 0;
      if (name == "--start") {
        const auto ts = parseUtcTimestamp(v);
        if (!ts)
          return fail("--start must be an ISO-8601 UTC time like 2026-03-01T00:00:00Z, got '" + v +
                      "'");
        t = ts->ns;
      } else if (!parseNumber(v, t)) {
        return fail("--start-time-ns must be an integer in [0, 2^62], got '" + v + "'");
      }
      // 2^62 ns is in the year 2116: far enough, and start + duration cannot overflow.
      if (t < 0 || t > (std::int64_t{1} << 62))
        return fail(name + " must lie in 1970..2116, got '" + v + "'");
      o.start_time_ns = t;
    } else if (name == "--wait-subscriber-s") {
      double w = 0.0;
      if (!parsePositive(v, w) || w > 86400.0) {
        return fail("--wait-subscriber-s must be in (0, 86400], got '" + v + "'");
      }
      o.wait_subscriber_s = w;
    } else if (name == "--record") {
      if (v.empty()) return fail("--record needs a path");
      o.record = v;
    } else if (name == "--truth-platforms") {
      if (v != "all" && v != "events")
        return fail("--truth-platforms must be 'all' or 'events', got '" + v + "'");
      o.truth_event_platforms_only = v == "events";
    } else if (name == "--truth-interval-s") {
      double s = 0.0;
      if (!parsePositive(v, s) || s < 0.1 || s > 86400.0)
        return fail("--truth-interval-s must be in [0.1, 86400], got '" + v + "'");
      o.truth_interval_s = s;
    } else if (name == "--truth-csv" || name == "--events-csv" || name == "--config-dir" ||
               name == "--fusiond-sensors") {
      if (v.empty()) return fail(name + " needs a path");
      (name == "--truth-csv"      ? o.truth_csv
       : name == "--events-csv"   ? o.events_csv
       : name == "--config-dir"   ? o.config_dir
                                  : o.fusiond_sensors) = v;
    }
  }
  if (!o.connect.empty() && o.record) return fail("give --connect or --record, not both");
  if (o.connect.empty() && !o.record && !o.list_scenarios && !filesOnly(o)) {
    return fail("--connect ENDPOINT or --record FILE is required (or only files to write: "
                "--truth-csv, --events-csv, --fusiond-sensors)");
  }
  return r;
}

std::optional<ScenarioRef> resolveScenario(const std::string& argument,
                                           const std::filesystem::path& scenario_dir) {
  const bool looks_like_file =
      argument.find('/') != std::string::npos ||
      (argument.size() > 5 && argument.compare(argument.size() - 5, 5, ".yaml") == 0);
  if (looks_like_file) return ScenarioRef{false, {}, std::filesystem::path(argument)};
  const auto names = builtInScenarioNames();
  if (std::find(names.begin(), names.end(), argument) != names.end()) {
    return ScenarioRef{true, argument, {}};
  }
  const std::filesystem::path file = scenario_dir / (argument + ".yaml");
  std::error_code ec;
  if (std::filesystem::is_regular_file(file, ec)) return ScenarioRef{false, {}, file};
  return std::nullopt;
}

}  // namespace picket::sim
