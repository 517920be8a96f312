#include "CMallocTuning.h"
#include <stdlib.h> /* defines __GLIBC__ on glibc systems, so the test below can see it */
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int sluice_tune_malloc(int mmap_threshold_bytes, int trim_threshold_bytes) {
#if defined(__GLIBC__)
    int mmap_ok = mallopt(M_MMAP_THRESHOLD, mmap_threshold_bytes);
    int trim_ok = mallopt(M_TRIM_THRESHOLD, trim_threshold_bytes);
    return (mmap_ok == 1 ? 1 : 0) | (trim_ok == 1 ? 2 : 0);
#else
    (void)mmap_threshold_bytes;
    (void)trim_threshold_bytes;
    return 0;
#endif
}

int sluice_release_free_heap(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}

int sluice_limit_heap_arenas(int arenas) {
#if defined(__GLIBC__)
    return mallopt(M_ARENA_MAX, arenas);
#else
    (void)arenas;
    return 0;
#endif
}
