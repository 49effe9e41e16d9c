/* pattern.h: a compiled PCRE2 pattern that JIT-compiles itself once it
 * has been used a few times.
 *
 * JIT compilation costs about a tenth of a millisecond a pattern; packs
 * hold hundreds of patterns and a one-note command line uses few of them,
 * so compiling every pattern up front would be most of a cold start.
 * Patterns start in PCRE2's interpreter; the call that takes a pattern
 * past JIT_AFTER bytes of text JIT-compiles a private copy and publishes
 * it with an atomic store. Readers never see a half-built code object, so the
 * engine stays safe to share across threads; this is the one thing in an
 * engine that changes after it is built. */
#ifndef PL_PATTERN_H
#define PL_PATTERN_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdatomic.h>
#include <stddef.h>

typedef struct pl_pattern {
  pcre2_code *code;         /* interpreted */
  _Atomic(pcre2_code *) jit; /* the JIT-compiled copy, once there is one */
  atomic_uint uses; /* bytes run over, capped; see pattern.c */
  int no_jit;
} pl_pattern;

/* Sets up a pattern around compiled code (which it now owns). */
void pl_pattern_init(pl_pattern *p, pcre2_code *code, int no_jit);
/* pcre2_match() with the best code available; see the top of this file. */
int pl_pattern_match(pl_pattern *p, const char *s, size_t len, size_t start,
                     pcre2_match_data *md, pcre2_match_context *mc);
void pl_pattern_free(pl_pattern *p);

#endif
