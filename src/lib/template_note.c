/* template_note.c: a note from a template's answers, and which required
 * sections a note lacks.
 *
 * The note is plain text an EHR field takes as is: the template's title,
 * then for each answered section a heading line "Title:" and the answer,
 * a blank line between sections, and optionally "Reviewed with the person:
 * yes". Headings are how a section is found again, in a note as assembled
 * or as edited later. */
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "engine.h"
#include "template.h"

#define REVIEWED "Reviewed with the person:"

static int is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* [*s, *e) without blanks at either end. */
static void trim(const char **s, const char **e) {
  while (*s < *e && is_blank(**s))
    (*s)++;
  while (*e > *s && is_blank((*e)[-1]))
    (*e)--;
}

/* The person's words on one quoted line: a check ends an open quote at the
 * end of its line, so a wrapped answer would lose its quotes. Quote marks
 * the writer already typed around it are not doubled. */
static void add_own_words(pl_buf *b, const char *s, const char *e) {
  if (e - s >= 2 && *s == '"' && e[-1] == '"') {
    s++;
    e--;
  }
  pl_buf_putc(b, '"');
  int space = 0;
  for (; s < e; s++) {
    if (*s == '\n' || *s == '\r' || *s == '\t' || *s == ' ') {
      space = 1;
      continue;
    }
    if (space)
      pl_buf_putc(b, ' ');
    space = 0;
    pl_buf_putc(b, *s);
  }
  pl_buf_putc(b, '"');
}

PL_API char *peerlint_template_fill(const peerlint_template *t,
                                    const char *const *answers, size_t n,
                                    int reviewed, peerlint_error *err) {
  if (!t || (n && !answers) || n > t->nsections) {
    pl_fail(err, PEERLINT_E_ARG,
            "a template's answers: one per section at most, in order");
    return NULL;
  }
  pl_buf b = {0};
  pl_buf_puts(&b, t->title);
  pl_buf_putc(&b, '\n');
  for (size_t i = 0; i < n; i++) {
    const char *s = answers[i], *e = s ? s + strlen(s) : NULL;
    if (!s)
      continue;
    trim(&s, &e);
    if (s == e)
      continue;
    pl_buf_printf(&b, "\n%s:\n", t->sections[i].title);
    if (t->sections[i].own_words)
      add_own_words(&b, s, e);
    else
      pl_buf_add(&b, s, (size_t)(e - s));
    pl_buf_putc(&b, '\n');
  }
  if (reviewed >= 0)
    pl_buf_printf(&b, "\n%s %s\n", REVIEWED, reviewed ? "yes" : "no");
  char *out = pl_buf_take(&b);
  if (!out)
    pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
  return out;
}

/* ---- finding sections again ---------------------------------------------- */

/* Which section's heading the line [s, e) is: the section index, n for
 * the "Reviewed with the person" line (it ends the last section), or -1. */
static long heading_of(const peerlint_template *t, const char *s,
                       const char *e) {
  trim(&s, &e);
  size_t len = (size_t)(e - s);
  if (len >= strlen(REVIEWED) && !strncasecmp(s, REVIEWED, strlen(REVIEWED)))
    return (long)t->nsections;
  if (len < 2 || e[-1] != ':')
    return -1;
  for (size_t i = 0; i < t->nsections; i++) {
    const char *title = t->sections[i].title;
    if (strlen(title) == len - 1 && !strncasecmp(s, title, len - 1))
      return (long)i;
  }
  return -1;
}

/* Text that counts as an answer: anything but blanks and quote marks. */
static int has_text(const char *s, const char *e) {
  for (; s < e; s++)
    if (!is_blank(*s) && *s != '"')
      return 1;
  return 0;
}

PL_API size_t peerlint_template_missing(const peerlint_template *t,
                                        const char *text, size_t len,
                                        size_t *out, size_t max) {
  if (!t)
    return 0;
  /* Each section's state: 0 absent, 1 heading seen, 2 heading and text. */
  unsigned char state[64] = {0};
  const char *p = text ? text : "", *end = p + (text ? len : 0);
  long current = -1;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *line_end = nl ? nl : end;
    long h = heading_of(t, p, line_end);
    if (h >= 0) {
      current = h < (long)t->nsections ? h : -1;
      if (current >= 0 && !state[current])
        state[current] = 1;
    } else if (current >= 0 && has_text(p, line_end)) {
      state[current] = 2;
    }
    p = nl ? nl + 1 : end;
  }
  size_t missing = 0;
  for (size_t i = 0; i < t->nsections; i++) {
    if (!t->sections[i].required || state[i] == 2)
      continue;
    if (missing < max && out)
      out[missing] = i;
    missing++;
  }
  return missing;
}
