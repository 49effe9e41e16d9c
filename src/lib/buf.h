/* buf.h: a growable byte string, the one buffer type of the library.
 *
 * Appends never fail silently: once an allocation fails the buffer is
 * marked broken, further appends do nothing and pl_buf_ok() says so, so a
 * caller checks once at the end instead of after every append. */
#ifndef PL_BUF_H
#define PL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct pl_buf {
  char *data; /* always NUL-terminated when len > 0 or after any append */
  size_t len, cap;
  int failed;
} pl_buf;

void pl_buf_add(pl_buf *b, const char *s, size_t n);
void pl_buf_puts(pl_buf *b, const char *s);
void pl_buf_putc(pl_buf *b, char c);
void pl_buf_printf(pl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A JSON string literal, quotes included. */
void pl_buf_json_string(pl_buf *b, const char *s, size_t n);
int pl_buf_ok(const pl_buf *b);

/* Room for item n of a growable array of `size`-byte items: returns the
 * array (moved when it had to grow, doubling *cap), or NULL when out of
 * memory, the old array untouched. The one growth policy of the library. */
void *pl_grow(void *items, size_t *cap, size_t n, size_t size);
/* Hands the bytes to the caller (NUL-terminated, malloc'ed); the buffer is
 * empty afterwards. NULL if an append failed. */
char *pl_buf_take(pl_buf *b);
void pl_buf_free(pl_buf *b);

#endif
