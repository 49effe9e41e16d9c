/* text.c: UTF-8, words, sentences, quoted speech, lines and columns.
 *
 * Sentence boundaries follow how peer notes are written: a ., ! or ?
 * followed by a space or the end (not after an initial like "J." or a
 * title like "Dr."), a blank line, or a line break before a line that
 * starts like a new sentence (a capital, a digit or a bullet). A line
 * break before a lowercase word is a hard wrap inside one sentence.
 *
 * Quoted speech is "..." or “...”. A quote left open ends at the end of
 * its line, so one stray mark cannot hide the rest of a note. */
#include "text.h"

#include "buf.h"

#include <stdlib.h>
#include <string.h>

int pl_utf8_check(const char *str, size_t n, size_t *bad, int *is_nul) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  *is_nul = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      if (c == 0) {
        *bad = i;
        *is_nul = 1;
        return -1;
      }
      i++;
      continue;
    }
    size_t len;
    uint32_t min;
    if (c >= 0xC2 && c <= 0xDF)
      len = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
      len = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
      len = 4, min = 0x10000;
    else
      goto invalid;
    if (n - i < len)
      goto invalid;
    uint32_t cp = c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        goto invalid;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      goto invalid;
    i += len;
  }
  return 0;
invalid:
  *bad = i;
  return -1;
}

size_t pl_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned char c = s[0];
  size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (len > n)
    len = n;
  uint32_t v = len == 1 ? c : c & (0xFF >> (len + 1));
  for (size_t k = 1; k < len; k++)
    v = (v << 6) | (s[k] & 0x3F);
  *cp = v;
  return len;
}

int pl_is_word_char(uint32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= '0' && cp <= '9');
  /* Latin-1 punctuation and symbols, general punctuation (dashes, curly
   * quotes, ellipsis), arrows, math operators, box drawing and emoji are
   * not letters; nearly everything else past ASCII in a note is. */
  if (cp < 0xC0)
    return 0;
  if (cp == 0xD7 || cp == 0xF7)
    return 0;
  if (cp >= 0x2000 && cp <= 0x2BFF)
    return 0;
  if (cp >= 0x3000 && cp <= 0x303F)
    return 0;
  if (cp >= 0xFE30 && cp <= 0xFE4F)
    return 0;
  if (cp >= 0xFF00 && cp <= 0xFF0F)
    return 0;
  if (cp >= 0x1F000)
    return 0;
  return 1;
}

int pl_fold_equal(const char *text, const char *lower, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    if (c != lower[i])
      return 0;
  }
  return 1;
}

uint32_t pl_fold_hash(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z')
      c = (unsigned char)(c + 32);
    h = (h ^ c) * 16777619u;
  }
  return h;
}

/* ---- analysis ---------------------------------------------------------- */

/* The character at u[i] and its length; notes are mostly ASCII, which
 * needs neither a call nor a table of ranges. */
static inline size_t char_at(const unsigned char *u, size_t i, size_t n,
                             uint32_t *cp) {
  if (u[i] < 0x80) {
    *cp = u[i];
    return 1;
  }
  return pl_utf8_decode(u + i, n - i, cp);
}

static inline int is_word(uint32_t cp) {
  if (cp < 0x80)
    return ((cp | 32) >= 'a' && (cp | 32) <= 'z') || (cp >= '0' && cp <= '9');
  return pl_is_word_char(cp);
}

typedef struct growable {
  void *items;
  size_t n, cap, size;
} growable;

static void *grow(growable *g) {
  void *p = pl_grow(g->items, &g->cap, g->n, g->size);
  if (!p)
    return NULL;
  g->items = p;
  return (char *)g->items + g->n++ * g->size;
}

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

/* Words after which a period does not end a sentence. */
static int is_abbreviation(const char *w, size_t n) {
  static const char *const list[] = {"dr", "mr", "mrs", "ms", "st", "jr",
                                     "sr", "vs", "eg", "ie", "approx", "no",
                                     "appt", "e.g", "i.e", NULL};
  if (n == 1)
    return 1; /* an initial: "Met with J. at the center" */
  for (const char *const *p = list; *p; p++) {
    if (strlen(*p) != n)
      continue;
    size_t i = 0;
    while (i < n && (w[i] | 0x20) == (*p)[i])
      i++;
    if (i == n)
      return 1;
  }
  return 0;
}

/* Does the line starting at `i` begin like a new sentence? */
static int starts_new_sentence(const char *s, size_t n, size_t i) {
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (i >= n)
    return 1;
  unsigned char c = (unsigned char)s[i];
  if (c == '\n' || c == '\r')
    return 1; /* blank line */
  if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
    return 1;
  if (c == '-' || c == '*' || c == '#' || c == '>')
    return 1;
  if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
      (unsigned char)s[i + 2] == 0xA2)
    return 1; /* • */
  return 0;
}

/* Does a sentence-ending mark at `i` (., ! or ?) end the sentence? */
static int ends_sentence(const char *s, size_t n, size_t i, size_t word_start,
                         size_t word_end) {
  size_t j = i + 1;
  while (j < n && (s[j] == '.' || s[j] == '!' || s[j] == '?'))
    j++;
  /* closing quotes and brackets may follow the mark */
  while (j < n) {
    if (s[j] == '"' || s[j] == ')' || s[j] == '\'') {
      j++;
    } else if (j + 2 < n && (unsigned char)s[j] == 0xE2 &&
               (unsigned char)s[j + 1] == 0x80 &&
               ((unsigned char)s[j + 2] == 0x9D ||
                (unsigned char)s[j + 2] == 0x99)) {
      j += 3;
    } else {
      break;
    }
  }
  if (j < n && !is_space((unsigned char)s[j]))
    return 0;
  if (s[i] == '.' && word_end == i && word_start < word_end &&
      is_abbreviation(s + word_start, word_end - word_start))
    return 0;
  return 1;
}

typedef struct scanner {
  pl_text *t;
  growable words, sentences, quotes;
  size_t sentence_start; /* byte where the current sentence begins */
  int sentence_open;     /* has the current sentence any content? */
  size_t quote_start;
  int in_quote;
} scanner;

static int close_sentence(scanner *sc, size_t end) {
  if (!sc->sentence_open)
    return 0;
  pl_span *sp = grow(&sc->sentences);
  if (!sp)
    return -1;
  sp->start = (uint32_t)sc->sentence_start;
  sp->end = (uint32_t)end;
  sc->sentence_open = 0;
  return 0;
}

static void open_sentence(scanner *sc, size_t at) {
  if (!sc->sentence_open) {
    sc->sentence_open = 1;
    sc->sentence_start = at;
  }
}

static int close_quote(scanner *sc, size_t end) {
  sc->in_quote = 0;
  pl_span *q = grow(&sc->quotes);
  if (!q)
    return -1;
  q->start = (uint32_t)sc->quote_start;
  q->end = (uint32_t)end;
  return 0;
}

static int quote_mark(scanner *sc, size_t i, size_t len, int opens,
                      int closes) {
  if (!sc->in_quote && opens) {
    sc->in_quote = 1;
    sc->quote_start = i;
    return 0;
  }
  if (sc->in_quote && closes)
    return close_quote(sc, i + len);
  return 0;
}

int pl_text_analyze(pl_text *t, const char *s, size_t n) {
  memset(t, 0, sizeof *t);
  t->s = s;
  t->n = n;
  scanner sc = {.t = t};
  int ascii = 1;
  sc.words.size = sizeof(pl_word);
  sc.sentences.size = sizeof(pl_span);
  sc.quotes.size = sizeof(pl_span);
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, last_word_start = 0, last_word_end = 0;
  if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    i = 3; /* byte-order mark */
  while (i < n) {
    uint32_t cp;
    size_t len = char_at(u, i, n, &cp);
    if (is_word(cp)) {
      open_sentence(&sc, i);
      size_t start = i;
      uint32_t h = 2166136261u;
      while (i < n) {
        len = char_at(u, i, n, &cp);
        if (!is_word(cp))
          break;
        ascii &= cp < 0x80;
        for (size_t k = 0; k < len; k++) {
          unsigned char c = u[i + k];
          if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
          h = (h ^ c) * 16777619u;
        }
        i += len;
      }
      pl_word *w = grow(&sc.words);
      if (!w)
        goto oom;
      w->start = (uint32_t)start;
      w->end = (uint32_t)i;
      w->sentence = (uint32_t)sc.sentences.n;
      w->hash = h;
      last_word_start = start;
      last_word_end = i;
      continue;
    }
    int fail = 0;
    if (cp == '.' || cp == '!' || cp == '?') {
      if (sc.sentence_open &&
          ends_sentence(s, n, i, last_word_start, last_word_end)) {
        size_t j = i + 1;
        while (j < n && !is_space(u[j]))
          j++;
        if (sc.in_quote && j > i + 1)
          fail |= close_quote(&sc, j);
        fail |= close_sentence(&sc, j);
        i = j;
        if (fail)
          goto oom;
        continue;
      }
    } else if (cp == '\n' || cp == '\r') {
      if (sc.in_quote)
        fail |= close_quote(&sc, i);
      size_t next = i + 1;
      if (cp == '\r' && next < n && u[next] == '\n')
        next++;
      if (starts_new_sentence(s, n, next))
        fail |= close_sentence(&sc, i);
    } else if (cp == '"') {
      open_sentence(&sc, i);
      fail |= quote_mark(&sc, i, 1, 1, 1);
    } else if (cp == 0x201C) { /* “ */
      open_sentence(&sc, i);
      fail |= quote_mark(&sc, i, len, 1, 0);
    } else if (cp == 0x201D) { /* ” */
      fail |= quote_mark(&sc, i, len, 0, 1);
    } else if (!is_space((unsigned char)cp) || cp >= 0x80) {
      open_sentence(&sc, i);
      ascii &= cp != 0x212A; /* KELVIN SIGN: a caseless 'k' to PCRE2 */
    }
    if (fail)
      goto oom;
    i += len;
  }
  if (sc.in_quote && close_quote(&sc, n))
    goto oom;
  if (close_sentence(&sc, n))
    goto oom;
  t->words = sc.words.items;
  t->nwords = sc.words.n;
  t->sentences = sc.sentences.items;
  t->nsentences = sc.sentences.n;
  t->quotes = sc.quotes.items;
  t->nquotes = sc.quotes.n;
  t->ascii_words = ascii;
  return 0;
oom:
  free(sc.words.items);
  free(sc.sentences.items);
  free(sc.quotes.items);
  memset(t, 0, sizeof *t);
  return -1;
}

void pl_text_free(pl_text *t) {
  free(t->words);
  free(t->sentences);
  free(t->quotes);
  memset(t, 0, sizeof *t);
}

int pl_text_has_word(const pl_text *t, const char *word, size_t from,
                     size_t to) {
  size_t len = strlen(word);
  for (size_t i = 0; i < t->nwords; i++) {
    const pl_word *w = &t->words[i];
    if (w->start >= from && w->end <= to && w->end - w->start == len &&
        pl_fold_equal(t->s + w->start, word, len))
      return 1;
  }
  return 0;
}

size_t pl_text_sentence_at(const pl_text *t, size_t offset) {
  size_t lo = 0, hi = t->nsentences;
  while (lo < hi) { /* first sentence ending after offset */
    size_t mid = lo + (hi - lo) / 2;
    if (t->sentences[mid].end <= offset)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < t->nsentences ? lo : (t->nsentences ? t->nsentences - 1 : 0);
}

int pl_text_in_quote(const pl_text *t, size_t start, size_t end) {
  size_t lo = 0, hi = t->nquotes;
  while (lo < hi) { /* first quote ending after start */
    size_t mid = lo + (hi - lo) / 2;
    if (t->quotes[mid].end <= start)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < t->nquotes && t->quotes[lo].start <= start &&
         t->quotes[lo].end >= end;
}

int pl_text_at_sentence_start(const pl_text *t, size_t offset) {
  if (!t->nsentences)
    return 1;
  size_t si = pl_text_sentence_at(t, offset);
  size_t from = t->sentences[si].start;
  if (from > offset)
    return 1;
  const unsigned char *u = (const unsigned char *)t->s;
  for (size_t i = from; i < offset; i++) {
    unsigned char c = u[i];
    if (is_space(c) || c == '"' || c == '(' || c == '-' || c == '*' ||
        c >= 0x80) /* curly quotes, bullets */
      continue;
    return 0;
  }
  return 1;
}

void pl_cursor_init(pl_cursor *c, const char *s, size_t n) {
  c->s = s;
  c->pos = 0;
  c->line = 1;
  c->col = 1;
  const unsigned char *u = (const unsigned char *)s;
  if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    c->pos = 3;
}

void pl_cursor_seek(pl_cursor *c, size_t offset, size_t *line, size_t *col) {
  const unsigned char *u = (const unsigned char *)c->s;
  for (size_t i = c->pos; i < offset; i++) {
    unsigned char ch = u[i];
    if (ch == '\n') {
      /* a \r\n pair was already counted at the \r */
      if (!(i > 0 && u[i - 1] == '\r')) {
        c->line++;
      }
      c->col = 1;
    } else if (ch == '\r') {
      c->line++;
      c->col = 1;
    } else if ((ch & 0xC0) != 0x80) {
      c->col++;
    }
  }
  if (offset > c->pos)
    c->pos = offset;
  *line = c->line;
  *col = c->col;
}
