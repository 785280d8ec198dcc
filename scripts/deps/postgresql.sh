#!/usr/bin/env bash
# Debian's PostgreSQL server for the archive tests on PostgreSQL (tests/backends.py starts a throwaway
# server from a temporary data directory on 127.0.0.1; nothing here starts or configures a cluster).
# Idempotent: does nothing when a server's initdb and pg_ctl are already installed.
set -euo pipefail

for bin in /usr/lib/postgresql/*/bin; do
    if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then
        exit 0
    fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "scripts/deps/postgresql.sh: installing Debian's postgresql" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql
