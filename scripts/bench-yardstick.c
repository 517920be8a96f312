/* A yardstick for this machine's speed: a tight C loop computing the model's dot product over the
 * sample records' features (integer values), as many records as the benchmarks process. Benchmarks
 * report their figures next to it, because the machine is shared and noisy. */
#include <stdio.h>
#include <string.h>
#include <time.h>

enum { records_total = 1000000, lines_max = 1000, file_bytes_max = 1 << 20 };

int main(int argc, char **argv) {
    static char text[file_bytes_max + 1];
    FILE *file = fopen(argc > 1 ? argv[1] : "examples/sample_libsvm_data.txt", "r");
    if (!file) { perror("open"); return 1; }
    size_t length = fread(text, 1, file_bytes_max, file);
    fclose(file);
    text[length] = 0;
    char *lines[lines_max];
    int count = 0;
    for (char *p = text; *p && count < lines_max;) {
        lines[count++] = p;
        char *end = strchr(p, '\n');
        if (!end) break;
        *end = 0;
        p = end + 1;
    }
    double weights[1024];
    for (int i = 0; i < 1024; i++) weights[i] = 0.001 * i;
    struct timespec start, stop;
    clock_gettime(CLOCK_MONOTONIC, &start);
    double total = 0;
    for (int r = 0; r < records_total; r++) {
        const char *s = lines[r % count];
        while (*s && *s != ' ') s++;
        double dot = 0;
        int previous = 0;
        while (*s) {
            if (*s == ' ') { s++; continue; }
            int index = 0;
            while (*s >= '0' && *s <= '9') index = index * 10 + (*s++ - '0');
            if (*s != ':' || index <= previous || index > 1024) break;
            s++;
            long mantissa = 0;
            while (*s >= '0' && *s <= '9') mantissa = mantissa * 10 + (*s++ - '0');
            previous = index;
            dot += (double)mantissa * weights[index - 1];
        }
        total += dot;
    }
    clock_gettime(CLOCK_MONOTONIC, &stop);
    double seconds = (stop.tv_sec - start.tv_sec) + (stop.tv_nsec - start.tv_nsec) / 1e9;
    printf("yardstick (C dot product loop): %d records in %.3f s = %.0f records/s (checksum %.0f)\n", records_total,
           seconds, records_total / seconds, total);
    return 0;
}
