/* arena.c: bump allocation in growing blocks; see arena.h. */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct pl_arena_block {
  pl_arena_block *next;
  size_t used, size;
  max_align_t data[]; /* aligned storage follows */
};

enum { BLOCK_MIN = 16 * 1024 };

static size_t align_up(size_t n) {
  const size_t a = sizeof(max_align_t);
  return (n + a - 1) / a * a;
}

void *pl_arena_alloc(pl_arena *a, size_t size) {
  size = align_up(size ? size : 1);
  pl_arena_block *b = a->head;
  if (!b || b->size - b->used < size) {
    /* Blocks double up to 1 MiB so small arenas stay small. */
    size_t cap = BLOCK_MIN;
    if (b)
      cap = b->size < 1024 * 1024 ? b->size * 2 : b->size;
    if (cap < size)
      cap = size;
    b = malloc(sizeof *b + cap);
    if (!b)
      return NULL;
    b->used = 0;
    b->size = cap;
    b->next = a->head;
    a->head = b;
  }
  void *p = (char *)b->data + b->used;
  b->used += size;
  memset(p, 0, size);
  return p;
}

char *pl_arena_strndup(pl_arena *a, const char *s, size_t n) {
  char *p = pl_arena_alloc(a, n + 1);
  if (p && n)
    memcpy(p, s, n);
  return p;
}

char *pl_arena_strdup(pl_arena *a, const char *s) {
  return pl_arena_strndup(a, s, strlen(s));
}

void pl_arena_free(pl_arena *a) {
  pl_arena_block *b = a->head;
  while (b) {
    pl_arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
}
