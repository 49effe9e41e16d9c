/* prefilter.c: reading a regex for the words every match contains.
 *
 * The pattern is read the way PCRE2 reads it, and each part (a literal,
 * a class, a group, a repeat) becomes a set of token strings of what it
 * can match (prefilter_sets.c); the words those strings are sure to hold
 * become clauses (prefilter_words.c). A check skips a pattern where a
 * clause has no word, so a clause must hold for every match:
 *
 * - Whatever this reader does not understand stands for "anything" ('*'),
 *   and a construct it cannot parse at all, or one that changes how the
 *   rest reads ((?x), (?R), conditions, verbs), leaves the pattern with
 *   no clause. A mistake here makes a pattern run more often, never less.
 * - Lookarounds match nothing; the only thing taken from one is that it
 *   sees a boundary: (?<=\s), (?<=^|[.!?]\s), (?![\w-]). Words never
 *   come from them (nor from what \K drops: it is still in the range).
 * - The one assumption is about the note: all its words are ASCII and it
 *   has no KELVIN SIGN (U+212A, which a caseless 'k' matches, as it does
 *   U+017F, a letter). On such a note \b, ASCII in our patterns, and the
 *   note's own words (which include accented letters) agree. A check uses
 *   clauses only on such notes (pl_text.ascii_words).
 *
 * Packs repeat long groups (a list of medications, "I|we|writer|...")
 * pattern after pattern; a group's strings are worked out once per engine
 * and kept by their text (memo_group). */
#include "prefilter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "prefilter_sets.h"

/* A group read before, by its text: packs repeat long groups (a list of
 * medications, "I|we|writer|...") pattern after pattern. */
typedef struct memo {
  char *text;
  size_t len;
  uint32_t hash;
  struct node *x;
} memo;

enum { MEMO_SLOTS = 1024, MEMO_MIN = 48 /* shorter groups are cheap */ };

struct pl_prefilter {
  dict d;
  memo memo[MEMO_SLOTS];
  size_t nmemo;
};

typedef struct parser {
  const char *p;
  pl_prefilter *pf;
  dict *d;
  int failed; /* a construct this reader does not know */
  int oom;
} parser;

/* ---- the pattern's syntax ---------------------------------------------- */

static node *parse_alternation(parser *ps);

static node *fail(parser *ps) {
  ps->failed = 1;
  return NULL;
}

/* The two characters beyond ASCII that a caseless pattern matches with
 * an ASCII letter, and that letter. */
enum { KELVIN_SIGN = 0x212A, LONG_S = 0x17F };

/* A literal character as a token. */
static char token_of(uint32_t cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
    return (char)cp;
  if (cp >= 'A' && cp <= 'Z')
    return (char)(cp + 32);
  if (cp == KELVIN_SIGN || cp == LONG_S) /* "k", "s" in a note */
    return cp == KELVIN_SIGN ? 'k' : 's';
  return '#';
}

static node *literal(uint32_t cp) {
  char t[2] = {token_of(cp), 0};
  return pl_pre_node(t);
}

/* One UTF-8 character; advances. */
static uint32_t next_char(parser *ps) {
  const unsigned char *u = (const unsigned char *)ps->p;
  size_t len = u[0] < 0x80 ? 1 : u[0] < 0xE0 ? 2 : u[0] < 0xF0 ? 3 : 4;
  uint32_t cp = len == 1 ? u[0] : u[0] & (0xFF >> (len + 1));
  for (size_t k = 1; k < len; k++) {
    if ((u[k] & 0xC0) != 0x80)
      return ps->p++, 0xFFFD;
    cp = (cp << 6) | (u[k] & 0x3F);
  }
  ps->p += len;
  return cp;
}

/* \x{hh..} or \xhh after the x; -1 when malformed. */
static long hex_escape(parser *ps) {
  char *end;
  if (*ps->p == '{') {
    long v = strtol(ps->p + 1, &end, 16);
    if (*end != '}' || end == ps->p + 1)
      return -1;
    ps->p = end + 1;
    return v;
  }
  char two[3] = {0};
  size_t k = 0;
  while (k < 2 && ((ps->p[k] >= '0' && ps->p[k] <= '9') ||
                   ((ps->p[k] | 32) >= 'a' && (ps->p[k] | 32) <= 'f')))
    two[k] = ps->p[k], k++;
  ps->p += k;
  return k ? strtol(two, NULL, 16) : 0;
}

/* Skips {...} after \p, \g, \k and the like (or one letter: \pL). */
static void skip_braced(parser *ps, char open, char close) {
  if (*ps->p == open) {
    ps->p++;
    while (*ps->p && *ps->p != close)
      ps->p++;
    if (*ps->p)
      ps->p++;
  } else if (*ps->p) {
    ps->p++;
  }
}

/* A set of ASCII characters, and whether it also holds others. `approx`:
 * it may hold more than the class (\p{..}, [:alpha:]), so it says nothing
 * once negated. */
typedef struct charset {
  uint8_t ascii[128];
  int other, approx;
} charset;

static void set_range(charset *cs, uint32_t lo, uint32_t hi) {
  for (uint32_t c = lo; c <= hi && c < 128; c++)
    cs->ascii[c] = 1;
  if (hi >= 128)
    cs->other = 1;
  if (lo <= KELVIN_SIGN && KELVIN_SIGN <= hi) /* see token_of() */
    cs->ascii['k'] = cs->ascii['K'] = 1;
  if (lo <= LONG_S && LONG_S <= hi)
    cs->ascii['s'] = cs->ascii['S'] = 1;
}

static int is_upper(int c) { return c >= 'A' && c <= 'Z'; }

/* Every letter (both cases: (?-i) may be on) and digit? */
static int all_alnum(const charset *cs) {
  for (int c = 0; c < 128; c++)
    if ((pl_pre_is_wordc((char)c) || is_upper(c)) && !cs->ascii[c])
      return 0;
  return 1;
}

static int any_alnum(const charset *cs) {
  for (int c = 0; c < 128; c++)
    if (cs->ascii[c] && (pl_pre_is_wordc((char)c) || is_upper(c)))
      return 1;
  return 0;
}

/* Adds a class escape (\d, \s ...) to cs, or returns an escaped
 * character; -1 for a class or an error. */
static long class_escape(parser *ps, charset *cs) {
  char e = *ps->p++;
  switch (e) {
  case 'd':
    set_range(cs, '0', '9');
    return -1;
  case 'w':
    set_range(cs, 'a', 'z'), set_range(cs, 'A', 'Z');
    set_range(cs, '0', '9'), set_range(cs, '_', '_');
    return -1;
  case 's':
  case 'h':
  case 'v':
    set_range(cs, 9, 13), set_range(cs, ' ', ' ');
    return -1;
  case 'D':
  case 'W':
  case 'S':
  case 'H':
  case 'V':
    for (int c = 0; c < 128; c++) { /* the complements */
      int digit = c >= '0' && c <= '9', space = (c >= 9 && c <= 13) || c == ' ';
      int word = digit || pl_pre_is_wordc((char)c) || is_upper(c) || c == '_';
      if (!(e == 'D' ? digit : e == 'W' ? word : space))
        cs->ascii[c] = 1;
    }
    cs->other = 1;
    return -1;
  case 'p':
  case 'P':
    skip_braced(ps, '{', '}');
    set_range(cs, 0, 127);
    cs->other = cs->approx = 1;
    return -1;
  case 'n':
    return '\n';
  case 't':
    return '\t';
  case 'r':
    return '\r';
  case 'f':
    return '\f';
  case 'e':
    return 27;
  case 'a':
    return 7;
  case 'b':
    return 8;
  case 'x':
    return hex_escape(ps);
  default:
    if (pl_pre_is_wordc(e) || is_upper(e) || !e) {
      ps->failed = 1;
      return -1;
    }
    return (unsigned char)e;
  }
}

/* One member of a class, or the end of a range. */
static long class_char(parser *ps, charset *cs) {
  if (*ps->p != '\\')
    return next_char(ps);
  ps->p++;
  return class_escape(ps, cs);
}

/* [...] after the '[': its set of characters. */
static void parse_class(parser *ps, charset *cs, int *negated) {
  memset(cs, 0, sizeof *cs);
  *negated = *ps->p == '^';
  if (*negated)
    ps->p++;
  for (int first = 1; *ps->p && (*ps->p != ']' || first); first = 0) {
    if (ps->p[0] == '[' && ps->p[1] == ':') { /* [:alpha:] and the like */
      const char *end = strstr(ps->p, ":]");
      if (!end) {
        ps->failed = 1;
        return;
      }
      ps->p = end + 2;
      set_range(cs, 0, 127);
      cs->other = cs->approx = 1;
      continue;
    }
    long lo = class_char(ps, cs), hi = lo;
    if (ps->failed)
      return;
    if (lo < 0)
      continue;
    if (ps->p[0] == '-' && ps->p[1] && ps->p[1] != ']') {
      ps->p++;
      hi = class_char(ps, cs);
      if (ps->failed || hi < lo) {
        ps->failed = 1;
        return;
      }
    }
    set_range(cs, (uint32_t)lo, (uint32_t)hi);
  }
  if (*ps->p != ']') {
    ps->failed = 1;
    return;
  }
  ps->p++;
}

/* One character of a class as token strings: '#' when it cannot be a
 * letter or digit, its few letters when it can only be those, else '*'. */
static node *class_node(dict *d, const charset *cs, int negated) {
  if (negated)
    return pl_pre_node(all_alnum(cs) && !cs->approx ? "#" : "*");
  if (!any_alnum(cs))
    return pl_pre_node("#");
  char letters[5];
  size_t n = 0;
  for (int c = 0; c < 128; c++) {
    if (!cs->ascii[c])
      continue;
    char t = token_of((uint32_t)c);
    if (t == '#' || cs->other || n == 4) /* not just a few letters */
      return pl_pre_node("*");
    letters[n++] = t;
  }
  letters[n] = 0;
  return pl_pre_letters(d, letters);
}

/* A backslash escape outside a class (after the backslash). */
static node *escape(parser *ps) {
  char e = *ps->p++;
  switch (e) {
  case 'b':
  case 'A':
    return pl_pre_node("|");
  case 'B':
  case 'G':
  case 'K':
  case 'z':
  case 'Z':
  case 'E':
    return pl_pre_node("");
  case 's':
  case 'h':
  case 'v':
  case 'R':
  case 'W':
  case 'n':
  case 't':
  case 'r':
  case 'f':
  case 'e':
  case 'a':
    return pl_pre_node("#");
  case 'S':
  case 'w':
  case 'd':
  case 'D':
  case 'N':
  case 'X':
  case 'C':
  case 'H':
  case 'V':
    return pl_pre_node("*");
  case 'p':
  case 'P':
    skip_braced(ps, '{', '}');
    return pl_pre_node("*");
  case 'g':
  case 'k': /* back references: \g1 \g{-1} \k<name> */
    if (*ps->p == '<' || *ps->p == '\'' || *ps->p == '{')
      skip_braced(ps, *ps->p, *ps->p == '<' ? '>' : *ps->p == '{' ? '}' : '\'');
    else
      while (*ps->p == '-' || *ps->p == '+' || (*ps->p >= '0' && *ps->p <= '9'))
        ps->p++;
    return pl_pre_node("*");
  case 'x': {
    long cp = hex_escape(ps);
    return cp < 0 ? fail(ps) : literal((uint32_t)cp);
  }
  case 'Q': {
    node *x = pl_pre_node("");
    while (x && *ps->p && !(ps->p[0] == '\\' && ps->p[1] == 'E'))
      x = pl_pre_concat(ps->d, x, literal(next_char(ps)));
    if (*ps->p)
      ps->p += 2;
    return x;
  }
  default:
    if (e >= '1' && e <= '9') { /* a back reference */
      while (*ps->p >= '0' && *ps->p <= '9')
        ps->p++;
      return pl_pre_node("*");
    }
    if (pl_pre_is_wordc(e) || is_upper(e) || !e)
      return fail(ps);
    return literal((unsigned char)e);
  }
}

/* (?!X) or (?<!X) where X is one character of a class holding every
 * letter and digit: what is there is not one of them. */
static int negated_alnum_class(parser *ps) {
  const char *save = ps->p;
  charset cs;
  int negated = 0;
  if (ps->p[0] == '\\' && ps->p[1] == 'w') {
    memset(&cs, 0, sizeof cs);
    ps->p++;
    class_escape(ps, &cs);
  } else if (*ps->p == '[') {
    ps->p++;
    parse_class(ps, &cs, &negated);
  } else {
    return 0;
  }
  if (!ps->failed && !negated && *ps->p == ')' && all_alnum(&cs) && !cs.approx)
    return 1;
  ps->failed = 0;
  ps->p = save;
  return 0;
}

/* Does every string of x start (or end) with a boundary? Then a
 * lookaround of x marks one. */
static int all_bounded(const node *x, int at_end) {
  for (size_t i = 0; i < x->n; i++) {
    size_t n = strlen(x->s[i]);
    if (!n || !pl_pre_is_bound(x->s[i][at_end ? n - 1 : 0]))
      return 0;
  }
  return x->n > 0;
}

static node *lookaround(parser *ps, int behind, int negative) {
  if (negative && negated_alnum_class(ps)) {
    ps->p++; /* ')' */
    return pl_pre_node("|");
  }
  node *x = parse_alternation(ps);
  if (!x)
    return NULL;
  int bounded = !negative && all_bounded(x, behind);
  pl_pre_free(x);
  if (*ps->p != ')')
    return fail(ps);
  ps->p++;
  return pl_pre_node(bounded ? "|" : "");
}

/* (?...) after the '?', up to its content; NULL to go on with the content
 * as a group, else what the construct stands for. */
static node *special_group(parser *ps, int *done) {
  char c = *ps->p;
  *done = 1;
  if (c == '=' || c == '!') {
    ps->p++;
    return lookaround(ps, 0, c == '!');
  }
  if (c == '<' && (ps->p[1] == '=' || ps->p[1] == '!')) {
    ps->p += 2;
    return lookaround(ps, 1, ps->p[-1] == '!');
  }
  if (c == '#') { /* a comment */
    while (*ps->p && *ps->p != ')')
      ps->p++;
    if (*ps->p)
      ps->p++;
    return pl_pre_node("");
  }
  *done = 0;
  if (c == '<' || c == '\'' || (c == 'P' && ps->p[1] == '<')) {
    char close = c == '\'' ? '\'' : '>';
    ps->p++; /* past '<', '\'' or 'P' */
    while (*ps->p && *ps->p != close)
      ps->p++;
    if (*ps->p)
      ps->p++;
    return NULL;
  }
  if (c == ':' || c == '>' || c == '|') {
    ps->p++;
    return NULL;
  }
  while (*ps->p && strchr("imnsUJ-^x", *ps->p)) { /* options: (?i) (?-i:) */
    if (*ps->p == 'x')
      return *done = 1, fail(ps); /* extended: spaces mean nothing */
    ps->p++;
  }
  *done = 1;
  if (*ps->p == ')') {
    ps->p++;
    return pl_pre_node("");
  }
  if (*ps->p != ':')
    return fail(ps); /* (?R), (?(cond)...), (?C) ... */
  ps->p++;
  *done = 0;
  return NULL;
}

/* A group, after the '('. */
static node *group(parser *ps) {
  if (*ps->p == '*')
    return fail(ps); /* (*VERB) */
  if (*ps->p == '?') {
    ps->p++;
    int done;
    node *x = special_group(ps, &done);
    if (done)
      return x;
  }
  node *x = parse_alternation(ps);
  if (!x)
    return NULL;
  if (*ps->p != ')') {
    pl_pre_free(x);
    return fail(ps);
  }
  ps->p++;
  return x;
}

/* Where the group opening at p ends (past its ')'), or NULL when that
 * takes more than counting parentheses (\Q...\E). */
static const char *group_end(const char *p) {
  int depth = 0;
  for (; *p; p++) {
    if (*p == '\\') {
      if (p[1] == 'Q' || !p[1])
        return NULL;
      p++;
    } else if (*p == '[') {
      p += p[1] == '^' ? 2 : 1;
      if (*p == ']')
        p++;
      for (; *p && *p != ']'; p++) {
        if (*p == '\\' && p[1])
          p++;
        else if (p[0] == '[' && p[1] == ':' && strstr(p, ":]"))
          p = strstr(p, ":]") + 1;
      }
      if (!*p)
        return NULL;
    } else if (*p == '(') {
      depth++;
    } else if (*p == ')' && --depth == 0) {
      return p + 1;
    }
  }
  return NULL;
}

static uint32_t text_hash(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

/* The memo slot of a group's text: where it is, or the empty slot where
 * it would go; NULL when the memo is full. */
static memo *memo_slot(pl_prefilter *pf, const char *text, size_t len,
                       uint32_t h) {
  for (size_t i = h % MEMO_SLOTS, k = 0; k < MEMO_SLOTS;
       i = (i + 1) % MEMO_SLOTS, k++) {
    memo *m = &pf->memo[i];
    if (!m->text ||
        (m->hash == h && m->len == len && !memcmp(m->text, text, len)))
      return m;
  }
  return NULL;
}

/* A group, read once per engine when it is long. */
static node *memo_group(parser *ps) {
  const char *start = ps->p, *end = group_end(start);
  size_t len = end ? (size_t)(end - start) : 0;
  uint32_t h = len >= MEMO_MIN ? text_hash(start, len) : 0;
  memo *m = len >= MEMO_MIN ? memo_slot(ps->pf, start, len, h) : NULL;
  if (m && m->text) {
    ps->p = end;
    return pl_pre_dup(m->x);
  }
  ps->p++;
  node *x = group(ps);
  /* again: the groups inside may have taken the slot. A table kept half
   * empty keeps probes short. */
  m = m ? memo_slot(ps->pf, start, len, h) : NULL;
  if (x && m && !m->text && ps->p == end && ps->pf->nmemo < MEMO_SLOTS / 2 &&
      (m->text = malloc(len))) {
    if (!(m->x = pl_pre_dup(x))) {
      free(m->text);
      m->text = NULL;
      return x;
    }
    memcpy(m->text, start, len);
    m->len = len;
    m->hash = h;
    ps->pf->nmemo++;
  }
  return x;
}

/* Is there a quantifier at p? */
static int quantified(const char *p) {
  return *p == '?' || *p == '*' || *p == '+' ||
         (*p == '{' && p[1] >= '0' && p[1] <= '9');
}

/* A run of plain letters, digits and spaces as one string: most of a
 * pattern is words, and one concat per character would be most of the
 * work. The last character is left for atom() when a quantifier follows
 * it. */
static node *literal_run(parser *ps) {
  char t[STR_LEN];
  size_t n = 0;
  while (n < STR_LEN - 2 &&
         (pl_pre_is_wordc(*ps->p) || is_upper(*ps->p) || *ps->p == ' ') &&
         !quantified(ps->p + 1)) {
    t[n++] = token_of((unsigned char)*ps->p++);
  }
  t[n] = 0;
  return pl_pre_node(t);
}

static node *atom(parser *ps) {
  char c = *ps->p;
  if ((pl_pre_is_wordc(c) || is_upper(c) || c == ' ') && !quantified(ps->p + 1))
    return literal_run(ps);
  if (c == '(')
    return memo_group(ps);
  if (c == '[') {
    ps->p++;
    charset cs;
    int negated;
    parse_class(ps, &cs, &negated);
    return ps->failed ? NULL : class_node(ps->d, &cs, negated);
  }
  if (c == '\\') {
    ps->p++;
    return escape(ps);
  }
  if (c == '.')
    return ps->p++, pl_pre_node("*");
  if (c == '^')
    return ps->p++, pl_pre_node("|");
  if (c == '$')
    return ps->p++, pl_pre_node("");
  if (c == '*' || c == '+' || c == '?' || c == '{')
    return fail(ps);
  return literal(next_char(ps));
}

/* A quantifier at ps->p: sets min and max (-1: none); 0 when there is
 * none. */
static int quantifier(parser *ps, long *min, long *max) {
  char c = *ps->p;
  if (c == '?' || c == '*' || c == '+') {
    ps->p++;
    *min = c == '+';
    *max = c == '?' ? 1 : -1;
  } else if (c == '{') {
    char *end;
    const char *q = ps->p + 1;
    *min = strtol(q, &end, 10);
    if (end == q)
      return 0; /* a literal '{' (PCRE2 before 10.43 reads "{,n}" so) */
    *max = *min;
    if (*end == ',') {
      q = end + 1;
      *max = strtol(q, &end, 10);
      if (end == q)
        *max = -1;
    }
    if (*end != '}')
      return 0;
    ps->p = end + 1;
  } else {
    return 0;
  }
  if (*ps->p == '?' || *ps->p == '+')
    ps->p++; /* lazy or possessive: the same strings */
  return 1;
}

static node *parse_sequence(parser *ps) {
  node **items = NULL;
  size_t n = 0, cap = 0;
  int ok = 1;
  while (ok && *ps->p && *ps->p != '|' && *ps->p != ')') {
    node *item = atom(ps);
    long min, max;
    while (item && quantifier(ps, &min, &max)) {
      if (max >= 0 && min > max) {
        pl_pre_free(item);
        item = fail(ps);
      } else {
        item = pl_pre_repeat(ps->d, item, min, max);
      }
    }
    node **grown = item ? pl_grow(items, &cap, n, sizeof *items) : NULL;
    if (!grown) {
      pl_pre_free(item);
      ok = 0;
      break;
    }
    items = grown;
    items[n++] = item;
  }
  node *x = NULL;
  if (ok) {
    x = pl_pre_sequence(ps->d, items, n);
  } else {
    for (size_t i = 0; i < n; i++)
      pl_pre_free(items[i]);
  }
  free(items);
  return x;
}

static node *parse_alternation(parser *ps) {
  node *x = parse_sequence(ps);
  while (x && *ps->p == '|') {
    ps->p++;
    x = pl_pre_alternate(ps->d, x, parse_sequence(ps));
  }
  if (x && x->n > DEDUPE_AT)
    pl_pre_dedupe(ps->d, x); /* alternate() left the repeats */
  if (!x && !ps->failed)
    ps->oom = 1;
  return x;
}

/* ---- the result -------------------------------------------------------- */

pl_prefilter *pl_prefilter_new(void) {
  pl_prefilter *pf = calloc(1, sizeof *pf);
  if (pf && pl_pre_dict_init(&pf->d)) {
    pl_prefilter_free(pf);
    return NULL;
  }
  return pf;
}

void pl_prefilter_free(pl_prefilter *pf) {
  if (!pf)
    return;
  pl_pre_dict_free(&pf->d);
  for (size_t i = 0; i < MEMO_SLOTS; i++) {
    free(pf->memo[i].text);
    pl_pre_free(pf->memo[i].x);
  }
  free(pf);
}

const char *pl_prefilter_word(const pl_prefilter *pf, unsigned id) {
  return id < pf->d.n ? pf->d.word[id] : "";
}

int pl_prefilter_derive(pl_prefilter *pf, const char *pattern,
                        pl_pre_clauses *out) {
  out->n = 0;
  parser ps = {.p = pattern, .pf = pf, .d = &pf->d};
  node *x = parse_alternation(&ps);
  if (x && *ps.p) /* an unbalanced ')' */
    ps.failed = 1;
  if (x && !ps.failed)
    pl_pre_pick(&pf->d, x, out);
  pl_pre_free(x);
  return ps.oom && !ps.failed ? -1 : 0;
}
