// OpenBLAS's CBLAS interface (Debian's libopenblas-dev), plus its thread-count switch: runs
// execute in parallel, so every run uses BLAS single-threaded.
#ifndef OPTBENCH_CBLAS_SHIM_H
#define OPTBENCH_CBLAS_SHIM_H
#include <cblas.h>
#endif
