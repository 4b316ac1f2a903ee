#!/usr/bin/env bash
# Run a command with a private, throw-away PostgreSQL cluster on a free local port.
#
#   scripts/with_postgres.sh .venv/bin/pytest
#
# The command sees SITREP_TEST_POSTGRES=postgresql://postgres@127.0.0.1:PORT/postgres.
# PostgreSQL comes from Debian packages: when no /usr/lib/postgresql/*/bin/initdb exists and
# we are root, `apt-get install -y postgresql` installs it (after `apt-get update` only when
# the package lists are empty), without the package's own "main" cluster. The cluster lives
# in a temporary folder outside /root (the postgres user must reach it) and is stopped and
# removed on exit, whatever happens.
set -euo pipefail

PG_LIB="${WITH_POSTGRES_LIB:-/usr/lib/postgresql}"  # another folder only to test this script
# The newest version's bin folder, or nothing (never a failure: set -e and pipefail).
find_bin() { ls -d "$PG_LIB"/*/bin 2>/dev/null | sort -V | tail -n 1 || true; }

apt_install() {
    apt-get install -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "$@" >/dev/null
}

PGBIN="$(find_bin)"
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "with_postgres: no PostgreSQL server installed and not root to install it:" \
             "the PostgreSQL tests will be skipped" >&2
        exec "$@"
    fi
    echo "with_postgres: installing PostgreSQL from Debian packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then apt-get update -q; fi
    apt_install postgresql-common || { apt-get update -q && apt_install postgresql-common; }
    # No default cluster: it would start a server on port 5432, and creating it fails when
    # $LANG names a locale the machine has not generated.
    sed -ri 's/^#?[[:space:]]*create_main_cluster[[:space:]]*=.*$/create_main_cluster = false/' \
        /etc/postgresql-common/createcluster.conf
    apt_install postgresql
    PGBIN="$(find_bin)"
    if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
        echo "with_postgres: postgresql installed but no $PG_LIB/*/bin/initdb found" >&2
        exit 1
    fi
fi

DIR="$(mktemp -d /tmp/sitrep-pg.XXXXXX)"
chmod 755 "$DIR"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$DIR"
    as_owner() { su postgres -s /bin/sh -c "$1"; }
else
    as_owner() { sh -c "$1"; }
fi

stop() {
    as_owner "'$PGBIN/pg_ctl' -D '$DIR/data' -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap stop EXIT INT TERM

# C.UTF-8 (Unicode-aware lower() and upper(), code-point order); plain C where it is missing.
LOCALE=C
if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then LOCALE=C.UTF-8; fi
as_owner "'$PGBIN/initdb' -D '$DIR/data' -U postgres --auth=trust -E UTF8 --locale=$LOCALE" >/dev/null
as_owner "'$PGBIN/pg_ctl' -D '$DIR/data' -l '$DIR/log' -w start \
    -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off'" >/dev/null \
    || { cat "$DIR/log" >&2; exit 1; }
echo "with_postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2

export SITREP_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$PORT/postgres"
"$@"
