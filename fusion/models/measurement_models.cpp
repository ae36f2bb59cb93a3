#include "models/measurement_models.hpp"

#include <cmath>

#include "geo/wgs84.hpp"

namespace picket::models {

using core::Mat3;
using core::Vec3;

core::Vec2 predictPolar(const Vec3& target_ecef, const Vec3& sensor_ecef,
                        const Mat3& sensor_enu_to_ecef) {
  const Vec3 d = target_ecef - sensor_ecef;
  const Vec3 t = sensor_enu_to_ecef.transpose() * d;
  return {d.norm(), geo::wrapTwoPi(std::atan2(t.x(), t.y()))};
}

}  // namespace picket::models
