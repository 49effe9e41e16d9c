#!/usr/bin/env bash
# End-to-end tests of the web page (web/) in Debian's headless Chromium.
# Installs what it needs (chromium from apt, playwright-core from npm; no
# browser is ever downloaded), starts the real `peerlint serve` on a free
# loopback port, runs tests/web/e2e.js and stops the server. The last line
# is "N passed, M failed"; the exit status is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BIN=${PEERLINT_BIN:-./peerlint}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

fail() { echo "web-test: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

if [ ! -x "$CHROMIUM" ]; then
  [ "$(id -u)" = 0 ] || fail "needs Debian's chromium: sudo apt-get install chromium"
  echo "web-test: installing chromium (apt)" >&2
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; } >/dev/null \
    || fail "could not install chromium"
fi
command -v node >/dev/null && command -v npm >/dev/null || fail "needs Node.js (20 or later) and npm"

want=$(node -p 'require("./tests/web/package-lock.json").packages["node_modules/playwright-core"].version' 2>/dev/null)
have=$(node -p 'require("./tests/web/node_modules/playwright-core/package.json").version' 2>/dev/null)
if [ -z "$have" ] || [ "$have" != "$want" ]; then
  (cd tests/web && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) ||
    (cd tests/web && npm install --no-audit --no-fund --loglevel=error >/dev/null) ||
    fail "npm could not install playwright-core"
fi

[ -x "$BIN" ] || make -s all || fail "could not build peerlint"

log=$(mktemp)
"$BIN" serve --listen 127.0.0.1:0 --no-config 2>"$log" &
pid=$!
cleanup() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$log"; }
trap cleanup EXIT

url=
for _ in $(seq 1 300); do   # up to 30 s (a loaded CI machine)
  url=$(head -n 1 "$log" | sed -n 's/.* listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p')
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$url" ] || { cat "$log" >&2; fail "peerlint serve did not start"; }

SCREENSHOT_DIR="$ROOT/build/web-screenshots" PEERLINT_URL="$url" CHROMIUM="$CHROMIUM" \
  timeout 180 node tests/web/e2e.js
status=$?
if [ $status -ne 0 ] && [ $status -ne 1 ]; then
  echo "0 passed, 1 failed"   # node crashed or timed out before its own summary
  status=1
fi
exit $status
