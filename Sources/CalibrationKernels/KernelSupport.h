/* What the kernel files share: the vector types, unaligned loads and stores, the no-contraction
 * rule, and the macro that builds a kernel's baseline, AVX2 and AVX-512 versions. */
#ifndef CALIBRATION_KERNEL_SUPPORT_H
#define CALIBRATION_KERNEL_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Bit-identical results need every multiply and add rounded on its own: no FMA contraction. */
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

/* Vector-typed arguments of the always-inline helpers never cross a call boundary. */
#pragma clang diagnostic ignored "-Wpsabi"

#define CAL_INLINE static inline __attribute__((always_inline))

/* 8 and 4 doubles; the compiler lowers them to the widest registers of the function's target
 * (one zmm, two ymm or four xmm for v8d). Element-wise operations only. */
typedef double v8d __attribute__((vector_size(64)));
typedef double v4d __attribute__((vector_size(32)));

CAL_INLINE v8d load8(const double *p) {
  v8d v;
  memcpy(&v, p, sizeof v);
  return v;
}

CAL_INLINE void store8(double *p, v8d v) { memcpy(p, &v, sizeof v); }

CAL_INLINE v4d load4(const double *p) {
  v4d v;
  memcpy(&v, p, sizeof v);
  return v;
}

/// The instruction-set level in force (see cal_kernel_level in CalibrationKernels.h).
int cal_kernel_level(void);

/* CAL_DISPATCH(name, (parameters), (arguments)) defines `name` calling name_body (an
 * always-inline function of the file) compiled three times: for AVX-512, AVX2 and the baseline
 * (only the baseline off x86-64). */
#if defined(__x86_64__)
#define CAL_DISPATCH(name, parameters, arguments)                                              \
  __attribute__((target("avx512f,avx512vl,avx512dq"))) static void name##_avx512 parameters { \
    name##_body arguments;                                                                     \
  }                                                                                            \
  __attribute__((target("avx2"))) static void name##_avx2 parameters { name##_body arguments; } \
  static void name##_baseline parameters { name##_body arguments; }                            \
  void name parameters {                                                                       \
    switch (cal_kernel_level()) {                                                              \
    case 2: name##_avx512 arguments; break;                                                    \
    case 1: name##_avx2 arguments; break;                                                      \
    default: name##_baseline arguments; break;                                                 \
    }                                                                                          \
  }
#else
#define CAL_DISPATCH(name, parameters, arguments) \
  void name parameters { name##_body arguments; }
#endif

#endif
