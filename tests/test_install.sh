#!/usr/bin/env bash
# test_install.sh: `make install` into a temporary PREFIX, then what a
# vendor does with it: build examples/presave.c with pkg-config alone and
# run it on two notes. The build happens in its own folder (B=...), so the
# tree's build/ and ./peerlint are never touched. Prints cmocka-style
# totals for tests/run.sh.
set -u
cd "$(dirname "$0")/.."
tmp=$(mktemp -d /tmp/peerlint-install-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
passed=0; failed=0; names=()
ok()   { echo "[       OK ] $1"; passed=$((passed + 1)); }
fail() { echo "[  FAILED  ] $1"; failed=$((failed + 1)); names+=("$1"); }
check() { local name=$1; shift; if "$@"; then ok "$name"; else fail "$name"; fi; }

echo "[==========] Running install tests in $tmp"
# A clean sub-make: nothing inherited from `make test` or `make asan`.
# (make exports its command-line variables, so under `make asan` CFLAGS,
# LDFLAGS and CC would otherwise reach this build and the vendor's.)
unset MAKEFLAGS MFLAGS MAKELEVEL CFLAGS LDFLAGS CPPFLAGS CC BIN B
mk() { make -s -j4 B="$tmp/build" BIN="$tmp/build/peerlint" CC=cc CFLAGS="-O1" LDFLAGS= "$@"; }
mk install PREFIX="$prefix" >"$tmp/make.log" 2>&1
check make_install test $? -eq 0 || sed -n '1,40p' "$tmp/make.log"

check installs_every_file test -x "$prefix/bin/peerlint" -a \
  -f "$prefix/include/peerlint.h" -a -f "$prefix/lib/libpeerlint.a" -a \
  -f "$prefix/lib/libpeerlint.so.0" -a -L "$prefix/lib/libpeerlint.so" -a \
  -f "$prefix/lib/pkgconfig/peerlint.pc" -a \
  -f "$prefix/share/man/man1/peerlint.1" -a \
  -f "$prefix/share/peerlint/rules/medication.yaml"

# The installed command finds the installed note templates with no flag.
(cd "$tmp" && "$prefix/bin/peerlint" template list --no-config) 2>/dev/null | grep -q '^  progress '
check installed_templates_found test $? -eq 0

so=$prefix/lib/libpeerlint.so.0
soname=$(objdump -p "$so" 2>/dev/null | awk '$1 == "SONAME" {print $2}')
check soname_is_libpeerlint_so_0 test "$soname" = libpeerlint.so.0

# Only the API is exported: every defined dynamic symbol is peerlint_*.
symbols=$(nm -D --defined-only "$so" 2>/dev/null | awk '{print $3}')
others=$(printf '%s\n' "$symbols" | grep -v '^peerlint_' | grep -v '^$')
check api_symbols_exported grep -qx peerlint_check <<<"$symbols"
check nothing_else_exported test -z "$others" || echo "exported: $others"

# The installed binary finds the installed rules with no flag at all.
printf 'I told her to stop taking her meds.\n' >"$tmp/med.txt"
printf 'We walked to the library together.\n' >"$tmp/walk.txt"
installed_cli() { (cd "$tmp" && env -u PEERLINT_RULES "$prefix/bin/peerlint" check --no-config "$@" >/dev/null 2>&1); }
installed_cli med.txt;  check installed_cli_fails_med_note test $? -eq 1
installed_cli walk.txt; check installed_cli_passes_walk_note test $? -eq 0

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
check pkg_config_knows_peerlint pkg-config --exists peerlint
check presave_builds_with_pkg_config bash -c \
  "cc -std=c11 -Wall -Wextra -Werror examples/presave.c \$(pkg-config --cflags --libs peerlint) -o '$tmp/presave'"
presave() { (cd "$tmp" && env -u PEERLINT_RULES LD_LIBRARY_PATH="$prefix/lib" ./presave "$@" >/dev/null 2>&1); }
presave med.txt;  check presave_exits_1_on_medication_advice test $? -eq 1
presave walk.txt; check presave_exits_0_on_a_kind_note test $? -eq 0
presave nothere.txt; check presave_exits_2_on_a_missing_note test $? -eq 2
check presave_uses_the_installed_library bash -c \
  "LD_LIBRARY_PATH='$prefix/lib' ldd '$tmp/presave' | grep -q '$prefix/lib/libpeerlint.so.0'"

# DESTDIR stages the same tree under another root (no rebuild: same PREFIX).
mk install PREFIX="$prefix" DESTDIR="$tmp/stage" >/dev/null 2>&1
check destdir_install grep -qx "prefix=$prefix" "$tmp/stage$prefix/lib/pkgconfig/peerlint.pc"

echo "[==========] $((passed + failed)) test(s) run."
echo "[  PASSED  ] $passed test(s)."
if [ $failed -gt 0 ]; then
  echo "[  FAILED  ] $failed test(s), listed below:"
  for n in "${names[@]}"; do echo "[  FAILED  ] $n"; done
  exit 1
fi
