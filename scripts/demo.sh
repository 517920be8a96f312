#!/usr/bin/env bash
# Sets up the machine and runs the main job on embedded defaults:
#  1. `sluice sql` on the reference script (examples/seed.sql, its INSERT explained): the catalog,
#     both DESC outputs and the bound plan of the streaming query;
#  2. the same query over the sample data as a stream of JSON-lines files (labels of every third
#     record flipped, so the model is sometimes wrong), epoch by epoch into SQLite, then the
#     accuracy per 10-second window and label as committed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/bootstrap.sh
swift build
work="${DEMO_DIR:-.build/demo}"
rm -rf "$work" && mkdir -p "$work/in"

echo "== 1. the reference script, with its INSERT explained"
sed 's/^INSERT INTO/EXPLAIN INSERT INTO/' examples/seed.sql > "$work/seed-explain.sql"
.build/debug/sluice sql --metastore "$work/metastore-seed" -f "$work/seed-explain.sql" \
    -d logProjectName=demo -d logStoreName=lr-samples -d accessKeyId=demo -d accessKeySecret=demo-secret \
    -d endpoint=127.0.0.1:10010 -d rdsUrl=jdbc:mysql://127.0.0.1:3306/demo -d rdsTableName=lr_accuracy \
    -d user=demo -d password=demo -d udf_jar_path=builtin.jar -d LR_model_path=examples/lr_model.json \
    -d checkpointDir="$work/checkpoint-seed"

echo
echo "== 2. the query running over JSON files into SQLite"
python3 - "$work/in" <<'PY'
import json, sys
lines = [l for l in open("examples/sample_libsvm_data.txt").read().split("\n") if l.strip()]
for part in range(6):
    with open(f"{sys.argv[1]}/part-{part:05d}.json", "w") as out:
        for i in range(100):
            n = part * 100 + i
            label, features = lines[n % len(lines)].split(" ", 1)
            if n % 3 == 0:
                label = "0" if label == "1" else "1"
            out.write(json.dumps({"label": label, "features": features, "__time__": 1554260000 + n * 0.1}) + "\n")
PY
.build/debug/sluice sql --metastore "$work/metastore" --trigger available-now -f examples/accuracy-json.sql \
    -d inputDir="$work/in" -d resultDb="$work/results.db" -d checkpointDir="$work/checkpoint" \
    -d LR_model_path=examples/lr_model.json
echo
echo "accuracy per window and label, as last committed:"
sqlite3 -header -column "$work/results.db" \
    "SELECT time, label, printf('%.3f', acc) AS acc FROM lr_accuracy WHERE rowid IN
       (SELECT max(rowid) FROM lr_accuracy GROUP BY time, label) ORDER BY time, label"
