#!/usr/bin/env bash
# Sets up the machine and runs the whole test suite: the command the README and CI use.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/bootstrap.sh
scripts/bootstrap-test-clients.sh
scripts/test-databases.sh start
swift build --build-tests
swift test --skip-build "$@"
