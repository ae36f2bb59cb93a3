#pragma once
// Building blocks for the sensor tests: platforms, synthetic scenarios, message helpers.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "geo/wgs84.hpp"
#include "sim/feed_generator.hpp"
#include "sim/rng.hpp"
#include "sim/scenario.hpp"

namespace picket::sim::testing {

inline constexpr core::Timestamp kTestStart{1'700'000'000'000'000'000};

inline constexpr double knots(double kn) { return kn * geo::kKnotToMps; }

/// A ship that stays at `where` (speed 0).
inline Platform moored(std::string id, core::GeoPoint where, double rcs_m2 = 1000.0,
                       double height_m = 10.0) {
  Platform p;
  p.id = std::move(id);
  p.platform_class = PlatformClass::Merchant;
  p.route = Route({where}, 0.0);
  p.rcs_m2 = rcs_m2;
  p.radar_height_m = height_m;
  return p;
}

/// A surface platform sailing from `from` towards `to` at `speed_kn`, and stopping there.
inline Platform sailing(std::string id, core::GeoPoint from, core::GeoPoint to, double speed_kn,
                        PlatformClass c = PlatformClass::Merchant) {
  Platform p;
  p.id = std::move(id);
  p.platform_class = c;
  p.route = Route({from, to}, knots(speed_kn));
  return p;
}

/// An aircraft flying from `from` towards `to` at `speed_kn` and `alt_m`.
inline Platform flying(std::string id, core::GeoPoint from, core::GeoPoint to, double speed_kn,
                       double alt_m, PlatformClass c = PlatformClass::CommercialAircraft) {
  from.alt_m = alt_m;
  to.alt_m = alt_m;
  Platform p;
  p.id = std::move(id);
  p.platform_class = c;
  p.route = Route({from, to}, knots(speed_kn));
  p.radar_height_m = 0.0;
  return p;
}

/// An AIS identity with a valid-looking MMSI.
inline AisIdentity identity(std::uint32_t mmsi, std::string name, AisClass c = AisClass::A) {
  AisIdentity id;
  id.mmsi = mmsi;
  id.imo = c == AisClass::A ? 9074729 : 0;
  id.name = std::move(name);
  id.call_sign = "3EAB1";
  id.ship_type = c == AisClass::A ? 70 : 37;
  id.to_bow_m = 100;
  id.to_stern_m = 20;
  id.to_port_m = 10;
  id.to_starboard_m = 10;
  id.draught_m = c == AisClass::A ? 8.0 : 0.0;
  id.destination = c == AisClass::A ? "KINGSTON" : "";
  id.ais_class = c;
  return id;
}

/// A point `distance_m` from `centre` along `azimuth_deg`, at sea level.
inline core::GeoPoint offset(const core::GeoPoint& centre, double azimuth_deg, double distance_m) {
  return geo::geodesicDirect({centre.lat_deg, centre.lon_deg, 0.0}, azimuth_deg, distance_m);
}

/// Random straight routes across `area` (ignoring land): ships at 5-30 kn, one in eight an
/// aircraft at 200-480 kn and 3-11 km; half the ships with AIS (a quarter of those class B);
/// some platforms appear or leave during the first hour. Deterministic in `seed`.
inline std::vector<Platform> randomTraffic(std::uint64_t seed, std::size_t n, const Area& area) {
  Rng rng(seed);
  std::vector<Platform> out;
  out.reserve(n);
  auto randomPoint = [&] {
    return core::GeoPoint{rng.uniform(area.lat_min_deg, area.lat_max_deg),
                          rng.uniform(area.lon_min_deg, area.lon_max_deg), 0.0};
  };
  for (std::size_t i = 0; i < n; ++i) {
    const bool aircraft = rng.below(8) == 0;
    Platform p;
    if (aircraft) {
      p = flying("air-" + std::to_string(i), randomPoint(), randomPoint(),
                 rng.uniform(200.0, 480.0), rng.uniform(3000.0, 11000.0));
      if (rng.bernoulli(0.8)) p.transponder_code = static_cast<std::uint32_t>(1000 + i % 6000);
    } else {
      p = sailing("ship-" + std::to_string(i), randomPoint(), randomPoint(),
                  rng.uniform(5.0, 30.0));
      p.rcs_m2 = rng.uniform(5.0, 5000.0);
      p.radar_height_m = rng.uniform(1.0, 30.0);
      if (rng.bernoulli(0.5)) {
        const AisClass c = rng.bernoulli(0.25) ? AisClass::B : AisClass::A;
        p.ais =
            identity(static_cast<std::uint32_t>(200'000'000 + i), "SHIP " + std::to_string(i), c);
      }
    }
    if (rng.bernoulli(0.1)) p.active_from = core::Duration::fromSeconds(rng.uniform(0.0, 3600.0));
    if (rng.bernoulli(0.1)) {
      p.active_until = p.active_from + core::Duration::fromSeconds(rng.uniform(60.0, 3600.0));
    }
    out.push_back(std::move(p));
  }
  return out;
}

/// The run's messages of one source.
inline std::vector<SimMessage> ofSource(const std::vector<SimMessage>& run, const std::string& id) {
  std::vector<SimMessage> out;
  for (const SimMessage& m : run) {
    if (m.source_id == id) out.push_back(m);
  }
  return out;
}

/// Runs one source by itself to its end, waking it when it asks.
template <typename Source>
std::vector<SimMessage> drain(Source& source) {
  std::vector<SimMessage> out;
  for (;;) {
    const auto delivery = source.nextDelivery();
    const auto wake = source.nextWake();
    if (delivery && (!wake || *delivery <= *wake)) {
      out.push_back(source.emit());
    } else if (wake) {
      source.wake();
    } else {
      return out;
    }
  }
}

}  // namespace picket::sim::testing
