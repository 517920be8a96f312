#!/usr/bin/env bash
# Resident memory of the cluster at steady state: `sluice generate` writes RATE records per second
# (default 20,000) into `sluice logstore serve` (2 shards) for SECONDS seconds (default 180) while
# `sluice submit --master local[2] --trigger processing-time=TRIGGER` (default 1s) runs the
# reference query over them into SQLite. Every second VmRSS and RssAnon of the driver (the
# `sluice submit` process) and of each executor (its child processes) are read from
# /proc/PID/status into $work/rss.csv; the summary prints each process's RSS at each quarter of the
# run, its median over the second half (steady state) and its peak, then the same of RssAnon (the
# process's own memory: RSS less the pages of the binary and shared libraries, which the processes
# share), and the records the query read.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
source scripts/bench-lib.sh
rate="${RATE:-20000}"
seconds="${SECONDS_TO_RUN:-180}"
trigger="${TRIGGER:-1s}"
work="${WORK:-.build/bench-memory}"
sluice_under_test  # $SLUICE, or this tree's release build
rm -rf "$work" && mkdir -p "$work"
start_logstore

reference_query memory "$(loghub_table)"
"$sluice" submit --master 'local[2]' --trigger "processing-time=$trigger" "$work/memory.sql" >/dev/null 2>"$work/memory.log" &
submit=$!
"$sluice" generate "${keys[@]}" --store samples --input examples/sample_libsvm_data.txt \
    --records $((rate * seconds)) --rate "$rate" >"$work/generate.out" 2>&1 &
generator=$!

rss() { awk '/^VmRSS:/ { rss = $2 } /^RssAnon:/ { anon = $2 } END { print rss "," anon }' "/proc/$1/status" 2>/dev/null || echo ","; }
echo "second,process,pid,rss_kib,anon_kib" >"$work/rss.csv"
for second in $(seq "$seconds"); do
    sleep 1
    echo "$second,driver,$submit,$(rss "$submit")" >>"$work/rss.csv"
    index=0
    for child in $(pgrep -P "$submit" | sort -n); do
        index=$((index + 1))
        echo "$second,executor$index,$child,$(rss "$child")" >>"$work/rss.csv"
    done
done
kill -TERM "$generator" 2>/dev/null || true
wait "$generator" 2>/dev/null || true
kill -TERM "$submit" 2>/dev/null || true
wait "$submit" 2>/dev/null || true

python3 - "$work/rss.csv" "$work/memory.log" "$rate" "$seconds" "$trigger" <<'PY'
import csv, re, statistics, sys
path, log, rate, seconds, trigger = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
def summary(column, title):
    series = {}
    for row in csv.DictReader(open(path)):
        if row[column]:
            series.setdefault(row["process"], []).append((int(row["second"]), int(row[column]) / 1024))
    print(f"{title} in MiB")
    print(f"{'process':<10} {'at 1/4':>7} {'at 1/2':>7} {'at 3/4':>7} {'at end':>7} {'median 2nd half':>16} {'peak':>7}")
    for name in sorted(series):
        points = series[name]
        def at(fraction):
            target = seconds * fraction
            return min(points, key=lambda p: abs(p[0] - target))[1]
        steady = [mib for second, mib in points if second > seconds / 2]
        print(f"{name:<10} {at(0.25):7.1f} {at(0.5):7.1f} {at(0.75):7.1f} {at(1.0):7.1f} "
              f"{statistics.median(steady) if steady else float('nan'):16.1f} {max(m for _, m in points):7.1f}")
print(f"{rate:,} records/s for {seconds} s, trigger {trigger}")
summary("rss_kib", "VmRSS")
summary("anon_kib", "RssAnon")
read = sum(int(n) for n in re.findall(r"epoch \d+: (\d+) rows in,", open(log).read()))
print(f"input rows the query read (from its progress lines): {read:,}")
PY
