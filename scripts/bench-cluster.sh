#!/usr/bin/env bash
# The reference query on a local cluster over the log store: RECORDS records (default 1,000,000)
# written by `sluice generate` into `sluice logstore serve` (2 shards) beforehand, then
# `sluice submit --master local[2] --executor-cores $EXECUTOR_CORES --trigger available-now` (a
# driver and 2 executor processes, each running EXECUTOR_CORES tasks at once, default 2, so that
# one task's pull overlaps another's computing) reads them into SQLite, process start to exit. Then the time from `sluice submit` starting to
# its first committed window, with maxOffsetsPerTrigger=10000 over the same data.
# The log store server, the driver and the executors share the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
source scripts/bench-lib.sh
records="${RECORDS:-1000000}"
cores="${EXECUTOR_CORES:-2}"
work="${WORK:-.build/bench-cluster}"
sluice_under_test  # $SLUICE, or this tree's release build
rm -rf "$work" && mkdir -p "$work"
start_logstore
"$sluice" generate "${keys[@]}" --store samples --input examples/sample_libsvm_data.txt --records "$records" \
    --start-time 1554260000 --event-rate 20 --max-rate >/dev/null

reference_query cluster "$(loghub_table)"
start=$(date +%s.%N)
"$sluice" submit --master 'local[2]' --executor-cores "$cores" --trigger available-now "$work/cluster.sql" >/dev/null 2>"$work/cluster.log"
end=$(date +%s.%N)
report cluster "$start" "$end" "$records"

reference_query first "$(loghub_table ", maxOffsetsPerTrigger='10000'")"
first_start=$(date +%s.%N)
"$sluice" submit --master 'local[2]' --executor-cores "$cores" --trigger processing-time=1s "$work/first.sql" >/dev/null 2>"$work/first.log" &
submit=$!
first_end=""
for _ in $(seq 2000); do
    if [ "$(sqlite3 "$work/first.db" 'SELECT count(*) FROM result' 2>/dev/null || echo 0)" != "0" ]; then
        first_end=$(date +%s.%N); break
    fi
    sleep 0.005
done
kill -TERM $submit 2>/dev/null || true
wait $submit 2>/dev/null || true
if [ -n "$first_end" ]; then
    python3 -c "import sys; print(f'first window committed {float(sys.argv[2]) - float(sys.argv[1]):.3f} s after submit started')" \
        "$first_start" "$first_end"
else
    echo "no window committed"
fi
