#pragma once
// Template definitions of fixed_kalman.hpp. Every matrix is fixed-size: no allocation.
#include "filters/fixed_kalman.hpp"

namespace picket::filters {

namespace detail {

/// Cholesky factor S = L L^T of a small fixed-size matrix with the solves the update needs.
/// Hand-written because Eigen's LLT routes a solve with several right-hand sides through its
/// blocked (dynamic-size) triangular solver, which dominated the 2-D update. Same algorithm
/// (Cholesky-Banachiewicz), loops over compile-time bounds.
template <int M>
struct SmallCholesky {
  Eigen::Matrix<double, M, M> l = Eigen::Matrix<double, M, M>::Zero();
  Eigen::Matrix<double, M, 1> inv_diag;
  bool ok = false;

  explicit SmallCholesky(const Eigen::Matrix<double, M, M>& s) {
    for (int j = 0; j < M; ++j) {
      double d = s(j, j);
      for (int k = 0; k < j; ++k) d -= l(j, k) * l(j, k);
      if (!(d > 0.0)) return;  // not positive definite (or NaN)
      l(j, j) = std::sqrt(d);
      inv_diag(j) = 1.0 / l(j, j);
      for (int i = j + 1; i < M; ++i) {
        double v = s(i, j);
        for (int k = 0; k < j; ++k) v -= l(i, k) * l(j, k);
        l(i, j) = v * inv_diag(j);
      }
    }
    ok = true;
  }

  /// L^-1 B, column by column.
  template <int C>
  [[nodiscard]] Eigen::Matrix<double, M, C> solveL(const Eigen::Matrix<double, M, C>& b) const {
    Eigen::Matrix<double, M, C> y;
    for (int c = 0; c < C; ++c) {
      for (int i = 0; i < M; ++i) {
        double v = b(i, c);
        for (int k = 0; k < i; ++k) v -= l(i, k) * y(k, c);
        y(i, c) = v * inv_diag(i);
      }
    }
    return y;
  }

  /// L^-T Y, column by column.
  template <int C>
  [[nodiscard]] Eigen::Matrix<double, M, C> solveLt(const Eigen::Matrix<double, M, C>& y) const {
    Eigen::Matrix<double, M, C> x;
    for (int c = 0; c < C; ++c) {
      for (int i = M - 1; i >= 0; --i) {
        double v = y(i, c);
        for (int k = i + 1; k < M; ++k) v -= l(k, i) * x(k, c);
        x(i, c) = v * inv_diag(i);
      }
    }
    return x;
  }

  /// sqrt|S| = prod L_ii.
  [[nodiscard]] double detRoot() const {
    double prod = 1.0;
    for (int i = 0; i < M; ++i) prod *= l(i, i);
    return prod;
  }

  /// ln |S| = 2 ln prod L_ii.
  [[nodiscard]] double logDet() const { return logDetFromRoot(detRoot()); }
};

/// True when every element is finite: a NaN or an infinity anywhere makes the sum non-finite
/// (finite elements large enough to overflow the sum are rejected too, which is as well).
template <class Derived>
bool allFiniteFast(const Eigen::MatrixBase<Derived>& m) {
  return std::isfinite(m.sum());
}

/// True when H is exactly [I 0] (an identity over the first M states, zero elsewhere).
template <int M>
bool isLeadingIdentity(const Eigen::Matrix<double, M, models::kHorizontalStates>& h) {
  for (int c = 0; c < models::kHorizontalStates; ++c) {
    for (int m = 0; m < M; ++m) {
      if (h(m, c) != (m == c ? 1.0 : 0.0)) return false;
    }
  }
  return true;
}

/// The update with H = [H_n 0]: only the first NH columns of H may be non-zero (position and
/// polar plots: 2; with velocity or range rate: 4; the turn rate is never observed directly).
/// Skipping the zero columns is exact: the same sums without the zero terms.
/// Fills S, the NIS and |S| (`det_s`).
/// The posterior goes to (x_out, p_out), written last and only on success, so they may be
/// x and p themselves.
template <int NH, int M>
bool planeUpdateKernel(const models::HVec& x, const models::HMat& p,
                       const models::PlaneLinearized<M>& z, Eigen::Matrix<double, M, M>& s,
                       double& nis, double& det_s, models::HVec& x_out, models::HMat& p_out) {
  // Plain loops over compile-time bounds: with odd sizes (5) Eigen's expression templates
  // spend more instructions shuffling partial packets than multiplying; the compiler unrolls
  // these completely.
  constexpr int N = models::kHorizontalStates;
  const auto& h = z.jacobian;
  // U = P H^T (N x M) and S = H U + R, symmetrised.
  Eigen::Matrix<double, N, M> u;
  for (int i = 0; i < N; ++i) {
    for (int m = 0; m < M; ++m) {
      double v = 0.0;
      for (int c = 0; c < NH; ++c) v += p(i, c) * h(m, c);
      u(i, m) = v;
    }
  }
  for (int m = 0; m < M; ++m) {
    for (int n = 0; n < M; ++n) {
      double v = z.noise(m, n);
      for (int c = 0; c < NH; ++c) v += h(m, c) * u(c, n);
      s(m, n) = v;
    }
  }
  for (int m = 0; m < M; ++m) {
    for (int n = 0; n < m; ++n) {
      const double v = 0.5 * (s(m, n) + s(n, m));
      s(m, n) = v;
      s(n, m) = v;
    }
  }
  if (!allFiniteFast(s) || !allFiniteFast(z.innovation)) return false;
  const SmallCholesky<M> chol(s);
  if (!chol.ok) return false;
  // K = U S^-1, row by row: K_i^T = S^-1 U_i^T.
  Eigen::Matrix<double, N, M> k;
  for (int i = 0; i < N; ++i) {
    const Eigen::Matrix<double, M, 1> ui = u.row(i).transpose();
    k.row(i) = chol.solveLt(chol.solveL(ui)).transpose();
  }
  // Joseph form (Bucy and Joseph 1968; Bar-Shalom, Li and Kirubarajan 2001, eq. 5.2.3-18),
  // P' = A P A^T + K R K^T with A = I - K H, evaluated as products (not expanded: with a vague
  // prior and a precise plot, P - K U^T cancels to nothing and the K R K^T that should remain
  // is lost). A differs from I only in its first NH columns, so A P and (A P) A^T cost NH
  // multiply-adds per element. The lower triangle is computed and mirrored: that is the
  // symmetrisation.
  Eigen::Matrix<double, N, NH> a;  // the first NH columns of A
  for (int i = 0; i < N; ++i) {
    for (int c = 0; c < NH; ++c) {
      double v = (i == c) ? 1.0 : 0.0;
      for (int m = 0; m < M; ++m) v -= k(i, m) * h(m, c);
      a(i, c) = v;
    }
  }
  models::HMat ap;  // A P
  for (int c = 0; c < N; ++c) {
    for (int i = 0; i < N; ++i) {
      double v = (i >= NH) ? p(i, c) : 0.0;
      for (int kk = 0; kk < NH; ++kk) v += a(i, kk) * p(kk, c);
      ap(i, c) = v;
    }
  }
  Eigen::Matrix<double, N, M> kr;  // K R
  for (int i = 0; i < N; ++i) {
    for (int m = 0; m < M; ++m) {
      double v = 0.0;
      for (int n = 0; n < M; ++n) v += k(i, n) * z.noise(n, m);
      kr(i, m) = v;
    }
  }
  models::HMat p_new;
  for (int j = 0; j < N; ++j) {
    for (int i = j; i < N; ++i) {
      double v = (j >= NH) ? ap(i, j) : 0.0;
      for (int kk = 0; kk < NH; ++kk) v += ap(i, kk) * a(j, kk);
      for (int m = 0; m < M; ++m) v += kr(i, m) * k(j, m);
      p_new(i, j) = v;
      p_new(j, i) = v;
    }
  }
  models::HVec x_new;
  for (int i = 0; i < N; ++i) {
    double v = x(i);
    for (int m = 0; m < M; ++m) v += k(i, m) * z.innovation(m);
    x_new(i) = v;
  }
  const double q = chol.solveL(Eigen::Matrix<double, M, 1>(z.innovation)).squaredNorm();
  const double root = chol.detRoot();
  // ln |S| = 2 ln root is finite exactly when the root is positive and finite.
  if (!std::isfinite(q) || !(root > 0.0) || !std::isfinite(root) || !allFiniteFast(x_new) ||
      !allFiniteFast(p_new)) {
    return false;
  }
  x_out = x_new;
  p_out = p_new;
  nis = q;
  det_s = root * root;
  return true;
}

/// S^-1 of a symmetric positive definite 2x2 or 4x4 S (the inverse is used whole: K = U S^-1
/// and the NIS y^T S^-1 y), with |S|. 2x2: the closed form (adjugate over the determinant;
/// positive definite exactly when S_00 > 0 and |S| > 0). Larger: through SmallCholesky.
template <int M>
struct SmallInverse {
  Eigen::Matrix<double, M, M> inv;
  double det = 0.0;
  bool ok = false;

  explicit SmallInverse(const Eigen::Matrix<double, M, M>& s) {
    if constexpr (M == 2) {
      const double a = s(0, 0);
      const double b = s(1, 0);
      const double c = s(1, 1);
      det = a * c - b * b;
      if (!(a > 0.0) || !(det > 0.0) || !std::isfinite(det)) return;
      const double r = 1.0 / det;
      inv(0, 0) = c * r;
      inv(1, 1) = a * r;
      inv(0, 1) = -b * r;
      inv(1, 0) = inv(0, 1);
      ok = true;
    } else {
      const SmallCholesky<M> chol(s);
      if (!chol.ok) return;
      const double root = chol.detRoot();
      det = root * root;
      inv = chol.solveLt(chol.solveL(Eigen::Matrix<double, M, M>(Eigen::Matrix<double, M, M>::Identity())));
      // Exactly symmetric: the lower triangle, mirrored.
      for (int i = 0; i < M; ++i) {
        for (int j = 0; j < i; ++j) inv(j, i) = inv(i, j);
      }
      ok = det > 0.0 && std::isfinite(det);
    }
  }
};

/// The update for H = [I_M 0] (position plots; AIS position and velocity): the measurement is
/// the leading M states. With U = P H^T (P's first M columns, no products), S = P_mm + R and
/// K = U S^-1, the posterior covariance is P - K U^T (Bar-Shalom, Li and Kirubarajan 2001,
/// eq. 5.2.3-15). Its first M columns are computed as K R instead, the same in exact
/// arithmetic (P_im - (U S^-1 (S - R))_im = (K R)_im): that is where the standard form
/// cancels catastrophically for a vague prior and a precise plot (P_mm - P_mm S^-1 P_mm, both
/// terms huge, R what should remain), and K R has no subtraction. The remaining block,
/// P_rr - K_r U_r^T (velocity and turn rate given the position), is what the Joseph form
/// computes too (its (I - K H) P has the same difference). Lower triangle, mirrored. 5 M^2 + 15 M
/// multiply-adds against the general kernel's ~25 M + 30 M + 5 M^2 + Cholesky solves per row.
/// `det_s` is |S| (not its logarithm: immUpdate takes one logarithm for both models). The
/// posterior goes to (x_out, p_out), written last and only on success (they may be x and p).
template <int M>
bool leadingIdentityUpdateKernel(const models::HVec& x, const models::HMat& p,
                                 const models::PlaneLinearized<M>& z,
                                 Eigen::Matrix<double, M, M>& s, double& nis, double& det_s,
                                 models::HVec& x_out, models::HMat& p_out) {
  constexpr int N = models::kHorizontalStates;
#pragma GCC unroll 5
  for (int m = 0; m < M; ++m) {
#pragma GCC unroll 5
    for (int n = 0; n < m; ++n) {
      const double v = 0.5 * ((p(m, n) + z.noise(m, n)) + (p(n, m) + z.noise(n, m)));
      s(m, n) = v;
      s(n, m) = v;
    }
    s(m, m) = p(m, m) + z.noise(m, m);
  }
  // A non-finite P elsewhere makes K, x' or P' non-finite: rejected at the end.
  if (!allFiniteFast(s) || !allFiniteFast(z.innovation)) return false;
  const SmallInverse<M> si(s);
  if (!si.ok) return false;
  // K = U S^-1 with U = P's first M columns.
  Eigen::Matrix<double, N, M> k;
#pragma GCC unroll 5
  for (int i = 0; i < N; ++i) {
#pragma GCC unroll 5
    for (int m = 0; m < M; ++m) {
      // Sums start from their first term, not from 0.0: without -ffast-math, 0.0 + x is an
      // instruction (it turns -0 into +0), one per sum here. The same values otherwise.
      double v = p(i, 0) * si.inv(0, m);
#pragma GCC unroll 5
      for (int n = 1; n < M; ++n) v += p(i, n) * si.inv(n, m);
      k(i, m) = v;
    }
  }
  models::HMat p_new;
  double p_sum = 0.0;  // non-finite exactly when some element is (or the sum overflows)
#pragma GCC unroll 5
  for (int j = 0; j < N; ++j) {
#pragma GCC unroll 5
    for (int i = j; i < N; ++i) {
      double v;
      if (j < M) {  // (K R)_ij
        v = k(i, 0) * z.noise(0, j);
#pragma GCC unroll 5
        for (int m = 1; m < M; ++m) v += k(i, m) * z.noise(m, j);
      } else {  // P_ij - (K U^T)_ij
        v = p(i, j);
#pragma GCC unroll 5
        for (int m = 0; m < M; ++m) v -= k(i, m) * p(j, m);
      }
      p_new(i, j) = v;
      p_new(j, i) = v;
      p_sum += v;
    }
  }
  models::HVec x_new;
#pragma GCC unroll 5
  for (int i = 0; i < N; ++i) {
    double v = x(i);
#pragma GCC unroll 5
    for (int m = 0; m < M; ++m) v += k(i, m) * z.innovation(m);
    x_new(i) = v;
  }
  double q = 0.0;
#pragma GCC unroll 5
  for (int m = 0; m < M; ++m) {
    double row = si.inv(m, 0) * z.innovation(0);
#pragma GCC unroll 5
    for (int n = 1; n < M; ++n) row += si.inv(m, n) * z.innovation(n);
    q = m == 0 ? z.innovation(0) * row : q + z.innovation(m) * row;
  }
  if (!std::isfinite(q) || !allFiniteFast(x_new) || !std::isfinite(p_sum)) return false;
    // A posterior variance that is not positive is a numerical failure, not a covariance.
#pragma GCC unroll 5
  for (int i = 0; i < N; ++i) {
    if (!(p_new(i, i) >= 0.0)) return false;
  }
  x_out = x_new;
  p_out = p_new;
  nis = q;
  det_s = si.det;
  return true;
}

}  // namespace detail

template <int M>
bool planeUpdateDetInto(const models::HVec& x, const models::HMat& p,
                        const models::PlaneLinearized<M>& z, Eigen::Matrix<double, M, M>& s,
                        double& nis, double& det_s, models::HVec& x_out, models::HMat& p_out) {
  if constexpr (M == 2 || M == 4) {
    if (detail::isLeadingIdentity(z.jacobian)) {
      return detail::leadingIdentityUpdateKernel<M>(x, p, z, s, nis, det_s, x_out, p_out);
    }
  }
  // Dispatch on which trailing columns of H are exactly zero (a NaN is not zero: it takes the
  // full path and is rejected there).
  const auto& h = z.jacobian;
  if ((h.template rightCols<1>().array() == 0.0).all()) {
    if ((h.template middleCols<2>(2).array() == 0.0).all()) {
      return detail::planeUpdateKernel<2>(x, p, z, s, nis, det_s, x_out, p_out);
    }
    return detail::planeUpdateKernel<4>(x, p, z, s, nis, det_s, x_out, p_out);
  }
  return detail::planeUpdateKernel<models::kHorizontalStates>(x, p, z, s, nis, det_s, x_out,
                                                              p_out);
}

template <int M>
bool planeUpdateDet(models::HVec& x, models::HMat& p, const models::PlaneLinearized<M>& z,
                    Eigen::Matrix<double, M, M>& s, double& nis, double& det_s) {
  return planeUpdateDetInto<M>(x, p, z, s, nis, det_s, x, p);
}

namespace detail {

/// The NIS y^T S^-1 y and sqrt|S| of a symmetric S; false when S is not positive definite or
/// a result is not finite (or the root under- or overflows). 2x2: the closed form (positive
/// definite exactly when S_00 > 0 and |S| > 0); larger: SmallCholesky.
template <int M>
bool gateStatistics(const Eigen::Matrix<double, M, M>& s, const Eigen::Matrix<double, M, 1>& y,
                    double& nis, double& det_root) {
  if (!allFiniteFast(s) || !allFiniteFast(y)) return false;
  if constexpr (M == 2) {
    const double a = s(0, 0);
    const double b = s(1, 0);
    const double c = s(1, 1);
    const double det = a * c - b * b;
    if (!(a > 0.0) || !(det > 0.0)) return false;
    nis = (c * y(0) * y(0) - 2.0 * b * y(0) * y(1) + a * y(1) * y(1)) / det;
    det_root = std::sqrt(det);
  } else {
    const SmallCholesky<M> chol(s);
    if (!chol.ok) return false;
    nis = chol.solveL(y).squaredNorm();
    det_root = chol.detRoot();
  }
  return std::isfinite(nis) && det_root > 0.0 && std::isfinite(det_root);
}

}  // namespace detail

template <int M>
PlaneInnovation<M> planeInnovation(const models::HMat& p, const models::PlaneLinearized<M>& z) {
  PlaneInnovation<M> out;
  out.S = z.jacobian.lazyProduct(p.lazyProduct(z.jacobian.transpose())) + z.noise;
  out.S = (0.5 * (out.S + out.S.transpose())).eval();  // eval: the rhs aliases out.S
  double nis = 0.0;
  double det_root = 0.0;
  if (!detail::gateStatistics<M>(out.S, z.innovation, nis, det_root)) return out;
  out.nis = nis;
  out.log_det_s = logDetFromRoot(det_root);
  out.ok = std::isfinite(out.log_det_s);
  return out;
}

template <int M>
PlaneGate planeGate(const models::HMat& p, const models::PlaneLinearized<M>& z) {
  // planeInnovation's operations up to ln|S|.
  PlaneGate out;
  Eigen::Matrix<double, M, M> s;
  if (detail::isLeadingIdentity(z.jacobian) && detail::allFiniteFast(p)) {
    // H = [I 0] (position plots, AIS position and velocity): every entry of H P H^T is one
    // entry of P times 1 plus products with 0, which add nothing to a finite P, so the
    // leading block of P is the same value (at most the sign of a zero differs, which no
    // later step can see). 70 multiply-adds fewer per model.
    s = p.template topLeftCorner<M, M>() + z.noise;
  } else {
    s = z.jacobian.lazyProduct(p.lazyProduct(z.jacobian.transpose())) + z.noise;
  }
  s = (0.5 * (s + s.transpose())).eval();
  // planeInnovation's ok: ln of a positive finite root is finite (2 ln of it too).
  out.ok = detail::gateStatistics<M>(s, z.innovation, out.nis, out.det_root);
  if (!out.ok) {
    out.nis = 0.0;
    out.det_root = 0.0;
  }
  return out;
}

template <int M>
bool planeUpdate(models::HVec& x, models::HMat& p, const models::PlaneLinearized<M>& z,
                 PlaneInnovation<M>& innovation) {
  innovation.ok = false;
  innovation.nis = 0.0;
  innovation.log_det_s = 0.0;
  double nis = 0.0;
  double det_s = 0.0;
  if (!planeUpdateDet<M>(x, p, z, innovation.S, nis, det_s)) return false;
  innovation.nis = nis;
  innovation.log_det_s = std::log(det_s);
  innovation.ok = true;
  return true;
}

}  // namespace picket::filters
