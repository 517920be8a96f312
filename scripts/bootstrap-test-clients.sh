#!/usr/bin/env bash
# Installs the clients the tests drive Sluice with: the official Alibaba Cloud Log Service
# Python SDK (and its lz4 codec), and PySpark 4.3.0, which loads the models `sluice train` writes
# in Spark's formats (a 456 MB download, 491 MB installed; it runs on the machine's Java 17).
# Idempotent.
set -euo pipefail

if ! command -v java >/dev/null; then
    # PySpark runs on Java 17.
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "bootstrap: installing openjdk-17-jre-headless for PySpark"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless
fi
if python3 -c "import aliyun.log, lz4.block, pyspark, sys; sys.exit(pyspark.__version__ != '4.3.0')" 2>/dev/null; then
    echo "bootstrap: python test clients present"
    exit 0
fi
if ! python3 -m pip --version >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-pip
fi
packages=(aliyun-log-python-sdk lz4 pyspark==4.3.0)
echo "bootstrap: installing ${packages[*]} for the tests"
python3 -m pip install --quiet --disable-pip-version-check "${packages[@]}" 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${packages[@]}"
python3 -c "import aliyun.log, lz4.block, pyspark"
