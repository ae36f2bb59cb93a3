#include "filters/kalman.hpp"

#include <Eigen/Cholesky>
#include <cmath>

namespace picket::filters {

TrackState predict(const TrackState& s, const Mat6& f, const Mat6& q, core::Timestamp to) {
  TrackState out;
  out.x = f * s.x;
  out.P = f * s.P * f.transpose() + q;
  out.P = (0.5 * (out.P + out.P.transpose())).eval();  // eval: the rhs aliases out.P
  out.time = to;
  return out;
}

InnovationStats innovationStats(const TrackState& s, const models::Linearized& m) {
  InnovationStats st;
  const auto& h = m.jacobian;
  st.S = h * s.P * h.transpose() + m.noise;
  st.S = (0.5 * (st.S + st.S.transpose())).eval();
  Eigen::LLT<models::MatZZ> llt(st.S);
  if (llt.info() != Eigen::Success) return st;
  const models::VecZ w = llt.matrixL().solve(m.innovation);
  st.nis = w.squaredNorm();
  st.log_det_s = 2.0 * llt.matrixLLT().diagonal().array().log().sum();
  st.ok = std::isfinite(st.nis) && std::isfinite(st.log_det_s);
  return st;
}

UpdateResult update(const TrackState& s, const models::Linearized& m) {
  UpdateResult r{s, UpdateStatus::NumericalFailure, 0.0};
  const auto& h = m.jacobian;
  models::MatZZ sm = h * s.P * h.transpose() + m.noise;
  sm = (0.5 * (sm + sm.transpose())).eval();
  Eigen::LLT<models::MatZZ> llt(sm);
  if (llt.info() != Eigen::Success) return r;
  // K = P H^T S^-1, computed as (S^-1 H P)^T since S and P are symmetric.
  const Eigen::Matrix<double, Eigen::Dynamic, 6, Eigen::ColMajor, models::kMaxMeasurementDim, 6>
      ht_p = h * s.P;
  const Eigen::Matrix<double, 6, Eigen::Dynamic, Eigen::ColMajor, 6, models::kMaxMeasurementDim>
      k = llt.solve(ht_p).transpose();
  const Mat6 i_kh = Mat6::Identity() - k * h;
  TrackState out;
  out.x = s.x + k * m.innovation;
  out.P = i_kh * s.P * i_kh.transpose() + k * m.noise * k.transpose();
  out.P = (0.5 * (out.P + out.P.transpose())).eval();  // eval: the rhs aliases out.P
  out.time = s.time;
  if (!out.x.allFinite() || !out.P.allFinite()) return r;
  r.state = out;
  r.status = UpdateStatus::Ok;
  r.nis = m.innovation.dot(llt.solve(m.innovation));
  return r;
}

bool isCovarianceValid(const Mat6& p) {
  if (!p.allFinite()) return false;
  const double scale = p.diagonal().cwiseAbs().maxCoeff();
  if (!((p - p.transpose()).cwiseAbs().maxCoeff() <= 1e-9 * std::max(scale, 1.0))) return false;
  Eigen::LLT<Mat6> llt(p);
  return llt.info() == Eigen::Success;
}

}  // namespace picket::filters
