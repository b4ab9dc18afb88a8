/* Vector kernels of the IRT calibration (Sources/ItemResponseTheory/Calibration): the E-step's
 * likelihood rows and count scatter, and the cross-product information's score and outer-product
 * updates.
 *
 * Every kernel adds its terms in exactly the order of the plain scalar loop it replaces (no
 * reassociation, no fused multiply-add), so results are the same to the last bit on every CPU.
 * Each exists in baseline x86-64, AVX2 and AVX-512 builds chosen once at run time
 * (__builtin_cpu_supports); other architectures get the portable build only.
 */
#ifndef CALIBRATION_KERNELS_H
#define CALIBRATION_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The instruction set the kernels run with: 0 portable/baseline, 1 AVX2, 2 AVX-512.
int cal_kernel_level(void);

/// Forces the kernels to `level` (clamped to what the CPU supports); returns the level in force.
/// For tests that compare the builds with each other.
int cal_set_kernel_level(int level);

/// Adds `additions` to the process-wide count of E-step additions (for benchmarks).
void cal_work_add(int64_t additions);

/// The E-step additions counted so far in this process.
int64_t cal_work_additions(void);

/// acc[k] = base[k] (+|-) sum over t in [firstBegin, firstEnd) of first[firstList[t] * stride + k]
///                  (+|-) sum over t in [secondBegin, secondEnd) of second[secondList[t] * stride + k]
/// for k in [lower, upper), adding in list order for every k (the first list, then the second).
/// Works in whole 8-point vectors from 8 floor(lower / 8): also writes up to 7 points before
/// `lower` and up to 7 past `upper` (the rows' zero padding must cover them, and `base`,
/// `first`, `second` must be readable there).
void cal_sum_listed_rows(
    double *acc, const double *base, ptrdiff_t lower, ptrdiff_t upper, ptrdiff_t stride,
    const double *first, const uint16_t *firstList, ptrdiff_t firstBegin, ptrdiff_t firstEnd,
    int subtractFirst,
    const double *second, const uint16_t *secondList, ptrdiff_t secondBegin, ptrdiff_t secondEnd,
    int subtractSecond);

/// The E-step count scatter of a block of `count` <= 64 consecutive patterns:
/// for each pattern t (in order) and each item j in its list A,
/// accumulators[((2 kind + 0) items + j) stride + k] += post[t * stride + k]; likewise list B into
/// array 2 kind + 1 (6 arrays of `items` rows of `stride` doubles). k runs over the 8-point
/// vectors [8 v, 8 v + 8) for v in [firstVector, endVector), which must cover every pattern's
/// window (8 endVector <= stride). `post` must hold +0 there wherever a
/// pattern's posterior is not to be added, and the accumulators must not hold -0 (adding +0
/// then changes nothing), so each target receives exactly its patterns' terms in pattern order,
/// as the pattern-by-pattern loop over the windows. `kinds`, `aStart`, `bStart` point at the
/// block's first pattern (list indices are absolute). `masks` is scratch of 6 × items words.
void cal_scatter_block(
    ptrdiff_t count, const double *post, ptrdiff_t stride, ptrdiff_t firstVector,
    ptrdiff_t endVector, const uint8_t *kinds, const int32_t *aStart, const uint16_t *a,
    const int32_t *bStart, const uint16_t *b, ptrdiff_t items, double *accumulators,
    uint64_t *masks);

/// information[a * dim + b] += sum over t of scores[a * 32 + t] * weighted[b * 32 + t] for
/// b <= a, blocks of 32 slots. The sum is that of four 4-lane partial sums (lane l takes slots
/// l, l + 4, ..., l + 28 in order, from +0), reduced as ((l0 + l1) + l2) + l3.
void cal_add_cross_products(
    const double *scores, const double *weighted, ptrdiff_t dim, double *information);

/// d[c] = sum over k in [lower, upper] of weights[k] * table[k * columns + c], for c in
/// [0, columns), the products added from +0 in order of k (a dot product per column, computed
/// column-vector-wise).
void cal_weighted_column_sums(
    const double *weights, const double *table, ptrdiff_t columns, ptrdiff_t lower,
    ptrdiff_t upper, double *d);

/// The number of bytes equal to 1 (`correct`) and to 0 (`incorrect`) in row[0 ..< width].
void cal_count_answers(const uint8_t *row, ptrdiff_t width, int32_t *correct, int32_t *incorrect);

/// Writes the positions p < width with row[p] == wanted to out[0 ...] in increasing order and
/// returns their number; writes one entry past it (out needs that many + 1 slots).
ptrdiff_t cal_list_positions(const uint8_t *row, ptrdiff_t width, uint8_t wanted, uint16_t *out);

#ifdef __cplusplus
}
#endif

#endif
