#pragma once
// AIS transponders as the receivers hear them, and the terrestrial AIS base station.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/feed_source.hpp"
#include "sim/radar_geometry.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"
#include "sim/traffic_index.hpp"

namespace picket::sim {

/// Class A reporting interval for a ship, ITU-R M.1371-5 Annex 1 Table 1: 10 s up to 14 kn,
/// 6 s up to 23 kn, 2 s above; 3 min at anchor (speed 0 here). The shorter intervals while
/// changing course are not modelled.
core::Duration classAReportInterval(double speed_kn, bool at_anchor);

/// Class B "CS" (carrier-sense) reporting interval, ITU-R M.1371-5 Annex 1 Table 2: 3 min at or
/// below 2 kn, 30 s above.
core::Duration classBReportInterval(double speed_kn);

/// The nominal position-report interval of a transponder of class `unit_class` on a ship in
/// state `s` (class A: speed 0 counts as at anchor).
core::Duration aisReportInterval(AisClass unit_class, const PlatformState& s);

/// What a platform's AIS transponder sends at one instant.
struct AisTransmission {
  /// MMSI and static data sent: the platform's own, or the one its behaviour borrows.
  const AisIdentity* identity = nullptr;
  /// The transponder's own class: it decides the message types (1 and 5, or 18 and 24), the
  /// rates and the accuracy flag, whatever identity it sends.
  AisClass unit_class = AisClass::A;
  /// SpoofedPosition: reported instead of the GNSS fix.
  const core::GeoPoint* fake_position = nullptr;
};

/// nullopt when the platform has no AIS or a Silent behaviour covers `elapsed` (offset from
/// the scenario start); otherwise what it sends. The first listed behaviour whose window
/// [from, until) contains `elapsed` applies; a SpoofedPosition without a fake_position or a
/// SpoofedMmsi / IdentityChange without an identity changes nothing.
std::optional<AisTransmission> aisTransmissionAt(const Platform& p, core::Duration elapsed);

/// When AIS transponders transmit. A ship's reports lie on a grid: origin + (phase mod
/// interval) + k * interval, where the phase is drawn once per ship from (seed, platform id)
/// and the interval follows the ship's class and speed. The grid depends on nothing else, so
/// every receiver (terrestrial or satellite) hears the same transmissions, and a receiver can
/// start following a ship at any time without replaying its history (SOTDMA keeps a ship's
/// slots for minutes; a fixed phase is the simplest stand-in). Static data (message 5 or 24)
/// has its own phase.
class AisTimetable {
 public:
  struct Phase {
    std::uint64_t position = 0;
    std::uint64_t static_data = 0;
  };
  /// `origin`: the scenario start.
  AisTimetable(std::uint64_t seed, core::Timestamp origin) : seed_(seed), origin_(origin) {}
  /// The ship's phases, from the stream (seed, "ais-slots/" + platform id).
  [[nodiscard]] Phase phase(const Platform& p) const;
  /// The first instant >= t of the grid origin + (phase mod interval, in whole milliseconds)
  /// + k * interval. interval > 0, a whole number of milliseconds.
  [[nodiscard]] core::Timestamp nextSlot(std::uint64_t phase, core::Duration interval,
                                         core::Timestamp t) const;

 private:
  std::uint64_t seed_;
  core::Timestamp origin_;
};

/// The GNSS position a transponder reports: the spoofed position as it is, or the true
/// position plus independent Gaussian east and north errors of `sigma_m` (two draws).
core::GeoPoint aisReportedPosition(const AisTransmission& tx, const PlatformState& truth,
                                   double sigma_m, Rng& rng);

/// Fills an AIS position report except its header: message 1 (class A: navigational status 0
/// under way or 1 at anchor, true heading = COG to 1 degree, PA high) or message 18 (class B:
/// status 15 "not defined", no heading, PA low), with M.1371 quantisation: position 1/10000
/// minute, SOG 0.1 kn, COG 0.1 degree. `received`: when the receiver got it.
void fillAisPosition(pb::AisPositionReport& r, const AisTransmission& tx,
                     const PlatformState& truth, const core::GeoPoint& reported,
                     core::Timestamp received);

/// Fills AIS static data except its header: message 5 (class A: IMO, destination, draught) or
/// message 24 parts A and B (class B: name, call sign, type and dimensions only).
void fillAisStatic(pb::AisStaticData& d, const AisTransmission& tx);

/// A terrestrial AIS base station. Emits an AisPositionReport for every transmission of an
/// active AIS ship within range_m (horizontal distance to the site) of the receiver, and an
/// AisStaticData for every static-data transmission, each lost with loss_probability; Silent
/// ships send nothing, spoofing ships send what their behaviour says (aisTransmissionAt).
/// Class A and B per the ship's AisIdentity::ais_class, with position_sigma_m or
/// class_b_position_sigma_m of GNSS error. Delivered at once.
///
/// Cost: the receiver follows only ships near it. At the start of each TrafficIndex bucket it
/// asks the index for the ships that may come within range during the bucket and starts their
/// timetable; a followed ship that is out of range and cannot come back into range before the
/// next bucket is dropped. A ship far away costs nothing; a receiver with no ship near wakes
/// once per bucket.
class AisReceiverSource final : public FeedSource {
 public:
  /// `scenario` and `index` must outlive the source.
  AisReceiverSource(const AisReceiverConfig& config, const Scenario& scenario, TrafficIndex& index,
                    core::Timestamp start, core::Timestamp end, std::uint64_t seed);

  [[nodiscard]] const std::string& sourceId() const override { return config_.source_id; }
  [[nodiscard]] std::optional<core::Timestamp> nextDelivery() const override;
  SimMessage emit() override;
  /// With no transmission due before the end of the run: the start of the next bucket, whose
  /// ships may bring one.
  [[nodiscard]] std::optional<core::Timestamp> nextWake() const override;
  void wake() override;

 private:
  enum class Kind : std::uint8_t { Position, Static };
  struct Event {
    std::int64_t time_ns = 0;
    std::uint32_t platform = 0;  // index into scenario.platforms
    Kind kind = Kind::Position;
    auto operator<=>(const Event&) const = default;
  };
  struct Ship {
    bool followed = false;
    bool has_phase = false;
    AisTimetable::Phase phase;
    std::int64_t position_ns = 0;  // its events in events_ while followed
    std::int64_t static_ns = 0;
  };
  enum class Outcome : std::uint8_t { Receive, Wait, Drop };
  // The transmission of the event at the top of the queue, decided by consider().
  struct Received {
    PlatformState state;
    AisTransmission tx;
  };

  // Opens buckets and settles events until the first event is one to emit, or none is due
  // before the end (then the receiver waits for a wake to open the next bucket: it never runs
  // ahead of the feed, so the index holds only current buckets).
  void advance();
  void openBucket(core::Timestamp bucket_start);
  Outcome consider(const Event& e, PlatformState& state);
  void schedule(std::uint32_t platform, Kind kind, core::Timestamp at_or_after,
                const PlatformState& state);
  void drop(std::uint32_t platform);

  AisReceiverConfig config_;
  const Scenario* scenario_;
  TrafficIndex* index_;
  AisTimetable timetable_;
  GroundDistance site_distance_;
  core::Timestamp start_;
  core::Timestamp end_;
  Rng rng_;
  std::set<Event> events_;  // ordered: time, then platform index, then kind
  std::vector<Ship> ships_;
  core::Timestamp next_bucket_;  // the next bucket to open
  Received received_;
  std::uint64_t sequence_ = 0;
};

}  // namespace picket::sim
