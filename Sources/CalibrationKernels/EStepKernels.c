/* The E-step kernels: a pattern's log-likelihood row as a sum of listed table rows, held in
 * registers across the items, and the scatter of posterior weights into the expected counts in
 * blocks of 64 patterns, each accumulator vector held in a register across the block's patterns.
 * Per point, terms are added in the order of the plain loops (see CalibrationKernels.h). */
#include "CalibrationKernels.h"
#include "KernelSupport.h"

/* r[v] (+|-)= rows[list[t] * stride + start + 8 v] for t in [begin, end), in order of t. */
CAL_INLINE void addListed(
    v8d *r, int vectors, const double *rows, const uint16_t *list, ptrdiff_t begin, ptrdiff_t end,
    ptrdiff_t stride, ptrdiff_t start, int subtract) {
  if (subtract) {
    for (ptrdiff_t t = begin; t < end; t++) {
      const double *row = rows + (ptrdiff_t)list[t] * stride + start;
      for (int v = 0; v < vectors; v++) r[v] = r[v] - load8(row + 8 * v);
    }
  } else {
    for (ptrdiff_t t = begin; t < end; t++) {
      const double *row = rows + (ptrdiff_t)list[t] * stride + start;
      for (int v = 0; v < vectors; v++) r[v] = r[v] + load8(row + 8 * v);
    }
  }
}

/* One group of `vectors` (a constant after inlining: the group stays in registers) 8-point
 * vectors from `start`: loaded from base, every listed row added, stored once. */
CAL_INLINE void sumGroup(
    int vectors, double *acc, const double *base, ptrdiff_t start, ptrdiff_t stride,
    const double *first, const uint16_t *firstList, ptrdiff_t firstBegin, ptrdiff_t firstEnd,
    int subtractFirst, const double *second, const uint16_t *secondList, ptrdiff_t secondBegin,
    ptrdiff_t secondEnd, int subtractSecond) {
  v8d r[4];
  for (int v = 0; v < vectors; v++) r[v] = load8(base + start + 8 * v);
  addListed(r, vectors, first, firstList, firstBegin, firstEnd, stride, start, subtractFirst);
  addListed(r, vectors, second, secondList, secondBegin, secondEnd, stride, start, subtractSecond);
  for (int v = 0; v < vectors; v++) store8(acc + start + 8 * v, r[v]);
}

CAL_INLINE void cal_sum_listed_rows_body(
    double *acc, const double *base, ptrdiff_t lower, ptrdiff_t upper, ptrdiff_t stride,
    const double *first, const uint16_t *firstList, ptrdiff_t firstBegin, ptrdiff_t firstEnd,
    int subtractFirst, const double *second, const uint16_t *secondList, ptrdiff_t secondBegin,
    ptrdiff_t secondEnd, int subtractSecond) {
  /* From the multiple of 8 at or below `lower`: aligned loads from rows that start lines. */
  ptrdiff_t start = lower & ~(ptrdiff_t)7;
  while (start < upper) {
    ptrdiff_t vectors = (upper - start + 7) / 8;
#define CAL_GROUP(n)                                                                             \
  sumGroup(n, acc, base, start, stride, first, firstList, firstBegin, firstEnd, subtractFirst, \
           second, secondList, secondBegin, secondEnd, subtractSecond);                         \
  start += 8 * (n)
    switch (vectors) {
    case 1: CAL_GROUP(1); break;
    case 2: CAL_GROUP(2); break;
    case 3: CAL_GROUP(3); break;
    default: CAL_GROUP(4); break;
    }
#undef CAL_GROUP
  }
}

CAL_DISPATCH(
    cal_sum_listed_rows,
    (double *acc, const double *base, ptrdiff_t lower, ptrdiff_t upper, ptrdiff_t stride,
     const double *first, const uint16_t *firstList, ptrdiff_t firstBegin, ptrdiff_t firstEnd,
     int subtractFirst, const double *second, const uint16_t *secondList, ptrdiff_t secondBegin,
     ptrdiff_t secondEnd, int subtractSecond),
    (acc, base, lower, upper, stride, first, firstList, firstBegin, firstEnd, subtractFirst,
     second, secondList, secondBegin, secondEnd, subtractSecond))

/* rows[8 (s0 + v) ... + 8] += post[t][same] for every pattern t in `bits` (in order), the `vectors`
 * accumulator vectors (a constant after inlining) held in registers across the patterns. */
CAL_INLINE void scatterRow(
    int vectors, double *row, const double *post, ptrdiff_t stride, ptrdiff_t s0, uint64_t bits) {
  v8d r[8];
  for (int v = 0; v < vectors; v++) r[v] = load8(row + 8 * (s0 + v));
  while (bits) {
    const double *source = post + __builtin_ctzll(bits) * stride + 8 * s0;
    for (int v = 0; v < vectors; v++) r[v] = r[v] + load8(source + 8 * v);
    bits &= bits - 1;
  }
  for (int v = 0; v < vectors; v++) store8(row + 8 * (s0 + v), r[v]);
}

CAL_INLINE void cal_scatter_block_body(
    ptrdiff_t count, const double *post, ptrdiff_t stride, ptrdiff_t firstVector,
    ptrdiff_t endVector, const uint8_t *kinds, const int32_t *aStart, const uint16_t *a,
    const int32_t *bStart, const uint16_t *b, ptrdiff_t items, double *accumulators,
    uint64_t *masks) {
  /* Which of the block's patterns list each item, per accumulator array (bit t = pattern t). */
  memset(masks, 0, (size_t)(6 * items) * sizeof *masks);
  for (ptrdiff_t t = 0; t < count; t++) {
    uint64_t bit = (uint64_t)1 << t;
    uint64_t *maskA = masks + 2 * kinds[t] * items;
    uint64_t *maskB = maskA + items;
    for (int32_t u = aStart[t]; u < aStart[t + 1]; u++) maskA[a[u]] |= bit;
    for (int32_t u = bStart[t]; u < bStart[t + 1]; u++) maskB[b[u]] |= bit;
  }
  for (ptrdiff_t m = 0; m < 6 * items; m++) {
    uint64_t bits = masks[m];
    if (bits == 0) continue;
    double *row = accumulators + m * stride;
    for (ptrdiff_t s0 = firstVector; s0 < endVector; s0 += 8) {
      switch (endVector - s0) {
      case 1: scatterRow(1, row, post, stride, s0, bits); break;
      case 2: scatterRow(2, row, post, stride, s0, bits); break;
      case 3: scatterRow(3, row, post, stride, s0, bits); break;
      case 4: scatterRow(4, row, post, stride, s0, bits); break;
      case 5: scatterRow(5, row, post, stride, s0, bits); break;
      case 6: scatterRow(6, row, post, stride, s0, bits); break;
      case 7: scatterRow(7, row, post, stride, s0, bits); break;
      default: scatterRow(8, row, post, stride, s0, bits); break;
      }
    }
  }
}

CAL_DISPATCH(
    cal_scatter_block,
    (ptrdiff_t count, const double *post, ptrdiff_t stride, ptrdiff_t firstVector,
     ptrdiff_t endVector, const uint8_t *kinds, const int32_t *aStart, const uint16_t *a,
     const int32_t *bStart, const uint16_t *b, ptrdiff_t items, double *accumulators,
     uint64_t *masks),
    (count, post, stride, firstVector, endVector, kinds, aStart, a, bStart, b, items,
     accumulators, masks))
