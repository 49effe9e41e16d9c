/* compile_clauses.c: the words each pattern cannot match without, as an
 * engine keeps them (pl_clause_index).
 *
 * Reading every pattern for its clauses (prefilter.c) takes about as long
 * as compiling them, which a command checking one note would pay for
 * nothing. So an engine starts without clauses, and the check that takes
 * it past CLAUSES_AFTER bytes of notes reads them all and publishes the
 * index atomically, as pattern.c publishes a JIT copy: exactly one caller
 * builds it, the others run every pattern until it is there.
 * Clauses only skip patterns that cannot match, so a check finds the same
 * with or without them. The index holds each pattern's clauses (by the
 * pattern's number, pl_rule.re_first and unless_first), the words they
 * use, looked up by hash as a check walks a note's words, and for each
 * word the clauses it is in (see check_clauses.c). */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "text.h"

/* A dozen notes' worth: a command checking one note or a few never reads
 * the patterns (about 100M instructions, some 30 ms); past it, the reading
 * is made back within about a hundred 2 KB notes (1.7M instructions saved
 * on each). */
enum { CLAUSES_AFTER = 32 * 1024 };

struct pl_lazy_clauses {
  _Atomic(pl_clause_index *) index;
  atomic_size_t checked; /* bytes of notes checked, capped */
};

pl_lazy_clauses *pl_lazy_clauses_new(void) {
  pl_lazy_clauses *l = malloc(sizeof *l);
  if (l) {
    atomic_init(&l->index, NULL);
    atomic_init(&l->checked, 0);
  }
  return l;
}

void pl_lazy_clauses_free(pl_lazy_clauses *l) {
  if (!l)
    return;
  pl_clause_index *ci = atomic_load_explicit(&l->index, memory_order_relaxed);
  if (ci) {
    pl_arena_free(&ci->arena);
    free(ci);
  }
  free(l);
}

/* ---- reading the patterns ---------------------------------------------- */

/* Reads each pattern of a list into ci->of[first ...]; -1 when out of
 * memory. */
static int derive_list(pl_clause_index *ci, pl_prefilter *pf,
                       const pl_strlist *l, uint32_t first,
                       pl_pre_clauses *pc) {
  for (size_t k = 0; k < l->n; k++) {
    pl_clauses *c = &ci->of[first + k];
    if (pl_prefilter_derive(pf, l->items[k], pc))
      return -1;
    size_t total = 0;
    for (size_t i = 0; i < pc->n; i++)
      total += pc->nwords[i];
    c->word =
        total ? pl_arena_alloc(&ci->arena, total * sizeof *c->word) : NULL;
    if (total && !c->word)
      return -1;
    for (size_t i = 0, at = 0; i < pc->n; i++) {
      memcpy(c->word + at, pc->words[i], pc->nwords[i] * sizeof *c->word);
      at += pc->nwords[i];
      c->end[i] = (uint8_t)at;
    }
    c->n = (uint8_t)pc->n;
  }
  return 0;
}

static int derive_all(const peerlint_engine *e, pl_clause_index *ci,
                      pl_prefilter *pf) {
  pl_pre_clauses *pc = malloc(sizeof *pc);
  int rc = pc ? 0 : -1;
  for (size_t i = 0; i < e->nrules && !rc; i++) {
    const pl_rule *r = &e->rules[i];
    if (!r->disabled)
      rc = derive_list(ci, pf, &r->regex, r->re_first, pc) ||
           derive_list(ci, pf, &r->unless, r->unless_first, pc);
  }
  free(pc);
  return rc;
}

/* ---- the words --------------------------------------------------------- */

/* Calls fn(ci, word, pattern << 2 | clause) for each word of each clause
 * of each pattern. */
static void each_clause_word(pl_clause_index *ci,
                             void (*fn)(pl_clause_index *, uint32_t,
                                        uint32_t)) {
  for (uint32_t p = 0; p < ci->npatterns; p++) {
    const pl_clauses *c = &ci->of[p];
    for (uint32_t cl = 0, w = 0; cl < c->n; cl++)
      for (; w < c->end[cl]; w++)
        fn(ci, c->word[w], p << 2 | cl);
  }
}

static void count_clause(pl_clause_index *ci, uint32_t word, uint32_t v) {
  (void)v;
  ci->clause_from[word + 1]++;
}

static void file_clause(pl_clause_index *ci, uint32_t word, uint32_t v) {
  ci->clause_of[ci->clause_from[word]++] = v;
}

/* The clauses of each word, so that a check marks the clauses a note
 * meets from the few clause words the note has. */
static int index_clauses(pl_clause_index *ci) {
  ci->clause_from =
      pl_arena_alloc(&ci->arena, (ci->nwords + 2) * sizeof *ci->clause_from);
  if (!ci->clause_from)
    return -1;
  each_clause_word(ci, count_clause);
  for (uint32_t w = 0; w <= ci->nwords; w++)
    ci->clause_from[w + 1] += ci->clause_from[w];
  ci->clause_of =
      pl_arena_alloc(&ci->arena, (ci->clause_from[ci->nwords + 1] + 1) *
                                     sizeof *ci->clause_of);
  if (!ci->clause_of)
    return -1;
  each_clause_word(ci, file_clause); /* moves each start to the next's */
  for (uint32_t w = ci->nwords + 1; w > 0; w--)
    ci->clause_from[w] = ci->clause_from[w - 1];
  ci->clause_from[0] = 0;
  return 0;
}

/* Numbers the words the clauses use from 0 (the prefilter numbered every
 * word it met) and files them in a table by hash. */
static int index_words(pl_clause_index *ci, const pl_prefilter *pf) {
  uint32_t *ours = calloc(UINT16_MAX + 1, sizeof *ours); /* number + 1 */
  uint16_t *theirs = malloc((UINT16_MAX + 1) * sizeof *theirs);
  int rc = ours && theirs ? 0 : -1;
  for (uint32_t p = 0; !rc && p < ci->npatterns; p++) {
    pl_clauses *c = &ci->of[p];
    for (size_t w = 0; c->n && w < c->end[c->n - 1]; w++) {
      if (!ours[c->word[w]]) {
        theirs[ci->nwords] = c->word[w];
        ours[c->word[w]] = ++ci->nwords;
      }
      c->word[w] = (uint16_t)(ours[c->word[w]] - 1);
    }
  }
  ci->nslots = 16;
  while (ci->nslots < 2 * (size_t)ci->nwords)
    ci->nslots *= 2;
  ci->word = pl_arena_alloc(&ci->arena, (ci->nwords + 1) * sizeof *ci->word);
  ci->slot = pl_arena_alloc(&ci->arena, ci->nslots * sizeof *ci->slot);
  if (!ci->word || !ci->slot)
    rc = -1;
  for (uint32_t w = 0; !rc && w < ci->nwords; w++) {
    const char *text = pl_prefilter_word(pf, theirs[w]);
    size_t len = strlen(text);
    ci->word[w] = pl_arena_strdup(&ci->arena, text);
    if (!ci->word[w]) {
      rc = -1;
      break;
    }
    uint32_t h = pl_fold_hash(text, len);
    size_t at = h & (ci->nslots - 1);
    while (ci->slot[at].word)
      at = (at + 1) & (ci->nslots - 1);
    ci->slot[at].hash = h;
    ci->slot[at].word = w + 1;
  }
  free(ours);
  free(theirs);
  return rc;
}

static pl_clause_index *build(const peerlint_engine *e) {
  pl_clause_index *ci = calloc(1, sizeof *ci);
  pl_prefilter *pf = pl_prefilter_new();
  int rc = ci && pf ? 0 : -1;
  if (!rc) {
    ci->npatterns = e->npatterns;
    ci->of = pl_arena_alloc(&ci->arena, (e->npatterns + 1) * sizeof *ci->of);
    rc = !ci->of || derive_all(e, ci, pf) || index_words(ci, pf) ||
                 index_clauses(ci)
             ? -1
             : 0;
  }
  pl_prefilter_free(pf);
  if (rc && ci) {
    pl_arena_free(&ci->arena);
    free(ci);
    ci = NULL;
  }
  return ci;
}

/* ---- publishing ---------------------------------------------------------- */

static const pl_clause_index *publish(pl_lazy_clauses *l, pl_clause_index *ci) {
  pl_clause_index *none = NULL;
  if (ci && !atomic_compare_exchange_strong_explicit(&l->index, &none, ci,
                                                     memory_order_acq_rel,
                                                     memory_order_acquire)) {
    pl_arena_free(&ci->arena); /* another caller was first */
    free(ci);
    return none;
  }
  return ci;
}

const pl_clause_index *pl_clause_index_for(const peerlint_engine *e,
                                           size_t len) {
  pl_lazy_clauses *l = e->clauses;
  pl_clause_index *ci = atomic_load_explicit(&l->index, memory_order_acquire);
  if (ci)
    return ci;
  size_t add = len < CLAUSES_AFTER ? len + 1 : CLAUSES_AFTER;
  size_t before =
      atomic_fetch_add_explicit(&l->checked, add, memory_order_relaxed);
  if (before < CLAUSES_AFTER && before + add >= CLAUSES_AFTER)
    return publish(l, build(e)); /* out of memory: every pattern runs */
  return NULL;
}

const pl_clause_index *pl_clause_index_now(const peerlint_engine *e) {
  pl_clause_index *ci =
      atomic_load_explicit(&e->clauses->index, memory_order_acquire);
  return ci ? ci : publish(e->clauses, build(e));
}
