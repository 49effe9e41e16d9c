/* csv.c: a small, careful RFC 4180 reader for `peerlint batch`.
 *
 * Fields are separated by commas and records by CRLF or LF. A field that
 * starts with a double quote is quoted: it runs to the next lone quote, a
 * doubled quote ("") stands for one, and it may hold commas and line
 * breaks. What the reader refuses, it says, with the line and row:
 *
 *   - a quote inside an unquoted field, or text after a closing quote: the
 *     record is broken; reading goes on at the next line;
 *   - a record over the size limit: broken, skipped to the next line (in a
 *     quoted field: the rest of the file, since where it ends is unknown);
 *   - a quoted field never closed: the rest of the file.
 *
 * It reads byte by byte from a FILE (stdio buffers), keeps one record in
 * memory and never more, and knows nothing about UTF-8 (the caller checks
 * what it uses). */
#include <stdlib.h>
#include <string.h>

#include "batch.h"

struct csv_reader {
  FILE *f;
  size_t max_record;
  unsigned long line;     /* the line being read, 1-based */
  unsigned long rec_line; /* where the last record started */
  unsigned long row;      /* records started, header included */
  char *buf;              /* the record's fields, each NUL-terminated */
  size_t len, cap;
  size_t *start;          /* field i is buf + start[i], start[i+1]-1 long */
  size_t n, fcap;
  int started;            /* past the byte order mark */
  int eof;
  char err[256];
};

csv_reader *csv_open(FILE *f, size_t max_record) {
  csv_reader *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->f = f;
  r->max_record = max_record;
  r->line = 1;
  return r;
}

void csv_close(csv_reader *r) {
  if (!r)
    return;
  free(r->buf);
  free(r->start);
  free(r);
}

size_t csv_field_count(const csv_reader *r) { return r->n; }
unsigned long csv_line(const csv_reader *r) { return r->rec_line; }
unsigned long csv_row(const csv_reader *r) { return r->row; }
const char *csv_error(const csv_reader *r) { return r->err; }

const char *csv_field(const csv_reader *r, size_t i, size_t *len) {
  if (i >= r->n)
    return NULL;
  if (len)
    *len = r->start[i + 1] - r->start[i] - 1;
  return r->buf + r->start[i];
}

static int get(csv_reader *r) {
  int c = getc(r->f);
  if (c == '\n')
    r->line++;
  return c;
}

/* Appends a byte to the record; -1 past the limit or out of memory. */
static int put(csv_reader *r, char c) {
  if (r->len >= r->max_record)
    return -1;
  if (r->len + 1 >= r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 1024;
    char *b = realloc(r->buf, cap);
    if (!b)
      return -1;
    r->buf = b;
    r->cap = cap;
  }
  r->buf[r->len++] = c;
  return 0;
}

/* Ends the current field; starts the next one at r->len. */
static int end_field(csv_reader *r) {
  if (put(r, 0))
    return -1;
  if (r->n + 2 > r->fcap) {
    size_t cap = r->fcap ? r->fcap * 2 : 16;
    size_t *s = realloc(r->start, cap * sizeof *s);
    if (!s)
      return -1;
    r->start = s;
    r->fcap = cap;
  }
  r->n++;
  r->start[r->n] = r->len;
  return 0;
}

static void skip_line(csv_reader *r) {
  int c;
  while ((c = get(r)) != EOF && c != '\n')
    ;
  if (c == EOF)
    r->eof = 1;
}

static int broken(csv_reader *r, const char *why) {
  snprintf(r->err, sizeof r->err, "%s", why);
  skip_line(r);
  return CSV_BROKEN;
}

static int too_long(csv_reader *r, int quoted) {
  if (quoted) {
    snprintf(r->err, sizeof r->err,
             "a quoted field runs past %zu bytes (a quote never closed?); "
             "the rest of the file is skipped",
             r->max_record);
    r->eof = 1;
    return CSV_FATAL;
  }
  snprintf(r->err, sizeof r->err, "the row is longer than %zu bytes",
           r->max_record);
  skip_line(r);
  return CSV_BROKEN;
}

static void skip_bom(csv_reader *r) {
  r->started = 1;
  int c = getc(r->f);
  if (c != 0xEF) {
    if (c != EOF)
      ungetc(c, r->f);
    return;
  }
  int c2 = getc(r->f);
  int c3 = c2 == 0xBB ? getc(r->f) : EOF;
  if (c2 == 0xBB && c3 == 0xBF)
    return;
  /* Not a byte order mark: keep the bytes as the start of a field. Only
   * one byte can go back to stdio, so they go into the record. */
  put(r, (char)0xEF);
  if (c2 != EOF && c2 != '\n' && c2 != ',' && c2 != '"')
    put(r, (char)c2);
  else if (c2 != EOF)
    ungetc(c2, r->f);
  if (c2 == 0xBB && c3 != EOF) {
    if (c3 == '\n' || c3 == ',' || c3 == '"')
      ungetc(c3, r->f);
    else
      put(r, (char)c3);
  }
}

int csv_next(csv_reader *r) {
  r->n = 0;
  r->len = 0;
  r->err[0] = 0;
  if (!r->start && !(r->start = calloc(r->fcap = 16, sizeof *r->start)))
    return CSV_FATAL;
  r->start[0] = 0;
  if (r->eof)
    return CSV_END;
  int first = !r->started;
  if (first)
    skip_bom(r);
  r->rec_line = r->line;
  int c = get(r);
  if (c == EOF && r->len == 0) {
    r->eof = 1;
    return CSV_END;
  }
  r->row++;
  for (;;) { /* one field per turn; c is its first byte */
    if (c == '"' && r->start[r->n] == r->len) {
      for (;;) {
        c = get(r);
        if (c == EOF) {
          snprintf(r->err, sizeof r->err,
                   "a quoted field is never closed; the rest of the file is "
                   "skipped");
          r->eof = 1;
          return CSV_FATAL;
        }
        if (c == '"') {
          c = get(r);
          if (c != '"')
            break; /* the closing quote; c follows it */
        }
        if (put(r, (char)c))
          return too_long(r, 1);
      }
      if (c == '\r') {
        int d = getc(r->f);
        if (d == '\n') {
          r->line++;
          c = '\n';
        } else {
          if (d != EOF)
            ungetc(d, r->f);
          return broken(r, "text after a closing quote (a quote inside a "
                           "field is written twice: \"\")");
        }
      }
      if (c != ',' && c != '\n' && c != EOF)
        return broken(r, "text after a closing quote (a quote inside a field "
                         "is written twice: \"\")");
    } else {
      while (c != ',' && c != '\n' && c != EOF) {
        if (c == '"')
          return broken(r, "a quote inside an unquoted field (quote the whole "
                           "field and write the quote twice: \"\")");
        if (c == '\r') {
          int d = getc(r->f);
          if (d == '\n') {
            r->line++;
            c = '\n';
            break;
          }
          if (d != EOF)
            ungetc(d, r->f);
        }
        if (put(r, (char)c))
          return too_long(r, 0);
        c = get(r);
      }
    }
    if (end_field(r))
      return too_long(r, 0);
    if (c == ',') {
      c = get(r);
      continue;
    }
    if (c == EOF)
      r->eof = 1;
    return CSV_RECORD;
  }
}
