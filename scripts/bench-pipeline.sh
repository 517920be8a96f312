#!/usr/bin/env bash
# The whole reference query in one process: RECORDS records (default 1,000,000) of the sample data
# in JSON-lines files, through `sluice sql --trigger available-now` into SQLite, process start to exit.
# scripts/bench.sh runs it after the C yardstick, so its figure can be read as a ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
source scripts/bench-lib.sh
records="${RECORDS:-1000000}"
files="${FILES:-20}"
work="${WORK:-.build/bench-pipeline}"
sluice_under_test  # $SLUICE, or this tree's release build
rm -rf "$work" && mkdir -p "$work/in"
python3 - "$records" "$files" "$work/in" <<'PY'
import json, sys
records, files, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
lines = [l for l in open("examples/sample_libsvm_data.txt").read().split("\n") if l.strip()]
per = records // files
for f in range(files):
    with open(f"{out}/part-{f:05d}.json", "w") as o:
        for i in range(per):
            n = f * per + i
            label, features = lines[n % len(lines)].split(" ", 1)
            o.write(json.dumps({"label": label, "features": features, "__time__": 1554260000 + n // 20}) + "\n")
PY
reference_query pipeline \
    "CREATE TABLE sls_dataset (label string, features string, __time__ timestamp) USING json OPTIONS (path='$work/in')"
start=$(date +%s.%N)
"$sluice" sql --metastore "$work/metastore" --trigger available-now -f "$work/pipeline.sql" >/dev/null 2>"$work/log"
end=$(date +%s.%N)
report pipeline "$start" "$end" "$records"
