#!/usr/bin/env bash
# Sets up the machine and runs the main job on embedded defaults: `sluice demo` starts a log store,
# writes the sample data into it with the generator at a steady rate (a seeded fraction of the
# labels flipped, rising along the run, so the model is wrong more and more often), runs the
# reference script examples/seed.sql on local[2] (a driver and two executor processes) into
# SQLite, and prints each window's accuracy as it is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/bootstrap.sh
swift build
.build/debug/sluice demo --work .build/demo "$@"
