#!/usr/bin/env bash
# The reference query in one process over the log store: RECORDS records (default 1,000,000) of
# the sample data written by `sluice generate` into a `sluice logstore serve` process (2 shards),
# then `sluice sql --trigger available-now` reads them with `USING loghub` into SQLite, process
# start to exit. The server runs beside the query on the same 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
source scripts/bench-lib.sh
records="${RECORDS:-1000000}"
work="${WORK:-.build/bench-loghub}"
sluice=.build/release/sluice
swift build -c release --static-swift-stdlib --product sluice >/dev/null  # as scripts/install.sh builds it
rm -rf "$work" && mkdir -p "$work"
start_logstore
put_start=$(date +%s.%N)
"$sluice" generate "${keys[@]}" --store samples --input examples/sample_libsvm_data.txt --records "$records" \
    --start-time 1554260000 --event-rate 20 --max-rate >/dev/null
put_end=$(date +%s.%N)
python3 -c "import sys; s, e, n = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]); print(f'generate: {n} records in {e - s:.2f} s = {n / (e - s):,.0f} records/s')" \
    "$put_start" "$put_end" "$records"
reference_query loghub "$(loghub_table)"
start=$(date +%s.%N)
"$sluice" sql --metastore "$work/metastore" --trigger available-now -f "$work/loghub.sql" >/dev/null 2>"$work/log"
end=$(date +%s.%N)
report loghub "$start" "$end" "$records"
