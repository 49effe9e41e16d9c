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

#include "peerlint.h"

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
  peerlint_rewrite_free(rw);
  return out;
}

#endif
