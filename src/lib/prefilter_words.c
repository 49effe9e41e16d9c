/* prefilter_words.c: the words of token strings (prefilter_sets.c) and
 * the clauses they make.
 *
 * Words are numbered once for all the patterns of an engine. A clause is
 * a few words such that each string of a set has one of them as a whole
 * word: whichever string matched, the text holds one. It is chosen as a
 * greedy set cover, cheap words that many strings share first, a word's
 * cost being how common it is in notes (word_cost()): a clause holding
 * "the" is true of nearly every sentence and is not kept. */
#include <stdlib.h>
#include <string.h>

#include "prefilter_sets.h"

enum { DICT_SLOTS = 2 * MAX_WORDS };

/* The number of word w[0..len), added when new; -1 when the dictionary
 * is full (the word then cannot be in a clause). */
static int word_id(dict *d, const char *w, size_t len) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)w[i]) * 16777619u;
  for (size_t s = h % DICT_SLOTS;; s = (s + 1) % DICT_SLOTS) {
    uint16_t id = d->slot[s];
    if (!id)
      break;
    if (!strncmp(d->word[id - 1], w, len) && !d->word[id - 1][len])
      return id - 1;
  }
  if (d->n == MAX_WORDS || len >= PL_PRE_WORD_MAX)
    return -1;
  size_t id = d->n++;
  memcpy(d->word[id], w, len);
  d->word[id][len] = 0;
  d->cost[id] = len < 3 ? 20 : 1; /* common words: see pl_pre_dict_init() */
  size_t s = h % DICT_SLOTS;
  while (d->slot[s])
    s = (s + 1) % DICT_SLOTS;
  d->slot[s] = (uint16_t)(id + 1);
  return (int)id;
}

int pl_pre_dict_init(dict *d) {
  d->n = 0;
  d->word = malloc(MAX_WORDS * sizeof *d->word);
  d->cost = malloc(MAX_WORDS * sizeof *d->cost);
  d->count = calloc(MAX_WORDS, sizeof *d->count);
  d->slot = calloc(DICT_SLOTS, sizeof *d->slot);
  d->words = malloc(MAX_STR * sizeof *d->words);
  d->nwords = malloc(MAX_STR);
  d->seen = malloc(MAX_STR * STRING_WORDS * sizeof *d->seen);
  d->order = malloc(MAX_STR * sizeof *d->order);
  d->sorted = malloc(MAX_STR * sizeof *d->sorted);
  if (!d->word || !d->cost || !d->count || !d->slot || !d->words ||
      !d->nwords || !d->seen || !d->order || !d->sorted)
    return -1;
  /* How common a word is, roughly: words in nearly every sentence (a
   * clause holding one selects nothing), words in many, and the rest. Only
   * a matter of speed: a rare word called common costs a lost skip. */
  static const char *const everywhere[] = {
      "a",   "the",  "and", "to",  "of",    "in",   "on",   "for", "with",
      "i",   "we",   "you", "he",  "she",   "they", "it",   "is",  "was",
      "are", "were", "her", "his", "their", "that", "this", "s",   "t",
      "d",   "ll",   "re",  "ve",  "m",     NULL};
  static const char *const common[] = {
      "an",   "or",   "but",  "at",   "from",  "by",   "as",  "be",
      "been", "have", "has",  "had",  "do",    "does", "did", "me",
      "him",  "us",   "them", "my",   "our",   "your", "its", "not",
      "no",   "so",   "if",   "then", "up",    "out",  "all", "about",
      "will", "can",  "what", "when", "there", NULL};
  for (const char *const *p = everywhere; *p; p++)
    d->cost[word_id(d, *p, strlen(*p))] = STOP_COST;
  for (const char *const *p = common; *p; p++)
    d->cost[word_id(d, *p, strlen(*p))] = 30;
  return 0;
}

void pl_pre_dict_free(dict *d) {
  free(d->word);
  free(d->cost);
  free(d->count);
  free(d->slot);
  free(d->words);
  free(d->nwords);
  free(d->seen);
  free(d->order);
  free(d->sorted);
}

/* The whole words of a token string (at most STRING_WORDS; any of them
 * will do for a clause), as numbers; returns how many. */
static size_t whole_words(dict *d, const char *s, int edges, uint16_t *out) {
  size_t n = 0;
  for (size_t i = 0; s[i] && n < STRING_WORDS;) {
    if (!pl_pre_is_wordc(s[i])) {
      i++;
      continue;
    }
    size_t j = i;
    while (pl_pre_is_wordc(s[j]))
      j++;
    int starts = i > 0 ? pl_pre_is_bound(s[i - 1]) : edges & BOUND_BEFORE;
    int ends = s[j] ? pl_pre_is_bound(s[j]) : edges & BOUND_AFTER;
    if (starts && ends) {
      int id = word_id(d, s + i, j - i);
      if (id >= 0)
        out[n++] = (uint16_t)id;
    }
    i = j;
  }
  return n;
}

/* ---- clauses ----------------------------------------------------------- */

static int clause_cost(const dict *d, const clause *c) {
  int cost = 0;
  for (size_t i = 0; i < c->n; i++)
    cost += d->cost[c->w[i]];
  return cost;
}

/* Adds word w, keeping the clause sorted; 0 when it no longer fits. */
static int clause_add(clause *c, uint16_t w) {
  size_t at = 0;
  while (at < c->n && c->w[at] < w)
    at++;
  if (at < c->n && c->w[at] == w)
    return 1;
  if (c->n == PL_PRE_CLAUSE_WORDS)
    return 0;
  memmove(c->w + at + 1, c->w + at, (c->n - at) * sizeof c->w[0]);
  c->w[at] = w;
  c->n++;
  return 1;
}

static int memchr2(const uint16_t *a, size_t n, uint16_t w) {
  for (size_t i = 0; i < n; i++)
    if (a[i] == w)
      return 1;
  return 0;
}

/* Adds a clause to a node; past NODE_CLAUSES the costliest goes (a clause
 * fewer only makes the pattern run more often). */
void pl_pre_add_clause(const dict *d, node *x, const clause *c) {
  if (!c->n)
    return;
  for (size_t i = 0; i < x->ncl; i++)
    if (x->cl[i].n == c->n && !memcmp(x->cl[i].w, c->w, c->n * 2))
      return;
  if (!x->cl && !(x->cl = malloc(NODE_CLAUSES * sizeof *x->cl)))
    return; /* a clause fewer */
  if (x->ncl < NODE_CLAUSES) {
    x->cl[x->ncl++] = *c;
    return;
  }
  size_t worst = 0;
  for (size_t i = 1; i < x->ncl; i++)
    if (clause_cost(d, &x->cl[i]) > clause_cost(d, &x->cl[worst]))
      worst = i;
  if (clause_cost(d, c) < clause_cost(d, &x->cl[worst]))
    x->cl[worst] = *c;
}

/* A clause that covers every string of x: a few words, those with the
 * lowest cost per string they occur in first, such that each string has
 * one of them as a whole word. 0 when some string has no word to give.
 * (Greedy set cover, the counts kept up to date as strings get
 * covered.) */
static int cover(dict *d, const node *x, int edges, clause *out) {
  uint16_t(*words)[STRING_WORDS] = d->words, *seen = d->seen;
  uint8_t *nwords = d->nwords;
  size_t nseen = 0;
  int ok = 1;
  for (size_t i = 0; ok && i < x->n; i++) {
    uint16_t all[STRING_WORDS];
    size_t n = whole_words(d, x->s[i], edges, all);
    nwords[i] = 0;
    for (size_t k = 0; k < n; k++) {
      uint16_t w = all[k];
      words[i][nwords[i]++] = w;
      if (!d->count[w]++)
        seen[nseen++] = w;
    }
    ok = nwords[i] > 0;
  }
  out->n = 0;
  for (size_t left = ok ? x->n : 0; left > 0 && ok;) {
    int best = -1;
    for (size_t k = 0; k < nseen; k++) {
      uint16_t w = seen[k];
      if (d->count[w] && (best < 0 || (long)d->cost[w] * d->count[best] <
                                          (long)d->cost[best] * d->count[w]))
        best = w;
    }
    for (size_t i = 0; i < x->n; i++) {
      if (!nwords[i] || !memchr2(words[i], nwords[i], (uint16_t)best))
        continue;
      for (size_t k = 0; k < nwords[i]; k++) /* covered: counts no more */
        d->count[words[i][k]]--;
      nwords[i] = 0;
      left--;
    }
    ok = clause_add(out, (uint16_t)best);
  }
  for (size_t k = 0; k < nseen; k++)
    d->count[seen[k]] = 0;
  return ok && out->n > 0;
}

void pl_pre_add_covers(dict *d, node *to, const node *x, int edges) {
  clause c;
  if (cover(d, x, edges, &c))
    pl_pre_add_clause(d, to, &c);
}

/* x gets what holds whichever of a or b matched: a clause of each,
 * joined. */
void pl_pre_or_clauses(const dict *d, node *x, const node *a, const node *b) {
  x->ncl = 0;
  for (size_t i = 0; i < a->ncl; i++) {
    for (size_t j = 0; j < b->ncl; j++) {
      clause c = a->cl[i];
      int fits = 1;
      for (size_t k = 0; k < b->cl[j].n && fits; k++)
        fits = clause_add(&c, b->cl[j].w[k]);
      if (fits)
        pl_pre_add_clause(d, x, &c);
    }
  }
}

void pl_pre_add_clauses(const dict *d, node *x, const node *from) {
  for (size_t i = 0; i < from->ncl; i++)
    pl_pre_add_clause(d, x, &from->cl[i]);
}

/* The cheapest few clauses of x and of its strings, none holding a word
 * found nearly everywhere. */
void pl_pre_pick(dict *d, node *x, pl_pre_clauses *out) {
  pl_pre_add_covers(d, x, x, 0);
  int used[NODE_CLAUSES] = {0};
  while (out->n < PL_PRE_CLAUSES) {
    int best = -1;
    for (size_t i = 0; i < x->ncl; i++)
      if (!used[i] && (best < 0 || clause_cost(d, &x->cl[i]) <
                                       clause_cost(d, &x->cl[best])))
        best = (int)i;
    if (best < 0 || clause_cost(d, &x->cl[best]) >= STOP_COST)
      return;
    used[best] = 1;
    const clause *c = &x->cl[best];
    out->nwords[out->n] = c->n;
    memcpy(out->words[out->n], c->w, c->n * sizeof c->w[0]);
    out->n++;
  }
}
