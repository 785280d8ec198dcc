#!/usr/bin/env bash
# Debian's cron, for the `crontab` command that `unionnews schedule --install` writes to
# (tests/test_schedule.py installs and removes an entry in the real user crontab; no daemon is started).
# Idempotent: does nothing when crontab is already installed.
set -euo pipefail

if command -v crontab >/dev/null 2>&1; then
    exit 0
fi

. "$(dirname "$0")/lib/apt.sh"
apt_install "the schedule tests' crontab" cron
