#!/usr/bin/env bash
# Sets up the machine and runs the whole test suite: the command the README and CI use. It also
# installs `sluice` on PATH (scripts/install.sh), as the README's recipe needs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
scripts/install.sh >/dev/null
scripts/bootstrap-test-clients.sh
scripts/test-databases.sh start
swift build --build-tests
swift test --skip-build "$@"
