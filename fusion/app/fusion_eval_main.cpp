// fusion-eval: scores a tracks CSV (fusion-replay --offline) against a truth CSV
// (sensors-sim --truth-csv): OSPA, GOSPA and its parts, ID switches, track breaks, truth
// coverage and position NEES; with --events and --alerts, the measures of effectiveness of
// cueing instead: recall and precision against the planted events, near-miss false alarms,
// time from first detection to first cue, custody of the suspects. See
// fusion/evaluation/README.md for the definitions.
//
//   fusion-eval --tracks T.csv --truth TRUTH.csv [--cutoff-m 1000] [--order 1] [--alpha 2]
//               [--confirmed-only] [--max-track-age-s 60] [--exclude-class C]... [--json]
//   fusion-eval --events EVENTS.csv --alerts ALERTS.csv --truth TRUTH.csv --tracks T.csv
//               [--rules FILE] [--grace-s 1800] [--gate-m 1000] [--air-gate-m 30000]
//               [--position-gate-m 10000]
//               [--lookback-s 3600] [--custody-max-age-s 120] [--json]
//               [--config FUSIOND.yaml (--recording RUN.pkrec... | --detections-csv D.csv)
//                [--min-detections 3]]
//
// With --config and a recording (or a detections CSV), each planted event's detection
// opportunity is scored too: the measurements of its platforms in its window, and recall over
// the events a sensor could observe beside the raw recall.
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
#include <variant>
#include <vector>

#include "evaluation/evaluator.hpp"
#include "evaluation/moe.hpp"
#include "evaluation/truth.hpp"
#include "geo/wgs84.hpp"
#include "io/alert_csv.hpp"
#include "io/config.hpp"
#include "io/counters.hpp"
#include "io/detections_csv.hpp"
#include "io/events_csv.hpp"
#include "io/feed_validator.hpp"
#include "io/recording_reader.hpp"
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
      "  --json                 one JSON object instead of the table\n"
      "\n"
      "       fusion-eval --events FILE --alerts FILE --truth FILE --tracks FILE [--rules FILE]\n"
      "                   [--grace-s S] [--gate-m M] [--air-gate-m M] [--position-gate-m M]\n"
      "                   [--lookback-s S]\n"
      "                   [--custody-max-age-s S] [--json]\n"
      "  Measures of effectiveness of cueing against planted events:\n"
      "  --events FILE          planted events (sensors-sim --events-csv)\n"
      "  --alerts FILE          alert events (fusion-replay --alerts-csv)\n"
      "  --truth FILE           truth; only event platforms are used (sensors-sim\n"
      "                         --truth-platforms events keeps the file small)\n"
      "  --tracks FILE          tracks (fusion-replay --tracks-csv), read as a stream\n"
      "  --rules FILE           which rules answer which event kind, 'kind: rule, rule' per\n"
      "                         line (default: the table in fusion/evaluation/README.md)\n"
      "  --grace-s S            an alert up to S after an event's end counts (default 1800)\n"
      "  --gate-m M             track-to-platform association gate, metres (default 1000)\n"
      "  --air-gate-m M         the same for platforms in the air, metres (default 30000)\n"
      "  --position-gate-m M    alerts without a known track: distance to the platform,\n"
      "                         metres (default 10000)\n"
      "  --lookback-s S         track associations count from S before an event (default 3600)\n"
      "  --custody-max-age-s S  a platform is held when an associated row is at most S old\n"
      "                         (default 120; at least the tracks file's row interval)\n"
      "  Detection opportunity (optional): the measurements that could have shown each event\n"
      "  --config FILE          the fusiond configuration of the run (its sensor table)\n"
      "  --recording FILE       the recording replayed (repeatable: files in order), or\n"
      "  --detections-csv FILE  the detections file replayed\n"
      "  --min-detections N     measurements of an event's platforms in its window that make\n"
      "                         it observable (default 3)\n");
}

struct Args {
  std::string tracks_path;
  std::string truth_path;
  std::string events_path;
  std::string alerts_path;
  std::string rules_path;
  std::string config_path;
  std::vector<std::string> recordings;
  std::string detections_path;
  ev::MoeConfig moe;
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
    if (name == "--tracks" || name == "--truth" || name == "--exclude-class" ||
        name == "--events" || name == "--alerts" || name == "--rules" || name == "--config" ||
        name == "--recording" || name == "--detections-csv") {
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
      else if (name == "--events")
        a.events_path = *v;
      else if (name == "--alerts")
        a.alerts_path = *v;
      else if (name == "--rules")
        a.rules_path = *v;
      else if (name == "--config")
        a.config_path = *v;
      else if (name == "--recording")
        a.recordings.push_back(*v);
      else if (name == "--detections-csv")
        a.detections_path = *v;
      else
        a.config.excluded_classes.insert(*v);
    } else if (name == "--grace-s") {
      if (!number(a.moe.grace_s, 0.0)) return std::nullopt;
    } else if (name == "--lookback-s") {
      if (!number(a.moe.lookback_s, 0.0)) return std::nullopt;
    } else if (name == "--gate-m" || name == "--air-gate-m" || name == "--position-gate-m" ||
               name == "--custody-max-age-s") {
      double& out = name == "--gate-m"            ? a.moe.association_gate_m
                    : name == "--air-gate-m"      ? a.moe.air_association_gate_m
                    : name == "--position-gate-m" ? a.moe.position_gate_m
                                                  : a.moe.custody_max_age_s;
      if (!number(out, 0.0)) return std::nullopt;
      if (out <= 0.0) {
        error = name + " must be > 0";
        return std::nullopt;
      }
    } else if (name == "--min-detections") {
      double n = 0.0;
      if (!number(n, 1.0)) return std::nullopt;
      if (n != std::floor(n) || n > 1e9) {
        error = "--min-detections: expected a whole number >= 1";
        return std::nullopt;
      }
      a.moe.min_detections = static_cast<std::size_t>(n);
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
  if (a.events_path.empty() != a.alerts_path.empty()) {
    error = "--events and --alerts go together (measures of effectiveness)";
    return std::nullopt;
  }
  if (!a.rules_path.empty() && a.events_path.empty()) {
    error = "--rules needs --events and --alerts";
    return std::nullopt;
  }
  const bool measurements = !a.recordings.empty() || !a.detections_path.empty();
  if (!a.recordings.empty() && !a.detections_path.empty()) {
    error = "--recording and --detections-csv: give one source of measurements";
    return std::nullopt;
  }
  if ((measurements || !a.config_path.empty()) && a.events_path.empty()) {
    error = "--config, --recording and --detections-csv need --events and --alerts";
    return std::nullopt;
  }
  if (measurements != !a.config_path.empty()) {
    error = "--config goes with --recording or --detections-csv (the sensor table locates "
            "their plots)";
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
  s.mmsi = r.mmsi;
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

std::string optionalSeconds(const std::optional<double>& v, int decimals) {
  return v ? fixed(*v, decimals) : std::string("-");
}

std::string jsonNumberOrNull(const std::optional<double>& v, int decimals) {
  return v ? fixed(*v, decimals) : std::string("null");
}

double share(std::size_t part, std::size_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

void printMoeTable(const Args& a, const ev::MoeResult& r) {
  std::printf("fusion-eval MoE  events %s  alerts %s\n", a.events_path.c_str(),
              a.alerts_path.c_str());
  std::printf("  grace %.0f s, association gate %.0f m (air %.0f m), position gate %.0f m, "
              "lookback %.0f s, custody max age %.0f s\n",
              a.moe.grace_s, a.moe.association_gate_m, a.moe.air_association_gate_m,
              a.moe.position_gate_m, a.moe.lookback_s, a.moe.custody_max_age_s);
  std::printf("  %-34s %12s\n", "measure", "value");
  std::printf("  %-34s %12.3f  (%zu of %zu planted events)\n", "recall", r.recall(), r.matched,
              r.planted);
  if (r.detections_given) {
    std::printf("  %-34s %12.3f  (%zu of %zu observable events; %zu of %zu planted events had\n"
                "  %-34s %12s   at least %zu measurements in their window)\n",
                "recall, observable events", r.observableRecall(), r.observable_matched,
                r.observable, r.observable, r.planted, "", "", a.moe.min_detections);
  }
  std::printf("  %-34s %12.3f  (%zu of %zu alert IDs)\n", "precision", r.precision(),
              r.true_alerts, r.scored_alerts);
  std::printf("  %-34s %12zu  (%zu of %zu near-miss events alerted)\n",
              "near-miss false alarms", r.near_miss_false_alerts, r.near_misses_alerted,
              r.near_misses);
  std::printf("  %-34s %12s\n", "time to first cue, median (s)",
              optionalSeconds(r.timeToCueQuantile(0.5), 0).c_str());
  std::printf("  %-34s %12s\n", "time to first cue, p90 (s)",
              optionalSeconds(r.timeToCueQuantile(0.9), 0).c_str());
  std::printf("  %-34s %12zu\n", "alerted events with a detection", r.time_to_cue_s.size());
  std::printf("  %-34s %12zu\n", "alerted, no track held before", r.cued_without_detection);
  std::printf("  %-34s %12.3f  (%zu suspect platforms)\n", "custody share", r.custodyShare(),
              r.custody_by_platform.size());
  std::printf("  %-34s %12zu  (%zu associated with an event platform)\n", "track rows read",
              r.track_rows, r.track_rows_associated);
  if (r.detections_given) {
    std::printf("  %-34s %12zu  (%zu of an event platform)\n", "measurements read",
                r.detection_rows, r.detection_rows_associated);
  }
  std::printf("\n  %-22s %7s %7s %7s %10s %9s%s\n", "event kind", "planted", "alerted", "recall",
              "near-miss", "custody", r.detections_given ? "  observable  obs-recall" : "");
  for (const auto& [kind, k] : r.by_kind) {
    std::string observable;
    if (r.detections_given) {
      observable = "  " + std::to_string(k.observable) + "/" + std::to_string(k.planted);
      observable.resize(12, ' ');
      observable += k.observable == 0 ? "          -"
                                      : "      " + fixed(share(k.observable_matched, k.observable), 3);
    }
    std::printf("  %-22s %7zu %7zu %7s %5zu/%-4zu %9s%s\n", kind.c_str(), k.planted, k.matched,
                k.planted == 0 ? "-" : fixed(share(k.matched, k.planted), 3).c_str(),
                k.near_misses_alerted, k.near_misses,
                k.custody_samples == 0 ? "-" : fixed(share(k.custody_held, k.custody_samples), 3).c_str(),
                observable.c_str());
  }
  std::printf("\n  %-22s %7s %7s %9s %7s %9s\n", "rule", "alerts", "true", "near-miss", "other",
              "precision");
  for (const auto& [rule, s] : r.by_rule) {
    std::printf("  %-22s %7zu %7zu %9zu %7zu %9s\n", rule.c_str(), s.alerts, s.true_alerts,
                s.near_miss_false, s.alerts - s.true_alerts - s.near_miss_false,
                s.alerts == 0 ? "-" : fixed(share(s.true_alerts, s.alerts), 3).c_str());
  }
  for (const auto& [rule, n] : r.unscored_alerts) {
    std::printf("  %-22s %7zu  (not in the rule table: not scored)\n", rule.c_str(), n);
  }
  if (!r.detections_given) return;
  std::printf("\n  planted events no sensor measured (fewer than %zu measurements in the window, or an\n"
              "  AIS gap of a vessel not heard before it):\n",
              a.moe.min_detections);
  bool any = false;
  for (const auto& e : r.events) {
    if (e.near_miss || e.observable) continue;
    any = true;
    std::printf("  %-28s %-22s %5zu measurement(s)%s%s\n", e.event_id.c_str(), e.kind.c_str(),
                e.detections, e.heard_before ? "" : ", not heard before it",
                e.alerted ? "  (alerted all the same)" : "");
  }
  if (!any) std::printf("  none\n");
}

void printMoeJson(const Args& a, const ev::MoeResult& r) {
  std::ostringstream o;
  o << "{\"events\":" << jsonString(a.events_path) << ",\"alerts\":" << jsonString(a.alerts_path)
    << ",\"truth\":" << jsonString(a.truth_path) << ",\"tracks\":" << jsonString(a.tracks_path)
    << ",\"grace_s\":" << fixed(a.moe.grace_s, 3)
    << ",\"association_gate_m\":" << fixed(a.moe.association_gate_m, 3)
    << ",\"air_association_gate_m\":" << fixed(a.moe.air_association_gate_m, 3)
    << ",\"position_gate_m\":" << fixed(a.moe.position_gate_m, 3)
    << ",\"lookback_s\":" << fixed(a.moe.lookback_s, 3)
    << ",\"custody_max_age_s\":" << fixed(a.moe.custody_max_age_s, 3)
    << ",\"planted\":" << r.planted << ",\"matched\":" << r.matched
    << ",\"recall\":" << fixed(r.recall(), 4) << ",\"scored_alerts\":" << r.scored_alerts
    << ",\"true_alerts\":" << r.true_alerts << ",\"precision\":" << fixed(r.precision(), 4)
    << ",\"near_misses\":" << r.near_misses << ",\"near_misses_alerted\":" << r.near_misses_alerted
    << ",\"near_miss_false_alerts\":" << r.near_miss_false_alerts
    << ",\"time_to_cue_median_s\":" << jsonNumberOrNull(r.timeToCueQuantile(0.5), 3)
    << ",\"time_to_cue_p90_s\":" << jsonNumberOrNull(r.timeToCueQuantile(0.9), 3)
    << ",\"cued_without_detection\":" << r.cued_without_detection
    << ",\"custody_share\":" << fixed(r.custodyShare(), 4);
  if (r.detections_given) {
    o << ",\"min_detections\":" << a.moe.min_detections << ",\"observable\":" << r.observable
      << ",\"observable_matched\":" << r.observable_matched
      << ",\"observable_recall\":" << fixed(r.observableRecall(), 4)
      << ",\"detection_rows\":" << r.detection_rows
      << ",\"detection_rows_associated\":" << r.detection_rows_associated
      << ",\"unobservable_events\":[";
    bool first_id = true;
    for (const auto& e : r.events) {
      if (e.near_miss || e.observable) continue;
      o << (first_id ? "" : ",") << jsonString(e.event_id);
      first_id = false;
    }
    o << "]";
  }
  o << ",\"by_kind\":{";
  bool first = true;
  for (const auto& [kind, k] : r.by_kind) {
    o << (first ? "" : ",") << jsonString(kind) << ":{\"planted\":" << k.planted
      << ",\"matched\":" << k.matched << ",\"near_misses\":" << k.near_misses
      << ",\"near_misses_alerted\":" << k.near_misses_alerted
      << ",\"custody_samples\":" << k.custody_samples << ",\"custody_held\":" << k.custody_held;
    if (r.detections_given) {
      o << ",\"observable\":" << k.observable << ",\"observable_matched\":" << k.observable_matched;
    }
    o << "}";
    first = false;
  }
  o << "},\"by_rule\":{";
  first = true;
  for (const auto& [rule, s] : r.by_rule) {
    o << (first ? "" : ",") << jsonString(rule) << ":{\"alerts\":" << s.alerts
      << ",\"true\":" << s.true_alerts << ",\"near_miss_false\":" << s.near_miss_false << "}";
    first = false;
  }
  o << "},\"unscored_alerts\":{";
  first = true;
  for (const auto& [rule, n] : r.unscored_alerts) {
    o << (first ? "" : ",") << jsonString(rule) << ":" << n;
    first = false;
  }
  o << "},\"custody_by_platform\":{";
  first = true;
  for (const auto& [id, c] : r.custody_by_platform) {
    o << (first ? "" : ",") << jsonString(id) << ":{\"samples\":" << c.first
      << ",\"held\":" << c.second << "}";
    first = false;
  }
  o << "},\"events_scored\":[";
  first = true;
  for (const auto& e : r.events) {
    o << (first ? "" : ",") << "{\"id\":" << jsonString(e.event_id)
      << ",\"kind\":" << jsonString(e.kind) << ",\"near_miss\":" << (e.near_miss ? "true" : "false")
      << ",\"alerted\":" << (e.alerted ? "true" : "false");
    if (e.first_cue) {
      o << ",\"first_cue_s\":" << fixed(static_cast<double>(e.first_cue->ns) * 1e-9, 3)
        << ",\"alert_id\":" << jsonString(e.first_alert_id);
    }
    if (e.first_detection) {
      o << ",\"first_detection_s\":" << fixed(static_cast<double>(e.first_detection->ns) * 1e-9, 3);
    }
    o << ",\"custody_samples\":" << e.custody_samples << ",\"custody_held\":" << e.custody_held;
    if (r.detections_given) {
      o << ",\"detections\":" << e.detections
        << ",\"observable\":" << (e.observable ? "true" : "false");
      if (e.first_detected) {
        o << ",\"first_detected_s\":" << fixed(static_cast<double>(e.first_detected->ns) * 1e-9, 3)
          << ",\"last_detected_s\":" << fixed(static_cast<double>(e.last_detected->ns) * 1e-9, 3);
      }
      o << ",\"detections_by_sensor\":{";
      bool first_sensor = true;
      for (const auto& [sensor, n] : e.detections_by_sensor) {
        o << (first_sensor ? "" : ",") << jsonString(sensor) << ":" << n;
        first_sensor = false;
      }
      o << "}";
    }
    o << "}";
    first = false;
  }
  o << "],\"track_rows\":" << r.track_rows << ",\"track_rows_associated\":" << r.track_rows_associated
    << "}\n";
  std::fputs(o.str().c_str(), stdout);
}

ev::AlertRecord toAlertRecord(const picket::io::AlertRow& r) {
  ev::AlertRecord a;
  a.time = picket::core::Timestamp{std::llround(r.time_s * 1e9)};
  a.alert_id = r.alert_id;
  a.rule = r.rule;
  a.track_id = r.track_id;
  a.related_tracks = r.related_tracks;
  a.position = {r.lat_deg, r.lon_deg, 0.0};
  return a;
}

// The measurements of the run (the recording decoded by io::FeedValidator as fusion-replay
// --offline decodes it, or the detections CSV), located and handed to the scorer. False (the
// problem printed) when the configuration or the source cannot be read.
bool feedDetections(const Args& a, ev::MoeScorer& scorer) {
  namespace io = picket::io;
  io::FusiondConfig config;
  try {
    config = io::loadConfig(a.config_path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fusion-eval: %s: %s\n", a.config_path.c_str(), e.what());
    return false;
  }
  // As fusion-replay --offline: times are judged against the newest data, not the wall clock.
  config.input.time_reference = io::TimeReference::Data;
  const auto feedScan = [&](const picket::core::Scan& scan) {
    for (const picket::core::Measurement& m : scan.measurements) {
      if (m.sensor >= config.sensors.size()) continue;
      const auto point = ev::measurementPoint(m);
      if (!point) continue;
      const auto& info = config.sensors[m.sensor].info;
      scorer.addDetection(
          {m.time, info.id, *point, m.mmsi, info.domain, info.interrogates_transponders});
    }
  };
  try {
    if (!a.recordings.empty()) {
      io::Counters counters;
      io::FeedValidator validator(config, counters);
      io::RecordingReader reader(a.recordings);
      io::RecordView view;
      while (reader.nextView(view)) {
        const auto item =
            validator.decode(view.body_bytes.data(), view.body_bytes.size(), view.receive_time);
        if (!item) continue;
        if (const auto* scan = std::get_if<picket::core::Scan>(&*item)) feedScan(*scan);
      }
      const io::ReadReport& report = reader.report();
      if (!report.clean()) {
        std::fprintf(stderr,
                     "fusion-eval: recording damaged: %llu records lost, %llu unparseable, "
                     "%llu corrupt chunks (the rest scored)\n",
                     static_cast<unsigned long long>(report.records_lost),
                     static_cast<unsigned long long>(report.records_unparseable),
                     static_cast<unsigned long long>(report.corrupt_chunks));
      }
    } else {
      std::ifstream in(a.detections_path, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "fusion-eval: %s: cannot open\n", a.detections_path.c_str());
        return false;
      }
      io::DetectionsCsvReader reader(in, config);
      while (const auto scan = reader.next()) feedScan(*scan);
      if (reader.stats().rowsRejected() > 0) {
        std::fprintf(stderr, "fusion-eval: %s: %llu rows refused (the rest scored)\n",
                     a.detections_path.c_str(),
                     static_cast<unsigned long long>(reader.stats().rowsRejected()));
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fusion-eval: measurements: %s\n", e.what());
    return false;
  }
  return true;
}

// Measures of effectiveness: events and alerts whole, truth and tracks streamed.
int runMoe(Args& a) {
  if (!a.rules_path.empty()) {
    const auto rules =
        readFile(a.rules_path, [](std::istream& in) { return ev::RuleTable::parse(in); });
    if (!rules) return 1;
    a.moe.rules = *rules;
  }
  const auto event_rows =
      readFile(a.events_path, [](std::istream& in) { return picket::io::readEventsCsv(in); });
  if (!event_rows) return 1;
  std::vector<ev::PlantedEventRecord> events;
  for (const auto& r : *event_rows) {
    events.push_back({r.id, r.kind, r.near_miss, picket::core::Timestamp{r.start_ns},
                      picket::core::Timestamp{r.end_ns}, r.platform_ids,
                      {r.lat_deg, r.lon_deg, 0.0}, r.description});
  }
  const auto alert_rows =
      readFile(a.alerts_path, [](std::istream& in) { return picket::io::readAlertCsv(in); });
  if (!alert_rows) return 1;
  std::vector<ev::AlertRecord> alerts;
  alerts.reserve(alert_rows->size());
  for (const auto& r : *alert_rows) alerts.push_back(toAlertRecord(r));
  try {
    ev::MoeScorer scorer(std::move(events), a.moe);
    const bool truth_ok = readFile(a.truth_path, [&](std::istream& in) {
                            ev::TruthCsvReader reader(in);
                            while (const auto row = reader.next()) scorer.addTruth(*row);
                            return true;
                          }).has_value();
    if (!truth_ok) return 1;
    const bool tracks_ok = readFile(a.tracks_path, [&](std::istream& in) {
                             picket::io::TrackCsvReader reader(in);
                             while (const auto row = reader.next()) scorer.addTrack(toSample(*row));
                             return true;
                           }).has_value();
    if (!tracks_ok) return 1;
    if (!a.config_path.empty() && !feedDetections(a, scorer)) return 1;
    const ev::MoeResult result = scorer.score(alerts);
    if (a.json) {
      printMoeJson(a, result);
    } else {
      printMoeTable(a, result);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fusion-eval: %s\n", e.what());
    return 1;
  }
  return 0;
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
  std::optional<Args> args = parseArgs(argc, argv, error);
  if (!args) {
    std::fprintf(stderr, "fusion-eval: %s\n", error.c_str());
    usage();
    return 2;
  }
  if (!args->events_path.empty()) return runMoe(*args);
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
