#!/usr/bin/env bash
# same_findings.sh: does a change leave every finding as it was?
#
#   bash bench/same_findings.sh save  [PEERLINT] [RULES]   the baseline
#   bash bench/same_findings.sh check [PEERLINT] [RULES]   compare with it
#
# A speed change must not move a single finding. `save` writes the inputs
# (once) and the JSON output of `peerlint check` over all of them; `check`
# runs the same over the same inputs and compares byte for byte: rule,
# offset, length, line, column, text, message, suggestions and fix. Exit
# status: 0 the same, 1 some finding differs (the first differences are
# shown), 2 trouble.
#
# The inputs, written under build/same-findings/inputs/ by the first `save`
# and never again (so that a rule whose examples change is still compared
# on the old ones):
#   corpus    the 10,000 notes of the benchmark corpus (bench/gen.c)
#   long      two notes of 1,000 corpus notes each (multi/part-0[01].txt):
#             thousands of sentences in one note
#   dev       each sentence of tests/corpus/*.tsv, one note each
#   holdout   each sentence of tests/holdout/*.tsv (checked, never tuned on)
#   examples  every bad, good and fix input of every rule, one note each,
#             checked with all rules at once (`peerlint test` checks each
#             rule alone)
#   sample    examples/sample-note.txt
# Every set is checked with --no-spell; the small ones (all but corpus and
# long) once more with spelling on, since a spelling finding depends on which
# words the other rules already cover. An engine reads its patterns for their
# clauses only once it has checked 32 KB of notes (src/lib/compile_clauses.c),
# so each batch of the small sets starts with warm/warm.txt, 20 corpus notes
# in one file: the sentences after it are checked with clauses. Needs python3
# and PyYAML (for the examples).
set -u
MODE=${1:-check}
PL=${2:-./peerlint}
RULES=${3:-rules}
D=build/same-findings
IN=$D/inputs
export LC_ALL=C

die() { echo "same_findings: $*" >&2; exit 2; }
[ "$MODE" = save ] || [ "$MODE" = check ] || die "usage: same_findings.sh save|check [PEERLINT] [RULES]"
[ -x "$PL" ] || die "$PL is not built (run make)"
PL=$(realpath "$PL")
RULES=$(realpath "$RULES")

# One file per labeled sentence: the text after the tab, as test_corpus.c
# checks it.
split_tsv() { # FOLDER OUT
  mkdir -p "$2"
  awk -F '\t' -v out="$2" 'NF > 1 && $1 !~ /^#/ {
      name = FILENAME; sub(/.*\//, "", name); sub(/\.tsv$/, "", name)
      f = sprintf("%s/%s-%04d.txt", out, name, FNR)
      sub(/^[^\t]*\t/, ""); printf "%s", $0 > f; close(f) }' "$1"/*.tsv
}

write_examples() { # RULES OUT
  mkdir -p "$2"
  python3 - "$1" "$2" <<'PY' || die "cannot read the examples (python3-yaml?)"
import glob, os, sys, yaml
rules, out = sys.argv[1], sys.argv[2]
for path in sorted(glob.glob(os.path.join(rules, "*.yaml"))):
    pack = yaml.safe_load(open(path, encoding="utf-8"))
    for rule in pack.get("rules") or []:
        ex = rule.get("examples") or {}
        texts = list(ex.get("bad") or []) + list(ex.get("good") or [])
        texts += [pair[0] for pair in ex.get("fix") or []]
        for i, text in enumerate(texts):
            name = "%s-%s-%02d.txt" % (pack["name"], rule["id"], i)
            with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                f.write(text)
PY
}

# Each set is written once, when its folder is missing.
make_inputs() {
  mkdir -p "$IN"
  [ -d build/bench/corpus/notes ] || {
    make -s build/bench/gen && build/bench/gen build/bench/corpus 10000 20240601 >/dev/null
  } || die "cannot generate the benchmark corpus"
  [ -d "$IN/corpus" ] || cp -r build/bench/corpus/notes "$IN/corpus"
  [ -d "$IN/long" ] || { mkdir -p "$IN/long.tmp" &&
    cp build/bench/corpus/multi/part-0[01].txt "$IN/long.tmp/" &&
    mv "$IN/long.tmp" "$IN/long"; } || die "cannot copy the long notes"
  [ -d "$IN/dev" ] || split_tsv tests/corpus "$IN/dev"
  [ -d "$IN/holdout" ] || split_tsv tests/holdout "$IN/holdout"
  [ -d "$IN/examples" ] || write_examples "$RULES" "$IN/examples"
  [ -d "$IN/sample" ] || { mkdir -p "$IN/sample" && cp examples/sample-note.txt "$IN/sample/"; }
  [ -d "$IN/warm" ] || { mkdir -p "$IN/warm.tmp" &&
    cat build/bench/corpus/notes/000[01]?.txt >"$IN/warm.tmp/warm.txt" &&
    mv "$IN/warm.tmp" "$IN/warm"; } || die "cannot write the warm-up note"
}

# JSON Lines of every note of one set, each batch after FIRST (a file, or
# nothing); exit 1 (findings) is not trouble.
run_set() { # SET OUT FIRST [SPELL_FLAG]
  (cd "$IN" && find "$1" -type f | sort) |
    (cd "$IN" && xargs -n 500 sh -c '"$0" "$@"; [ $? -le 1 ]' \
      "$PL" check --format json --no-config --rules "$RULES" ${4:-} $3) >"$2" ||
    die "peerlint failed on set $1"
}

run_all() { # OUT_DIR
  rm -rf "$1"
  mkdir -p "$1"
  for set in corpus long; do
    run_set "$set" "$1/$set.nospell.jsonl" "" --no-spell
  done
  for set in dev holdout examples sample; do
    run_set "$set" "$1/$set.nospell.jsonl" warm/warm.txt --no-spell
    run_set "$set" "$1/$set.spell.jsonl" warm/warm.txt
  done
}

make_inputs
if [ "$MODE" = save ]; then
  run_all "$D/baseline"
  echo "same_findings: baseline saved in $D/baseline ($(cat "$D"/baseline/*.jsonl | wc -l) notes)"
  exit 0
fi
[ -d "$D/baseline" ] || die "no baseline: run 'bash bench/same_findings.sh save' first"
run_all "$D/current"
status=0
for f in "$D"/baseline/*.jsonl; do
  name=$(basename "$f")
  if ! cmp -s "$f" "$D/current/$name"; then
    status=1
    echo "same_findings: $name: $(diff "$f" "$D/current/$name" | grep -c '^>') notes differ"
    diff "$f" "$D/current/$name" | head -6 | cut -c1-400
  fi
done
notes=$(cat "$D"/current/*.jsonl | wc -l)
findings=$(cat "$D"/current/*.jsonl | grep -o '"rule":' | wc -l)
[ $status = 0 ] && echo "same_findings: identical ($notes notes, $findings findings)"
exit $status
