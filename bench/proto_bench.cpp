// Protobuf on the wire paths: a feed message (an AircraftContactReport of 1, 10 and 100
// geolocated plots, as fusion-bench's end-to-end sender makes them from the synthetic load)
// encoded, parsed, and decoded as fusiond's ingest thread does it (io::FeedValidator::decode:
// parse, validate, convert to a core::Scan); a track message (io::toProto of a confirmed
// track, serialised into a TrackStreamMessage) encoded and parsed.
//
//   picket-microbench --benchmark_filter=Proto
//
// items = plots for feed messages, messages for tracks; bytes = wire bytes.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "e2e/bench_config.hpp"
#include "e2e/feed_stream.hpp"
#include "io/config.hpp"
#include "io/converters.hpp"
#include "io/counters.hpp"
#include "io/feed_validator.hpp"
#include "load/synthetic_load.hpp"
#include "picket/v1/sensors.pb.h"
#include "picket/v1/tracks.pb.h"
#include "tracking/tracker.hpp"

namespace {

using namespace picket;

constexpr std::size_t kMessages = 1'024;  // a power of two: the loop cycles with a mask

/// items = plots (or messages), bytes = wire bytes handled.
void setRates(benchmark::State& state, std::size_t items_per_iteration, std::uint64_t wire) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(items_per_iteration));
  state.SetBytesProcessed(static_cast<std::int64_t>(wire));
}

bench::LoadConfig load() {
  bench::LoadConfig l;
  l.targets = 2'000;
  l.clutter_per_scan = 50;
  l.record_truth = false;
  return l;
}

const io::FusiondConfig& daemonConfig() {
  static const io::FusiondConfig c = [] {
    const bench::DaemonSettings daemon;
    return io::parseConfig(bench::benchConfigYaml(load(), &daemon));
  }();
  return c;
}

/// kMessages serialised feed messages of `plots` plots each, sequences 1..kMessages.
const std::vector<bench::EncodedMessage>& feedMessages(std::size_t plots) {
  static std::vector<std::pair<std::size_t, std::vector<bench::EncodedMessage>>> cache;
  for (const auto& [n, v] : cache) {
    if (n == plots) return v;
  }
  bench::FeedStream stream(load(), plots, bench::kSensorId);
  std::vector<bench::EncodedMessage> v;
  while (v.size() < kMessages) {
    bench::EncodedMessage m = stream.next();
    // Whole messages only (a sweep's last may be short).
    if (m.measurements == plots) v.push_back(std::move(m));
  }
  cache.emplace_back(plots, std::move(v));
  return cache.back().second;
}

void BM_ProtoFeedEncode(benchmark::State& state) {
  const auto plots = static_cast<std::size_t>(state.range(0));
  bench::SyntheticLoad generator(load());
  const core::Scan scan = generator.next().scans.front();
  v1::FeedMessage msg;
  std::string bytes;
  std::uint64_t sequence = 0, wire = 0;
  for (auto _ : state) {
    bench::toFeedMessage(scan, 0, plots, scan.time.ns, bench::kSensorId, ++sequence, msg);
    msg.SerializeToString(&bytes);
    wire += bytes.size();
    benchmark::DoNotOptimize(bytes.data());
  }
  setRates(state, plots, wire);
}
BENCHMARK(BM_ProtoFeedEncode)->Arg(1)->Arg(10)->Arg(100);

void BM_ProtoFeedParse(benchmark::State& state) {
  const auto plots = static_cast<std::size_t>(state.range(0));
  const auto& msgs = feedMessages(plots);
  v1::FeedMessage msg;
  std::size_t i = 0;
  std::uint64_t wire = 0;
  for (auto _ : state) {
    const std::string& b = msgs[i++ & (kMessages - 1)].bytes;
    benchmark::DoNotOptimize(msg.ParseFromArray(b.data(), static_cast<int>(b.size())));
    wire += b.size();
  }
  setRates(state, plots, wire);
}
BENCHMARK(BM_ProtoFeedParse)->Arg(1)->Arg(10)->Arg(100);

void BM_ProtoFeedDecodeValidate(benchmark::State& state) {
  // fusiond's ingest: parse, header/sequence/time checks, plot checks, core::Scan. A fresh
  // validator every kMessages messages (its per-source sequence state would refuse repeats).
  const auto plots = static_cast<std::size_t>(state.range(0));
  const auto& msgs = feedMessages(plots);
  io::Counters counters;
  auto validator = std::make_unique<io::FeedValidator>(daemonConfig(), counters);
  std::size_t i = 0;
  std::uint64_t wire = 0;
  for (auto _ : state) {
    const bench::EncodedMessage& m = msgs[i & (kMessages - 1)];
    auto item = validator->decode(m.bytes.data(), m.bytes.size(), core::Timestamp{m.time_ns});
    benchmark::DoNotOptimize(item);
    wire += m.bytes.size();
    if ((++i & (kMessages - 1)) == 0) {
      state.PauseTiming();
      validator = std::make_unique<io::FeedValidator>(daemonConfig(), counters);
      state.ResumeTiming();
    }
  }
  if (counters.items_rejected.load() != 0) state.SkipWithError("the validator refused input");
  setRates(state, plots, wire);
}
BENCHMARK(BM_ProtoFeedDecodeValidate)->Arg(1)->Arg(10)->Arg(100);

/// A confirmed track of the synthetic load after a few sweeps, and the tracker's sensors.
struct TrackFixture {
  std::vector<tracking::SensorInfo> sensors;
  core::Track track;
};

const TrackFixture& trackFixture() {
  static const TrackFixture f = [] {
    TrackFixture out;
    for (const auto& s : daemonConfig().sensors) out.sensors.push_back(s.info);
    tracking::Tracker tracker(daemonConfig().tracker, out.sensors);
    bench::LoadConfig l = load();
    l.targets = 50;
    l.clutter_per_scan = 0;
    bench::SyntheticLoad generator(l);
    for (int s = 0; s < 6; ++s) {
      for (const auto& scan : generator.next().scans) tracker.processScan(scan);
    }
    for (const auto& [id, t] : tracker.tracks()) {
      if (t.status == core::TrackStatus::Confirmed) {
        out.track = t;
        break;
      }
    }
    return out;
  }();
  return f;
}

void BM_ProtoTrackEncode(benchmark::State& state) {
  const TrackFixture& f = trackFixture();
  v1::TrackStreamMessage msg;
  std::string bytes;
  std::uint64_t sequence = 0, wire = 0;
  for (auto _ : state) {
    io::toProto(f.track, f.sensors, "fusion-bench", ++sequence, *msg.mutable_track());
    msg.SerializeToString(&bytes);
    wire += bytes.size();
    benchmark::DoNotOptimize(bytes.data());
  }
  setRates(state, 1, wire);
}
BENCHMARK(BM_ProtoTrackEncode);

void BM_ProtoTrackParse(benchmark::State& state) {
  const TrackFixture& f = trackFixture();
  v1::TrackStreamMessage msg;
  io::toProto(f.track, f.sensors, "fusion-bench", 1, *msg.mutable_track());
  const std::string bytes = msg.SerializeAsString();
  v1::TrackStreamMessage out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(out.ParseFromString(bytes));
  }
  setRates(state, 1, static_cast<std::uint64_t>(state.iterations()) * bytes.size());
}
BENCHMARK(BM_ProtoTrackParse);

}  // namespace
