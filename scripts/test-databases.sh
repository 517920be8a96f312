#!/usr/bin/env bash
# The database servers the sink tests write to: Debian's MariaDB and PostgreSQL on loopback,
# each with user `sluice` (password `sluice`, allowed to create databases) and database
# `sluice_test`. Idempotent.
#
#   scripts/test-databases.sh start [mariadb|postgresql]  install what is missing, start, create the user
#                                                        (both servers when none is named)
#   scripts/test-databases.sh stop|restart mariadb|postgresql
#
# The tests reach them at jdbc:mysql://127.0.0.1:3306/sluice_test and
# jdbc:postgresql://127.0.0.1:5432/sluice_test (override with SLUICE_TEST_MYSQL_URL and
# SLUICE_TEST_POSTGRES_URL).
set -euo pipefail

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# Installs what `$1` (mariadb or postgresql) needs and is missing: the server package, and the
# client package only when its command is not there already.
install() {
    local missing=()
    local server client command
    case "$1" in
    mariadb) server=mariadb-server client=mariadb-client command=mariadb ;;
    postgresql) server=postgresql client=postgresql-client command=pg_isready ;;
    *) echo "unknown database server '$1': mariadb or postgresql" >&2; exit 2 ;;
    esac
    dpkg-query -W -f='${Status}' "$server" 2>/dev/null | grep -q "install ok installed" || missing+=("$server")
    command -v "$command" >/dev/null 2>&1 || missing+=("$client")
    if ((${#missing[@]})); then
        echo "test databases: installing ${missing[*]}"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
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

# Starts a service unless it answers already, then waits until it accepts connections.
start() {
    case "$1" in
    mariadb)
        $sudo mariadb -e "SELECT 1" >/dev/null 2>&1 || detached $sudo service mariadb start
        for _ in $(seq 100); do $sudo mariadb -e "SELECT 1" >/dev/null 2>&1 && return; sleep 0.1; done
        ;;
    postgresql)
        pg_isready -q -h 127.0.0.1 -p 5432 || detached $sudo service postgresql start
        for _ in $(seq 100); do pg_isready -q -h 127.0.0.1 -p 5432 && return; sleep 0.1; done
        ;;
    *) echo "unknown database server '$1': mariadb or postgresql" >&2; exit 2 ;;
    esac
    echo "test databases: $1 did not start" >&2
    exit 1
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
start)
    servers=("${2:-mariadb}")
    [ -n "${2:-}" ] || servers=(mariadb postgresql)
    for server in "${servers[@]}"; do install "$server"; done
    for server in "${servers[@]}"; do
        start "$server"
        create_user "$server"
    done
    ;;
stop)
    detached $sudo service "${2:?stop what: mariadb or postgresql}" stop
    ;;
restart)
    detached $sudo service "${2:?restart what: mariadb or postgresql}" stop
    start "$2"
    ;;
*)
    echo "usage: $0 start [mariadb|postgresql] | stop|restart mariadb|postgresql" >&2
    exit 2
    ;;
esac
