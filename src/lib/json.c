/* json.c: the one JSON shape of a result, used by the CLI, the server and
 * the API alike (documented in README.md, "Output"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "result.h"

static void key(pl_buf *b, const char *k) {
  pl_buf_json_string(b, k, strlen(k));
  pl_buf_putc(b, ':');
}

static void str(pl_buf *b, const char *s) {
  if (s)
    pl_buf_json_string(b, s, strlen(s));
  else
    pl_buf_puts(b, "null");
}

static void finding(pl_buf *b, const peerlint_finding *f) {
  pl_buf_putc(b, '{');
  key(b, "rule"), str(b, f->rule);
  pl_buf_puts(b, ","), key(b, "pack"), str(b, f->pack);
  if (f->field)
    pl_buf_puts(b, ","), key(b, "field"), str(b, f->field);
  pl_buf_puts(b, ","), key(b, "level"), str(b, peerlint_level_name(f->level));
  pl_buf_printf(b, ",\"line\":%zu,\"column\":%zu,\"offset\":%zu,\"length\":%zu",
                f->line, f->column, f->offset, f->length);
  pl_buf_puts(b, ","), key(b, "text"), str(b, f->text);
  pl_buf_puts(b, ","), key(b, "message"), str(b, f->message);
  pl_buf_puts(b, ","), key(b, "principle"), str(b, f->principle);
  pl_buf_puts(b, ","), key(b, "suggestions");
  pl_buf_putc(b, '[');
  for (size_t i = 0; i < f->n_suggestions; i++) {
    if (i)
      pl_buf_putc(b, ',');
    str(b, f->suggestions[i]);
  }
  pl_buf_puts(b, "],"), key(b, "fix");
  if (f->replacement) {
    pl_buf_printf(b, "{\"offset\":%zu,\"length\":%zu,\"text\":",
                  f->edit_offset, f->edit_length);
    str(b, f->replacement);
    pl_buf_putc(b, '}');
  } else {
    pl_buf_puts(b, "null");
  }
  pl_buf_putc(b, '}');
}

/* Counts by pack, in the order packs first appear among the findings.
 * A finding's pack is the engine's own string, so pointers compare. */
static void by_pack(pl_buf *b, const peerlint_result *r) {
  size_t npacks = r->engine->npacks + 1, seen = 0;
  const char **names = calloc(npacks, sizeof *names);
  size_t *counts = calloc(npacks, sizeof *counts);
  if (!names || !counts) {
    b->failed = 1;
    free(names);
    free(counts);
    return;
  }
  for (size_t i = 0; i < r->n; i++) {
    size_t k = 0;
    while (k < seen && names[k] != r->findings[i].pack)
      k++;
    if (k == seen && seen < npacks)
      names[seen++] = r->findings[i].pack;
    if (k < npacks)
      counts[k]++;
  }
  pl_buf_putc(b, '{');
  for (size_t k = 0; k < seen; k++) {
    if (k)
      pl_buf_putc(b, ',');
    key(b, names[k]);
    pl_buf_printf(b, "%zu", counts[k]);
  }
  pl_buf_putc(b, '}');
  free(names);
  free(counts);
}

static void summary(pl_buf *b, const peerlint_result *r) {
  pl_buf_printf(b,
                "{\"error\":%zu,\"warning\":%zu,\"info\":%zu,\"strength\":%zu,",
                peerlint_result_level_count(r, PEERLINT_ERROR),
                peerlint_result_level_count(r, PEERLINT_WARNING),
                peerlint_result_level_count(r, PEERLINT_INFO),
                peerlint_result_level_count(r, PEERLINT_STRENGTH));
  key(b, "by_pack");
  by_pack(b, r);
  pl_buf_puts(b, ","), key(b, "spelling");
  const char *off = peerlint_engine_spelling_off(r->engine);
  char status[300];
  snprintf(status, sizeof status, "off: %s", off ? off : "");
  str(b, off ? status : "on");
  pl_buf_puts(b, ","), key(b, "overrides");
  pl_buf_putc(b, '[');
  for (size_t i = 0; i < peerlint_override_count(r->engine); i++) {
    if (i)
      pl_buf_putc(b, ',');
    str(b, peerlint_override_at(r->engine, i));
  }
  pl_buf_puts(b, "]}");
}

PL_API char *peerlint_result_json(const peerlint_result *r, const char *name) {
  if (!r)
    return NULL;
  pl_buf b = {0};
  pl_buf_putc(&b, '{');
  if (name)
    key(&b, "file"), str(&b, name), pl_buf_putc(&b, ',');
  key(&b, "findings");
  pl_buf_putc(&b, '[');
  for (size_t i = 0; i < r->n; i++) {
    if (i)
      pl_buf_putc(&b, ',');
    finding(&b, &r->findings[i]);
  }
  pl_buf_puts(&b, "],"), key(&b, "notices");
  pl_buf_putc(&b, '[');
  for (size_t i = 0; i < r->nnotices; i++) {
    if (i)
      pl_buf_putc(&b, ',');
    str(&b, r->notices[i]);
  }
  pl_buf_puts(&b, "],"), key(&b, "summary");
  summary(&b, r);
  pl_buf_putc(&b, '}');
  return pl_buf_take(&b);
}
