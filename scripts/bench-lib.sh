# Shared by the bench scripts (sourced, not run): the reference query and a log store to read.
# Expects $work (a scratch directory) and $sluice (the release binary, see sluice_under_test) to be set.

# sluice_under_test: sets $sluice to the binary to measure: $SLUICE when given (another build to
# compare with), else this tree's release build, built as scripts/install.sh builds it.
sluice_under_test() {
    sluice="${SLUICE:-.build/release/sluice}"
    [ -n "${SLUICE:-}" ] || swift build -c release --static-swift-stdlib --product sluice >/dev/null
}

# reference_query NAME SOURCE_DDL: writes $work/NAME.sql, the reference query over the table
# `sls_dataset` that SOURCE_DDL creates, into SQLite $work/NAME.db (table `result`, created here
# with an id so rows keep their order), checkpoint in $work/NAME-checkpoint.
reference_query() {
    local name="$1" source="$2"
    python3 - "$work/$name.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE result (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT, label TEXT, acc REAL)")
c.commit()
PY
    cat > "$work/$name.sql" <<SQL
$source;
CREATE TABLE rds_result USING jdbc2 OPTIONS (url='jdbc:sqlite:$work/$name.db', dbtable='result', batchsize='100',
  isolationLevel='READ_COMMITTED');
CREATE FUNCTION Logistic_Regression AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF';
SET streaming.query.name=lr_prediction;
SET spark.sql.streaming.checkpointLocation.lr_prediction=$work/$name-checkpoint;
SET spark.sql.streaming.query.outputMode.lr_prediction=update;
SET streaming.query.lr_prediction.sql=insert into \`result\`(\`time\`, \`label\`, \`acc\`) values(?, ?, ?);
INSERT INTO rds_result SELECT window.start, label, sum(if(tb.predict = tb.label, 1, 0)) / count(tb.label) as acc
FROM (SELECT default.Logistic_Regression("examples/lr_model.json", concat_ws(" ", label, features)) as predict,
  label, __time__ as time FROM sls_dataset) tb
GROUP BY TUMBLING(tb.time, interval 10 second), tb.label;
SQL
}

# start_logstore: starts `sluice logstore serve` on a free port with data in $work/logstore
# (stopped when the script exits) and creates the store bench/samples with 2 shards. Sets $port
# and $keys (the client options of `sluice logstore` and `sluice generate`).
start_logstore() {
    "$sluice" logstore serve --data-dir "$work/logstore" --listen 127.0.0.1:0 --access-key bench:secret \
        >"$work/serve.out" 2>&1 &
    local server=$!
    trap "kill $server 2>/dev/null || true" EXIT
    for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.05; done
    port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.out" | head -1)
    keys=(--endpoint "127.0.0.1:$port" --project bench --access-key-id bench --access-key-secret secret)
    "$sluice" logstore create "${keys[@]}" --store samples --shards 2 >/dev/null
}

# loghub_table [EXTRA_OPTIONS]: the DDL of `sls_dataset` over the store start_logstore made.
loghub_table() {
    echo "CREATE TABLE sls_dataset USING loghub OPTIONS (sls.project='bench', sls.store='samples', access.key.id='bench',
  access.key.secret='secret', endpoint='127.0.0.1:$port', startingoffsets='earliest'${1:-})"
}

# report NAME START END RECORDS: prints records/s of a run and the rows it wrote.
report() {
    python3 - "$1" "$2" "$3" "$4" "$work/$1.db" <<'PY'
import sqlite3, sys
name, start, end, records = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
rows = sqlite3.connect(sys.argv[5]).execute("SELECT count(*) FROM result").fetchone()[0]
print(f"{name}: {records} records in {end - start:.3f} s = {records / (end - start):,.0f} records/s ({rows} result rows)")
PY
}
