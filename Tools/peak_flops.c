/* The machine's double-precision fused multiply-add peak, measured: the yardstick against which
 * Tools/bench_calibration.sh states what fraction of the machine the E-step reaches.
 *
 * Each of T threads (default: every online CPU) runs 12 independent chains of
 *     x = x * m + k        (one FMA per lane; m slightly below 1 so x stays finite)
 * on vectors of 64 bytes (8 doubles; the compiler splits them into the widest registers the
 * target has when built with -march=native: zmm with AVX-512, two ymm with AVX2), for about
 * SECONDS of wall time. Twelve chains cover the FMA latency (4 cycles) times the issue rate (2
 * per cycle) with room to spare. FLOPs = 2 per lane per FMA; the result is the total over all
 * threads divided by the wall time, in GFLOP/s.
 *
 * Build and run (Tools/bench_calibration.sh does this):
 *     cc -O3 -march=native -pthread Tools/peak_flops.c -o peak_flops && ./peak_flops [SECONDS] [THREADS]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef double vec8 __attribute__((vector_size(64)));

enum { CHAINS = 12, INNER = 1 << 16 };

struct work {
  double seconds;
  double flops;
  double sink;
};

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void *run(void *argument) {
  struct work *work = argument;
  vec8 x[CHAINS];
  const vec8 m = {0.999999, 0.999998, 0.999997, 0.999996, 0.999995, 0.999994, 0.999993, 0.999992};
  const vec8 k = {1e-6, 2e-6, 3e-6, 4e-6, 5e-6, 6e-6, 7e-6, 8e-6};
  for (int c = 0; c < CHAINS; c++) x[c] = m * (double)(c + 1);
  double start = now(), elapsed = 0;
  long rounds = 0;
  do {
    for (int i = 0; i < INNER; i++) {
      for (int c = 0; c < CHAINS; c++) x[c] = x[c] * m + k;
    }
    rounds++;
    elapsed = now() - start;
  } while (elapsed < work->seconds);
  double sum = 0;
  for (int c = 0; c < CHAINS; c++)
    for (int lane = 0; lane < 8; lane++) sum += x[c][lane];
  work->sink = sum;
  work->flops = 2.0 * 8.0 * CHAINS * (double)INNER * (double)rounds;
  work->seconds = elapsed;
  return NULL;
}

int main(int argc, char **argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 0.5;
  long threads = argc > 2 ? atol(argv[2]) : sysconf(_SC_NPROCESSORS_ONLN);
  if (seconds <= 0 || seconds > 60 || threads < 1 || threads > 256) {
    fprintf(stderr, "usage: peak_flops [SECONDS in (0, 60]] [THREADS in 1...256]\n");
    return 2;
  }
  pthread_t ids[256];
  struct work works[256];
  double start = now();
  for (long t = 0; t < threads; t++) {
    works[t] = (struct work){seconds, 0, 0};
    if (pthread_create(&ids[t], NULL, run, &works[t]) != 0) {
      fprintf(stderr, "peak_flops: cannot start thread %ld\n", t);
      return 1;
    }
  }
  double flops = 0, sink = 0;
  for (long t = 0; t < threads; t++) {
    pthread_join(ids[t], NULL);
    flops += works[t].flops;
    sink += works[t].sink;
  }
  double wall = now() - start;
  /* The sink keeps the chains live; it is printed to stderr so stdout stays one number. */
  fprintf(stderr, "peak_flops: %ld threads, %.3f s, checksum %.6g\n", threads, wall, sink);
  printf("%.1f\n", flops / wall / 1e9);
  return 0;
}
