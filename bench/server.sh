#!/usr/bin/env bash
# bench/server.sh: requests/s and latency of `peerlint serve` under load.
#
#   bash bench/server.sh [SECONDS] [CONNECTIONS]     (default 10 s, 64)
#
# Starts ./peerlint serve on 127.0.0.1 (a port of its own choosing), then
# runs wrk (Debian package wrk) POSTing one 2 KB note to /v1/check over
# CONNECTIONS keep-alive connections, and prints wrk's requests/s and
# latency percentiles. A benchmark, not a test: it asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}; conns=${2:-64}
command -v wrk >/dev/null || { echo "bench/server.sh needs wrk: apt-get install wrk" >&2; exit 2; }
[ -x ./peerlint ] || { echo "build first: make" >&2; exit 2; }
tmp=$(mktemp -d /tmp/peerlint-bench-XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# A 2 KB note: mostly ordinary, with a few findings, as real notes are.
sentences=(
  "We met at the coffee shop and talked about her week."
  "She said the new apartment feels safer and she is sleeping better."
  "I shared my own experience of looking for work after a hospital stay."
  "He is an addict and was noncompliant with his meds this week."
  "She decided to call the housing office herself on Monday."
  "We walked to the library together and she signed up for a card."
  "I told her to stop taking her meds if they make her tired."
  "He chose to try the Tuesday peer group and asked about rides."
)
note=""; i=0
while [ ${#note} -lt 2000 ]; do note+="${sentences[$((i % ${#sentences[@]}))]} "; i=$((i + 1)); done
note=${note:0:2048}
printf '{"id":"bench","text":"%s"}' "$note" >"$tmp/body.json"
cat >"$tmp/post.lua" <<LUA
local f = io.open("$tmp/body.json", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
LUA

./peerlint serve --listen 127.0.0.1:0 --rules rules --no-config 2>"$tmp/log" &
pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$tmp/log" && break; sleep 0.05; done
port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/log")
[ -n "$port" ] || { cat "$tmp/log" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  --data-binary @"$tmp/body.json" "http://127.0.0.1:$port/v1/check")
[ "$code" = 200 ] || { echo "warm-up request got $code" >&2; exit 1; }

echo "peerlint serve, POST /v1/check, $(wc -c <"$tmp/body.json") byte body" \
     "(note ${#note} bytes), $conns connections, ${secs}s, $(nproc) CPUs"
wrk -t "$(nproc)" -c "$conns" -d "${secs}s" --latency -s "$tmp/post.lua" \
  "http://127.0.0.1:$port/v1/check"
echo "server log: $(grep -c ' 200 ' "$tmp/log") requests answered 200," \
     "$(grep -cv ' 200 \|listening' "$tmp/log") other lines"
