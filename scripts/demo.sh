#!/usr/bin/env bash
# Sets up the machine and runs the main job on embedded defaults: today, `sluice sql` on the
# reference script with its INSERT explained rather than run (queries run once the engine lands).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/bootstrap.sh
swift build
# The reference script, verbatim but for EXPLAIN before its INSERT.
sed 's/^INSERT INTO/EXPLAIN INSERT INTO/' examples/seed.sql > .build/seed-explain.sql
exec .build/debug/sluice sql --metastore "${METASTORE:-.build/demo-metastore}" -f .build/seed-explain.sql \
    -d logProjectName=demo -d logStoreName=lr-samples -d accessKeyId=demo -d accessKeySecret=demo-secret \
    -d endpoint=127.0.0.1:10010 -d rdsUrl=jdbc:sqlite:.build/demo-results.db -d rdsTableName=lr_accuracy \
    -d user=demo -d password=demo -d udf_jar_path=builtin.jar -d LR_model_path=examples/lr_model.json \
    -d checkpointDir=.build/demo-checkpoint
