#!/usr/bin/env bash
# Sets up what the browser tests need, once: Debian's Chromium and its driver, and
# axe-core (pinned by package-lock.json). Says in one line what it does; prints a tool's
# own output only when it fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

quietly() {  # run a command, showing its output only if it fails
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "error: '$*' failed" >&2
    exit 1
  fi
}

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium and ChromeDriver for the browser tests (apt-get, first time only)…"
    export DEBIAN_FRONTEND=noninteractive
    quietly apt-get update -qq
    quietly apt-get install -y -qq chromium chromium-driver
  else
    echo "error: the browser tests need /usr/bin/chromium and /usr/bin/chromedriver: run 'sudo apt-get install chromium chromium-driver' (Debian/Ubuntu), then 'make test' again" >&2
    exit 1
  fi
fi

if [ ! -f "$here/node_modules/axe-core/axe.min.js" ]; then
  if ! command -v npm >/dev/null; then
    echo "error: the accessibility tests need npm to install axe-core: install Node.js and npm (e.g. 'apt-get install npm'), then 'make test' again" >&2
    exit 1
  fi
  echo "Installing axe-core for the accessibility tests (npm ci, first time only)…"
  quietly npm ci --prefix "$here" --no-audit --no-fund
fi
