#pragma once
// The built-in demonstration scenario: sea area north-west of Aruba.

#include <string_view>

#include "sim/scenario.hpp"

namespace picket::sim {

inline constexpr std::string_view kCaribbeanDemoName = "caribbean-demo";

/// Four AIS-transmitting merchant ships on an east-west lane 25-35 km north of Aruba, one dark
/// go-fast running north-east past the west of Aruba at 45 kn, and a patrol aircraft flying a
/// racetrack; watched by a coastal radar and an AIS receiver on Hooiberg and by the aircraft's
/// search radar. Default duration 90 min. See sensors-sim/README.md for the figures.
Scenario makeCaribbeanDemo();

}  // namespace picket::sim
