#!/usr/bin/env bash
# Installs, on a fresh Debian machine, the system packages Sluice needs to build and test.
# Idempotent: packages already present are left alone. Swift itself is expected at /opt/swift
# or on PATH (https://www.swift.org/install/linux/).
set -euo pipefail

packages=(
    build-essential pkg-config  # C toolchain for system-library targets
    libzmq3-dev                 # ZeroMQ: driver ⇄ executor transport
    libsqlite3-dev              # embedded SQL sink
    libmariadb-dev libpq-dev    # MySQL/MariaDB and PostgreSQL sinks
    liblz4-dev zlib1g-dev       # log-store compression
    libssl-dev                  # log-store request signatures (HMAC, MD5, SHA-256)
    libsnappy-dev               # SNAPPY pages of Spark's saved models (Parquet)
    libedit-dev                 # line editing and history at the `sluice sql` prompt
    sqlite3 python3             # the demo: reading results, writing sample files
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "bootstrap: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
    echo "bootstrap: system packages present"
fi

if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        echo "bootstrap: add /opt/swift/usr/bin to PATH"
    else
        echo "bootstrap: swift not found; install Swift 6.2 or later" >&2
        exit 1
    fi
fi
