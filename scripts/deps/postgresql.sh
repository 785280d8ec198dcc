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

. "$(dirname "$0")/lib/apt.sh"
apt_install "the archive tests on PostgreSQL" postgresql
