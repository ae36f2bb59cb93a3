#include "filters/kalman.hpp"

#include <Eigen/Cholesky>
#include <algorithm>

namespace picket::filters {

TrackState predict(const TrackState& s, const Mat6& f, const Mat6& q, core::Timestamp to) {
  TrackState out;
  out.x = f * s.x;
  out.P = f * s.P * f.transpose() + q;
  out.P = (0.5 * (out.P + out.P.transpose())).eval();  // eval: the rhs aliases out.P
  out.time = to;
  return out;
}

bool isCovarianceValid(const Mat6& p) {
  if (!p.allFinite()) return false;
  const double scale = p.diagonal().cwiseAbs().maxCoeff();
  if (!((p - p.transpose()).cwiseAbs().maxCoeff() <= 1e-9 * std::max(scale, 1.0))) return false;
  Eigen::LLT<Mat6> llt(p);
  return llt.info() == Eigen::Success;
}

}  // namespace picket::filters
