/* pattern.c: lazily JIT-compiled patterns; see pattern.h. */
#include "pattern.h"

/* Bytes a pattern is run over before it is JIT-compiled: a few notes'
 * worth, or at once for one long note. */
enum { JIT_AFTER = 4 * 1024 };

void pl_pattern_init(pl_pattern *p, pcre2_code *code, int no_jit) {
  p->code = code;
  atomic_init(&p->jit, NULL);
  atomic_init(&p->uses, 0);
  p->no_jit = no_jit;
}

/* Exactly one caller takes the byte count across JIT_AFTER, so one thread
 * compiles; the others keep interpreting until the copy is published. */
static const pcre2_code *best_code(pl_pattern *p, size_t bytes) {
  pcre2_code *jit = atomic_load_explicit(&p->jit, memory_order_acquire);
  if (jit || p->no_jit)
    return jit ? jit : p->code;
  unsigned add = bytes > JIT_AFTER ? JIT_AFTER : (unsigned)bytes + 1;
  unsigned before =
      atomic_fetch_add_explicit(&p->uses, add, memory_order_relaxed);
  if (!(before < JIT_AFTER && before + add >= JIT_AFTER))
    return p->code;
  pcre2_code *copy = pcre2_code_copy(p->code);
  if (copy && pcre2_jit_compile(copy, PCRE2_JIT_COMPLETE) == 0) {
    atomic_store_explicit(&p->jit, copy, memory_order_release);
    return copy;
  }
  pcre2_code_free(copy); /* no JIT on this machine: interpret */
  return p->code;
}

int pl_pattern_match(pl_pattern *p, const char *s, size_t len, size_t start,
                     pcre2_match_data *md, pcre2_match_context *mc) {
  return pcre2_match(best_code(p, len - start), (PCRE2_SPTR)s, len, start,
                     PCRE2_NO_UTF_CHECK, md, mc);
}

void pl_pattern_free(pl_pattern *p) {
  pcre2_code_free(atomic_load_explicit(&p->jit, memory_order_relaxed));
  pcre2_code_free(p->code);
  p->code = NULL;
}
