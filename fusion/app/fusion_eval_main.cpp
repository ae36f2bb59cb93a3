// fusion-eval: scores a tracks CSV (fusion-replay --offline) against a truth CSV
// (sensors-sim --truth-csv): OSPA, GOSPA and its parts, ID switches, track breaks, truth
// coverage and position NEES. See fusion/evaluation/README.md for the definitions.
//
//   fusion-eval --tracks T.csv --truth TRUTH.csv [--cutoff-m 1000] [--order 1] [--alpha 2]
//               [--confirmed-only] [--max-track-age-s 60] [--exclude-class C]... [--json]
//
// Exit status: 0 success, 1 bad input file, 2 bad arguments.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "evaluation/evaluator.hpp"
#include "evaluation/truth.hpp"
#include "io/track_csv.hpp"

namespace {

namespace ev = picket::evaluation;

void usage() {
  std::fprintf(
      stderr,
      "usage: fusion-eval --tracks FILE --truth FILE [--cutoff-m M] [--order P] [--alpha 2]\n"
      "                   [--confirmed-only] [--max-track-age-s S] [--exclude-class C]...\n"
      "                   [--json]\n"
      "  --tracks FILE          tracks CSV (fusion-replay --offline)\n"
      "  --truth FILE           truth CSV (sensors-sim --truth-csv)\n"
      "  --cutoff-m M           OSPA/GOSPA cut-off and association gate, metres (default 1000)\n"
      "  --order P              OSPA/GOSPA order, >= 1 (default 1)\n"
      "  --alpha A              GOSPA alpha; only 2 is supported (default 2)\n"
      "  --confirmed-only       only confirmed and coasting tracks count as estimates\n"
      "  --max-track-age-s S    ignore a track whose latest row is older than S (default 60)\n"
      "  --exclude-class C      leave truth platforms of class C out (repeatable). The demo's\n"
      "                         patrol aircraft carries a sensor and is not a surface target:\n"
      "                         pass --exclude-class patrol-aircraft for the caribbean demo\n"
      "  --json                 one JSON object instead of the table\n");
}

struct Args {
  std::string tracks_path;
  std::string truth_path;
  ev::EvaluationConfig config;
  double alpha = 2.0;
  bool json = false;
};

std::optional<double> parseDouble(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Returns the arguments, or an error message.
std::optional<Args> parseArgs(int argc, char** argv, std::string& error) {
  Args a;
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& name = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        error = name + " needs a value";
        return std::nullopt;
      }
      return args[++i];
    };
    auto number = [&](double& out, double min) -> bool {
      const auto v = value();
      if (!v) return false;
      const auto d = parseDouble(*v);
      if (!d || *d < min) {
        char bound[32];
        std::snprintf(bound, sizeof bound, "%g", min);
        error = name + ": expected a number >= " + bound + ", got '" + *v + "'";
        return false;
      }
      out = *d;
      return true;
    };
    if (name == "--tracks" || name == "--truth" || name == "--exclude-class") {
      const auto v = value();
      if (!v) return std::nullopt;
      if (v->empty()) {
        error = name + " needs a non-empty value";
        return std::nullopt;
      }
      if (name == "--tracks")
        a.tracks_path = *v;
      else if (name == "--truth")
        a.truth_path = *v;
      else
        a.config.excluded_classes.insert(*v);
    } else if (name == "--cutoff-m") {
      if (!number(a.config.cutoff_m, 0.0)) return std::nullopt;
      if (a.config.cutoff_m <= 0.0) {
        error = "--cutoff-m must be > 0";
        return std::nullopt;
      }
    } else if (name == "--order") {
      if (!number(a.config.order, 1.0)) return std::nullopt;
    } else if (name == "--alpha") {
      if (!number(a.alpha, 0.0)) return std::nullopt;
      if (a.alpha != 2.0) {
        error = "--alpha: only 2 is supported";
        return std::nullopt;
      }
    } else if (name == "--max-track-age-s") {
      if (!number(a.config.max_track_age_s, 0.0)) return std::nullopt;
    } else if (name == "--confirmed-only") {
      a.config.confirmed_only = true;
    } else if (name == "--json") {
      a.json = true;
    } else {
      error = "unknown argument '" + name + "'";
      return std::nullopt;
    }
  }
  if (a.tracks_path.empty() || a.truth_path.empty()) {
    error = "--tracks and --truth are required";
    return std::nullopt;
  }
  return a;
}

// Opens and parses one file; on failure prints "fusion-eval: PATH: reason" and returns nullopt.
template <typename Reader>
auto readFile(const std::string& path, Reader reader) -> std::optional<decltype(reader(std::cin))> {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fusion-eval: %s: cannot open\n", path.c_str());
    return std::nullopt;
  }
  try {
    return reader(in);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fusion-eval: %s: %s\n", path.c_str(), e.what());
    return std::nullopt;
  }
}

ev::TrackSample toSample(const picket::io::TrackRow& r) {
  ev::TrackSample s;
  // Tracks CSV times carry 3 decimals; round to the nearest nanosecond.
  s.time = picket::core::Timestamp{std::llround(r.time_s * 1e9)};
  s.track_id = r.track_id;
  s.status = r.status;
  s.position = {r.lat_deg, r.lon_deg, r.alt_m};
  s.vel_east_mps = r.vel_east_mps;
  s.vel_north_mps = r.vel_north_mps;
  s.cov_ee_m2 = r.cov_ee_m2;
  s.cov_en_m2 = r.cov_en_m2;
  s.cov_nn_m2 = r.cov_nn_m2;
  return s;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string jsonString(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

void printJson(const Args& a, const ev::EvaluationSummary& s) {
  std::ostringstream o;
  o << "{\"tracks\":" << jsonString(a.tracks_path) << ",\"truth\":" << jsonString(a.truth_path)
    << ",\"cutoff_m\":" << fixed(a.config.cutoff_m, 3) << ",\"order\":" << fixed(a.config.order, 3)
    << ",\"alpha\":" << fixed(a.alpha, 3)
    << ",\"confirmed_only\":" << (a.config.confirmed_only ? "true" : "false")
    << ",\"max_track_age_s\":" << fixed(a.config.max_track_age_s, 3) << ",\"excluded_classes\":[";
  bool first = true;
  for (const std::string& c : a.config.excluded_classes) {
    o << (first ? "" : ",") << jsonString(c);
    first = false;
  }
  o << "],\"frames\":" << s.frames << ",\"mean_ospa_m\":" << fixed(s.mean_ospa_m, 3)
    << ",\"mean_gospa_m\":" << fixed(s.mean_gospa_m, 3)
    << ",\"mean_gospa_localisation_mp\":" << fixed(s.mean_gospa_localisation_mp, 3)
    << ",\"mean_gospa_missed_mp\":" << fixed(s.mean_gospa_missed_mp, 3)
    << ",\"mean_gospa_false_mp\":" << fixed(s.mean_gospa_false_mp, 3)
    << ",\"mean_missed\":" << fixed(s.mean_missed, 3)
    << ",\"mean_false_tracks\":" << fixed(s.mean_false_tracks, 3)
    << ",\"id_switches\":" << s.continuity.id_switches << ",\"breaks\":" << s.continuity.breaks
    << ",\"truth_samples\":" << s.continuity.truth_samples
    << ",\"assigned_samples\":" << s.continuity.assigned_samples
    << ",\"coverage\":" << fixed(s.continuity.coverage(), 4)
    << ",\"nees_mean\":" << fixed(s.nees_mean, 3) << ",\"nees_count\":" << s.nees_count
    << ",\"nees_rejected\":" << s.nees_rejected << "}\n";
  std::fputs(o.str().c_str(), stdout);
}

void printTable(const Args& a, const ev::EvaluationSummary& s) {
  const double p = a.config.order;
  std::string excluded;
  for (const std::string& c : a.config.excluded_classes)
    excluded += (excluded.empty() ? "" : ",") + c;
  std::printf("fusion-eval  tracks %s  truth %s\n", a.tracks_path.c_str(), a.truth_path.c_str());
  std::printf("  cut-off %.1f m, order %g, alpha 2, %s tracks, max age %.1f s, excluded: %s\n",
              a.config.cutoff_m, p, a.config.confirmed_only ? "confirmed/coasting" : "all",
              a.config.max_track_age_s, excluded.empty() ? "none" : excluded.c_str());
  std::printf("  %-34s %12s\n", "metric", "value");
  std::printf("  %-34s %12zu\n", "evaluation times", s.frames);
  std::printf("  %-34s %12.3f\n", "mean OSPA (m)", s.mean_ospa_m);
  std::printf("  %-34s %12.3f\n", "mean GOSPA (m)", s.mean_gospa_m);
  std::printf("  %-34s %12.3f\n", "  mean localisation (m^p)", s.mean_gospa_localisation_mp);
  std::printf("  %-34s %12.3f\n", "  mean missed part (m^p)", s.mean_gospa_missed_mp);
  std::printf("  %-34s %12.3f\n", "  mean false part (m^p)", s.mean_gospa_false_mp);
  std::printf("  %-34s %12.3f\n", "mean missed truths per time", s.mean_missed);
  std::printf("  %-34s %12.3f\n", "mean false tracks per time", s.mean_false_tracks);
  std::printf("  %-34s %12zu\n", "ID switches (total)", s.continuity.id_switches);
  std::printf("  %-34s %12zu\n", "track breaks (total)", s.continuity.breaks);
  std::printf("  %-34s %12.4f\n", "truth coverage", s.continuity.coverage());
  std::printf("  %-34s %12.3f\n", "position NEES mean (2 dof, ~2)", s.nees_mean);
  std::printf("  %-34s %12zu\n", "NEES pairs", s.nees_count);
  std::printf("  %-34s %12zu\n", "NEES pairs with bad covariance", s.nees_rejected);
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      usage();
      return 0;
    }
  }
  std::string error;
  const std::optional<Args> args = parseArgs(argc, argv, error);
  if (!args) {
    std::fprintf(stderr, "fusion-eval: %s\n", error.c_str());
    usage();
    return 2;
  }
  const auto truth =
      readFile(args->truth_path, [](std::istream& in) { return ev::readTruthCsv(in); });
  if (!truth) return 1;
  const auto rows =
      readFile(args->tracks_path, [](std::istream& in) { return picket::io::readTrackCsv(in); });
  if (!rows) return 1;
  std::vector<ev::TrackSample> samples;
  samples.reserve(rows->size());
  for (const picket::io::TrackRow& r : *rows) samples.push_back(toSample(r));
  try {
    const ev::EvaluationResult result = ev::evaluate(*truth, std::move(samples), args->config);
    if (args->json) {
      printJson(*args, result.summary);
    } else {
      printTable(*args, result.summary);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fusion-eval: %s\n", e.what());
    return 1;
  }
  return 0;
}
