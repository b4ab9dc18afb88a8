/* Runtime choice of the kernels' instruction set: the best the CPU supports, once. */
#include "CalibrationKernels.h"

static int supportedLevel(void) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512dq"))
    return 2;
  if (__builtin_cpu_supports("avx2")) return 1;
#endif
  return 0;
}

/* -1 until first use; a benign race (every thread computes the same value). */
static int chosenLevel = -1;

int cal_kernel_level(void) {
  int level = __atomic_load_n(&chosenLevel, __ATOMIC_RELAXED);
  if (level < 0) {
    level = supportedLevel();
    __atomic_store_n(&chosenLevel, level, __ATOMIC_RELAXED);
  }
  return level;
}

int cal_set_kernel_level(int level) {
  int supported = supportedLevel();
  if (level > supported) level = supported;
  if (level < 0) level = 0;
  __atomic_store_n(&chosenLevel, level, __ATOMIC_RELAXED);
  return level;
}

/* The E-step's additions, counted for benchmarks (relaxed: only the total matters). */
static int64_t workAdditions = 0;

void cal_work_add(int64_t additions) { __atomic_fetch_add(&workAdditions, additions, __ATOMIC_RELAXED); }

int64_t cal_work_additions(void) { return __atomic_load_n(&workAdditions, __ATOMIC_RELAXED); }
