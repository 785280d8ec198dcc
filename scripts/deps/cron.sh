#!/usr/bin/env bash
# Debian's cron, for the `crontab` command that `unionnews schedule --install` writes to
# (tests/test_schedule.py installs and removes an entry in the real user crontab; no daemon is started).
# Idempotent: does nothing when crontab is already installed.
set -euo pipefail

if command -v crontab >/dev/null 2>&1; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "scripts/deps/cron.sh: installing Debian's cron" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends cron
