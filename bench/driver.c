/* driver.c: in-process throughput of libpeerlint.
 *
 *   driver RULES_DIR CORPUS_DIR [LIMIT [LABEL [PASSES]]]
 *
 * Reads the first LIMIT notes (0: all) of CORPUS_DIR/notes into memory,
 * builds one engine from RULES_DIR (no agency config) and checks every note
 * with peerlint_check(), freeing each result, as an EHR pre-save hook does.
 * It repeats the whole pass until 2 s have been spent (at most 5 passes, or
 * exactly PASSES when given) and reports the fastest pass. A pass that
 * would take longer than BENCH_BUDGET seconds (default 15) stops there and
 * the figures are for the notes it checked, so that a slow engine cannot
 * make `make bench` run for many minutes. The last line,
 * "# seconds=...", is for bench/run.sh.
 *
 * Spelling is off, as with `peerlint check --no-spell`, unless the
 * environment has BENCH_SPELL=1.
 *
 * bench_run() holds exactly the checks: `valgrind --tool=callgrind
 * --toggle-collect=bench_run` counts their instructions alone. */
#include "../include/peerlint.h"
#include "common.h"

static size_t findings, checked;

/* Checks the notes in order; stops early, at a note boundary, once the
 * clock passes `deadline` (0: never). */
__attribute__((noinline)) void bench_run(const peerlint_engine *e,
                                         const corpus *c, double deadline) {
  checked = 0;
  for (size_t i = 0; i < c->n; i++) {
    if (deadline > 0 && (i & 7) == 0 && now_s() > deadline)
      break;
    checked++;
    peerlint_error err;
    peerlint_result *r = peerlint_check(e, c->notes[i].text, c->notes[i].len,
                                        &err);
    if (!r) {
      fprintf(stderr, "driver: note %zu: %s\n", i, err.message);
      exit(2);
    }
    findings += peerlint_result_count(r);
    peerlint_result_free(r);
  }
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr,
            "usage: driver RULES_DIR CORPUS_DIR [LIMIT [LABEL [PASSES]]]\n");
    return 2;
  }
  size_t limit = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;
  const char *label = argc > 4 ? argv[4] : "in-process";
  int fixed = argc > 5 ? atoi(argv[5]) : 0;

  double t0 = now_s();
  /* As `peerlint check --no-spell`; BENCH_SPELL=1 turns spelling on. */
  const char *spell = getenv("BENCH_SPELL");
  peerlint_options opts = {.rules_dir = argv[1],
                           .no_spell = !(spell && *spell == '1')};
  peerlint_error err;
  peerlint_engine *e = peerlint_engine_new(&opts, &err);
  if (!e) {
    fprintf(stderr, "driver: %s\n", err.message);
    return 2;
  }
  double load = now_s() - t0;
  double rss_engine = max_rss_mb();
  corpus c = load_corpus(argv[2], limit, 0, (size_t)-1);

  const char *budget_env = getenv("BENCH_BUDGET");
  double budget = budget_env ? atof(budget_env) : 15.0;
  double best = 1e30, spent = 0;
  int passes = 0;
  size_t per_pass = 0;
  while (fixed ? passes < fixed : (passes < 1 || (spent < 2.0 && passes < 5))) {
    findings = 0;
    double s = now_s();
    bench_run(e, &c, fixed || budget <= 0 ? 0 : s + budget);
    double dt = now_s() - s;
    spent += dt;
    if (dt < best)
      best = dt;
    per_pass = findings;
    passes++;
    if (checked < c.n)
      break; /* over the budget: one partial pass */
  }
  size_t bytes = 0;
  for (size_t i = 0; i < checked; i++)
    bytes += c.notes[i].len;
  if (checked < c.n)
    printf("%s: over the %.0f s budget: stopped after %zu of %zu notes; the "
           "figures are for those\n",
           label, budget, checked, c.n);
  printf("%s: %zu notes, %.2f MB, %zu rules, %zu findings; best of %d "
         "pass%s: %.3f s = %.1f MB/s, %.0f notes/s, %.1f us/note\n",
         label, checked, (double)bytes / 1e6, peerlint_rule_count(e),
         per_pass, passes, passes == 1 ? "" : "es", best,
         (double)bytes / 1e6 / best, (double)checked / best,
         best / (double)checked * 1e6);
  printf("%s: engine load %.1f ms; max RSS %.1f MB after the engine load "
         "(%.1f MB at the end, which includes the %.1f MB corpus held in "
         "memory)\n",
         label, load * 1e3, rss_engine, max_rss_mb(), (double)c.bytes / 1e6);
  printf("# seconds_per_mb=%.6f\n", best / ((double)bytes / 1e6));
  free_corpus(&c);
  peerlint_engine_free(e);
  return 0;
}
