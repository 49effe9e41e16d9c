/* engine.c: building and freeing engines, errors, levels, rule lookup. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

PL_API const char *peerlint_version(void) { return PEERLINT_VERSION; }

int pl_fail(peerlint_error *err, peerlint_status code, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    err->code = code;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
  }
  return -1;
}

int pl_fail_at(peerlint_error *err, peerlint_status code, const char *file,
               size_t line, size_t col, const char *fmt, ...) {
  if (err) {
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err->code = code;
    snprintf(err->message, sizeof err->message, "%s:%zu:%zu: %s", file, line,
             col, msg);
  }
  return -1;
}

static const char *const level_names[] = {"strength", "info", "warning",
                                          "error"};

PL_API const char *peerlint_level_name(peerlint_level level) {
  return (unsigned)level < 4 ? level_names[level] : "unknown";
}

PL_API int peerlint_level_parse(const char *name) {
  for (int i = 0; name && i < 4; i++)
    if (!strcmp(name, level_names[i]))
      return i;
  return -1;
}

static peerlint_engine *engine_alloc(void) {
  peerlint_engine *e = calloc(1, sizeof *e);
  if (e) {
    e->config.fail_on = -1;
    e->fail_level = PEERLINT_ERROR;
    snprintf(e->spell_off, sizeof e->spell_off, "no dictionary was given");
  }
  return e;
}

PL_API void peerlint_engine_free(peerlint_engine *e) {
  if (!e)
    return;
  for (size_t i = 0; i < e->nrules; i++) {
    pl_rule *r = &e->rules[i];
    for (size_t k = 0; r->re && k < r->nre; k++)
      pl_pattern_free(&r->re[k]);
    for (size_t k = 0; r->unless_re && k < r->nunless; k++)
      pl_pattern_free(&r->unless_re[k]);
    if (r->require_re)
      pl_pattern_free(r->require_re);
  }
  if (e->match_context)
    pcre2_match_context_free(e->match_context);
  pl_speller_free(e->speller);
  free(e->rules);
  free(e->packs);
  free(e->terms);
  free(e->term_order);
  free(e->same_first);
  free(e->second_hash);
  pl_lazy_clauses_free(e->clauses);
  free(e->slots);
  free(e->overrides);
  pl_arena_free(&e->arena);
  free(e);
}

/* Builds from packs already parsed into `e`: the shared tail of both
 * constructors. Frees `e` on failure. */
peerlint_engine *pl_engine_finish(peerlint_engine *e, peerlint_error *err) {
  if (pl_compile(e, err)) {
    peerlint_engine_free(e);
    return NULL;
  }
  return e;
}

peerlint_engine *pl_engine_alloc(peerlint_error *err) {
  peerlint_engine *e = engine_alloc();
  if (!e)
    pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
  return e;
}

PL_API peerlint_engine *peerlint_engine_from_memory(
    const char *const *names, const char *const *texts, const size_t *lens,
    size_t n, const char *config_name, const char *config, size_t config_len,
    peerlint_error *err) {
  peerlint_engine *e = pl_engine_alloc(err);
  if (!e)
    return NULL;
  if (config && pl_config_parse(e, config_name ? config_name : "config",
                                config, config_len, err))
    goto fail;
  for (size_t i = 0; i < n; i++)
    if (pl_pack_parse(e, names && names[i] ? names[i] : "pack", texts[i],
                      lens[i], err))
      goto fail;
  return pl_engine_finish(e, err);
fail:
  peerlint_engine_free(e);
  return NULL;
}

PL_API const char *peerlint_engine_spelling_off(const peerlint_engine *e) {
  return e->speller ? NULL : e->spell_off;
}

PL_API peerlint_level peerlint_engine_fail_level(const peerlint_engine *e) {
  return (peerlint_level)e->fail_level;
}

PL_API size_t peerlint_rule_count(const peerlint_engine *e) {
  return e ? e->nrules : 0;
}

PL_API const peerlint_rule_info *peerlint_rule_at(const peerlint_engine *e,
                                                  size_t i) {
  return e && i < e->nrules ? &e->rules[i].info : NULL;
}

PL_API const peerlint_rule_info *peerlint_rule_find(const peerlint_engine *e,
                                                    const char *id) {
  for (size_t i = 0; e && id && i < e->nrules; i++)
    if (!strcmp(e->rules[i].info.id, id))
      return &e->rules[i].info;
  return NULL;
}

PL_API size_t peerlint_override_count(const peerlint_engine *e) {
  return e ? e->noverrides : 0;
}

PL_API const char *peerlint_override_at(const peerlint_engine *e, size_t i) {
  return e && i < e->noverrides ? e->overrides[i] : NULL;
}
