/* common.h: what the benchmark drivers share: reading the corpus into
 * memory (so that timing never includes the disk) and a clock. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct note {
  char *text;
  size_t len;
} note;

typedef struct corpus {
  note *notes;
  size_t n;
  size_t bytes;
} corpus;

static inline double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline double max_rss_mb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_maxrss / 1024.0; /* Linux: KiB */
}

static inline char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *p = malloc(cap);
  for (;;) {
    if (!p)
      break;
    n += fread(p + n, 1, cap - n, f);
    if (n < cap)
      break;
    char *q = realloc(p, cap *= 2);
    if (!q) {
      free(p);
      p = NULL;
      break;
    }
    p = q;
  }
  fclose(f);
  *len = n;
  return p;
}

/* Reads DIR/notes/00000.txt, 00001.txt, ... (at most `limit`, 0: all)
 * keeping those whose size is within [min_len, max_len]. Exits on error. */
static inline corpus load_corpus(const char *dir, size_t limit,
                                 size_t min_len, size_t max_len) {
  corpus c = {0};
  size_t cap = 0;
  for (size_t i = 0;; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/notes/%05zu.txt", dir, i);
    size_t len;
    char *t = read_all(path, &len);
    if (!t) {
      if (errno == ENOENT)
        break;
      fprintf(stderr, "bench: cannot read %s: %s\n", path, strerror(errno));
      exit(2);
    }
    if (len < min_len || len > max_len) {
      free(t);
      continue;
    }
    if (c.n == cap) {
      cap = cap ? cap * 2 : 1024;
      c.notes = realloc(c.notes, cap * sizeof *c.notes);
      if (!c.notes) {
        fprintf(stderr, "bench: out of memory\n");
        exit(2);
      }
    }
    c.notes[c.n++] = (note){t, len};
    c.bytes += len;
    if (limit && c.n == limit)
      break;
  }
  if (!c.n) {
    fprintf(stderr, "bench: no notes in %s/notes (run bench/gen first)\n",
            dir);
    exit(2);
  }
  return c;
}

static inline void free_corpus(corpus *c) {
  for (size_t i = 0; i < c->n; i++)
    free(c->notes[i].text);
  free(c->notes);
}

#endif
