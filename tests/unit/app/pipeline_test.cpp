// CorrelatorPipeline: the same outputs whichever thread runs the cueing stage, and the
// owner-thread track callback (track_on_owner) sees exactly what the track callback sees.

#include "app/pipeline.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <tuple>
#include <vector>

#include "geo/wgs84.hpp"
#include "io/config.hpp"

namespace picket::app {
namespace {

const std::string kConfig =
    "instance_id: unit\n"
    "partners: {default: {id: P, name: p}}\n"
    "input: {time_reference: data, reorder_window_s: 0}\n"
    "sensors:\n"
    "  - {id: ais, kind: ais, max_range_m: 200000}\n"
    "  - {id: radar, kind: coastal_radar, max_range_m: 200000,"
    " site: {lat_deg: 12.0, lon_deg: -70.0}}\n";

// What a callback saw of one track.
using Seen = std::tuple<core::TrackId, std::int64_t, int, double, double>;

Seen seen(const core::Track& t) {
  return {t.id, t.time.ns, static_cast<int>(t.status), t.x(0), t.x(3)};
}

core::Measurement plot(core::Timestamp t, core::SensorIndex sensor, core::SensorKind kind,
                       double lat, double lon, std::uint32_t mmsi) {
  core::Measurement m;
  m.time = t;
  m.sensor = sensor;
  m.sensor_kind = kind;
  m.mmsi = mmsi;
  core::PositionMeasurement p;
  p.position = core::GeoPoint{lat, lon, 0.0};
  p.cov_en_m2 = core::Mat2::Identity() * (mmsi != 0 ? 100.0 : 2500.0);
  m.data = p;
  return m;
}

// Ten minutes of three vessels heading east: two at ~10 kn on AIS (one with a static report)
// and seen by radar, and a dark go-fast seen by radar only; a scan every 10 s per sensor.
std::vector<io::InputItem> inputs() {
  std::vector<io::InputItem> items;
  const core::Timestamp t0{1'700'000'000'000'000'000};
  for (int k = 0; k < 60; ++k) {
    const core::Timestamp t = t0 + core::Duration::fromSeconds(10.0 * k);
    const double dlon = 0.00047 * k;  // ~10 kn at 12 N
    core::Scan ais{t, 0, core::SensorKind::Ais, static_cast<std::uint64_t>(2 * k), {}, {}};
    ais.measurements.push_back(plot(t, 0, core::SensorKind::Ais, 12.10, -70.10 + dlon, 367000001));
    ais.measurements.push_back(plot(t, 0, core::SensorKind::Ais, 12.20, -70.20 + dlon, 367000002));
    items.emplace_back(std::move(ais));
    core::Scan radar{t + core::Duration::fromSeconds(5.0), 1, core::SensorKind::CoastalRadar,
                     static_cast<std::uint64_t>(2 * k + 1), geo::geodeticToEcef({12.0, -70.0, 0.0}),
                     {}};
    for (const auto& [lat, lon] : {std::pair{12.10, -70.10}, {12.20, -70.20}}) {
      radar.measurements.push_back(plot(radar.time, 1, core::SensorKind::CoastalRadar, lat,
                                        lon + dlon + 0.000235, 0));
    }
    // A dark go-fast at ~32 kn.
    radar.measurements.push_back(plot(radar.time, 1, core::SensorKind::CoastalRadar, 12.05,
                                      -70.30 + 3.0 * (dlon + 0.000235), 0));
    items.emplace_back(std::move(radar));
    if (k == 20) {
      core::IdentityReport id;
      id.time = t;
      id.sensor = 0;
      id.mmsi = 367000001;
      id.name = "EXAMPLE ONE";
      items.emplace_back(id);
    }
  }
  io::EndOfStreamItem end;
  end.source_id = "ais";
  end.time = t0 + core::Duration::fromSeconds(600.0);
  end.messages_sent = 60;
  items.emplace_back(end);
  return items;
}

struct Outputs {
  std::vector<Seen> track;
  std::vector<Seen> track_on_owner;
  std::size_t alerts = 0;
  bool owner_thread_only = true;        // track_on_owner ran on the pushing thread
  bool track_on_other_thread = false;   // track ran on another thread at least once
};

Outputs run(CueingThread mode) {
  const io::FusiondConfig config = io::parseConfig(kConfig);
  io::Counters counters;
  Outputs out;
  const std::thread::id owner = std::this_thread::get_id();
  PipelineCallbacks callbacks;
  callbacks.track = [&](const core::Track& t) {
    out.track.push_back(seen(t));
    if (std::this_thread::get_id() != owner) out.track_on_other_thread = true;
  };
  callbacks.track_on_owner = [&](const core::Track& t) {
    out.track_on_owner.push_back(seen(t));
    if (std::this_thread::get_id() != owner) out.owner_thread_only = false;
  };
  callbacks.alerts = [&](const std::vector<cueing::AlertEvent>& e) { out.alerts += e.size(); };
  CorrelatorPipeline pipeline(config, counters, callbacks, "test", mode);
  for (const auto& item : inputs()) pipeline.push(item);
  pipeline.flush();
  return out;
}

TEST(CorrelatorPipeline, TrackOnOwnerSeesWhatTheTrackCallbackSeesOnTheOwnersThread) {
  for (const CueingThread mode : {CueingThread::Inline, CueingThread::Own}) {
    const Outputs out = run(mode);
    ASSERT_GT(out.track.size(), 100u);
    EXPECT_EQ(out.track_on_owner, out.track);
    EXPECT_TRUE(out.owner_thread_only);
    EXPECT_EQ(out.track_on_other_thread, mode == CueingThread::Own);
  }
}

TEST(CorrelatorPipeline, TheCueingThreadChangesNoOutput) {
  const Outputs inline_run = run(CueingThread::Inline);
  const Outputs own_run = run(CueingThread::Own);
  EXPECT_EQ(own_run.track, inline_run.track);
  EXPECT_EQ(own_run.alerts, inline_run.alerts);
  EXPECT_GT(own_run.alerts, 0u);  // the radar-only vessel is a dark target
  std::size_t confirmed = 0;
  for (const Seen& s : own_run.track) {
    if (std::get<2>(s) == static_cast<int>(core::TrackStatus::Confirmed)) ++confirmed;
  }
  EXPECT_GT(confirmed, 50u);
}

}  // namespace
}  // namespace picket::app
