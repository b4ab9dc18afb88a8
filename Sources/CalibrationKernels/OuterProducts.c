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

/* Row i of the tile times column j: one v4d accumulator each, named so they stay in registers. */
#define CAL_TILE_STEP(i, x)                                                                        \
  s##i##0 = s##i##0 + x * y0;                                                                      \
  s##i##1 = s##i##1 + x * y1;                                                                      \
  s##i##2 = s##i##2 + x * y2;                                                                      \
  s##i##3 = s##i##3 + x * y3
#define CAL_TILE_STORE(i) addReduced(information + (a0 + i) * dim + b0, s##i##0, s##i##1, s##i##2, s##i##3)

/* out[j] += ((x_j[0] + x_j[1]) + x_j[2]) + x_j[3] for the four vectors x_0 ... x_3 (reduce4 of
 * each, four at once): a 4 × 4 transpose, then the lanes added in the same order. */
CAL_INLINE void addReduced(double *out, v4d x0, v4d x1, v4d x2, v4d x3) {
  v4d lo01 = __builtin_shufflevector(x0, x1, 0, 4, 2, 6);
  v4d hi01 = __builtin_shufflevector(x0, x1, 1, 5, 3, 7);
  v4d lo23 = __builtin_shufflevector(x2, x3, 0, 4, 2, 6);
  v4d hi23 = __builtin_shufflevector(x2, x3, 1, 5, 3, 7);
  v4d lane0 = __builtin_shufflevector(lo01, lo23, 0, 1, 4, 5);
  v4d lane2 = __builtin_shufflevector(lo01, lo23, 2, 3, 6, 7);
  v4d lane1 = __builtin_shufflevector(hi01, hi23, 0, 1, 4, 5);
  v4d lane3 = __builtin_shufflevector(hi01, hi23, 2, 3, 6, 7);
  v4d sum = ((lane0 + lane1) + lane2) + lane3;
  v4d current = load4(out);
  current = current + sum;
  memcpy(out, &current, sizeof current);
}

CAL_INLINE void tile4x4(
    const double *scores, const double *weighted, ptrdiff_t dim, ptrdiff_t a0, ptrdiff_t b0,
    double *information) {
  const v4d zero = {0, 0, 0, 0};
  v4d s00 = zero, s01 = zero, s02 = zero, s03 = zero, s10 = zero, s11 = zero, s12 = zero, s13 = zero;
  v4d s20 = zero, s21 = zero, s22 = zero, s23 = zero, s30 = zero, s31 = zero, s32 = zero, s33 = zero;
  const double *x = scores + a0 * SLOTS;
  const double *y = weighted + b0 * SLOTS;
  for (int q = 0; q < QUADS; q++) {
    v4d y0 = load4(y + 4 * q);
    v4d y1 = load4(y + SLOTS + 4 * q);
    v4d y2 = load4(y + 2 * SLOTS + 4 * q);
    v4d y3 = load4(y + 3 * SLOTS + 4 * q);
    v4d x0 = load4(x + 4 * q);
    CAL_TILE_STEP(0, x0);
    v4d x1 = load4(x + SLOTS + 4 * q);
    CAL_TILE_STEP(1, x1);
    v4d x2 = load4(x + 2 * SLOTS + 4 * q);
    CAL_TILE_STEP(2, x2);
    v4d x3 = load4(x + 3 * SLOTS + 4 * q);
    CAL_TILE_STEP(3, x3);
  }
  CAL_TILE_STORE(0);
  CAL_TILE_STORE(1);
  CAL_TILE_STORE(2);
  CAL_TILE_STORE(3);
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
