/* compile_clauses.c: the words each pattern cannot match without, as
 * the engine keeps them.
 *
 * prefilter.c reads a pattern for its clauses; here they are stored with
 * the pattern (pl_clauses), their words are handed to compile.c to be
 * filed in the index of words a check walks, and each word gets the list
 * of clauses it is in, so that a check marks the clauses a note meets
 * from the few clause words the note has (check_clauses.c). */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

pl_clauses *pl_derive_clauses(peerlint_engine *e, const pl_strlist *l,
                              pl_prefilter *pf, peerlint_error *err) {
  pl_pre_clauses *pc = malloc(sizeof *pc);
  pl_clauses *out = pl_arena_alloc(&e->arena, (l->n + 1) * sizeof *out);
  int rc = pc && out ? 0 : -1;
  for (size_t k = 0; k < l->n && !rc; k++) {
    pl_clauses *c = &out[k];
    c->id = e->npatterns++;
    rc = pl_prefilter_derive(pf, l->items[k], pc);
    size_t total = 0;
    for (size_t i = 0; i < pc->n; i++)
      total += pc->nwords[i];
    c->word = total ? pl_arena_alloc(&e->arena, total * sizeof *c->word) : NULL;
    if (rc || (total && !c->word)) {
      rc = -1;
      break;
    }
    for (size_t i = 0, at = 0; i < pc->n; i++) {
      memcpy(c->word + at, pc->words[i], pc->nwords[i] * sizeof *c->word);
      at += pc->nwords[i];
      c->end[i] = (uint8_t)at;
    }
    c->n = (uint8_t)pc->n;
  }
  free(pc);
  if (rc)
    pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
  return rc ? NULL : out;
}

/* Calls fn(ctx, word, pattern << 2 | clause) for each word of each
 * clause of each pattern (regex and unless) of the engine. */
typedef int (*each_fn)(void *ctx, uint32_t word, uint32_t clause);

static int each_clause_word(const peerlint_engine *e, each_fn fn, void *ctx) {
  for (size_t i = 0; i < e->nrules; i++) {
    const pl_rule *r = &e->rules[i];
    for (size_t k = 0; k < r->nre + r->nunless; k++) {
      const pl_clauses *c =
          k < r->nre ? &r->re_clauses[k] : &r->unless_clauses[k - r->nre];
      for (uint32_t cl = 0, w = 0; cl < c->n; cl++)
        for (; w < c->end[cl]; w++)
          if (fn(ctx, c->word[w], c->id << 2 | cl))
            return -1;
    }
  }
  return 0;
}

typedef struct word_lister {
  const pl_prefilter *pf;
  uint8_t *listed;
  pl_clause_word_fn fn;
  void *ctx;
  uint32_t *nwords;
} word_lister;

static int list_word(void *ctx, uint32_t word, uint32_t clause) {
  (void)clause;
  word_lister *l = ctx;
  if (l->listed[word]++)
    return 0;
  if (word >= *l->nwords)
    *l->nwords = word + 1;
  return l->fn(l->ctx, word, pl_prefilter_word(l->pf, word));
}

int pl_clause_words(peerlint_engine *e, const pl_prefilter *pf,
                    pl_clause_word_fn fn, void *ctx, peerlint_error *err) {
  word_lister l = {pf, calloc(UINT16_MAX + 1, 1), fn, ctx, &e->nclause_words};
  int rc = !l.listed || each_clause_word(e, list_word, &l);
  free(l.listed);
  return rc ? pl_fail(err, PEERLINT_E_NOMEM, "out of memory") : 0;
}

static int count_clause(void *ctx, uint32_t word, uint32_t clause) {
  (void)clause;
  ((peerlint_engine *)ctx)->clause_from[word + 1]++;
  return 0;
}

static int file_clause(void *ctx, uint32_t word, uint32_t clause) {
  peerlint_engine *e = ctx;
  e->clause_of[e->clause_from[word]++] = clause;
  return 0;
}

int pl_index_clauses(peerlint_engine *e) {
  e->clause_from = calloc(e->nclause_words + 2, sizeof *e->clause_from);
  if (!e->clause_from)
    return -1;
  each_clause_word(e, count_clause, e);
  for (uint32_t w = 0; w <= e->nclause_words; w++)
    e->clause_from[w + 1] += e->clause_from[w];
  e->clause_of =
      malloc((e->clause_from[e->nclause_words + 1] + 1) * sizeof *e->clause_of);
  if (!e->clause_of)
    return -1;
  each_clause_word(e, file_clause, e); /* moves each start to the next's */
  for (uint32_t w = e->nclause_words + 1; w > 0; w--)
    e->clause_from[w] = e->clause_from[w - 1];
  e->clause_from[0] = 0;
  return 0;
}
