// The values of libhdf5 that Swift cannot import directly, exposed as static inline getters.
//
// Why a shim: most of these are function-like macros (`H5T_NATIVE_DOUBLE` expands to
// `(H5open(), H5T_NATIVE_DOUBLE_g)`), which Swift does not import; the `*_g` globals they read
// are mutable C globals, which Swift 6's strict concurrency rejects; and plain integer macros
// such as `H5P_DEFAULT` import as `Int32` rather than `hid_t`. Each getter returns the value with
// its C type, and the ones that read a `*_g` global go through the macro, so the library is
// initialized first (`H5open`).
//
// Everything here is prefixed `chdf5_`. The Swift wrapper (module HDF5) is the only client.
#ifndef OPTBENCH_CHDF5_SHIM_H
#define OPTBENCH_CHDF5_SHIM_H
#include <hdf5.h>

// MARK: Native memory types

static inline hid_t chdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t chdf5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t chdf5_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t chdf5_native_int8(void) { return H5T_NATIVE_INT8; }
static inline hid_t chdf5_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t chdf5_native_uint64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t chdf5_native_hbool(void) { return H5T_NATIVE_HBOOL; }

// MARK: Standard (file) types and strings

static inline hid_t chdf5_std_i8le(void) { return H5T_STD_I8LE; }
static inline hid_t chdf5_std_i32le(void) { return H5T_STD_I32LE; }
static inline hid_t chdf5_std_i64le(void) { return H5T_STD_I64LE; }
static inline hid_t chdf5_std_u8le(void) { return H5T_STD_U8LE; }
static inline hid_t chdf5_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t chdf5_ieee_f64le(void) { return H5T_IEEE_F64LE; }
static inline hid_t chdf5_c_s1(void) { return H5T_C_S1; }
/// `H5T_VARIABLE`: the size that makes a string type variable-length.
static inline size_t chdf5_variable(void) { return H5T_VARIABLE; }

// MARK: Property list classes and defaults

static inline hid_t chdf5_p_default(void) { return (hid_t)H5P_DEFAULT; }
static inline hid_t chdf5_p_file_create(void) { return H5P_FILE_CREATE; }
static inline hid_t chdf5_p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t chdf5_p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t chdf5_p_dataset_access(void) { return H5P_DATASET_ACCESS; }
static inline hid_t chdf5_p_dataset_xfer(void) { return H5P_DATASET_XFER; }
static inline hid_t chdf5_p_group_create(void) { return H5P_GROUP_CREATE; }
static inline hid_t chdf5_p_group_access(void) { return H5P_GROUP_ACCESS; }
static inline hid_t chdf5_p_link_create(void) { return H5P_LINK_CREATE; }
static inline hid_t chdf5_p_link_access(void) { return H5P_LINK_ACCESS; }
static inline hid_t chdf5_p_attribute_create(void) { return H5P_ATTRIBUTE_CREATE; }

// MARK: File access flags

static inline unsigned chdf5_f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned chdf5_f_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned chdf5_f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned chdf5_f_acc_excl(void) { return H5F_ACC_EXCL; }
static inline unsigned chdf5_f_acc_swmr_write(void) { return H5F_ACC_SWMR_WRITE; }
static inline unsigned chdf5_f_acc_swmr_read(void) { return H5F_ACC_SWMR_READ; }

// MARK: Library format bounds (H5F_libver_t)

static inline H5F_libver_t chdf5_f_libver_earliest(void) { return H5F_LIBVER_EARLIEST; }
static inline H5F_libver_t chdf5_f_libver_v18(void) { return H5F_LIBVER_V18; }
static inline H5F_libver_t chdf5_f_libver_v110(void) { return H5F_LIBVER_V110; }
static inline H5F_libver_t chdf5_f_libver_latest(void) { return H5F_LIBVER_LATEST; }

// MARK: Dataspaces, errors, drivers

static inline hid_t chdf5_s_all(void) { return H5S_ALL; }
static inline hsize_t chdf5_s_unlimited(void) { return H5S_UNLIMITED; }
static inline hid_t chdf5_e_default(void) { return (hid_t)H5E_DEFAULT; }
/// `H5FD_SEC2`: the id of the default POSIX (sec2) file driver.
static inline hid_t chdf5_fd_sec2(void) { return H5FD_SEC2; }

// MARK: Per-thread error silencing

/// Turns off libhdf5's automatic error-stack printing for the calling thread, once per thread.
///
/// In a thread-safe build the error stack and its auto-print setting are per thread, and every new
/// thread starts with printing on. The flag is thread-local, so after the first call on a thread
/// this is one TLS load. `static inline` may give each object file its own flag; that only costs
/// one extra (idempotent) `H5Eset_auto2` per thread.
static inline void chdf5_silence_errors_on_this_thread(void) {
    static _Thread_local int silenced = 0;
    if (!silenced) {
        H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
        silenced = 1;
    }
}

#endif
