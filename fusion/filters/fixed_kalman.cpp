#include "filters/fixed_kalman.hpp"

#include <algorithm>

namespace picket::filters {

bool isCovarianceValid(const models::HMat& p) {
  if (!p.allFinite()) return false;
  const double scale = p.diagonal().cwiseAbs().maxCoeff();
  if (!((p - p.transpose()).cwiseAbs().maxCoeff() <= 1e-9 * std::max(scale, 1.0))) return false;
  const Eigen::LLT<models::HMat> llt(p);
  return llt.info() == Eigen::Success;
}

}  // namespace picket::filters
