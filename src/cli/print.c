/* print.c: human output, compiler style.
 *
 *   note.txt:1:10: warning: Person-first language ... [person-first/addict]
 *     He is an addict.
 *              ^~~~~~
 *     suggestion: person who uses drugs
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_use_color(FILE *f) {
  const char *no = getenv("NO_COLOR");
  return isatty(fileno(f)) && !(no && *no);
}

static const char *level_color(peerlint_level l) {
  switch (l) {
  case PEERLINT_ERROR: return "\033[1;31m";
  case PEERLINT_WARNING: return "\033[1;33m";
  case PEERLINT_INFO: return "\033[1;36m";
  default: return "\033[1;32m";
  }
}

/* The bounds of the line holding `offset`. */
static void line_bounds(const char *text, size_t len, size_t offset,
                        size_t *start, size_t *end) {
  size_t s = offset;
  while (s > 0 && text[s - 1] != '\n' && text[s - 1] != '\r')
    s--;
  size_t e = offset;
  while (e < len && text[e] != '\n' && text[e] != '\r')
    e++;
  *start = s;
  *end = e;
}

static size_t chars(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

/* The note's line, with tabs as single spaces so the caret lines up and
 * other control characters shown as '?' so the terminal is never driven
 * by note text. */
static void print_source_line(FILE *out, const char *s, size_t n) {
  fputs("  ", out);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\t')
      fputc(' ', out);
    else if (c < 0x20 || c == 0x7F)
      fputc('?', out);
    else
      fputc(c, out);
  }
  fputc('\n', out);
}

void cli_print_oneline(FILE *out, const char *s) {
  int space = 0;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = 1;
      continue;
    }
    if (space)
      fputc(' ', out);
    space = 0;
    fputc(c < 0x20 || c == 0x7F ? '?' : c, out);
  }
}

void cli_print_finding(FILE *out, const char *name, const char *text,
                       size_t len, const peerlint_finding *f, int color) {
  const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
  fprintf(out, "%s%s:%s%zu:%zu:%s %s%s:%s %s [%s]\n", bold, name,
          f->field ? f->field : "", f->line, f->column, reset,
          color ? level_color(f->level) : "", peerlint_level_name(f->level),
          reset, f->message, f->rule);
  if (f->offset <= len && len) {
    size_t ls, le;
    line_bounds(text, len, f->offset, &ls, &le);
    if (ls == 0 && f->offset >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
      ls = 3; /* a byte order mark is not shown, nor counted for the caret */
    print_source_line(out, text + ls, le - ls);
    size_t pad = chars(text + ls, f->offset - ls);
    size_t end = f->offset + f->length < le ? f->offset + f->length : le;
    size_t width = chars(text + f->offset, end - f->offset);
    fprintf(out, "  %*s%s^", (int)pad, "", color ? level_color(f->level) : "");
    for (size_t i = 1; i < width; i++)
      fputc('~', out);
    fprintf(out, "%s\n", reset);
  }
  for (size_t i = 0; i < f->n_suggestions; i++)
    fprintf(out, "  %s: %s\n", i == 0 && f->replacement ? "rewrite" : "consider",
            f->suggestions[i]);
}
