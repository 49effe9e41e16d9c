/* prefilter_sets.h: the inside of prefilter.c, in three files: reading
 * a pattern (prefilter.c), what a part of it can match as a set of token
 * strings (prefilter_sets.c), and the words and clauses those strings
 * promise (prefilter_words.c). See prefilter_sets.c for the tokens. */
#ifndef PL_PREFILTER_SETS_H
#define PL_PREFILTER_SETS_H

#include <stddef.h>
#include <stdint.h>

#include "prefilter.h"

enum {
  MAX_STR = 512,     /* strings in a set */
  DEDUPE_AT = 32,    /* smaller sets may hold a string twice */
  STR_LEN = 64,      /* tokens in a string, NUL included */
  NODE_CLAUSES = 8,  /* clauses carried while reading */
  STRING_WORDS = 16, /* whole words of one string looked at */
  MAX_WORDS = 16384, /* distinct words in all patterns */
  STOP_COST = 1000   /* a clause with a stop word selects nothing */
};

/* A clause: word numbers (see dict), sorted. */
typedef struct clause {
  uint16_t n;
  uint16_t w[PL_PRE_CLAUSE_WORDS];
} clause;

/* What one part of a pattern can match, and the clauses it needs. */
typedef struct node {
  size_t n;
  size_t ncl;
  clause *cl;        /* room for NODE_CLAUSES, allocated with the first */
  char s[][STR_LEN]; /* as many as the node was made for */
} node;

/* The words met in the patterns, numbered, and scratch for a set of
 * MAX_STR strings. */
typedef struct dict {
  size_t n;
  char (*word)[PL_PRE_WORD_MAX];
  uint16_t *cost;
  uint16_t *slot;  /* open addressing by hash; 0 empty, else number + 1 */
  uint16_t *count; /* cover()'s */
  uint16_t (*words)[STRING_WORDS];
  uint8_t *nwords;
  uint16_t *seen;
  char **order; /* pl_pre_dedupe()'s */
  char (*sorted)[STR_LEN];
} dict;

/* Tokens: see prefilter_sets.c. */
static inline int pl_pre_is_wordc(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
static inline int pl_pre_is_bound(char c) { return c == '#' || c == '|'; }

/* ---- prefilter_words.c ----------------------------------------------- */

int pl_pre_dict_init(dict *d); /* 0, or -1 when out of memory */
void pl_pre_dict_free(dict *d);

/* Where a string's neighbours are sure to be boundaries. */
enum { BOUND_BEFORE = 1, BOUND_AFTER = 2 };

/* Adds a clause (its own, or each of from's) to x; past NODE_CLAUSES the
 * costliest goes. */
void pl_pre_add_clause(const dict *d, node *x, const clause *c);
void pl_pre_add_clauses(const dict *d, node *x, const node *from);
/* Adds to `to` the clause of x's strings (edges: BOUND_*), if any. */
void pl_pre_add_covers(dict *d, node *to, const node *x, int edges);
/* Sets x's clauses to what holds whichever of a or b matched. */
void pl_pre_or_clauses(const dict *d, node *x, const node *a, const node *b);
/* The best clauses of a whole pattern, into out. */
void pl_pre_pick(dict *d, node *x, pl_pre_clauses *out);

/* ---- prefilter_sets.c ------------------------------------------------- */

/* A set of one string (of one-letter strings); NULL when out of memory. */
node *pl_pre_node(const char *tokens);
node *pl_pre_letters(dict *d, const char *letters);
node *pl_pre_dup(const node *x);
void pl_pre_free(node *x);
/* Sorts the strings and drops repeats. */
void pl_pre_dedupe(dict *d, node *x);
/* Does every string of x start (at_end: end) with a boundary? */
int pl_pre_bounded(const node *x, int at_end);
/* The combinations: each consumes its nodes (and NULL gives NULL). */
node *pl_pre_sequence(dict *d, node **items, size_t n);
node *pl_pre_concat(dict *d, node *a, node *b);
node *pl_pre_alternate(dict *d, node *a, node *b);
node *pl_pre_repeat(dict *d, node *x, long min, long max);

#endif
