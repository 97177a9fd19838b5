// The values of libhdf5 that Swift cannot import directly (function-like macros, globals that
// Swift 6's strict concurrency refuses), exposed as static inline getters.
#ifndef OPTBENCH_CHDF5_SHIM_H
#define OPTBENCH_CHDF5_SHIM_H
#include <hdf5.h>

static inline hid_t chdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }
#endif
