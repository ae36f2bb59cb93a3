#include "sim/scenario.hpp"

#include "sim/caribbean_demo.hpp"

namespace picket::sim {

const char* toString(PlatformClass c) {
  switch (c) {
    case PlatformClass::Merchant:
      return "merchant";
    case PlatformClass::GoFast:
      return "go-fast";
    case PlatformClass::PatrolAircraft:
      return "patrol-aircraft";
  }
  return "unknown";
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
