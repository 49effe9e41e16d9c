/* check.h: the scratch of one check, shared by check.c, its spelling
 * pass (check_spell.c) and its test of clauses (check_clauses.c). Nothing
 * here outlives a check. */
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
  const pl_clause_index *ci; /* NULL: every pattern runs */
  uint64_t *words; /* word << 32 | sentence, for each clause word seen */
  size_t nwords, words_cap;
  uint64_t *word_seen; /* a bit per clause word: is it in the note? */
  uint32_t *word_at;   /* where a word seen starts in `words`, once sorted */
  uint64_t *where; /* per clause of each pattern: its sentences, as bits */
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  peerlint_result *result;
  long only_rule; /* -1: all */
} scratch;

/* Appends a candidate finding; NULL when out of memory. */
cand *pl_push_cand(scratch *sc, uint32_t rule, size_t start, size_t end);

/* Appends key << 32 | sentence to a list (triggers, words) unless it
 * ends the list already: the same key again in the same sentence. */
int pl_push_pair(uint64_t **list, size_t *n, size_t *cap, uint32_t key,
                 uint32_t sentence);

/* When note word i is a word of the clauses: notes where (check_clauses.c). */
int pl_clause_word_at(scratch *sc, size_t i);

/* Sorts key << 32 | sentence pairs pushed in note order by key (below
 * nkeys), keeping each key's in sentence order; -1 when out of memory. */
int pl_sort_pairs(uint64_t *v, size_t n, uint32_t nkeys);

/* The run of consecutive sentences of one key that starts at v[i] in
 * pairs sorted by pl_sort_pairs(): sets *key, *first and *last, and
 * returns where the next run starts. */
size_t pl_pair_run(const uint64_t *v, size_t n, size_t i, uint32_t *key,
                   uint32_t *first, uint32_t *last);

/* After the walk over the words and the sort of sc->words: marks each
 * pattern's clauses that have a word in the note (check_clauses.c). */
void pl_mark_clauses(scratch *sc);

/* Can pattern number p (pl_rule.re_first + k) match in sentences
 * first..last? */
int pl_may_match(const scratch *sc, uint32_t p, uint32_t first,
                 uint32_t last);

/* Adds a candidate for each misspelled word that no other candidate
 * covers; see check_spell.c. */
int pl_spell_pass(scratch *sc);

/* Suggestions for a spelling candidate, into the finding. */
int pl_spell_suggestions(scratch *sc, peerlint_finding *f, const cand *c);

#endif
