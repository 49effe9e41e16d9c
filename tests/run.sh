#!/usr/bin/env bash
# Runs each test program, shows its output, and closes with one line that
# adds up every program's cmocka results: "N passed, M failed".
set -u
passed=0; failed=0; broken=0
for t in "$@"; do
  echo "== $t"
  out=$("$t" 2>&1); rc=$?
  printf '%s\n' "$out"
  p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' | awk '{s+=$1} END {print s+0}')
  f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' | awk '{s+=$1} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "!! $t exited with status $rc"; broken=$((broken + 1))
  fi
done
failed=$((failed + broken))
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
