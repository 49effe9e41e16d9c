/* check.h: the scratch of one check, shared by check.c and its spelling
 * pass (check_spell.c). Nothing here outlives a check. */
#ifndef PL_CHECK_H
#define PL_CHECK_H

#include "result.h"
#include "text.h"

enum { MAX_GROUPS = 10 };

typedef struct cand {
  uint32_t rule, start, end;
  uint8_t caps_neutral;
  uint8_t level;
  uint8_t ngroups;
  size_t groups[2 * MAX_GROUPS];
} cand;

typedef struct hit {
  uint32_t term, start, end, first_word, last_word, sentence;
} hit;

typedef struct scratch {
  const peerlint_engine *e;
  pl_text text;
  hit *hits;
  size_t nhits, hits_cap;
  cand *cands;
  size_t ncands, cands_cap;
  uint64_t *triggers; /* rule << 32 | sentence, for each trigger word seen */
  size_t ntriggers, triggers_cap;
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  peerlint_result *result;
  long only_rule; /* -1: all */
} scratch;

/* Appends a candidate finding; NULL when out of memory. */
cand *pl_push_cand(scratch *sc, uint32_t rule, size_t start, size_t end);

/* Adds a candidate for each misspelled word that no other candidate
 * covers; see check_spell.c. */
int pl_spell_pass(scratch *sc);

/* Suggestions for a spelling candidate, into the finding. */
int pl_spell_suggestions(scratch *sc, peerlint_finding *f, const cand *c);

#endif
