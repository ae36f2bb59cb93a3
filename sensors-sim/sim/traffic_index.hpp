#pragma once
// Where the traffic may be: for each time bucket, a latitude/longitude grid of the active
// platforms, so that a sensor visits only the platforms that may be near it instead of all of
// them (a scan or a report must not cost O(platforms)).

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "core/time.hpp"
#include "core/types.hpp"
#include "sim/route.hpp"

namespace picket::sim {

struct Scenario;

/// Which platforms a query returns.
enum class TrafficLayer : std::uint8_t {
  All,
  Surface,  ///< !isAircraft(platform_class)
  Air,      ///< isAircraft(platform_class)
};

/// Candidate search shared by the sensors of one FeedGenerator.
///
/// Time is cut into buckets [start + k * bucket, start + (k + 1) * bucket]. A bucket holds every
/// platform that is active at some instant of it, with its true state at a reference instant
/// (the bucket start, or its activation if later: one Platform::stateAt each) and its reach: a
/// bound on the geodesic distance it can be from that position at any instant of the bucket
/// (fastest leg speed of its route x time left in the bucket + a margin; a geodesic is the
/// shortest path, so a platform moving along legs at most that fast cannot get farther). Each
/// platform is filed in the cells of a latitude/longitude grid that its reach disc may touch.
///
/// A query returns a superset of the platforms within a radius of a point at some instant of a
/// bucket. Buckets are built on first use and dropped by releaseBefore(), so memory is bounded
/// by the buckets in use, not by the run length. A bucket is a pure function of the scenario and
/// its index: dropping and rebuilding one changes nothing but time.
///
/// Longitudes are unwrapped around the scenario area's centre; a box that would cross the
/// opposite meridian is treated as spanning every longitude (correct, only slower), and so is
/// one within half a degree of a pole.
///
/// Not thread-safe: the generator's thread builds, queries and releases.
class TrafficIndex {
 public:
  /// A platform as filed in a bucket.
  struct Candidate {
    std::uint32_t platform = 0;  ///< index into scenario.platforms
    core::Timestamp time;        ///< reference instant: the bucket start or the activation
    PlatformState state;         ///< true state at `time`
    /// While active during the bucket, the platform is within this geodesic distance (metres)
    /// of state.position.
    double reach_m = 0.0;
  };

  struct Options {
    core::Duration bucket = core::Duration::fromSeconds(60.0);  ///< > 0
    double cell_deg = 1.0;    ///< grid cell size, degrees of latitude and longitude, > 0
    double margin_m = 100.0;  ///< added to every reach: route interpolation round-off
  };

  /// `scenario` must outlive the index; `start` is the scenario's time zero (the run start).
  /// Reads every platform's route once for its fastest speed.
  TrafficIndex(const Scenario& scenario, core::Timestamp start);
  TrafficIndex(const Scenario& scenario, core::Timestamp start, Options options);

  /// Start of the bucket that contains `t`.
  [[nodiscard]] core::Timestamp bucketStart(core::Timestamp t) const;
  [[nodiscard]] core::Duration bucketLength() const { return options_.bucket; }

  /// Every platform of `layer` that is active at some instant of the bucket containing `t` and
  /// then within geodesic distance `radius_m` (heights ignored) of `centre`, possibly with
  /// others: sorted by platform index, each once. Builds the bucket if needed. The span is valid
  /// until the next call to candidates() or releaseBefore(); callers must not query the index
  /// while iterating it.
  std::span<const Candidate* const> candidates(core::Timestamp t, const core::GeoPoint& centre,
                                               double radius_m,
                                               TrafficLayer layer = TrafficLayer::All);

  /// Calls f(platform_index) for each of candidates(t, centre, radius_m, layer).
  template <typename F>
  void forEachCandidate(core::Timestamp t, const core::GeoPoint& centre, double radius_m, F&& f,
                        TrafficLayer layer = TrafficLayer::All) {
    for (const Candidate* c : candidates(t, centre, radius_m, layer)) {
      f(static_cast<std::size_t>(c->platform));
    }
  }

  /// Drops the buckets that end before `t`: no query will ask for an instant before `t` again
  /// (one that does rebuilds the bucket).
  void releaseBefore(core::Timestamp t);

  /// The fastest speed over ground of any leg of any platform, m/s.
  [[nodiscard]] double maxSpeedMps() const { return max_speed_mps_; }
  /// The fastest leg speed of one platform, m/s.
  [[nodiscard]] double maxSpeedMps(std::size_t platform) const { return speed_mps_[platform]; }
  /// Margin added to every reach, metres.
  [[nodiscard]] double marginM() const { return options_.margin_m; }

  /// Statistics for tests and benchmarks: buckets built so far (rebuilds included), buckets
  /// held now and the most ever held at once.
  [[nodiscard]] std::size_t bucketsBuilt() const { return buckets_built_; }
  [[nodiscard]] std::size_t bucketsHeld() const { return buckets_.size(); }
  [[nodiscard]] std::size_t maxBucketsHeld() const { return max_buckets_held_; }

 private:
  // A latitude/longitude box in unwrapped degrees, with its range of grid cells.
  struct Box {
    double lat_lo = 0.0, lat_hi = 0.0, lon_lo = 0.0, lon_hi = 0.0;
    bool all_lon = false;
    int row_lo = 0, row_hi = 0, col_lo = 0, col_hi = 0;
  };
  struct Entry {
    Candidate candidate;
    Box box;
    bool aircraft = false;
  };
  struct Bucket {
    std::vector<Entry> entries;             // by platform index
    std::vector<std::uint32_t> cell_begin;  // rows * cols + 1 offsets into cell_items
    std::vector<std::uint32_t> cell_items;  // entry indices, ascending within a cell
  };

  [[nodiscard]] Box boxAround(const core::GeoPoint& centre, double radius_m) const;
  [[nodiscard]] double unwrapLon(double lon_deg) const;
  const Bucket& bucket(std::int64_t k);
  [[nodiscard]] Bucket build(std::int64_t k) const;

  const Scenario* scenario_;
  core::Timestamp start_;
  Options options_;
  std::vector<double> speed_mps_;  // fastest leg per platform
  std::vector<bool> aircraft_;
  double max_speed_mps_ = 0.0;
  // The grid: rows of latitude from lat0_, columns of unwrapped longitude from lon0_.
  double lon_ref_deg_ = 0.0;  // longitudes are unwrapped to [lon_ref - 180, lon_ref + 180)
  double lat0_deg_ = 0.0;
  double lon0_deg_ = 0.0;
  int rows_ = 1;
  int cols_ = 1;
  std::map<std::int64_t, Bucket> buckets_;
  std::vector<const Candidate*> found_;  // the result buffer of candidates()
  std::size_t buckets_built_ = 0;
  std::size_t max_buckets_held_ = 0;
};

}  // namespace picket::sim
