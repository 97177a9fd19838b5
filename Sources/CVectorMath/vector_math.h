// Square roots the loop vectorizer can widen.
//
// Swift's `squareRoot()` on Linux compiles to `sqrtss` plus a call to libm's `sqrtf` for
// negative inputs (C's errno semantics), and that call keeps every loop containing it scalar.
// `__builtin_elementwise_sqrt` is the bare IEEE square root (`llvm.sqrt`): correctly rounded,
// NaN for negative inputs, no errno, so loops over it become `sqrtps`/`sqrtpd`.
#ifndef OPTBENCH_VECTOR_MATH_H
#define OPTBENCH_VECTOR_MATH_H

static inline __attribute__((always_inline)) float optbench_sqrtf(float x) {
    return __builtin_elementwise_sqrt(x);
}

static inline __attribute__((always_inline)) double optbench_sqrt(double x) {
    return __builtin_elementwise_sqrt(x);
}

#endif
