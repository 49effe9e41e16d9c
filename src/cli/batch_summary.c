/* batch_summary.c: what `peerlint batch` keeps of each note, and the
 * summary it prints.
 *
 * Each worker folds its notes into its own aggregates (no lock): counts by
 * level for the whole batch, each rule, family (pack), writer and ISO week,
 * and (with text) each wording found. The notes needing attention are kept
 * in one shared list under a lock, capped: the first `detail_cap` in input
 * order, each with its findings and a short excerpt around each. At the
 * end the workers' aggregates are merged; every list is sorted by a key
 * that does not depend on which worker saw which note, so the summary is
 * the same for any number of workers.
 *
 * Writers are listed alphabetically, never by count: the summary is for
 * coaching from patterns, strengths first, not a league table. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "batch.h"

#define MAX_KEYS 20000       /* distinct writers, weeks or wordings kept */
#define MAX_DETAIL_FINDINGS 30
#define EXCERPT 70           /* bytes of context either side of a match */
#define MAX_WORDING 80
#define MAX_TYPE 80          /* bytes of an unknown note type kept */

/* ---- a string-keyed map of batch_stat ---------------------------------- */

typedef struct smap {
  batch_stat **slot;
  size_t cap, n;
  int truncated;
} smap;

static uint64_t hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

static void stat_free(batch_stat *st) {
  if (st)
    free((char *)st->rewrite);
  free(st);
}

static void smap_free(smap *m) {
  for (size_t i = 0; i < m->cap; i++)
    stat_free(m->slot[i]);
  free(m->slot);
}

static int smap_grow(smap *m) {
  size_t cap = m->cap ? m->cap * 2 : 64;
  batch_stat **s = calloc(cap, sizeof *s);
  if (!s)
    return -1;
  for (size_t i = 0; i < m->cap; i++) {
    batch_stat *st = m->slot[i];
    if (!st)
      continue;
    size_t j = hash(st->key, strlen(st->key)) & (cap - 1);
    while (s[j])
      j = (j + 1) & (cap - 1);
    s[j] = st;
  }
  free(m->slot);
  m->slot = s;
  m->cap = cap;
  return 0;
}

/* The entry for key[0..n), made when missing (NULL past MAX_KEYS or out
 * of memory; `truncated` says so). */
static batch_stat *smap_get(smap *m, const char *key, size_t n) {
  if (m->cap) {
    size_t j = hash(key, n) & (m->cap - 1);
    for (batch_stat *st; (st = m->slot[j]); j = (j + 1) & (m->cap - 1))
      if (!strncmp(st->key, key, n) && !st->key[n])
        return st;
  }
  if (m->n >= MAX_KEYS) {
    m->truncated = 1;
    return NULL;
  }
  if ((m->n + 1) * 2 > m->cap && smap_grow(m))
    return NULL;
  batch_stat *st = calloc(1, sizeof *st + n + 1);
  if (!st)
    return NULL;
  char *k = (char *)(st + 1);
  memcpy(k, key, n);
  k[n] = 0;
  st->key = k;
  st->rule_level = -1;
  st->first_seq = UINT64_MAX;
  size_t j = hash(key, n) & (m->cap - 1);
  while (m->slot[j])
    j = (j + 1) & (m->cap - 1);
  m->slot[j] = st;
  m->n++;
  return st;
}

/* ---- aggregates -------------------------------------------------------- */

struct batch_agg {
  batch_agg_opts o;
  pthread_mutex_t lock; /* the details, when this is the shared one */
  size_t notes, fails, level[4], notes_with_strength, undated, bad_dates;
  size_t typed, lacking, unknown; /* required sections (batch_sections.c) */
  smap rules, packs, authors, weeks, wordings, sections, types;
  batch_detail **details; /* worst first, at most o.detail_cap */
  size_t n_details;
};

batch_agg *batch_agg_new(const batch_agg_opts *o) {
  batch_agg *a = calloc(1, sizeof *a);
  if (!a)
    return NULL;
  a->o = *o;
  if (o->detail_cap && !(a->details = calloc(o->detail_cap, sizeof *a->details))) {
    free(a);
    return NULL;
  }
  pthread_mutex_init(&a->lock, NULL);
  return a;
}

static void detail_free(batch_detail *d) {
  if (!d)
    return;
  for (size_t i = 0; i < d->n_shown; i++) {
    batch_detail_finding *f = &d->f[i];
    free(f->rule), free(f->field), free(f->message), free(f->pre);
    free(f->match), free(f->post), free(f->suggestion);
  }
  free(d->f);
  free(d->missing);
  free(d->id), free(d->author), free(d->date), free(d->where);
  free(d);
}

void batch_agg_free(batch_agg *a) {
  if (!a)
    return;
  smap_free(&a->rules), smap_free(&a->packs), smap_free(&a->authors);
  smap_free(&a->weeks), smap_free(&a->wordings);
  smap_free(&a->sections), smap_free(&a->types);
  for (size_t i = 0; i < a->n_details; i++)
    detail_free(a->details[i]);
  free(a->details);
  pthread_mutex_destroy(&a->lock);
  free(a);
}

/* Counts a finding or a note once per note: `notes` counts distinct notes. */
static void once_per_note(batch_stat *st, unsigned long long seq) {
  if (st->last_note != seq + 1) {
    st->last_note = seq + 1;
    st->notes++;
  }
}

static void keep_rewrite(batch_stat *st, const peerlint_finding *f,
                         unsigned long long seq) {
  if (f->n_suggestions && seq < st->first_seq) {
    char *s = strdup(f->suggestions[0]);
    if (s) {
      free((char *)st->rewrite);
      st->rewrite = s;
      st->first_seq = seq;
    }
  }
}

/* A short prefix of `s` that ends on a character boundary. */
static size_t utf8_cut(const char *s, size_t n, size_t max) {
  if (n <= max)
    return n;
  while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
    max--;
  return max;
}

/* The text a finding's offsets point into. */
static const char *finding_text(const batch_note *n, const peerlint_finding *f,
                                size_t *len) {
  if (!n->fields) {
    *len = n->len;
    return n->text;
  }
  for (size_t i = 0; i < n->n_fields; i++)
    if (f->field && !strcmp(n->fields[i].name, f->field)) {
      *len = n->fields[i].len;
      return n->fields[i].text;
    }
  *len = 0;
  return "";
}

/* The finding's line around it: up to EXCERPT bytes either side, with an
 * ellipsis where it was cut. */
static void excerpt(batch_detail_finding *df, const char *t, size_t len,
                    size_t off, size_t flen) {
  if (off > len)
    off = len;
  if (flen > len - off)
    flen = len - off;
  size_t s = off, e = off + flen;
  while (s > 0 && t[s - 1] != '\n' && t[s - 1] != '\r' && off - s < EXCERPT)
    s--;
  while (s < off && ((unsigned char)t[s] & 0xC0) == 0x80)
    s++;
  int cut_start = s > 0 && t[s - 1] != '\n' && t[s - 1] != '\r';
  while (e < len && t[e] != '\n' && t[e] != '\r' && e - (off + flen) < EXCERPT)
    e++;
  while (e > off + flen && e < len && ((unsigned char)t[e] & 0xC0) == 0x80)
    e--;
  int cut_end = e < len && t[e] != '\n' && t[e] != '\r';
  size_t ml = utf8_cut(t + off, flen, 300);
  char *pre = malloc(off - s + 4);
  if (pre) {
    size_t k = 0;
    if (cut_start)
      memcpy(pre, "\xe2\x80\xa6", 3), k = 3;
    memcpy(pre + k, t + s, off - s);
    pre[k + off - s] = 0;
  }
  size_t after = off + flen;
  char *post = malloc(e - after + 4);
  if (post) {
    memcpy(post, t + after, e - after);
    size_t k = e - after;
    if (cut_end)
      memcpy(post + k, "\xe2\x80\xa6", 3), k += 3;
    post[k] = 0;
  }
  df->pre = pre;
  df->match = strndup(t + off, ml);
  df->post = post;
}

static batch_detail *make_detail(const batch_agg_opts *o, const batch_note *n,
                                 const peerlint_result *r, int worst,
                                 const batch_missing *m) {
  batch_detail *d = calloc(1, sizeof *d);
  if (!d)
    return NULL;
  d->seq = n->seq;
  d->worst = worst;
  d->id = n->id ? strdup(n->id) : NULL;
  d->author = n->author ? strdup(n->author) : NULL;
  d->date = n->date ? strdup(n->date) : NULL;
  d->where = n->where ? strdup(n->where) : NULL;
  d->n_findings = peerlint_result_count(r);
  size_t keep = d->n_findings < MAX_DETAIL_FINDINGS ? d->n_findings
                                                     : MAX_DETAIL_FINDINGS;
  d->f = calloc(keep ? keep : 1, sizeof *d->f);
  if (m && m->n && (d->missing = malloc(sizeof *m)))
    *d->missing = *m;
  if (!d->f || (m && m->n && !d->missing)) {
    detail_free(d);
    return NULL;
  }
  for (size_t i = 0; i < keep; i++) {
    const peerlint_finding *f = peerlint_result_at(r, i);
    batch_detail_finding *df = &d->f[d->n_shown++];
    df->rule = strdup(f->rule);
    df->level = (int)f->level;
    df->line = f->line;
    df->column = f->column;
    df->field = f->field ? strdup(f->field) : NULL;
    df->message = f->message ? strdup(f->message) : NULL;
    if (o->text) {
      size_t len;
      const char *t = finding_text(n, f, &len);
      excerpt(df, t, len, f->offset, f->length);
      if (f->n_suggestions)
        df->suggestion = strdup(f->suggestions[0]);
    }
  }
  return d;
}

static batch_rank rank_of(const batch_note *n, const peerlint_result *r,
                          int worst, const batch_missing *m) {
  batch_rank k = {worst, 0, m ? m->n : 0, 0, n->seq};
  if (worst > PEERLINT_STRENGTH)
    k.at_worst = peerlint_result_level_count(r, (peerlint_level)worst);
  for (int l = PEERLINT_STRENGTH + 1; l <= PEERLINT_ERROR; l++)
    k.problems += peerlint_result_level_count(r, (peerlint_level)l);
  return k;
}

/* Does the note ranked `a` need attention more than the one ranked `b`? */
static int ranks_before(const batch_rank *a, const batch_rank *b) {
  if (a->worst != b->worst)
    return a->worst > b->worst;
  if (a->at_worst != b->at_worst)
    return a->at_worst > b->at_worst;
  if (a->sections != b->sections)
    return a->sections > b->sections;
  if (a->problems != b->problems)
    return a->problems > b->problems;
  return a->seq < b->seq;
}

/* Keeps the note in `a`'s list, worst first, when it is among the
 * detail_cap notes that need attention most. */
static void keep_detail(batch_agg *a, const batch_note *n,
                        const peerlint_result *r, int worst,
                        const batch_missing *m) {
  if (!a->o.detail_cap)
    return;
  batch_rank k = rank_of(n, r, worst, m);
  pthread_mutex_lock(&a->lock);
  size_t cap = a->o.detail_cap;
  if (a->n_details < cap || ranks_before(&k, &a->details[cap - 1]->rank)) {
    batch_detail *d = make_detail(&a->o, n, r, worst, m);
    if (d) {
      d->rank = k;
      if (a->n_details == cap)
        detail_free(a->details[--a->n_details]);
      size_t i = a->n_details;
      while (i > 0 && ranks_before(&k, &a->details[i - 1]->rank)) {
        a->details[i] = a->details[i - 1];
        i--;
      }
      a->details[i] = d;
      a->n_details++;
    }
  }
  pthread_mutex_unlock(&a->lock);
}

static void add_level(batch_stat *st, int level) {
  if (st)
    st->level[level]++;
}

/* A typed note's part of the required-section counts: its unknown type
 * (past MAX_KEYS types only counted), or each section it lacks. */
static void add_sections(batch_agg *a, const batch_note *n,
                         const batch_missing *m) {
  if (!n->type)
    return;
  a->typed++;
  if (m && m->unknown) {
    a->unknown++;
    batch_stat *ty = smap_get(&a->types, n->type,
                              utf8_cut(n->type, strlen(n->type), MAX_TYPE));
    if (ty)
      ty->notes++;
  }
  if (!m || !m->n)
    return;
  a->lacking++;
  for (size_t i = 0; i < m->n; i++) {
    char id[128];
    batch_section_id(m->tmpl, m->idx[i], id, sizeof id);
    batch_stat *st = smap_get(&a->sections, id, strlen(id));
    if (st) {
      st->notes++;
      st->fails++;
      st->section = peerlint_template_section_at(m->tmpl, m->idx[i]);
    }
  }
}

void batch_agg_add(batch_agg *a, batch_agg *shared, const batch_note *n,
                   const peerlint_result *r, const batch_missing *m) {
  int worst = peerlint_result_worst(r);
  int fails = (worst >= 0 && worst >= a->o.fail_level) || (m && m->n);
  add_sections(a, n, m);
  a->notes++;
  a->fails += (size_t)fails;
  const char *author = n->author ? n->author : "";
  batch_stat *au = smap_get(&a->authors, author, strlen(author));
  if (!au)
    au = smap_get(&a->authors, "\x01other", 7);
  if (au)
    au->notes++, au->fails += (size_t)fails;
  batch_stat *wk = NULL;
  char week[16];
  if (!n->date || !*n->date)
    a->undated++;
  else if (!batch_iso_week(n->date, week))
    a->bad_dates++;
  else if ((wk = smap_get(&a->weeks, week, strlen(week))))
    wk->notes++, wk->fails += (size_t)fails;
  int strength = 0;
  for (size_t i = 0; i < peerlint_result_count(r); i++) {
    const peerlint_finding *f = peerlint_result_at(r, i);
    int lv = (int)f->level;
    a->level[lv]++;
    add_level(au, lv);
    add_level(wk, lv);
    strength |= lv == PEERLINT_STRENGTH;
    batch_stat *ru = smap_get(&a->rules, f->rule, strlen(f->rule));
    if (ru) {
      if (ru->rule_level < 0) {
        const peerlint_rule_info *ri = peerlint_rule_find(a->o.engine, f->rule);
        ru->rule_level = ri ? (int)ri->level : lv;
        ru->pack = ri ? ri->pack : NULL;
        ru->message = ri ? ri->message : NULL;
      }
      ru->level[lv]++;
      once_per_note(ru, n->seq);
      keep_rewrite(ru, f, n->seq);
    }
    const char *pack = ru && ru->pack ? ru->pack : f->pack;
    batch_stat *pk = smap_get(&a->packs, pack, strlen(pack));
    if (pk) {
      pk->level[lv]++;
      once_per_note(pk, n->seq);
    }
    if (a->o.text && lv != PEERLINT_STRENGTH && f->text) {
      /* rule \x1f wording, lower-cased (ASCII) and cut short */
      char key[256];
      size_t rl = strlen(f->rule), tl = strlen(f->text);
      if (rl > 160)
        continue;
      tl = utf8_cut(f->text, tl, MAX_WORDING);
      memcpy(key, f->rule, rl);
      key[rl] = '\x1f';
      for (size_t k = 0; k < tl; k++) {
        char c = f->text[k];
        key[rl + 1 + k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        if (c == '\n' || c == '\r' || c == '\t')
          key[rl + 1 + k] = ' ';
      }
      batch_stat *wd = smap_get(&a->wordings, key, rl + 1 + tl);
      if (wd) {
        wd->level[lv]++;
        wd->rule = ru ? ru->key : NULL;
        keep_rewrite(wd, f, n->seq);
      }
    }
  }
  a->notes_with_strength += (size_t)strength;
  if (fails)
    keep_detail(shared ? shared : a, n, r, worst, m);
}

static void merge_map(batch_agg *into, smap *dst, const smap *src) {
  (void)into;
  dst->truncated |= src->truncated;
  for (size_t i = 0; i < src->cap; i++) {
    const batch_stat *s = src->slot[i];
    if (!s)
      continue;
    batch_stat *d = smap_get(dst, s->key, strlen(s->key));
    if (!d)
      continue;
    d->notes += s->notes;
    d->fails += s->fails;
    for (int l = 0; l < 4; l++)
      d->level[l] += s->level[l];
    if (d->rule_level < 0) {
      d->rule_level = s->rule_level;
      d->pack = s->pack;
      d->message = s->message;
    }
    if (!d->section)
      d->section = s->section;
    if (s->rewrite && s->first_seq < d->first_seq) {
      char *w = strdup(s->rewrite);
      if (w) {
        free((char *)d->rewrite);
        d->rewrite = w;
        d->first_seq = s->first_seq;
      }
    }
  }
}

void batch_agg_merge(batch_agg *into, const batch_agg *from) {
  into->notes += from->notes;
  into->fails += from->fails;
  into->notes_with_strength += from->notes_with_strength;
  into->undated += from->undated;
  into->bad_dates += from->bad_dates;
  into->typed += from->typed;
  into->lacking += from->lacking;
  into->unknown += from->unknown;
  for (int l = 0; l < 4; l++)
    into->level[l] += from->level[l];
  merge_map(into, &into->rules, &from->rules);
  merge_map(into, &into->packs, &from->packs);
  merge_map(into, &into->authors, &from->authors);
  merge_map(into, &into->weeks, &from->weeks);
  merge_map(into, &into->wordings, &from->wordings);
  merge_map(into, &into->sections, &from->sections);
  merge_map(into, &into->types, &from->types);
  /* Rules point at rule keys of `from`: point wordings at `into`'s. */
  for (size_t i = 0; i < into->wordings.cap; i++) {
    batch_stat *w = into->wordings.slot[i];
    if (!w)
      continue;
    const char *sep = strchr(w->key, '\x1f');
    batch_stat *ru = sep ? smap_get(&into->rules, w->key, (size_t)(sep - w->key))
                         : NULL;
    w->rule = ru ? ru->key : NULL;
  }
}

/* ---- ISO weeks --------------------------------------------------------- */

static int leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* 0 Monday .. 6 Sunday */
static int weekday(long y, int m, int d) {
  static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (m < 3)
    y--;
  int w = (int)((y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7); /* 0 Sun */
  return (w + 6) % 7;
}

static int weeks_in(long y) {
  /* A year has 53 ISO weeks when it starts on a Thursday, or a Wednesday
   * in a leap year. */
  int jan1 = weekday(y, 1, 1);
  return jan1 == 3 || (jan1 == 2 && leap(y)) ? 53 : 52;
}

int batch_iso_week(const char *s, char out[16]) {
  for (int i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
      return 0;
  if (s[10] && s[10] != 'T' && s[10] != ' ')
    return 0;
  long y = strtol(s, NULL, 10);
  int m = (s[5] - '0') * 10 + s[6] - '0', d = (s[8] - '0') * 10 + s[9] - '0';
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1 ||
      d > mdays[m - 1] + (m == 2 && leap(y)))
    return 0;
  int doy = d;
  for (int i = 0; i < m - 1; i++)
    doy += mdays[i] + (i == 1 && leap(y));
  int wd = weekday(y, m, d) + 1; /* 1 Monday .. 7 Sunday */
  int w = (doy - wd + 10) / 7;
  if (w < 1) {
    y--;
    w = weeks_in(y);
  } else if (w > weeks_in(y)) {
    y++;
    w = 1;
  }
  snprintf(out, 16, "%04ld-W%02d", y, w);
  return 1;
}

/* ---- the summary ------------------------------------------------------- */

static size_t total(const batch_stat *s) {
  return s->level[0] + s->level[1] + s->level[2] + s->level[3];
}

static int by_count(const void *x, const void *y) {
  const batch_stat *a = *(batch_stat *const *)x, *b = *(batch_stat *const *)y;
  size_t ta = total(a), tb = total(b);
  if (ta != tb)
    return ta > tb ? -1 : 1;
  if (a->rule_level != b->rule_level) /* the more severe first */
    return a->rule_level > b->rule_level ? -1 : 1;
  return strcmp(a->key, b->key);
}

static int by_key(const void *x, const void *y) {
  const batch_stat *a = *(batch_stat *const *)x, *b = *(batch_stat *const *)y;
  return strcmp(a->key, b->key);
}

/* Most notes first, then by key: sections and unknown types. */
static int by_notes(const void *x, const void *y) {
  const batch_stat *a = *(batch_stat *const *)x, *b = *(batch_stat *const *)y;
  if (a->notes != b->notes)
    return a->notes > b->notes ? -1 : 1;
  return strcmp(a->key, b->key);
}

/* Writers alphabetically (case folded), "not given" and "others" last. */
static int by_writer(const void *x, const void *y) {
  const batch_stat *a = *(batch_stat *const *)x, *b = *(batch_stat *const *)y;
  int sa = !a->key[0] ? 2 : a->key[0] == 1, sb = !b->key[0] ? 2 : b->key[0] == 1;
  if (sa != sb)
    return sa - sb;
  int c = strcasecmp(a->key, b->key);
  return c ? c : strcmp(a->key, b->key);
}

/* Families holding strengths first, then by name. */
static int by_family(const void *x, const void *y) {
  const batch_stat *a = *(batch_stat *const *)x, *b = *(batch_stat *const *)y;
  int sa = a->level[0] == 0, sb = b->level[0] == 0;
  return sa != sb ? sa - sb : strcmp(a->key, b->key);
}

static batch_stat **sorted(const smap *m, size_t *n,
                           int (*cmp)(const void *, const void *)) {
  batch_stat **v = calloc(m->n ? m->n : 1, sizeof *v);
  *n = 0;
  if (!v)
    return NULL;
  for (size_t i = 0; i < m->cap; i++)
    if (m->slot[i])
      v[(*n)++] = m->slot[i];
  qsort(v, *n, sizeof *v, cmp);
  return v;
}

void batch_summarize(batch_agg *a, size_t input_errors, batch_summary *s) {
  memset(s, 0, sizeof *s);
  s->notes = a->notes;
  s->fails = a->fails;
  s->input_errors = input_errors;
  memcpy(s->level, a->level, sizeof s->level);
  s->notes_with_strength = a->notes_with_strength;
  s->undated = a->undated;
  s->bad_dates = a->bad_dates;
  s->fail_level = a->o.fail_level;
  s->text = a->o.text;
  s->spelling_off = peerlint_engine_spelling_off(a->o.engine);
  s->rules = sorted(&a->rules, &s->n_rules, by_count);
  s->packs = sorted(&a->packs, &s->n_packs, by_family);
  s->authors = sorted(&a->authors, &s->n_authors, by_writer);
  s->weeks = sorted(&a->weeks, &s->n_weeks, by_key);
  s->wordings = sorted(&a->wordings, &s->n_wordings, by_count);
  s->wordings_truncated = a->wordings.truncated;
  s->details = a->details;
  s->n_details = a->n_details;
  s->sections_checked = 1; /* the caller says when it was not */
  s->typed = a->typed;
  s->lacking = a->lacking;
  s->unknown = a->unknown;
  s->sections = sorted(&a->sections, &s->n_sections, by_notes);
  s->types = sorted(&a->types, &s->n_types, by_notes);
}

void batch_summary_free(batch_summary *s) {
  free(s->rules), free(s->packs), free(s->authors), free(s->weeks);
  free(s->wordings), free(s->sections), free(s->types);
}

/* ---- text -------------------------------------------------------------- */

static const char *writer_name(const char *key) {
  return !key[0] ? "(not given)" : key[0] == 1 ? "(other writers)" : key;
}

/* A writer's name or a note id for a terminal: control characters as '?'. */
void batch_put_safe(FILE *out, const char *s, int width) {
  int n = 0;
  for (; *s; s++, n++)
    fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, out);
  for (; n < width; n++)
    fputc(' ', out);
}

static const char *plural(size_t n, const char *one, const char *many) {
  return n == 1 ? one : many;
}

static void counts_header(FILE *out, const char *first, int width,
                          int fails) {
  fprintf(out, "  %-*s %7s %9s %5s %8s %6s%s\n", width, first, "notes",
          "strengths", "info", "warnings", "errors",
          fails ? " need attention" : "");
}

/* `fails` < 0: not counted (families). */
static void counts_row(FILE *out, const char *name, int width,
                       const batch_stat *st, int fails) {
  fputs("  ", out);
  batch_put_safe(out, name, width);
  fprintf(out, " %7zu %9zu %5zu %8zu %6zu", st->notes, st->level[0],
          st->level[1], st->level[2], st->level[3]);
  if (fails >= 0)
    fprintf(out, " %14zu", st->fails);
  fputc('\n', out);
}

static int name_width(batch_stat **v, size_t n, int min, int is_writer) {
  int w = min;
  for (size_t i = 0; i < n; i++) {
    int l = (int)strlen(is_writer ? writer_name(v[i]->key) : v[i]->key);
    if (l > w)
      w = l;
  }
  return w > 40 ? 40 : w;
}

void batch_write_text(FILE *out, const batch_summary *s) {
  const char *fl = peerlint_level_name((peerlint_level)s->fail_level);
  fprintf(out, "peerlint batch: %zu note%s checked", s->notes,
          plural(s->notes, "", "s"));
  if (s->input_errors)
    fprintf(out, ", %zu input error%s (on stderr; those notes were skipped)",
            s->input_errors, plural(s->input_errors, "", "s"));
  fprintf(out, "\n\n");

  fprintf(out, "What is going well: %zu strength%s in %zu of %zu notes\n",
          s->level[0], plural(s->level[0], "", "s"), s->notes_with_strength,
          s->notes);
  size_t shown = 0;
  for (size_t i = 0; i < s->n_rules; i++) {
    const batch_stat *r = s->rules[i];
    if (r->rule_level != PEERLINT_STRENGTH || !total(r))
      continue;
    fprintf(out, "  %5zu  %s (in %zu note%s)\n", total(r), r->key, r->notes,
            plural(r->notes, "", "s"));
    if (r->message)
      fprintf(out, "         %s\n", r->message);
    shown++;
  }
  if (!shown)
    fprintf(out, "  None found yet. Notes that quote the person, record the "
                 "choices they made and\n  the next steps they chose show up "
                 "here.\n");

  fprintf(out, "\nBy family\n");
  int w = name_width(s->packs, s->n_packs, 12, 0);
  counts_header(out, "family", w, 0);
  for (size_t i = 0; i < s->n_packs; i++)
    counts_row(out, s->packs[i]->key, w, s->packs[i], -1);

  fprintf(out, "\nRules found, most often first\n");
  shown = 0;
  for (size_t i = 0; i < s->n_rules; i++) {
    const batch_stat *r = s->rules[i];
    if (r->rule_level == PEERLINT_STRENGTH)
      continue;
    fprintf(out, "  %5zu  %-7s  %s (in %zu note%s)\n", total(r),
            r->rule_level >= 0 ? peerlint_level_name((peerlint_level)r->rule_level)
                               : "",
            r->key, r->notes, plural(r->notes, "", "s"));
    if (shown++ < 10) {
      if (r->message)
        fprintf(out, "         %s\n", r->message);
      if (r->rewrite && s->text)
        fprintf(out, "         typical rewrite: %s\n", r->rewrite);
    }
  }
  if (!shown)
    fprintf(out, "  none\n");
  batch_sections_text(out, s);

  if (s->n_authors > 1 || (s->n_authors == 1 && s->authors[0]->key[0])) {
    fprintf(out, "\nBy writer (alphabetical; counts to coach from, not a "
                 "ranking)\n");
    w = name_width(s->authors, s->n_authors, 12, 1);
    counts_header(out, "writer", w, 1);
    for (size_t i = 0; i < s->n_authors; i++)
      counts_row(out, writer_name(s->authors[i]->key), w, s->authors[i], 1);
  }
  if (s->n_weeks) {
    fprintf(out, "\nBy week\n");
    counts_header(out, "week", 10, 1);
    for (size_t i = 0; i < s->n_weeks; i++)
      counts_row(out, s->weeks[i]->key, 10, s->weeks[i], 1);
    if (s->undated)
      fprintf(out, "  %zu note%s without a date\n", s->undated,
              plural(s->undated, "", "s"));
    if (s->bad_dates)
      fprintf(out, "  %zu note%s with a date not written YYYY-MM-DD\n",
              s->bad_dates, plural(s->bad_dates, "", "s"));
  }

  fprintf(out, "\nNotes needing attention (a finding at %s or above%s): "
               "%zu\n", fl, s->lacking ? ", or a required section missing" : "",
          s->fails);
  for (size_t i = 0; i < s->n_details; i++) {
    const batch_detail *d = s->details[i];
    fputs("  ", out);
    batch_put_safe(out, d->id ? d->id : d->where, 0);
    const char *sep = ": ";
    for (size_t j = 0; j < d->n_shown; j++) {
      const batch_detail_finding *f = &d->f[j];
      if (f->level < s->fail_level)
        continue;
      int dup = 0;
      for (size_t k = 0; k < j && !dup; k++)
        dup = d->f[k].level >= s->fail_level && !strcmp(d->f[k].rule, f->rule);
      if (!dup)
        fprintf(out, "%s%s", sep, f->rule), sep = ", ";
    }
    batch_sections_detail_text(out, d, sep[0] == ',');
    fputc('\n', out);
  }
  if (s->fails > s->n_details)
    fprintf(out, "  ... and %zu more (the %zu that need it most are "
                 "listed)\n", s->fails - s->n_details, s->n_details);
  if (s->spelling_off)
    fprintf(out, "\nSpelling was off: %s\n", s->spelling_off);
}

/* ---- JSON -------------------------------------------------------------- */

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }
static json_t *jint(size_t n) { return json_integer((json_int_t)n); }

static json_t *levels(const batch_stat *st) {
  json_t *o = json_object();
  for (int l = 0; l < 4; l++)
    json_object_set_new(o, peerlint_level_name((peerlint_level)l),
                        jint(st->level[l]));
  return o;
}

static json_t *row(const char *kname, const char *key, const batch_stat *st) {
  json_t *o = json_object();
  json_object_set_new(o, kname, jstr(key));
  json_object_set_new(o, "notes", jint(st->notes));
  if (strcmp(kname, "family")) /* a family counts the notes it occurs in */
    json_object_set_new(o, "needs_attention", jint(st->fails));
  json_object_set_new(o, "findings", levels(st));
  return o;
}

void batch_write_json(FILE *out, const batch_summary *s) {
  json_t *root = json_object();
  json_object_set_new(root, "notes", jint(s->notes));
  json_object_set_new(root, "input_errors", jint(s->input_errors));
  json_object_set_new(root, "fail_on",
                      json_string(peerlint_level_name((peerlint_level)s->fail_level)));
  json_object_set_new(root, "needs_attention", jint(s->fails));
  batch_stat all = {0};
  memcpy(all.level, s->level, sizeof all.level);
  json_object_set_new(root, "findings", levels(&all));
  json_object_set_new(root, "notes_with_strengths", jint(s->notes_with_strength));
  json_t *strengths = json_array(), *rules = json_array();
  for (size_t i = 0; i < s->n_rules; i++) {
    const batch_stat *r = s->rules[i];
    json_t *o = json_object();
    json_object_set_new(o, "rule", json_string(r->key));
    json_object_set_new(o, "family", jstr(r->pack));
    json_object_set_new(o, "level", r->rule_level >= 0
        ? json_string(peerlint_level_name((peerlint_level)r->rule_level))
        : json_null());
    json_object_set_new(o, "count", jint(total(r)));
    json_object_set_new(o, "notes", jint(r->notes));
    json_object_set_new(o, "message", jstr(r->message));
    if (r->rule_level != PEERLINT_STRENGTH)
      json_object_set_new(o, "rewrite", jstr(s->text ? r->rewrite : NULL));
    json_array_append_new(r->rule_level == PEERLINT_STRENGTH ? strengths : rules,
                          o);
  }
  json_object_set_new(root, "strengths", strengths);
  json_t *fam = json_array();
  for (size_t i = 0; i < s->n_packs; i++)
    json_array_append_new(fam, row("family", s->packs[i]->key, s->packs[i]));
  json_object_set_new(root, "by_family", fam);
  json_object_set_new(root, "by_rule", rules);
  json_t *au = json_array();
  for (size_t i = 0; i < s->n_authors; i++) {
    const char *k = s->authors[i]->key;
    json_t *o = row("author", k[0] && k[0] != 1 ? k : NULL, s->authors[i]);
    if (k[0] == 1)
      json_object_set_new(o, "others", json_true());
    json_array_append_new(au, o);
  }
  json_object_set_new(root, "by_author", au);
  json_t *wk = json_array();
  for (size_t i = 0; i < s->n_weeks; i++)
    json_array_append_new(wk, row("week", s->weeks[i]->key, s->weeks[i]));
  json_object_set_new(root, "by_week", wk);
  json_object_set_new(root, "undated", jint(s->undated));
  json_object_set_new(root, "bad_dates", jint(s->bad_dates));
  batch_sections_json(root, s);
  json_t *att = json_array();
  for (size_t i = 0; i < s->n_details; i++) {
    const batch_detail *d = s->details[i];
    json_t *o = json_object(), *rs = json_array();
    json_object_set_new(o, "id", jstr(d->id));
    json_object_set_new(o, "where", jstr(d->where));
    for (size_t j = 0; j < d->n_shown; j++) {
      if (d->f[j].level < s->fail_level)
        continue;
      int dup = 0;
      for (size_t k = 0; k < j && !dup; k++)
        dup = d->f[k].level >= s->fail_level && !strcmp(d->f[k].rule, d->f[j].rule);
      if (!dup)
        json_array_append_new(rs, json_string(d->f[j].rule));
    }
    json_object_set_new(o, "rules", rs);
    json_object_set_new(o, "sections_missing", batch_sections_detail_json(d));
    json_array_append_new(att, o);
  }
  json_object_set_new(root, "attention", att);
  json_object_set_new(root, "attention_listed", jint(s->n_details));
  json_object_set_new(root, "spelling", s->spelling_off
                                            ? json_string(s->spelling_off)
                                            : json_string("on"));
  char *txt = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
  if (txt)
    fprintf(out, "%s\n", txt);
  free(txt);
  json_decref(root);
}

/* ---- CSV --------------------------------------------------------------- */

void batch_csv_cell(FILE *out, const char *s) {
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', out);
    fputc(*s, out);
  }
  fputc('"', out);
}

/* For families and rules, `notes` is the notes they occur in and
 * needs_attention is left empty. */
static void csv_out_row(FILE *out, const char *kind, const char *name,
                    const batch_stat *st, int with_fails) {
  fprintf(out, "%s,", kind);
  batch_csv_cell(out, name);
  fprintf(out, ",%zu,", st->notes);
  if (with_fails)
    fprintf(out, "%zu", st->fails);
  fprintf(out, ",%zu,%zu,%zu,%zu\n", st->level[0], st->level[1], st->level[2],
          st->level[3]);
}

void batch_write_csv(FILE *out, const batch_summary *s) {
  fprintf(out, "kind,name,notes,needs_attention,strength,info,warning,error\n");
  batch_stat all = {0};
  all.notes = s->notes;
  all.fails = s->fails;
  memcpy(all.level, s->level, sizeof all.level);
  csv_out_row(out, "total", "", &all, 1);
  for (size_t i = 0; i < s->n_packs; i++)
    csv_out_row(out, "family", s->packs[i]->key, s->packs[i], 0);
  for (size_t i = 0; i < s->n_rules; i++)
    csv_out_row(out, "rule", s->rules[i]->key, s->rules[i], 0);
  for (size_t i = 0; i < s->n_authors; i++)
    csv_out_row(out, "author", writer_name(s->authors[i]->key), s->authors[i], 1);
  for (size_t i = 0; i < s->n_weeks; i++)
    csv_out_row(out, "week", s->weeks[i]->key, s->weeks[i], 1);
  batch_sections_csv(out, s);
}
