/* The cross-product information's rank-32 update as a register-blocked matrix product: 4 × 4
 * output tiles, each output's four 4-lane partial sums kept in registers over the block's 32
 * slots, so every loaded vector of scores serves four outputs. The order of operations of every
 * output is that of the plain loop (see CalibrationKernels.h). */
#include "CalibrationKernels.h"
#include "KernelSupport.h"

enum { SLOTS = 32, QUADS = SLOTS / 4 };

/* ((l0 + l1) + l2) + l3: the reduction order of Swift's SIMD4.sum(), which the plain loop used. */
CAL_INLINE double reduce4(v4d s) { return ((s[0] + s[1]) + s[2]) + s[3]; }

CAL_INLINE void oneOutput(
    const double *scores, const double *weighted, ptrdiff_t dim, ptrdiff_t a, ptrdiff_t b,
    double *information) {
  v4d s = {0, 0, 0, 0};
  for (int q = 0; q < QUADS; q++)
    s = s + load4(scores + a * SLOTS + 4 * q) * load4(weighted + b * SLOTS + 4 * q);
  information[a * dim + b] += reduce4(s);
}

CAL_INLINE void tile4x4(
    const double *scores, const double *weighted, ptrdiff_t dim, ptrdiff_t a0, ptrdiff_t b0,
    double *information) {
  v4d s[4][4];
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++) s[i][j] = (v4d){0, 0, 0, 0};
  for (int q = 0; q < QUADS; q++) {
    v4d x[4];
    for (int i = 0; i < 4; i++) x[i] = load4(scores + (a0 + i) * SLOTS + 4 * q);
    for (int j = 0; j < 4; j++) {
      v4d y = load4(weighted + (b0 + j) * SLOTS + 4 * q);
      for (int i = 0; i < 4; i++) s[i][j] = s[i][j] + x[i] * y;
    }
  }
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++) information[(a0 + i) * dim + b0 + j] += reduce4(s[i][j]);
}

CAL_INLINE void cal_add_cross_products_body(
    const double *scores, const double *weighted, ptrdiff_t dim, double *information) {
  ptrdiff_t a0 = 0;
  for (; a0 + 4 <= dim; a0 += 4) {
    for (ptrdiff_t b0 = 0; b0 + 4 <= a0; b0 += 4) tile4x4(scores, weighted, dim, a0, b0, information);
    for (ptrdiff_t a = a0; a < a0 + 4; a++)
      for (ptrdiff_t b = a0; b <= a; b++) oneOutput(scores, weighted, dim, a, b, information);
  }
  for (ptrdiff_t a = a0; a < dim; a++)
    for (ptrdiff_t b = 0; b <= a; b++) oneOutput(scores, weighted, dim, a, b, information);
}

CAL_DISPATCH(
    cal_add_cross_products,
    (const double *scores, const double *weighted, ptrdiff_t dim, double *information),
    (scores, weighted, dim, information))
