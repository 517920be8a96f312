#!/usr/bin/env bash
# Installs the clients the tests drive Sluice with: the official Alibaba Cloud Log Service
# Python SDK (and its lz4 codec). Idempotent.
set -euo pipefail

if python3 -c "import aliyun.log, lz4.block" 2>/dev/null; then
    echo "bootstrap: python test clients present"
    exit 0
fi
if ! python3 -m pip --version >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-pip
fi
packages=(aliyun-log-python-sdk lz4)
echo "bootstrap: installing ${packages[*]} for the tests"
python3 -m pip install --quiet --disable-pip-version-check "${packages[@]}" 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${packages[@]}"
python3 -c "import aliyun.log, lz4.block"
