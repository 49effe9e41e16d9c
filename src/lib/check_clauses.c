/* check_clauses.c: which patterns a note's words let run.
 *
 * A pattern's clauses (prefilter.h) are sets of words, one of each of
 * which every match holds; an engine has them once it has checked a few
 * notes (compile_clauses.c). The walk over the note's words (check.c)
 * lists where each clause word occurs; from those few words every
 * pattern learns which of its clauses have a word in the note, and a
 * pattern with a clause left out is never run. A pattern still in the
 * running is asked again for each run of sentences it would go over:
 * each clause keeps the sentences its words are in as bits, so that the
 * answer is one AND (in the first 63 sentences; past those, its words
 * are looked up). */
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* Sorts key << 32 | sentence pairs pushed in note order (so, for one key,
 * in sentence order already) by key, keys below nkeys: a stable radix
 * sort a byte of the key at a time, a few passes where qsort compares a
 * thousand times. */
int pl_sort_pairs(uint64_t *v, size_t n, uint32_t nkeys) {
  if (n < 2)
    return 0;
  uint64_t *tmp = malloc(n * sizeof *tmp);
  if (!tmp)
    return -1;
  for (unsigned shift = 32; shift < 64 && nkeys >> (shift - 32); shift += 8) {
    size_t at[257] = {0};
    for (size_t i = 0; i < n; i++)
      at[(v[i] >> shift & 0xFF) + 1]++;
    for (size_t b = 0; b < 256; b++)
      at[b + 1] += at[b];
    for (size_t i = 0; i < n; i++)
      tmp[at[v[i] >> shift & 0xFF]++] = v[i];
    memcpy(v, tmp, n * sizeof *v);
  }
  free(tmp);
  return 0;
}

size_t pl_pair_run(const uint64_t *v, size_t n, size_t i, uint32_t *key,
                   uint32_t *first, uint32_t *last) {
  *key = (uint32_t)(v[i] >> 32);
  *first = *last = (uint32_t)v[i];
  for (i++;
       i < n && (uint32_t)(v[i] >> 32) == *key && (uint32_t)v[i] <= *last + 1;
       i++)
    *last = (uint32_t)v[i];
  return i;
}

int pl_clause_word_at(scratch *sc, size_t i) {
  const pl_clause_index *ci = sc->ci;
  const pl_word *nw = &sc->text.words[i];
  size_t len = nw->end - nw->start;
  for (size_t at = nw->hash & (ci->nslots - 1); ci->slot[at].word;
       at = (at + 1) & (ci->nslots - 1)) {
    uint32_t w = ci->slot[at].word - 1;
    if (ci->slot[at].hash != nw->hash || strlen(ci->word[w]) != len ||
        !pl_fold_equal(sc->text.s + nw->start, ci->word[w], len))
      continue;
    sc->word_seen[w / 64] |= 1ull << w % 64;
    return pl_push_pair(&sc->words, &sc->nwords, &sc->words_cap, w,
                        nw->sentence);
  }
  return 0;
}

/* Does word w occur in sentences first..last? Most words of a clause
 * are nowhere in the note: one bit says so. Else its sentences are
 * together in sc->words, in order, from sc->word_at[w] on: a search for
 * the first at or after `first` (a long note has a word in thousands). */
static int word_in(const scratch *sc, uint32_t w, uint32_t first,
                   uint32_t last) {
  if (!(sc->word_seen[w / 64] >> w % 64 & 1))
    return 0;
  uint64_t want = (uint64_t)w << 32 | first;
  size_t lo = sc->word_at[w], hi = sc->nwords;
  while (lo < hi) { /* sc->words is sorted as numbers */
    size_t mid = lo + (hi - lo) / 2;
    if (sc->words[mid] < want)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < sc->nwords && sc->words[lo] <= ((uint64_t)w << 32 | last);
}

enum { LAST_BIT = 63 }; /* sentence 63 and those after it */

static uint64_t sentence_bit(uint32_t sentence) {
  return 1ull << (sentence < LAST_BIT ? sentence : LAST_BIT);
}

/* Marks, for each pattern, the sentences where each of its clauses has a
 * word: from the clause words the note has, the few that matter, rather
 * than from every word of every clause. */
void pl_mark_clauses(scratch *sc) {
  const pl_clause_index *ci = sc->ci;
  for (size_t i = 0; i < sc->nwords;) {
    uint32_t w = (uint32_t)(sc->words[i] >> 32);
    uint64_t in = 0; /* sorted: its sentences are together */
    sc->word_at[w] = (uint32_t)i;
    for (; i < sc->nwords && (uint32_t)(sc->words[i] >> 32) == w; i++)
      in |= sentence_bit((uint32_t)sc->words[i]);
    for (uint32_t k = ci->clause_from[w]; k < ci->clause_from[w + 1]; k++)
      sc->where[(ci->clause_of[k] >> 2) * PL_PRE_CLAUSES +
                (ci->clause_of[k] & 3)] |= in;
  }
}

/* Has clause i of pattern p a word in sentences first..last? */
static int clause_in(const scratch *sc, uint32_t p, size_t i, uint32_t first,
                     uint32_t last) {
  const pl_clauses *c = &sc->ci->of[p];
  uint64_t where = sc->where[p * PL_PRE_CLAUSES + i];
  if (!where)
    return 0;
  if (first == 0 && last + 1 >= sc->text.nsentences)
    return 1;          /* the whole note */
  if (last < LAST_BIT) /* the bits of first..last */
    return (where & (sentence_bit(last) * 2 - sentence_bit(first))) != 0;
  for (size_t w = i ? c->end[i - 1] : 0; w < c->end[i]; w++)
    if (word_in(sc, c->word[w], first, last))
      return 1;
  return 0;
}

/* Can pattern p match in sentences first..last? Not when a clause has
 * none of its words there. Before the engine has its clause index, and on
 * a note with words beyond ASCII (where the clauses do not hold, see
 * prefilter.c), every pattern runs. */
int pl_may_match(const scratch *sc, uint32_t p, uint32_t first, uint32_t last) {
  if (!sc->ci || !sc->text.ascii_words)
    return 1;
  for (size_t i = 0; i < sc->ci->of[p].n; i++)
    if (!clause_in(sc, p, i, first, last))
      return 0;
  return 1;
}
