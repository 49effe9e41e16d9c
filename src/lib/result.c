/* result.c: results of checks and their accessors. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "result.h"

peerlint_result *pl_result_new(const peerlint_engine *e) {
  peerlint_result *r = calloc(1, sizeof *r);
  if (r)
    r->engine = e;
  return r;
}

int pl_result_notice(peerlint_result *r, const char *fmt, ...) {
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  const char **p = pl_grow(r->notices, &r->notices_cap, r->nnotices,
                          sizeof *p);
  if (!p)
    return -1;
  r->notices = p;
  const char *copy = pl_arena_strdup(&r->arena, line);
  if (!copy)
    return -1;
  r->notices[r->nnotices++] = copy;
  return 0;
}

PL_API peerlint_result *peerlint_check(const peerlint_engine *engine,
                                       const char *text, size_t len,
                                       peerlint_error *err) {
  peerlint_field one = {NULL, text, len};
  return peerlint_check_fields(engine, &one, 1, err);
}

PL_API peerlint_result *peerlint_check_fields(const peerlint_engine *engine,
                                              const peerlint_field *fields,
                                              size_t n, peerlint_error *err) {
  if (!engine || (!fields && n)) {
    pl_fail(err, PEERLINT_E_ARG, "engine and fields are required");
    return NULL;
  }
  peerlint_result *r = pl_result_new(engine);
  if (!r) {
    pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
    return NULL;
  }
  for (size_t i = 0; i < n; i++) {
    if (pl_check_into(r, fields[i].name, fields[i].text, fields[i].len, -1,
                      err)) {
      peerlint_result_free(r);
      return NULL;
    }
  }
  return r;
}

PL_API peerlint_result *peerlint_check_rule(const peerlint_engine *engine,
                                            const char *rule, const char *text,
                                            size_t len, peerlint_error *err) {
  long index = -1;
  for (size_t i = 0; engine && rule && i < engine->nrules; i++)
    if (!strcmp(engine->rules[i].info.id, rule))
      index = (long)i;
  if (index < 0) {
    pl_fail(err, PEERLINT_E_ARG, "no rule '%s'", rule ? rule : "(null)");
    return NULL;
  }
  peerlint_result *r = pl_result_new(engine);
  if (!r) {
    pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
    return NULL;
  }
  if (pl_check_into(r, NULL, text, len, index, err)) {
    peerlint_result_free(r);
    return NULL;
  }
  return r;
}

PL_API size_t peerlint_result_count(const peerlint_result *r) {
  return r ? r->n : 0;
}

PL_API const peerlint_finding *peerlint_result_at(const peerlint_result *r,
                                                  size_t i) {
  return r && i < r->n ? &r->findings[i] : NULL;
}

PL_API size_t peerlint_result_level_count(const peerlint_result *r,
                                          peerlint_level level) {
  size_t count = 0;
  for (size_t i = 0; r && i < r->n; i++)
    count += r->findings[i].level == level;
  return count;
}

PL_API int peerlint_result_worst(const peerlint_result *r) {
  int worst = -1;
  for (size_t i = 0; r && i < r->n; i++)
    if (r->findings[i].level != PEERLINT_STRENGTH &&
        (int)r->findings[i].level > worst)
      worst = (int)r->findings[i].level;
  return worst;
}

PL_API size_t peerlint_result_notice_count(const peerlint_result *r) {
  return r ? r->nnotices : 0;
}

PL_API const char *peerlint_result_notice_at(const peerlint_result *r,
                                             size_t i) {
  return r && i < r->nnotices ? r->notices[i] : NULL;
}

PL_API void peerlint_result_free(peerlint_result *r) {
  if (!r)
    return;
  pl_arena_free(&r->arena);
  free(r->findings);
  free(r->notices);
  free(r);
}

PL_API void peerlint_free(void *p) { free(p); }
