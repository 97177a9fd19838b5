// zlib (Debian's zlib1g-dev). inflateInit2 and deflateInit are macros Swift cannot call; these
// wrap them.
#ifndef OPTBENCH_CZLIB_SHIM_H
#define OPTBENCH_CZLIB_SHIM_H
#include <zlib.h>

/// inflateInit2 for gzip (and zlib) streams: window bits 15 + 32 detect the header.
static inline int czlib_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}

/// deflateInit: a zlib stream (window bits 15, memory level 8), as `compress2` makes, which is
/// what libhdf5's deflate filter calls.
static inline int czlib_deflate_init(z_stream *stream, int level) {
    return deflateInit(stream, level);
}
#endif
