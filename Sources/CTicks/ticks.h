// A cheap, monotonic tick counter for time stamps inside hot loops: the time-stamp counter on
// x86-64 (invariant on current CPUs: constant rate, synchronized across cores), which costs a
// few nanoseconds where clock_gettime costs ~27 ns; clock_gettime's nanoseconds elsewhere.
// Ticks become seconds by a linear map calibrated against CLOCK_MONOTONIC over each run.
#ifndef OPTBENCH_CTICKS_H
#define OPTBENCH_CTICKS_H
#include <stdint.h>
#include <time.h>

#if defined(__x86_64__)
#include <x86intrin.h>
static inline uint64_t cticks_now(void) { return __rdtsc(); }
#else
static inline uint64_t cticks_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}
#endif
#endif
