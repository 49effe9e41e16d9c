/* diff.c: a unified diff of a rewrite, computed from its edits.
 *
 * The edits say exactly which bytes changed, so no line-matching algorithm
 * is needed (and no note text goes to a temporary file for diff(1)): each
 * edit marks the original lines it touches, touching regions merge, and
 * regions within twice the context of each other share a hunk. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { CONTEXT = 3 };

typedef struct region {
  size_t a, b;              /* first and last original line, inclusive */
  long delta_before, delta; /* bytes added before it, and inside it */
} region;

typedef struct lines {
  size_t *start; /* start[n] == length */
  size_t n;
} lines;

static int split(const char *s, size_t len, lines *l) {
  size_t n = 1;
  for (size_t i = 0; i < len; i++)
    n += s[i] == '\n' && i + 1 < len;
  l->start = malloc((n + 1) * sizeof *l->start);
  if (!l->start)
    return -1;
  l->n = 0;
  l->start[l->n++] = 0;
  for (size_t i = 0; i < len; i++)
    if (s[i] == '\n' && i + 1 < len)
      l->start[l->n++] = i + 1;
  l->start[l->n] = len;
  return 0;
}

static size_t line_of(const lines *l, size_t offset) {
  size_t lo = 0, hi = l->n;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (l->start[mid] <= offset)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

static size_t count_lines(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += s[i] == '\n';
  return n + (len && s[len - 1] != '\n');
}

/* Prints the lines of s[0..len) with a prefix each. */
static void print_lines(FILE *out, char prefix, const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    const char *nl = memchr(s + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - s) + 1 : len;
    fputc(prefix, out);
    fwrite(s + i, 1, end - i, out);
    if (!nl)
      fputs("\n\\ No newline at end of file\n", out);
    i = end;
  }
}

static size_t make_regions(const peerlint_rewrite *rw, const lines *l,
                           region *out) {
  size_t n = 0;
  long total = 0;
  for (size_t i = 0; i < peerlint_rewrite_edit_count(rw); i++) {
    const peerlint_edit *e = peerlint_rewrite_edit_at(rw, i);
    size_t a = line_of(l, e->offset);
    size_t b = line_of(l, e->offset + (e->length ? e->length - 1 : 0));
    long d = (long)strlen(e->new_text) - (long)e->length;
    if (n && a <= out[n - 1].b) {
      if (b > out[n - 1].b)
        out[n - 1].b = b;
      out[n - 1].delta += d;
    } else {
      out[n++] = (region){a, b, total, d};
    }
    total += d;
  }
  return n;
}

static void print_hunk(FILE *out, const char *old, const lines *l,
                       const char *new_text, const region *r, size_t nr,
                       long *line_shift) {
  size_t from = r[0].a > CONTEXT ? r[0].a - CONTEXT : 0;
  size_t to = r[nr - 1].b + CONTEXT < l->n ? r[nr - 1].b + CONTEXT : l->n - 1;
  size_t old_count = to - from + 1, new_count = old_count;
  long shift = 0;
  for (size_t i = 0; i < nr; i++) {
    size_t os = l->start[r[i].a], oe = l->start[r[i].b + 1];
    size_t ns = (size_t)((long)os + r[i].delta_before);
    size_t ne = (size_t)((long)oe + r[i].delta_before + r[i].delta);
    size_t nl = count_lines(new_text + ns, ne - ns);
    new_count = new_count - (r[i].b - r[i].a + 1) + nl;
    shift += (long)nl - (long)(r[i].b - r[i].a + 1);
  }
  fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", from + 1, old_count,
          (size_t)((long)from + *line_shift) + 1, new_count);
  size_t k = 0;
  for (size_t line = from; line <= to;) {
    if (k < nr && line == r[k].a) {
      size_t os = l->start[r[k].a], oe = l->start[r[k].b + 1];
      size_t ns = (size_t)((long)os + r[k].delta_before);
      size_t ne = (size_t)((long)oe + r[k].delta_before + r[k].delta);
      print_lines(out, '-', old + os, oe - os);
      print_lines(out, '+', new_text + ns, ne - ns);
      line = r[k].b + 1;
      k++;
      continue;
    }
    print_lines(out, ' ', old + l->start[line],
                l->start[line + 1] - l->start[line]);
    line++;
  }
  *line_shift += shift;
}

void cli_print_diff(FILE *out, const char *name, const char *old,
                    size_t old_len, const char *new_text, size_t new_len,
                    const peerlint_rewrite *rw) {
  (void)new_len;
  size_t ne = peerlint_rewrite_edit_count(rw);
  if (!ne)
    return;
  lines l;
  region *r = malloc(ne * sizeof *r);
  if (!r || split(old, old_len, &l)) {
    free(r);
    fprintf(stderr, "peerlint: out of memory\n");
    return;
  }
  size_t nr = make_regions(rw, &l, r);
  fprintf(out, "--- %s\n+++ %s\n", name, name);
  long line_shift = 0;
  for (size_t i = 0; i < nr;) {
    size_t j = i + 1; /* regions close enough share a hunk */
    while (j < nr && r[j].a - r[j - 1].b - 1 <= 2 * CONTEXT)
      j++;
    print_hunk(out, old, &l, new_text, r + i, j - i, &line_shift);
    i = j;
  }
  free(l.start);
  free(r);
}
