#pragma once
// A track's local tangent plane: the frame in which its horizontal filter state lives.
//
// Each track keeps an anchor point on the ellipsoid; its horizontal state (east, north and
// their rates) is expressed in the plane tangent to the ellipsoid at the anchor, by
// orthographic projection along the anchor's normal. The tracker re-anchors a track when it
// has moved a few kilometres from its anchor, so the plane never strays far from the surface
// (the sag is d^2 / 2R: 2 m at 5 km) and no map projection or zone is involved anywhere on the
// ellipsoid. The anchor's position, normal and radii of curvature come from GeographicLib.

#include <Eigen/Core>

#include "core/types.hpp"

namespace picket::geo {

using Mat32 = Eigen::Matrix<double, 3, 2>;

class TangentPlane {
 public:
  TangentPlane() = default;
  /// Anchored on the ellipsoid below `anchor` (its height is ignored).
  explicit TangentPlane(const core::GeoPoint& anchor);
  /// Anchored on the ellipsoid below an ECEF point.
  static TangentPlane atEcef(const core::Vec3& ecef_m);

  [[nodiscard]] const core::Vec3& anchorEcef() const { return anchor_ecef_; }
  /// Columns: east, north, up unit vectors at the anchor, in ECEF.
  [[nodiscard]] const core::Mat3& enuToEcef() const { return r_; }
  [[nodiscard]] const core::GeoPoint& anchor() const { return anchor_; }

  /// Orthographic (east, north) of an ECEF point: the first two components of
  /// R^T (p - anchor). Exact, cheap (no trigonometry).
  [[nodiscard]] core::Vec2 horizontal(const core::Vec3& ecef_m) const;

  /// The ECEF point `height_m` above the ellipsoid point whose projection is `en` (second order
  /// in |en| / R: the ellipsoid's normal curvature along east and north at the anchor).
  [[nodiscard]] core::Vec3 toEcef(const core::Vec2& en_m, double height_m) const;

  /// d toEcef / d en at fixed height (3x2).
  [[nodiscard]] Mat32 toEcefJacobian(const core::Vec2& en_m, double height_m) const;

  /// Unit ellipsoid normal (up) at the point whose projection is `en`, in ECEF.
  [[nodiscard]] core::Vec3 upAt(const core::Vec2& en_m) const;

  /// ECEF velocity of a point at `en` moving with horizontal rates `v_en` (of the projected
  /// coordinates) and vertical rate `v_up_mps`.
  [[nodiscard]] core::Vec3 velocityToEcef(const core::Vec2& en_m, const core::Vec2& v_en_mps,
                                          double v_up_mps) const;

  /// The same for a point `height_m` above the ellipsoid (the horizontal rates scale by
  /// (1 + h / R) there: 0.2 % at 12 km). Addition to the original interface.
  [[nodiscard]] core::Vec3 velocityToEcef(const core::Vec2& en_m, const core::Vec2& v_en_mps,
                                          double v_up_mps, double height_m) const;

  /// d velocityToEcef(en, v_en, v_up, height) / d en at fixed rates (3x2), neglecting the
  /// second derivative of the normal times the height (a term of |v| h / R^2). Used by the
  /// range-rate model, the ECEF view and re-anchoring. Addition to the original interface.
  [[nodiscard]] Mat32 velocityToEcefJacobian(const core::Vec2& en_m, const core::Vec2& v_en_mps,
                                             double v_up_mps) const;

  /// d velocityToEcef(en, v_en, v_up, height) / d height (the normal turns with en, so the
  /// ground speed scales with height: |v| / R). Addition to the original interface.
  [[nodiscard]] core::Vec3 velocityHeightDerivative(const core::Vec2& en_m,
                                                    const core::Vec2& v_en_mps) const;

  /// 1 / N and 1 / M at the anchor (prime-vertical and meridional radii of curvature).
  [[nodiscard]] double inverseRadiusEast() const { return inv_radius_east_; }
  [[nodiscard]] double inverseRadiusNorth() const { return inv_radius_north_; }

  /// Jacobian of `other.horizontal(toEcef(en, 0))` with respect to en at `en`: maps horizontal
  /// positions, velocities and their covariances from this plane into `other` near `en`.
  [[nodiscard]] core::Mat2 horizontalJacobianTo(const TangentPlane& other,
                                                const core::Vec2& en_m) const;

  bool operator==(const TangentPlane&) const = default;

 private:
  core::GeoPoint anchor_;
  core::Vec3 anchor_ecef_ = core::Vec3::Zero();
  core::Mat3 r_ = core::Mat3::Identity();
  double inv_radius_east_ = 0.0;   ///< 1 / N (prime-vertical radius of curvature)
  double inv_radius_north_ = 0.0;  ///< 1 / M (meridional radius of curvature)
};

}  // namespace picket::geo
