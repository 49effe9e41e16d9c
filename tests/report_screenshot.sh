#!/usr/bin/env bash
# Renders the `peerlint batch` report in headless Chromium, to look at it:
#   bash tests/report_screenshot.sh        -> build/report.png (with text)
#                                             build/report-notext.png
# Needs Debian's chromium; not part of `make test`. Run from the repo root
# after `make`.
set -euo pipefail
command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium)" >&2; exit 2; }
mkdir -p build
shot() { # report.html out.png
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --hide-scrollbars --screenshot="$2" --window-size=1200,${3:-2000} \
    "file://$PWD/$1" 2>/dev/null
  echo "$2"
}
./peerlint batch --no-config --report build/report.html \
  tests/fixtures/batch/demo.jsonl >/dev/null || true
./peerlint batch --no-config --no-text --report build/report-notext.html \
  tests/fixtures/batch/demo.jsonl >/dev/null || true
shot build/report.html build/report.png "${HEIGHT:-5200}"
shot build/report-notext.html build/report-notext.png 2600
