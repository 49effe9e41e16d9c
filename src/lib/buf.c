/* buf.c: growable byte string; see buf.h. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(pl_buf *b, size_t extra) {
  if (b->failed)
    return 0;
  if (extra > (size_t)-1 / 2 - b->len) {
    b->failed = 1;
    return 0;
  }
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return 1;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p) {
    b->failed = 1;
    return 0;
  }
  b->data = p;
  b->cap = cap;
  return 1;
}

void pl_buf_add(pl_buf *b, const char *s, size_t n) {
  if (!reserve(b, n))
    return;
  if (n)
    memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void pl_buf_puts(pl_buf *b, const char *s) { pl_buf_add(b, s, strlen(s)); }

void pl_buf_putc(pl_buf *b, char c) { pl_buf_add(b, &c, 1); }

void pl_buf_printf(pl_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = 1;
    return;
  }
  if ((size_t)n < sizeof small) {
    pl_buf_add(b, small, (size_t)n);
    return;
  }
  if (!reserve(b, (size_t)n))
    return;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void pl_buf_json_string(pl_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  pl_buf_putc(b, '"');
  size_t run = 0; /* bytes copied verbatim in one go */
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    pl_buf_add(b, s + run, i - run);
    run = i + 1;
    switch (c) {
    case '"': pl_buf_add(b, "\\\"", 2); break;
    case '\\': pl_buf_add(b, "\\\\", 2); break;
    case '\n': pl_buf_add(b, "\\n", 2); break;
    case '\r': pl_buf_add(b, "\\r", 2); break;
    case '\t': pl_buf_add(b, "\\t", 2); break;
    default: {
      char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      pl_buf_add(b, esc, 6);
    }
    }
  }
  pl_buf_add(b, s + run, n - run);
  pl_buf_putc(b, '"');
}

int pl_buf_ok(const pl_buf *b) { return !b->failed; }

void *pl_grow(void *items, size_t *cap, size_t n, size_t size) {
  if (n < *cap)
    return items;
  size_t grown = *cap ? *cap * 2 : 16;
  if (grown <= n || grown > (size_t)-1 / size)
    return NULL;
  void *p = realloc(items, grown * size);
  if (p)
    *cap = grown;
  return p;
}

char *pl_buf_take(pl_buf *b) {
  if (b->failed) {
    pl_buf_free(b);
    return NULL;
  }
  if (!b->data)
    pl_buf_add(b, "", 0);
  char *p = b->data;
  if (b->failed)
    return NULL;
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

void pl_buf_free(pl_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
  b->failed = 0;
}
