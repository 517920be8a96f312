#!/usr/bin/env bash
# Sets up the machine and runs the main job on embedded defaults:
#  1. `sluice sql` on the reference script (examples/seed.sql, its INSERT explained): the catalog,
#     both DESC outputs and the bound plan of the streaming query;
#  2. the same query over a log store: `sluice logstore serve`, `sluice generate` of the sample
#     data (labels of every third record flipped, so the model is sometimes wrong), then the query
#     reading it with `USING loghub` epoch by epoch into SQLite, and the accuracy per 10-second
#     window and label as committed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/bootstrap.sh
swift build
work="${DEMO_DIR:-.build/demo}"
rm -rf "$work" && mkdir -p "$work"

echo "== 1. the reference script, with its INSERT explained"
sed 's/^INSERT INTO/EXPLAIN INSERT INTO/' examples/seed.sql > "$work/seed-explain.sql"
.build/debug/sluice sql --metastore "$work/metastore-seed" -f "$work/seed-explain.sql" \
    -d logProjectName=demo -d logStoreName=lr-samples -d accessKeyId=demo -d accessKeySecret=demo-secret \
    -d endpoint=127.0.0.1:10010 -d rdsUrl=jdbc:mysql://127.0.0.1:3306/demo -d rdsTableName=lr_accuracy \
    -d user=demo -d password=demo -d udf_jar_path=builtin.jar -d LR_model_path=examples/lr_model.json \
    -d checkpointDir="$work/checkpoint-seed"

echo
echo "== 2. the query running over a log store into SQLite"
.build/debug/sluice logstore serve --data-dir "$work/logstore" --listen 127.0.0.1:0 --access-key demo:demo-secret \
    >"$work/logstore.out" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$work/logstore.out" 2>/dev/null && break; sleep 0.05; done
head -1 "$work/logstore.out"
endpoint="127.0.0.1:$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/logstore.out" | head -1)"
keys=(--endpoint "$endpoint" --project demo --access-key-id demo --access-key-secret demo-secret)
.build/debug/sluice logstore create "${keys[@]}" --store lr-samples --shards 2
# The sample rows with every third label flipped, so the model is sometimes wrong.
awk 'NF { if ((NR - 1) % 3 == 0) { $1 = ($1 == "1") ? "0" : "1" } print }' examples/sample_libsvm_data.txt \
    > "$work/samples.libsvm"
.build/debug/sluice generate "${keys[@]}" --store lr-samples --input "$work/samples.libsvm" --records 3000 \
    --start-time 1554260000 --event-rate 100 --batch 100
.build/debug/sluice sql --metastore "$work/metastore" --trigger available-now -f examples/accuracy-loghub.sql \
    -d logProjectName=demo -d logStoreName=lr-samples -d accessKeyId=demo -d accessKeySecret=demo-secret \
    -d endpoint="$endpoint" -d resultDb="$work/results.db" -d checkpointDir="$work/checkpoint" \
    -d LR_model_path=examples/lr_model.json
echo
echo "accuracy per window and label, as last committed:"
sqlite3 -header -column "$work/results.db" \
    "SELECT time, label, printf('%.3f', acc) AS acc FROM lr_accuracy WHERE rowid IN
       (SELECT max(rowid) FROM lr_accuracy GROUP BY time, label) ORDER BY time, label"
