#!/usr/bin/env bash
# The whole reference query in one process: RECORDS records (default 1,000,000) of the sample data
# in JSON-lines files, through `sluice sql --trigger available-now` into SQLite, process start to exit.
# scripts/bench.sh runs it after the C yardstick, so its figure can be read as a ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
records="${RECORDS:-1000000}"
files="${FILES:-20}"
work="${WORK:-.build/bench-pipeline}"
swift build -c release --product sluice >/dev/null
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
python3 - "$work/result.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE result (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT, label TEXT, acc REAL)")
c.commit()
PY
cat > "$work/query.sql" <<SQL
CREATE TABLE sls_dataset (label string, features string, __time__ timestamp) USING json OPTIONS (path='$work/in');
CREATE TABLE rds_result USING jdbc2 OPTIONS (url='jdbc:sqlite:$work/result.db', dbtable='result', batchsize='100',
  isolationLevel='READ_COMMITTED');
CREATE FUNCTION Logistic_Regression AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF';
SET streaming.query.name=lr_prediction;
SET spark.sql.streaming.checkpointLocation.lr_prediction=$work/checkpoint;
SET spark.sql.streaming.query.outputMode.lr_prediction=update;
SET streaming.query.lr_prediction.sql=insert into \`result\`(\`time\`, \`label\`, \`acc\`) values(?, ?, ?);
INSERT INTO rds_result SELECT window.start, label, sum(if(tb.predict = tb.label, 1, 0)) / count(tb.label) as acc
FROM (SELECT default.Logistic_Regression("examples/lr_model.json", concat_ws(" ", label, features)) as predict,
  label, __time__ as time FROM sls_dataset) tb
GROUP BY TUMBLING(tb.time, interval 10 second), tb.label;
SQL
start=$(date +%s.%N)
.build/release/sluice sql --metastore "$work/metastore" --trigger available-now -f "$work/query.sql" >/dev/null 2>"$work/log"
end=$(date +%s.%N)
python3 - "$start" "$end" "$records" "$work/result.db" <<'PY'
import sqlite3, sys
start, end, records = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
rows = sqlite3.connect(sys.argv[4]).execute("SELECT count(*) FROM result").fetchone()[0]
print(f"pipeline: {records} records in {end - start:.3f} s = {records / (end - start):,.0f} records/s ({rows} result rows)")
PY
