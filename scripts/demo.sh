#!/usr/bin/env bash
# Sets up the machine, installs `sluice` (scripts/install.sh: a release build, on PATH) and runs the
# main job on embedded defaults: `sluice demo` starts a log store, writes the sample data into it
# with the generator at a steady rate (a seeded fraction of the labels flipped, rising along the
# run, so the model is wrong more and more often), runs the reference script examples/seed.sql on
# local[2] (a driver and two executor processes) into SQLite, and prints each window's accuracy as
# it is committed. `sluice demo --print-commands` prints the same steps as separate commands.
set -euo pipefail
cd "$(dirname "$0")/.."
sluice="$(scripts/install.sh)"
"$sluice" demo --work .build/demo "$@"
