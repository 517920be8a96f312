#ifndef CMALLOCTUNING_H
#define CMALLOCTUNING_H
/// Sets glibc's mmap and trim thresholds (bytes); returns 1 when both were accepted.
int sluice_tune_malloc(int mmap_threshold_bytes, int trim_threshold_bytes);
#endif
