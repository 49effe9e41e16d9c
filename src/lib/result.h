/* result.h: the result of a check, shared by check.c, rewrite.c, json.c. */
#ifndef PL_RESULT_H
#define PL_RESULT_H

#include "arena.h"
#include "engine.h"

struct peerlint_result {
  pl_arena arena; /* every string a finding owns */
  const peerlint_engine *engine;
  peerlint_finding *findings;
  size_t n, cap;
  const char **notices;
  size_t nnotices, notices_cap;
};

peerlint_result *pl_result_new(const peerlint_engine *e);
/* Checks one text (or one field of a note) and appends its findings.
 * With `only_rule` >= 0, that rule alone is reported (as its examples are
 * run), so no other rule's overlapping finding can hide it. */
int pl_check_into(peerlint_result *r, const char *field, const char *text,
                  size_t len, long only_rule, peerlint_error *err);

/* Appends "fmt" to the result's notices; -1 when out of memory. */
int pl_result_notice(peerlint_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
