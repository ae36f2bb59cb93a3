#include "report/report.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

namespace picket::bench {

namespace {

using Json = nlohmann::ordered_json;

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

/// 1234567 -> "1,234,567".
std::string grouped(double v) {
  const long long n = std::llround(v);
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string rate(double per_s) {
  if (per_s >= 1e6) return fmt("%.2f M/s", per_s / 1e6);
  if (per_s >= 1e3) return fmt("%.0fk/s", per_s / 1e3);
  return fmt("%.0f/s", per_s);
}

std::string micros(double us) {
  if (us >= 1e6) return fmt("%.2f s", us / 1e6);
  if (us >= 1000.0) return fmt("%.2f ms", us / 1000.0);
  return fmt("%.0f us", us);
}

const OfflineRun* offlineAt(const Report& r, std::size_t targets) {
  for (const auto& o : r.offline_runs) {
    if (o.targets == targets) return &o;
  }
  return nullptr;
}

const LatencyPhase* phaseAt(const E2eResult& e, double fraction) {
  for (const auto& p : e.latency) {
    if (std::abs(p.fraction - fraction) < 1e-9) return &p;
  }
  return nullptr;
}

Json latencyJson(const LatencyStats& s) {
  return Json{{"messages", s.messages},   {"matched", s.matched},
              {"p50_us", s.p50_us},       {"p99_us", s.p99_us},
              {"p999_us", s.p999_us},     {"max_us", s.max_us},
              {"mean_us", s.mean_us}};
}

}  // namespace

double OfflineRun::measurementsPerSecond() const {
  return wall_s > 0.0 ? static_cast<double>(measurements) / wall_s : 0.0;
}
double OfflineRun::measurementsPerCpuSecond() const {
  return cpu_s > 0.0 ? static_cast<double>(measurements) / cpu_s : 0.0;
}
double OfflineRun::nsPerMeasurement() const {
  return measurements > 0 ? wall_s * 1e9 / static_cast<double>(measurements) : 0.0;
}
double OfflineRun::cpuNsPerMeasurement() const {
  return measurements > 0 ? cpu_s * 1e9 / static_cast<double>(measurements) : 0.0;
}
double OfflineRun::bytesPerTrack() const {
  if (live_tracks == 0 || rss_after < rss_before) return 0.0;
  return static_cast<double>(rss_after - rss_before) / static_cast<double>(live_tracks);
}

MachineInfo machineInfo() {
  MachineInfo m;
  m.cores = std::thread::hardware_concurrency();
  {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("model name", 0) == 0) {
        const auto colon = line.find(':');
        if (colon != std::string::npos) m.cpu_model = line.substr(colon + 2);
        break;
      }
    }
  }
  {
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    if (in >> key >> kib && key == "MemTotal:") m.memory_bytes = kib * 1024;
  }
  utsname u{};
  if (::uname(&u) == 0) m.kernel = std::string(u.sysname) + " " + u.release + " " + u.machine;
#if defined(__VERSION__)
  m.compiler = std::string("g++ ") + __VERSION__;
#endif
  m.build = std::string("CMake build type ") + PICKET_BUILD_TYPE;
#ifndef NDEBUG
  m.build += " (assertions on: figures are not representative)";
#endif
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  m.date_utc = buf;
  double load[3] = {0, 0, 0};
  if (::getloadavg(load, 3) == 3) std::copy(load, load + 3, m.load_start);
  return m;
}

void fillLoadEnd(MachineInfo& m) {
  double load[3] = {0, 0, 0};
  if (::getloadavg(load, 3) == 3) std::copy(load, load + 3, m.load_end);
}

std::vector<TargetCheck> checkTargets(const Report& r) {
  std::vector<TargetCheck> out;
  // `measured` empty: not measured.
  const auto add = [&out](std::string name, std::string target, std::string measured, bool met) {
    const bool have = !measured.empty();
    out.push_back({std::move(name), std::move(target), have ? std::move(measured) : "-",
                   have ? (met ? "met" : "not met") : "not measured"});
  };
  for (const auto& [n, goal] : {std::pair<std::size_t, double>{10'000, 1e6}, {100'000, 5e5}}) {
    const OfflineRun* o = offlineAt(r, n);
    const double v = o != nullptr ? o->measurementsPerCpuSecond() : 0.0;
    add("offline throughput at " + grouped(static_cast<double>(n)) + " tracks (one core)",
        ">= " + rate(goal),
        o == nullptr ? ""
                     : rate(v) + " (thread CPU time; wall " + rate(o->measurementsPerSecond()) + ")",
        v >= goal);
  }

  // End to end with batching: at 10,000 tracks, else the largest size measured up to 10,000
  // (else the smallest above); the best batch there.
  const E2eResult* best = nullptr;
  const auto rank = [](std::size_t n) { return n <= 10'000 ? static_cast<double>(n) : 1e7 / static_cast<double>(n); };
  for (const auto& e : r.e2e_runs) {
    if (!e.ok || e.plots_per_message <= 1) continue;
    if (best == nullptr || rank(e.targets) > rank(best->targets) ||
        (e.targets == best->targets && e.max_rate > best->max_rate)) {
      best = &e;
    }
  }
  add("end-to-end throughput over ZeroMQ, batched", ">= 300k/s",
      best == nullptr ? ""
                      : rate(best->max_rate) + " (" + grouped(static_cast<double>(best->targets)) +
                            " tracks, " + std::to_string(best->plots_per_message) +
                            " plots/message)",
      best != nullptr && best->max_rate >= 3e5);

  double worst = -1.0;
  std::string where;
  for (const auto& e : r.e2e_runs) {
    const LatencyPhase* p = e.ok ? phaseAt(e, 0.5) : nullptr;
    if (p != nullptr && p->latency.matched > 0 && p->latency.p99_us > worst) {
      worst = p->latency.p99_us;
      where = grouped(static_cast<double>(e.targets)) + " tracks, " +
              std::to_string(e.plots_per_message) + " plots/message";
    }
  }
  add("latency p99 at 50 % of the maximum rate", "< 1 ms",
      worst < 0.0 ? "" : "worst " + micros(worst) + " (" + where + ")", worst < 1000.0);

  double per_track = -1.0;
  for (const auto& o : r.offline_runs) per_track = std::max(per_track, o.bytesPerTrack());
  for (const auto& e : r.e2e_runs) {
    if (e.ok) per_track = std::max(per_track, e.bytes_per_track);
  }
  add("memory per live track", "<= 4 KiB (4,096 B)",
      per_track < 0.0 ? "" : "worst " + grouped(per_track) + " B (offline tracker and fusiond's VmRSS)",
      per_track <= 4096.0);

  const E2eResult* soak = nullptr;
  for (const auto& e : r.e2e_runs) {
    if (e.ok && e.soak.size() >= 4) soak = &e;
  }
  // Flat: under 1 % over the second half of the run (allocator noise); a run shorter than a
  // minute is marked, so that a quick run is not mistaken for a long one.
  add("memory flat over a long run at constant tracks", "no growth",
      soak == nullptr
          ? ""
          : fmt("%+.2f %% of VmRSS over the second half", soak->soak_growth_fraction * 100) +
                " (" + fmt("%.0f s", soak->soak.back().t_s) + ", slope " +
                fmt("%+.1f MiB/h", soak->soak_growth_bytes_per_hour / 1048576.0) + ")",
      soak != nullptr && std::abs(soak->soak_growth_fraction) < 0.01);
  if (soak != nullptr && soak->soak.back().t_s < 60.0) out.back().status += " (short run)";
  return out;
}

bool writeJson(const Report& r, const std::string& path) {
  Json j;
  j["tool"] = "fusion-bench";
  j["schema"] = 2;
  j["command"] = r.command;
  j["quick"] = r.quick;
  j["total_s"] = r.total_s;
  const auto& m = r.machine;
  j["machine"] = {{"cpu_model", m.cpu_model},
                  {"cores", m.cores},
                  {"memory_bytes", m.memory_bytes},
                  {"kernel", m.kernel},
                  {"compiler", m.compiler},
                  {"build", m.build},
                  {"date_utc", m.date_utc},
                  {"load_average_start", {m.load_start[0], m.load_start[1], m.load_start[2]}},
                  {"load_average_end", {m.load_end[0], m.load_end[1], m.load_end[2]}}};
  const auto& l = r.load;
  j["load"] = {{"pd", l.pd},
               {"clutter_per_scan", l.clutter_per_scan},
               {"noise_m", l.noise_sigma_m},
               {"scan_period_s", l.scan_period_s},
               {"manoeuvring_fraction", l.manoeuvring_fraction},
               {"seed", l.seed}};
  Json modes = Json::array();
  if (r.offline) modes.push_back("offline");
  if (r.e2e) modes.push_back("e2e");
  j["modes"] = modes;

  Json offline = Json::object();
  offline["warmup_sweeps"] = r.offline_warmup_sweeps;
  offline["sweeps"] = r.offline_sweeps;
  offline["sectors"] = l.sectors;
  offline["max_seconds"] = r.max_seconds;
  offline["runs"] = Json::array();
  for (const auto& o : r.offline_runs) {
    char digest[32];
    std::snprintf(digest, sizeof digest, "%016llx", static_cast<unsigned long long>(o.state_digest));
    offline["runs"].push_back({{"targets", o.targets},
                               {"warmup_scans_done", o.warmup_done},
                               {"sweeps_timed", o.sweeps_timed},
                               {"scans_timed", o.scans_timed},
                               {"measurements", o.measurements},
                               {"wall_s", o.wall_s},
                               {"cpu_s", o.cpu_s},
                               {"measurements_per_s", o.measurementsPerSecond()},
                               {"measurements_per_cpu_s", o.measurementsPerCpuSecond()},
                               {"ns_per_measurement", o.nsPerMeasurement()},
                               {"cpu_ns_per_measurement", o.cpuNsPerMeasurement()},
                               {"max_scan_ms", o.max_scan_ms},
                               {"live_tracks", o.live_tracks},
                               {"confirmed_tracks", o.confirmed},
                               {"associated", o.associated},
                               {"initiated", o.initiated},
                               {"deleted", o.deleted},
                               {"scans_bytes", o.scans_bytes},
                               {"rss_before_tracker_bytes", o.rss_before},
                               {"rss_after_bytes", o.rss_after},
                               {"bytes_per_track", o.bytesPerTrack()},
                               {"state_digest", digest}});
  }
  j["offline"] = offline;

  const auto& eo = r.e2e_options;
  Json e2e = Json::object();
  e2e["warmup_sweeps"] = eo.warmup_sweeps;
  e2e["burst_sweeps"] = eo.burst_sweeps;
  e2e["burst_measurements"] = eo.burst_measurements;
  e2e["latency_fractions"] = eo.latency_fractions;
  e2e["latency_phase_s"] = eo.latency_phase_s;
  e2e["search_phase_s"] = eo.search_phase_s;
  e2e["soak_s"] = eo.soak_s;
  e2e["soak_fraction"] = eo.soak_fraction;
  e2e["runs"] = Json::array();
  for (const auto& e : r.e2e_runs) {
    Json run = {{"targets", e.targets},
                {"plots_per_message", e.plots_per_message},
                {"ok", e.ok},
                {"error", e.error},
                {"warmup_measurements", e.warmup_measurements},
                {"live_tracks", e.live_tracks},
                {"confirmed_tracks", e.confirmed_tracks},
                {"rss_ready_bytes", e.rss_ready_bytes},
                {"rss_warm_bytes", e.rss_warm_bytes},
                {"bytes_per_track", e.bytes_per_track},
                {"burst", {{"sweeps", e.burst_sweeps},
                           {"messages", e.burst_messages},
                           {"measurements", e.burst_measurements},
                           {"send_s", e.burst_send_s},
                           {"elapsed_s", e.burst_elapsed_s},
                           {"complete", e.burst_complete},
                           {"sender_measurements_per_s", e.sender_rate},
                           {"fusiond_cpu_s", e.fusiond_cpu_s},
                           {"fusiond_cpu_us_per_measurement", e.cpu_us_per_measurement}}},
                {"saturated_measurements_per_s", e.burst_rate},
                {"max_measurements_per_s", e.max_rate},
                {"max_rate_verified", e.max_rate_verified}};
    Json search = Json::array();
    for (const auto& st : e.search) {
      search.push_back({{"target_measurements_per_s", st.target_rate},
                        {"sent_measurements_per_s", st.send_rate},
                        {"processed_measurements_per_s", st.processed_rate},
                        {"kept_up", st.kept_up}});
    }
    run["rate_search"] = search;
    Json phases = Json::array();
    for (const auto& p : e.latency) {
      phases.push_back({{"fraction", p.fraction},
                        {"target_measurements_per_s", p.target_rate},
                        {"sent_measurements_per_s", p.send_rate},
                        {"messages", p.messages},
                        {"measurements", p.measurements},
                        {"complete", p.complete},
                        {"kept_up", p.kept_up},
                        {"latency", latencyJson(p.latency)}});
    }
    run["latency"] = phases;
    Json soak = Json::array();
    for (const auto& s : e.soak) {
      soak.push_back({{"t_s", s.t_s},
                      {"rss_bytes", s.rss_bytes},
                      {"live_tracks", s.live_tracks},
                      {"measurements", s.measurements}});
    }
    run["soak"] = {{"measurements_per_s", e.soak_rate},
                   {"samples", soak},
                   {"growth_bytes_per_hour", e.soak_growth_bytes_per_hour},
                   {"growth_fraction", e.soak_growth_fraction}};
    run["totals"] = {{"messages_sent", e.messages_sent},
                     {"measurements_sent", e.measurements_sent},
                     {"messages_received", e.messages_received},
                     {"measurements_processed", e.measurements_processed},
                     {"sequence_gaps", e.sequence_gaps},
                     {"rejected", e.rejected},
                     {"tracks_published", e.tracks_published},
                     {"tracks_received", e.tracks_received},
                     {"track_stream_gaps", e.track_stream_gaps},
                     {"alerts_received", e.alerts_received},
                     {"heartbeats_received", e.heartbeats_received},
                     {"fusiond_exit", e.fusiond_exit}};
    e2e["runs"].push_back(run);
  }
  j["e2e"] = e2e;

  Json targets = Json::array();
  for (const auto& t : checkTargets(r)) {
    targets.push_back(
        {{"name", t.name}, {"target", t.target}, {"measured", t.measured}, {"status", t.status}});
  }
  j["targets"] = targets;

  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  out << j.dump(1) << "\n";
  out.flush();
  return static_cast<bool>(out);
}

std::string svgChart(const std::string& title, const std::string& x_label,
                     const std::string& y_label, const std::vector<Series>& series,
                     bool log_y) {
  constexpr double kW = 680, kH = 400, kLeft = 80, kRight = 210, kTop = 40, kBottom = 60;
  const double pw = kW - kLeft - kRight, ph = kH - kTop - kBottom;
  double x_min = 1e300, x_max = 0, y_min = 1e300, y_max = 0;
  const auto usable = [log_y](double x, double y) {
    return x > 0 && std::isfinite(y) && (!log_y || y > 0);
  };
  for (const auto& s : series) {
    for (const auto& [x, y] : s.points) {
      if (!usable(x, y)) continue;
      x_min = std::min(x_min, x);
      x_max = std::max(x_max, x);
      y_min = std::min(y_min, y);
      y_max = std::max(y_max, y);
    }
  }
  if (x_max <= 0) {
    x_min = 1e3;
    x_max = 1e5;
  }
  // Whole decades on the x axis; y from 0 to a round step above the largest value.
  double lx0 = std::floor(std::log10(x_min)), lx1 = std::ceil(std::log10(x_max));
  if (lx1 <= lx0) {  // one size: a decade either side
    lx0 -= 1.0;
    lx1 += 1.0;
  }
  if (!(y_max > 0)) y_max = 1;
  const double raw_step = y_max / 5.0;
  const double mag = std::pow(10.0, std::floor(std::log10(raw_step)));
  double step = mag;
  for (const double k : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (k * mag >= raw_step) {
      step = k * mag;
      break;
    }
  }
  const double y_top = step * std::ceil(y_max / step);
  // Log y: whole decades around the data.
  double ly0 = y_min < 1e300 ? std::floor(std::log10(y_min)) : 0.0;
  double ly1 = std::ceil(std::log10(y_max));
  if (ly1 <= ly0) ly1 = ly0 + 1.0;
  const auto px = [&](double x) { return kLeft + (std::log10(x) - lx0) / (lx1 - lx0) * pw; };
  const auto py = [&](double y) {
    if (log_y) return kTop + ph - (std::log10(y) - ly0) / (ly1 - ly0) * ph;
    return kTop + ph - y / y_top * ph;
  };
  static const char* kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                   "#9467bd", "#8c564b", "#e377c2", "#17becf"};
  const auto esc = [](const std::string& s) {
    std::string o;
    for (const char c : s) {
      if (c == '<') o += "&lt;";
      else if (c == '>') o += "&gt;";
      else if (c == '&') o += "&amp;";
      else o += c;
    }
    return o;
  };
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << kW
    << "\" height=\"" << kH << "\" viewBox=\"0 0 " << kW << " " << kH
    << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    << "<text x=\"" << kW / 2 << "\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">"
    << esc(title) << "</text>\n";
  // Grid and ticks.
  for (double d = lx0; d <= lx1 + 1e-9; d += 1.0) {
    const double x = px(std::pow(10.0, d));
    o << "<line x1=\"" << x << "\" y1=\"" << kTop << "\" x2=\"" << x << "\" y2=\"" << kTop + ph
      << "\" stroke=\"#ddd\"/>\n"
      << "<text x=\"" << x << "\" y=\"" << kTop + ph + 18 << "\" text-anchor=\"middle\">"
      << grouped(std::pow(10.0, d)) << "</text>\n";
    for (int k = 2; k <= 9 && d + 1.0 <= lx1 + 1e-9; ++k) {
      const double xm = px(k * std::pow(10.0, d));
      o << "<line x1=\"" << xm << "\" y1=\"" << kTop + ph << "\" x2=\"" << xm << "\" y2=\""
        << kTop + ph + 4 << "\" stroke=\"#888\"/>\n";
    }
  }
  std::vector<std::pair<double, std::string>> y_ticks;
  if (log_y) {
    for (double d = ly0; d <= ly1 + 1e-9; d += 1.0) {
      const double y = std::pow(10.0, d);
      y_ticks.emplace_back(y, d < 0 ? fmt("%g", y) : grouped(y));
    }
  } else {
    for (double y = 0; y <= y_top + step * 1e-9; y += step) {
      y_ticks.emplace_back(y, step < 1 ? fmt("%.2f", y) : grouped(y));
    }
  }
  for (const auto& [y, label] : y_ticks) {
    const double yy = py(y);
    o << "<line x1=\"" << kLeft << "\" y1=\"" << yy << "\" x2=\"" << kLeft + pw << "\" y2=\""
      << yy << "\" stroke=\"#ddd\"/>\n"
      << "<text x=\"" << kLeft - 6 << "\" y=\"" << yy + 4 << "\" text-anchor=\"end\">" << label
      << "</text>\n";
  }
  o << "<rect x=\"" << kLeft << "\" y=\"" << kTop << "\" width=\"" << pw << "\" height=\"" << ph
    << "\" fill=\"none\" stroke=\"#333\"/>\n"
    << "<text x=\"" << kLeft + pw / 2 << "\" y=\"" << kH - 18
    << "\" text-anchor=\"middle\">" << esc(x_label) << " (log scale)</text>\n"
    << "<text transform=\"translate(18," << kTop + ph / 2
    << ") rotate(-90)\" text-anchor=\"middle\">" << esc(y_label)
    << (log_y ? " (log scale)" : "") << "</text>\n";
  // Series and legend.
  for (std::size_t i = 0; i < series.size(); ++i) {
    const char* colour = kColours[i % 8];
    std::vector<std::pair<double, double>> pts;
    for (const auto& p : series[i].points) {
      if (usable(p.first, p.second)) pts.push_back(p);
    }
    std::sort(pts.begin(), pts.end());
    if (pts.size() > 1) {
      o << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\" points=\"";
      for (const auto& [x, y] : pts) o << fmt("%.1f", px(x)) << "," << fmt("%.1f", py(y)) << " ";
      o << "\"/>\n";
    }
    for (const auto& [x, y] : pts) {
      o << "<circle cx=\"" << fmt("%.1f", px(x)) << "\" cy=\"" << fmt("%.1f", py(y))
        << "\" r=\"3.5\" fill=\"" << colour << "\"><title>" << esc(series[i].name) << ": "
        << grouped(x) << ", " << fmt("%.4g", y) << "</title></circle>\n";
    }
    const double ly = kTop + 10 + 20.0 * static_cast<double>(i);
    o << "<line x1=\"" << kLeft + pw + 12 << "\" y1=\"" << ly << "\" x2=\"" << kLeft + pw + 32
      << "\" y2=\"" << ly << "\" stroke=\"" << colour << "\" stroke-width=\"2\"/>\n"
      << "<text x=\"" << kLeft + pw + 38 << "\" y=\"" << ly + 4 << "\">" << esc(series[i].name)
      << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

bool writeMarkdown(const Report& r, const std::string& path) {
  std::string stem = path;
  if (stem.size() > 3 && stem.compare(stem.size() - 3, 3, ".md") == 0) {
    stem.resize(stem.size() - 3);
  }
  const std::string throughput_svg = stem + "-throughput.svg";
  const std::string latency_svg = stem + "-latency.svg";
  const auto base = [](const std::string& p) {
    const auto slash = p.rfind('/');
    return slash == std::string::npos ? p : p.substr(slash + 1);
  };

  // Plots.
  std::vector<Series> thr, lat;
  if (!r.offline_runs.empty()) {
    Series s{"offline (1 core, CPU)", {}};
    for (const auto& o : r.offline_runs) {
      s.points.emplace_back(static_cast<double>(o.targets), o.measurementsPerCpuSecond() / 1e3);
    }
    thr.push_back(s);
  }
  std::vector<std::size_t> batches;
  for (const auto& e : r.e2e_runs) {
    if (std::find(batches.begin(), batches.end(), e.plots_per_message) == batches.end()) {
      batches.push_back(e.plots_per_message);
    }
  }
  for (const std::size_t b : batches) {
    Series t{"ZeroMQ, " + std::to_string(b) + " plot" + (b == 1 ? "" : "s") + "/msg", {}};
    Series p50{"p50, " + std::to_string(b) + "/msg", {}};
    Series p99{"p99, " + std::to_string(b) + "/msg", {}};
    for (const auto& e : r.e2e_runs) {
      if (e.plots_per_message != b || !e.ok) continue;
      t.points.emplace_back(static_cast<double>(e.targets), e.max_rate / 1e3);
      if (const LatencyPhase* p = phaseAt(e, 0.5); p != nullptr && p->latency.matched > 0) {
        p50.points.emplace_back(static_cast<double>(e.targets), p->latency.p50_us / 1e3);
        p99.points.emplace_back(static_cast<double>(e.targets), p->latency.p99_us / 1e3);
      }
    }
    thr.push_back(t);
    lat.push_back(p50);
    lat.push_back(p99);
  }
  {
    std::ofstream a(throughput_svg, std::ios::binary | std::ios::trunc);
    a << svgChart("Throughput against live tracks", "targets (live tracks)",
                  "thousand measurements / s", thr);
    std::ofstream b(latency_svg, std::ios::binary | std::ios::trunc);
    b << svgChart("Latency at 50 % of the maximum rate", "targets (live tracks)",
                  "send to track update, ms", lat, true);
    if (!a || !b) return false;
  }

  std::ostringstream md;
  const auto& m = r.machine;
  md << "# fusion-bench report\n\n"
     << "`" << r.command << "`" << (r.quick ? " (quick: small sizes, short phases)" : "")
     << "\n\n"
     << "Machine: " << m.cpu_model << ", " << m.cores << " cores, "
     << fmt("%.1f", static_cast<double>(m.memory_bytes) / (1024.0 * 1024 * 1024)) << " GiB; "
     << m.kernel << "; " << m.compiler << ", " << m.build << ". " << m.date_utc
     << ", load average " << fmt("%.2f", m.load_start[0]) << " at the start, "
     << fmt("%.2f", m.load_end[0]) << " at the end"
     << (m.load_start[0] > 1.0 || m.load_end[0] > 1.0
             ? " (**shared machine: wall-clock figures include waiting for a core; the CPU "
               "figures are the ones to compare**)"
             : "")
     << ". Total " << fmt("%.0f", r.total_s) << " s.\n\n"
     << "Load: pd " << fmt("%.2f", r.load.pd) << ", " << r.load.clutter_per_scan
     << " clutter plots per sweep, " << fmt("%.0f", r.load.noise_sigma_m) << " m noise, "
     << fmt("%.0f", r.load.scan_period_s) << " s sweeps, "
     << fmt("%.0f", r.load.manoeuvring_fraction * 100) << " % manoeuvring, seed " << r.load.seed
     << ".\n\n## Issue 7's targets\n\n| target | goal | measured | status |\n|---|---|---|---|\n";
  for (const auto& t : checkTargets(r)) {
    md << "| " << t.name << " | " << t.target << " | " << t.measured << " | " << t.status
       << " |\n";
  }
  md << "\n![throughput](" << base(throughput_svg) << ")\n![latency](" << base(latency_svg)
     << ")\n";
  if (!r.offline_runs.empty()) {
    md << "\n## Offline correlator (processScan on one thread, no I/O)\n\n"
       << r.offline_warmup_sweeps << " warm-up sweeps, " << r.offline_sweeps
       << " timed sweeps.\n\n"
       << "| targets | measurements | meas/s (CPU) | meas/s (wall) | CPU ns/meas | ms/scan | "
          "live | confirmed | B/track (RSS) | state digest |\n"
       << "|---|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& o : r.offline_runs) {
      char digest[32];
      std::snprintf(digest, sizeof digest, "%016llx",
                    static_cast<unsigned long long>(o.state_digest));
      md << "| " << grouped(static_cast<double>(o.targets)) << " | "
         << grouped(static_cast<double>(o.measurements)) << " | "
         << grouped(o.measurementsPerCpuSecond()) << " | " << grouped(o.measurementsPerSecond())
         << " | " << grouped(o.cpuNsPerMeasurement()) << " | "
         << fmt("%.2f", o.scans_timed > 0 ? o.wall_s * 1e3 / static_cast<double>(o.scans_timed)
                                          : 0.0)
         << " | " << grouped(static_cast<double>(o.live_tracks)) << " | "
         << grouped(static_cast<double>(o.confirmed)) << " | " << grouped(o.bytesPerTrack())
         << " | `" << digest << "` |\n";
    }
  }
  if (!r.e2e_runs.empty()) {
    const auto& eo = r.e2e_options;
    md << "\n## End to end: sender process -> ZeroMQ/protobuf -> fusiond -> track stream\n\n"
       << eo.warmup_sweeps << " warm-up sweeps; a burst of at least " << eo.burst_sweeps
       << " sweeps and " << grouped(static_cast<double>(eo.burst_measurements))
       << " measurements sent unpaced (the saturated rate); then paced phases of "
       << fmt("%.1f", eo.search_phase_s)
       << " s from that rate down until fusiond keeps up (finishes within 5 % + 20 ms of the "
          "sending time): the maximum rate; latency phases of "
       << fmt("%.1f", eo.latency_phase_s)
       << " s paced at fractions of it. Latency: a message's send to the receipt of the first "
          "track update carrying its time, both on CLOCK_MONOTONIC.\n\n"
       << "| targets | plots/msg | saturated meas/s | max meas/s (kept up) | sender meas/s | "
          "fusiond CPU us/meas | p50 / p99 / p99.9 at 10 % | at 50 % | at 90 % | B/track (RSS) "
          "| lost |\n"
       << "|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& e : r.e2e_runs) {
      if (!e.ok) {
        md << "| " << grouped(static_cast<double>(e.targets)) << " | " << e.plots_per_message
           << " | failed: " << e.error << " | | | | | | | | |\n";
        continue;
      }
      md << "| " << grouped(static_cast<double>(e.targets)) << " | " << e.plots_per_message
         << " | " << grouped(e.burst_rate) << " | " << grouped(e.max_rate)
         << (e.max_rate_verified ? "" : " (not verified: no paced step kept up)") << " | "
         << grouped(e.sender_rate) << " | "
         << fmt("%.2f", e.cpu_us_per_measurement);
      for (const double f : {0.1, 0.5, 0.9}) {
        const LatencyPhase* p = phaseAt(e, f);
        if (p == nullptr || p->latency.matched == 0) {
          md << " | -";
        } else {
          md << " | " << micros(p->latency.p50_us) << " / " << micros(p->latency.p99_us) << " / "
             << micros(p->latency.p999_us) << (p->kept_up ? "" : " (fell behind)");
        }
      }
      md << " | " << grouped(e.bytes_per_track) << " | "
         << (e.sequence_gaps + e.track_stream_gaps == 0 ? "none"
                                                         : std::to_string(e.sequence_gaps) +
                                                               " feed, " +
                                                               std::to_string(e.track_stream_gaps) +
                                                               " track")
         << " |\n";
    }
    for (const auto& e : r.e2e_runs) {
      if (!e.ok || e.soak.empty()) continue;
      md << "\n### Memory over a long run (" << grouped(static_cast<double>(e.targets))
         << " targets, " << e.plots_per_message << " plots/msg, " << rate(e.soak_rate) << ", "
         << fmt("%.0f s", e.soak.back().t_s) << ")\n\n"
         << "fusiond's VmRSS: " << fmt("%.1f", static_cast<double>(e.soak.front().rss_bytes) / 1048576.0)
         << " MiB at the start, " << fmt("%.1f", static_cast<double>(e.soak.back().rss_bytes) / 1048576.0)
         << " MiB at the end; second half: "
         << fmt("%+.2f %%", e.soak_growth_fraction * 100) << ", least-squares slope "
         << fmt("%+.1f MiB/h", e.soak_growth_bytes_per_hour / 1048576.0) << "; live tracks "
         << e.soak.front().live_tracks << " -> " << e.soak.back().live_tracks << ".\n";
    }
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  out << md.str();
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace picket::bench
