/* rewrite.c: faithful replacements, and applying them to a note.
 *
 * A replacement takes the case of what it replaces, fixes the "a"/"an"
 * before it and tidies spacing when it deletes. peerlint_fix() applies the
 * first safe rewrite of every finding; where two rewrites overlap, the
 * earlier (then the longer) wins and the other is retried on the result,
 * until a pass changes nothing. That loop is what makes fix idempotent. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "result.h"
#include "rewrite.h"

void pl_expand(pl_buf *out, const char *tmpl, const char *s,
               const size_t *groups, size_t ngroups) {
  for (const char *p = tmpl; *p; p++) {
    if (*p != '$' || !p[1]) {
      pl_buf_putc(out, *p);
      continue;
    }
    if (p[1] == '$') {
      pl_buf_putc(out, '$');
      p++;
    } else if (p[1] >= '0' && p[1] <= '9') {
      size_t g = (size_t)(p[1] - '0');
      if (g < ngroups && groups[2 * g] != (size_t)-1)
        pl_buf_add(out, s + groups[2 * g], groups[2 * g + 1] - groups[2 * g]);
      p++;
    } else {
      pl_buf_putc(out, '$');
    }
  }
  pl_buf_add(out, "", 0);
}

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_alpha(char c) { return is_upper(c) || is_lower(c); }

void pl_apply_case(pl_buf *out, const char *match, size_t mlen,
                   const char *repl, int caps_neutral, int sentence_start) {
  size_t upper = 0, lower = 0;
  char first = 0;
  for (size_t i = 0; i < mlen; i++) {
    if (!first && is_alpha(match[i]))
      first = match[i];
    upper += is_upper(match[i]);
    lower += is_lower(match[i]);
  }
  size_t start = out->len;
  pl_buf_puts(out, repl);
  if (!pl_buf_ok(out) || out->len == start)
    return;
  char *r = out->data + start;
  if (!caps_neutral && upper >= 2 && lower == 0) {
    for (; *r; r++)
      if (is_lower(*r))
        *r = (char)(*r - 32);
  } else if (is_upper(first) && (!caps_neutral || sentence_start)) {
    if (is_lower(r[0]))
      r[0] = (char)(r[0] - 32);
  }
}

static int starts_with(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

int pl_vowel_sound(const char *phrase) {
  while (*phrase == ' ' || *phrase == '"' || *phrase == '(')
    phrase++;
  char w[16];
  size_t n = 0, caps = 0;
  while (n < sizeof w - 1 && is_alpha(phrase[n])) {
    caps += is_upper(phrase[n]);
    w[n] = (char)(phrase[n] | 0x20);
    n++;
  }
  w[n] = 0;
  if (n == 0) /* "an 8-week group", "an 11-year-old", "an 18th" */
    return phrase[0] == '8' ||
           (starts_with(phrase, "11") || starts_with(phrase, "18"));
  if (n >= 2 && caps == n) /* an acronym is read letter by letter */
    return strchr("aefhilmnorsx", w[0]) != NULL;
  static const char *const consonant[] = {
      "uni", "use", "usi", "usu", "uti", "ure", "uri", "ura", "uro", "ubiq",
      "eu",  "ewe", "one", "once", NULL};
  static const char *const vowel[] = {"hour", "honest", "honor", "honour",
                                      "heir", NULL};
  for (const char *const *p = consonant; *p; p++)
    if (starts_with(w, *p))
      return 0;
  for (const char *const *p = vowel; *p; p++)
    if (starts_with(w, *p))
      return 1;
  return strchr("aeiou", w[0]) != NULL;
}

static int word_byte(char c) {
  return is_alpha(c) || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* Finds "a" or "an" right before `start` (spaces between); returns its
 * start, or (size_t)-1. */
static size_t article_before(const char *s, size_t start, size_t *len) {
  size_t i = start;
  while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
    i--;
  if (i == start)
    return (size_t)-1;
  size_t j = i;
  while (j > 0 && is_alpha(s[j - 1]) && i - j < 3)
    j--;
  if (j > 0 && word_byte(s[j - 1]))
    return (size_t)-1;
  size_t n = i - j;
  if ((n == 1 && (s[j] | 0x20) == 'a') ||
      (n == 2 && (s[j] | 0x20) == 'a' && (s[j + 1] | 0x20) == 'n')) {
    *len = n;
    return j;
  }
  return (size_t)-1;
}

void pl_make_edit(const char *s, size_t n, size_t start, size_t end,
                  const char *repl, size_t *edit_start, size_t *edit_end,
                  pl_buf *out) {
  *edit_start = start;
  *edit_end = end;
  if (!repl[0]) { /* a deletion takes one neighbouring space with it */
    if (start > 0 && s[start - 1] == ' ') {
      (*edit_start)--;
    } else if (end < n && s[end] == ' ') {
      (*edit_end)++;
      /* "Reportedly home." -> "Home.": the capital moves on */
      if (is_upper(s[start]) && *edit_end < n && is_lower(s[*edit_end])) {
        pl_buf_putc(out, (char)(s[*edit_end] - 32));
        (*edit_end)++;
        return;
      }
    }
    pl_buf_add(out, "", 0);
    return;
  }
  size_t alen = 0, a = article_before(s, start, &alen);
  if (a != (size_t)-1) {
    int want_an = pl_vowel_sound(repl);
    if (want_an != (alen == 2)) {
      *edit_start = a;
      pl_buf_putc(out, s[a]); /* keeps "A" or "a" */
      if (want_an)
        pl_buf_putc(out, is_upper(s[a]) && is_upper(s[start]) ? 'N' : 'n');
      pl_buf_add(out, s + a + alen, start - a - alen);
    }
  }
  pl_buf_puts(out, repl);
}

/* ---- peerlint_fix ------------------------------------------------------- */

struct peerlint_rewrite {
  pl_arena arena;
  char *text;
  size_t len;
  peerlint_edit *edits;
  size_t nedits;
  peerlint_result *remaining;
  const char *original; /* the note given to peerlint_fix, while it runs */
};

typedef struct planned {
  const peerlint_finding *f;
  size_t order;
} planned;

static int by_edit(const void *a, const void *b) {
  const planned *x = a, *y = b;
  if (x->f->edit_offset != y->f->edit_offset)
    return x->f->edit_offset < y->f->edit_offset ? -1 : 1;
  if (x->f->edit_length != y->f->edit_length)
    return x->f->edit_length > y->f->edit_length ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* What an edit added to the text's length (negative when it shortened it). */
static long edit_growth(const peerlint_edit *e) {
  return (long)strlen(e->new_text) - (long)e->length;
}

/* The edit of an earlier pass (`done` of them, in original order) whose
 * new text holds `pos` of this pass's text, with that text's end in *end;
 * NULL when pos lies outside them all. *delta is what the earlier edits
 * before pos added to the text's length. */
static const peerlint_edit *earlier_edit(const peerlint_rewrite *rw,
                                         size_t done, size_t pos, long *delta,
                                         size_t *end) {
  *delta = 0;
  for (size_t i = 0; i < done; i++) {
    const peerlint_edit *e = &rw->edits[i];
    size_t new_start = (size_t)((long)e->offset + *delta);
    size_t new_len = strlen(e->new_text);
    if (pos < new_start)
      return NULL;
    if (pos < new_start + new_len) {
      *end = new_start + new_len;
      return e;
    }
    *delta += edit_growth(e);
  }
  return NULL;
}

/* Does [pos, pos + len) of this pass's text lie wholly inside text an
 * earlier pass wrote? Such a match is not rewritten again: a rewrite that
 * a rule flags would otherwise feed itself, the note growing pass after
 * pass (found by fuzz/fuzz_pack). */
static int inside_rewrite(const peerlint_rewrite *rw, size_t done, size_t pos,
                          size_t len) {
  long delta;
  size_t end;
  return earlier_edit(rw, done, pos, &delta, &end) && pos + len <= end;
}

/* An edit as this pass's text shows it: an earlier pass's edit (its new
 * text) or one of this pass's rewrites, at [start, end) of the text. */
typedef struct span {
  size_t start, end;
  const peerlint_edit *earlier;
  const peerlint_finding *f;
} span;

static int span_cmp(const void *a, const void *b) {
  const span *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

/* Lists the earlier passes' edits and this pass's rewrites (`applied`,
 * in order, not overlapping) as spans of this pass's text, sorted. */
static span *pass_spans(const peerlint_rewrite *rw, const planned *applied,
                        size_t napplied, size_t *n) {
  span *s = malloc((rw->nedits + napplied + 1) * sizeof *s);
  if (!s)
    return NULL;
  long delta = 0;
  for (size_t i = 0; i < rw->nedits; i++) {
    const peerlint_edit *e = &rw->edits[i];
    size_t start = (size_t)((long)e->offset + delta);
    s[i] = (span){start, start + strlen(e->new_text), e, NULL};
    delta += edit_growth(e);
  }
  for (size_t i = 0; i < napplied; i++) {
    const peerlint_finding *f = applied[i].f;
    s[rw->nedits + i] = (span){f->edit_offset,
                               f->edit_offset + f->edit_length, NULL, f};
  }
  *n = rw->nedits + napplied;
  qsort(s, *n, sizeof *s, span_cmp);
  return s;
}

/* Spans of this pass's text that overlap one another, [start, end) in
 * all; `before` is what the earlier edits ahead of them added to the
 * text's length, `growth` what the earlier edits among them added. */
typedef struct component {
  size_t start, end;
  long before, growth;
} component;

/* One edit of the original for the component's spans s[0..n): the
 * original bytes under them, and this pass's text with this pass's
 * rewrites applied. */
static int merged_edit(peerlint_rewrite *rw, const char *text,
                       const span *s, size_t n, const component *c,
                       peerlint_edit *out) {
  size_t pos = c->start;
  pl_buf repl = {0};
  for (size_t i = 0; i < n; i++) {
    if (s[i].earlier) {
      out->rule = out->rule ? out->rule : s[i].earlier->rule;
      continue;
    }
    pl_buf_add(&repl, text + pos, s[i].start - pos);
    pl_buf_puts(&repl, s[i].f->replacement);
    pos = s[i].end;
    out->rule = s[i].f->rule; /* the rule that wrote the final words */
  }
  pl_buf_add(&repl, text + pos, c->end - pos);
  out->offset = (size_t)((long)c->start - c->before);
  out->length =
      (size_t)((long)c->end - c->before - c->growth) - out->offset;
  out->old_text = pl_arena_strndup(&rw->arena, rw->original + out->offset,
                                   out->length);
  out->new_text = pl_buf_ok(&repl)
                      ? pl_arena_strndup(&rw->arena, repl.data, repl.len)
                      : NULL;
  pl_buf_free(&repl);
  return out->old_text && out->new_text ? 0 : -1;
}

/* Folds this pass's rewrites into the edits so far, so every edit stays a
 * span of the original with the original's bytes as its old text, sorted
 * and not overlapping: a rewrite that reaches into an earlier pass's
 * rewrite ("ETOH abuser" -> "alcohol abuser" -> "person who drinks")
 * becomes one edit with it. An API client can apply the edits to the note
 * it sent and get the rewritten text. */
static int compose(peerlint_rewrite *rw, const char *text,
                   const planned *applied, size_t napplied) {
  size_t n = 0;
  span *s = pass_spans(rw, applied, napplied, &n);
  peerlint_edit *edits = malloc((n + 1) * sizeof *edits);
  if (!s || !edits) {
    free(s);
    free(edits);
    return -1;
  }
  size_t count = 0;
  long before = 0;
  int rc = 0;
  for (size_t i = 0, j; i < n && rc == 0; i = j) {
    component c = {s[i].start, s[i].end, before, 0};
    for (j = i + 1; j < n && s[j].start < c.end && s[j].end > c.start; j++)
      c.end = s[j].end > c.end ? s[j].end : c.end;
    for (size_t k = i; k < j; k++)
      if (s[k].earlier)
        c.growth += edit_growth(s[k].earlier);
    if (j == i + 1 && s[i].earlier) {
      edits[count++] = *s[i].earlier; /* untouched by this pass */
    } else {
      edits[count] = (peerlint_edit){0};
      rc = merged_edit(rw, text, s + i, j - i, &c, &edits[count++]);
    }
    before += c.growth;
  }
  free(s);
  free(rw->edits);
  rw->edits = edits;
  rw->nedits = count;
  return rc;
}

/* One pass: applies every non-overlapping rewrite of `res` to `text`.
 * Returns how many were applied, or -1 when out of memory. */
static long apply_pass(peerlint_rewrite *rw, const peerlint_result *res,
                       const char *text, size_t len, const char *only,
                       int spelling, pl_buf *out) {
  planned *plan = malloc((res->n + 1) * sizeof *plan);
  if (!plan)
    return -1;
  size_t np = 0;
  for (size_t i = 0; i < res->n; i++) {
    const peerlint_finding *f = &res->findings[i];
    int is_spelling = !strcmp(f->pack, "spelling");
    if (f->replacement && (!only || !strcmp(only, f->rule)) &&
        (!is_spelling || spelling || only))
      plan[np] = (planned){f, np}, np++;
  }
  qsort(plan, np, sizeof *plan, by_edit);
  size_t at = 0, applied = 0;
  for (size_t i = 0; i < np; i++) {
    const peerlint_finding *f = plan[i].f;
    if (f->edit_offset < at)
      continue; /* overlaps one applied in this pass: next pass */
    if (inside_rewrite(rw, rw->nedits, f->offset, f->length))
      continue; /* a rewrite is never rewritten */
    pl_buf_add(out, text + at, f->edit_offset - at);
    pl_buf_puts(out, f->replacement);
    at = f->edit_offset + f->edit_length;
    plan[applied++] = plan[i]; /* kept in order, for compose() */
  }
  pl_buf_add(out, text + at, len - at);
  int rc = applied ? compose(rw, text, plan, applied) : 0;
  free(plan);
  return pl_buf_ok(out) && rc == 0 ? (long)applied : -1;
}

PL_API peerlint_rewrite *peerlint_fix(const peerlint_engine *engine,
                                      const char *text, size_t len,
                                      const peerlint_fix_options *opts,
                                      peerlint_error *err) {
  peerlint_rewrite *rw = calloc(1, sizeof *rw);
  if (!rw) {
    pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
    return NULL;
  }
  const char *only = opts ? opts->only_rule : NULL;
  pl_buf cur = {0};
  rw->original = text ? text : "";
  pl_buf_add(&cur, rw->original, text ? len : 0);
  /* Each pass applies at least one edit or stops; overlaps are rare, so a
   * handful of passes settles any real note. */
  for (int pass = 0; pass < 8; pass++) {
    peerlint_result *res =
        only ? peerlint_check_rule(engine, only, cur.data, cur.len, err)
             : peerlint_check(engine, cur.data, cur.len, err);
    if (!res)
      goto fail;
    pl_buf next = {0};
    long applied = apply_pass(rw, res, cur.data, cur.len, only,
                              opts && opts->spelling, &next);
    if (applied <= 0) {
      pl_buf_free(&next);
      rw->remaining = res;
      if (applied < 0) {
        pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
        goto fail;
      }
      break;
    }
    peerlint_result_free(res);
    pl_buf_free(&cur);
    cur = next;
  }
  if (!rw->remaining &&
      !(rw->remaining = peerlint_check(engine, cur.data, cur.len, err)))
    goto fail;
  rw->original = NULL;
  rw->len = cur.len;
  rw->text = pl_buf_take(&cur);
  if (!rw->text) {
    pl_fail(err, PEERLINT_E_NOMEM, "out of memory");
    goto fail;
  }
  return rw;
fail:
  pl_buf_free(&cur);
  peerlint_rewrite_free(rw);
  return NULL;
}

PL_API const char *peerlint_rewrite_text(const peerlint_rewrite *rw,
                                         size_t *len) {
  if (len)
    *len = rw ? rw->len : 0;
  return rw ? rw->text : NULL;
}

PL_API size_t peerlint_rewrite_edit_count(const peerlint_rewrite *rw) {
  return rw ? rw->nedits : 0;
}

PL_API const peerlint_edit *peerlint_rewrite_edit_at(const peerlint_rewrite *rw,
                                                     size_t i) {
  return rw && i < rw->nedits ? &rw->edits[i] : NULL;
}

PL_API const peerlint_result *
peerlint_rewrite_remaining(const peerlint_rewrite *rw) {
  return rw ? rw->remaining : NULL;
}

PL_API void peerlint_rewrite_free(peerlint_rewrite *rw) {
  if (!rw)
    return;
  peerlint_result_free(rw->remaining);
  pl_arena_free(&rw->arena);
  free(rw->edits);
  free(rw->text);
  free(rw);
}
