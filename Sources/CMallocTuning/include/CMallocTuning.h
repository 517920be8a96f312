#ifndef CMALLOCTUNING_H
#define CMALLOCTUNING_H
/// Sets glibc's mmap and trim thresholds (bytes); returns a bit mask: 1 when the mmap threshold
/// was accepted, 2 when the trim threshold was (3 for both; 0 without glibc).
int sluice_tune_malloc(int mmap_threshold_bytes, int trim_threshold_bytes);
/// Returns the free pages of every heap arena to the system (glibc's `malloc_trim(0)`); returns 1
/// when some memory was released, 0 when none was (or without glibc).
int sluice_release_free_heap(void);
/// Sets glibc's most heap arenas (`M_ARENA_MAX`) for threads that have none yet; returns 1 when
/// accepted (0 without glibc).
int sluice_limit_heap_arenas(int arenas);
#endif
