/* testutil.h: shared helpers for the cmocka tests. */
#ifndef PEERLINT_TESTUTIL_H
#define PEERLINT_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sys/wait.h>
#include <unistd.h>

#include "peerlint.h"
#include "replay.h"

/* An engine from one pack written inline (and an optional config). */
static inline peerlint_engine *engine_from(const char *pack,
                                           const char *config,
                                           peerlint_error *err) {
  const char *names[] = {"test.yaml"};
  const char *texts[] = {pack};
  size_t lens[] = {strlen(pack)};
  return peerlint_engine_from_memory(names, texts, lens, 1, "config.yaml",
                                     config, config ? strlen(config) : 0,
                                     err);
}

/* The engine over the shipped packs in rules/ (tests run from the repo
 * root). */
static inline peerlint_engine *shipped_engine(void) {
  peerlint_options o = {"rules", NULL, NULL, NULL, 0, 0};
  peerlint_error err = {0};
  peerlint_engine *e = peerlint_engine_new(&o, &err);
  if (!e)
    fprintf(stderr, "loading rules/: %s\n", err.message);
  return e;
}

/* The engine over tests/fixtures/t, the engine tests' own pack. */
static inline peerlint_engine *fixture_engine(void) {
  peerlint_options o = {"tests/fixtures/t", NULL, NULL, NULL, 0, 0};
  peerlint_error err = {0};
  peerlint_engine *e = peerlint_engine_new(&o, &err);
  if (!e)
    fprintf(stderr, "loading tests/fixtures/t: %s\n", err.message);
  return e;
}

static inline peerlint_result *check_str(const peerlint_engine *e,
                                         const char *text) {
  peerlint_error err = {0};
  peerlint_result *r = peerlint_check(e, text, strlen(text), &err);
  if (!r)
    fprintf(stderr, "check failed: %s\n", err.message);
  return r;
}

/* Does any finding of `rule` (full id or pack name) occur? */
static inline int has_rule(const peerlint_result *r, const char *rule) {
  size_t n = strlen(rule);
  for (size_t i = 0; i < peerlint_result_count(r); i++) {
    const char *id = peerlint_result_at(r, i)->rule;
    if (!strcmp(id, rule) || (!strncmp(id, rule, n) && id[n] == '/'))
      return 1;
  }
  return 0;
}

/* The fixed text of a note, malloc'ed. */
/* The rewritten text, after checking that the edits, applied to `text`,
 * give exactly that text (what /v1/fix's clients rely on). */
static inline char *fix_str(const peerlint_engine *e, const char *text,
                            const char *only_rule) {
  peerlint_fix_options o = {only_rule, 0};
  peerlint_error err = {0};
  peerlint_rewrite *rw = peerlint_fix(e, text, strlen(text), &o, &err);
  if (!rw) {
    fprintf(stderr, "fix failed: %s\n", err.message);
    return NULL;
  }
  char *out = strdup(peerlint_rewrite_text(rw, NULL));
  char *replayed = replay_edits(text, strlen(text), rw);
  if (!replayed || strcmp(replayed, out)) {
    fprintf(stderr, "fix of '%s': the edits give '%s', the text is '%s'\n",
            text, replayed ? replayed : "(edits out of order or wrong)", out);
    free(out);
    out = NULL;
  }
  free(replayed);
  peerlint_rewrite_free(rw);
  return out;
}

/* ---- running the command line ------------------------------------------ */

typedef struct run_result {
  int status;
  char out[65536];
  char err[16384];
} run_result;

static inline void slurp_file(const char *path, char *buf, size_t size) {
  FILE *f = fopen(path, "r");
  size_t n = f ? fread(buf, 1, size - 1, f) : 0;
  buf[n] = 0;
  if (f)
    fclose(f);
}

/* Is the binary under test another one than ./peerlint (a sanitizer
 * build, or ./peerlint under valgrind)? */
static inline int other_binary(void) {
  const char *bin = getenv("PEERLINT_BIN");
  return bin && strcmp(bin, "./peerlint");
}

/* Runs a shell command in which $peerlint_bin stands for the binary under
 * test ($PEERLINT_BIN). The default binary finds rules/ beside itself;
 * another one is pointed at them. Output goes through files named for this
 * process, so test programs may run side by side. */
static inline run_result *run(const char *cmd) {
  static run_result r;
  char out[64], err[64], full[4096];
  snprintf(out, sizeof out, "build/run-%d.out", (int)getpid());
  snprintf(err, sizeof err, "build/run-%d.err", (int)getpid());
  snprintf(full, sizeof full,
           "%s; export NO_COLOR=1; peerlint_bin='%s'; { %s ; } >%s 2>%s",
           other_binary() ? "export PEERLINT_RULES=rules"
                          : "unset PEERLINT_RULES",
           other_binary() ? getenv("PEERLINT_BIN") : "./peerlint", cmd, out,
           err);
  int st = system(full);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  slurp_file(out, r.out, sizeof r.out);
  slurp_file(err, r.err, sizeof r.err);
  remove(out);
  remove(err);
  return &r;
}

#endif
