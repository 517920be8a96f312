#!/usr/bin/env bash
# The reference query on a local cluster over the log store: RECORDS records (default 1,000,000)
# written by `sluice generate` into `sluice logstore serve` (2 shards) beforehand, then
# `sluice submit --master local[2] --trigger available-now` (a driver and 2 executor processes)
# reads them into SQLite, process start to exit. Then the time from `sluice submit` starting to
# its first committed window, with maxOffsetsPerTrigger=10000 over the same data.
# The log store server, the driver and the executors share the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
records="${RECORDS:-1000000}"
work="${WORK:-.build/bench-cluster}"
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
"$sluice" generate "${keys[@]}" --store samples --input examples/sample_libsvm_data.txt --records "$records" \
    --start-time 1554260000 --event-rate 20 --max-rate >/dev/null

query() { # $1 = name, $2 = extra loghub options
    python3 - "$work/$1.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE result (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT, label TEXT, acc REAL)")
c.commit()
PY
    cat > "$work/$1.sql" <<SQL
CREATE TABLE sls_dataset USING loghub OPTIONS (sls.project='bench', sls.store='samples', access.key.id='bench',
  access.key.secret='secret', endpoint='127.0.0.1:$port', startingoffsets='earliest'$2);
CREATE TABLE rds_result USING jdbc2 OPTIONS (url='jdbc:sqlite:$work/$1.db', dbtable='result', batchsize='100',
  isolationLevel='READ_COMMITTED');
CREATE FUNCTION Logistic_Regression AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF';
SET streaming.query.name=lr_prediction;
SET spark.sql.streaming.checkpointLocation.lr_prediction=$work/$1-checkpoint;
SET spark.sql.streaming.query.outputMode.lr_prediction=update;
SET streaming.query.lr_prediction.sql=insert into \`result\`(\`time\`, \`label\`, \`acc\`) values(?, ?, ?);
INSERT INTO rds_result SELECT window.start, label, sum(if(tb.predict = tb.label, 1, 0)) / count(tb.label) as acc
FROM (SELECT default.Logistic_Regression("examples/lr_model.json", concat_ws(" ", label, features)) as predict,
  label, __time__ as time FROM sls_dataset) tb
GROUP BY TUMBLING(tb.time, interval 10 second), tb.label;
SQL
}

query throughput ""
start=$(date +%s.%N)
"$sluice" submit --master 'local[2]' --trigger available-now "$work/throughput.sql" >/dev/null 2>"$work/throughput.log"
end=$(date +%s.%N)

query first ", maxOffsetsPerTrigger='10000'"
first_start=$(date +%s.%N)
"$sluice" submit --master 'local[2]' --trigger processing-time=1s "$work/first.sql" >/dev/null 2>"$work/first.log" &
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

python3 - "$start" "$end" "$records" "$work/throughput.db" "$first_start" "${first_end:-0}" <<'PY'
import sqlite3, sys
start, end, records = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
rows = sqlite3.connect(sys.argv[4]).execute("SELECT count(*) FROM result").fetchone()[0]
print(f"submit local[2]: {records} records in {end - start:.2f} s = {records / (end - start):,.0f} records/s ({rows} rows written)")
first_start, first_end = float(sys.argv[5]), float(sys.argv[6])
print(f"first window committed {first_end - first_start:.3f} s after submit started" if first_end else "no window committed")
PY
