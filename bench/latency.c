/* latency.c: in-process latency of checking one 2 KB note.
 *
 *   latency RULES_DIR CORPUS_DIR [CHECKS]      (default 20000)
 *
 * Takes up to 200 notes of the corpus whose size is 1,900-2,200 bytes,
 * builds one engine, warms up with 500 checks, then times CHECKS checks
 * (peerlint_check + peerlint_result_free), cycling through those notes,
 * each with its own clock reading, or as many as fit in 15 s. Prints the
 * median, p90, p99 and max. */
#include "../include/peerlint.h"
#include "common.h"

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void check_one(const peerlint_engine *e, const note *nt) {
  peerlint_error err;
  peerlint_result *r = peerlint_check(e, nt->text, nt->len, &err);
  if (!r) {
    fprintf(stderr, "latency: %s\n", err.message);
    exit(2);
  }
  peerlint_result_free(r);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: latency RULES_DIR CORPUS_DIR [CHECKS]\n");
    return 2;
  }
  size_t checks = argc > 3 ? strtoul(argv[3], NULL, 10) : 20000;
  if (checks < 100)
    checks = 100;
  peerlint_options opts = {.rules_dir = argv[1], .no_spell = 1};
  peerlint_error err;
  peerlint_engine *e = peerlint_engine_new(&opts, &err);
  if (!e) {
    fprintf(stderr, "latency: %s\n", err.message);
    return 2;
  }
  corpus c = load_corpus(argv[2], 200, 1900, 2200);
  for (size_t i = 0; i < 500; i++)
    check_one(e, &c.notes[i % c.n]);
  double *t = malloc(checks * sizeof *t);
  if (!t)
    return 2;
  double stop = now_s() + 15.0;
  for (size_t i = 0; i < checks; i++) {
    double s = now_s();
    if (s > stop && i >= 100) {
      checks = i; /* a slow engine: keep `make bench` short */
      break;
    }
    check_one(e, &c.notes[i % c.n]);
    t[i] = now_s() - s;
  }
  qsort(t, checks, sizeof *t, by_value);
  printf("latency of a 2 KB note (%zu notes of %.0f bytes on average, %zu "
         "checks): median %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us\n",
         c.n, (double)c.bytes / (double)c.n, checks, t[checks / 2] * 1e6,
         t[checks * 90 / 100] * 1e6, t[checks * 99 / 100] * 1e6,
         t[checks - 1] * 1e6);
  printf("# p99_us=%.3f\n", t[checks * 99 / 100] * 1e6);
  free(t);
  free_corpus(&c);
  peerlint_engine_free(e);
  return 0;
}
