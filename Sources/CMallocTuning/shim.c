#include "CMallocTuning.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int sluice_tune_malloc(int mmap_threshold_bytes, int trim_threshold_bytes) {
#if defined(__GLIBC__)
    int mmap_ok = mallopt(M_MMAP_THRESHOLD, mmap_threshold_bytes);
    int trim_ok = mallopt(M_TRIM_THRESHOLD, trim_threshold_bytes);
    return mmap_ok == 1 && trim_ok == 1;
#else
    (void)mmap_threshold_bytes;
    (void)trim_threshold_bytes;
    return 0;
#endif
}
