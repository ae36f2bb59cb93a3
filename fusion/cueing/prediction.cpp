#include "cueing/prediction.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>

#include "association/gating.hpp"
#include "geo/wgs84.hpp"

namespace picket::cueing {

core::GeoPoint trackPosition(const core::Track& track) {
  core::GeoPoint g = geo::ecefToGeodetic(track.x.head<3>());
  if (track.domain == core::Domain::Surface) g.alt_m = 0.0;
  return g;
}

core::Vec2 trackVelocityEn(const core::Track& track) {
  return trackFrame(track).velocityEnu(track).head<2>();
}

TrackFrame trackFrame(const core::Track& track) {
  TrackFrame f;
  f.position = geo::ecefToGeodetic(track.x.head<3>());
  f.enu_to_ecef = geo::enuToEcefRotation(f.position.lat_deg, f.position.lon_deg);
  if (track.domain == core::Domain::Surface) f.position.alt_m = 0.0;
  return f;
}

core::Mat6 TrackFrame::covarianceEnu(const core::Mat6& p) const {
  core::Mat6 t = core::Mat6::Zero();
  t.topLeftCorner<3, 3>() = enu_to_ecef.transpose();
  t.bottomRightCorner<3, 3>() = enu_to_ecef.transpose();
  core::Mat6 out = t * p * t.transpose();
  return 0.5 * (out + out.transpose());
}

core::Mat2 TrackFrame::positionCovarianceEn(const core::Mat6& p) const {
  const Eigen::Matrix<double, 2, 3> en = enu_to_ecef.transpose().topRows<2>();
  const core::Mat2 out = en * p.topLeftCorner<3, 3>() * en.transpose();
  return 0.5 * (out + out.transpose());
}

core::Mat6 covarianceEnu(const core::Vec6& x, const core::Mat6& p) {
  const core::GeoPoint g = geo::ecefToGeodetic(x.head<3>());
  TrackFrame f;
  f.enu_to_ecef = geo::enuToEcefRotation(g.lat_deg, g.lon_deg);
  return f.covarianceEnu(p);
}

void ellipse95(const core::Mat2& cov_en, double& semi_major_m, double& semi_minor_m,
               double& orientation_rad) {
  static const double k95 = association::chiSquareQuantile(2, 0.95);
  Eigen::SelfAdjointEigenSolver<core::Mat2> es(cov_en);
  const core::Vec2 ev = es.eigenvalues().cwiseMax(0.0);  // ascending
  semi_major_m = std::sqrt(k95 * ev(1));
  semi_minor_m = std::sqrt(k95 * ev(0));
  const core::Vec2 major = es.eigenvectors().col(1);  // (east, north)
  orientation_rad = geo::wrapTwoPi(std::atan2(major.x(), major.y()));
  if (orientation_rad >= geo::kPi) orientation_rad -= geo::kPi;  // an axis, not a direction
}

std::vector<Prediction> predictAhead(const core::Track& track, core::Timestamp now,
                                     const std::vector<core::Duration>& look_ahead,
                                     const models::CvNoise& noise) {
  std::vector<Prediction> out;
  out.reserve(look_ahead.size());
  for (const core::Duration d : look_ahead) {
    const filters::TrackState s = tracking::predictTrack(track, now + d, noise);
    core::Track moved = track;
    moved.x = s.x;
    Prediction p;
    p.time = s.time;
    p.position = trackPosition(moved);
    const core::Mat6 cov = covarianceEnu(s.x, s.P);
    ellipse95(cov.topLeftCorner<2, 2>(), p.semi_major_95_m, p.semi_minor_95_m, p.orientation_rad);
    out.push_back(p);
  }
  return out;
}

}  // namespace picket::cueing
