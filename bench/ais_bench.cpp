// AIS NMEA decoding throughput (ais-gateway's input path), on real recorded traffic from
// tests/data/ais/: noaadata-test.ais (USCG N-AIS, 985 sentences with receiver trailers, 14 %
// of them fragments of 2-sentence messages) and gofree-merrimac.log (a boat's NMEA
// multiplexer: 1,507 AIS sentences among 4,817 GPS and instrument sentences). Rates:
// items_per_second = sentences (or lines) per second on one core.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io/ais_decoder.hpp"
#include "io/ais_feed.hpp"
#include "io/ais_gpsd_json.hpp"
#include "io/ais_lines.hpp"
#include "picket/v1/sensors.pb.h"

namespace {

namespace ais = picket::io::ais;

std::string readFile(const std::string& name) {
  std::ifstream in(std::string(PICKET_SOURCE_DIR) + "/tests/data/ais/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Corpus {
  std::vector<std::string> sentences;  // AIS sentences of both logs, in file order
  std::string mixed_stream;            // gofree-merrimac.log as bytes
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus out;
    for (const char* f : {"noaadata-test.ais", "gofree-merrimac.log"}) {
      std::istringstream in(readFile(f));
      std::string line;
      while (std::getline(in, line)) {
        if (line.find("VDM,") != std::string::npos || line.find("VDO,") != std::string::npos) {
          out.sentences.push_back(line);
        }
      }
    }
    out.mixed_stream = readFile("gofree-merrimac.log");
    return out;
  }();
  return c;
}

// The decoder alone: checksum, fields, reassembly, 6-bit unpacking, message decoding.
void BM_AisDecodeSentences(benchmark::State& state) {
  const auto& lines = corpus().sentences;
  ais::Decoder decoder;
  std::int64_t t = 0;
  for (auto _ : state) {
    for (const auto& l : lines) benchmark::DoNotOptimize(decoder.feedLine(l, ++t));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(lines.size()));
  state.counters["messages_per_pass"] =
      static_cast<double>(decoder.counters().messages) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_AisDecodeSentences);

// A raw byte stream with everything a real multiplexer sends: line splitting, non-AIS
// sentences refused (and GNSS clock sentences read), AIS decoded. Items = lines.
void BM_AisDecodeMixedStream(benchmark::State& state) {
  const std::string& bytes = corpus().mixed_stream;
  ais::Decoder decoder;
  ais::LineSplitter split;
  std::int64_t lines = 0;
  for (auto _ : state) {
    split.feed(bytes, [&](std::string_view l) {
      benchmark::DoNotOptimize(decoder.feedLine(l, lines++));
    });
  }
  state.SetItemsProcessed(lines);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(BM_AisDecodeMixedStream);

// Decoding plus conversion to feed protobufs (what --connect sends, before serialisation).
void BM_AisDecodeAndConvert(benchmark::State& state) {
  const auto& lines = corpus().sentences;
  ais::Decoder decoder;
  ais::FeedConverter converter("ais-bench");
  picket::v1::FeedMessage out[2];
  std::uint64_t seq = 1;
  std::int64_t t = 0;
  const picket::core::Timestamp rx{1'397'678'239'000'000'000LL};
  for (auto _ : state) {
    for (const auto& l : lines) {
      if (const auto* m = decoder.feedLine(l, ++t)) {
        benchmark::DoNotOptimize(converter.convert(*m, rx, seq, out));
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(lines.size()));
}
BENCHMARK(BM_AisDecodeAndConvert);

// Decoding plus gpsd JSON (what --json prints).
void BM_AisDecodeAndGpsdJson(benchmark::State& state) {
  const auto& lines = corpus().sentences;
  ais::Decoder decoder;
  ais::GpsdJsonWriter writer;
  std::string json;
  json.reserve(1 << 20);
  std::int64_t t = 0;
  for (auto _ : state) {
    json.clear();
    for (const auto& l : lines) {
      if (const auto* m = decoder.feedLine(l, ++t)) writer.write(m->message, json);
    }
    benchmark::DoNotOptimize(json.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(lines.size()));
}
BENCHMARK(BM_AisDecodeAndGpsdJson);

}  // namespace
