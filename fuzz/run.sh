#!/usr/bin/env bash
# fuzz/run.sh SECONDS TARGET...: for each target, replays every file in
# fuzz/regressions/TARGET (each once, a failure stops the run), then fuzzes
# for SECONDS from the seeds in fuzz/corpus/TARGET plus the working corpus
# kept in $FUZZ_B/corpus/TARGET (fuzz/corpus is never written). Crashes,
# leaks and timeouts land in $FUZZ_B/artifacts/TARGET/ and fail the run.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${FUZZ_B:-build/fuzz}
secs=$1; shift
export PEERLINT_RULES=${PEERLINT_RULES:-$PWD/rules}
max_len() {
  case $1 in
    pack) echo 16384 ;; config) echo 4096 ;; check) echo 8192 ;;
    fix) echo 4096 ;; request) echo 8192 ;; csv) echo 8192 ;; *) echo 4096 ;;
  esac
}
status=0
for t in "$@"; do
  bin=$B/fuzz_$t
  opts=(-timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$t")")
  [ -f "fuzz/dict/$t.dict" ] && opts+=(-dict="fuzz/dict/$t.dict")
  regs=(fuzz/regressions/$t/*)
  if [ -e "${regs[0]}" ]; then
    echo "== fuzz_$t: replaying ${#regs[@]} regression(s)"
    "$bin" "${opts[@]}" -runs=1 "${regs[@]}" >"$B/$t.replay.log" 2>&1 || {
      tail -n 40 "$B/$t.replay.log"; echo "!! fuzz_$t: a regression fails again"
      status=1; continue; }
  fi
  mkdir -p "$B/corpus/$t" "$B/artifacts/$t"
  echo "== fuzz_$t: fuzzing for ${secs}s"
  if "$bin" "${opts[@]}" -max_total_time="$secs" -print_final_stats=1 \
       -artifact_prefix="$B/artifacts/$t/" "$B/corpus/$t" "fuzz/corpus/$t" \
       >"$B/$t.log" 2>&1; then
    grep -E 'cov: ' "$B/$t.log" | tail -n 1 | sed 's/MS:.*//' || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$B/$t.log" | tr '\n' ' '; echo
  else
    tail -n 60 "$B/$t.log"
    echo "!! fuzz_$t found a problem; the input is in $B/artifacts/$t/"
    status=1
  fi
done
exit $status
