#!/usr/bin/env bash
# The reference query in one process over the log store: RECORDS records (default 1,000,000) of
# the sample data written by `sluice generate` into a `sluice logstore serve` process (2 shards),
# then `sluice sql --trigger available-now` reads them with `USING loghub` into SQLite, process
# start to exit. The server runs beside the query on the same 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
records="${RECORDS:-1000000}"
work="${WORK:-.build/bench-loghub}"
swift build -c release --product sluice >/dev/null
sluice=.build/release/sluice
rm -rf "$work" && mkdir -p "$work"
"$sluice" logstore serve --data-dir "$work/logstore" --listen 127.0.0.1:0 --access-key bench:secret >"$work/serve.out" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.out" | head -1)
keys=(--endpoint "127.0.0.1:$port" --project bench --access-key-id bench --access-key-secret secret)
"$sluice" logstore create "${keys[@]}" --store samples --shards 2 >/dev/null
put_start=$(date +%s.%N)
"$sluice" generate "${keys[@]}" --store samples --input examples/sample_libsvm_data.txt --records "$records" \
    --start-time 1554260000 --event-rate 20 --max-rate >/dev/null
put_end=$(date +%s.%N)
python3 - "$work/result.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE result (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT, label TEXT, acc REAL)")
c.commit()
PY
cat > "$work/query.sql" <<SQL
CREATE TABLE sls_dataset USING loghub OPTIONS (sls.project='bench', sls.store='samples', access.key.id='bench',
  access.key.secret='secret', endpoint='127.0.0.1:$port', startingoffsets='earliest');
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
"$sluice" sql --metastore "$work/metastore" --trigger available-now -f "$work/query.sql" >/dev/null 2>"$work/log"
end=$(date +%s.%N)
python3 - "$put_start" "$put_end" "$start" "$end" "$records" "$work/result.db" <<'PY'
import sqlite3, sys
put_start, put_end, start, end = map(float, sys.argv[1:5])
records = int(sys.argv[5])
rows = sqlite3.connect(sys.argv[6]).execute("SELECT count(*) FROM result").fetchone()[0]
print(f"generate: {records} records in {put_end - put_start:.2f} s = {records / (put_end - put_start):,.0f} records/s")
print(f"query:    {records} records in {end - start:.2f} s = {records / (end - start):,.0f} records/s ({rows} rows written)")
PY
