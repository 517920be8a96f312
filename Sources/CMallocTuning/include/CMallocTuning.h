#ifndef CMALLOCTUNING_H
#define CMALLOCTUNING_H
/// Sets glibc's mmap and trim thresholds (bytes); returns a bit mask: 1 when the mmap threshold
/// was accepted, 2 when the trim threshold was (3 for both; 0 without glibc).
int sluice_tune_malloc(int mmap_threshold_bytes, int trim_threshold_bytes);
#endif
