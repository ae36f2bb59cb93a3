#include "sim/scenario.hpp"

#include <cmath>

#include "sim/caribbean_demo.hpp"

namespace picket::sim {

namespace {

struct ClassName {
  PlatformClass c;
  const char* name;
};
constexpr ClassName kClassNames[] = {
    {PlatformClass::Merchant, "merchant"},
    {PlatformClass::Tanker, "tanker"},
    {PlatformClass::Fishing, "fishing"},
    {PlatformClass::Pleasure, "pleasure"},
    {PlatformClass::GoFast, "go-fast"},
    {PlatformClass::SemiSubmersible, "semi-submersible"},
    {PlatformClass::LogisticsVessel, "logistics"},
    {PlatformClass::PatrolShip, "patrol-ship"},
    {PlatformClass::SuspectAircraft, "suspect-aircraft"},
    {PlatformClass::CommercialAircraft, "commercial-aircraft"},
    {PlatformClass::PatrolAircraft, "patrol-aircraft"},
};

}  // namespace

const char* toString(PlatformClass c) {
  for (const ClassName& n : kClassNames) {
    if (n.c == c) return n.name;
  }
  return "unknown";
}

std::optional<PlatformClass> platformClassFromString(std::string_view name) {
  for (const ClassName& n : kClassNames) {
    if (name == n.name) return n.c;
  }
  return std::nullopt;
}

bool isAircraft(PlatformClass c) {
  return c == PlatformClass::SuspectAircraft || c == PlatformClass::CommercialAircraft ||
         c == PlatformClass::PatrolAircraft;
}

const char* toString(EventKind k) {
  switch (k) {
    case EventKind::DarkGoFastRun: return "dark-go-fast-run";
    case EventKind::Rendezvous: return "rendezvous";
    case EventKind::SmallCraftMeeting: return "small-craft-meeting";
    case EventKind::AisSwitchedOff: return "ais-switched-off";
    case EventKind::SpoofedPosition: return "spoofed-position";
    case EventKind::SpoofedMmsi: return "spoofed-mmsi";
    case EventKind::IdentityChange: return "identity-change";
    case EventKind::SemiSubmersibleRun: return "semi-submersible-run";
    case EventKind::SuspectFlight: return "suspect-flight";
    case EventKind::TransponderOff: return "transponder-off";
  }
  return "unknown";
}

bool Platform::activeAt(core::Duration elapsed) const {
  return elapsed >= active_from && (!active_until || elapsed < *active_until);
}

PlatformState Platform::stateAt(core::Duration elapsed) const {
  return route.stateAt(elapsed - active_from);
}

double RadarDetectionModel::pd(double rcs_m2, double range_m) const {
  if (!(range_m > 0.0) || !(rcs_m2 > 0.0)) return 0.0;
  // Swerling I: Pd = Pfa^(1 / (1 + SNR)); the reference point fixes SNR_ref.
  const double log_pfa = std::log(pfa);
  const double snr_ref = log_pfa / std::log(reference_pd) - 1.0;
  const double r = reference_range_m / range_m;
  const double snr = snr_ref * (rcs_m2 / reference_rcs_m2) * r * r * r * r;
  return std::exp(log_pfa / (1.0 + snr));
}

const Platform* Scenario::findPlatform(std::string_view id) const {
  for (const Platform& p : platforms) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

bool Scenario::isOverLand(double lat_deg, double lon_deg) const {
  for (const geo::GeoPolygon& polygon : land) {
    if (polygon.contains(lat_deg, lon_deg)) return true;
  }
  return false;
}

std::vector<std::string> builtInScenarioNames() { return {std::string(kCaribbeanDemoName)}; }

std::optional<Scenario> builtInScenario(std::string_view name) {
  if (name == kCaribbeanDemoName) return makeCaribbeanDemo();
  return std::nullopt;
}

}  // namespace picket::sim
