// Recording file throughput: writing and reading picket.v1 feed records through
// RecordingWriter / RecordingReader, and the CRC-32C underneath. The records are the
// caribbean-demo scenario's 4,147 feed messages (radar scans, AIS, aircraft reports), repeated
// to ~200,000 records (38 MiB) per iteration at a regional scenario's density. Files go to the
// system temp directory; reads come from the page cache (the file was just written), so they
// measure the library, not the disk. Rates: items_per_second = records/s, bytes_per_second =
// file bytes/s.
#include <benchmark/benchmark.h>
#include <google/protobuf/arena.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "io/crc32c.hpp"
#include "io/recording_reader.hpp"
#include "io/recording_summary.hpp"
#include "io/recording_writer.hpp"
#include "picket/v1/recording.pb.h"
#include "sim/caribbean_demo.hpp"
#include "sim/feed_generator.hpp"

namespace {

using namespace picket;

// 2026-03-01T12:00:00Z.
constexpr std::int64_t kStartNs = 1'772'366'400LL * 1'000'000'000LL;
constexpr int kPasses = 48;

struct Corpus {
  std::vector<sim::SimMessage> messages;
  std::vector<std::string> payloads;  // serialized FeedMessages, as they arrive off the wire
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus out;
    out.messages = sim::generateAll(sim::makeCaribbeanDemo(), 1, core::Timestamp{kStartNs});
    for (const auto& m : out.messages) out.payloads.push_back(m.message.SerializeAsString());
    return out;
  }();
  return c;
}

// A directory under the system temp dir for the process's benchmark files, removed at exit.
class BenchDir {
 public:
  BenchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "picket-bench-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~BenchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  BenchDir(const BenchDir&) = delete;
  BenchDir& operator=(const BenchDir&) = delete;
  [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

const BenchDir& benchDir() {
  static const BenchDir dir;
  return dir;
}

io::RecordingWriterOptions writerOptions(const std::string& name) {
  io::RecordingWriterOptions options;
  options.path = benchDir().file(name);
  options.overwrite = true;
  options.writer = "recording_bench";
  return options;
}

// Receive time of message i in pass p: 400 records per second, the density of a regional
// scenario (~35 M records in 24 h). The demo itself is sparse (4,147 messages in 90 minutes);
// at its own times every chunk would hold one or two records, cut by chunk_max_span.
constexpr std::int64_t kRecordIntervalNs = 2'500'000;
core::Timestamp receiveTime(const Corpus& c, int pass, std::size_t i) {
  const auto index =
      static_cast<std::int64_t>(static_cast<std::size_t>(pass) * c.messages.size() + i);
  return core::Timestamp{kStartNs + index * kRecordIntervalNs};
}

std::uint64_t writeCorpus(const std::string& name, bool serialized) {
  const Corpus& c = corpus();
  // A new file each time, as a recorder makes: replacing one still being written back to
  // disk would time the kernel's truncation instead.
  std::filesystem::remove(benchDir().file(name));
  io::RecordingWriter writer(writerOptions(name));
  for (int pass = 0; pass < kPasses; ++pass) {
    for (std::size_t i = 0; i < c.messages.size(); ++i) {
      if (serialized) {
        writer.appendSerialized(receiveTime(c, pass, i), c.messages[i].topic, io::RecordBody::Feed,
                                c.payloads[i]);
      } else {
        writer.appendFeed(receiveTime(c, pass, i), c.messages[i].topic, c.messages[i].message);
      }
    }
  }
  writer.close();
  return writer.stats().bytes;
}

void report(benchmark::State& state, std::uint64_t bytes_per_iteration) {
  const auto records = static_cast<std::int64_t>(kPasses * corpus().messages.size());
  state.SetItemsProcessed(state.iterations() * records);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes_per_iteration));
  state.counters["records_per_iteration"] = static_cast<double>(records);
}

// The simulator's path: FeedMessages serialized straight into the chunk.
void BM_RecordingWriteFeed(benchmark::State& state) {
  std::uint64_t bytes = 0;
  for (auto _ : state) bytes = writeCorpus("write-feed.pkrec", false);
  report(state, bytes);
}
BENCHMARK(BM_RecordingWriteFeed)->Unit(benchmark::kMillisecond);

// The daemon's path: payload frames as received, copied into the chunk without re-encoding.
void BM_RecordingWriteSerialized(benchmark::State& state) {
  std::uint64_t bytes = 0;
  for (auto _ : state) bytes = writeCorpus("write-serialized.pkrec", true);
  report(state, bytes);
}
BENCHMARK(BM_RecordingWriteSerialized)->Unit(benchmark::kMillisecond);

const std::string& readFixture() {
  static const std::string path = [] {
    writeCorpus("read.pkrec", false);
    return benchDir().file("read.pkrec");
  }();
  return path;
}

// fusion-replay's path: envelope only, body bytes handed on (to FeedValidator::decode).
void BM_RecordingReadView(benchmark::State& state) {
  const std::string& path = readFixture();
  std::uint64_t checksum = 0;
  for (auto _ : state) {
    io::RecordingReader reader({path});
    io::RecordView view;
    while (reader.nextView(view)) checksum += view.body_bytes.size();
  }
  benchmark::DoNotOptimize(checksum);
  report(state, std::filesystem::file_size(path));
}
BENCHMARK(BM_RecordingReadView)->Unit(benchmark::kMillisecond);

// Every record parsed into one reused RecordedMessage.
void BM_RecordingReadParse(benchmark::State& state) {
  const std::string& path = readFixture();
  std::uint64_t checksum = 0;
  for (auto _ : state) {
    io::RecordingReader reader({path});
    v1::RecordedMessage record;
    while (reader.next(record)) checksum += static_cast<std::uint64_t>(record.receive_time_ns());
  }
  benchmark::DoNotOptimize(checksum);
  report(state, std::filesystem::file_size(path));
}
BENCHMARK(BM_RecordingReadParse)->Unit(benchmark::kMillisecond);

// The same into a message on an arena, recreated every 4,096 records (summarizeRecording's
// way): parsing allocates by bumping a pointer and frees a whole batch at once.
void BM_RecordingReadParseArena(benchmark::State& state) {
  const std::string& path = readFixture();
  std::uint64_t checksum = 0;
  for (auto _ : state) {
    io::RecordingReader reader({path});
    google::protobuf::Arena arena;
    auto* record = google::protobuf::Arena::CreateMessage<v1::RecordedMessage>(&arena);
    std::uint64_t n = 0;
    while (reader.next(*record)) {
      checksum += static_cast<std::uint64_t>(record->receive_time_ns());
      if (++n % 4096 == 0) {
        arena.Reset();
        record = google::protobuf::Arena::CreateMessage<v1::RecordedMessage>(&arena);
      }
    }
  }
  benchmark::DoNotOptimize(checksum);
  report(state, std::filesystem::file_size(path));
}
BENCHMARK(BM_RecordingReadParseArena)->Unit(benchmark::kMillisecond);

// fusion-replay --info: parse, classify and count every record.
void BM_RecordingSummary(benchmark::State& state) {
  const std::string& path = readFixture();
  for (auto _ : state) {
    io::RecordingReader reader({path});
    benchmark::DoNotOptimize(io::summarizeRecording(reader));
  }
  report(state, std::filesystem::file_size(path));
}
BENCHMARK(BM_RecordingSummary)->Unit(benchmark::kMillisecond);

template <std::uint32_t (*Crc)(std::uint32_t, const void*, std::size_t)>
void crcBench(benchmark::State& state) {
  std::vector<unsigned char> data(static_cast<std::size_t>(state.range(0)));
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<unsigned char>(i * 131);
  std::uint32_t crc = 0;
  for (auto _ : state) {
    crc = Crc(crc, data.data(), data.size());
    benchmark::DoNotOptimize(crc);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

// A chunk header (48 bytes) and a default chunk (256 KiB).
void BM_Crc32cTable(benchmark::State& state) { crcBench<io::crc32cTable>(state); }
BENCHMARK(BM_Crc32cTable)->Arg(48)->Arg(256 * 1024);

void BM_Crc32cHardware(benchmark::State& state) {
  if (!io::crc32cHardwareAvailable()) {
    state.SkipWithError("no CRC32 instruction on this CPU");
    return;
  }
  crcBench<io::crc32cHardware>(state);
}
BENCHMARK(BM_Crc32cHardware)->Arg(48)->Arg(256 * 1024);

}  // namespace
