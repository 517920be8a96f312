#!/usr/bin/env bash
# The database servers the sink tests write to: Debian's MariaDB and PostgreSQL on loopback,
# each with user `sluice` (password `sluice`, allowed to create databases) and database
# `sluice_test`. Idempotent.
#
#   scripts/test-databases.sh start [mariadb|postgresql]          install what is missing, start what does
#                                                                not answer, create the user and database
#   scripts/test-databases.sh stop|restart [mariadb|postgresql]
#
# Each form acts on the server it names, or on both when none is named; another name exits with
# status 2 before anything is done. Only missing packages are installed: a server package not
# installed, a client package whose command is not on the PATH.
#
# With SLUICE_TEST_DATABASES_DRY_RUN=1 the script does nothing but print, one line each, the
# actions it would take (`would install postgresql postgresql-client`, `would start mariadb`,
# `would create user sluice and database sluice_test on mariadb`, `would stop postgresql`),
# after the same read-only checks (installed packages, servers answering); its own tests run it
# so, without disturbing the servers other tests use.
#
# The tests reach them at jdbc:mysql://127.0.0.1:3306/sluice_test and
# jdbc:postgresql://127.0.0.1:5432/sluice_test (override with SLUICE_TEST_MYSQL_URL and
# SLUICE_TEST_POSTGRES_URL).
set -euo pipefail

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
dry_run="${SLUICE_TEST_DATABASES_DRY_RUN:-0}"

# Runs "$2"..., or in a dry run prints `would $1` instead.
act() {
    local description="$1"
    shift
    if [ "$dry_run" = 1 ]; then echo "would $description"; else "$@"; fi
}

# Sets `chosen` to the servers "$1" names: the one given, or both when it is empty; exits with 2
# on another name.
choose() {
    case "$1" in
    "") chosen=(mariadb postgresql) ;;
    mariadb | postgresql) chosen=("$1") ;;
    *) echo "unknown database server '$1': mariadb or postgresql" >&2; exit 2 ;;
    esac
}

# Installs what `$1` (mariadb or postgresql) needs and is missing: the server package, and the
# client package only when its command is not there already.
install() {
    local missing=()
    local server client command
    case "$1" in
    mariadb) server=mariadb-server client=mariadb-client command=mariadb ;;
    postgresql) server=postgresql client=postgresql-client command=pg_isready ;;
    esac
    dpkg-query -W -f='${Status}' "$server" 2>/dev/null | grep -q "install ok installed" || missing+=("$server")
    command -v "$command" >/dev/null 2>&1 || missing+=("$client")
    if ((${#missing[@]})); then act "install ${missing[*]}" install_packages "${missing[@]}"; fi
}

install_packages() {
    echo "test databases: installing $*"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}

# Runs "$@" holding no descriptors but standard input, output and error, so that the daemons it
# starts keep none of the caller's open (a caller waiting for a descriptor to close would hang).
detached() {
    (
        for fd in /proc/self/fd/*; do
            fd=${fd##*/}
            if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        exec "$@" </dev/null >/dev/null
    )
}

# Starts server "$1" unless it answers already (always when "$2" is `stopped`: just stopped, in
# a dry run it would still answer), then waits until it accepts connections.
start() {
    if [ "${2:-}" != stopped ] && answers "$1"; then return; fi
    act "start $1" detached $sudo service "$1" start
    [ "$dry_run" = 1 ] && return
    for _ in $(seq 100); do answers "$1" && return; sleep 0.1; done
    echo "test databases: $1 did not start" >&2
    exit 1
}

# Whether server "$1" accepts connections.
answers() {
    case "$1" in
    mariadb) $sudo mariadb -e "SELECT 1" >/dev/null 2>&1 ;;
    postgresql) pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1 ;;
    esac
}

stop() {
    act "stop $1" detached $sudo service "$1" stop
}

create_user() {
    case "$1" in
    mariadb)
        $sudo mariadb <<'SQL'
CREATE USER IF NOT EXISTS 'sluice'@'127.0.0.1' IDENTIFIED BY 'sluice';
CREATE USER IF NOT EXISTS 'sluice'@'localhost' IDENTIFIED BY 'sluice';
GRANT ALL PRIVILEGES ON *.* TO 'sluice'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO 'sluice'@'localhost';
CREATE DATABASE IF NOT EXISTS sluice_test;
SQL
        echo "test databases: MariaDB on 127.0.0.1:3306, user sluice, database sluice_test"
        ;;
    postgresql)
        local psql=(psql -q -v ON_ERROR_STOP=1)
        if [ "$(id -u)" -eq 0 ]; then psql=(su postgres -c "psql -q -v ON_ERROR_STOP=1"); else psql=(sudo -u postgres "${psql[@]}"); fi
        "${psql[@]}" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice') THEN
    CREATE ROLE sluice LOGIN PASSWORD 'sluice' CREATEDB;
  END IF;
END $$;
SELECT 'CREATE DATABASE sluice_test OWNER sluice' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'sluice_test')
\gexec
SQL
        echo "test databases: PostgreSQL on 127.0.0.1:5432, user sluice, database sluice_test"
        ;;
    esac
}

case "${1:-start}" in
start | stop | restart) ;;
*) set -- usage ;;
esac
if [ "${1:-start}" = usage ] || [ "$#" -gt 2 ]; then
    echo "usage: $0 start|stop|restart [mariadb|postgresql]" >&2
    exit 2
fi
choose "${2:-}"
case "${1:-start}" in
start)
    for server in "${chosen[@]}"; do install "$server"; done
    for server in "${chosen[@]}"; do
        start "$server"
        act "create user sluice and database sluice_test on $server" create_user "$server"
    done
    ;;
stop)
    for server in "${chosen[@]}"; do stop "$server"; done
    ;;
restart)
    for server in "${chosen[@]}"; do
        stop "$server"
        start "$server" stopped
    done
    ;;
esac
