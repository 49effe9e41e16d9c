/* text.h: what the rules need to know about a note's text.
 *
 * One pass over the bytes yields its words (with a case-folded hash each,
 * for the trigger index), its sentences and its quoted spans. Line and
 * column numbers are computed only for the few offsets that get reported. */
#ifndef PL_TEXT_H
#define PL_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Validates UTF-8 (no overlongs, surrogates or code points past U+10FFFF)
 * and rejects NUL. Returns 0, or -1 with the offending byte's offset in
 * `*bad` and `*is_nul` set when that byte is a NUL. */
int pl_utf8_check(const char *s, size_t n, size_t *bad, int *is_nul);

/* Decodes one code point of valid UTF-8 at s (n > 0 bytes left); returns
 * its length in bytes. */
size_t pl_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Is this code point part of a word (letters, digits, marks)? */
int pl_is_word_char(uint32_t cp);

/* Are the n bytes of text, ASCII-lowercased, those of `lower`? */
int pl_fold_equal(const char *text, const char *lower, size_t n);

/* FNV-1a over ASCII-lowercased bytes: equal for "Addict" and "addict". */
uint32_t pl_fold_hash(const char *s, size_t n);

typedef struct pl_word {
  uint32_t start, end; /* byte range */
  uint32_t sentence;   /* index into sentences */
  uint32_t hash;       /* pl_fold_hash of the word */
} pl_word;

typedef struct pl_span {
  uint32_t start, end;
} pl_span;

typedef struct pl_text {
  const char *s;
  size_t n;
  pl_word *words;
  size_t nwords;
  pl_span *sentences;
  size_t nsentences;
  pl_span *quotes; /* quoted speech, quote marks included, in order */
  size_t nquotes;
  /* Every word is ASCII and there is no KELVIN SIGN: the ASCII \b of the
   * patterns and the note's words agree (see prefilter.c). */
  int ascii_words;
} pl_text;

/* Splits valid UTF-8 (at most PEERLINT_MAX_NOTE bytes) into words,
 * sentences and quotes. Returns 0, or -1 when out of memory. */
int pl_text_analyze(pl_text *t, const char *s, size_t n);
void pl_text_free(pl_text *t);

/* Is `word` (lowercase ASCII) a whole word of t, in any case, within
 * [from, to)? (A check's clause words, as the tests and fuzz_prefilter
 * see them.) */
int pl_text_has_word(const pl_text *t, const char *word, size_t from,
                     size_t to);

/* Index of the sentence holding byte `offset`. */
size_t pl_text_sentence_at(const pl_text *t, size_t offset);
/* Does a quoted span contain [start, end)? */
int pl_text_in_quote(const pl_text *t, size_t start, size_t end);
/* Is `offset` the first word of its sentence (only spaces, quotes or
 * bullets before it)? */
int pl_text_at_sentence_start(const pl_text *t, size_t offset);

/* Walks a text forward to compute 1-based lines and columns (columns in
 * characters) for offsets given in increasing order, so reporting many
 * findings costs one pass. Line ends are \n, \r\n and a lone \r; a
 * leading byte-order mark is not a column. */
typedef struct pl_cursor {
  const char *s;
  size_t pos, line, col;
} pl_cursor;

void pl_cursor_init(pl_cursor *c, const char *s, size_t n);
/* Moves to `offset` (>= the last one) and sets *line, *col. */
void pl_cursor_seek(pl_cursor *c, size_t offset, size_t *line, size_t *col);

#endif
