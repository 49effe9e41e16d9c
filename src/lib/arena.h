/* arena.h: bump allocation for data that lives and dies together.
 *
 * An engine's pack data and a result's finding strings are each freed in
 * one go; an arena makes that a single call and leaks impossible. */
#ifndef PL_ARENA_H
#define PL_ARENA_H

#include <stddef.h>

typedef struct pl_arena_block pl_arena_block;

typedef struct pl_arena {
  pl_arena_block *head;
} pl_arena;

/* Zeroed memory aligned for any type; NULL when out of memory. */
void *pl_arena_alloc(pl_arena *a, size_t size);
char *pl_arena_strndup(pl_arena *a, const char *s, size_t n);
char *pl_arena_strdup(pl_arena *a, const char *s);
void pl_arena_free(pl_arena *a);

#endif
