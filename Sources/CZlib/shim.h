// zlib (Debian's zlib1g-dev). inflateInit2 is a macro Swift cannot call; this wraps it.
#ifndef OPTBENCH_CZLIB_SHIM_H
#define OPTBENCH_CZLIB_SHIM_H
#include <zlib.h>

/// inflateInit2 for gzip (and zlib) streams: window bits 15 + 32 detect the header.
static inline int czlib_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}
#endif
