#!/usr/bin/env bash
# batch.sh: `peerlint batch` throughput and memory (not a test; prints
# figures, asserts nothing).
#
#   bash bench/batch.sh [BUILD_BENCH_DIR] [PEERLINT_BINARY] [RULES_DIR]
#
# Builds JSON Lines files of 10,000 and 100,000 synthetic notes from the
# corpus generator (bench/gen.c: 10,000 notes of 1-3 KB; the 100,000 file
# repeats them ten times with other ids, writers and dates), then reports
# notes/s with --jobs 1 and --jobs 2 and the peak RSS (/usr/bin/time -v)
# of each, with and without a report. Needs python3; /usr/bin/time (Debian
# package time) for the RSS figures.
set -u
B=${1:-build/bench}
PL=${2:-./peerlint}
RULES=${3:-rules}
export LC_ALL=C
[ -x "$PL" ] || { echo "bench: $PL is not built (run make)" >&2; exit 2; }
[ -x "$B/gen" ] || make -s "$B/gen" || exit 2
T=$B/batch
mkdir -p "$T"
[ -d "$B/corpus/notes" ] || "$B/gen" "$B/corpus" 10000 20240601 >/dev/null || exit 2
for n in 10000 100000; do
  [ -s "$T/notes-$n.jsonl" ] && continue
  python3 - "$B/corpus/notes" "$n" > "$T/notes-$n.jsonl" <<'PY'
import json, os, sys, datetime
folder, n = sys.argv[1], int(sys.argv[2])
names = sorted(os.listdir(folder))
texts = [open(os.path.join(folder, f), encoding="utf-8").read() for f in names]
writers = ["Rosa M.", "Andre K.", "Mei L.", "Dana P.", "Luis R.", "Keisha W.",
           "Tom B.", "Priya S.", "Walt H.", "Nora C.", "Sam T.", "Fatima A."]
start = datetime.date(2024, 1, 1)
for i in range(n):
    d = start + datetime.timedelta(days=(i * 7) % 364)
    print(json.dumps({"id": "n%06d" % i, "author": writers[(i * 7 + i // 97) % len(writers)],
                      "date": d.isoformat(), "type": "individual",
                      "text": texts[i % len(texts)]}))
PY
done
echo "== peerlint batch ($(nproc) cores; spelling off; JSON Lines input)"
have_time=1; [ -x /usr/bin/time ] || { have_time=0; echo "(no /usr/bin/time: apt-get install time; RSS not measured)"; }
run() { # n jobs extra...
  local n=$1 j=$2; shift 2
  local f=$T/notes-$n.jsonl mb
  mb=$(awk -v b="$(wc -c < "$f")" 'BEGIN{printf "%.0f", b/1048576}')
  local t0 t1 rss=""
  t0=$(date +%s.%N)
  if [ $have_time = 1 ]; then
    /usr/bin/time -v "$PL" batch --no-spell --no-config --rules "$RULES" --jobs "$j" \
      --format json "$@" "$f" > "$T/out.json" 2> "$T/time.txt"
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/time.txt")
  else
    "$PL" batch --no-spell --no-config --rules "$RULES" --jobs "$j" --format json \
      "$@" "$f" > "$T/out.json" 2>/dev/null
  fi
  t1=$(date +%s.%N)
  awk -v n="$n" -v j="$j" -v a="$t0" -v b="$t1" -v r="$rss" -v mb="$mb" -v x="$*" \
    'BEGIN { s = b - a; printf "%7d notes (%4d MB)  --jobs %d  %6.2f s  %7.0f notes/s  %6.1f MB/s  peak RSS %s%s\n",
             n, mb, j, s, n / s, mb / s, r == "" ? "n/a" : sprintf("%.1f MB", r / 1024), x == "" ? "" : "  (" x ")" }'
}
for n in 10000 100000; do
  for j in 1 2; do run "$n" "$j"; done
done
run 10000 2 --report "$T/report.html"
run 100000 2 --report "$T/report.html"
echo "summary: $(head -c 160 "$T/out.json")..."
