#!/usr/bin/env bash
# run.sh: every benchmark figure of `make bench` (see bench/README.md).
#
#   bash bench/run.sh BUILD_BENCH_DIR PEERLINT_BINARY RULES_DIR
#
# Installs nothing. A tool that a figure needs and that is missing either
# stops the run with a message naming the Debian package (python3, PyYAML,
# GNU grep) or skips that one figure with a line saying why (hyperfine,
# /usr/bin/time, valgrind). Times are wall clock on an idle machine; the
# callgrind instruction count is the figure that does not move with noise.
set -u
B=${1:-build/bench}
PL=${2:-./peerlint}
RULES=${3:-rules}
CORPUS=$B/corpus
export LC_ALL=C # grep and awk: byte semantics, the same on every machine

die() { echo "bench: $*" >&2; exit 2; }
have() { command -v "$1" >/dev/null 2>&1; }
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"$1\", ($2) }"; }
figure() { sed -n 's/^# [a-z_0-9]*=//p' "$1" | tail -1; }
show() { grep -v '^#' "$1"; }

have python3 || die "python3 is missing (Debian: apt-get install python3 python3-yaml)"
python3 -c 'import yaml' 2>/dev/null ||
  die "python3 module yaml is missing (Debian: apt-get install python3-yaml)"
grep --version 2>/dev/null | grep -q GNU || die "GNU grep is missing (Debian: apt-get install grep)"
[ -x "$PL" ] || die "$PL is not built (run make)"

PLCHECK=("$PL" check --no-spell --no-config --rules "$RULES")
T=$B/tmp
mkdir -p "$T"
"${PLCHECK[@]}" examples/sample-note.txt >/dev/null 2>"$T/sanity.err"
[ $? -le 1 ] || die "peerlint cannot check a note with --rules $RULES: $(head -3 "$T/sanity.err")"

echo "== peerlint benchmarks ($(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d))"
"$B/gen" "$CORPUS" 10000 20240601 || die "the corpus generator failed"
BYTES=$(cat "$CORPUS"/notes/*.txt | wc -c)
NOTES=$(ls "$CORPUS/notes" | wc -l)
MB=$(calc %.3f "$BYTES / 1e6")
ls "$CORPUS"/notes/*.txt >"$T/files"

# ---- CLI throughput, one process at a time ---------------------------------
# Best of up to 3 runs, stopping once 3 s have been spent.
best_of() {
  local best=0 spent=0 i t0 dt
  for i in 1 2 3; do
    t0=$(now)
    "$@"
    dt=$(calc %.6f "$(now) - $t0")
    best=$(calc %.6f "($best == 0 || $dt < $best) ? $dt : $best")
    spent=$(calc %.6f "$spent + $dt")
    [ "$(calc %d "$spent > 3")" = 1 ] && break
  done
  echo "$best"
}
# A slow engine is measured on the first 1000 notes only, so that `make
# bench` stays short; the line says so.
head -1000 "$T/files" >"$T/files1000"
cli_files() { xargs -n 500 "${PLCHECK[@]}" <"$T/list" >/dev/null 2>"$T/cli.err"; }
cli_multi() { "${PLCHECK[@]}" "${PARTS[@]}" >/dev/null 2>"$T/multi.err"; }
list_mb() { calc %.6f "$(xargs cat <"$1" | wc -c) / 1e6"; }

echo
echo "-- throughput (single thread, $NOTES notes, $MB MB)"
cp "$T/files1000" "$T/list"
CLI_S=$(best_of cli_files)
CLI_N=1000 CLI_MB=$(list_mb "$T/list")
if [ "$(calc %d "$CLI_S * 10 <= 20")" = 1 ]; then
  cp "$T/files" "$T/list"
  CLI_S=$(best_of cli_files) CLI_N=$NOTES CLI_MB=$MB
else
  echo "   (slow: the cli figures are for the first 1000 notes; all $NOTES would take about $(calc %.0f "$CLI_S * 10") s)"
fi
grep -q 'peerlint:' "$T/cli.err" &&
  echo "   note: peerlint wrote $(grep -c 'peerlint:' "$T/cli.err") lines on stderr, e.g.: $(head -c 300 "$T/cli.err")"
printf "cli, %d files in batches of 500 (xargs): %.3f s = %.1f MB/s, %.0f notes/s\n" \
  "$CLI_N" "$CLI_S" "$(calc %.3f "$CLI_MB / $CLI_S")" "$(calc %.3f "$CLI_N / $CLI_S")"
PARTS=("$CORPUS/multi/part-00.txt")
MULTI_S=$(best_of cli_multi) MULTI_N=1000
MULTI_MB=$(calc %.6f "$(wc -c <"${PARTS[0]}") / 1e6")
if [ "$(calc %d "$MULTI_S * 10 <= 20")" = 1 ]; then
  PARTS=("$CORPUS"/multi/*.txt)
  MULTI_S=$(best_of cli_multi) MULTI_N=$NOTES
  MULTI_MB=$(calc %.6f "$(cat "${PARTS[@]}" | wc -c) / 1e6")
fi
printf "cli, %d notes as %d file(s) of 1000 notes: %.3f s = %.1f MB/s, %.0f notes/s\n" \
  "$MULTI_N" "${#PARTS[@]}" "$MULTI_S" "$(calc %.3f "$MULTI_MB / $MULTI_S")" "$(calc %.3f "$MULTI_N / $MULTI_S")"
CLI_SPMB=$(calc %.6f "$CLI_S / $CLI_MB")
MULTI_SPMB=$(calc %.6f "$MULTI_S / $MULTI_MB")

"$B/driver" "$RULES" "$CORPUS" 0 in-process >"$T/inproc" || die "bench/driver failed"
show "$T/inproc"
IN_SPMB=$(figure "$T/inproc")
BENCH_SPELL=1 "$B/driver" "$RULES" "$CORPUS" 20 "in-process with spelling" 1 >"$T/spell" ||
  die "bench/driver failed (spelling)"
show "$T/spell" | head -1
IN_MBS=$(calc %.1f "1 / $IN_SPMB")

# ---- grep with every literal term ------------------------------------------
python3 bench/packs.py terms "$RULES" "$T/terms" >"$T/terms.log" || die "bench/packs.py terms failed"
grep_run() { grep -c -i -w -E -f "$T/terms" "$CORPUS/all.txt" >"$T/grep.out"; }
GREP_S=$(best_of grep_run)
echo
echo "-- GNU grep, $(cat "$T/terms.log" | sed 's/^grep terms: //')"
printf "grep -c -i -w -E -f terms all.txt (LC_ALL=C): %.3f s = %.1f MB/s, %s matching lines\n" \
  "$GREP_S" "$(calc %.3f "$MB / $GREP_S")" "$(cat "$T/grep.out")"
GREP_SPMB=$(calc %.6f "$GREP_S / $MB")
RATIO_IN=$(calc %.2f "$IN_SPMB / $GREP_SPMB")
printf "ratio peerlint / grep (time per MB): in-process %.2f, cli (files) %.2f, cli (1000-note files) %.2f   (goal <= 0.5)\n" \
  "$RATIO_IN" "$(calc %.3f "$CLI_SPMB / $GREP_SPMB")" "$(calc %.3f "$MULTI_SPMB / $GREP_SPMB")"

# ---- cold start -------------------------------------------------------------
echo
echo "-- cold start: peerlint check of a one-line note, whole process"
COLD_MS=""
if have hyperfine; then
  for spell in --no-spell ""; do
    json=$T/cold$spell.json
    hyperfine -N --warmup 5 --runs 50 --export-json "$json" \
      "$PL check $spell --no-config --rules $RULES $CORPUS/oneline.txt" >/dev/null 2>"$T/hyperfine.err" ||
      { echo "cold start ${spell:-with spell}: skipped, hyperfine failed: $(tail -c 300 "$T/hyperfine.err")"; continue; }
    ms=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f %.2f %.2f" % (r["median"]*1e3, r["min"]*1e3, r["max"]*1e3))' "$json")
    set -- $ms
    printf "cold start %-11s median %.1f ms (min %.1f, max %.1f; hyperfine, 50 runs)\n" \
      "${spell:-with spell}" "$1" "$2" "$3"
    [ "$spell" = --no-spell ] && COLD_MS=$1
  done
else
  echo "hyperfine is not installed (Debian: apt-get install hyperfine); median of 50 runs with date instead"
  for i in $(seq 50); do
    t0=$(now); "$PL" check --no-spell --no-config --rules "$RULES" "$CORPUS/oneline.txt" >/dev/null
    calc %.3f "($(now) - $t0) * 1000"; echo
  done | sort -n | sed -n 25p >"$T/cold"
  COLD_MS=$(cat "$T/cold")
  echo "cold start --no-spell: median $COLD_MS ms (50 runs, includes the date calls)"
fi

# ---- peak memory -------------------------------------------------------------
echo
echo "-- peak memory (max RSS)"
RSS_MB=""
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v xargs -a "$T/files1000" "${PLCHECK[@]}" >/dev/null 2>"$T/time1" || true
  /usr/bin/time -v "${PLCHECK[@]}" "$CORPUS/multi/part-00.txt" >/dev/null 2>"$T/time2" || true
  r1=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/time1")
  r2=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/time2")
  e1=$(sed -n 's/.*Exit status: //p' "$T/time1")
  e2=$(sed -n 's/.*Exit status: //p' "$T/time2")
  # xargs: 123 when a peerlint exited 1 (findings); anything else failed
  if [ "${e1:-x}" != 0 ] && [ "${e1:-x}" != 123 ] || [ "${e2:-x}" -gt 1 ] 2>/dev/null || [ -z "$e2" ]; then
    echo "skipped: peerlint failed under /usr/bin/time (exit $e1, $e2): $(grep -v '^	' "$T/time1" "$T/time2" | head -c 300)"
    r1=
  fi
  [ -n "$r1" ] && printf "cli, 1000 notes in one process: %.1f MB; cli, one 2.1 MB file of 1000 notes: %.1f MB (/usr/bin/time -v)\n" \
    "$(calc %.3f "$r1 / 1024")" "$(calc %.3f "$r2 / 1024")"
  [ -n "$r1" ] && RSS_MB=$(calc %.1f "($r1 > $r2 ? $r1 : $r2) / 1024")
else
  echo "skipped: /usr/bin/time is not installed (Debian: apt-get install time); see the driver's RSS above"
fi

# ---- latency -----------------------------------------------------------------
echo
echo "-- latency"
"$B/latency" "$RULES" "$CORPUS" 20000 >"$T/latency" || die "bench/latency failed"
show "$T/latency"
P99=$(figure "$T/latency")

# ---- rule count ----------------------------------------------------------------
echo
echo "-- scaling with rule count (in-process, the first 1000 notes)"
python3 bench/packs.py synth "$RULES" "$T/rules-2000" 2000 >/dev/null || die "bench/packs.py synth failed"
"$B/driver" "$RULES" "$CORPUS" 1000 shipped >"$T/base" || die "bench/driver failed"
"$B/driver" "$T/rules-2000" "$CORPUS" 1000 "+2000 rules" >"$T/more" || die "bench/driver failed (synthetic pack)"
show "$T/base" | grep -v 'engine load'
show "$T/more" | grep -v 'engine load'
SCALE=$(calc %.2f "$(figure "$T/more") / $(figure "$T/base")")  # time per MB
echo "time with 2000 extra term rules / shipped packs: $SCALE   (goal <= 1.5)"

# ---- instructions ----------------------------------------------------------------
echo
echo "-- instructions (callgrind, checking the first 25 notes in-process)"
IR=""
# Instructions of bench_run when the driver goes over the 25 notes
# $2 times with the rules of $1 (empty when valgrind fails).
cg_passes() {
  rm -f "$T"/callgrind.out*
  valgrind --tool=callgrind --toggle-collect=bench_run \
    --callgrind-out-file="$T/callgrind.out" \
    "$B/driver" "$1" "$CORPUS" 25 callgrind "$2" >"$T/cg.log" 2>&1 &&
    sed -n 's/^summary: *//p; s/^totals: *//p' "$T/callgrind.out" | head -1 | awk '{print $1}'
}
if have valgrind; then
  IR=$(cg_passes "$RULES" 1)
  IR2P=$(cg_passes "$RULES" 2)
  if [ -n "$IR" ] && [ -n "$IR2P" ]; then
    CGB=$(head -25 "$T/files" | xargs cat | wc -c)
    printf "first pass: %s instructions for 25 notes (%d bytes): %.0f per note, %.0f per byte\n" \
      "$IR" "$CGB" "$(calc %.1f "$IR / 25")" "$(calc %.1f "$IR / $CGB")"
    echo "  (JIT-compiles the patterns it uses, and past 32 KB reads every pattern for its clauses)"
    # The same notes again: what a check costs in a long-running process.
    WARM=$((IR2P - IR))
    printf "warm pass (the same notes again): %s instructions: %.0f per note, %.0f per byte\n" \
      "$WARM" "$(calc %.1f "$WARM / 25")" "$(calc %.1f "$WARM / $CGB")"
    # The rule-count ratio again, in instructions: free of machine noise.
    IRX=$(cg_passes "$T/rules-2000" 1)
    IRX2P=$(cg_passes "$T/rules-2000" 2)
    if [ -n "$IRX" ] && [ -n "$IRX2P" ]; then
      printf "warm pass with the 2000 extra rules: %s instructions: %.2fx the shipped packs (goal <= 1.5)\n" \
        "$((IRX2P - IRX))" "$(calc %.3f "($IRX2P - $IRX) / $WARM")"
    fi
  else
    echo "valgrind failed; see $T/cg.log"
  fi
else
  echo "skipped: valgrind is not installed (Debian: apt-get install valgrind)"
fi

# ---- where the regex time goes -------------------------------------------------
echo
echo "-- diagnostic: regex rules by time (first 300 notes; ran = notes whose trigger words occur)"
"$B/rulecost" "$RULES" "$CORPUS" 300 10 || echo "bench/rulecost failed"

# ---- goals ------------------------------------------------------------------------
verdict() { [ -z "$1" ] && echo "n/a" && return; [ "$(calc %d "$1")" = 1 ] && echo "met" || echo "MISSED"; }
echo
echo "-- goals"
printf "%-44s %-14s %s\n" "throughput >= 100 MB/s (in-process)" "$IN_MBS MB/s" "$(verdict "$IN_MBS >= 100")"
printf "%-44s %-14s %s\n" "peerlint/grep <= 0.5 (in-process)" "$RATIO_IN" "$(verdict "$RATIO_IN <= 0.5")"
printf "%-44s %-14s %s\n" "cold start <= 20 ms (--no-spell)" "${COLD_MS:-?} ms" "$(verdict "${COLD_MS:+$COLD_MS <= 20}")"
printf "%-44s %-14s %s\n" "peak memory < 30 MB (cli)" "${RSS_MB:-?} MB" "$(verdict "${RSS_MB:+$RSS_MB < 30}")"
printf "%-44s %-14s %s\n" "p99 < 100 us for a 2 KB note" "$P99 us" "$(verdict "$P99 < 100")"
printf "%-44s %-14s %s\n" "2000 extra rules cost <= 1.5x" "${SCALE}x" "$(verdict "$SCALE <= 1.5")"
exit 0
