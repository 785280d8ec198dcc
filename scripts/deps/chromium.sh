#!/usr/bin/env bash
# Headless Chromium for the web app's browser tests (tests/test_web_browser.py), from Debian's packages.
# Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

. "$(dirname "$0")/lib/apt.sh"
apt_install "the web app's browser tests" chromium chromium-driver fonts-dejavu-core
