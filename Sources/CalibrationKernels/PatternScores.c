/* A pattern's score terms: for every column of a point-major table, the posterior-weighted sum
 * over the pattern's window, 32 columns at a time held in registers across the window's points
 * (one pass over the table rows instead of one dot product per item and parameter). */
#include "CalibrationKernels.h"
#include "KernelSupport.h"

CAL_INLINE void cal_weighted_column_sums_body(
    const double *weights, const double *table, ptrdiff_t columns, ptrdiff_t lower,
    ptrdiff_t upper, double *d) {
  ptrdiff_t c0 = 0;
  for (; c0 + 32 <= columns; c0 += 32) {
    v8d r[4];
    for (int v = 0; v < 4; v++) r[v] = (v8d){0, 0, 0, 0, 0, 0, 0, 0};
    for (ptrdiff_t k = lower; k <= upper; k++) {
      double w = weights[k];
      v8d wv = {w, w, w, w, w, w, w, w};
      const double *row = table + k * columns + c0;
      for (int v = 0; v < 4; v++) r[v] = r[v] + wv * load8(row + 8 * v);
    }
    for (int v = 0; v < 4; v++) store8(d + c0 + 8 * v, r[v]);
  }
  for (; c0 < columns; c0++) {
    double s = 0;
    for (ptrdiff_t k = lower; k <= upper; k++) s = s + weights[k] * table[k * columns + c0];
    d[c0] = s;
  }
}

CAL_DISPATCH(
    cal_weighted_column_sums,
    (const double *weights, const double *table, ptrdiff_t columns, ptrdiff_t lower,
     ptrdiff_t upper, double *d),
    (weights, table, columns, lower, upper, d))
