#!/usr/bin/env bash
# Every benchmark, release builds, one run: the C yardstick first (this machine's speed today, on
# one core and then on both at once),
# then the model UDF alone, the JSON source alone, the executor stage, and the whole pipeline.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
records="${RECORDS:-1000000}"
swift build -c release --static-swift-stdlib --product sluice-bench >/dev/null  # as scripts/install.sh builds sluice
mkdir -p .build
gcc -O2 -o .build/yardstick scripts/bench-yardstick.c
.build/yardstick examples/sample_libsvm_data.txt
# The same loop on both cores at once: the reference for the 2-core pipeline, since a neighbour
# busy on one core slows the pipeline but not a one-core yardstick.
(.build/yardstick examples/sample_libsvm_data.txt & .build/yardstick examples/sample_libsvm_data.txt; wait) |
    sed 's/^yardstick/yardstick on both cores, each/'
.build/release/sluice-bench model "$records"
.build/release/sluice-bench scan "$records"
.build/release/sluice-bench executor "$records"
RECORDS="$records" scripts/bench-pipeline.sh
