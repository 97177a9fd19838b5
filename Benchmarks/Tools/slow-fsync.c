/*
 * A slow disk for benchmarks: every fsync(2) takes FSYNC_DELAY_MS milliseconds longer
 * (default 200), as on a loaded network file system. Not part of any build.
 *
 *   gcc -shared -fPIC -O2 Benchmarks/Tools/slow-fsync.c -o /tmp/slow-fsync.so -ldl
 *   FSYNC_DELAY_MS=500 LD_PRELOAD=/tmp/slow-fsync.so optbench run Suites/classic.yaml -o /tmp/c.h5
 *
 * docs/performance.md ("Parts published off the writer's thread") uses it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

int fsync(int descriptor) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    const char *delay = getenv("FSYNC_DELAY_MS");
    usleep((useconds_t)(delay ? atoi(delay) : 200) * 1000);
    return real(descriptor);
}
