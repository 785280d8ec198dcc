#!/usr/bin/env bash
# Headless Chromium for the web app's browser tests (tests/test_web_browser.py), from Debian's packages.
# Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "scripts/deps/chromium.sh: installing Debian's chromium and chromium-driver" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core
