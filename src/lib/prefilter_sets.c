/* prefilter_sets.c: what a part of a regex can match, as a set of strings
 * of tokens:
 *   a-z 0-9   that character (case folded)
 *   '#'       one or more characters that are not ASCII letters or digits
 *   '|'       a word boundary: \b, ^, or a lookaround that sees a
 *             non-alphanumeric character there (or nothing)
 *   '*'       anything, possibly nothing
 * A run of letters and digits with '#' or '|' on both sides is a whole
 * word of any text its string describes.
 *
 * An alternation joins sets. A sequence keeps its parts apart, except
 * parts that may make one word together ("report" and "(?:ed|ing)?"),
 * which are multiplied out. Each part then gives its clauses
 * (prefilter_words.c), its words at its ends counting as whole where its
 * neighbours are sure to be boundaries, and the sequence shows the
 * outside only its first part's start and its last part's end around a
 * '*' (spelled out in full while small). A repeat is a few copies, or
 * the part and "anything then the part". A set grown past MAX_STR gives
 * up its words as clauses and keeps only its strings' ends (collapse()).
 * Every step describes at least what the part can match, so a clause
 * made from the strings holds for every match. */
#include <stdlib.h>
#include <string.h>

#include "prefilter_sets.h"

enum { EXACT_MAX = 64 }; /* a sequence of parts is spelled out up to this */

/* Merges what means the same: "##" is "#", "**" is "*", and '*' around a
 * boundary ("*#*") is just '*'. s[0..from) is known to be merged. */
static void normalize_from(char *s, size_t from) {
  size_t o = from;
  for (size_t i = from; s[i]; i++) {
    char c = s[i];
    if (!pl_pre_is_wordc(c) && o && s[o - 1] == c)
      continue;
    if (c == '*' && o >= 2 && pl_pre_is_bound(s[o - 1]) && s[o - 2] == '*') {
      o--;
      continue;
    }
    s[o++] = c;
  }
  s[o] = 0;
}

static void normalize(char *s) { normalize_from(s, 0); }

static node *node_alloc(size_t nstrings) {
  node *x = malloc(sizeof *x + (nstrings ? nstrings : 1) * STR_LEN);
  if (x) {
    x->n = x->ncl = 0;
    x->cl = NULL;
  }
  return x;
}

void pl_pre_free(node *x) {
  if (x)
    free(x->cl);
  free(x);
}

node *pl_pre_node(const char *tokens) {
  node *x = node_alloc(1);
  if (x) {
    strcpy(x->s[0], tokens);
    normalize(x->s[0]);
    x->n = 1;
  }
  return x;
}

node *pl_pre_letters(dict *d, const char *letters) {
  node *x = node_alloc(strlen(letters));
  for (size_t i = 0; x && letters[i]; i++) {
    x->s[x->n][0] = letters[i];
    x->s[x->n++][1] = 0;
  }
  if (x)
    pl_pre_dedupe(d, x);
  return x;
}

node *pl_pre_dup(const node *a) {
  node *x = a ? node_alloc(a->n) : NULL;
  if (!x)
    return NULL;
  memcpy(x->s, a->s, a->n * sizeof x->s[0]);
  x->n = a->n;
  if (a->ncl && (x->cl = malloc(NODE_CLAUSES * sizeof *x->cl))) {
    memcpy(x->cl, a->cl, a->ncl * sizeof *a->cl);
    x->ncl = a->ncl;
  } /* else a clause or two fewer */
  return x;
}

static int by_string(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts the strings and drops repeats. */
void pl_pre_dedupe(dict *d, node *x) {
  if (x->n < 2)
    return;
  for (size_t i = 0; i < x->n; i++)
    d->order[i] = x->s[i];
  qsort(d->order, x->n, sizeof *d->order, by_string);
  size_t n = 0;
  for (size_t i = 0; i < x->n; i++)
    if (!n || strcmp(d->order[i], d->sorted[n - 1]))
      strcpy(d->sorted[n++], d->order[i]);
  memcpy(x->s, d->sorted, n * STR_LEN);
  x->n = n;
}

static size_t max_len(const node *x) {
  size_t m = 0;
  for (size_t i = 0; i < x->n; i++) {
    size_t l = strlen(x->s[i]);
    if (l > m)
      m = l;
  }
  return m;
}

static int is_sep(char c) { return c == '#' || c == '|' || c == '*'; }

/* What a string shows its neighbours: from its start, the separators
 * there or else its first word and the separators after it ("told#" of
 * "told#me"); likewise at its end. The rest is whole already. */
static size_t head_len(const char *s) {
  size_t i = 0;
  while (s[i] && !is_sep(s[i]) && !is_sep(s[0]))
    i++;
  while (s[i] && is_sep(s[i]))
    i++;
  return i;
}

static size_t tail_start(const char *s) {
  size_t i = strlen(s);
  int word_end = i && !is_sep(s[i - 1]);
  while (word_end && i > 0 && !is_sep(s[i - 1]))
    i--;
  while (i > 0 && is_sep(s[i - 1]))
    i--;
  return i;
}

/* The string's ends around a '*': never longer than s. */
static void edge_form(char *s) {
  size_t head = head_len(s), tail = tail_start(s);
  if (head >= tail)
    return;
  memmove(s + head + 1, s + tail, strlen(s + tail) + 1);
  s[head] = '*';
  normalize(s);
}

static void make_any(node *x) {
  x->n = 1;
  strcpy(x->s[0], "*");
}

/* Gives up the strings' whole words as clauses and keeps their ends. */
static void collapse(dict *d, node *x) {
  pl_pre_add_covers(d, x, x, 0);
  for (size_t i = 0; i < x->n; i++)
    edge_form(x->s[i]);
  pl_pre_dedupe(d, x);
}

static int fits(const node *a, const node *b) {
  return a->n * b->n <= MAX_STR && max_len(a) + max_len(b) < STR_LEN;
}

/* Every string of a followed by every string of b, for parts that make
 * words together ("report" and "(?:ed|s)"); both are consumed. Sets too
 * big are collapsed first. */
static node *cross(dict *d, node *a, node *b) {
  node *x = NULL;
  for (int attempt = 0; a && b && !fits(a, b); attempt++) {
    if (attempt < 2) {
      collapse(d, attempt ? b : a);
    } else if (attempt == 2) {
      make_any(a->n < b->n ? b : a);
    } else {
      make_any(a);
      make_any(b);
    }
  }
  if (a && b && (x = node_alloc(a->n * b->n))) {
    for (size_t i = 0; i < a->n; i++) {
      size_t la = strlen(a->s[i]);
      for (size_t j = 0; j < b->n; j++) {
        /* both halves are merged already: only the seam needs it */
        memcpy(x->s[x->n], a->s[i], la);
        strcpy(x->s[x->n] + la, b->s[j]);
        normalize_from(x->s[x->n++], la >= 2 ? la - 2 : 0);
      }
    }
    x->ncl = 0;
    pl_pre_add_clauses(d, x, a);
    pl_pre_add_clauses(d, x, b);
    if (x->n > DEDUPE_AT)
      pl_pre_dedupe(d, x);
  }
  pl_pre_free(a);
  pl_pre_free(b);
  return x;
}

static int has_empty(const node *x) {
  for (size_t i = 0; i < x->n; i++)
    if (!x->s[i][0])
      return 1;
  return 0;
}

/* Can item i end in a letter or digit (through items that can be empty)?
 * Can item j start with one? Then the two may make one word. */
static int ends_in_word(node **it, size_t i) {
  for (size_t k = 0; k < it[i]->n; k++) {
    size_t n = strlen(it[i]->s[k]);
    if (n && !is_sep(it[i]->s[k][n - 1]))
      return 1;
  }
  return has_empty(it[i]) && i > 0 && ends_in_word(it, i - 1);
}

static int starts_in_word(node **it, size_t n, size_t j) {
  for (size_t k = 0; k < it[j]->n; k++)
    if (it[j]->s[k][0] && !is_sep(it[j]->s[k][0]))
      return 1;
  return has_empty(it[j]) && j + 1 < n && starts_in_word(it, n, j + 1);
}

/* Does every non-empty string of x end (or start) with a boundary? */
static int bounded_side(const node *x, int at_end) {
  for (size_t i = 0; i < x->n; i++) {
    size_t n = strlen(x->s[i]);
    if (n && !pl_pre_is_bound(x->s[i][at_end ? n - 1 : 0]))
      return 0;
  }
  return 1;
}

/* x's clauses, its words at its ends counting as whole where what stands
 * before (after) it is sure to be a boundary. Nothing when x can be
 * empty: the sequence then does without its words. */
static void cover_in_place(dict *d, node *out, const node *x, int before,
                           int after) {
  if (!has_empty(x))
    pl_pre_add_covers(d, out, x,
                      (before ? BOUND_BEFORE : 0) | (after ? BOUND_AFTER : 0));
}

/* The strings of a sequence from first item f to last item l, as a new
 * node: what each shows outside around a '*'; a boundary where an end
 * shown whole meets one (after: after f; before: before l). */
static node *ends(dict *d, const node *f, const node *l, int after,
                  int before) {
  node *heads = node_alloc(f->n), *tails = node_alloc(l->n);
  /* A boundary mark that does not fit is left out (it only adds), an
   * end that does not fit after its '*' is left to the '*'. */
  for (size_t i = 0; heads && i < f->n; i++) {
    char *s = heads->s[heads->n++];
    size_t h = head_len(f->s[i]);
    memcpy(s, f->s[i], h);
    s[h] = 0;
    if (after && !f->s[i][h] && h + 1 < STR_LEN)
      strcpy(s + h, "|");
  }
  for (size_t i = 0; tails && i < l->n; i++) {
    char *s = tails->s[tails->n++];
    const char *tail = l->s[i] + tail_start(l->s[i]);
    size_t len = strlen(tail);
    strcpy(s, "*");
    if (before && tail == l->s[i] && len + 2 < STR_LEN)
      strcat(s, "|");
    if (strlen(s) + len < STR_LEN)
      strcat(s, tail);
    normalize(s);
  }
  if (heads && tails) {
    pl_pre_dedupe(d, heads);
    pl_pre_dedupe(d, tails);
  }
  return cross(d, heads, tails); /* NULL-safe */
}

/* Are the items few enough to spell the sequence out, every string of
 * each after every string of the one before? */
static int small(node **it, size_t n) {
  size_t count = 1, len = 0;
  for (size_t i = 0; i < n && count <= EXACT_MAX; i++) {
    count *= it[i]->n;
    len += max_len(it[i]);
  }
  return count <= EXACT_MAX && len < STR_LEN;
}

/* The items spelled out; they are consumed. */
static node *all_of(dict *d, node **it, size_t n) {
  node *x = it[0];
  for (size_t i = 1; i < n; i++)
    x = cross(d, x, it[i]);
  return x;
}

/* it[0] then it[1] ... then it[n-1]; the items are consumed. Items that
 * may make words together are multiplied out; the others stay apart,
 * and each gives its clauses knowing its neighbours. What the sequence
 * shows outside is its first item's start and its last item's end. */
node *pl_pre_sequence(dict *d, node **it, size_t n) {
  int ok = 1;
  for (size_t i = 0; i < n;) { /* what matches only "" changes nothing */
    if (it[i]->n == 1 && !it[i]->s[0][0]) {
      pl_pre_free(it[i]);
      memmove(it + i, it + i + 1, (n - i - 1) * sizeof *it);
      n--;
    } else {
      i++;
    }
  }
  for (size_t i = 0; ok && i + 1 < n;) {
    if (ends_in_word(it, i) && starts_in_word(it, n, i + 1)) {
      it[i] = cross(d, it[i], it[i + 1]);
      ok = it[i] != NULL;
      memmove(it + i + 1, it + i + 2, (n - i - 2) * sizeof *it);
      n--;
      i = i ? i - 1 : 0;
    } else {
      i++;
    }
  }
  node *x = ok && n > 1 ? node_alloc(0) : NULL;
  uint8_t *after = x ? malloc(n) : NULL; /* a boundary after item i? */
  if (x && !after) {
    pl_pre_free(x);
    x = NULL;
  }
  if (x) {
    after[n - 1] = 0;
    for (size_t i = n - 1; i-- > 0;)
      after[i] = (uint8_t)(bounded_side(it[i + 1], 0) &&
                           (!has_empty(it[i + 1]) || after[i + 1]));
    int before = 0, last_before = 0;
    for (size_t i = 0; i < n; i++) {
      pl_pre_add_clauses(d, x, it[i]);
      cover_in_place(d, x, it[i], before, after[i]);
      last_before = before;
      before = bounded_side(it[i], 1) && (!has_empty(it[i]) || before);
    }
    int spelled = small(it, n);
    node *shown = spelled ? all_of(d, it, n)
                          : ends(d, it[0], it[n - 1], after[0], last_before);
    if (spelled)
      n = 0; /* all_of() consumed them */
    if (shown)
      pl_pre_add_clauses(d, shown, x);
    pl_pre_free(x);
    x = shown;
    free(after);
  }
  node *one = ok && n == 1 ? it[0] : NULL;
  for (size_t i = 0; i < n; i++)
    if (it[i] != one)
      pl_pre_free(it[i]);
  if (one || (ok && !n && !x))
    return one ? one : pl_pre_node("");
  return x;
}

node *pl_pre_concat(dict *d, node *a, node *b) {
  if (!a || !b) {
    pl_pre_free(a);
    pl_pre_free(b);
    return NULL;
  }
  node *it[2] = {a, b};
  return pl_pre_sequence(d, it, 2);
}

/* a or b; both are consumed. */
node *pl_pre_alternate(dict *d, node *a, node *b) {
  node *x = NULL;
  if (a && b) {
    if (a->ncl || b->ncl) { /* one side without clauses: give it some */
      if (!a->ncl)
        pl_pre_add_covers(d, a, a, 0);
      if (!b->ncl)
        pl_pre_add_covers(d, b, b, 0);
    }
    if (a->n + b->n > MAX_STR) {
      pl_pre_dedupe(d, a);
      pl_pre_dedupe(d, b);
    }
    if (a->n + b->n > MAX_STR) {
      collapse(d, a);
      collapse(d, b);
    }
    x = node_alloc(a->n + b->n);
  }
  if (x) {
    pl_pre_or_clauses(d, x, a, b);
    if (a->n + b->n > MAX_STR) {
      make_any(x);
    } else {
      memcpy(x->s, a->s, a->n * sizeof *a->s);
      memcpy(x->s + a->n, b->s, b->n * sizeof *b->s);
      x->n = a->n + b->n; /* parse_alternation() drops repeats */
    }
  }
  pl_pre_free(a);
  pl_pre_free(b);
  return x;
}

/* Is every string of b also one of a? (Both sorted.) */
static int subset(dict *d, node *b, node *a) {
  pl_pre_dedupe(d, a);
  pl_pre_dedupe(d, b);
  size_t j = 0;
  for (size_t i = 0; i < b->n; i++) {
    while (j < a->n && strcmp(a->s[j], b->s[i]) < 0)
      j++;
    if (j == a->n || strcmp(a->s[j], b->s[i]))
      return 0;
  }
  return 1;
}

/* x repeated min..max times, each count spelled out; x is consumed. */
static node *repeat_few(dict *d, node *x, long min, long max) {
  node *out = NULL, *power = pl_pre_node("");
  int ok = power != NULL;
  for (long k = 0; ok && k <= max; k++) {
    if (k >= min) {
      node *copy = pl_pre_dup(power);
      out = out ? pl_pre_alternate(d, out, copy) : copy;
      ok = out != NULL;
    }
    if (ok && k < max) {
      power = pl_pre_concat(d, power, pl_pre_dup(x));
      ok = power != NULL;
    }
  }
  pl_pre_free(power);
  pl_pre_free(x);
  if (!ok) {
    pl_pre_free(out);
    return NULL;
  }
  return out;
}

/* x repeated min..max times (max < 0: no limit); x is consumed. Many
 * repeats are x, or anything followed by x, which holds every repeat;
 * when xx reads as x (\s+ is "#"), just x. */
node *pl_pre_repeat(dict *d, node *x, long min, long max) {
  if (max >= 0 && max <= 3)
    return repeat_few(d, x, min, max);
  node *twice = cross(d, pl_pre_dup(x), pl_pre_dup(x));
  node *plus;
  if (twice && subset(d, twice, x)) {
    plus = x;
  } else {
    node *once = pl_pre_dup(x);
    plus = pl_pre_alternate(d, once, pl_pre_concat(d, pl_pre_node("*"), x));
  }
  pl_pre_free(twice);
  return min == 0 ? pl_pre_alternate(d, pl_pre_node(""), plus) : plus;
}
